//! exasm-check: each asm statement's declared interface against what its instructions do.
//!
//! gcc and clang treat a template as opaque text: a missing clobber, a missing `&`, an input the
//! asm overwrites or a memory write with no `"memory"` all compile silently and break later,
//! under another optimisation level or after an unrelated change. This crate looks inside.
//!
//! The pipeline, one module per step:
//!
//! 1. the statement is solved under a *probe allocation* (every output kept apart from every
//!    input, so every operand is recognisable by its register) and rendered, goto labels
//!    becoming exits placed after the template;
//! 2. `assemble` runs `as --64` and reads the code back with `object`;
//! 3. `decode` disassembles it with iced-x86 and takes each instruction's effects from
//!    `InstructionInfoFactory` (`UsedRegister`, `UsedMemory`, `rflags_*`);
//! 4. `analyse` follows every path through the code (local labels, forward and backward jumps,
//!    `%l` exits) tracking, byte by byte, which register holds which incoming value, what the
//!    stack holds, which flags are set and which memory is reached through which operand;
//! 5. at every exit it compares with the declared interface (`interface`) and reports
//!    [`Finding`]s, one [`kinds`] entry each;
//! 6. `immediates` renders the statement again with each input that may be an immediate set to
//!    the extreme constants its constraint and type admit, and reports those `as` rejects.
//!
//! ```
//! use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
//! use exasm_check::check_statement;
//! let t = Target::default();
//! let int = OperandFacts::lvalue(ValueKind::Int, 4);
//! let s = parse_statements(r#"asm ("movl $1, %%ecx; movl %%ecx, %0" : "=r" (x))"#).statements.remove(0);
//! let findings = check_statement(&validate(&s, &t), &[int.clone()], &t).unwrap();
//! assert_eq!(findings[0].kind, "undeclared-register-write");
//! assert!(findings[0].message.contains("rcx"));
//! // The corrected twin declares the clobber.
//! let s = parse_statements(r#"asm ("movl $1, %%ecx; movl %%ecx, %0" : "=r" (x) : : "ecx")"#).statements.remove(0);
//! assert!(check_statement(&validate(&s, &t), &[int], &t).unwrap().is_empty());
//! ```
#![warn(missing_docs)]

mod analyse;
mod assemble;
mod decode;
mod immediates;
mod interface;

use exasm_core::diag::Severity;
use exasm_core::facts::OperandFacts;
use exasm_core::regs::{classes, PhysReg, RegSet};
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{solve, unavailable, Location};
use exasm_core::target::Target;
use exasm_core::validate::Validated;
use serde::Serialize;
use std::fmt;

/// One kind of finding: its stable name, its severity and what it means.
///
/// ```
/// let k = exasm_check::kind("input-modified").unwrap();
/// assert_eq!(k.severity, exasm_core::diag::Severity::Error);
/// assert!(k.summary.starts_with("an input-only operand"));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Kind {
    /// The stable name used in JSON (`"undeclared-register-write"`).
    pub name: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One line saying what it means.
    pub summary: &'static str,
}

