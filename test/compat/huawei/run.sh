#!/usr/bin/env bash
# Runs the Huawei Cloud SDK story (story.py) with the SDK pinned in requirements.txt, in a
# virtual environment next to this file (see ../venv-run.sh).
#
#   test/compat/huawei/run.sh [story.py options]     e.g. --endpoint http://127.0.0.1:9600
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../venv-run.sh" "$here" "$@"
