//! Memory operands addressed as gcc addresses them: `exasm explain` renders each statement in
//! the same form as `gcc -S` — frame slots from `%rsp` (`%rbp` at -O0), symbols from `%rip`,
//! one base register per pointer when optimizing and one per operand at -O0, index registers,
//! a register input serving as a base. Register names and frame offsets are gcc's free choice,
//! so both texts are compared with registers renamed in order of appearance (`r1`, `r2`, ...:
//! which operands share a register stays visible) and frame offsets written `N`.

use exasm_tests::{exasm_binary, gcc_s};
use std::process::Command;

/// Accepted at every level.
const EVERY_LEVEL: &str = r##"#include <stdint.h>
uint64_t g; uint64_t s[4]; static uint64_t st[4];
struct S { long a, b; int c[4]; };
void f1(uint64_t *a, uint64_t *b, uint64_t *r) {
    uint64_t tmp1, tmp2, tmp3;
    __asm__ volatile("# %0 %1 %2 %3 %4 %5" : "+S"(a), "=m"(tmp1), "=m"(tmp2), "=m"(tmp3) : "b"(b), "D"(r)
                     : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory");
    r[0] = tmp1 + tmp2 + tmp3;
}
long f2(long *v) { long s; __asm__("# %0 %1 %2 %3 %8" : "=&r"(s) : "m"(v[0]), "m"(v[1]), "m"(v[2]), "m"(v[3]), "m"(v[4]), "m"(v[5]), "m"(v[6]), "m"(v[7])); return s; }
void f3(long x) { __asm__ volatile("# %0 %1 %2" : "+m"(g) : "r"(x), "m"(s[2])); __asm__ volatile("# %0 %1" : "+m"(st[1]) : "m"(st[3])); }
void f4(long *p) { __asm__ volatile("# %0 %1" : : "r"(p), "m"(*p)); }
void f5(long *p, long i) { __asm__ volatile("# %0 %1" : : "m"(p[i]), "m"(p[i + 2])); }
void f6(long i) { long arr[8]; arr[i & 7] = 1; __asm__ volatile("# %0 %1" : : "m"(arr[i]), "m"(arr[2])); }
void f7(struct S *p) { __asm__ volatile("# %0 %1 %2" : "=m"(p->b) : "m"(p->c[2]), "m"((*p).a)); }
void f8(long x, long y) { __asm__ volatile("# %0" : : "rm"(x + y) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15"); }
void f9(struct S s) { __asm__ volatile("# %0" : : "m"(s.b)); }
void f10(long x) { __asm__ volatile("# %0" : "+m"(x)); }
void f11(long **pp) { __asm__ volatile("# %0 %1" : : "m"(pp[1][2]), "m"(pp[1][3])); }
void g13(unsigned char (*)[16]);
void f13(void) { unsigned char data[4][16]; g13(data); __asm__ volatile("# %0 %1 %2" : : "m"(*data[0]), "m"(*data[1]), "m"(data[3][0]) : "memory"); }
__seg_gs long gsv[4];
void f12(__seg_gs long *p, long i) { __asm__ volatile("# %0 %1 %2" : "+m"(gsv[1]) : "m"(p[1]), "m"(p[i])); }
"##;

/// Accepted only when optimizing: one base serves many operands, an input's register serves as
/// a base.
const OPTIMIZED: &str = r##"#define ALL_BUT_RDI "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15", "rbp"
long f2(long *v) { long s; __asm__("# %0 %1 %2 %21" : "=&r"(s) : "m"(v[0]), "m"(v[1]), "m"(v[2]), "m"(v[3]), "m"(v[4]), "m"(v[5]), "m"(v[6]), "m"(v[7]), "m"(v[8]), "m"(v[9]), "m"(v[10]), "m"(v[11]), "m"(v[12]), "m"(v[13]), "m"(v[14]), "m"(v[15]), "m"(v[16]), "m"(v[17]), "m"(v[18]), "m"(v[19]), "m"(v[20])); return s; }
void f(long *p) { __asm__ volatile("# %0 %1 %2" : : "D"(p), "m"(p[1]), "m"(p[2]) : ALL_BUT_RDI); }
long h(long *p) { long o; __asm__ volatile("# %0 %1 %2" : "=r"(o) : "r"(p), "m"(*p) : ALL_BUT_RDI); return o; }
void k(long *p) { __asm__ volatile("# %0 %1" : : "r"(p + 1), "m"(p[1]) : ALL_BUT_RDI); }
long m(long *p) { long o; __asm__ volatile("# %0 %1 %2" : "=r"(o), "=m"(*p) : "r"(p) : ALL_BUT_RDI); return o; }
"##;

/// Registers renamed in order of first appearance, `%rsp` kept; frame displacements `N` (also
/// the absent displacement 0).
fn normalized(text: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A frame slot at displacement 0 is a frame slot too.
        if (text[i..].starts_with("(%rsp") || text[i..].starts_with("(%rbp")) && !out.ends_with('N') {
            out.push('N');
        }
        if b[i] == b'%' && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
            let end = (i + 1..b.len()).find(|&j| !b[j].is_ascii_alphanumeric()).unwrap_or(b.len());
            let name = &text[i + 1..end];
            if name == "rsp" {
                out.push_str("%rsp");
            } else {
                let k = names.iter().position(|n| n == name).unwrap_or_else(|| {
                    names.push(name.to_string());
                    names.len() - 1
                });
                out.push_str(&format!("r{}", k + 1));
            }
            i = end;
        } else if (b[i] == b'-' || b[i].is_ascii_digit()) && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'+') {
            // A displacement of a frame slot: digits right before `(%rsp` or `(%rbp`.
            let end = (i + 1..b.len()).find(|&j| !b[j].is_ascii_digit()).unwrap_or(b.len());
            let frame = text[end..].starts_with("(%rsp") || text[end..].starts_with("(%rbp");
            out.push_str(if frame { "N" } else { &text[i..end] });
            i = end;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn templates_agree(source: &str, flag_sets: &[&[&str]]) {
    let exasm = exasm_binary().expect("the exasm binary");
    for flags in flag_sets {
        let dir = tempfile::tempdir().unwrap();
        let gcc = gcc_s(dir.path(), "forms", source, flags);
        assert!(gcc.ok, "{flags:?}: {:?}", gcc.diagnostics);
        let theirs: Vec<String> = exasm_tests::app_statements(&gcc.asm).iter().map(|t| normalized(t)).collect();
        let out = Command::new(&exasm).arg("explain").arg("--json").arg(dir.path().join("forms.c")).args(*flags).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{flags:?}: {}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ours: Vec<String> = json["statements"].as_array().unwrap().iter().map(|s| normalized(s["template"].as_str().unwrap())).collect();
        assert_eq!(ours, theirs, "{flags:?}");
    }
}

#[test]
fn memory_operands_take_gccs_forms_at_every_level() {
    templates_agree(EVERY_LEVEL, &[&["-O0"], &["-O1"], &["-O2"], &["-O2", "-fno-pie"]]);
}

#[test]
fn optimized_code_shares_base_registers_as_gcc_does() {
    templates_agree(OPTIMIZED, &[&["-O1"], &["-O2"], &["-O2", "-fno-pie"]]);
}

#[test]
fn normalizing_keeps_which_operands_share_a_register() {
    assert_eq!(normalized("# %rdi 8(%rdi) -24(%rsp) 16+s(%rip) (%rax,%rdi,8)"), "# r1 8(r1) N(%rsp) 16+s(r2) (r3,r1,8)");
    assert_ne!(normalized("(%rax) (%rcx)"), normalized("(%rax) (%rax)"));
}
