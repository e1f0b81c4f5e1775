//! tests/projects/rust-crate: a Rust crate whose build script builds c-samples with
//! exasm-build (the cc::Build companion) and whose test calls each sample's `main` through FFI
//! and compares what it prints with gcc's own build of the sample. Built here with `CC=gcc`
//! and with `CC=chibicc` (which has no extended asm at all: everything it builds was lowered),
//! in the target directory of these tests (its debug profile, which the main workspace's
//! `--release` build does not use), offline: its dependencies are the main workspace's.

use exasm_tests::windows::{missing, Wine, MINGW_GCC};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The target directory these tests run from: `<target-dir>/<profile>/deps/<test>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(|deps| deps.parent()).and_then(|profile| profile.parent()).expect("the test runs from <target-dir>/<profile>/deps").to_path_buf()
}

#[test]
fn a_rust_crate_builds_c_samples_with_exasm_build_under_gcc_and_chibicc() {
    let manifest = exasm_tests::repo_root().join("tests/projects/rust-crate/Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for cc in ["gcc", "chibicc"] {
        let mut cmd = Command::new(&cargo);
        cmd.args(["test", "--offline", "--manifest-path"]).arg(&manifest).arg("--target-dir").arg(target_dir()).env("CC", cc);
        // The build script reads the compiler as cc does, from the environment alone.
        for var in ["CFLAGS", "CPPFLAGS", "CC_x86_64_unknown_linux_gnu", "CC_x86_64-unknown-linux-gnu", "TARGET_CC", "CRATE_CC_NO_DEFAULTS"] {
            cmd.env_remove(var);
        }
        let out = cmd.output().expect("cargo runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "CC={cc} `{}` failed:\n{stdout}\n{stderr}", exasm_tests::command_line(&cmd));
        assert!(stdout.contains("test every_sample_prints_what_gccs_own_build_prints ... ok"), "CC={cc}: the sample test did not run:\n{stdout}");
    }
}

/// Rust's standard library for x86_64-pc-windows-gnu calls `ProcessPrng` in
/// bcryptprimitives.dll, which Debian's Wine 8 lacks: a stand-in beside the program, built by
/// MinGW gcc (the programs under test are not changed).
const PROCESS_PRNG: &str = "#include <windows.h>\n#include <ntsecapi.h>\n\
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) { return RtlGenRandom(data, (ULONG) len); }\n";

/// The same crate for MinGW-w64 (`--target x86_64-pc-windows-gnu`: `cc` selects
/// x86_64-w64-mingw32-gcc, exasm-build makes Win64 thunks): each sample the build script takes
/// for Windows, run under Wine through the Rust program, prints what MinGW gcc's own build of
/// it prints under Wine.
#[test]
fn the_rust_crate_for_mingw_runs_under_wine_as_mingw_gccs_build() {
    if let Some(why) = missing(&[(MINGW_GCC, "gcc-mingw-w64-x86-64"), ("wine", "wine64")]) {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI: {why}");
        println!("rust_crate for MinGW: skipped: {why}");
        return;
    }
    // Rust's library for the target (`rustup target add x86_64-pc-windows-gnu`, which the
    // test command tries).
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output().expect("rustc runs");
    let std_dir = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim()).join("lib/rustlib/x86_64-pc-windows-gnu/lib");
    if !std_dir.is_dir() {
        println!("rust_crate for MinGW: skipped: Rust's standard library for x86_64-pc-windows-gnu is not installed (rustup target add x86_64-pc-windows-gnu)");
        return;
    }
    let manifest = exasm_tests::repo_root().join("tests/projects/rust-crate/Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.args(["build", "--offline", "--bins", "--target", "x86_64-pc-windows-gnu", "--manifest-path"]).arg(&manifest).arg("--target-dir").arg(target_dir());
    for var in ["CC", "CFLAGS", "CPPFLAGS", "TARGET_CC", "CRATE_CC_NO_DEFAULTS"] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("cargo runs");
    assert!(out.status.success(), "`{}` failed:\n{}", exasm_tests::command_line(&cmd), String::from_utf8_lossy(&out.stderr));
    let dir = tempfile::Builder::new().prefix("exasm-rust-crate-mingw").tempdir().expect("temporary directory");
    let program = dir.path().join("run-sample.exe");
    std::fs::copy(target_dir().join("x86_64-pc-windows-gnu/debug/run-sample.exe"), &program).expect("run-sample.exe");
    std::fs::write(dir.path().join("prng.c"), PROCESS_PRNG).unwrap();
    let mingw = |args: &[&str], what: &str| {
        let out = Command::new(MINGW_GCC).args(args).current_dir(dir.path()).output().expect("MinGW gcc runs");
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
    };
    mingw(&["-O2", "-shared", "prng.c", "-o", "bcryptprimitives.dll", "-ladvapi32"], "the ProcessPrng stand-in");
    let wine = Wine::new().unwrap_or_else(|e| panic!("{e}"));
    let limit = Duration::from_secs(60);
    // The samples the program holds: what it says to a name it does not know.
    let listed = wine.run_with(&program, &["-"], &dir.path().join("list"), limit).expect("wine");
    let stderr = String::from_utf8_lossy(&listed.stderr);
    let names: Vec<&str> = stderr.split("(there are: ").nth(1).and_then(|l| l.split(')').next()).map(|l| l.split(", ").collect()).unwrap_or_default();
    assert!(names.len() >= 5 && names.contains(&"win_xmm_callee_saved"), "samples: {stderr}");
    let samples = exasm_tests::repo_root().join("c-samples");
    let mut failures = Vec::new();
    for name in names {
        let source = [samples.join(format!("{name}.c")), samples.join(format!("windows/{name}.c"))].into_iter().find(|p| p.is_file()).expect("the sample's source");
        let exe = format!("{name}.exe");
        mingw(&["-O2", &source.display().to_string(), "-o", &exe], name);
        let expected = wine.run(&dir.path().join(&exe), &dir.path().join(format!("{name}-gcc")), limit).expect("wine");
        let ours = wine.run_with(&program, &[name], &dir.path().join(format!("{name}-ours")), limit).expect("wine");
        assert!(expected.success() && !expected.stdout.is_empty(), "{name}: MinGW gcc's build: {}", expected.exit);
        if (&ours.stdout, &ours.exit) != (&expected.stdout, &expected.exit) {
            failures.push(format!("{name}: exit {}, MinGW gcc's build {}\n--- ours\n{}--- gcc\n{}", ours.exit, expected.exit, String::from_utf8_lossy(&ours.stdout), String::from_utf8_lossy(&expected.stdout)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