/// Every kind of finding, in the order the checker reports them.
///
/// ```
/// let names: Vec<_> = exasm_check::KINDS.iter().map(|k| k.name).collect();
/// assert!(names.contains(&"missing-early-clobber"));
/// assert_eq!(exasm_check::kind("flags-without-cc").unwrap().severity, exasm_core::diag::Severity::Note);
/// ```
pub const KINDS: &[Kind] = &[
    Kind {
        name: kinds::UNDECLARED_REGISTER_WRITE,
        severity: Severity::Error,
        summary: "a register is written and not restored, and is neither an output nor clobbered",
    },
    Kind { name: kinds::UNDECLARED_REGISTER_READ, severity: Severity::Error, summary: "a register is read before the asm writes it, and is not an input" },
    Kind {
        name: kinds::INPUT_MODIFIED,
        severity: Severity::Error,
        summary: "an input-only operand (or the address of a memory operand) is changed and not restored",
    },
    Kind {
        name: kinds::OPERAND_OVERWRITTEN,
        severity: Severity::Error,
        summary: "the template overwrites a register gcc may give an operand (a register it saves and restores, or one an instruction uses implicitly) while the operand is live",
    },
    Kind {
        name: kinds::MISSING_EARLY_CLOBBER,
        severity: Severity::Error,
        summary: "an output without '&' is written while an input that may share its register is still to be read",
    },
    Kind {
        name: kinds::UNDECLARED_MEMORY_WRITE,
        severity: Severity::Error,
        summary: "memory is written with neither an m operand covering it nor a \"memory\" clobber",
    },
    Kind {
        name: kinds::UNDECLARED_MEMORY_READ,
        severity: Severity::Error,
        summary: "memory is read with neither an m operand covering it nor a \"memory\" clobber",
    },
    Kind {
        name: kinds::MEMORY_OUTPUT_READ,
        severity: Severity::Error,
        summary: "an = memory output is read before the asm writes it: gcc may delete the store that set it",
    },
    Kind { name: kinds::OUTPUT_NOT_WRITTEN, severity: Severity::Error, summary: "an = output is not (fully) written on some path (a warning on goto edges)" },
    Kind {
        name: kinds::IMMEDIATE_OUT_OF_RANGE,
        severity: Severity::Warning,
        summary: "an input's constraint admits a constant the instruction cannot encode: the build fails once a caller passes one",
    },
    Kind { name: kinds::STACK_POINTER_MODIFIED, severity: Severity::Error, summary: "the stack pointer is not restored at an exit" },
    Kind { name: kinds::UNDECLARED_FLAGS_READ, severity: Severity::Error, summary: "a flag is read before the asm sets it: gcc passes no flags in" },
    Kind {
        name: kinds::FLAG_OUTPUT_UNDEFINED,
        severity: Severity::Error,
        summary: "a flag output's condition reads flags the last instruction left undefined",
    },
    Kind { name: kinds::DIRECTION_FLAG_SET, severity: Severity::Error, summary: "the direction flag may be set at an exit: the ABI wants it clear" },
    Kind { name: kinds::FLAGS_WITHOUT_CC, severity: Severity::Note, summary: "the flags change without a \"cc\" clobber (harmless: always clobbered on x86)" },
    Kind {
        name: kinds::CALL_ABI_ASSUMED,
        severity: Severity::Note,
        summary: "a call to code outside the template is assumed to follow the System V ABI; what follows from that is a warning",
    },
    Kind {
        name: kinds::ANALYSIS_INCOMPLETE,
        severity: Severity::Note,
        summary: "some paths were too many or too long to follow; their exits were not checked",
    },
];

/// The stable names of the finding kinds.
///
/// ```
/// assert_eq!(exasm_check::kinds::MISSING_EARLY_CLOBBER, "missing-early-clobber");
/// ```
pub mod kinds {
    /// A register is written and not restored, and is neither an output nor clobbered.
    pub const UNDECLARED_REGISTER_WRITE: &str = "undeclared-register-write";
    /// A register is read before it is written, and is not an input.
    pub const UNDECLARED_REGISTER_READ: &str = "undeclared-register-read";
    /// An input-only operand is written and not restored.
    pub const INPUT_MODIFIED: &str = "input-modified";
    /// The template overwrites a register gcc may give an operand while the operand is live.
    pub const OPERAND_OVERWRITTEN: &str = "operand-overwritten";
    /// An output is written while an input that may share its register is still to be read.
    pub const MISSING_EARLY_CLOBBER: &str = "missing-early-clobber";
    /// A memory write not covered by an m operand or `"memory"`.
    pub const UNDECLARED_MEMORY_WRITE: &str = "undeclared-memory-write";
    /// A memory read not covered by an m operand or `"memory"`.
    pub const UNDECLARED_MEMORY_READ: &str = "undeclared-memory-read";
    /// An `=m` output read before it is written (`"=m" (x)` with `incl %0`).
    pub const MEMORY_OUTPUT_READ: &str = "memory-output-read";
    /// An `=` output never (or only partly) written on some path.
    pub const OUTPUT_NOT_WRITTEN: &str = "output-not-written";
    /// A constant the constraint admits that `as` rejects (`"Zq"` on a `movq`).
    pub const IMMEDIATE_OUT_OF_RANGE: &str = "immediate-out-of-range";
    /// The stack pointer differs at an exit.
    pub const STACK_POINTER_MODIFIED: &str = "stack-pointer-modified";
    /// A flag read before the asm sets it.
    pub const UNDECLARED_FLAGS_READ: &str = "undeclared-flags-read";
    /// A flag output reading flags left undefined.
    pub const FLAG_OUTPUT_UNDEFINED: &str = "flag-output-undefined";
    /// The direction flag may be set at an exit.
    pub const DIRECTION_FLAG_SET: &str = "direction-flag-set";
    /// Flags changed without `"cc"` (a note).
    pub const FLAGS_WITHOUT_CC: &str = "flags-without-cc";
    /// A call out of the template is assumed to follow the System V ABI (a note).
    pub const CALL_ABI_ASSUMED: &str = "call-abi-assumed";
    /// Some paths were not followed to their exits (a note).
    pub const ANALYSIS_INCOMPLETE: &str = "analysis-incomplete";
}

