//! Every sample, called through FFI from Rust (its C built by exasm-build with `$CC`), prints
//! what the same sample prints when gcc builds it natively.

use std::path::Path;
use std::process::Command;

#[test]
fn every_sample_prints_what_gccs_own_build_prints() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../c-samples");
    let dir = std::env::temp_dir().join(format!("exasm-rust-crate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (name, _) in exasm_rust_crate_example::SAMPLES {
        // gcc's own build: the oracle.
        let native = dir.join(name);
        let gcc = Command::new("gcc").arg("-O2").arg(samples.join(format!("{name}.c"))).arg("-o").arg(&native).output().expect("gcc runs");
        assert!(gcc.status.success(), "gcc cannot build {name}: {}", String::from_utf8_lossy(&gcc.stderr));
        let expected = Command::new(&native).output().unwrap();
        let ours = Command::new(env!("CARGO_BIN_EXE_run-sample")).arg(name).output().unwrap();
        assert!(!expected.stdout.is_empty(), "{name} prints nothing");
        if ours.stdout != expected.stdout || ours.status.code() != expected.status.code() {
            failures.push(format!(
                "{name} (C built with {}): exit {:?}, gcc's build {:?}\n--- ours\n{}--- gcc\n{}",
                exasm_rust_crate_example::C_COMPILER,
                ours.status.code(),
                expected.status.code(),
                String::from_utf8_lossy(&ours.stdout),
                String::from_utf8_lossy(&expected.stdout)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(exasm_rust_crate_example::SAMPLES.len(), 8);
}
