//! An independent checker of allocations, in the spirit of regalloc2's checker: it re-derives
//! nothing from the solver and only asks whether a proposed allocation obeys gcc's rules.
//! Tests and fuzzers run it on every allocation they make.

use crate::facts::{HomeBase, MemHome, OperandFacts};
use crate::regs::{PhysReg, RegClass, RegSet};
use crate::solve::{expand_facts, unavailable, Allocation, Location};
use crate::target::Target;
use crate::validate::{Role, Validated};

/// Checks `a` against the statement's constraints; returns every violation found.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_core::regs::{PhysReg, RegSet};
/// use exasm_core::solve::{solve, Location};
/// use exasm_core::verify::check_allocation;
/// let s = parse_statements(r#"asm ("" : "=&r" (o) : "r" (i))"#).statements.remove(0);
/// let t = Target::default();
/// let v = validate(&s, &t);
/// let f = [OperandFacts::lvalue(ValueKind::Int, 4), OperandFacts::lvalue(ValueKind::Int, 4)];
/// let mut a = solve(&v, &f, &t, RegSet::EMPTY).unwrap();
/// assert!(check_allocation(&v, &f, &t, RegSet::EMPTY, &a).is_ok());
/// a.locations[1] = a.locations[0].clone(); // an early clobber sharing with an input
/// assert!(check_allocation(&v, &f, &t, RegSet::EMPTY, &a).is_err());
/// ```
pub fn check_allocation(v: &Validated, facts: &[OperandFacts], target: &Target, reserved: RegSet, a: &Allocation) -> Result<(), Vec<String>> {
    let facts = expand_facts(v, facts);
    let mut errs = Vec::new();
    if a.locations.len() != v.operands.len() {
        return Err(vec![format!("{} locations for {} operands", a.locations.len(), v.operands.len())]);
    }
    let forbidden = unavailable(target).union(reserved).union(v.clobbers.regs);
    let alt_index = |i: usize| match a.swapped {
        Some(s) if i == s => s + 1,
        Some(s) if i == s + 1 => s,
        _ => i,
    };
    for (i, (o, loc)) in v.operands.iter().zip(&a.locations).enumerate() {
        let allowed_clobbers = if o.is_input() { v.clobbers.regs.intersect(crate::regs::classes::x87()) } else { RegSet::EMPTY };
        let bad = loc.regs().intersect(forbidden.minus(allowed_clobbers));
        if !bad.is_empty() {
            errs.push(format!("operand {i} uses forbidden registers {bad:?}"));
        }
        if let Role::Label(k) = o.role {
            if *loc != (Location::Label { name: v.stmt.labels[k].value.clone() }) {
                errs.push(format!("label operand {i} is not its label"));
            }
            continue;
        }
        let Some(c) = &o.constraint else {
            errs.push(format!("operand {i} has no decoded constraint"));
            continue;
        };
        if let Some(cond) = c.flag {
            if *loc != (Location::Flag { cond }) {
                errs.push(format!("flag output {i} is not its condition"));
            }
            continue;
        }
        let Some((c, alt)) = v.operands[alt_index(i)].constraint.as_ref().and_then(|c| Some((c, c.alternatives.get(a.alternative)?))) else {
            errs.push(format!("operand {i} has no alternative {}", a.alternative));
            continue;
        };
        let alt_text = c.alternative_text(a.alternative);
        if let Some(out) = o.ties.get(a.alternative).copied().flatten() {
            if a.locations.get(out) != Some(loc) {
                errs.push(format!("operand {i} is tied to {out} but placed elsewhere"));
            }
            continue;
        }
        let f = &facts[i];
        match loc {
            Location::Reg { reg, .. } => {
                let ok = alt.regs.contains(*reg) || alt.any || alt.empty || (alt.address && reg.class() == RegClass::Gpr);
                if !ok {
                    errs.push(format!("operand {i} in {reg}, not allowed by '{alt_text}'"));
                }
                if let Some(fixed) = f.fixed_reg.filter(|r| alt.regs.contains(*r)) {
                    if fixed != *reg {
                        errs.push(format!("register variable operand {i} in {reg}, not {fixed}"));
                    }
                }
            }
            Location::RegPair { lo, hi } => {
                if !(alt.regs.contains(*lo) && alt.regs.contains(*hi) || alt.any) || lo == hi {
                    errs.push(format!("operand {i} in pair {lo}:{hi}, not allowed by '{alt_text}'"));
                }
            }
            Location::Mem(m) => {
                if !alt.allows_mem() {
                    errs.push(format!("operand {i} in memory, not allowed by '{alt_text}'"));
                }
                if m.base == Some(PhysReg::RSP) && !m.frame {
                    errs.push(format!("operand {i} based on the stack pointer"));
                }
            }
            Location::Imm(k) => {
                use crate::facts::ConstValue;
                let ok = alt.any
                    || match k {
                        ConstValue::Int { value } => alt.imm.accepts_int(*value),
                        ConstValue::Symbol { .. } => alt.imm.accepts_symbol(),
                        ConstValue::Float { .. } => !alt.imm.is_empty(),
                        ConstValue::Vector { .. } => alt.vector_immediate || alt.empty,
                    };
                if !ok || o.is_output() {
                    errs.push(format!("operand {i} is an immediate not allowed by '{alt_text}'"));
                }
            }
            Location::Flag { .. } | Location::Label { .. } => errs.push(format!("operand {i} placed as a flag or label")),
        }
    }
    // Outputs never share registers; early clobbers share with no input but their tied ones.
    let outputs: Vec<usize> = (0..v.operands.len()).filter(|&i| v.operands[i].is_output()).collect();
    for (k, &i) in outputs.iter().enumerate() {
        for &j in &outputs[k + 1..] {
            let shared = out_regs(&a.locations[i]).intersect(out_regs(&a.locations[j]));
            if !shared.is_empty() {
                errs.push(format!("outputs {i} and {j} share {shared:?}"));
            }
        }
        let c = v.operands[i].constraint.as_ref();
        let early = c.is_some_and(|c| c.alternatives.get(a.alternative).is_some_and(|alt| alt.early_clobber));
        if !early {
            continue;
        }
        for (j, o) in v.operands.iter().enumerate() {
            if !o.is_input() || o.ties.get(a.alternative).copied().flatten() == Some(i) {
                continue;
            }
            let shared = out_regs(&a.locations[i]).intersect(a.locations[j].regs());
            if !shared.is_empty() {
                errs.push(format!("early-clobber output {i} shares {shared:?} with input {j}"));
            }
        }
    }
    // Inputs with different values need different registers (exasm never shares them).
    let inputs: Vec<usize> = (0..v.operands.len()).filter(|&i| v.operands[i].is_input() && v.operands[i].ties.get(a.alternative).copied().flatten().is_none()).collect();
    for (k, &i) in inputs.iter().enumerate() {
        for &j in &inputs[k + 1..] {
            let shared = a.locations[i].regs().intersect(a.locations[j].regs());
            if !shared.is_empty() && !same_address_registers(&facts[i], &facts[j]) {
                errs.push(format!("inputs {i} and {j} share {shared:?}"));
            }
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// Do two memory operands address through the same pointer or index value, so that one
/// register may serve both?
fn same_address_registers(a: &OperandFacts, b: &OperandFacts) -> bool {
    let holds = |v: &OperandFacts, m: &OperandFacts| matches!((&v.pointer_value, &m.home), (Some((k, _)), Some(MemHome { base: HomeBase::Pointer(p), .. })) if k == p);
    if holds(a, b) || holds(b, a) {
        return true;
    }
    let (Some(x), Some(y)) = (&a.home, &b.home) else { return false };
    x.base == y.base && matches!(x.base, HomeBase::Pointer(_)) || x.index.as_ref().zip(y.index.as_ref()).is_some_and(|(p, q)| p.key == q.key)
}

/// Registers an output writes (a memory output writes no register).
fn out_regs(l: &Location) -> RegSet {
    match l {
        Location::Mem(_) => RegSet::EMPTY,
        l => l.regs(),
    }
}
