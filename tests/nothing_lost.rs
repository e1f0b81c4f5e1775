//! "Nothing lost": `exasm lower` and `exasm cc` never overwrite an input, write their outputs
//! all or nothing, leave no temporary files behind, and pass file names to the tools they run
//! as arguments, never through a shell.
//!
//! Run: `cargo test -p exasm-tests --test nothing_lost`.

use exasm_tests::exasm_binary;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A program with one valid asm statement; it prints `7 42`.
const VALID: &str = r#"#include <stdio.h>
int main(void) {
    int x = 6, y;
    __asm__("leal 1(%1), %0" : "=r"(y) : "r"(x));
    printf("%d %d\n", y, 42);
    return 0;
}
"#;

/// gcc rejects it: "output operand constraint lacks '='".
const INVALID: &str = r#"int main(void) {
    int x = 1;
    __asm__("incl %0" : "r"(x));
    return x;
}
"#;

fn exasm() -> PathBuf {
    exasm_binary().unwrap_or_else(|e| panic!("{e}"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.env("LC_ALL", "C").output().expect("exasm runs")
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn lower_refuses_to_overwrite_its_input_with_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.c");
    std::fs::write(&a, VALID).unwrap();
    let spellings: [&[&str]; 5] = [
        &["-o", "a.c", "--asm", "a.s"],
        &["-o", "./a.c", "--asm", "a.s"],
        &["-o", "out.c", "--asm", "a.c"],
        &["-o", "out.c", "--asm", "out.s", "--rust", "a.c"],
        &["-o", "sub/../a.c", "--asm", "a.s"],
    ];
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for args in spellings {
        let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "a.c"]).args(args));
        assert_eq!(o.status.code(), Some(2), "exasm lower a.c {args:?} must refuse with exit 2: {}", stderr(&o));
        assert!(stderr(&o).contains("would overwrite the input"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), VALID, "a.c changed by exasm lower a.c {args:?}");
        assert_eq!(listing(dir.path()), ["a.c", "sub"], "exasm lower a.c {args:?} left files");
    }
    // Through a symbolic link to the input, too.
    std::os::unix::fs::symlink("a.c", dir.path().join("link.c")).unwrap();
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "a.c", "-o", "link.c", "--asm", "a.s"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), VALID);
}

#[test]
fn cc_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.c");
    std::fs::write(&a, VALID).unwrap();
    for args in [&["-c", "a.c", "-o", "a.c"][..], &["-S", "a.c", "-o", "a.c"], &["a.c", "-o", "a.c"]] {
        let o = run(Command::new(exasm()).current_dir(dir.path()).args(["cc", "--with", "gcc"]).args(args));
        assert_ne!(o.status.code(), Some(0), "exasm cc {args:?} must fail");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), VALID, "a.c changed by exasm cc {args:?}");
        assert_eq!(listing(dir.path()), ["a.c"], "exasm cc {args:?} left files");
    }
}

#[test]
fn lower_writes_nothing_when_a_statement_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.c"), INVALID).unwrap();
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "bad.c", "-o", "out.c", "--asm", "out.s", "--rust", "out.rs"]));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("output operand constraint lacks '='"), "{}", stderr(&o));
    assert_eq!(listing(dir.path()), ["bad.c"], "no output, no temporary file");
}

#[test]
fn lower_writes_nothing_when_an_output_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), VALID).unwrap();
    // The process runs as root in CI, where permissions stop nothing: use a missing directory
    // and a regular file standing where a directory should be.
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let cases: [&[&str]; 4] = [
        &["-o", "missing/out.c", "--asm", "out.s"],
        &["-o", "out.c", "--asm", "missing/out.s"],
        &["-o", "out.c", "--asm", "out.s", "--rust", "file/out.rs"],
        &["-o", "file/out.c", "--asm", "out.s"],
    ];
    for args in cases {
        let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "a.c"]).args(args));
        assert_eq!(o.status.code(), Some(2), "exasm lower a.c {args:?}: {}", stderr(&o));
        assert_eq!(listing(dir.path()), ["a.c", "file"], "exasm lower a.c {args:?} left files behind");
    }
    // And the same command with good paths writes all three.
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "a.c", "-o", "out.c", "--asm", "out.s", "--rust", "out.rs"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(listing(dir.path()), ["a.c", "file", "out.c", "out.rs", "out.s"]);
}

#[test]
fn lower_replaces_an_existing_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), VALID).unwrap();
    std::fs::write(dir.path().join("bad.c"), INVALID).unwrap();
    std::fs::write(dir.path().join("out.c"), "old C").unwrap();
    std::fs::write(dir.path().join("out.s"), "old asm").unwrap();
    // A failed run keeps the old outputs exactly.
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "bad.c", "-o", "out.c", "--asm", "out.s"]));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.path().join("out.c")).unwrap(), "old C");
    assert_eq!(std::fs::read_to_string(dir.path().join("out.s")).unwrap(), "old asm");
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "a.c", "-o", "out.c", "--asm", "missing/out.s"]));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.path().join("out.c")).unwrap(), "old C", "one output failed: the other is not replaced either");
    // A good run replaces both.
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "a.c", "-o", "out.c", "--asm", "out.s"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(dir.path().join("out.c")).unwrap().contains("no inline asm is left"));
    assert!(std::fs::read_to_string(dir.path().join("out.s")).unwrap().contains("__exasm_"));
    assert_eq!(listing(dir.path()), ["a.c", "bad.c", "out.c", "out.s"]);
}

