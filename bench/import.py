"""Time and memory of an import of generated historical parcours (bench/import_fichier.py).

Runs the import's three phases through its services on an existing database holding the
demo (e.g. the test database after a test run), as the national admin, and prints the time
of each phase and the process's peak resident memory after each. A figure, not a test.

    PYTHONPATH=. CONVERGENCE_ENV=demo .venv/bin/python bench/import.py \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test_import --rows 10000
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from api.core.audit import AuditContext
from api.core.db import make_engine
from api.identity.models import UserAccount
from api.identity.service import load_account_actor
from api.imports import gabarit, service
from api.settings import Settings
from api.statistiques.service import install
from bench.import_fichier import generate


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main(url: str, rows: int) -> None:
    install()
    engine = make_engine(url)
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session:
        uid = await session.scalar(
            select(UserAccount.id).where(UserAccount.role == "admin_national").limit(1)
        )
        assert uid is not None
        actor = await load_account_actor(session, uid, Settings(env="demo", database_url=url))
    assert actor is not None
    data, expected = generate(rows, "Ressourcerie du Canal", prefix=f"B{uuid.uuid4().hex[:6]}")
    content = gabarit.csv_text(data).encode()
    print(f"rows: {rows} ({len(content) / 1024:.0f} KiB), expected {dict(expected)}")
    print(f"peak RSS before: {_rss_mib():.0f} MiB")
    start = time.perf_counter()
    async with maker() as session, session.begin():
        fichier = await service.create_import(session, actor, "bench.csv", content)
    elapsed = time.perf_counter() - start
    print(f"upload (read + store rows): {elapsed:.1f} s, peak RSS {_rss_mib():.0f} MiB")
    start = time.perf_counter()
    await service.analyse(maker, fichier.id, actor)
    print(f"dry run: {time.perf_counter() - start:.1f} s, peak RSS {_rss_mib():.0f} MiB")
    async with maker() as session, session.begin():
        await service.confirm(session, actor, fichier.id)
    start = time.perf_counter()
    await service.apply(maker, fichier.id, actor, AuditContext(actor.kind, actor.id))
    print(f"apply: {time.perf_counter() - start:.1f} s, peak RSS {_rss_mib():.0f} MiB")
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.rows))
