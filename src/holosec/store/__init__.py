"""The analytics store: one DuckDB file in the data directory, its migrations, ledger and quarantine."""

from holosec.store.memo import PROCESS_MEMO, Memo
from holosec.store.store import STORE_FILE, FileRecord, Store

__all__ = ["PROCESS_MEMO", "STORE_FILE", "FileRecord", "Memo", "Store"]
