"""holosec's web application: the REST API under ``/api/v1`` (see ``docs/api.md``), sign-in, and the pages.

>>> from holosec.api import create_app
"""

from holosec.api.app import create_app

__all__ = ["create_app"]