/// `exasm cc` with `TMPDIR` pointing at an empty directory: it must be empty again afterwards,
/// whether the build succeeds or fails.
#[test]
fn cc_removes_its_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    std::fs::write(dir.path().join("a.c"), VALID).unwrap();
    std::fs::write(dir.path().join("bad.c"), INVALID).unwrap();
    std::fs::write(dir.path().join("broken.c"), "int main(void) { return }\n").unwrap();
    let has_chibicc = Command::new("chibicc").arg("--version").output().is_ok();
    let mut runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["cc", "--with", "gcc", "-O2", "-o", "prog", "a.c"], true),
        (vec!["cc", "--with", "gcc", "-c", "a.c", "-o", "a.o"], true),
        (vec!["cc", "--with", "gcc", "-S", "a.c", "-o", "a.s"], true),
        (vec!["cc", "--backend", "rust", "-O2", "-o", "prog-rust", "a.c"], true),
        (vec!["cc", "--with", "gcc", "-o", "prog-bad", "bad.c"], false),
        (vec!["cc", "--with", "gcc", "-o", "prog-broken", "broken.c"], false),
        (vec!["cc", "--with", "gcc", "-o", "prog-missing", "missing.c"], false),
    ];
    if has_chibicc {
        runs.push((vec!["cc", "--with", "chibicc", "-o", "prog-chibicc", "a.c"], true));
        runs.push((vec!["cc", "--with", "chibicc", "-o", "prog-chibicc-bad", "bad.c"], false));
    }
    for (args, ok) in runs {
        let o = run(Command::new(exasm()).current_dir(dir.path()).env("TMPDIR", &tmp).args(&args));
        assert_eq!(o.status.success(), ok, "exasm {args:?}: {}", stderr(&o));
        assert!(listing(&tmp).is_empty(), "exasm {args:?} left {:?} in TMPDIR", listing(&tmp));
    }
    for prog in ["prog", "prog-rust"] {
        let out = Command::new(dir.path().join(prog)).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "7 42\n");
    }
    for failed in ["prog-bad", "prog-broken", "prog-missing", "prog-chibicc-bad"] {
        assert!(!dir.path().join(failed).exists(), "a failed build left {failed}");
    }
}

/// File names and arguments full of shell syntax reach the tools as they are.
#[test]
fn cc_and_lower_never_use_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("dir with space; $(touch pwned)");
    std::fs::create_dir(&sub).unwrap();
    let name = "we;ird $(x) 'n.c";
    let source = r#"#include <stdio.h>
