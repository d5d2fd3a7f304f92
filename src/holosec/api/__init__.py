"""holosec's REST API: the JSON routes under ``/api/v1`` (see ``docs/api.md``), one router per resource in
:mod:`holosec.api.routes`, over the shared HTTP pieces in :mod:`holosec.http`. The app that mounts them with
the pages is :func:`holosec.server.create_app`."""
