#!/usr/bin/env bash
# A Debian source package with x86-64 inline asm in C, built through exasm, then its own test
# suite:   tests/real-libs/package.sh gmp|libgcrypt20|mpfr4|liburcu|ck
# (libsecp256k1 has its own script, secp256k1.sh; tests/real-libs/run-all.sh runs every package
# and writes docs/real-projects.md.)
#
# Builds, one after the other, each from its own copy of the source (the fetched tree is never
# written to), each configured, made and tested alike:
#   gcc                plain gcc: the reference
#   exasm-gcc          CC=exasm-cc-gcc      (a link to exasm: `exasm cc --with gcc`)
#   exasm-chibicc      CC=exasm-cc-chibicc  (`exasm cc --with chibicc`), as a user would
#                      configure it; chibicc defines no __GNUC__, so headers that choose their
#                      asm by it (gmp's longlong.h, mpfr's, ck's) compile their C fallback
#   exasm-chibicc-gnuc the same with `-include gnuc.h -D__builtin_expect(x,c)=(x)` on every
#                      compilation, gnuc.h being `#include <limits.h>`, `#define _GCC_LIMITS_H_
#                      1`, `#define __GNUC__ 4`, `#define __attribute__(x)`: the asm paths, as
#                      a user gets them (glibc's headers put `__attribute__((__nothrow__))`
#                      after declarators once __GNUC__ is defined, which chibicc cannot parse)
# CC is a small wrapper around the compiler that logs each compilation of a C file and adds
# -save-temps=obj to it (configure's conftest programs excepted), so every unit leaves its
# preprocessed C (for exasm: the lowered C) and, for exasm, its thunks (.thunks.s).
#
# The packages and what their configuration keeps of their asm:
#   gmp          --disable-assembly (the generic C mpn, no .asm files) with NO_ASM taken out of
#                config.h again: --disable-assembly defines it, and it turns longlong.h's inline
#                asm (add_ssaaaa, umul_ppmm, udiv_qrnnd, count-zeros) off too. `make check`.
#   libgcrypt20  the amd64 .S cipher implementations off (the two assembler probes answered
#                no); the inline asm kept: AES-NI, PCLMUL, SHA-NI, SSSE3 with "m"/"x" operands,
#                mpi/longlong.h, cpuid/rdrand probes. mpi/amd64/*.S stay (configure has no
#                switch that drops them and keeps the inline asm); exasm passes them to the
#                assembler. Needs libgpg-error-dev. `make check`.
#   mpfr4        against the installed libgmp-dev: mpfr-longlong.h's x86-64 asm. `make check`.
#   liburcu      the x86 atomics and barriers of urcu/uatomic/x86.h and urcu/arch/x86.h, in
#                every file of the library and the tests. `make check` (unit and regression).
#   ck           Concurrency Kit: include/gcc/x86_64/ck_pr.h (lock-prefixed ops, cmpxchg16b,
#                fences); its own configure (--cores=2), `make check` per regression directory
#                (each directory counts as one test).
#
# Output: a summary line per build; with RESULTS=FILE, one tab-separated row per build is
# appended to FILE (run-all.sh's input): package version build files asm left thunks built
# passed total build_s check_s note.
#
# Environment:
#   EXASM         the exasm binary (default target/release/exasm, relative to the repository)
#   EXASM_SHARED  directory holding tools/debsrc.sh (default ../../../shared from this script)
#   SRC           an unpacked source tree to use instead of fetching one
#   BUILDS        which builds, in order (default: gcc exasm-gcc exasm-chibicc, and
#                 exasm-chibicc-gnuc for the packages whose asm needs __GNUC__)
#   JOBS          make -j (default 2)
#   CHECK_TIMEOUT seconds for one build's test suite (default 1800)
#   KEEP=1        keep the build directory (its path is printed)
# Exit status: 0 when every build built and passed its tests; 1 when an exasm build failed
# (built or tested); 2 when the reference build or the setup failed (nothing judged).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${EXASM_SHARED:-$here/../../../shared}
jobs=${JOBS:-2}
check_timeout=${CHECK_TIMEOUT:-1800}
exasm=${EXASM:-target/release/exasm}
case $exasm in /*) ;; *) exasm=$repo/$exasm ;; esac

die() { echo "package.sh: $*" >&2; exit 2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

pkg=${1:-}
gnuc_builds=""
# What a user adds for chibicc (both chibicc builds): the GNU builtins it lacks, where a
# package uses them
chibicc_flags=()
case $pkg in
  gmp)
    probe=longlong.h
    configure_flags=(--build=x86_64-pc-linux-gnu --disable-assembly)
    gnuc_builds=" exasm-chibicc-gnuc"
    ;;
  libgcrypt20)
    probe=cipher/rijndael-aesni.c
    configure_flags=(--build=x86_64-pc-linux-gnu --disable-doc
      gcry_cv_gcc_amd64_platform_as_ok=no gcry_cv_gcc_platform_as_ok_for_intel_syntax=no)
    ;;
  mpfr4)
    probe=src/mpfr-longlong.h
    configure_flags=(--build=x86_64-pc-linux-gnu)
    gnuc_builds=" exasm-chibicc-gnuc"
    ;;
  liburcu)
    probe=include/urcu/uatomic/x86.h
    configure_flags=(--build=x86_64-pc-linux-gnu)
    # __builtin_trap (uatomic/generic.h when not optimizing: chibicc never is), __builtin_expect,
    # __builtin_constant_p, and __atomic_load, which rcu_dereference uses under C11 unless told
    # to use a volatile load
    chibicc_flags=('-D__builtin_trap()=__asm__ __volatile__("ud2")' '-D__builtin_expect(x,c)=(x)'
      '-D__builtin_constant_p(x)=0' -DURCU_DEREFERENCE_USE_VOLATILE)
    ;;
  ck)
    probe=include/gcc/x86_64/ck_pr.h
    configure_flags=(--cores=2)
    # the builtins ck's gcc headers use (ck_cc.h, ck_stack.h), which chibicc lacks
    chibicc_flags=(-D_GNU_SOURCE -include string.h -include strings.h
      '-D__builtin_ffsl(x)=ffsl(x)' '-D__builtin_ffsll(x)=ffsll(x)' '-D__builtin_ctz(x)=(ffs(x) - 1)'
      '-D__builtin_popcount(x)=({ unsigned __v = (x), __c = 0; for (; __v; __v &= __v - 1) __c++; (int)__c; })'
      '-D__builtin_offsetof(t,m)=((unsigned long)&((t *)0)->m)')
    gnuc_builds=" exasm-chibicc-gnuc"
    ;;
  *) die "usage: package.sh gmp|libgcrypt20|mpfr4|liburcu|ck" ;;
esac
builds=${BUILDS:-gcc exasm-gcc exasm-chibicc$gnuc_builds}

for tool in gcc make m4 nm python3 timeout; do
  command -v "$tool" >/dev/null || die "missing $tool (apt-get install gcc make m4 binutils python3 coreutils)"
done
case " $builds " in *" exasm-"*) [ -x "$exasm" ] || die "no exasm at $exasm (cargo build --release -p exasm-cli, or set EXASM)" ;; esac
case " $builds " in *" exasm-chibicc"*) command -v chibicc >/dev/null || die "missing chibicc (apt-get install chibicc)" ;; esac

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
version=$(basename "$fetched"); version=${version#"$pkg"-}

bin=$work/bin
mkdir -p "$bin"
ln -s "$exasm" "$bin/exasm-cc-gcc"
ln -s "$exasm" "$bin/exasm-cc-chibicc"

# CC for one build: logs each compilation of a C file (not configure's conftest) to
# $dir/compilations.log and keeps its temporary files beside the object.
make_wrapper() { # NAME REAL-CC EXTRA-FLAGS...
  local name=$1 real=$2; shift 2
  local w=$bin/cc-$name extra=""
  local a
  for a in "$@"; do extra+=" '$a'"; done
  cat >"$w" <<EOF
#!/bin/sh
temps=
for a in "\$@"; do
  case \$a in
    conftest*|*/conftest*) temps=; break ;;
    *.c) temps=-save-temps=obj; echo "\$PWD \$a" >>"$work/build-$name/compilations.log" ;;
  esac
