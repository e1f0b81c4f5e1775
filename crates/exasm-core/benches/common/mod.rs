//! The c-samples statement mix shared by the criterion bench and the fixed-count example: every
//! extended asm statement of c-samples, with stand-in facts (operands taken as 8-byte integer
//! lvalues, constants where the expression is a literal), kept when it solves with them.

use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::regs::RegSet;
use exasm_core::solve::solve;
use exasm_core::stmt::AsmStmt;
use exasm_core::target::Target;
use exasm_core::validate::validate;

/// The statements and their facts.
pub fn statement_mix(t: &Target) -> Vec<(AsmStmt, Vec<OperandFacts>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../c-samples");
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("c-samples").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable sample");
        for s in parse_statements(&text).statements {
            if s.is_basic() {
                continue;
            }
            let facts = facts_for(&s);
            // Parsed again from its own text: spans start at 0, as a compiler's would.
            out.push((parse_statements(&s.to_c()).statements.remove(0), facts));
        }
    }
    out.retain(|(s, f)| {
        let v = validate(s, t);
        !v.has_errors() && solve(&v, f, t, RegSet::EMPTY).is_ok()
    });
    out
}

fn facts_for(s: &AsmStmt) -> Vec<OperandFacts> {
    s.outputs
        .iter()
        .chain(&s.inputs)
        .map(|o| match o.expr.value.trim().parse::<i64>() {
            Ok(v) => OperandFacts::int_constant(8, v as i128),
            Err(_) => OperandFacts::lvalue(ValueKind::Int, 8),
        })
        .collect()
}

/// Decode + solve + render of one statement; the rendered length.
pub fn pipeline_once(s: &AsmStmt, f: &[OperandFacts], t: &Target) -> usize {
    use exasm_core::render::{render, RenderOptions};
    let v = validate(s, t);
    let a = solve(&v, f, t, RegSet::EMPTY).expect("solvable");
    let r = render(&v, &a, f, t, &RenderOptions { unique: 0, label: &|k| format!(".L{k}") });
    r.text.len()
}
