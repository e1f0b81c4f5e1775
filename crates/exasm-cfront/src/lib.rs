//! exasm-cfront: the C front end of exasm. It finds every asm statement of a C file, at
//! function and file scope, types each operand expression the way gcc does, and reports gcc's
//! C-level diagnostics about operands, at gcc's `file:line:col`.
//!
//! # Design: type operands from the declarations they reach, and nothing more
//!
//! The front end is not a C compiler: whatever in a function exasm does not need stays the
//! compiler's business. The pipeline, one module per step:
//!
//! 1. [`preprocess`] runs `cc -E` (input preprocessed already, `.i`, is read as it is);
//! 2. `scan` tokenizes the preprocessed text once (every later step reuses these tokens), finds
//!    asm statements, asm labels, top-level items and function bodies (old-style definitions
//!    included), and rewrites the text for lang-c without moving a byte: asm statements become
//!    calls whose arguments are the operand expressions, bodies without asm are blanked, GNU
//!    keywords lang-c lacks become same-length stand-ins whose offsets are remembered
//!    (`__int128`, `__thread`, `__seg_gs`, `__real__`, attributes after `struct`, `&&label`);
//! 3. `reduce` cuts the text down to what the operands need. In a function holding asm, a
//!    token-level walk over its statements keeps the parameters, the declarations visible at
//!    each asm statement (enclosing blocks, `for` headers) and the asm statements; every other
//!    statement is blanked and never parsed — expression statements, control flow, nested
//!    functions, computed gotos, whatever lang-c could not parse. The walk also collects the
//!    labels asm goto may jump to. At file scope every item is indexed by the names it declares
//!    (objects, functions, typedefs, tags, enumerators); the items the kept text names, and
//!    those they name in turn (a typedef chain, a struct layout, an array bound), are kept and
//!    the rest of the unit — most of every header — is blanked;
//! 4. `cparse`, exasm's own recursive-descent parser, reads the reduced text (declarations and
//!    operand expressions only) into lang-c's tree, span for span, one file-scope item at a
//!    time; `sema` walks scopes and declarations and types each operand expression (size,
//!    lvalue, constant value, symbol, register variable, frame or pointer home, named address
//!    space), and each function's tree is freed once typed. lang-c's PEG parser, whose
//!    backtracking and expected-token bookkeeping were most of the front end's time, parses
//!    only a unit `cparse` leaves to it: one where operands reach a TS 18661 type
//!    (`_Float16`, `_Decimal64`), a GNU case range or an asm statement inside a statement
//!    expression, an old-style definition, attributes between a function's declarator and its
//!    body, or one that is not valid C (lang-c's error recovery then applies).
//!    `tests/cparse_vs_langc.rs` holds the two trees equal on every corpus file, c-sample and
//!    real header;
//! 5. `check` reports what gcc's front end and gimplifier report about operands;
//! 6. [`linemap`] maps every offset back to the original `file:line:col`.
//!
//! What is deliberately skipped: statements that are not declarations, function bodies without
//! asm, file-scope items no operand reaches, nested function definitions, declarations after
//! the last asm statement of their block. Skipped code is never checked: a syntax error there
//! is the compiler's to report. When a declaration an operand needs cannot be parsed, the
//! operands of that statement are reported untyped with the location where parsing stopped;
//! an unknown identifier is reported by name. Setting `EXASM_DUMP_REDUCED` prints the reduced
//! text to standard error (a developer's aid).
//!
//! Not handled yet: a function with an implicit `int` return type (`f(x) { ... }`: lang-c
//! needs declaration specifiers; its statements are reported untyped).
//!
//! ```
//! let src = "# 1 \"t.c\"\nint g[4];\nvoid f(long x) {\n  __asm__ (\"add %1, %0\" : \"+r\" (x) : \"i\" (&g[2]));\n}\n";
//! let a = exasm_cfront::analyze(src, "t.c");
//! let site = &a.statements[0];
//! assert_eq!(site.function.as_deref(), Some("f"));
//! assert_eq!(site.location.to_string(), "t.c:3:3");
//! assert_eq!(site.operands[0].c_type, "long");
//! assert_eq!(site.operands[0].facts.size, 8);
//! assert_eq!(
//!     site.operands[1].facts.constant,
//!     Some(exasm_core::facts::ConstValue::Symbol {
//!         name: "g".into(), offset: 8, kind: exasm_core::facts::SymbolKind::Data, local: false,
//!     })
//! );
//! ```
#![warn(missing_docs)]

mod check;
mod encoding;
pub mod linemap;
mod cparse;
mod reduce;
mod scan;
mod sema;
mod types;

use exasm_core::diag::{Diagnostic, Span};
use exasm_core::facts::{ConstValue, MemHome, OperandFacts, SymbolKind};
use exasm_core::stmt::AsmStmt;
pub use encoding::{Encoding, Preprocessed};
pub use types::DataModel;
pub use linemap::{LineMap, Located, Location};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::process::Command;

/// How to run the preprocessor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The compiler run as `CC -E`; `None` means `$CC`, else `cc`.
    pub cc: Option<String>,
    /// Arguments passed through to the preprocessor (`-I`, `-D`, `-U`, `-include`, `-std=`,
    /// `-m...`).
    pub cpp_args: Vec<String>,
}

/// Why [`preprocess`] failed.
#[derive(Debug)]
pub enum FrontError {
    /// The compiler could not be started.
    Spawn {
        /// The compiler.
        cc: String,
        /// The error from the operating system.
        error: std::io::Error,
    },
    /// The preprocessor exited with an error; its standard error is kept.
    Preprocess {
        /// Exit status.
        status: std::process::ExitStatus,
        /// What it printed.
        stderr: String,
    },
    /// Preprocessed input (`.i`, `-x cpp-output`) could not be read.
    Read {
        /// The input.
        path: std::path::PathBuf,
        /// The error from the operating system.
        error: std::io::Error,
    },
}

