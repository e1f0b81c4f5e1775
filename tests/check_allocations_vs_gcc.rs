//! Allocation-dependent bugs: each `tests/check-allocations/*.c` holds a statement that is
//! wrong only when gcc gives an operand a register the template saves and restores, or uses
//! implicitly (`popq %rdx` over an output, `rep movsb` consuming an input's rcx, a memory
//! operand's base overwritten), and its corrected twin. gcc 12 -O2 makes that choice in the
//! program: its `buggy` line must differ from its `fixed` line, and `exasm check` must report
//! exactly one error on the buggy statement (naming the allocation) and nothing on the twin.
//! The statements from real code in `bench/check-real-demos/` are checked the same way.

use exasm_tests::{exasm_binary, repo_root};
use std::process::Command;

/// (file, line of the buggy statement, operand, the start of the message).
const CASES: &[(&str, u64, usize, &str)] = &[
    ("sq_rdx.c", 9, 0, "if gcc allocates %0 to rdx, output %0 (rdx) holds its incoming value"),
    ("cpuid_rbx.c", 9, 1, "if gcc allocates %1 to rbx, output %1 (ebx) holds its incoming value"),
    ("rep_movs_rcx.c", 8, 3, "if gcc allocates %3 to rcx, `rep movsb (%rsi), (%rdi)` overwrites rcx"),
    ("mem_base_rsi.c", 9, 1, "if gcc addresses %1 through rsi, `mov %rdx, %rsi` overwrites rsi"),
];

#[test]
fn allocation_dependent_bugs_break_under_gcc_and_are_reported() {
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let dir = repo_root().join("tests/check-allocations");
    let tmp = tempfile::tempdir().unwrap();
    for &(file, line, operand, message) in CASES {
        let src = dir.join(file);
        let exe = tmp.path().join(file.trim_end_matches(".c"));
        let built = Command::new("gcc").args(["-O2", "-Wall", "-Werror", "-o"]).arg(&exe).arg(&src).status().unwrap();
        assert!(built.success(), "gcc -O2 {file}");
        let out = Command::new(&exe).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let value = |tag: &str| text.lines().find_map(|l| l.strip_prefix(tag)).unwrap_or_else(|| panic!("{file}: no {tag} line in {text}")).to_string();
        assert_ne!(value("buggy "), value("fixed "), "{file}: gcc -O2 did not choose the breaking allocation");

        let out = Command::new(&exasm).args(["check", "--json", file]).current_dir(&dir).output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{file}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        let errors: Vec<&serde_json::Value> = json["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "note").collect();
        assert_eq!(json["not_analysed"].as_array().map(Vec::len), Some(0), "{file}: {json:#}");
        let errors_at: Vec<_> = errors.iter().filter(|f| f["severity"] == "error").collect();
        assert_eq!(errors_at.len(), 1, "{file}: {json:#}");
        let f = errors_at[0];
        assert_eq!((f["line"].as_u64(), f["kind"].as_str(), f["operand"].as_u64()), (Some(line), Some("operand-overwritten"), Some(operand as u64)), "{file}: {f:#}");
        assert!(f["message"].as_str().unwrap().starts_with(message), "{file}: {}", f["message"]);
        // The twin (the other statement of the file) is clean.
        assert!(errors.iter().all(|f| f["line"].as_u64() == Some(line)), "{file}: {json:#}");
        assert_eq!(out.status.code(), Some(1), "{file}");
    }
}

/// Statements copied from real code (`bench/check-real-demos/`): gcc 12 -O2 miscompiles the
/// program (it prints something else than the intended value it names), and `exasm check`
/// reports the error the demonstration shows.
const DEMOS: &[(&str, &str)] = &[("ffmpeg_draw_edges.c", "undeclared-memory-write"), ("musl_a_or.c", "memory-output-read")];

#[test]
fn real_code_demonstrations_break_under_gcc_and_are_reported() {
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let dir = repo_root().join("bench/check-real-demos");
    let tmp = tempfile::tempdir().unwrap();
    for &(file, kind) in DEMOS {
        let exe = tmp.path().join(file.trim_end_matches(".c"));
        assert!(Command::new("gcc").args(["-O2", "-o"]).arg(&exe).arg(dir.join(file)).status().unwrap().success(), "gcc -O2 {file}");
        let text = String::from_utf8(Command::new(&exe).output().unwrap().stdout).unwrap();
        let (got, intended) = text.trim().split_once(" (").unwrap_or_else(|| panic!("{file}: {text}"));
        let intended = intended.trim_end_matches(" intended)");
        assert_ne!(got, intended, "{file}: gcc -O2 kept the intended result");
        let out = Command::new(&exasm).args(["check", "--json", file]).current_dir(&dir).output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<&str> = json["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").filter_map(|f| f["kind"].as_str()).collect();
        assert!(errors.contains(&kind), "{file}: {json:#}");
    }
}
