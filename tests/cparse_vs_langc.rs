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
