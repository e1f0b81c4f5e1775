//! Finding statements in real C: file scope, macros, statement expressions, asm goto with
//! outputs and several qualifiers, GNU extensions lang-c cannot parse, asm labels.

mod common;

use common::{analyze_file, gcc, Dir};
use exasm_core::facts::{ConstValue, ValueKind};

const GNU_C: &str = r#"#include <stdio.h>
#define barrier() __asm__ __volatile__("" ::: "memory")
#define rdtsc() ({ unsigned lo, hi; __asm__ volatile ("rdtsc" : "=a" (lo), "=d" (hi)); ((unsigned long)hi << 32) | lo; })
__asm__(".globl fs_sym\n fs_sym: ret");
int counter;
static int gfn(int x) __attribute__((noinline));
int f(int x, int y) {
  __label__ retry;
  static void *tbl[] = { &&l1, &&l2 };
  __auto_type z = x + 1L;
  typeof(z) w = z;
  _Static_assert(sizeof(long) == 8, "lp64");
  unsigned long t = rdtsc();
  int out;
retry:
  barrier();
  if (x) asm("nop"); else asm volatile inline ("pause");
  asm volatile goto inline ("jmp %l[l1]" : "=r" (out) : "i" (&&l2), "r" (z) : "cc" : l1, l2);
  goto *tbl[y & 1];
l1:
  __asm__ ("incl %0" : "+m" (counter));
  return out + w + __builtin_types_compatible_p(int, long) + (int)t;
l2:
  { int arr[x]; asm("" : : "m"(arr), "r"(sizeof arr)); }
  asm("" :: "r"(__builtin_expect(x, 0)), "r"(gfn), "i"(__builtin_offsetof(struct { int a; char b; }, b)));
  goto retry;
}
int scan_one(void) { int v; scanf("%d", &v); return v; }
static int gfn(int x) { int r; asm("lea 1(%1), %0" : "=r"(r) : "r"(x)); return r; }
unsigned __int128 wide(unsigned __int128 a) { __asm__ ("" : "+r" (a)); return a; }
"#;

#[test]
fn gnu_c_with_asm_everywhere_is_found_and_typed() {
    let dir = Dir::new();
    let path = dir.write("gnu.c", GNU_C);
    let (ok, err) = gcc(&["-c", "gnu.c", "-o", "/dev/null"], dir.path());
    assert!(ok, "{err}");
    let a = analyze_file(&path, &[]);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let here: Vec<_> = a
        .statements
        .iter()
        .filter(|s| s.location.file.ends_with("gnu.c"))
        .collect();
    let lines: Vec<u32> = here.iter().map(|s| s.location.line).collect();
    assert_eq!(lines, vec![4, 13, 16, 17, 17, 18, 21, 24, 25, 29, 30]);
    assert!(here.iter().all(|s| s.untyped.is_none()));

    let file_scope = here[0];
    assert!(file_scope.file_scope && file_scope.function.is_none());
    assert_eq!(
        file_scope.stmt_span_with_semicolon.text(a.line_map.text()),
        r#"__asm__(".globl fs_sym\n fs_sym: ret");"#
    );

    // rdtsc() expands to a statement expression holding the asm.
    let rdtsc = here[1];
    assert_eq!(rdtsc.function.as_deref(), Some("f"));
    assert_eq!(
        rdtsc
            .operands
            .iter()
            .map(|o| o.c_type.as_str())
            .collect::<Vec<_>>(),
        vec!["unsigned int", "unsigned int"]
    );

    let goto = here[5];
    assert!(goto.stmt.is_goto() && goto.stmt.qualifiers.len() == 3);
    assert_eq!(goto.labels_defined, vec![true, true]);
    let types: Vec<_> = goto
        .operands
        .iter()
        .map(|o| (o.c_type.as_str(), o.facts.size))
        .collect();
    assert_eq!(types, vec![("int", 4), ("void *", 8), ("long", 8)]);

    let counter = &here[6].operands[0];
    assert_eq!(
        counter.is_global_object.as_ref().map(|g| g.symbol.as_str()),
        Some("counter")
    );

    // A variable-length array in memory: its size is not known at translation time.
    let vla = here[7];
    assert_eq!(
        (vla.operands[0].facts.kind, vla.operands[0].facts.size),
        (ValueKind::Aggregate, 0)
    );
    assert_eq!(vla.operands[1].facts.constant, None);

    let misc = here[8];
    assert_eq!(misc.operands[0].c_type, "long");
    assert!(
        matches!(&misc.operands[1].facts.constant, Some(ConstValue::Symbol { name, local: true, .. }) if name == "gfn")
    );
    assert_eq!(
        misc.operands[2].facts.constant,
        Some(ConstValue::Int { value: 4 })
    );

    assert_eq!(here[9].function.as_deref(), Some("gfn"));
    assert!(here[9].function_is_static && !here[9].function_is_static_inline);
    assert_eq!(here[10].operands[0].c_type, "unsigned __int128");

    // glibc renames scanf with an asm label.
    let scanf = a
        .asm_labels
        .iter()
        .find(|l| l.c_name == "scanf")
        .expect("scanf's asm label");
    assert!(scanf.asm_name.starts_with("__isoc"), "{}", scanf.asm_name);
    assert!(scanf.span.text(a.line_map.text()).starts_with("__asm__"));
}

