//! gcc's C-level asm diagnostics: each C file here is compiled by gcc, and the analysis must
//! report exactly gcc's errors, with gcc's text, `file:line:col` and order.

mod common;

use common::{analyze_file, gcc, gcc_errors, Dir};

/// Our errors in gcc's `file:line:col: error: message` form.
fn ours(dir: &Dir, name: &str) -> Vec<String> {
    let a = analyze_file(&dir.path().join(name), &[]);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    // We preprocess by absolute path; gcc was given the relative name.
    let prefix = format!("{}/", dir.path().display());
    a.diagnostics
        .iter()
        .filter(|d| d.value.is_error())
        .map(|d| d.to_string().replacen(&prefix, "", 1))
        .collect()
}

fn theirs(dir: &Dir, name: &str) -> Vec<String> {
    let (_, stderr) = gcc(&["-c", name, "-o", "/dev/null"], dir.path());
    gcc_errors(&stderr)
}

fn same_as_gcc(name: &str, src: &str) -> Vec<String> {
    let dir = Dir::new();
    dir.write(name, src);
    let theirs = theirs(&dir, name);
    assert_eq!(ours(&dir, name).join("\n"), theirs.join("\n"));
    theirs
}

#[test]
fn output_lvalue_and_read_only_errors_match_gcc() {
    let errors = same_as_gcc(
        "outputs.c",
        r#"struct S { int a : 3; int b; const int c; };
struct In { int a; const int c; };
struct U { struct In in; int z; };
const int gc = 1;
const int ca[4];
int f(void);
void outputs(int x, const int c, const int *cp, struct S s, struct S *sp, const struct S cs, struct U u) {
  const int lc = 2;
  static const int sc = 3;
  __asm__("" : "=r"(x + 1));
  asm volatile("" : "=r"(c));
  asm("" : "=r"(*cp));
  asm("" : "=r"(cs.b));
  asm("" : "=r"(sp->c));
  asm("" : "=r"(s.c));
  asm("" : "=r"(gc));
  asm("" : "=r"(lc));
  asm("" : "=r"(sc));
  asm("" : "=r"(ca[1]));
  asm("" : "=r"(*(cp + 1)));
  asm("" : "=r"(cp[2]));
  asm("" : "=m"(u));
  asm("" : "=r"((unsigned)lc));
  asm("" : "=r"((long)lc));
  asm("" : "=r"(f));
  asm("" : "=r"(5));
  asm("" : "+r"(c));
  asm("" : "=r"((unsigned)x), "=r"(s.b));
}
"#,
    );
    assert_eq!(errors.len(), 18);
    assert!(errors[1].ends_with("11:3: error: read-only parameter 'c' use as 'asm' output"));
    assert!(errors[10].ends_with("error: read-only location '*(cp + 4)' used as 'asm' output"));
}

#[test]
fn register_variables_and_bit_fields_in_memory_operands_match_gcc() {
    let errors = same_as_gcc(
        "memory.c",
        r#"struct S { int a : 3; int b; };
register long gr asm("r12");
void memory(struct S s, struct S *sp) {
  register int r asm("ebx");
  register int q;
  asm("" : : "m"(r));
  asm("" : "=m"(r));
  asm("" : : "m"(q));
  asm("" : : "m"(s.a));
  asm("" : "=m"(sp->a));
  asm("" : : "rm"(s.a), "r"(r));
  asm("" : : "m"(gr));
  asm("" : "=r"(r) : "0"(q));
  asm("" : "=m"(s.b) : "0"(q));
  asm("" : [o] "=m"(s.b) : [i] "[o]"(r));
}
"#,
    );
    assert!(errors[0].ends_with("6:3: error: address of register variable 'r' requested"));
    assert!(errors
        .iter()
        .any(|e| e.ends_with("cannot take address of bit-field 'a'")));
    assert!(errors
        .iter()
        .any(|e| e.ends_with("address of global register variable 'gr' requested")));
}

