"""The script of docs/fas.md runs as written against a real server of the app."""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from api.demo.seed import demo_client_id, demo_client_secret
from api.main import create_app
from api.settings import Settings

DOC = (Path(__file__).resolve().parents[2] / "docs" / "fas.md").read_text(encoding="utf-8")


@pytest.fixture
def server(migrated_database: str, tmp_path: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(env="demo", database_url=migrated_database, documents_dir=tmp_path))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_the_documented_script_writes_the_indicators_of_its_territoires(
    server: str, tmp_path: Path
) -> None:
    script = tmp_path / "indicateurs_fas.py"
    script.write_text(re.findall(r"```python\n(.*?)```", DOC, flags=re.S)[0], encoding="utf-8")
    out = tmp_path / "indicateurs-fas.csv"
    structure = "FAS Île-de-France"
    env = {
        **os.environ,
        "CONVERGENCE_URL": server,
        "CONVERGENCE_CLIENT_ID": demo_client_id(structure),
        "CONVERGENCE_CLIENT_SECRET": demo_client_secret(structure),
    }
    done = subprocess.run(  # noqa: S603 - the documented script, with this interpreter
        [sys.executable, str(script), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    year = date.today().year
    assert {r["annee"] for r in rows} == {str(y) for y in range(year - 3, year)}
    assert {r["territoire"] for r in rows} == {"Paris"}  # its territoire, nothing else
    assert any(r["masque"] == "oui" for r in rows)
    assert all(
        r["numerateur"] == "< 11" or int(r["numerateur"]) == 0 or int(r["numerateur"]) >= 11
        for r in rows
    )
