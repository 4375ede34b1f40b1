"""Alembic driven from code: used by the CLI, /readyz and the tests.

Alembic is imported when a migration runs, not when an API process starts: its import
(with Mako and Pygments) was a quarter of a second of every startup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from api.settings import ROOT_DIR

if TYPE_CHECKING:
    from alembic.config import Config

VERSIONS_DIR = ROOT_DIR / "migrations" / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision: str \| None = (?:"([^"]+)"|None)', re.MULTILINE)


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config(str(ROOT_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT_DIR / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def head_revision() -> str | None:
    """The revision no other one revises, read from the migration files' headers (the
    files follow the template's `revision: str = "..."` lines; a test compares the result
    with Alembic's own)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN_REVISION.search(text)
        if down is not None and down.group(1):
            revised.add(down.group(1))
    heads = revisions - revised
    if len(heads) > 1:
        raise RuntimeError(f"several migration heads: {sorted(heads)}")
    return heads.pop() if heads else None


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)
