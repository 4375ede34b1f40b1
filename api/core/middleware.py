"""Pure ASGI middleware: request id, body size limit, NUL characters, security headers."""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.errors import FieldError, PayloadTooLarge, problem_response

# A request id from outside is kept when it cannot forge anything in a log line.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class RequestIdMiddleware:
    """Gives every request an id (kept from `X-Request-ID` when sane) and echoes it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else ""
        request_id = request_id or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


class BodySizeLimitMiddleware:
    """Answers 413 problem+json when a body exceeds `max_bytes` (declared or streamed)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, overrides: list[tuple[str, int]] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = [(re.compile(pattern), limit) for pattern, limit in overrides or []]

    def _limit(self, path: str) -> int:
        for pattern, limit in self.overrides:
            if pattern.match(path):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._reject(scope, receive, send, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            # A body streamed without Content-Length: the error handlers render the 413.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, PayloadTooLarge.detail)
            return message

        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, send_tracking)
        except HTTPException as exc:
            # Raised while a middleware (not the route) was reading the body.
            if exc.status_code != 413 or started:
                raise
            await self._reject(scope, receive, send, limit)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = PayloadTooLarge(
            f"Le corps de la requête dépasse la taille autorisée ({limit} octets)."
        )
        response = problem_response(
            error.status, error.code, error.title, error.detail, instance=scope.get("path")
        )
        await response(scope, receive, send)


# A NUL character: `%00` in a URL or a form, `\u0000` in JSON (after an even run of
# backslashes, or it is the text "\u0000"). PostgreSQL can't store it in text.
_NUL_QUERY = re.compile(rb"%00|\x00")
_NUL_JSON = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_NUL_MESSAGE = "Le caractère nul (U+0000) n'est pas accepté."


class RefuseNulMiddleware:
    """Answers 422 when a URL, a JSON body or a form carries a NUL character: every backend
    then treats text alike, and PostgreSQL never sees one (it would refuse it with a 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        raw_path: bytes = scope.get("raw_path") or scope.get("path", "").encode()
        if _NUL_QUERY.search(scope.get("query_string", b"")) or _NUL_QUERY.search(raw_path):
            await self._refuse(scope, receive, send, "query")
            return
        content_type = dict(scope["headers"]).get(b"content-type", b"").lower()
        pattern = (
            _NUL_JSON
            if b"json" in content_type
            else _NUL_QUERY
            if content_type.startswith(b"application/x-www-form-urlencoded")
            else None
        )
        if pattern is None:
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if pattern.search(body):
            await self._refuse(scope, receive, send, "body")
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, where: str) -> None:
        await problem_response(
            422,
            "validation_error",
            "Données invalides",
            f"La requête contient des données invalides — {where} : {_NUL_MESSAGE}",
            errors=[FieldError(field=where, message=_NUL_MESSAGE)],
            instance=scope.get("path"),
        )(scope, receive, send)


SPA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    """Headers every response carries; the SPA gets a Content-Security-Policy, the API
    responses `Cache-Control: no-store` unless they chose otherwise (personal data)."""

    def __init__(self, app: ASGIApp, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if self.hsts:
                    headers.setdefault(
                        "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
                    )
                if is_api and not path.startswith("/api/docs"):
                    headers.setdefault("Cache-Control", "no-store")
                elif not is_api:
                    headers.setdefault("Content-Security-Policy", SPA_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)
