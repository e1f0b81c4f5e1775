//! `exasm cc`: a drop-in C compiler driver for compilers without inline asm.
//!
//! Each C input is preprocessed with the compiler, lowered, compiled by the compiler, and its
//! thunks assembled with `as`; `-c` merges both into one object (`ld -r`), so builds that expect
//! one `.o` per `.c` keep working. Nothing goes through a shell.

use crate::gccflags;
use crate::lower_cmd::{same_file, HeldSignals};
use crate::unit;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// Headers Debian's chibicc lacks, shipped inside exasm.
const CHIBICC_HEADERS: [(&str, &str); 7] = [
    ("float.h", include_str!("../include/chibicc/float.h")),
    ("iso646.h", include_str!("../include/chibicc/iso646.h")),
    ("stdalign.h", include_str!("../include/chibicc/stdalign.h")),
    ("stdarg.h", include_str!("../include/chibicc/stdarg.h")),
    ("stdbool.h", include_str!("../include/chibicc/stdbool.h")),
    ("stddef.h", include_str!("../include/chibicc/stddef.h")),
    ("stdnoreturn.h", include_str!("../include/chibicc/stdnoreturn.h")),
];

/// Macros chibicc may predefine (from its `init_macros`); their values are asked of chibicc.
const CHIBICC_MACROS: [&str; 38] = [
    "_LP64", "__C99_MACRO_WITH_VA_ARGS", "__ELF__", "__LP64__", "__SIZEOF_DOUBLE__", "__SIZEOF_FLOAT__", "__SIZEOF_INT__",
    "__SIZEOF_LONG_DOUBLE__", "__SIZEOF_LONG_LONG__", "__SIZEOF_LONG__", "__SIZEOF_POINTER__", "__SIZEOF_PTRDIFF_T__",
    "__SIZEOF_SHORT__", "__SIZEOF_SIZE_T__", "__SIZE_TYPE__", "__STDC_NO_COMPLEX__", "__STDC_UTF_16__", "__STDC_UTF_32__",
    "__USER_LABEL_PREFIX__", "__alignof__", "__amd64", "__amd64__", "__chibicc__", "__const__", "__gnu_linux__", "__inline__",
    "__linux", "__linux__", "__signed__", "__typeof__", "__unix", "__unix__", "__volatile__", "__x86_64", "__x86_64__", "linux",
    "unix", "__GNUC__",
];

