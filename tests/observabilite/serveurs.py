"""The API served by real uvicorn processes on free ports, for the operations tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(database_url: str, tmp: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CONVERGENCE_", "OTEL_"))}
    return base | {
        "CONVERGENCE_ENV": "demo",
        "CONVERGENCE_DATABASE_URL": database_url,
        "CONVERGENCE_DOCUMENTS_DIR": str(tmp / "documents"),
        "CONVERGENCE_MAIL_DIR": str(tmp / "mail"),
        "CONVERGENCE_SPA_DIR": str(tmp / "no-spa"),
        "CONVERGENCE_RATE_LIMIT_USER_PER_MINUTE": "1000000",
        "CONVERGENCE_RATE_LIMIT_CLIENT_PER_MINUTE": "1000000",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(argv: list[str], env: dict[str, str], log: Path, port: int) -> Served:
    """Start the process and wait until it answers /healthz (polling, bounded)."""
    out = log.open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
    )
    out.close()
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("the API process ended: " + served.output())
        try:
            if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                return served
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    served.stop()
    raise AssertionError("the API did not start: " + served.output())


def uvicorn(database_url: str, tmp: Path, name: str, **extra: str) -> Served:
    port = free_port()
    argv = [
        sys.executable, "-m", "uvicorn", "api.main:serve_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    return start(argv, environment(database_url, tmp, **extra), tmp / f"{name}.log", port)


def convergence_serve(database_url: str, tmp: Path, name: str, *args: str, **extra: str) -> Served:
    port = free_port()
    argv = [
        sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
        *args,
    ]  # fmt: skip
    return start(argv, environment(database_url, tmp, **extra), tmp / f"{name}.log", port)
