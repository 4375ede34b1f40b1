from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


def test_migrate_then_seed_demo_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.settings import get_settings

    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/db/c.db")
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        first = runner.invoke(app, ["seed-demo", "--if-empty"])
        assert first.exit_code == 0, first.output
        assert '"territoires": 8' in first.output
        second = runner.invoke(app, ["seed-demo", "--if-empty"])
        assert second.exit_code == 0
        assert "rien à charger" in second.output
        refused = runner.invoke(app, ["seed-demo"])
        assert refused.exit_code != 0
    finally:
        get_settings.cache_clear()
