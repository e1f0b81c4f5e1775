//! `exasm-difftest`: random differential testing of exasm against gcc.
//!
//! ```text
//! exasm-difftest [--seed S] [--count N] [--start I] [--jobs J] [--bundle B] [--keep DIR]
//!                [--variants lower,lower-O0,chibicc,rust]
//! exasm-difftest --windows [--seed S] [--count N] ...   # Win64, under Wine: --variants win-gas,win-nasm
//! exasm-difftest gen --seed S --index I      # print program I of seed S
//! ```
//!
//! Program `I` of seed `S` is one random asm statement in a self-checking C function (see
//! `gen.rs`); it depends on `(S, I)` alone. For speed, up to `B` programs (default 25) of the
//! same dialect share one translation unit, each called through a volatile function pointer.
//! Each unit is built with `gcc -O2` (the oracle) and four ways through exasm:
//!
//! - `lower`, `lower-O0`: `exasm lower U.c -O2 -o l.c --asm l.s`, then `gcc -O2` (`-O0`)
//!   `l.c l.s`;
//! - `chibicc`: `exasm cc --with chibicc -O2`;
//! - `rust`: `exasm cc --backend rust -O2` (rustc compiles the thunks).
//!
//! With `--windows` the oracle is `x86_64-w64-mingw32-gcc -O2` and the variants are `win-gas`
//! (`exasm lower --target x86_64-w64-mingw32`, MinGW gcc on the C and the GAS thunks) and
//! `win-nasm` (the same with `--asm-syntax nasm` and `nasm -f win64`); the unit's text is first
//! ported to LLP64 (`exasm_tests::windows::port_to_llp64`), and every program runs under Wine
//! (one prefix for the run, one Wine invocation per executable).
//!
//! Every program's printed lines are compared with gcc's. A unit that does not build or
//! crashes is split into single programs to find the culprit. A program gcc rejects, or whose
//! native build crashes, is a generator bug: it is skipped and counted. Each mismatch is
//! written as a standalone program with its details to `--keep DIR` (default
//! `$TMPDIR/exasm-difftest-failures`). Exit status 1 when any program mismatched.
//!
//! `EXASM_BIN` names the exasm binary; otherwise the `exasm` next to this executable is used
//! (built first with cargo when missing).

mod gen;

use exasm_tests::{command_line, run_limited, Exit, Ran};
use gen::{generate, program, Case};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const RUN_LIMIT: Duration = Duration::from_secs(10);
const BUILD_LIMIT: Duration = Duration::from_secs(120);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Variant {
    Lower,
    LowerO0,
    Chibicc,
    Rust,
    WinGas,
    WinNasm,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Lower => "lower+gcc",
            Variant::LowerO0 => "lower+gcc-O0",
            Variant::Chibicc => "chibicc",
            Variant::Rust => "rust",
            Variant::WinGas => "win-gas",
            Variant::WinNasm => "win-nasm",
        }
    }
}

struct Options {
    seed: u64,
    count: u64,
    start: u64,
    jobs: usize,
    bundle: usize,
    keep: PathBuf,
    variants: Vec<Variant>,
    quiet: bool,
    /// Win64 under Wine, MinGW gcc the oracle.
    windows: bool,
}

struct Ctx {
    exasm: PathBuf,
    chibicc_include: PathBuf,
    work: PathBuf,
    opts: Options,
    /// The Wine prefix of a `--windows` run.
    wine: Option<exasm_tests::windows::Wine>,
}

/// What happened to one program.
#[derive(Debug)]
enum Outcome {
    Ok,
    /// gcc rejected it: a generator bug.
    GccRejected(String),
    /// The native build crashed or timed out: a generator bug.
    NativeBad(String),
    /// exasm differs from gcc.
    Mismatch(Vec<(Variant, String)>),
}

