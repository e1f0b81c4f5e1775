//! What the compiler's flags enable, against gcc: instruction-set flags exasm does not
//! interpret itself (`-march=`, `-mavx512dq`, ...), `-ffixed-REG`, `-fcall-used-REG`,
//! `-fcall-saved-REG`, and register variables judged against their type and the target. Each
//! test writes C, compiles it with gcc and runs `exasm explain` (or builds and runs it through
//! `exasm cc`) with the same flags, and compares verdicts, messages with their line and column,
//! and rendered templates. Nothing gcc prints is pasted here.

use exasm_tests::{app_statements, exasm_binary, gcc_s};
use std::path::{Path, PathBuf};
use std::process::Command;

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_binary().expect("the exasm binary builds")).clone()
}

/// `line:col: kind: message` of each error and warning line (the file name dropped).
fn located(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = lines
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .map(|l| l.split_once(':').map_or(l.clone(), |(_, rest)| rest.to_string()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// gcc's verdict and diagnostics for `source` under `flags` (`-S`, so the templates too).
fn gcc(dir: &Path, name: &str, source: &str, flags: &[&str]) -> (bool, Vec<String>, Vec<String>) {
    let run = gcc_s(dir, name, source, flags);
    (run.ok, located(run.diagnostics.into_iter()), app_statements(&run.asm))
}

/// exasm's verdict, diagnostics and rendered templates for the file gcc compiled.
fn explain(dir: &Path, name: &str, flags: &[&str]) -> (bool, Vec<String>, Vec<String>) {
    let out = Command::new(exasm()).arg("explain").arg("--json").arg(dir.join(format!("{name}.c"))).args(flags).env("LC_ALL", "C").output().expect("exasm runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let templates = json["statements"].as_array().map_or(Vec::new(), |s| s.iter().filter_map(|s| s["template"].as_str().map(|t| t.trim().to_string())).collect());
    (out.status.code() == Some(0), located(stderr.lines().map(str::to_string)), templates)
}

/// Runs gcc and exasm on each (name, source, flags) and returns every disagreement in verdict
/// or diagnostics (templates too when `templates` is set).
fn disagreements(cases: &[(String, String, Vec<String>)], templates: bool) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bad = Vec::new();
    for (name, source, flags) in cases {
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let flags = &flags;
        let (g_ok, g_diags, g_text) = gcc(dir.path(), name, source, flags);
        let (e_ok, e_diags, e_text) = explain(dir.path(), name, flags);
        let errors = |d: &[String]| d.iter().filter(|d| d.contains(": error: ")).cloned().collect::<Vec<_>>();
        let (g_err, e_err) = (errors(&g_diags), errors(&e_diags));
        if g_ok != e_ok || g_err != e_err {
            let only = |a: &[String], b: &[String]| a.iter().filter(|d| !b.contains(d)).cloned().collect::<Vec<_>>();
            bad.push(format!("{name} {flags:?}: gcc {}, exasm {}; only gcc: {:#?}; only exasm: {:#?}", verdict(g_ok), verdict(e_ok), only(&g_err, &e_err), only(&e_err, &g_err)));
        } else if templates && g_ok && g_text != e_text {
            bad.push(format!("{name} {flags:?}: gcc prints {g_text:?}, exasm {e_text:?}"));
        }
    }
    bad
}

fn owned(flags: &[&str]) -> Vec<String> {
    flags.iter().map(|s| s.to_string()).collect()
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "accepts"
    } else {
        "rejects"
    }
}

const VECTORS: &str = "typedef float v2sf __attribute__((vector_size(8)));
typedef float v4sf __attribute__((vector_size(16)));
typedef float v8sf __attribute__((vector_size(32)));
typedef float v16sf __attribute__((vector_size(64)));
typedef struct { int a, b; } s8;
typedef struct { long a, b; } s16;
typedef struct { long a, b, c; } s24;
";

/// Instruction-set flags gcc expands (`-march=`, one AVX-512 subset implying another): `k`
/// and the upper vector registers exist exactly when gcc says so, and a register variable in
/// `xmm16` prints as `xmm16`.
#[test]
fn instruction_set_flags_mean_what_gcc_says() {
    let k = "void f(void) { unsigned char k = 0; __asm volatile (\"kmovb %0, %%k1\" :: \"k\" (k)); }\n".to_string();
    let xmm16 = format!("{VECTORS}v4sf f(v4sf a) {{ register v4sf x __asm (\"xmm16\") = a; __asm (\"vaddps %0, %0, %0\" : \"+v\" (x)); return x; }}\n");
    let zmm = format!("{VECTORS}void f(v16sf *p) {{ v16sf x = *p; __asm (\"vaddps %0, %0, %0\" : \"+v\" (x)); *p = x; }}\n");
    let ymm = format!("{VECTORS}void f(v8sf *p) {{ v8sf x = *p; __asm (\"vaddps %0, %0, %0\" : \"+x\" (x)); *p = x; }}\n");
    let tilde = "float f(float a) { __asm (\"v%~addps %0, %0, %0 # %d0\" : \"+x\" (a)); return a; }\n".to_string();
    let mut cases = Vec::new();
    for flags in [
        vec!["-O2"],
        vec!["-O2", "-mavx512dq", "-mno-avx512bw"],
        vec!["-O2", "-mavx512vl"],
        vec!["-O2", "-mavx512cd"],
        vec!["-O2", "-march=skylake-avx512"],
        vec!["-O2", "-march=icelake-server"],
        vec!["-O0", "-march=x86-64-v4"],
        vec!["-O2", "-march=x86-64-v3"],
        vec!["-O2", "-march=haswell", "-mno-avx2"],
        vec!["-O2", "-mavx512f", "-mno-avx512f"],
    ] {
        for (what, source) in [("k", &k), ("xmm16", &xmm16), ("zmm", &zmm), ("ymm", &ymm), ("tilde", &tilde)] {
            cases.push((format!("{what}{}", cases.len()), source.clone(), owned(&flags)));
        }
    }
    let bad = disagreements(&cases, true);
    assert!(bad.is_empty(), "{} of {} disagree:\n{}", bad.len(), cases.len(), bad.join("\n"));
}

/// Every register family a register variable can name, with every kind of type, under
/// instruction sets from the baseline to AVX-512: gcc's verdict on each declaration, at -O0
/// (where gcc looks at every one) and at -O2 when an asm statement uses the variable. (exasm
/// reads only functions that hold asm: a declaration elsewhere is not judged.)
#[test]
fn register_variables_are_judged_as_gcc_judges_them() {
    let types = [
        "char", "short", "int", "long", "__int128", "float", "double", "long double", "v2sf", "v4sf", "v8sf", "v16sf", "s8", "s16", "s24", "_Bool", "void *",
        "_Complex double", "_Complex float",
    ];
    let regs = ["rax", "r15", "ebp", "xmm3", "xmm16", "zmm31", "st", "st(1)", "mm0", "k1", "0", "16", "17", "19", "52", "68", "argp", "fpsr"];
    let mut o0 = String::from(VECTORS);
    let mut o2 = String::from(VECTORS);
    for (i, t) in types.iter().enumerate() {
        for (j, r) in regs.iter().enumerate() {
            // exasm reads only functions that hold asm.
            o0.push_str(&format!("void f{i}_{j}(void) {{ register {t} v __asm (\"{r}\"); __asm volatile (\"\"); }}\n"));
            // Initialized: gcc -O2 drops some uninitialized ones before it looks at them.
            o2.push_str(&format!("void f{i}_{j}({t} *p) {{ register {t} v __asm (\"{r}\") = *p; __asm volatile (\"\" :: \"X\" (v)); }}\n"));
        }
    }
    let mut cases = Vec::new();
    for isa in [&[][..], &["-mavx"], &["-mavx512f"], &["-mavx512vl", "-mavx512bw"]] {
        let with = |o: &str| [o].iter().chain(isa).map(|s| s.to_string()).collect::<Vec<String>>();
        cases.push((format!("o0_{}", cases.len()), o0.clone(), with("-O0")));
        cases.push((format!("o2_{}", cases.len()), o2.clone(), with("-O2")));
    }
    let bad = disagreements(&cases, false);
    assert!(bad.is_empty(), "{} of {} disagree:\n{}", bad.len(), cases.len(), bad.join("\n"));
}

/// `-ffixed-REG` takes a register from the allocator (a fixed register an operand demands is
/// gcc's error), `-fcall-used-REG` and `-fcall-saved-REG` change the `U` class, and the stack
/// and frame pointers cannot be made call-used or call-saved.
#[test]
fn fixed_and_call_used_registers_follow_gcc() {
    let s = "long f(void) { long x; __asm (\"movq $1, %0\" : \"=S\" (x)); return x; }\n".to_string();
    let x = format!("{VECTORS}void f(v4sf *p) {{ v4sf a = *p; __asm (\"addps %0, %0\" : \"+x\" (a)); *p = a; }}\n");
    let u = "long f(void) { long x; __asm (\"movq $1, %0\" : \"=U\" (x) :: \"rcx\", \"rdx\", \"rsi\", \"rdi\", \"r8\", \"r9\", \"r10\", \"r11\"); return x; }\n".to_string();
    let u_rbx = "long f(void) { long x; __asm (\"movq $1, %0\" : \"=U\" (x) :: \"rax\", \"rcx\", \"rdx\", \"rsi\", \"rdi\", \"r8\", \"r9\", \"r10\", \"r11\"); return x; }\n".to_string();
    let pressure = "long f(void) { long x; __asm (\"movq $1, %0\" : \"=r\" (x) :: \"rax\", \"rbx\", \"rcx\", \"rdx\", \"rdi\", \"r8\", \"r9\", \"r10\", \"r11\", \"r12\", \"r13\", \"r14\", \"r15\"); return x; }\n".to_string();
    let all_xmm: Vec<String> = (0..16).map(|i| format!("-ffixed-xmm{i}")).collect();
    let mut cases = Vec::new();
    let mut add = |what: &str, source: &String, flags: Vec<&str>| cases.push((format!("{what}{}", cases.len()), source.clone(), owned(&flags)));
    add("s", &s, vec!["-O2", "-ffixed-esi"]);
    add("s", &s, vec!["-O2", "-ffixed-4"]);
    add("s", &s, vec!["-O2", "-ffixed-rsi", "-fcall-used-rsi"]);
    add("s", &s, vec!["-O2", "-ffixed-r8d"]);
    // (With all sixteen fixed, gcc 12 stops with an internal error on "x".)
    add("x", &x, [&["-O2"][..], &all_xmm[..15].iter().map(String::as_str).collect::<Vec<_>>()].concat());
    add("u", &u, vec!["-O2", "-fcall-saved-rax"]);
    add("u", &u, vec!["-O2", "-ffixed-rax"]);
    add("urbx", &u_rbx, vec!["-O2"]);
    add("urbx", &u_rbx, vec!["-O2", "-fcall-used-rbx"]);
    add("pressure", &pressure, vec!["-O2", "-ffixed-rsi"]);
    add("pressure", &pressure, vec!["-O2", "-ffixed-rsi", "-ffixed-rbp"]);
    add("pressure", &pressure, vec!["-O2", "-fcall-saved-rsp"]);
    add("pressure", &pressure, vec!["-O2", "-fcall-used-rbp"]);
    let bad = disagreements(&cases, true);
    assert!(bad.is_empty(), "{} of {} disagree:\n{}", bad.len(), cases.len(), bad.join("\n"));
}

/// With all of xmm0-xmm15 fixed and AVX-512 on, `v` takes the upper registers only.
#[test]
fn fixed_vector_registers_are_never_allocated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = format!("{VECTORS}v4sf f(v4sf a, v4sf b) {{ __asm (\"vaddps %1, %0, %0\" : \"+v\" (a) : \"v\" (b * b)); return a; }}\n");
    std::fs::write(dir.path().join("v.c"), &src).unwrap();
    let mut flags = vec!["-O2".to_string(), "-march=skylake-avx512".to_string()];
    flags.extend((0..16).map(|i| format!("-ffixed-xmm{i}")));
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    assert!(gcc_s(dir.path(), "v", &src, &flags).ok);
    let (ok, diags, templates) = explain(dir.path(), "v", &flags);
    assert!(ok, "{diags:?}");
    let t = templates.join(" ");
    assert!(t.contains("%xmm16") && (0..16).all(|i| !t.contains(&format!("%xmm{i},")) && !t.ends_with(&format!("%xmm{i}"))), "{t}");
}

/// Under `-fcall-saved-REG` the caller's compiler keeps values in those registers across the
/// call exasm makes of a statement: the thunk must give them back, as the statement's clobbers
/// are its own business. The program built through `exasm cc` prints what gcc's build prints.
#[test]
fn thunks_preserve_registers_made_call_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = r#"#include <stdio.h>
__attribute__((noinline)) long work(long *v, int n)
{
    long a = v[0] * 3, b = v[1] * 5, c = v[2] * 7, d = v[3] * 11, e = v[4] * 13, f = v[5] * 17, g = v[6] * 19, h = v[7] * 23, i = v[8] * 29;
    long out;
    for (int k = 0; k < n; k++) {
        __asm volatile ("movq $-1, %%r8; movq $-1, %%r9; movq $-1, %%r10; movq $-1, %%r11; leaq 1(%1), %0" : "=r" (out) : "r" ((long)k) : "r8", "r9", "r10", "r11");
        a += out; b ^= a; c += b; d ^= c; e += d; f ^= e; g += f; h ^= g; i += h;
    }
    return a + b + c + d + e + f + g + h + i;
}
int main(void)
{
    long v[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    printf("%ld\n", work(v, 100));
    return 0;
}
"#;
    let c = dir.path().join("saved.c");
    std::fs::write(&c, src).unwrap();
    let flags = ["-O2", "-fcall-saved-r8", "-fcall-saved-r9", "-fcall-saved-r10", "-fcall-saved-r11"];
    let run = |exe: &Path| String::from_utf8_lossy(&Command::new(exe).output().expect("runs").stdout).into_owned();
    let native = dir.path().join("native");
    assert!(Command::new("gcc").args(flags).arg(&c).arg("-o").arg(&native).status().unwrap().success());
    let lowered = dir.path().join("lowered");
    let built = Command::new(exasm()).args(["cc", "--with", "gcc"]).args(flags).arg(&c).arg("-o").arg(&lowered).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert_eq!(run(&lowered), run(&native));
}
