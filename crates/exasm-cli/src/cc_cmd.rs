//! `exasm cc`: a drop-in C compiler driver for compilers without inline asm.
//!
//! Each C input is preprocessed with the compiler, lowered, compiled by the compiler, and its
//! thunks assembled with `as`; `-c` merges both into one object (`ld -r`), so builds that expect
//! one `.o` per `.c` keep working. Nothing goes through a shell.

use crate::gccflags;
use crate::lower_cmd::{same_file, HeldSignals};
use crate::report::{self, os_message};
use exasm_unit as unit;
use unit::compilers::accepts;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Mode {
    Link,
    Compile,
    Assemble,
    Preprocess,
    SyntaxOnly,
}

/// The compiler family: what it takes of GNU C and of gcc's flags.
type Family = unit::CCompiler;

/// An input file and the language `-x` gave it (`None`: by its suffix, as gcc decides).
struct Input {
    /// The path; `-` is standard input.
    path: PathBuf,
    lang: Option<String>,
}

impl Input {
    /// C that exasm lowers: `-x c`, `-x cpp-output`, or a `.c` or `.i` file.
    fn is_c(&self) -> bool {
        match self.lang.as_deref() {
            Some(l) => l == "c" || l == "cpp-output",
            None => matches!(self.path.extension().and_then(|e| e.to_str()), Some("c" | "i")),
        }
    }

    /// C preprocessed already (`-x cpp-output`, or a `.i` file): lowered as it is.
    fn is_preprocessed(&self) -> bool {
        match self.lang.as_deref() {
            Some(l) => l == "cpp-output",
            None => self.path.extension().is_some_and(|e| e == "i"),
        }
    }

    /// The base name without directory and suffix: gcc's default output name stem.
    fn stem(&self) -> String {
        if self.path.as_os_str() == "-" {
            return "-".into();
        }
        self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("out").to_string()
    }
}

/// Dependency output (`-M`, `-MM`, `-MD`, `-MMD` and their companions).
#[derive(Default)]
struct Deps {
    /// `-MD` or `-MMD`: dependencies written beside compiling.
    beside: Option<String>,
    /// `-M` or `-MM`: dependencies instead of compiling (implies `-E`).
    instead: Option<String>,
    /// `-MF FILE`.
    file: Option<String>,
    /// `-MT T` / `-MQ T`, in order, as flag pairs.
    targets: Vec<String>,
    /// `-MP`, `-MG`.
    other: Vec<String>,
}

impl Deps {
    /// The flags as the user gave them, for a command gcc's own driver runs.
    fn as_given(&self) -> Vec<String> {
        let mut a: Vec<String> = self.beside.iter().chain(&self.instead).cloned().collect();
        if let Some(f) = &self.file {
            a.push("-MF".into());
            a.push(f.clone());
        }
        a.extend(self.targets.iter().chain(&self.other).cloned());
        a
    }

    /// The flags for preprocessing one C input on its own (`CC -E`), so that the file and its
    /// rule are those gcc's driver would write for the whole compilation: the file is `-MF`,
    /// else the output with its suffix replaced by `.d`, else the input's stem `.d`; the target
    /// is `-MT`/`-MQ`, else the output (not under `-E`), else the stem `.o`, quoted as gcc
    /// quotes its default target. No dependencies at all for output to `/dev/null`.
    fn for_input(&self, input: &Input, output: Option<&Path>, mode: Mode) -> Vec<String> {
        let Some(flag) = &self.beside else { return Vec::new() };
        let file = match (&self.file, output) {
            (Some(f), _) => PathBuf::from(f),
            (None, Some(o)) if o == Path::new("/dev/null") => return Vec::new(),
            (None, Some(o)) => o.with_extension("d"),
            (None, None) => PathBuf::from(format!("{}.d", input.stem())),
        };
        let mut a = vec![flag.clone(), "-MF".into(), file.to_string_lossy().into_owned()];
        if self.targets.is_empty() {
            let target = match output {
                Some(o) if mode != Mode::Preprocess => o.to_string_lossy().into_owned(),
                _ => format!("{}.o", input.stem()),
            };
            a.push("-MQ".into());
            a.push(target);
        }
        a.extend(self.targets.iter().chain(&self.other).cloned());
        a
    }
}

struct Parsed {
    mode: Mode,
    output: Option<PathBuf>,
    inputs: Vec<Input>,
    /// Inputs and flags for the final link, in order (objects, archives, `-l`, `-L`, ...).
    link_items: Vec<LinkItem>,
    /// Preprocessor flags (`-I`, `-D`, `-U`, `-include`, `-isystem`, `-Wp,...`, ...), in order:
    /// for preprocessing, never for compiling the lowered C, which is preprocessed already
    /// (`-include` would include its header a second time).
    cpp_flags: Vec<String>,
    /// Flags for compiling C (everything but inputs, `-o`, `-x`, mode, preprocessor and
    /// dependency flags).
    flags: Vec<String>,
    deps: Deps,
    /// `-save-temps`: where to keep the lowered C and the thunks.
    save_temps: Option<SaveTemps>,
}

/// Where `-save-temps` keeps the temporary files, as gcc 12 places them: `=cwd` in the
/// working directory; `=obj` and plain `-save-temps` beside the `-o` output (else in the
/// working directory).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum SaveTemps {
    Cwd,
    Obj,
}