int main(void) {
    int x = 6, y;
    __asm__("leal 1(%1), %0" : "=r"(y) : "r"(x));
    printf("%d %s\n", y, MSG);
    return 0;
}
"#;
    std::fs::write(sub.join(name), source).unwrap();
    let msg = r#"-DMSG="a `b` $(c) ; d' | e""#;
    let expected = "7 a `b` $(c) ; d' | e\n";
    let has_chibicc = Command::new("chibicc").arg("--version").output().is_ok();
    let mut drivers: Vec<Vec<&str>> = vec![vec!["--with", "gcc"], vec!["--backend", "rust"]];
    if has_chibicc {
        drivers.push(vec!["--with", "chibicc"]);
    }
    for (k, driver) in drivers.iter().enumerate() {
        let out = format!("out put {k} $(y) ;'");
        let o = run(Command::new(exasm()).current_dir(&sub).arg("cc").args(driver).args([msg, "-o", &out, name]));
        assert!(o.status.success(), "exasm cc {driver:?}: {}", stderr(&o));
        let p = Command::new(sub.join(&out)).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&p.stdout), expected, "exasm cc {driver:?}");
        // -c then a separate link, with the object's odd name.
        let obj = format!("ob j {k};$(z).o");
        let o = run(Command::new(exasm()).current_dir(&sub).arg("cc").args(driver).args([msg, "-c", name, "-o", &obj]));
        assert!(o.status.success(), "exasm cc -c {driver:?}: {}", stderr(&o));
        assert!(sub.join(&obj).is_file());
    }
    // exasm lower with odd output names, then gcc on them.
    let o = run(Command::new(exasm()).current_dir(&sub).args(["lower", name, msg, "-o", "l o;w.c", "--asm", "l o$(w).s"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let g = Command::new("gcc").current_dir(&sub).args([msg, "l o;w.c", "l o$(w).s", "-o", "lowered"]).output().unwrap();
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    let p = Command::new(sub.join("lowered")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&p.stdout), expected);
    for d in [dir.path(), sub.as_path()] {
        assert!(!d.join("pwned").exists(), "a shell ran $(touch pwned)");
    }
    assert!(!Path::new("pwned").exists());
}

/// SIGINT at any moment of `exasm lower`: the final outputs are absent or complete, never half
/// written (writing is temporary file + rename), and no temporary file is left behind.
#[test]
fn lower_interrupted_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    // A large input, so the run lasts long enough to be interrupted at many points.
    let mut big = String::from("#include <stdio.h>\n");
    for i in 0..1500 {
        big.push_str(&format!("int f{i}(int x) {{ int y; __asm__(\"leal {i}(%1), %0\" : \"=r\"(y) : \"r\"(x)); return y; }}\n"));
    }
    big.push_str("int main(void) { printf(\"%d\\n\", f7(1)); return 0; }\n");
    std::fs::write(dir.path().join("big.c"), &big).unwrap();
    // The complete outputs, for comparison.
    let o = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "big.c", "-o", "ref.c", "--asm", "ref.s"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let (ref_c, ref_s) = (std::fs::read(dir.path().join("ref.c")).unwrap(), std::fs::read(dir.path().join("ref.s")).unwrap());
    let start = std::time::Instant::now();
    let _ = run(Command::new(exasm()).current_dir(dir.path()).args(["lower", "big.c", "-o", "t.c", "--asm", "t.s"]));
    let full = start.elapsed();
    let _ = std::fs::remove_file(dir.path().join("t.c"));
    let _ = std::fs::remove_file(dir.path().join("t.s"));
    let steps = 25u32;
    let (mut interrupted, mut completed) = (0, 0);
    for k in 0..steps {
        let delay = full * k / steps;
        let mut child = Command::new(exasm()).current_dir(dir.path()).args(["lower", "big.c", "-o", "out.c", "--asm", "out.s"]).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
        let status = child.wait().unwrap();
        let (c, s) = (dir.path().join("out.c"), dir.path().join("out.s"));
        if status.success() {
            completed += 1;
        } else {
            interrupted += 1;
        }
        match (c.exists(), s.exists()) {
            (false, false) => {}
            (true, true) => {
                assert_eq!(std::fs::read(&c).unwrap(), ref_c, "out.c is incomplete after SIGINT at {delay:?}");
                assert_eq!(std::fs::read(&s).unwrap(), ref_s, "out.s is incomplete after SIGINT at {delay:?}");
            }
            (true, false) | (false, true) => {
                // The renames are the last step: an interrupt between them leaves the first
                // output complete and the second absent.
                let (p, want) = if c.exists() { (&c, &ref_c) } else { (&s, &ref_s) };
                assert_eq!(&std::fs::read(p).unwrap(), want, "{} is incomplete after SIGINT at {delay:?}", p.display());
            }
        }
        let left: Vec<String> = listing(dir.path()).into_iter().filter(|n| n.contains(".exasm-") || n.ends_with(".tmp")).collect();
        assert!(left.is_empty(), "SIGINT at {delay:?} left temporary files {left:?}");
        let _ = std::fs::remove_file(&c);
        let _ = std::fs::remove_file(&s);
    }
    assert!(interrupted > 0, "no run was interrupted ({completed} completed): the input is too small");
}

/// SIGINT to `exasm cc` mid-build (sent to exasm alone, as `kill -INT` does; a terminal would
/// also interrupt the tool it runs): it stops after the running step, removes its temporary
/// directory and exits 130, with no output file.
#[test]
fn cc_interrupted_removes_its_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    std::fs::write(dir.path().join("a.c"), VALID).unwrap();
    let (mut interrupted, mut completed) = (0, 0);
    for delay_ms in [50u64, 150, 300, 600] {
        let mut child = Command::new(exasm())
            .current_dir(dir.path())
            .env("TMPDIR", &tmp)
            .args(["cc", "--backend", "rust", "-O2", "-o", "prog", "a.c"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
        let status = child.wait().unwrap();
        if status.success() {
            completed += 1;
            assert!(dir.path().join("prog").is_file());
        } else {
            interrupted += 1;
            // 130 once exasm catches interrupts; killed by SIGINT if it came before that (at
            // start-up, when there is nothing to clean up yet).
            use std::os::unix::process::ExitStatusExt;
            assert!(status.code() == Some(130) || status.signal() == Some(2), "exit status after SIGINT at {delay_ms} ms: {status}");
            assert!(!dir.path().join("prog").exists(), "an interrupted build left its output");
        }
        assert!(listing(&tmp).is_empty(), "SIGINT at {delay_ms} ms left {:?} in TMPDIR", listing(&tmp));
        let _ = std::fs::remove_file(dir.path().join("prog"));
    }
    assert!(interrupted > 0, "no build was interrupted ({completed} completed)");
}