/// The kind with a stable name.
///
/// ```
/// assert!(exasm_check::kind("output-not-written").is_some());
/// assert!(exasm_check::kind("no-such-kind").is_none());
/// ```
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// One mismatch between what a statement declares and what its instructions do.
///
/// It serialises with its stable kind name; `Display` prints it as a diagnostic line.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
/// let t = Target::default();
/// let s = parse_statements(r#"asm ("pushq %0" : : "r" (x))"#).statements.remove(0);
/// let f = exasm_check::check_statement(&validate(&s, &t), &[OperandFacts::lvalue(ValueKind::Int, 8)], &t).unwrap();
/// assert_eq!(
///     f[0].to_string(),
///     "error: the stack pointer is -8 from its incoming value at the end of the asm [stack-pointer-modified] at `push %rax`"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable name of the kind (see [`KINDS`]).
    pub kind: &'static str,
    /// Error, warning or note.
    pub severity: Severity,
    /// What is wrong, naming the operand or register and how to fix it.
    pub message: String,
    /// The disassembly of the instruction at fault, when one is.
    pub instruction: Option<String>,
    /// gcc's number of the operand concerned, when one is.
    pub operand: Option<usize>,
    /// The register concerned (its name as the instruction uses it), when one is.
    pub register: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.severity, self.message, self.kind)?;
        if let Some(i) = &self.instruction {
            write!(f, " at `{i}`")?;
        }
        Ok(())
    }
}

/// Why a statement cannot be analysed.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
/// use exasm_check::{check_statement, CheckError};
/// let t = Target::default();
/// let s = parse_statements(r#"asm ("fsqrt" : "+t" (x))"#).statements.remove(0);
/// let e = check_statement(&validate(&s, &t), &[OperandFacts::lvalue(ValueKind::LongDouble, 16)], &t).unwrap_err();
/// assert!(matches!(e, CheckError::Unsupported { .. }));
/// assert!(e.to_string().starts_with("cannot analyse `fsqrt`: x87"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckError {
    /// gcc rejects the statement (validation, allocation or printing failed): the first error.
    Invalid(String),
    /// `as` could not be run or rejected the rendered template: its messages.
    Assembler(String),
    /// The object `as` produced could not be read.
    Object(String),
    /// The code does something the checker does not model.
    Unsupported {
        /// The instruction, when one is at fault.
        instruction: Option<String>,
        /// What is not modelled.
        reason: String,
    },
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Invalid(m) => write!(f, "the statement is invalid: {m}"),
            CheckError::Assembler(m) => write!(f, "the assembler rejects the probe rendering: {m}"),
            CheckError::Object(m) => write!(f, "cannot read the assembled code: {m}"),
            CheckError::Unsupported { instruction: Some(i), reason } => write!(f, "cannot analyse `{i}`: {reason}"),
            CheckError::Unsupported { instruction: None, reason } => write!(f, "cannot analyse: {reason}"),
        }
    }
}

impl std::error::Error for CheckError {}

/// The statement with every output early-clobber: solving it keeps every output apart from
/// every untied input, so that each register names one operand.
fn probe_statement<'a>(v: &Validated<'a>) -> Validated<'a> {
    let mut probe = v.clone();
    for o in probe.operands.iter_mut().filter(|o| o.is_output()) {
        if let Some(c) = &mut o.constraint {
            std::sync::Arc::make_mut(c).alternatives.iter_mut().for_each(|a| a.early_clobber = true);
        }
    }
    probe
}

