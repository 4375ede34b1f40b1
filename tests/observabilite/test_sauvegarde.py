"""Backups that restore: every table's rows, the audit chain and every document's bytes.

The suite's demo database is backed up and restored into a fresh one; that copy is sealed
(the worker's job) and goes round once more, so the restoration verifies a sealed chain.
A non-empty database, an altered file: refused in one French line, exit status 2.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from api.core.audit import seal_in, verify_chain
from api.core.db import make_engine, make_sessionmaker
from api.core.migrations import head_revision, upgrade
from api.core.sauvegarde import ErreurSauvegarde, restaurer, sauvegarder
from api.core.storage import LocalDocumentStore
from api.demo.seed import seed_demo
from api.settings import Settings
from tests.conftest import DOCUMENTS_DIR
from tests.dbutil import reset_database, sibling_database_url
from tests.observabilite import serveurs


def _settings(url: str, documents: Path) -> Settings:
    return Settings(env="demo", database_url=url, documents_dir=documents)


async def _contents(url: str) -> tuple[dict[str, int], list[tuple[object, ...]]]:
    """Rows per table, and the audit trail as stored (positions and hashes)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
            counts = {
                name: int(
                    await conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0
                )
                for name in sorted(names)
            }
            audit = list(
                (
                    await conn.execute(
                        sa.text("SELECT id, seq, prev_hash, hash FROM audit_event ORDER BY id")
                    )
                ).all()
            )
    finally:
        await engine.dispose()
    return counts, [tuple(row) for row in audit]


async def _seal(url: str) -> int:
    """Seal the whole copy. Its events' transaction ids come from the source; the server's
    horizon is shared with every other database of the cluster: the copy has no writer, so
    the horizon is set past its last event (`seal_in`'s test parameter)."""
    engine = make_engine(url)
    try:
        maker = make_sessionmaker(engine)
        async with maker() as session, session.begin():
            last = int(await session.scalar(sa.text("SELECT max(xid) FROM audit_event")) or 0)
            sealed = (await seal_in(session, 10**6, horizon=last + 1)).sealed
        async with maker() as session:
            assert (await verify_chain(session)).probleme is None
        return sealed
    finally:
        await engine.dispose()


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def _fresh(database_url: str, suffix: str) -> str:
    """An empty database beside the suite's, named after it."""
    base = Path(sa.make_url(database_url).database or "test").stem
    url = sibling_database_url(database_url, f"{base}_{suffix}")
    reset_database(url)
    return url


def test_round_trip_restores_rows_audit_chain_and_documents(
    migrated_database: str, tmp_path: Path
) -> None:
    source = _settings(migrated_database, DOCUMENTS_DIR)
    manifest = sauvegarder(source, tmp_path / "premiere")
    assert manifest["migration"] == head_revision()
    assert manifest["documents"] == len(_files(DOCUMENTS_DIR)) > 0
    shown = dict(manifest, fichiers=dict(list(manifest["fichiers"].items())[:3]))
    print("\nmanifest.json (3 of", len(manifest["fichiers"]), "files):")
    print(json.dumps(shown, ensure_ascii=False, indent=2))

    copy = _settings(_fresh(migrated_database, "sauvegarde_copie"), tmp_path / "docs-copie")
    first = restaurer(copy, tmp_path / "premiere")
    assert first.chaine.probleme is None and not first.documents_problemes
    assert first.documents_verifies == first.documents > 0
    before, audit_before = asyncio.run(_contents(migrated_database))
    after, audit_after = asyncio.run(_contents(copy.database_url))
    assert after == before and audit_after == audit_before
    assert _files(copy.documents_dir) == _files(DOCUMENTS_DIR)

    # The copy sealed, then round again: the restoration recomputes a sealed chain.
    assert asyncio.run(_seal(copy.database_url)) > 0
    sauvegarder(copy, tmp_path / "seconde")
    again = _settings(_fresh(migrated_database, "sauvegarde_copie_2"), tmp_path / "docs-2")
    second = restaurer(again, tmp_path / "seconde")
    assert second.chaine.probleme is None and second.chaine.checked == len(audit_before)
    assert asyncio.run(_contents(again.database_url)) == asyncio.run(_contents(copy.database_url))
    assert _files(again.documents_dir) == _files(DOCUMENTS_DIR)


def test_refusals_are_one_french_line_with_status_2(migrated_database: str, tmp_path: Path) -> None:
    source = _settings(migrated_database, DOCUMENTS_DIR)
    backup = tmp_path / "sauvegarde"
    sauvegarder(source, backup)
    env = serveurs.environment(migrated_database, tmp_path)
    env["CONVERGENCE_DOCUMENTS_DIR"] = str(tmp_path / "vide")

    def convergence(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "api.cli", *argv],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    # Into the suite's own database: it holds tables, so nothing is touched.
    refused = convergence("restauration", str(backup))
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.strip().splitlines() == [
        refused.stderr.strip().splitlines()[0]
    ] and refused.stderr.startswith("Erreur : La base cible n'est pas vide (")
    assert "Traceback" not in refused.stderr

    # An altered file is named before anything is restored.
    (backup / "documents").joinpath("ajout").write_bytes(b"")
    some = next(p for p in (backup / "documents").rglob("*") if p.is_file() and p.stat().st_size)
    some.write_bytes(some.read_bytes()[:-1] + b"!")
    with pytest.raises(ErreurSauvegarde, match="Somme de contrôle différente pour documents/"):
        restaurer(_settings(migrated_database, tmp_path / "vide"), backup)
    (backup / "manifest.json").unlink()
    missing = convergence("restauration", str(backup))
    assert missing.returncode == 2 and "manifest.json absent" in missing.stderr
    with pytest.raises(ErreurSauvegarde, match="n'est pas un dossier vide"):
        sauvegarder(source, backup)


def test_sqlite_round_trip_through_the_online_backup(tmp_path: Path) -> None:
    """`make run`'s database: the same commands, with SQLite's online backup."""
    database = f"sqlite+aiosqlite:///{tmp_path / 'source.db'}"
    upgrade(database)
    asyncio.run(_seed(database, tmp_path / "documents"))
    made = sauvegarder(_settings(database, tmp_path / "documents"), tmp_path / "sauvegarde")
    assert made["base"] == "sqlite" and made["documents"] > 0
    restored = f"sqlite+aiosqlite:///{tmp_path / 'restauree' / 'convergence.db'}"
    env = serveurs.environment(restored, tmp_path)
    env["CONVERGENCE_DOCUMENTS_DIR"] = str(tmp_path / "documents-restaures")
    done = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "api.cli", "restauration", str(tmp_path / "sauvegarde")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    print("\n" + done.stdout)
    assert done.returncode == 0, done.stderr
    assert "Chaîne d'audit intacte" in done.stdout and "7/7 document(s) intacts" in done.stdout
    assert asyncio.run(_contents(restored)) == asyncio.run(_contents(database))
    assert _files(tmp_path / "documents-restaures") == _files(tmp_path / "documents")


async def _seed(url: str, documents: Path) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await seed_demo(session, LocalDocumentStore(documents))
    finally:
        await engine.dispose()
