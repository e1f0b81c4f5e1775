//! Validation: everything about a statement that gcc decides without C types, with gcc's
//! messages, and the decoded form the solver works on.
//!
//! gcc checks in three stages and stops at the first that fails: the front end (constraint
//! syntax, names), expansion (operand count, alternatives, clobbers, flag outputs, impossible
//! constraints) and output (the template). [`Validated::diagnostics`] keeps that order; use
//! [`gcc_reported`] to get what gcc prints.

use crate::clobber::{self, Clobber, ClobberLookup};
use crate::constraint::{Constraint, ConstraintError, ConstraintWarning, Tie, MAX_ALTERNATIVES};
use crate::diag::{Diagnostic, Severity, Span};
use crate::regs::RegSet;
use crate::stmt::{AsmStmt, OperandDecl};
use crate::target::Target;
use crate::template::{check_named_references, parse_template, OperandRef, Piece};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// gcc's limit on operands (MAX_RECOG_OPERANDS).
pub const MAX_OPERANDS: usize = 30;

/// The gcc pass that reports a diagnostic.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Parsing and constraint checks in the C front end.
    FrontEnd,
    /// RTL expansion: operand counts, clobbers, flag outputs, allocation.
    Expansion,
    /// Final output: the template.
    Output,
}

/// A diagnostic and the stage that reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagedDiagnostic {
    /// The stage.
    pub stage: Stage,
    /// The diagnostic.
    pub diagnostic: Diagnostic,
}

/// What an operand number stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum Role {
    /// The n-th output.
    Output(usize),
    /// The n-th input as written.
    Input(usize),
    /// The hidden input gcc adds for the n-th output when it is `+`.
    HiddenInput(usize),
    /// The n-th goto label.
    Label(usize),
}

/// One operand in gcc's numbering, borrowing names from the statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecodedOperand<'a> {
    /// What it is.
    pub role: Role,
    /// `[name]`, or the label's name for labels.
    pub name: Option<&'a str>,
    /// The decoded constraint (`None` for labels and for constraints that failed to decode).
    /// Shared: every statement that writes the same constraint text holds the same decoding
    /// (see [`validate`]); change it with [`Arc::make_mut`].
    pub constraint: Option<Arc<Constraint>>,
    /// For inputs: the output operand it must share a location with, per alternative (a
    /// matching digit, `[name]`, or the output of a hidden input). Empty when no alternative
    /// is tied, so read it with `ties.get(alternative).copied().flatten()`.
    pub ties: Vec<Option<usize>>,
    /// Where the operand was written (the output's span for hidden inputs).
    pub span: Span,
}

impl DecodedOperand<'_> {
    /// Is this an output (`=` or `+`)?
    pub fn is_output(&self) -> bool {
        matches!(self.role, Role::Output(_))
    }

    /// Is this an input, written or hidden?
    pub fn is_input(&self) -> bool {
        matches!(self.role, Role::Input(_) | Role::HiddenInput(_))
    }

    /// The output operand this input must share a location with in alternative `alt`.
    pub fn tie(&self, alt: usize) -> Option<usize> {
        self.ties.get(alt).copied().flatten()
    }
}

/// The clobber list, decoded.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clobbers {
    /// Clobbered register families.
    pub regs: RegSet,
    /// `"memory"`.
    pub memory: bool,
    /// `"cc"` was written (x86 flags are clobbered regardless).
    pub cc: bool,
    /// `"fpsr"`.
    pub fpsr: bool,
}

/// A statement with its operands numbered, constraints decoded and template parsed. It borrows
/// the statement: names and template text are slices of it, nothing is copied.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, template::{OperandRef, Piece}};
/// use exasm_core::validate::{validate, Role};
/// let s = parse_statements(r#"asm goto ("btl %[bit], %0; jc %l2" : "+rm" (w) : [bit] "Ir" (b) : "cc" : hit)"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// let roles: Vec<Role> = v.operands.iter().map(|o| o.role).collect();
/// assert_eq!(roles, [Role::Output(0), Role::Input(0), Role::HiddenInput(0), Role::Label(0)]);
/// assert_eq!(v.operand_by_name("bit"), Some(1));
/// // `%[bit]` is resolved to its number; `%l2` names the hidden input, which is no label.
/// assert!(matches!(v.pieces[1], Piece::Operand { operand: OperandRef::Number(1), .. }));
/// assert_eq!(v.reported()[0].message, "invalid 'asm': '%l' operand isn't a label");
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Validated<'a> {
    /// The statement as parsed.
    pub stmt: &'a AsmStmt,
    /// Operands in gcc's numbering.
    pub operands: Vec<DecodedOperand<'a>>,
    /// Decoded clobbers.
    pub clobbers: Clobbers,
    /// The template for the target's dialect, named references resolved to numbers. Basic asm
    /// is one text piece.
    pub pieces: Vec<Piece<'a>>,
    /// Every diagnostic, in gcc's stage order.
    pub diagnostics: Vec<StagedDiagnostic>,
}