/// Checks one statement: renders it under a probe allocation, assembles, decodes and follows
/// every path, and returns what disagrees with the declared interface (empty when nothing
/// does). `facts` describes the written operands, outputs then inputs, as for
/// [`exasm_core::solve::solve`].
///
/// Every register gcc may give an operand and that the template names or an instruction uses
/// implicitly is tried too (one operand at a time), and what breaks only there is reported with
/// the allocation that breaks it.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
/// let t = Target::default();
/// let long = OperandFacts::lvalue(ValueKind::Int, 8);
/// // The input is overwritten: gcc believes it still holds `y` afterwards.
/// let s = parse_statements(r#"asm ("shlq $2, %1; movq %1, %0" : "=r" (x) : "r" (y))"#).statements.remove(0);
/// let f = exasm_check::check_statement(&validate(&s, &t), &[long.clone(), long.clone()], &t).unwrap();
/// assert_eq!(f.iter().map(|f| f.kind).collect::<Vec<_>>(), ["input-modified", "flags-without-cc"]);
/// assert_eq!(f[0].instruction.as_deref(), Some("shl $2, %rcx"));
/// ```
pub fn check_statement(v: &Validated, facts: &[OperandFacts], target: &Target) -> Result<Vec<Finding>, CheckError> {
    check_statement_in(v, facts, target, &Context::default())
}

/// What gcc can do around a statement, beyond the target: it decides whether a violation can
/// become wrong code (an error) or only could under other flags (a warning).
///
/// ```
/// let c = exasm_check::Context::default();
/// assert!(!c.no_sse);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The enclosing function is compiled without SSE (`-mno-sse`, `#pragma GCC
    /// target("no-sse")`, `__attribute__((target("no-sse")))`): gcc keeps nothing in xmm
    /// registers there.
    pub no_sse: bool,
    /// Input operands (gcc's numbers) whose value points to data declared `const` (`"r"
    /// (table)` for a `static const` array): reading through them without an m operand or
    /// `"memory"` cannot go wrong while nothing writes the data, so it is a warning.
    pub read_only: Vec<usize>,
}

/// A placement the probe did not try: operand `operand` in register `reg` (or, for a memory
/// operand, addressed through it).
#[derive(Clone, Debug)]
struct Variant {
    operand: usize,
    reg: PhysReg,
    address: bool,
    alloc: exasm_core::solve::Allocation,
    text: String,
}

/// The registers the template names (`%%rdx`, or `rdx` in Intel syntax).
fn named_registers(v: &Validated, dialect: exasm_core::template::Dialect) -> RegSet {
    let t = &v.stmt.template.value;
    let mut set = RegSet::EMPTY;
    let intel = dialect == exasm_core::template::Dialect::Intel || t.contains(".intel_syntax");
    let mut rest = t.as_str();
    while let Some(at) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        let before = &rest[..at];
        let word_len = rest[at..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len() - at);
        let word = &rest[at..at + word_len];
        if before.ends_with("%%") || intel && !before.ends_with('%') {
            if let Some(r) = PhysReg::from_name(word) {
                set.insert(r);
            }
        }
        rest = &rest[at + word_len..];
    }
    set
}

/// The registers instructions use without naming them (`mul` writes rdx, `rep movs` uses rcx).
fn implicit_registers(insns: &[decode::Insn]) -> RegSet {
    let mut set = RegSet::EMPTY;
    for i in insns {
        let mut explicit = RegSet::EMPTY;
        for n in 0..i.instr.op_count() {
            if i.instr.op_kind(n) == iced_x86::OpKind::Register {
                if let Some((r, _)) = decode::family(i.instr.op_register(n)) {
                    explicit.insert(r);
                }
            }
        }
        for r in [i.instr.memory_base(), i.instr.memory_index()] {
            if let Some((r, _)) = decode::family(r) {
                explicit.insert(r);
            }
        }
        for u in &i.regs {
            if !explicit.contains(u.reg) {
                set.insert(u.reg);
            }
        }
    }
    set
}

