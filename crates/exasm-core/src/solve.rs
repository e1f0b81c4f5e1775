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
use crate::facts::{ConstValue, HomeBase, MemHome, OperandFacts, SymbolKind, TlsModel, ValueKind};
use crate::regs::{PhysReg, RegClass, RegSet};
use crate::target::Target;
use crate::validate::{Role, Validated};
use serde::{Deserialize, Serialize};

/// A memory reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemRef {
    /// Base register holding the object's address, or `None` for a symbol addressed
    /// `%rip`-relative. With [`MemRef::frame`], the stack pointer (the frame pointer at -O0).
    pub base: Option<PhysReg>,
    /// An index register and its scale (1, 2, 4 or 8): `16(%rdi,%rsi,8)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<(PhysReg, u8)>,
    /// A slot in the enclosing function's stack frame: the base is the stack or frame pointer,
    /// no allocatable register. The offset is a plausible slot, not gcc's exact one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub frame: bool,
    /// Symbol for `%rip`-relative references.
    pub symbol: Option<String>,
    /// Displacement (added to the base or the symbol).
    pub offset: i64,
    /// Size of the object in bytes (Intel prints `DWORD PTR` from it).
    pub size: u32,
    /// A thread-local object: printed with the `%fs` segment, and a local-exec symbol as
    /// `sym@tpoff` instead of `%rip`-relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsModel>,
    /// The object's named address space: printed with its segment (`%gs:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<crate::facts::Segment>,
}

/// Where an operand lives while the asm runs.
///
/// ```
/// use exasm_core::{facts::ConstValue, regs::PhysReg, solve::Location};
/// assert_eq!(Location::Imm(ConstValue::Int { value: 42 }).to_string(), "$42");
/// assert_eq!(format!("{:#}", Location::Imm(ConstValue::Int { value: 42 })), "42");
/// assert_eq!(Location::RegPair { lo: PhysReg::RAX, hi: PhysReg::RDX }.to_string(), "%rdx:%rax");
/// ```
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
            Location::Mem(m) => m.regs(),
            _ => RegSet::EMPTY,
        }
    }
}

impl MemRef {
    /// The allocatable registers the address uses: the base (unless it is the stack or frame
    /// pointer of a frame slot) and the index.
    pub fn regs(&self) -> RegSet {
        let mut s = RegSet::EMPTY;
        if let (Some(b), false) = (self.base, self.frame) {
            s.insert(b);
        }
        if let Some((i, _)) = self.index {
            s.insert(i);
        }
        s
    }
}

/// The solver's answer.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, regs::{PhysReg, RegSet}};
/// use exasm_core::{solve::{solve, Location}, target::Target, validate::validate};
/// let s = parse_statements(r#"asm ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "0" (leaf))"#).statements.remove(0);
/// let t = Target::default();
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let a = solve(&validate(&s, &t), &[int.clone(), int.clone(), int.clone(), int.clone(), int], &t, RegSet::EMPTY).unwrap();
/// assert_eq!(a.locations[4], Location::Reg { reg: PhysReg::RAX, width: 4 }); // tied to %0
/// assert_eq!(a.writes, RegSet::of(&[PhysReg::RAX, PhysReg::RBX, PhysReg::RCX, PhysReg::RDX]));
/// assert_eq!(a.to_string(), "%0 %eax, %1 %ebx, %2 %ecx, %3 %edx, %4 %eax");
/// ```
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
/// kept, the AVX-512 registers without AVX-512, and those `-ffixed-REG` names.
pub fn unavailable(target: &Target) -> RegSet {
    let mut s = RegSet::of(&[PhysReg::RSP]).union(absent(target)).union(target.fixed);
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

/// How one operand may be placed in one alternative. `Choices` keeps gcc's order of preference:
/// the immediate, then a register, then memory.
#[derive(Clone, Copy, Debug)]
enum Placement {
    Choices { imm: bool, reg: Option<RegChoice>, mem: bool },
    Same(usize),
    Flag(FlagCond),
    Label,
}

/// A register from the set (or a pair when `pair`), printed at `width`.
#[derive(Clone, Copy, Debug)]
struct RegChoice {
    set: RegSet,
    width: u32,
    pair: bool,
}

/// What the search gave an operand, turned into a [`Location`] once a full placement is found.
#[derive(Clone, Copy, Debug)]
enum Choice {
    Imm,
    Flag(FlagCond),
    Label,
    Reg(PhysReg, u32),
    Pair(PhysReg, PhysReg),
    SymbolHome,
    /// A frame slot: no register.
    Frame,
    /// An address in registers: a base (`None`: the frame slot of a variable indexed by a
    /// register) whose value is `bias` bytes past the pointer, and an index register with its
    /// scale.
    Based { base: Option<PhysReg>, index: Option<(PhysReg, u8)>, bias: i64 },
}

/// How a memory operand is addressed, which decides the registers it costs.
#[derive(Clone, Copy, Debug)]
enum MemForm<'f> {
    /// `sym(%rip)`, `%fs:sym@tpoff`: no register.
    Symbol,
    /// A frame slot: no register.
    Frame,
    /// A base register (shared with every operand of the same key, when there is one), and an
    /// index register (shared likewise) when `index` is set. `frame_base`: the base is the
    /// frame, only the index takes a register.
    Based { share: Option<&'f str>, index: Option<(Option<&'f str>, u8)>, frame_base: bool },
}

/// gcc's addressing of a memory operand: an object with static storage by its symbol, an
/// automatic object (or a temporary for a value) in the frame, memory through a pointer in a
/// base register that every operand through the same pointer shares when optimizing (at -O0
/// each operand computes its own address, a variable index included).
fn mem_form<'f>(f: &'f OperandFacts, target: &Target) -> MemForm<'f> {
    if f.symbol_home.is_some() {
        // An initial-exec thread-local object needs a register for its offset from the thread
        // pointer, as any object reached through a pointer does.
        return if f.tls == Some(TlsModel::InitialExec) { MemForm::Based { share: None, index: None, frame_base: false } } else { MemForm::Symbol };
    }
    let share = |key: &'f str| target.optimize.then_some(key);
    match &f.home {
        Some(MemHome { base: HomeBase::Frame(_), index: None, .. }) => MemForm::Frame,
        Some(MemHome { base: HomeBase::Frame(_), index: Some(ix), .. }) => MemForm::Based { share: None, index: Some((share(&ix.key), ix.scale)), frame_base: true },
        Some(MemHome { base: HomeBase::Pointer(p), index: Some(ix), .. }) if target.optimize => {
            MemForm::Based { share: Some(p), index: Some((Some(&ix.key), ix.scale)), frame_base: false }
        }
        Some(MemHome { base: HomeBase::Pointer(p), index: None, .. }) => MemForm::Based { share: share(p), index: None, frame_base: false },
        // A value that is no object: gcc makes a temporary in the frame.
        None if !f.lvalue => MemForm::Frame,
        _ => MemForm::Based { share: None, index: None, frame_base: false },
    }
}

