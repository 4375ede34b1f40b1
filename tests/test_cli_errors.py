"""Every `convergence` command, run without its secret, ends on a short French message.

Each command runs in its own process (the real entry point, as an operator types it) with
CONVERGENCE_ENV=production and no CONVERGENCE_SECRET_KEY: no traceback, exit status 2 and
the variable to set named; `--debug` brings the traceback back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from api.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _argv(path: tuple[str, ...], tmp: Path) -> list[str]:
    """The command with a value for each required argument and prompted option."""
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    argv = list(path)
    for param in command.params:
        if param.param_type_name == "argument" and param.required:
            argv.append(str(tmp / "argument"))
        elif param.param_type_name == "option" and (param.required or param.prompt):
            argv += [param.opts[0], "valeur-de-test-suffisamment-longue"]
        elif param.param_type_name == "option" and param.name == "output":
            argv += [param.opts[0], str(tmp / "sortie")]
    return argv


def _environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVERGENCE_", "OTEL_"))}
    env["CONVERGENCE_ENV"] = "production"
    env["CONVERGENCE_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp}/absente.db"
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_every_command_without_its_secret_prints_one_french_line(tmp_path: Path) -> None:
    commands = _commands(typer.main.get_command(app))
    assert len(commands) >= 11
    # All at once: each is a Python start-up, mostly waiting on imports.
    processes = {
        path: subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "api.cli", *_argv(path, tmp_path)],
            cwd=tmp_path,
            env=_environment(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in commands
    }
    refused = []
    for path, process in processes.items():
        out, err = process.communicate(timeout=120)
        name = " ".join(path)
        assert "Traceback" not in out + err, f"{name}: {err}"
        if path == ("openapi",):
            # The only command that needs no setting: it renders the contract of a demo app.
            assert process.returncode == 0, f"{name}: {err}"
            continue
        assert process.returncode == 2, f"{name}: {process.returncode} {out} {err}"
        lines = err.strip().splitlines()
        assert 1 <= len(lines) <= 2, f"{name}: {err}"
        assert "CONVERGENCE_SECRET_KEY est obligatoire" in err, f"{name}: {err}"
        refused.append(name)
    assert "serve" in refused and "worker" in refused and "audit verify" in refused


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "--debug", "audit", "verify"],
        cwd=tmp_path,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Erreur : Configuration invalide")


def test_expected_failures_name_what_to_do(tmp_path: Path) -> None:
    env = _environment(tmp_path) | {"CONVERGENCE_ENV": "demo"}
    not_demo = _environment(tmp_path) | {"CONVERGENCE_SECRET_KEY": "x" * 40}
    cases = [
        (["audit", "verify"], env, "lancez « convergence migrate »"),
        (["demo-accounts", "--json"], not_demo, "CONVERGENCE_ENV=demo"),
        (
            ["audit", "verify"],
            env | {"CONVERGENCE_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/x"},
            "CONVERGENCE_DATABASE_URL",
        ),
        (["audit", "verify"], env | {"CONVERGENCE_DATABASE_URL": "pas-une-url"}, "DATABASE_URL"),
    ]
    for argv, environment, expected in cases:
        result = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "api.cli", *argv],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, (argv, result.stderr)
        assert "Traceback" not in result.stderr
        assert expected in result.stderr, (argv, result.stderr)
