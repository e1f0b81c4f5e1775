//! Shared helpers for the differential tests: running gcc and reading what it printed.

use std::path::Path;
use std::process::Command;

/// What one gcc run produced.
pub struct GccRun {
    /// Exit status was zero.
    pub ok: bool,
    /// Assembly output (`-S`), empty on failure.
    pub asm: String,
    /// Diagnostics, one `file:line:col: kind: message` line each (C locale, ASCII quotes).
    pub diagnostics: Vec<String>,
}

/// Compiles C source with `gcc -S` and the given flags.
pub mod windows;

pub fn gcc_s(dir: &Path, name: &str, source: &str, flags: &[&str]) -> GccRun {
    let c = dir.join(format!("{name}.c"));
    let s = dir.join(format!("{name}.s"));
    std::fs::write(&c, source).expect("write C source");
    let out = Command::new("gcc")
        .args(flags)
        .arg("-S")
        .arg(&c)
        .arg("-o")
        .arg(&s)
        .env("LC_ALL", "C")
        .output()
        .expect("gcc must be installed: the tests use it as the oracle");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let diagnostics = stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).map(str::to_string).collect();
    GccRun { ok: out.status.success(), asm: std::fs::read_to_string(&s).unwrap_or_default(), diagnostics }
}

/// The text gcc emits for each asm statement: adjacent statements share one `#APP` block, each
/// after its own `# LINE "file" 1` marker.
pub fn app_statements(asm: &str) -> Vec<String> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut inside = false;
    for line in asm.lines() {
        match line.trim() {
            "#APP" => inside = true,
            "#NO_APP" => inside = false,
            // `# 9 "file" 1` opens a statement; `# 0 "" 2` closes it.
            l if inside && l.starts_with("# ") && l.contains('"') && l.ends_with(" 1") => out.push(Vec::new()),
            l if inside && l.starts_with("# ") && l.contains('"') => {}
            _ if inside => out.last_mut().expect("a marker opens each statement").push(line.strip_prefix('\t').unwrap_or(line)),
            _ => {}
        }
    }
    out.into_iter().map(|lines| lines.join("\n")).collect()
}

/// The text of each `#APP` ... `#NO_APP` block, in order, with gcc's `# 1 "file"` markers and
/// the leading tab removed (one string per asm statement, lines joined by `\n`).
pub fn app_blocks(asm: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur: Option<Vec<&str>> = None;
    for line in asm.lines() {
        match line.trim() {
            "#APP" => cur = Some(Vec::new()),
            "#NO_APP" => blocks.push(cur.take().unwrap_or_default().join("\n")),
            _ => {
                if let Some(c) = cur.as_mut() {
                    if !(line.starts_with("# ") && line.contains('"')) {
                        c.push(line.strip_prefix('\t').unwrap_or(line));
                    }
                }
            }
        }
    }
    blocks
}

