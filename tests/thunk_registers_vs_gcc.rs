//! Lowering that the c-samples cannot cover (they build without target flags), and where a
//! statement exasm cannot lower may become a trap, against gcc:
//!
//! - mask (`k`) operands under `-mavx512f` (bytes and words, `kmovw`) and `-mavx512bw` (double
//!   and quad words, `kmovd`/`kmovq`): the thunk moves them through GPRs;
//! - operands in xmm16..xmm31 (the low sixteen clobbered) under `-mavx512f` (scalars) and
//!   `-mavx512vl` (16-, 32- and 64-byte vectors): every glue move is an EVEX form;
//! - an xmm output of 2 bytes stored through a pointer is stored at its size (no 64-byte store
//!   into a 2-byte temporary);
//! - a statement exasm cannot lower is a trap only in a function nothing calls, and an error
//!   in gcc's `file:line:col: error:` form anywhere else;
//! - naked functions whose statements have operands, or whose body holds C code, are errors.
//!
//! Each program is built by gcc with inline asm, and through exasm (`lower` then gcc at -O0 and
//! -O2, `cc --with chibicc` where chibicc can compile the C, `cc --backend rust`), run, and
//! the outputs compared with gcc's. On a CPU without the features a program needs, the builds
//! still run (the thunks must assemble) and the thunks' instructions are checked with objdump
//! instead of running; the test says what it did not run.

use exasm_tests::{exasm_binary, repo_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_binary().expect("the exasm binary builds")).clone()
}

/// The CPU has every one of `features` (`/proc/cpuinfo` flags, `avx512f`, ...).
fn cpu_has(features: &[&str]) -> bool {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let flags: Vec<&str> = info.lines().find(|l| l.starts_with("flags")).map(|l| l.split_whitespace().collect()).unwrap_or_default();
    features.iter().all(|f| flags.contains(f))
}

fn has(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).current_dir(dir).env("LC_ALL", "C").output().unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

fn ok(out: &Output, what: &str) {
    assert!(out.status.success(), "{what} failed ({}):\n{}{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// How one program is checked.
struct Case<'a> {
    name: &'a str,
    source: &'a str,
    /// Target flags, for gcc and exasm alike.
    flags: &'a [&'a str],
    /// `/proc/cpuinfo` flags needed to run it.
    cpu: &'a [&'a str],
    /// chibicc compiles the C (no vector types).
    chibicc: bool,
    /// Mnemonics the thunks must hold (checked in objdump's disassembly).
    thunk_insns: &'a [&'a str],
}

