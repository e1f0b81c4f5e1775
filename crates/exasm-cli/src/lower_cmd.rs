//! `exasm lower` and `exasm explain`: a C file through the whole pipeline.

use crate::gccflags;
use crate::unit::{self, format_diagnostic};
use exasm_cfront::{analyze, preprocess, Options};
use std::path::{Path, PathBuf};

/// Options of `lower` besides the gcc flags.
pub struct LowerArgs {
    /// Where the asm-free C goes (`-o`).
    pub out_c: Option<PathBuf>,
    /// Where the thunks go (`--asm`).
    pub out_s: Option<PathBuf>,
    /// Where Rust thunks go (`--rust`).
    pub out_rs: Option<PathBuf>,
    /// Compiler used to preprocess (`--cc`).
    pub cc: Option<String>,
    /// `--json` written among the gcc flags.
    pub json: bool,
    /// The rest: the input and gcc flags.
    pub rest: Vec<String>,
}

/// Splits exasm's own options from the gcc flags.
pub fn split_args(args: &[String]) -> Result<LowerArgs, String> {
    let mut l = LowerArgs { out_c: None, out_s: None, out_rs: None, cc: None, json: false, rest: Vec::new() };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut value = || {
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("missing argument to '{a}'"))
        };
        match a.as_str() {
            "-o" => l.out_c = Some(value()?.into()),
            "--asm" => l.out_s = Some(value()?.into()),
            "--rust" => l.out_rs = Some(value()?.into()),
            "--cc" => l.cc = Some(value()?),
            "--json" => l.json = true,
            s if s.starts_with("--asm=") => l.out_s = Some(s["--asm=".len()..].into()),
            s if s.starts_with("--rust=") => l.out_rs = Some(s["--rust=".len()..].into()),
            s if s.starts_with("--cc=") => l.cc = Some(s["--cc=".len()..].into()),
            _ => l.rest.push(a.clone()),
        }
        i += 1;
    }
    Ok(l)
}

/// Reads, preprocesses and analyzes the one input; exit status 2 on usage or I/O errors.
fn front_end(args: &LowerArgs) -> Result<(String, String, exasm_cfront::Analysis, exasm_core::target::Target), u8> {
    let mut flags = gccflags::parse(&args.rest).map_err(|e| {
        eprintln!("exasm: error: {e}");
        2u8
    })?;
    let cc = args.cc.clone().unwrap_or_else(gccflags::default_compiler);
    flags.ask_compiler_for_isa(&cc).map_err(|e| {
        eprintln!("exasm: error: {e}");
        2u8
    })?;
    for w in &flags.warnings {
        eprintln!("exasm: warning: {w}");
    }
    let [input] = flags.inputs.as_slice() else {
        eprintln!("exasm: error: expected exactly one input file, got {}", flags.inputs.len());
        return Err(2);
    };
    let path = Path::new(input);
    if !path.exists() {
        eprintln!("exasm: error: {input}: No such file or directory");
        return Err(2);
    }
    let text = preprocess(path, &Options { cc: args.cc.clone(), cpp_args: flags.cpp_args.clone() }).map_err(|e| {
        eprintln!("exasm: error: {e}");
        2u8
    })?;
    let analysis = analyze(&text, input);
    Ok((input.clone(), text, analysis, flags.target))
}

/// exasm's own options split from the gcc flags, then the one input read, preprocessed and
/// analyzed; exit status 2 on usage or I/O errors.
pub fn read_unit(args: &[String]) -> Result<(LowerArgs, String, String, exasm_cfront::Analysis, exasm_core::target::Target), u8> {
    let args = split_args(args).map_err(|e| {
        eprintln!("exasm: error: {e}");
        2u8
    })?;
    let (input, text, analysis, target) = front_end(&args)?;
    Ok((args, input, text, analysis, target))
}

/// `exasm lower`.
pub fn run_lower(args: &[String]) -> u8 {
    let (args, input, text, analysis, target) = match read_unit(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let lowered = match unit::lower_and_report(&text, &input, &analysis, &target, args.out_rs.is_some(), false) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let out_s = args.out_s.clone().or_else(|| args.out_c.as_ref().map(|c| c.with_extension("thunks.s")));
    match (&args.out_c, &out_s) {
        (Some(c), Some(s)) => {
            let mut files: Vec<(&PathBuf, &String)> = vec![(c, &lowered.c), (s, &lowered.s)];
            if let (Some(path), Some(rs)) = (&args.out_rs, &lowered.rs) {
                files.push((path, rs));
            }
            for (out, _) in &files {
                if same_file(Path::new(&input), out) {
                    eprintln!("exasm: error: output '{}' would overwrite the input", out.display());
                    return 2;
                }
            }
            if let Err(e) = write_all_or_nothing(&files) {
                eprintln!("exasm: error: {e}");
                return 2;
            }
        }
        _ => {
            println!("/* ===== {input}: C ===== */\n{}", lowered.c);
            println!("# ===== {input}: thunks =====\n{}", lowered.s);
            if let Some(rs) = &lowered.rs {
                println!("// ===== {input}: Rust thunks =====\n{rs}");
            }
        }
    }
    // The process ends here: freeing the unit's structures would only cost time.
    std::mem::forget((text, analysis, lowered));
    0
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
pub fn write_all_or_nothing(files: &[(&PathBuf, &String)]) -> Result<(), String> {
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
    let (args, input, text, analysis, target) = match read_unit(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let json = json || args.json;
    let (explained, diags) = unit::explain(&text, &analysis, &target, false);
    for d in &diags {
        eprintln!("{}", format_diagnostic(d));
    }
    if json {
        let statements: Vec<serde_json::Value> = explained
            .iter()
            .map(|e| {
                serde_json::json!({
                    "file": e.site.location.file, "line": e.site.location.line, "column": e.site.location.col,
                    "function": e.site.function, "file_scope": e.site.file_scope,
                    "statement": e.validated.stmt.to_c(),
                    "operands": e.validated.operands.iter().enumerate().map(|(i, o)| {
                        let w = match o.role { exasm_core::validate::Role::Output(k) | exasm_core::validate::Role::HiddenInput(k) => Some(k), exasm_core::validate::Role::Input(k) => Some(e.validated.stmt.outputs.len() + k), _ => None };
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
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"file": input, "statements": statements, "diagnostics": diagnostics})).expect("serializes"));
    } else {
        for e in &explained {
            let l = &e.site.location;
            println!("{}:{}:{}: {}", l.file, l.line, l.col, e.validated.stmt.to_c());
            for (i, o) in e.validated.operands.iter().enumerate() {
                let loc = e.allocation.as_ref().map(|a| format!("{:?}", a.locations[i])).unwrap_or_default();
                let c = o.constraint.as_ref().map_or("-".to_string(), |c| c.text.clone());
                println!("  %{i} {:?} \"{c}\" -> {loc}", o.role);
            }
            if let Some(t) = &e.rendered {
                println!("  template: {}", t.replace('\n', "\\n"));
            }
        }
    }
    if diags.iter().any(|d| d.value.is_error()) {
        1
    } else {
        0
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
