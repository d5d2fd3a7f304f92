"""Outgoing webhooks: registering one (its URL checked), and posting the queued deliveries (JSON signed
with HMAC-SHA256 of the webhook's secret).

A webhook URL is http or https with a host, no user or password, a port from 1 to 65535, at most 500
characters of printable text. Its host must resolve, and every address it resolves to must be public:
loopback, private, link-local, shared, reserved, multicast and unspecified addresses (and IPv6 addresses
that carry one inside) are refused unless a commission admin allowed private networks
(:data:`holosec.cases.options.PRIVATE_WEBHOOKS`), so a webhook cannot make the server post into its own
network. The check is made again when each post is sent, and the post goes to the very address checked
(it is not looked up again), so a host name that has since come to resolve to an internal address (DNS
rebinding) reaches nothing. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
import threading
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import urllib3
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from holosec.cases import audit, options
from holosec.cases.db import Workspace, now
from holosec.cases.errors import Forbidden, Invalid
from holosec.cases.models import Agency, Delivery, Webhook
from holosec.cases.people import User
from holosec.cases.roles import AGENCY_LEAD, COMMISSION_ADMIN

MAX_URL = 500
MAX_ATTEMPTS = 8
TIMEOUT_S = 5.0
DEFAULT_PORTS = {"http": 80, "https": 443}
_delivering = threading.Lock()


def signature(secret: str, body: bytes) -> str:
    """The value of ``X-Holosec-Signature`` for ``body``.

    >>> signature("s3cret", b'{"event":"case.status"}')[:19]
    'sha256=eae9a37b4a0f'
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _quoted(url: str) -> str:
    return repr(url if len(url) <= 80 else url[:77] + "...")


def check_url(url: object) -> str:
    """A webhook URL's form (not yet where it points: :func:`resolve`); the URL without outer spaces.

    >>> check_url(" https://hooks.example.org/holosec ")
    'https://hooks.example.org/holosec'
    """
    if not isinstance(url, str):
        raise Invalid("a webhook URL must be text")
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise Invalid(f"a webhook URL has 1 to {MAX_URL} characters, not {len(url)}")
    if not url.isprintable() or any(c.isspace() or c == "\\" for c in url):
        raise Invalid("a webhook URL must be printable text without spaces or backslashes")
    try:
        parts = parse_url(url)
    except LocationParseError as exc:
        raise Invalid(f"{_quoted(url)} is not a URL (a bad host or port)") from exc
    if parts.scheme not in DEFAULT_PORTS or not parts.host:
        raise Invalid(f"{_quoted(url)} is not a webhook URL (http or https with a host)")
    if parts.auth:
        raise Invalid("a webhook URL must not carry a user or password (the HMAC signature authenticates)")
    if parts.port is not None and not 1 <= parts.port <= 65535:
        raise Invalid(f"a webhook URL's port is 1 to 65535, not {parts.port}")
    return url


def public(address: str) -> bool:
    """Whether an IP address is public: not loopback, private, link-local, shared, reserved, multicast or
    unspecified, nor an IPv6 address carrying such an IPv4 address (mapped, 6to4, Teredo).

    >>> [public(a) for a in ("8.8.8.8", "127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "2002:7f00:1::")]
    [True, False, False, False, False]
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return public(str(ip.ipv4_mapped))
        inside = [ip.sixtofour, *(ip.teredo or ())]
        if any(v4 is not None and not public(str(v4)) for v4 in inside) or ip.is_site_local:
            return False
    special = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
    return ip.is_global and not (special or ip.is_reserved or ip.is_unspecified)


@dataclass(frozen=True)
class Target:
    """Where a post goes: the URL's scheme, host, port and path, and the checked address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def host_header(self) -> str:
        """The ``Host`` header: the URL's host, with its port when not the scheme's default."""
        return self.host if self.port == DEFAULT_PORTS[self.scheme] else f"{self.host}:{self.port}"


def resolve(url: str, *, private_ok: bool = False) -> Target:
    """Check ``url`` and look its host up; :class:`Invalid` when it does not resolve or (unless
    ``private_ok``) any of its addresses is not :func:`public`."""
    parts = parse_url(check_url(url))
    scheme, host = str(parts.scheme), str(parts.host)
    port = parts.port or DEFAULT_PORTS[scheme]
    try:
        found = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Invalid(f"the webhook's host {_quoted(host)} does not resolve") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise Invalid(f"the webhook's host {_quoted(host)} does not resolve")
    if not private_ok:
        inside = [a for a in addresses if not public(a)]
        if inside:
            raise Invalid(
                f"the webhook's host {_quoted(host)} is at a loopback, private, link-local or other"
                f" non-public address ({', '.join(inside[:3])}); a commission admin may allow private"
                f" networks (setting {options.PRIVATE_WEBHOOKS})"
            )
    return Target(scheme, host, port, parts.request_uri, addresses[0].split("%", 1)[0])


