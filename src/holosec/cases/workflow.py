"""The commission's workflow for a case: research -> major issue -> principle / policy -> strategy ->
implementation -> closed, with reopen.

A case moves one step forward, or one step back (returned for more work); it may be closed from any
step, and a closed case reopens at research. Anything else is refused with the moves that are allowed.
"""

from __future__ import annotations

from holosec.cases.errors import Invalid

STEPS = ("research", "major-issue", "principle-policy", "strategy", "implementation")
CLOSED = "closed"
STATUSES = (*STEPS, CLOSED)
PRIORITIES = ("low", "medium", "high", "critical")


def moves(status: str) -> tuple[str, ...]:
    """Where a case in ``status`` may go next.

    >>> moves("research"), moves("strategy"), moves("closed")
    (('major-issue', 'closed'), ('implementation', 'principle-policy', 'closed'), ('research',))
    """
    if status == CLOSED:
        return ("research",)
    at = STEPS.index(status)
    forward = STEPS[at + 1 : at + 2]
    back = STEPS[at - 1 : at] if at > 0 else ()
    return (*forward, *back, CLOSED)


def check_move(status: str, to: str) -> None:
    """Refuse a move the workflow does not allow, naming the allowed ones."""
    if to not in STATUSES:
        raise Invalid(f"status must be one of {', '.join(STATUSES)}, not {to!r}")
    if to not in moves(status):
        raise Invalid(f"a case in {status} cannot move to {to}; it may move to {', '.join(moves(status))}")