impl<'a> Validated<'a> {
    /// The alternative count shared by every constrained operand (1 when there are none).
    pub fn alternative_count(&self) -> usize {
        self.operands.iter().filter_map(|o| o.constraint.as_ref()).filter(|c| c.flag.is_none()).map(|c| c.alternatives.len()).max().unwrap_or(1)
    }

    /// Does gcc reject the statement so far?
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.diagnostic.is_error())
    }

    /// Adds a diagnostic of a later stage (the solver's, a front end's).
    pub fn push(&mut self, stage: Stage, diagnostic: Diagnostic) {
        self.diagnostics.push(StagedDiagnostic { stage, diagnostic });
        self.diagnostics.sort_by_key(|d| d.stage);
    }

    /// Operand number of a name (outputs, inputs, then labels), as gcc resolves `%[name]`.
    pub fn operand_by_name(&self, name: &str) -> Option<usize> {
        self.operands.iter().position(|o| o.name == Some(name) && !matches!(o.role, Role::HiddenInput(_)))
    }

    /// Operand number of the n-th output, input or label.
    pub fn operand_of(&self, role: Role) -> Option<usize> {
        self.operands.iter().position(|o| o.role == role)
    }

    /// What gcc prints for the statement so far ([`gcc_reported`] of its diagnostics).
    pub fn reported(&self) -> Vec<Diagnostic> {
        gcc_reported(&self.diagnostics)
    }
}

/// What gcc prints: the diagnostics of the first stage that has an error, with every warning
/// of that stage and the earlier ones.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::{validate, gcc_reported}};
/// let s = parse_statements(r#"asm ("%5" : "r" (x))"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// let msgs: Vec<_> = gcc_reported(&v.diagnostics).iter().map(|d| d.message.clone()).collect();
/// // The template is never looked at: the front end already failed.
/// assert_eq!(msgs, vec!["output operand constraint lacks '='"]);
/// ```
pub fn gcc_reported(diags: &[StagedDiagnostic]) -> Vec<Diagnostic> {
    let failing = diags.iter().filter(|d| d.diagnostic.is_error()).map(|d| d.stage).min();
    diags
        .iter()
        .filter(|d| match failing {
            Some(stage) => d.stage <= stage,
            None => true,
        })
        .map(|d| d.diagnostic.clone())
        .collect()
}

/// A small, fast hasher for the constraint cache's short keys (FxHash's mixing step).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Cache<V> = HashMap<Box<str>, V, BuildHasherDefault<FxHasher>>;

/// Decoded constraints by text, per thread: real code repeats the same few dozen, so after the
/// first statement decoding is a lookup. Only successful decodings are kept; the cache is
/// emptied when it reaches [`CACHE_LIMIT`] texts.
#[derive(Default)]
struct ConstraintCache {
    outputs: Cache<(Arc<Constraint>, Vec<ConstraintWarning>)>,
    inputs: Cache<Arc<Constraint>>,
}

const CACHE_LIMIT: usize = 4096;

thread_local! {
    static CACHE: RefCell<ConstraintCache> = RefCell::new(ConstraintCache::default());
}

fn decode_output(text: &str) -> Result<(Arc<Constraint>, Vec<ConstraintWarning>), ConstraintError> {
    CACHE.with_borrow_mut(|cache| {
        if let Some(hit) = cache.outputs.get(text) {
            return Ok(hit.clone());
        }
        let (c, w) = Constraint::decode_output(text)?;
        let decoded = (Arc::new(c), w);
        if cache.outputs.len() >= CACHE_LIMIT {
            cache.outputs.clear();
        }
        cache.outputs.insert(text.into(), decoded.clone());
        Ok(decoded)
    })
}

fn decode_input(text: &str) -> Result<Arc<Constraint>, ConstraintError> {
    CACHE.with_borrow_mut(|cache| {
        if let Some(hit) = cache.inputs.get(text) {
            return Ok(hit.clone());
        }
        let c = Arc::new(Constraint::decode_input(text)?);
        if cache.inputs.len() >= CACHE_LIMIT {
            cache.inputs.clear();
        }
        cache.inputs.insert(text.into(), c.clone());
        Ok(c)
    })
}

