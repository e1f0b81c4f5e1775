//! The renderer against gcc: every operand modifier on every kind of location whose placement
//! gcc cannot choose freely (fixed registers, register variables, globals, immediates,
//! symbols), in both dialects and with and without PIE. gcc runs in the test; nothing is pasted.

use exasm_core::facts::{OperandFacts, SymbolKind, TlsModel, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::regs::{PhysReg, RegSet};
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::solve;
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::{gcc_reported, validate};
use exasm_tests::{app_blocks, gcc_s, message_of};

const GLOBALS: &str = "long src; int gi; char gc; short gsh; long gl; long double gld; int ga[10];
struct S { int a; long b; } gs; double gd; float gf;
__thread long tl[4]; extern __thread int tie[4];
static void lf(void) {}
void (*keep_lf)(void) = lf;
";

/// One operand: C declaration inside the function (initialized from a global, so gcc cannot
/// fold it to a constant and narrow the register), constraint, expression, and the facts a
/// front end would compute for it.
struct Case {
    name: &'static str,
    decl: &'static str,
    constraint: &'static str,
    expr: &'static str,
    facts: OperandFacts,
}

fn var(kind: ValueKind, size: u32) -> OperandFacts {
    OperandFacts::lvalue(kind, size)
}

fn regvar(kind: ValueKind, size: u32, reg: &str) -> OperandFacts {
    OperandFacts { fixed_reg: PhysReg::from_name(reg), addressable: false, var_name: Some("x".into()), ..OperandFacts::lvalue(kind, size) }
}

fn global(kind: ValueKind, size: u32, sym: &str, off: i64) -> OperandFacts {
    OperandFacts { symbol_home: Some((sym.into(), off)), ..OperandFacts::lvalue(kind, size) }
}

/// A thread-local object gcc reaches in `model` (one use per function, so gcc does not keep
/// the thread-pointer offset in a register across uses).
fn thread_local(kind: ValueKind, size: u32, sym: &str, off: i64, model: TlsModel) -> OperandFacts {
    OperandFacts { tls: Some(model), ..global(kind, size, sym, off) }
}

fn register_cases() -> Vec<Case> {
    let mut v = Vec::new();
    let types: [(&str, &str, ValueKind, u32); 7] = [
        ("char", "char x = src;", ValueKind::Int, 1),
        ("short", "short x = src;", ValueKind::Int, 2),
        ("int", "int x = src;", ValueKind::Int, 4),
        ("long", "long x = src;", ValueKind::Int, 8),
        ("ulong", "unsigned long x = src;", ValueKind::Int, 8),
        ("bool", "_Bool x = src;", ValueKind::Bool, 1),
        ("ptr", "char *x = (char *)src;", ValueKind::Pointer, 8),
    ];
    for letter in ["a", "b", "c", "d", "S", "D", "Yb"] {
        for (tname, decl, kind, size) in types {
            v.push(Case { name: leak(format!("{letter}_{tname}")), decl, constraint: letter, expr: "x", facts: var(kind, size) });
        }
    }
    let regvars: [(&str, &str, ValueKind, u32, &str); 12] = [
        ("rax_int128", "register unsigned __int128 x asm(\"rax\") = src;", ValueKind::Int128, 16, "rax"),
        ("r8_int128", "register unsigned __int128 x asm(\"r8\") = src;", ValueKind::Int128, 16, "r8"),
        ("rsi_ldouble", "register long double x asm(\"rsi\") = src;", ValueKind::LongDouble, 16, "rsi"),
        ("r12_long", "register long x asm(\"r12\") = 1;", ValueKind::Int, 8, "r12"),
        ("r9_int", "register int x asm(\"r9\") = 1;", ValueKind::Int, 4, "r9"),
        ("r10_short", "register short x asm(\"r10\") = 1;", ValueKind::Int, 2, "r10"),
        ("r11_char", "register char x asm(\"r11\") = 1;", ValueKind::Int, 1, "r11"),
        ("rbx_int", "register int x asm(\"ebx\") = 1;", ValueKind::Int, 4, "rbx"),
        ("xmm3_double", "register double x asm(\"xmm3\") = 1;", ValueKind::Double, 8, "xmm3"),
        ("xmm9_float", "register float x asm(\"xmm9\") = 1;", ValueKind::Float, 4, "xmm9"),
        ("rsi_float", "register float x asm(\"esi\") = 1;", ValueKind::Float, 4, "rsi"),
        ("rdi_double", "register double x asm(\"rdi\") = 1;", ValueKind::Double, 8, "rdi"),
    ];
    for (name, decl, kind, size, reg) in regvars {
        let constraint = if reg.starts_with("xmm") { "x" } else { "r" };
        v.push(Case { name, decl, constraint, expr: "x", facts: regvar(kind, size, reg) });
    }
    v.push(Case { name: "Yz_double", decl: "double x = src;", constraint: "Yz", expr: "x", facts: var(ValueKind::Double, 8) });
    v.push(Case { name: "t_double", decl: "double x = src;", constraint: "t", expr: "x", facts: var(ValueKind::Double, 8) });
    v.push(Case { name: "t_ldouble", decl: "long double x = src;", constraint: "t", expr: "x", facts: var(ValueKind::LongDouble, 16) });
    v
}

fn memory_cases() -> Vec<Case> {
    vec![
        Case { name: "m_gi", decl: "", constraint: "m", expr: "gi", facts: global(ValueKind::Int, 4, "gi", 0) },
        Case { name: "m_gc", decl: "", constraint: "m", expr: "gc", facts: global(ValueKind::Int, 1, "gc", 0) },
        Case { name: "m_gsh", decl: "", constraint: "m", expr: "gsh", facts: global(ValueKind::Int, 2, "gsh", 0) },
        Case { name: "m_gl", decl: "", constraint: "m", expr: "gl", facts: global(ValueKind::Int, 8, "gl", 0) },
        Case { name: "m_gld", decl: "", constraint: "m", expr: "gld", facts: global(ValueKind::LongDouble, 16, "gld", 0) },
        Case { name: "m_ga3", decl: "", constraint: "m", expr: "ga[3]", facts: global(ValueKind::Int, 4, "ga", 12) },
        Case { name: "m_gsb", decl: "", constraint: "m", expr: "gs.b", facts: global(ValueKind::Int, 8, "gs", 8) },
        Case { name: "m_gd", decl: "", constraint: "m", expr: "gd", facts: global(ValueKind::Double, 8, "gd", 0) },
        Case { name: "m_gf", decl: "", constraint: "m", expr: "gf", facts: global(ValueKind::Float, 4, "gf", 0) },
        Case { name: "m_deref", decl: "long *x = (long *)src;", constraint: "m", expr: "*x", facts: var(ValueKind::Int, 8) },
        Case { name: "m_tl0", decl: "", constraint: "m", expr: "tl[0]", facts: thread_local(ValueKind::Int, 8, "tl", 0, TlsModel::LocalExec) },
        Case { name: "m_tl2", decl: "", constraint: "m", expr: "tl[2]", facts: thread_local(ValueKind::Int, 8, "tl", 16, TlsModel::LocalExec) },
        Case { name: "m_tie0", decl: "", constraint: "m", expr: "tie[0]", facts: thread_local(ValueKind::Int, 4, "tie", 0, TlsModel::InitialExec) },
        Case { name: "m_tie3", decl: "", constraint: "m", expr: "tie[3]", facts: thread_local(ValueKind::Int, 4, "tie", 12, TlsModel::InitialExec) },
    ]
}

fn immediate_cases() -> Vec<Case> {
    vec![
        Case { name: "i_42", decl: "", constraint: "i", expr: "42", facts: OperandFacts::int_constant(4, 42) },
        Case { name: "i_neg5", decl: "", constraint: "i", expr: "-5", facts: OperandFacts::int_constant(4, -5) },
        Case { name: "i_big", decl: "", constraint: "i", expr: "0x100000000L", facts: OperandFacts::int_constant(8, 0x1_0000_0000) },
        Case { name: "n_7", decl: "", constraint: "n", expr: "7", facts: OperandFacts::int_constant(4, 7) },
        Case { name: "I_31", decl: "", constraint: "I", expr: "31", facts: OperandFacts::int_constant(4, 31) },
        Case { name: "K_m128", decl: "", constraint: "K", expr: "-128", facts: OperandFacts::int_constant(4, -128) },
        Case { name: "N_255", decl: "", constraint: "N", expr: "255", facts: OperandFacts::int_constant(4, 255) },
        Case { name: "e_m1", decl: "", constraint: "e", expr: "-1L", facts: OperandFacts::int_constant(8, -1) },
        Case { name: "i_gi", decl: "", constraint: "i", expr: "&gi", facts: OperandFacts::symbol("gi", 0, SymbolKind::Data, false) },
        Case { name: "i_ga3", decl: "", constraint: "i", expr: "&ga[3]", facts: OperandFacts::symbol("ga", 12, SymbolKind::Data, false) },
        Case { name: "i_gsb", decl: "", constraint: "i", expr: "&gs.b", facts: OperandFacts::symbol("gs", 8, SymbolKind::Data, false) },
        Case { name: "i_lf", decl: "", constraint: "i", expr: "lf", facts: OperandFacts::symbol("lf", 0, SymbolKind::Function, true) },
    ]
}

const MODIFIERS: [&str; 50] = [
    "", "b", "h", "w", "k", "q", "x", "t", "g", "V", "z", "c", "n", "P", "p", "a", "H", "A", "L", "W", "B", "Q", "S", "T", "C", "D", "E", "F", "G", "I", "J", "K", "M",
    "N", "O", "R", "U", "X", "Y", "Z", "d", "e", "f", "i", "j", "m", "o", "r", "s", "y",
];

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// What exasm prints for one case: the rendered text and the diagnostics gcc would report.
fn ours(case: &Case, modifier: &str, target: &Target) -> (String, Vec<String>) {
    let src = format!("__asm__ volatile (\"# <%{modifier}0>\" :: \"{}\" ({}))", case.constraint, case.expr);
    let stmt = parse_statements(&src).statements.remove(0);
    let v = validate(&stmt, target);
    let early: Vec<String> = gcc_reported(&v.diagnostics).iter().map(|d| d.message.clone()).collect();
    if v.has_errors() {
        return (String::new(), early);
    }
    let alloc = match solve(&v, std::slice::from_ref(&case.facts), target, RegSet::EMPTY) {
        Ok(a) => a,
        Err(d) => return (String::new(), d.into_iter().map(|d| d.message).collect()),
    };
    let r = render(&v, &alloc, std::slice::from_ref(&case.facts), target, &RenderOptions { unique: 0, label: &|_| String::new() });
    (r.text, r.diagnostics.into_iter().map(|d| d.message).collect())
}

fn c_function(i: usize, case: &Case, modifier: &str) -> String {
    format!("void f{i}(void) {{ {} __asm__ volatile (\"# <%{modifier}0>\" :: \"{}\" ({})); }}\n", case.decl, case.constraint, case.expr)
}

/// Compares every case and modifier with gcc under one set of flags; returns the mismatches.
fn compare(cases: &[Case], flags: &[&str], target: &Target) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut mismatches = Vec::new();
    let mut compared = 0;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for case in cases {
        for m in MODIFIERS {
            let (text, diags) = ours(case, m, target);
            if diags.iter().any(|d| is_error_message(d)) {
                bad.push((case, m, diags));
            } else {
                good.push((case, m, text, diags));
            }
        }
    }
    // Every case exasm accepts goes into one file, one function per line.
    let mut src = GLOBALS.to_string();
    let first_line = src.lines().count() + 1;
    for (i, (case, m, _, _)) in good.iter().enumerate() {
        src.push_str(&c_function(i, case, m));
    }
    let run = gcc_s(dir.path(), "good", &src, flags);
    let blocks = app_blocks(&run.asm);
    if !run.ok {
        for d in run.diagnostics.iter().filter(|d| d.contains(": error: ")) {
            let line: usize = d.split(':').nth(1).and_then(|l| l.parse().ok()).unwrap_or(0);
            let case = line.checked_sub(first_line).and_then(|i| good.get(i)).map(|(c, m, t, _)| format!("{} %{m}0 (exasm `{t}`)", c.name));
            mismatches.push(format!("gcc rejected {case:?} {flags:?}: {}", message_of(d)));
        }
        return (compared, mismatches);
    }
    assert_eq!(blocks.len(), good.len(), "one #APP block per function");
    // gcc places output-stage warnings unreliably (often at another function), so warnings
    // are compared as a multiset over the file.
    let mut ours_w: Vec<String> = Vec::new();
    for ((case, m, text, diags), gcc_text) in good.iter().zip(&blocks) {
        compared += 1;
        if text != gcc_text {
            mismatches.push(format!("{} %{m}0 {flags:?}: exasm `{text}`, gcc `{gcc_text}`", case.name));
        }
        ours_w.extend(diags.iter().filter(|d| !d.starts_with("label operand")).cloned());
    }
    let mut gcc_w: Vec<String> = run.diagnostics.iter().map(|d| message_of(d)).collect();
    ours_w.sort();
    gcc_w.sort();
    if ours_w != gcc_w {
        mismatches.push(format!("warnings {flags:?}: exasm {ours_w:?}, gcc {gcc_w:?}"));
    }
    // Every case exasm rejects, one file each: gcc must reject it with the same first error.
    for (case, m, diags) in bad {
        compared += 1;
        let src = format!("{GLOBALS}{}", c_function(0, case, m));
        let run = gcc_s(dir.path(), "bad", &src, flags);
        let gcc_errors: Vec<String> = run.diagnostics.iter().filter(|d| d.contains(": error: ")).map(|d| message_of(d)).collect();
        let ours_e: Vec<&String> = diags.iter().filter(|d| is_error_message(d)).collect();
        if run.ok || gcc_errors.first() != ours_e.first().copied() {
            mismatches.push(format!("{} %{m}0 {flags:?}: exasm errors {ours_e:?}, gcc {gcc_errors:?}", case.name));
        }
    }
    (compared, mismatches)
}