impl Parsed {
    /// gcc's base name for the kept temporary files of `input` (its "dumpbase"), without suffix:
    /// compiling (`-c`, `-S`) with `-o out.o`: `out`; linking with `-o prog.x`: `prog.x-INPUT`,
    /// without `-o`: `a-INPUT` (the input's stem alone when it is the only input file and the
    /// program's name); else the input's stem. Temporary files of one source compiled
    /// into several objects (automake's per-target objects) so never overwrite each other.
    fn temps_base(&self, input: &Input, how: SaveTemps) -> PathBuf {
        let out_stem = self.output.as_deref().and_then(Path::file_stem).and_then(|s| s.to_str());
        // a program's name is taken whole (`-o t.delete`: `t.delete-a.i`), an object's without
        // its suffix
        let program = self.output.as_deref().and_then(Path::file_name).and_then(|s| s.to_str()).unwrap_or("a");
        let name = match (self.mode, out_stem) {
            (Mode::Link, _) if self.inputs.len() > 1 || program != input.stem() => format!("{program}-{}", input.stem()),
            (_, Some(o)) if self.output.as_deref() != Some(Path::new("-")) => o.to_string(),
            _ => input.stem(),
        };
        let dir = match (how, self.output.as_deref().and_then(Path::parent)) {
            (SaveTemps::Obj, Some(d)) if self.output.as_deref() != Some(Path::new("-")) => d.to_path_buf(),
            _ => PathBuf::new(),
        };
        dir.join(name)
    }
}

enum LinkItem {
    Input(usize),
    Other(String),
}

/// Expands `@file` arguments as gcc does: the file's words (whitespace-separated; single and
/// double quotes and backslashes escape), recursively; an `@name` that is no readable file
/// stays as it is.
fn expand_response_files(args: &[String], depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        let text = a.strip_prefix('@').filter(|_| depth < 16).and_then(|f| std::fs::read_to_string(f).ok());
        let Some(text) = text else {
            out.push(a.clone());
            continue;
        };
        let mut words = Vec::new();
        let mut word: Option<String> = None;
        let mut quote: Option<char> = None;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match (c, quote) {
                ('\\', _) => word.get_or_insert_with(String::new).extend(chars.next()),
                (q, None) if q == '\'' || q == '"' => {
                    quote = Some(q);
                    word.get_or_insert_with(String::new);
                }
                (q, Some(open)) if q == open => quote = None,
                (w, None) if w.is_whitespace() => words.extend(word.take()),
                (c, _) => word.get_or_insert_with(String::new).push(c),
            }
        }
        words.extend(word);
        out.extend(expand_response_files(&words, depth + 1));
    }
    out
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut p = Parsed { mode: Mode::Link, output: None, inputs: Vec::new(), link_items: Vec::new(), cpp_flags: Vec::new(), flags: Vec::new(), deps: Deps::default(), save_temps: None };
    let mut lang: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let mut value = |name: &str| -> Result<String, String> {
            let v = args.get(i).cloned().ok_or_else(|| format!("missing argument to '{name}'"))?;
            i += 1;
            Ok(v)
        };
        match a.as_str() {
            "-c" => p.mode = Mode::Compile,
            "-S" => p.mode = Mode::Assemble,
            "-E" => p.mode = Mode::Preprocess,
            "-fsyntax-only" => p.mode = Mode::SyntaxOnly,
            "-save-temps=cwd" => p.save_temps = Some(SaveTemps::Cwd),
            "-save-temps" | "-save-temps=obj" => p.save_temps = Some(SaveTemps::Obj),
            "-o" => p.output = Some(value("-o").map_err(|_| "missing filename after '-o'".to_string())?.into()),
            s if s.starts_with("-o") && s.len() > 2 => p.output = Some(s[2..].into()),
            "-x" => {
                let l = value("-x")?;
                lang = (l != "none").then_some(l);
            }
            s if s.starts_with("-x") && s.len() > 2 => lang = (&s[2..] != "none").then(|| s[2..].to_string()),
            "-MD" | "-MMD" => p.deps.beside = Some(a.clone()),
            "-M" | "-MM" => p.deps.instead = Some(a.clone()),
            "-MF" => p.deps.file = Some(value("-MF")?),
            "-MT" | "-MQ" => {
                let v = value(a)?;
                p.deps.targets.push(a.clone());
                p.deps.targets.push(v);
            }
            "-MP" | "-MG" => p.deps.other.push(a.clone()),
            s if s.starts_with("-MF") || s.starts_with("-MT") || s.starts_with("-MQ") => {
                let (flag, v) = s.split_at(3);
                if flag == "-MF" {
                    p.deps.file = Some(v.to_string());
                } else {
                    p.deps.targets.push(flag.to_string());
                    p.deps.targets.push(v.to_string());
                }
            }
            // `--param NAME=VALUE` is two arguments; the compiler gets the one-argument form.
            "--param" => {
                let v = value(a)?;
                p.flags.push(format!("--param={v}"));
            }
            "-I" | "-D" | "-U" | "-include" | "-imacros" | "-isystem" | "-iquote" | "-idirafter" | "-Xpreprocessor" | "-L" | "-Xlinker" => {
                let v = value(a)?;
                match a.as_str() {
                    "-L" => p.link_items.push(LinkItem::Other(format!("-L{v}"))),
                    "-Xlinker" => {
                        p.link_items.push(LinkItem::Other(a.clone()));
                        p.link_items.push(LinkItem::Other(v));
                    }
                    // chibicc wants `-Idir` in one argument.
                    "-I" | "-D" | "-U" => p.cpp_flags.push(format!("{a}{v}")),
                    _ => {
                        p.cpp_flags.push(a.clone());
                        p.cpp_flags.push(v);
                    }
                }
            }
            s if s.starts_with("-l") || s.starts_with("-L") || s.starts_with("-Wl,") || s == "-pthread" || s == "-static" || s == "-shared" || s == "-pie" || s == "-no-pie" => {
                p.link_items.push(LinkItem::Other(a.clone()));
                if s == "-pthread" || s == "-static" || s == "-shared" || s == "-pie" || s == "-no-pie" {
                    p.flags.push(a.clone());
                }
            }
            s if ["-I", "-D", "-U", "-Wp,", "-isystem", "-iquote", "-idirafter"].iter().any(|f| s.starts_with(f)) || s == "-nostdinc" => p.cpp_flags.push(a.clone()),
            s if s.starts_with('-') && s != "-" => {
                // gcc's options only: one gcc does not know is its error, whatever the compiler.
                if let Some(e) = crate::options::unrecognized(s, &[]) {
                    return Err(e);
                }
                p.flags.push(a.clone());
                if crate::options::takes_separate_value(s) {
                    p.flags.push(value(a)?);
                }
            }
            _ => {
                p.link_items.push(LinkItem::Input(p.inputs.len()));
                p.inputs.push(Input { path: a.into(), lang: lang.clone() });
            }
        }
    }
    if p.deps.instead.is_some() {
        p.mode = Mode::Preprocess;
    }
    Ok(p)
}

