//! Operand typing checked against gcc: for every operand of a battery of asm statements, a C
//! program compiled by gcc prints the expression's size, whether our C type spelling is
//! compatible with gcc's type, its signedness, whether gcc folds it to a constant and the value;
//! symbolic constants are checked by the symbol gcc prints for `%c0` of an `"i"` operand.

mod common;

use common::{analyze_file, gcc, run_c, Dir};
use exasm_cfront::{AsmSite, Linkage};
use exasm_core::facts::{ConstValue, SymbolKind, ValueKind};
use exasm_core::regs::PhysReg;

const PRELUDE: &str = r#"
#include <stdio.h>
#include <stddef.h>
#include <immintrin.h>
struct In { short s; long l; };
struct S { char c; int a : 3; unsigned b : 5; int arr[4]; struct In in; union { int u1; double u2; }; const int ro; };
enum E { E0, E1 = 5, E2 };
enum Neg { N0 = -1, N1 };
typedef unsigned short ushort_t;
typedef int v4si __attribute__((vector_size(16)));
typedef long long ll_t;
typedef unsigned int UDItype __attribute__((mode(DI)));
struct S gs;
int garr[10];
static long sarr[3][4];
int gfn(int x) { return x; }
static int sfn(void) { return 0; }
extern int renamed __asm__("other_name");
int renamed = 1;
struct P { char c; int i; } __attribute__((packed));
struct P gp;
struct A { char c; double d __attribute__((aligned(32))); };
struct B { long a : 40; long b : 30; char z; };
int main(int argc, char **argv) {
  int i = argc; unsigned u = 1; char c = 'a'; signed char sc = 1; unsigned char uc = 2; short sh = 3;
  unsigned short us = 4; long l = 5; unsigned long ul = 6; long long ll = 7; _Bool b = 1; float f = 1;
  double d = 2; long double ld = 3; __int128 i128 = 1; unsigned __int128 u128 = 2; int *p = &i;
  const int ci = 1; struct S s = {0}; struct S *ps = &s; register int ri = 3; register long rr asm("r12") = 4;
  __m128 m = {0}; __m256d md = {0}; v4si v = {0}; int arr[7] = {0}; ushort_t ut = 1; ll_t lt = 2;
  enum E e = E1; double _Complex z = 0; UDItype udi = 0; struct A sa; struct B sb = {0};
  if (argc > 1000) {
"#;

/// (constraint, expression)
const CASES: &[(&str, &str)] = &[
    ("X", "i"),
    ("X", "u"),
    ("X", "c"),
    ("X", "sc"),
    ("X", "uc"),
    ("X", "sh"),
    ("X", "us"),
    ("X", "l"),
    ("X", "ul"),
    ("X", "ll"),
    ("X", "b"),
    ("X", "f"),
    ("X", "d"),
    ("X", "ld"),
    ("X", "i128"),
    ("X", "u128"),
    ("X", "p"),
    ("X", "ci"),
    ("X", "s.c"),
    ("X", "s.a"),
    ("X", "s.b"),
    ("X", "s.arr[2]"),
    ("X", "s.in.l"),
    ("X", "s.u2"),
    ("X", "ps->in.s"),
    ("X", "ps->arr"),
    ("X", "arr"),
    ("X", "garr"),
    ("X", "*p"),
    ("X", "p[1]"),
    ("X", "(char)i"),
    ("X", "(unsigned short)l"),
    ("X", "i + l"),
    ("X", "u + i"),
    ("X", "c + c"),
    ("X", "sh * us"),
    ("X", "u128 >> 3"),
    ("X", "-uc"),
    ("X", "~us"),
    ("X", "!d"),
    ("X", "i < u"),
    ("X", "e"),
    ("X", "E2"),
    ("X", "N0"),
    ("X", "sizeof(struct S)"),
    ("X", "sizeof s.in"),
    ("X", "_Alignof(double)"),
    ("X", "ut"),
    ("X", "lt"),
    ("X", "m"),
    ("X", "md"),
    ("X", "v"),
    ("X", "z"),
    ("X", "ri"),
    ("X", "rr"),
    ("X", "\"abc\""),
    ("X", "(struct In){1, 2}.l"),
    ("X", "b ? c : sh"),
    ("X", "(i, d)"),
    ("X", "f + d"),
    ("X", "1.5f"),
    ("X", "'x'"),
    ("X", "0x7fffffff + 1u"),
    ("X", "1 << 31"),
    ("X", "(signed char)200"),
    ("X", "300 % 7"),
    ("X", "10 / 3 * 3"),
    ("X", "(unsigned char)-1 + 1"),
    ("X", "5 > 3 && 2"),
    ("X", "sizeof(int) * 2 - 1"),
    ("X", "0 ? 1 : 2"),
    ("X", "(_Bool)5"),
    ("X", "(short)70000"),
    ("X", "0x100000000"),
    ("X", "-1u"),
    ("X", "~0ull"),
    ("X", "E1 * 3 + N0"),
    ("X", "'\\377'"),
    ("X", "(float)1 / 3"),
    ("X", "2.5 * 4"),
    ("X", "(int)2.9"),
    ("X", "offsetof(struct S, in.l)"),
    ("X", "sizeof(struct P)"),
    ("X", "sizeof(struct A)"),
    ("X", "sizeof(struct B)"),
    ("X", "offsetof(struct A, d)"),
    ("X", "udi"),
    ("X", "sizeof(sarr) / sizeof(sarr[0])"),
    ("X", "gp.i"),
    ("X", "s.ro"),
    ("X", "(long)-1 >> 1"),
    ("X", "(unsigned)-8 >> 1"),
    ("X", "(__int128)1 << 100"),
    ("X", "u128 * 2"),
    ("X", "ld + 1"),
    ("X", "sb.a"),
    ("X", "sb.z"),
    ("m", "s"),
    ("m", "arr"),
    ("m", "garr"),
    ("m", "ld"),
    ("m", "s.in"),
    ("m", "gs.arr"),
    ("m", "m"),
    ("m", "*ps"),
    ("m", "i128"),
    ("m", "sarr[1]"),
    ("m", "\"hello\""),
];

/// (expression, the symbol and offset gcc prints for `%c0` of `"i"`)
const SYMBOLS: &[&str] = &[
    "&garr[3]",
    "garr + 2",
    "&gs.in.l",
    "gfn",
    "&sfn",
    "&renamed",
    "sarr[1]",
    "&sarr[1][2]",
    "&gp.i",
    "(long)&garr[3]",
    "&gs",
    "(char *)&gs + 5",
    "&garr[4] - 1",
    "&*&garr[1]",
    "&gs.arr[2]",
];

fn program(cases: &[(&str, &str)], symbols: &[&str]) -> String {
    let mut src = PRELUDE.to_string();
    for (c, e) in cases {
        src.push_str(&format!("    __asm__ volatile (\"\" : : \"{c}\" ({e}));\n"));
    }
    for e in symbols {
        src.push_str(&format!(
            "    __asm__ volatile (\"# SYM %c0\" : : \"i\" ({e}));\n"
        ));
    }
    src.push_str("  }\n");
    src
}

fn site_text(site: &AsmSite, k: usize) -> String {
    let o = &site.operands[k];
    format!(
        "{} {:?} size {} {}",
        site.stmt.inputs[k].expr.value, o.facts.kind, o.facts.size, o.c_type
    )
}

#[test]
fn operand_types_sizes_and_constants_match_gcc() {
    let dir = Dir::new();
    let src = program(CASES, SYMBOLS);
    let a = analyze_file(
        &dir.write("types.c", &format!("{src}  return 0;\n}}\n")),
        &[],
    );
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    let sites: Vec<&AsmSite> = a
        .statements
        .iter()
        .filter(|s| s.function.as_deref() == Some("main"))
        .collect();
    assert_eq!(sites.len(), CASES.len() + SYMBOLS.len());
    // The oracle: gcc prints, for each case, sizeof, type compatibility, signedness, constness
    // and value.
    let mut oracle = src.clone();
    for (k, ((c, e), site)) in CASES.iter().zip(&sites).enumerate() {
        assert!(site.untyped.is_none(), "{e}: {:?}", site.untyped);
        let info = &site.operands[0];
        // "X" inputs are rvalues: `(0, e)` decays arrays and drops qualifiers and bit-fields.
        let val = if *c == "m" {
            format!("({e})")
        } else {
            format!("(0, {e})")
        };
        let size = if info.facts.bit_field {
            format!("sizeof{val}")
        } else {
            format!("sizeof({e})")
        };
        let size = if *c == "m" {
            size
        } else {
            format!("sizeof{val}")
        };
        oracle.push_str(&format!("  printf(\"{k} %zu\", (size_t){size});\n"));
        // A bit-field's type (`int:3`) is compatible with nothing; its size is checked.
        let compatible = if info.facts.bit_field {
            "1".to_string()
        } else {
            format!(
                "__builtin_types_compatible_p(__typeof__{val}, {})",
                info.c_type
            )
        };
        oracle.push_str(&format!("  printf(\" %d\", {compatible});\n"));
        let scalar = matches!(
            info.facts.kind,
            ValueKind::Int | ValueKind::Bool | ValueKind::Int128 | ValueKind::Pointer
        );
        let float = info.facts.kind.is_float();
        if scalar {
            oracle.push_str(&format!(
                "  printf(\" %d\", (int)((__typeof__{val})-1 < 0));\n"
            ));
        } else {
            oracle.push_str("  printf(\" -\");\n");
        }
        // Address constants are checked below by the symbol gcc prints.
        if (scalar || float) && info.facts.kind != ValueKind::Pointer {
            oracle.push_str(&format!("  printf(\" %d\", __builtin_constant_p({e}));\n"));
        } else {
            oracle.push_str("  printf(\" -\");\n");
        }
        if scalar && info.facts.kind != ValueKind::Pointer {
            oracle.push_str(&format!(
                "  printf(\" %llx %llx\\n\", (unsigned long long){val}, (unsigned long long)((unsigned __int128){val} >> 64));\n"
            ));
        } else if float {
            oracle.push_str(&format!("  printf(\" %.17g\\n\", (double){val});\n"));
        } else {
            oracle.push_str("  printf(\"\\n\");\n");
        }
    }
    oracle.push_str("  return 0;\n}\n");
    let out = run_c(&dir, "oracle", &oracle);
    let mut mismatches = Vec::new();
    for (line, site) in out.lines().zip(&sites) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let info = &site.operands[0];
        let what = site_text(site, 0);
        if f[1].parse::<u32>().unwrap() != info.facts.size {
            mismatches.push(format!("{what}: gcc size {}", f[1]));
        }
        if f[2] != "1" {
            mismatches.push(format!("{what}: type not compatible with gcc's"));
        }
        if f[3] != "-" && (f[3] == "1") != info.signed {
            mismatches.push(format!("{what}: gcc signed {}", f[3]));
        }
        let constant = match &info.facts.constant {
            Some(ConstValue::Int { value }) => {
                Some(format!("{:x} {:x}", *value as u64, (*value >> 64) as u64))
            }
            Some(ConstValue::Float { value }) => Some(format!("{value}")),
            _ => None,
        };
        if f[4] != "-" && (f[4] == "1") != constant.is_some() {
            mismatches.push(format!("{what}: gcc constant_p {} ours {constant:?}", f[4]));
        }
        if let (Some(ours), Some(_)) = (&constant, f.get(5)) {
            let theirs = f[5..].join(" ");
            let same = match &info.facts.constant {
                Some(ConstValue::Float { value }) => theirs.parse::<f64>().unwrap() == *value,
                _ => theirs == *ours,
            };
            if !same {
                mismatches.push(format!("{what}: gcc value {theirs} ours {ours}"));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));

    // Symbols: what gcc prints for %c0.
    let asm_path = dir.path().join("types.s");
    let (ok, err) = gcc(
        &[
            "-S",
            "-O0",
            "-fno-pie",
            "-w",
            "types.c",
            "-o",
            asm_path.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(ok, "{err}");
    let asm = std::fs::read_to_string(&asm_path).unwrap();
    let printed: Vec<&str> = asm
        .lines()
        .filter_map(|l| l.trim().strip_prefix("# SYM "))
        .collect();
    assert_eq!(printed.len(), SYMBOLS.len());
    for ((e, site), gcc_says) in SYMBOLS.iter().zip(&sites[CASES.len()..]).zip(printed) {
        let Some(ConstValue::Symbol { name, offset, .. }) = &site.operands[0].facts.constant else {
            panic!("{e}: no symbol constant: {:?}", site.operands[0].facts)
        };
        let ours = if *offset == 0 {
            name.clone()
        } else {
            format!("{name}+{offset}")
        };
        assert_eq!(ours, gcc_says.trim(), "{e}");
    }
}

fn main_sites(src: &str) -> Vec<AsmSite> {
    let dir = Dir::new();
    let a = analyze_file(&dir.write("t.c", src), &[]);
    a.statements
        .into_iter()
        .filter(|s| s.function.as_deref() == Some("main"))
        .collect()
}

#[test]
fn facts_of_lvalues_bit_fields_registers_and_constants() {
    let cases: &[(&str, &str)] = &[
        ("r", "s.a"),
        ("r", "rr"),
        ("r", "ri"),
        ("m", "ci"),
        ("r", "ld"),
        ("r", "b"),
        ("r", "m"),
        ("r", "i128"),
        ("i", "E2"),
        ("r", "i + 1"),
        ("m", "s.ro"),
    ];
    let src = format!("{}  }}\n  return 0;\n}}\n", program(cases, &[]));
    let sites = main_sites(&src);
    let f = |k: usize| &sites[k].operands[0].facts;
    assert!(f(0).bit_field && f(0).lvalue && !f(0).addressable);
    assert_eq!(f(1).fixed_reg, Some(PhysReg::from_name("r12").unwrap()));
    assert_eq!(f(1).var_name.as_deref(), Some("rr"));
    assert!(f(1).lvalue && !f(1).addressable);
    assert!(f(2).fixed_reg.is_none() && !f(2).addressable);
    assert!(f(3).read_only && f(3).addressable && f(3).lvalue);
    assert_eq!((f(4).kind, f(4).size), (ValueKind::LongDouble, 16));
    assert_eq!((f(5).kind, f(5).size), (ValueKind::Bool, 1));
    assert_eq!((f(6).kind, f(6).size), (ValueKind::Vector, 16));
    assert_eq!((f(7).kind, f(7).size), (ValueKind::Int128, 16));
    assert_eq!(f(8).constant, Some(ConstValue::Int { value: 6 }));
    assert!(!f(9).lvalue && f(9).constant.is_none());
    assert!(f(10).read_only);
}

#[test]
fn global_objects_carry_symbol_offset_and_linkage() {
    let cases: &[(&str, &str)] = &[
        ("m", "garr[2]"),
        ("m", "sarr[1][1]"),
        ("m", "renamed"),
        ("m", "gs.in"),
        ("m", "garr[i]"),
        ("m", "s"),
        ("i", "&sfn"),
        ("i", "gfn"),
    ];
    let src = format!("{}  }}\n  return 0;\n}}\n", program(cases, &[]));
    let sites = main_sites(&src);
    let g = |k: usize| sites[k].operands[0].is_global_object.clone();
    let r = |symbol: &str, offset: Option<i64>, linkage| {
        Some(exasm_cfront::GlobalRef {
            symbol: symbol.into(),
            offset,
            linkage,
            block_scope: false,
            thread_local: false,
            defined: true,
        })
    };
    assert_eq!(g(0), r("garr", Some(8), Linkage::External));
    assert_eq!(g(1), r("sarr", Some(40), Linkage::Internal));
    assert_eq!(g(2), r("other_name", Some(0), Linkage::External));
    assert_eq!(g(3), r("gs", Some(24), Linkage::External));
    assert_eq!(g(4), r("garr", None, Linkage::External));
    assert_eq!(g(5), None);
    assert_eq!(
        sites[6].operands[0].facts.constant,
        Some(ConstValue::Symbol {
            name: "sfn".into(),
            offset: 0,
            kind: SymbolKind::Function,
            local: true
        })
    );
    assert_eq!(
        sites[7].operands[0].facts.constant,
        Some(ConstValue::Symbol {
            name: "gfn".into(),
            offset: 0,
            kind: SymbolKind::Function,
            local: false
        })
    );
}

#[test]
fn thread_local_objects_are_marked_and_their_addresses_are_not_constants() {
    let src = "extern __thread int late;\n\
extern __thread long elsewhere[4];\n\
__thread long tl[4];\n\
static __thread int st;\n\
_Thread_local int c11;\n\
int plain;\n\
int main(void) {\n\
  static __thread int bs;\n\
  __asm__ volatile (\"\" : : \"m\" (late), \"m\" (elsewhere[3]), \"m\" (tl[2]), \"m\" (st), \"m\" (c11), \"m\" (bs), \"m\" (plain));\n\
  __asm__ volatile (\"\" : : \"g\" (&tl[1]), \"g\" (&plain), \"g\" (tl), \"g\" (&c11));\n\
  return 0;\n\
}\n\
__thread int late = 1;\n";
    let sites = main_sites(src);
    let g = |k: usize| sites[0].operands[k].is_global_object.clone().expect("a global object");
    let tls: Vec<(bool, bool, Option<i64>)> = (0..7).map(|k| (g(k).thread_local, g(k).defined, g(k).offset)).collect();
    assert_eq!(
        tls,
        [
            (true, true, Some(0)),
            (true, false, Some(24)),
            (true, true, Some(16)),
            (true, true, Some(0)),
            (true, true, Some(0)),
            (true, true, Some(0)),
            (false, true, Some(0)),
        ]
    );
    assert_eq!(g(3).linkage, Linkage::Internal);
    assert!(g(5).block_scope);
    // gcc: the address of a thread-local object is no link-time constant ("impossible
    // constraint" for "i"); an ordinary global's is.
    let c = |k: usize| sites[1].operands[k].facts.constant.clone();
    assert_eq!(c(0), None);
    assert_eq!(
        c(1),
        Some(ConstValue::Symbol { name: "plain".into(), offset: 0, kind: SymbolKind::Data, local: false })
    );
    assert_eq!(c(2), None);
    assert_eq!(c(3), None);
}
