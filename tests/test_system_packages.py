"""`make test` brings the system packages it needs: tests/system-packages.sh run for real
with a PATH that lacks Graphviz, Chromium and fonts, and stand-ins for id, sudo and apt-get
that record what they were asked to do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "system-packages.sh"
TOOLS = ("bash", "ls", "head", "env", "cat")


def _machine(tmp_path: Path, *, uid: int, sudo: str | None, apt: bool = True) -> Path:
    """A bin folder: the few real tools the script uses, plus recording stand-ins."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    log = tmp_path / "calls.log"
    stubs = {"id": f"echo {uid}\n"}
    if apt:
        stubs["apt-get"] = f'echo "apt-get $*" >> {log}\n'
    if sudo == "passwordless":
        stubs["sudo"] = f'if [ "$1" = -n ]; then exit 0; fi\necho "sudo" >> {log}\nexec "$@"\n'
    elif sudo == "password":
        stubs["sudo"] = 'echo "a password is required" >&2\nexit 1\n'
    for name, body in stubs.items():
        path = bin_dir / name
        path.write_text("#!/bin/bash\n" + body)
        path.chmod(0o755)
    return bin_dir


def _run(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [str(bin_dir / "bash"), str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def _calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def _missing(tmp_path: Path) -> list[str]:
    """What this stripped PATH lacks (PostgreSQL is found by its Debian path, if installed)."""
    have_pg = any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return ([] if have_pg else ["postgresql"]) + ["graphviz", "chromium", "fonts-dejavu-core"]


def test_as_root_it_installs_what_is_missing_with_apt_get(tmp_path: Path) -> None:
    bin_dir = _machine(tmp_path, uid=0, sudo=None)
    done = _run(bin_dir)
    assert done.returncode == 0, done.stderr
    wanted = " ".join(_missing(tmp_path))
    assert _calls(tmp_path) == [
        "apt-get update -q",
        f"apt-get install -y -q --no-install-recommends {wanted}",
    ]
    assert f"installing system packages: {wanted}" in done.stdout


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    bin_dir = _machine(tmp_path, uid=1000, sudo="passwordless")
    done = _run(bin_dir)
    assert done.returncode == 0, done.stderr
    calls = _calls(tmp_path)
    assert calls[0] == "sudo" and calls[1] == "apt-get update -q"
    assert calls[3].startswith("apt-get install -y -q --no-install-recommends graphviz")


@pytest.mark.parametrize("sudo", ["password", None], ids=["sudo asks a password", "no sudo"])
def test_without_rights_it_names_the_one_command_and_fails(
    tmp_path: Path, sudo: str | None
) -> None:
    bin_dir = _machine(tmp_path, uid=1000, sudo=sudo)
    done = _run(bin_dir)
    assert done.returncode == 1
    assert _calls(tmp_path) == []  # nothing was attempted
    wanted = " ".join(_missing(tmp_path))
    assert (
        f"  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends {wanted}'"
        in done.stderr.splitlines()
    )


def test_without_apt_get_it_lists_the_packages(tmp_path: Path) -> None:
    bin_dir = _machine(tmp_path, uid=0, sudo=None, apt=False)
    done = _run(bin_dir)
    assert done.returncode == 1
    assert "no apt-get" in done.stderr and "graphviz chromium" in done.stderr


def test_the_venv_mode_asks_for_python3_venv_only(tmp_path: Path) -> None:
    bin_dir = _machine(tmp_path, uid=0, sudo=None)
    done = _run(bin_dir, "venv")
    assert done.returncode == 0, done.stderr
    assert _calls(tmp_path)[-1] == "apt-get install -y -q --no-install-recommends python3-venv"


def test_on_this_machine_nothing_is_missing() -> None:
    """The suite's own machine has everything: the script is a no-op that prints nothing."""
    done = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
