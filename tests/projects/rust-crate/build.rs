//! Builds C samples of exasm (c-samples/, C with GCC extended asm) into `libsamples.a` with
//! exasm-build, the cc::Build companion: one line differs from a cc build script.

use std::fmt::Write;
use std::path::PathBuf;

/// The samples (paths in c-samples/ without `.c`), each one translation unit whose `main` the
/// Rust side calls.
const SAMPLES: [&str; 8] = ["guide_imul128", "guide_named", "guide_goto_overflow", "guide_flags", "feat_file_scope", "feat_static_symbol", "feat_cpuid_h", "feat_atomic"];

/// For Windows (MinGW-w64): the samples that are C for it too, and one of its own (a template
/// clobbering xmm6-xmm15, which Win64 callers keep). Left out: `feat_file_scope` (ELF sections
/// in its templates), `feat_static_symbol` and `feat_atomic` (`q`-suffixed templates on `long`
/// operands, 32 bits there: MinGW gcc rejects them too).
const WINDOWS_SAMPLES: [&str; 6] = ["guide_imul128", "guide_named", "guide_goto_overflow", "guide_flags", "feat_cpuid_h", "windows/win_xmm_callee_saved"];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let samples = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap()).join("../../../c-samples").canonicalize().unwrap();
    let mut build = exasm_build::Build::new();
    let mut table = String::new();
    let windows = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows");
    for path in if windows { &WINDOWS_SAMPLES[..] } else { &SAMPLES[..] } {
        let name = path.rsplit('/').next().unwrap_or(path);
        // Each sample's `main` under its own name.
        let wrapper = out.join(format!("{name}.c"));
        let text = format!("#define main exasm_sample_{name}_main\n#include \"{}\"\n", samples.join(format!("{path}.c")).display());
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
