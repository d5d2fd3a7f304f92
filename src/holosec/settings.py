"""One declared settings object, read environment > settings file > default.

Settings are built by :func:`get_settings` when a command starts, never at import time.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATA_DIR = Path("holosec-data")
GDELT_MIRROR = "http://data.gdeltproject.org/"


class Settings(BaseSettings):
    """Every setting holosec reads, with its type, default and help.

    Environment variables are the names upper-cased with a ``HOLOSEC_`` prefix
    (``HOLOSEC_DATA_DIR``); a ``holosec.env`` file in the working directory is read next.

    Behind a reverse proxy, name it in ``HOLOSEC_TRUSTED_PROXIES`` (comma-separated addresses or networks,
    such as ``127.0.0.1`` or ``10.0.0.0/8``): only requests coming from those addresses have their
    ``X-Forwarded-For`` (the right-most address that is not itself a trusted proxy becomes the client's
    address, which the sign-in limits count) and ``X-Forwarded-Proto`` (https: secure cookies) believed.
    By default no proxy is trusted and both headers are ignored.

    >>> Settings(data_dir=Path("/tmp/x")).data_dir
    PosixPath('/tmp/x')
    """

    model_config = SettingsConfigDict(env_prefix="HOLOSEC_", env_file="holosec.env", extra="ignore")

    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Directory holding the store and downloads.")
    gdelt_mirror: str = Field(GDELT_MIRROR, description="Base URL of GDELT's files (or a mirror).")
    http_timeout: float = Field(60.0, gt=0, description="Seconds to wait for a server before retrying.")
    http_retries: int = Field(4, ge=0, description="Retries, with exponential backoff, per download.")
    memory_limit: str = Field("2GB", description="DuckDB memory limit for ingest and queries.")
    serve_memory_limit: str = Field(
        "512MB",
        description="DuckDB memory limit of `holosec serve` (reads need less than ingest; keeps the server"
        " under 1 GB).",
    )
    query_seconds: float = Field(
        15.0,
        gt=0,
        description="Time limit of one question `holosec serve` answers (seconds); a question past it is"
        " stopped and answered with a clear error, so one heavy question cannot hold the others.",
    )
    readers: int = Field(
        4,
        ge=1,
        description="Questions `holosec serve` reads from the store at once (the others wait their turn):"
        " they share one memory limit (HOLOSEC_SERVE_MEMORY_LIMIT).",
    )
    database_url: str | None = Field(
        None,
        description="Workspace database URL, e.g. postgresql://user@host/holosec (default: the SQLite file"
        " workspace.sqlite in the data directory).",
    )
    threads: int | None = Field(None, ge=1, description="DuckDB worker threads (default: all cores).")
    engine: str | None = Field(
        None,
        description="Where the analytics run: duckdb:// (default: the store's own DuckDB), spark://local[2]"
        " or sc://host:15002 (Spark, on the Parquet that holosec export spark writes); see docs/engines.md.",
    )
    max_unpacked_bytes: int = Field(
        4 * 2**30, ge=1, description="Most bytes one input archive (zip or gzip) may unpack to (4 GiB)."
    )
    max_unpack_ratio: float = Field(
        100.0,
        ge=1,
        description="Most times its own size an input archive may unpack to, past 16 MiB (real data: 4-15;"
        " a zip bomb: about 1,000).",
    )
    alert_run_interval: float = Field(
        60.0, ge=0, description="Seconds between two runs of the alert rules through the API, whoever asks."
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed:"
        " comma-separated addresses or networks (default: none, the headers are ignored).",
    )
    login_failures_per_name: int = Field(
        5, ge=1, description="Failed sign-ins of one user name (from any address) before it is refused."
    )
    login_failures_per_address: int = Field(
        20, ge=1, description="Failed sign-ins from one address (for any user names) before it is refused."
    )
    login_failure_window: int = Field(
        900, ge=1, description="Seconds over which failed sign-ins count, and how long a refusal lasts."
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: object) -> object:
        """Split a comma-separated list and refuse anything that is not an IP address or network.

        >>> Settings(trusted_proxies="127.0.0.1, 10.0.0.1/8").trusted_proxies
        ['127.0.0.1', '10.0.0.0/8']
        """
        items = [item.strip() for item in value.split(",")] if isinstance(value, str) else value
        if not isinstance(items, list):
            return items
        return [_network(item) for item in items if item]


def _network(item: object) -> str:
    """An address or network in the form uvicorn's proxy middleware reads (host bits cleared)."""
    try:
        network = ipaddress.ip_network(str(item), strict=False)
    except ValueError as exc:
        raise ValueError(f"{item!r} is not an IP address or network") from exc
    return str(network.network_address) if network.num_addresses == 1 else str(network)


def get_settings(**overrides: object) -> Settings:
    """Build the settings, letting explicit command-line values win over everything else.

    ``None`` values are ignored, so CLI options that were not given fall through.

    >>> get_settings(data_dir=Path("d")).data_dir
    PosixPath('d')
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]