/// Checks one statement in a [`Context`] (see [`check_statement`]).
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
/// use exasm_check::{check_statement_in, Context};
/// let t = Target::default();
/// let s = parse_statements(r#"asm ("pxor %%xmm0, %%xmm0" : : : "cc")"#).statements.remove(0);
/// let v = validate(&s, &t);
/// assert_eq!(check_statement_in(&v, &[], &t, &Context::default()).unwrap()[0].severity, exasm_core::diag::Severity::Error);
/// // Where gcc keeps nothing in xmm registers the missing clobber is latent.
/// let f = check_statement_in(&v, &[], &t, &Context { no_sse: true, ..Context::default() }).unwrap();
/// assert_eq!(f[0].severity, exasm_core::diag::Severity::Warning);
/// assert!(f[0].message.starts_with("latent: "));
/// ```
pub fn check_statement_in(v: &Validated, facts: &[OperandFacts], target: &Target, cx: &Context) -> Result<Vec<Finding>, CheckError> {
    let job = Job { validated: v, facts, context: cx.clone() };
    check_statements(std::slice::from_ref(&job), target).pop().expect("one result per statement")
}

/// A statement to check with [`check_statements`]: as for [`check_statement_in`].
#[derive(Clone, Debug)]
pub struct Job<'a> {
    /// The statement.
    pub validated: &'a Validated<'a>,
    /// Its written operands' facts, outputs then inputs.
    pub facts: &'a [OperandFacts],
    /// What gcc can do around it.
    pub context: Context,
}

/// Checks many statements at once, one result per statement, in order: the same findings as
/// [`check_statement_in`] on each, with every template assembled in two `as` runs in all
/// (the probe renderings, then every other allocation and constant) instead of several per
/// statement.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
/// use exasm_check::{check_statements, Context, Job};
/// let t = Target::default();
/// let int = [OperandFacts::lvalue(ValueKind::Int, 4)];
/// let stmts: Vec<_> = [r#"asm ("movl $1, %%ecx; movl %%ecx, %0" : "=r" (x))"#, r#"asm ("movl $1, %0" : "=r" (x))"#]
///     .iter()
///     .map(|src| parse_statements(src).statements.remove(0))
///     .collect();
/// let (bad, good) = (validate(&stmts[0], &t), validate(&stmts[1], &t));
/// let jobs = [Job { validated: &bad, facts: &int, context: Context::default() }, Job { validated: &good, facts: &int, context: Context::default() }];
/// let results = check_statements(&jobs, &t);
/// assert_eq!(results[0].as_ref().unwrap()[0].kind, "undeclared-register-write");
/// assert!(results[1].as_ref().unwrap().is_empty());
/// ```
pub fn check_statements(jobs: &[Job], target: &Target) -> Vec<Result<Vec<Finding>, CheckError>> {
    // Operands the front end could not type come without facts: they are checked as 8-byte
    // integer lvalues, chosen here, since the solver refuses a list of the wrong length.
    let stand_ins: Vec<Option<Vec<OperandFacts>>> = jobs.iter().map(|j| with_stand_ins(j.validated, j.facts)).collect();
    let padded: Vec<Job> = jobs.iter().zip(&stand_ins).map(|(j, s)| Job { facts: s.as_deref().unwrap_or(j.facts), ..j.clone() }).collect();
    let jobs = &padded[..];
    let probes: Vec<Result<Probed, CheckError>> = jobs.iter().map(|j| probe(j.validated, j.facts, target)).collect();
    let items: Vec<(String, usize)> = probes.iter().flatten().map(|p| (p.text.clone(), p.labels.len())).collect();
    let mut assembled = assemble::assemble_all(&items, target.dialect).into_iter();
    let bases: Vec<Result<Base, CheckError>> = jobs
        .iter()
        .zip(probes)
        .map(|(j, p)| {
            let p = p?;
            let snippet = assembled.next().expect("one result per template").map_err(assemble::Rejected::into_error)?;
            base(j.validated, j.facts, target, &j.context, p, &snippet)
        })
        .collect();
    // Second round: every other allocation and every constant, all statements together.
    let mut items = Vec::new();
    for b in bases.iter().flatten() {
        items.extend(b.variants.iter().map(|(va, _)| (va.text.clone(), b.labels.len())));
        items.extend(b.immediates.iter().map(|p| (p.text.clone(), b.labels.len())));
    }
    let mut assembled = assemble::assemble_all(&items, target.dialect).into_iter();
    jobs.iter()
        .zip(bases)
        .map(|(j, b)| {
            let b = b?;
            let variants: Vec<_> = (0..b.variants.len()).map(|_| assembled.next().expect("one result per template")).collect();
            let immediates: Vec<_> = (0..b.immediates.len()).map(|_| assembled.next().expect("one result per template")).collect();
            Ok(finish(j, target, b, variants, immediates))
        })
        .collect()
}

