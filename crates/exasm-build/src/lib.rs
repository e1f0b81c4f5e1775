//! C with GCC extended asm in a build script, built with any C compiler: a companion of the
//! [`cc`] crate whose [`Build`] takes `cc::Build`'s calls, so switching is one line.
//!
//! `cc` finds and configures the compiler exactly as it does without exasm (`CC`, `CFLAGS`,
//! `CPPFLAGS`, `TARGET`, `CC_<target>`, `OPT_LEVEL`, cross compilers, wrappers). Then each C
//! file is:
//!
//! 1. preprocessed by that compiler's `-E` with cc's flags, except with chibicc, whose `-E`
//!    keeps only the first of adjacent string literals (and so loses asm templates): gcc's
//!    preprocessor configured as chibicc (chibicc's own macros, asked of chibicc, its include
//!    directories, C11), as `exasm cc --with chibicc` does;
//! 2. lowered in-process by [`exasm_unit`]: every asm statement becomes a call of an outlined
//!    thunk, the C is asm-free; errors are printed as gcc prints them (`src/x.c:3:5: error:
//!    ...`) and fail the build; warnings become `cargo:warning=` lines;
//! 3. compiled by the selected compiler (gcc compiles the lowered C as preprocessed input, as
//!    it compiles its own `.i`; other compilers as C);
//! 4. its thunks assembled through `cc`'s own assembler support (the `.s` files given to a
//!    `cc::Build` with the same configuration; gcc's driver when the compiler is chibicc or
//!    tcc), or, with [`Backend::Rust`], compiled by rustc from Rust `asm!`.
//!
//! Every object is archived by `cc` (`lib<name>.a`, the archiver `cc` picks, `AR`), and the
//! `cargo:rustc-link-*` lines are `cc`'s. Every file the preprocessor read (the sources and
//! every header, from the line markers of its output) gets a `cargo:rerun-if-changed` line.
//!
//! # A complete `build.rs`
//!
//! `Cargo.toml`:
//!
//! ```toml
//! [build-dependencies]
//! exasm-build = { path = "../exasm/crates/exasm-build" }
//! ```
//!
//! `build.rs`:
//!
//! ```no_run
//! fn main() {
//!     // Was: cc::Build::new()
//!     exasm_build::Build::new()
//!         .file("csrc/popcount.c")
//!         .file("csrc/rdtsc.c")
//!         .include("csrc/include")
//!         .define("FAST_PATH", "1")
//!         .flag("-Wno-unused-parameter")
//!         .compile("fast");
//! }
//! ```
//!
//! `src/lib.rs` then declares the C functions and links `libfast.a` as with `cc`:
//!
//! ```ignore
//! extern "C" {
//!     fn popcount64(x: u64) -> u32;
//! }
//! ```
//!
//! Build with any compiler `cc` can select, say `CC=chibicc cargo build`: the asm runs as gcc
//! would have compiled it. x86-64 targets only; MSVC (which takes no gcc flags) is not
//! supported yet, and says so.

// The example is a whole `build.rs`, `fn main` included.
#![allow(clippy::needless_doctest_main)]

use exasm_core::target::Platform;
use exasm_unit::{compilers, gccflags, Backend, CCompiler, Options, Preprocessor, Unit};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What went wrong in [`Build::try_compile`].
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// The kind of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `cc` could not configure or run a tool (its own error, as text).
    Cc,
    /// The C has errors: gcc's diagnostics, or asm exasm cannot lower, worded as gcc prints
    /// them.
    Diagnostics,
    /// The preprocessor, the compiler, the assembler or rustc failed.
    ToolFailed,
    /// A file could not be read or written.
    Io,
    /// What exasm does not do (yet): a target that is not x86-64, an MSVC compiler.
    Unsupported,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into() }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message: for [`ErrorKind::Diagnostics`], the diagnostics as gcc prints them.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<cc::Error> for Error {
    fn from(e: cc::Error) -> Error {
        Error::new(ErrorKind::Cc, e.to_string())
    }
}

fn io(what: &Path, e: std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("{}: {}", what.display(), exasm_unit::report::os_message(&e)))
}

