"""One declared settings object, read environment > settings file > default.

Settings are built by :func:`get_settings` when a command starts, never at import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("holosec-data")
GDELT_MIRROR = "http://data.gdeltproject.org/"


class Settings(BaseSettings):
    """Every setting holosec reads, with its type, default and help.

    Environment variables are the names upper-cased with a ``HOLOSEC_`` prefix
    (``HOLOSEC_DATA_DIR``); a ``holosec.env`` file in the working directory is read next.

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
    database_url: str | None = Field(
        None,
        description="Workspace database URL, e.g. postgresql://user@host/holosec (default: the SQLite file"
        " workspace.sqlite in the data directory).",
    )
    threads: int | None = Field(None, ge=1, description="DuckDB worker threads (default: all cores).")


def get_settings(**overrides: object) -> Settings:
    """Build the settings, letting explicit command-line values win over everything else.

    ``None`` values are ignored, so CLI options that were not given fall through.

    >>> get_settings(data_dir=Path("d")).data_dir
    PosixPath('d')
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]