/// `facts` completed to one per written operand with 8-byte integer lvalues, when it is short
/// (or cut, when it is long); `None` when it already fits.
fn with_stand_ins(v: &Validated, facts: &[OperandFacts]) -> Option<Vec<OperandFacts>> {
    let written = v.stmt.outputs.len() + v.stmt.inputs.len();
    (facts.len() != written).then(|| facts.iter().cloned().chain(std::iter::repeat(OperandFacts::lvalue(exasm_core::facts::ValueKind::Int, 8))).take(written).collect())
}

/// A statement rendered under its probe allocation.
struct Probed<'a> {
    /// The statement with every output early-clobber.
    probe: Validated<'a>,
    /// The registers the template names that the probe kept operands out of.
    named: RegSet,
    alloc: exasm_core::solve::Allocation,
    text: String,
    labels: Vec<String>,
}

/// The first error of a list of diagnostics.
fn first_error(d: &[exasm_core::diag::Diagnostic]) -> String {
    d.iter().find(|d| d.is_error()).map_or_else(String::new, |d| d.message.clone())
}

fn render_with(v: &Validated, alloc: &exasm_core::solve::Allocation, facts: &[OperandFacts], target: &Target) -> exasm_core::render::Rendered {
    let label = |k: usize| assemble::exit_label(k);
    render(v, alloc, facts, target, &RenderOptions { unique: 0, label: &label })
}

fn probe<'a>(v: &Validated<'a>, facts: &[OperandFacts], target: &Target) -> Result<Probed<'a>, CheckError> {
    if v.has_errors() {
        let errors: Vec<_> = v.diagnostics.iter().map(|d| d.diagnostic.clone()).collect();
        return Err(CheckError::Invalid(first_error(&errors)));
    }
    let probe = probe_statement(v);
    // The probe keeps operands out of the registers the template names where it can: the run
    // under it is the reference the allocations into those registers are compared with.
    let named = named_registers(v, target.dialect).without(PhysReg::RSP);
    // Registers a constraint names (`"D"`, `"a"`, `"A"`) or a register variable holds stay
    // available to their operands.
    let single = v
        .operands
        .iter()
        .filter_map(|o| o.constraint.as_ref())
        .flat_map(|c| c.alternatives.iter())
        .filter(|a| a.regs.iter().count() <= 2)
        .fold(RegSet::EMPTY, |s, a| s.union(a.regs));
    let pinned = facts.iter().filter_map(|f| f.fixed_reg).fold(RegSet::EMPTY, |s, r| s.with(r));
    let named = named.minus(single).minus(pinned);
    let alloc = solve(&probe, facts, target, named)
        .or_else(|_| solve(&probe, facts, target, RegSet::EMPTY))
        .or_else(|_| solve(v, facts, target, RegSet::EMPTY))
        .map_err(|d| CheckError::Invalid(first_error(&d)))?;
    let rendered = render_with(v, &alloc, facts, target);
    if rendered.has_errors() {
        return Err(CheckError::Invalid(first_error(&rendered.diagnostics)));
    }
    let labels: Vec<String> = v.stmt.labels.iter().map(|l| l.value.clone()).collect();
    Ok(Probed { probe, named, alloc, text: rendered.text, labels })
}

/// The run under the probe allocation, and what to assemble next.
struct Base {
    findings: Vec<Finding>,
    record: analyse::Record,
    labels: Vec<String>,
    variants: Vec<(Variant, Vec<OperandFacts>)>,
    immediates: Vec<immediates::Probe>,
}