done
exec "$real"$extra \$temps "\$@"
EOF
  chmod +x "$w"
  echo "$w"
}

# Extended asm statements (not asm labels) in preprocessed files.
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
        print(f"exasm parse {f} failed: {out.stderr.strip()[:200]}", file=sys.stderr)
        continue
    n += sum(1 for s in d["statements"] if s["stmt"]["sections"] > 0)
print(n)
PY
}

# The source, copied once and made buildable; every build configures it out of tree (ck, whose
# configure writes into its tree, gets a copy per build).
src=$work/src
cp -a "$fetched" "$src"
rm -rf "$src/debian" "$src/.pc"
case $pkg in
  gmp)
    # the dfsg tarball drops the manual: configure still wants doc/Makefile.in
    if [ ! -f "$src/doc/Makefile.in" ]; then
      mkdir -p "$src/doc"
      printf 'all:\n\t@:\n.DEFAULT:\n\t@:\n' >"$src/doc/Makefile.in"
    fi
    ;;
  liburcu)
    # Debian's patches (applied by the unpacking) change Makefile.am files: regenerate once
    command -v autoreconf >/dev/null || die "missing autoreconf (apt-get install autoconf automake libtool)"
    (cd "$src" && autoreconf -fi) >"$work/autoreconf.log" 2>&1 || { tail "$work/autoreconf.log" >&2; die "autoreconf failed"; }
    ;;
