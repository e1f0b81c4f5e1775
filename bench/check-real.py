#!/usr/bin/env python3
"""`exasm check --json` over the inline asm of real code: Debian sources fetched with
/work/shared/tools/debsrc.sh (or $DEBSRC) and installed headers.

    python3 bench/check-real.py [--out DIR] [--jobs N] [--exasm PATH] [PACKAGE ...]

For each package it selects the C files and headers with inline asm that x86-64 compiles (paths
naming another architecture are left out), checks each one (a header through a one-line
wrapper; macros that only expand where they are used are instantiated by a wrapper written
here, as gmp's longlong.h), and writes every JSON report to DIR/json/. Generated headers the
packages' configure scripts would make (config.h, avconfig.h, vpx_config.h, ...) are replaced by
one header of x86-64 answers (DIR/fake/), so files that need more than that fail to preprocess:
they are counted apart from statements exasm could not analyse.

The summary (stdout and DIR/summary.json): files checked and failed, statements analysed and
not analysed (reasons counted), unique findings by kind and severity, and statements checked
per second (wall time of the exasm runs / statements). Findings are unique by (file, line,
column, kind, message): a header included by many files counts once.

`--list-errors` prints every unique error-level finding with its source line, for triage.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEBSRC = os.environ.get("DEBSRC", "/work/shared/tools/debsrc.sh")
OTHER_ARCH = re.compile(
    r"(^|[/_.-])(arm|arm64|aarch64|mips|mips64|ppc|ppc64|powerpc|powerpc64|s390|s390x|riscv|riscv64|sparc|sparc64|"
    r"loongarch|loongarch64|sh|m68k|microblaze|or1k|alpha|hppa|ia64|xtensa|nios2|hexagon|i386|x86_32|x32|"
    r"tilegx|darwin|freebsd|solaris|win32|win64|mingw|aix|netbsd|openbsd|nanomips|cris|tricore|rx|avr|arc|"
    r"nds32|csky|bfin|avr32|tomi|openrisc|lm32|moxie|unicore32|e2k|mips32|ppc32|mipsel|armv7|neon|msa|mmi|vsx|altivec|lsx|lasx|sve)([/_.-]|$)",
    re.I,
)
ASM = re.compile(rb"\b(__asm__|__asm|asm)\s*(volatile|__volatile__|__volatile|goto|inline|__inline__)?\s*(volatile|__volatile__|goto)?\s*\(")

# Answers a configure script would give on x86-64 with inline asm on.
FAKE_CONFIG = """#ifndef EXASM_FAKE_CONFIG
#define EXASM_FAKE_CONFIG
#define ARCH_X86 1
#define ARCH_X86_64 1
#define VPX_ARCH_X86 1
#define VPX_ARCH_X86_64 1
#define HAVE_SSE3 1
#define HAVE_SSSE3 1
#define HAVE_SSE4_1 1
#define HAVE_AVX 1
#define HAVE_AVX2 1
#define HAVE_INLINE_ASM 1
#define HAVE_X86ASM 0
#define HAVE_MMX 1
#define HAVE_MMXEXT 1
#define HAVE_SSE 1
#define HAVE_SSE2 1
#define HAVE_MMX_INLINE 1
#define HAVE_MMXEXT_INLINE 1
#define HAVE_SSE_INLINE 1
#define HAVE_SSE2_INLINE 1
#define HAVE_SSSE3_INLINE 1
#define HAVE_SSE4_INLINE 1
#define HAVE_AVX_INLINE 1
#define HAVE_AMD3DNOW_INLINE 0
#define HAVE_7REGS 1
#define HAVE_6REGS 1
#define HAVE_XMM_CLOBBERS 1
#define HAVE_ALIGNED_STACK 1
#define HAVE_MM_EMPTY 1
#define HAVE_LOCAL_ALIGNED 1
#define HAVE_FAST_CLZ 1
#define HAVE_INLINE_ASM_LABELS 1
#define HAVE_INLINE_ASM_NONLOCAL_LABELS 1
#define HAVE_INLINE_ASM_DIRECT_SYMBOL_REFS 1
#define HAVE_EBX_AVAILABLE 1
#define HAVE_EBP_AVAILABLE 1
#define HAVE_FAST_CMOV 1
#define HAVE_I686 1
#define HAVE_FAST_64BIT 1
#define HAVE_BIGENDIAN 0
#define HAVE_X86_INLINE_ASM 1
#define HAVE_GCC_INLINE_ASM 1
#define HAVE_CPU_COUNT 1
#define HAVE_THREADS 1
#define HAVE_PTHREADS 1
#define CONFIG_THIS_YEAR 2022
#define CONFIG_RUNTIME_CPUDETECT 1
#define AV_HAVE_BIGENDIAN 0
#define AV_HAVE_FAST_UNALIGNED 1
#define STDC_HEADERS 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_UNISTD_H 1
#define SIZEOF_UNSIGNED_LONG 8
#define SIZEOF_UNSIGNED_LONG_LONG 8
#define SIZEOF_UNSIGNED_INT 4
#define SIZEOF_VOID_P 8
#define SIZEOF_UINT64_T 8
#define SIZEOF_UNSIGNED_SHORT 2
#define SIZEOF_UNSIGNED___INT128 16
#define HAVE_GCC_INLINE_ASM_SSSE3 1
#define HAVE_GCC_INLINE_ASM_PCLMUL 1
#define HAVE_GCC_INLINE_ASM_SHAEXT 1
#define HAVE_GCC_INLINE_ASM_SSE41 1
#define HAVE_GCC_INLINE_ASM_AVX 1
#define HAVE_GCC_INLINE_ASM_AVX2 1
#define HAVE_GCC_INLINE_ASM_BMI2 1
#define HAVE_GCC_INLINE_ASM_VAES_VPCLMUL 1
#define HAVE_GCC_ATTRIBUTE_MS_ABI 1
#define HAVE_GCC_ATTRIBUTE_SYSV_ABI 1
#define HAVE_CPU_ARCH_X86 1
#define ENABLE_AESNI_SUPPORT 1
#define ENABLE_PCLMUL_SUPPORT 1
#define ENABLE_SSE41_SUPPORT 1
#define ENABLE_AVX_SUPPORT 1
#define ENABLE_AVX2_SUPPORT 1
#define ENABLE_SHAEXT_SUPPORT 1
#define ENABLE_DRNG_SUPPORT 1
#define ENABLE_PADLOCK_SUPPORT 1
#define ENABLE_FORCE_SOFT_HWFEATURES 0
#define BYTES_PER_MPI_LIMB 8
#define HAVE_U64 1
#define HAVE_TYPE_U64 1
#define USE_AES 1
#define USE_SHA1 1
#define USE_SHA256 1
#define USE_SHA512 1
#define USE_RNDLINUX 1
#define HAVE_DOUBLE_ALIGNMENT 0
#define CONFIG_LINUX 1
#define HOST_X86_64 1
#define CONFIG_INT128 1
#define CONFIG_ATOMIC64 1
#define HAVE_BROKEN_SIZE_MAX 0
#define GPGRT_ENABLE_ES_MACROS 0
#endif
"""

# Generated headers replaced by the fake answers.
FAKE_HEADERS = [
    "config.h", "config_components.h", "libavutil/avconfig.h", "libavutil/ffversion.h", "vpx_config.h", "./vpx_config.h",
    "vpx_version.h", "x264_config.h", "config-host.h", "config-target.h", "config-poison.h", "qapi/qapi-types-common.h",
    "qapi/qapi-builtin-types.h", "vpx_dsp_rtcd.h", "vp8_rtcd.h", "vp9_rtcd.h",
    "vpx_scale_rtcd.h", "./vpx_dsp_rtcd.h", "./vp8_rtcd.h", "./vp9_rtcd.h", "./vpx_scale_rtcd.h", "./config.h",
]

GMP_WRAPPER = """#define W_TYPE_SIZE 64
typedef unsigned long UWtype; typedef unsigned int UHWtype; typedef unsigned long UDItype;
typedef long DItype; typedef unsigned int USItype; typedef int SItype; typedef unsigned long mp_limb_t;
#define __GMP_DECLSPEC
#define ASSERT(x)
#define HAVE_HOST_CPU_FAMILY_x86_64 1
#include "longlong.h"
void w_add(UWtype *h, UWtype *l, UWtype ah, UWtype al, UWtype bh, UWtype bl) { add_ssaaaa(*h, *l, ah, al, bh, bl); }
void w_sub(UWtype *h, UWtype *l, UWtype ah, UWtype al, UWtype bh, UWtype bl) { sub_ddmmss(*h, *l, ah, al, bh, bl); }
void w_mul(UWtype *h, UWtype *l, UWtype a, UWtype b) { umul_ppmm(*h, *l, a, b); }
void w_div(UWtype *q, UWtype *r, UWtype h, UWtype l, UWtype d) { udiv_qrnnd(*q, *r, h, l, d); }
int w_clz(UWtype x) { int c; count_leading_zeros(c, x); return c; }
int w_ctz(UWtype x) { int c; count_trailing_zeros(c, x); return c; }
"""


def has_asm(path):
    try:
        with open(path, "rb") as f:
            return ASM.search(f.read()) is not None
    except OSError:
        return False


def source_files(root, exts=(".c", ".h"), under=None):
    out = []
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        dirs[:] = [x for x in dirs if not OTHER_ARCH.search(x) and x not in (".git", "tests", "test", "testsuite", "debian")]
        if under and not any(rel == u or rel.startswith(u + "/") for u in under):
            continue
        for f in files:
            p = os.path.join(d, f)
            # `*_template.c` is included by a file that defines what it uses: checked there.
            if f.endswith(exts) and not f.endswith("_template.c") and not OTHER_ARCH.search(os.path.relpath(p, root)) and has_asm(p):
                out.append(p)
    return sorted(out)


def fetch(pkg):
    r = subprocess.run([DEBSRC, pkg], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"{pkg}: fetch failed: {r.stderr.strip()}", file=sys.stderr)
        return None
    return r.stdout.strip()


def include_dirs(root, extra=()):
    dirs = [root] + [os.path.join(root, e) for e in extra]
    return [d for d in dirs if os.path.isdir(d)]


class Package:
    def __init__(self, name, files, includes, flags=(), wrap=False):
        self.name, self.files, self.includes, self.flags, self.wrap = name, files, includes, list(flags), wrap


def installed(name, paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += source_files(p, (".h",))
        elif os.path.isfile(p) and has_asm(p):
            files.append(p)
    return Package(name, sorted(set(files)), [], wrap=True)


def packages(out):
    """Every package, most valuable first: (name, () -> Package or None)."""
    fake = os.path.join(out, "fake")

    def src(pkg, under=None, extra=(), flags=(), headers_wrapped=True):
        def make():
            root = fetch(pkg)
            if not root:
                return None
            files = source_files(root, under=under)
            return Package(pkg, files, include_dirs(root, extra), flags, wrap=headers_wrapped)
        return make

    def musl():
        root = fetch("musl")
        if not root:
            return None
        # The headers musl's Makefile generates: bits/alltypes.h and bits/syscall.h.
        gen = os.path.join(fake, "musl")
        os.makedirs(os.path.join(gen, "bits"), exist_ok=True)
        with open(os.path.join(gen, "bits", "alltypes.h"), "w") as f:
            subprocess.run(["sed", "-f", os.path.join(root, "tools/mkalltypes.sed"), os.path.join(root, "arch/x86_64/bits/alltypes.h.in"), os.path.join(root, "include/alltypes.h.in")], stdout=f, check=True)
        syscalls = open(os.path.join(root, "arch/x86_64/bits/syscall.h.in")).read()
        with open(os.path.join(gen, "bits", "syscall.h"), "w") as f:
            f.write(syscalls + syscalls.replace("__NR_", "SYS_"))
        files = source_files(root, under=["src", "arch/x86_64", "arch/generic"])
        inc = [os.path.join(root, d) for d in ["arch/x86_64", "arch/generic", "src/include", "src/internal", "include"]] + [gen]
        return Package("musl", files, inc, ["-nostdinc", "-D_XOPEN_SOURCE=700", "-ffreestanding"])

    def gmp():
        root = fetch("gmp")
        if not root:
            return None
        w = os.path.join(fake, "gmp_longlong.c")
        with open(w, "w") as f:
            f.write(GMP_WRAPPER)
        return Package("gmp (longlong.h)", [w], [root])

    return [
        ("glibc headers", lambda: installed("glibc headers", ["/usr/include/x86_64-linux-gnu/sys", "/usr/include/x86_64-linux-gnu/bits", "/usr/include/x86_64-linux-gnu/fpu_control.h", "/usr/include/x86_64-linux-gnu/gnu", "/usr/include/x86_64-linux-gnu/ieee754.h"] + [os.path.join("/usr/include", f) for f in os.listdir("/usr/include") if f.endswith(".h")])),
        ("linux-libc-dev", lambda: installed("linux-libc-dev", ["/usr/include/linux", "/usr/include/x86_64-linux-gnu/asm", "/usr/include/asm-generic"])),
        ("libck", src("ck", under=["src", "include"], extra=["include"], flags=["-D__x86_64__"])),
        ("liburcu", src("liburcu", under=["src", "include"], extra=["include", "src"])),
        # Headers whose asm is in macros: tests/real-headers/*.c expand them (libatomic_ops with
        # its own asm selected, Valgrind's client requests and CALL_FN_*, ck, urcu, sys/io.h).
        ("libatomic-ops, valgrind headers (tests/real-headers)", lambda: Package("libatomic-ops, valgrind headers (tests/real-headers)", sorted(os.path.join(ROOT, "tests/real-headers", f) for f in os.listdir(os.path.join(ROOT, "tests/real-headers")) if f.endswith(".c")), [], ["-DAO_DISABLE_GCC_ATOMICS", "-DAO_CMPXCHG16B_AVAILABLE"])),
        ("gmp", gmp),
        ("libgcrypt20", src("libgcrypt20", under=["cipher", "mpi", "random", "src"], extra=["src", "mpi", "cipher", "mpi/amd64"], flags=["-D_GCRYPT_CONFIG_H_INCLUDED", "-D_GCRYPT_IN_LIBGCRYPT=1", "-DGCRYPT_NO_MPI_MACROS", "-DGCRYPT_NO_DEPRECATED"])),
        ("ffmpeg", src("ffmpeg", under=["libavutil/x86", "libavcodec/x86", "libavutil", "libavcodec", "libswscale/x86", "libavfilter/x86"], extra=[], flags=["-DHAVE_AV_CONFIG_H"])),
        ("libvpx", src("libvpx", extra=[])),
        ("x264", src("x264", extra=[])),
        ("musl", musl),
        ("qemu", src("qemu", under=["util", "include", "host", "linux-user/host/x86_64", "accel", "target/i386/kvm", "tcg/i386", "crypto", "hw/i386"], extra=["include", "host/include/x86_64", "host/include/generic", "linux-headers", "tcg/i386"], flags=["-DNEED_CPU_H"])),
        ("valgrind", src("valgrind", under=["coregrind", "memcheck", "include", "VEX/priv", "helgrind", "drd"], extra=["include", "VEX/pub", "coregrind", "VEX/priv"], flags=["-DVGA_amd64=1", "-DVGO_linux=1", "-DVGP_amd64_linux=1", "-DVGPV_amd64_linux_vanilla=1"])),
    ]


def run_one(exasm, pkg, path, out, fake):
    """Checks one file; returns (pkg, path, report or None, seconds, stderr)."""
    target = path
    cwd = os.path.dirname(path)
    if pkg.wrap and path.endswith(".h"):
        wrapper = os.path.join(out, "wrappers", re.sub(r"[^A-Za-z0-9_.-]", "_", path.strip("/")) + ".c")
        with open(wrapper, "w") as f:
            f.write(f'#include "{path}"\n')
        target = wrapper
    args = [exasm, "check", "--json", "-O2", target, "-I" + cwd] + ["-I" + d for d in pkg.includes] + ["-I" + fake] + pkg.flags
    start = time.monotonic()
    try:
        r = subprocess.run(args, capture_output=True, timeout=600)
    except subprocess.TimeoutExpired:
        return pkg.name, path, None, 600.0, "timeout"
    took = time.monotonic() - start
    try:
        return pkg.name, path, json.loads(r.stdout), took, r.stderr.decode(errors="replace")
    except ValueError:
        return pkg.name, path, None, took, r.stderr.decode(errors="replace")[-2000:]


def reason_class(reason):
    r = re.sub(r"`[^`]*`", "`…`", reason)
    r = re.sub(r"\(.*\)$", "", r).strip()
    r = re.sub(r"0x[0-9a-f]+", "N", r)
    return r[:110]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "check-real"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--exasm", default=os.path.join(ROOT, "target", "release", "exasm"))
    ap.add_argument("--list-errors", action="store_true")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    fake = os.path.join(out, "fake")
    for d in (fake, os.path.join(out, "json"), os.path.join(out, "wrappers")):
        os.makedirs(d, exist_ok=True)
    for h in FAKE_HEADERS:
        p = os.path.join(fake, h)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(FAKE_CONFIG)
    jobs = []
    for name, make in packages(out):
        if a.only and not any(o in name for o in a.only):
            continue
        pkg = make()
        if pkg:
            print(f"{pkg.name}: {len(pkg.files)} files with asm", file=sys.stderr)
            jobs += [(pkg, f) for f in pkg.files]
    results = []
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for r in ex.map(lambda j: run_one(a.exasm, j[0], j[1], out, fake), jobs):
            results.append(r)
    wall = time.monotonic() - start
    summarize(results, out, wall, a.list_errors)


def summarize(results, out, wall, list_errors):
    per_pkg = collections.OrderedDict()
    seen_stmt = set()
    findings = {}
    not_analysed = {}
    busy = 0.0
    for name, path, rep, took, err in results:
        p = per_pkg.setdefault(name, {"files": 0, "failed": 0, "analysed": 0, "not_analysed": 0, "seconds": 0.0, "statements_run": 0, "failures": collections.Counter()})
        p["files"] += 1
        p["seconds"] += took
        busy += took
        if rep is None:
            p["failed"] += 1
            first = next((l for l in err.splitlines() if "error" in l or "fatal" in l), err.strip()[:200])
            p["failures"][re.sub(r"^[^:]*:\d+:\d+: ", "", first)[:100]] += 1
            continue
        with open(os.path.join(out, "json", re.sub(r"[^A-Za-z0-9_.-]", "_", path.strip("/")) + ".json"), "w") as f:
            json.dump(rep, f)
        p["statements_run"] += rep.get("analysed", 0) + len(rep.get("not_analysed", []))
        stmts = {(f["file"], f["line"], f["column"]) for f in rep["findings"]}
        for s in rep.get("not_analysed", []):
            key = (s["file"], s["line"], s["column"])
            if key not in not_analysed:
                not_analysed[key] = (name, s["reason"])
        p["analysed"] += rep.get("analysed", 0)
        for f in rep["findings"]:
            key = (f["file"], f["line"], f["column"], f["kind"], f["message"])
            findings.setdefault(key, (name, f))
        seen_stmt |= stmts
    for key, (name, _) in not_analysed.items():
        per_pkg[name]["not_analysed"] += 1
    by_kind = collections.Counter()
    by_pkg_kind = collections.defaultdict(collections.Counter)
    for key, (name, f) in findings.items():
        by_kind[(f["kind"], f["severity"])] += 1
        by_pkg_kind[name][(f["kind"], f["severity"])] += 1
    reasons = collections.Counter(reason_class(r) for _, r in not_analysed.values())
    total_run = sum(p["statements_run"] for p in per_pkg.values())
    summary = {
        "wall_seconds": round(wall, 1),
        "exasm_seconds": round(busy, 1),
        "statement_instances": total_run,
        "statements_per_second": round(total_run / busy, 1) if busy else None,
        "packages": {k: {**{x: y for x, y in v.items() if x != "failures"}, "failures": dict(v["failures"].most_common(8))} for k, v in per_pkg.items()},
        "not_analysed_unique": len(not_analysed),
        "not_analysed_reasons": dict(reasons.most_common()),
        "findings_unique": {f"{k} ({s})": n for (k, s), n in sorted(by_kind.items())},
        "findings_by_package": {p: {f"{k} ({s})": n for (k, s), n in sorted(c.items())} for p, c in by_pkg_kind.items()},
    }
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    with open(os.path.join(out, "findings.json"), "w") as f:
        json.dump([dict(f, package=name) for (name, f) in findings.values()], f, indent=1)
    print(json.dumps(summary, indent=1))
    if list_errors:
        for key, (name, f) in sorted(findings.items(), key=lambda kv: (kv[1][0], kv[0][0], kv[0][1])):
            if f["severity"] != "error":
                continue
            try:
                line = open(f["file"], errors="replace").read().splitlines()[f["line"] - 1].strip()
            except (OSError, IndexError):
                line = "?"
            print(f"[{name}] {f['file']}:{f['line']}: {f['kind']}: {f['message']} at `{f.get('instruction')}`\n    {line[:200]}")


if __name__ == "__main__":
    main()