impl fmt::Display for FrontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrontError::Spawn { cc, error } => write!(f, "cannot run '{cc}': {error}"),
            FrontError::Preprocess { status, stderr } => {
                write!(f, "preprocessing failed ({status}):\n{stderr}")
            }
            FrontError::Read { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for FrontError {}

/// Runs `CC -E` on `input` (no shell) and returns the preprocessed text, line markers included
/// (comments too under `-C`, which [`analyze`] reads as blanks), and how its bytes are held
/// ([`Encoding`]). Input that is preprocessed
/// already ([`is_preprocessed`]: a `.i` file, or `-x cpp-output` among the arguments) is read
/// as it is, as gcc takes it: preprocessing it again would find nothing to do (`gcc -E x.i`
/// prints nothing).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("x.c");
/// std::fs::write(&path, "#define N 3\nint a[N];\n").unwrap();
/// let pre = exasm_cfront::preprocess(&path, &exasm_cfront::Options::default()).unwrap();
/// assert!(pre.text.contains("int a[3];"));
/// ```
pub fn preprocess(input: &Path, opts: &Options) -> Result<Preprocessed, FrontError> {
    if is_preprocessed(input, &opts.cpp_args) {
        let bytes = std::fs::read(input).map_err(|error| FrontError::Read { path: input.to_path_buf(), error })?;
        let (text, encoding) = Encoding::decode(bytes);
        return Ok(Preprocessed { text, encoding, diagnostics: String::new() });
    }
    let cc = opts
        .cc
        .clone()
        .or_else(|| std::env::var("CC").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "cc".to_string());
    let out = Command::new(&cc)
        .arg("-E")
        .args(&opts.cpp_args)
        .arg(input)
        .output()
        .map_err(|error| FrontError::Spawn {
            cc: cc.clone(),
            error,
        })?;
    if !out.status.success() {
        return Err(FrontError::Preprocess {
            status: out.status,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    }
    let (text, encoding) = Encoding::decode(out.stdout);
    Ok(Preprocessed { text, encoding, diagnostics: String::from_utf8_lossy(&out.stderr).into_owned() })
}

/// The text with every comment turned into spaces, newlines kept: the same offsets and lines,
/// as the analysis reads it (preprocessing with `-C` keeps comments for the compiler).
///
/// ```
/// let t = "int f(void) /* (no) */ {\n// }\n}\n";
/// let b = exasm_cfront::blank_comments(t);
/// assert_eq!(b.len(), t.len());
/// assert_eq!(b, "int f(void)            {\n    \n}\n");
/// ```
pub fn blank_comments(text: &str) -> std::borrow::Cow<'_, str> {
    scan::blank_comments(text)
}

/// Is `input` preprocessed C already? As gcc decides: the last `-x` among `args` names its
/// language (`cpp-output` is preprocessed C; `none` goes back to the suffix), else the suffix
/// `.i` says so.
///
/// ```
/// use exasm_cfront::is_preprocessed;
/// use std::path::Path;
/// assert!(is_preprocessed(Path::new("a.i"), &[]));
/// assert!(!is_preprocessed(Path::new("a.c"), &[]));
/// assert!(is_preprocessed(Path::new("a.c"), &["-x".to_string(), "cpp-output".to_string()]));
/// assert!(!is_preprocessed(Path::new("a.i"), &["-xc".to_string()]));
/// ```
pub fn is_preprocessed(input: &Path, args: &[String]) -> bool {
    let mut lang = None;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if a == "-x" {
            lang = words.next().map(String::as_str);
        } else if let Some(l) = a.strip_prefix("-x") {
            lang = Some(l);
        }
    }
    match lang.filter(|l| *l != "none") {
        Some(l) => l == "cpp-output",
        None => input.extension().is_some_and(|e| e == "i"),
    }
}

/// Everything the front end found in one translation unit.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Every asm statement, function scope and file scope, in source order.
    pub statements: Vec<AsmSite>,
    /// Asm labels on declarations (`int foo(void) __asm__("bar");`), in source order.
    pub asm_labels: Vec<AsmLabel>,
    /// C-level diagnostics in gcc's order: statement syntax and operand errors as each
    /// statement is parsed, undefined asm goto labels at the end of each function, then the
    /// memory-input errors of every function gcc compiles (at -O0: all but unused inline ones).
    pub diagnostics: Vec<Located<Diagnostic>>,
    /// How many of [`Analysis::diagnostics`] come first from gcc's front end (the rest are
    /// gimplification's): what `gcc -fsyntax-only` reports.
    pub front_end_diagnostics: usize,
    /// Regions of the reduced text lang-c could not parse; they were blanked, and asm
    /// statements whose operands need them are reported without operand types.
    pub skipped: Vec<Located<String>>,
    /// Register variables declared inside functions with a register name gcc knows, in source
    /// order: gcc checks the register against the type and the target when it compiles the
    /// function (see `exasm_core::regvar`).
    pub register_vars: Vec<RegisterVar>,
    /// Maps offsets in the preprocessed text to original locations.
    pub line_map: LineMap,
    /// File-scope names and the byte ranges of the items declaring them.
    file_index: reduce::FileIndex,
}

/// What the file-scope declarations of one name say ([`Analysis::file_scope_name`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileScopeName {
    /// Byte ranges of the `static` and `inline` keywords of its declarations, in order.
    pub storage_keywords: Vec<(usize, usize)>,
    /// A file-scope declaration of the name says `static`.
    pub is_static: bool,
    /// The unit defines the name as a function.
    pub defined_function: bool,
    /// Some file-scope declaration declares the name.
    pub declared: bool,
}

