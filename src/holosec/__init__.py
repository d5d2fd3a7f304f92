"""holosec: the holistic national security outlook, measured on open event data."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("holosec")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
