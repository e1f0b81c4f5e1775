#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gcc >/dev/null || need+=(gcc)
command -v as >/dev/null || need+=(binutils)
command -v chibicc >/dev/null || need+=(chibicc)
command -v tcc >/dev/null || need+=(tcc)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root" >&2
    exit 2
  fi
fi

cargo test --workspace --release -j "$(nproc)"
