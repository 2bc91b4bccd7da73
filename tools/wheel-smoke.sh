#!/usr/bin/env bash
# The wheel as a stranger gets it: build it, install it into a fresh virtual environment
# outside the checkout, and from an empty folder start the embedded server, load the
# shipped demo, count it and stop. Fails if anything the package needs is not in the wheel.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
pn="$work/venv/bin/partnernet"
cleanup() {
  if [ -x "$pn" ]; then PARTNERNET_DATA="$work/data" "$pn" db stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "wheel smoke test: building the wheel"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$root"
echo "wheel smoke test: installing $(basename "$work"/dist/*.whl) into a fresh environment"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$work"/dist/*.whl
mkdir "$work/empty" && cd "$work/empty"
export PARTNERNET_DATA="$work/data"
"$pn" --help >/dev/null
"$pn" db start
"$pn" load --demo
"$pn" stats --json | "$work/venv/bin/python" -c '
import json, sys
counts = json.load(sys.stdin)
assert counts["organisations"] == 84 and counts["countries"] == 16, counts
print("wheel smoke test: the installed wheel serves", counts["organisations"], "organisations")'
"$pn" db stop
