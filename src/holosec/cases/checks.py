"""The checks workspace actions share: text fields within their limits, country codes, case periods, and
the case a user may act on. Every module of the workspace may import this one; it imports none of them
but the database, the models and the policy."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec import reference
from holosec.cases import policy
from holosec.cases.errors import Invalid
from holosec.cases.models import Case
from holosec.cases.people import User
from holosec.periods import Period

MAX_TITLE = 200
MAX_TEXT = 20_000
PERIOD_GRAINS = ("year", "month", "week")
"""What a case's period may be: a year (2024), a month (2024-03) or an ISO week (2024-W10)."""


def text(value: object, what: str, limit: int = MAX_TEXT, *, required: bool = False) -> str:
    """A text field: a string of at most ``limit`` characters (stored as given, shown escaped).

    >>> text("  <b>x</b> ", "title")
    '<b>x</b>'
    """
    if not isinstance(value, str):
        raise Invalid(f"{what} must be text")
    cleaned = value.strip()
    if required and not cleaned:
        raise Invalid(f"{what} is required")
    if len(cleaned) > limit:
        raise Invalid(f"{what} is {len(cleaned)} characters; at most {limit} are kept")
    if "\x00" in cleaned:
        raise Invalid(f"{what} must not contain NUL characters")
    return cleaned


def country_code(code: object) -> str:
    """An ISO3 country code, upper-cased; :class:`Invalid` for anything else.

    >>> country_code(" vnm ")
    'VNM'
    """
    upper = str(code).strip().upper()
    if reference.country_name(upper) is None:
        raise Invalid(f"{code!r} is not an ISO3 country code")
    return upper


def is_case_period(value: object) -> bool:
    """Whether ``value`` is the label of a year, a month or an ISO week (see :data:`PERIOD_GRAINS`).

    >>> is_case_period("2024-W10"), is_case_period("2024"), is_case_period("2024-03-05")
    (True, True, False)
    """
    try:
        return Period.parse(str(value), grains=PERIOD_GRAINS).label == value
    except ValueError:
        return False


def load_case(session: Session, case_id: int, *, lock: bool = False) -> Case | None:
    """The case ``case_id`` (locked for update when ``lock``), or None."""
    query = sa.select(Case).where(Case.id == case_id)
    return session.scalar(query.with_for_update(of=Case) if lock else query)


def case_of(session: Session, user: User, case_id: int, action: policy.Action) -> Case:
    """The case, when ``user`` may do ``action`` to it (for the other workspace modules)."""
    return policy.check(user, load_case(session, case_id, lock=action != "view"), action)