esac

ck_dirs() { # BUILD-DIR: ck's regression directories (ck_NAME: NAME)
  sed -n '/^DIR=/,/^$/p' "$1/regressions/Makefile" | tr -d '\\' | sed 's/DIR=//' | tr -s ' \t\n' '\n' | sort -u
}

run_tests() { # BUILD-DIR: prints "passed total"
  local d=$1
  case $pkg in
    ck)
      local dirs p=0 t=0 x
      dirs=$(ck_dirs "$d")
      for x in $dirs; do
        t=$((t + 1))
        if (cd "$d/regressions/ck_$x/validate" && timeout 600 make check) >>"$d/check.log" 2>&1; then
          p=$((p + 1)); echo "PASS: ck_$x" >>"$d/check.log"
        else
          echo "FAIL: ck_$x" >>"$d/check.log"
        fi
      done
      echo "$p $t"
      ;;
    *)
      (cd "$d" && timeout "$check_timeout" make -k -j"$jobs" check) >"$d/check.log" 2>&1 || true
      # the automake harnesses (parallel and TAP) print one line per test
      local p f
      p=$(grep -c '^PASS: ' "$d/check.log" || true)
      f=$(grep -c '^\(FAIL\|ERROR\|XPASS\): ' "$d/check.log" || true)
      echo "$p $((p + f))"
      ;;
  esac
}

