#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gcc >/dev/null || need+=(gcc)
command -v as >/dev/null || need+=(binutils)
command -v chibicc >/dev/null || need+=(chibicc)
command -v tcc >/dev/null || need+=(tcc)
command -v make >/dev/null || need+=(make)
# Real headers with inline asm (tests/real_headers.rs and tests/real_programs.rs, which skip a
# library whose header is missing): one header per package.
want=()
[ -e /usr/include/ck_pr.h ] || want+=(libck-dev)
[ -e /usr/include/urcu.h ] || [ -e /usr/include/x86_64-linux-gnu/urcu.h ] || want+=(liburcu-dev)
[ -e /usr/include/atomic_ops.h ] || want+=(libatomic-ops-dev)
[ -e /usr/include/valgrind/valgrind.h ] || want+=(valgrind)
[ -e /usr/include/xxhash.h ] || want+=(libxxhash-dev)
# A project built through exasm cc with autotools and CMake (tests/cc_driver.rs, which skips a
# build system that is missing).
command -v autoreconf >/dev/null || want+=(autoconf automake)
command -v cmake >/dev/null || want+=(cmake)
# exasm cc behind ccache and distcc (tests/cc_driver.rs, which skips what is missing).
command -v ccache >/dev/null || want+=(ccache)
command -v distccd >/dev/null || want+=(distcc)
# Windows x64 (tests/windows_vs_mingw.rs and tests/difftest-windows.sh): MinGW-w64's gcc, Wine to
# run its programs, NASM for the NASM thunks, clang to check the MSVC-mode C. The Windows test
# skips what is missing, except under CI=true, where a missing tool fails it.
command -v x86_64-w64-mingw32-gcc >/dev/null || want+=(gcc-mingw-w64-x86-64)
command -v wine >/dev/null || want+=(wine wine64)
command -v nasm >/dev/null || want+=(nasm)
command -v clang-19 >/dev/null || want+=(clang-19)
if [ ${#need[@]} -gt 0 ] || [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need[*]} ${want[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" "${want[@]}" >/dev/null
  elif [ ${#need[@]} -gt 0 ]; then
    echo "missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root" >&2
    exit 2
  else
    echo "note: ${want[*]} not installed: tests/real_headers.rs, tests/real_programs.rs, tests/cc_driver.rs and tests/windows_vs_mingw.rs skip what needs them" >&2
  fi
fi

# Rust's standard library for MinGW-w64 (tests/rust_crate.rs builds the example crate for it,
# and skips that part with a note when it cannot be had).
if command -v rustup >/dev/null && ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1 || echo "note: rustup could not add x86_64-pc-windows-gnu: tests/rust_crate.rs skips the MinGW build" >&2
fi

cargo test --workspace --release -j "$(nproc)"
