//! The `asm!` text exasm gives C-to-Rust translators (`exasm_lower::translate::asm_macro`)
//! compiles with rustc: every extended asm statement of every c-sample, typed by the C front
//! end, becomes a Rust function whose body is the `asm!`; rustc must build them all (to an
//! object, so the assembler sees every template). Statements Rust's `asm!` cannot express are
//! counted with their reason.

use exasm_core::facts::{ConstValue, OperandFacts, ValueKind};
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::validate;
use exasm_lower::translate::{asm_macro, global_asm, RustOperand, Translation};
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
        (ValueKind::Vector, 32) => ("core::arch::x86_64::__m256i", "unsafe { core::mem::zeroed() }"),
        (ValueKind::Int128, 16) => ("u128", "0"),
        (ValueKind::LongDouble | ValueKind::Vector, 1..) => (leak(format!("[u8; {size}]")), leak(format!("[0; {size}]"))),
        (ValueKind::Aggregate, _) => (leak(format!("[u8; {size}]")), leak(format!("[0; {size}]"))),
        _ => return None,
    })
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Facts as a translator knows them: its statics are Rust's own (mangled, named `r_NAME`),
/// which the asm reaches by `sym`; a local is in the frame, or memory is through a pointer; a
/// function the crate defines binds locally (gcc's view outside shared code). The statics'
/// names go to `symbols`.
fn translator_facts(info: &exasm_cfront::OperandInfo, analysis: &exasm_cfront::Analysis, text: &str, symbols: &mut BTreeMap<String, ()>) -> OperandFacts {
    let mut f = info.facts.clone();
    if f.fixed_reg.is_none() {
        match &info.is_global_object {
            Some(g) if !g.thread_local => {
                if let Some(o) = g.offset {
                    f.symbol_home = Some((g.symbol.clone(), o));
                }
            }
            Some(_) => {}
            None => f.home = info.home.clone(),
        }
    }
    if let Some(ConstValue::Symbol { name, local, .. }) = &mut f.constant {
        *local |= analysis.file_scope_name(text, name).defined_function;
    }
    for name in f.symbol_home.iter_mut().map(|(n, _)| n).chain(match &mut f.constant {
        Some(ConstValue::Symbol { name, .. }) => Some(name),
        _ => None,
    }) {
        let rust: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        *name = format!("r_{rust}");
        symbols.insert(name.clone(), ());
    }
    f
}

