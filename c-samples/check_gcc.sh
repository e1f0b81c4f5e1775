#!/bin/bash
# Build every sample (or the ones named) with gcc under several option sets,
# run them, and check that all builds of a sample print the same thing.
# Usage: ./check_gcc.sh [sample.c ...]      (exit status 1 on any mismatch)
cd "$(dirname "$0")" || exit 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ $# -eq 0 ] && set -- *.c
status=0
for f in "$@"; do
  b=$(basename "$f" .c)
  needs=$(sed -n '2,3p' "$f" | sed -n 's|^/\* exasm-needs: \(.*\) \*/$|\1|p')
  dial=$(sed -n '2,3p' "$f" | sed -n 's|^/\* exasm-dialects: \(.*\) \*/$|\1|p')
  if [[ " $needs " == *" intel "* ]]; then
    cfgs=("-O0 -masm=intel" "-O2 -masm=intel" "-O2 -fPIE -pie -masm=intel"
          "-Os -fno-pie -no-pie -masm=intel")
  else
    cfgs=("-O0" "-O2" "-O2 -fPIE -pie" "-O1" "-Os" "-O3 -fno-pie -no-pie")
    [[ " $dial " == *" intel "* ]] &&
      cfgs+=("-O0 -masm=intel" "-O2 -masm=intel" "-O2 -fPIE -pie -masm=intel")
  fi
  ref=""
  i=0
  for c in "${cfgs[@]}"; do
    exe=$out/$b.$i
    if ! gcc -Wall -Wextra $c -o "$exe" "$f" > "$exe.log" 2>&1; then
      echo "BUILD FAIL $b [$c]"; cat "$exe.log"; status=1; i=$((i+1)); continue
    fi
    [ -s "$exe.log" ] && { echo "WARNING $b [$c]"; cat "$exe.log"; }
    timeout 60 "$exe" > "$exe.out" 2>&1
    echo "exit=$?" >> "$exe.out"
    if [ -z "$ref" ]; then
      ref=$exe.out
    elif ! cmp -s "$ref" "$exe.out"; then
      echo "DIFFERENT OUTPUT $b [$c] vs [${cfgs[0]}]"
      diff "$ref" "$exe.out" | head -20
      status=1
    fi
    i=$((i+1))
  done
  echo "checked $b (${#cfgs[@]} builds)"
done
exit $status
