//! The `asm!` text exasm gives C-to-Rust translators (`exasm_lower::translate::asm_macro`)
//! compiles with rustc: every extended asm statement of every c-sample, typed by the C front
//! end, becomes a Rust function whose body is the `asm!`; rustc must build them all (to an
//! object, so the assembler sees every template). Statements Rust's `asm!` cannot express are
//! counted with their reason.

use exasm_core::facts::{ConstValue, ValueKind};
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::validate;
use exasm_lower::translate::{asm_macro, RustOperand};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

fn rust_type(kind: ValueKind, size: u32) -> Option<(&'static str, &'static str)> {
    Some(match (kind, size) {
        (ValueKind::Int | ValueKind::Bool, 1) => ("u8", "0"),
        (ValueKind::Int, 2) => ("u16", "0"),
        (ValueKind::Int, 4) => ("u32", "0"),
        (ValueKind::Int, 8) => ("u64", "0"),
        (ValueKind::Pointer, _) => ("*mut u8", "core::ptr::null_mut()"),
        (ValueKind::Float, _) => ("f32", "0.0"),
        (ValueKind::Double, _) => ("f64", "0.0"),
        (ValueKind::Vector, 16) => ("core::arch::x86_64::__m128i", "unsafe { core::mem::zeroed() }"),
        (ValueKind::Aggregate, 1..) => (leak(format!("[u8; {size}]")), leak(format!("[0; {size}]"))),
        _ => return None,
    })
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn asm_macro_text_compiles_for_every_c_sample_statement() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut samples: Vec<_> = std::fs::read_dir(root.join("c-samples")).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect();
    samples.sort();
    let mut file = String::from("#![allow(unused_mut, unused_unsafe, non_upper_case_globals, static_mut_refs, named_asm_labels, dead_code)]\n");
    let mut symbols: BTreeMap<String, ()> = BTreeMap::new();
    let mut translated = 0;
    let mut fallbacks: Vec<String> = Vec::new();
    for (n_sample, path) in samples.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        // Intel-syntax samples are translated for Intel (asm!'s default syntax).
        let intel = text.contains("exasm-needs: intel");
        let target = Target { dialect: if intel { Dialect::Intel } else { Dialect::Att }, ..Target::default() };
        let pre = exasm_cfront::preprocess(path, &exasm_cfront::Options { cc: Some("gcc".into()), cpp_args: Vec::new() }).expect("preprocesses");
        let analysis = exasm_cfront::analyze(&pre.text, &path.to_string_lossy());
        for (k, site) in analysis.statements.iter().enumerate() {
            if site.file_scope || site.stmt.is_basic() {
                continue;
            }
            let name = format!("{}:{}", path.file_name().unwrap().to_string_lossy(), site.location.line);
            if site.untyped.is_some() {
                fallbacks.push(format!("{name}: untyped"));
                continue;
            }
            let v = validate(&site.stmt, &target);
            if v.has_errors() {
                continue;
            }
            let mut decls = String::new();
            let mut ops = Vec::new();
            let mut ok = true;
            for (w, info) in site.operands.iter().enumerate() {
                let f = &info.facts;
                match &f.constant {
                    Some(ConstValue::Symbol { name, .. }) => {
                        symbols.insert(name.clone(), ());
                    }
                    Some(ConstValue::Int { .. }) => {}
                    _ => {}
                }
                match rust_type(f.kind, f.size) {
                    Some((ty, init)) => {
                        let _ = writeln!(decls, "    let mut v{w}: {ty} = {init};");
                        ops.push(RustOperand { expr: format!("v{w}"), facts: f.clone() });
                    }
                    None => {
                        fallbacks.push(format!("{name}: operand type {:?} of {} bytes", f.kind, f.size));
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let labels: Vec<String> = site.stmt.labels.iter().map(|_| "return;".to_string()).collect();
            match asm_macro(&v, &ops, &labels, &target) {
                Ok(m) => {
                    translated += 1;
                    let _ = writeln!(file, "#[inline(never)]\npub unsafe fn s{n_sample}_{k}() {{\n{decls}    {m};\n}}\n");
                }
                Err(d) => fallbacks.push(format!("{name}: {}", d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))),
            }
        }
    }
    for s in symbols.keys() {
        let _ = writeln!(file, "#[no_mangle]\npub static mut {s}: [u64; 16] = [0; 16];");
    }
    let dir = tempfile::tempdir().unwrap();
    let rs = dir.path().join("translated.rs");
    std::fs::write(&rs, &file).unwrap();
    let out = Command::new("rustc").args(["--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-O", "-o"]).arg(dir.path().join("t.o")).arg(&rs).output().expect("rustc runs");
    println!("{translated} statements translated to asm!, {} fall back to the thunk:", fallbacks.len());
    for f in &fallbacks {
        println!("  {f}");
    }
    assert!(out.status.success(), "rustc rejects the translated asm!:\n{}\n--- file ---\n{file}", String::from_utf8_lossy(&out.stderr));
    assert!(translated > 200, "only {translated} statements translated");
}
