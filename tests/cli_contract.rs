//! The command line as a contract (issue 16): source bytes come out as they went in, whatever
//! the encoding; an option or input exasm cannot use is an error naming it, in gcc's words;
//! `explain` and `check` take several inputs, `-` and `-o`; `explain` prints a table a person
//! can check against `gcc -S`; `check`'s exit codes tell a CI what happened.
//!
//! Run: `cargo test -p exasm-tests --test cli_contract`.

use exasm_tests::exasm_binary;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn exasm() -> PathBuf {
    exasm_binary().unwrap_or_else(|e| panic!("{e}"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.env("LC_ALL", "C").output().expect("the command runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// A program whose string literal and comment are Latin-1 bytes, not UTF-8, around one asm
/// statement: gcc's build prints `len=3 x=2 c=e9`.
const LATIN1: &[u8] = b"#include <stdio.h>\n#include <string.h>\n/* caf\xe9 */\nint main(void) {\n    const char *s = \"\xe9t\xe9\";\n    unsigned x = 1;\n    __asm__(\"addl $1, %0\" : \"+r\"(x));\n    printf(\"len=%zu x=%u c=%x\\n\", strlen(s), x, (unsigned char) s[0]);\n    return 0;\n}\n";

/// Builds `source` with gcc and runs it.
fn gcc_output(dir: &Path, name: &str, source: &[u8]) -> String {
    let c = dir.join(format!("{name}.c"));
    std::fs::write(&c, source).unwrap();
    let bin = dir.join(format!("{name}.gcc"));
    let o = run(Command::new("gcc").arg(&c).arg("-o").arg(&bin));
    assert!(o.status.success(), "gcc: {}", stderr(&o));
    stdout(&run(&mut Command::new(&bin)))
}

#[test]
fn bytes_that_are_not_utf8_come_out_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let want = gcc_output(dir.path(), "latin1", LATIN1);
    assert_eq!(want, "len=3 x=2 c=e9\n");
    let input = dir.path().join("latin1.c");
    let (out_c, out_s) = (dir.path().join("out.c"), dir.path().join("out.s"));
    let o = run(Command::new(exasm()).arg("lower").arg(&input).arg("-o").arg(&out_c).arg("--asm").arg(&out_s));
    assert!(o.status.success(), "{}", stderr(&o));
    // Every input line that holds no asm is in the lowered C byte for byte (gcc -E keeps the
    // string; the comment is gone after preprocessing, as it is for gcc).
    let lowered = std::fs::read(&out_c).unwrap();
    for line in LATIN1.split(|&b| b == b'\n').filter(|l| l.windows(5).any(|w| w == b"\"\xe9t\xe9\"")) {
        assert!(lowered.windows(line.len()).any(|w| w == line), "line {:?} is not in the lowered C byte for byte", String::from_utf8_lossy(line));
    }
    let bin = dir.path().join("lowered");
    let o = run(Command::new("gcc").arg(&out_c).arg(&out_s).arg("-o").arg(&bin));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&run(&mut Command::new(&bin))), want, "lowered with exasm lower");
    // And through the driver, with every compiler there is.
    for compiler in ["gcc", "chibicc", "tcc"] {
        if !have(compiler) {
            println!("cli_contract: {compiler} is not installed; skipped");
            continue;
        }
        let bin = dir.path().join(format!("cc-{compiler}"));
        let o = run(Command::new(exasm()).args(["cc", "--with", compiler]).arg(&input).arg("-o").arg(&bin));
        assert!(o.status.success(), "exasm cc --with {compiler}: {}", stderr(&o));
        assert_eq!(stdout(&run(&mut Command::new(&bin))), want, "exasm cc --with {compiler}");
    }
    // `parse` reads the same file.
    let o = run(Command::new(exasm()).arg("parse").arg(&input));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("addl $1, %0"), "{}", stdout(&o));
}

/// gcc's message for an option it does not know, with `gcc` replaced by `exasm`.
fn gcc_says(option: &str) -> String {
    let o = run(Command::new("gcc").arg("-fsyntax-only").arg(option).arg("-x").arg("c").arg("/dev/null"));
    let line = stderr(&o).lines().find(|l| l.contains("unrecognized")).unwrap_or_else(|| panic!("gcc accepts {option}")).to_string();
    line.replacen("gcc:", "exasm:", 1)
}

