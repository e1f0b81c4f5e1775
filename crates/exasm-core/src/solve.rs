//! The constraint solver: a location for every operand, as gcc's rules allow.
//!
//! Allocation follows rustc_codegen_cranelift's order — fixed registers, then the most
//! constrained operands, then the rest — with backtracking, so a statement is called impossible
//! only when no placement exists. Each register is tracked for the input phase (read before the
//! asm writes anything) and the output phase: a late (`=r`) output may share a register with an
//! input, an early-clobber (`=&r`) output may not, a `+`/tied pair occupies both phases.
//!
//! The first satisfiable alternative with the least disparagement (`?`, `!`) wins.

use crate::constraint::{Access, Alternative, FlagCond, ImmKind};
use crate::diag::Diagnostic;
use crate::facts::{ConstValue, OperandFacts, SymbolKind, ValueKind};
use crate::regs::{PhysReg, RegClass, RegSet};
use crate::target::Target;
use crate::validate::{Role, Validated};
use serde::{Deserialize, Serialize};

/// A memory reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemRef {
    /// Base register holding the object's address, or `None` for a symbol addressed
    /// `%rip`-relative.
    pub base: Option<PhysReg>,
    /// Symbol for `%rip`-relative references.
    pub symbol: Option<String>,
    /// Displacement (added to the base or the symbol).
    pub offset: i64,
    /// Size of the object in bytes (Intel prints `DWORD PTR` from it).
    pub size: u32,
}

/// Where an operand lives while the asm runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Location {
    /// A register, printed at `width` bytes by default.
    Reg {
        /// The register family.
        reg: PhysReg,
        /// Default print width in bytes.
        width: u32,
    },
    /// A 16-byte integer in two GPRs (gcc's TImode pair); `%0` prints `lo`.
    RegPair {
        /// Low 8 bytes.
        lo: PhysReg,
        /// High 8 bytes.
        hi: PhysReg,
    },
    /// Memory.
    Mem(MemRef),
    /// An immediate (integer, address constant or float).
    Imm(ConstValue),
    /// A flag output: the condition is read after the asm.
    Flag {
        /// The condition.
        cond: FlagCond,
    },
    /// A goto label.
    Label {
        /// The C label name.
        name: String,
    },
}

impl Location {
    /// The registers this location occupies (a memory base included).
    pub fn regs(&self) -> RegSet {
        match self {
            Location::Reg { reg, .. } => RegSet::of(&[*reg]),
            Location::RegPair { lo, hi } => RegSet::of(&[*lo, *hi]),
            Location::Mem(m) => m.base.map_or(RegSet::EMPTY, |b| RegSet::of(&[b])),
            _ => RegSet::EMPTY,
        }
    }
}

/// The solver's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    /// The alternative chosen (index into each constraint's alternatives).
    pub alternative: usize,
    /// `Some(i)` when operands `i` and `i + 1` were swapped under a `%` constraint.
    pub swapped: Option<usize>,
    /// One location per operand, in gcc's numbering (hidden inputs and labels included).
    pub locations: Vec<Location>,
    /// Registers the asm reads: inputs and memory bases.
    pub reads: RegSet,
    /// Registers the asm writes: outputs.
    pub writes: RegSet,
    /// Registers named in the clobber list.
    pub clobbers: RegSet,
}

/// Registers gcc never hands to an operand: the stack pointer, the frame pointer when one is
/// kept, and the AVX-512 registers without AVX-512.
pub fn unavailable(target: &Target) -> RegSet {
    let mut s = RegSet::of(&[PhysReg::RSP]).union(absent(target));
    if target.frame_pointer {
        s.insert(PhysReg::RBP);
    }
    s
}

/// Preference order for general registers: call-clobbered first, so thunks save little.
const GPR_ORDER: [PhysReg; 15] = [
    PhysReg::RAX,
    PhysReg::RCX,
    PhysReg::RDX,
    PhysReg::RSI,
    PhysReg::RDI,
    PhysReg::R8,
    PhysReg::R9,
    PhysReg::R10,
    PhysReg::R11,
    PhysReg::RBX,
    PhysReg::R12,
    PhysReg::R13,
    PhysReg::R14,
    PhysReg::R15,
    PhysReg::RBP,
];

