//! `exasm check` on the inline asm of real headers from Debian -dev packages: every
//! `tests/real-headers/*.c` includes one library's headers and calls its asm functions, and the
//! checker must report exactly the findings verified by hand (docs/check.md, "Real headers"):
//! a regression or a new false positive fails the test.
//!
//! For each file:
//! 1. its `/* exasm-requires: PATH[|PATH] (package) */` line names a header; when none of the
//!    paths exists the file is skipped with a notice (`scripts/test.sh` installs the packages);
//! 2. `gcc -c -O2 -Wall` must compile it (the asm is real, used code);
//! 3. `exasm check --json FILE` runs in `tests/real-headers/`; every statement must be analysed,
//!    the error and warning findings must be exactly the expected multiset of
//!    (file, line, kind), the notes exactly the expected count per kind, and the exit status 1
//!    when some finding is an error, 0 otherwise.
//!
//! Header line numbers are those of Debian 12 (bookworm); the package version each expectation
//! was verified with is printed when a file fails.
//!
//! Run: `cargo test -p exasm-tests --test real_headers -- --nocapture`.

use exasm_tests::{exasm_binary, repo_root, requirement};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// What `exasm check` must say about one file.
struct Expected {
    /// The C file in `tests/real-headers/`.
    file: &'static str,
    /// The Debian package and the version the findings were verified with.
    package: (&'static str, &'static str),
    /// Error and warning findings: (file, line, kind, how many statements).
    findings: &'static [(&'static str, u64, &'static str, usize)],
    /// Notes: (kind, how many).
    notes: &'static [(&'static str, usize)],
}

const CK_PR: &str = "/usr/include/gcc/x86_64/ck_pr.h";
const UATOMIC: &str = "/usr/include/x86_64-linux-gnu/urcu/uatomic/x86.h";
const SYS_IO: &str = "/usr/include/x86_64-linux-gnu/sys/io.h";

const EXPECTED: &[Expected] = &[
    Expected { file: "atomic_ops.c", package: ("libatomic-ops-dev", "7.6.14-1"), findings: &[], notes: &[("flags-without-cc", 17)] },
    Expected {
        file: "ck.c",
        package: ("libck-dev", "0.7.1-10"),
        // "Z" (unsigned 32-bit) immediates on 64-bit instructions: ck_pr_md_store_ptr (267),
        // ck_pr_md_store_64 (277), ck_pr_{add,sub,and,or,xor}_{ptr,64} (400-404).
        findings: &[
            (CK_PR, 267, "immediate-out-of-range", 1),
            (CK_PR, 277, "immediate-out-of-range", 1),
            (CK_PR, 400, "immediate-out-of-range", 2),
            (CK_PR, 401, "immediate-out-of-range", 2),
            (CK_PR, 402, "immediate-out-of-range", 2),
            (CK_PR, 403, "immediate-out-of-range", 2),
            (CK_PR, 404, "immediate-out-of-range", 2),
        ],
        notes: &[],
    },
    Expected {
        file: "system.c",
        package: ("libc6-dev", "2.36-9+deb12u14"),
        // insb/insw/insl write the buffer, outsb/outsw/outsl read it, with no "memory" clobber.
        findings: &[
            (SYS_IO, 138, "undeclared-memory-write", 1),
            (SYS_IO, 145, "undeclared-memory-write", 1),
            (SYS_IO, 152, "undeclared-memory-write", 1),
            (SYS_IO, 160, "undeclared-memory-read", 1),
            (SYS_IO, 168, "undeclared-memory-read", 1),
            (SYS_IO, 176, "undeclared-memory-read", 1),
        ],
        notes: &[],
    },
    Expected {
        file: "urcu.c",
        package: ("liburcu-dev", "0.13.2-1"),
        // uatomic_and/or/add/inc/dec at 1, 2, 4 and 8 bytes: read-modify-write of an "=m" output.
        findings: &[
            (UATOMIC, 263, "memory-output-read", 1),
            (UATOMIC, 272, "memory-output-read", 1),
            (UATOMIC, 281, "memory-output-read", 1),
            (UATOMIC, 291, "memory-output-read", 1),
            (UATOMIC, 319, "memory-output-read", 1),
            (UATOMIC, 328, "memory-output-read", 1),
            (UATOMIC, 337, "memory-output-read", 1),
            (UATOMIC, 347, "memory-output-read", 1),
            (UATOMIC, 375, "memory-output-read", 1),
            (UATOMIC, 384, "memory-output-read", 1),
            (UATOMIC, 393, "memory-output-read", 1),
            (UATOMIC, 403, "memory-output-read", 1),
            (UATOMIC, 432, "memory-output-read", 1),
            (UATOMIC, 441, "memory-output-read", 1),
            (UATOMIC, 450, "memory-output-read", 1),
            (UATOMIC, 460, "memory-output-read", 1),
            (UATOMIC, 485, "memory-output-read", 1),
            (UATOMIC, 494, "memory-output-read", 1),
            (UATOMIC, 503, "memory-output-read", 1),
            (UATOMIC, 513, "memory-output-read", 1),
        ],
        notes: &[("flags-without-cc", 28)],
    },
    Expected {
        file: "valgrind.c",
        package: ("valgrind", "1:3.19.0-1"),
        // VALGRIND_GET_ORIG_FN: natively `xchgq %rcx, %rcx` leaves its "=a" output unwritten
        // (only Valgrind's JIT writes rax); the macro expands in the C file.
        findings: &[("valgrind.c", 28, "output-not-written", 1)],
        notes: &[],
    },
];

