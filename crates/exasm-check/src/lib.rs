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
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::solve;
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
    let first_error = |d: &[exasm_core::diag::Diagnostic]| d.iter().find(|d| d.is_error()).map_or_else(String::new, |d| d.message.clone());
    if v.has_errors() {
        let errors: Vec<_> = v.diagnostics.iter().map(|d| d.diagnostic.clone()).collect();
        return Err(CheckError::Invalid(first_error(&errors)));
    }
    let alloc = solve(&probe_statement(v), facts, target, RegSet::EMPTY)
        .or_else(|_| solve(v, facts, target, RegSet::EMPTY))
        .map_err(|d| CheckError::Invalid(first_error(&d)))?;
    let label = |k: usize| assemble::exit_label(k);
    let rendered = render(v, &alloc, facts, target, &RenderOptions { unique: 0, label: &label });
    if rendered.has_errors() {
        return Err(CheckError::Invalid(first_error(&rendered.diagnostics)));
    }
    let labels: Vec<String> = v.stmt.labels.iter().map(|l| l.value.clone()).collect();
    let snippet = assemble::assemble(&rendered.text, labels.len(), target.dialect)?;
    let insns = decode::decode(&snippet, &labels, target.dialect);
    let it = interface::Interface::new(v, &alloc, facts, target);
    let mut findings = analyse::analyse(&insns, &snippet, &it, &labels)?;
    findings.extend(immediates::check(v, facts, target)?);
    let order = |f: &Finding| KINDS.iter().position(|k| k.name == f.kind);
    findings.sort_by_key(order);
    Ok(findings)
}
