//! Builds C samples of exasm (c-samples/, C with GCC extended asm) into `libsamples.a` with
//! exasm-build, the cc::Build companion: one line differs from a cc build script.

use std::fmt::Write;
use std::path::PathBuf;

/// The samples, each one translation unit whose `main` the Rust side calls.
const SAMPLES: [&str; 8] = ["guide_imul128", "guide_named", "guide_goto_overflow", "guide_flags", "feat_file_scope", "feat_static_symbol", "feat_cpuid_h", "feat_atomic"];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let samples = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("../../../c-samples").canonicalize().unwrap();
    let mut build = exasm_build::Build::new();
    let mut table = String::new();
    for name in SAMPLES {
        // Each sample's `main` under its own name.
        let wrapper = out.join(format!("{name}.c"));
        let text = format!("#define main exasm_sample_{name}_main\n#include \"{}\"\n", samples.join(format!("{name}.c")).display());
        // Written only when it changes: a file written on every run would run this script on
        // every build (it is one of the files the script depends on).
        if std::fs::read_to_string(&wrapper).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&wrapper, text).unwrap();
        }
        build.file(&wrapper);
        let _ = writeln!(table, "    (\"{name}\", {{ extern \"C\" {{ fn exasm_sample_{name}_main() -> core::ffi::c_int; }} exasm_sample_{name}_main }}),");
    }
    build.compile("samples");
    std::fs::write(out.join("samples.rs"), format!("/// Each sample's name and its C `main`.\npub static SAMPLES: &[(&str, unsafe extern \"C\" fn() -> core::ffi::c_int)] = &[\n{table}];\n")).unwrap();
    // Which compiler built the C (for the tests' messages).
    println!("cargo:rustc-env=EXASM_EXAMPLE_CC={}", std::env::var("CC").unwrap_or_else(|_| "cc".into()));
}
