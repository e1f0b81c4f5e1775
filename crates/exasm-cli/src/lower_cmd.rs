//! `exasm lower` and `exasm explain`: C files through the whole pipeline.

use crate::gccflags::{self, Flags};
use crate::options;
use crate::report::{self, os_message};
use exasm_unit as unit;
use exasm_core::target::{Platform, Target};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Options of `lower`, `explain` and `check` besides the gcc flags.
pub struct LowerArgs {
    /// Where the output goes (`-o`): the asm-free C of `lower`, the report of `explain` and `check`.
    pub out_c: Option<PathBuf>,
    /// Where the thunks go (`--asm`).
    pub out_s: Option<PathBuf>,
    /// Where Rust thunks go (`--rust`).
    pub out_rs: Option<PathBuf>,
    /// Compiler used to preprocess (`--cc`).
    pub cc: Option<String>,
    /// `--json` written among the gcc flags.
    pub json: bool,
    /// The platform `--target` names (Linux when absent).
    pub platform: Platform,
    /// `--asm-syntax nasm`: the thunks in NASM syntax (Windows targets).
    pub nasm: bool,
    /// The rest: the inputs and gcc flags.
    pub rest: Vec<String>,
}

/// The options each command takes besides gcc's.
fn own_options(command: &str) -> &'static [&'static str] {
    match command {
        "lower" => &["-o", "--asm", "--rust", "--cc", "--target", "--asm-syntax"],
        _ => &["-o", "--cc", "--json", "--target"],
    }
}

/// Splits exasm's own options from the gcc flags; an option neither exasm nor gcc knows, or
/// one of another command, is an error.
pub fn split_args(command: &str, args: &[String]) -> Result<LowerArgs, String> {
    let own = own_options(command);
    let mut l = LowerArgs { out_c: None, out_s: None, out_rs: None, cc: None, json: false, platform: Platform::Linux, nasm: false, rest: Vec::new() };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let (name, attached) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = || match &attached {
            Some(v) => Ok(v.clone()),
            None => {
                i += 1;
                args.get(i).cloned().ok_or_else(|| format!("missing argument to '{a}'"))
            }
        };
        match name {
            "-o" | "--asm" | "--rust" | "--cc" | "--json" | "--target" | "--asm-syntax" if !own.contains(&name) => {
                return Err(format!("'{name}' is not an option of exasm {command}"));
            }
            "-o" => l.out_c = Some(value()?.into()),
            "--asm" => l.out_s = Some(value()?.into()),
            "--rust" => l.out_rs = Some(value()?.into()),
            "--cc" => l.cc = Some(value()?),
            "--target" => l.platform = gccflags::platform_of_triple(&value()?)?,
            "--asm-syntax" => {
                l.nasm = match value()?.as_str() {
                    "gas" => false,
                    "nasm" => true,
                    other => return Err(format!("unknown --asm-syntax '{other}' (gas or nasm)")),
                }
            }
            "--json" if attached.is_none() => l.json = true,
            _ => {
                if let Some(e) = options::unrecognized(a, own) {
                    return Err(e);
                }
                l.rest.push(a.clone());
                if options::takes_separate_value(a) {
                    i += 1;
                    l.rest.extend(args.get(i).cloned());
                }
            }
        }
        i += 1;
    }
    Ok(l)
}

/// One command line of `lower`, `explain` or `check`: exasm's options, then gcc's flags and
/// the inputs.
pub struct Invocation {
    /// exasm's own options.
    pub args: LowerArgs,
    /// gcc's flags and the inputs.
    pub flags: Flags,
    /// Preprocess with `-C` (`lower`: the compiler of its C reads comments).
    keeps_comments: bool,
}

