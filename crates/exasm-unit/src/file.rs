//! A unit's source and options in; lowered C, thunks and located diagnostics out.
//!
//! [`Unit::preprocess`] runs a [`Preprocessor`] (a compiler's `-E` and its flags) over a file
//! and analyzes the result; [`Unit::lower`] lowers it under [`Options`] (the compiler the C is
//! for, the [`Target`], the thunks' [`Backend`]); [`Unit::format_diagnostics`] words what went
//! wrong as gcc prints it (`file:line:col: error: ...`, the source line and its underline).
//!
//! ```no_run
//! use exasm_unit::{Backend, CCompiler, Options, Preprocessor, Unit};
//! let pp = Preprocessor::new("gcc").args(["-Iinclude", "-O2"]);
//! let unit = Unit::preprocess(std::path::Path::new("src/x.c"), "src/x.c", &pp).expect("preprocesses");
//! let target = exasm_unit::gccflags::parse(&["-O2".to_string()], exasm_core::target::Platform::Linux).unwrap().target;
//! match unit.lower(&Options { backend: Backend::Gas, ..Options::new(CCompiler::Gcc, target) }) {
//!     Ok(lowered) => {
//!         let bytes = exasm_unit::encode(&lowered, unit.encoding).unwrap();
//!         std::fs::write("x.lowered.i", &bytes.c).unwrap();
//!         std::fs::write("x.thunks.s", &bytes.s).unwrap();
//!     }
//!     Err(exasm_unit::Error::Diagnostics(d)) => eprint!("{}", unit.format_diagnostics(&d, &exasm_unit::report::Options::default())),
//!     Err(exasm_unit::Error::Options(why)) => eprintln!("exasm: error: {why}"),
//! }
//! ```

use crate::report;
use crate::{CCompiler, Explained, LocatedDiagnostic, Lowered};
use exasm_cfront::{Analysis, DataModel, Encoding, FrontError};
use exasm_core::target::Target;
use std::path::{Path, PathBuf};

/// The preprocessor a unit goes through: a compiler run as `COMMAND -E ARGS... FILE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preprocessor {
    /// The compiler (`gcc`, `clang`, `x86_64-linux-gnu-gcc`).
    pub command: String,
    /// Its flags: `-I`, `-D`, `-U`, `-include`, `-std=`, `-m...`, dependency flags.
    pub args: Vec<String>,
    /// The C data model of the target the text is preprocessed for, which the analysis types
    /// its operands under (LP64 for Linux, LLP64 for Windows).
    pub model: DataModel,
}

impl Preprocessor {
    /// `command` with no flags.
    pub fn new(command: impl Into<String>) -> Preprocessor {
        Preprocessor { command: command.into(), args: Vec::new(), model: DataModel::default() }
    }

    /// The C data model of the target ([`crate::gccflags::data_model`] of its platform).
    pub fn data_model(mut self, model: DataModel) -> Preprocessor {
        self.model = model;
        self
    }

    /// Adds flags.
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Preprocessor {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// The preprocessor for C that `compiler` compiles (`compiler_kind`, usually
    /// [`CCompiler::of`] its name), with the user's `flags`: the compiler itself, except for
    /// chibicc, whose `-E` keeps only the first of adjacent string literals (and so loses asm
    /// templates): gcc's preprocessor configured as chibicc ([`crate::compilers::chibicc_cpp_args`],
    /// which runs chibicc once to read its predefined macros; `scratch` is a directory for its
    /// probe file). `bundled`: the directory of exasm's headers for the compiler
    /// ([`crate::compilers::install_headers`]), searched after the user's.
    pub fn for_compiler(compiler: &str, compiler_kind: CCompiler, flags: &[String], bundled: Option<&Path>, scratch: &Path) -> Result<Preprocessor, String> {
        let bundled: Vec<String> = bundled.iter().flat_map(|inc| ["-isystem".to_string(), inc.display().to_string()]).collect();
        match compiler_kind {
            CCompiler::Chibicc => {
                let extra = crate::compilers::chibicc_cpp_args(compiler, scratch)?;
                Ok(Preprocessor { command: "gcc".into(), args: flags.iter().cloned().chain(bundled).chain(extra).collect(), model: DataModel::default() })
            }
            _ => Ok(Preprocessor { command: compiler.into(), args: flags.iter().cloned().chain(bundled).collect(), model: DataModel::default() }),
        }
    }
}

/// The backend the thunks are written for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Backend {
    /// GNU assembly ([`Lowered::s`]), assembled by `as`.
    #[default]
    Gas,
    /// Rust `asm!` and naked functions ([`Lowered::rs`], besides the assembly), compiled by
    /// rustc as a staticlib or an object.
    Rust,
}

/// How a unit is lowered.
#[derive(Clone, Debug)]
pub struct Options {
    /// The compiler the lowered C is for.
    pub compiler: CCompiler,
    /// The target the flags select ([`crate::gccflags::parse`]).
    pub target: Target,
    /// What the thunks are written in.
    pub backend: Backend,
    /// `-fsyntax-only`: nothing will run; statements gcc's front end accepts are lowered as far
    /// as they can be, the others to a trap.
    pub syntax_only: bool,
}

impl Options {
    /// GNU assembly thunks for C compiled by `compiler` for `target`.
    pub fn new(compiler: CCompiler, target: Target) -> Options {
        Options { compiler, target, backend: Backend::Gas, syntax_only: false }
    }
}

