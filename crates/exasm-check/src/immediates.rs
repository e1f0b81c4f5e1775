//! Constants the constraints admit: an input that may be an immediate (`"Zq" (v)`, `"ir" (n)`)
//! is one whenever gcc knows its value, after inlining or constant propagation. The probe
//! rendering places it in a register, so the template is assembled again with the operand set
//! to the extreme values its constraint and its C type allow; a value `as` rejects
//! (`movq $0x80000000, (%rax)`: a 64-bit instruction takes a sign-extended 32-bit immediate)
//! is a build failure waiting for a caller that passes it. A warning: the facts give the
//! operand's type, not the values its expression can take (`(long) an_int` never reaches 2^31).

use crate::assemble::{exit_label, run_as};
use crate::interface::operand_label;
use crate::{kinds, CheckError, Finding};
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

/// Checks every non-constant integer or pointer input that some alternative allows as an
/// immediate (a pointer is one when it is an integer constant cast, `(void *) 0x80000000`).
pub(crate) fn check(v: &Validated, facts: &[OperandFacts], target: &Target) -> Result<Vec<Finding>, CheckError> {
    let mut findings = Vec::new();
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
        let mut tried = Vec::new();
        for x in edges.into_iter().flatten() {
            if tried.contains(&x) {
                continue;
            }
            tried.push(x);
            if rejected(v, facts, target, i, x)?.is_none() {
                continue;
            }
            // The smallest value in magnitude that fails, for the message.
            let mut by_size = admitted.clone();
            by_size.sort_by_key(|x| x.abs());
            for y in by_size {
                if let Some((line, message)) = rejected(v, facts, target, i, y)? {
                    let label = operand_label(v, i);
                    let msg = format!(
                        "input {label} (\"{}\") admits the constant {y}, and then `as` rejects the asm: {message}; narrow the constraint to the immediates the instruction encodes (\"e\" for a 64-bit instruction)",
                        c.text
                    );
                    findings.push(Finding {
                        kind: kinds::IMMEDIATE_OUT_OF_RANGE,
                        severity: Severity::Warning,
                        message: msg,
                        instruction: line,
                        operand: Some(i),
                        register: None,
                    });
                    break;
                }
            }
            break;
        }
    }
    Ok(findings)
}

/// Renders the statement with input `i` the constant `x` and assembles it: `as`'s first error
/// (the template line and the message), or `None` when it assembles or gcc would not place the
/// constant as an immediate.
fn rejected(v: &Validated, facts: &[OperandFacts], target: &Target, i: usize, x: i128) -> Result<Option<(Option<String>, String)>, CheckError> {
    let mut with = facts.to_vec();
    with[i] = OperandFacts { constant: Some(exasm_core::facts::ConstValue::Int { value: x }), ..OperandFacts::rvalue(facts[i].kind, facts[i].size) };
    let Ok(alloc) = solve(v, &with, target, RegSet::EMPTY) else { return Ok(None) };
    if !matches!(alloc.locations.get(i), Some(Location::Imm(_))) {
        return Ok(None);
    }
    let label = |k: usize| exit_label(k);
    let rendered = render(v, &alloc, &with, target, &RenderOptions { unique: 0, label: &label });
    if rendered.has_errors() {
        return Ok(None);
    }
    Ok(run_as(&rendered.text, v.stmt.labels.len(), target.dialect)?.err().and_then(|errors| errors.into_iter().next()).map(|e| (e.line, e.message)))
}