impl Invocation {
    /// Reads the command line; prints the error and returns exit status 2 on usage errors.
    pub fn new(command: &str, args: &[String]) -> Result<Invocation, u8> {
        let usage = |e: String| {
            report::error(e);
            2u8
        };
        let args = split_args(command, args).map_err(usage)?;
        if args.nasm && !args.platform.is_windows() {
            return Err(usage("--asm-syntax nasm writes Win64 thunks: give --target x86_64-w64-mingw32 or x86_64-pc-windows-msvc".into()));
        }
        let mut flags = gccflags::parse(&args.rest, args.platform).map_err(usage)?;
        if flags.inputs.is_empty() {
            return Err(usage("no input files".into()));
        }
        // What the instruction-set flags enable is the compiler's answer.
        let cc = args.cc.clone().unwrap_or_else(|| gccflags::default_compiler_for(args.platform));
        flags.ask_compiler_for_isa(&cc).map_err(usage)?;
        for w in &flags.warnings {
            report::warning(w);
        }
        Ok(Invocation { args, flags, keeps_comments: command == "lower" })
    }

    /// Reads, preprocesses and analyzes input `k`; prints the error and returns exit status 2
    /// on I/O errors and inputs that are not C.
    pub fn unit(&self, k: usize) -> Result<Unit, u8> {
        let input = &self.flags.inputs[k];
        let fail = |e: String| {
            report::error(e);
            2u8
        };
        // `--cc`, else `$CC`, else `cc` (MinGW-w64's gcc for a Windows target).
        let platform = self.args.platform;
        let mut pp = unit::Preprocessor::new(self.args.cc.clone().unwrap_or_else(|| gccflags::default_compiler_for(platform)))
            .args(self.flags.cpp_args.iter().cloned())
            .data_model(gccflags::data_model(platform));
        if self.keeps_comments {
            // For the compiler of the lowered C: gcc's -Wimplicit-fallthrough reads
            // `/* fall through */`.
            pp.args.push("-C".into());
        }
        let lowered = if input == "-" {
            // The preprocessor reads a file: standard input is copied to one first, and named
            // `<stdin>` as gcc names it.
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| fail(format!("<stdin>: {}", os_message(&e))))?;
            let suffix = if self.flags.languages[k].as_deref() == Some("cpp-output") { ".i" } else { ".c" };
            let file = tempfile::Builder::new().prefix("exasm-stdin").suffix(suffix).tempfile().map_err(|e| fail(os_message(&e)))?;
            std::fs::write(file.path(), &bytes).map_err(|e| fail(format!("{}: {}", file.path().display(), os_message(&e))))?;
            unit::Unit::preprocess(file.path(), "<stdin>", &pp).map_err(report::preprocessing_failed)?
        } else {
            let path = Path::new(input);
            match std::fs::metadata(path) {
                Err(e) => return Err(fail(format!("{input}: {}", os_message(&e)))),
                Ok(m) if m.is_dir() => return Err(fail(format!("{input}: Is a directory"))),
                Ok(_) => {}
            }
            let language = self.flags.languages[k].as_deref();
            let is_c = match language {
                Some(l) => matches!(l, "c" | "c-header" | "cpp-output"),
                None => matches!(path.extension().and_then(|e| e.to_str()), Some("c" | "h" | "i")),
            };
            if !is_c {
                return Err(fail(match language {
                    Some(l) => format!("{input}: exasm reads C, not '-x {l}'"),
                    None => format!("{input}: file not recognized as C: exasm reads .c, .h and .i files (put '-x c' before the name to read it as C)"),
                }));
            }
            unit::Unit::preprocess(path, input, &pp).map_err(report::preprocessing_failed)?
        };
        // The preprocessor's warnings are gcc's (`#warning`, `-Wundef`): shown as it shows them.
        eprint!("{}", lowered.preprocessor_messages);
        Ok(Unit { unit: lowered, target: self.flags.target })
    }
}

/// One input, preprocessed and analyzed (its name, as diagnostics give it, is `<stdin>` for
/// `-`), and the target the flags describe.
pub struct Unit {
    /// The input.
    pub unit: unit::Unit,
    /// The target the flags describe.
    pub target: Target,
}

impl std::ops::Deref for Unit {
    type Target = unit::Unit;

    fn deref(&self) -> &unit::Unit {
        &self.unit
    }
}