#[test]
fn statement_syntax_errors_are_reported_at_the_original_location() {
    let dir = Dir::new();
    let path = dir.write("bad.c", "void f(int x) {\n  asm volatile  volatile (\"\" : : \"r\" (x));\n  asm goto (\"\" : : \"r\" (x) : \"cc\");\n}\n");
    let (_, err) = gcc(&["-c", "bad.c", "-o", "/dev/null"], dir.path());
    let a = analyze_file(&path, &[]);
    let ours: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.location.line, d.location.col, d.value))
        .collect();
    assert_eq!(
        ours,
        vec![
            "2:17: error: duplicate 'asm' qualifier 'volatile'",
            "3:34: error: expected ':' before ')' token"
        ]
    );
    for d in &ours {
        let (pos, msg) = d.split_once(": ").unwrap();
        assert!(
            err.contains(&format!("bad.c:{pos}: {msg}")),
            "gcc says:\n{err}\nwe say {d}"
        );
    }
    // The statement with a duplicate qualifier still parses and is typed.
    assert_eq!(a.statements.len(), 1);
    assert_eq!(a.statements[0].operands[0].c_type, "int");
}

#[test]
fn every_byte_offset_survives_the_rewrite() {
    let dir = Dir::new();
    let a = analyze_file(&dir.write("gnu.c", GNU_C), &[]);
    let text = a.line_map.text();
    for s in &a.statements {
        assert!(s.stmt.span.text(text).starts_with(&s.stmt.keyword.value));
        assert!(s.stmt_span_with_semicolon.text(text).ends_with(';'));
        for o in s.stmt.outputs.iter().chain(&s.stmt.inputs) {
            assert_eq!(o.expr.span.text(text), o.expr.value);
        }
    }
}

/// lang-c backtracks exponentially over chains of `+`/`-` operators (found by the
/// cfront_explain fuzz target: 31 `+` took minutes). In a statement lang-c never sees it (only
/// declarations are parsed); in a declaration the asm needs, it is skipped before lang-c sees
/// it, and the other statements of the function are still typed.
#[test]
fn operator_chains_do_not_hang_lang_c() {
    let chain = "++ ".repeat(40);
    let statement = format!("int f(void) {{\n  long u = 1;\n  u = {chain}u;\n  asm(\"incq %0\" : \"+r\" (u));\n  return u;\n}}\n");
    let a = exasm_cfront::analyze(&statement, "chain.c");
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert_eq!(a.statements[0].operands[0].facts.size, 8);
    // exasm's own parser reads the chain in linear time: nothing is skipped.
    let text = format!("int f(void) {{\n  long u = 1;\n  long v = {chain}u;\n  asm(\"incq %0\" : \"+r\" (u));\n  return u;\n}}\n");
    let a = exasm_cfront::analyze(&text, "chain.c");
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert_eq!(a.statements[0].operands[0].facts.size, 8);
    // A TS 18661 type (which exasm's parser leaves to lang-c) sends the unit to lang-c, which
    // must not see the chain.
    let text = format!("int f(void) {{\n  long u = 1;\n  long v = {chain}u;\n  _Float128 w = 1;\n  asm(\"incq %0\" : \"+r\" (u));\n  return u;\n}}\n");
    let start = std::time::Instant::now();
    let a = exasm_cfront::analyze(&text, "chain.c");
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    assert_eq!(a.skipped.len(), 1, "{:?}", a.skipped);
    assert_eq!(a.skipped[0].location.line, 3);
    assert_eq!(a.statements.len(), 1);
    assert!(a.statements[0].untyped.is_none(), "{:?}", a.statements[0].untyped);
    assert_eq!(a.statements[0].operands[0].facts.kind, ValueKind::Int);
    assert_eq!(a.statements[0].operands[0].facts.size, 8);
    // `a++ + ++b` (5 operators) is valid C and is not skipped.
    let valid = "int g(int a, int b) {\n  int r = a++ + ++b;\n  asm(\"\" : \"+r\" (r));\n  return r;\n}\n";
    assert!(exasm_cfront::analyze(valid, "valid.c").skipped.is_empty());
}

