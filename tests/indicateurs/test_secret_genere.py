"""The small-cell protection on generated data (bench/generate.py), not only on the demo: the
audit of a national and a territorial masked reader, and the audit command itself.

The generated dataset is small (`SCALE`: 400 salariés over ten years, one territoire, six
chantiers), loaded in its own database and dropped afterwards. Scale 0.2, where the
protection first failed (docs/indicateurs.md), is `make audit-secret`, out of `make test`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import make_url, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.cli import app
from api.core.db import make_engine
from api.indicateurs.audit import audit
from api.indicateurs.secret import LARGEUR
from api.referentiel import Role
from api.territoires.models import Territoire
from bench.generate import load_for_indicators
from tests.conftest import BACKEND
from tests.dbutil import drop_database, reset_database, sibling_database_url

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="bench/generate.py loads PostgreSQL only (COPY through asyncpg): "
    "no generated dataset on SQLite",
)

SCALE = 0.02
SEED = 42
TODAY = date(2026, 6, 30)  # the generation's date: the same rows on every run


@pytest.fixture(scope="module")
def generated(database_url: str) -> Iterator[str]:
    url = sibling_database_url(database_url, f"{make_url(database_url).database}_secret_genere")
    reset_database(url)
    started = time.perf_counter()
    try:
        asyncio.run(load_for_indicators(url, SCALE, SEED, TODAY))
        print(f"\ngenerated scale {SCALE} in {time.perf_counter() - started:.1f} s")
        yield url
    finally:
        drop_database(url)


async def _territoire(url: str) -> tuple[uuid.UUID, str]:
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            row = (
                await session.execute(
                    select(Territoire.id, Territoire.code).order_by(Territoire.code).limit(1)
                )
            ).one()
            return row[0], row[1]
    finally:
        await engine.dispose()


async def test_generated_data_leave_every_masked_reader_wide_intervals(generated: str) -> None:
    """Every view as the financeur (the whole country) and as a FAS of one territoire sees it:
    no sensitive cell narrower than the rule."""
    territoire, _code = await _territoire(generated)
    engine = make_engine(generated)
    try:
        async with AsyncSession(engine) as session:
            for role, scope in ((Role.financeur, None), (Role.fas, frozenset({territoire}))):
                started = time.perf_counter()
                vues = await audit(session, role, scope)
                sensitive = [iv for v in vues for iv in v.intervals]
                narrow = [iv for v in vues for iv in v.narrow]
                print(
                    f"{role.value}: {len(vues)} views, {len(sensitive)} sensitive cells, "
                    f"narrowest {min(iv.width for iv in sensitive)} values, "
                    f"{time.perf_counter() - started:.1f} s"
                )
                assert len(vues) >= 15 and len(sensitive) > 1000
                assert narrow == [], narrow[:5]
                assert min(iv.width for iv in sensitive) >= LARGEUR
    finally:
        await engine.dispose()


def test_the_audit_command_passes_and_prints_only_its_own_lines(
    generated: str, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """`convergence indicateurs audit-secret` on the generated data: exit 0, one summary line
    per role, then one line per view, and nothing else on the process's stdout (HiGHS's banner,
    printed by the C++ solver on file descriptor 1, included). The failing case (exit 1) cannot
    be reached through the command, which always protects the grids it audits: the unit tests
    audit unprotected grids (test_secret.py)."""
    from api.settings import get_settings

    _id, code = asyncio.run(_territoire(generated))
    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", generated)
    get_settings.cache_clear()
    try:
        command = ["indicateurs", "audit-secret", "--role", "financeur", "--role", "fas"]
        result = CliRunner().invoke(app, [*command, "--territoire", code])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    summaries = [line for line in lines if not line.startswith(" ")]
    assert [s.split(" : ")[0] for s in summaries] == ["financeur", "fas"], lines[:3]
    for summary in summaries:
        assert " vues, " in summary and " cases sensibles, " in summary, summary
        assert summary.endswith(f"(règle : au moins {LARGEUR}), 0 trop étroites."), summary
    views = [line for line in lines if line.startswith("  ") and not line.startswith("    ")]
    assert len(views) == len(lines) - 2 and len(views) >= 30
    assert all(line.startswith(("  sorties ", "  cohorte ")) for line in views), views[:3]
    solver = capfd.readouterr()
    assert "HiGHS" not in solver.out + solver.err
