//! `exasm explain` against `gcc -c` on the corpus of valid and invalid statements in
//! `tests/corpus/`: at -O0 and -O2 (and, for `optdep/`, with the frame pointer flag set
//! against the -O level), exasm must accept exactly what gcc accepts and reject with
//! the errors gcc gives. gcc runs in the test; the files' `expect:` lines are documentation.

use exasm_tests::{message_of, parallel_each};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_tests::exasm_binary().expect("the exasm binary builds")).clone()
}

/// Extra flags a corpus file asks for (`/* flags: -masm=intel */`).
fn flags_of(src: &str) -> Vec<String> {
    src.lines()
        .take(10)
        .filter_map(|l| l.trim().strip_prefix("/* flags:").and_then(|r| r.strip_suffix("*/")))
        .flat_map(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Errors of a compiler run (gcc's "sorry, unimplemented" ones included, with that prefix),
/// deduplicated (gcc repeats some).
fn errors(stderr: &str) -> BTreeSet<String> {
    const SORRY: &str = "sorry, unimplemented: ";
    stderr
        .lines()
        .filter_map(|l| match l.split_once(&format!(": {SORRY}")) {
            Some((_, m)) => Some(format!("{SORRY}{m}")),
            None => l.contains(": error: ").then(|| message_of(l)),
        })
        .collect()
}

struct Verdict {
    accepted: bool,
    errors: BTreeSet<String>,
}

fn gcc(file: &Path, flags: &[String]) -> Verdict {
    let out = Command::new("gcc").args(flags).arg("-c").arg(file).arg("-o").arg("/dev/null").env("LC_ALL", "C").output().unwrap_or_else(|e| panic!("gcc {flags:?} {}: {e}", file.display()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    Verdict { accepted: out.status.success(), errors: errors(&stderr) }
}

fn explain(file: &Path, flags: &[String]) -> Verdict {
    let out = Command::new(exasm()).arg("explain").arg(file).args(flags).env("LC_ALL", "C").output().expect("exasm runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    Verdict { accepted: out.status.code() == Some(0), errors: errors(&stderr) }
}

#[test]
fn explain_accepts_and_rejects_what_gcc_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files = exasm_tests::corpus_files();
    if let Ok(only) = std::env::var("EXASM_CORPUS") {
        files.retain(|f| f.to_string_lossy().contains(&only));
    }
    let results = Mutex::new(Vec::new());
    parallel_each(&files, 2, |file| {
        let src = std::fs::read_to_string(file).unwrap();
        // Files whose verdict depends on optimization also run with the frame pointer
        // set against the -O level, which must not decide it.
        let optdep = file.parent().is_some_and(|d| d.ends_with("optdep"));
        let opts: &[&str] = if optdep { &["-O0", "-O2", "-O0 -fomit-frame-pointer", "-O2 -fno-omit-frame-pointer"] } else { &["-O0", "-O2"] };
        for &opt in opts {
            let mut flags = flags_of(&src);
            flags.extend(opt.split(' ').map(String::from));
            let want = gcc(file, &flags);
            let got = explain(file, &flags);
            let agree = want.accepted == got.accepted && want.errors == got.errors;
            let rel = file.strip_prefix(&root).unwrap_or(file).display().to_string();
            results.lock().unwrap().push((rel, opt, agree, want.errors, got.errors, want.accepted, got.accepted));
        }
    });
    let results = results.into_inner().unwrap();
    let total = results.len();
    let disagreements: Vec<String> = results
        .iter()
        .filter(|r| !r.2)
        .map(|(f, opt, _, want, got, wa, ga)| format!("{f} {opt}: gcc {} {want:?}, exasm {} {got:?}", if *wa { "accepts" } else { "rejects" }, if *ga { "accepts" } else { "rejects" }))
        .collect();
    let agree = total - disagreements.len();
    println!("{agree} passed, {} failed", disagreements.len());
    assert!(disagreements.is_empty(), "exasm explain and gcc disagree on {} of {total} (file, -O) pairs:\n{}", disagreements.len(), disagreements.join("\n"));
}
