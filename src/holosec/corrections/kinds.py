"""The kinds of correction an analyst can make to an event, and the values each takes.

- ``not-an-event``: the record reports nothing that happened (no value);
- ``duplicate``: it reports the same thing as another stored event (value: that event's id);
- ``wrong-code``: the CAMEO event code is wrong (value: the right code, such as ``190``);
- ``wrong-actor``: an actor's country is wrong (value: ``actor1=USA`` or ``actor2=USA``);
- ``wrong-place``: the place's country is wrong (value: its ISO3 code);
- ``wrong-field``: the security fields are wrong or missing (value: ``v2023`` field ids, comma-separated,
  or ``none``).
"""

from __future__ import annotations

from holosec import reference
from holosec.errors import ParameterError
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.parse import FINEST

NOT_AN_EVENT = "not-an-event"
DUPLICATE = "duplicate"
WRONG_CODE = "wrong-code"
WRONG_ACTOR = "wrong-actor"
WRONG_PLACE = "wrong-place"
WRONG_FIELD = "wrong-field"
KINDS = (NOT_AN_EVENT, DUPLICATE, WRONG_CODE, WRONG_ACTOR, WRONG_PLACE, WRONG_FIELD)
NO_FIELD = "none"
MAX_NOTE = 2000


def _country(value: str) -> str:
    iso3 = value.strip().upper()
    if reference.country_name(iso3) is None:
        raise ParameterError("value", f"{value!r} is not an ISO3 country code (such as USA)")
    return iso3


def fields_of(value: str) -> list[str]:
    """The ``v2023`` field ids a ``wrong-field`` value names (empty for ``none``), sorted.

    >>> fields_of("military, political")
    ['military', 'political']
    >>> fields_of("none")
    []
    """
    return sorted({part.strip() for part in value.split(",") if part.strip() and part.strip() != NO_FIELD})


def normalised(kind: str, value: str | None, event_id: str) -> str | None:
    """``value`` checked for ``kind`` and written one way (codes upper-case, fields sorted); a
    :class:`~holosec.errors.ParameterError` naming ``kind`` or ``value`` when it cannot be used.

    >>> normalised("wrong-actor", "actor2=usa", "gdelt2:1")
    'actor2=USA'
    >>> normalised("wrong-field", "political,military", "gdelt2:1")
    'military,political'
    >>> normalised("wrong-code", "2099", "gdelt2:1")
    Traceback (most recent call last):
    ...
    holosec.errors.ParameterError: value: '2099' is not a CAMEO event code (such as 190)
    """
    if kind not in KINDS:
        raise ParameterError("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    text = (value or "").strip()
    if kind == NOT_AN_EVENT:
        if text:
            raise ParameterError("value", "not-an-event takes no value")
        return None
    if not text:
        raise ParameterError("value", f"{kind} needs a value")
    if kind == DUPLICATE:
        if text == event_id:
            raise ParameterError("value", "an event cannot be a duplicate of itself")
        return text
    if kind == WRONG_CODE:
        if text not in reference.event_codes():
            raise ParameterError("value", f"{text!r} is not a CAMEO event code (such as 190)")
        return text
    if kind == WRONG_ACTOR:
        side, _, country = text.partition("=")
        if side.strip().lower() not in ("actor1", "actor2") or not country:
            raise ParameterError("value", "wrong-actor needs actor1=ISO3 or actor2=ISO3 (such as actor1=USA)")
        return f"{side.strip().lower()}={_country(country)}"
    if kind == WRONG_PLACE:
        return _country(text)
    known = set(load_taxonomy(FINEST).ids())
    chosen = fields_of(text)
    unknown = [field for field in chosen if field not in known]
    if unknown:
        raise ParameterError("value", f"unknown {FINEST} field {unknown[0]!r} (see holosec fields)")
    if not chosen and text != NO_FIELD:
        raise ParameterError("value", "wrong-field needs field ids or none")
    return ",".join(chosen) or NO_FIELD
