//! Library throughput: decode + solve + render of every asm statement in c-samples, with no C
//! front end (`common::statement_mix`). Reported by criterion in statements per second; the
//! example `throughput` runs a fixed count and reports CPU time and allocations.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use exasm_core::target::Target;

fn pipeline(c: &mut Criterion) {
    let t = Target::default();
    let stmts = common::statement_mix(&t);
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(stmts.len() as u64));
    group.bench_function(format!("decode+solve+render ({} c-samples statements)", stmts.len()), |b| {
        b.iter(|| stmts.iter().map(|(s, f)| common::pipeline_once(s, f, &t)).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