/// The next register in gcc's hard-register order, which a TImode pair occupies.
fn pair_high(lo: PhysReg) -> Option<PhysReg> {
    let n = lo.info().gcc_number;
    let next = if n == 5 { return None } else { n + 1 };
    match PhysReg::from_gcc_number(next as u32) {
        Some(Ok(r)) if r.class() == RegClass::Gpr && r != PhysReg::RSP => Some(r),
        _ => None,
    }
}

/// How one operand may be placed in one alternative, in order of preference.
#[derive(Clone, Debug)]
enum Placement {
    Imm(ConstValue),
    /// A register from the set (or a pair when `pair`), printed at `width`.
    Reg { set: RegSet, width: u32, pair: bool },
    Mem,
    Same(usize),
    Flag(FlagCond),
    Label(String),
}

/// Solves a validated statement.
///
/// `facts` describes the written operands: outputs then inputs, as in the source. Hidden inputs
/// take their output's facts; labels need none. `reserved` holds registers the embedding keeps
/// for itself.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_core::solve::{solve, Location};
/// use exasm_core::regs::{PhysReg, RegSet};
/// let s = parse_statements(r#"asm ("imulq %3" : "=a" (lo), "=d" (hi) : "0" (x), "rm" (y))"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// let long = OperandFacts::lvalue(ValueKind::Int, 8);
/// let a = solve(&v, &[long.clone(), long.clone(), long.clone(), long], &Target::default(), RegSet::EMPTY).unwrap();
/// assert_eq!(a.locations[0], Location::Reg { reg: PhysReg::RAX, width: 8 });
/// assert_eq!(a.locations[2], a.locations[0]);
/// assert!(matches!(a.locations[3], Location::Reg { .. }));
/// assert!(!a.locations[3].regs().contains(PhysReg::RAX) && !a.locations[3].regs().contains(PhysReg::RDX));
/// ```
pub fn solve(v: &Validated, facts: &[OperandFacts], target: &Target, reserved: RegSet) -> Result<Allocation, Vec<Diagnostic>> {
    let at = v.stmt.keyword.span;
    let all_facts = expand_facts(v, facts);
    let mut errors = Vec::new();
    for (i, f) in all_facts.iter().enumerate() {
        if let (Some(r), Role::Output(_) | Role::Input(_)) = (f.fixed_reg, v.operands[i].role) {
            if v.clobbers.regs.contains(r) {
                let name = f.var_name.clone().unwrap_or_default();
                errors.push(Diagnostic::error(at, format!("'asm' specifier for variable '{name}' conflicts with 'asm' clobber list")));
            }
        }
        let is_flag = v.operands[i].constraint.as_ref().is_some_and(|c| c.flag.is_some());
        // The output needs a scalar integer mode: any integer, pointer or `__int128`, or a
        // struct of 1, 2, 4, 8 or 16 bytes; not a float, a vector or an odd-sized struct.
        let int_mode = f.kind.is_integer() || f.kind == ValueKind::Int128 || f.kind == ValueKind::Aggregate && matches!(f.size, 1 | 2 | 4 | 8 | 16);
        if is_flag && matches!(v.operands[i].role, Role::Output(_)) && !int_mode {
            errors.push(Diagnostic::error(at, "invalid type for 'asm' flag output"));
        }
    }
    let outputs: Vec<_> = (0..all_facts.len()).filter(|&i| v.operands[i].is_output()).filter_map(|i| all_facts[i].fixed_reg.map(|r| (i, r))).collect();
    for (k, (_, r)) in outputs.iter().enumerate() {
        if outputs[..k].iter().any(|(_, r2)| r2 == r) {
            errors.push(Diagnostic::error(at, "invalid hard register usage between output operands"));
        }
    }
    let early_fixed = outputs.iter().filter(|(i, _)| v.operands[*i].constraint.as_ref().is_some_and(|c| c.is_early_clobber()));
    for (_, r) in early_fixed {
        let input_there = (0..all_facts.len()).any(|i| matches!(v.operands[i].role, Role::Input(_)) && all_facts[i].fixed_reg == Some(*r));
        if input_there {
            errors.push(Diagnostic::error(at, "invalid hard register usage between earlyclobber operand and input operand"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // gcc's three verdicts, in its order. Before allocation each operand must match some letter
    // of its constraint at all ("impossible constraint"); then some alternative must fit every
    // operand's mode in its register classes ("inconsistent operand constraints"); then the
    // registers left after clobbers and the other operands must suffice ("operand has
    // impossible constraints").
    let unmatched: Vec<usize> = (0..v.operands.len()).filter(|&i| !matches_some_letter(v, i, &all_facts[i], target)).collect();
    if !unmatched.is_empty() {
        let mut d = Vec::new();
        for (i, o) in v.operands.iter().enumerate() {
            let Some(c) = &o.constraint else { continue };
            // Flag outputs have no alternatives.
            let Some(alt0) = c.alternatives.first() else { continue };
            if o.is_input() && !alt0.allows_reg() && !alt0.allows_mem() && alt0.tie.is_none() && c.flag.is_none() {
                d.push(Diagnostic::warning(at, format!("'asm' operand {i} probably does not match constraints")));
            }
        }
        d.push(Diagnostic::error(at, "impossible constraint in 'asm'"));
        return Err(d);
    }
    let usable = crate::regs::classes::general()
        .union(crate::regs::classes::sse_all())
        .union(crate::regs::classes::x87())
        .union(crate::regs::classes::mmx())
        .union(crate::regs::classes::mask())
        .minus(unavailable(target))
        .minus(reserved);
    let free = usable.minus(v.clobbers.regs);

    let nalt = v.alternative_count();
    let mut best: Option<(u32, Allocation)> = None;
    let mut consistent = false;
    let commutative: Vec<usize> = v.operands.iter().enumerate().filter(|(_, o)| o.constraint.as_ref().is_some_and(|c| c.commutative)).map(|(i, _)| i).collect();
    for alt in 0..nalt {
        for swap in std::iter::once(None).chain(commutative.iter().map(|&i| Some(i))) {
            if options_for(v, &all_facts, target, usable, alt, swap).is_none() {
                continue;
            }
            consistent = true;
            let Some(options) = options_for(v, &all_facts, target, free, alt, swap) else { continue };
            let cost: u32 = v.operands.iter().filter_map(|o| o.constraint.as_ref()).filter_map(|c| c.alternatives.get(alt)).map(|a| a.disparage).sum();
            if best.as_ref().is_some_and(|(c, _)| *c <= cost) {
                continue;
            }
            if let Some(locations) = search(v, &all_facts, &options, free) {
                let a = finish(v, alt, swap, locations);
                best = Some((cost, a));
                break;
            }
        }
    }
    match best {
        Some((_, a)) => Ok(a),
        None if consistent => Err(vec![Diagnostic::error(at, "'asm' operand has impossible constraints")]),
        None => Err(vec![Diagnostic::error(at, "inconsistent operand constraints in an 'asm'")]),
    }
}

/// gcc's check before register allocation (`asm_operand_ok`): does some letter of any
/// alternative accept the operand as it is — a register class the target has, memory, a
/// matching immediate, a tie? Register modes, clobbers and register pressure are not looked at.
fn matches_some_letter(v: &Validated, i: usize, f: &OperandFacts, target: &Target) -> bool {
    let o = &v.operands[i];
    let Some(c) = &o.constraint else { return true };
    if c.flag.is_some() {
        return true;
    }
    let existing = crate::regs::RegSet::of(&PhysReg::all().collect::<Vec<_>>()).minus(absent(target));
    // A value of no machine mode (an odd-sized aggregate) is never a register operand.
    let blk = f.kind == ValueKind::Aggregate && !matches!(f.size, 1 | 2 | 4 | 8 | 16);
    c.alternatives.iter().enumerate().any(|(k, a)| {
        let tied = a.tie.is_some() || o.ties.get(k).copied().flatten().is_some();
        let reg = (!a.regs.intersect(existing).is_empty() || a.address) && !blk;
        let imm = o.is_input() && in_mode(f).is_some_and(|k| imm_accepts(a, &k, target));
        tied || a.any || a.empty || reg || a.allows_mem() || imm
    })
}

/// Registers the target does not have at all (as opposed to registers it keeps for itself).
fn absent(target: &Target) -> RegSet {
    if target.avx512 {
        RegSet::EMPTY
    } else {
        RegSet::range(PhysReg::xmm(16), 16).union(crate::regs::classes::mask())
    }
}

/// Facts for every operand number: hidden inputs copy their output, labels get a placeholder.
pub(crate) fn expand_facts(v: &Validated, facts: &[OperandFacts]) -> Vec<OperandFacts> {
    let written = v.stmt.outputs.len() + v.stmt.inputs.len();
    v.operands
        .iter()
        .enumerate()
        .map(|(i, o)| match o.role {
            Role::HiddenInput(out) => facts.get(out).cloned(),
            Role::Label(_) => Some(OperandFacts::label()),
            _ if i < written => facts.get(i).cloned(),
            _ => None,
        })
        .map(|f| f.unwrap_or_else(|| OperandFacts::rvalue(ValueKind::Int, 8)))
        .collect()
}

/// The constraint alternative of operand `i`, with `%` swaps applied.
fn alt_of(v: &Validated, i: usize, alt: usize, swap: Option<usize>) -> Option<&Alternative> {
    let j = match swap {
        Some(s) if i == s => s + 1,
        Some(s) if i == s + 1 => s,
        _ => i,
    };
    let c = v.operands[j].constraint.as_ref()?;
    c.alternatives.get(alt).or_else(|| c.alternatives.last())
}

/// Placement options of every operand in one alternative, or `None` when some operand has none
/// at all (gcc's "impossible constraint").
fn options_for(v: &Validated, facts: &[OperandFacts], target: &Target, free: RegSet, alt: usize, swap: Option<usize>) -> Option<Vec<Vec<Placement>>> {
    let mut all = Vec::with_capacity(v.operands.len());
    for (i, o) in v.operands.iter().enumerate() {
        let f = &facts[i];
        if let Role::Label(k) = o.role {
            all.push(vec![Placement::Label(v.stmt.labels[k].value.clone())]);
            continue;
        }
        let c = o.constraint.as_ref()?;
        if let Some(cond) = c.flag {
            all.push(vec![Placement::Flag(cond)]);
            continue;
        }
        let a = alt_of(v, i, alt, swap)?;
        let tie = o.ties.get(alt).copied().flatten().or_else(|| match (swap, &a.tie) {
            (Some(_), Some(crate::constraint::Tie::Number(n))) if o.is_input() => Some(*n as usize),
            _ => None,
        });
        if let Some(out) = tie {
            all.push(vec![Placement::Same(out)]);
            continue;
        }
        let mut opts = Vec::new();
        if o.is_input() {
            if let Some(k) = in_mode(f) {
                if imm_accepts(a, &k, target) {
                    opts.push(Placement::Imm(k));
                }
            }
        }
        let regs = if a.any || a.empty { crate::regs::classes::general().union(crate::regs::classes::sse()) } else { a.regs };
        let regs = if a.address { regs.union(crate::regs::classes::index()) } else { regs };
        // An x87 input named in the clobbers is one the statement pops: allowed (gcc's reg-stack).
        let free = if o.is_input() { free.union(v.clobbers.regs.intersect(crate::regs::classes::x87())) } else { free };
        if let Some((set, width, pair)) = fit_registers(regs.intersect(free), f, a.address, target) {
            let set = match f.fixed_reg {
                Some(r) if set.contains(r) => RegSet::of(&[r]),
                _ => set,
            };
            opts.push(Placement::Reg { set, width, pair });
        }
        if a.allows_mem() && !a.address && (f.addressable || o.is_input() || f.symbol_home.is_some()) && f.fixed_reg.is_none() {
            opts.push(Placement::Mem);
        }
        if opts.is_empty() {
            return None;
        }
        all.push(opts);
    }
    Some(all)
}

/// The operand's constant as gcc holds it: an integer in the operand's mode, sign-extended, so
/// `(unsigned char)0xff` is -1 (and does not match `L`) and prints `$-1`.
fn in_mode(f: &OperandFacts) -> Option<ConstValue> {
    match f.constant.clone()? {
        ConstValue::Int { value } if matches!(f.size, 1 | 2 | 4 | 8) => {
            let bits = f.size * 8;
            let v = value as i64;
            Some(ConstValue::Int { value: i128::from(v << (64 - bits) >> (64 - bits)) })
        }
        k => Some(k),
    }
}

fn imm_accepts(a: &Alternative, k: &ConstValue, target: &Target) -> bool {
    if a.any {
        return true;
    }
    match k {
        ConstValue::Int { value } => a.imm.accepts_int(*value),
        ConstValue::Symbol { kind, local, .. } => a.imm.iter().any(|ik| match ik {
            ImmKind::I | ImmKind::S => !(target.pie && *kind == SymbolKind::Function && !local),
            ImmKind::Signed32 | ImmKind::Unsigned32 => !target.pie,
            _ => false,
        }),
        ConstValue::Float { value } => {
            // `i` takes any constant, a floating one included.
            a.imm.contains(ImmKind::Float)
                || a.imm.contains(ImmKind::I)
                || (a.imm.contains(ImmKind::X87Const) && [0.0, 1.0].contains(value))
                || (a.imm.contains(ImmKind::Zero) && *value == 0.0)
        }
    }
}

/// The registers of `allowed` that can hold a value with these facts, and its print width.
fn fit_registers(allowed: RegSet, f: &OperandFacts, address: bool, target: &Target) -> Option<(RegSet, u32, bool)> {
    let of_class = |class: RegClass| RegSet::of(&allowed.iter().filter(|r| r.class() == class).collect::<Vec<_>>());
    let gpr = of_class(RegClass::Gpr);
    if address {
        return (!gpr.is_empty()).then_some((gpr, 8, false));
    }
    let size = f.size;
    if !gpr.is_empty() && f.kind != ValueKind::Vector || (f.kind == ValueKind::Vector && size <= 8 && !gpr.is_empty()) {
        match size {
            1 | 2 | 4 | 8 if f.kind != ValueKind::LongDouble => return Some((gpr, if f.kind == ValueKind::Bool { 1 } else { size }, false)),
            // gcc puts a 16-byte integer, struct or long double in two consecutive GPRs.
            16 if matches!(f.kind, ValueKind::Int128 | ValueKind::Aggregate | ValueKind::LongDouble) => {
                let lows = RegSet::of(&gpr.iter().filter(|&r| pair_high(r).is_some_and(|h| gpr.contains(h))).collect::<Vec<_>>());
                if !lows.is_empty() {
                    return Some((lows, 8, true));
                }
            }
            _ => {}
        }
    }
    let xmm = of_class(RegClass::Xmm);
    if !xmm.is_empty() && size <= 64 && f.kind != ValueKind::LongDouble && f.kind != ValueKind::Aggregate {
        let width = match size {
            33..=64 => 64,
            17..=32 => 32,
            _ => 16,
        };
        return Some((xmm, width, false));
    }
    let st = of_class(RegClass::X87);
    if !st.is_empty() && f.kind.is_float() {
        return Some((st, size, false));
    }
    // MMX registers hold 32- and 64-bit integers, pointers, float and 8-byte vectors.
    let mmx = of_class(RegClass::Mmx);
    let mmx_mode = match f.kind {
        ValueKind::Int | ValueKind::Pointer => matches!(size, 4 | 8),
        ValueKind::Float => true,
        ValueKind::Vector => size == 8,
        _ => false,
    };
    if !mmx.is_empty() && mmx_mode {
        return Some((mmx, size, false));
    }
    // Mask registers hold 8- and 16-bit integers, 32- and 64-bit ones only with AVX512BW.
    let mask = of_class(RegClass::Mask);
    let mask_mode = match f.kind {
        ValueKind::Int | ValueKind::Bool | ValueKind::Pointer => matches!(size, 1 | 2) || matches!(size, 4 | 8) && target.avx512bw,
        _ => false,
    };
    if !mask.is_empty() && mask_mode {
        return Some((mask, size, false));
    }
    None
}

/// Register occupancy during the search.
#[derive(Clone, Copy, Default)]
struct Busy {
    early: RegSet,
    late: RegSet,
}

/// Search state: what each operand got.
struct Search<'a> {
    v: &'a Validated,
    facts: &'a [OperandFacts],
    options: &'a [Vec<Placement>],
    order: Vec<usize>,
    /// Registers any operand may use.
    free: RegSet,
    chosen: Vec<Option<Location>>,
    steps: u32,
}

/// Backtracking is bounded; a statement needing more is reported impossible.
const MAX_STEPS: u32 = 200_000;

fn search(v: &Validated, facts: &[OperandFacts], options: &[Vec<Placement>], free: RegSet) -> Option<Vec<Location>> {
    // Most constrained first: fewest candidate registers, tied operands last (they follow).
    let mut order: Vec<usize> = (0..options.len()).filter(|&i| !matches!(options[i][0], Placement::Same(_))).collect();
    let freedom = |i: usize| -> usize {
        options[i]
            .iter()
            .map(|o| match o {
                Placement::Reg { set, .. } => set.len(),
                Placement::Mem => 100,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    };
    order.sort_by_key(|&i| freedom(i));
    let mut s = Search { v, facts, options, order, free, chosen: vec![None; options.len()], steps: 0 };
    if s.step(0, Busy::default()) {
        // Tied inputs take their output's place.
        for i in 0..options.len() {
            if let Placement::Same(out) = options[i][0] {
                s.chosen[i] = s.chosen[out].clone();
            }
        }
        s.chosen.into_iter().collect()
    } else {
        None
    }
}

impl<'a> Search<'a> {
    /// Which phases operand `i` occupies if it gets a register.
    fn phases(&self, i: usize) -> (bool, bool) {
        let o = &self.v.operands[i];
        if o.is_input() {
            return (true, false);
        }
        let early = o.constraint.as_ref().is_some_and(|c| c.is_early_clobber() || c.access == Access::UseDef);
        let tied = self.v.operands.iter().any(|x| x.is_input() && x.ties.contains(&Some(i)));
        (early || tied, true)
    }

    fn step(&mut self, k: usize, busy: Busy) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return false;
        }
        let Some(&i) = self.order.get(k) else { return true };
        let (early, late) = self.phases(i);
        let f = &self.facts[i];
        for opt in &self.options[i] {
            match opt {
                Placement::Imm(c) => {
                    self.chosen[i] = Some(Location::Imm(c.clone()));
                    if self.step(k + 1, busy) {
                        return true;
                    }
                }
                Placement::Flag(cond) => {
                    self.chosen[i] = Some(Location::Flag { cond: *cond });
                    if self.step(k + 1, busy) {
                        return true;
                    }
                }
                Placement::Label(name) => {
                    self.chosen[i] = Some(Location::Label { name: name.clone() });
                    if self.step(k + 1, busy) {
                        return true;
                    }
                }
                Placement::Same(_) => unreachable!("tied operands are not searched"),
                Placement::Reg { set, width, pair } => {
                    for r in candidates(*set, f.hint) {
                        let regs = if *pair {
                            match pair_high(r) {
                                Some(h) => RegSet::of(&[r, h]),
                                None => continue,
                            }
                        } else {
                            RegSet::of(&[r])
                        };
                        if let Some(next) = occupy(busy, regs, early, late) {
                            self.chosen[i] = Some(if *pair {
                                Location::RegPair { lo: r, hi: pair_high(r).expect("checked") }
                            } else {
                                Location::Reg { reg: r, width: *width }
                            });
                            if self.step(k + 1, next) {
                                return true;
                            }
                        }
                    }
                }
                Placement::Mem => {
                    if let Some((sym, off)) = &f.symbol_home {
                        self.chosen[i] = Some(Location::Mem(MemRef { base: None, symbol: Some(sym.clone()), offset: *off, size: f.size }));
                        if self.step(k + 1, busy) {
                            return true;
                        }
                        continue;
                    }
                    // The base register holds the address for the whole statement.
                    for r in candidates(crate::regs::classes::index().intersect(self.free), f.hint) {
                        if let Some(next) = occupy(busy, RegSet::of(&[r]), true, true) {
                            self.chosen[i] = Some(Location::Mem(MemRef { base: Some(r), symbol: None, offset: 0, size: f.size }));
                            if self.step(k + 1, next) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        self.chosen[i] = None;
        false
    }
}

/// Candidate registers in preference order: the hint, then call-clobbered GPRs, then the rest.
fn candidates(set: RegSet, hint: Option<PhysReg>) -> Vec<PhysReg> {
    let mut v = Vec::with_capacity(set.len());
    if let Some(h) = hint.filter(|h| set.contains(*h)) {
        v.push(h);
    }
    for r in GPR_ORDER.iter().copied().chain(set.iter()) {
        if set.contains(r) && !v.contains(&r) {
            v.push(r);
        }
    }
    v
}

fn occupy(busy: Busy, regs: RegSet, early: bool, late: bool) -> Option<Busy> {
    if early && !busy.early.intersect(regs).is_empty() || late && !busy.late.intersect(regs).is_empty() {
        return None;
    }
    Some(Busy {
        early: if early { busy.early.union(regs) } else { busy.early },
        late: if late { busy.late.union(regs) } else { busy.late },
    })
}

fn finish(v: &Validated, alt: usize, swap: Option<usize>, locations: Vec<Location>) -> Allocation {
    let mut reads = RegSet::EMPTY;
    let mut writes = RegSet::EMPTY;
    for (o, l) in v.operands.iter().zip(&locations) {
        match l {
            Location::Mem(m) => reads = reads.union(m.base.map_or(RegSet::EMPTY, |b| RegSet::of(&[b]))),
            _ if o.is_input() => reads = reads.union(l.regs()),
            _ if o.is_output() => writes = writes.union(l.regs()),
            _ => {}
        }
    }
    Allocation { alternative: alt, swapped: swap, locations, reads, writes, clobbers: v.clobbers.regs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_statements;
    use crate::validate::validate;

    fn verdict(src: &str, facts: &[OperandFacts], target: &Target) -> Vec<String> {
        let v = validate(&parse_statements(src).statements.remove(0), target);
        match solve(&v, facts, target, RegSet::EMPTY) {
            Ok(_) => Vec::new(),
            Err(d) => d.into_iter().filter(Diagnostic::is_error).map(|d| d.message).collect(),
        }
    }

    fn int(size: u32) -> OperandFacts {
        OperandFacts::lvalue(ValueKind::Int, size)
    }

    #[test]
    fn no_matching_letter_is_an_impossible_constraint() {
        let t = Target::default();
        assert_eq!(verdict(r#"asm ("" :: "I" (x))"#, &[int(4)], &t), ["impossible constraint in 'asm'"]);
        assert_eq!(verdict(r#"asm ("" :: "L" (x))"#, &[OperandFacts::int_constant(1, 0xff)], &t), ["impossible constraint in 'asm'"]);
        assert_eq!(verdict(r#"asm ("" :: "L" (x))"#, &[OperandFacts::int_constant(4, 0xff)], &t), Vec::<String>::new());
        assert_eq!(verdict(r#"asm ("" : "=k" (x))"#, &[int(2)], &t), ["impossible constraint in 'asm'"]);
    }

    #[test]
    fn a_type_no_register_of_the_class_holds_is_inconsistent() {
        let t = Target::default();
        assert_eq!(verdict(r#"asm ("" : "+t" (x))"#, &[int(4)], &t), ["inconsistent operand constraints in an 'asm'"]);
        assert_eq!(verdict(r#"asm ("" : "+y" (x))"#, &[int(1)], &t), ["inconsistent operand constraints in an 'asm'"]);
        let avx512 = Target { avx512: true, ..t };
        assert_eq!(verdict(r#"asm ("" : "=k" (x))"#, &[int(4)], &avx512), ["inconsistent operand constraints in an 'asm'"]);
        assert_eq!(verdict(r#"asm ("" : "=k" (x))"#, &[int(4)], &Target { avx512bw: true, ..avx512 }), Vec::<String>::new());
        assert_eq!(verdict(r#"asm ("" : "+r" (x))"#, &[OperandFacts::lvalue(ValueKind::LongDouble, 16)], &t), Vec::<String>::new());
    }

    #[test]
    fn clobbers_and_pressure_make_the_operand_impossible() {
        let t = Target::default();
        assert_eq!(verdict(r#"asm ("" : "=c" (x) :: "ecx")"#, &[int(4)], &t), ["'asm' operand has impossible constraints"]);
        assert_eq!(verdict(r#"asm ("" : "+t" (x) :: "st")"#, &[OperandFacts::lvalue(ValueKind::Double, 8)], &t), ["'asm' operand has impossible constraints"]);
    }

    #[test]
    fn fixed_early_clobber_output_and_input_on_one_register() {
        let rbx = OperandFacts { fixed_reg: Some(PhysReg::RBX), addressable: false, ..int(4) };
        assert_eq!(
            verdict(r#"asm ("" : "=&r" (x) : "r" (y))"#, &[rbx.clone(), rbx], &Target::default()),
            ["invalid hard register usage between earlyclobber operand and input operand"]
        );
    }

    #[test]
    fn flag_outputs_take_any_scalar_integer_mode() {
        let t = Target::default();
        let flag = |f: OperandFacts| verdict(r#"asm ("" : "=@ccz" (x))"#, &[f], &t);
        assert!(flag(OperandFacts::lvalue(ValueKind::Pointer, 8)).is_empty());
        assert!(flag(OperandFacts::lvalue(ValueKind::Int128, 16)).is_empty());
        assert!(flag(OperandFacts::lvalue(ValueKind::Aggregate, 4)).is_empty());
        assert_eq!(flag(OperandFacts::lvalue(ValueKind::Double, 8)), ["invalid type for 'asm' flag output"]);
    }
}
