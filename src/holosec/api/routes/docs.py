"""``/docs`` and ``/openapi.json``: the API's OpenAPI description and its browser, for signed-in users.

Swagger UI's script and style come from the ``fastapi-offline`` package, served by holosec at
``/static/swagger`` (see :data:`SWAGGER`), so the docs work with no internet and under the normal CSP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import fastapi_offline
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from holosec.cases.people import User
from holosec.http.auth import current_user

router = APIRouter(include_in_schema=False)
SWAGGER = Path(fastapi_offline.__file__).parent / "static"  # swagger-ui-bundle.js and swagger-ui.css


@router.get("/openapi.json")
def openapi(request: Request, user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    """The OpenAPI description of the API."""
    schema: dict[str, Any] = request.app.openapi()
    return schema


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, user: Annotated[User, Depends(current_user)]) -> Response:
    """Swagger UI over :func:`openapi`."""
    response: Response = request.app.state.templates.TemplateResponse(request, "docs.html", {})
    return response