impl Analysis {
    /// Are there error diagnostics?
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.value.is_error())
    }

    /// What the file-scope declarations of an object or function `name` say, from the index
    /// the front end builds of every top-level item (`text` is the analyzed text).
    ///
    /// ```
    /// let t = "# 1 \"t.c\"\nstatic int n;\nstatic inline int f(int n) { return n; }\nint g(void);\n";
    /// let a = exasm_cfront::analyze(t, "t.c");
    /// assert!(a.file_scope_name(t, "n").is_static);
    /// let f = a.file_scope_name(t, "f");
    /// assert!(f.is_static && f.defined_function && f.storage_keywords.len() == 2);
    /// assert!(a.file_scope_name(t, "g").declared && !a.file_scope_name(t, "h").declared);
    /// ```
    pub fn file_scope_name(&self, text: &str, name: &str) -> FileScopeName {
        let mut found = FileScopeName::default();
        for &(a, e, defines) in self.file_index.names.get(name).map(Vec::as_slice).unwrap_or(&[]) {
            found.declared = true;
            found.defined_function |= defines;
            let mut depth = 0usize;
            // The item's tokens, again (the unit's were freed after the analysis).
            let item = text.get(a..e).unwrap_or("");
            for t in scan::tokenize(item).iter().map(|t| scan::Tok { start: t.start + a, end: t.end + a, ..*t }) {
                match t.text(text) {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth = depth.saturating_sub(1),
                    w @ ("static" | "inline" | "__inline" | "__inline__") if depth == 0 => {
                        found.is_static |= w == "static";
                        found.storage_keywords.push((t.start, t.end));
                    }
                    w if w == name && depth == 0 => break,
                    _ => {}
                }
            }
        }
        found.storage_keywords.sort_unstable();
        found.storage_keywords.dedup();
        found
    }
}

/// `register T name asm ("spec")` inside a function.
#[derive(Clone, Debug)]
pub struct RegisterVar {
    /// The variable's name.
    pub name: String,
    /// The enclosing function's name.
    pub function: Option<String>,
    /// The register as written (`"ebx"`, `"%xmm16"`, `"19"`).
    pub spec: String,
    /// Kind of the type.
    pub kind: exasm_core::facts::ValueKind,
    /// Size of the type in bytes (0 when unknown).
    pub size: u32,
    /// For a `_Complex` type, the kind of its parts.
    pub complex: Option<exasm_core::facts::ValueKind>,
    /// Where gcc reports it: the declarator.
    pub location: Location,
    /// The declarator's offset in the preprocessed text (an empty span).
    pub span: Span,
    /// The enclosing function is `inline` (see [`AsmSite::function_is_static_inline`]).
    pub function_is_static_inline: bool,
    /// The enclosing function is `static`.
    pub function_is_static: bool,
    /// The enclosing `static` or `inline` function is referenced.
    pub function_is_referenced: bool,
    /// Some asm statement of the function has the variable as an operand: gcc then keeps it
    /// when optimizing (otherwise it may drop it before looking at its register).
    pub asm_operand: bool,
}

/// One asm statement with its context and typed operands.
#[derive(Clone, Debug)]
pub struct AsmSite {
    /// The statement, parsed from the preprocessed text (spans are offsets into it).
    pub stmt: AsmStmt,
    /// The statement including its trailing `;`, for rewriting.
    pub stmt_span_with_semicolon: Span,
    /// At file scope (basic asm outside any function).
    pub file_scope: bool,
    /// The enclosing function's name.
    pub function: Option<String>,
    /// The enclosing function is declared `inline` (`static inline`, `inline` or `extern
    /// inline`).
    pub function_is_static_inline: bool,
    /// The enclosing function is declared `static`.
    pub function_is_static: bool,
    /// The enclosing `static` or `inline` function is named outside its own body (a call, an
    /// address taken); gcc compiles such a function only then, or, when it is `static` and not
    /// `inline`, always at `-O0`.
    pub function_is_referenced: bool,
    /// The enclosing function's definition says `extern` (with `inline`: an external
    /// definition under C99 rules, an inline-only one under GNU89 rules).
    pub function_is_extern: bool,
    /// The enclosing function carries `__attribute__((gnu_inline))`: GNU89 inline rules for it
    /// whatever the `-std=`.
    pub function_gnu_inline: bool,
    /// Nothing can call the enclosing function: it has no external definition, and nothing
    /// that may run names it (no call or address from code that may run, no initializer, no
    /// attribute such as `constructor`, no asm text). Only then may a statement exasm cannot
    /// lower become a trap.
    pub function_never_called: bool,
    /// The enclosing function is `__attribute__((naked))`: its asm is its whole body.
    pub function_is_naked: bool,
    /// The enclosing function's body, braces included, and the start of its definition (its
    /// declaration specifiers).
    pub function_body: Option<(Span, usize)>,
    /// For asm goto with outputs: the enclosing function does arithmetic on a `_Complex`
    /// variable (`+ - * / == !=`, unary `-` or `~`, compound assignment), so gcc's complex
    /// lowering runs over it (and refuses an asm goto with a complex output in a register).
    /// A look at tokens: variables declared `_Complex` or `__complex__` in the function.
    pub function_complex_arithmetic: bool,
    /// One per output and input as written (not the hidden inputs of `+`, not labels): outputs
    /// then inputs. Empty when the operands could not be typed; [`AsmSite::untyped`] says why.
    pub operands: Vec<OperandInfo>,
    /// Why the operands could not be typed (an unknown identifier, code lang-c cannot parse).
    pub untyped: Option<String>,
    /// Labels of asm goto, in order, each defined in the enclosing function or not.
    pub labels_defined: Vec<bool>,
    /// Original location of the asm keyword.
    pub location: Location,
    /// The statement is dead code for gcc: it is in the branch of an `if` that runs only when
    /// `__builtin_constant_p(E)` holds (`if (__builtin_constant_p(s)) asm(... "i"(s))`, else
    /// `if (!__builtin_constant_p(s)) ... else asm(...)`) and `E` names a variable. gcc folds
    /// the test to 0 at -O0 and never checks the statement; exasm does so at every level
    /// unless [`AsmSite::constant_guard`] says gcc folds it to 1, and lowering replaces the
    /// test (this span) with `0` and the statement with `{}`.
    pub dead_under: Option<Span>,
    /// The statement is in a branch of an `if` on `__builtin_constant_p(P)` (the span), `P` a
    /// parameter of the function that every call in the unit passes the same integer literal:
    /// when optimizing, gcc folds the test to 1 after inlining (or constant propagation), so
    /// the statement runs exactly when the flag says it runs for a constant (the `then` branch
    /// of a plain test, the `else` of a negated one); the other branch is dead, and the
    /// operands see the parameter's value. Where calls pass different values, or variables,
    /// gcc decides per call site; exasm then takes the path for a variable everywhere (the
    /// same result where both branches compute the same thing, which is what the idiom is
    /// for).
    pub constant_guard: Option<(Span, bool)>,
    /// gcc deletes the statement when it optimizes (-O1 and up): it is not volatile (it has
    /// outputs and no `volatile` or `goto`), every output is an automatic variable of the
    /// function that nothing else in the function names (declared once, address never taken,
    /// not a register variable). gcc's dead-code elimination removes it before expansion, so
    /// it reports nothing past its front end about it (an invalid template included) and the
    /// program never runs it; the inputs' side effects stay. Conservative: a name written
    /// anywhere else keeps the statement.
    pub outputs_unused: bool,
}

