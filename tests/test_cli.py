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


def test_retention_dry_run_then_run_then_nothing_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.settings import get_settings

    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/r.db")
    monkeypatch.setenv("CONVERGENCE_DOCUMENTS_DIR", str(tmp_path / "documents"))
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        assert runner.invoke(app, ["seed-demo"]).exit_code == 0
        # The demo holds pathways closed years ago: past their retention already.
        dry = runner.invoke(app, ["retention", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "Simulation" in dry.output and "rien n'a été modifié" in dry.output
        assert "Paris : " in dry.output and "à anonymiser" in dry.output
        total = int(dry.output.split("Simulation : ")[1].split(" ")[0])
        assert total > 0
        done = runner.invoke(app, ["retention", "--batch-size", "2"])
        assert done.exit_code == 0, done.output
        assert f"{total} dossier(s) anonymisé(s)" in done.output
        again = runner.invoke(app, ["retention"])
        assert "0 dossier(s) anonymisé(s) en 0 lot(s)" in again.output
    finally:
        get_settings.cache_clear()


def test_serve_runs_the_serving_app_with_its_startup_objects_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`convergence serve` builds `serve_app`, which takes what startup allocated out of the
    garbage collector's full passes (their pauses made the benchmark's p99)."""
    import gc

    import uvicorn

    from api.main import serve_app
    from api.settings import get_settings

    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/c.db")
    get_settings.cache_clear()
    calls: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    before = gc.get_freeze_count()
    try:
        served = runner.invoke(app, ["serve", "--port", "8123"])
        assert served.exit_code == 0, served.output
        assert [target for target, _ in calls] == ["api.main:serve_app"]
        assert calls[0][1]["factory"] is True and calls[0][1]["port"] == 8123
        built = serve_app()
        assert built.state.settings.demo
        assert gc.get_freeze_count() > before + 10_000
    finally:
        gc.unfreeze()
        get_settings.cache_clear()


def test_import_dry_run_in_a_coordinateur_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`convergence import` acts as the account named, without any web session."""
    from api.settings import ROOT_DIR, get_settings

    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/i.db")
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        assert runner.invoke(app, ["seed-demo"]).exit_code == 0
        example = str(ROOT_DIR / "docs" / "import-exemple.csv")
        dry = runner.invoke(
            app, ["import", example, "--auteur", "coordinateur.paris@demo.example.org"]
        )
        assert dry.exit_code == 0, dry.output
        assert "Analyse de 3 lignes : {'creer': 2, 'rejeter': 1}" in dry.output
        assert "ligne 4 : date_naissance — Date invalide « 1990-13-01 »" in dry.output
        assert "Rien n'est écrit" in dry.output
        refused = runner.invoke(
            app, ["import", example, "--auteur", "accompagnateur.paris@demo.example.org"]
        )
        assert refused.exit_code != 0
    finally:
        get_settings.cache_clear()