#[derive(Default)]
struct Tally {
    ok: usize,
    rejected: Vec<(u64, String)>,
    native_bad: Vec<(u64, String)>,
    mismatches: Vec<(u64, Variant, String)>,
    done: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("gen") {
        let (seed, index) = (arg_u64(&args, "--seed").unwrap_or(1), arg_u64(&args, "--index").unwrap_or(0));
        let case = generate(seed, index);
        if case.intel {
            println!("/* build with -masm=intel */");
        }
        print!("{}", program(&[(index, &case)]));
        return;
    }
    let opts = match parse_options(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("exasm-difftest: {e}");
            std::process::exit(2);
        }
    };
    let exasm = match locate_exasm() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("exasm-difftest: {e}");
            std::process::exit(2);
        }
    };
    let work = tempfile::Builder::new().prefix("exasm-difftest").tempdir().expect("temporary directory");
    let wine = if opts.windows {
        if let Some(why) = exasm_tests::windows::missing(&exasm_tests::windows::TOOLS) {
            eprintln!("exasm-difftest: --windows needs {why}");
            std::process::exit(2);
        }
        match exasm_tests::windows::Wine::new() {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!("exasm-difftest: {e}");
                std::process::exit(2);
            }
        }
    } else {
        None
    };
    let ctx = Ctx { exasm, chibicc_include: exasm_tests::repo_root().join("crates/exasm-unit/include/chibicc"), work: work.path().to_path_buf(), opts, wine };
    let code = run(&ctx);
    drop(ctx.wine);
    if std::env::var_os("EXASM_KEEP").is_some() {
        let kept = work.keep();
        eprintln!("work directory kept: {}", kept.display());
    } else {
        // process::exit runs no destructors: remove the work directory first.
        drop(work);
    }
    std::process::exit(code);
}

fn arg_u64(args: &[String], name: &str) -> Option<u64> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        seed: 1,
        count: 100,
        start: 0,
        jobs: 2,
        bundle: 25,
        keep: std::env::temp_dir().join("exasm-difftest-failures"),
        variants: vec![Variant::Lower, Variant::LowerO0, Variant::Chibicc, Variant::Rust],
        quiet: false,
        windows: false,
    };
    let mut variants_given = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut val = || -> Result<String, String> {
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("missing value after {a}"))
        };
        let num = |s: String| s.parse::<u64>().map_err(|e| format!("{a}: {e}"));
        match a {
            "--seed" => o.seed = num(val()?)?,
            "--count" => o.count = num(val()?)?,
            "--start" => o.start = num(val()?)?,
            "--jobs" => o.jobs = num(val()?)?.max(1) as usize,
            "--bundle" => o.bundle = num(val()?)?.max(1) as usize,
            "--keep" => o.keep = PathBuf::from(val()?),
            "--quiet" => o.quiet = true,
            "--windows" => o.windows = true,
            "--variants" => {
                variants_given = true;
                o.variants = val()?
                    .split(',')
                    .map(|v| match v {
                        "lower" => Ok(Variant::Lower),
                        "lower-O0" => Ok(Variant::LowerO0),
                        "chibicc" => Ok(Variant::Chibicc),
                        "rust" => Ok(Variant::Rust),
                        "win-gas" => Ok(Variant::WinGas),
                        "win-nasm" => Ok(Variant::WinNasm),
                        _ => Err(format!("unknown variant {v}")),
                    })
                    .collect::<Result<_, _>>()?
            }
            _ => return Err(format!("unknown argument {a}")),
        }
        i += 1;
    }
    if o.windows && !variants_given {
        o.variants = vec![Variant::WinGas, Variant::WinNasm];
    }
    let windows_variant = |v: &Variant| matches!(v, Variant::WinGas | Variant::WinNasm);
    if o.variants.iter().any(|v| windows_variant(v) != o.windows) {
        return Err("win-gas and win-nasm go with --windows, and only they".into());
    }
    Ok(o)
}

/// `EXASM_BIN`, else the `exasm` beside this executable (built with cargo when missing).
fn locate_exasm() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("EXASM_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = exe.parent().ok_or("no executable directory")?;
    let dir = if dir.file_name().is_some_and(|n| n == "deps") { dir.parent().ok_or("no profile directory")? } else { dir };
    let bin = dir.join("exasm");
    let profile = match dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => "dev".to_string(),
        Some(p) => p.to_string(),
        None => "release".to_string(),
    };
    let target = dir.parent().ok_or("no target directory")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "exasm-cli", "--bin", "exasm", "--profile", &profile])
        .arg("--manifest-path")
        .arg(exasm_tests::repo_root().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .status();
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("cannot find or build {} ({status:?}); set EXASM_BIN", bin.display()))
    }
}

