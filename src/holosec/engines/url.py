"""Engine URLs: where the analytics run, named the way ``HOLOSEC_ENGINE`` and ``--engine`` take it.

- ``duckdb://`` or ``duckdb:///path/to/data-dir`` (the default): the store's own DuckDB, in process;
- ``spark://local[2]`` (a Spark session in process; ``spark://local[*]``, ``spark://yarn`` and
  ``spark://k8s://...`` name those masters, ``spark://host:7077`` a standalone cluster's) or
  ``sc://host:15002`` (a Spark Connect server);
- ``bigquery://project/dataset``: Google BigQuery, the dataset where holosec keeps its tables.

Spark's data folder (the Parquet that ``holosec export spark`` writes and the day cells Spark writes
beside it) is given as ``?data=/path`` and defaults to ``spark`` in the data directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from holosec.errors import ParameterError

KINDS = ("duckdb", "spark", "bigquery")
DEFAULT = "duckdb://"


@dataclass(frozen=True)
class EngineURL:
    """A parsed engine URL: ``kind`` (duckdb, spark or bigquery), and per kind the Spark ``master`` or
    Connect ``remote``, the BigQuery ``project`` and ``dataset``, and the ``data`` folder (Spark).

    >>> EngineURL.parse("spark://local[2]").master
    'local[2]'
    >>> EngineURL.parse("spark://spark-master.example.org:7077").master  # a standalone cluster
    'spark://spark-master.example.org:7077'
    >>> EngineURL.parse("sc://spark.example.org:15002").remote
    'sc://spark.example.org:15002'
    >>> url = EngineURL.parse("bigquery://my-project/holosec")
    >>> url.project, url.dataset
    ('my-project', 'holosec')
    >>> EngineURL.parse("duckdb://").kind
    'duckdb'
    >>> EngineURL.parse("spark://local[2]?data=/srv/holosec/spark").data
    PosixPath('/srv/holosec/spark')
    """

    text: str
    kind: str
    master: str | None = None
    remote: str | None = None
    project: str | None = None
    dataset: str | None = None
    data: Path | None = None
    options: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, text: str) -> EngineURL:
        """Parse ``text``; a :class:`ParameterError` naming ``engine`` when it is not an engine URL.

        >>> EngineURL.parse("postgres://x")
        Traceback (most recent call last):
        holosec.errors.ParameterError: engine: 'postgres://x' is not an engine URL \
(duckdb://, spark://local[2], sc://host:15002 or bigquery://project/dataset)
        """
        scheme, sep, rest = text.strip().partition("://")
        rest, _, query = rest.partition("?")
        options = {key: values[-1] for key, values in parse_qs(query).items()}
        data = Path(options["data"]) if options.get("data") else None
        wrong = ParameterError(
            "engine",
            f"{text!r} is not an engine URL "
            "(duckdb://, spark://local[2], sc://host:15002 or bigquery://project/dataset)",
        )
        if not sep:
            raise wrong
        if scheme == "duckdb":
            return cls(text, "duckdb", data=Path(rest) if rest else None, options=options)
        if scheme == "spark" and rest:
            named = rest.startswith(("local", "yarn", "k8s://", "mesos://"))
            master = rest if named else f"spark://{rest}"  # else a standalone cluster's master
            return cls(text, "spark", master=master, data=data, options=options)
        if scheme == "sc" and rest:
            return cls(text, "spark", remote=f"sc://{urlsplit(text).netloc}", data=data, options=options)
        if scheme == "bigquery":
            project, _, dataset = rest.partition("/")
            if project and dataset and "/" not in dataset:
                return cls(text, "bigquery", project=project, dataset=dataset, options=options)
        raise wrong

    def folder(self, data_dir: Path) -> Path:
        """Where a Spark engine's data is for a store in ``data_dir``: ``?data=``, else ``spark`` there.

        >>> EngineURL.parse("spark://local[2]").folder(Path("/srv/holosec")).as_posix()
        '/srv/holosec/spark'
        """
        return (self.data or Path(data_dir) / "spark").resolve()