/// Builds `case` every way; runs and compares when the CPU can, else only checks the thunks.
fn check(case: &Case) {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let src = format!("{}.c", case.name);
    std::fs::write(d.join(&src), case.source).unwrap();
    let exasm = exasm();
    let exasm = exasm.to_str().unwrap();
    let mut builds: Vec<(String, Vec<String>)> = Vec::new();
    // gcc with inline asm: the expected output.
    let mut native = vec!["-O2".to_string()];
    native.extend(case.flags.iter().map(|s| s.to_string()));
    native.extend([src.clone(), "-o".into(), "native".into()]);
    ok(&run(d, "gcc", &native.iter().map(String::as_str).collect::<Vec<_>>()), "gcc (native)");
    for opt in ["-O0", "-O2"] {
        let mut lower = vec!["lower".to_string(), opt.to_string()];
        lower.extend(case.flags.iter().map(|s| s.to_string()));
        lower.extend([src.clone(), "-o".into(), format!("lowered{opt}.c"), "--asm".into(), format!("lowered{opt}.s")]);
        ok(&run(d, exasm, &lower.iter().map(String::as_str).collect::<Vec<_>>()), "exasm lower");
        // The thunks assemble, whatever the CPU.
        ok(&run(d, "gcc", &["-c", &format!("lowered{opt}.s"), "-o", &format!("thunks{opt}.o")]), "assembling the thunks");
        ok(&run(d, "gcc", &[opt, &format!("lowered{opt}.c"), &format!("lowered{opt}.s"), "-o", &format!("lower{opt}")]), "gcc on the lowered C");
        builds.push((format!("lower{opt}"), Vec::new()));
    }
    let disassembly = String::from_utf8_lossy(&run(d, "objdump", &["-d", "-M", "suffix", "--no-show-raw-insn", "thunks-O2.o"]).stdout).into_owned();
    for insn in case.thunk_insns {
        assert!(disassembly.lines().any(|l| l.split_whitespace().nth(1) == Some(insn)), "{}: no `{insn}` in the thunks:\n{disassembly}", case.name);
    }
    if case.chibicc && has("chibicc") {
        let include = format!("-I{}", repo_root().join("crates/exasm-unit/include/chibicc").display());
        let mut cc = vec!["cc".to_string(), "--with".into(), "chibicc".into(), include];
        cc.extend(case.flags.iter().map(|s| s.to_string()));
        cc.extend(["-o".into(), "chibicc".into(), src.clone()]);
        ok(&run(d, exasm, &cc.iter().map(String::as_str).collect::<Vec<_>>()), "exasm cc --with chibicc");
        builds.push(("chibicc".into(), Vec::new()));
    }
    if has("rustc") {
        let mut cc = vec!["cc".to_string(), "--backend".into(), "rust".into(), "-O2".into()];
        cc.extend(case.flags.iter().map(|s| s.to_string()));
        cc.extend(["-o".into(), "rust".into(), src.clone()]);
        ok(&run(d, exasm, &cc.iter().map(String::as_str).collect::<Vec<_>>()), "exasm cc --backend rust");
        builds.push(("rust".into(), Vec::new()));
    }
    if !cpu_has(case.cpu) {
        eprintln!("{}: this CPU lacks {}: built and assembled every way, thunks checked by objdump, not run", case.name, case.cpu.join(" "));
        return;
    }
    let expected = run(d, "./native", &[]);
    ok(&expected, "the native program");
    assert!(!expected.stdout.is_empty());
    for (prog, args) in &builds {
        let got = run(d, &format!("./{prog}"), &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            String::from_utf8_lossy(&got.stdout),
            String::from_utf8_lossy(&expected.stdout),
            "{}: {prog} prints other values than gcc's build ({})",
            case.name,
            got.status
        );
        assert_eq!(got.status.code(), expected.status.code(), "{}: {prog}", case.name);
    }
}

/// Mask registers as AVX512F alone has them: bytes and words, `kmovw`.
const MASK_F: &str = r#"#include <stdio.h>
int main(void) {
    unsigned short src = 0x00a5, w1, w3;
    unsigned char b1, b2;
    /* Three outputs: the third is stored through a pointer, at its own size. */
    __asm__("kmovw %k3, %0\n\tknotw %0, %1\n\tkmovw %1, %2" : "=k"(b1), "=k"(w1), "=k"(b2) : "r"(src));
    printf("three: %x %x %x\n", b1, w1, b2);
    /* "+k" beside a GPR output that leaves in rax. */
    unsigned short m = 0x00ff; unsigned long g = 7;
    __asm__("kshiftlw $4, %0, %0\n\tmovq $42, %1" : "+k"(m), "=a"(g));
    printf("+k: %x %lu\n", m, g);
    /* Inputs arriving on the stack, a byte one zero-extended above its byte. */
    unsigned long a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5, a6 = 6, o;
    unsigned char kc = 0x71; unsigned short kw = 0x8001;
    __asm__("addq %2,%0; addq %3,%0; addq %4,%0; addq %5,%0; addq %6,%0\n\t"
            "kmovw %7, %%eax\n\taddq %%rax, %0\n\tkmovw %8, %%eax\n\taddq %%rax, %0"
            : "=&r"(o) : "0"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "k"(kc), "k"(kw) : "rax");
    printf("stack: %lu\n", o);
    /* A tied input and kortest into a flag output. */
    unsigned short x = 0x0f0f, y = 0xf0f0, z; int all;
    __asm__("korw %2, %0, %0\n\tkortestw %0, %0" : "=k"(z), "=@ccc"(all) : "k"(y), "0"(x));
    printf("korw: %x all ones: %d\n", z, all);
    w3 = 0;
    __asm__("kxnorw %0, %0, %0" : "+k"(w3));
    printf("kxnorw: %x\n", w3);
    return 0;
}
"#;

