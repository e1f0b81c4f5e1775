#!/bin/sh
# Win64 against MinGW gcc on many random programs, under Wine (not in the test command): every
# program of `exasm-difftest` built with x86_64-w64-mingw32-gcc -O2 (the oracle, its own inline
# asm), and lowered with `exasm lower --target x86_64-w64-mingw32` with GAS thunks (win-gas) and
# with NASM thunks (win-nasm), must print the same under wine.
#
#   tests/difftest-windows.sh [COUNT [SEED...]]     # default: 1500 programs of each of seeds 1 and 404
#
# Needs gcc-mingw-w64-x86-64, wine64 and nasm (scripts/test.sh installs them). About a minute per
# 1,000 programs on 2 cores (shared), Wine's first start included. Exit status 1 when any program
# mismatched; reproducers go to $TMPDIR/exasm-difftest-windows/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-1500}
[ $# -gt 0 ] && shift
seeds=${*:-1 404}
cd "$root"
cargo build --quiet --release -p exasm-cli --bin exasm -p exasm-tests --bin exasm-difftest
keep=${TMPDIR:-/tmp}/exasm-difftest-windows
status=0
for seed in $seeds; do
    EXASM_BIN="$root/target/release/exasm" "$root/target/release/exasm-difftest" --windows --seed "$seed" --count "$count" \
        --jobs 2 --quiet --keep "$keep" || status=1
done
exit $status