/// An operand that cannot be typed names what failed and where: the unknown identifier at its
/// own location (gcc's), or the declaration the C parser stopped at.
#[test]
fn untyped_operands_name_what_failed_and_where() {
    let text = "int f(void) {\n  int x;\n  __asm__ (\"\" : \"=r\" (x) : \"r\" (nope));\n  return x;\n}\n";
    let a = exasm_cfront::analyze(text, "u.c");
    assert_eq!(a.statements[0].untyped.as_deref(), Some("'nope' undeclared (at u.c:3:33)"));
    // Implicit int: lang-c needs declaration specifiers.
    let text = "int g;\nimp(x) {\n  __asm__ (\"incl %0\" : \"+r\" (x));\n  return x;\n}\n";
    let a = exasm_cfront::analyze(text, "i.c");
    let why = a.statements[0].untyped.as_deref().unwrap_or_default();
    assert!(why.ends_with("(exasm's C parser stops at i.c:2:1)"), "{why}");
}

/// Statements that are not declarations are never parsed: what lang-c cannot parse there, and
/// a nested function, leave the operands typed.
#[test]
fn statements_around_the_asm_do_not_matter() {
    let text = "int f(int v) {\n  int inner(int q) { return q + 1; }\n  v = __builtin_choose_expr(1, v, 0.0) + (int) __real__ 1.0i;\n  __asm__ (\"incl %0\" : \"+r\" (v));\n  return inner(v);\n}\n";
    let a = exasm_cfront::analyze(text, "n.c");
    assert!(a.statements[0].untyped.is_none(), "{:?}", a.statements[0].untyped);
    assert_eq!(a.statements[0].operands[0].facts.size, 4);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
}

/// gcc folds `__builtin_constant_p(E)` to 0 when `E` names a variable (at -O0, and exasm at
/// every level): the statement in the branch only a constant takes is dead, checked by nobody
/// but gcc's front end. A constant argument, an enumerator, or an `||` keep it alive.
#[test]
fn statements_under_builtin_constant_p_of_a_variable_are_dead() {
    let src = "# 1 \"t.c\"\nenum { E = 3 };\n\
        static inline unsigned f(unsigned a, int s) {\n\
          if (__builtin_constant_p(s)) __asm__ (\"roll %1, %0\" : \"+r\" (a) : \"i\" (s));\n\
          else __asm__ (\"roll %%cl, %0\" : \"+r\" (a) : \"c\" (s));\n\
          if (!__builtin_constant_p(s)) { __asm__ (\"nop\" :: \"r\" (s)); } else { __asm__ (\"nop\" :: \"i\" (s)); }\n\
          if (s > 1 && __builtin_constant_p(s + 1)) __asm__ (\"nop\" :: \"i\" (s));\n\
          if (__builtin_constant_p(E)) __asm__ (\"nop\" :: \"i\" (E));\n\
          if (__builtin_constant_p(s) || s) __asm__ (\"nop\" :: \"r\" (s));\n\
          return a;\n}\n";
    let a = exasm_cfront::analyze(src, "t.c");
    let dead: Vec<Option<&str>> = a.statements.iter().map(|s| s.dead_under.map(|g| &src[g.start as usize..g.end as usize])).collect();
    assert_eq!(
        dead,
        [
            Some("__builtin_constant_p(s)"),
            None,
            None,
            Some("__builtin_constant_p(s)"),
            Some("__builtin_constant_p(s + 1)"),
            None,
            None,
        ]
    );
    assert!(a.statements.iter().all(|s| s.untyped.is_none()), "dead statements are still typed (gcc's front end checks them)");
}

/// gcc takes 20,000 nested parentheses around an operand's initializer; the front end's
/// recursion runs on a thread with a large stack, so neither the parser, the typing nor the
/// tree's drop overflows (the main thread's 8 MiB overflowed at 5,000).
#[test]
fn deeply_nested_expressions_do_not_overflow_the_stack() {
    let n = 20_000;
    let text = format!(
        "int f(int x) {{\n  int y = {}x{};\n  asm(\"\" : \"+r\" (y));\n  return y;\n}}\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let a = exasm_cfront::analyze(&text, "deep.c");
    assert_eq!(a.statements.len(), 1);
    assert!(a.statements[0].untyped.is_none(), "{:?}", a.statements[0].untyped);
    assert_eq!(a.statements[0].operands[0].facts.size, 4);
}
