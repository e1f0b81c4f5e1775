#!/usr/bin/env bash
# A Debian source package built with autotools through exasm, then its own test suite
# (`make check`):   tests/real-libs/autotools.sh gmp|libgcrypt20
#
# gmp: GMP's C is full of longlong.h's x86-64 inline asm: add_ssaaaa, sub_ddmmss ("=r", "=&r",
#   "0", "%1", "rme"), umul_ppmm ("=a", "=d", "%0", "rm"), udiv_qrnnd ("0", "1" ties),
#   count_leading/trailing_zeros, expanded in hundreds of functions inside do-while blocks and
#   nested macros. (Not --disable-assembly: that defines NO_ASM, which turns the inline asm off
#   too; the mpn .asm files go through `exasm cc` as assembler input.)
# libgcrypt20: AES-NI, PCLMUL, SHA-NI and SSSE3 code written as inline asm with "m" and "x"
#   operands (cipher/rijndael-aesni.c, crc-intel-pclmul.c, ...), mpi/longlong.h, cpuid/rdrand
#   probes (needs libgpg-error-dev).
#
# Two builds, out of tree from one copy of the source:
#   gcc        plain gcc: the reference
#   exasm-gcc  CC=exasm-cc-gcc (a link to exasm: `exasm cc --with gcc`)
# Each: configure, make, make check; the summary gives the tests passed and failed and, for
# exasm, how many thunks its objects hold (`nm`, `__exasm_*`).
#
# Environment:
#   EXASM         the exasm binary (default target/release/exasm, relative to the repository)
#   EXASM_SHARED  directory holding tools/debsrc.sh (default ../../../shared from this script)
#   SRC           an unpacked source tree to use instead of fetching one
#   BUILDS        which builds, in order (default "gcc exasm-gcc")
#   JOBS          make -j (default: nproc)
#   KEEP=1        keep the build directory (its path is printed)
# Exit status: 0 when every build built and passed its tests; 1 when the exasm build failed
# (built or tested); 2 when the reference build or the setup failed (nothing judged).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${EXASM_SHARED:-$here/../../../shared}
builds=${BUILDS:-gcc exasm-gcc}
jobs=${JOBS:-$(nproc)}
exasm=${EXASM:-target/release/exasm}
case $exasm in /*) ;; *) exasm=$repo/$exasm ;; esac

die() { echo "autotools.sh: $*" >&2; exit 2; }
pkg=${1:-}
case $pkg in
  gmp) probe=longlong.h; configure_flags=(--build=x86_64-pc-linux-gnu) ;;
  libgcrypt20) probe=cipher/rijndael-aesni.c; configure_flags=(--build=x86_64-pc-linux-gnu --disable-doc) ;;
  *) die "usage: autotools.sh gmp|libgcrypt20" ;;
esac
for tool in gcc make m4 nm; do
  command -v "$tool" >/dev/null || die "missing $tool (apt-get install gcc make m4 binutils)"
done
case " $builds " in *" exasm-gcc "*) [ -x "$exasm" ] || die "no exasm at $exasm (cargo build --release -p exasm-cli, or set EXASM)" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/exasm-$pkg.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${SRC:-}" ]; then
  fetched=$SRC
else
  fetched=$("$shared/tools/debsrc.sh" "$pkg") || die "debsrc.sh $pkg failed"
fi
[ -f "$fetched/$probe" ] || die "$fetched is not a $pkg tree"
src=$work/src
cp -a "$fetched" "$src"
rm -rf "$src/debian" "$src/.pc"
# GMP's dfsg tarball drops the manual: configure still wants doc/Makefile.in.
if [ "$pkg" = gmp ] && [ ! -f "$src/doc/Makefile.in" ]; then
  mkdir -p "$src/doc"
  printf 'all:\n\t@:\n.DEFAULT:\n\t@:\n' >"$src/doc/Makefile.in"
fi

bin=$work/bin
mkdir -p "$bin"
ln -s "$exasm" "$bin/exasm-cc-gcc"

status=0
summary=()
for b in $builds; do
  dir=$work/build-$b
  mkdir -p "$dir"
  case $b in
    gcc) cc=gcc ;;
    exasm-gcc) cc=$bin/exasm-cc-gcc ;;
    *) die "unknown build $b" ;;
  esac
  start=$(date +%s)
  echo "== $b: configure"
  # A generic x86-64 host: the asm longlong.h picks does not depend on the build machine.
  if ! (cd "$dir" && "$src/configure" "${configure_flags[@]}" CC="$cc" CFLAGS="-O2" >configure.log 2>&1); then
    tail -20 "$dir/configure.log" >&2
    summary+=("$b: configure failed")
    [ "$b" = gcc ] && status=2 || status=1
    continue
  fi
  echo "== $b: make -j$jobs"
  if ! (cd "$dir" && make -j"$jobs" >make.log 2>&1); then
    grep -E "error|Error" "$dir/make.log" | head -20 >&2
    summary+=("$b: build failed")
    [ "$b" = gcc ] && status=2 || status=1
    continue
  fi
  thunks=$(find "$dir" -name '*.o' -exec nm {} + 2>/dev/null | grep -c ' T __exasm_' || true)
  echo "== $b: make check"
  (cd "$dir" && make -j"$jobs" check >check.log 2>&1) || true
  # Both automake harnesses print a PASS:/FAIL:/ERROR: line per test.
  pass=$(grep -c '^PASS: ' "$dir/check.log" || true)
  fail=$(grep -c '^FAIL: ' "$dir/check.log" || true)
  errors=$(grep -c '^ERROR: ' "$dir/check.log" || true)
  secs=$(( $(date +%s) - start ))
  summary+=("$b: $pass tests passed, $fail failed, $errors errors; $thunks thunks in the objects; ${secs}s")
  if [ "$fail" != 0 ] || [ "$errors" != 0 ] || [ "$pass" = 0 ]; then
    grep -h -A10 '^FAIL: \|^ERROR: ' "$dir/check.log" | head -40 >&2 || true
    [ "$b" = gcc ] && status=2 || status=1
  fi
done
echo
echo "$pkg $(basename "$fetched"):"
printf '  %s\n' "${summary[@]}"
exit $status
