//! Thunks against gcc, without the C front end: each case is a statement with hand-written
//! operand facts inside a small program. gcc builds the program with the asm inline; the same
//! program with the statement replaced by the thunk call is built with gcc plus the thunk
//! assembly. Both must print the same.

use exasm_core::facts::{OperandFacts, SymbolKind, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::validate;
use exasm_lower::rust::{rust_file, rust_thunk};
use exasm_lower::thunk::{lower_statement, COperand, Request};
use std::process::Command;

struct Case {
    name: &'static str,
    /// Declarations before `main` (globals, helpers).
    globals: &'static str,
    /// Statements of `main` before the asm statement (locals with values).
    setup: &'static str,
    /// The asm statement, ending with `;`.
    stmt: &'static str,
    /// Statements after it (print the results).
    report: &'static str,
    /// (C type, facts) of each written operand, outputs then inputs.
    ops: Vec<(&'static str, OperandFacts)>,
    intel: bool,
}

fn int(size: u32) -> OperandFacts {
    OperandFacts::lvalue(ValueKind::Int, size)
}
fn val(kind: ValueKind, size: u32) -> OperandFacts {
    OperandFacts::rvalue(kind, size)
}
fn konst(size: u32, v: i128) -> OperandFacts {
    OperandFacts::int_constant(size, v)
}
fn case(name: &'static str, globals: &'static str, setup: &'static str, stmt: &'static str, report: &'static str, ops: Vec<(&'static str, OperandFacts)>) -> Case {
    Case { name, globals, setup, stmt, report, ops, intel: false }
}

fn cases() -> Vec<Case> {
    let long = || ("unsigned long", int(8));
    vec![
        case("mulq", "", "unsigned long lo, hi, x = 0xfedcba9876543210UL, y = 0x123456789UL;", r#"asm ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (x), "rm" (y) : "cc");"#,
            r#"printf("%lx %lx\n", lo, hi);"#, vec![long(), long(), long(), long()]),
        case("xadd_memory", "long counter = 40;", "long v = 2;", r#"asm volatile ("lock xaddq %0, %1" : "+r" (v), "+m" (counter) :: "memory");"#,
            r#"printf("%ld %ld\n", v, counter);"#, vec![("long", int(8)), ("long", int(8))]),
        case("goto_overflow", "", "int a = 0x7fffffff, b = 1, r = 0;",
            r#"asm goto ("addl %1, %0; jo %l[ovf]" : "+r" (a) : "r" (b) : "cc" : ovf); r = 1; ovf:"#,
            r#"printf("%d %d\n", a, r);"#, vec![("int", int(4)), ("int", int(4))]),
        case("flags_two", "", "long x = 3, y = 5; unsigned char lt, eq;", r#"asm ("cmpq %3, %2" : "=@ccl" (lt), "=@cce" (eq) : "r" (x), "r" (y));"#,
            r#"printf("%d %d\n", lt, eq);"#, vec![("unsigned char", int(1)), ("unsigned char", int(1)), ("long", int(8)), ("long", int(8))]),
        case("flags_four", "", "long x = 5, y = 5; int a, b, c, d;", r#"asm ("cmpq %5, %4" : "=@ccl" (a), "=@cce" (b), "=@ccge" (c), "=@ccne" (d) : "r" (x), "r" (y));"#,
            r#"printf("%d %d %d %d\n", a, b, c, d);"#, vec![("int", int(4)), ("int", int(4)), ("int", int(4)), ("int", int(4)), ("long", int(8)), ("long", int(8))]),
        case("early_clobber", "", "int a = 7, b = 9, out;", r#"asm ("movl %1, %0\n\taddl %2, %0" : "=&r" (out) : "r" (a), "r" (b));"#,
            r#"printf("%d\n", out);"#, vec![("int", int(4)), ("int", int(4)), ("int", int(4))]),
        case("cpuid_four_outputs", "", "unsigned a, b, c, d;", r#"asm volatile ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "0" (0), "2" (0));"#,
            r#"printf("%d %d\n", a > 0, b != 0 || c != 0 || d != 0);"#,
            vec![("unsigned", int(4)), ("unsigned", int(4)), ("unsigned", int(4)), ("unsigned", int(4)), ("int", konst(4, 0)), ("int", konst(4, 0))]),
        case("bytes_and_words", "", "unsigned char c = 0x81; unsigned short s = 0x1234; unsigned char hi;", r#"asm ("rolb $1, %b0\n\trolw $4, %w1\n\tmovb %h1, %2" : "+q" (c), "+Q" (s), "=r" (hi));"#,
            r#"printf("%x %x %x\n", c, s, hi);"#, vec![("unsigned char", int(1)), ("unsigned short", int(2)), ("unsigned char", int(1))]),
        case("bool_setc", "", "unsigned long v = 6; int bit = 2; _Bool set;", r#"asm ("btq %q2, %1\n\tsetc %0" : "=q" (set) : "r" (v), "r" ((long)bit));"#,
            r#"printf("%d\n", set);"#, vec![("_Bool", OperandFacts::lvalue(ValueKind::Bool, 1)), long(), ("long", val(ValueKind::Int, 8))]),
        case("x87_sqrt", "", "double x = 2.0, r;", r#"asm ("fsqrt" : "=t" (r) : "0" (x));"#,
            r#"printf("%.15f\n", r);"#, vec![("double", OperandFacts::lvalue(ValueKind::Double, 8)), ("double", OperandFacts::lvalue(ValueKind::Double, 8))]),
        case("x87_fyl2x", "", "long double x = 8.0L, y = 3.0L, r;", r#"asm ("fyl2x" : "=t" (r) : "0" (x), "u" (y) : "st(1)");"#,
            r#"printf("%.10Lf\n", r);"#, vec![("long double", OperandFacts::lvalue(ValueKind::LongDouble, 16)); 3]),
        case("sse_add", "", "double a = 1.5, b = 2.25;", r#"asm ("addsd %1, %0" : "+x" (a) : "x" (b));"#,
            r#"printf("%g\n", a);"#, vec![("double", OperandFacts::lvalue(ValueKind::Double, 8)); 2]),
        case("sse_float_sqrt", "", "float a = 9.0f, r;", r#"asm ("sqrtss %1, %0" : "=x" (r) : "x" (a));"#,
            r#"printf("%g\n", r);"#, vec![("float", OperandFacts::lvalue(ValueKind::Float, 4)); 2]),
        case("float_in_gpr", "", "float f = 1.0f; unsigned bits;", r#"asm ("movl %1, %0" : "=r" (bits) : "r" (f));"#,
            r#"printf("%x\n", bits);"#, vec![("unsigned", int(4)), ("float", OperandFacts::lvalue(ValueKind::Float, 4))]),
        case("pressure_stack_args", "", "long a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9,s;",
            r#"asm ("movq %1, %0\n\taddq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\taddq %6, %0\n\taddq %7, %0\n\taddq %8, %0\n\taddq %9, %0" : "=&r" (s) : "r" (a), "r" (b), "r" (c), "r" (d), "r" (e), "r" (f), "r" (g), "r" (h), "r" (i));"#,
            r#"printf("%ld\n", s);"#, vec![("long", int(8)); 10]),
        case("callee_saved", "", "long x = 5, y;", r#"asm ("movq %1, %%rbx\n\tleaq 1(%%rbx), %%r12\n\tmovq %%r12, %0" : "=r" (y) : "r" (x) : "rbx", "r12");"#,
            r#"printf("%ld\n", y);"#, vec![("long", int(8)), ("long", int(8))]),
        case("immediates_and_symbols", "int table[4] = {10, 20, 30, 40};", "long r;", r#"asm ("leaq %c1+%c2(%%rip), %0" : "=r" (r) : "i" (table), "n" (8));"#,
            r#"printf("%d\n", *(int *)r);"#, vec![("long", int(8)), ("int *", OperandFacts::symbol("table", 0, SymbolKind::Data, false)), ("int", konst(4, 8))]),
        case("memory_array_element", "int arr[5] = {1, 2, 3, 4, 5};", "int i = 3;", r#"asm ("incl %0" : "+m" (arr[i]));"#,
            r#"printf("%d %d\n", arr[2], arr[3]);"#, vec![("int", int(4))]),
        case("string_ops", "", "char src[16] = \"hello, thunks!\", dst[16] = {0}; char *d = dst; const char *s = src; unsigned long n = 15;",
            r#"asm volatile ("rep movsb" : "+D" (d), "+S" (s), "+c" (n) : : "memory");"#,
            r#"printf("%s %ld %ld\n", dst, (long)(d - dst), (long)n);"#, vec![("char *", OperandFacts::lvalue(ValueKind::Pointer, 8)), ("const char *", OperandFacts::lvalue(ValueKind::Pointer, 8)), long()]),
        case("int128_pair", "", "unsigned long a = 0xffffffffffffffffUL, b = 3; unsigned __int128 p;", r#"asm ("movq %1, %%rax\n\tmulq %2" : "=A" (p) : "r" (a), "r" (b) : "cc");"#,
            r#"printf("%lx %lx\n", (unsigned long)(p >> 64), (unsigned long)p);"#, vec![("unsigned __int128", OperandFacts::lvalue(ValueKind::Int128, 16)), long(), long()]),
        case("side_effect_output", "", "long arr[3] = {0, 0, 0}; long *p = arr; long x = 42;", r#"asm ("movq %1, %0" : "=r" (*p++) : "r" (x));"#,
            r#"printf("%ld %ld %ld\n", arr[0], arr[1], (long)(p - arr));"#, vec![("long", int(8)), ("long", int(8))]),
        case("commutative", "", "long a = 3, b = 4, r;", r#"asm ("imulq %2, %0" : "=r" (r) : "%0" (a), "r" (b));"#,
            r#"printf("%ld\n", r);"#, vec![("long", int(8)); 3]),
        Case { intel: true, ..case("intel_dialect", "", "int a = 5, b = 6, r;", r#"asm ("mov %0, %1\n\tadd %0, %2" : "=&r" (r) : "r" (a), "rm" (b));"#,
            r#"printf("%d\n", r);"#, vec![("int", int(4)); 3]) },
        // gcc 12 loses the flag output on the jump edge of an asm goto; the fall-through edge is compared.
        case("goto_with_flag_and_output", "", "long a = 10, b = 11, c = 0; int eq = 0;",
            r#"asm goto ("movq %2, %0\n\tcmpq %3, %2\n\tje %l[same]" : "=&r" (c), "=@ccz" (eq) : "r" (a), "r" (b) : : same); c += 100; same:"#,
            r#"printf("%ld %d\n", c, eq);"#, vec![("long", int(8)), ("int", int(4)), ("long", int(8)), ("long", int(8))]),
    ]
}

fn run(dir: &std::path::Path, name: &str, files: &[&std::path::Path], flags: &[&str]) -> Result<String, String> {
    let exe = dir.join(name);
    let out = Command::new("gcc").args(flags).arg("-w").args(files).arg("-o").arg(&exe).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let out = Command::new(&exe).output().map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn thunks_behave_as_gcc_inline_asm() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut total_glue = 0;
    let all = cases();
    let mut rust_thunks = Vec::new();
    let mut lowered_programs = Vec::new();
    for (n, c) in all.iter().enumerate() {
        let program = |body: &str, decls: &str| {
            format!("#include <stdio.h>\n{}\n{decls}\nint main(void) {{\n{}\n{body}\n{}\nreturn 0;\n}}\n", c.globals, c.setup, c.report)
        };
        let native_c = dir.path().join(format!("{}_native.c", c.name));
        std::fs::write(&native_c, program(c.stmt, "")).unwrap();
        let flags: Vec<&str> = if c.intel { vec!["-O2", "-masm=intel"] } else { vec!["-O2"] };
        let expected = match run(dir.path(), &format!("{}_native", c.name), &[&native_c], &flags) {
            Ok(o) => o,
            Err(e) => panic!("{}: gcc cannot build the native program: {e}", c.name),
        };
        let target = Target { dialect: if c.intel { Dialect::Intel } else { Dialect::Att }, ..Target::default() };
        let p = parse_statements(c.stmt);
        let stmt = &p.statements[0];
        let v = validate(stmt, &target);
        assert!(!v.has_errors(), "{}: {:?}", c.name, v.diagnostics);
        let ops: Vec<COperand> = stmt.outputs.iter().chain(&stmt.inputs).zip(&c.ops).map(|(o, (ty, _))| COperand { expr: o.expr.value.clone(), c_type: ty.to_string(), frame_object: None }).collect();
        let facts: Vec<OperandFacts> = c.ops.iter().map(|(_, f)| f.clone()).collect();
        let symbol = format!("__exasm_test_{n}");
        let th = match lower_statement(&Request { validated: &v, operands: &ops, facts: &facts, target: &target, symbol: &symbol, unique: n as u64 }) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{}: {:?}", c.name, e));
                continue;
            }
        };
        total_glue += th.glue_instructions;
        match rust_thunk(&Request { validated: &v, operands: &ops, facts: &facts, target: &target, symbol: &symbol, unique: n as u64 }) {
            Ok(r) => rust_thunks.push(r),
            Err(e) => failures.push(format!("{} (rust): {:?}", c.name, e)),
        }
        let end = stmt.span.end as usize;
        let rest = &c.stmt[end..];
        let rest = rest.strip_prefix(';').unwrap_or(rest);
        let lowered_c = dir.path().join(format!("{}_lowered.c", c.name));
        let lowered_s = dir.path().join(format!("{}_thunk.s", c.name));
        std::fs::write(&lowered_c, program(&format!("{}{rest}", th.c_call), &th.c_decls)).unwrap();
        std::fs::write(&lowered_s, format!("{}\t.section .note.GNU-stack,\"\",@progbits\n", th.asm)).unwrap();
        lowered_programs.push((c.name, lowered_c.clone(), expected.clone()));
        for opt in ["-O0", "-O2"] {
            match run(dir.path(), &format!("{}_lowered", c.name), &[&lowered_c, &lowered_s], &[opt]) {
                Ok(got) if got == expected => {}
                Ok(got) => failures.push(format!("{} {opt}: gcc printed {expected:?}, the thunk {got:?}\n{}\n{}", c.name, th.asm, th.c_call)),
                Err(e) => failures.push(format!("{} {opt}: does not build: {e}\n{}\n{}", c.name, th.asm, th.c_call)),
            }
        }
    }
    // The same statements through the Rust backend: one staticlib for all thunks.
    let rs = dir.path().join("thunks.rs");
    std::fs::write(&rs, rust_file("cases", &rust_thunks, &[], false)).unwrap();
    let lib = dir.path().join("libthunks.a");
    let out = Command::new("rustc").args(["--edition", "2021", "--crate-type", "staticlib", "-O", "-o"]).arg(&lib).arg(&rs).output().expect("rustc runs");
    if !out.status.success() {
        failures.push(format!("rustc rejects the Rust thunks:\n{}", String::from_utf8_lossy(&out.stderr)));
    } else {
        for (name, c, expected) in &lowered_programs {
            match run(dir.path(), &format!("{name}_rust"), &[c, &lib], &["-O2", "-Wl,--gc-sections", "-lpthread", "-ldl", "-lm"]) {
                Ok(got) if &got == expected => {}
                Ok(got) => failures.push(format!("{name} (rust): gcc printed {expected:?}, the Rust thunk {got:?}")),
                Err(e) => failures.push(format!("{name} (rust): does not build: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
    eprintln!("{} statements lowered (GAS and Rust), {} glue instructions in all", all.len(), total_glue);
}