fn run(ctx: &Ctx) -> i32 {
    let o = &ctx.opts;
    let started = Instant::now();
    // Generate, then group consecutive programs of one dialect into units.
    let cases: Vec<(u64, Case)> = (o.start..o.start + o.count).map(|i| (i, generate(o.seed, i))).collect();
    let mut units: Vec<Vec<usize>> = Vec::new();
    for intel in [false, true] {
        for int128 in [false, true] {
            let idx: Vec<usize> = (0..cases.len()).filter(|&k| cases[k].1.intel == intel && cases[k].1.int128 == int128).collect();
            for chunk in idx.chunks(o.bundle) {
                units.push(chunk.to_vec());
            }
        }
    }
    let next = AtomicUsize::new(0);
    let tally = Mutex::new(Tally::default());
    std::thread::scope(|s| {
        for _ in 0..o.jobs {
            s.spawn(|| loop {
                let u = next.fetch_add(1, Ordering::SeqCst);
                let Some(unit) = units.get(u) else { break };
                let set: Vec<&(u64, Case)> = unit.iter().map(|&k| &cases[k]).collect();
                let dir = ctx.work.join(format!("u{u}"));
                // chibicc has no `__int128`.
                let variants: Vec<Variant> = o.variants.iter().copied().filter(|v| *v != Variant::Chibicc || !set[0].1.int128).collect();
                let results = check_set(ctx, &dir, &set, &variants);
                let mut t = tally.lock().expect("tally");
                for (id, r) in results {
                    t.done += 1;
                    match r {
                        Outcome::Ok => t.ok += 1,
                        Outcome::GccRejected(m) => {
                            let case = &cases.iter().find(|c| c.0 == id).expect("case").1;
                            let _ = std::fs::create_dir_all(&o.keep);
                            let _ = std::fs::write(o.keep.join(format!("rejected_s{}_p{id}.c", o.seed)), program(&[(id, case)]));
                            t.rejected.push((id, m))
                        }
                        Outcome::NativeBad(m) => t.native_bad.push((id, m)),
                        Outcome::Mismatch(ms) => {
                            let case = &cases.iter().find(|c| c.0 == id).expect("case").1;
                            for (v, detail) in ms {
                                save_failure(ctx, id, case, v, &detail);
                                eprintln!("MISMATCH seed {} program {id} ({}): {}\n{}", o.seed, v.name(), case.summary, clip(&detail, 40));
                                t.mismatches.push((id, v, detail));
                            }
                        }
                    }
                }
                if !o.quiet {
                    eprintln!("[{:>6.1}s] {}/{} programs, {} mismatches, {} gcc-rejected", started.elapsed().as_secs_f64(), t.done, cases.len(), t.mismatches.len(), t.rejected.len());
                }
                let _ = std::fs::remove_dir_all(&dir);
            });
        }
    });
    let t = tally.into_inner().expect("tally");
    println!("exasm-difftest: seed {} programs {}..{}: {} checked, {} ok, {} mismatches, {} rejected by gcc (generator bugs), {} bad natively (generator bugs), {:.1}s",
        o.seed, o.start, o.start + o.count, t.done, t.ok, t.mismatches.len(), t.rejected.len(), t.native_bad.len(), started.elapsed().as_secs_f64());
    for (id, m) in &t.rejected {
        let why: Vec<&str> = m.lines().filter(|l| l.contains("rror")).collect();
        println!("  gcc rejected program {id}: {}", why.join(" | "));
    }
    for (id, m) in &t.native_bad {
        println!("  native build bad, program {id}: {}", clip(m, 3));
    }
    let mut by_variant: BTreeMap<Variant, Vec<u64>> = BTreeMap::new();
    for (id, v, _) in &t.mismatches {
        by_variant.entry(*v).or_default().push(*id);
    }
    for (v, ids) in &by_variant {
        println!("  {} mismatches: programs {:?} (reproducers in {})", v.name(), ids, o.keep.display());
    }
    if t.mismatches.is_empty() { 0 } else { 1 }
}

fn clip(s: &str, lines: usize) -> String {
    let v: Vec<&str> = s.lines().collect();
    if v.len() <= lines {
        s.trim_end().to_string()
    } else {
        format!("{}\n... ({} more lines)", v[..lines].join("\n"), v.len() - lines)
    }
}

fn save_failure(ctx: &Ctx, id: u64, case: &Case, v: Variant, detail: &str) {
    let dir = &ctx.opts.keep;
    let _ = std::fs::create_dir_all(dir);
    let stem = format!("s{}_p{id}_{}", ctx.opts.seed, match v {
        Variant::Lower => "lower",
        Variant::LowerO0 => "lower-O0",
        Variant::Chibicc => "chibicc",
        Variant::Rust => "rust",
        Variant::WinGas => "win-gas",
        Variant::WinNasm => "win-nasm",
    });
    let _ = std::fs::write(dir.join(format!("{stem}.c")), unit_text(ctx, &[(id, case)]));
    let _ = std::fs::write(dir.join(format!("{stem}.txt")), format!("seed {} program {id}{}\n{detail}\n", ctx.opts.seed, if case.intel { " (-masm=intel)" } else { "" }));
}

