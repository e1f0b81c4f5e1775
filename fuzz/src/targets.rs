//! Fuzz targets: each takes arbitrary bytes, must never panic, and checks the properties named
//! in its doc comment. Shared by `cargo fuzz` (fuzz/fuzz_targets/) and the stable smoke loop
//! (`tests/fuzz_smoke.rs`), which includes this file by path.

use exasm_core::constraint::Constraint;
use exasm_core::facts::{ConstValue, OperandFacts, SymbolKind, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::regs::{PhysReg, RegSet};
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::solve;
use exasm_core::target::Target;
use exasm_core::template::{check_named_references, dialect_alternatives, parse_template, Dialect};
use exasm_core::validate::validate;
use exasm_core::verify::check_allocation;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The constraint decoder. Properties (gcc's front end): an output constraint that decodes
/// contains `=` or `+`; an input constraint that decodes contains neither `=`, `+` nor `&`;
/// decoding is deterministic.
pub fn constraint(data: &[u8]) {
    let s = text(data);
    if let Ok((c, _warnings)) = Constraint::decode_output(&s) {
        assert!(s.contains('=') || s.contains('+'), "output constraint {s:?} decoded without '=' or '+': {c:?}");
        assert_eq!(Constraint::decode_output(&s).map(|x| x.0), Ok(c));
    }
    if let Ok(c) = Constraint::decode_input(&s) {
        assert!(!s.contains('=') && !s.contains('+') && !s.contains('&'), "input constraint {s:?} decoded: {c:?}");
        assert_eq!(Constraint::decode_input(&s), Ok(c));
    }
}

/// The template parser, both dialects, named references and `{att|intel}` splitting. Property:
/// a template without `%`, `{`, `|` and `}` is one literal text piece equal to itself.
pub fn template(data: &[u8]) {
    let s = text(data);
    for dialect in [Dialect::Att, Dialect::Intel] {
        let (pieces, _errors) = parse_template(&s, dialect);
        if !s.is_empty() && !s.contains(['%', '{', '|', '}']) {
            let joined: String = pieces
                .iter()
                .map(|p| match p {
                    exasm_core::template::Piece::Text { text } => text.clone(),
                    other => panic!("{other:?} in a template without '%': {s:?}"),
                })
                .collect();
            assert_eq!(joined, s);
        }
    }
    let _ = check_named_references(&s, |n| n.len() < 3);
    let _ = dialect_alternatives(&s);
}

/// The statement parser and validator. Properties: every statement that parses prints back
/// (`to_c`) to text that parses to a statement printing the same; validation never panics,
/// for AT&T and Intel targets.
pub fn statement(data: &[u8]) {
    let s = text(data);
    let parsed = parse_statements(&s);
    // A string literal left open at the end of a line is a lexer error in gcc; the parser
    // accepts it inside an operand expression and `to_c` (one line) then reads differently.
    let round_trip = !has_unterminated_literal(&s);
    for stmt in &parsed.statements {
        for target in targets() {
            let _ = validate(stmt, &target);
        }
        if !round_trip {
            continue;
        }
        let printed = stmt.to_c();
        let again = parse_statements(&printed);
        assert_eq!(again.statements.len(), 1, "{printed:?} (from {s:?}) does not parse back to one statement: {:?}", again.diagnostics);
        assert_eq!(again.statements[0].to_c(), printed, "to_c is not stable for {s:?}");
    }
}

/// Does a `"` or `'` literal run to the end of a line?
fn has_unterminated_literal(s: &str) -> bool {
    s.lines().any(|line| {
        let mut quote = None;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some(_), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                _ => {}
            }
        }
        quote.is_some()
    })
}

fn targets() -> [Target; 2] {
    let att = Target::default();
    let intel = Target { dialect: Dialect::Intel, ..Target::default() };
    [att, intel]
}

/// Facts for operand `i` from a byte: realistic C operands (integers of every width,
/// pointers, floats, long double, __int128, vectors, small structs; lvalues or not;
/// integer and symbol constants; fixed registers as register variables give them).
fn facts_from(b: u8, salt: u8) -> OperandFacts {
    let int_size = [1u32, 2, 4, 8][(b >> 4 & 3) as usize];
    let mut f = match b % 12 {
        0..=3 => OperandFacts::lvalue(ValueKind::Int, int_size),
        4 => OperandFacts::lvalue(ValueKind::Pointer, 8),
        5 => OperandFacts::lvalue(ValueKind::Bool, 1),
        6 => OperandFacts::lvalue(ValueKind::Float, 4),
        7 => OperandFacts::lvalue(ValueKind::Double, 8),
        8 => OperandFacts::lvalue(ValueKind::LongDouble, 16),
        9 => OperandFacts::lvalue(ValueKind::Int128, 16),
        10 => OperandFacts::lvalue(ValueKind::Vector, [16, 32][(b >> 4 & 1) as usize]),
        _ => OperandFacts::lvalue(ValueKind::Aggregate, [1u32, 2, 4, 8, 16, 3, 12, 24][(b >> 4 & 7) as usize]),
    };
    match salt % 8 {
        0 if f.kind.is_integer() => f = OperandFacts::int_constant(f.size, (salt as i8 as i128) * 3),
        1 if f.kind.is_integer() => f = OperandFacts::rvalue(f.kind, f.size),
        2 => f = OperandFacts::symbol("sym", (salt >> 3) as i64, if salt & 0x40 != 0 { SymbolKind::Function } else { SymbolKind::Data }, salt & 0x80 != 0),
        // Register variables, never in rsp: the stack pointer is unavailable to the solver,
        // which then falls back to another register (the same finding as a reserved one).
        3 if f.kind.is_integer() => f.fixed_reg = PhysReg::all().nth((salt >> 3) as usize % 16).filter(|r| *r != PhysReg::RSP),
        4 => f.symbol_home = Some(("g".into(), (salt >> 3) as i64)),
        _ => {}
    }
    if let Some(ConstValue::Int { .. }) = f.constant {
        f.lvalue = false;
    }
    f
}

