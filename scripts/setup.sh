#!/usr/bin/env bash
# One-time set-up on a Debian/Ubuntu machine with Node 20: the system libraries that the canvas
# package (under chartjs-node-canvas) compiles against, then `npm ci`, which also builds dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: ohmflow needs Node.js 20 or newer (found $(node --version))." >&2
  exit 1
fi

# canvas has no prebuilt binary reachable here, so it builds from source against Cairo and Pango.
# chromium is for the tests only: the HTML report is rendered in it headless.
system_packages=(build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev chromium)
missing=()
for package in "${system_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages (Cairo/Pango for canvas, chromium for the report test): ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "setup: system packages already present" >&2
fi

# onnxruntime-node (a dev dependency) ships its CPU binaries; its install script would fetch CUDA
# ones from NuGet. Skipped through its environment variable: as an .npmrc key, npm warned about an
# unknown config on every npm and npx call.
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
