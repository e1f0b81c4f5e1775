//! `exasm explain --json` as tools read it (docs/json.md): the documented keys, every kind of
//! operand location, and each statement's rendered template equal to the text gcc emits for
//! the same file (`gcc -S`, its `#APP` blocks), under PIE and without, in both dialects.

use exasm_tests::{app_statements as statements_in, exasm_binary, gcc_s};
use std::collections::BTreeSet;
use std::process::Command;

/// One volatile statement per location kind; every register is fixed by its constraint, so
/// gcc's text is determined.
const SOURCE: &str = r##"long g[4];
__thread int tl;
extern __thread int te;
unsigned __int128 wide;
int f(long x, int y)
{
    long lo, hi;
    _Bool carry;
    __asm__ volatile ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (x), "m" (g[2]));
    __asm__ volatile ("addq %2, %0" : "+a" (lo), "=@ccc" (carry) : "i" (42));
    __asm__ volatile ("incl %0" : "+m" (tl));
    __asm__ volatile ("incl %0" : "+m" (te));
    __asm__ volatile ("movq %1, %%rax" : "=m" (wide) : "n" (-1) : "rax");
    __asm__ volatile ("# %q0" : : "A" (wide));
    __asm__ goto ("testl %0, %0; jz %l1" : : "c" (y) : "cc" : zero);
    return lo + hi + carry;
zero:
    return 0;
}
#ifdef __OPTIMIZE__
#define BP , "rbp"
#else
#define BP
#endif
void h(long *p)
{
    /* r13 is the one register left for the base: gcc prints its zero displacement. */
    __asm__ volatile ("incq %0" : : "m" (*p) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "rbx", "r12", "r14", "r15", "memory" BP);
}
"##;

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// gcc's local labels are numbered (`.L3`), exasm's named after the C label.
fn without_label_names(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(".L") {
        out.push_str(&rest[..at + 2]);
        rest = rest[at + 2..].trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    }
    out.push_str(rest);
    out
}

#[test]
fn explain_json_has_the_documented_shape_and_gccs_templates() {
    let exasm = exasm_binary().expect("the exasm binary builds");
    let dir = tempfile::tempdir().unwrap();
    for flags in [&["-O2"][..], &["-O2", "-fno-pie"], &["-O2", "-masm=intel"], &["-O0"]] {
        let intel = flags.contains(&"-masm=intel");
        let source = if intel { SOURCE.replace("%%rax", "rax").replace("movq %1, rax", "mov rax, %1").replace("mulq", "mul").replace("addq %2, %0", "add %0, %2").replace("incl", "inc").replace("testl", "test") } else { SOURCE.to_string() };
        let gcc = gcc_s(dir.path(), "kinds", &source, flags);
        assert!(gcc.ok, "{flags:?}: {:?}", gcc.diagnostics);
        let out = Command::new(&exasm).arg("explain").arg("--json").arg(dir.path().join("kinds.c")).args(flags).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{flags:?}: {}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(keys(&json), set(&["file", "statements", "diagnostics"]));
        let statements = json["statements"].as_array().unwrap();
        let mut kinds = BTreeSet::new();
        for s in statements {
            assert_eq!(keys(s), set(&["file", "line", "column", "function", "file_scope", "statement", "operands", "clobbers", "template"]));
            assert_eq!(keys(&s["clobbers"]), set(&["cc", "memory", "fpsr", "regs"]));
            for o in s["operands"].as_array().unwrap() {
                assert_eq!(keys(o), set(&["number", "role", "name", "constraint", "expression", "c_type", "size", "facts", "home", "location"]));
                kinds.insert(o["location"]["kind"].as_str().unwrap().to_string());
            }
        }
        assert_eq!(kinds, set(&["reg", "reg_pair", "mem", "imm", "flag", "label"]), "{flags:?}");
        let ours: Vec<String> = statements.iter().map(|s| without_label_names(s["template"].as_str().unwrap())).collect();
        let theirs: Vec<String> = statements_in(&gcc.asm).iter().map(|b| without_label_names(b)).collect();
        assert_eq!(ours, theirs, "{flags:?}");
    }
}
