#!/usr/bin/env bash
# Runs the Python compatibility story (story.py) with the real clients pinned in requirements.txt, in a
# virtual environment next to this file (see ../venv-run.sh).
#
#   test/compat/python/run.sh [story.py options]     e.g. --auth-url http://127.0.0.1:9600/v3
#   test/compat/python/run.sh other.py [options]     runs another script with the same clients
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../venv-run.sh" "$here" "$@"
