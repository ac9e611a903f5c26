#!/usr/bin/env bash
# Issue 13's cross-check in one command: exports the torchvision CNNs (if not there yet) and holds
# the analytical model against the engine on each, on both chips, at one image and at eight
# (--reload where the weights do not fit). Exits 1 if a run is outside 5% interval / 1% energy.
# Usage: npm run crosscheck:torchvision [-- OUT_DIR]   (default: exports; about 40 minutes on 2 cores)
set -euo pipefail
dir="${1:-exports}"
cd "$(dirname "$0")/../.."
# Debian's python3-torch installs for the system python, which may not be the first on PATH.
python=python3
if ! python3 -c 'import torch' 2>/dev/null && /usr/bin/python3 -c 'import torch' 2>/dev/null; then python=/usr/bin/python3; fi
"$python" scripts/bench/export_torchvision.py "$dir"
node dist/scripts/bench/crosscheckOnnx.js --arch default,isaac --images 1,8 --auto-reload --check "$dir"/*-op17.onnx
