"""Analysts' corrections of events: kept in the store beside the events they correct, laid over them as
the indicators count (never an edit of the rows as ingested), withdrawable, shared between installations
by export and import, and turned into labelled data and proposed rule changes.

- :mod:`~holosec.corrections.kinds`: the kinds of correction and the values they take;
- :mod:`~holosec.corrections.records`: adding, withdrawing, listing, exporting and importing them;
- :mod:`~holosec.corrections.overlay`: how the counted events honour them;
- :mod:`~holosec.corrections.learning`: labelled texts for the text classifier and the rules to change.
"""

from holosec.corrections.kinds import KINDS
from holosec.corrections.records import (
    CorrectionMissing,
    add,
    counts,
    get,
    imported,
    listed,
    standing,
    withdraw,
)

__all__ = ["KINDS", "CorrectionMissing", "add", "counts", "get", "imported", "listed", "standing", "withdraw"]