fn base(v: &Validated, facts: &[OperandFacts], target: &Target, cx: &Context, p: Probed, snippet: &assemble::Snippet) -> Result<Base, CheckError> {
    let Probed { probe, named, alloc, labels, .. } = p;
    let insns = decode::decode(snippet, &labels, target.dialect);
    let it = interface::Interface::new(v, &alloc, facts, target, &cx.read_only);
    let (findings, record) = analyse::analyse_against(&insns, snippet, &it, &labels, None)?;

    // Registers gcc may choose that the template touches, one operand at a time. A register the
    // probe run already reports (written or read undeclared) is left out: declaring it, as that
    // finding asks, takes it from gcc.
    let reported: RegSet = findings
        .iter()
        .filter(|f| matches!(f.kind, kinds::UNDECLARED_REGISTER_WRITE | kinds::UNDECLARED_REGISTER_READ))
        .flat_map(|f| f.register.iter().flat_map(|r| r.split(", ").filter_map(PhysReg::from_name).collect::<Vec<_>>()))
        .fold(RegSet::EMPTY, |s, r| s.with(r));
    let touched = named.union(implicit_registers(&insns)).without(PhysReg::RSP).minus(reported);
    let free = classes::general().union(classes::sse_all()).minus(unavailable(target)).minus(v.clobbers.regs);
    let mut variants = Vec::new();
    let written = v.stmt.outputs.len() + v.stmt.inputs.len();
    for (i, (o, loc)) in v.operands.iter().zip(&alloc.locations).enumerate().take(written.min(facts.len())) {
        let Some(a) = o.constraint.as_ref().and_then(|c| c.alternatives.get(alloc.alternative)) else { continue };
        if o.ties.get(alloc.alternative).copied().flatten().is_some() || facts[i].fixed_reg.is_some() {
            continue;
        }
        let (current, address) = match loc {
            Location::Reg { reg, .. } => (*reg, false),
            Location::Mem(m) if !m.frame && m.index.is_none() => match m.base {
                Some(b) => (b, true),
                None => continue,
            },
            _ => continue,
        };
        let class = if address {
            classes::index()
        } else if a.any || a.empty {
            classes::general().union(classes::sse())
        } else {
            a.regs
        };
        for r in class.intersect(free).intersect(touched).without(current).iter() {
            let mut f = facts.to_vec();
            if address {
                f[i].hint = Some(r);
            } else {
                f[i].fixed_reg = Some(r);
            }
            let Ok(va) = solve(&probe, &f, target, named.without(r)).or_else(|_| solve(&probe, &f, target, RegSet::EMPTY)) else { continue };
            let placed = match &va.locations[i] {
                Location::Reg { reg, .. } => !address && *reg == r,
                Location::Mem(m) => address && m.base == Some(r),
                _ => false,
            };
            if !placed {
                continue;
            }
            let rendered = render_with(v, &va, &f, target);
            if rendered.has_errors() {
                continue;
            }
            variants.push((Variant { operand: i, reg: r, address, alloc: va, text: rendered.text }, f));
        }
    }
    let immediates = immediates::probes(v, facts, target);
    Ok(Base { findings, record, labels, variants, immediates })
}

type Assembled = Result<assemble::Snippet, assemble::Rejected>;

