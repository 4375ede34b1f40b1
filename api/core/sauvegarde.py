"""Backups that restore: `convergence sauvegarde DEST`, `convergence restauration SOURCE`.

A backup is a directory:
- `base.dump`: the PostgreSQL database in pg_dump's custom format (pg_dump of the server's
  major version or newer), or `base.sqlite`: the SQLite file through SQLite's online backup;
- `documents/`: the documents directory as it is (after the dump: every document row of the
  dump has its file);
- `manifest.json`: the date, the database kind, the migration head, and the sha256 and size
  of every file.

A restoration checks every checksum first, then fills an EMPTY database (it refuses one that
holds a table) and an empty documents directory, then verifies the audit chain and every
document's bytes against the sha256 recorded in its row. Production adds PITR (WAL
archiving), docs/deploiement.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from api.core.audit import ChainReport, verify_chain
from api.core.db import make_engine, make_sessionmaker
from api.core.migrations import VERSIONS_DIR
from api.settings import Settings

MANIFEST = "manifest.json"
DUMP_POSTGRESQL = "base.dump"
DUMP_SQLITE = "base.sqlite"
DOCUMENTS = "documents"
FORMAT = 1
CHUNK = 1024 * 1024


class ErreurSauvegarde(Exception):
    """An expected failure, in French, for the operator (one line)."""


@dataclass
class Restauration:
    base: str
    migration: str
    fichiers: int
    documents: int
    documents_verifies: int
    documents_problemes: list[str]
    chaine: ChainReport


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _sqlite_path(url: str) -> Path:
    database = sa.make_url(url).database
    if not database or database == ":memory:":
        raise ErreurSauvegarde("Une base SQLite en mémoire ne se sauvegarde pas.")
    return Path(database)


# --- PostgreSQL tools -----------------------------------------------------------------------


def _libpq_env(url: str) -> dict[str, str]:
    """The connection of a SQLAlchemy URL as libpq variables (no password on a command line)."""
    parsed = sa.make_url(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {
        "PGHOST": parsed.host or "",
        "PGPORT": str(parsed.port or ""),
        "PGUSER": parsed.username or "",
        "PGPASSWORD": parsed.password or "",
        "PGDATABASE": parsed.database or "",
    }
    ssl = parsed.query.get("ssl") or parsed.query.get("sslmode")
    if isinstance(ssl, str):
        values["PGSSLMODE"] = ssl
    return env | {k: v for k, v in values.items() if v}


def _major(version_text: str) -> int:
    """15 from `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`."""
    found = re.search(r"\(PostgreSQL\) (\d+)", version_text)
    return int(found.group(1)) if found else 0


def _tool(settings: Settings, name: str, server_major: int) -> str:
    """pg_dump / pg_restore of the server's major version or newer."""
    candidates = []
    if settings.pg_bin_dir:
        candidates.append(Path(settings.pg_bin_dir) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if not candidate.is_file():
            continue
        version = subprocess.run(  # noqa: S603 - a PostgreSQL client program
            [str(candidate), "--version"], capture_output=True, text=True, check=False
        ).stdout
        if _major(version) >= server_major:
            return str(candidate)
        raise ErreurSauvegarde(
            f"{candidate} ({version.strip()}) est plus ancien que le serveur PostgreSQL "
            f"{server_major} : installez le client {server_major} ou réglez "
            "CONVERGENCE_PG_BIN_DIR."
        )
    raise ErreurSauvegarde(
        f"{name} est introuvable : installez le client PostgreSQL {server_major} "
        "(paquet postgresql-client) ou réglez CONVERGENCE_PG_BIN_DIR."
    )


def _run_tool(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["sans message"])[-1]
        raise ErreurSauvegarde(f"{Path(argv[0]).name} a échoué : {last}")


# --- what the database holds ----------------------------------------------------------------


async def _state(url: str) -> tuple[int, str | None, int]:
    """(tables, migration revision, server major version) of the database."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            if _kind(url) == "postgresql":
                tables = int(
                    await conn.scalar(
                        sa.text(
                            "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                            "AND n.nspname NOT LIKE 'pg_toast%'"
                        )
                    )
                    or 0
                )
                major = int(await conn.scalar(sa.text("SHOW server_version_num")) or 0) // 10000
            else:
                tables = int(
                    await conn.scalar(
                        sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                    )
                    or 0
                )
                major = 0
            revision = None
            if tables:
                names = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
                if "alembic_version" in names:
                    revision = await conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
            return tables, revision, major
    finally:
        await engine.dispose()


# --- backup ---------------------------------------------------------------------------------


def sauvegarder(settings: Settings, destination: Path) -> dict[str, Any]:
    """Write the backup into `destination` (absent or empty); return its manifest."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ErreurSauvegarde(f"{destination} existe déjà et n'est pas un dossier vide.")
    url = settings.database_url
    kind = _kind(url)
    if kind == "sqlite" and not _sqlite_path(url).is_file():
        raise ErreurSauvegarde(f"La base SQLite {_sqlite_path(url)} n'existe pas.")
    tables, revision, major = asyncio.run(_state(url))
    if not tables or revision is None:
        raise ErreurSauvegarde(
            "La base de données n'est pas initialisée : rien à sauvegarder "
            "(lancez « convergence migrate »)."
        )
    destination.mkdir(parents=True, exist_ok=True)
    if kind == "postgresql":
        pg_dump = _tool(settings, "pg_dump", major)
        _run_tool(
            [pg_dump, "--format=custom", "--file", str(destination / DUMP_POSTGRESQL)],
            _libpq_env(url),
        )
    else:
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(destination / DUMP_SQLITE)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    # After the dump: every document the dump names has its file here.
    documents = destination / DOCUMENTS
    if settings.documents_dir.is_dir():
        shutil.copytree(settings.documents_dir, documents, ignore=shutil.ignore_patterns(".*"))
    else:
        documents.mkdir()
    files = sorted(p for p in destination.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "application": "convergence",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": kind,
        "migration": revision,
        "documents": sum(1 for p in files if p.is_relative_to(documents)),
        "fichiers": {
            p.relative_to(destination).as_posix(): {"sha256": sha256(p), "octets": p.stat().st_size}
            for p in files
        },
    }
    (destination / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


# --- restoration ----------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise ErreurSauvegarde(
            f"{source} n'est pas une sauvegarde de Convergence ({MANIFEST} absent)."
        )
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise ErreurSauvegarde(f"{path} est illisible (JSON invalide).") from None
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("fichiers"), dict):
        raise ErreurSauvegarde(f"{path} n'est pas un manifeste de sauvegarde de Convergence.")
    return manifest