/// Validates a statement for a target.
///
/// The result borrows `stmt`. Constraints are decoded once per text and thread and shared
/// (an [`Arc`]) by every statement that writes the same text.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// let s = parse_statements(r#"asm ("add %[b], %0" : "+r" (a) : [b] "g" (b))"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// assert!(!v.has_errors());
/// assert_eq!(v.operands.len(), 3); // output, input, hidden input of the '+'
/// assert_eq!(v.operands[2].ties, vec![Some(0)]);
/// assert_eq!(v.operands[1].name, Some("b"));
/// ```
pub fn validate<'a>(stmt: &'a AsmStmt, target: &Target) -> Validated<'a> {
    let mut v = Validated { stmt, operands: Vec::with_capacity(stmt.operand_count()), clobbers: Clobbers::default(), pieces: Vec::new(), diagnostics: Vec::new() };
    if stmt.is_basic() {
        v.pieces = vec![Piece::Text { text: Cow::Borrowed(&stmt.template.value) }];
        return v;
    }
    let at = stmt.keyword.span;
    let mut diagnostics = Vec::new();
    let mut diag = |stage: Stage, severity: Severity, message: String| {
        diagnostics.push(StagedDiagnostic { stage, diagnostic: Diagnostic { severity, message, span: at } });
    };

    // Front end: names. gcc compares each output with the later outputs, each input with the
    // later inputs and the outputs, each label with the later labels and the inputs (not the
    // outputs), and stops at the first duplicate.
    let name_of = |o: &'a OperandDecl| o.name.as_ref().map(|n| n.value.as_str());
    let output_names = || stmt.outputs.iter().filter_map(name_of);
    let input_names = || stmt.inputs.iter().filter_map(name_of);
    let label_names = || stmt.labels.iter().map(|l| l.value.as_str());
    let duplicate = output_names()
        .enumerate()
        .find(|&(k, n)| output_names().skip(k + 1).any(|m| m == n))
        .or_else(|| input_names().enumerate().find(|&(k, n)| input_names().skip(k + 1).any(|m| m == n) || output_names().any(|m| m == n)))
        .or_else(|| label_names().enumerate().find(|&(k, n)| label_names().skip(k + 1).any(|m| m == n) || input_names().any(|m| m == n)));
    if let Some((_, name)) = duplicate {
        diag(Stage::FrontEnd, Severity::Error, format!("duplicate 'asm' operand name '{name}'"));
    }
    let nout = stmt.outputs.len();
    let nin = stmt.inputs.len();
    if stmt.template.value.contains('[') {
        let known = |name: &str| output_names().chain(input_names()).chain(label_names()).any(|n| n == name);
        for e in check_named_references(&stmt.template.value, known) {
            diag(Stage::FrontEnd, Severity::Error, e.message);
        }
    }

    // Front end: constraints; numbering: outputs, inputs, hidden inputs of '+' outputs, labels.
    for (i, o) in stmt.outputs.iter().enumerate() {
        let constraint = match decode_output(&o.constraint.value) {
            Ok((c, warnings)) => {
                for ConstraintWarning::EqualsNotFirst(ch) in warnings {
                    diag(Stage::FrontEnd, Severity::Warning, format!("output constraint '{ch}' for operand {i} is not at the beginning"));
                }
                if c.commutative && i + 1 == nout + nin {
                    diag(Stage::FrontEnd, Severity::Error, "'%' constraint used with last operand".into());
                }
                Some(c)
            }
            Err(e @ (ConstraintError::UnknownFlag(_) | ConstraintError::FlagAlternatives | ConstraintError::TooManyAlternatives)) => {
                diag(Stage::Expansion, Severity::Error, e.to_string());
                None
            }
            Err(e) => {
                diag(Stage::FrontEnd, Severity::Error, e.to_string());
                None
            }
        };
        v.operands.push(DecodedOperand { role: Role::Output(i), name: name_of(o), constraint, ties: Vec::new(), span: o.expr.span });
    }
    for (i, o) in stmt.inputs.iter().enumerate() {
        let (constraint, ties) = match decode_input(&o.constraint.value) {
            Ok(c) => {
                if c.commutative && i + 1 == nin {
                    diag(Stage::FrontEnd, Severity::Error, "'%' constraint used with last operand".into());
                }
                let mut ties = Vec::new();
                let mut ok = true;
                if c.alternatives.iter().any(|a| a.tie.is_some()) {
                    ties.reserve_exact(c.alternatives.len());
                    for alt in &c.alternatives {
                        let tie = match &alt.tie {
                            None => None,
                            Some(Tie::Number(n)) => Some(*n as usize),
                            Some(Tie::Name(name)) => match stmt.outputs.iter().chain(&stmt.inputs).position(|x| x.name.as_ref().is_some_and(|n| &n.value == name)) {
                                Some(n) => Some(n),
                                None => {
                                    diag(Stage::FrontEnd, Severity::Error, format!("undefined named operand '{name}'"));
                                    ok = false;
                                    None
                                }
                            },
                        };
                        if tie.is_some_and(|n| n >= nout) {
                            diag(Stage::FrontEnd, Severity::Error, "matching constraint references invalid operand number".into());
                            ok = false;
                        }
                        ties.push(tie);
                    }
                }
                if ok {
                    (Some(c), ties)
                } else {
                    (None, Vec::new())
                }
            }
            Err(e @ ConstraintError::TooManyAlternatives) => {
                diag(Stage::Expansion, Severity::Error, e.to_string());
                (None, Vec::new())
            }
            Err(e) => {
                diag(Stage::FrontEnd, Severity::Error, e.to_string());
                (None, Vec::new())
            }
        };
        v.operands.push(DecodedOperand { role: Role::Input(i), name: name_of(o), constraint, ties, span: o.expr.span });
    }
    for i in 0..nout {
        if let Some(c) = v.operands[i].constraint.as_ref().filter(|c| c.access == crate::constraint::Access::UseDef).cloned() {
            let ties = vec![Some(i); c.alternatives.len().max(1)];
            let span = v.operands[i].span;
            v.operands.push(DecodedOperand { role: Role::HiddenInput(i), name: None, constraint: Some(c), ties, span });
        } else if stmt.outputs[i].constraint.value.contains('+') && v.operands[i].constraint.is_none() {
            // Keep numbering right even when the constraint failed to decode.
            let span = v.operands[i].span;
            v.operands.push(DecodedOperand { role: Role::HiddenInput(i), name: None, constraint: None, ties: vec![Some(i)], span });
        }
    }
    for (i, l) in stmt.labels.iter().enumerate() {
        v.operands.push(DecodedOperand { role: Role::Label(i), name: Some(l.value.as_str()), constraint: None, ties: Vec::new(), span: l.span });
    }
    if target.call_clobbered != crate::regs::classes::call_clobbered() {
        for c in v.operands.iter_mut().filter_map(|o| o.constraint.as_mut()).filter(|c| c.text.contains('U')) {
            Arc::make_mut(c).set_call_clobbered(target.call_clobbered);
        }
    }

    // Expansion.
    if nout + nin + stmt.read_write_outputs() + stmt.labels.len() > MAX_OPERANDS {
        diag(Stage::Expansion, Severity::Error, format!("more than {MAX_OPERANDS} operands in 'asm'"));
    }
    let mut counts = v.operands.iter().filter_map(|o| o.constraint.as_ref()).filter(|c| c.flag.is_none()).map(|c| c.alternatives.len());
    let first = counts.clone().next();
    if counts.clone().any(|n| n > MAX_ALTERNATIVES) {
        diag(Stage::Expansion, Severity::Error, "too many alternatives in 'asm'".into());
    } else if counts.any(|n| Some(n) != first) {
        diag(Stage::Expansion, Severity::Error, "operand constraints for 'asm' differ in number of alternatives".into());
    }
    // gcc reports only the last clobber that the target lacks: each such error replaces the one
    // before.
    let mut not_for_target: Option<usize> = None;
    for c in &stmt.clobbers {
        let (found, message) = match clobber::lookup(&c.value, target) {
            ClobberLookup::Ok(found) => (Some(found), None),
            ClobberLookup::Warn(found, w) => (Some(found), Some((Severity::Warning, w))),
            ClobberLookup::Error(e) => (None, Some((Severity::Error, e))),
        };
        if let Some((severity, message)) = message {
            if message.ends_with("for the current target") {
                if let Some(k) = not_for_target.take() {
                    diagnostics.remove(k);
                }
                not_for_target = Some(diagnostics.len());
            }
            // The stack-pointer warning comes from the front end, clobber errors from expansion.
            let stage = if severity == Severity::Warning { Stage::FrontEnd } else { Stage::Expansion };
            diagnostics.push(StagedDiagnostic { stage, diagnostic: Diagnostic { severity, message, span: at } });
        }
        match found {
            Some(Clobber::Reg(r)) => v.clobbers.regs.insert(r),
            Some(Clobber::Memory) => v.clobbers.memory = true,
            Some(Clobber::Cc) => v.clobbers.cc = true,
            Some(Clobber::Fpsr) => v.clobbers.fpsr = true,
            Some(Clobber::Eliminable) | None => {}
        }
    }

    // Output: the template in the target's dialect.
    let (mut pieces, errors) = parse_template(&stmt.template.value, target.dialect);
    // gcc reports template errors as it prints, left to right.
    let mut output_errors: Vec<(u32, String)> = errors.into_iter().map(|e| (e.span.start, e.message)).collect();
    let count = v.operands.len();
    for p in &mut pieces {
        let Piece::Operand { operand, modifier, span } = p else { continue };
        let mut error = |m: &str| output_errors.push((span.start, m.to_string()));
        let n = match *operand {
            OperandRef::Number(n) => n as usize,
            OperandRef::Name(name) => match v.operand_by_name(name) {
                Some(n) => n,
                // Already reported by the front end.
                None => continue,
            },
        };
        *operand = OperandRef::Number(n as u32);
        if n >= count {
            error("operand number out of range");
            continue;
        }
        let op = &v.operands[n];
        let is_label = matches!(op.role, Role::Label(_));
        if *modifier == Some('l') && !is_label {
            error("'%l' operand isn't a label");
        } else if op.constraint.as_ref().is_some_and(|c| c.flag.is_some()) {
            // Only the first flag output is printed as a flags use; gcc cannot print the others
            // at all.
            let first_flag = v.operands.iter().position(|o| o.constraint.as_ref().is_some_and(|c| c.flag.is_some()));
            error(if first_flag == Some(n) { "invalid use of asm flag output" } else { "invalid expression as operand" });
        }
    }
    output_errors.sort_by_key(|e| e.0);
    for (_, message) in output_errors {
        diagnostics.push(StagedDiagnostic { stage: Stage::Output, diagnostic: Diagnostic { severity: Severity::Error, message: format!("invalid 'asm': {message}"), span: at } });
    }
    v.pieces = pieces;
    diagnostics.sort_by_key(|d| d.stage);
    v.diagnostics = diagnostics;
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_statements;

    fn reported(src: &str) -> Vec<String> {
        let s = parse_statements(src).statements.remove(0);
        gcc_reported(&validate(&s, &Target::default()).diagnostics).into_iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn valid_statement_has_no_diagnostics() {
        assert!(reported(r#"asm ("mov %1, %0" : "=r" (a) : "r" (b))"#).is_empty());
    }

    #[test]
    fn front_end_errors_are_all_reported() {
        assert_eq!(
            reported(r#"asm ("" : "r" (a), "=r" (b) : "=r" (c), "9" (d))"#),
            vec![
                "error: output operand constraint lacks '='",
                "error: input operand constraint contains '='",
                "error: matching constraint references invalid operand number"
            ]
        );
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(reported(r#"asm ("%[y]" : [x] "=r" (a) : [x] "r" (b))"#), vec!["error: duplicate 'asm' operand name 'x'", "error: undefined named operand 'y'"]);
        assert_eq!(reported(r#"asm ("%[x" : [x] "=r" (a))"#), vec!["error: missing close brace for named operand"]);
        assert_eq!(reported(r#"asm ("" : "=r" (a) : "[nope]" (b))"#), vec!["error: undefined named operand 'nope'"]);
    }

    #[test]
    fn duplicate_names_follow_gccs_comparisons() {
        // An output may share its name with a label; `%l[out]` then finds the output.
        assert_eq!(reported(r#"asm goto ("jz %l[out]" : [out] "+r" (x) ::: out)"#), vec!["error: invalid 'asm': '%l' operand isn't a label"]);
        assert_eq!(reported(r#"asm goto ("" : : [out] "r" (x) :: out)"#), vec!["error: duplicate 'asm' operand name 'out'"]);
        assert_eq!(reported(r#"asm ("" : [a] "=r" (x), [a] "=r" (y) : [b] "r" (z), [b] "r" (w))"#), vec!["error: duplicate 'asm' operand name 'a'"]);
    }

    #[test]
    fn only_the_first_flag_output_is_a_flags_use() {
        assert_eq!(reported(r#"asm ("%1" : "=@ccz" (a), "=@ccs" (b))"#), vec!["error: invalid 'asm': invalid expression as operand"]);
        assert_eq!(reported(r#"asm ("%0" : "=@ccz" (a), "=@ccs" (b))"#), vec!["error: invalid 'asm': invalid use of asm flag output"]);
    }

    #[test]
    fn only_the_last_clobber_the_target_lacks_is_reported() {
        assert_eq!(
            reported(r#"asm ("" ::: "k2", "foo", "k1", "bar")"#),
            vec!["error: unknown register name 'foo' in 'asm'", "error: the register 'k1' cannot be clobbered in 'asm' for the current target", "error: unknown register name 'bar' in 'asm'"]
        );
    }

    #[test]
    fn commutative_on_last_operand() {
        assert_eq!(reported(r#"asm ("" : "=r" (a) : "r" (b), "%r" (c))"#), vec!["error: '%' constraint used with last operand"]);
        assert!(reported(r#"asm ("" : "=r" (a) : "%r" (b), "r" (c))"#).is_empty());
    }

    #[test]
    fn operand_limit_counts_plus_twice_and_labels() {
        let outs: Vec<String> = (0..15).map(|i| format!("\"+r\" (x{i})")).collect();
        assert_eq!(reported(&format!("asm (\"\" : {})", outs.join(", "))), Vec::<String>::new());
        assert_eq!(reported(&format!("asm goto (\"\" : {} : : : l)", outs.join(", "))), vec!["error: more than 30 operands in 'asm'"]);
    }

    #[test]
    fn alternative_counts_must_agree() {
        assert_eq!(reported(r#"asm ("" : "=r,m" (a) : "r" (b))"#), vec!["error: operand constraints for 'asm' differ in number of alternatives"]);
    }

    #[test]
    fn template_errors_only_when_earlier_stages_pass() {
        assert_eq!(
            reported(r#"asm ("%3 %k %5" : "=r" (a))"#),
            vec!["error: invalid 'asm': operand number out of range", "error: invalid 'asm': operand number missing after %-letter", "error: invalid 'asm': operand number out of range"]
        );
        assert_eq!(reported(r#"asm ("%l0" : "=r" (a))"#), vec!["error: invalid 'asm': '%l' operand isn't a label"]);
        assert_eq!(reported(r#"asm ("%0" : "=@ccz" (a))"#), vec!["error: invalid 'asm': invalid use of asm flag output"]);
    }

    #[test]
    fn labels_number_after_hidden_inputs() {
        let s = parse_statements(r#"asm goto ("jmp %l[b]" : "+r" (c) : : : a, b)"#).statements.remove(0);
        let v = validate(&s, &Target::default());
        assert_eq!(v.operand_by_name("b"), Some(3));
        assert!(matches!(&v.pieces[1], Piece::Operand { operand: OperandRef::Number(3), .. }));
    }

    #[test]
    fn cached_constraints_keep_their_warnings_and_stay_unchanged_by_targets() {
        let s = parse_statements(r#"asm ("" : "r=" (a) : "Ua" (b))"#).statements.remove(0);
        let warning = ["warning: output constraint '=' for operand 0 is not at the beginning"];
        for _ in 0..2 {
            let v = validate(&s, &Target::default());
            assert_eq!(gcc_reported(&v.diagnostics).iter().map(|d| d.to_string()).collect::<Vec<_>>(), warning);
        }
        // `-fcall-saved-rax -fcall-used-rbx` changes `U` for this statement only.
        let t = Target { call_clobbered: crate::regs::classes::call_clobbered().without(crate::regs::PhysReg::RAX).with(crate::regs::PhysReg::RBX), ..Target::default() };
        let changed = validate(&s, &t);
        let u = |v: &Validated| v.operands[1].constraint.as_ref().unwrap().alternatives[0].regs;
        assert!(u(&changed).contains(crate::regs::PhysReg::RBX));
        let default = validate(&s, &Target::default());
        assert!(!u(&default).contains(crate::regs::PhysReg::RBX));
        assert_eq!(u(&default), crate::regs::classes::call_clobbered());
    }

    #[test]
    fn clobbers_decode_into_families() {
        let s = parse_statements(r#"asm ("" ::: "eax", "%r12", "memory", "cc")"#).statements.remove(0);
        let v = validate(&s, &Target::default());
        assert_eq!(v.clobbers.regs.len(), 2);
        assert!(v.clobbers.memory && v.clobbers.cc);
        assert_eq!(reported(r#"asm ("" ::: "rip")"#), vec!["error: unknown register name 'rip' in 'asm'"]);
    }
}