/// Set by SIGINT, SIGTERM or SIGHUP: stop after the current step and clean up.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_interrupt(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Catches interrupts, so that the temporary directory is removed on the way out (the tools
/// running at that moment get the terminal's SIGINT themselves and fail).
fn catch_interrupts() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::signal(sig, on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t);
        }
    }
}

/// Exit status after an interrupt (128 + SIGINT, as shells report it).
const INTERRUPTED_STATUS: i32 = 130;

/// Exit status when a tool cannot be started (exasm's usage and I/O errors).
const CANNOT_RUN_STATUS: i32 = 2;

/// Runs a command, returning its exit code (2 when it cannot start, 130 when exasm was
/// interrupted meanwhile).
/// The variables through which make (and cargo) hand a jobserver to the programs they run.
const JOBSERVER_VARIABLES: [&str; 3] = ["CARGO_MAKEFLAGS", "MAKEFLAGS", "MFLAGS"];

/// rustc joins the jobserver its environment names, and warns ("failed to connect to
/// jobserver") when it cannot: make passes its pipe only to recipes it knows run make (`+`,
/// `$(MAKE)`), and names it in `MAKEFLAGS` to every recipe. When the jobserver is reachable,
/// rustc takes part in it (`exasm cc` runs in a job slot of its own); otherwise the variables
/// are removed from rustc's environment, and the thunks, one codegen unit, take one thread.
fn keep_jobserver_only_if_reachable(rustc: &mut Command) {
    for var in JOBSERVER_VARIABLES {
        if let Some(value) = std::env::var_os(var) {
            if !jobserver_reachable(&value.to_string_lossy()) {
                rustc.env_remove(var);
            }
        }
    }
}

/// Is the jobserver `--jobserver-auth=` (or make 4.1's `--jobserver-fds=`) names in `flags`
/// reachable from a child: a named fifo that exists, or two inherited pipe descriptors that
/// stay open across exec? No jobserver named counts as reachable (nothing to warn about).
fn jobserver_reachable(flags: &str) -> bool {
    let Some(auth) = flags.split_whitespace().rev().find_map(|w| w.strip_prefix("--jobserver-auth=").or_else(|| w.strip_prefix("--jobserver-fds="))) else {
        return true;
    };
    if let Some(path) = auth.strip_prefix("fifo:") {
        return Path::new(path).exists();
    }
    let inherited = |fd: &str| -> bool {
        let Ok(n) = fd.parse::<u32>() else { return false };
        let is_pipe = std::fs::read_link(format!("/proc/self/fd/{n}")).is_ok_and(|t| t.to_string_lossy().starts_with("pipe:") || !t.to_string_lossy().contains(':'));
        // Octal open flags; O_CLOEXEC (02000000) would close it in rustc.
        let flags = std::fs::read_to_string(format!("/proc/self/fdinfo/{n}")).ok().and_then(|info| info.lines().find_map(|l| l.strip_prefix("flags:").map(|f| f.trim().to_string())));
        let cloexec = flags.and_then(|f| u32::from_str_radix(&f, 8).ok()).is_none_or(|f| f & 0o2000000 != 0);
        is_pipe && !cloexec
    };
    matches!(auth.split_once(','), Some((r, w)) if inherited(r) && inherited(w))
}

fn run(cmd: &mut Command) -> i32 {
    let status = match cmd.status() {
        Ok(s) => s.code().unwrap_or(1),
        Err(e) => {
            report::error(format!("cannot run '{}': {}", cmd.get_program().to_string_lossy(), os_message(&e)));
            CANNOT_RUN_STATUS
        }
    };
    if INTERRUPTED.load(Ordering::SeqCst) {
        INTERRUPTED_STATUS
    } else {
        status
    }
}

/// Moves a finished file from the temporary directory to where the user asked, through a
/// temporary beside the destination and a rename: the destination is whole or untouched.
/// The file keeps its permissions (an executable stays executable). A destination that exists
/// and is not a regular file (`/dev/null`, a pipe) is written to, never replaced.
fn place(from: &Path, to: &Path) -> Result<(), String> {
    let bytes = std::fs::read(from).map_err(|e| format!("{}: {}", from.display(), os_message(&e)))?;
    let permissions = std::fs::metadata(from).map_err(|e| format!("{}: {}", from.display(), os_message(&e)))?.permissions();
    let _held = HeldSignals::new();
    if std::fs::metadata(to).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(to, bytes).map_err(|e| format!("{}: {}", to.display(), os_message(&e)));
    }
    let dir = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.exasm-{}.tmp", to.file_name().and_then(|n| n.to_str()).unwrap_or("out"), std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::set_permissions(&tmp, permissions)).and_then(|_| std::fs::rename(&tmp, to));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {}", to.display(), os_message(&e))
    })
}

