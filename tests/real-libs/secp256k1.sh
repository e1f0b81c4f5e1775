#!/usr/bin/env bash
# libsecp256k1 (Debian source package) built through exasm, with its x86-64 inline asm on
# (`--with-asm=x86_64`: src/field_5x52_asm_impl.h and src/scalar_4x64_impl.h, the "bignum"
# style: every GPR but %rsp/%rbp clobbered or fixed, scratch in "=m" locals, "=g"/"g" operands
# next to a full clobber list), then the library's own test programs run.
#
# Three builds, one after the other, each configured and made out of tree from one copy of the
# source (autoreconf'd once; the fetched tree is never written to):
#   gcc            plain gcc: the reference
#   exasm-gcc      CC=exasm-cc-gcc      (a link to exasm: `exasm cc --with gcc`)
#   exasm-chibicc  CC=exasm-cc-chibicc  (`exasm cc --with chibicc`)
# CFLAGS get -save-temps=obj, so every compiled unit leaves its preprocessed C (for exasm: the
# lowered C) and, for exasm, its thunks: the asm statements are counted in those, the thunks in
# the objects (`nm`, `__exasm_*`).
#
# Environment:
#   EXASM            the exasm binary (default target/release/exasm, relative to the repository)
#   EXASM_SHARED     directory holding tools/debsrc.sh (default ../../../shared from this script)
#   EXASM_DEBSRC     the debsrc.sh to use (overrides EXASM_SHARED)
#   SECP256K1_SRC    an unpacked libsecp256k1 source tree to use instead of fetching one
#   BUILDS           which builds, in order (default "gcc exasm-gcc exasm-chibicc")
#   JOBS             make -j (default: nproc)
#   CHIBICC_CPPFLAGS CPPFLAGS of the chibicc build (default: the workaround below)
#   SECP_ASM         --with-asm= (default x86_64; `no` to check a build without the asm)
#   SECP_EARLYCLOBBER_FIX=1  add the early clobbers upstream added later (see below)
#   TEST_ITERS       iteration count for `tests` (default 16; the library's default is 64)
#   EXHAUSTIVE_ITERS iteration count for `exhaustive_tests` (default 1; the library's is 2)
#   TEST_SEED        the seed every test program gets (hex, default fixed)
#   CHIBICC_TEST_ITERS, CHIBICC_EXHAUSTIVE_SPLIT  the same for the chibicc build (default 1;
#                    "4 0": a quarter of the exhaustive tests), which runs unoptimized code
#   CHIBICC_WORKAROUNDS=0  do not patch src/tests.c around chibicc's `~` bug (see below)
#   TEST_TIMEOUT     seconds per test program (default 600)
#   KEEP=1           keep the build directory (its path is printed)
#   RESULTS=FILE     append one tab-separated row per build to FILE (run-all.sh's input)
# Exit status: 0 when every build built and passed every test; 1 when an exasm build failed
# (built or tested); 2 when the reference gcc build failed or the setup did (nothing judged).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${EXASM_SHARED:-$here/../../../shared}
debsrc=${EXASM_DEBSRC:-$shared/tools/debsrc.sh}
builds=${BUILDS:-gcc exasm-gcc exasm-chibicc}
jobs=${JOBS:-$(nproc)}
test_iters=${TEST_ITERS:-16}
exhaustive_iters=${EXHAUSTIVE_ITERS:-1}
seed=${TEST_SEED:-5ec9256b1e8a5ad0c0ffee0123456789}
test_timeout=${TEST_TIMEOUT:-600}