/// Why [`Unit::lower`] made nothing.
#[derive(Debug)]
pub enum Error {
    /// Diagnostics about the input (gcc's, or what exasm cannot lower), warnings included, in
    /// order: print them with [`Unit::format_diagnostics`]. A compiler exits with status 1.
    Diagnostics(Vec<LocatedDiagnostic>),
    /// The options ask for what cannot be done: a usage error (status 2).
    Options(String),
}

/// One translation unit, preprocessed and analyzed.
pub struct Unit {
    /// The name diagnostics give the input (its path, or `<stdin>`).
    pub name: String,
    /// The preprocessed text, with its line markers.
    pub text: String,
    /// How the input's bytes are held in `text`; outputs are written back the same way
    /// ([`crate::encode`]).
    pub encoding: Encoding,
    /// What the front end found.
    pub analysis: Analysis,
    /// What the preprocessor printed (`#warning`, `-Wundef`), to show as it showed it.
    pub preprocessor_messages: String,
}

impl Unit {
    /// Preprocesses the file at `path` with `preprocessor` and analyzes it. `name` is what
    /// diagnostics and line markers call it: the path as given, or another name for a
    /// temporary copy (`<stdin>`), which then replaces the copy's path in both.
    pub fn preprocess(path: &Path, name: &str, preprocessor: &Preprocessor) -> Result<Unit, FrontError> {
        let opts = exasm_cfront::Options { cc: Some(preprocessor.command.clone()), cpp_args: preprocessor.args.clone() };
        let mut pre = exasm_cfront::preprocess(path, &opts)?;
        let shown = path.display().to_string();
        if name != shown {
            pre.text = pre.text.replace(&format!("\"{shown}\""), &format!("\"{name}\""));
            pre.diagnostics = pre.diagnostics.replace(&shown, name);
        }
        Ok(Unit::from_text(name, pre.text, pre.encoding, pre.diagnostics, preprocessor.model))
    }

    /// A unit of C preprocessed already (a `.i` file's bytes), as gcc compiles one, for a
    /// target of data model `model`.
    pub fn from_preprocessed(name: &str, bytes: Vec<u8>, model: DataModel) -> Unit {
        let (text, encoding) = Encoding::decode(bytes);
        Unit::from_text(name, text, encoding, String::new(), model)
    }

    /// Analyzes preprocessed `text` under data model `model`.
    pub fn from_text(name: &str, text: String, encoding: Encoding, preprocessor_messages: String, model: DataModel) -> Unit {
        let analysis = exasm_cfront::analyze_for(&text, name, model);
        Unit { name: name.to_string(), text, encoding, analysis, preprocessor_messages }
    }

    /// Every statement decoded, allocated and rendered, with the diagnostics gcc would print
    /// ([`crate::explain`]).
    pub fn explain(&self, target: &Target, syntax_only: bool) -> (Vec<Explained<'_>>, Vec<LocatedDiagnostic>) {
        crate::explain(&self.text, &self.analysis, target, syntax_only)
    }

    /// Lowers the unit ([`crate::lower`]): asm-free C, thunks, and the warnings to print; or
    /// why it cannot be lowered.
    pub fn lower(&self, options: &Options) -> Result<Lowered, Error> {
        let target = &options.target;
        let rust = options.backend == Backend::Rust;
        // rustc saves only the ABI's callee-saved registers around a Rust thunk.
        let made_call_saved = target.call_saved().minus(Target::default().call_saved());
        if rust && !made_call_saved.is_empty() && !self.analysis.statements.is_empty() {
            let names: Vec<String> = made_call_saved.iter().map(|r| r.to_string()).collect();
            return Err(Error::Options(format!("Rust thunks cannot keep registers made call-saved (-fcall-saved-{}); use the gas backend", names.join(", -fcall-saved-"))));
        }
        crate::lower(&self.text, &self.name, &self.analysis, target, options.compiler, rust, options.syntax_only).map_err(Error::Diagnostics)
    }

    /// The unit's diagnostics printer ([`report::Unit`]): what the CLI prints with.
    pub fn reporter(&self) -> report::Unit<'_> {
        report::Unit::new(&self.text, &self.analysis)
    }

    /// `diagnostics` as gcc 12 prints them under `options` (the `-fdiagnostics-*` flags,
    /// [`report::Options::from_args`]): `In function` lines, `file:line:col: error: ...`, the
    /// source line and its underline; colour only under `-fdiagnostics-color=always`.
    pub fn format_diagnostics(&self, diagnostics: &[LocatedDiagnostic], options: &report::Options) -> String {
        let mut r = report::Reporter::captured(options);
        let unit = self.reporter();
        for d in diagnostics {
            unit.emit(&mut r, d, None);
        }
        String::from_utf8_lossy(&r.take()).into_owned()
    }

    /// Every file the preprocessor read text from, in the order it entered them (the main file
    /// first), from the line markers: what a build depends on. `<built-in>` and
    /// `<command-line>` are not files.
    pub fn included_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for line in self.text.lines().filter(|l| l.starts_with('#')) {
            let Some(m) = crate::markers::Marker::parse(line) else { continue };
            if m.file.starts_with('<') && m.file.ends_with('>') {
                continue;
            }
            let path = PathBuf::from(m.file);
            if !out.contains(&path) {
                out.push(path);
            }
        }
        out
    }
}