/// Appends an input to a command, under the language `-x` gave it (reset after it).
fn push_input(cmd: &mut Command, input: &Input) {
    match &input.lang {
        Some(l) => cmd.arg("-x").arg(l).arg(&input.path).arg("-x").arg("none"),
        None => cmd.arg(&input.path),
    };
}

/// What every C input's compilation shares.
struct Job<'a> {
    p: &'a Parsed,
    compiler: &'a str,
    family: Family,
    backend: &'a str,
    target: exasm_core::target::Target,
    /// Flags for compiling the lowered C.
    flags: Vec<String>,
    /// Flags for the compiler's invocations on inputs that are not C.
    native_flags: Vec<String>,
    /// The preprocessor (the compiler, or gcc configured as chibicc) and its arguments.
    cpp: String,
    cpp_args: Vec<String>,
    /// exasm's headers for chibicc or tcc, which do not appear in dependency files.
    bundled_include: Option<PathBuf>,
    /// The compiler is gcc itself: it compiles the lowered C as preprocessed input.
    is_gcc: bool,
    tmp: &'a Path,
}

/// Is the compiler gcc itself, judged by the name of the file it resolves to (`cc` is a link to
/// gcc on Debian)? Compilers that only take gcc's flags (clang) are not.
fn is_gcc(compiler: &str) -> bool {
    let path = if compiler.contains('/') {
        Some(PathBuf::from(compiler))
    } else {
        std::env::var_os("PATH").and_then(|dirs| std::env::split_paths(&dirs).map(|d| d.join(compiler)).find(|p| p.is_file()))
    };
    let real = path.map(|p| p.canonicalize().unwrap_or(p));
    real.and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned())).is_some_and(|n| n.contains("gcc") && !n.contains("clang"))
}

/// Reads a file, or standard input for `-`, whole.
fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
    } else {
        bytes = std::fs::read(path)?;
    }
    Ok(bytes)
}

/// Preprocesses the C input `n` (standard input through a file in the temporary directory)
/// with the job's preprocessor, writing the dependency file the flags ask for, and analyzes it
/// under `name`.
fn preprocess_input(job: &Job, n: usize, input: &Input, name: &str) -> Result<unit::Unit, u8> {
    let p = job.p;
    let fail = |e: String, status: u8| {
        report::error(e);
        status
    };
    let source = if input.path.as_os_str() == "-" {
        let text = read_input(&input.path).map_err(|e| fail(format!("standard input: {}", os_message(&e)), 2))?;
        let path = job.tmp.join(format!("{n}-stdin.c"));
        std::fs::write(&path, text).map_err(|e| fail(os_message(&e), 2))?;
        path
    } else {
        input.path.clone()
    };
    let dep_args = p.deps.for_input(input, p.output.as_deref(), p.mode);
    let mut cpp_args = job.cpp_args.clone();
    if job.family == Family::Tcc && !dep_args.is_empty() {
        // tcc's preprocessor writes no dependency file and takes no -MT/-MQ: gcc's, with the
        // same flags, writes it (tcc's own headers aside, the same files).
        let mut deps = Command::new("gcc");
        deps.arg("-E").args(&job.cpp_args).args(&dep_args).arg(&source).args(["-o", "/dev/null"]);
        match run(&mut deps) {
            0 => {}
            status => return Err(code(status)),
        }
    } else {
        cpp_args.extend(dep_args.iter().cloned());
    }
    if let Some(l) = &input.lang {
        cpp_args.push("-x".into());
        cpp_args.push(l.clone());
    }
    // Comments stay for the compiler of the lowered C: gcc's -Wimplicit-fallthrough reads
    // `/* fall through */`.
    cpp_args.push("-C".into());
    let pre = unit::Unit::preprocess(&source, name, &unit::Preprocessor { command: job.cpp.clone(), args: cpp_args, model: gccflags::data_model(job.target.platform) }).map_err(report::preprocessing_failed)?;
    if let Some(inc) = &job.bundled_include {
        // `for_input` gives the flag, `-MF` and the file first.
        if let Some(file) = dep_args.get(2) {
            scrub_dependencies(Path::new(file), inc).map_err(|e| fail(format!("{file}: {}", os_message(&e)), 2))?;
        }
    }
    Ok(pre)
}