#[test]
fn unknown_options_are_errors_in_gccs_words() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("a.c");
    std::fs::write(&c, "int f(int x) { __asm__(\"incl %0\" : \"+r\"(x)); return x; }\n").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["explain", "--jsno"], "exasm: error: unrecognized command-line option '--jsno'; did you mean '--json'?"),
        (&["lower", "--asmm", "x.s"], "exasm: error: unrecognized command-line option '--asmm'; did you mean '--asm'?"),
        (&["check", "--frobnicate"], &gcc_says("--frobnicate")),
        (&["parse", "--frobnicate"], &gcc_says("--frobnicate")),
        (&["explain", "--asm", "x.s"], "exasm: error: '--asm' is not an option of exasm explain"),
        (&["lower", "--json"], "exasm: error: '--json' is not an option of exasm lower"),
    ];
    for (args, want) in cases {
        let o = run(Command::new(exasm()).args(*args).arg(&c).current_dir(dir.path()));
        assert_eq!(o.status.code(), Some(2), "exasm {args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o).trim_end(), *want, "exasm {args:?}");
    }
    for compiler in ["gcc", "chibicc", "tcc"].into_iter().filter(|c| have(c)) {
        let o = run(Command::new(exasm()).args(["cc", "--with", compiler, "--frobnicate", "-c"]).arg(&c).current_dir(dir.path()));
        assert_eq!(o.status.code(), Some(2), "exasm cc --with {compiler}: {}", stderr(&o));
        assert_eq!(stderr(&o).trim_end(), gcc_says("--frobnicate"));
        // What gcc accepts passes, with its value when it takes one.
        let o = run(Command::new(exasm()).args(["cc", "--with", compiler, "-O2", "-g", "-Wall", "-MD", "-MT", "obj.o", "-c"]).arg(&c).current_dir(dir.path()));
        assert!(o.status.success(), "exasm cc --with {compiler}: {}", stderr(&o));
        let deps = std::fs::read_to_string(dir.path().join("a.d")).unwrap_or_default();
        assert!(deps.starts_with("obj.o: ") && deps.contains("a.c"), "exasm cc --with {compiler}: a.d is {deps:?}");
    }
}