/// Double and quad words in mask registers (AVX512BW): `kmovd`, `kmovq`.
const MASK_BW: &str = r#"#include <stdio.h>
int main(void) {
    unsigned int d = 0x12345678, d2, d3; unsigned long long q = 0x8000000000000001ULL, q2, q3;
    __asm__("kshiftld $4, %2, %0\n\tknotq %3, %1" : "=k"(d2), "=k"(q2) : "k"(d), "k"(q));
    printf("%x %llx\n", d2, q2);
    /* More outputs than return registers: stored through pointers. */
    __asm__("kmovd %3, %0\n\tkmovq %4, %1\n\tkaddd %3, %3, %2" : "=k"(d3), "=k"(q3), "=k"(d2) : "k"(d), "k"(q));
    printf("%x %llx %x\n", d3, q3, d2);
    return 0;
}
"#;

const LOW16: &str = r#"#define LOW "xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7","xmm8","xmm9","xmm10","xmm11","xmm12","xmm13","xmm14","xmm15"
"#;

/// Scalars in xmm16..xmm31 (AVX512F: no 128-bit EVEX move without AVX512VL).
const XMM_HIGH_SCALARS: &str = r#"#include <stdio.h>
int main(void) {
    /* Ten inputs: two arrive on the stack; three outputs, the third through a pointer. */
    double d[10] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}, s, t, u;
    __asm__("vaddsd %4, %3, %0\n\tvaddsd %5, %0, %0\n\tvaddsd %6, %0, %0\n\tvaddsd %7, %0, %0\n\tvaddsd %8, %0, %0\n\t"
            "vaddsd %9, %0, %0\n\tvaddsd %10, %0, %0\n\tvaddsd %11, %0, %0\n\tvaddsd %12, %0, %0\n\t"
            "vmovsd %11, %1, %1\n\tvmovsd %12, %2, %2"
            : "=&v"(s), "=&v"(t), "=&v"(u)
            : "v"(d[0]), "v"(d[1]), "v"(d[2]), "v"(d[3]), "v"(d[4]), "v"(d[5]), "v"(d[6]), "v"(d[7]), "v"(d[8]), "v"(d[9]) : LOW);
    float f = 2.5f, g; long n = 7;
    __asm__("vcvtsi2ssq %2, %1, %0\n\tvaddss %1, %0, %0" : "=&v"(g) : "v"(f), "r"(n) : LOW);
    double a = 1, b = 2;
    __asm__("vmovsd %0, %1, %1" : "+v"(a), "+v"(b) : : LOW);
    printf("%g %g %g %g %g %g\n", s, t, u, g, a, b);
    return 0;
}
"#;

/// Vectors in xmm16..xmm31 (AVX512VL for 16 and 32 bytes).
const XMM_HIGH_VECTORS: &str = r#"#include <stdio.h>
typedef double v2d __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));
int main(void) {
    v2d x = {1, 2}, y = {10, 20}, z;
    __asm__("vaddpd %2, %1, %0" : "=v"(z) : "v"(x), "v"(y) : LOW);
    v4d x4 = {1, 2, 3, 4}, z4;
    __asm__("vaddpd %1, %1, %0" : "=v"(z4) : "v"(x4) : LOW);
    v8d x8 = {1, 2, 3, 4, 5, 6, 7, 8}, z8;
    __asm__("vaddpd %1, %1, %0" : "+v"(z8) : "v"(x8) : LOW);
    printf("%g %g %g %g %g\n", z[0], z[1], z4[3], z8[0], z8[7]);
    return 0;
}
"#;