/// What the front end knows about one operand expression.
#[derive(Clone, Debug, PartialEq)]
pub struct OperandInfo {
    /// The solver's facts: kind, size, lvalue, read_only, bit_field, addressable, constant,
    /// fixed_reg (register variable) and var_name. `symbol_home` and `hint` are left `None`.
    pub facts: OperandFacts,
    /// A C spelling of the type usable in a cast or prototype in the same translation unit:
    /// `unsigned int`, `long`, `char *` (other pointers are `void *`), `double`, `__int128`;
    /// `__typeof__(EXPR)` for aggregates and vectors.
    pub c_type: String,
    /// The type is a signed integer type.
    pub signed: bool,
    /// The type is `_Complex`.
    pub complex: bool,
    /// The expression designates (part of) an object with static storage.
    pub is_global_object: Option<GlobalRef>,
    /// A value gcc substitutes for the operand although it is no constant expression (see
    /// [`Propagated`]).
    pub propagated: Option<Propagated>,
    /// Where the lvalue lives when it has no static storage, as gcc addresses it in memory: a
    /// slot of the function's frame, or memory through a pointer (keys of pointer and index
    /// values, constant displacement). `None` for what exasm cannot place.
    pub home: Option<MemHome>,
    /// For a home in the frame that is a named variable: that variable.
    pub frame_var: Option<FrameVar>,
    /// A pointer value known as a key (as in [`MemHome`]) plus a byte offset.
    pub pointer_value: Option<(String, i64)>,
}

/// An automatic variable an operand is (part of).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameVar {
    /// Its C name, which designates it at the asm statement.
    pub name: String,
    /// Its size in bytes, when known.
    pub size: Option<u64>,
    /// Its address escapes: something besides the function's own statements may reach it
    /// while the asm runs (its address is taken, an array of it decays, it is `volatile`).
    pub escapes: bool,
}

/// A constant gcc finds for an operand that is no constant expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Propagated {
    /// The value, in the operand's type.
    pub value: ConstValue,
    /// Known without optimization too: a `const` object with static storage and a constant
    /// initializer, which gcc folds at -O0 for an operand whose constraint takes only
    /// constants. Otherwise (a local variable initialized with a constant and never changed, a
    /// parameter every call passes the same literal to) gcc knows it only when optimizing.
    pub unoptimized: bool,
}

/// An object with static storage an operand designates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalRef {
    /// The assembler symbol (after asm labels). For a block-scope `static`, gcc's symbol is
    /// private (`name.N`): this is the C name and [`GlobalRef::block_scope`] is set.
    pub symbol: String,
    /// Byte offset into the object, when constant.
    pub offset: Option<i64>,
    /// Internal (`static`) or external linkage.
    pub linkage: Linkage,
    /// A `static` variable declared inside a function.
    pub block_scope: bool,
    /// A thread-local object (`__thread`, `_Thread_local`).
    #[serde(default)]
    pub thread_local: bool,
    /// The unit defines the object (anywhere in it), rather than only declaring it `extern`.
    #[serde(default)]
    pub defined: bool,
}

/// Linkage of a symbol.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Linkage {
    /// `static`: local to the object file.
    Internal,
    /// Visible to other object files.
    External,
}

/// An asm label on a declaration: `extern int scanf (...) __asm__ ("" "__isoc99_scanf");`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmLabel {
    /// The `__asm__ ("...")` part, in the preprocessed text.
    pub span: Span,
    /// The declared C name.
    pub c_name: String,
    /// The assembler name (string literals concatenated).
    pub asm_name: String,
    /// The file-scope declaration the label is part of (through its `;`); `None` inside a
    /// function.
    pub declaration: Option<Span>,
    /// Original location of the asm keyword.
    pub location: Location,
}

/// How exasm's parser and lang-c's agree on the reduced text of a unit (a test aid).
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
pub enum ParserAgreement {
    /// Both built the same tree, spans included.
    Same,
    /// exasm's parser left the text to lang-c; `true` when lang-c parsed it.
    LeftToLangC(bool),
    /// Both parsed it, to different trees: the first difference, in lang-c's `Debug` form.
    Differ(String),
}

/// Parses the reduced text of `preprocessed` with both parsers and compares the trees.
#[doc(hidden)]
pub fn parser_agreement(preprocessed: &str, file_name: &str) -> ParserAgreement {
    let blanked = scan::blank_comments(preprocessed);
    let (_, scanned, _) = scan_and_reduce(&blanked, file_name);
    let ours = cparse::translation_unit(&scanned.text);
    let config = lang_c::driver::Config::with_gcc();
    let theirs = lang_c::driver::parse_preprocessed(&config, scanned.text.clone()).ok().map(|p| p.unit);
    match (ours, theirs) {
        (None, t) => ParserAgreement::LeftToLangC(t.is_some()),
        (Some(_), None) => ParserAgreement::Differ("lang-c rejects the text exasm's parser accepted".into()),
        (Some(o), Some(t)) => {
            let (o, t) = (format!("{o:?}"), format!("{t:?}"));
            if o == t {
                return ParserAgreement::Same;
            }
            let at = o.bytes().zip(t.bytes()).position(|(a, b)| a != b).unwrap_or(o.len().min(t.len()));
            let window = |s: &str| {
                let from = s.floor_char_boundary(at.saturating_sub(400));
                let to = s.ceil_char_boundary((at + 120).min(s.len()));
                s[from..to].to_string()
            };
            ParserAgreement::Differ(format!("exasm:  ...{}\nlang-c: ...{}", window(&o), window(&t)))
        }
    }
}

/// Analyzes preprocessed C text: every asm statement with typed operands, asm labels, and
/// gcc's C-level diagnostics. `file_name` names the text when it has no line markers. Original
/// files named by the line markers are read, when they exist, to report gcc's columns.
pub fn analyze(preprocessed: &str, file_name: &str) -> Analysis {
    analyze_for(preprocessed, file_name, DataModel::Lp64)
}

