#!/usr/bin/env python3
"""exasm's benchmark script: the four figures of docs/benchmarks.md, each side by side with gcc
in the same run (runs alternate, medians are reported; these machines are noisy).

  1. translator throughput: `exasm lower` over `gcc -fsyntax-only` (both preprocess) on
     (a) a generated ~1 MB file with ~6000 functions holding asm and (b) a ~1 MB file with few asm;
  2. library throughput: decode + solve + render on the c-samples statements (criterion bench
     `exasm-core/benches/throughput.rs`, and the fixed-count example `throughput` for CPU time
     and allocations per statement), statements per second on one core;
  3. runtime cost of lowering: hot loops of small asm statements (bench/runtime/hot.c) and of a
     realistic asm body (big.c), lowered + gcc -O2 over gcc -O2 inline, and hand-written thunks
     with the best possible ABI (hand.c + hand.s) as the floor; glue instructions per thunk on
     the c-samples;
  4. peak memory of `exasm lower` on files (a) and (b);
plus the scaling of (a) at 1x, 2x, 4x and 8x, and allocations per asm statement (heaptrack).

Usage: python3 bench/bench.py [--quick] [--runtime | --translate]
  (--runtime: only 3a; --translate: only the translator figures 1a, 1b, 1c, allocations and 4)
"""
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUICK = "--quick" in sys.argv
# `--runtime`: only 3a, the hot loop of small statements (inline, GAS thunks, hand-written
# thunks, Rust-backend thunks).
RUNTIME_ONLY = "--runtime" in sys.argv
TRANSLATE_ONLY = "--translate" in sys.argv
ROUNDS = 3 if QUICK else 7


