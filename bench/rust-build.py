#!/usr/bin/env python3
"""The build script of tests/projects/rust-crate (8 c-samples with GCC asm) through exasm-build,
against the same build script with cc::Build (gcc builds the asm itself), in the same run.

Both crates are built once (dependencies warm), then their build scripts are rerun N times each,
alternating, by changing CC between `gcc` and `/usr/bin/gcc` (cc's rerun-if-env-changed): what
is timed is `cargo build` redoing the C (build script run, archive, relinking the crate). Also
CC=chibicc through exasm-build (plain cc cannot build the samples with chibicc at all).

    python3 bench/rust-build.py [N]
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def variant(work, name, plain_cc):
    d = os.path.join(work, name)
    shutil.copytree(os.path.join(ROOT, "tests/projects/rust-crate"), d, ignore=shutil.ignore_patterns("target"))
    toml = open(os.path.join(d, "Cargo.toml")).read()
    dep = 'exasm-build = { path = "%s" }' % os.path.join(ROOT, "crates/exasm-build")
    toml = toml.replace('exasm-build = { path = "../../../crates/exasm-build" }', 'cc = "1.11"' if plain_cc else dep)
    open(os.path.join(d, "Cargo.toml"), "w").write(toml)
    build = open(os.path.join(d, "build.rs")).read().replace("../../../c-samples", os.path.join(ROOT, "c-samples"))
    if plain_cc:
        build = build.replace("exasm_build::Build::new()", "cc::Build::new()")
    open(os.path.join(d, "build.rs"), "w").write(build)
    return d


def cargo(d, cc, target):
    env = dict(os.environ, CC=cc)
    t = time.perf_counter()
    subprocess.run(["cargo", "build", "--offline", "-q", "--target-dir", target], cwd=d, env=env, check=True)
    return time.perf_counter() - t


def main():
    work = tempfile.mkdtemp(prefix="exasm-rust-build-")
    try:
        exasm = variant(work, "exasm", False)
        plain = variant(work, "cc", True)
        target = os.path.join(work, "target")
        cargo(exasm, "gcc", target + "-exasm")
        cargo(plain, "gcc", target + "-cc")
        times = {"exasm-build, CC=gcc": [], "cc, CC=gcc": [], "exasm-build, CC=chibicc": []}
        for k in range(N):
            cc = "gcc" if k % 2 else "/usr/bin/gcc"
            times["exasm-build, CC=gcc"].append(cargo(exasm, cc, target + "-exasm"))
            times["cc, CC=gcc"].append(cargo(plain, cc, target + "-cc"))
            times["exasm-build, CC=chibicc"].append(cargo(exasm, "chibicc" if k % 2 else "/usr/bin/chibicc", target + "-exasm"))
        base = statistics.median(times["cc, CC=gcc"])
        print(f"build script rerun + relink, median of {N} (8 C files):")
        for name, ts in times.items():
            m = statistics.median(ts)
            print(f"  {name:26} {m:6.2f} s  ({m / base:.2f}x cc with gcc)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