#[test]
fn memory_inputs_that_are_not_lvalues_match_gcc_after_the_front_end_errors() {
    let errors = same_as_gcc(
        "meminput.c",
        r#"struct T { int a[4]; };
struct T ft(void);
int fi(void);
int g;
void f1(int x, int c, int *p) {
  asm("" : : "m"(5));
  asm("" : : "m"(x + 1));
  asm("" : : "r"(x), "m"(x + 1));
  asm("" : : "o"(x + 1));
  asm("" : : "m"(-x));
  asm("" : : "m"(fi()));
  asm("" : : "m"(ft()));
  asm("" : : "m"(c ? x : g));
  asm("" : : "m"("abc"));
  asm("" : : "m"((struct T){0}));
  asm("" : : "m"(({ x; })));
  asm("" : : "m"((0, x)));
  asm("" : : "m"(x = 1));
  asm("" : : "m"(x++));
  asm("" : : "m"((unsigned)x));
  asm("" : : "m"((long)x));
  asm("" : : "m"(*p + 0));
  asm("" : : "m"(~x));
  asm("" : : "m"(&x));
  asm("" : : "m"(fi));
  asm("" : : "m"(sizeof x));
  asm("" : : "m"(1.5));
  asm("" : : "m"(p[1]));
  asm("" : : "m"(++x));
  asm("" : : "m"((char)x));
  asm("" : : "m"(!x));
  asm("" : : "m"(x < 1));
  asm("" : "=m"(x) : "0"(x + 1));
  asm("" : "=g"(x) : "0"(x + 1));
  asm("" : : "X"(x + 1));
  asm("" : "=r"(x + 1));
}
static void unused_static(int x) {
  asm("" : : "m"(x + 2));
}
static inline void unused_inline(int x) {
  asm("" : : "m"(x + 4));
  asm("" : "=r"(x + 4));
}
static inline void used_inline(int x) {
  asm("" : : "m"(x + 5));
}
void f3(int x) { used_inline(x); }
"#,
    );
    assert!(errors[0].ends_with("36:3: error: lvalue required in 'asm' statement"));
    assert!(errors
        .iter()
        .any(|e| e.ends_with("7:20: error: memory input 0 is not directly addressable")));
    assert!(errors
        .iter()
        .any(|e| e.ends_with("33:28: error: memory input 1 is not directly addressable")));
}

#[test]
fn undefined_asm_goto_labels_match_gcc() {
    let errors = same_as_gcc(
        "labels.c",
        r#"int f(int x) {
  asm goto("" : : "r"(x) : : done, nolab);
  asm goto("" : : : : nolab, other);
  if (x) {
  inner:
    return 1;
  }
done:
  return ({ int y; asm goto ("" : : : : stmt_expr, inner); stmt_expr: y = 2; y; });
}
int g(void) {
  asm goto("" : : : : done);
  return 0;
}
"#,
    );
    assert_eq!(errors.len(), 3);
    // gcc names the newest label first, at its last use.
    assert!(errors[0].ends_with("3:3: error: label 'other' used but not defined"));
    assert!(errors[1].ends_with("3:3: error: label 'nolab' used but not defined"));
}

#[test]
fn tabs_and_collapsed_spaces_give_gcc_columns() {
    same_as_gcc("cols.c", "void f(int x){\n\tasm(\"\" : \"=r\"(x+1));\n  \t asm(\"\" : \"=r\"(x+1));\n  x  =  x;   asm   (\"\"  :  \"=r\"(x+1));\n}\n");
}

#[test]
fn locations_map_back_through_included_files() {
    let dir = Dir::new();
    dir.write(
        "inc.h",
        "/* header */\n\nstatic inline int twice(int x) {\n  int r;\n  __asm__ (\"lea (%1,%1), %0\" : \"=r\" (r) : \"r\" (x));\n  asm(\"\" : \"=r\"(x + 1));\n  return r;\n}\n",
    );
    dir.write("main.c", "#include <stdint.h>\n#include \"inc.h\"\n\nint main(void) {\n    return twice(3);\n}\nvoid h(int y) {\n asm(\"nop\");\n}\n");
    let theirs = theirs(&dir, "main.c");
    assert_eq!(
        theirs,
        vec!["inc.h:6:3: error: lvalue required in 'asm' statement".to_string()]
    );
    let a = analyze_file(&dir.path().join("main.c"), &[]);
    let errors: Vec<String> = a.diagnostics.iter().map(|d| d.to_string()).collect();
    // We preprocess by absolute path; gcc was given relative names.
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].ends_with("/inc.h:6:3: error: lvalue required in 'asm' statement"),
        "{errors:?}"
    );
    let locs: Vec<String> = a
        .statements
        .iter()
        .map(|s| {
            format!(
                "{}:{}:{}",
                s.location.file.rsplit('/').next().unwrap(),
                s.location.line,
                s.location.col
            )
        })
        .collect();
    assert_eq!(locs, vec!["inc.h:5:3", "inc.h:6:3", "main.c:8:2"]);
    assert_eq!(a.statements[0].function.as_deref(), Some("twice"));
    assert!(a.statements[0].function_is_static_inline && a.statements[0].function_is_static);
    assert_eq!(a.statements[2].function.as_deref(), Some("h"));
    // Any offset maps: the `return` in main.c.
    let ret = a.line_map.text().find("return twice").unwrap();
    let l = a.line_map.locate(ret);
    assert_eq!((l.file.ends_with("main.c"), l.line, l.col), (true, 5, 5));
}
