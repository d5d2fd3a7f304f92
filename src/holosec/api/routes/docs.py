"""``/docs`` and ``/openapi.json``: the API's OpenAPI description and its browser, for signed-in users.

The Swagger UI scripts come from a CDN for now (the page gets its own CSP allowing exactly that); the
dashboard work serves them from the package so that the docs also work with no internet.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from holosec.api.auth import current_user
from holosec.api.headers import CSP
from holosec.api.users import User

router = APIRouter(include_in_schema=False)
CDN = "https://cdn.jsdelivr.net"
DOCS_CSP = CSP.replace("script-src 'self'", f"script-src 'self' {CDN}").replace(
    "style-src 'self'", f"style-src 'self' {CDN}"
)


@router.get("/openapi.json")
def openapi(request: Request, user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
    """The OpenAPI description of the API."""
    schema: dict[str, Any] = request.app.openapi()
    return schema


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, user: Annotated[User, Depends(current_user)]) -> Response:
    """Swagger UI over :func:`openapi`."""
    response: Response = request.app.state.templates.TemplateResponse(request, "docs.html", {"cdn": CDN})
    response.headers["content-security-policy"] = DOCS_CSP
    return response