/// A 2-byte vector in an xmm register, stored through a pointer (a third output): at its own
/// size, through a GPR (a 16-byte store would overrun the temporary).
const XMM_SHORT_VECTOR: &str = r#"#include <stdio.h>
typedef unsigned char v2qi __attribute__((vector_size(2)));
int main(void) {
    v2qi h = {1, 2}, h2; double a = 1, b = 2; unsigned char guard[4] = {7, 7, 7, 7};
    __asm__("movsd %3, %0\n\tmovsd %3, %1\n\tmovdqa %4, %2\n\tpaddb %2, %2" : "=&x"(a), "=&x"(b), "=&x"(h2) : "x"(3.0), "x"(h));
    printf("%g %g %d %d %d\n", a, b, h2[0], h2[1], guard[0] + guard[1] + guard[2] + guard[3]);
    return 0;
}
"#;

#[test]
fn short_vector_output_through_a_pointer() {
    check(&Case { name: "xmm_short", source: XMM_SHORT_VECTOR, flags: &[], cpu: &[], chibicc: false, thunk_insns: &["movd", "movw"] });
}

#[test]
fn mask_registers_under_avx512f() {
    check(&Case { name: "mask_f", source: MASK_F, flags: &["-mavx512f"], cpu: &["avx512f"], chibicc: true, thunk_insns: &["kmovw", "movzbl"] });
}

#[test]
fn mask_registers_under_avx512bw() {
    check(&Case { name: "mask_bw", source: MASK_BW, flags: &["-mavx512bw"], cpu: &["avx512f", "avx512bw"], chibicc: true, thunk_insns: &["kmovd", "kmovq"] });
}

#[test]
fn scalars_in_xmm16_and_above() {
    let source = format!("{LOW16}{XMM_HIGH_SCALARS}");
    check(&Case { name: "xmm_high_scalars", source: &source, flags: &["-mavx512f"], cpu: &["avx512f"], chibicc: true, thunk_insns: &["vmovsd", "vinserti32x4"] });
}

#[test]
fn vectors_in_xmm16_and_above() {
    let source = format!("{LOW16}{XMM_HIGH_VECTORS}");
    check(&Case {
        name: "xmm_high_vectors",
        source: &source,
        flags: &["-mavx512f", "-mavx512vl"],
        cpu: &["avx512f", "avx512vl"],
        chibicc: false,
        thunk_insns: &["vmovdqu64"],
    });
}

