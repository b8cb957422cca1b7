"""A real PostgreSQL server for tests: Debian's `postgresql`, started in a temporary data folder
on 127.0.0.1 (as the `postgres` user when the tests run as root, since PostgreSQL refuses root).

`pg_server` (session-wide) starts one server; `pg_url` gives each test a new, empty database.
Tests that need it are skipped only when PostgreSQL is not installed at all (`make test`
installs it).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "desk-pass"


def _bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@dataclass
class PgServer:
    port: int
    folder: Path
    bin: Path
    options: str

    def url(self, database: str = "postgres", user: str = "bodesk", password: str | None = PASSWORD) -> str:
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        done = subprocess.run(
            _as_postgres([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                          "-d", database, "-Atc", statement]),
            capture_output=True, text=True, timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return done.stdout.strip()

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.sql(f"CREATE DATABASE {name} OWNER bodesk")
        return name

    @contextmanager
    def down(self) -> Iterator[None]:
        """The server stopped (as a restart or a crash does to the desks) for the block, then started again
        on the same port and data."""
        self._ctl("-m", "fast", "stop")
        try:
            yield
        finally:
            self._ctl("-o", self.options, "-l", str(self.folder / "log"), "start")

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-w", *args]),
                       check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                     "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> PgServer:
    bin_dir = _bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (make test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="bodesk-pg-"))
    os.chmod(folder, 0o755)
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                 "--no-sync", "-E", "UTF8", "--locale", "C"]),
                   check=True, capture_output=True, timeout=120)
    with open(data / "pg_hba.conf", "w", encoding="utf-8") as hba:  # the desks log in with a password
        hba.write("local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
    port = _free_port()
    options = f"-k {folder} -h 127.0.0.1 -p {port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                                 "-w", "start"]), check=True, capture_output=True, timeout=120)
    server = PgServer(port, folder, bin_dir, options)
    server.sql(f"CREATE ROLE bodesk LOGIN PASSWORD '{PASSWORD}'")
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A new empty database on the test server, as a URL with the desk's user and password."""
    return pg_server.url(pg_server.new_database())