/// A static library of C files (and assembly, C++, objects) with GCC extended asm: `cc::Build`
/// with asm lowered by exasm. Every `cc::Build` setting not forwarded here is reached with
/// [`Build::cc`].
#[derive(Clone, Debug)]
pub struct Build {
    cc: cc::Build,
    /// The C files exasm lowers.
    c_files: Vec<PathBuf>,
    /// Files `cc` builds as they are (assembly, C++).
    other_files: Vec<PathBuf>,
    backend: Backend,
    out_dir: Option<PathBuf>,
    target: Option<String>,
    cargo_metadata: bool,
}

impl Default for Build {
    fn default() -> Build {
        Build::new()
    }
}

/// Forwards a setter to the `cc::Build`.
macro_rules! forward {
    ($(#[$doc:meta] $name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[$doc]
            pub fn $name(&mut self, $($arg: $ty),*) -> &mut Build {
                self.cc.$name($($arg),*);
                self
            }
        )*
    };
}

impl Build {
    /// A build configured as `cc::Build::new()` is.
    pub fn new() -> Build {
        Build { cc: cc::Build::new(), c_files: Vec::new(), other_files: Vec::new(), backend: Backend::Gas, out_dir: None, target: None, cargo_metadata: true }
    }

    /// The `cc::Build` underneath, for settings not forwarded here (its files are exasm's to
    /// manage: add them with [`Build::file`]).
    pub fn cc(&mut self) -> &mut cc::Build {
        &mut self.cc
    }

    /// Adds a file: C (`.c`) is lowered by exasm; anything else (`.s`, `.S`, `.cpp`) is built
    /// by `cc` as it is.
    pub fn file<P: AsRef<Path>>(&mut self, p: P) -> &mut Build {
        let p = p.as_ref().to_path_buf();
        if p.extension() == Some(OsStr::new("c")) {
            self.c_files.push(p);
        } else {
            self.other_files.push(p);
        }
        self
    }

    /// Adds files ([`Build::file`]).
    pub fn files<P>(&mut self, p: P) -> &mut Build
    where
        P: IntoIterator,
        P::Item: AsRef<Path>,
    {
        for f in p {
            self.file(f);
        }
        self
    }

    /// Adds an include directory.
    pub fn include<P: AsRef<Path>>(&mut self, dir: P) -> &mut Build {
        self.cc.include(dir);
        self
    }

    /// Adds include directories.
    pub fn includes<P>(&mut self, dirs: P) -> &mut Build
    where
        P: IntoIterator,
        P::Item: AsRef<Path>,
    {
        self.cc.includes(dirs);
        self
    }

    /// `-D var[=val]`.
    pub fn define<'a, V: Into<Option<&'a str>>>(&mut self, var: &str, val: V) -> &mut Build {
        self.cc.define(var, val);
        self
    }

    /// Adds a flag for the compiler.
    pub fn flag(&mut self, flag: impl AsRef<OsStr>) -> &mut Build {
        self.cc.flag(flag);
        self
    }

    /// Adds flags for the compiler.
    pub fn flags<I>(&mut self, flags: I) -> &mut Build
    where
        I: IntoIterator,
        I::Item: AsRef<OsStr>,
    {
        self.cc.flags(flags);
        self
    }

    /// Adds a flag when the compiler takes it.
    pub fn flag_if_supported(&mut self, flag: impl AsRef<OsStr>) -> &mut Build {
        self.cc.flag_if_supported(flag);
        self
    }

    /// The compiler, in place of what `cc` would find (`CC`, `CC_<target>`, ...).
    pub fn compiler<P: AsRef<Path>>(&mut self, compiler: P) -> &mut Build {
        self.cc.compiler(compiler);
        self
    }

    /// The archiver.
    pub fn archiver<P: AsRef<Path>>(&mut self, archiver: P) -> &mut Build {
        self.cc.archiver(archiver);
        self
    }

    /// The target triple, in place of `TARGET`.
    pub fn target(&mut self, target: &str) -> &mut Build {
        self.cc.target(target);
        self.target = Some(target.to_string());
        self
    }