/// The message of a gcc diagnostic line (after `error: ` or `warning: `), with the option
/// suffix (` [-Wfoo]`) removed.
pub fn message_of(line: &str) -> String {
    let m = line.split_once(": error: ").or_else(|| line.split_once(": warning: ")).map_or(line, |(_, m)| m);
    match m.rfind(" [-W") {
        Some(i) if m.ends_with(']') => m[..i].to_string(),
        _ => m.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// C samples: header tags, running programs with a time limit, locating the `exasm` binary.
// ---------------------------------------------------------------------------------------------

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The repository root (the parent of `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Every C file of `tests/corpus/{valid,invalid,optdep}`, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = ["valid", "invalid", "optdep"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    files
}

/// A C sample of `c-samples/` and the tags of its header (see `c-samples/README.md`).
#[derive(Clone, Debug)]
pub struct Sample {
    /// File stem, e.g. `guide_add`.
    pub name: String,
    /// Absolute path of the `.c` file.
    pub path: PathBuf,
    /// Words of the `/* exasm-needs: ... */` line (`int128 vector x87 intel gnu`).
    pub needs: Vec<String>,
    /// Words of the `/* exasm-dialects: ... */` line (`att intel`), empty without one.
    pub dialects: Vec<String>,
}

impl Sample {
    /// Reads the tags from the first lines of the file.
    pub fn load(path: &Path) -> std::io::Result<Sample> {
        let text = std::fs::read_to_string(path)?;
        let mut needs = Vec::new();
        let mut dialects = Vec::new();
        for line in text.lines().take(5) {
            let line = line.trim();
            let Some(body) = line.strip_prefix("/*").and_then(|l| l.strip_suffix("*/")) else { continue };
            let body = body.trim();
            if let Some(words) = body.strip_prefix("exasm-needs:") {
                needs.extend(words.split_whitespace().map(str::to_string));
            } else if let Some(words) = body.strip_prefix("exasm-dialects:") {
                dialects.extend(words.split_whitespace().map(str::to_string));
            }
        }
        let name = path.file_stem().expect("sample file name").to_string_lossy().into_owned();
        Ok(Sample { name, path: path.to_path_buf(), needs, dialects })
    }

    /// Every `*.c` of a directory, sorted by name.
    pub fn all_in(dir: &Path) -> std::io::Result<Vec<Sample>> {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "c")).collect();
        paths.sort();
        paths.iter().map(|p| Sample::load(p)).collect()
    }

    /// The sample is tagged `exasm-needs: <what>`.
    pub fn needs(&self, what: &str) -> bool {
        self.needs.iter().any(|n| n == what)
    }

    /// Whether gcc builds it with `-masm=intel`: `[false]` (AT&T only), `[true]` (tagged
    /// `intel`), or `[false, true]` (tagged `exasm-dialects: att intel`).
    pub fn intel_variants(&self) -> Vec<bool> {
        if self.needs("intel") {
            vec![true]
        } else if self.dialects.iter().any(|d| d == "intel") {
            vec![false, true]
        } else {
            vec![false]
        }
    }
}

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this status.
    Code(i32),
    /// Killed by this signal.
    Signal(i32),
    /// Ran past the time limit and was killed (with its process group).
    Timeout,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(c) => write!(f, "exit status {c}"),
            Exit::Signal(s) => write!(f, "killed by signal {s}"),
            Exit::Timeout => write!(f, "timed out"),
        }
    }
}

/// What one process did.
#[derive(Clone, Debug)]
pub struct Ran {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

impl Ran {
    /// Exited with status 0.
    pub fn success(&self) -> bool {
        self.exit == Exit::Code(0)
    }
}

/// Runs `cmd` with stdin from /dev/null and stdout/stderr into `<log_stem>.out` and
/// `<log_stem>.err` (files, so a chatty child never blocks on a full pipe), in a process group
/// of its own; after `limit` the whole group is killed (`kill -KILL -- -PGID`, so gcc's cc1/as/ld
/// go too) and the result is `Exit::Timeout`. `Err` only when the program cannot be started.
pub fn run_limited(cmd: &mut Command, log_stem: &Path, limit: Duration) -> std::io::Result<Ran> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let out_path = log_stem.with_extension("out");
    let err_path = log_stem.with_extension("err");
    let out = std::fs::File::create(&out_path)?;
    let err = std::fs::File::create(&err_path)?;
    let start = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(out).stderr(err).process_group(0).spawn()?;
    let mut pause = Duration::from_millis(2);
    let exit = loop {
        if let Some(status) = child.try_wait()? {
            break match (status.code(), status.signal()) {
                (Some(c), _) => Exit::Code(c),
                (None, Some(s)) => Exit::Signal(s),
                (None, None) => Exit::Code(-1),
            };
        }
        if start.elapsed() >= limit {
            // The child leads its own group (process_group(0)): kill the group, then reap it.
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).stdout(Stdio::null()).stderr(Stdio::null()).status();
            let _ = child.kill();
            let _ = child.wait();
            break Exit::Timeout;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    Ok(Ran { exit, stdout: std::fs::read(&out_path)?, stderr: std::fs::read(&err_path)?, elapsed })
}

/// The shell-like text of a command, for messages (`gcc -O2 -w a.c -o a`).
pub fn command_line(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        s.push(' ');
        if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"\\$`*?;&|<>()".contains(c)) {
            s.push('\'');
            s.push_str(&a.replace('\'', "'\\''"));
            s.push('\'');
        } else {
            s.push_str(&a);
        }
    }
    s
}