/// chibicc's `-E` prints only the first of adjacent string literals (it joins them, then prints
/// the first token's text), which loses asm templates. So chibicc's preprocessing is done by
/// gcc's preprocessor configured as chibicc: no predefined macros but chibicc's own (asked of
/// chibicc itself), chibicc's include directories, C11.
fn chibicc_cpp_args(compiler: &str, tmp: &Path) -> Result<Vec<String>, String> {
    let probe = tmp.join("macros.c");
    let text: String = CHIBICC_MACROS.iter().map(|m| format!("\"{m}\" {m} ;\n")).collect();
    std::fs::write(&probe, text).map_err(|e| e.to_string())?;
    let out = Command::new(compiler).arg("-E").arg(&probe).output().map_err(|e| format!("cannot run {compiler}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{compiler} -E failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let mut args = vec!["-undef".to_string(), "-nostdinc".to_string(), "-std=c11".to_string()];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Some(rest) = line.trim().strip_prefix('"') else { continue };
        let Some((name, value)) = rest.split_once('"') else { continue };
        let value = value.trim().trim_end_matches(';').trim();
        if value != name {
            args.push(format!("-D{name}={value}"));
        }
    }
    for dir in ["/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include"] {
        args.push("-isystem".into());
        args.push(dir.into());
    }
    Ok(args)
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Mode {
    Link,
    Compile,
    Assemble,
    Preprocess,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Family {
    Gcc,
    Chibicc,
    Tcc,
}

/// Does the compiler take this flag? chibicc and tcc reject what they do not know.
fn accepts(family: Family, flag: &str) -> bool {
    match family {
        Family::Gcc => true,
        Family::Chibicc => {
            let known_prefix = ["-I", "-D", "-U", "-l", "-L", "-Wl,", "-Xlinker", "-O", "-W", "-g", "-std=", "-M", "-x"];
            known_prefix.iter().any(|p| flag.starts_with(p))
                || matches!(flag, "-fpic" | "-fPIC" | "-static" | "-shared" | "-s" | "-w" | "-ffreestanding" | "-fno-builtin" | "-fno-omit-frame-pointer" | "-fno-stack-protector" | "-fno-strict-aliasing" | "-m64" | "-mno-red-zone" | "-include" | "-idirafter")
        }
        Family::Tcc => !flag.starts_with("-masm=") && !flag.starts_with("-march") && !flag.starts_with("-mtune"),
    }
}

struct Parsed {
    mode: Mode,
    output: Option<PathBuf>,
    c_inputs: Vec<PathBuf>,
    /// Inputs and flags for the final link, in order (objects, archives, `-l`, `-L`, ...).
    link_items: Vec<LinkItem>,
    /// Flags for compiling C (everything but inputs, `-o` and mode flags).
    flags: Vec<String>,
}

enum LinkItem {
    CInput(usize),
    Other(String),
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut p = Parsed { mode: Mode::Link, output: None, c_inputs: Vec::new(), link_items: Vec::new(), flags: Vec::new() };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        match a.as_str() {
            "-c" => p.mode = Mode::Compile,
            "-S" => p.mode = Mode::Assemble,
            "-E" => p.mode = Mode::Preprocess,
            "-o" => {
                p.output = Some(args.get(i).ok_or("missing filename after '-o'")?.into());
                i += 1;
            }
            s if s.starts_with("-o") && s.len() > 2 => p.output = Some(s[2..].into()),
            "-I" | "-D" | "-U" | "-include" | "-isystem" | "-iquote" | "-idirafter" | "-x" | "-MF" | "-MT" | "-MQ" | "-L" | "-Xlinker" => {
                let v = args.get(i).ok_or_else(|| format!("missing argument to '{a}'"))?;
                i += 1;
                if matches!(a.as_str(), "-L" | "-Xlinker") {
                    p.link_items.push(LinkItem::Other(format!("{a}{}", if a == "-L" { v.clone() } else { String::new() })));
                    if a == "-Xlinker" {
                        p.link_items.push(LinkItem::Other(v.clone()));
                    }
                } else {
                    // chibicc wants `-Idir` in one argument.
                    if matches!(a.as_str(), "-I" | "-D" | "-U") {
                        p.flags.push(format!("{a}{v}"));
                    } else {
                        p.flags.push(a.clone());
                        p.flags.push(v.clone());
                    }
                }
            }
            s if s.starts_with("-l") || s.starts_with("-L") || s.starts_with("-Wl,") || s == "-pthread" || s == "-static" || s == "-shared" || s == "-pie" || s == "-no-pie" => {
                p.link_items.push(LinkItem::Other(a.clone()));
                if s == "-pthread" || s == "-static" || s == "-shared" || s == "-pie" || s == "-no-pie" {
                    p.flags.push(a.clone());
                }
            }
            s if s.starts_with('-') && s != "-" => p.flags.push(a.clone()),
            s if s.ends_with(".c") => {
                p.link_items.push(LinkItem::CInput(p.c_inputs.len()));
                p.c_inputs.push(a.into());
            }
            _ => p.link_items.push(LinkItem::Other(a.clone())),
        }
    }
    Ok(p)
}

fn family_of(compiler: &str) -> Family {
    let name = Path::new(compiler).file_name().and_then(|n| n.to_str()).unwrap_or(compiler);
    if name.contains("chibicc") {
        Family::Chibicc
    } else if name.contains("tcc") {
        Family::Tcc
    } else {
        Family::Gcc
    }
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

/// Runs a command, returning its exit code (127 when it cannot start, 130 when exasm was
/// interrupted meanwhile).
fn run(cmd: &mut Command) -> i32 {
    let status = match cmd.status() {
        Ok(s) => s.code().unwrap_or(1),
        Err(e) => {
            eprintln!("exasm: error: cannot run {:?}: {e}", cmd.get_program());
            127
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
    let bytes = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let permissions = std::fs::metadata(from).map_err(|e| format!("{}: {e}", from.display()))?.permissions();
    let _held = HeldSignals::new();
    if std::fs::metadata(to).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(to, bytes).map_err(|e| format!("{}: {e}", to.display()));
    }
    let dir = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.exasm-{}.tmp", to.file_name().and_then(|n| n.to_str()).unwrap_or("out"), std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::set_permissions(&tmp, permissions)).and_then(|_| std::fs::rename(&tmp, to));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", to.display())
    })
}

/// `exasm cc`.
pub fn run_cc(with: Option<String>, backend: &str, args: &[String]) -> u8 {
    let compiler = with.or_else(|| std::env::var("EXASM_CC").ok()).unwrap_or_else(|| "cc".to_string());
    let family = family_of(&compiler);
    let p = match parse(args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("exasm: error: {e}");
            return 2;
        }
    };
    // gcc's rule: an output that is one of the inputs would destroy it.
    if let Some(out) = &p.output {
        let inputs = p.c_inputs.iter().map(PathBuf::as_path).chain(p.link_items.iter().filter_map(|i| match i {
            LinkItem::Other(a) if !a.starts_with('-') => Some(Path::new(a.as_str())),
            _ => None,
        }));
        for input in inputs {
            if same_file(input, out) {
                eprintln!("exasm: fatal error: input file '{}' is the same as output file", input.display());
                return 1;
            }
        }
    }
    catch_interrupts();
    let tmp = match tempfile::Builder::new().prefix("exasm-cc").tempdir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("exasm: error: cannot create a temporary directory: {e}");
            return 2;
        }
    };
    let mut flags: Vec<String> = p.flags.iter().filter(|f| accepts(family, f)).cloned().collect();
    if family == Family::Chibicc {
        let inc = tmp.path().join("include");
        let written = std::fs::create_dir_all(&inc).and_then(|_| CHIBICC_HEADERS.iter().try_for_each(|(n, t)| std::fs::write(inc.join(n), t)));
        if let Err(e) = written {
            eprintln!("exasm: error: cannot write chibicc's headers: {e}");
            return 2;
        }
        flags.push(format!("-I{}", inc.display()));
    }
    let target = match gccflags::parse(&p.flags) {
        Ok(f) => f.target,
        Err(e) => {
            eprintln!("exasm: error: {e}");
            return 2;
        }
    };
    if p.mode == Mode::Preprocess {
        let mut cmd = Command::new(&compiler);
        cmd.arg("-E").args(&flags).args(&p.c_inputs);
        if let Some(o) = &p.output {
            cmd.arg("-o").arg(o);
        }
        return code(run(&mut cmd));
    }
    if p.output.is_some() && p.c_inputs.len() > 1 && p.mode != Mode::Link {
        eprintln!("exasm: error: cannot specify '-o' with '-c' or '-S' with multiple files");
        return 2;
    }
    let mut objects: Vec<PathBuf> = Vec::new();
    let (cpp, cpp_args) = if family == Family::Chibicc {
        match chibicc_cpp_args(&compiler, tmp.path()) {
            Ok(extra) => ("gcc".to_string(), flags.iter().cloned().chain(extra).collect()),
            Err(e) => {
                eprintln!("exasm: error: {e}");
                return 2;
            }
        }
    } else {
        (compiler.clone(), flags.clone())
    };
    for (n, input) in p.c_inputs.iter().enumerate() {
        let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
        let pre = match exasm_cfront::preprocess(input, &exasm_cfront::Options { cc: Some(cpp.clone()), cpp_args: cpp_args.clone() }) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("exasm: error: {e}");
                return 1;
            }
        };
        let name = input.to_string_lossy().into_owned();
        let analysis = exasm_cfront::analyze(&pre, &name);
        let mut lowered = match unit::lower_and_report(&pre, &name, &analysis, &target, backend == "rust") {
            Ok(l) => l,
            Err(code) => return code,
        };
        if family == Family::Chibicc {
            // chibicc applies line markers to tokens of macros defined before them and emits
            // negative `.loc` lines that `as` rejects: drop the markers.
            lowered.c = lowered.c.lines().map(|l| if is_line_marker(l) { "" } else { l }).collect::<Vec<_>>().join("\n");
        }
        let c = tmp.path().join(format!("{n}-{stem}.c"));
        let s = tmp.path().join(format!("{n}-{stem}.thunks.s"));
        if let Err(e) = std::fs::write(&c, &lowered.c).and_then(|_| std::fs::write(&s, &lowered.s)) {
            eprintln!("exasm: error: {e}");
            return 2;
        }
        if p.mode == Mode::Assemble {
            let out = p.output.clone().unwrap_or_else(|| format!("{stem}.s").into());
            let cs = tmp.path().join(format!("{n}-{stem}.s"));
            let status = run(Command::new(&compiler).arg("-S").args(&flags).arg(&c).arg("-o").arg(&cs));
            if status != 0 {
                return code(status);
            }
            let joined = std::fs::read_to_string(&cs).map(|a| a + "\n" + &lowered.s).and_then(|j| std::fs::write(&cs, j));
            if let Err(e) = joined.map_err(|e| e.to_string()).and_then(|_| place(&cs, &out)) {
                eprintln!("exasm: error: {e}");
                return 2;
            }
            continue;
        }
        let c_obj = tmp.path().join(format!("{n}-{stem}.c.o"));
        let s_obj = tmp.path().join(format!("{n}-{stem}.thunks.o"));
        let status = run(Command::new(&compiler).arg("-c").args(&flags).arg(&c).arg("-o").arg(&c_obj));
        if status != 0 {
            return code(status);
        }
        let status = if backend == "rust" {
            // The Rust thunks, compiled to one object (std is not linked: the thunks use none of it).
            let rs = tmp.path().join(format!("{n}-{stem}.thunks.rs"));
            if let Err(e) = std::fs::write(&rs, lowered.rs.as_deref().unwrap_or_default()) {
                eprintln!("exasm: error: {e}");
                return 2;
            }
            run(Command::new("rustc").args(["--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-O", "-C", "panic=abort", "--crate-name"]).arg(format!("exasm_thunks_{n}")).arg(&rs).arg("-o").arg(&s_obj))
        } else {
            run(Command::new("as").arg("--64").arg(&s).arg("-o").arg(&s_obj))
        };
        if status != 0 {
            return code(status);
        }
        let obj = tmp.path().join(format!("{n}-{stem}.o"));
        // One object per C file, as every build expects.
        let status = run(Command::new("ld").arg("-r").arg("-z").arg("noexecstack").arg(&c_obj).arg(&s_obj).arg("-o").arg(&obj));
        if status != 0 {
            return code(status);
        }
        if p.mode == Mode::Compile {
            let dest: PathBuf = p.output.clone().unwrap_or_else(|| format!("{stem}.o").into());
            if let Err(e) = place(&obj, &dest) {
                eprintln!("exasm: error: {e}");
                return 2;
            }
        }
        objects.push(obj);
    }
    if p.mode != Mode::Link {
        return 0;
    }
    let mut cmd = Command::new(&compiler);
    for item in &p.link_items {
        match item {
            LinkItem::CInput(k) => {
                cmd.arg(&objects[*k]);
            }
            LinkItem::Other(a) if accepts(family, a) || !a.starts_with('-') => {
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
        eprintln!("exasm: error: {e}");
        return 2;
    }
    0
}

/// `# 12 "file.h" 2`: a preprocessor line marker.
fn is_line_marker(line: &str) -> bool {
    line.strip_prefix("# ").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

fn code(status: i32) -> u8 {
    u8::try_from(status).unwrap_or(1)
}
