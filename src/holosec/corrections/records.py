"""Corrections kept in the store: added, listed, withdrawn (never deleted), exported and imported.

Every correction is attributed (``created_by``, ``created_at``; ``withdrawn_by``, ``withdrawn_at``) in the
``corrections`` table itself, which is its audit record: a row is never deleted and only its withdrawal is
ever written after it is made. Each change takes the next ``serial``, so the indicator day cells know which
days to rewrite (:func:`changed_days`), and marks the store changed (``corrections``), so results kept
for the store's version are computed again.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from holosec.corrections.kinds import KINDS, MAX_NOTE, normalised
from holosec.errors import ParameterError
from holosec.store import Store

COLUMNS = (
    "correction_id", "event_id", "kind", "value", "note", "created_by", "created_at", "withdrawn_by",
    "withdrawn_at", "imported_at",
)  # fmt: skip
MAX_USER = 200


class CorrectionMissing(ParameterError):
    """No correction has this id."""

    def __init__(self, correction_id: str) -> None:
        super().__init__("id", f"no correction {correction_id!r}")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _user(user: str) -> str:
    name = user.strip()
    if not name or len(name) > MAX_USER:
        raise ParameterError("user", f"needs a name of 1 to {MAX_USER} characters")
    return name


def _changed(store: Store) -> int:
    """The next serial; the store marked changed (call inside the writing transaction)."""
    store.mark_changed("corrections")
    return int(store.scalar("SELECT nextval('correction_serial_seq')"))


def _shown(row: tuple[Any, ...]) -> dict[str, Any]:
    found = dict(zip(COLUMNS, row, strict=True))
    for key in ("created_at", "withdrawn_at", "imported_at"):
        if found[key] is not None:
            found[key] = found[key].isoformat() + "Z"
    found["active"] = found["withdrawn_at"] is None
    return found


def add(
    store: Store, event_id: str, kind: str, user: str, value: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """Record ``user``'s correction of the stored event ``event_id`` and return it; a
    :class:`~holosec.errors.ParameterError` when the event (or, for a duplicate, the other event) is not
    stored or the value does not fit the kind (:func:`holosec.corrections.kinds.normalised`)."""
    chosen = normalised(kind, value, event_id)
    name = _user(user)
    text = (note or "").strip() or None
    if text is not None and len(text) > MAX_NOTE:
        raise ParameterError("note", f"at most {MAX_NOTE} characters")
    for needed in (event_id, chosen if kind == "duplicate" else None):
        if needed is not None and not store.scalar(
            "SELECT count(*) FROM events WHERE event_id = ?", [needed]
        ):
            raise ParameterError(
                "event" if needed == event_id else "value", f"no event {needed!r} in the store"
            )
    correction_id = str(uuid.uuid4())
    with store.transaction():
        store.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?)",
            [correction_id, event_id, kind, chosen, text, name, _now(), _changed(store)],
        )
    return get(store, correction_id)


def get(store: Store, correction_id: str) -> dict[str, Any]:
    """One correction by id; :class:`CorrectionMissing` when there is none."""
    rows = store.execute(
        f"SELECT {', '.join(COLUMNS)} FROM corrections WHERE correction_id = ?", [correction_id]
    ).fetchall()
    if not rows:
        raise CorrectionMissing(correction_id)
    return _shown(rows[0])


def withdraw(store: Store, correction_id: str, user: str) -> dict[str, Any]:
    """Withdraw a correction (it stays, marked withdrawn by ``user`` now); withdrawing one already
    withdrawn changes nothing."""
    name = _user(user)
    if get(store, correction_id)["active"]:
        with store.transaction():
            store.execute(
                "UPDATE corrections SET withdrawn_by = ?, withdrawn_at = ?, serial = ? "
                "WHERE correction_id = ? AND withdrawn_at IS NULL",
                [name, _now(), _changed(store), correction_id],
            )
    return get(store, correction_id)


def listed(
    store: Store, *, event_ids: list[str] | None = None, active_only: bool = False
) -> list[dict[str, Any]]:
    """Every correction (of ``event_ids`` only, when given; active ones only, when asked), oldest first."""
    where, params = ["true"], []
    if event_ids is not None:
        where.append("list_contains(?, event_id)")
        params.append(event_ids)
    if active_only:
        where.append("withdrawn_at IS NULL")
    rows = store.execute(
        f"SELECT {', '.join(COLUMNS)} FROM corrections WHERE {' AND '.join(where)} "
        "ORDER BY created_at, serial",
        params,
    ).fetchall()
    return [_shown(row) for row in rows]


def counts(store: Store, event_ids: list[str]) -> dict[str, int]:
    """How many active corrections stand behind each of ``event_ids`` (those with none left out)."""
    rows = store.execute(
        "SELECT event_id, count(*) FROM corrections WHERE withdrawn_at IS NULL "
        "AND list_contains(?, event_id) GROUP BY event_id",
        [event_ids],
    ).fetchall()
    return {str(row[0]): int(row[1]) for row in rows}


def standing(store: Store, country: str | None, first: date | None, last: date | None) -> int:
    """How many active corrections stand on the stored events of ``country`` (either actor's country or
    the place's; None: any) dated from ``first`` to ``last`` (None: open): what a country's numbers over
    that span rest on besides the machine's coding.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     standing(store, "CHN", None, None)
    0
    """
    if not store.scalar("SELECT count(*) FROM corrections WHERE withdrawn_at IS NULL"):
        return 0  # the usual case: no events table to look at
    return int(
        store.scalar(
            "SELECT count(*) FROM corrections c WHERE c.withdrawn_at IS NULL AND c.event_id IN ("
            "SELECT event_id FROM events WHERE event_id IN (SELECT event_id FROM corrections) "
            "AND (CAST(? AS VARCHAR) IS NULL "
            "OR list_contains([actor1_country, actor2_country, loc_country], ?)) "
            "AND date >= coalesce(CAST(? AS DATE), date) AND date <= coalesce(CAST(? AS DATE), date))",
            [country, country, first, last],
        )
    )


def _stamp(value: Any, key: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value).removesuffix("Z")).replace(tzinfo=None)
    except ValueError:
        raise ParameterError(key, f"{value!r} is not an ISO date and time") from None


def imported(store: Store, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Take the corrections another installation exported (:func:`listed` rows): new ids are added as
    they were made (by whom and when), with the time of the import; a withdrawal of one already held is
    taken over; anything else already held is left alone, so importing twice changes nothing. Returns
    the counts ``added``, ``withdrawn`` and ``unchanged``. The events need not be stored yet: a correction
    applies once its event arrives."""
    done = {"added": 0, "withdrawn": 0, "unchanged": 0}
    with store.transaction():
        for row in rows:
            correction_id = str(row.get("correction_id") or "")
            try:
                uuid.UUID(correction_id)
            except ValueError:
                raise ParameterError("correction_id", f"{correction_id!r} is not a correction id") from None
            event_id, kind = str(row.get("event_id") or ""), str(row.get("kind") or "")
            if not event_id or kind not in KINDS:
                raise ParameterError("kind", f"correction {correction_id}: no event id or an unknown kind")
            value = normalised(kind, row.get("value"), event_id)
            by = row.get("withdrawn_by")
            withdrawn = _stamp(row.get("withdrawn_at"), "withdrawn_at")
            held = store.execute(
                "SELECT withdrawn_at FROM corrections WHERE correction_id = ?", [correction_id]
            ).fetchall()
            if held:
                if withdrawn is not None and held[0][0] is None:
                    store.execute(
                        "UPDATE corrections SET withdrawn_by = ?, withdrawn_at = ?, serial = ? "
                        "WHERE correction_id = ?",
                        [_user(str(by or "")), withdrawn, _changed(store), correction_id],
                    )
                    done["withdrawn"] += 1
                else:
                    done["unchanged"] += 1
                continue
            note = (str(row["note"]).strip() or None) if row.get("note") else None
            store.execute(
                "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    correction_id, event_id, kind, value, note, _user(str(row.get("created_by") or "")),
                    _stamp(row.get("created_at"), "created_at") or _now(),
                    _user(str(by)) if withdrawn is not None else None, withdrawn, _now(), _changed(store),
                ],
            )  # fmt: skip
            done["added"] += 1
    return done


