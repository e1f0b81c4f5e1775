//! exasm's own C parser (crates/exasm-cfront/src/cparse.rs) must build exactly lang-c's tree,
//! spans included, wherever it parses the reduced text at all; what it leaves goes to lang-c.
//! Run over every corpus file, c-sample, real header and real program: no difference is
//! allowed, and only a small share may be left to lang-c (that share costs speed).

use exasm_cfront::{parser_agreement, preprocess, Options, ParserAgreement};
use exasm_tests::{corpus_files, repo_root};
use std::path::PathBuf;

fn inputs() -> Vec<PathBuf> {
    let root = repo_root();
    let mut files = corpus_files();
    for dir in ["c-samples", "tests/real-headers", "tests/real-programs"] {
        let mut more: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "c"))
            .collect();
        more.sort();
        files.extend(more);
    }
    files
}

#[test]
fn own_parser_builds_lang_c_tree() {
    let files = inputs();
    assert!(files.len() > 700, "inputs found: {}", files.len());
    let (mut same, mut left, mut neither, mut preprocess_failed) = (0, Vec::new(), 0, 0);
    let mut differ = Vec::new();
    for path in &files {
        let Ok(pre) = preprocess(path, &Options::default()) else {
            preprocess_failed += 1;
            continue;
        };
        match parser_agreement(&pre.text, &path.display().to_string()) {
            ParserAgreement::Same => same += 1,
            ParserAgreement::LeftToLangC(true) => left.push(path.clone()),
            ParserAgreement::LeftToLangC(false) => neither += 1,
            ParserAgreement::Differ(d) => differ.push(format!("{}:\n{d}", path.display())),
        }
    }
    eprintln!(
        "{} inputs: {same} same tree, {} left to lang-c, {neither} parsed by neither, {preprocess_failed} not preprocessed",
        files.len(),
        left.len()
    );
    for l in left.iter().take(40) {
        eprintln!("left to lang-c: {}", l.display());
    }
    assert!(differ.is_empty(), "{} inputs parse differently:\n{}", differ.len(), differ.iter().take(5).cloned().collect::<Vec<_>>().join("\n\n"));
    // Speed depends on lang-c seeing little: at most 5% of what lang-c parses.
    assert!(left.len() * 20 <= same + left.len(), "{} of {} inputs left to lang-c", left.len(), same + left.len());
}

/// GNU and C11 forms exasm's parser takes itself (not left to lang-c), each in a declaration
/// or operand the asm needs: same tree as lang-c's.
#[test]
fn forms_parsed_without_lang_c() {
    let forms = [
        // Statement expressions with every statement kind.
        "int f(int x) { int y = ({ int t = x; if (t > 2) t = 1; else { t = 2; } while (t < 9) t++; do t--; while (t > 3); for (int i = 0; i < 2; i++) continue; switch (t) { case 1: t = 3; break; default: ; } l: if (!t) goto l; t; }); asm(\"\" : \"+r\" (y)); return y; }",
        "int g(int x) { asm(\"\" : \"+r\" (x) : \"r\" (({ int q = x * 2; q + 1; }))); return x; }",
        "int h(int x) { int r = ({ int z = 0; return z; 0; }); asm(\"\" : \"+r\" (r)); return r; }",
        // _Generic, __builtin_offsetof, __builtin_va_arg.
        "struct s { int a; int b[4]; struct { long c; } in; };\nlong k(long x) { asm(\"\" : \"+r\" (x) : \"i\" (__builtin_offsetof(struct s, b[2])), \"i\" (__builtin_offsetof(struct s, in.c))); return x; }",
        "long m(long x) { long y = _Generic(x, int: 1, long: 2, default: 3); asm(\"\" : \"+r\" (y)); return y; }",
        "#include <stdarg.h>\nlong n(int c, ...) { va_list ap; va_start(ap, c); long v = __builtin_va_arg(ap, long); asm(\"\" : \"+r\" (v)); return v; }",
        // _Alignas and _Static_assert at file scope, in a block and in a struct.
        "_Static_assert(sizeof(long) == 8, \"lp64\");\nstruct t { _Static_assert(1, \"x\"); int a; };\nlong p(long x) { _Alignas(16) long y = x; _Alignas(long) char c = 1; _Static_assert(2 > 1, \"y\"); asm(\"\" : \"+r\" (y) : \"r\" (c)); return y; }",
        // K&R-style declarators (not definitions) and `()`.
        "int old();\nint older(a, b);\nlong q(long x) { asm(\"\" : \"+r\" (x)); return x; }",
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    for (k, form) in forms.iter().enumerate() {
        let path = dir.path().join(format!("form{k}.c"));
        std::fs::write(&path, form).expect("write");
        let pre = preprocess(&path, &Options::default()).expect("preprocess");
        let verdict = parser_agreement(&pre.text, &path.display().to_string());
        assert_eq!(verdict, ParserAgreement::Same, "form {k}: {form}");
    }
}