def sh(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def exasm():
    sh(["cargo", "build", "--release", "-q", "-p", "exasm-cli"], cwd=ROOT)
    return os.path.join(ROOT, "target", "release", "exasm")


SHAPES = [
    ('unsigned long lo, hi; __asm__ ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (a), "rm" (b) : "cc"); return lo ^ hi;'),
    ('__asm__ ("xorq %1, %0\\n\\trolq $13, %0" : "+r" (a) : "rm" (b)); return a;'),
    ('_Bool c; __asm__ ("addq %2, %0" : "+r" (a), "=@ccc" (c) : "r" (b)); return a + c;'),
    ('__asm__ volatile ("lock xaddq %0, %1" : "+r" (a), "+m" (g_counter) : : "memory"); return a;'),
    ('unsigned int x, y, z, w; __asm__ volatile ("cpuid" : "=a" (x), "=b" (y), "=c" (z), "=d" (w) : "0" ((unsigned) a), "2" (0)); return x + y + z + w + b;'),
    ('unsigned long r; __asm__ ("leaq %c2(%1,%3,8), %0" : "=r" (r) : "r" (a), "i" (16), "r" (b)); return r;'),
    ('__asm__ goto ("btq %1, %0\\n\\tjc %l[set]" : : "r" (a), "r" (b & 63) : "cc" : set); return 0; set: return 1;'),
    ('unsigned long r; __asm__ ("bsrq %1, %0\\n\\tcmovzq %2, %0" : "=&r" (r) : "rm" (a), "r" (b) : "cc"); return r;'),
    ('double d = (double) a; __asm__ ("sqrtsd %1, %0" : "=x" (d) : "x" (d)); return (unsigned long) d + b;'),
    ('unsigned long r = a; __asm__ ("shlq %%cl, %0" : "+r" (r) : "c" ((unsigned char) b) : "cc"); return r;'),
]


def gen_many(path, count=6000):
    with open(path, "w") as f:
        f.write("#include <stdint.h>\n#include <stddef.h>\nlong g_counter;\n")
        for i in range(count):
            body = SHAPES[i % len(SHAPES)]
            f.write(f"unsigned long f{i}(unsigned long a, unsigned long b)\n{{\n    /* variant {i} */\n    {body}\n}}\n")
        f.write("int main(void) { return (int) f0(1, 2); }\n")


def gen_large(path, target=1_000_000):
    with open(path, "w") as f:
        f.write("#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>\n")
        i = 0
        size = 0
        while size < target:
            text = (f"static int work{i}(const int *v, int n)\n{{\n    int s = 0;\n    for (int k = 0; k < n; k++) {{\n"
                    f"        if (v[k] % {i % 7 + 2} == 0)\n            s += v[k] * {i % 13 + 1};\n        else\n"
                    f"            s -= (v[k] >> 1) ^ {i};\n    }}\n    return s;\n}}\n")
            f.write(text)
            size += len(text)
            i += 1
        f.write("static inline unsigned long rdtsc(void) { unsigned lo, hi; __asm__ volatile (\"rdtsc\" : \"=a\" (lo), \"=d\" (hi)); return ((unsigned long) hi << 32) | lo; }\n")
        f.write("static inline unsigned long bswap(unsigned long x) { __asm__ (\"bswapq %0\" : \"+r\" (x)); return x; }\n")
        f.write("int main(void) {\n    int v[4] = {1, 2, 3, 4};\n    int s = 0;\n")
        for k in range(0, i, max(1, i // 50)):
            f.write(f"    s += work{k}(v, 4);\n")
        f.write("    __asm__ volatile (\"\" ::: \"memory\");\n    printf(\"%d %lu\\n\", s, bswap(rdtsc()) != 0);\n    return 0;\n}\n")


def timed(args):
    """Wall time and CPU time (user + system, the command and its children: exasm's `cc -E`
    included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def alternate(commands, rounds=ROUNDS, cpu=None):
    """Runs each command once per round, in turn; returns the median wall time of each (and,
    into the list `cpu` when given, the median CPU time: steadier than wall time on a loaded
    machine)."""
    times = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for _ in range(rounds):
        for k, c in enumerate(commands):
            wall, used = timed(c)
            times[k].append(wall)
            cpus[k].append(used)
    if cpu is not None:
        cpu.extend(statistics.median(t) for t in cpus)
    return [statistics.median(t) for t in times]


def peak_rss_kib(args):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(out.stderr.strip().splitlines()[-1])


def allocation_count(args, tmp):
    """Calls to allocation functions, from heaptrack when it is installed (else None)."""
    if subprocess.run(["sh", "-c", "command -v heaptrack heaptrack_print"], stdout=subprocess.DEVNULL).returncode != 0:
        return None
    out = os.path.join(tmp, "heaptrack.data")
    subprocess.run(["heaptrack", "-o", out] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = [os.path.join(tmp, f) for f in os.listdir(tmp) if f.startswith("heaptrack.data")]
    if not data:
        return None
    text = subprocess.run(["heaptrack_print", "-p", "0", "-a", "0", "-T", "0", "-l", "0", data[0]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    m = re.search(r"total runtime: .*\ncalls to allocation functions: (\d+)", text) or re.search(r"calls to allocation functions: (\d+)", text)
    for f in data:
        os.remove(f)
    return int(m.group(1)) if m else None


def glue_counts(ex, tmp):
    """Glue instructions per thunk over the c-samples (everything but the template itself)."""
    counts = []
    samples = sorted(p for p in os.listdir(os.path.join(ROOT, "c-samples")) if p.endswith(".c"))
    for s in samples:
        src = os.path.join(ROOT, "c-samples", s)
        flags = ["-masm=intel"] if "exasm-needs: intel" in open(src).read(400) else []
        out_c, out_s = os.path.join(tmp, "g.c"), os.path.join(tmp, "g.s")
        r = subprocess.run([ex, "lower", src, "-o", out_c, "--asm", out_s] + flags, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            continue
        text = open(out_s).read()
        for thunk in re.split(r"\n(?=__exasm_\w+:\n)", text)[1:]:
            inside = False
            n = 0
            for line in thunk.splitlines()[1:]:
                if line.startswith("# exasm: asm statement"):
                    inside = True
                    continue
                if line.startswith("# exasm: end"):
                    inside = False
                    continue
                l = line.strip()
                if inside or not l or l.startswith(".") or l.endswith(":") or l.startswith("#"):
                    continue
                n += 1
            counts.append(n)
    return counts


def main():
    ex = exasm()
    tmp = tempfile.mkdtemp(prefix="exasm-bench")
    many, large = os.path.join(tmp, "many.c"), os.path.join(tmp, "large.c")
    gen_many(many)
    gen_large(large)
    print(f"# exasm benchmarks ({'quick, ' if QUICK else ''}{ROUNDS} alternating rounds, medians)\n")
    if RUNTIME_ONLY:
        runtime(ex, tmp)
        return

    print("## 1. Translator throughput (exasm lower vs gcc -fsyntax-only, both preprocess)")
    for name, path in (("(a) many asm", many), ("(b) few asm", large)):
        size = os.path.getsize(path)
        lower = [ex, "lower", path, "-O2", "-o", os.path.join(tmp, "o.c"), "--asm", os.path.join(tmp, "o.s")]
        gcc = ["gcc", "-O2", "-fsyntax-only", path]
        cpu = []
        t_ex, t_gcc = alternate([lower, gcc], cpu=cpu)
        print(f"{name}: {size / 1e6:.2f} MB, exasm {t_ex * 1000:.0f} ms, gcc {t_gcc * 1000:.0f} ms, ratio {t_ex / t_gcc:.2f}x"
              f" (CPU time: exasm {cpu[0] * 1000:.0f} ms, gcc {cpu[1] * 1000:.0f} ms, ratio {cpu[0] / cpu[1]:.2f}x)")

    print("\n## 1c. Scaling of exasm lower on asm-dense files (1x = 1500 functions)")
    base = None
    for k in (1, 2, 4, 8):
        path = os.path.join(tmp, f"many{k}.c")
        gen_many(path, 1500 * k)
        lower = [ex, "lower", path, "-O2", "-o", os.path.join(tmp, "o.c"), "--asm", os.path.join(tmp, "o.s")]
        gcc = ["gcc", "-O2", "-fsyntax-only", path]
        t_ex, t_gcc = alternate([lower, gcc], rounds=max(3, ROUNDS // 2))
        base = base or t_ex
        print(f"{k}x: {os.path.getsize(path) / 1e6:.2f} MB, exasm {t_ex * 1000:.0f} ms ({t_ex / base:.2f}x the 1x time), "
              f"gcc {t_gcc * 1000:.0f} ms, ratio {t_ex / t_gcc:.2f}x")

    allocations = allocation_count([ex, "lower", many, "-O2", "-o", os.path.join(tmp, "o.c"), "--asm", os.path.join(tmp, "o.s")], tmp)
    if allocations is not None:
        print(f"allocations (heaptrack) of exasm lower on (a): {allocations}, {allocations / 6000:.0f} per asm statement")

    if TRANSLATE_ONLY:
        memory(ex, tmp, many, large)
        return

    print("\n## 2. Library throughput (decode + solve + render, one core)")
    r = subprocess.run(["cargo", "bench", "-q", "-p", "exasm-core", "--bench", "throughput", "--", "--noplot"] + (["--quick"] if QUICK else []),
                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in r.stdout.splitlines():
        if "thrpt" in line or "time:" in line or line.startswith("pipeline"):
            print(line.strip())
    # The same mix a fixed number of times: CPU time (which load changes less than criterion's
    # wall figure), allocations per statement, the load average.
    r = subprocess.run(["cargo", "run", "-q", "--release", "-p", "exasm-core", "--example", "throughput"],
                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in r.stdout.splitlines():
        print(line.strip())

    runtime(ex, tmp)
    memory(ex, tmp, many, large)


def memory(ex, tmp, many, large):
    print("\n## 4. Peak memory of exasm lower on (a)")
    rss = peak_rss_kib([ex, "lower", many, "-O2", "-o", os.path.join(tmp, "o.c"), "--asm", os.path.join(tmp, "o.s")])
    rss_gcc = peak_rss_kib(["gcc", "-O2", "-fsyntax-only", many])
    print(f"exasm {rss / 1024:.1f} MiB, gcc -fsyntax-only {rss_gcc / 1024:.1f} MiB")
    rss = peak_rss_kib([ex, "lower", large, "-O2", "-o", os.path.join(tmp, "o.c"), "--asm", os.path.join(tmp, "o.s")])
    rss_gcc = peak_rss_kib(["gcc", "-O2", "-fsyntax-only", large])
    print(f"on (b): exasm {rss / 1024:.1f} MiB, gcc -fsyntax-only {rss_gcc / 1024:.1f} MiB")


def runtime(ex, tmp):
    print("\n## 3. Runtime cost of lowering (wall time, gcc -O2 everywhere)")
    rt = os.path.join(ROOT, "bench", "runtime")
    builds = {}
    for prog in ("hot", "big"):
        src = os.path.join(rt, f"{prog}.c")
        inline = os.path.join(tmp, f"{prog}_inline")
        sh(["gcc", "-O2", src, "-o", inline])
        oc, os_ = os.path.join(tmp, f"{prog}_low.c"), os.path.join(tmp, f"{prog}_low.s")
        sh([ex, "lower", src, "-O2", "-o", oc, "--asm", os_])
        lowered = os.path.join(tmp, f"{prog}_lowered")
        sh(["gcc", "-O2", oc, os_, "-o", lowered])
        builds[prog] = (inline, lowered)
    # The same thunks from the Rust backend (rustc compiles them; gcc the lowered C).
    hot_rust = os.path.join(tmp, "hot_rust")
    sh([ex, "cc", "--backend", "rust", "-O2", os.path.join(rt, "hot.c"), "-o", hot_rust])
    hand = os.path.join(tmp, "hot_hand")
    sh(["gcc", "-O2", os.path.join(rt, "hand.c"), os.path.join(rt, "hand.s"), "-o", hand])
    outs = {sh([b]).stdout for b in (builds["hot"][0], builds["hot"][1], hand, hot_rust)}
    assert len(outs) == 1, f"the hot loop builds disagree: {outs}"
    assert sh([builds["big"][0]]).stdout == sh([builds["big"][1]]).stdout, "the big-body builds disagree"
    t_inline, t_low, t_hand, t_rust = alternate([[builds["hot"][0]], [builds["hot"][1]], [hand], [hot_rust]], rounds=max(3, ROUNDS // 2))
    print(f"small statements: inline {t_inline:.3f} s, hand-written thunks {t_hand:.3f} s ({t_hand / t_inline:.2f}x inline), "
          f"exasm thunks {t_low:.3f} s ({t_low / t_inline:.2f}x inline, {t_low / t_hand:.2f}x the hand-written limit)")
    print(f"the same thunks from the Rust backend (exasm cc --backend rust): {t_rust:.3f} s ({t_rust / t_low:.3f}x the GAS thunks)")
    if RUNTIME_ONLY:
        return
    t_inline, t_low = alternate([[builds["big"][0]], [builds["big"][1]]], rounds=max(3, ROUNDS // 2))
    print(f"realistic body (128 instructions): inline {t_inline:.3f} s, exasm thunk {t_low:.3f} s ({t_low / t_inline:.3f}x inline)")
    glue = glue_counts(ex, tmp)
    if glue:
        print(f"glue instructions per thunk on c-samples: {len(glue)} thunks, median {statistics.median(glue)}, mean {statistics.mean(glue):.2f}, max {max(glue)}"
              f" (a bare `ret` counts 1)")


if __name__ == "__main__":
    main()