#[test]
fn inputs_that_are_not_c_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("prog.txt"), "int f(int x) { __asm__(\"incl %0\" : \"+r\"(x)); return x; }\n").unwrap();
    let elf = std::env::current_exe().unwrap();
    for (command, input, want) in [
        ("explain", d.join("sub"), "Is a directory"),
        ("check", d.join("prog.txt"), "file not recognized as C"),
        ("lower", elf.clone(), "file not recognized as C"),
        ("explain", d.join("missing.c"), "No such file or directory"),
    ] {
        let o = run(Command::new(exasm()).arg(command).arg(&input));
        assert_eq!(o.status.code(), Some(2), "exasm {command} {}: {}", input.display(), stderr(&o));
        assert!(stderr(&o).starts_with(&format!("exasm: error: {}: {want}", input.display())), "{}", stderr(&o));
        assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
    }
    // `-x c` reads it as C, as gcc does.
    let o = run(Command::new(exasm()).args(["explain", "-x", "c"]).arg(d.join("prog.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("|\tincl %e"), "{}", stdout(&o));
    // No input at all.
    let o = run(Command::new(exasm()).args(["explain", "-O2"]));
    assert_eq!((o.status.code(), stderr(&o).trim_end()), (Some(2), "exasm: error: no input files"));
}

/// Two statements whose allocation is fixed by their constraints (gcc picks the same).
const FIXED: &str = r#"unsigned cpuid_eax(unsigned leaf) {
    unsigned a, b, c, d;
    __asm__ volatile ("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(leaf), "2"(0));
    return a + b + c + d;
}
int add_carry(unsigned long *x, unsigned long y) {
    _Bool carry;
    __asm__ ("addq %2, %0" : "+r"(*x), "=@ccc"(carry) : "i"(42));
    return carry;
}
"#;

#[test]
fn explain_prints_a_table_a_person_checks_against_gcc() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("fixed.c");
    std::fs::write(&c, FIXED).unwrap();
    let o = run(Command::new(exasm()).arg("explain").arg(&c).arg("-O2"));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.contains("Reg {") && !text.contains("PhysReg") && !text.contains("Flag {"), "Rust debug output:\n{text}");
    let row = |operand: &str| -> Vec<String> {
        let line = text.lines().find(|l| l.trim_start().starts_with(&format!("{operand} "))).unwrap_or_else(|| panic!("no row {operand}:\n{text}"));
        line.split_whitespace().map(str::to_string).collect()
    };
    assert_eq!(row("%0"), ["%0", "\"=a\"", "a", "unsigned", "int", "%eax"]);
    assert!(text.contains("\"=@ccc\"") && text.contains("flag c (carry)"), "{text}");
    assert!(text.contains("$42"), "{text}");
    // The template lines are gcc's, from its own .s of the same file.
    let s = dir.path().join("fixed.s");
    let g = run(Command::new("gcc").args(["-O2", "-S"]).arg(&c).arg("-o").arg(&s));
    assert!(g.status.success(), "{}", stderr(&g));
    let gcc_s = std::fs::read_to_string(&s).unwrap();
    let gcc_lines: Vec<&str> = gcc_s.lines().filter(|l| l.starts_with("\tcpuid") || l.starts_with("\taddq $42")).collect();
    let ours: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("  |")).collect();
    assert_eq!(ours.len(), 2, "{text}");
    assert_eq!(ours[0], gcc_lines[0]);
    assert!(gcc_lines[1].starts_with("\taddq $42, %") && ours[1].starts_with("\taddq $42, %"), "{gcc_lines:?} {ours:?}");
    // Standard input and -o give the same report.
    let piped = Command::new(exasm()).args(["explain", "-", "-O2"]).stdin(std::fs::File::open(&c).unwrap()).env("LC_ALL", "C").output().unwrap();
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert_eq!(stdout(&piped), text.replace(&c.display().to_string(), "<stdin>"));
    let report = dir.path().join("report.txt");
    let o = run(Command::new(exasm()).arg("explain").arg(&c).arg("-O2").arg("-o").arg(&report));
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), text);
    // Several inputs: one report after the other.
    let o = run(Command::new(exasm()).arg("explain").arg(&c).arg(&c).arg("-O2"));
    assert_eq!(stdout(&o), format!("{text}{text}"));
}

#[test]
fn a_statement_gcc_rejects_says_why_it_is_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("bad.c");
    std::fs::write(&c, "int f(int x) { __asm__(\"\" : \"=r\"(x) : \"0\"(x), \"i\"(x)); return x; }\n").unwrap();
    let g = run(Command::new("gcc").args(["-O2", "-c", "-o", "/dev/null"]).arg(&c));
    let gcc_error = stderr(&g).lines().find_map(|l| l.split_once(": error: ").map(|(_, m)| m.to_string())).expect("gcc rejects it");
    let o = run(Command::new(exasm()).arg("explain").arg(&c).arg("-O2"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(&format!("not allocated: gcc rejects it: {gcc_error}")), "gcc: {gcc_error}\nexasm:\n{}", stdout(&o));
}