fn is_error_message(m: &str) -> bool {
    !(m.starts_with("non-integer operand") || m.starts_with("unsupported size for integer register") || m.starts_with("label operand"))
}

fn run_all(cases: Vec<Case>, extra: &[(&[&str], Target)]) {
    let mut total = 0;
    let mut all = Vec::new();
    for (flags, target) in extra {
        let (n, mut m) = compare(&cases, flags, target);
        total += n;
        all.append(&mut m);
    }
    assert!(all.is_empty(), "{} of {total} differ from gcc:\n{}", all.len(), all.join("\n"));
    eprintln!("{total} statements rendered as gcc renders them");
}

fn targets() -> Vec<(&'static [&'static str], Target)> {
    let att = Target { frame_pointer: false, ..Target::default() };
    let intel = Target { dialect: Dialect::Intel, ..att };
    vec![(&["-O2"][..], att), (&["-O2", "-masm=intel"][..], intel)]
}

#[test]
fn register_operands_print_as_gcc_prints_them() {
    run_all(register_cases(), &targets());
}

#[test]
fn memory_operands_print_as_gcc_prints_them() {
    let mut t = targets();
    let nopie = Target { pie: false, ..t[0].1 };
    let nopie_intel = Target { pie: false, ..t[1].1 };
    t.push((&["-O2", "-fno-pie"][..], nopie));
    t.push((&["-O2", "-fno-pie", "-masm=intel"][..], nopie_intel));
    run_all(memory_cases(), &t);
}

#[test]
fn immediates_and_symbols_print_as_gcc_prints_them() {
    let mut t = targets();
    let nopie = Target { pie: false, ..t[0].1 };
    let nopie_intel = Target { pie: false, ..t[1].1 };
    t.push((&["-O2", "-fno-pie"][..], nopie));
    t.push((&["-O2", "-fno-pie", "-masm=intel"][..], nopie_intel));
    run_all(immediate_cases(), &t);
}
