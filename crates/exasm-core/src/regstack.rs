//! The x87 register-stack rules gcc checks on an allocated statement (reg-stack.cc,
//! `check_asm_stack_operands`; the rules are in gcc's manual under "x86 Floating-Point asm
//! Operands"), with gcc's messages.
//!
//! The stack makes registers positional: an output must name one register, outputs must fill
//! the top of the stack without a gap, and the inputs the statement pops (tied to an output, or
//! named in the clobbers) must lie above those it only reads, which in turn must lie above the
//! rest.

use crate::constraint::Alternative;
use crate::regs::{PhysReg, RegClass};
use crate::solve::{Allocation, Location};
use crate::validate::{Role, Validated};

/// gcc's errors for the statement's x87 operands as allocated, in gcc's order (empty when the
/// rules hold or no operand is on the stack).
///
/// ```
/// use exasm_core::{parse::parse_statements, regs::{PhysReg, RegSet}, regstack::check, target::Target, validate::validate};
/// use exasm_core::solve::{Allocation, Location};
/// let s = parse_statements(r#"asm ("" : "=u" (d))"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// let st1 = Location::Reg { reg: PhysReg::ST1, width: 8 };
/// let a = Allocation { alternative: 0, swapped: None, locations: vec![st1], reads: RegSet::EMPTY, writes: RegSet::of(&[PhysReg::ST1]), clobbers: RegSet::EMPTY };
/// assert_eq!(check(&v, &a), ["output registers must be grouped at top of stack"]);
/// ```
pub fn check(v: &Validated, a: &Allocation) -> Vec<String> {
    // Every rule is about operands on the stack.
    if !a.locations.iter().any(|l| matches!(l, Location::Reg { reg, .. } if reg.class() == RegClass::X87)) {
        return Vec::new();
    }
    let slot = |i: usize| match a.locations.get(i) {
        Some(Location::Reg { reg, .. }) if reg.class() == RegClass::X87 => Some(reg.hw_number() as usize),
        _ => None,
    };
    let alt = |i: usize| alternative(v, a, i);
    let mut errors = Vec::new();
    let mut output = [false; 8];
    for i in (0..v.operands.len()).filter(|&i| v.operands[i].is_output()) {
        let Some(n) = slot(i) else { continue };
        if alt(i).is_some_and(|a| a.regs.len() != 1) {
            errors.push(format!("output constraint {i} must specify a single register"));
        } else {
            output[n] = true;
        }
    }
    if !grouped_at_top(&output, &[false; 8]) {
        errors.push("output registers must be grouped at top of stack".to_string());
    }
    let mut popped = [false; 8];
    let mut explicit = [false; 8];
    for i in (0..v.operands.len()).filter(|&i| v.operands[i].is_input()) {
        let Some(n) = slot(i) else { continue };
        if v.clobbers.regs.contains(PhysReg::st(n as u8)) || tied(v, a, i) {
            popped[n] = true;
        } else if alt(i).is_some_and(|a| a.regs.len() == 1) {
            explicit[n] = true;
        }
    }
    if !grouped_at_top(&popped, &[false; 8]) {
        errors.push("implicitly popped registers must be grouped at top of stack".to_string());
    }
    if !grouped_at_top(&explicit, &popped) {
        errors.push("explicitly used registers must be grouped at top of stack".to_string());
    }
    // An input the statement does not pop, in the register of an output: the output overwrites
    // it before the statement has read it, unless the output is early-clobber (and then the
    // allocation never puts them together).
    for i in (0..v.operands.len()).filter(|&i| v.operands[i].is_input() && !tied(v, a, i)) {
        let Some(n) = slot(i) else { continue };
        for j in (0..v.operands.len()).filter(|&j| v.operands[j].is_output()) {
            if slot(j) == Some(n) {
                errors.push(format!("output operand {j} must use '&' constraint"));
            }
        }
    }
    errors
}

/// Do the marked registers, counted from the top of the stack past those in `above`, come
/// first, without a gap?
fn grouped_at_top(marked: &[bool; 8], above: &[bool; 8]) -> bool {
    let first_free = (0..8).find(|&n| !marked[n] && !above[n]).unwrap_or(8);
    !(first_free..8).any(|n| marked[n])
}

/// The alternative operand `i` was allocated in (its `%` partner's after a swap).
fn alternative<'a>(v: &'a Validated, a: &Allocation, i: usize) -> Option<&'a Alternative> {
    let j = match a.swapped {
        Some(s) if i == s => s + 1,
        Some(s) if i == s + 1 => s,
        _ => i,
    };
    let c = v.operands.get(j)?.constraint.as_ref()?;
    c.alternatives.get(a.alternative).or_else(|| c.alternatives.last())
}

/// Is input `i` tied to an output in the allocated alternative?
fn tied(v: &Validated, a: &Allocation, i: usize) -> bool {
    matches!(v.operands[i].role, Role::HiddenInput(_)) || v.operands[i].ties.get(a.alternative).copied().flatten().is_some() || alternative(v, a, i).is_some_and(|alt| alt.tie.is_some())
}
