//! Differential test of whole programs: every `c-samples/*.c` built natively by gcc, and built
//! through exasm, must print the same thing.
//!
//! For each sample (and, for a sample tagged `exasm-dialects: att intel`, once without and once
//! with `-masm=intel`; a sample tagged `exasm-needs: intel` only with `-masm=intel`):
//!
//! 1. native: `gcc -O2 -w [-masm=intel] S.c -o native -lpthread`, run: the expected stdout and
//!    exit status;
//! 2. lower: `exasm lower S.c -o lowered.c --asm lowered.s [-masm=intel]`, then
//!    `gcc -O2 -w lowered.c lowered.s -o lower-O2 -lpthread` and the same with `-O0`, run,
//!    compare with native;
//! 3. chibicc: `exasm cc --with chibicc -I<repo>/crates/exasm-unit/include/chibicc [-masm=intel] -o chibicc S.c`,
//!    and the Rust backend: `exasm cc --backend rust -O2 [-masm=intel] -o rust S.c` (gcc compiles the
//!    lowered C, rustc the thunks),
//!    run, compare (skipped, and reported as skipped, for samples tagged `int128`, `vector`,
//!    `x87` or `gnuc`, which chibicc cannot compile);
//! 4. tcc, for comparison only (never fails the test): `tcc -o tcc S.c -lpthread`, run,
//!    compare; Intel-syntax samples count as not matching (tcc has no `-masm=intel`).
//!
//! Every build runs in a fresh temporary directory (the sample is copied there first, so
//! nothing is ever written into `c-samples/`), two variants at a time (`EXASM_JOBS=N` to
//! change), every program with a 10 s limit (killed and reported as `TIMEOUT`). The test prints
//! a table, the details of every mismatch, a tcc summary and `N passed, M failed`, and fails
//! when a native build fails or any lower+gcc or chibicc result differs from native.
//!
//! The `exasm` binary: Cargo gives `CARGO_BIN_EXE_exasm` only to tests of `exasm-cli` itself,
//! and a dependency on `exasm-cli` would not build its binary (no library target; artifact
//! dependencies are unstable). `exasm_tests::exasm_binary` therefore runs
//! `cargo build -p exasm-cli --bin exasm` for the target directory and profile this test
//! executable was built in (a no-op when current), and uses `<target-dir>/<profile>/exasm`;
//! `EXASM_BIN=/path/to/exasm` overrides that.
//!
//! Environment:
//! - `EXASM_SAMPLE=guide_add[,feat_tied...]`: only these samples;
//! - `EXASM_HARNESS_SELFTEST=1`: checks the harness without exasm: step 2 builds the original
//!   sample with gcc (`-O2` and `-O0`), step 3 runs chibicc directly on the original sample and
//!   is reported but not judged (chibicc has no extended asm);
//! - `EXASM_KEEP=1`: keep the temporary directory (its path is printed) to rerun a build;
//! - `EXASM_JOBS=N`, `EXASM_BIN=PATH`: see above.
//!
//! Run: `cargo test -p exasm-tests --test samples_vs_gcc -- --nocapture`.

use exasm_tests::{command_line, exasm_binary, has_subcommand, repo_root, run_limited, subcommand_missing, Exit, Ran, Sample};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Time limit of a sample program.
const RUN_LIMIT: Duration = Duration::from_secs(10);
/// Time limit of one build step (gcc, exasm, chibicc, tcc).
const BUILD_LIMIT: Duration = Duration::from_secs(120);
/// Tags of samples chibicc cannot compile even with the asm lowered.
/// Sample tags chibicc cannot compile: `gnuc` marks GNU C forms it lacks (nested functions,
/// `__real__`, named address spaces, `_Float128`, old-style definitions with asm).
const CHIBICC_CANNOT: [&str; 4] = ["int128", "vector", "x87", "gnuc"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Same stdout and exit status as native.
    Ok,
    /// Different stdout.
    Diff,
    /// Same stdout, different exit status (or a signal).
    Exit,
    /// A build step failed.
    Build,
    /// The program ran past the time limit.
    Timeout,
    /// Not attempted, on purpose (tags, a missing tool).
    Skip,
    /// The exasm subcommand does not exist yet.
    NotImpl,
    /// tcc and an Intel-syntax sample.
    NoIntel,
    /// Not applicable, or not run because an earlier step failed.
    None,
}

