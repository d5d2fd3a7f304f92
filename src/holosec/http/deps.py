"""Dependencies every router shares, as ``Annotated`` aliases: the store, a page of a list, and the
query parameters whose values could otherwise name files on the server (taxonomy, perspective)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from holosec.cases.db import Workspace
from holosec.http.params import Offset
from holosec.store import Memo, Store
from holosec.taxonomy import DEFAULT

MAX_LIMIT = 1000


def store_of(request: Request) -> Store:
    """The store of the running app."""
    store: Store = request.app.state.store
    return store


def memo_of(request: Request) -> Memo:
    """The app's results computed from the store, kept until the store changes."""
    memo: Memo = request.app.state.memo
    return memo


@dataclass(frozen=True)
class Page:
    """Which slice of a list to return (``limit`` items from ``offset``)."""

    limit: int
    offset: int

    def of(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """The paginated answer: one page of ``rows`` as ``data``, and ``count`` of them all.

        >>> Page(2, 1).of([{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}])
        {'data': [{'n': 2}, {'n': 3}], 'count': 4, 'limit': 2, 'offset': 1}
        """
        data = rows[self.offset : self.offset + self.limit]
        return {"data": data, "count": len(rows), "limit": self.limit, "offset": self.offset}


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 100,
    offset: Offset = 0,
) -> Page:
    """The page asked for."""
    return Page(limit, offset)


StoreDep = Annotated[Store, Depends(store_of)]
MemoDep = Annotated[Memo, Depends(memo_of)]
PageDep = Annotated[Page, Depends(paging)]
# Packaged versions and perspectives only: the library also takes file paths, which must not come from a
# web request.
Taxonomy = Annotated[str, Query(pattern=r"^v\d{4}$", description="Taxonomy version: v2014, v2020 or v2023.")]
TAXONOMY_DEFAULT = DEFAULT
Perspective = Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="CHN, JPN, IND, USA or DEU.")]
Country = Annotated[str | None, Query(description="ISO3 code, such as CHN.")]


def workspace_of(request: Request) -> Workspace:
    """The workspace database of the running app (users, cases, register, audit)."""
    workspace: Workspace = request.app.state.workspace
    return workspace


WorkspaceDep = Annotated[Workspace, Depends(workspace_of)]
