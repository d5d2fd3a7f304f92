"""The workspace's roles, by rank, and the names the web issue used before agencies existed.

Ranks order what a role may do *in general* (an observer reads, an agency analyst works cases, an agency
lead decides for their agency, the commission's staff see across agencies, its admins run the workspace);
which cases a user may see or touch is need-to-know, decided by :mod:`holosec.cases.policy`.
"""

from __future__ import annotations

COMMISSION_ADMIN = "commission-admin"
COMMISSION_STAFF = "commission-staff"
AGENCY_LEAD = "agency-lead"
AGENCY_ANALYST = "agency-analyst"
OBSERVER = "observer"
ROLES = (OBSERVER, AGENCY_ANALYST, AGENCY_LEAD, COMMISSION_STAFF, COMMISSION_ADMIN)  # low to high
COMMISSION_ROLES = frozenset({COMMISSION_STAFF, COMMISSION_ADMIN})
LEGACY = {"admin": COMMISSION_ADMIN, "analyst": AGENCY_ANALYST, "viewer": OBSERVER}
"""The web issue's roles and what they became (``holosec users add --role analyst`` still works)."""


def role_id(name: str) -> str:
    """A role id from an id or a legacy name, or :class:`ValueError`.

    >>> role_id("analyst"), role_id("agency-lead")
    ('agency-analyst', 'agency-lead')
    """
    found = LEGACY.get(name, name)
    if found not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)} (or {', '.join(LEGACY)}), not {name!r}")
    return found


def at_least(role: str, needed: str) -> bool:
    """Whether ``role`` ranks at or above ``needed`` (either may be a legacy name).

    >>> at_least("agency-lead", "analyst"), at_least("observer", "agency-analyst")
    (True, False)
    """
    return ROLES.index(role_id(role)) >= ROLES.index(role_id(needed))
