"""Graceful stop of a serving process on SIGTERM (docs/deploiement.md, README: Exploitation).

1. For `arret_preavis_secondes`, /readyz answers 503 while every request is still served:
   the load balancer takes the process out of rotation without a refused connection.
2. Then uvicorn stops accepting connections and lets the requests in flight finish, for
   `arret_secondes` at most (its graceful shutdown timeout); what remains is cancelled.
3. The lifespan ends: the pools are closed, the pending spans sent.

uvicorn listens to SIGTERM itself (`signal.signal`, installed before the application starts):
the lifespan puts `intercept_sigterm` in front of that handler for the preavis. A second
SIGTERM, or SIGINT (Ctrl-C), stops at once as before.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

logger = logging.getLogger("convergence.arret")


class _Etat:
    depuis: float | None = None


def en_cours() -> bool:
    """True once this process has been asked to stop: /readyz answers 503."""
    return _Etat.depuis is not None


def intercept_sigterm(preavis: float) -> None:
    """Delay the server's own SIGTERM handling by `preavis` seconds, /readyz answering 503."""
    if threading.current_thread() is not threading.main_thread():
        return
    server_handler: Any = signal.getsignal(signal.SIGTERM)
    if not callable(server_handler):
        return
    loop = asyncio.get_running_loop()

    def stop_serving() -> None:
        logger.info("drain over: no new connection, waiting for the requests in flight")
        server_handler(signal.SIGTERM, None)

    def on_sigterm(sig: int, frame: FrameType | None) -> None:
        if _Etat.depuis is not None:
            server_handler(sig, frame)
            return
        _Etat.depuis = time.monotonic()
        logger.info("SIGTERM: /readyz answers 503 for %.1f s, then the server stops", preavis)
        loop.call_soon_threadsafe(loop.call_later, preavis, stop_serving)

    signal.signal(signal.SIGTERM, on_sigterm)


def reset() -> None:
    _Etat.depuis = None