def check_files(source: Path, manifest: dict[str, Any]) -> int:
    """Every file of the manifest present with its size and sha256; the count."""
    for name, expected in sorted(manifest["fichiers"].items()):
        path = source / name
        if not path.is_file():
            raise ErreurSauvegarde(f"Fichier manquant dans la sauvegarde : {name}.")
        if path.stat().st_size != expected["octets"] or sha256(path) != expected["sha256"]:
            raise ErreurSauvegarde(
                f"Somme de contrôle différente pour {name} : la sauvegarde est altérée."
            )
    return len(manifest["fichiers"])


def _known_revision(revision: str) -> bool:
    return any(
        f'revision: str = "{revision}"' in p.read_text(encoding="utf-8")
        for p in VERSIONS_DIR.glob("*.py")
    )


async def _verify(url: str, documents_dir: Path) -> tuple[ChainReport, int, int, list[str]]:
    """The audit chain, and each document row's file against its recorded sha256."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            chain = await verify_chain(session)
            rows = (
                await session.execute(
                    sa.text("SELECT storage_key, sha256 FROM convention_document")
                )
            ).all()
    finally:
        await engine.dispose()
    problems = []
    for key, expected in rows:
        path = documents_dir / key[:2] / key
        if not path.is_file():
            problems.append(f"document {key} absent")
        elif sha256(path) != expected:
            problems.append(f"document {key} altéré")
    return chain, len(rows), len(rows) - len(problems), problems


def _pg_restore(settings: Settings, url: str, major: int, dump: Path) -> None:
    """pg_restore in one transaction, stopping at the first error. The `public` schema is the
    empty database's own: its entry (dumped when it had been recreated) is left out."""
    pg_restore = _tool(settings, "pg_restore", major)
    env = _libpq_env(url)
    listing = subprocess.run(  # noqa: S603 - a PostgreSQL client program
        [pg_restore, "--list", str(dump)], env=env, capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise ErreurSauvegarde(f"pg_restore ne lit pas {dump.name} : {listing.stderr.strip()}")
    kept = [line for line in listing.stdout.splitlines() if not _PUBLIC_SCHEMA.search(line)]
    with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as toc:
        toc.write("\n".join(kept) + "\n")
        toc.flush()
        _run_tool(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--use-list",
                toc.name,
                "--dbname",
                env.get("PGDATABASE", ""),
                str(dump),
            ],
            env,
        )


_PUBLIC_SCHEMA = re.compile(r"^\d+; \d+ \d+ (SCHEMA - public|COMMENT - SCHEMA public) ")


def restaurer(settings: Settings, source: Path) -> Restauration:
    manifest = read_manifest(source)
    url = settings.database_url
    kind = _kind(url)
    if manifest.get("base") != kind:
        raise ErreurSauvegarde(
            f"Cette sauvegarde est celle d'une base {manifest.get('base')} ; "
            f"CONVERGENCE_DATABASE_URL désigne une base {kind}."
        )
    revision = str(manifest.get("migration"))
    if not _known_revision(revision):
        raise ErreurSauvegarde(
            f"La sauvegarde est à la migration {revision}, inconnue de cette version de "
            "Convergence : restaurez-la avec la version qui l'a faite (ou une plus récente)."
        )
    files = check_files(source, manifest)
    if kind == "sqlite":
        target = _sqlite_path(url)
        tables = asyncio.run(_state(url))[0] if target.is_file() else 0
        major = 0
    else:
        tables, _, major = asyncio.run(_state(url))
    if tables:
        raise ErreurSauvegarde(
            f"La base cible n'est pas vide ({tables} tables) : la restauration attend une "
            "base vide (créez-en une avec createdb et désignez-la par CONVERGENCE_DATABASE_URL)."
        )
    documents_dir = settings.documents_dir
    if documents_dir.is_dir() and any(documents_dir.iterdir()):
        raise ErreurSauvegarde(
            f"Le dossier des documents {documents_dir} n'est pas vide : la restauration attend "
            "un dossier vide (CONVERGENCE_DOCUMENTS_DIR)."
        )
    if kind == "postgresql":
        _pg_restore(settings, url, major, source / DUMP_POSTGRESQL)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        origin = sqlite3.connect(source / DUMP_SQLITE)
        restored = sqlite3.connect(target)
        try:
            with restored:
                origin.backup(restored)
        finally:
            restored.close()
            origin.close()
    shutil.copytree(source / DOCUMENTS, documents_dir, dirs_exist_ok=True)
    chain, documents, verified, problems = asyncio.run(_verify(url, documents_dir))
    return Restauration(kind, revision, files, documents, verified, problems, chain)