/// Preprocesses, lowers and compiles the C input `n`: its object (for the link), or `None`
/// when nothing is to be linked (`-S`, `-fsyntax-only`). `Err` holds the exit status.
fn compile_c(job: &Job, n: usize, input: &Input) -> Result<Option<PathBuf>, u8> {
    let p = job.p;
    let fail = |e: String, status: u8| {
        report::error(e);
        status
    };
    let stem = input.stem();
    let from_stdin = input.path.as_os_str() == "-";
    // gcc names standard input `<stdin>` in its diagnostics.
    let name = if from_stdin { "<stdin>".to_string() } else { input.path.to_string_lossy().into_owned() };
    let pre = if input.is_preprocessed() {
        // Preprocessed already (a `.i` file; what distcc sends): lowered as it is, as gcc
        // compiles it without preprocessing it again, and writing no dependency file.
        let bytes = read_input(&input.path).map_err(|e| fail(format!("{}: {}", if from_stdin { "standard input".into() } else { input.path.display().to_string() }, os_message(&e)), 2))?;
        unit::Unit::from_preprocessed(&name, bytes, gccflags::data_model(job.target.platform))
    } else {
        preprocess_input(job, n, input, &name)?
    };
    // The preprocessor's warnings (`#warning`, `-Wundef`) are the compilation's: the compiler
    // of the lowered C never sees them.
    eprint!("{}", pre.preprocessor_messages);
    // exasm's declarations follow the main file's first line marker: what the compiler says
    // about them names the user's file (and gcc takes the main file's name from the first
    // marker of preprocessed input).
    let backend = if job.backend == "rust" { unit::Backend::Rust } else { unit::Backend::Gas };
    let options = unit::Options { compiler: job.family, target: job.target, backend, syntax_only: p.mode == Mode::SyntaxOnly };
    let mut lowered = crate::lower_cmd::lower_and_report(&pre, &options)?;
    // chibicc applies line markers to tokens of macros defined before them and emits negative
    // `.loc` lines that `as` rejects, and names its own input in its messages: the markers are
    // dropped (each for an empty line), and read first to put the original files and lines
    // back into chibicc's messages and line table.
    let markers = (job.family == Family::Chibicc).then(|| exasm_cfront::LineMap::new(&lowered.c));
    if markers.is_some() {
        lowered.c = lowered.c.lines().map(|l| if is_line_marker(l) { "" } else { l }).collect::<Vec<_>>().join("\n");
    }
    let file_stem = if from_stdin { "stdin".to_string() } else { stem.clone() };
    let c = job.tmp.join(format!("{n}-{file_stem}.c"));
    let s = job.tmp.join(format!("{n}-{file_stem}.thunks.s"));
    let bytes = unit::encode(&lowered, pre.encoding).map_err(|e| fail(e, 2))?;
    std::fs::write(&c, &bytes.c).and_then(|_| std::fs::write(&s, &bytes.s)).map_err(|e| fail(os_message(&e), 2))?;
    if let Some(how) = p.save_temps {
        // What exasm made of the input, under gcc's own names: `a.i` (the lowered C, which
        // the compiler compiles) and `a.thunks.s` (the thunks).
        let base = if from_stdin { PathBuf::from("stdin") } else { p.temps_base(input, how) };
        let named = |suffix: &str| {
            let mut name = base.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        let kept = place(&c, &named(".i")).and_then(|_| place(&s, &named(".thunks.s")));
        kept.map_err(|e| fail(e, 2))?;
    }
    let compile = |flag: &str, out: Option<&Path>| {
        let mut cmd = Command::new(job.compiler);
        cmd.arg(flag).args(&job.flags);
        if job.is_gcc {
            // Preprocessed input, whose only directives are exasm's `#define`s: gcc expands them
            // and nothing else (no predefined macro), and names the main file after the first
            // line marker.
            cmd.args(["-x", "cpp-output", "-fdirectives-only"]).arg(&c);
        } else if job.family == Family::Tcc {
            // tcc puts the directory of the file it compiles before every file name of a line
            // marker: from standard input, the names stay the user's.
            match std::fs::File::open(&c) {
                Ok(f) => cmd.arg("-").stdin(f),
                Err(e) => return Err(fail(format!("{}: {}", c.display(), os_message(&e)), 2)),
            };
        } else {
            cmd.arg(&c);
        }
        // A link-time-optimized object carries no code of its own, and `ld -r` would keep the
        // thunks beside bytecode the linker plugin then replaces: the lowered C is compiled
        // to machine code (the rest of the program still links with -flto).
        if job.flags.iter().any(|f| f.starts_with("-flto") && f != "-flto=none") {
            cmd.arg("-fno-lto");
        }
        if let Some(o) = out {
            cmd.arg("-o").arg(o);
        }
        let status = match &markers {
            Some(origin) => run_relocating_messages(&mut cmd, &c, origin),
            None => run(&mut cmd),
        };
        match status {
            0 => Ok(()),
            status => Err(code(status)),
        }
    };
    match p.mode {
        // chibicc and tcc take no -fsyntax-only: they compile into the temporary directory
        // instead (never to /dev/null: tcc unlinks its output first, and as root would replace
        // the device with a file).
        Mode::SyntaxOnly if job.family != Family::Gcc => return compile("-c", Some(&job.tmp.join(format!("{n}-{file_stem}.syntax.o")))).map(|_| None),
        Mode::SyntaxOnly => return compile("-fsyntax-only", None).map(|_| None),
        Mode::Assemble => {
            let out = p.output.clone().unwrap_or_else(|| format!("{stem}.s").into());
            let cs = job.tmp.join(format!("{n}-{file_stem}.s"));
            compile("-S", Some(&cs))?;
            if let Some(origin) = &markers {
                relocate_line_table(&cs, origin).map_err(|e| fail(format!("{}: {}", cs.display(), os_message(&e)), 2))?;
            }
            let joined = std::fs::read(&cs).map(|a| [a, b"\n".to_vec(), bytes.s.to_vec()].concat()).and_then(|j| std::fs::write(&cs, j));
            joined.map_err(|e| e.to_string()).and_then(|_| place_output(&cs, &out)).map_err(|e| fail(e, 2))?;
            return Ok(None);
        }
        Mode::Link | Mode::Compile | Mode::Preprocess => {}
    }
    let c_obj = job.tmp.join(format!("{n}-{file_stem}.c.o"));
    let s_obj = job.tmp.join(format!("{n}-{file_stem}.thunks.o"));
    match &markers {
        // chibicc's line table names the temporary file: assembled after relocating it.
        Some(origin) => {
            let cs = job.tmp.join(format!("{n}-{file_stem}.c.s"));
            compile("-S", Some(&cs))?;
            relocate_line_table(&cs, origin).map_err(|e| fail(format!("{}: {}", cs.display(), os_message(&e)), 2))?;
            match run(Command::new(binutil(job, "as")).arg("--64").arg(&cs).arg("-o").arg(&c_obj)) {
                0 => {}
                status => return Err(code(status)),
            }
        }
        None => compile("-c", Some(&c_obj))?,
    }
    let status = if job.backend == "rust" {
        // The Rust thunks, compiled to one object (std is not linked: the thunks use none of it).
        let rs = job.tmp.join(format!("{n}-{file_stem}.thunks.rs"));
        std::fs::write(&rs, bytes.rs.unwrap_or_default()).map_err(|e| fail(os_message(&e), 2))?;
        let mut rustc = Command::new("rustc");
        rustc.args(["--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-O", "-C", "panic=abort", "-C", "codegen-units=1", "--crate-name"]).arg(format!("exasm_thunks_{n}")).arg(&rs).arg("-o").arg(&s_obj);
        keep_jobserver_only_if_reachable(&mut rustc);
        run(&mut rustc)
    } else {
        run(Command::new(binutil(job, "as")).arg("--64").arg(&s).arg("-o").arg(&s_obj))
    };
    if status != 0 {
        return Err(code(status));
    }
    let obj = job.tmp.join(format!("{n}-{file_stem}.o"));
    // One object per C file, as every build expects.
    let mut ld = Command::new(binutil(job, "ld"));
    ld.arg("-r");
    if !job.target.platform.is_windows() {
        ld.args(["-z", "noexecstack"]);
    }
    let status = run(ld.arg(&c_obj).arg(&s_obj).arg("-o").arg(&obj));
    if status != 0 {
        return Err(code(status));
    }
    if p.mode == Mode::Compile {
        let dest: PathBuf = p.output.clone().unwrap_or_else(|| format!("{stem}.o").into());
        place_output(&obj, &dest).map_err(|e| fail(e, 2))?;
    }
    Ok(Some(obj))
}

/// The binutils program `tool` (`as`, `ld`) for the job's target: the native one, or for Windows
/// the cross compiler's (`x86_64-w64-mingw32-gcc` -> `x86_64-w64-mingw32-as`), which writes
/// PE/COFF objects.
fn binutil(job: &Job, tool: &str) -> String {
    if !job.target.platform.is_windows() {
        return tool.to_string();
    }
    let name = Path::new(job.compiler).file_name().and_then(|n| n.to_str()).unwrap_or(job.compiler);
    match name.rfind("gcc").or_else(|| name.rfind("cc")).filter(|&i| i > 0) {
        Some(i) => format!("{}{tool}", &name[..i]),
        None => format!("x86_64-w64-mingw32-{tool}"),
    }
}

/// Removes exasm's temporary chibicc headers from a dependency file (`-MD`): make would
/// otherwise look for them after they are gone. Paths in the file are separated by
/// unescaped whitespace and line continuations.
fn scrub_dependencies(file: &Path, dir: &Path) -> std::io::Result<()> {
    let Ok(text) = std::fs::read_to_string(file) else { return Ok(()) };
    let prefix = dir.to_string_lossy().into_owned();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        // `-MP` adds a phony rule per header: drop the rule of a removed header.
        if line.starts_with(&prefix) && line.trim_end().ends_with(':') {
            continue;
        }
        let mut kept = Vec::new();
        let mut word = String::new();
        let mut chars = line.trim_end_matches('\n').chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| *n == ' ') {
                word.push(c);
                word.extend(chars.next());
            } else if c == ' ' {
                kept.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            } else {
                word.push(c);
            }
        }
        kept.extend((!word.is_empty()).then_some(word));
        kept.retain(|w| !w.starts_with(&prefix));
        if kept.is_empty() || kept == ["\\"] {
            continue;
        }
        out.push_str(if line.starts_with(' ') { " " } else { "" });
        out.push_str(&kept.join(" "));
        out.push('\n');
    }
    // A rule whose last line was removed must not end in a continuation.
    let out = out.replace("\\\n\n", "\n\n");
    let out = out.strip_suffix("\\\n").map(|o| format!("{}\n", o.trim_end())).unwrap_or(out);
    std::fs::write(file, out)
}