/// Per-program output lines: `c<id> ...` lines grouped by id.
fn lines_by_case(stdout: &[u8]) -> BTreeMap<u64, Vec<String>> {
    let mut m: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut last = None;
    for line in String::from_utf8_lossy(stdout).lines() {
        let id = line.strip_prefix('c').and_then(|r| r.split(' ').next()).and_then(|n| n.parse::<u64>().ok());
        let id = id.or(last);
        if let Some(id) = id {
            m.entry(id).or_default().push(line.to_string());
            last = Some(id);
        }
    }
    m
}

/// A unit's C: the programs, ported to LLP64 for Windows.
fn unit_text(ctx: &Ctx, cases: &[(u64, &Case)]) -> String {
    let text = program(cases);
    if ctx.opts.windows {
        exasm_tests::windows::port_to_llp64(&text)
    } else {
        text
    }
}

/// Runs a built program: natively, or under Wine for Windows.
fn run_program(ctx: &Ctx, dir: &Path, exe: &str, log: &str) -> Ran {
    match &ctx.wine {
        Some(wine) => match wine.run(&dir.join(format!("{exe}.exe")), &dir.join(log), RUN_LIMIT) {
            Ok(r) => r,
            Err(e) => Ran { exit: Exit::Code(127), stdout: Vec::new(), stderr: format!("cannot run wine: {e}").into_bytes(), elapsed: Duration::ZERO },
        },
        None => exec(&mut Command::new(dir.join(exe)), dir, log, RUN_LIMIT),
    }
}

fn exec(cmd: &mut Command, dir: &Path, log: &str, limit: Duration) -> Ran {
    cmd.current_dir(dir).env("LC_ALL", "C");
    match run_limited(cmd, &dir.join(log), limit) {
        Ok(r) => r,
        Err(e) => Ran { exit: Exit::Code(127), stdout: Vec::new(), stderr: format!("cannot run {}: {e}", command_line(cmd)).into_bytes(), elapsed: Duration::ZERO },
    }
}

fn failure_text(what: &str, cmd_line: &str, r: &Ran) -> String {
    format!("{what} failed ({}): {cmd_line}\n{}", r.exit, String::from_utf8_lossy(&r.stderr))
}