def newest_serial(store: Store) -> int:
    """The serial of the newest change of any correction (0 when there is none)."""
    return int(store.scalar("SELECT coalesce(max(serial), 0) FROM corrections"))


def changed_days(store: Store, after: int) -> tuple[int, set[date]]:
    """(the newest serial, the days of the stored events whose corrections changed after serial ``after``):
    the days whose day cells a correction may have moved."""
    newest = newest_serial(store)
    if newest <= after:
        return newest, set()
    rows = store.execute(
        "SELECT DISTINCT e.date FROM events e JOIN corrections c ON c.event_id = e.event_id "
        "WHERE c.serial > ?",
        [after],
    ).fetchall()
    return newest, {row[0] for row in rows}


def cells_serial(store: Store, taxonomy: str, engine: str) -> int | None:
    """The correction serial the day cells of ``taxonomy`` in ``engine`` honour; None when never noted."""
    rows = store.execute(
        "SELECT serial FROM correction_cells WHERE taxonomy = ? AND engine = ?", [taxonomy, engine]
    ).fetchall()
    return int(rows[0][0]) if rows else None


def note_cells(store: Store, taxonomy: str, engine: str, serial: int) -> None:
    """Record that the day cells of ``taxonomy`` in ``engine`` honour the corrections up to ``serial``."""
    store.execute("DELETE FROM correction_cells WHERE taxonomy = ? AND engine = ?", [taxonomy, engine])
    store.execute("INSERT INTO correction_cells VALUES (?, ?, ?)", [taxonomy, engine, serial])
