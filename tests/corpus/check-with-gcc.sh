#!/usr/bin/env bash
# Re-verify every corpus file against gcc (the oracle).  See README.md.
#
#   tests/corpus/check-with-gcc.sh [-v] [FILE...]
#
# valid/*.c    must compile with `gcc -c -O0` and `gcc -c -O2` (assembler
#              included), with exactly the warnings listed in `/* warn: */`
#              (plus `/* warn-O0: */` / `/* warn-O2: */` for one level only);
#              the assembler must print nothing.
# invalid/*.c  must fail at -O0 and at -O2, and the list of `error:` messages
#              must equal the `/* expect: */` lines, in order (warnings ignored).
# optdep/*.c   per level: if `/* expect-O0: */` (`expect-O2`) lines exist, that
#              level must fail with exactly those errors; otherwise it must
#              succeed with the `warn:` + `warn-O0:` (`warn-O2:`) warnings.
# `/* flags: ... */` adds options to both gcc runs.
#
#   tests/corpus/check-with-gcc.sh --stamp FILE [GCC-FLAGS...]
#              prints what gcc says about FILE at -O0 and -O2 as header lines
#              (expect:/warn:), to help write the header of a new file.
#
# Environment: CC (default gcc), JOBS (default nproc).
# Prints one line per failure and the summary "N passed, M failed";
# exits non-zero if anything failed.
set -u

CC=${CC:-gcc}
export CC LC_ALL=C LANG=C

if [ "${1:-}" = "--stamp" ]; then
    f=$2; shift 2
    for lvl in O0 O2; do
        echo "== -$lvl"
        "$CC" -c "-$lvl" -fdiagnostics-color=never "$@" "$f" -o /dev/null 2>&1 |
            sed -n -E -e 's@^[^ ]*:[0-9]+(:[0-9]+)?: error: (.*)$@/* expect: \2 */@p' \
                      -e 's@^[^ ]*:[0-9]+(:[0-9]+)?: (sorry, unimplemented: .*)$@/* expect: \2 */@p' \
                      -e 's@^[^ ]*:[0-9]+(:[0-9]+)?: warning: (.*)$@/* warn: \2 */@p' \
                      -e 's@^([^ ]*:[0-9]+: (Error|Warning): .*)$@assembler: \1@p' |
            sed -E 's@ \[-W[^]]*\] \*/$@ */@'
        echo "rc=${PIPESTATUS[0]}"
    done
    exit 0
fi

if [ "${1:-}" = "--one" ]; then
    f=$2
    verbose=${CHECK_VERBOSE:-0}
    dir=$(basename "$(dirname "$f")")
    # header lines: /* key: value */ on a line of their own
    hdr() { sed -n -E "s@^/\\* $1: (.*) \\*/\$@\\1@p" "$f"; }
    flags=$(hdr flags)
    fail() { echo "FAIL $f: $*"; exit 1; }
    for lvl in O0 O2; do
        out=$("$CC" -c "-$lvl" -fdiagnostics-color=never $flags "$f" -o /dev/null 2>&1)
        rc=$?
        errs=$(printf '%s\n' "$out" | sed -n -E -e 's/^[^ ]*:[0-9]+(:[0-9]+)?: error: (.*)$/\2/p' \
                                              -e 's/^[^ ]*:[0-9]+(:[0-9]+)?: (sorry, unimplemented: .*)$/\2/p')
        warns=$(printf '%s\n' "$out" | sed -n -E 's/^[^ ]*:[0-9]+(:[0-9]+)?: warning: (.*)$/\2/p' \
                | sed -E 's/ \[-W[^]]*\]$//' | awk '!seen[$0]++')
        asmsg=$(printf '%s\n' "$out" | grep -E '^[^ ]*:[0-9]+: (Error|Warning): ')
        case $dir in
            valid)   want_errs=""; reject=0 ;;
            invalid) want_errs=$(hdr expect); reject=1 ;;
            optdep)  want_errs=$(hdr "expect-$lvl")
                     if [ -n "$want_errs" ]; then reject=1; else reject=0; fi ;;
            *) fail "unknown directory '$dir'" ;;
        esac
        if [ "$reject" = 1 ]; then
            [ "$rc" != 0 ] || fail "-$lvl: gcc accepted, expected errors"
            [ -n "$want_errs" ] || fail "no /* expect: */ lines"
            [ "$errs" = "$want_errs" ] || fail "-$lvl: errors differ
--- expected
$want_errs
--- gcc
$errs"
        else
            [ "$rc" = 0 ] || fail "-$lvl: gcc rejected (rc=$rc)
$out"
            [ -z "$asmsg" ] || fail "-$lvl: assembler complained: $asmsg"
            want_warns=$( { hdr warn; hdr "warn-$lvl"; } )
            [ "$warns" = "$want_warns" ] || fail "-$lvl: warnings differ
--- expected
$want_warns
--- gcc
$warns"
        fi
    done
    [ "$verbose" = 1 ] && echo "PASS $f"
    exit 0
fi

verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
# --one FILE is the per-file worker, run in parallel through xargs
here=$(cd "$(dirname "$0")" && pwd)
if ! "$CC" --version 2>/dev/null | head -1 | grep -q ' 12\.'; then
    echo "warning: expectations were recorded with gcc 12; $CC is: $("$CC" --version 2>/dev/null | head -1)" >&2
fi
if [ $# -gt 0 ]; then
    files=("$@")
else
    mapfile -t files < <(ls "$here"/valid/*.c "$here"/invalid/*.c "$here"/optdep/*.c 2>/dev/null)
fi
total=${#files[@]}
results=$(printf '%s\0' "${files[@]}" |
          CHECK_VERBOSE=$verbose xargs -0 -n 1 -P "${JOBS:-$(nproc 2>/dev/null || echo 2)}" "$0" --one)
failed=$(printf '%s\n' "$results" | grep -c '^FAIL ')
[ -n "$results" ] && printf '%s\n' "$results" | grep -v '^$'
echo "$((total - failed)) passed, $failed failed"
[ "$failed" = 0 ]
