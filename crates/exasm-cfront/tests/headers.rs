//! Real headers: every listed system header parses, and the asm statements their inline
//! functions hold are found with typed operands.

mod common;

use common::{analyze_file, Dir};

const HEADERS: [&str; 16] = [
    "stdio.h",
    "stdlib.h",
    "string.h",
    "stdint.h",
    "inttypes.h",
    "math.h",
    "pthread.h",
    "signal.h",
    "unistd.h",
    "sys/syscall.h",
    "sys/io.h",
    "stdatomic.h",
    "x86intrin.h",
    "immintrin.h",
    "cpuid.h",
    "stdbool.h",
];

fn analyze_source(src: &str, args: &[&str]) -> exasm_cfront::Analysis {
    let dir = Dir::new();
    analyze_file(&dir.write("t.c", src), args)
}

#[test]
fn every_listed_header_parses_without_skipping() {
    let mut src: String = HEADERS
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    src.push_str(
        "unsigned f(void) { unsigned a, b, c, d; __cpuid(1, a, b, c, d); return a ^ b ^ c ^ d; }\n",
    );
    src.push_str("__m128i g(__m128i x, __m128i y) { __asm__ (\"paddd %1, %0\" : \"+x\" (x) : \"xm\" (y)); return x; }\n");
    let a = analyze_source(&src, &[]);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let untyped: Vec<_> = a
        .statements
        .iter()
        .filter(|s| s.untyped.is_some())
        .map(|s| (s.location.to_string(), s.untyped.clone()))
        .collect();
    assert!(untyped.is_empty(), "{untyped:?}");
    let cpuid = a
        .statements
        .iter()
        .find(|s| s.function.as_deref() == Some("f"))
        .expect("__cpuid in f");
    assert_eq!(cpuid.stmt.template.value, "cpuid\n\t");
    let types: Vec<_> = cpuid
        .operands
        .iter()
        .map(|o| (o.c_type.as_str(), o.facts.size, o.facts.constant.clone()))
        .collect();
    let ui = ("unsigned int", 4, None);
    assert_eq!(
        types,
        vec![
            ui.clone(),
            ui.clone(),
            ui.clone(),
            ui,
            (
                "int",
                4,
                Some(exasm_core::facts::ConstValue::Int { value: 1 })
            )
        ]
    );
    let vec = a
        .statements
        .iter()
        .find(|s| s.function.as_deref() == Some("g"))
        .unwrap();
    assert_eq!(
        vec.operands[0].facts.kind,
        exasm_core::facts::ValueKind::Vector
    );
    assert_eq!(vec.operands[0].facts.size, 16);
    assert_eq!(vec.operands[0].c_type, "__typeof__(x)");
    // Header inline functions that hold asm are kept and typed too (pconfig, encls, ...).
    assert!(a
        .statements
        .iter()
        .any(|s| s.location.file.ends_with("pconfigintrin.h") && !s.operands.is_empty()));
}

#[test]
fn headers_parse_with_optimization_and_gnu_source() {
    // -O2 turns on glibc's inline functions; _GNU_SOURCE declares more.
    let src: String = HEADERS
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    let a = analyze_source(&src, &["-O2", "-D_GNU_SOURCE", "-std=gnu11"]);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert!(a.statements.iter().all(|s| s.untyped.is_none()));
}
