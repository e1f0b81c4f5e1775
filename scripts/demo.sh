#!/usr/bin/env bash
# exasm's main job on one sample, in one screen: the asm statement, the thunk it became, the C
# that calls it, then the program built through `exasm cc` with a compiler that has no inline
# asm (chibicc when installed, else cc) and run beside gcc's own build of the original.
#
# Usage: scripts/demo.sh [FILE.c]   (default: c-samples/guide_imul128.c)
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${1:-c-samples/guide_imul128.c}
out=target/demo
mkdir -p "$out"

echo "== building exasm (cargo build --release; the first build takes a few minutes)"
cargo build --release -p exasm-cli 2>&1 | grep -E '^(error|warning: unused)|Finished|Compiling exasm' || true
exasm=target/release/exasm
stem=$(basename "$sample" .c)

echo
echo "== the first asm statement of $sample, as exasm explains it (exasm explain $sample)"
"$exasm" explain "$sample" | awk 'NF == 0 { exit } { print }'

echo
echo "== exasm lower $sample -o $out/$stem.c --asm $out/$stem.thunks.s"
"$exasm" lower "$sample" -o "$out/$stem.c" --asm "$out/$stem.thunks.s"
echo "-- the thunk it became ($out/$stem.thunks.s):"
awk '/^__exasm_[0-9a-f]+_0:/ { on = 1 } on { print } on && /\.size/ { exit }' "$out/$stem.thunks.s"
echo "-- the C that calls it ($out/$stem.c, no asm left):"
# The call keeps the statement's line count (its parts sit on the lines of their operands):
# show the line that passes the operands and calls the thunk.
grep -m1 -o '[a-z ]*__exasm_a0 = .*' "$out/$stem.c" | sed 's/;  */;\n    /g' | head -8

echo
if command -v chibicc >/dev/null; then cc=chibicc; else cc=cc; fi
echo "== build with $cc through the driver, and run: exasm cc --with $cc $sample -o $out/$stem"
"$exasm" cc --with "$cc" "$sample" -o "$out/$stem"
gcc -O2 -o "$out/$stem.gcc" "$sample"
"$out/$stem" > "$out/$stem.out"
"$out/$stem.gcc" > "$out/$stem.gcc.out"
head -3 "$out/$stem.out"
if cmp -s "$out/$stem.out" "$out/$stem.gcc.out"; then
  echo "-- same output as gcc's inline-asm build ($(wc -l < "$out/$stem.out") lines)"
else
  echo "-- DIFFERENT from gcc's build: diff $out/$stem.out $out/$stem.gcc.out" >&2
  exit 1
fi

echo
echo "Next: exasm cc --with chibicc prog.c -o prog (a drop-in compiler driver, docs/cc.md),"
echo "      exasm check prog.c (interface bugs, docs/check.md), docs/getting-started.md."