def _may_add(user: User, agency_id: int | None) -> None:
    if user.role == COMMISSION_ADMIN or (user.role == AGENCY_LEAD and agency_id == user.agency_id):
        return
    raise Forbidden("webhooks are added by commission admins, or by agency leads for their own agency")


def add_webhook(workspace: Workspace, user: User, url: str, *, agency: str | None = None) -> dict[str, Any]:
    """Register a webhook (commission admins: for the commission or any agency; agency leads: for their
    own agency). Returns it with its ``secret``, shown this once."""
    checked = check_url(url)
    with workspace.session() as session:
        agency_id = None
        if agency is not None:
            found = session.scalar(sa.select(Agency).where(Agency.name == agency))
            if found is None:
                raise Invalid(f"no agency {agency!r}")
            agency_id = found.id
        _may_add(user, agency_id)
        private_ok = options.value(session, options.PRIVATE_WEBHOOKS)
    resolve(checked, private_ok=private_ok)  # outside the transaction: a lookup may take seconds
    with workspace.session() as session:
        hook = Webhook(
            url=checked, secret=secrets.token_urlsafe(32), agency_id=agency_id, created_at=now(), active=True
        )
        session.add(hook)
        session.flush()
        audit.record(
            session, user.name, "webhook.add", f"webhook:{hook.id}", {"url": checked, "agency": agency}
        )
        return {"id": hook.id, "url": hook.url, "agency": agency, "secret": hook.secret}


def deliver(workspace: Workspace, *, limit: int = 100) -> dict[str, int]:
    """Post the pending webhook deliveries (one thread at a time); returns ``sent`` and ``failed``."""
    if not _delivering.acquire(blocking=False):
        return {"sent": 0, "failed": 0}
    try:
        with workspace.session() as session:
            private_ok = options.value(session, options.PRIVATE_WEBHOOKS)
            pending = [
                (d.id, d.body, h.url, h.secret)
                for d, h in session.execute(
                    sa.select(Delivery, Webhook)
                    .join(Webhook, Webhook.id == Delivery.webhook_id)
                    .where(Delivery.delivered_at.is_(None), Delivery.attempts < MAX_ATTEMPTS)
                    .order_by(Delivery.id)
                    .limit(limit)
                )
            ]
        sent = failed = 0
        for delivery_id, body, url, secret in pending:
            error = _post(delivery_id, body, url, secret, private_ok=private_ok)
            with workspace.session() as session:
                row = session.get(Delivery, delivery_id)
                if row is not None:
                    row.attempts += 1
                    row.last_error = error
                    row.delivered_at = None if error else now()
            sent, failed = (sent + 1, failed) if not error else (sent, failed + 1)
        return {"sent": sent, "failed": failed}
    finally:
        _delivering.release()


def _pool(target: Target) -> urllib3.HTTPConnectionPool:
    """A connection pool to the checked address (the URL's host named for TLS and in ``Host``)."""
    if target.scheme == "https":
        host = target.host.strip("[]")
        return urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=TIMEOUT_S,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
        )
    return urllib3.HTTPConnectionPool(
        target.address, target.port, timeout=TIMEOUT_S, retries=False, maxsize=1
    )


def _post(delivery_id: int, body: str, url: str, secret: str, *, private_ok: bool) -> str:
    """POST one delivery to the address its URL resolves to now; the error ('' when it was taken)."""
    try:
        target = resolve(url, private_ok=private_ok)
    except Invalid as exc:
        return f"refused: {exc}"[:500]
    raw = body.encode()
    headers = {
        "Host": target.host_header,
        "Content-Type": "application/json",
        "User-Agent": "holosec-webhook",
        "X-Holosec-Delivery": str(delivery_id),
        "X-Holosec-Signature": signature(secret, raw),
    }
    with _pool(target) as pool:
        try:
            answer = pool.urlopen("POST", target.path, body=raw, headers=headers, redirect=False)
        except urllib3.exceptions.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"[:500]
    return f"HTTP {answer.status}" if answer.status >= 300 else ""


def deliver_soon(workspace: Workspace) -> None:
    """Post pending deliveries in a background thread (the request that caused them does not wait)."""
    threading.Thread(target=deliver, args=(workspace,), daemon=True, name="holosec-webhooks").start()


__all__ = [
    "MAX_ATTEMPTS",
    "Target",
    "add_webhook",
    "check_url",
    "deliver",
    "deliver_soon",
    "public",
    "resolve",
    "signature",
]
