"""What workspace actions raise; the API turns each into its status (404, 403, 409, 422)."""

from __future__ import annotations

from holosec.errors import HolosecError


class WorkspaceError(HolosecError):
    """A workspace action could not be done; nothing of it was written."""

    status = 422


class Invalid(WorkspaceError):
    """Bad input: an unknown agency, field or country, a wrong transition, text too long."""


class NotFound(WorkspaceError):
    """No such thing, or one the user may not know exists (need-to-know hides existence)."""

    status = 404


class Forbidden(WorkspaceError):
    """The user may see it but not do this to it."""

    status = 403


class Stale(WorkspaceError):
    """Someone else changed it since the version the user edited: reload and try again."""

    status = 409


class WorkspaceMissing(WorkspaceError):
    """There is no workspace database where one was looked for, and none was made.

    >>> str(WorkspaceMissing("data"))
    "no holosec workspace in data: add a user with 'holosec users add' (or run 'holosec serve')"
    """

    status = 503

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"no holosec workspace in {where}: add a user with 'holosec users add' (or run 'holosec serve')"
        )
