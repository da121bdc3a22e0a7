#!/usr/bin/env bash
# distillguard next to published detectors, on the same labelled traffic.
#
#   bash bench/peers/run.sh --size 50k                 # about 50k events
#   bash bench/peers/run.sh --size 50k --size 500k     # both sizes, one table
#
# Builds bench/peers/.venv (git-ignored) from the package registry on first use: the peers
# (rgmining-fraudar, coordination-network-toolkit, pyod, scikit-learn, scipy) and this project,
# installed from the checkout. Nothing of the peers is vendored. Every other argument goes to
# bench/peers/bench.py (see --help there). Output: bench/peers/out/{table.md,results.json}.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

# Pinned to the versions this glue was written against; bump together with the glue.
peers=(
  "rgmining-fraudar==0.7.6"
  "coordination-network-toolkit==1.5.2"
  "pyod==3.6.7"
  "scikit-learn>=1.5,<2"
  "scipy>=1.11,<2"
  "networkx>=3,<4"
  "pytest>=8,<10"        # for bench/peers/test_peers.py only
)

stamp="$venv/.installed"
want="$(printf '%s\n' "${peers[@]}" | sha256sum | cut -c1-16)"
if [[ ! -x "$venv/bin/python" ]] || [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "building $venv (peers from the package registry) ..." >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet "${peers[@]}" -e "$root"
  echo "$want" > "$stamp"
fi

exec "$venv/bin/python" "$here/bench.py" "$@"