/// The worse of two exit statuses: usage or I/O errors (2), then diagnostics (1), then
/// statements `check` could not analyse (3), then success (0).
fn worse(a: u8, b: u8) -> u8 {
    let rank = |c: u8| match c {
        0 => 0,
        3 => 1,
        1 => 2,
        _ => 3,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Runs `each` on every input in turn (one unit in memory at a time); the exit status is the
/// worst of them ([`worse`]). With `-o`, the outputs of all inputs go to that one file, written all or
/// nothing at the end.
pub fn for_each_unit(command: &str, args: &[String], mut each: impl FnMut(&Invocation, Unit, &mut Vec<u8>) -> u8) -> u8 {
    use std::io::Write;
    let inv = match Invocation::new(command, args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut status = 0;
    let mut output = Vec::new();
    for k in 0..inv.flags.inputs.len() {
        status = worse(status, match inv.unit(k) {
            Ok(unit) => {
                let code = each(&inv, unit, &mut output);
                if inv.args.out_c.is_none() {
                    if let Err(e) = std::io::stdout().lock().write_all(&output) {
                        report::error(format!("standard output: {}", os_message(&e)));
                        return 2;
                    }
                    output.clear();
                }
                code
            }
            Err(code) => code,
        });
    }
    if let Some(out) = &inv.args.out_c {
        if let Err(e) = write_all_or_nothing(&[(out, &output)]) {
            report::error(e);
            return 2;
        }
    }
    status
}

/// `exasm lower`.
pub fn run_lower(args: &[String]) -> u8 {
    let inv = match Invocation::new("lower", args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let args = &inv.args;
    let inputs = &inv.flags.inputs;
    if inputs.len() > 1 && (args.out_c.is_some() || args.out_s.is_some() || args.out_rs.is_some()) {
        report::error("cannot specify '-o', '--asm' or '--rust' with multiple files");
        return 2;
    }
    let mut status = 0;
    for k in 0..inputs.len() {
        status = status.max(lower_one(&inv, k, k + 1 == inputs.len()));
    }
    status
}

/// Lowers input `k`; the structures of the `last` one are left for the process exit to free.
fn lower_one(inv: &Invocation, k: usize, last: bool) -> u8 {
    let args = &inv.args;
    let unit = match inv.unit(k) {
        Ok(u) => u,
        Err(code) => return code,
    };
    let input = &unit.name;
    // The C is for the compiler that preprocessed it.
    let cc = args.cc.clone().or_else(|| std::env::var("CC").ok().filter(|s| !s.is_empty())).unwrap_or_else(|| "cc".into());
    let backend = if args.out_rs.is_some() { unit::Backend::Rust } else { unit::Backend::Gas };
    // MSVC takes neither asm labels nor `alias`: renamed with macros, as for chibicc.
    let compiler = if unit.target.platform == Platform::Msvc { unit::CCompiler::Chibicc } else { unit::CCompiler::of(&cc) };
    let options = unit::Options { backend, ..unit::Options::new(compiler, unit.target) };
    let mut lowered = match lower_and_report(&unit, &options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if args.nasm {
        match exasm_lower::nasm::gas_to_nasm(&lowered.s) {
            Ok(s) => lowered.s = s,
            Err(e) => {
                report::error(format!("{input}: {e}"));
                return 1;
            }
        }
    }
    // gcc's markers are silent in preprocessed C (`-o OUT.i`, compiled as gcc compiles its own
    // `.i`), and in C but under -pedantic: there, standard `#line` directives wherever they
    // can stand for them.
    let preprocessed = args.out_c.as_ref().is_some_and(|c| c.extension().is_some_and(|e| e == "i"));
    if !preprocessed && pedantic(&args.rest) {
        lowered.c = unit::markers::standard_directives(&lowered.c);
    }
    let bytes = match unit::encode(&lowered, unit.encoding) {
        Ok(b) => b,
        Err(e) => {
            report::error(format!("{input}: {e}"));
            return 2;
        }
    };
    // `-o` alone puts the thunks beside the C; `--asm` or `--rust` alone print the C.
    let out_s = args.out_s.clone().or_else(|| args.out_c.as_ref().map(|c| c.with_extension("thunks.s")));
    let mut files: Vec<(&PathBuf, &[u8])> = Vec::new();
    files.extend(args.out_c.as_ref().map(|c| (c, &*bytes.c)));
    files.extend(out_s.as_ref().map(|s| (s, &*bytes.s)));
    if let (Some(path), Some(rs)) = (&args.out_rs, bytes.rs) {
        files.push((path, rs.as_bytes()));
    }
    for (out, _) in &files {
        if same_file(Path::new(input), out) {
            report::error(format!("output '{}' would overwrite the input", out.display()));
            return 2;
        }
    }
    if let Err(e) = write_all_or_nothing(&files) {
        report::error(e);
        return 2;
    }
    if args.out_c.is_none() {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let mut show = |head: String, body: &[u8]| stdout.write_all(head.as_bytes()).and_then(|_| stdout.write_all(body)).and_then(|_| stdout.write_all(b"\n"));
        let mut shown = show(format!("/* ===== {input}: C ===== */\n"), &bytes.c);
        if args.out_s.is_none() {
            shown = shown.and_then(|_| show(format!("# ===== {input}: thunks =====\n"), &bytes.s));
        }
        if let (None, Some(rs)) = (&args.out_rs, bytes.rs) {
            shown = shown.and_then(|_| show(format!("// ===== {input}: Rust thunks =====\n"), rs.as_bytes()));
        }
        if let Err(e) = shown {
            report::error(format!("standard output: {}", os_message(&e)));
            return 2;
        }
    }
    if last {
        // The process ends here: freeing the unit's structures would only cost time.
        std::mem::forget((unit, lowered));
    }
    0
}

/// Do the flags ask for ISO C's warnings (`-pedantic`, `-Wpedantic`, `-pedantic-errors`, not
/// undone by a later `-Wno-pedantic`)?
fn pedantic(flags: &[String]) -> bool {
    flags.iter().fold(false, |on, f| match f.as_str() {
        "-pedantic" | "-Wpedantic" | "-pedantic-errors" | "-Werror=pedantic" => true,
        "-Wno-pedantic" => false,
        _ => on,
    })
}

/// Do two paths name the same existing file?
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes every file through a temporary in the same directory and renames them only when all
/// were written: no half output is ever left behind. Interrupting signals are held back while
/// temporaries exist, so an interrupt cannot strand one either (it takes effect right after).
pub fn write_all_or_nothing(files: &[(&PathBuf, &[u8])]) -> Result<(), String> {
    let _held = HeldSignals::new();
    let mut temps = Vec::new();
    for (path, content) in files {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".{}.exasm-{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("out"), std::process::id()));
        if let Err(e) = std::fs::write(&tmp, content) {
            for t in &temps {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("{}: {e}", path.display()));
        }
        temps.push(tmp);
    }
    for (tmp, (path, _)) in temps.iter().zip(files) {
        if let Err(e) = std::fs::rename(tmp, path) {
            for t in &temps {
                let _ = std::fs::remove_file(t);
            }
            return Err(format!("{}: {e}", path.display()));
        }
    }
    Ok(())
}

/// `exasm explain`.
pub fn run_explain(json: bool, args: &[String]) -> u8 {
    for_each_unit("explain", args, |inv, unit, out| {
        let (explained, diags) = unit::explain(&unit.text, &unit.analysis, &unit.target, false);
        report::Unit::new(&unit.text, &unit.analysis).print(&diags);
        let mut text = String::new();
        if json || inv.args.json {
            explain_json(&unit, &explained, &diags, &mut text);
        } else {
            explain_table(&unit, &explained, &diags, &mut text);
        }
        out.extend_from_slice(text.as_bytes());
        u8::from(diags.iter().any(|d| d.value.is_error()))
    })
}

/// `explain --json` ([docs/json.md](../../../docs/json.md)).
fn explain_json(unit: &Unit, explained: &[unit::Explained], diags: &[unit::LocatedDiagnostic], out: &mut String) {
    let statements: Vec<serde_json::Value> = explained
        .iter()
        .map(|e| {
            serde_json::json!({
                "file": e.site.location.file, "line": e.site.location.line, "column": e.site.location.col,
                "function": e.site.function, "file_scope": e.site.file_scope,
                "statement": e.validated.stmt.to_c(),
                "operands": e.validated.operands.iter().enumerate().map(|(i, o)| {
                    let w = written_index(e, &o.role);
                    let info = w.and_then(|w| e.site.operands.get(w));
                    serde_json::json!({
                        "number": i, "role": o.role, "name": o.name, "constraint": o.constraint.as_ref().map(|c| c.text.clone()),
                        "expression": w.and_then(|w| e.validated.stmt.outputs.iter().chain(&e.validated.stmt.inputs).nth(w)).map(|d| d.expr.value.clone()),
                        "c_type": info.map(|i| i.c_type.clone()), "size": info.map(|i| i.facts.size), "facts": info.map(|i| &i.facts), "home": info.and_then(|i| i.home.as_ref()),
                        "location": e.allocation.as_ref().map(|a| &a.locations[i]),
                    })
                }).collect::<Vec<_>>(),
                "clobbers": e.validated.clobbers,
                "template": e.rendered,
            })
        })
        .collect();
    let diagnostics: Vec<serde_json::Value> = diags.iter().map(|d| serde_json::json!({"file": d.location.file, "line": d.location.line, "column": d.location.col, "severity": d.value.severity, "message": d.value.message})).collect();
    out.push_str(&serde_json::to_string_pretty(&serde_json::json!({"file": unit.name, "statements": statements, "diagnostics": diagnostics})).expect("serializes"));
    out.push('\n');
}

/// The operand as written (outputs, then inputs) that operand `role` stands for.
fn written_index(e: &unit::Explained, role: &exasm_core::validate::Role) -> Option<usize> {
    use exasm_core::validate::Role;
    match role {
        Role::Output(k) | Role::HiddenInput(k) => Some(*k),
        Role::Input(k) => Some(e.validated.stmt.outputs.len() + k),
        _ => None,
    }
}

/// `explain`'s table, for people: per statement, each operand's number and name,
/// constraint, C expression and type, and where it lives as the template prints it; then the
/// template as it appears in gcc's `.s`, line by line.
fn explain_table(unit: &Unit, explained: &[unit::Explained], diags: &[unit::LocatedDiagnostic], out: &mut String) {
    use exasm_core::validate::Role;
    use std::fmt::Write;
    for e in explained {
        let l = &e.site.location;
        let scope = match &e.site.function {
            Some(f) if !e.site.file_scope => format!("in function '{f}'"),
            _ => "at file scope".to_string(),
        };
        let _ = writeln!(out, "{}:{}:{}: asm statement {scope}", l.file, l.line, l.col);
        let _ = writeln!(out, "  {}", exasm_cfront::one_line(&e.validated.stmt.to_c()));
        let mut rows = vec![["operand".to_string(), "constraint".into(), "C expression".into(), "type".into(), "location".into()]];
        for (i, o) in e.validated.operands.iter().enumerate() {
            let w = written_index(e, &o.role);
            let number = match &o.name {
                Some(n) => format!("%{i} [{n}]"),
                None => format!("%{i}"),
            };
            let constraint = match &o.role {
                Role::Label(_) => "label".to_string(),
                _ => o.constraint.as_ref().map_or("-".to_string(), |c| format!("\"{}\"", c.text)),
            };
            let expression = w
                .and_then(|w| e.validated.stmt.outputs.iter().chain(&e.validated.stmt.inputs).nth(w))
                .map(|d| exasm_cfront::one_line(&d.expr.value))
                .or_else(|| match &o.role {
                    Role::Label(k) => e.validated.stmt.labels.get(*k).map(|l| l.value.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            let c_type = w.and_then(|w| e.site.operands.get(w)).map(|i| i.c_type.clone()).unwrap_or_default();
            let mut location = match &e.allocation {
                Some(a) => exasm_core::render::describe_location(&e.validated, a, &e.facts, &unit.target, i),
                None => "-".to_string(),
            };
            if let Role::HiddenInput(k) = o.role {
                location = format!("{location} (input of \"+\" operand %{k})");
            }
            rows.push([number, constraint, expression, c_type, location]);
        }
        if rows.len() > 1 {
            let widths: Vec<usize> = (0..5).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
            for r in &rows {
                let mut line = String::from("   ");
                for (c, cell) in r.iter().enumerate() {
                    let _ = write!(line, " {cell:<w$} ", w = widths[c]);
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
        if !e.validated.stmt.clobbers.is_empty() {
            let _ = writeln!(out, "  clobbers: {}", e.validated.stmt.clobbers.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join(", "));
        }
        match &e.rendered {
            Some(t) => {
                let _ = writeln!(out, "  template, as in gcc's .s:");
                for (n, line) in t.split('\n').enumerate() {
                    let _ = writeln!(out, "  |{}{line}", if n == 0 { "\t" } else { "" });
                }
            }
            None => {
                let why: Vec<&str> = diags.iter().filter(|d| d.location == *l && d.value.is_error()).map(|d| d.value.message.as_str()).collect();
                let why = match why.first() {
                    Some(first) => format!("gcc rejects it: {first}"),
                    None if unit::folded_to_one(e.site, &unit.target).is_some() => {
                        let guard = e.site.constant_guard.map(|(g, _)| &unit.text[g.start as usize..g.end as usize]).unwrap_or_default();
                        format!("dead code: gcc folds {} to 1 (every call passes the same constant) and never compiles it", exasm_cfront::one_line(guard))
                    }
                    None if e.site.dead_under.is_some() => {
                        let guard = e.site.dead_under.map(|g| &unit.text[g.start as usize..g.end as usize]).unwrap_or_default();
                        format!("dead code: gcc folds {} to 0 for a variable and never compiles it", exasm_cfront::one_line(guard))
                    }
                    None if unit::deleted(e.site, &unit.target) => "deleted: gcc removes a non-volatile asm whose outputs nothing reads when it optimizes".to_string(),
                    None if e.site.untyped.is_some() => format!("the operands are untyped: {}", e.site.untyped.as_deref().unwrap_or_default()),
                    None => "an earlier error stops gcc before it allocates any statement".to_string(),
                };
                let _ = writeln!(out, "  not allocated: {why}");
            }
        }
        out.push('\n');
    }
}

/// SIGINT, SIGTERM, SIGHUP and SIGQUIT blocked for the guard's lifetime; one that arrived
/// meanwhile is delivered when the guard is dropped.
pub struct HeldSignals {
    old: libc::sigset_t,
}

impl HeldSignals {
    pub fn new() -> HeldSignals {
        // SAFETY: plain libc calls on sets owned here; sigprocmask only changes this thread's
        // mask, and exasm writes its outputs from the main thread.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
                libc::sigaddset(&mut set, sig);
            }
            libc::sigprocmask(libc::SIG_BLOCK, &set, &mut old);
            HeldSignals { old }
        }
    }
}

impl Default for HeldSignals {
    fn default() -> HeldSignals {
        HeldSignals::new()
    }
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved in `new`.
        unsafe {
            libc::sigprocmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut());
        }
    }
}

/// [`unit::Unit::lower`], printing its diagnostics: the lowered unit, or exit status 1 (2 for
/// options that cannot be honoured).
pub fn lower_and_report(unit: &unit::Unit, options: &unit::Options) -> Result<unit::Lowered, u8> {
    // The reporter indexes the unit's functions and includes: only when there is something to print.
    let print = |diags: &[unit::LocatedDiagnostic]| {
        if !diags.is_empty() {
            unit.reporter().print(diags);
        }
    };
    match unit.lower(options) {
        Ok(l) => {
            print(&l.warnings);
            Ok(l)
        }
        Err(unit::Error::Diagnostics(diags)) => {
            print(&diags);
            Err(1)
        }
        Err(unit::Error::Options(e)) => {
            report::error(e);
            Err(2)
        }
    }
}