/// [`analyze`] under the C data model of the target (LLP64 for Windows: `long` is 4 bytes,
/// so `"=r"(long)` prints `%eax`, as gcc for MinGW prints it).
pub fn analyze_for(preprocessed: &str, file_name: &str, model: DataModel) -> Analysis {
    // The parser, the typing and the tree's drop recurse once per nesting level of an
    // expression or declarator; gcc takes 20,000 nested parentheses, which would overflow a
    // main thread's 8 MiB stack. The analysis runs on a thread whose stack is reserved
    // large (only the pages it touches are ever committed).
    const STACK: usize = 4 << 30;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("exasm-cfront".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || types::with_data_model(model, || analyze_on_this_thread(preprocessed, file_name)))
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            // No thread (a system out of them): run here, with the caller's stack.
            .unwrap_or_else(|_| types::with_data_model(model, || analyze_on_this_thread(preprocessed, file_name)))
    })
}

/// Steps 2 and 3 of the pipeline over `text` (comments blanked): the line map, the scan (its
/// text reduced for the parser) and what the reduction found.
fn scan_and_reduce(text: &str, file_name: &str) -> (LineMap, scan::Scanned, Reduced) {
    let mut line_map = LineMap::with_sources(text);
    line_map.set_default_file(file_name);
    let mut scanned = scan::scan(text, &line_map);
    let toks = std::mem::take(&mut scanned.toks);
    let reduced = reduce::reduce(text, &toks, &mut scanned);
    scanned.toks = toks;
    (line_map, scanned, reduced)
}

/// What [`reduce::reduce`] returns: per-body facts, the file-scope index, dead sites.
type Reduced = (std::collections::HashMap<usize, reduce::BodyFacts>, reduce::FileIndex, Vec<reduce::DeadSite>);

