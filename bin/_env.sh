# Shared by bin/serve and bin/test: find Python 3.12+ and uv, and sync the locked
# dependencies into .venv. Sourced, not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  for candidate in python python3 python3.13 python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      # The real interpreter, not a pyenv shim, so uv sees the same one every time.
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  echo "Framewise needs Python 3.12 or newer on PATH (see .python-version)." >&2
  return 1
}

PYTHON=$(find_python)
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  "$PYTHON" -m uv --version >/dev/null 2>&1 || "$PYTHON" -m pip install --quiet --disable-pip-version-check uv
  UV=("$PYTHON" -m uv)
fi
export UV_PYTHON="$PYTHON" UV_PYTHON_DOWNLOADS=never
"${UV[@]}" sync --locked --quiet
# Synced once above; later `uv run`s use the environment as it is.
UV_RUN=("${UV[@]}" run --no-sync)
