"""A throwaway PostgreSQL cluster for the test suite.

``make test`` needs no running server: this starts one with initdb + pg_ctl in
a temporary directory on a free loopback port, as the ``postgres`` user when
the suite runs as root (PostgreSQL refuses to run as root), and removes it at
the end. Set PREPGRAPH_TEST_POSTGRES_URL to use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them, e.g. "
    "`sudo apt-get install -y postgresql` on Debian/Ubuntu or `brew install postgresql` on macOS, "
    "or point PREPGRAPH_TEST_POSTGRES_URL at a server you run "
    "(postgresql+asyncpg://user:password@host:port/database)."
)


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if candidates:
        return Path(candidates[-1]).parent
    for name in ("initdb",):
        found = shutil.which(name)
        if found:
            return Path(found).resolve().parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        bindir = Path(out.stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    raise PostgresUnavailable(INSTALL_HINT)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    bindir: Path
    datadir: Path
    port: int
    user: str | None

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        kwargs = {"user": self.user} if self.user else {}
        result = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            check=False,
            **kwargs,  # type: ignore[arg-type]
        )
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout}"
            )

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_cluster() -> Cluster:
    bindir = find_bindir()
    user = None
    root = Path(tempfile.mkdtemp(prefix="prepgraph-pg-"))
    if os.geteuid() == 0:
        try:
            entry = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable(
                "running as root needs an unprivileged `postgres` user to run the server "
                "(created by the postgresql package): " + INSTALL_HINT
            ) from exc
        user = "postgres"
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chmod(root, 0o700)
    datadir = root / "data"
    cluster = Cluster(bindir, datadir, _free_port(), user)
    cluster._run(
        "initdb", "-D", str(datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
        "--no-locale", "--no-sync",
    )  # fmt: skip
    options = (
        f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    cluster._run(
        "pg_ctl", "-D", str(datadir), "-o", options, "-l", str(root / "log"), "-w", "start"
    )
    return cluster