/// Locates the `exasm` binary for tests in this package, building it first.
///
/// Cargo sets `CARGO_BIN_EXE_<name>` only for binaries of the package under test, and
/// `exasm-tests` cannot depend on `exasm-cli`'s binary (it has no library target, and artifact
/// dependencies are unstable). So:
///
/// 1. `EXASM_BIN=/path/to/exasm` wins when set (nothing is built).
/// 2. Otherwise the test executable's own location gives the target directory and profile:
///    it is `<target-dir>/<profile-dir>/deps/<test>-<hash>`. The function runs
///    `cargo build -p exasm-cli --bin exasm --profile <P> --target-dir <target-dir>` (with the
///    `cargo` running the tests, `$CARGO`; `<P>` is `dev` for `debug/`, else the directory
///    name) — a no-op when the binary is current, a rebuild when `crates/exasm-cli` changed
///    since, so the test never runs a stale `exasm` — and returns
///    `<target-dir>/<profile-dir>/exasm`. Cargo has released the build-directory lock by the
///    time tests run, so the nested build does not wait on the outer one.
///
/// `Err` carries a message to show (with cargo's error output when the build failed).
pub fn exasm_binary() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("EXASM_BIN") {
        let p = PathBuf::from(p);
        return if p.is_file() { Ok(p) } else { Err(format!("EXASM_BIN={} is not a file", p.display())) };
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate the test executable: {e}"))?;
    let deps = exe.parent().filter(|d| d.file_name().is_some_and(|n| n == "deps"));
    let Some(profile_dir) = deps.and_then(Path::parent) else {
        return Err(format!("the test executable {} is not in <target-dir>/<profile>/deps/; set EXASM_BIN to the exasm binary", exe.display()));
    };
    let target_dir = profile_dir.parent().expect("profile dir has a parent");
    let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => "dev".to_string(),
        Some(other) => other.to_string(),
        None => return Err(format!("odd profile directory {}", profile_dir.display())),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "exasm-cli", "--bin", "exasm", "--profile", &profile])
        .arg("--manifest-path")
        .arg(repo_root().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir);
    let line = command_line(&cmd);
    let out = cmd.output().map_err(|e| format!("cannot run `{line}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("building the exasm binary failed: `{line}` ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    let bin = profile_dir.join("exasm");
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("`{line}` succeeded but {} does not exist; set EXASM_BIN", bin.display()))
    }
}

/// Whether `exasm <sub>` exists: `false` when `exasm <sub> --help` exits 2 with clap's
/// "unrecognized subcommand" error.
pub fn has_subcommand(exasm: &Path, sub: &str) -> bool {
    match Command::new(exasm).args([sub, "--help"]).env("LC_ALL", "C").output() {
        Ok(o) => !subcommand_missing(o.status.code(), &o.stderr),
        Err(_) => false,
    }
}

/// An exasm run failed because the subcommand does not exist (exit 2, "unrecognized subcommand").
pub fn subcommand_missing(code: Option<i32>, stderr: &[u8]) -> bool {
    code == Some(2) && String::from_utf8_lossy(stderr).contains("unrecognized subcommand")
}

/// The header paths of the `exasm-requires` line (alternatives split at `|`) and the package.
pub fn requirement(text: &str) -> Option<(Vec<String>, String)> {
    let line = text.lines().take(5).find_map(|l| l.trim().strip_prefix("/* exasm-requires:"))?;
    let body = line.trim_end_matches("*/").trim();
    let (paths, package) = body.split_once(' ').unwrap_or((body, ""));
    Some((paths.split('|').map(str::to_string).collect(), package.trim_matches(|c| c == '(' || c == ')' || c == ' ').to_string()))
}

/// Calls `f` on every item, `workers` items at a time, each worker taking the next item left.
pub fn parallel_each<T: Sync>(items: &[T], workers: usize, f: impl Fn(&T) + Sync) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(item) = items.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) {
                    f(item);
                }
            });
        }
    });
}
