//! Real libraries' inline asm, lowered and run: every `tests/real-programs/*.c` uses one
//! library's asm through its installed headers (Concurrency Kit, liburcu, libatomic_ops, xxHash,
//! Valgrind's client requests and function wrappers) and prints what it computed; built through
//! exasm, it must print exactly what the gcc build prints.
//!
//! For each program:
//! 1. its `/* exasm-requires: PATH[|PATH] (package) */` line names a header; when none of the
//!    paths exists the program is skipped with a notice (`scripts/test.sh` installs the packages);
//! 2. native: `gcc -O2 -w P.c -o native -lpthread`, run: the expected stdout and exit status;
//! 3. through exasm: `exasm cc -O2`, `exasm cc -O0`, `exasm cc --backend rust -O2` and
//!    `exasm cc --with chibicc -I<repo>/crates/exasm-unit/include/chibicc`, each with
//!    `-w P.c -o B -lpthread`, run, compared with native. A `/* exasm-skip: chibicc: WHY */` line
//!    skips chibicc (reported with its reason): most of these headers choose their asm only for
//!    `__GNUC__`, which chibicc does not define, or need C chibicc lacks;
//! 4. a program tagged `/* exasm-run: valgrind */` runs under `valgrind -q` in every build, so
//!    its client requests reach valgrind.
//!
//! Multi-threaded parts print totals that are exact only if the atomics are atomic. Every
//! build runs in a temporary directory, every program with a 60 s limit.
//!
//! Run: `cargo test -p exasm-tests --test real_programs -- --nocapture`.

use exasm_tests::{command_line, exasm_binary, parallel_each, repo_root, requirement, run_limited, Ran};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

/// Time limit of one build or run (valgrind and rustc are slow on a loaded machine).
const LIMIT: Duration = Duration::from_secs(60);

/// One program of `tests/real-programs/`.
struct Program {
    path: PathBuf,
    name: String,
    /// Why chibicc cannot build it, when it cannot.
    skip_chibicc: Option<String>,
    valgrind: bool,
}

impl Program {
    fn load(path: &Path) -> Program {
        let text = std::fs::read_to_string(path).expect("read the program");
        let tag = |key: &str| text.lines().take(6).find_map(|l| l.trim().strip_prefix(key).map(|r| r.trim_end_matches("*/").trim().to_string()));
        Program {
            path: path.to_path_buf(),
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            skip_chibicc: tag("/* exasm-skip: chibicc:"),
            valgrind: tag("/* exasm-run:").is_some_and(|r| r == "valgrind"),
        }
    }
}

/// The exasm builds compared with native: a name and the arguments before `-w P.c -o NAME`.
fn builds() -> Vec<(&'static str, Vec<String>)> {
    let chibicc_include = repo_root().join("crates/exasm-unit/include/chibicc");
    vec![
        ("lower-O2", vec!["cc".into(), "-O2".into()]),
        ("lower-O0", vec!["cc".into(), "-O0".into()]),
        ("rust", vec!["cc".into(), "--backend".into(), "rust".into(), "-O2".into()]),
        ("chibicc", vec!["cc".into(), "--with".into(), "chibicc".into(), format!("-I{}", chibicc_include.display())]),
    ]
}

/// Builds with `cmd` (its arguments end before `-w P.c -o OUT -lpthread`), then runs the result.
fn build_and_run(mut cmd: Command, p: &Program, dir: &Path, out: &str) -> Result<Ran, String> {
    cmd.arg("-w").arg(&p.path).arg("-o").arg(dir.join(out)).arg("-lpthread").current_dir(dir);
    let line = command_line(&cmd);
    let built = run_limited(&mut cmd, &dir.join(format!("{out}-build")), LIMIT).map_err(|e| format!("cannot run `{line}`: {e}"))?;
    if !built.success() {
        return Err(format!("`{line}`: {}\n{}", built.exit, String::from_utf8_lossy(&built.stderr)));
    }
    let mut run = if p.valgrind {
        let mut c = Command::new("valgrind");
        c.arg("-q").arg(dir.join(out));
        c
    } else {
        Command::new(dir.join(out))
    };
    run.current_dir(dir);
    run_limited(&mut run, &dir.join(format!("{out}-run")), LIMIT).map_err(|e| format!("cannot run {out}: {e}"))
}

#[test]
fn real_programs_print_what_gcc_builds_print() {
    let dir = repo_root().join("tests/real-programs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).expect("tests/real-programs").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect();
    paths.sort();
    assert!(paths.len() >= 6, "tests/real-programs lost programs: {paths:?}");
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let have = |tool: &str| Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    let (have_valgrind, have_chibicc) = (have("valgrind"), Command::new("chibicc").arg("-E").arg("/dev/null").output().is_ok_and(|o| o.status.success()));
    let lines = Mutex::new(Vec::new());
    let failures = Mutex::new(Vec::new());
    parallel_each(&paths, 2, |path| {
        let p = Program::load(path);
        let text = std::fs::read_to_string(path).unwrap();
        let (headers, package) = requirement(&text).unwrap_or_else(|| panic!("{}: no /* exasm-requires: ... */ line", p.name));
        if !headers.iter().any(|h| Path::new(h).exists()) {
            lines.lock().unwrap().push(format!("{}: skipped: {} is not installed (apt-get install {package})", p.name, headers.join(" or ")));
            return;
        }
        if p.valgrind && !have_valgrind {
            lines.lock().unwrap().push(format!("{}: skipped: valgrind is not installed", p.name));
            return;
        }
        let scratch = tempfile::tempdir().expect("temporary directory");
        let mut gcc = Command::new("gcc");
        gcc.arg("-O2");
        let native = match build_and_run(gcc, &p, scratch.path(), "native") {
            Ok(r) => r,
            Err(e) => {
                failures.lock().unwrap().push(format!("{}: the native build fails: {e}", p.name));
                return;
            }
        };
        let mut row = vec![format!("native {}", native.exit)];
        for (name, args) in builds() {
            if name == "chibicc" {
                if let Some(why) = &p.skip_chibicc {
                    row.push(format!("{name} skipped ({why})"));
                    continue;
                }
                if !have_chibicc {
                    row.push(format!("{name} skipped (chibicc is not installed)"));
                    continue;
                }
            }
            let mut cmd = Command::new(&exasm);
            cmd.args(&args);
            match build_and_run(cmd, &p, scratch.path(), name) {
                Ok(r) if r.exit == native.exit && r.stdout == native.stdout => row.push(format!("{name} same")),
                Ok(r) => {
                    row.push(format!("{name} DIFFERS"));
                    failures.lock().unwrap().push(format!(
                        "{} {name}: {} (native {})\n--- native stdout\n{}--- {name} stdout\n{}--- {name} stderr\n{}",
                        p.name,
                        r.exit,
                        native.exit,
                        String::from_utf8_lossy(&native.stdout),
                        String::from_utf8_lossy(&r.stdout),
                        String::from_utf8_lossy(&r.stderr)
                    ));
                }
                Err(e) => {
                    row.push(format!("{name} FAILS"));
                    failures.lock().unwrap().push(format!("{} {name}: {e}", p.name));
                }
            }
        }
        lines.lock().unwrap().push(format!("{}: {}", p.name, row.join(", ")));
    });
    let mut lines = lines.into_inner().unwrap();
    lines.sort();
    for l in &lines {
        println!("real_programs: {l}");
    }
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} real-program builds differ from gcc's:\n{}", failures.len(), failures.join("\n"));
}
