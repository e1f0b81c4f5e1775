//! tests/projects/rust-crate: a Rust crate whose build script builds c-samples with
//! exasm-build (the cc::Build companion) and whose test calls each sample's `main` through FFI
//! and compares what it prints with gcc's own build of the sample. Built here with `CC=gcc`
//! and with `CC=chibicc` (which has no extended asm at all: everything it builds was lowered),
//! in the target directory of these tests (its debug profile, which the main workspace's
//! `--release` build does not use), offline: its dependencies are the main workspace's.

use std::path::PathBuf;
use std::process::Command;

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
