//! The declared interface of a statement under its probe allocation: which register families
//! carry inputs, which the asm may write, which memory it may touch, and which pairs of operands
//! gcc may put in one register.

use exasm_core::constraint::{Access, FlagCond};
use exasm_core::facts::OperandFacts;
use exasm_core::regs::{classes, PhysReg, RegClass, RegSet};
use exasm_core::solve::{unavailable, Allocation, Location, MemRef};
use exasm_core::target::Target;
use exasm_core::validate::{Role, Validated};
use iced_x86::RflagsBits;

/// A register operand.
#[derive(Clone, Debug)]
pub(crate) struct RegOperand {
    /// gcc's operand number.
    pub operand: usize,
    /// `%0` or `%[name]`, for messages.
    pub label: String,
    /// The family (a pair gives two entries).
    pub reg: PhysReg,
    /// The register's printed name.
    pub name: String,
    /// The bytes that hold the value.
    pub need: u64,
}

/// A memory operand, addressed through a base register in the probe.
#[derive(Clone, Debug)]
pub(crate) struct MemOperand {
    /// gcc's operand number.
    pub operand: usize,
    /// `%0` or `%[name]`.
    pub label: String,
    /// The base register holding its address.
    pub base: PhysReg,
    /// An output (`=m` or `+m`).
    pub output: bool,
    /// An `=m` output, which the asm must write.
    pub must_write: bool,
}

/// A memory operand the template may name by symbol (`g(%rip)`), or by the name of the C
/// object it is (`"m" (g_arr)`, with `g_arr+8(%rip)` in the template).
#[derive(Clone, Debug)]
pub(crate) struct SymbolMem {
    /// The symbol.
    pub name: String,
    /// gcc's operand number.
    pub operand: usize,
    /// `%0` or `%[name]`.
    pub label: String,
    /// An output (`=m` or `+m`).
    pub output: bool,
    /// An `=m` output: its old value is not an input.
    pub must_write: bool,
}

/// A flag output.
#[derive(Clone, Debug)]
pub(crate) struct FlagOutput {
    /// `%0` or `%[name]`.
    pub label: String,
    /// The condition.
    pub cond: FlagCond,
    /// The flags the condition reads.
    pub flags: u32,
}

/// An output gcc may place in the register of an input, had the probe not kept them apart.
#[derive(Clone, Debug)]
pub(crate) struct Hazard {
    /// The input's family in the probe (its register or its address's base).
    pub input_reg: PhysReg,
    /// The input, for messages (`%1`, or `the address of %1`).
    pub input: String,
    /// The output's family in the probe.
    pub output_reg: PhysReg,
    /// The output, for messages.
    pub output: String,
    /// The output's operand number.
    pub output_operand: usize,
    /// The output's register as printed.
    pub output_name: String,
    /// The input is a memory operand's address: gcc shares only when that address is in a
    /// register that dies in the asm (not a frame or symbol address), so this is a warning.
    pub through_address: bool,
}

/// Everything the analysis compares against.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interface {
    /// `=` and `+` register outputs.
    pub outputs: Vec<(RegOperand, bool)>,
    /// Input-only register operands (not tied to an output).
    pub inputs: Vec<RegOperand>,
    /// Memory operands.
    pub mems: Vec<MemOperand>,
    /// Memory operands addressed by symbol (`g(%rip)`) or naming a C object (`"m" (g_arr)`).
    pub symbols: Vec<SymbolMem>,
    /// Flag outputs.
    pub flags: Vec<FlagOutput>,
    /// Families whose incoming value the asm may use: inputs, memory bases, the stack pointer.
    pub meaningful: RegSet,
    /// Families the asm may leave changed: outputs and clobbers.
    pub writable: RegSet,
    /// Families the checker looks at for undeclared writes.
    pub tracked: RegSet,
    /// `"memory"`.
    pub memory: bool,
    /// `"cc"`.
    pub cc: bool,
    /// Output/input pairs gcc may allocate together.
    pub hazards: Vec<Hazard>,
    /// gcc keeps a frame pointer: rbp holds it, and reading it is no use of garbage.
    pub frame_pointer: bool,
    /// Registers that enter holding a known constant (an input whose value gcc knows, as a
    /// leaf number in `"a" (1)`).
    pub constants: Vec<(PhysReg, u64)>,
    /// Registers of inputs that point to data declared `const` (see
    /// [`crate::Context::read_only`]).
    pub read_only: RegSet,
}

/// `%N`, or `%[name]` when the operand has one; hidden inputs are named by their output.
pub(crate) fn operand_label(v: &Validated, i: usize) -> String {
    let i = match v.operands[i].role {
        Role::HiddenInput(out) => out,
        _ => i,
    };
    match &v.operands[i].name {
        Some(n) => format!("%[{n}]"),
        None => format!("%{i}"),
    }
}

