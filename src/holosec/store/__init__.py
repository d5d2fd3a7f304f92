"""The analytics store: one DuckDB file in the data directory, its migrations, ledger and quarantine."""

from holosec.store.memo import Memo
from holosec.store.store import STORE_FILE, FileRecord, Store

__all__ = ["STORE_FILE", "FileRecord", "Memo", "Store"]
