"""Bench-only launcher: the product (or the reference) under uvicorn, with identical settings.

    python -m bench.serve product --port 8101 --workers 1
    python -m bench.serve reference --port 8102 --workers 1

For the product, it wraps the application built by `api.main.serve_app()` (what `convergence
serve` runs, untouched) with a statement counter: a SQLAlchemy `before_cursor_execute`
listener on the app's engine adds one to the counter of the request being served (a context
variable set by a pure ASGI middleware), and each worker writes its per-route totals to
`$BENCH_STATEMENTS_DIR/statements-<pid>.json` at its lifespan shutdown. BEGIN and COMMIT are not
cursor executions: the figures are the SQL statements the code sends.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

UVICORN_SETTINGS: dict[str, Any] = {
    "host": "127.0.0.1",
    "log_level": "warning",
    "access_log": False,
    "proxy_headers": True,
}

_current: ContextVar[list[int] | None] = ContextVar("bench_statements", default=None)


class StatementCounter:
    """Pure ASGI middleware: statements per request, keyed by method and route template."""

    def __init__(self, app: ASGIApp, output: Path | None) -> None:
        self.app = app
        self.output = output
        self.totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 1 << 30, 0])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":

            async def send_and_write(message: Message) -> None:
                if message["type"] == "lifespan.shutdown.complete" and self.output is not None:
                    self.write()
                await send(message)

            await self.app(scope, receive, send_and_write)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        holder = [0]
        token = _current.set(holder)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
            route = scope.get("route")
            template = getattr(route, "path_format", None) or scope.get("path", "?")
            entry = self.totals[f"{scope['method']} {template}"]
            entry[0] += 1  # requests
            entry[1] += holder[0]  # statements
            entry[2] = min(entry[2], holder[0])
            entry[3] = max(entry[3], holder[0])

    def write(self) -> None:
        assert self.output is not None
        self.output.mkdir(parents=True, exist_ok=True)
        data = {
            key: {"requests": n, "statements": total, "min": low, "max": high}
            for key, (n, total, low, high) in self.totals.items()
        }
        (self.output / f"statements-{os.getpid()}.json").write_text(json.dumps(data, indent=1))


def _count(*_args: Any) -> None:
    holder = _current.get()
    if holder is not None:
        holder[0] += 1


def product_app() -> ASGIApp:
    from sqlalchemy import event

    from api.main import serve_app

    app = serve_app()  # what `convergence serve` runs
    event.listen(app.state.engine.sync_engine, "before_cursor_execute", _count)
    directory = os.environ.get("BENCH_STATEMENTS_DIR")
    return StatementCounter(app, Path(directory) if directory else None)


def reference_app() -> ASGIApp:
    from bench.reference import create_app

    return create_app()


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the product or the reference app.")
    parser.add_argument("app", choices=["product", "reference"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    uvicorn.run(
        f"bench.serve:{args.app}_app",
        factory=True,
        port=args.port,
        workers=args.workers,
        **UVICORN_SETTINGS,
    )


if __name__ == "__main__":
    main()