/// Solves a validated statement.
///
/// `facts` describes the written operands: outputs then inputs, as in the source; a slice of
/// another length is an error. Hidden inputs take their output's facts; labels need none. `reserved` holds registers the embedding keeps
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
    check_facts(v, facts).map_err(|d| vec![d])?;
    let n = v.operands.len();
    let fact = |i: usize| fact_of(v, facts, i);
    let mut errors = Vec::new();
    for (i, o) in v.operands.iter().enumerate() {
        let f = fact(i);
        if let (Some(r), Role::Output(_) | Role::Input(_)) = (f.fixed_reg, o.role) {
            if v.clobbers.regs.contains(r) {
                let name = f.var_name.clone().unwrap_or_default();
                errors.push(Diagnostic::error(at, format!("'asm' specifier for variable '{name}' conflicts with 'asm' clobber list")));
            }
        }
        let is_flag = o.constraint.as_ref().is_some_and(|c| c.flag.is_some());
        // The output needs a scalar integer mode: any integer, pointer or `__int128`, or a
        // struct of 1, 2, 4, 8 or 16 bytes; not a float, a vector or an odd-sized struct.
        let int_mode = f.kind.is_integer() || f.kind == ValueKind::Int128 || f.kind == ValueKind::Aggregate && matches!(f.size, 1 | 2 | 4 | 8 | 16);
        if is_flag && matches!(o.role, Role::Output(_)) && !int_mode {
            errors.push(Diagnostic::error(at, "invalid type for 'asm' flag output"));
        }
    }
    let fixed_outputs = || (0..n).filter(|&i| v.operands[i].is_output()).filter_map(move |i| fact(i).fixed_reg.map(|r| (i, r)));
    for (k, (_, r)) in fixed_outputs().enumerate() {
        if fixed_outputs().take(k).any(|(_, r2)| r2 == r) {
            errors.push(Diagnostic::error(at, "invalid hard register usage between output operands"));
        }
    }
    // gcc's checks between register variables (cfgexpand.cc): an input whose constraint starts
    // with a tie to the output (a digit, or a name gcc turns into one) must be in the output's
    // register; any other input must not be in an early-clobber output's.
    for (i, r) in fixed_outputs() {
        let early = v.operands[i].constraint.as_ref().is_some_and(|c| c.is_early_clobber());
        for j in (0..n).filter(|&j| matches!(v.operands[j].role, Role::Input(_))) {
            let Some(input) = fact(j).fixed_reg else { continue };
            let text = v.operands[j].constraint.as_ref().map_or("", |c| c.text.as_str());
            let leading_tie = if text.starts_with(|c: char| c.is_ascii_digit() || c == '[') { v.operands[j].ties.first().copied().flatten() } else { None };
            if leading_tie == Some(i) && input != r {
                errors.push(Diagnostic::error(at, "invalid hard register usage between output operand and matching constraint operand"));
            } else if early && leading_tie != Some(i) && input == r {
                errors.push(Diagnostic::error(at, "invalid hard register usage between earlyclobber operand and input operand"));
            }
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
    let existing = RegSet::range(PhysReg::RAX, PhysReg::COUNT as u8).minus(absent(target));
    if !(0..n).all(|i| matches_some_letter(v, i, fact(i), existing, target)) {
        let mut d = Vec::new();
        for (i, o) in v.operands.iter().enumerate() {
            let Some(c) = &o.constraint else { continue };
            // Flag outputs have no alternatives.
            let Some(alt0) = c.alternatives.first() else { continue };
            // gcc's expander warns when it cannot put the value in a register for the first
            // alternative (no register allowed, or a value of no mode) nor in memory.
            let register_class = alt0.unsupported.iter().any(|u| crate::constraint::is_empty_register_class(u));
            let no_register = !alt0.allows_reg() && !register_class || alt0.allows_reg() && has_no_mode(fact(i), target);
            if o.is_input() && no_register && !alt0.allows_mem() && alt0.tie.is_none() && c.flag.is_none() {
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

    // The working lists come from the thread's scratch space and go back to it: after the first
    // statement, solving allocates only the answer.
    let mut scratch = SCRATCH.take();
    let Scratch { phases: ref mut phase_list, ref mut options, .. } = scratch;
    phase_list.clear();
    phase_list.extend((0..n).map(|i| phases(v, i)));
    let phases = &*phase_list;
    let nalt = v.alternative_count();
    let mut best: Option<(u32, Allocation)> = None;
    let mut consistent = false;
    let commutative = v.operands.iter().enumerate().filter(|(_, o)| o.constraint.as_ref().is_some_and(|c| c.commutative)).map(|(i, _)| i);
    for alt in 0..nalt {
        let cost: u32 = v.operands.iter().filter_map(|o| o.constraint.as_ref()).filter_map(|c| c.alternatives.get(alt)).map(|a| a.disparage).sum();
        for swap in std::iter::once(None).chain(commutative.clone().map(Some)) {
            // Once an allocation is found, the verdict no longer matters: only a cheaper
            // alternative can replace it.
            if best.as_ref().is_some_and(|(c, _)| *c <= cost) {
                continue;
            }
            let Some((fits_usable, fits_free)) = options_for(v, facts, target, usable, free, alt, swap, options) else { continue };
            if !fits_usable {
                continue;
            }
            consistent = true;
            if !fits_free {
                continue;
            }
            if let Some(locations) = search(v, facts, target, options, phases, free, &mut scratch.search) {
                let a = finish(v, alt, swap, locations);
                best = Some((cost, a));
                break;
            }
        }
    }
    SCRATCH.set(scratch);
    match best {
        Some((_, a)) => {
            let stack = crate::regstack::check(v, &a);
            if stack.is_empty() {
                Ok(a)
            } else {
                Err(stack.into_iter().map(|m| Diagnostic::error(at, m)).collect())
            }
        }
        None if consistent => Err(vec![Diagnostic::error(at, "'asm' operand has impossible constraints")]),
        None => Err(vec![Diagnostic::error(at, "inconsistent operand constraints in an 'asm'")]),
    }
}

/// gcc's check before register allocation (`asm_operand_ok`): does some letter of any
/// alternative accept the operand as it is — a register class the target has (`existing`),
/// memory, a matching immediate, a tie? Register modes, clobbers and register pressure are not
/// looked at.
fn matches_some_letter(v: &Validated, i: usize, f: &OperandFacts, existing: RegSet, target: &Target) -> bool {
    let o = &v.operands[i];
    let Some(c) = &o.constraint else { return true };
    if c.flag.is_some() {
        return true;
    }
    if c.alternatives.iter().any(|a| a.truncated) {
        return false;
    }
    // A value of no machine mode (an odd-sized aggregate, a vector wider than the instruction
    // set's registers) is never a register operand.
    let blk = has_no_mode(f, target);
    c.alternatives.iter().enumerate().any(|(k, a)| {
        // A tied input is checked against its output's constraint; gcc loads it into a
        // register for it, which a value of no mode cannot be.
        let output = o.ties.get(k).copied().flatten().and_then(|t| v.operands.get(t)).and_then(|t| t.constraint.as_ref());
        let tied = (a.tie.is_some() || output.is_some()) && !(blk && output.is_some_and(|c| !c.alternatives.iter().any(Alternative::allows_mem)));
        let reg = (!a.regs.intersect(existing).is_empty() || a.address) && !blk;
        let imm = o.is_input() && imm_fits(a, f, target);
        tied || a.any || a.empty || reg || a.allows_mem() || imm
    })
}

/// Is the value of BLKmode for gcc: an aggregate of no integer size, or a vector wider than
/// the instruction set's vector registers?
fn has_no_mode(f: &OperandFacts, target: &Target) -> bool {
    matches!(f.kind, ValueKind::Aggregate | ValueKind::Vector) && crate::regvar::VarMode::of(f.kind, f.size, None, target) == crate::regvar::VarMode::Blk
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
    (0..v.operands.len()).map(|i| fact_of(v, facts, i).clone()).collect()
}

/// What a label operand is known to be: no value.
static LABEL_FACTS: OperandFacts = unknown_value(ValueKind::Pointer);

/// What an operand the caller described nothing about is taken to be.
static MISSING_FACTS: OperandFacts = unknown_value(ValueKind::Int);

/// An 8-byte rvalue of a kind, nothing else known (as [`OperandFacts::rvalue`]).
const fn unknown_value(kind: ValueKind) -> OperandFacts {
    OperandFacts {
        kind,
        size: 8,
        lvalue: false,
        read_only: false,
        bit_field: false,
        addressable: false,
        constant: None,
        fixed_reg: None,
        var_name: None,
        symbol_home: None,
        home: None,
        pointer_value: None,
        tls: None,
        segment: None,
        hint: None,
    }
}

/// The facts of operand number `i`, as [`expand_facts`] gives them, without copying.
/// Facts must describe every written operand, outputs then inputs: a missing one is an error,
/// never a guess (an 8-byte default would print `addl %rcx, %eax`).
pub(crate) fn check_facts(v: &Validated, facts: &[OperandFacts]) -> Result<(), Diagnostic> {
    let written = v.stmt.outputs.len() + v.stmt.inputs.len();
    if facts.len() == written {
        return Ok(());
    }
    Err(Diagnostic::error(v.stmt.keyword.span, format!("exasm: {} operand facts given for {written} operands (outputs then inputs)", facts.len())))
}

pub(crate) fn fact_of<'a>(v: &Validated, facts: &'a [OperandFacts], i: usize) -> &'a OperandFacts {
    let written = v.stmt.outputs.len() + v.stmt.inputs.len();
    let f = match v.operands[i].role {
        Role::HiddenInput(out) => facts.get(out),
        Role::Label(_) => return &LABEL_FACTS,
        _ if i < written => facts.get(i),
        _ => None,
    };
    f.unwrap_or(&MISSING_FACTS)
}

/// The constraint alternative of operand `i`, with `%` swaps applied.
fn alt_of<'v>(v: &'v Validated<'_>, i: usize, alt: usize, swap: Option<usize>) -> Option<&'v Alternative> {
    let j = match swap {
        Some(s) if i == s => s + 1,
        Some(s) if i == s + 1 => s,
        _ => i,
    };
    // A `%` on the last operand has no partner (validation reports it); no swap then.
    let c = v.operands.get(j).unwrap_or(&v.operands[i]).constraint.as_ref()?;
    c.alternatives.get(alt).or_else(|| c.alternatives.last())
}

/// Placement options of every operand in one alternative, with registers from `free`, into
/// `out`. Says whether every operand has some option with registers from `usable` and with
/// registers from `free`; `None` when an operand has no constraint for the alternative at all.
#[allow(clippy::too_many_arguments)]
fn options_for(
    v: &Validated,
    facts: &[OperandFacts],
    target: &Target,
    usable: RegSet,
    free: RegSet,
    alt: usize,
    swap: Option<usize>,
    out: &mut Vec<Placement>,
) -> Option<(bool, bool)> {
    out.clear();
    let mut fits_usable = true;
    let mut fits_free = true;
    let mut memory_outputs = Vec::new();
    for (i, o) in v.operands.iter().enumerate() {
        let f = fact_of(v, facts, i);
        if let Role::Label(_) = o.role {
            out.push(Placement::Label);
            continue;
        }
        let c = o.constraint.as_ref()?;
        if let Some(cond) = c.flag {
            out.push(Placement::Flag(cond));
            continue;
        }
        let a = alt_of(v, i, alt, swap)?;
        let tie = o.ties.get(alt).copied().flatten().or_else(|| match (swap, &a.tie) {
            (Some(_), Some(crate::constraint::Tie::Number(n))) if o.is_input() => Some(*n as usize),
            _ => None,
        });
        if let Some(out_op) = tie {
            out.push(Placement::Same(out_op));
            continue;
        }
        let imm = o.is_input() && imm_fits(a, f, target);
        let regs = if a.any || a.empty { crate::regs::classes::general().union(crate::regs::classes::sse()) } else { a.regs };
        let regs = if a.address { regs.union(crate::regs::classes::index()) } else { regs };
        // An x87 input named in the clobbers is one the statement pops: allowed (gcc's reg-stack).
        let popped = if o.is_input() { v.clobbers.regs.intersect(crate::regs::classes::x87()) } else { RegSet::EMPTY };
        let fit = |free: RegSet| {
            fit_registers(regs.intersect(free.union(popped)), f, a.address, target).map(|(set, width, pair)| {
                let set = match f.fixed_reg {
                    Some(r) if set.contains(r) => RegSet::of(&[r]),
                    _ => set,
                };
                RegChoice { set, width, pair }
            })
        };
        let mem = a.allows_mem() && !a.address && (f.addressable || o.is_input() || f.symbol_home.is_some()) && f.fixed_reg.is_none();
        let reg = fit(free);
        let reg_usable = reg.is_some() || fit(usable).is_some();
        fits_free &= imm || mem || reg.is_some();
        fits_usable &= imm || mem || reg_usable;
        out.push(Placement::Choices { imm, reg, mem });
        if o.is_output() && !reg_usable && mem {
            memory_outputs.push((i, a.allows_reg()));
        }
    }
    if !ties_agree(v, facts, target, out, &memory_outputs) {
        return Some((false, false));
    }
    Some((fits_usable, fits_free))
}

/// gcc's register allocator gives each output's tied inputs the output's location, so the
/// inputs tied to one output must be one value: when optimizing, the same variable or constant
/// written twice is one; without, each operand is loaded on its own, and a second tie is always
/// inconsistent. An output that can only be memory (`memory_outputs`, with whether its
/// constraint names registers) takes only its own object as a tied input: gcc matches memory by
/// address and copies no other value there. A vector is a value rather than an object when its
/// constraint names registers, so even its own `+` input is a copy then.
fn ties_agree(v: &Validated, facts: &[OperandFacts], target: &Target, placements: &[Placement], memory_outputs: &[(usize, bool)]) -> bool {
    // gcc gives the `+` of a memory-only constraint (`"+m"`) a plain memory input, no tie.
    let memory_plus = |i: usize| matches!(v.operands[i].role, Role::HiddenInput(_)) && v.operands[i].constraint.as_ref().is_some_and(|c| !c.alternatives.iter().any(Alternative::allows_reg));
    let tied_to = |k: usize| placements.iter().enumerate().filter(move |(i, p)| matches!(p, Placement::Same(t) if *t == k) && !memory_plus(*i)).map(|(i, _)| i);
    for k in (0..v.operands.len()).filter(|&k| v.operands[k].is_output()) {
        // A value of no mode cannot be loaded into the output's place: only its own object is.
        let out = fact_of(v, facts, k);
        if tied_to(k).any(|i| has_no_mode(fact_of(v, facts, i), target) && !matches!(v.operands[i].role, Role::HiddenInput(_)) && !same_object(out, fact_of(v, facts, i), target)) {
            return false;
        }
        let mut tied = tied_to(k);
        let Some(first) = tied.next() else { continue };
        for other in tied {
            let (a, b) = (fact_of(v, facts, first), fact_of(v, facts, other));
            let one_value = match (in_mode(a), in_mode(b)) {
                (Some(x), Some(y)) => x == y,
                (None, None) => same_object(a, b, target),
                _ => false,
            };
            if !(target.optimize && one_value) {
                return false;
            }
        }
    }
    memory_outputs.iter().all(|&(k, allows_reg)| {
        let out = fact_of(v, facts, k);
        tied_to(k).all(|i| {
            let own = matches!(v.operands[i].role, Role::HiddenInput(_)) || same_object(out, fact_of(v, facts, i), target);
            own && !(out.kind == ValueKind::Vector && allows_reg)
        })
    })
}

/// Do two lvalues designate the same object at one address, as gcc sees it? Objects with static
/// storage by their symbol, frame variables by their slot; memory through a pointer only when
/// optimizing (at -O0 each operand loads the pointer into a register of its own).
fn same_object(a: &OperandFacts, b: &OperandFacts, target: &Target) -> bool {
    if !a.lvalue || !b.lvalue {
        return false;
    }
    match (&a.symbol_home, &b.symbol_home) {
        (Some(x), Some(y)) => return x == y,
        (None, None) => {}
        _ => return false,
    }
    match (&a.home, &b.home) {
        (Some(x), Some(y)) => x == y && (matches!(x.base, HomeBase::Frame(_)) || target.optimize),
        (None, None) => a.var_name.is_some() && a.var_name == b.var_name && a.fixed_reg == b.fixed_reg,
        _ => false,
    }
}

/// The operand's constant as gcc holds it: an integer in the operand's mode, sign-extended, so
/// `(unsigned char)0xff` is -1 (and does not match `L`) and prints `$-1`.
fn in_mode(f: &OperandFacts) -> Option<ConstValue> {
    match f.constant.clone()? {
        ConstValue::Int { value } if matches!(f.size, 1 | 2 | 4 | 8) => Some(ConstValue::Int { value: sign_extend(value, f.size) }),
        k => Some(k),
    }
}

/// An integer constant truncated to `size` bytes (1, 2, 4 or 8) and sign-extended.
fn sign_extend(value: i128, size: u32) -> i128 {
    let bits = size * 8;
    let v = value as i64;
    i128::from(v << (64 - bits) >> (64 - bits))
}

/// Is the operand a constant (in its mode, as [`in_mode`] gives it) that the alternative
/// accepts as an immediate?
fn imm_fits(a: &Alternative, f: &OperandFacts, target: &Target) -> bool {
    match &f.constant {
        None => false,
        Some(ConstValue::Int { value }) if matches!(f.size, 1 | 2 | 4 | 8) => imm_accepts(a, &ConstValue::Int { value: sign_extend(*value, f.size) }, target),
        Some(k) => imm_accepts(a, k, target),
    }
}

fn imm_accepts(a: &Alternative, k: &ConstValue, target: &Target) -> bool {
    if a.any || a.empty && matches!(k, ConstValue::Vector { .. }) {
        return true;
    }
    match k {
        ConstValue::Int { value } => a.imm.accepts_int(*value),
        ConstValue::Symbol { kind, local, .. } => a.imm.iter().any(|ik| match ik {
            ImmKind::I | ImmKind::S => !(target.pie && *kind == SymbolKind::Function && !local),
            ImmKind::Signed32 | ImmKind::Unsigned32 => !target.pie,
            _ => false,
        }),
        ConstValue::Vector { .. } => a.vector_immediate,
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
    let gpr = allowed.of_class(RegClass::Gpr);
    if address {
        return (!gpr.is_empty()).then_some((gpr, 8, false));
    }
    if has_no_mode(f, target) {
        return None;
    }
    let size = f.size;
    if !gpr.is_empty() && f.kind != ValueKind::Vector || (f.kind == ValueKind::Vector && size <= 8 && !gpr.is_empty()) {
        match size {
            1 | 2 | 4 | 8 if f.kind != ValueKind::LongDouble => return Some((gpr, if f.kind == ValueKind::Bool { 1 } else { size }, false)),
            // gcc puts a 16-byte integer, struct or long double in two consecutive GPRs.
            16 if matches!(f.kind, ValueKind::Int128 | ValueKind::Aggregate | ValueKind::LongDouble) => {
                let lows = gpr.iter().filter(|&r| pair_high(r).is_some_and(|h| gpr.contains(h))).fold(RegSet::EMPTY, RegSet::with);
                if !lows.is_empty() {
                    return Some((lows, 8, true));
                }
            }
            _ => {}
        }
    }
    let xmm = allowed.of_class(RegClass::Xmm);
    if !xmm.is_empty() && size <= 64 && f.kind != ValueKind::LongDouble && f.kind != ValueKind::Aggregate {
        let width = match size {
            33..=64 => 64,
            17..=32 => 32,
            _ => 16,
        };
        return Some((xmm, width, false));
    }
    let st = allowed.of_class(RegClass::X87);
    if !st.is_empty() && f.kind.is_float() {
        return Some((st, size, false));
    }
    // MMX registers hold 32- and 64-bit integers, pointers, float and 8-byte vectors.
    let mmx = allowed.of_class(RegClass::Mmx);
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
    let mask = allowed.of_class(RegClass::Mask);
    let mask_mode = match f.kind {
        ValueKind::Int | ValueKind::Bool | ValueKind::Pointer => matches!(size, 1 | 2) || matches!(size, 4 | 8) && target.avx512bw,
        _ => false,
    };
    if !mask.is_empty() && mask_mode {
        return Some((mask, size, false));
    }
    None
}

/// Which phases operand `i` occupies if it gets a register: (input, output).
fn phases(v: &Validated, i: usize) -> (bool, bool) {
    let o = &v.operands[i];
    if o.is_input() {
        return (true, false);
    }
    let early = o.constraint.as_ref().is_some_and(|c| c.is_early_clobber() || c.access == Access::UseDef);
    let tied = v.operands.iter().any(|x| x.is_input() && x.ties.contains(&Some(i)));
    (early || tied, true)
}

/// One way to hold (part of) a memory operand's address: the register, what its value is
/// short of the pointer (`bias`: a register input holding `p + 8` addresses `p[1]` as `(%reg)`),
/// and the registers it newly occupies in each phase.
#[derive(Clone, Copy, Debug)]
struct Address {
    reg: Option<PhysReg>,
    bias: i64,
    early: RegSet,
    late: RegSet,
}

impl Address {
    /// No register: the frame, or no index.
    const NONE: Address = Address { reg: None, bias: 0, early: RegSet::EMPTY, late: RegSet::EMPTY };
}

/// Occupies `early` in the input phase and `late` in the output phase, if both are free.
fn occupy_sets(busy: Busy, early: RegSet, late: RegSet) -> Option<Busy> {
    if !busy.early.intersect(early).is_empty() || !busy.late.intersect(late).is_empty() {
        return None;
    }
    Some(Busy { early: busy.early.union(early), late: busy.late.union(late) })
}

/// Register occupancy during the search.
#[derive(Clone, Copy, Default)]
struct Busy {
    early: RegSet,
    late: RegSet,
}

/// Search state: what each operand got.
struct Search<'a> {
    v: &'a Validated<'a>,
    target: &'a Target,
    facts: &'a [OperandFacts],
    options: &'a [Placement],
    phases: &'a [(bool, bool)],
    order: Vec<usize>,
    /// Registers any operand may use.
    free: RegSet,
    chosen: Vec<Option<Choice>>,
    steps: u32,
    /// Per search depth, the base and index candidates of the memory operand placed there.
    addresses: Vec<(Vec<Address>, Vec<Address>)>,
}

/// Backtracking is bounded; a statement needing more is reported impossible.
const MAX_STEPS: u32 = 200_000;

/// Lists the solver reuses from one statement to the next.
#[derive(Default)]
struct Scratch {
    phases: Vec<(bool, bool)>,
    options: Vec<Placement>,
    search: SearchLists,
}

/// The search's own lists (see [`Search`]).
#[derive(Default)]
struct SearchLists {
    order: Vec<usize>,
    chosen: Vec<Option<Choice>>,
    addresses: Vec<(Vec<Address>, Vec<Address>)>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

fn search(v: &Validated, facts: &[OperandFacts], target: &Target, options: &[Placement], phases: &[(bool, bool)], free: RegSet, lists: &mut SearchLists) -> Option<Vec<Location>> {
    // Most constrained first: fewest candidate registers, tied operands last (they follow).
    let mut order = std::mem::take(&mut lists.order);
    order.clear();
    order.extend((0..options.len()).filter(|&i| !matches!(options[i], Placement::Same(_))));
    let freedom = |i: usize| -> usize {
        match options[i] {
            Placement::Choices { reg, mem, .. } => {
                let reg = reg.map_or(0, |r| r.set.len());
                if mem {
                    reg.max(100)
                } else {
                    reg
                }
            }
            _ => 0,
        }
    };
    order.sort_by_key(|&i| freedom(i));
    let mut s = Search { v, target, facts, options, phases, order, free, chosen: std::mem::take(&mut lists.chosen), steps: 0, addresses: std::mem::take(&mut lists.addresses) };
    s.chosen.clear();
    s.chosen.resize(options.len(), None);
    if s.addresses.len() < s.order.len() {
        s.addresses.resize_with(s.order.len(), Default::default);
    }
    let found = s.step(0, Busy::default());
    let mut locations: Vec<Option<Location>> = if found { s.chosen.iter().enumerate().map(|(i, c)| c.map(|c| s.location(i, c))).collect() } else { Vec::new() };
    *lists = SearchLists { order: s.order, chosen: s.chosen, addresses: s.addresses };
    if !found {
        return None;
    }
    // Tied inputs take their output's place.
    for i in 0..options.len() {
        if let Placement::Same(out) = options[i] {
            locations[i] = locations[out].clone();
        }
    }
    locations.into_iter().collect()
}

impl MemForm<'_> {
    /// Is the base register one that operands of the same pointer share?
    fn shares_base(&self) -> bool {
        matches!(self, MemForm::Based { share: Some(_), frame_base: false, .. })
    }
}

impl<'a> Search<'a> {
    fn fact(&self, i: usize) -> &'a OperandFacts {
        fact_of(self.v, self.facts, i)
    }

    /// Tries `choice` for operand `i` and goes on with the next operand.
    fn place(&mut self, k: usize, i: usize, choice: Choice, busy: Busy) -> bool {
        self.chosen[i] = Some(choice);
        self.step(k + 1, busy)
    }

    fn step(&mut self, k: usize, busy: Busy) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return false;
        }
        let Some(&i) = self.order.get(k) else { return true };
        let (early, late) = self.phases[i];
        match self.options[i] {
            Placement::Flag(cond) => {
                if self.place(k, i, Choice::Flag(cond), busy) {
                    return true;
                }
            }
            Placement::Label => {
                if self.place(k, i, Choice::Label, busy) {
                    return true;
                }
            }
            Placement::Same(_) => unreachable!("tied operands are not searched"),
            Placement::Choices { imm, reg, mem } => {
                if imm && self.place(k, i, Choice::Imm, busy) {
                    return true;
                }
                // Without optimization a variable lives in memory, and an input that may be
                // memory stays there (`"rm"`, `"g"`, `"X"`).
                let f = self.fact(i);
                let in_memory = f.lvalue && f.addressable && matches!(&f.home, Some(MemHome { base: HomeBase::Frame(_), .. }));
                if mem && !self.target.optimize && self.v.operands[i].is_input() && in_memory && self.place_memory(k, i, busy) {
                    return true;
                }
                // Without optimization an x87 input is a value loaded for the statement alone,
                // and gcc's stack allocator gives it the top free slot, a late output's included.
                let stack_input = !self.target.optimize && early && !late && reg.is_some_and(|r| !r.set.of_class(RegClass::X87).is_empty());
                if stack_input && self.place_register(k, i, reg, early, late, busy, true) {
                    return true;
                }
                // A register no other operand uses first, then memory, and only then a register
                // a late output shares with an input: gcc's allocator shares only when pressed,
                // and real code with a missing `&` works under gcc because of it.
                if self.place_register(k, i, reg, early, late, busy, false) {
                    return true;
                }
                if mem && self.place_memory(k, i, busy) {
                    return true;
                }
                if self.place_register(k, i, reg, early, late, busy, true) {
                    return true;
                }
            }
        }
        self.chosen[i] = None;
        false
    }

    /// Tries operand `i` in each register of its choice that another operand uses in the other
    /// phase (`shared`), or in each that no operand uses.
    #[allow(clippy::too_many_arguments)]
    fn place_register(&mut self, k: usize, i: usize, reg: Option<RegChoice>, early: bool, late: bool, busy: Busy, shared: bool) -> bool {
        let Some(RegChoice { set, width, pair }) = reg else { return false };
        for r in candidates(set, self.fact(i).hint) {
            let (regs, choice) = if pair {
                match pair_high(r) {
                    Some(h) => (RegSet::of(&[r, h]), Choice::Pair(r, h)),
                    None => continue,
                }
            } else {
                (RegSet::of(&[r]), Choice::Reg(r, width))
            };
            if busy.early.union(busy.late).intersect(regs).is_empty() == shared {
                continue;
            }
            if let Some(next) = occupy(busy, regs, early, late) {
                if self.place(k, i, choice, next) {
                    return true;
                }
            }
        }
        false
    }

    /// Tries operand `i` in memory, in the form gcc gives it (see [`mem_form`]).
    fn place_memory(&mut self, k: usize, i: usize, busy: Busy) -> bool {
        let f = self.fact(i);
        match mem_form(f, self.target) {
            MemForm::Symbol => self.place(k, i, Choice::SymbolHome, busy),
            MemForm::Frame => self.place(k, i, Choice::Frame, busy),
            MemForm::Based { share, index, frame_base } => {
                // The candidate lists of this depth, kept between calls: the search tries them at
                // every step, and fresh lists each time cost more than the search itself.
                let (mut base_choices, mut index_choices) = std::mem::take(&mut self.addresses[k]);
                match index {
                    None => index_choices.push(Address::NONE),
                    Some((key, _)) => self.address_registers(i, key, true, f.hint, &mut index_choices),
                }
                if frame_base {
                    base_choices.push(Address::NONE);
                } else {
                    self.address_registers(i, share, false, f.hint, &mut base_choices);
                }
                let placed = self.place_addressed(k, i, busy, index.map(|(_, scale)| scale), &base_choices, &index_choices);
                base_choices.clear();
                index_choices.clear();
                self.addresses[k] = (base_choices, index_choices);
                placed
            }
        }
    }

    /// Places operand `i` at the first base and index register pair that fits.
    fn place_addressed(&mut self, k: usize, i: usize, busy: Busy, scale: Option<u8>, base_choices: &[Address], index_choices: &[Address]) -> bool {
        for base in base_choices {
            for ix in index_choices {
                if ix.reg.is_some() && ix.reg == base.reg {
                    continue;
                }
                let Some(next) = occupy_sets(busy, base.early.union(ix.early), base.late.union(ix.late)) else { continue };
                let index = ix.reg.zip(scale);
                if self.place(k, i, Choice::Based { base: base.reg, index, bias: base.bias }, next) {
                    return true;
                }
            }
        }
        false
    }

    /// Registers that may hold operand `i`'s base (or, with `is_index`, its index), each with
    /// the registers it newly occupies. gcc counts address registers as inputs, a memory
    /// output's too: a late output may take one (`"=r" (o), "=m" (*p) : "r" (p)` is all `%rdi`).
    /// Candidates: the register another operand of the same key holds the pointer in, or else a
    /// register input holding the pointer itself, or the operand's exact address (gcc's CSE:
    /// `"r" (p), "m" (p[1])` is `%rdi`, `8(%rdi)`; `"r" (p + 1), "m" (p[1])` is `%rdi`,
    /// `(%rdi)`), then any free address register.
    fn address_registers(&self, i: usize, key: Option<&str>, is_index: bool, hint: Option<PhysReg>, out: &mut Vec<Address>) {
        if let Some(key) = key {
            let same_key = |j: usize| {
                let Some(h) = &self.fact(j).home else { return false };
                if is_index {
                    h.index.as_ref().is_some_and(|x| x.key == key)
                } else {
                    matches!(&h.base, HomeBase::Pointer(p) if p == key) && mem_form(self.fact(j), self.target).shares_base()
                }
            };
            for (j, c) in self.chosen.iter().enumerate() {
                let Some(Choice::Based { base, index, bias: 0 }) = *c else { continue };
                if j == i || !same_key(j) {
                    continue;
                }
                if let Some(r) = if is_index { index.map(|x| x.0) } else { base } {
                    out.push(Address { reg: Some(r), bias: 0, early: RegSet::EMPTY, late: RegSet::EMPTY });
                    return;
                }
            }
            let offset = self.fact(i).home.as_ref().map_or(0, |h| h.offset);
            if !is_index {
                for (j, c) in self.chosen.iter().enumerate() {
                    let (Some(Choice::Reg(r, 8)), Role::Input(_)) = (*c, self.v.operands[j].role) else { continue };
                    match &self.fact(j).pointer_value {
                        Some((k, bias)) if k == key && (*bias == 0 || *bias == offset) && self.v.operands[j].ties.iter().all(Option::is_none) => {
                            out.push(Address { reg: Some(r), bias: *bias, early: RegSet::EMPTY, late: RegSet::EMPTY })
                        }
                        _ => {}
                    }
                }
            }
        }
        for r in candidates(crate::regs::classes::index().intersect(self.free), hint) {
            out.push(Address { reg: Some(r), bias: 0, early: RegSet::of(&[r]), late: RegSet::EMPTY });
        }
    }

    /// The frame register gcc addresses slots from: the frame pointer when it keeps one.
    fn frame_register(&self) -> PhysReg {
        if self.target.frame_pointer {
            PhysReg::RBP
        } else {
            PhysReg::RSP
        }
    }

    /// Where the frame object of operand `i` starts: objects get 8-byte-aligned slots below
    /// the frame register in order of first appearance, temporaries one each. A plausible
    /// place, not gcc's: gcc's offsets depend on the whole function.
    fn frame_offset(&self, i: usize) -> i64 {
        let key = |j: usize| match &self.fact(j).home {
            Some(MemHome { base: HomeBase::Frame(k), .. }) => Some(k.as_str()),
            _ => None,
        };
        let extent = |j: usize| {
            let f = self.fact(j);
            (f.home.as_ref().map_or(0, |h| h.offset.max(0)) + i64::from(f.size.max(1)) + 7) & !7
        };
        let in_frame = |j: usize| matches!(self.chosen[j], Some(Choice::Frame | Choice::Based { base: None, .. }));
        let mut below = 0;
        for j in (0..=i).filter(|&j| in_frame(j)) {
            let mine = key(j);
            if mine.is_some() && (0..j).any(|x| in_frame(x) && key(x) == mine) {
                continue;
            }
            let size = match mine {
                Some(_) => (j..self.options.len()).filter(|&x| in_frame(x) && key(x) == mine).map(extent).max().unwrap_or(8),
                None => extent(j),
            };
            below += size;
            if j == i || mine.is_some() && mine == key(i) {
                return -below;
            }
        }
        -below
    }

    /// The location a choice stands for.
    fn location(&self, i: usize, choice: Choice) -> Location {
        let f = self.fact(i);
        match choice {
            Choice::Imm => Location::Imm(in_mode(f).expect("an immediate option has a constant")),
            Choice::Flag(cond) => Location::Flag { cond },
            Choice::Label => match self.v.operands[i].role {
                Role::Label(k) => Location::Label { name: self.v.stmt.labels[k].value.clone() },
                _ => unreachable!("only labels get a label choice"),
            },
            Choice::Reg(reg, width) => Location::Reg { reg, width },
            Choice::Pair(lo, hi) => Location::RegPair { lo, hi },
            Choice::SymbolHome => {
                let (sym, off) = f.symbol_home.as_ref().expect("a symbol home");
                Location::Mem(MemRef { base: None, index: None, symbol: Some(sym.clone()), offset: *off, size: f.size, tls: f.tls, frame: false, segment: f.segment })
            }
            Choice::Frame => {
                let offset = self.frame_offset(i) + f.home.as_ref().map_or(0, |h| h.offset);
                Location::Mem(MemRef { base: Some(self.frame_register()), index: None, symbol: None, offset, size: f.size, tls: None, frame: true, segment: f.segment })
            }
            Choice::Based { base: None, index, .. } => {
                let offset = self.frame_offset(i) + f.home.as_ref().map_or(0, |h| h.offset);
                Location::Mem(MemRef { base: Some(self.frame_register()), index, symbol: None, offset, size: f.size, tls: None, frame: true, segment: f.segment })
            }
            Choice::Based { base: Some(r), index, bias } => match (&f.symbol_home, f.tls) {
                (Some((_, off)), Some(TlsModel::InitialExec)) => Location::Mem(MemRef { base: Some(r), index: None, symbol: None, offset: *off, size: f.size, tls: f.tls, frame: false, segment: f.segment }),
                // An address computed into a register of its own (at -O0, `p[i]`) holds
                // everything; otherwise the displacement stays in the operand.
                _ => {
                    let offset = match (&f.home, index) {
                        (Some(h), Some(_)) => h.offset - bias,
                        (Some(h @ MemHome { index: None, .. }), None) if self.target.optimize => h.offset - bias,
                        (Some(h @ MemHome { index: None, .. }), None) => h.offset - h.arithmetic,
                        _ => 0,
                    };
                    Location::Mem(MemRef { base: Some(r), index, symbol: None, offset, size: f.size, tls: None, frame: false, segment: f.segment })
                }
            },
        }
    }
}

