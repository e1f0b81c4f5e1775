#!/bin/sh
# The Rust backend against gcc on many random programs (not in the test command): every program
# of `exasm-difftest` built with `exasm cc --backend rust -O2` (rustc compiles the thunks: `asm!`
# where Rust can say the statement, a naked function with the GAS thunk's body elsewhere) must
# print what its `gcc -O2` build prints.
#
#   tests/difftest-rust.sh [COUNT [SEED...]]     # default: 10000 programs of each of seeds 1 and 404
#
# About 5-8 minutes per 10,000 programs on 2 cores (shared). Exit status 1 when any program mismatched;
# reproducers go to $TMPDIR/exasm-difftest-rust/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
[ $# -gt 0 ] && shift
seeds=${*:-1 404}
cd "$root"
cargo build --quiet --release -p exasm-cli --bin exasm -p exasm-tests --bin exasm-difftest
keep=${TMPDIR:-/tmp}/exasm-difftest-rust
status=0
for seed in $seeds; do
    EXASM_BIN="$root/target/release/exasm" "$root/target/release/exasm-difftest" --seed "$seed" --count "$count" \
        --jobs 2 --variants rust --quiet --keep "$keep" || status=1
done
exit $status