#[test]
fn asm_macro_text_compiles_for_every_c_sample_statement() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut samples: Vec<_> = std::fs::read_dir(root.join("c-samples")).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect();
    samples.sort();
    let mut file = String::from("#![allow(unused_mut, unused_unsafe, unused_variables, unused_assignments, asm_sub_register, non_upper_case_globals, static_mut_refs, named_asm_labels, dead_code)]\n");
    let mut symbols: BTreeMap<String, ()> = BTreeMap::new();
    let mut translated = 0;
    let mut naked = 0;
    let mut thunked: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut global_files: Vec<(String, String)> = Vec::new();
    for (n_sample, path) in samples.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        // Intel-syntax samples are translated for Intel (asm!'s default syntax).
        let intel = text.contains("exasm-needs: intel");
        let target = Target { dialect: if intel { Dialect::Intel } else { Dialect::Att }, ..Target::default() };
        let pre = exasm_cfront::preprocess(path, &exasm_cfront::Options { cc: Some("gcc".into()), cpp_args: Vec::new() }).expect("preprocesses");
        let analysis = exasm_cfront::analyze(&pre.text, &path.to_string_lossy());
        let file_scope: String = analysis.statements.iter().filter(|s| s.file_scope).map(|s| global_asm(&s.stmt.template.value, intel, &[])).collect();
        if !file_scope.is_empty() {
            global_files.push((path.file_name().unwrap().to_string_lossy().into_owned(), file_scope));
        }
        for (k, site) in analysis.statements.iter().enumerate() {
            // gcc never compiles a statement under a test it folds to 0.
            if site.file_scope || site.stmt.is_basic() || site.dead_under.is_some() {
                continue;
            }
            let name = format!("{}:{}", path.file_name().unwrap().to_string_lossy(), site.location.line);
            if site.untyped.is_some() {
                refused.push(format!("{name}: untyped"));
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
                let f = translator_facts(info, &analysis, &pre.text, &mut symbols);
                let f = &f;
                match rust_type(f.kind, f.size) {
                    Some((ty, init)) => {
                        let _ = writeln!(decls, "    let mut v{w}: {ty} = {init};");
                        ops.push(RustOperand { expr: format!("v{w}"), facts: f.clone() });
                    }
                    None => {
                        refused.push(format!("{name}: no Rust type in this test for operand type {:?} of {} bytes", f.kind, f.size));
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let labels: Vec<String> = site.stmt.labels.iter().map(|_| "return;".to_string()).collect();
            match asm_macro(&v, &ops, &labels, &target, &format!("thunk_s{n_sample}_{k}")) {
                Ok(Translation::Inline(m)) => {
                    translated += 1;
                    let _ = writeln!(file, "#[inline(never)]\npub unsafe fn s{n_sample}_{k}() {{\n{decls}    {m};\n}}\n");
                }
                Ok(Translation::Thunk { item, call, why }) => {
                    naked += 1;
                    let _ = writeln!(file, "{item}\n#[inline(never)]\npub unsafe fn s{n_sample}_{k}() {{\n{decls}    {call};\n}}\n");
                    thunked.push(format!("{name}: {why}"));
                }
                Err(d) => refused.push(format!("{name}: {}", d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))),
            }
        }
    }
    for s in symbols.keys() {
        let _ = writeln!(file, "pub static mut {s}: [u64; 16] = [0; 16];");
    }
    let dir = tempfile::tempdir().unwrap();
    let rs = dir.path().join("translated.rs");
    std::fs::write(&rs, &file).unwrap();
    let out = Command::new("rustc").args(["--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-O", "-o"]).arg(dir.path().join("t.o")).arg(&rs).output().expect("rustc runs");
    println!("{translated} statements as inline asm!, {naked} as a naked thunk, {} refused", refused.len());
    for f in &thunked {
        println!("  thunk: {f}");
    }
    for f in &refused {
        println!("  refused: {f}");
    }
    if !out.status.success() {
        std::fs::write(std::env::temp_dir().join("exasm-translated.rs"), &file).unwrap();
    }
    assert!(out.status.success(), "rustc rejects the translation (kept as $TMPDIR/exasm-translated.rs):\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(translated > 200, "only {translated} statements translated inline");
    // Each sample's file-scope asm as global_asm! (one object each: samples define the same
    // symbols).
    println!("file-scope asm of {} samples as global_asm!", global_files.len());
    assert!(global_files.len() >= 2, "{global_files:?}");
    for (name, items) in &global_files {
        let rs = dir.path().join("global.rs");
        std::fs::write(&rs, items).unwrap();
        let out = Command::new("rustc").args(["--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-o"]).arg(dir.path().join("g.o")).arg(&rs).output().expect("rustc runs");
        assert!(out.status.success(), "{name}: rustc rejects\n{items}\n{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(refused.is_empty(), "refused: {refused:#?}");
}

/// A C program whose statements `asm!` cannot say (rbx, x87, a 16-byte register pair, asm goto
/// with an output, a local struct's fields under a clobber of every free register) and one it
/// can (a static, by `sym`), translated statement by statement into a Rust program of the same
/// logic: rustc's build must print what gcc's build prints.
const RUN_C: &str = r#"#include <stdio.h>
struct pair { unsigned long a, b; };
static unsigned long counter = 5;
int main(void)
{
    unsigned a, b, c, d, leaf = 0;
    double x = 2.0, r;
    unsigned long v = 7, w;
    unsigned long long lo = 0x123456789ull, hi = 0x1000000000ull;
    unsigned __int128 p;
    struct pair s = { 40, 2 };
    int nz = 0;
    __asm__ volatile ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "0" (leaf));
    printf("%u %u %u %u\n", a, b, c, d);
    __asm__ ("fsqrt" : "=t" (r) : "0" (x));
    printf("%.17g\n", r);
    __asm__ goto ("movq %1, %0\n\ttestq %0, %0\n\tjnz %l2" : "=r" (w) : "r" (v) : : yes);
    goto no;
yes:
    nz = 1;
no:
    printf("%d %lu\n", nz, w);
    __asm__ ("addq %1, %0" : "+m" (counter) : "r" (v));
    printf("%lu\n", counter);
    __asm__ ("mulq %2" : "=A" (p) : "a" (lo), "rm" (hi));
    printf("%llx %llx\n", (unsigned long long)(p >> 64), (unsigned long long)p);
    __asm__ ("movq %1, %%rbx\n\taddq %%rbx, %0\n\tmovq %%rbx, %%r12" : "+m" (s.b) : "m" (s.a)
             : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
    printf("%lu %lu\n", s.a, s.b);
    return 0;
}
"#;

/// The same program in Rust; `/*Sk*/` is where statement k's translation goes.
const RUN_RS: &str = r#"#![allow(unused_mut, unused_unsafe, unused_assignments, non_upper_case_globals, static_mut_refs, named_asm_labels, dead_code)]
#[repr(C)]
struct Pair { a: u64, b: u64 }
static mut r_counter: u64 = 5;
/*ITEMS*/
fn main() { unsafe {
    let (mut a, mut b, mut c, mut d, mut leaf): (u32, u32, u32, u32, u32) = (0, 0, 0, 0, 0);
    let (mut x, mut r): (f64, f64) = (2.0, 0.0);
    let (mut v, mut w): (u64, u64) = (7, 0);
    let (mut lo, mut hi): (u64, u64) = (0x123456789, 0x1000000000);
    let mut p: u128 = 0;
    let mut s = Pair { a: 40, b: 2 };
    let mut nz: i32 = 0;
    /*S0*/;
    println!("{} {} {} {}", a, b, c, d);
    /*S1*/;
    println!("{}", r);
    /*S2*/;
    println!("{} {}", nz, w);
    /*S3*/;
    println!("{}", r_counter);
    /*S4*/;
    println!("{:x} {:x}", (p >> 64) as u64, p as u64);
    /*S5*/;
    println!("{} {}", s.a, s.b);
} }
"#;

#[test]
fn naked_thunks_for_translators_run_as_gcc_builds_them() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("run.c");
    std::fs::write(&c, RUN_C).unwrap();
    let native = dir.path().join("native");
    let built = Command::new("gcc").args(["-O2", "-w", "-o"]).arg(&native).arg(&c).output().expect("gcc runs");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let expected = Command::new(&native).output().unwrap();
    assert!(expected.status.success());

    let target = Target::default();
    let pre = exasm_cfront::preprocess(&c, &exasm_cfront::Options { cc: Some("gcc".into()), cpp_args: Vec::new() }).expect("preprocesses");
    let analysis = exasm_cfront::analyze(&pre.text, "run.c");
    let mut symbols = BTreeMap::new();
    let mut items = String::new();
    let mut rs = RUN_RS.to_string();
    let mut kinds = Vec::new();
    for (k, site) in analysis.statements.iter().enumerate() {
        let v = validate(&site.stmt, &target);
        assert!(!v.has_errors());
        let ops: Vec<RustOperand> = site
            .stmt
            .outputs
            .iter()
            .chain(&site.stmt.inputs)
            .zip(&site.operands)
            .map(|(o, info)| RustOperand { expr: o.expr.value.replace("counter", "r_counter"), facts: translator_facts(info, &analysis, &pre.text, &mut symbols) })
            .collect();
        let labels = ["nz = 1;".to_string()];
        let text = match asm_macro(&v, &ops, &labels[..site.stmt.labels.len()], &target, &format!("thunk{k}")).unwrap_or_else(|d| panic!("statement {k}: {d:?}")) {
            Translation::Inline(t) => {
                kinds.push("inline");
                t
            }
            Translation::Thunk { item, call, .. } => {
                kinds.push("naked");
                items.push_str(&item);
                call
            }
        };
        rs = rs.replace(&format!("/*S{k}*/"), &text);
    }
    assert_eq!(kinds, ["naked", "naked", "naked", "inline", "naked", "naked"]);
    let rs = rs.replace("/*ITEMS*/", &items);
    let src = dir.path().join("run.rs");
    std::fs::write(&src, &rs).unwrap();
    let exe = dir.path().join("rust");
    let out = Command::new("rustc").args(["--edition", "2021", "-O", "-o"]).arg(&exe).arg(&src).output().expect("rustc runs");
    assert!(out.status.success(), "rustc:\n{}\n--- run.rs ---\n{rs}", String::from_utf8_lossy(&out.stderr));
    let got = Command::new(&exe).output().unwrap();
    assert!(got.status.success(), "the Rust build fails: {:?}\n{rs}", got.status);
    assert_eq!(String::from_utf8_lossy(&got.stdout), String::from_utf8_lossy(&expected.stdout), "\n--- run.rs ---\n{rs}");
}

/// File-scope asm that defines a function and updates a C global, translated with the global
/// as a Rust static of rustc's own (mangled) name reached through `sym`: rustc's build prints
/// what gcc's prints.
#[test]
fn file_scope_asm_as_global_asm_runs_as_gcc_builds_it() {
    let c_src = r#"#include <stdio.h>
unsigned long counter = 40;
unsigned long bump(unsigned long by);
__asm__(".text\n.globl bump\n.type bump, @function\nbump:\n\taddq %rdi, counter(%rip)\n\tmovq counter(%rip), %rax\n\tret\n.size bump, .-bump\n.section .rodata\nname: .ascii \"counter\"");
int main(void)
{
    printf("%lu\n", bump(2));
    printf("%lu\n", bump(100));
    printf("%lu\n", counter);
    return 0;
}
"#;
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("fs.c");
    std::fs::write(&c, c_src).unwrap();
    let native = dir.path().join("native");
    let built = Command::new("gcc").args(["-O2", "-o"]).arg(&native).arg(&c).output().expect("gcc runs");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let expected = Command::new(&native).output().unwrap();
    let pre = exasm_cfront::preprocess(&c, &exasm_cfront::Options { cc: Some("gcc".into()), cpp_args: Vec::new() }).expect("preprocesses");
    let analysis = exasm_cfront::analyze(&pre.text, "fs.c");
    let items: String = analysis.statements.iter().filter(|s| s.file_scope).map(|s| global_asm(&s.stmt.template.value, false, &[("counter", "r_counter")])).collect();
    assert!(items.contains("sym r_counter"), "{items}");
    let rs = format!(
        "#![allow(non_upper_case_globals, static_mut_refs)]\nstatic mut r_counter: u64 = 40;\n{items}\nextern \"C\" {{ fn bump(by: u64) -> u64; }}\nfn main() {{ unsafe {{\n    println!(\"{{}}\", bump(2));\n    println!(\"{{}}\", bump(100));\n    println!(\"{{}}\", core::ptr::read_volatile(core::ptr::addr_of!(r_counter)));\n}} }}\n"
    );
    let src = dir.path().join("fs.rs");
    std::fs::write(&src, &rs).unwrap();
    let exe = dir.path().join("rust");
    let out = Command::new("rustc").args(["--edition", "2021", "-O", "-o"]).arg(&exe).arg(&src).output().expect("rustc runs");
    assert!(out.status.success(), "rustc:\n{}\n{rs}", String::from_utf8_lossy(&out.stderr));
    let got = Command::new(&exe).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&got.stdout), String::from_utf8_lossy(&expected.stdout));
    assert_eq!(String::from_utf8_lossy(&expected.stdout), "42\n142\n142\n");
}