struct Cell {
    status: Status,
    detail: String,
}

impl Cell {
    fn new(status: Status, detail: impl Into<String>) -> Cell {
        Cell { status, detail: detail.into() }
    }

    fn none() -> Cell {
        Cell::new(Status::None, "")
    }

    fn label(&self) -> &'static str {
        match self.status {
            Status::Ok => "ok",
            Status::Diff => "DIFF",
            Status::Exit => "EXIT",
            Status::Build => "BUILD",
            Status::Timeout => "TIMEOUT",
            Status::Skip => "skip",
            Status::NotImpl => "n/i",
            Status::NoIntel => "no-intel",
            Status::None => "-",
        }
    }

    /// Neither a match nor a deliberate skip.
    fn is_problem(&self) -> bool {
        !matches!(self.status, Status::Ok | Status::Skip | Status::None)
    }
}

/// One build variant of one sample.
struct Row {
    name: String,
    intel: bool,
    native: Cell,
    lower_o2: Cell,
    lower_o0: Cell,
    chibicc: Cell,
    rust: Cell,
    tcc: Cell,
}

impl Row {
    fn label(&self) -> String {
        if self.intel {
            format!("{} [intel]", self.name)
        } else {
            self.name.clone()
        }
    }

    /// Whether the row passes: native built and ran, both lower builds and (unless skipped or
    /// in self-test mode) chibicc match it. tcc never counts.
    fn passed(&self, selftest: bool) -> bool {
        self.native.status == Status::Ok
            && self.lower_o2.status == Status::Ok
            && self.lower_o0.status == Status::Ok
            && (selftest || matches!(self.chibicc.status, Status::Ok | Status::Skip))
            && (selftest || matches!(self.rust.status, Status::Ok | Status::Skip))
    }