status=0
summary=()
for b in $builds; do
  dir=$work/build-$b
  mkdir -p "$dir"
  extra_conf=()
  case $b in
    gcc) cc=$(make_wrapper "$b" gcc) ;;
    exasm-gcc) cc=$(make_wrapper "$b" "$bin/exasm-cc-gcc") ;;
    exasm-chibicc|exasm-chibicc-gnuc)
      if [ "$b" = exasm-chibicc-gnuc ]; then
        # glibc's <limits.h> defines its constants only without __GNUC__ and otherwise
        # #include_next's gcc's own, which chibicc has not: it is included first, then
        # __GNUC__ defined; sys/cdefs.h then uses __builtin_expect, which chibicc lacks
        printf '#include <limits.h>\n#define _GCC_LIMITS_H_ 1\n#define __GNUC__ 4\n#define __attribute__(x)\n' >"$bin/gnuc.h"
        cc=$(make_wrapper "$b" "$bin/exasm-cc-chibicc" "${chibicc_flags[@]}" -include "$bin/gnuc.h" '-D__builtin_expect(x,c)=(x)')
      else
        cc=$(make_wrapper "$b" "$bin/exasm-cc-chibicc" "${chibicc_flags[@]}")
      fi
      # libtool does not know chibicc (no __GNUC__: GCC=no) and would link shared objects with
      # a bare `-soname X`; the static libraries are what the tests link anyway.
      # chibicc takes no K&R function definitions, which autoconf's C89/C99/C11 probes
      # contain: they fail, and a configure that requires C99 (liburcu's) stops. chibicc
      # compiles the C99 and C11 these projects use; the answers are given.
      [ "$pkg" = ck ] || extra_conf=(--disable-shared ac_cv_prog_cc_c89= ac_cv_prog_cc_c99= ac_cv_prog_cc_c11=)
      # libgcrypt's configure finds libgpg-error's libdir through `$CC -print-search-dirs`,
      # which chibicc does not answer (exasm passes queries without input to the compiler):
      # a gpg-error-config that names Debian's libdir stands in.
      if [ "$pkg" = libgcrypt20 ]; then
        libdir=/usr/lib/$(gcc -print-multiarch)
        printf '#!/bin/sh\ncase $1 in --version) set -- --modversion ;; esac\nexec gpgrt-config --libdir=%s gpg-error "$@"\n' "$libdir" >"$bin/gpg-error-config"
        chmod +x "$bin/gpg-error-config"
        extra_conf+=(ac_cv_path_GPGRT_CONFIG=no ac_cv_path_GPG_ERROR_CONFIG="$bin/gpg-error-config")
      fi
      # chibicc takes `sizeof (union fpc_csr)` of an undeclared union (gcc: "invalid
      # application of 'sizeof' to incomplete type"), so mpfr's AC_CHECK_TYPES finds IRIX's
      # fpc_csr and tests/tests.c does not compile: the answer is given.
      [ "$pkg" = mpfr4 ] && extra_conf+=(ac_cv_type_union_fpc_csr=no)
      # With __attribute__ defined away, gmp's and mpfr's probe for the `mode` attribute
      # compiles and says yes: UDItype would be a plain unsigned int. The truth is given.
      if [ "$b" = exasm-chibicc-gnuc ]; then
        case $pkg in gmp|mpfr4) extra_conf+=(gmp_cv_c_attribute_mode=no) ;; esac
      fi
      ;;
    *) die "unknown build $b" ;;
  esac
  : >"$dir/compilations.log"
  t0=$(now)
  ok=yes
  echo "== $b: configure"
  if [ "$pkg" = ck ]; then
    bdir=$dir/src
    cp -a "$src" "$bdir"
    (cd "$bdir" && CC="$cc" CFLAGS="-O2" ./configure "${configure_flags[@]}") >"$dir/configure.log" 2>&1 || ok=no
  else
    bdir=$dir/obj
    mkdir -p "$bdir"
    (cd "$bdir" && "$src/configure" "${configure_flags[@]}" "${extra_conf[@]}" CC="$cc" CFLAGS="-O2") >"$dir/configure.log" 2>&1 || ok=no
    if [ $ok = yes ] && [ "$pkg" = gmp ]; then
      sed -i 's/^#define NO_ASM 1$/\/* NO_ASM: taken out by package.sh, the inline asm stays *\//' "$bdir/config.h"
      grep -q 'NO_ASM: taken out' "$bdir/config.h" || { echo "   config.h defines no NO_ASM" >&2; ok=no; }
    fi
  fi
  if [ $ok = no ]; then
    echo "   configure FAILED:"
    tail -8 "$dir/configure.log" | sed 's/^/   | /'
    [ -f "$bdir/config.log" ] && grep -n 'error' "$bdir/config.log" | tail -5 | sed 's/^/   | /'
  else
    echo "== $b: make -j$jobs"
    # ck: the validation programs `make check` runs are built here (not its benchmarks:
    # ck_ec's compiles two files named ck_ec.c into one program, and gcc's -save-temps gives
    # both the same temporary object)
    regressions=()
    if [ "$pkg" = ck ]; then
      for x in $(ck_dirs "$bdir"); do regressions+=(regressions/ck_$x/validate); done
    fi
    if ! (cd "$bdir" && make -k -j"$jobs" && for r in "${regressions[@]}"; do make -k -j"$jobs" -C "$r" all || exit 1; done) >"$dir/make.log" 2>&1; then
      ok=no
      echo "   make FAILED; errors (distinct, with how many units reported each):"
      grep -E ': (fatal )?error: |\*\*\* \[' "$dir/make.log" | sed "s|$src/||; s|$dir/src/||" | sort | uniq -c | sort -k2 | head -30 | sed 's/^/   | /'
    fi
  fi
  t1=$(now)
  pass=0 total=0
  if [ $ok = yes ]; then
    echo "== $b: tests"
    read -r pass total < <(run_tests "$bdir")
    if [ "$pass" != "$total" ] || [ "$total" = 0 ]; then
      echo "   tests FAILED ($pass/$total):"
      grep -h '^\(FAIL\|ERROR\|XPASS\): ' "$bdir/check.log" | head -20 | sed 's/^/   | /' || true
    fi
  fi
  t2=$(now)

  files=$(wc -l <"$dir/compilations.log")
  mapfile -t ifiles < <(find "$dir" -name '*.i' -not -name 'conftest*' | sort)
  if [ "$b" = gcc ]; then
    # extended asm only: `exasm parse` does not tell a basic asm statement in a function from
    # an asm label, so the basic ones (liburcu's "ud2") are counted in the exasm builds only
    asm=0; ((${#ifiles[@]})) && asm=$(count_asm "${ifiles[@]}")
    left=- thunks=-
  else
    asm=$(find "$dir" -name '*.thunks.s' -exec cat {} + 2>/dev/null | grep -c '^# exasm: asm statement' || true)
    left=0; ((${#ifiles[@]})) && left=$(count_asm "${ifiles[@]}")
    thunks=$(find "$dir" -name '*.o' -not -name 'conftest*' -exec nm --defined-only {} + 2>/dev/null \
      | sed -n 's/.* \(__exasm_[0-9a-f]*_[0-9]*\)$/\1/p' | sort -u | wc -l)
  fi
  build_s=$(elapsed "$t0" "$t1") check_s=$(elapsed "$t1" "$t2")
  summary+=("$b: built $ok, tests $pass/$total; $files C compilations, $asm asm statements compiled (gcc: extended ones; exasm: lowered), $left left after lowering, $thunks distinct thunks in the objects; build ${build_s}s, tests ${check_s}s")
  if [ -n "${RESULTS:-}" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pkg" "$version" "$b" "$files" "$asm" "$left" "$thunks" "$ok" "$pass" "$total" "$build_s" "$check_s" >>"$RESULTS"
  fi
  if [ $ok != yes ] || [ "$pass" != "$total" ] || [ "$total" = 0 ]; then
    if [ "$b" = gcc ]; then status=2; elif [ $status = 0 ]; then status=1; fi
  fi
done
echo
echo "$pkg $version:"
printf '  %s\n' "${summary[@]}"
exit $status
