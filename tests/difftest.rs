//! The random differential test in CI: `exasm-difftest` (see `difftest/main.rs`) on 100
//! programs of two fixed seeds, every exasm variant (lower + gcc, chibicc, the Rust backend)
//! against gcc. Any mismatch fails the test; its reproducers are kept in
//! `$TMPDIR/exasm-difftest-ci/`.
//!
//! Run: `cargo test --release -p exasm-tests --test difftest -- --nocapture`.

use exasm_tests::exasm_binary;
use std::process::Command;

#[test]
fn random_programs_agree_with_gcc() {
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let keep = std::env::temp_dir().join("exasm-difftest-ci");
    for (seed, count) in [(20240501u64, 50u32), (7, 50)] {
        let out = Command::new(env!("CARGO_BIN_EXE_exasm-difftest"))
            .args(["--seed", &seed.to_string(), "--count", &count.to_string(), "--jobs", "2", "--quiet", "--keep"])
            .arg(&keep)
            .env("EXASM_BIN", &exasm)
            .output()
            .expect("exasm-difftest runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        println!("{stdout}");
        assert!(out.status.success(), "seed {seed}: mismatches\n{stdout}\n{stderr}");
        assert!(stdout.contains(&format!("{count} checked")), "seed {seed}: not every program ran\n{stdout}");
        assert!(stdout.contains(" 0 mismatches"), "{stdout}");
    }
}