/// Registers of `set` in preference order: the hint, then call-clobbered GPRs, then the rest in
/// table order.
fn candidates(set: RegSet, hint: Option<PhysReg>) -> impl Iterator<Item = PhysReg> {
    let hint = hint.filter(|h| set.contains(*h));
    let rest = hint.map_or(set, |h| set.without(h));
    let ordered = GPR_ORDER.iter().copied().filter(move |r| rest.contains(*r));
    hint.into_iter().chain(ordered).chain(rest.minus(crate::regs::classes::index()).iter())
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
    use crate::facts::MemIndex;

    fn verdict(src: &str, facts: &[OperandFacts], target: &Target) -> Vec<String> {
        let stmt = parse_statements(src).statements.remove(0);
        let v = validate(&stmt, target);
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
    fn commutative_last_operand_does_not_panic_the_solver() {
        let t = Target::default();
        for src in [r#"asm ("" :: "%r" (x))"#, r#"asm ("" : "=r" (y) : "r" (x), "%rm" (z))"#, r#"asm ("" : "=%r" (y))"#] {
            let stmt = parse_statements(src).statements.remove(0);
        let v = validate(&stmt, &t);
            assert!(v.has_errors(), "{src}");
            let facts = vec![int(4); v.stmt.outputs.len() + v.stmt.inputs.len()];
            let _ = solve(&v, &facts, &t, RegSet::EMPTY);
        }
    }

    #[test]
    fn fixed_early_clobber_output_and_input_on_one_register() {
        let rbx = OperandFacts { fixed_reg: Some(PhysReg::RBX), addressable: false, ..int(4) };
        assert_eq!(
            verdict(r#"asm ("" : "=&r" (x) : "r" (y))"#, &[rbx.clone(), rbx], &Target::default()),
            ["invalid hard register usage between earlyclobber operand and input operand"]
        );
    }

    fn solved(src: &str, facts: &[OperandFacts], target: &Target) -> Result<Allocation, Vec<Diagnostic>> {
        let stmt = parse_statements(src).statements.remove(0);
        let v = validate(&stmt, target);
        let a = solve(&v, facts, target, RegSet::EMPTY)?;
        crate::verify::check_allocation(&v, facts, target, RegSet::EMPTY, &a).expect("the allocation passes the checker");
        Ok(a)
    }

    fn through(pointer: &str, offset: i64) -> OperandFacts {
        OperandFacts { home: Some(MemHome::pointer(pointer, offset)), ..int(8) }
    }

    const ELEVEN: &str = r#""rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory""#;

    #[test]
    fn locals_in_memory_take_frame_slots_and_no_register() {
        // secp256k1's field multiplication: four GPRs left for three fixed operands.
        let src = format!(r#"asm ("" : "+S" (a), "=m" (t1), "=m" (t2), "=m" (t3) : "b" (b), "D" (r) : {ELEVEN})"#);
        let local = |k: &str| OperandFacts { home: Some(MemHome::frame(k, 0)), ..int(8) };
        let facts = [int(8), local("t1"), local("t2"), local("t3"), int(8), int(8)];
        for (target, fp) in [(Target::default(), PhysReg::RSP), (Target { optimize: false, frame_pointer: true, ..Target::default() }, PhysReg::RBP)] {
            let a = solved(&src, &facts, &target).expect("gcc accepts it");
            let slots: Vec<&MemRef> = a.locations[1..4].iter().map(|l| if let Location::Mem(m) = l { m } else { panic!("{l:?}") }).collect();
            assert!(slots.iter().all(|m| m.frame && m.base == Some(fp) && m.regs().is_empty()));
            assert_eq!(slots.iter().map(|m| m.offset).collect::<std::collections::HashSet<_>>().len(), 3, "three distinct slots");
        }
        // Without a frame home each operand needs a base register, and none is left.
        let pointers = [int(8), int(8), int(8), int(8), int(8), int(8)];
        assert!(solved(&src, &pointers, &Target::default()).is_err());
    }

    #[test]
    fn operands_through_one_pointer_share_its_register_when_optimizing() {
        let ops: Vec<String> = (0..21).map(|k| format!(r#""m" (v[{k}])"#)).collect();
        let src = format!(r#"asm ("" : "=&r" (s) : {})"#, ops.join(", "));
        let mut facts = vec![int(8)];
        facts.extend((0..21).map(|k| through("v", 8 * k)));
        let a = solved(&src, &facts, &Target::default()).expect("gcc -O2 accepts it");
        let Location::Mem(first) = &a.locations[1] else { panic!() };
        for (k, l) in a.locations[1..].iter().enumerate() {
            let Location::Mem(m) = l else { panic!("{l:?}") };
            assert_eq!((m.base, m.offset), (first.base, 8 * k as i64));
        }
        // gcc -O0 computes each address into a register of its own: 21 do not fit.
        let o0 = Target { optimize: false, frame_pointer: true, ..Target::default() };
        assert_eq!(verdict(&src, &facts, &o0), ["'asm' operand has impossible constraints"]);
    }

    #[test]
    fn a_variable_index_is_an_index_register_shared_by_its_key() {
        let index = Some(MemIndex { key: "i".into(), scale: 8 });
        let el = |off: i64| OperandFacts { home: Some(MemHome { index: index.clone(), arithmetic: off, ..MemHome::pointer("p", off) }), ..int(8) };
        let a = solved(r#"asm ("" :: "m" (p[i]), "m" (p[i + 2]))"#, &[el(0), el(16)], &Target::default()).unwrap();
        let (Location::Mem(x), Location::Mem(y)) = (&a.locations[0], &a.locations[1]) else { panic!() };
        assert!(x.index.is_some() && x.index == y.index && x.base == y.base && x.base != x.index.map(|i| i.0));
        assert_eq!((x.offset, y.offset), (0, 16));
        // At -O0 the address is computed whole into one register per operand.
        let o0 = Target { optimize: false, frame_pointer: true, ..Target::default() };
        let a = solved(r#"asm ("" :: "m" (p[i]), "m" (p[i + 2]))"#, &[el(0), el(16)], &o0).unwrap();
        let (Location::Mem(x), Location::Mem(y)) = (&a.locations[0], &a.locations[1]) else { panic!() };
        assert!(x.index.is_none() && x.offset == 0 && y.offset == 0 && x.base != y.base);
    }

    #[test]
    fn register_or_memory_operands_spill_to_frame_slots_under_pressure() {
        let src = r#"asm ("" : "=g" (a), "=g" (b), "=g" (c), "=g" (d), "=g" (e) :: "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14")"#;
        let local = |k: &str| OperandFacts { home: Some(MemHome::frame(k, 0)), ..int(8) };
        let facts = ["a", "b", "c", "d", "e"].map(local);
        let a = solved(src, &facts, &Target::default()).expect("gcc -O2 accepts it");
        let in_memory = a.locations.iter().filter(|l| matches!(l, Location::Mem(m) if m.frame)).count();
        assert_eq!(in_memory, 1, "rsi, rdi, r15 and rbp hold four, one goes to the frame");
        // A computed value gcc must put in memory goes to a frame temporary.
        let all = r#"asm ("" :: "rm" (x + y) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15", "rbp")"#;
        let a = solved(all, &[OperandFacts::rvalue(ValueKind::Int, 8)], &Target::default()).unwrap();
        assert!(matches!(&a.locations[0], Location::Mem(m) if m.frame));
    }

    #[test]
    fn a_register_input_holding_the_pointer_is_the_base_gcc_shares() {
        // gcc -O2: `# %rdi %rdi (%rdi)` and `# %rdi 8(%rdi)` with one register left.
        let t = Target::default();
        let all_but_rdi = r#""rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15", "rbp""#;
        let p = |bias: i64| OperandFacts { pointer_value: Some(("p".into(), bias)), ..int(8) };
        let src = format!(r#"asm ("" : "=r" (o) : "r" (p), "m" (*p) : {all_but_rdi})"#);
        let a = solved(&src, &[int(8), p(0), through("p", 0)], &t).expect("gcc -O2 accepts it");
        assert_eq!(a.locations[0], Location::Reg { reg: PhysReg::RDI, width: 8 });
        assert!(matches!(&a.locations[2], Location::Mem(m) if m.base == Some(PhysReg::RDI) && m.offset == 0));
        let src = format!(r#"asm ("" :: "D" (p), "m" (p[1]), "m" (p[2]) : {all_but_rdi})"#);
        let a = solved(&src, &[p(0), through("p", 8), through("p", 16)], &t).unwrap();
        let offsets: Vec<i64> = a.locations[1..].iter().map(|l| if let Location::Mem(m) = l { m.offset } else { panic!() }).collect();
        assert_eq!(offsets, [8, 16]);
        // `p + 1` serves `p[1]` exactly, not `p[2]`: gcc finds no register for that one.
        let src = format!(r#"asm ("" :: "r" (p + 1), "m" (p[1]) : {all_but_rdi})"#);
        let a = solved(&src, &[p(8), through("p", 8)], &t).unwrap();
        assert!(matches!(&a.locations[1], Location::Mem(m) if m.base == Some(PhysReg::RDI) && m.offset == 0));
        let src = format!(r#"asm ("" :: "r" (p + 1), "m" (p[1]), "m" (p[2]) : {all_but_rdi})"#);
        assert!(solved(&src, &[p(8), through("p", 8), through("p", 16)], &t).is_err());
        // Address registers are inputs, a memory output's too: the late output takes rdi.
        let src = format!(r#"asm ("" : "=r" (o), "=m" (*p) : "r" (p) : {all_but_rdi})"#);
        assert!(solved(&src, &[int(8), through("p", 0), p(0)], &t).is_ok());
    }

    #[test]
    fn a_late_output_shares_an_inputs_register_only_when_pressed() {
        let t = Target::default();
        let reg = |l: &Location| l.regs();
        let a = solved(r#"asm ("" : "=r" (o) : "r" (i))"#, &[int(8), int(8)], &t).unwrap();
        assert!(reg(&a.locations[0]).intersect(reg(&a.locations[1])).is_empty());
        // libsecp256k1 0.2.0's scalar reduction writes a "=g" output before it reads the "S"
        // input (no `&`): under gcc the output never lands in rsi while anything else is free.
        let src = r#"asm ("" : "=g" (m0), "=g" (m1), "=g" (m2), "=g" (m3), "=g" (m4), "=g" (m5), "=g" (m6) : "S" (l) : "rax", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "cc")"#;
        let local = |k: &str| OperandFacts { home: Some(MemHome::frame(k, 0)), ..int(8) };
        let mut facts: Vec<OperandFacts> = ["m0", "m1", "m2", "m3", "m4", "m5", "m6"].map(local).to_vec();
        facts.push(int(8));
        let a = solved(src, &facts, &t).unwrap();
        assert!(a.locations[..7].iter().all(|l| !l.regs().contains(PhysReg::RSI)));
        // With one register left, the output and the input share it, as gcc allows.
        let one = r#"asm ("" : "=r" (o) : "r" (i) : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15", "rbp")"#;
        let a = solved(one, &[int(8), int(8)], &t).unwrap();
        assert_eq!(a.locations[0], a.locations[1]);
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