    fn cells(&self) -> [(&'static str, &Cell); 6] {
        [
            ("gcc native", &self.native),
            ("lower+gcc -O2", &self.lower_o2),
            ("lower+gcc -O0", &self.lower_o0),
            ("chibicc", &self.chibicc),
            ("rust", &self.rust),
            ("tcc", &self.tcc),
        ]
    }
}

/// What the run needs to know, shared by the worker threads.
struct Ctx {
    selftest: bool,
    /// The exasm binary (not used in self-test mode).
    exasm: Option<PathBuf>,
    /// `exasm cc` exists.
    has_cc: bool,
    has_chibicc: bool,
    has_tcc: bool,
    chibicc_include: PathBuf,
    work: PathBuf,
}

fn tool_exists(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

/// First lines of a tool's stderr, indented, for the details.
fn excerpt(bytes: &[u8], lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: Vec<String> = text.lines().take(lines).map(|l| format!("    | {l}")).collect();
    let total = text.lines().count();
    if total > lines {
        out.push(format!("    | ... ({} more lines)", total - lines));
    }
    out.join("\n")
}

fn clip(s: &str) -> String {
    if s.chars().count() > 150 {
        format!("{}...", s.chars().take(150).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Runs one build step; `Err` is the failure cell (with the command and its stderr).
fn build(mut cmd: Command, dir: &Path, log: &str, what: &str) -> Result<(), Cell> {
    cmd.current_dir(dir).env("LC_ALL", "C");
    let line = command_line(&cmd);
    match run_limited(&mut cmd, &dir.join(log), BUILD_LIMIT) {
        Err(e) => Err(Cell::new(Status::Build, format!("{what}: cannot run `{line}`: {e}"))),
        Ok(r) if r.success() => Ok(()),
        Ok(r) => {
            let code = if let Exit::Code(c) = r.exit { Some(c) } else { None };
            let status = if subcommand_missing(code, &r.stderr) { Status::NotImpl } else { Status::Build };
            Err(Cell::new(status, format!("{what} failed ({}): `{line}`\n{}", r.exit, excerpt(&r.stderr, 20))))
        }
    }
}

/// Runs a built program under the time limit.
fn run_prog(dir: &Path, prog: &str) -> Result<Ran, Cell> {
    let mut cmd = Command::new(dir.join(prog));
    cmd.current_dir(dir);
    run_limited(&mut cmd, &dir.join(format!("{prog}.run")), RUN_LIMIT).map_err(|e| Cell::new(Status::Build, format!("cannot start {prog}: {e}")))
}

/// Compares a run with the native one.
fn compare(expected: &Ran, got: &Ran) -> Cell {
    if got.exit == Exit::Timeout {
        return Cell::new(Status::Timeout, format!("killed after {} s; stdout so far: {} bytes", RUN_LIMIT.as_secs(), got.stdout.len()));
    }
    if got.stdout != expected.stdout {
        let e = String::from_utf8_lossy(&expected.stdout);
        let g = String::from_utf8_lossy(&got.stdout);
        let (el, gl): (Vec<&str>, Vec<&str>) = (e.lines().collect(), g.lines().collect());
        let i = (0..el.len().max(gl.len())).find(|&i| el.get(i) != gl.get(i)).unwrap_or(0);
        let show = |l: Option<&&str>| l.map_or("<end of output>".to_string(), |l| format!("`{}`", clip(l)));
        let mut d = format!(
            "stdout differs at line {} (native {} lines, this {} lines):\n    native: {}\n    this:   {}",
            i + 1,
            el.len(),
            gl.len(),
            show(el.get(i)),
            show(gl.get(i))
        );
        if got.exit != expected.exit {
            d.push_str(&format!("\n    and {} (native: {})", got.exit, expected.exit));
        }
        if !got.stderr.is_empty() {
            d.push_str(&format!("\n    stderr:\n{}", excerpt(&got.stderr, 5)));
        }
        return Cell::new(Status::Diff, d);
    }
    if got.exit != expected.exit {
        let mut d = format!("same stdout, but {} (native: {})", got.exit, expected.exit);
        if !got.stderr.is_empty() {
            d.push_str(&format!("\n    stderr:\n{}", excerpt(&got.stderr, 5)));
        }
        return Cell::new(Status::Exit, d);
    }
    Cell::new(Status::Ok, "")
}

/// Builds with `cmds` (in order, all in `dir`), runs `prog`, compares with native.
fn build_run_compare(dir: &Path, steps: Vec<(Command, &str, &str)>, prog: &str, expected: &Ran) -> Cell {
    for (cmd, log, what) in steps {
        if let Err(cell) = build(cmd, dir, log, what) {
            return cell;
        }
    }
    match run_prog(dir, prog) {
        Ok(r) => compare(expected, &r),
        Err(cell) => cell,
    }
}

fn gcc(args: &[&str]) -> Command {
    let mut c = Command::new("gcc");
    c.args(args);
    c
}

/// Checks one variant of a sample.
fn check_variant(ctx: &Ctx, sample: &Sample, intel: bool, with_tcc: bool) -> Row {
    let mut row = Row {
        name: sample.name.clone(),
        intel,
        native: Cell::none(),
        lower_o2: Cell::none(),
        lower_o0: Cell::none(),
        chibicc: Cell::none(),
        rust: Cell::none(),
        tcc: Cell::none(),
    };
    let dir = ctx.work.join(if intel { format!("{}-intel", sample.name) } else { sample.name.clone() });
    std::fs::create_dir_all(&dir).expect("create the sample's build directory");
    let src_name = format!("{}.c", sample.name);
    std::fs::copy(&sample.path, dir.join(&src_name)).expect("copy the sample into the build directory");
    let src = src_name.as_str();
    let masm: &[&str] = if intel { &["-masm=intel"] } else { &[] };

    // 1. native gcc: the expected output.
    let mut native = gcc(&["-O2", "-w"]);
    native.args(masm).args([src, "-o", "native", "-lpthread"]);
    if let Err(cell) = build(native, &dir, "native-build", "gcc (native)") {
        row.native = cell;
        return row;
    }
    let expected = match run_prog(&dir, "native") {
        Err(cell) => {
            row.native = cell;
            return row;
        }
        Ok(r) if r.success() => r,
        Ok(r) => {
            let status = if r.exit == Exit::Timeout { Status::Timeout } else { Status::Exit };
            row.native = Cell::new(status, format!("the native build itself {}\n{}", r.exit, excerpt(&r.stderr, 5)));
            return row;
        }
    };
    row.native = Cell::new(Status::Ok, "");

    // 2. exasm lower, then gcc at -O2 and -O0.
    if ctx.selftest {
        for (opt, cell) in [("-O2", &mut row.lower_o2), ("-O0", &mut row.lower_o0)] {
            let prog = format!("lower{opt}");
            let mut g = gcc(&[opt, "-w"]);
            g.args(masm).args([src, "-o", &prog, "-lpthread"]);
            *cell = build_run_compare(&dir, vec![(g, &format!("{prog}-build"), "gcc (self-test stand-in for lower)")], &prog, &expected);
        }
    } else {
        let exasm = ctx.exasm.as_ref().expect("exasm binary");
        let mut lower = Command::new(exasm);
        lower.args(["lower", src, "-o", "lowered.c", "--asm", "lowered.s"]).args(masm);
        match build(lower, &dir, "lower", "exasm lower") {
            Err(cell) => {
                row.lower_o0 = Cell::new(cell.status, "see -O2");
                row.lower_o2 = cell;
            }
            Ok(()) => {
                for (opt, cell) in [("-O2", &mut row.lower_o2), ("-O0", &mut row.lower_o0)] {
                    let prog = format!("lower{opt}");
                    let g = gcc(&[opt, "-w", "lowered.c", "lowered.s", "-o", &prog, "-lpthread"]);
                    *cell = build_run_compare(&dir, vec![(g, &format!("{prog}-build"), "gcc on the lowered C")], &prog, &expected);
                }
            }
        }
    }

    // 3. chibicc through exasm cc.
    let cannot: Vec<&str> = CHIBICC_CANNOT.iter().copied().filter(|t| sample.needs(t)).collect();
    // Attached: chibicc takes `-Idir`, not `-I dir`.
    let include = format!("-I{}", ctx.chibicc_include.to_str().expect("UTF-8 repository path"));
    row.chibicc = if !cannot.is_empty() {
        Cell::new(Status::Skip, format!("chibicc cannot compile it: needs {}", cannot.join(" ")))
    } else if !ctx.has_chibicc {
        Cell::new(Status::Build, "chibicc is not installed (apt-get install chibicc)")
    } else if ctx.selftest {
        let mut c = Command::new("chibicc");
        c.args([include.as_str(), "-Wl,-z,noexecstack", "-o", "chibicc", src]);
        build_run_compare(&dir, vec![(c, "chibicc-build", "chibicc on the original (self-test, not judged)")], "chibicc", &expected)
    } else if !ctx.has_cc {
        Cell::new(Status::NotImpl, "`exasm cc` is not implemented (unrecognized subcommand)")
    } else {
        let mut c = Command::new(ctx.exasm.as_ref().expect("exasm binary"));
        c.args(["cc", "--with", "chibicc", include.as_str()]).args(masm).args(["-o", "chibicc", src]);
        build_run_compare(&dir, vec![(c, "chibicc-build", "exasm cc --with chibicc")], "chibicc", &expected)
    };

    // 3b. The Rust backend: gcc compiles the lowered C, rustc the thunks.
    row.rust = if ctx.selftest {
        Cell::new(Status::Skip, "self-test")
    } else if !ctx.has_cc {
        Cell::new(Status::NotImpl, "`exasm cc` is not implemented (unrecognized subcommand)")
    } else {
        let mut c = Command::new(ctx.exasm.as_ref().expect("exasm binary"));
        c.args(["cc", "--backend", "rust", "-O2", "-w"]).args(masm).args(["-o", "rust", src, "-lpthread"]);
        build_run_compare(&dir, vec![(c, "rust-build", "exasm cc --backend rust")], "rust", &expected)
    };

    // 4. tcc, for comparison.
    if with_tcc {
        row.tcc = if intel {
            Cell::new(Status::NoIntel, "tcc has no -masm=intel")
        } else if !ctx.has_tcc {
            Cell::new(Status::Skip, "tcc is not installed")
        } else {
            let mut t = Command::new("tcc");
            t.args(["-o", "tcc", src, "-lpthread"]);
            build_run_compare(&dir, vec![(t, "tcc-build", "tcc")], "tcc", &expected)
        };
    }
    row
}

/// Builds and runs a plain C program (no asm) with chibicc and `crates/exasm-unit/include/chibicc`, so that a
/// broken chibicc setup shows as one clear message, not as a column of build failures.
fn chibicc_preflight(ctx: &Ctx) -> Result<(), String> {
    const PROGRAM: &str = r#"#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
static int sum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
static void say(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vprintf(fmt, ap); va_end(ap); }
int main(void) { bool b = true; size_t z = sizeof(int64_t); say("%d %d %zu %s\n", sum(3, 1, 2, 3), (int)b, z, "ok"); return 0; }
"#;
    let dir = ctx.work.join("chibicc-preflight");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("pre.c"), PROGRAM).map_err(|e| e.to_string())?;
    let mut c = Command::new("chibicc");
    c.arg(format!("-I{}", ctx.chibicc_include.display())).args(["-Wl,-z,noexecstack", "-o", "pre", "pre.c"]);
    build(c, &dir, "pre-build", "chibicc").map_err(|cell| cell.detail)?;
    let r = run_prog(&dir, "pre").map_err(|cell| cell.detail)?;
    let out = String::from_utf8_lossy(&r.stdout);
    if r.success() && out == "6 1 8 ok\n" {
        Ok(())
    } else {
        Err(format!("the test program printed {out:?} and {}", r.exit))
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

fn dir_listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).expect("read c-samples/").filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect()
}

#[test]
fn samples_vs_gcc() {
    let start = Instant::now();
    let selftest = env_flag("EXASM_HARNESS_SELFTEST");
    let root = repo_root();
    let samples_dir = root.join("c-samples");
    let mut samples = Sample::all_in(&samples_dir).expect("read c-samples/");
    assert!(!samples.is_empty(), "no samples in {}", samples_dir.display());
    if let Ok(only) = std::env::var("EXASM_SAMPLE") {
        let wanted: Vec<&str> = only.split(',').map(|s| s.trim().trim_end_matches(".c")).filter(|s| !s.is_empty()).collect();
        let unknown: Vec<&&str> = wanted.iter().filter(|w| !samples.iter().any(|s| s.name == **w)).collect();
        assert!(unknown.is_empty(), "EXASM_SAMPLE names unknown samples: {unknown:?}");
        samples.retain(|s| wanted.contains(&s.name.as_str()));
    }
    assert!(tool_exists("gcc"), "gcc must be installed: it is the oracle");

    let (exasm, has_cc) = if selftest {
        println!("SELF-TEST MODE (EXASM_HARNESS_SELFTEST): exasm is not used; step 2 builds the original sample with gcc, step 3 runs chibicc directly and is not judged");
        (None, false)
    } else {
        let exasm = exasm_binary().unwrap_or_else(|e| panic!("cannot get the exasm binary: {e}"));
        if !has_subcommand(&exasm, "lower") {
            panic!(
                "`exasm lower` is not implemented yet: `{} lower --help` exits 2 with \"unrecognized subcommand\". \
                 This test needs it. To check the harness itself without exasm, run with EXASM_HARNESS_SELFTEST=1.",
                exasm.display()
            );
        }
        let has_cc = has_subcommand(&exasm, "cc");
        println!("exasm: {}{}", exasm.display(), if has_cc { "" } else { " (no `cc` subcommand yet)" });
        (Some(exasm), has_cc)
    };

    let tmp = tempfile::Builder::new().prefix("exasm-samples-").tempdir().expect("create a temporary directory");
    let ctx = Ctx {
        selftest,
        exasm,
        has_cc,
        has_chibicc: tool_exists("chibicc"),
        has_tcc: tool_exists("tcc"),
        chibicc_include: root.join("crates/exasm-unit/include/chibicc"),
        work: tmp.path().to_path_buf(),
    };
    if ctx.has_chibicc {
        chibicc_preflight(&ctx).unwrap_or_else(|e| panic!("chibicc does not build plain C here, so its column would be meaningless: {e}"));
        println!("chibicc preflight (plain C with crates/exasm-unit/include/chibicc, no asm): ok");
    }
    let before = dir_listing(&samples_dir);

    // (sample index, intel, with tcc): tcc once per sample, on its first variant.
    let jobs: Vec<(usize, bool, bool)> =
        samples.iter().enumerate().flat_map(|(i, s)| s.intel_variants().into_iter().enumerate().map(move |(k, intel)| (i, intel, k == 0))).collect();
    let threads: usize = std::env::var("EXASM_JOBS").ok().and_then(|j| j.parse().ok()).filter(|&j| j > 0).unwrap_or(2);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Row>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(jobs.len()) {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some(&(i, intel, with_tcc)) = jobs.get(k) else { break };
                let row = check_variant(&ctx, &samples[i], intel, with_tcc);
                results.lock().unwrap()[k] = Some(row);
            });
        }
    });
    let rows: Vec<Row> = results.into_inner().unwrap().into_iter().map(|r| r.expect("every job ran")).collect();