#[test]
fn check_exit_codes_tell_a_ci_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("clean.c"), "int f(int x) { int y; __asm__(\"movl %1, %0\" : \"=r\"(y) : \"r\"(x)); return y; }\n").unwrap();
    std::fs::write(d.join("bug.c"), "int f(int x) { int y = 0; __asm__(\"movl %1, %0\\n\\tmovl $0, %%ecx\" : \"=r\"(y) : \"r\"(x)); return y; }\n").unwrap();
    std::fs::write(d.join("jump.c"), "void f(void *p) { __asm__ volatile(\"jmp *%0\" : : \"r\"(p)); }\n").unwrap();
    let code = |files: &[&str]| run(Command::new(exasm()).arg("check").args(files).current_dir(d)).status.code();
    assert_eq!(code(&["clean.c"]), Some(0));
    assert_eq!(code(&["bug.c"]), Some(1));
    assert_eq!(code(&["jump.c"]), Some(3));
    assert_eq!(code(&["clean.c", "jump.c"]), Some(3));
    assert_eq!(code(&["jump.c", "bug.c"]), Some(1));
    // The warnings explain prints, check prints too.
    std::fs::write(d.join("warn.c"), "void g(void); void f(void) { __asm__ goto(\"jmp %0\" : : : : out); out: g(); }\n").unwrap();
    let e = run(Command::new(exasm()).args(["explain", "warn.c"]).current_dir(d));
    let k = run(Command::new(exasm()).args(["check", "warn.c"]).current_dir(d));
    let warnings = |o: &Output| stderr(o).lines().filter(|l| l.contains("warning:")).map(str::to_string).collect::<Vec<_>>();
    assert!(!warnings(&e).is_empty(), "{}", stderr(&e));
    assert_eq!(warnings(&k), warnings(&e));
}

#[test]
fn lower_asm_without_o_prints_the_c_and_writes_the_thunks() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("a.c");
    std::fs::write(&c, "int f(int x) { __asm__(\"incl %0\" : \"+r\"(x)); return x; }\n").unwrap();
    let s = dir.path().join("a.thunks.s");
    let o = run(Command::new(exasm()).arg("lower").arg(&c).arg("--asm").arg(&s));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&s).unwrap().contains("incl %"));
    assert!(stdout(&o).contains("int f(int x)") && !stdout(&o).contains("incl %"), "{}", stdout(&o));
    let o = run(Command::new(exasm()).arg("lower").arg(&c).arg(&c).arg("-o").arg(dir.path().join("x.c")));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn help_has_examples_and_completions_and_a_man_page_exist() {
    let o = run(Command::new(exasm()).args(["lower", "--help"]));
    let help = stdout(&o);
    assert!(help.contains("--rust") && help.contains("Examples:"), "{help}");
    for shell in ["bash", "zsh", "fish"] {
        let o = run(Command::new(exasm()).args(["completions", shell]));
        assert!(o.status.success() && stdout(&o).contains("explain"), "{shell}: {}", stderr(&o));
    }
    let o = run(Command::new(exasm()).arg("manpage"));
    assert!(o.status.success() && stdout(&o).contains(".TH exasm"), "{}", stdout(&o));
}

#[test]
fn check_json_lists_rejected_statements_and_checks_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("mixed.c");
    std::fs::write(&c, "int bad(int x) { __asm__(\"\" : \"=r\"(x) : \"0\"(x), \"i\"(x)); return x; }\nint bug(int x) { int y; __asm__(\"movl %1, %0\\n\\tmovl $0, %%ecx\" : \"=r\"(y) : \"r\"(x)); return y; }\n").unwrap();
    let g = run(Command::new("gcc").args(["-O2", "-c", "-o", "/dev/null"]).arg(&c));
    let gcc_error = stderr(&g).lines().find_map(|l| l.split_once(": error: ").map(|(_, m)| m.to_string())).expect("gcc rejects the first");
    let o = run(Command::new(exasm()).args(["check", "--json", "-O2"]).arg(&c));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}", stderr(&o)));
    let skipped = json["not_analysed"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{json}");
    assert_eq!((skipped[0]["line"].as_u64(), skipped[0]["reason"].as_str()), (Some(1), Some(format!("the statement has an error: {gcc_error}").as_str())));
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["line"].as_u64() == Some(2) && f["severity"] == "error"), "{json}");
}

/// The README's first command, `scripts/demo.sh`, runs to the end and its build through
/// `exasm cc` prints what gcc's inline-asm build prints.
#[test]
fn the_readmes_demo_runs() {
    let root = exasm_tests::repo_root();
    let o = run(Command::new(root.join("scripts/demo.sh")).current_dir(&root));
    assert!(o.status.success(), "demo.sh failed:\n{}\n{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("same output as gcc's inline-asm build"), "{}", stdout(&o));
    assert!(stdout(&o).contains("__exasm_a0 = "), "the calling C is not shown:\n{}", stdout(&o));
}