/// Builds and compares a set of programs; splits into single programs when a whole-unit
/// step fails, so each outcome names its program.
fn check_set(ctx: &Ctx, dir: &Path, set: &[&(u64, Case)], variants: &[Variant]) -> Vec<(u64, Outcome)> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("unit directory");
    let intel = set.first().is_some_and(|c| c.1.intel);
    let masm: &[&str] = if intel { &["-masm=intel"] } else { &[] };
    let pairs: Vec<(u64, &Case)> = set.iter().map(|c| (c.0, &c.1)).collect();
    std::fs::write(dir.join("u.c"), unit_text(ctx, &pairs)).expect("write unit");
    let gcc = if ctx.opts.windows { exasm_tests::windows::MINGW_GCC } else { "gcc" };
    let out = |exe: &str| if ctx.opts.windows { format!("{exe}.exe") } else { exe.to_string() };
    let split = |variants: &[Variant]| -> Vec<(u64, Outcome)> {
        let mut out = Vec::new();
        for (k, c) in set.iter().enumerate() {
            out.extend(check_set(ctx, &dir.join(format!("p{k}")), &[*c], variants));
        }
        out
    };

    // 1. gcc, the oracle.
    let mut g = Command::new(gcc);
    g.args(["-O2", "-w"]).args(masm).args(["u.c", "-o", &out("native")]);
    let line = command_line(&g);
    let r = exec(&mut g, dir, "native-build", BUILD_LIMIT);
    if !r.success() {
        if set.len() > 1 {
            return split(variants);
        }
        return vec![(set[0].0, Outcome::GccRejected(failure_text("gcc", &line, &r)))];
    }
    let r = run_program(ctx, dir, "native", "native-run");
    if !r.success() {
        if set.len() > 1 {
            return split(variants);
        }
        return vec![(set[0].0, Outcome::NativeBad(format!("native program {}", r.exit)))];
    }
    let expected = lines_by_case(&r.stdout);

    // 2. exasm, each way.
    let mut mismatches: BTreeMap<u64, Vec<(Variant, String)>> = BTreeMap::new();
    let mut to_split: Vec<Variant> = Vec::new();
    for &v in variants {
        let exe = format!("prog-{}", v.name());
        let steps: Vec<Command> = match v {
            Variant::Lower | Variant::LowerO0 => {
                let mut l = Command::new(&ctx.exasm);
                // -O2 as the oracle was built: gcc's rules change with it (rbp is free only
                // when optimizing, constants propagate).
                l.args(["lower", "u.c", "-O2", "-o", "l.c", "--asm", "l.s"]).args(masm);
                let mut g = Command::new("gcc");
                g.args([if v == Variant::Lower { "-O2" } else { "-O0" }, "-w", "l.c", "l.s", "-o", &exe]);
                vec![l, g]
            }
            Variant::Chibicc => {
                let mut c = Command::new(&ctx.exasm);
                c.args(["cc", "--with", "chibicc", "-O2"]).arg(format!("-I{}", ctx.chibicc_include.display())).args(masm).args(["-o", &exe, "u.c"]);
                vec![c]
            }
            Variant::Rust => {
                let mut c = Command::new(&ctx.exasm);
                c.args(["cc", "--backend", "rust", "-O2", "-w"]).args(masm).args(["-o", &exe, "u.c"]);
                vec![c]
            }
            Variant::WinGas | Variant::WinNasm => {
                let nasm = v == Variant::WinNasm;
                let mut l = Command::new(&ctx.exasm);
                l.args(["lower", "--target", "x86_64-w64-mingw32", "u.c", "-O2", "-o", "l.c", "--asm", if nasm { "l.asm" } else { "l.s" }]).args(masm);
                if nasm {
                    l.args(["--asm-syntax", "nasm"]);
                }
                let mut steps = vec![l];
                let thunks = if nasm {
                    let mut n = Command::new("nasm");
                    n.args(["-f", "win64", "l.asm", "-o", "l-asm.o"]);
                    steps.push(n);
                    "l-asm.o"
                } else {
                    "l.s"
                };
                let mut g = Command::new(gcc);
                g.args(["-O2", "-w", "l.c", thunks, "-o", &out(&exe)]);
                steps.push(g);
                steps
            }
        };
        let mut failed = None;
        for (k, mut step) in steps.into_iter().enumerate() {
            let line = command_line(&step);
            let r = exec(&mut step, dir, &format!("{exe}-step{k}"), BUILD_LIMIT);
            if !r.success() {
                failed = Some(failure_text("build", &line, &r));
                break;
            }
            // exasm must not print anything about a statement gcc accepts silently.
            if k == 0 && matches!(v, Variant::Lower | Variant::LowerO0 | Variant::WinGas | Variant::WinNasm) && !r.stderr.is_empty() {
                failed = Some(format!("unexpected diagnostics from {line}:\n{}", String::from_utf8_lossy(&r.stderr)));
                break;
            }
        }
        if let Some(f) = failed {
            if set.len() > 1 {
                to_split.push(v);
            } else {
                mismatches.entry(set[0].0).or_default().push((v, f));
            }
            continue;
        }
        let r = run_program(ctx, dir, &exe, &format!("{exe}-run"));
        if !r.success() {
            if set.len() > 1 {
                to_split.push(v);
            } else {
                let got = String::from_utf8_lossy(&r.stdout);
                mismatches.entry(set[0].0).or_default().push((v, format!("program {}\nstderr: {}\nstdout so far:\n{got}", r.exit, String::from_utf8_lossy(&r.stderr))));
            }
            continue;
        }
        let got = lines_by_case(&r.stdout);
        for c in set {
            let e = expected.get(&c.0);
            let g = got.get(&c.0);
            if e != g {
                let e = e.map(|v| v.join("\n")).unwrap_or_default();
                let g = g.map(|v| v.join("\n")).unwrap_or_default();
                mismatches.entry(c.0).or_default().push((v, format!("gcc printed:\n{e}\n{} printed:\n{g}", v.name())));
            }
        }
    }
    let mut out: Vec<(u64, Outcome)> = Vec::new();
    let mut split_results: BTreeMap<u64, Outcome> = BTreeMap::new();
    if !to_split.is_empty() {
        for (id, o) in split(&to_split) {
            split_results.insert(id, o);
        }
    }
    for c in set {
        let mut ms = mismatches.remove(&c.0).unwrap_or_default();
        match split_results.remove(&c.0) {
            Some(Outcome::Mismatch(more)) => ms.extend(more),
            Some(other @ (Outcome::GccRejected(_) | Outcome::NativeBad(_))) => {
                out.push((c.0, other));
                continue;
            }
            _ => {}
        }
        out.push((c.0, if ms.is_empty() { Outcome::Ok } else { Outcome::Mismatch(ms) }));
    }
    out
}