/// The installed version of a Debian package, when dpkg knows it.
fn installed_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query").args(["-W", "-f=${Version}", package]).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What `exasm check --json` reported: sorted (file, line, kind) with counts, notes per kind,
/// the statements not analysed, and the exit status.
struct Report {
    findings: BTreeMap<(String, u64, String), usize>,
    notes: BTreeMap<String, usize>,
    not_analysed: Vec<String>,
    status: Option<i32>,
    has_errors: bool,
}

fn check(exasm: &Path, dir: &Path, file: &str) -> Report {
    let out = Command::new(exasm).args(["check", "--json", file]).current_dir(dir).env("LC_ALL", "C").output().expect("run exasm check");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{file}: exasm check printed no JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    let mut report = Report { findings: BTreeMap::new(), notes: BTreeMap::new(), not_analysed: Vec::new(), status: out.status.code(), has_errors: false };
    for f in json["findings"].as_array().expect("findings") {
        let kind = f["kind"].as_str().expect("kind").to_string();
        match f["severity"].as_str() {
            Some("note") => *report.notes.entry(kind).or_default() += 1,
            severity => {
                report.has_errors |= severity == Some("error");
                let at = (f["file"].as_str().expect("file").to_string(), f["line"].as_u64().expect("line"), kind);
                *report.findings.entry(at).or_default() += 1;
            }
        }
    }
    for s in json["not_analysed"].as_array().expect("not_analysed") {
        report.not_analysed.push(format!("{}:{}: {}", s["file"].as_str().unwrap_or("?"), s["line"], s["reason"].as_str().unwrap_or("?")));
    }
    report
}

#[test]
fn real_headers_give_the_findings_verified_by_hand() {
    let dir = repo_root().join("tests/real-headers");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/real-headers")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".c"))
        .collect();
    files.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|e| e.file).collect();
    assert_eq!(files, listed, "every tests/real-headers/*.c needs its expected findings here, and only those");
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let scratch = tempfile::tempdir().expect("temporary directory");
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in EXPECTED {
        let text = std::fs::read_to_string(dir.join(e.file)).expect("read the C file");
        let (paths, package) = requirement(&text).unwrap_or_else(|| panic!("{}: no /* exasm-requires: ... */ line", e.file));
        if !paths.iter().any(|p| Path::new(p).exists()) {
            println!("real_headers: skipping {}: {} is not installed (apt-get install {package})", e.file, paths.join(" or "));
            continue;
        }
        let gcc = Command::new("gcc")
            .args(["-c", "-O2", "-Wall"])
            .arg(dir.join(e.file))
            .arg("-o")
            .arg(scratch.path().join("out.o"))
            .output()
            .expect("gcc must be installed");
        assert!(gcc.status.success(), "{}: gcc -c fails:\n{}", e.file, String::from_utf8_lossy(&gcc.stderr));
        let got = check(&exasm, &dir, e.file);
        let want: BTreeMap<(String, u64, String), usize> = e.findings.iter().map(|&(f, l, k, n)| ((f.to_string(), l, k.to_string()), n)).collect();
        let want_notes: BTreeMap<String, usize> = e.notes.iter().map(|&(k, n)| (k.to_string(), n)).collect();
        let is_error = |k: &str| exasm_check::kind(k).is_some_and(|k| k.severity == exasm_core::diag::Severity::Error);
        let want_status = if e.findings.iter().any(|f| is_error(f.2)) { 1 } else { 0 };
        let mut problems = Vec::new();
        for (at, n) in &got.findings {
            if want.get(at) != Some(n) {
                problems.push(format!("  reported {n}x {}:{} {} (expected {}x)", at.0, at.1, at.2, want.get(at).copied().unwrap_or(0)));
            }
        }
        for (at, n) in &want {
            if !got.findings.contains_key(at) {
                problems.push(format!("  missing {n}x {}:{} {}", at.0, at.1, at.2));
            }
        }
        if got.notes != want_notes {
            problems.push(format!("  notes {:?}, expected {want_notes:?}", got.notes));
        }
        if !got.not_analysed.is_empty() {
            problems.push(format!("  not analysed:\n    {}", got.not_analysed.join("\n    ")));
        }
        if got.status != Some(want_status) || got.has_errors != (want_status == 1) {
            problems.push(format!("  exit status {:?}, expected {want_status}", got.status));
        }
        if problems.is_empty() {
            let total: usize = got.findings.values().sum();
            println!("real_headers: {}: {total} findings as verified, {} notes", e.file, got.notes.values().sum::<usize>());
            checked += 1;
        } else {
            let (name, version) = e.package;
            let installed = installed_version(name).unwrap_or_else(|| "unknown".into());
            failures.push(format!(
                "{} (findings verified with {name} {version}; installed: {installed}; if the header changed, verify again by hand and update docs/check.md):\n{}",
                e.file,
                problems.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("real_headers: {checked} of {} files checked", EXPECTED.len());
}