    // The table.
    let w = rows.iter().map(|r| r.label().len()).max().unwrap_or(6).max(6);
    let chibicc_head = if selftest { "chibicc*" } else { "chibicc" };
    println!();
    println!("{:<w$}  {:<8}  {:<9}  {:<9}  {:<8}  {:<8}  {:<8}", "sample", "native", "lower-O2", "lower-O0", chibicc_head, "rust", "tcc");
    for r in &rows {
        println!(
            "{:<w$}  {:<8}  {:<9}  {:<9}  {:<8}  {:<8}  {:<8}",
            r.label(),
            r.native.label(),
            r.lower_o2.label(),
            r.lower_o0.label(),
            r.chibicc.label(),
            r.rust.label(),
            r.tcc.label()
        );
    }
    if selftest {
        println!("(* self-test: chibicc on the original sample, not judged)");
    }

    // Details of everything that went wrong (tcc only when asked: it is expected to fail).
    let verbose_tcc = env_flag("EXASM_TCC_DETAILS");
    let mut details = Vec::new();
    for r in &rows {
        for (what, cell) in r.cells() {
            let judged = match what {
                "tcc" => verbose_tcc,
                "chibicc" | "rust" => !selftest,
                _ => true,
            };
            if judged && cell.is_problem() && cell.detail != "see -O2" {
                details.push(format!("{} [{what}] {}: {}", r.label(), cell.label(), cell.detail));
            }
        }
    }
    if !details.is_empty() {
        println!("\nDetails:");
        for d in &details {
            println!("- {d}");
        }
    }

