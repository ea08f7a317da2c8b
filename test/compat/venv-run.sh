#!/usr/bin/env bash
# Runs a Python compatibility story with the real clients pinned in its folder's requirements.txt.
#
#   test/compat/venv-run.sh FOLDER [story.py options]
#   test/compat/venv-run.sh FOLDER other.py [options]     runs another script with the same clients
#
# The clients live in a virtual environment in FOLDER (.venv, git-ignored; VPCEP_COMPAT_VENV moves it).
# It is created on first use and reinstalled whenever FOLDER/requirements.txt changes; then FOLDER/story.py
# (or the script named) runs in it. PYTHON picks the interpreter (default python3). Nothing is skipped: a missing python3, venv
# or pip, or a failed install, fails with exit status 1.
set -euo pipefail

folder="$(cd "${1:?usage: venv-run.sh FOLDER [options]}" && pwd)"
shift
venv="${VPCEP_COMPAT_VENV:-$folder/.venv}"
python="${PYTHON:-python3}"
requirements="$folder/requirements.txt"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

command -v "$python" >/dev/null 2>&1 \
  || fail "'$python' not found: install Python 3.10 or newer (Debian: apt-get install python3 python3-venv)"
"$python" - <<'PY' || fail "$python is too old: the pinned clients need Python 3.10 or newer"
import sys
sys.exit(0 if sys.version_info >= (3, 10) else 1)
PY
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

script="$folder/story.py"
if [[ "${1:-}" == *.py ]]; then
  script="$1"
  shift
fi
exec "$venv/bin/python" "$script" "$@"
