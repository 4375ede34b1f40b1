"""PostgreSQL servers of a test's own: a throwaway cluster, and a streaming replica of it.

Started with the server binaries (initdb, pg_ctl, pg_basebackup) as the `postgres` system user,
in temporary directories, on free ports of 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own fixed commands
        ["runuser", "-u", "postgres", "--", *args],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def require_server_binaries(what: str, *binaries: str) -> None:
    """Skip loudly where the server binaries are missing; fail in CI, where they must be."""
    missing = [b for b in binaries if not (PG_BIN / b).is_file()]
    if missing or shutil.which("runuser") is None:
        message = f"PostgreSQL server binaries not found in {PG_BIN} (or no runuser)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: the {what} must run in CI")
        pytest.skip(f"!!! {what.upper()} NOT RUN: {message} !!!")


class PostgresServer:
    """A throwaway PostgreSQL cluster, stopped and started at will."""

    def __init__(self, data: Path | None = None) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="convergence-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = data or self.dir / "data"
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/convergence"
        if data is None:
            as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8",
            )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
        )
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.dir / "server.log"), "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def replica(self) -> PostgresServer:
        """A hot standby streaming from this server (`pg_basebackup -R`), not yet started."""
        target = Path(tempfile.mkdtemp(prefix="convergence-replica-"))
        shutil.chown(target, "postgres", "postgres")
        data = target / "data"
        as_postgres(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", "-D", str(data), "-R", "-X", "stream", "--checkpoint=fast",
            "--no-sync",
        )  # fmt: skip
        standby = PostgresServer(data=data)
        shutil.rmtree(standby.dir, ignore_errors=True)
        standby.dir = target
        return standby