    // Summaries.
    let skipped: Vec<String> = rows.iter().filter(|r| r.chibicc.status == Status::Skip).map(Row::label).collect();
    if !skipped.is_empty() {
        println!("\nchibicc skipped ({}): {}", skipped.len(), skipped.join(", "));
    }
    let tcc_rows: Vec<&Row> = rows.iter().filter(|r| r.tcc.status != Status::None).collect();
    let tcc_ok = tcc_rows.iter().filter(|r| r.tcc.status == Status::Ok).count();
    eprintln!("tcc: {tcc_ok} of {} samples match gcc", tcc_rows.len());
    let failed: Vec<String> = rows.iter().filter(|r| !r.passed(selftest)).map(Row::label).collect();
    let passed = rows.len() - failed.len();
    println!("{passed} passed, {} failed ({:.1} s{})", failed.len(), start.elapsed().as_secs_f64(), if selftest { ", self-test" } else { "" });

    if env_flag("EXASM_KEEP") {
        println!("build directory kept: {}", tmp.keep().display());
    }
    assert_eq!(before, dir_listing(&samples_dir), "the harness must not write into c-samples/");
    if !selftest && !has_cc {
        panic!("`exasm cc` is not implemented yet (unrecognized subcommand): the chibicc column cannot be checked; {passed} passed, {} failed", failed.len());
    }
    let missing: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| [(&r.lower_o2, "`exasm lower`"), (&r.chibicc, "`exasm cc`"), (&r.rust, "`exasm cc --backend rust`")])
        .filter(|(c, _)| c.status == Status::NotImpl)
        .map(|(_, what)| what)
        .collect();
    let missing = if missing.is_empty() {
        String::new()
    } else {
        format!(" ({} not implemented: unrecognized subcommand)", missing.into_iter().collect::<Vec<_>>().join(" and "))
    };
    assert!(failed.is_empty(), "{} of {} sample builds differ from gcc native{missing}: {}", failed.len(), rows.len(), failed.join(", "));
}
