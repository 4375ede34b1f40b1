"""The public figures, computed at most once per process and period (stale while revalidating).

The protection of small cells solves a linear programme over the whole country's grid, which
takes seconds for an entry cohort. An anonymous page must neither wait for it nor let anyone
make the server compute it at will: each process keeps the last figures and serves them for
`public_cache_seconds`; past that, the first request starts one computation in the background
and is served the previous figures meanwhile. Only the very first request of a process waits,
with every concurrent one, for the same single computation. A cache, never the only copy:
the figures are recomputed from the database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from api.public.schemas import ResultatsOut


class ResultatsCache:
    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self.value: ResultatsOut | None = None
        self.computed_at = 0.0
        self.task: asyncio.Task[ResultatsOut] | None = None

    async def get(self, compute: Callable[[], Awaitable[ResultatsOut]]) -> ResultatsOut:
        fresh = self.value is not None and time.monotonic() - self.computed_at < self.ttl
        if fresh and self.value is not None:
            return self.value
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._refresh(compute))
        if self.value is not None:
            return self.value
        return await asyncio.shield(self.task)

    async def _refresh(self, compute: Callable[[], Awaitable[ResultatsOut]]) -> ResultatsOut:
        value = await compute()
        self.value, self.computed_at = value, time.monotonic()
        return value