/// Is the input assembly (`.s`, `.S`, `.sx`, `-x assembler[-with-cpp]`)?
fn is_assembly(input: &Input) -> bool {
    match input.lang.as_deref() {
        Some(l) => l.starts_with("assembler"),
        None => matches!(input.path.extension().and_then(|e| e.to_str()), Some("s" | "S" | "sx")),
    }
}

/// Is the input compiled (rather than handed to the linker as it is)?
fn is_compiled(input: &Input) -> bool {
    input.is_c() || input.lang.is_some() || matches!(input.path.extension().and_then(|e| e.to_str()), Some("s" | "S" | "sx" | "cc" | "cpp" | "cxx" | "C" | "m" | "h"))
}

/// Places a compilation's output; `-o -` is standard output, as with gcc.
fn place_output(from: &Path, to: &Path) -> Result<(), String> {
    if to != Path::new("-") {
        return place(from, to);
    }
    let bytes = std::fs::read(from).map_err(|e| format!("{}: {}", from.display(), os_message(&e)))?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes).map_err(|e| format!("standard output: {}", os_message(&e)))
}

/// `exasm cc`.
pub fn run_cc(with: Option<String>, backend: &str, args: &[String]) -> u8 {
    let compiler = with.or_else(|| std::env::var("EXASM_CC").ok()).unwrap_or_else(|| "cc".to_string());
    let family = Family::of(&compiler);
    let args = expand_response_files(args, 0);
    let p = match parse(&args) {
        Ok(p) => p,
        Err(e) => {
            report::error(e);
            return 2;
        }
    };
    // Nothing to compile or link (`--version`, `-dumpmachine`, `-print-prog-name=ld`, `-v`,
    // or a mistake): the compiler answers, as it does without exasm.
    if p.inputs.is_empty() {
        return code(run(Command::new(&compiler).args(&args)));
    }
    // gcc's rule: an output that is one of the inputs would destroy it.
    if let Some(out) = &p.output {
        for input in p.inputs.iter().filter(|i| i.path.as_os_str() != "-") {
            if same_file(&input.path, out) {
                report::fatal(format!("input file '{}' is the same as output file", input.path.display()));
                return 1;
            }
        }
    }
    if p.output.is_some() && p.mode != Mode::Link && p.inputs.iter().filter(|i| is_compiled(i)).count() > 1 {
        report::fatal("cannot specify '-o' with '-c', '-S' or '-E' with multiple files");
        return 1;
    }
    catch_interrupts();
    let tmp = match tempfile::Builder::new().prefix("exasm-cc").tempdir() {
        Ok(t) => t,
        Err(e) => {
            report::error(format!("cannot create a temporary directory: {}", os_message(&e)));
            return 2;
        }
    };
    let flags: Vec<String> = p.flags.iter().filter(|f| accepts(family, f)).cloned().collect();
    // For the compiler's own invocations (preprocessing, inputs that are not C).
    let mut native_flags: Vec<String> = p.cpp_flags.iter().filter(|f| accepts(family, f)).chain(&flags).cloned().collect();
    let bundled_include = match unit::compilers::install_headers(family, tmp.path()) {
        Ok(dir) => dir,
        Err(e) => {
            report::error(e);
            return 2;
        }
    };
    // The instruction set the flags select is gcc's answer (chibicc and tcc know none of them;
    // the thunks are GNU assembly either way). Warnings about the flags are the compiler's.
    let target = match gccflags::platform_of_compiler(&compiler).and_then(|platform| gccflags::parse(&p.flags, platform)).and_then(|mut f| f.ask_compiler_for_isa(if family == Family::Gcc { &compiler } else { "gcc" }).map(|()| f.target)) {
        Ok(t) => t,
        Err(e) => {
            report::error(e);
            return 2;
        }
    };
    // The preprocessor: the compiler's, or gcc's configured as chibicc; the bundled headers are
    // searched after the user's directories (`-isystem` after them).
    let user_flags: Vec<String> = match family {
        // chibicc takes no `-pthread`, but gcc's preprocessor gives it its meaning there
        // (`_REENTRANT`, which autoconf's AX_PTHREAD requires of a compiler that is not gcc).
        Family::Chibicc => p.cpp_flags.iter().chain(&flags).chain(p.flags.iter().filter(|f| *f == "-pthread")).cloned().collect(),
        _ => native_flags.clone(),
    };
    let (cpp, cpp_args) = match unit::Preprocessor::for_compiler(&compiler, family, &user_flags, bundled_include.as_deref(), tmp.path()) {
        Ok(pp) => (pp.command, pp.args),
        Err(e) => {
            report::error(e);
            return 2;
        }
    };
    if p.mode == Mode::Preprocess {
        // The preprocessor exasm uses (for chibicc, whose own `-E` loses all but the first of
        // adjacent string literals, gcc's configured as chibicc).
        let mut cmd = Command::new(&cpp);
        cmd.arg("-E").args(&cpp_args).args(p.deps.as_given());
        for input in &p.inputs {
            push_input(&mut cmd, input);
        }
        if let Some(o) = &p.output {
            cmd.arg("-o").arg(o);
        }
        let status = run(&mut cmd);
        // exasm's bundled headers leave the dependency file (`-MF`, or the output of `-M`/`-MM`;
        // on standard output they stay).
        let deps_file = p.deps.file.as_ref().map(PathBuf::from).or_else(|| p.output.clone().filter(|_| p.deps.instead.is_some()));
        if let (Some(inc), Some(file), 0) = (&bundled_include, deps_file, status) {
            if let Err(e) = scrub_dependencies(&file, inc) {
                report::error(format!("{}: {}", file.display(), os_message(&e)));
                return 2;
            }
        }
        return code(status);
    }
    // The compiler's own invocations (assembly inputs) may include the bundled headers.
    native_flags.extend(bundled_include.iter().map(|i| format!("-I{}", i.display())));
    let is_gcc = family == Family::Gcc && is_gcc(&compiler);
    let job = Job { p: &p, compiler: &compiler, family, backend, target, flags, native_flags, cpp, cpp_args, bundled_include: bundled_include.clone(), is_gcc, tmp: tmp.path() };
    let mut objects: Vec<Option<PathBuf>> = Vec::new();
    for (n, input) in p.inputs.iter().enumerate() {
        if input.is_c() {
            match compile_c(&job, n, input) {
                Ok(obj) => objects.push(obj),
                Err(status) => return status,
            }
            continue;
        }
        // chibicc assembles no `.S` (and tcc's assembler is its own): gcc assembles for them.
        let by_gcc = family != Family::Gcc && is_assembly(input);
        if p.mode == Mode::Link && !by_gcc {
            objects.push(None);
            continue;
        }
        // Not C (assembly, an object): the compiler takes it as it does without exasm.
        let mut cmd = Command::new(if by_gcc { "gcc" } else { compiler.as_str() });
        cmd.arg(match p.mode {
            Mode::Compile | Mode::Link => "-c",
            Mode::Assemble => "-S",
            _ => "-fsyntax-only",
        });
        cmd.args(&job.native_flags).args(p.deps.as_given());
        push_input(&mut cmd, input);
        let out = if p.mode == Mode::Link { Some(tmp.path().join(format!("{n}-{}.o", input.stem()))) } else { p.output.clone() };
        if let Some(o) = &out {
            cmd.arg("-o").arg(o);
        }
        let status = run(&mut cmd);
        if status != 0 {
            return code(status);
        }
        objects.push(out.filter(|_| p.mode == Mode::Link));
    }
    if p.mode != Mode::Link {
        return 0;
    }
    let mut cmd = Command::new(&compiler);
    for item in &p.link_items {
        match item {
            LinkItem::Input(k) => match &objects[*k] {
                Some(obj) => {
                    cmd.arg(obj);
                }
                None => push_input(&mut cmd, &p.inputs[*k]),
            },
            LinkItem::Other(a) if accepts(family, a) => {
                cmd.arg(a);
            }
            LinkItem::Other(_) => {}
        }
    }
    if family == Family::Chibicc {
        // chibicc's objects carry no .note.GNU-stack; say the stack is not executable.
        cmd.arg("-Wl,-z,noexecstack");
    }
    // The linker writes into the temporary directory; the result is placed only once it is
    // complete and exasm was not interrupted meanwhile (the linker does not see a `kill -INT`
    // sent to exasm alone, and would finish writing the output).
    let linked = tmp.path().join("linked.out");
    cmd.arg("-o").arg(&linked);
    let status = run(&mut cmd);
    if status != 0 {
        return code(status);
    }
    let dest = p.output.clone().unwrap_or_else(|| "a.out".into());
    if let Err(e) = place(&linked, &dest) {
        report::error(e);
        return 2;
    }
    0
}

