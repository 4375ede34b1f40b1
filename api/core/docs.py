"""The interactive API documentation, served from our own origin.

The Swagger UI page lives on the origin of the refresh cookie: it loads no third-party script.
Its assets come from the `swagger-ui-bundle` package and are served under `/api/docs/assets`;
the page's one inline script is allowed by its hash in a strict Content-Security-Policy, so no
other script can run there. `CONVERGENCE_DOCS_ENABLED=false` removes the page and
`/api/openapi.json` (the published `openapi.yaml` stays the reference).
"""

from __future__ import annotations

import base64
import hashlib
import re

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
OPENAPI_PATH = "/api/openapi.json"

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_page(title: str) -> tuple[bytes, str]:
    """The documentation page and the Content-Security-Policy that lets only its scripts run."""
    page = bytes(
        get_swagger_ui_html(
            openapi_url=OPENAPI_PATH,
            title=title,
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon-32x32.png",
            oauth2_redirect_url=None,
        ).body
    )
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(page.decode())
    )
    csp = (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    return page, csp


def install_docs(app: FastAPI) -> None:
    """Mount the Swagger UI assets and the page (call only when the docs are enabled)."""
    page, csp = docs_page(f"{app.title} — documentation")
    app.mount(
        ASSETS_PATH,
        StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
        name="swagger-ui-assets",
    )

    @app.get(DOCS_PATH, include_in_schema=False)
    async def documentation() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": csp})


__all__ = ["ASSETS_PATH", "DOCS_PATH", "OPENAPI_PATH", "docs_page", "install_docs"]
