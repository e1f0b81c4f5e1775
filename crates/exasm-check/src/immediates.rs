//! Constants the constraints admit: an input that may be an immediate (`"Zq" (v)`, `"ir" (n)`)
//! is one whenever gcc knows its value, after inlining or constant propagation. The probe
//! rendering places it in a register, so the template is assembled again with the operand set
//! to the extreme values its constraint and its C type allow; a value `as` rejects
//! (`movq $0x80000000, (%rax)`: a 64-bit instruction takes a sign-extended 32-bit immediate)
//! is a build failure waiting for a caller that passes it. A warning: the facts give the
//! operand's type, not the values its expression can take (`(long) an_int` never reaches 2^31).

use crate::assemble::exit_label;
use crate::interface::operand_label;
use crate::{kinds, Finding};
use exasm_core::diag::Severity;
use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{solve, Location};
use exasm_core::target::Target;
use exasm_core::validate::{Role, Validated};

/// Values at the edges of every immediate letter's range and of every integer type.
const PROBES: [i128; 16] = [
    0,
    31,
    63,
    127,
    255,
    0xffff,
    i32::MAX as i128,
    1 << 31,
    u32::MAX as i128,
    1 << 32,
    i64::MAX as i128,
    u64::MAX as i128,
    -128,
    i32::MIN as i128,
    i32::MIN as i128 - 1,
    i64::MIN as i128,
];

/// The values an integer of `size` bytes can take, signed or unsigned (the facts do not say
/// which).
fn fits(size: u32, v: i128) -> bool {
    let bits = 8 * size.min(8);
    -(1i128 << (bits - 1)) <= v && v < 1i128 << bits
}

/// One rendering of a statement with an input set to a constant, to assemble.
#[derive(Clone, Debug)]
pub(crate) struct Probe {
    /// The input.
    pub operand: usize,
    /// The constant.
    pub value: i128,
    /// The rendered template.
    pub text: String,
    /// Is it an edge of the admitted range (the others only name the smallest failing value)?
    pub edge: bool,
}

/// The values admitted for each non-constant integer or pointer input that some alternative
/// allows as an immediate (a pointer is one when it is an integer constant cast, `(void *)
/// 0x80000000`), each rendered with the input set to it.
pub(crate) fn probes(v: &Validated, facts: &[OperandFacts], target: &Target) -> Vec<Probe> {
    let mut out = Vec::new();
    for (i, o) in v.operands.iter().enumerate() {
        let (Role::Input(_), Some(c), Some(f)) = (o.role, &o.constraint, facts.get(i)) else { continue };
        if f.constant.is_some() || !matches!(f.kind, ValueKind::Int | ValueKind::Pointer) {
            continue;
        }
        let admitted: Vec<i128> = PROBES.iter().copied().filter(|&x| fits(f.size, x) && c.alternatives.iter().any(|a| a.imm.accepts_int(x))).collect();
        // Encodability is monotone in magnitude, except that 64-bit values wrap: the largest
        // value below 2^63, the largest of all and the most negative are the edges.
        let edges = [
            admitted.iter().copied().filter(|&x| x <= i64::MAX as i128).max(),
            admitted.iter().copied().max(),
            admitted.iter().copied().filter(|&x| x < 0).min(),
        ];
        let mut values = admitted.clone();
        values.sort_by_key(|x| x.abs());
        values.dedup();
        for x in values {
            if let Some(text) = rendered(v, facts, target, i, x) {
                out.push(Probe { operand: i, value: x, text, edge: edges.contains(&Some(x)) });
            }
        }
    }
    out
}

/// The findings, given what `as` said of each probe (`Some((line, message))` when it rejected
/// it): for each input whose edge values fail, the smallest value in magnitude that fails.
pub(crate) fn findings(v: &Validated, probes: &[Probe], rejected: &[Option<(Option<String>, String)>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut done = Vec::new();
    for p in probes {
        if done.contains(&p.operand) {
            continue;
        }
        let of_operand = || probes.iter().zip(rejected).filter(|(q, _)| q.operand == p.operand);
        if !of_operand().any(|(q, r)| q.edge && r.is_some()) {
            continue;
        }
        done.push(p.operand);
        // Probes are in order of magnitude.
        let Some((q, Some((line, message)))) = of_operand().find(|(_, r)| r.is_some()) else { continue };
        let c = v.operands[q.operand].constraint.as_ref().map_or("", |c| c.text.as_str());
        let label = operand_label(v, q.operand);
        let msg = format!(
            "input {label} (\"{c}\") admits the constant {}, and then `as` rejects the asm: {message}; narrow the constraint to the immediates the instruction encodes (\"e\" for a 64-bit instruction)",
            q.value
        );
        findings.push(Finding { kind: kinds::IMMEDIATE_OUT_OF_RANGE, severity: Severity::Warning, message: msg, instruction: line.clone(), operand: Some(q.operand), register: None });
    }
    findings
}

/// The statement rendered with input `i` the constant `x`, or `None` when gcc would not place
/// the constant as an immediate.
fn rendered(v: &Validated, facts: &[OperandFacts], target: &Target, i: usize, x: i128) -> Option<String> {
    let mut with = facts.to_vec();
    with[i] = OperandFacts { constant: Some(exasm_core::facts::ConstValue::Int { value: x }), ..OperandFacts::rvalue(facts[i].kind, facts[i].size) };
    let alloc = solve(v, &with, target, RegSet::EMPTY).ok()?;
    if !matches!(alloc.locations.get(i), Some(Location::Imm(_))) {
        return None;
    }
    let label = |k: usize| exit_label(k);
    let rendered = render(v, &alloc, &with, target, &RenderOptions { unique: 0, label: &label });
    (!rendered.has_errors()).then_some(rendered.text)
}