/// The C object a memory operand names (`g_arr` in `g_arr`, `g.f`, `g_arr[2]`, `*&g`), when its
/// expression starts with a plain identifier: the template may name the same object by symbol.
fn object_name(v: &Validated, i: usize) -> Option<String> {
    let decl = match v.operands[i].role {
        Role::Output(k) => v.stmt.outputs.get(k),
        Role::Input(k) => v.stmt.inputs.get(k),
        _ => None,
    }?;
    let e = decl.expr.value.trim_start_matches(|c: char| c == '*' || c == '&' || c == '(' || c.is_whitespace());
    let name: String = e.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// Low `n` bytes.
pub(crate) fn low_bytes(n: u64) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// The flags a condition reads.
pub(crate) fn cond_flags(cond: FlagCond) -> u32 {
    let s = cond.suffix();
    let base = if s.len() > 1 && s.starts_with('n') { &s[1..] } else { s.as_str() };
    match base {
        "a" | "be" => RflagsBits::CF | RflagsBits::ZF,
        "ae" | "b" | "c" => RflagsBits::CF,
        "e" | "z" => RflagsBits::ZF,
        "g" | "le" => RflagsBits::ZF | RflagsBits::SF | RflagsBits::OF,
        "ge" | "l" => RflagsBits::SF | RflagsBits::OF,
        "o" => RflagsBits::OF,
        "p" => RflagsBits::PF,
        _ => RflagsBits::SF,
    }
}

/// The families of a register location, each with the bytes that hold the value.
fn reg_parts(loc: &Location, f: &OperandFacts) -> Vec<(PhysReg, u32, u64)> {
    match loc {
        Location::Reg { reg, width } => {
            let capacity: u64 = match reg.class() {
                RegClass::Gpr | RegClass::Mmx | RegClass::Mask => 8,
                _ => 64,
            };
            let size = u64::from(f.size.max(1)).min(capacity);
            vec![(*reg, *width, low_bytes(size))]
        }
        Location::RegPair { lo, hi } => vec![(*lo, 8, 0xff), (*hi, 8, 0xff)],
        _ => Vec::new(),
    }
}

/// The registers gcc may choose for operand `i` in alternative `alt` (its address's base
/// registers when it may be memory).
fn possible_regs(v: &Validated, i: usize, alt: usize, loc: &Location, free: RegSet) -> RegSet {
    let Some(a) = v.operands[i].constraint.as_ref().and_then(|c| c.alternatives.get(alt)) else {
        return loc.regs();
    };
    let mut regs = if a.any || a.empty { classes::general().union(classes::sse()) } else { a.regs };
    if a.address || a.allows_mem() {
        regs = regs.union(classes::index());
    }
    regs.union(loc.regs()).intersect(free)
}

impl Interface {
    /// The interface of `v` as placed by `alloc`. `original` is the statement as written (the
    /// probe may have been solved with every output early-clobber).
    pub(crate) fn new(original: &Validated, alloc: &Allocation, facts: &[OperandFacts], target: &Target, read_only: &[usize]) -> Interface {
        let v = original;
        let mut it = Interface { memory: v.clobbers.memory, cc: v.clobbers.cc, writable: v.clobbers.regs, frame_pointer: target.frame_pointer, ..Interface::default() };
        it.meaningful.insert(PhysReg::RSP);
        let written = v.stmt.outputs.len() + v.stmt.inputs.len();
        let fact = |i: usize| -> OperandFacts {
            let k = match v.operands[i].role {
                Role::HiddenInput(out) => out,
                _ => i,
            };
            facts.get(k).filter(|_| k < written).cloned().unwrap_or_else(|| OperandFacts::rvalue(exasm_core::facts::ValueKind::Int, 8))
        };
        let alt = alloc.alternative;
        let tie = |i: usize| v.operands[i].ties.get(alt).copied().flatten();
        let tied_to = |out: usize| v.operands.iter().any(|o| o.is_input() && o.ties.get(alt).copied().flatten() == Some(out));
        for (i, (o, loc)) in v.operands.iter().zip(&alloc.locations).enumerate() {
            let label = operand_label(v, i);
            let f = fact(i);
            if let Location::Mem(m) = loc {
                let access = o.constraint.as_ref().map(|c| c.access);
                let must_write = access == Some(Access::Def) && !tied_to(i);
                for name in m.symbol.iter().cloned().chain(object_name(v, i)) {
                    it.symbols.push(SymbolMem { name, operand: i, label: label.clone(), output: o.is_output(), must_write });
                }
                if let Some(base) = m.base.filter(|_| !m.frame) {
                    it.meaningful.insert(base);
                    if tie(i).is_none() {
                        it.mems.push(MemOperand { operand: i, label, base, output: o.is_output(), must_write });
                    }
                }
                continue;
            }
            if let Location::Flag { cond } = loc {
                it.flags.push(FlagOutput { label, cond: *cond, flags: cond_flags(*cond) });
                continue;
            }
            for (reg, width, need) in reg_parts(loc, &f) {
                let r = RegOperand { operand: i, label: label.clone(), reg, name: reg.name(width), need };
                match o.role {
                    Role::Output(_) => {
                        it.writable.insert(reg);
                        // An output an input is tied to holds that input until written.
                        let must = o.constraint.as_ref().is_some_and(|c| c.access == Access::Def) && !tied_to(i);
                        it.outputs.push((r, must));
                    }
                    Role::Input(_) | Role::HiddenInput(_) => {
                        it.meaningful.insert(reg);
                        if let Some(exasm_core::facts::ConstValue::Int { value }) = f.constant {
                            it.constants.push((reg, value as u64));
                        }
                        if tie(i).is_none() {
                            it.inputs.push(r);
                        }
                    }
                    Role::Label(_) => {}
                }
            }
        }
        it.inputs.retain(|r| !it.writable.contains(r.reg));
        it.read_only = it.inputs.iter().filter(|r| read_only.contains(&r.operand)).fold(RegSet::EMPTY, |s, r| s.with(r.reg));
        it.tracked = classes::general().union(classes::sse()).union(classes::mmx()).without(PhysReg::RSP);
        if target.avx512 {
            it.tracked = it.tracked.union(classes::sse_all()).union(classes::mask());
        }
        it.hazards = hazards(v, alloc, target);
        it
    }
}

impl Interface {
    /// The operands whose incoming value a register family holds on entry: an input in it, a
    /// `+` output in it, a memory operand addressed through it.
    pub(crate) fn operands_of(&self, x: PhysReg) -> Vec<usize> {
        let inputs = self.inputs.iter().filter(|r| r.reg == x).map(|r| r.operand);
        let tied = self.outputs.iter().filter(|(r, must)| !must && r.reg == x).map(|(r, _)| r.operand);
        let mems = self.mems.iter().filter(|m| m.base == x).map(|m| m.operand);
        inputs.chain(tied).chain(mems).collect()
    }

    /// The family holding operand `op` on entry, its label, and whether it is a memory operand's
    /// address.
    pub(crate) fn family_of(&self, op: usize) -> Option<(PhysReg, String, bool)> {
        let reg = self.inputs.iter().chain(self.outputs.iter().filter(|(_, must)| !must).map(|(r, _)| r)).find(|r| r.operand == op);
        if let Some(r) = reg {
            return Some((r.reg, r.label.clone(), false));
        }
        self.mems.iter().find(|m| m.operand == op).map(|m| (m.base, m.label.clone(), true))
    }
}

/// Pairs (late output, input) that gcc may put in one register: the output is `=` without `&`,
/// no input is tied to it, and some register is allowed to both. Inputs include the address
/// registers of every memory operand, outputs too.
fn hazards(v: &Validated, alloc: &Allocation, target: &Target) -> Vec<Hazard> {
    let alt = alloc.alternative;
    let free = classes::general().union(classes::sse_all()).minus(unavailable(target)).minus(v.clobbers.regs);
    let tied_to = |out: usize| v.operands.iter().any(|o| o.is_input() && o.ties.get(alt).copied().flatten() == Some(out));
    let mut found = Vec::new();
    for (o, (out, oloc)) in v.operands.iter().zip(&alloc.locations).enumerate().filter(|(_, (op, _))| op.is_output()) {
        let Some(c) = &out.constraint else { continue };
        let early = c.alternatives.get(alt).is_some_and(|a| a.early_clobber);
        if early || c.access != Access::Def || tied_to(o) {
            continue;
        }
        let Some((oreg, oname)) = (match oloc {
            Location::Reg { reg, width } => Some((*reg, reg.name(*width))),
            Location::RegPair { lo, .. } => Some((*lo, lo.name(8))),
            _ => None,
        }) else {
            continue;
        };
        let oregs = possible_regs(v, o, alt, oloc, free);
        for (i, (inp, iloc)) in v.operands.iter().zip(&alloc.locations).enumerate() {
            let is_input = inp.is_input() && inp.ties.get(alt).copied().flatten().is_none();
            let (ireg, what, through_address) = match iloc {
                Location::Reg { reg, .. } if is_input => (*reg, operand_label(v, i), false),
                Location::RegPair { lo, .. } if is_input => (*lo, operand_label(v, i), false),
                Location::Mem(MemRef { base: Some(b), frame: false, .. }) if is_input || inp.is_output() => (*b, format!("the address of {}", operand_label(v, i)), true),
                _ => continue,
            };
            if ireg == oreg {
                continue;
            }
            let iregs = match iloc {
                Location::Mem(_) => classes::index().intersect(free),
                _ => possible_regs(v, i, alt, iloc, free),
            };
            if !oregs.intersect(iregs).is_empty() {
                found.push(Hazard {
                    input_reg: ireg,
                    input: what,
                    output_reg: oreg,
                    output: operand_label(v, o),
                    output_operand: o,
                    output_name: oname.clone(),
                    through_address,
                });
            }
        }
    }
    found
}