/// exasm's result for a file: exit status and stderr.
fn lower(source: &str, flags: &[&str]) -> (tempfile::TempDir, bool, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("t.c"), source).unwrap();
    let exasm = exasm();
    let mut args = vec!["lower", "t.c", "-o", "l.c", "--asm", "l.s"];
    args.extend(flags);
    let out = run(dir.path(), exasm.to_str().unwrap(), &args);
    (dir, out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A statement exasm cannot lower (the escaping local needs a pointer register, and all are
/// clobbered); gcc addresses the local from the stack pointer. Programs put it where `U` is.
const UNLOWERABLE: &str = r##"#include <stdio.h>
#define ALL "rax","rbx","rcx","rdx","rsi","rdi","r8","r9","r10","r11","r12","r13","r14","r15"
void sink(long *p) { *p = 5; }

"##;
const U: &str = r##"{ long x; sink(&x); __asm__ volatile("# %0" :: "m"(x) : ALL); }"##;

/// Line 5 of a program, and where gcc puts a diagnostic of the statement on it.
fn program(tail: &str) -> (String, String) {
    let tail = tail.replace('U', U);
    let col = tail.lines().next().unwrap().find("__asm__").unwrap() + 1;
    (format!("{UNLOWERABLE}{tail}"), format!("t.c:5:{col}"))
}

#[test]
fn a_trap_only_where_nothing_can_call_it() {
    let why = "exasm cannot lower this statement yet: too few registers are left for the addresses of its memory operands";
    // Called, directly or through a macro, or kept by an attribute, an initializer, asm text,
    // or an external definition: an error at the statement, as gcc words its errors.
    for (tail, name) in [
        ("static void f(void) U\n#define test_f f\nint main(void) { test_f(); return 0; }\n", "macro"),
        ("static inline void f(void) U\nstatic void g(void) { f(); }\nint main(void) { g(); return 0; }\n", "transitive"),
        ("__attribute__((constructor)) static void f(void) U\nint main(void) { return 0; }\n", "constructor"),
        ("static void f(void) U\nstatic void (*p)(void) = f;\nint main(void) { p(); return 0; }\n", "initializer"),
        ("static void f(void) U\n__asm__(\".globl g\\ng: jmp f\");\nint main(void) { return 0; }\n", "file-scope asm"),
        ("void f(void) U\nint main(void) { return 0; }\n", "external"),
    ] {
        let (source, at) = program(tail);
        let (_d, ok, stderr) = lower(&source, &[]);
        assert!(!ok, "{name}: lowered although the function may run:\n{stderr}");
        assert!(has_line(&stderr, &format!("{at}: error: {why}")), "{name}: {stderr}");
    }
    // Nothing calls it (an uncalled static caller, a declaration): a trap that never runs, a
    // warning, and the program prints what gcc's does.
    let (source, at) = program("static void f(void) U static void f(void); static inline void g(void) { f(); }\nint main(void) { long v = 3; __asm__(\"addq $2, %0\" : \"+r\"(v)); printf(\"%ld\\n\", v); return 0; }\n");
    let (d, ok, stderr) = lower(&source, &[]);
    assert!(ok, "{stderr}");
    assert!(has_line(&stderr, &format!("{at}: warning: {why}")) && stderr.contains("(in 'f', which nothing calls: lowered to a trap)"), "{stderr}");
    ok_run(d.path(), "5\n");
}

fn ok_run(dir: &Path, expected: &str) {
    ok(&run(dir, "gcc", &["l.c", "l.s", "-o", "prog"]), "gcc on the lowered C");
    let out = run(dir, "./prog", &[]);
    ok(&out, "the lowered program");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn naked_functions_with_operands_or_c_code_are_errors() {
    // gcc 12 accepts both (and documents only basic asm as supported in naked functions); the
    // thunk file has no frame to put a register operand in, nor anything to run C code.
    let (_d, ok, stderr) = lower("__attribute__((naked)) int f(int a) { __asm__(\"movl %0, %%eax\\n\\tret\" :: \"r\"(a)); }\nint main(void) { return f(0); }\n", &[]);
    assert!(!ok);
    assert!(has_line(&stderr, "t.c:1:39: error: exasm cannot lower this statement in naked function 'f': only basic asm, or operands that are immediates"), "{stderr}");
    let (_d, ok, stderr) = lower("__attribute__((naked)) int f(void) { __asm__(\"movl $1, %eax\"); return 0; }\nint main(void) { return f(); }\n", &[]);
    assert!(!ok);
    assert!(has_line(&stderr, "t.c:1:38: error: exasm cannot lower naked function 'f': its body holds C code besides asm statements"), "{stderr}");
    // Intel syntax, an immediate operand: the function is whole in the thunk file.
    let (d, ok, stderr) = lower("#include <stdio.h>\n__attribute__((naked)) static long k(long a) { __asm__(\"lea rax, [rdi+%c0]\\n\\tret\" :: \"i\"(7)); }\nint main(void) { printf(\"%ld\\n\", k(5)); return 0; }\n", &["-masm=intel"]);
    assert!(ok, "{stderr}");
    let s = std::fs::read_to_string(d.path().join("l.s")).unwrap();
    assert!(s.contains(".intel_syntax noprefix\n\tlea rax, [rdi+7]\n\tret\n\t.att_syntax prefix\n#NO_APP\n\tud2\n"), "{s}");
    ok_run(d.path(), "12\n");
}

/// Does some line of `stderr` start with `prefix`? (gcc's "In function" line comes first.)
fn has_line(stderr: &str, prefix: &str) -> bool {
    stderr.lines().any(|l| l.starts_with(prefix))
}