    /// Where objects and the archive go, in place of `OUT_DIR`.
    pub fn out_dir<P: AsRef<Path>>(&mut self, out_dir: P) -> &mut Build {
        self.cc.out_dir(&out_dir);
        self.out_dir = Some(out_dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:` lines (link directives, `rerun-if-changed`): on by default.
    pub fn cargo_metadata(&mut self, cargo_metadata: bool) -> &mut Build {
        self.cc.cargo_metadata(cargo_metadata);
        self.cargo_metadata = cargo_metadata;
        self
    }

    /// What the thunks are written in: GNU assembly (the default), or Rust `asm!` compiled by
    /// rustc (`$RUSTC`), for toolchains without a GNU assembler.
    pub fn backend(&mut self, backend: Backend) -> &mut Build {
        self.backend = backend;
        self
    }

    forward! {
        /// The host triple, in place of `HOST`.
        host(host: &str);
        /// The optimization level, in place of `OPT_LEVEL`.
        opt_level(level: u32);
        /// Debug information, in place of `DEBUG`.
        debug(debug: bool);
        /// `-fPIC` (on by default, as with `cc`).
        pic(pic: bool);
        /// The C standard (`-std=`).
        std(std: &str);
        /// The compiler's usual warnings.
        warnings(warnings: bool);
        /// The compiler's extra warnings.
        extra_warnings(warnings: bool);
        /// Warnings as errors.
        warnings_into_errors(on: bool);
        /// Whether `cc` turns compiler warnings into `cargo:warning=` lines.
        cargo_warnings(on: bool);
        /// Whether `cc` prints what it runs as `cargo:` debug lines.
        cargo_debug(on: bool);
        /// No default flags from `cc`.
        no_default_flags(on: bool);
        /// Forces the frame pointer.
        force_frame_pointer(on: bool);
    }

    /// Builds `lib<output>.a` and prints the `cargo:` lines; on failure prints why and exits
    /// the build script, as `cc::Build::compile` does.
    pub fn compile(&self, output: &str) {
        if let Err(e) = self.try_compile(output) {
            eprintln!("\n\nerror occurred in exasm-build: {e}\n\n");
            std::process::exit(1);
        }
    }

    /// Builds the objects of every file, lowering the C through exasm: their paths.
    pub fn try_compile_intermediates(&self) -> Result<Vec<PathBuf>, Error> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::new(ErrorKind::Cc, "OUT_DIR is not set (exasm-build runs in a build script, or is given Build::out_dir)"))?,
        };
        let work = out_dir.join("exasm");
        std::fs::create_dir_all(&work).map_err(|e| io(&work, e))?;
        let target = self.target.clone().or_else(|| std::env::var("TARGET").ok()).unwrap_or_default();
        if !target.is_empty() && !target.starts_with("x86_64") {
            return Err(Error::new(ErrorKind::Unsupported, format!("exasm lowers x86-64 asm only, and the target is {target}")));
        }
        // Thunks follow the System V ABI in ELF, or Win64 in PE/COFF for MinGW-w64.
        let platform = if target.contains("windows-gnu") { Platform::MinGW } else { Platform::Linux };
        if target.contains("apple") || target.contains("windows") && platform != Platform::MinGW {
            return Err(Error::new(ErrorKind::Unsupported, format!("exasm-build makes System V ELF and MinGW-w64 thunks, and the target is {target} (MSVC and macOS are not supported yet; `exasm lower --target x86_64-pc-windows-msvc` lowers for MSVC)")));
        }
        let tool = self.cc.try_get_compiler()?;
        if tool.is_like_msvc() {
            return Err(Error::new(ErrorKind::Unsupported, format!("exasm-build needs a compiler that takes gcc's flags (gcc, clang, chibicc, tcc), not the MSVC-like '{}'", tool.path().display())));
        }
        let compiler = tool.path().to_string_lossy().into_owned();
        let kind = CCompiler::of(&compiler);
        // The flags `cc` chose, as the compiler takes them (chibicc and tcc reject what they
        // do not know, as `exasm cc` filters them).
        let args: Vec<String> = tool.args().iter().map(|a| a.to_string_lossy().into_owned()).filter(|a| compilers::accepts(kind, a)).collect();
        let (_, compile_flags) = split_preprocessor_flags(&args);
        let bundled = compilers::install_headers(kind, &work).map_err(|e| Error::new(ErrorKind::Io, e))?;
        let mut pp = Preprocessor::for_compiler(&compiler, kind, &args, bundled.as_deref(), &work).map_err(|e| Error::new(ErrorKind::ToolFailed, e))?.data_model(gccflags::data_model(platform));
        // Comments stay for the compiler of the lowered C (`/* fall through */`).
        pp.args.push("-C".into());
        let mut flags = gccflags::parse(&compile_flags, platform).map_err(|e| Error::new(ErrorKind::Cc, e))?;
        flags.ask_compiler_for_isa(if kind == CCompiler::Gcc { &compiler } else { "gcc" }).map_err(|e| Error::new(ErrorKind::ToolFailed, e))?;
        for w in &flags.warnings {
            self.warn(&format!("exasm: warning: {w}"));
        }
        let options = Options { backend: self.backend, ..Options::new(kind, flags.target) };
        // gcc compiles the lowered C as its own preprocessed output.
        let as_preprocessed = kind == CCompiler::Gcc && tool.is_like_gnu();
        let mut objects = Vec::new();
        let mut assembly = Vec::new();
        let mut depends: BTreeSet<PathBuf> = BTreeSet::new();
        for file in &self.c_files {
            let name = file.display().to_string();
            let unit = Unit::preprocess(file, &name, &pp).map_err(|e| match e {
                exasm_unit::FrontError::Preprocess { stderr, .. } => Error::new(ErrorKind::ToolFailed, format!("{} -E failed on {name}:\n{stderr}", pp.command)),
                other => Error::new(ErrorKind::ToolFailed, other.to_string()),
            })?;
            eprint!("{}", unit.preprocessor_messages);
            depends.extend(unit.included_files());
            let diagnostics = exasm_unit::report::Options::default();
            let mut lowered = match unit.lower(&options) {
                Ok(l) => l,
                Err(exasm_unit::Error::Diagnostics(d)) => return Err(Error::new(ErrorKind::Diagnostics, unit.format_diagnostics(&d, &diagnostics))),
                Err(exasm_unit::Error::Options(e)) => return Err(Error::new(ErrorKind::Unsupported, e)),
            };
            if !lowered.warnings.is_empty() {
                self.warn(&unit.format_diagnostics(&lowered.warnings, &diagnostics));
            }
            if kind == CCompiler::Chibicc {
                // chibicc applies line markers to tokens of macros defined before them and
                // emits `.loc` lines `as` rejects: they go (each for an empty line).
                lowered.c = lowered.c.lines().map(|l| if l.starts_with("# ") && l[2..].starts_with(|c: char| c.is_ascii_digit()) { "" } else { l }).collect::<Vec<_>>().join("\n");
                lowered.c.push('\n');
            }
            let bytes = exasm_unit::encode(&lowered, unit.encoding).map_err(|e| Error::new(ErrorKind::Io, e))?;
            let base = work.join(format!("{}-{}", file.file_stem().and_then(|s| s.to_str()).unwrap_or("c"), path_hash(file)));
            let with = |suffix: &str| {
                let mut p = base.clone().into_os_string();
                p.push(suffix);
                PathBuf::from(p)
            };
            let (c_path, s_path, c_obj) = (with(if as_preprocessed { ".i" } else { ".c" }), with(".thunks.s"), with(".o"));
            std::fs::write(&c_path, &bytes.c).map_err(|e| io(&c_path, e))?;
            std::fs::write(&s_path, &bytes.s).map_err(|e| io(&s_path, e))?;
            // The asm-free C, by the selected compiler.
            let mut cmd = Command::new(tool.path());
            cmd.envs(tool.get_envs()).args(&compile_flags);
            if as_preprocessed {
                // Its only directives are exasm's `#define`s: gcc expands them and nothing else.
                cmd.args(["-x", "cpp-output", "-fdirectives-only"]);
            }
            if kind == CCompiler::Chibicc {
                // chibicc's objects carry no `.note.GNU-stack` (the linker would make the stack
                // executable): its assembly gets one and is assembled with the thunks.
                let c_asm = with(".c.s");
                run(cmd.arg("-S").arg(&c_path).arg("-o").arg(&c_asm))?;
                let mut text = std::fs::read(&c_asm).map_err(|e| io(&c_asm, e))?;
                text.extend_from_slice(b"\n\t.section .note.GNU-stack,\"\",@progbits\n");
                std::fs::write(&c_asm, text).map_err(|e| io(&c_asm, e))?;
                assembly.push(c_asm);
            } else {
                run(cmd.arg("-c").arg(&c_path).arg("-o").arg(&c_obj))?;
                objects.push(c_obj);
            }
            match self.backend {
                Backend::Gas => assembly.push(s_path),
                Backend::Rust => {
                    let rs = with(".thunks.rs");
                    let rs_obj = with(".thunks.o");
                    std::fs::write(&rs, bytes.rs.unwrap_or_default()).map_err(|e| io(&rs, e))?;
                    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
                    let mut cmd = Command::new(rustc);
                    cmd.args(["--edition", "2021", "--crate-type", "lib", "--emit", "obj", "-O", "-C", "panic=abort", "-C", "codegen-units=1", "-C", "relocation-model=pic", "--crate-name"]).arg(format!("exasm_thunks_{}", path_hash(file)));
                    if !target.is_empty() {
                        cmd.arg("--target").arg(&target);
                    }
                    run(cmd.arg(&rs).arg("-o").arg(&rs_obj))?;
                    objects.push(rs_obj);
                }
            }
        }
        // The thunks (and chibicc's assembly), and every file that is not C, through `cc`:
        // its assembler support, with gcc's driver for chibicc and tcc, which assemble no `.S`.
        if !assembly.is_empty() || !self.other_files.is_empty() {
            let mut rest = self.cc.clone();
            rest.files(assembly.iter().chain(&self.other_files)).out_dir(work.join("cc"));
            if kind != CCompiler::Gcc {
                rest.compiler("gcc");
            }
            objects.extend(rest.try_compile_intermediates()?);
        }
        if self.cargo_metadata {
            for d in &depends {
                println!("cargo:rerun-if-changed={}", d.display());
            }
        }
        Ok(objects)
    }

    /// Builds `lib<output>.a` in the output directory from every file, and prints the
    /// `cargo:` lines that link it (as `cc::Build::try_compile` does) and the
    /// `cargo:rerun-if-changed` lines of every source and header.
    pub fn try_compile(&self, output: &str) -> Result<(), Error> {
        let objects = self.try_compile_intermediates()?;
        let library = self.cc.try_create_archive(output, &objects)?;
        if self.cargo_metadata {
            cc::try_emit_link_directives(&self.cc, &library)?;
        }
        Ok(())
    }

    /// Prints a warning as `cc` prints the compiler's: one `cargo:warning=` line per line.
    fn warn(&self, text: &str) {
        for line in text.lines() {
            if self.cargo_metadata {
                println!("cargo:warning={line}");
            } else {
                eprintln!("{line}");
            }
        }
    }
}