exasm=${EXASM:-target/release/exasm}
case $exasm in /*) ;; *) exasm=$repo/$exasm ;; esac

die() { echo "secp256k1.sh: $*" >&2; exit 2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

for tool in gcc make autoreconf libtoolize nm python3 timeout; do
  command -v "$tool" >/dev/null || die "missing $tool (apt-get install gcc make autoconf automake libtool binutils python3 coreutils)"
done
case " $builds " in *" exasm-"*) [ -x "$exasm" ] || die "no exasm at $exasm (cargo build --release -p exasm-cli, or set EXASM)" ;; esac
case " $builds " in *" exasm-chibicc "*) command -v chibicc >/dev/null || die "missing chibicc (apt-get install chibicc)" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/exasm-secp256k1.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The source: fetched (or given), copied, autoreconf'd once.
if [ -n "${SECP256K1_SRC:-}" ]; then
  fetched=$SECP256K1_SRC
else
  [ -x "$debsrc" ] || die "no debsrc.sh at $debsrc (set EXASM_SHARED or EXASM_DEBSRC)"
  fetched=$("$debsrc" libsecp256k1) || die "debsrc.sh libsecp256k1 failed"
fi
[ -f "$fetched/src/field_5x52_asm_impl.h" ] || die "$fetched is not a libsecp256k1 tree"
src=$work/src
cp -a "$fetched" "$src"
rm -rf "$src/debian" "$src/.pc"
# chibicc bug (not exasm's): `~` on an unsigned short is not promoted to int, so
# `(uint16_t)~a[i]` keeps the upper bits (0xffffffff for a[i] == 0) and tests.c's neg256()
# is wrong: `tests` aborts at its first int128 check (tests.c:1898, secp256k1_i128_det), before
# any field or scalar test. The same value without `~`, for every build alike:
if [ "${CHIBICC_WORKAROUNDS:-1}" = 1 ]; then
  sed -i 's/carry += (uint16_t)~a\[i\];/carry += (uint16_t)(0xFFFFu - a[i]);/' "$src/src/tests.c"
  grep -q '0xFFFFu - a\[i\]' "$src/src/tests.c" && echo "note: src/tests.c neg256() patched around chibicc's ~ bug (CHIBICC_WORKAROUNDS=0: not)" \
    || echo "note: src/tests.c has no neg256() line to patch" >&2
fi
# The asm in 0.2.0 lacks early clobbers (upstream issue #766, fixed by PR #1307 in 0.3.2):
# scalar_4x64_impl.h:281 writes its "=g" outputs m0-m2 before its last read through the "S"
# input (%rsi). gcc 12 happens to give m0-m3 stack slots and only m6 (written last) %rsi; any
# other allocation gcc's rules allow (a non-early-clobber output may share an input's register)
# can crash. Upstream also marked field_5x52_asm_impl.h's "=m" tmp1-tmp3 early clobber (harmless
# there). SECP_EARLYCLOBBER_FIX=1 applies that upstream fix (diagnosis only).
if [ "${SECP_EARLYCLOBBER_FIX:-0}" = 1 ]; then
  sed -i 's/: "=g"(m0), "=g"(m1), "=g"(m2), /: "=\&g"(m0), "=\&g"(m1), "=\&g"(m2), /' "$src/src/scalar_4x64_impl.h"
  sed -i 's/: "+S"(a), "=m"(tmp1), "=m"(tmp2), "=m"(tmp3)/: "+S"(a), "=\&m"(tmp1), "=\&m"(tmp2), "=\&m"(tmp3)/' "$src/src/field_5x52_asm_impl.h"
  n=$(cat "$src/src/scalar_4x64_impl.h" "$src/src/field_5x52_asm_impl.h" | grep -c '"=&[gm]"(\(m0\|tmp1\))' || true)
  echo "note: upstream PR #1307's early clobbers applied ($n of 3 statements)"
fi
(cd "$src" && autoreconf -fi) >"$work/autoreconf.log" 2>&1 || { cat "$work/autoreconf.log" >&2; die "autoreconf failed"; }
version=$(sed -n 's/^PACKAGE_VERSION=.\(.*\).$/\1/p' "$src/configure" | head -1)

# exasm as CC without spaces: links named exasm-cc-COMPILER (docs/cc.md).
bin=$work/bin
mkdir -p "$bin"
ln -s "$exasm" "$bin/exasm-cc-gcc"
ln -s "$exasm" "$bin/exasm-cc-chibicc"

configure_flags=(
  --with-asm="${SECP_ASM:-x86_64}" # the inline asm, required (configure fails if the asm
                               # probe does); SECP_ASM=no builds without it (diagnosis only)
  --disable-benchmark          # bench, bench_internal, bench_ecmult: not tests
  --enable-tests --enable-exhaustive-tests --enable-examples
  # the modules Debian enables (debian/rules), so their tests run too
  --enable-experimental --enable-module-ecdh --enable-module-recovery
  --enable-module-extrakeys --enable-module-schnorrsig
  --with-valgrind=no           # no valgrind_ctime_test, no -DVALGRIND: the same build everywhere
)
# src/precomputed_ecmult.c and src/precomputed_ecmult_gen.c are shipped: no host build of the
# precompute_* programs is needed (make builds them only when those files are missing).
cflags="-g -O2"

programs=(tests exhaustive_tests ecdsa_example ecdh_example schnorr_example)
# chibicc does not optimize and has no __int128 (the struct fallback): its `tests 16` takes
# ~8 min and `exhaustive_tests 1` ~2.5 min without the asm, so it runs less by default.
args_for() { # BUILD PROGRAM
  case $1:$2 in
    exasm-chibicc:tests) echo "${CHIBICC_TEST_ITERS:-1} $seed" ;;
    exasm-chibicc:exhaustive_tests) echo "$exhaustive_iters $seed ${CHIBICC_EXHAUSTIVE_SPLIT:-4 0}" ;;
    *:tests) echo "$test_iters $seed" ;;
    *:exhaustive_tests) echo "$exhaustive_iters $seed" ;;
    *) echo "" ;;
  esac
}

declare -A R_FILES R_ASM R_LEFT R_THUNKS R_BUILD R_TESTS R_TIME R_CONF R_MAKE R_WIDE R_ASMON R_CHECK
failed_exasm=0
failed_ref=0

# Extended asm statements (gcc's `asm(... : ...)`; not asm labels) in preprocessed files.
count_asm() {
  python3 - "$exasm" "$@" <<'PY'
import json, subprocess, sys
exasm, files = sys.argv[1], sys.argv[2:]
n = 0
for f in files:
    out = subprocess.run([exasm, "parse", "--json", f], capture_output=True, text=True)
    try:
        d = json.loads(out.stdout)
    except ValueError:
        print(f"exasm parse {f} failed: {out.stderr.strip()}", file=sys.stderr)
        continue
    n += sum(1 for s in d["statements"] if s["stmt"]["sections"] > 0)
print(n)
PY
}

# The distinct asm statements of the library, from the reference build's preprocessed files
# (mapped back to the original file:line through the line markers).
list_asm() {
  python3 - "$exasm" "$src" "$@" <<'PY'
import json, re, subprocess, sys, collections
exasm, srcdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
seen = collections.OrderedDict()
for f in files:
    text = open(f, encoding="utf-8", errors="replace").read()
    # line markers: byte offset -> (file, line)
    marks = []
    off = 0
    for line in text.splitlines(keepends=True):
        m = re.match(r'# (\d+) "([^"]*)"', line)
        if m:
            marks.append((off + len(line), m.group(2), int(m.group(1))))
        off += len(line)
    def where(pos):
        best = None
        for end, name, num in marks:
            if end <= pos:
                best = (end, name, num)
            else:
                break
        if best is None:
            return (f, text.count("\n", 0, pos) + 1)
        return (best[1], best[2] + text.count("\n", best[0], pos))
    d = json.loads(subprocess.run([exasm, "parse", "--json", f], capture_output=True, text=True).stdout)
    for s in d["statements"]:
        st = s["stmt"]
        if st["sections"] == 0:
            continue
        name, line = where(st["span"]["start"])
        name = name.replace(srcdir + "/", "")
        outs = ", ".join(o["constraint"]["value"] for o in st["outputs"])
        ins = ", ".join(i["constraint"]["value"] for i in st["inputs"])
        clob = ", ".join(c["value"] for c in st["clobbers"])
        seen.setdefault((name, line), f"{name}:{line}: outputs [{outs}] inputs [{ins}] clobbers [{clob}]")
for v in seen.values():
    print("  " + v)
per = collections.Counter(k[0] for k in seen)
print("  per file: " + (", ".join(f"{k} {v}" for k, v in per.items()) or "none"))
PY
}

run_build() {
  local name=$1 cc extra=()
  case $name in
    gcc) cc=gcc ;;
    exasm-gcc) cc=$bin/exasm-cc-gcc ;;
    exasm-chibicc)
      cc=$bin/exasm-cc-chibicc
      # exasm preprocesses for chibicc with gcc's preprocessor configured as chibicc, but
      # gcc's __has_attribute and __has_builtin stay defined (chibicc has neither): without
      # this, include/secp256k1.h's SECP256K1_DEPRECATED(msg) becomes
      # __attribute__((__deprecated__(msg))), which chibicc cannot parse, and util.h picks
      # __builtin_ctzl. (gcc warns `undefining "__has_attribute"` once per compilation.)
      # libtool does not know chibicc (no __GNUC__, so GCC=no): it would compile the shared
      # objects without -fPIC and link with a bare `-soname X` (no -Wl,), which chibicc takes
      # for an input file. The static library is what the tests link anyway.
      extra=(CPPFLAGS="${CHIBICC_CPPFLAGS--U__has_attribute -U__has_builtin}" --disable-shared)
      ;;
    *) die "unknown build $name" ;;
  esac
  local dir=$work/build-$name
  mkdir -p "$dir"
  echo "== $name: configure (CC=$(basename "$cc"))"
  local t0 t1 t2
  t0=$(now)
  local ok=yes
  if ! (cd "$dir" && "$src/configure" "${configure_flags[@]}" "${extra[@]}" CC="$cc" CFLAGS="$cflags") >"$dir/configure.log" 2>&1; then
    ok=no
    echo "   configure FAILED (tail of config.log):"
    grep -n "error\|Error" "$dir/config.log" | tail -8 | sed 's/^/   | /'
    tail -5 "$dir/configure.log" | sed 's/^/   | /'
  fi
  t1=$(now)
  R_CONF[$name]=$(elapsed "$t0" "$t1")
  if [ $ok = yes ]; then
    local h=$dir/src/libsecp256k1-config.h
    R_ASMON[$name]=$(grep -q '^#define USE_ASM_X86_64 1' "$h" && echo on || echo OFF)
    sed -n 's/^  \(asm\|SECP_CFLAGS\) *= *\(.*\)$/   \1: \2/p' "$dir/configure.log"
    echo "== $name: make -k -j$jobs"
    if ! (cd "$dir" && make -k -j"$jobs" CFLAGS="$cflags -save-temps=obj") >"$dir/make.log" 2>&1; then
      ok=no
      echo "   make FAILED; errors (distinct, with how many compiled units reported each):"
      grep -E ': (fatal )?error: |\*\*\* \[' "$dir/make.log" | sed "s|$src/||" | sort | uniq -c | sort -k2 | head -40 | sed 's/^/   | /'
    fi
    local nwarn
    nwarn=$(grep -c ': warning: ' "$dir/make.log" || true)
    if [ "$nwarn" -gt 0 ]; then
      echo "   $nwarn warnings; by message:"
      grep -o ': warning: .*' "$dir/make.log" | sort | uniq -c | sort -rn | head -8 | sed 's/^/   | /'
    fi
  else
    R_ASMON[$name]=-
  fi
  t2=$(now)
  R_MAKE[$name]=$(elapsed "$t1" "$t2")
  R_TIME[$name]=$(elapsed "$t0" "$t2")
  R_BUILD[$name]=$ok

  # What was compiled, and what exasm made of it.
  local objs ifiles thunkfiles
  mapfile -t objs < <(find "$dir" -name '*.o' -not -path '*/conftest*' | sort)
  mapfile -t ifiles < <(find "$dir" -name '*.i' -not -path '*/conftest*' | sort)
  mapfile -t thunkfiles < <(find "$dir" -name '*.thunks.s' | sort)
  # compiled units: automake's silent "  CC  target" lines (a libtool .lo is two compilations,
  # -fPIC and not); a unit is ok when its target exists
  local targets=() t okn=0
  mapfile -t targets < <(sed -n 's/^  CC  *//p' "$dir/make.log" 2>/dev/null | sort -u)
  for t in "${targets[@]}"; do [ -e "$dir/$t" ] && okn=$((okn + 1)); done
  R_FILES[$name]="$okn/${#targets[@]}"
  R_ASM[$name]=0 R_LEFT[$name]=- R_THUNKS[$name]=-
  if [ "$name" = gcc ]; then
    if ((${#ifiles[@]})); then
      R_ASM[$name]=$(count_asm "${ifiles[@]}")
      echo "   asm statements in the library (distinct source locations):"
      list_asm "${ifiles[@]}"
    fi
  else
    # lowered: one thunk per asm statement, marked in the thunks file; none left in the C
    R_LEFT[$name]=0 R_THUNKS[$name]=0
    if ((${#thunkfiles[@]})); then R_ASM[$name]=$(cat "${thunkfiles[@]}" | grep -c '^# exasm: asm statement' || true); fi
    if ((${#ifiles[@]})); then R_LEFT[$name]=$(count_asm "${ifiles[@]}"); fi
    if ((${#objs[@]})); then R_THUNKS[$name]=$(nm --defined-only "${objs[@]}" 2>/dev/null | grep -c ' __exasm_[0-9a-f]*_[0-9]*$' || true); fi
  fi
  # 128-bit arithmetic: unsigned __int128 (native) or util.h's struct fallback
  R_WIDE[$name]=-
  local ti=$dir/src/tests-tests.i  # gcc names it after the object, exasm after the source
  [ -f "$ti" ] || ti=$dir/src/tests.i
  if [ -f "$ti" ]; then
    if grep -q 'typedef unsigned __int128 uint128_t' "$ti"; then R_WIDE[$name]=native
    elif grep -q 'typedef secp256k1_uint128 secp256k1_int128' "$ti"; then R_WIDE[$name]=struct
    fi
  fi

  # The library's own tests.
  local pass=0 total=0 p t_tests
  t_tests=$(now)
  for p in "${programs[@]}"; do
    total=$((total + 1))
    if [ ! -x "$dir/$p" ]; then
      echo "   $p: not built"
      continue
    fi
    local a t3 t4 rc=0
    read -r -a a <<<"$(args_for "$name" "$p")"
    t3=$(now)
    (cd "$dir" && timeout "$test_timeout" "./$p" "${a[@]}") >"$dir/$p.log" 2>&1 || rc=$?
    t4=$(now)
    if [ $rc = 0 ]; then
      pass=$((pass + 1))
      echo "   $p ${a[*]}: ok ($(elapsed "$t3" "$t4") s)"
    else
      echo "   $p ${a[*]}: FAILED (exit $rc$([ $rc = 124 ] && echo ", timeout ${test_timeout}s"), $(elapsed "$t3" "$t4") s):"
      tail -5 "$dir/$p.log" | sed 's/^/   | /'
    fi
  done
  R_TESTS[$name]="$pass/$total"
  R_CHECK[$name]=$(elapsed "$t_tests" "$(now)")
  # the asm must have gone through exasm: thunks in the objects, no asm left in the lowered C
  if [ "$name" != gcc ] && [ $ok = yes ] && [ "${R_ASMON[$name]}" = on ]; then
    if [ "${R_THUNKS[$name]}" = 0 ] || [ "${R_LEFT[$name]}" != 0 ]; then
      echo "   FAILED: ${R_THUNKS[$name]} thunks, ${R_LEFT[$name]} asm statements left in the lowered C"
      ok=no
    fi
  fi
  if [ $ok != yes ] || [ $pass != $total ]; then
    if [ "$name" = gcc ]; then failed_ref=1; else failed_exasm=1; fi
  fi
  if [ -n "${RESULTS:-}" ]; then
    # run-all.sh's row: package version build files asm left thunks built passed total build_s check_s
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' libsecp256k1 "$version" "$name" "${R_FILES[$name]#*/}" \
      "${R_ASM[$name]}" "${R_LEFT[$name]}" "${R_THUNKS[$name]}" "$ok" "$pass" "$total" "${R_TIME[$name]}" "${R_CHECK[$name]}" >>"$RESULTS"
  fi
}

echo "libsecp256k1 $version from $fetched; exasm: $exasm; builds: $builds; make -j$jobs"
echo "tests: tests $test_iters $seed; exhaustive_tests $exhaustive_iters $seed; examples"
for b in $builds; do
  run_build "$b"
done

ref=${R_TIME[gcc]:-}
echo
printf '%-14s %6s %5s %5s %6s %6s %7s %6s %6s %9s %9s %7s\n' build files asm left thunks useasm int128 built tests config_s make_s ratio
for b in $builds; do
  ratio=-
  if [ -n "$ref" ]; then ratio=$(awk -v a="${R_TIME[$b]}" -v r="$ref" 'BEGIN { if (r > 0) printf "%.2fx", a / r; else print "-" }'); fi
  printf '%-14s %6s %5s %5s %6s %6s %7s %6s %6s %9s %9s %7s\n' "$b" "${R_FILES[$b]}" "${R_ASM[$b]}" "${R_LEFT[$b]}" "${R_THUNKS[$b]}" "${R_ASMON[$b]}" "${R_WIDE[$b]}" "${R_BUILD[$b]}" "${R_TESTS[$b]}" "${R_CONF[$b]}" "${R_MAKE[$b]}" "$ratio"
done
echo "(files: C units compiled ok/attempted; asm: extended asm statements in the compiled units (gcc: in the"
echo " preprocessed C; exasm: lowered, one per thunk); left: asm statements left in exasm's lowered C;"
echo " thunks: __exasm_ symbols defined in the objects; useasm: USE_ASM_X86_64 configured; int128:"
echo " unsigned __int128 or the struct fallback; ratio: configure+make time over gcc's)"

if [ $failed_ref = 1 ]; then exit 2; fi
if [ $failed_exasm = 1 ]; then exit 1; fi
exit 0