fn analyze_on_this_thread(preprocessed: &str, file_name: &str) -> Analysis {
    // Comments (kept by `-C`) are blanks to the analysis: every offset stays.
    let blanked = scan::blank_comments(preprocessed);
    let text: &str = &blanked;
    let (line_map, mut scanned, (body_facts, file_index, dead)) = scan_and_reduce(text, file_name);
    if std::env::var_os("EXASM_DUMP_REDUCED").is_some() {
        eprintln!("{}", scanned.text);
    }
    // exasm's own parser hands over one item at a time: each function's tree is typed and
    // freed before the next is parsed, so no tree of the whole unit is ever alive. Where it
    // leaves the text to lang-c, the unit is parsed whole (with lang-c's error recovery) and
    // typed from the start.
    // The argument of each site's `__builtin_constant_p` guard, for sema to tell where every
    // call passes a constant.
    let guards: std::collections::HashMap<usize, String> = dead
        .iter()
        .filter_map(|d| {
            let call = text.get(d.guard.0..d.guard.1)?;
            let arg = call.get(call.find('(')? + 1..call.rfind(')')?)?.trim();
            Some((d.keyword, arg.to_string()))
        })
        .collect();
    let mut sema = sema::Sema::new(text, &scanned).with_guards(guards.clone());
    let streamed = cparse::each_external_declaration(&scanned.text, |item| sema.external(&item.node));
    let (mut sema_out, skipped) = if streamed {
        (Some(sema.finish()), Vec::new())
    } else {
        drop(sema);
        let (unit, skipped) = parse_with_recovery(&scanned, &line_map);
        let out = unit.as_ref().map(|u| sema::Sema::new(text, &scanned).with_guards(guards).run(u));
        // The tree is done with: freed before the statements' facts are built, it does not
        // add to the peak.
        drop(unit);
        (out, skipped)
    };
    // gcc reports syntax and front-end errors as it parses each statement, undefined labels at
    // the end of each function, and memory-input errors when it gimplifies the functions it
    // compiles, after the whole translation unit (an unused inline function is not compiled).
    let mut front: Vec<(usize, Located<Diagnostic>)> = scanned
        .diagnostics
        .iter()
        .map(|d| (d.value.span.start as usize, d.clone()))
        .collect();
    if let Some(s) = &sema_out {
        front.extend(s.diagnostics.iter().map(|d| {
            (
                d.span.start as usize,
                Located {
                    location: line_map.locate_span(d.span),
                    value: d.clone(),
                },
            )
        }));
    }
    let mut gimplify = Vec::new();
    // Per function: undefined labels in order of first use, with their last use.
    let mut undefined_labels: std::collections::BTreeMap<usize, Vec<(String, Span)>> =
        Default::default();
    let mut statements = Vec::new();
    // Names of register-variable operands, by function body.
    let mut register_operands: HashSet<(usize, String)> = HashSet::new();
    // Each statement moves into its site.
    let sites = std::mem::take(&mut scanned.sites);
    for (ix, raw) in sites.into_iter().enumerate() {
        let location = line_map.locate_span(raw.stmt.keyword.span);
        let body = raw.body.map(|b| &scanned.bodies[b]);
        let defined = raw
            .body
            .and_then(|b| body_facts.get(&b).map(|f| &f.labels));
        let labels_defined: Vec<bool> = raw
            .stmt
            .labels
            .iter()
            .map(|l| defined.is_some_and(|d| d.contains(&l.value)))
            .collect();
        let at = raw.stmt.keyword.span.start as usize;
        let locate = |d: Diagnostic| Located {
            location: line_map.locate_span(d.span),
            value: d,
        };
        let result = sema_out.as_mut().and_then(|s| s.operands[ix].take());
        let guard = dead.iter().find(|d| d.keyword == at);
        let dead_under = guard
            .filter(|d| d.runs_when_constant)
            .map(|d| Span::new(d.guard.0, d.guard.1));
        let constant_guard = guard
            .filter(|_| sema_out.as_ref().is_some_and(|s| s.guard_folds.contains(&ix)))
            .map(|d| (Span::new(d.guard.0, d.guard.1), d.runs_when_constant));
        let (operands, untyped) = match result {
            Some(Ok(vals)) => {
                if let Some(b) = raw.body {
                    for v in vals.iter().filter(|v| v.reg.is_some()) {
                        if let sema::Shape::Var { name, .. } = &v.strip().shape {
                            register_operands.insert((b, name.clone()));
                        }
                    }
                }
                let d = check::check_site(&raw.stmt, &vals);
                front.extend(d.front.into_iter().map(|d| (at, locate(d))));
                if dead_under.is_none() && body.is_some_and(|b| !b.is_inline || b.referenced) {
                    gimplify.extend(d.gimplify.into_iter().map(locate));
                }
                let defined = sema_out.as_ref().map(|s| &s.defined);
                (operand_infos(&raw.stmt, &vals, text, defined), None)
            }
            Some(Err((why, None))) => (Vec::new(), Some(why)),
            Some(Err((why, Some(at)))) => (Vec::new(), Some(format!("{why} (at {})", line_map.locate(at)))),
            None if raw.stmt.outputs.is_empty() && raw.stmt.inputs.is_empty() => (Vec::new(), None),
            None => {
                // Name what could not be parsed: the first skipped region in the function (or
                // the item) around the statement.
                let (lo, hi) = match body {
                    Some(b) => (b.item_start, b.close),
                    None => (at, at),
                };
                let why = match skipped.iter().find(|(o, _)| (lo..=hi).contains(o)) {
                    Some((_, l)) => format!(
                        "the enclosing code could not be parsed (exasm's C parser stops at {})",
                        l.location
                    ),
                    None => "the enclosing code could not be parsed".to_string(),
                };
                (Vec::new(), Some(why))
            }
        };
        if let (Some(b), Some(_)) = (raw.body, defined) {
            for (l, ok) in raw.stmt.labels.iter().zip(&labels_defined) {
                if !ok {
                    let uses = undefined_labels.entry(b).or_default();
                    match uses.iter_mut().find(|(name, _)| *name == l.value) {
                        Some(u) => u.1 = raw.stmt.keyword.span,
                        None => uses.push((l.value.clone(), raw.stmt.keyword.span)),
                    }
                }
            }
        }
        let function_complex_arithmetic = raw.stmt.is_goto()
            && !raw.stmt.outputs.is_empty()
            && body.is_some_and(|b| complex_arithmetic(text, &scanned.toks, b.item_start, b.close));
        let outputs_unused = body.is_some_and(|b| outputs_unused(text, &scanned.toks, b.item_start, b.close, &raw.stmt, &operands));
        statements.push(AsmSite {
            outputs_unused,
            stmt: raw.stmt,
            stmt_span_with_semicolon: raw.with_semicolon,
            file_scope: raw.file_scope,
            function: body.and_then(|b| b.name.clone()),
            function_is_static_inline: body.is_some_and(|b| b.is_inline),
            function_is_static: body.is_some_and(|b| b.is_static),
            function_is_referenced: body.is_some_and(|b| b.referenced),
            function_is_extern: body.is_some_and(|b| b.is_extern),
            function_gnu_inline: body.is_some_and(|b| b.gnu_inline),
            function_never_called: body.is_some_and(|b| b.never_called),
            function_is_naked: body.is_some_and(|b| b.naked),
            function_body: body.map(|b| (Span::new(b.open, b.close + 1), b.item_start)),
            function_complex_arithmetic,
            operands,
            untyped,
            labels_defined,
            location,
            dead_under,
            constant_guard,
        });
    }
    // gcc reports them at the end of the function, newest label first, at the label's last use.
    for (b, uses) in undefined_labels {
        for (name, span) in uses.into_iter().rev() {
            let diag = Diagnostic::error(span, format!("label '{name}' used but not defined"));
            front.push((
                scanned.bodies[b].close,
                Located {
                    location: line_map.locate_span(span),
                    value: diag,
                },
            ));
        }
    }
    front.sort_by_key(|(k, _)| *k);
    let mut diagnostics: Vec<Located<Diagnostic>> = front.into_iter().map(|(_, d)| d).collect();
    let front_end_diagnostics = diagnostics.len();
    diagnostics.extend(gimplify);
    let asm_labels = scanned
        .labels
        .iter()
        .map(|l| AsmLabel {
            span: l.span,
            c_name: l.c_name.clone(),
            asm_name: l.asm_name.clone(),
            declaration: scanned.items[..scanned.items.partition_point(|i| i.start <= l.span.start)]
                .last()
                .filter(|i| l.span.end <= i.end)
                .copied()
                .filter(|i| {
                    // Not a function definition (a block-scope declaration's label).
                    let b = scanned.bodies.partition_point(|b| b.open < i.start as usize);
                    scanned.bodies.get(b).is_none_or(|b| b.open >= i.end as usize)
                }),
            location: line_map.locate_span(l.span),
        })
        .collect();
    let register_vars = sema_out
        .as_ref()
        .map(|s| {
            s.register_vars
                .iter()
                .map(|r| {
                    let body = r.body.map(|b| &scanned.bodies[b]);
                    RegisterVar {
                        name: r.name.clone(),
                        function: body.and_then(|b| b.name.clone()),
                        spec: r.spec.clone(),
                        kind: r.ty.value_kind(),
                        size: r.ty.size().unwrap_or(0) as u32,
                        complex: match &r.ty {
                            types::Type::Complex(k) => Some(types::Type::Float(*k).value_kind()),
                            _ => None,
                        },
                        location: line_map.locate_span(Span::new(r.at, r.at)),
                        span: Span::new(r.at, r.at),
                        function_is_static_inline: body.is_some_and(|b| b.is_inline),
                        function_is_static: body.is_some_and(|b| b.is_static),
                        function_is_referenced: body.is_some_and(|b| b.referenced),
                        asm_operand: r.body.is_some_and(|b| register_operands.contains(&(b, r.name.clone()))),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // The index keeps byte ranges, not token indices: the tokens (24 bytes each, the largest
    // structure of an asm-dense unit) are freed with the analysis's other scratch.
    let mut file_index = file_index;
    let toks = &scanned.toks;
    for ranges in file_index.names.values_mut() {
        for (a, e, _) in ranges.iter_mut() {
            let end = if *e > *a { toks.get(*e - 1).map_or(text.len(), |t| t.end) } else { toks.get(*a).map_or(text.len(), |t| t.start) };
            *a = toks.get(*a).map_or(text.len(), |t| t.start);
            *e = end;
        }
    }
    Analysis {
        statements,
        asm_labels,
        register_vars,
        diagnostics,
        front_end_diagnostics,
        skipped: skipped.into_iter().map(|(_, l)| l).collect(),
        line_map,
        file_index,
    }
}

/// Does the code in `from..to` (a function, parameters included) do arithmetic on a variable
/// it declares `_Complex`? Tokens are single characters for punctuators.
/// See [`AsmSite::outputs_unused`]; `from..to` is the function, parameters included.
fn outputs_unused(text: &str, toks: &[scan::Tok], from: usize, to: usize, stmt: &AsmStmt, operands: &[OperandInfo]) -> bool {
    if stmt.is_volatile() || stmt.is_basic() || operands.len() != stmt.outputs.len() + stmt.inputs.len() {
        return false;
    }
    let toks = &toks[toks.partition_point(|t| t.start < from)..toks.partition_point(|t| t.start <= to)];
    stmt.outputs.iter().zip(operands).all(|(o, info)| {
        let name = o.expr.value.trim();
        let local = info.frame_var.as_ref().is_some_and(|f| f.name == name && !f.escapes) && info.facts.fixed_reg.is_none();
        if !local {
            return false;
        }
        let named = |t: &&scan::Tok| t.kind == scan::Kind::Ident && t.text(text) == name;
        let in_outputs = |t: &scan::Tok| stmt.outputs.iter().any(|p| (p.expr.span.start as usize..p.expr.span.end as usize).contains(&t.start));
        let (mut inside, mut elsewhere) = (0, 0);
        for t in toks.iter().filter(named) {
            if in_outputs(t) {
                inside += 1;
            } else {
                elsewhere += 1;
            }
        }
        // The declaration is the one occurrence allowed outside the outputs.
        inside >= 1 && elsewhere == 1
    })
}

fn complex_arithmetic(text: &str, toks: &[scan::Tok], from: usize, to: usize) -> bool {
    let toks = &toks[toks.partition_point(|t| t.start < from)..toks.partition_point(|t| t.start < to)];
    let word = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let mut names: HashSet<&str> = HashSet::new();
    for (k, t) in toks.iter().enumerate() {
        if !matches!(t.text(text), "_Complex" | "__complex__" | "__complex") {
            continue;
        }
        // In a parameter list the declarator ends at the next `,`.
        let mut open = 0i32;
        let in_parameters = toks[..k].iter().rev().map(|t| t.text(text)).find(|w| match *w {
            ")" => {
                open += 1;
                false
            }
            "(" if open > 0 => {
                open -= 1;
                false
            }
            "(" | ";" | "{" | "}" => true,
            _ => false,
        }) == Some("(");
        // The declarators that follow, up to `;` (or the end of the parameter), initializers
        // skipped.
        let mut depth = 0i32;
        let mut in_init = false;
        for (i, t) in toks.iter().enumerate().skip(k + 1) {
            match t.text(text) {
                "(" | "[" => depth += 1,
                "{" if in_init => depth += 1,
                ")" | "]" | "}" if depth > 0 => depth -= 1,
                ")" | ";" | "{" | "}" => break,
                "," if depth == 0 && in_parameters => break,
                "," if depth == 0 => in_init = false,
                "=" if depth == 0 => in_init = true,
                _ => {}
            }
            if depth == 0 && !in_init && t.kind == scan::Kind::Ident && matches!(word(i + 1), ";" | "=" | ")" | "[" | ",") {
                names.insert(t.text(text));
            }
        }
    }
    if names.is_empty() {
        return false;
    }
    let complex = |i: usize| toks.get(i).is_some_and(|t| t.kind == scan::Kind::Ident) && names.contains(word(i));
    let adjacent = |i: usize| toks.get(i + 1).is_some_and(|n| n.start == toks[i].end);
    (0..toks.len()).any(|i| match word(i) {
        "+" | "-" | "*" | "/" if word(i + 1) != ">" => complex(i.wrapping_sub(1)) || complex(i + 1) || adjacent(i) && word(i + 1) == "=" && complex(i.wrapping_sub(1)),
        "=" | "!" if adjacent(i) && word(i + 1) == "=" => complex(i.wrapping_sub(1)) || complex(i + 2),
        "~" => complex(i + 1),
        _ => false,
    })
}

/// Parses the rewritten text; where lang-c still fails, blanks the smallest enclosing region
/// (a statement inside a function that holds asm, else the whole top-level item) and retries.
fn parse_with_recovery(
    scanned: &scan::Scanned,
    map: &LineMap,
) -> (Option<lang_c::ast::TranslationUnit>, Vec<(usize, Located<String>)>) {
    let config = lang_c::driver::Config::with_gcc();
    let mut text = scanned.text.clone();
    let mut skipped = Vec::new();
    // lang-c backtracks exponentially over chains of `+` and `-` (`++ ++ ++ ...`: seconds at 20
    // operators, hours at 40); such chains are never real C, so their regions are blanked
    // before lang-c sees them.
    for offset in operator_chains(&text) {
        let Some(region) = recovery_region(scanned, &text, offset) else { continue };
        let mut bytes = text.into_bytes();
        scan::blank(&mut bytes, region.0, region.1);
        text = String::from_utf8_lossy(&bytes).into_owned();
        skipped.push((offset, Located {
            location: map.locate(offset),
            value: format!(
                "a chain of '+' and '-' operators lang-c cannot parse in reasonable time; {} bytes skipped",
                region.1 - region.0
            ),
        }));
    }
    for _ in 0..64 {
        match lang_c::driver::parse_preprocessed(&config, text.clone()) {
            Ok(p) => return (Some(p.unit), skipped),
            Err(e) => {
                let Some(region) = recovery_region(scanned, &text, e.offset) else {
                    return (None, skipped);
                };
                let mut bytes = text.into_bytes();
                scan::blank(&mut bytes, region.0, region.1);
                text = String::from_utf8_lossy(&bytes).into_owned();
                skipped.push((e.offset, Located {
                    location: map.locate(e.offset),
                    value: format!(
                        "lang-c cannot parse this; {} bytes skipped",
                        region.1 - region.0
                    ),
                }));
            }
        }
    }
    (None, skipped)
}

/// Where runs of 6 or more `+`/`-` characters (whitespace allowed between them) start,
/// outside string and character literals. The longest in valid C is `a++ + ++b`, 5.
fn operator_chains(text: &str) -> Vec<usize> {
    const LONGEST_VALID: usize = 5;
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'+' | b'-' => {
                let start = i;
                let mut count = 0;
                while i < b.len() && (matches!(b[i], b'+' | b'-') || b[i].is_ascii_whitespace()) {
                    count += usize::from(matches!(b[i], b'+' | b'-'));
                    i += 1;
                }
                if count > LONGEST_VALID {
                    found.push(start);
                }
            }
            _ => i += 1,
        }
    }
    found
}

fn recovery_region(scanned: &scan::Scanned, text: &str, offset: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if let Some(body) = scanned
        .bodies
        .iter()
        .find(|x| x.has_asm && x.open < offset && offset < x.close)
    {
        let start = b[body.open..offset]
            .iter()
            .rposition(|&c| matches!(c, b';' | b'{' | b'}'))
            .map_or(body.open + 1, |p| body.open + p + 1);
        let end = b[offset..body.close]
            .iter()
            .position(|&c| c == b';')
            .map(|p| offset + p);
        if let Some(end) = end {
            if !b[start..end].iter().any(|&c| matches!(c, b'{' | b'}'))
                && b[start..end].iter().any(|c| !c.is_ascii_whitespace())
            {
                return Some((start, end));
            }
        }
        if b[body.open + 1..body.close]
            .iter()
            .any(|c| !c.is_ascii_whitespace())
        {
            return Some((body.open + 1, body.close));
        }
    }
    let item = scanned
        .items
        .iter()
        .find(|s| (s.start as usize) <= offset && offset < s.end as usize)?;
    let (s, e) = (item.start as usize, item.end as usize);
    b[s..e]
        .iter()
        .any(|c| !c.is_ascii_whitespace())
        .then_some((s, e))
}

fn operand_infos(
    stmt: &AsmStmt,
    vals: &[sema::Val],
    text: &str,
    defined: Option<&HashSet<String>>,
) -> Vec<OperandInfo> {
    let no = stmt.outputs.len();
    stmt.outputs
        .iter()
        .chain(&stmt.inputs)
        .zip(vals)
        .enumerate()
        .map(|(k, (decl, v))| {
            let mem_only = if k < no {
                true
            } else {
                check::input_allows(stmt, &decl.constraint.value).is_some_and(|a| !a.reg && a.mem)
            };
            let v = if k < no || mem_only {
                v.strip().clone()
            } else {
                sema::decay_array(v)
            };
            let mut info = operand_info(&v, decl.expr.span.text(text));
            if let Some(g) = &mut info.is_global_object {
                g.defined = defined.is_some_and(|d| d.contains(&g.symbol));
            }
            info
        })
        .collect()
}

/// Expression text without the line markers macro expansion leaves in it, on one line: what
/// can be pasted into one line of C.
///
/// ```
/// let e = "(char *) mb +\n# 771 \"secmem.c\" 3 4\n __builtin_offsetof (\n# 771 \"secmem.c\"\n memblock_t, a)";
/// assert_eq!(exasm_cfront::one_line(e), "(char *) mb + __builtin_offsetof ( memblock_t, a)");
/// ```
pub fn one_line(expr: &str) -> String {
    expr.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn operand_info(v: &sema::Val, expr: &str) -> OperandInfo {
    let ty = &v.ty.ty;
    let const_value = |k: &sema::Const| match k {
        sema::Const::Int(n) => ConstValue::Int {
            value: sema::wrap(*n, ty),
        },
        sema::Const::Float(f) => ConstValue::Float { value: *f },
        sema::Const::Addr(s, off) => ConstValue::Symbol {
            name: s.name.clone(),
            offset: *off,
            kind: if s.function {
                SymbolKind::Function
            } else {
                SymbolKind::Data
            },
            local: s.local,
        },
    };
    let constant = v.konst.as_ref().map(const_value).or(v.vector_constant.map(|zero| ConstValue::Vector { zero }));
    let var_name = match &v.shape {
        sema::Shape::Var { name, .. } | sema::Shape::Function(name) => Some(name.clone()),
        _ => None,
    };
    let facts = OperandFacts {
        kind: ty.value_kind(),
        size: ty.size().unwrap_or(0) as u32,
        lvalue: v.lvalue,
        read_only: v.lvalue && v.read_only(),
        bit_field: v.bit_field.is_some(),
        addressable: v.lvalue && v.addr_issue.is_none(),
        constant,
        fixed_reg: v
            .reg
            .as_deref()
            .and_then(exasm_core::clobber::decode_reg_name)
            .and_then(Result::ok),
        var_name,
        symbol_home: None,
        home: None,
        pointer_value: None,
        tls: None,
        segment: if v.lvalue { v.ty.seg } else { None },
        hint: None,
    };
    OperandInfo {
        pointer_value: v.vkey.clone().filter(|_| matches!(ty, types::Type::Pointer(_))),
        home: v.home.as_ref().map(|h| h.mem.clone()),
        frame_var: v.home.as_ref().and_then(|h| {
            let (name, ty) = h.var.as_ref()?;
            Some(FrameVar { name: name.clone(), size: ty.size(), escapes: h.escapes })
        }),
        facts,
        c_type: ty
            .spelling()
            .unwrap_or_else(|| format!("__typeof__({})", one_line(expr))),
        signed: ty.is_signed(),
        complex: matches!(ty, types::Type::Complex(_)),
        is_global_object: v.object.as_ref().map(|(s, off)| GlobalRef {
            symbol: s.name.clone(),
            offset: *off,
            linkage: if s.local {
                Linkage::Internal
            } else {
                Linkage::External
            },
            block_scope: s.block_scope,
            thread_local: s.thread_local,
            defined: false,
        }),
        propagated: v.propagated.as_ref().map(|(k, unoptimized)| Propagated {
            value: const_value(k),
            unoptimized: *unoptimized,
        }),
    }
}