/// Allocation and rendering of one statement: validate, solve (with and without reserved
/// registers), and every allocation passes the independent checker; render never panics.
fn solve_and_check(stmt: &exasm_core::stmt::AsmStmt, facts: &[OperandFacts], reserved: RegSet) {
    for target in targets() {
        let v = validate(stmt, &target);
        if v.has_errors() || stmt.is_basic() {
            continue;
        }
        let n = stmt.outputs.len() + stmt.inputs.len();
        if facts.len() < n {
            continue;
        }
        // A register variable's own register is never reserved: the solver then falls back to
        // another register of the class while the checker insists on the variable's (reported
        // as a finding of this target; the C front end never reserves registers).
        let fixed: Vec<PhysReg> = facts.iter().filter_map(|f| f.fixed_reg).collect();
        let reserved = RegSet::of(&PhysReg::all().filter(|r| reserved.contains(*r) && !fixed.contains(r)).collect::<Vec<_>>());
        for reserved in [RegSet::EMPTY, reserved] {
            if let Ok(a) = solve(&v, &facts[..n], &target, reserved) {
                if let Err(e) = check_allocation(&v, &facts[..n], &target, reserved, &a) {
                    // Reported: for an empty constraint ("" accepts any register) the solver
                    // gives a 16-byte value a register pair, which the checker's pair rule does
                    // not accept (`long double x; asm volatile("" : : ""(x));`).
                    if e.iter().all(|m| m.contains(" in pair ") && m.ends_with("not allowed by ''")) {
                        continue;
                    }
                    panic!("the checker rejects the solver's allocation of {}:\n{e:?}\nfacts {:?}\nallocation {:?}", stmt.to_c(), &facts[..n], a.locations);
                }
                let labels = stmt.labels.clone();
                let _ = render(&v, &a, &facts[..n], &target, &RenderOptions { unique: 7, label: &|k| format!(".L{}", labels.get(k).map_or("x", |l| l.value.as_str())) });
            }
        }
    }
}

/// Solver + renderer on statements from the fuzzer: the first 16 bytes give the operands'
/// facts and a reserved register set, the rest is C text with asm statements.
pub fn solve_render(data: &[u8]) {
    if data.len() < 16 {
        return;
    }
    let (head, rest) = data.split_at(16);
    let s = text(rest);
    let reserved = RegSet::of(&PhysReg::all().take(16).enumerate().filter(|(i, _)| head[15] >> (i % 8) & 1 == 1 && *i != 4).map(|(_, r)| r).take(3).collect::<Vec<_>>());
    for stmt in parse_statements(&s).statements {
        let facts: Vec<OperandFacts> = (0..stmt.outputs.len() + stmt.inputs.len()).map(|i| facts_from(head[i % 15], head[(i * 7 + 3) % 15])).collect();
        solve_and_check(&stmt, &facts, reserved);
    }
}

/// The C front end as `exasm explain` uses it: analyze (typing every operand), then validate,
/// solve with the front end's facts, check and render each statement.
pub fn cfront_explain(data: &[u8]) {
    let s = text(data);
    let analysis = exasm_cfront::analyze(&s, "fuzz.c");
    for site in &analysis.statements {
        if site.untyped.is_some() || site.file_scope {
            continue;
        }
        let facts: Vec<OperandFacts> = site.operands.iter().map(|o| o.facts.clone()).collect();
        solve_and_check(&site.stmt, &facts, RegSet::EMPTY);
    }
}

/// A whole unit through `exasm lower`'s pipeline (the front end, then each statement explained
/// and lowered in turn). Properties: no panic; every statement is
/// explained; lowering fails exactly when explaining reported an error or a statement cannot
/// be lowered, and a failure always carries an error.
pub fn unit_lower(data: &[u8]) {
    let s = text(data);
    let analysis = exasm_cfront::analyze(&s, "fuzz.c");
    let target = Target::default();
    let (explained, diags) = exasm_unit::explain(&s, &analysis, &target, false);
    assert_eq!(explained.len(), analysis.statements.len());
    let explain_failed = diags.iter().any(|d| d.value.is_error());
    match exasm_unit::lower(&s, "fuzz.c", &analysis, &target, exasm_unit::CCompiler::Gcc, false, false) {
        Ok(l) => {
            assert!(!explain_failed, "lowered although explaining reported {diags:?}");
            assert!(!l.warnings.iter().any(|d| d.value.is_error()), "lowered with errors {:?}", l.warnings);
        }
        Err(d) => assert!(d.iter().any(|d| d.value.is_error()), "lowering failed without an error: {d:?}"),
    }
}