/// Runs a compiler whose messages name lines of `compiled` (the lowered C without its line
/// markers) and prints them with the original file and line instead, from `origin` (the map of
/// the same text with them): `/tmp/.../0-a.c:812:` becomes `a.c:5:`.
fn run_relocating_messages(cmd: &mut Command, compiled: &Path, origin: &exasm_cfront::LineMap) -> i32 {
    let out = match cmd.stdin(std::process::Stdio::null()).output() {
        Ok(o) => o,
        Err(e) => {
            report::error(format!("cannot run '{}': {}", cmd.get_program().to_string_lossy(), os_message(&e)));
            return CANNOT_RUN_STATUS;
        }
    };
    let prefix = format!("{}:", compiled.display());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut text = String::with_capacity(stderr.len());
    // chibicc underlines the source line it quotes after the location: the caret line moves by
    // as much as the location shrank or grew.
    let mut shift: isize = 0;
    for line in stderr.split_inclusive('\n') {
        let relocated = line.strip_prefix(&prefix).and_then(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n: usize = rest[..digits].parse().ok()?;
            let at = origin.locate_line(n)?;
            Some(format!("{}:{}{}", at.file, at.line, &rest[digits..]))
        });
        match relocated {
            Some(r) => {
                shift = r.chars().count() as isize - line.chars().count() as isize;
                text.push_str(&r);
            }
            None => {
                let shift = std::mem::take(&mut shift);
                if shift >= 0 {
                    text.extend(std::iter::repeat_n(' ', shift.unsigned_abs()));
                    text.push_str(line);
                } else {
                    let spaces = line.bytes().take_while(|b| *b == b' ').count();
                    text.push_str(&line[spaces.min(shift.unsigned_abs())..]);
                }
            }
        }
    }
    eprint!("{text}");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    if INTERRUPTED.load(Ordering::SeqCst) {
        return INTERRUPTED_STATUS;
    }
    out.status.code().unwrap_or(1)
}

