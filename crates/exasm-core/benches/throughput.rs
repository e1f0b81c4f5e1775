//! Library throughput: decode + solve + render of every asm statement in c-samples, with no C
//! front end (operands taken as 8-byte integer lvalues, constants where the expression is a
//! literal). Reported by criterion in statements per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::solve;
use exasm_core::stmt::AsmStmt;
use exasm_core::target::Target;
use exasm_core::validate::validate;

fn sample_statements() -> Vec<(String, Vec<OperandFacts>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../c-samples");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("c-samples").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable sample");
        for s in parse_statements(&text).statements {
            if s.is_basic() {
                continue;
            }
            let facts = facts_for(&s);
            out.push((s.to_c(), facts));
        }
    }
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

fn pipeline(c: &mut Criterion) {
    let t = Target::default();
    // Keep only the statements that solve with these stand-in facts.
    let stmts: Vec<(AsmStmt, Vec<OperandFacts>)> = sample_statements()
        .into_iter()
        .map(|(text, f)| (parse_statements(&text).statements.remove(0), f))
        .filter(|(s, f)| {
            let v = validate(s, &t);
            !v.has_errors() && solve(&v, f, &t, RegSet::EMPTY).is_ok()
        })
        .collect();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(stmts.len() as u64));
    group.bench_function(format!("decode+solve+render ({} c-samples statements)", stmts.len()), |b| {
        b.iter(|| {
            let mut bytes = 0;
            for (s, f) in &stmts {
                let v = validate(s, &t);
                let a = solve(&v, f, &t, RegSet::EMPTY).expect("solvable");
                let r = render(&v, &a, f, &t, &RenderOptions { unique: 0, label: &|k| format!(".L{k}") });
                bytes += r.text.len();
            }
            bytes
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