fn finish(j: &Job, target: &Target, b: Base, variants: Vec<Assembled>, immediates: Vec<Assembled>) -> Vec<Finding> {
    let v = j.validated;
    let Base { mut findings, record, labels, variants: tried, immediates: constants } = b;
    let known: std::collections::HashSet<(&str, Option<usize>, Option<String>)> = findings.iter().map(|f| (f.kind, f.operand, f.register.clone())).collect();
    let mut new: Vec<Finding> = Vec::new();
    for ((va, f), snippet) in tried.iter().zip(variants) {
        let Ok(snippet) = snippet else { continue };
        let insns = decode::decode(&snippet, &labels, target.dialect);
        let vit = interface::Interface::new(v, &va.alloc, f, target, &j.context.read_only);
        let Ok((found, _)) = analyse::analyse_against(&insns, &snippet, &vit, &labels, Some(&record)) else { continue };
        let label = interface::operand_label(v, va.operand);
        // What a variant adds is about the operand moved into the template's registers;
        // pairings (missing '&') and undeclared registers are the probe run's business.
        let found = found.into_iter().filter(|x| matches!(x.kind, kinds::OPERAND_OVERWRITTEN | kinds::INPUT_MODIFIED | kinds::OUTPUT_NOT_WRITTEN));
        for mut x in found {
            let is_new = !known.contains(&(x.kind, x.operand, x.register.clone())) && x.severity != Severity::Note;
            let about_kind = |y: &Finding| y.kind == x.kind && y.operand == x.operand;
            if !is_new || findings.iter().any(|y| about_kind(y) && x.operand.is_some() && y.message == x.message) || new.iter().any(about_kind) {
                continue;
            }
            let how = if va.address { format!("addresses {label} through {}", va.reg) } else { format!("allocates {label} to {}", va.reg) };
            x.message = format!("if gcc {how}, {}", x.message);
            new.push(x);
        }
    }
    findings.extend(new);
    let rejected: Vec<Option<(Option<String>, String)>> = immediates
        .into_iter()
        .map(|r| match r {
            Err(assemble::Rejected::Errors(errors)) => errors.into_iter().next().map(|e| (e.line, e.message)),
            _ => None,
        })
        .collect();
    findings.extend(immediates::findings(v, &constants, &rejected));
    latent(&mut findings, target, &j.context);
    let order = |f: &Finding| KINDS.iter().position(|k| k.name == f.kind);
    findings.sort_by_key(order);
    findings
}

/// Registers gcc cannot give any value in this context: it never uses them here, so a write or
/// a read of one it was not told about cannot miscompile (MMX registers on x86-64, xmm without
/// SSE, registers `-ffixed-*` takes).
fn unusable_here(target: &Target, cx: &Context) -> RegSet {
    let mut set = classes::mmx().union(target.fixed);
    if cx.no_sse {
        set = set.union(classes::sse_all());
    }
    set
}

/// Findings about registers gcc cannot use here become warnings ("latent: ...").
fn latent(findings: &mut Vec<Finding>, target: &Target, cx: &Context) {
    let unusable = unusable_here(target, cx);
    let mut split = Vec::new();
    for f in findings.iter_mut().filter(|f| f.severity == Severity::Error) {
        if !matches!(f.kind, kinds::UNDECLARED_REGISTER_WRITE | kinds::UNDECLARED_REGISTER_READ) {
            continue;
        }
        let Some(names) = f.register.clone() else { continue };
        let regs: Vec<PhysReg> = names.split(", ").filter_map(PhysReg::from_name).collect();
        let (gone, live): (Vec<PhysReg>, Vec<PhysReg>) = regs.iter().partition(|r| unusable.contains(**r));
        if gone.is_empty() {
            continue;
        }
        let why = latent_reason(&gone, target, cx);
        if live.is_empty() {
            f.severity = Severity::Warning;
            f.message = format!("latent: {} (harmless while {why})", f.message);
            continue;
        }
        // A call's list: the registers gcc may use stay an error, the rest a warning.
        let list = |rs: &[PhysReg]| rs.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ");
        let mut w = f.clone();
        f.message = f.message.replacen(&names, &list(&live), 1);
        f.register = Some(list(&live));
        let quoted = |rs: &[PhysReg]| rs.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", ");
        f.message = f.message.replace(&quoted(&regs), &quoted(&live));
        w.severity = Severity::Warning;
        w.message = format!("latent: {} (harmless while {why})", w.message.replacen(&names, &list(&gone), 1).replace(&quoted(&regs), &quoted(&gone)));
        w.register = Some(list(&gone));
        split.push(w);
    }
    findings.extend(split);
}

/// Why gcc leaves these registers alone here.
fn latent_reason(regs: &[PhysReg], target: &Target, cx: &Context) -> String {
    let mut why = Vec::new();
    if regs.iter().any(|r| r.class() == exasm_core::regs::RegClass::Mmx) {
        why.push("gcc keeps no values in MMX registers on x86-64 outside \"y\" operands");
    }
    if cx.no_sse && regs.iter().any(|r| r.class() == exasm_core::regs::RegClass::Xmm) {
        why.push("the function is compiled without SSE");
    }
    if regs.iter().any(|r| target.fixed.contains(*r)) {
        why.push("-ffixed- takes the register from gcc");
    }
    why.join(" and ")
}
