#!/usr/bin/env bash
# Runs the Python compatibility story (story.py) with the real clients pinned in requirements.txt.
#
#   test/compat/python/run.sh [story.py options]     e.g. --auth-url http://127.0.0.1:9600/v3
#   test/compat/python/run.sh other.py [options]     runs another script with the same clients
#
# The Keystone URL comes from --auth-url or OS_AUTH_URL. The clients live in a virtual environment
# next to this file (.venv, git-ignored; VPCEP_COMPAT_VENV moves it). It is created on first use and
# reinstalled whenever requirements.txt changes. PYTHON picks the interpreter (default python3).
# Nothing is skipped: a missing python3, venv or pip, or a failed install, fails with exit status 1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${VPCEP_COMPAT_VENV:-$here/.venv}"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

command -v "$python" >/dev/null 2>&1 \
  || fail "'$python' not found: install Python 3.10 or newer (Debian: apt-get install python3 python3-venv)"
"$python" - <<'EOF' || fail "$python is too old: the pinned openstacksdk needs Python 3.10 or newer"
import sys
sys.exit(0 if sys.version_info >= (3, 10) else 1)
EOF
"$python" -c 'import venv, ensurepip' 2>/dev/null \
  || fail "$python has no venv/ensurepip module (Debian: apt-get install python3-venv)"

stamp="$venv/.requirements.sha256"
wanted="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$requirements")"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
    fail "$venv exists and is not a virtual environment; remove it or point VPCEP_COMPAT_VENV elsewhere"
  fi
  echo "installing the clients from $requirements into $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv" || fail "could not create the virtual environment $venv"
  "$venv/bin/python" -m pip --version >/dev/null 2>&1 || fail "the virtual environment $venv has no pip"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" \
    || fail "pip could not install $requirements (is PyPI reachable?)"
  echo "$wanted" >"$stamp"
fi

script="$here/story.py"
if [[ "${1:-}" == *.py ]]; then
  script="$1"
  shift
fi
exec "$venv/bin/python" "$script" "$@"