/// The preprocessor's flags among a compiler's (`-I`, `-D`, `-U`, `-include`, `-isystem`,
/// ...), apart from the others: the lowered C is preprocessed already.
fn split_preprocessor_flags(args: &[String]) -> (Vec<String>, Vec<String>) {
    const WITH_VALUE: [&str; 10] = ["-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-Xpreprocessor", "-MF"];
    let (mut cpp, mut rest) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if WITH_VALUE.contains(&a.as_str()) {
            cpp.extend(args[i..(i + 2).min(args.len())].iter().cloned());
            i += 2;
            continue;
        }
        if ["-I", "-D", "-U", "-isystem", "-iquote", "-idirafter"].iter().any(|p| a.starts_with(p)) || a == "-nostdinc" {
            cpp.push(a.clone());
        } else {
            rest.push(a.clone());
        }
        i += 1;
    }
    (cpp, rest)
}

/// A short hash of a path: two sources with one name in different directories get different
/// outputs.
fn path_hash(p: &Path) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in p.as_os_str().as_encoded_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
}

/// Runs a tool; its messages go to standard error (cargo shows them when the build fails).
fn run(cmd: &mut Command) -> Result<(), Error> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let status = cmd.status().map_err(|e| Error::new(ErrorKind::ToolFailed, format!("cannot run '{program}': {}", exasm_unit::report::os_message(&e))))?;
    if status.success() {
        Ok(())
    } else {
        let args: Vec<String> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        Err(Error::new(ErrorKind::ToolFailed, format!("'{program} {}' failed ({status})", args.join(" "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build outside cargo: everything `cc` would read from cargo's environment, given.
    fn build(dir: &Path) -> Build {
        let mut b = Build::new();
        b.target("x86_64-unknown-linux-gnu").host("x86_64-unknown-linux-gnu").opt_level(0).debug(false).out_dir(dir).cargo_metadata(false).compiler("gcc");
        b
    }

    #[test]
    fn asm_gcc_rejects_fails_the_build_with_gccs_diagnostic() {
        let dir = std::env::temp_dir().join(format!("exasm-build-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.c");
        std::fs::write(&file, "int f(int y)\n{\n    int x;\n    asm(\"\" : \"=r\"(x) : \"i\"(y));\n    return x;\n}\n").unwrap();
        let e = build(&dir).file(&file).try_compile("bad").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Diagnostics, "{e}");
        let gcc = Command::new("gcc").args(["-c", "-o"]).arg(dir.join("gcc.o")).arg(&file).output().unwrap();
        let gcc_errors: Vec<String> = String::from_utf8_lossy(&gcc.stderr).lines().filter(|l| l.contains(": error: ")).map(str::to_string).collect();
        let ours: Vec<String> = e.message().lines().filter(|l| l.contains(": error: ")).map(str::to_string).collect();
        assert!(!gcc_errors.is_empty());
        assert_eq!(ours, gcc_errors);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn both_backends_build_objects_that_print_what_gccs_build_prints() {
        let dir = std::env::temp_dir().join(format!("exasm-build-backends-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ok.c");
        let source = r#"#include <stdio.h>
static int add(int a, int b) { int r; asm("lea (%1,%2), %0" : "=r"(r) : "r"(a), "r"(b)); return r; }
static unsigned long counter;
int main(void)
{
    unsigned long hi, lo;
    asm("mulq %3" : "=a"(lo), "=d"(hi) : "0"(0xfedcba9876543210UL), "rm"(0x123456789UL) : "cc");
    asm("incq %0" : "+m"(counter));
    printf("%d %lx %lx %lu\n", add(40, 2), hi, lo, counter);
    return 0;
}
"#;
        std::fs::write(&file, source).unwrap();
        let native = dir.join("native");
        assert!(Command::new("gcc").arg(&file).arg("-o").arg(&native).status().unwrap().success());
        let expected = Command::new(&native).output().unwrap().stdout;
        assert!(expected.starts_with(b"42 "), "{}", String::from_utf8_lossy(&expected));
        for backend in [Backend::Gas, Backend::Rust] {
            let out = dir.join(format!("{backend:?}"));
            let objects = build(&out).file(&file).backend(backend).try_compile_intermediates().unwrap();
            let program = out.join("prog");
            assert!(Command::new("gcc").args(&objects).arg("-o").arg(&program).status().unwrap().success(), "{backend:?}");
            assert_eq!(Command::new(&program).output().unwrap().stdout, expected, "{backend:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn other_targets_are_refused_with_a_reason() {
        let e = Build::new().target("aarch64-unknown-linux-gnu").out_dir(std::env::temp_dir()).try_compile("x").unwrap_err();
        assert_eq!((e.kind(), e.message()), (ErrorKind::Unsupported, "exasm lowers x86-64 asm only, and the target is aarch64-unknown-linux-gnu"));
        let e = Build::new().target("x86_64-pc-windows-msvc").out_dir(std::env::temp_dir()).try_compile("x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
        let e = Build::new().target("x86_64-apple-darwin").out_dir(std::env::temp_dir()).try_compile("x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    }

    #[test]
    fn preprocessor_flags_are_told_apart() {
        let args: Vec<String> = ["-O2", "-I", "inc", "-Iother", "-DX=1", "-ffunction-sections", "-include", "h.h", "-m64", "-nostdinc"].iter().map(|s| s.to_string()).collect();
        let (cpp, rest) = split_preprocessor_flags(&args);
        assert_eq!(cpp, ["-I", "inc", "-Iother", "-DX=1", "-include", "h.h", "-nostdinc"]);
        assert_eq!(rest, ["-O2", "-ffunction-sections", "-m64"]);
    }
}