/// Rewrites the line table of chibicc's assembly for the lowered C (compiled without line
/// markers, so its `.loc` lines count lines of the temporary file) to the original files and
/// lines, from `origin`: `.file` directives for the original files, and each `.loc F N` to
/// the file and line that line N came from (dropped where none is known).
fn relocate_line_table(asm: &Path, origin: &exasm_cfront::LineMap) -> std::io::Result<()> {
    let text = std::fs::read_to_string(asm)?;
    let mut files: Vec<String> = Vec::new();
    let mut body = String::with_capacity(text.len());
    for line in text.lines() {
        let directive = line.trim_start();
        if directive.starts_with(".file ") {
            continue;
        }
        if let Some(args) = directive.strip_prefix(".loc ") {
            let mut words = args.split_whitespace();
            let number = words.nth(1).and_then(|n| n.parse::<usize>().ok());
            let Some(at) = number.and_then(|n| origin.locate_line(n)) else { continue };
            let orig = at.line;
            let k = match files.iter().position(|f| *f == at.file) {
                Some(k) => k,
                None => {
                    files.push(at.file);
                    files.len() - 1
                }
            };
            let rest: Vec<&str> = words.collect();
            let _ = std::fmt::Write::write_fmt(&mut body, format_args!("  .loc {} {orig}{}{}\n", k + 1, if rest.is_empty() { "" } else { " " }, rest.join(" ")));
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    let mut out = String::with_capacity(body.len() + files.len() * 32);
    for (k, f) in files.iter().enumerate() {
        let quoted = f.replace('\\', "\\\\").replace('"', "\\\"");
        let _ = std::fmt::Write::write_fmt(&mut out, format_args!("  .file {} \"{quoted}\"\n", k + 1));
    }
    out.push_str(&body);
    std::fs::write(asm, out)
}

/// `# 12 "file.h" 2`: a preprocessor line marker.
fn is_line_marker(line: &str) -> bool {
    line.strip_prefix("# ").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

fn code(status: i32) -> u8 {
    u8::try_from(status).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::jobserver_reachable;

    #[test]
    fn a_jobserver_is_reachable_only_through_an_existing_fifo_or_inherited_pipes() {
        assert!(jobserver_reachable(" -j4"));
        assert!(!jobserver_reachable(" -j4 --jobserver-auth=97,98"));
        assert!(!jobserver_reachable("-j --jobserver-fds=97,98 -j"));
        assert!(!jobserver_reachable(" -j4 --jobserver-auth=fifo:/nonexistent/exasm-fifo"));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        std::fs::write(&fifo, b"").unwrap();
        assert!(jobserver_reachable(&format!(" -j4 --jobserver-auth=fifo:{}", fifo.display())));
        // A descriptor Rust opened (close-on-exec) is not inherited.
        let own = std::fs::File::open(&fifo).unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&own);
        assert!(!jobserver_reachable(&format!("--jobserver-auth={fd},{fd}")));
    }
}
