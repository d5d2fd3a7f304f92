"""Generators of documents, apart from the analysis they describe: the measured part of
``docs/index-method.md`` (:mod:`~holosec.documents.index_method`), the data-driven part of
``docs/taxonomy.md`` (:mod:`~holosec.documents.taxonomy`) and the backtest report ``docs/backtests.md``
(:mod:`~holosec.documents.backtests`). Each runs as ``python -m holosec.documents.NAME``; tests compare the
generated parts with a fresh rendering. They may import any library package; no library package imports
them.
"""
