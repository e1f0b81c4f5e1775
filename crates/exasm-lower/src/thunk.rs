//! One asm statement becomes one thunk: an x86-64 function in GAS syntax that loads the
//! statement's inputs into the solved registers, runs the rendered template, and hands the
//! outputs back; plus the C that calls it.
//!
//! The thunk ABI (docs/thunk-abi.md) is chosen for speed: every value travels in registers —
//! inputs as arguments (`unsigned long long` in GPRs, `double` in xmm registers), up to two
//! register outputs as the return value (rax, rdx, xmm0, xmm1) — and the solver is asked to put
//! each operand in the register it arrives or leaves in, so most thunks have no glue moves.
//! Memory operands are pointers to the real object (a `lock` stays atomic). Only what does not
//! fit goes through memory: outputs beyond two, x87 values and vectors wider than 8 bytes.

use crate::moves::{emit_parallel, Move, Src};
use exasm_core::diag::Diagnostic;
use exasm_core::facts::{HomeBase, MemHome, OperandFacts, ValueKind};
use exasm_core::regs::{PhysReg, RegClass, RegSet};
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{solve, Allocation, Location};
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::{Role, Validated};
use std::fmt::Write;

/// The C side of one written operand (outputs then inputs, as in the source).
#[derive(Clone, Debug)]
pub struct COperand {
    /// The C expression, verbatim.
    pub expr: String,
    /// A spelling of its type usable in a declaration (`unsigned int`, `struct s`, ...).
    pub c_type: String,
    /// For a memory operand in the frame of the function (facts with a
    /// [`HomeBase::Frame`](exasm_core::facts::HomeBase::Frame) home) that the thunk copies
    /// into its own frame: the whole variable (see docs/thunk-abi.md for when that is safe).
    pub frame_object: Option<FrameObject>,
}

/// A variable a thunk copies into its own frame and back.
#[derive(Clone, Debug)]
pub struct FrameObject {
    /// The C expression that designates the whole variable (its name).
    pub expr: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A statement to lower.
pub struct Request<'a> {
    /// The validated statement (no errors).
    pub validated: &'a Validated<'a>,
    /// C expressions and types of the written operands.
    pub operands: &'a [COperand],
    /// Facts of the written operands, same order.
    pub facts: &'a [OperandFacts],
    /// Compilation target.
    pub target: &'a Target,
    /// The thunk's symbol.
    pub symbol: &'a str,
    /// The number `%=` prints.
    pub unique: u64,
}

/// A lowered statement.
#[derive(Clone, Debug)]
pub struct Thunk {
    /// The thunk function in GAS syntax (AT&T glue; the template in the target's dialect).
    pub asm: String,
    /// C declarations the call needs (return struct, prototype); they use builtin types only.
    pub c_decls: String,
    /// The C statement that replaces the asm statement.
    pub c_call: String,
    /// The allocation used.
    pub allocation: Allocation,
    /// Glue instructions (moves, loads, stores, saves) around the template.
    pub glue_instructions: usize,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Int,
    Sse,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParamRole {
    /// The value of operand `op` (half `part` of a register pair).
    Value { op: usize, part: u8 },
    /// The address of memory operand `op` (and of every operand that shares its base register).
    MemPtr { op: usize },
    /// The address of the frame object of memory operand `op` (and of every operand that is
    /// part of the same object), which the thunk copies into its own frame.
    FrameCopy { op: usize },
    /// Where to store output `op` after the statement.
    OutPtr { op: usize },
    /// The address of a temporary holding x87 or wide-vector input `op`.
    InPtr { op: usize },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Arrival {
    Reg(PhysReg),
    /// Stack argument number k (8 bytes each, in order).
    Stack(usize),
}

#[derive(Clone, Debug)]
pub(crate) struct Param {
    pub(crate) role: ParamRole,
    pub(crate) class: Class,
    pub(crate) arrival: Arrival,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SlotRole {
    Value { op: usize, part: u8 },
    Flag { op: usize },
    GotoIndex,
}

#[derive(Clone, Debug)]
pub(crate) struct Slot {
    pub(crate) role: SlotRole,
    pub(crate) class: Class,
    pub(crate) reg: PhysReg,
}

const INT_ARGS: [PhysReg; 6] = [PhysReg::RDI, PhysReg::RSI, PhysReg::RDX, PhysReg::RCX, PhysReg::R8, PhysReg::R9];
const INT_RETS: [PhysReg; 2] = [PhysReg::RAX, PhysReg::RDX];
const XMM_ARGS: [PhysReg; 8] = [PhysReg::XMM0, PhysReg::xmm(1), PhysReg::xmm(2), PhysReg::xmm(3), PhysReg::xmm(4), PhysReg::xmm(5), PhysReg::xmm(6), PhysReg::xmm(7)];
const WIN64_INT_ARGS: [PhysReg; 4] = [PhysReg::RCX, PhysReg::RDX, PhysReg::R8, PhysReg::R9];
/// Scratch candidates after the statement, call-clobbered first (Win64: rsi and rdi are
/// callee-saved, so they come after the others).
const WIN64_SCRATCH: [PhysReg; 15] = [
    PhysReg::R11,
    PhysReg::R10,
    PhysReg::R9,
    PhysReg::R8,
    PhysReg::RCX,
    PhysReg::RDX,
    PhysReg::RAX,
    PhysReg::RSI,
    PhysReg::RDI,
    PhysReg::RBX,
    PhysReg::R12,
    PhysReg::R13,
    PhysReg::R14,
    PhysReg::R15,
    PhysReg::RBP,
];
/// Scratch candidates after the statement, call-clobbered first.
const SCRATCH: [PhysReg; 15] = [
    PhysReg::R11,
    PhysReg::R10,
    PhysReg::R9,
    PhysReg::R8,
    PhysReg::RCX,
    PhysReg::RSI,
    PhysReg::RDI,
    PhysReg::RDX,
    PhysReg::RAX,
    PhysReg::RBX,
    PhysReg::R12,
    PhysReg::R13,
    PhysReg::R14,
    PhysReg::R15,
    PhysReg::RBP,
];

fn xmm_arg(n: usize) -> PhysReg {
    PhysReg::xmm(n as u8)
}

/// The calling convention between the C side and a thunk: the platform's (System V or Win64).
pub(crate) struct CallConv {
    /// Integer argument registers, in order.
    pub(crate) int_args: &'static [PhysReg],
    /// `double` argument registers, in order.
    pub(crate) sse_args: &'static [PhysReg],
    /// Win64: argument k takes the k-th register of its class (rcx or xmm0, rdx or xmm1, ...),
    /// the caller reserves 32 bytes of shadow space above the return address, a result larger
    /// than 8 bytes is returned through a hidden pointer (argument 0, given back in rax), and
    /// the thunk describes its prologue with SEH unwind directives. System V: each class counts
    /// its own registers, two results come back in registers, DWARF CFI.
    pub(crate) win64: bool,
    /// Scratch registers, the cheapest to take first.
    pub(crate) scratch: &'static [PhysReg; 15],
}

impl CallConv {
    pub(crate) fn of(target: &Target) -> CallConv {
        if target.platform.is_windows() {
            CallConv { int_args: &WIN64_INT_ARGS, sse_args: &XMM_ARGS[..4], win64: true, scratch: &WIN64_SCRATCH }
        } else {
            CallConv { int_args: &INT_ARGS, sse_args: &XMM_ARGS, win64: false, scratch: &SCRATCH }
        }
    }

    /// Bytes between the return address and the first stack argument (the shadow space).
    fn shadow(&self) -> i64 {
        if self.win64 {
            32
        } else {
            0
        }
    }

    /// Are results returned through a hidden pointer (two results under Win64)?
    pub(crate) fn returns_by_pointer(&self, slots: usize) -> bool {
        self.win64 && slots > 1
    }
}

/// Index of the written operand (outputs then inputs) that supplies operand `op`'s C value.
pub(crate) fn written_index(v: &Validated, op: usize) -> Option<usize> {
    match v.operands[op].role {
        Role::Output(i) | Role::HiddenInput(i) => Some(i),
        Role::Input(i) => Some(v.stmt.outputs.len() + i),
        Role::Label(_) => None,
    }
}

pub(crate) fn tied_to(v: &Validated, a: &Allocation, op: usize) -> Option<usize> {
    v.operands[op].ties.get(a.alternative).copied().flatten()
}

fn is_vec_reg(r: PhysReg) -> bool {
    r.class() == RegClass::Xmm
}

/// Lowers one statement.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_lower::thunk::{lower_statement, COperand, Request};
/// let s = parse_statements(r#"asm ("addl %2, %0" : "=r" (sum) : "0" (a), "r" (b))"#).statements.remove(0);
/// let t = Target::default();
/// let v = validate(&s, &t);
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let ops = ["sum", "a", "b"].map(|e| COperand { expr: e.into(), c_type: "int".into(), frame_object: None });
/// let th = lower_statement(&Request { validated: &v, operands: &ops, facts: &[int.clone(), int.clone(), int],
///     target: &t, symbol: "__exasm_t0", unique: 0 }).unwrap();
/// assert!(th.asm.contains("addl %esi, %eax"));   // inputs stay in rdi/rsi, the output leaves in rax
/// assert!(th.c_call.contains("__exasm_t0("));
/// ```
pub fn lower_statement(req: &Request) -> Result<Thunk, Vec<Diagnostic>> {
    lower_statement_from(req, None)
}

/// [`lower_statement`] given the solver's unhinted allocation when the caller already has it
/// (as `exasm explain` does), which saves one solve.
pub fn lower_statement_from(req: &Request, first: Option<Allocation>) -> Result<Thunk, Vec<Diagnostic>> {
    let (alloc, params, slots) = prepare(req, first)?;
    emit(req, &alloc, &params, &slots).map_err(|e| unsupported(req.validated, &e))
}

/// The error for what exasm cannot lower yet.
pub(crate) fn unsupported(v: &Validated, what: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::error(v.stmt.keyword.span, format!("exasm cannot lower this statement yet: {what}"))]
}

/// Allocation, parameters and return slots of a statement: shared by the GAS and Rust thunks.
pub(crate) fn prepare(req: &Request, first: Option<Allocation>) -> Result<(Allocation, Vec<Param>, Vec<Slot>), Vec<Diagnostic>> {
    let v = req.validated;
    let unsupported = |what: &str| unsupported(v, what);
    // The thunk shares one pointer among the operands through it, whatever gcc does at -O0.
    let target = &Target { optimize: true, ..*req.target };
    // A first solve tells which operands are registers, memory and immediates.
    // gcc addresses some objects with no register that the thunk can reach only through one:
    // when that leaves too few, the statement is valid but not lowered.
    let first = match first {
        Some(a) => a,
        None => solve(v, req.facts, target, RegSet::EMPTY).map_err(|_| {
            unsupported("too few registers are left for the addresses of its memory operands (gcc addresses a local whose address escapes, a thread-local, a block-scope static or, under -fPIC, a global without one; the thunk needs a pointer)")
        })?,
    };
    let conv = CallConv::of(req.target);
    let (params, slots) = plan(v, &first, req.facts, &conv).map_err(|e| unsupported(&e))?;
    // The second solve is asked to place each value where it arrives or leaves.
    let mut hinted: Vec<OperandFacts> = req.facts.to_vec();
    for p in &params {
        let (ParamRole::Value { op, part: 0 } | ParamRole::MemPtr { op }) = p.role else { continue };
        if let (Arrival::Reg(r), Some(w)) = (p.arrival, written_index(v, op)) {
            // Memory operands' base registers, outputs' included, and input values.
            if matches!(p.role, ParamRole::MemPtr { .. }) || matches!(v.operands[op].role, Role::Input(_)) {
                hinted[w].hint = Some(r);
            }
        }
    }
    for s in &slots {
        if let SlotRole::Value { op, part: 0 } = s.role {
            if let Some(w) = written_index(v, op) {
                hinted[w].hint = Some(s.reg);
            }
        }
    }
    let mut alloc = match solve(v, &hinted, target, RegSet::EMPTY) {
        Ok(a) if same_kinds(&first, &a) => a,
        _ => first,
    };
    // Operands that share a base register are addressed from the one pointer the C side
    // passes: the first operand's address.
    let leader_offsets: Vec<i64> = (0..alloc.locations.len())
        .map(|op| match &alloc.locations[memory_leader(v, &alloc, req.facts, op)] {
            Location::Mem(l) => l.offset,
            _ => 0,
        })
        .collect();
    for (l, leader_offset) in alloc.locations.iter_mut().zip(leader_offsets) {
        if let Location::Mem(m) = l {
            if !m.frame && m.base.is_some() {
                m.offset -= leader_offset;
            }
        }
    }
    let (params, slots) = plan(v, &alloc, req.facts, &conv).map_err(|e| unsupported(&e))?;
    Ok((alloc, params, slots))
}

/// The frame object key of memory operand `op`: its variable's, or its own for a temporary.
fn frame_key<'f>(v: &Validated, facts: &'f [OperandFacts], op: usize) -> Option<&'f str> {
    match written_index(v, op).and_then(|w| facts.get(w)).and_then(|f| f.home.as_ref()) {
        Some(MemHome { base: HomeBase::Frame(k), .. }) => Some(k),
        _ => None,
    }
}

/// The first operand whose memory address the thunk receives for operand `op`: the first with
/// the same base register, or, in the frame, the first part of the same variable. `op` itself
/// for anything else.
pub(crate) fn memory_leader(v: &Validated, a: &Allocation, facts: &[OperandFacts], op: usize) -> usize {
    let Location::Mem(m) = &a.locations[op] else { return op };
    if tied_to(v, a, op).is_some() {
        return op;
    }
    (0..op)
        .find(|&j| {
            tied_to(v, a, j).is_none()
                && match &a.locations[j] {
                    Location::Mem(l) if m.frame && l.frame => frame_key(v, facts, op).is_some_and(|k| frame_key(v, facts, j) == Some(k)),
                    Location::Mem(l) => !m.frame && !l.frame && m.base.is_some() && l.base == m.base,
                    _ => false,
                }
        })
        .unwrap_or(op)
}

fn kind_of(l: &Location) -> u8 {
    match l {
        Location::Reg { reg, .. } => match reg.class() {
            RegClass::Gpr => 0,
            RegClass::Xmm => 1,
            RegClass::X87 => 2,
            _ => 3,
        },
        Location::RegPair { .. } => 4,
        Location::Mem(_) => 5,
        Location::Imm(_) => 6,
        Location::Flag { .. } => 7,
        Location::Label { .. } => 8,
    }
}

fn same_kinds(a: &Allocation, b: &Allocation) -> bool {
    a.locations.iter().map(kind_of).eq(b.locations.iter().map(kind_of))
}

/// Decides parameters and return slots for an allocation.
fn plan(v: &Validated, a: &Allocation, facts: &[OperandFacts], conv: &CallConv) -> Result<(Vec<Param>, Vec<Slot>), String> {
    let mut params: Vec<(ParamRole, Class)> = Vec::new();
    let mut slots: Vec<(SlotRole, Class)> = Vec::new();
    if v.stmt.is_goto() && !v.stmt.labels.is_empty() {
        slots.push((SlotRole::GotoIndex, Class::Int));
    }
    let size_of = |op: usize| written_index(v, op).and_then(|w| facts.get(w)).map_or(8, |f| f.size);
    // Outputs first: memory, then register outputs into slots while two fit.
    for (op, o) in v.operands.iter().enumerate() {
        if !o.is_output() {
            continue;
        }
        match &a.locations[op] {
            Location::Mem(m) if memory_leader(v, a, facts, op) != op || m.base.is_none() => {}
            Location::Mem(m) if m.frame => params.push((ParamRole::FrameCopy { op }, Class::Int)),
            Location::Mem(_) => params.push((ParamRole::MemPtr { op }, Class::Int)),
            Location::Flag { .. } => {
                if slots.len() < 2 {
                    slots.push((SlotRole::Flag { op }, Class::Int));
                } else {
                    params.push((ParamRole::OutPtr { op }, Class::Int));
                }
            }
            Location::Reg { reg, .. } => {
                let class = match reg.class() {
                    // Mask and MMX values travel in GPRs (kmov, movd/movq in the thunk).
                    RegClass::Gpr | RegClass::Mask | RegClass::Mmx => Some(Class::Int),
                    RegClass::Xmm if size_of(op) <= 8 => Some(Class::Sse),
                    RegClass::Xmm | RegClass::X87 => None,
                };
                match class {
                    Some(c) if slots.len() < 2 => slots.push((SlotRole::Value { op, part: 0 }, c)),
                    _ => params.push((ParamRole::OutPtr { op }, Class::Int)),
                }
            }
            Location::RegPair { .. } => {
                if slots.is_empty() {
                    slots.push((SlotRole::Value { op, part: 0 }, Class::Int));
                    slots.push((SlotRole::Value { op, part: 1 }, Class::Int));
                } else {
                    params.push((ParamRole::OutPtr { op }, Class::Int));
                }
            }
            Location::Imm(_) | Location::Label { .. } => return Err("an output that is not an lvalue location".into()),
        }
    }
    for (op, o) in v.operands.iter().enumerate() {
        if !o.is_input() {
            continue;
        }
        let tie = tied_to(v, a, op);
        match &a.locations[op] {
            Location::Imm(_) | Location::Label { .. } | Location::Flag { .. } => {}
            Location::Mem(m) => {
                if tie.is_none() && m.base.is_some() && memory_leader(v, a, facts, op) == op {
                    params.push((if m.frame { ParamRole::FrameCopy { op } } else { ParamRole::MemPtr { op } }, Class::Int));
                }
            }
            Location::Reg { reg, .. } => match reg.class() {
                RegClass::Gpr | RegClass::Mask | RegClass::Mmx => params.push((ParamRole::Value { op, part: 0 }, Class::Int)),
                RegClass::Xmm if size_of(op) <= 8 => params.push((ParamRole::Value { op, part: 0 }, Class::Sse)),
                RegClass::Xmm | RegClass::X87 => params.push((ParamRole::InPtr { op }, Class::Int)),
            },
            Location::RegPair { .. } => {
                params.push((ParamRole::Value { op, part: 0 }, Class::Int));
                params.push((ParamRole::Value { op, part: 1 }, Class::Int));
            }
        }
    }
    // Each value whose register is an argument (or return) register arrives (or leaves) in it:
    // with the slots ordered that way, those operands need no glue move at all.
    let want = |role: &ParamRole| -> Option<PhysReg> {
        match (role, role_op(role).map(|op| &a.locations[op])) {
            (ParamRole::Value { part, .. }, Some(Location::RegPair { lo, hi })) => Some(if *part == 0 { *lo } else { *hi }),
            (ParamRole::Value { .. }, Some(Location::Reg { reg, .. })) => Some(*reg),
            (ParamRole::MemPtr { .. }, Some(Location::Mem(m))) if !m.frame => m.base,
            _ => None,
        }
    };
    let hidden = usize::from(conv.returns_by_pointer(slots.len()));
    let params = order_by_register(params, |(role, _)| want(role), &[(Class::Int, &conv.int_args[hidden..]), (Class::Sse, conv.sse_args)]);
    let slots = order_by_register(
        slots,
        |(role, _)| match role {
            SlotRole::Value { op, part } => match &a.locations[*op] {
                Location::Reg { reg, .. } => Some(*reg),
                Location::RegPair { lo, hi } => Some(if *part == 0 { *lo } else { *hi }),
                _ => None,
            },
            _ => None,
        },
        &[(Class::Int, &INT_RETS[..]), (Class::Sse, &XMM_ARGS[..2])],
    );
    let (mut ni, mut ns, mut nstack) = (0, 0, 0);
    // Win64 passes a hidden result pointer first.
    let mut position = hidden;
    let params = params
        .into_iter()
        .map(|(role, class)| {
            position += 1;
            let at = position - 1;
            let arrival = match class {
                _ if conv.win64 && at >= 4 => {
                    nstack += 1;
                    Arrival::Stack(at - 4)
                }
                Class::Int if conv.win64 => Arrival::Reg(conv.int_args[at]),
                Class::Sse if conv.win64 => Arrival::Reg(conv.sse_args[at]),
                Class::Int if ni < INT_ARGS.len() => {
                    ni += 1;
                    Arrival::Reg(INT_ARGS[ni - 1])
                }
                Class::Sse if ns < 8 => {
                    ns += 1;
                    Arrival::Reg(xmm_arg(ns - 1))
                }
                _ => {
                    nstack += 1;
                    Arrival::Stack(nstack - 1)
                }
            };
            Param { role, class, arrival }
        })
        .collect();
    let (mut ri, mut rs) = (0, 0);
    let slots = slots
        .into_iter()
        .map(|(role, class)| {
            let reg = match class {
                Class::Int => {
                    ri += 1;
                    INT_RETS[ri - 1]
                }
                Class::Sse => {
                    rs += 1;
                    xmm_arg(rs - 1)
                }
            };
            Slot { role, class, reg }
        })
        .collect();
    Ok((params, slots))
}

/// The operand a parameter carries.
fn role_op(role: &ParamRole) -> Option<usize> {
    match role {
        ParamRole::Value { op, .. } | ParamRole::MemPtr { op } | ParamRole::FrameCopy { op } | ParamRole::OutPtr { op } | ParamRole::InPtr { op } => Some(*op),
    }
}

/// Orders items of each class so that an item wanting register `regs[k]` is the k-th of its
/// class (when that position exists and is free); the others keep their order. Items are
/// `(role, class)` pairs; pair halves stay consecutive only if their registers say so.
fn order_by_register<R: Clone>(items: Vec<(R, Class)>, want: impl Fn(&(R, Class)) -> Option<PhysReg>, classes: &[(Class, &[PhysReg])]) -> Vec<(R, Class)> {
    let mut out = Vec::with_capacity(items.len());
    for (class, regs) in classes {
        let of_class: Vec<&(R, Class)> = items.iter().filter(|i| i.1 == *class).collect();
        let n = of_class.len();
        let mut slots: Vec<Option<usize>> = vec![None; n];
        let mut placed = vec![false; n];
        for (i, item) in of_class.iter().enumerate() {
            if let Some(k) = want(item).and_then(|r| regs.iter().position(|x| *x == r)) {
                if k < n && slots[k].is_none() {
                    slots[k] = Some(i);
                    placed[i] = true;
                }
            }
        }
        let mut rest = (0..n).filter(|i| !placed[*i]);
        for slot in &mut slots {
            if slot.is_none() {
                *slot = rest.next();
            }
        }
        out.extend(slots.into_iter().flatten().map(|i| of_class[i].clone()));
    }
    out
}

/// Frame layout below the saved registers.
struct Frame {
    size: i64,
    scratch: i64,
    slot_of_outptr: Vec<(usize, i64)>,
    flag_slot: Vec<(usize, i64)>,
    index_slot: i64,
    pushes: Vec<PhysReg>,
    /// Win64: xmm6..xmm15 the statement touches, each with its 16-byte slot.
    xmm_saves: Vec<(PhysReg, i64)>,
    /// Win64, two results: the slot of the hidden result pointer.
    ret_ptr_slot: Option<i64>,
    /// The caller's shadow space between the return address and the stack arguments.
    shadow: i64,
}

impl Frame {
    fn stack_arg(&self, k: usize) -> i64 {
        self.size + 8 * self.pushes.len() as i64 + 8 + self.shadow + 8 * k as i64
    }
}

fn suffix(size: u32) -> &'static str {
    match size {
        1 => "b",
        2 => "w",
        4 => "l",
        _ => "q",
    }
}

pub(crate) fn x87_suffix(f: &OperandFacts) -> &'static str {
    match f.kind {
        ValueKind::Float => "s",
        ValueKind::Double => "l",
        _ => "t",
    }
}

pub(crate) fn emit(req: &Request, a: &Allocation, params: &[Param], slots: &[Slot]) -> Result<Thunk, String> {
    let v = req.validated;
    let conv = CallConv::of(req.target);
    let scratch_regs = conv.scratch;
    let register_value = OperandFacts::rvalue(ValueKind::Int, 8);
    let facts = |op: usize| -> &OperandFacts { written_index(v, op).and_then(|w| req.facts.get(w)).unwrap_or(&register_value) };
    let mut out = String::new();
    let mut glue = 0usize;

    // Registers the statement touches; outputs live after it.
    let mut used = RegSet::EMPTY;
    for l in &a.locations {
        used = used.union(l.regs());
    }
    used = used.union(a.clobbers);
    let out_regs = RegSet::of(&v.operands.iter().zip(&a.locations).filter(|(o, _)| o.is_output()).flat_map(|(_, l)| match l {
        Location::Mem(_) => Vec::new(),
        l => l.regs().iter().collect(),
    }).collect::<Vec<_>>());
    let needs_scratch = params.iter().any(|p| matches!(p.role, ParamRole::OutPtr { .. } | ParamRole::InPtr { .. }))
        || a.locations.iter().any(|l| matches!(l, Location::Reg { reg, .. } if reg.class() == RegClass::X87));
    let scratch = scratch_regs.iter().copied().find(|r| !out_regs.contains(*r)).ok_or("no scratch register is left")?;
    if needs_scratch {
        used.insert(scratch);
    }
    // Frame copies: each variable once, written back when the statement may write it.
    let copies = frame_copies(req, a, params)?;
    let copy_regs: Vec<PhysReg> = scratch_regs.iter().copied().filter(|r| !out_regs.contains(*r) && *r != scratch && *r != PhysReg::RAX && *r != PhysReg::RDX).take(2).collect();
    if copies.iter().any(|c| c.write_back) {
        if copy_regs.len() < 2 {
            return Err("no register left to copy a local back".into());
        }
        used = used.union(RegSet::of(&copy_regs));
    }
    // A second register for outputs stored through a pointer that cannot be stored from their
    // own register at their size (a mask register under AVX512F alone has no byte store, MMX and
    // xmm none below 4 bytes): the value goes through it.
    let via_needed = params.iter().any(|p| match (&p.role, &a.locations[role_op(&p.role).unwrap_or(0)]) {
        (ParamRole::OutPtr { op }, Location::Reg { reg, .. }) => is_gpr_carried(*reg) || (reg.class() == RegClass::Xmm && facts(*op).size < 4),
        _ => false,
    });
    let via = if via_needed {
        let slot_regs = RegSet::of(&slots.iter().map(|s| s.reg).collect::<Vec<_>>());
        let r = scratch_regs.iter().copied().find(|r| !out_regs.contains(*r) && *r != scratch && !slot_regs.contains(*r)).ok_or("no register left to store an output")?;
        used.insert(r);
        Some(r)
    } else {
        None
    };
    // What the caller's compiler expects a call to keep (the ABI's callee-saved registers, and
    // any `-fcall-saved-REG`); the return registers carry the results.
    let pushes: Vec<PhysReg> = req.target.call_saved().minus(RegSet::of(&INT_RETS)).intersect(used).iter().collect();
    // Win64 keeps xmm6..xmm15 (their low 128 bits) across a call: saved in the frame.
    let xmm_saved: Vec<PhysReg> = req.target.call_saved_xmm().intersect(used).iter().collect();
    let ret_by_pointer = conv.returns_by_pointer(slots.len());

    // Return registers written straight after the template when nothing else needs them.
    let flag_ptr_capture = params.iter().any(|p| matches!(p.role, ParamRole::OutPtr { op } if matches!(a.locations[op], Location::Flag { .. })));
    let direct = |r: PhysReg| !(out_regs.contains(r) || flag_ptr_capture && r == scratch);
    let index_reg = slots.iter().find(|s| s.role == SlotRole::GotoIndex).map(|s| s.reg).filter(|r| direct(*r));
    let flag_regs: Vec<(usize, PhysReg)> = slots
        .iter()
        .filter_map(|s| match s.role {
            SlotRole::Flag { op } if direct(s.reg) => Some((op, s.reg)),
            _ => None,
        })
        .collect();

    // The moves before and after the template; a cycle needs the 16-byte scratch slot.
    let pre_moves = |stack_arg: &dyn Fn(usize) -> i64| -> Vec<Move> {
        params
            .iter()
            .filter_map(|p| {
                let dst = match p.role {
                    ParamRole::Value { op, part } => match &a.locations[op] {
                        // Loaded by kmov/movq before the parallel move.
                        Location::Reg { reg, .. } if is_gpr_carried(*reg) => return None,
                        Location::Reg { reg, .. } => *reg,
                        Location::RegPair { lo, hi } => {
                            if part == 0 {
                                *lo
                            } else {
                                *hi
                            }
                        }
                        _ => return None,
                    },
                    ParamRole::MemPtr { op } => match &a.locations[op] {
                        Location::Mem(m) => m.base?,
                        _ => return None,
                    },
                    _ => return None,
                };
                let src = match p.arrival {
                    Arrival::Reg(r) => Src::Reg(r),
                    Arrival::Stack(k) => Src::Stack(stack_arg(k)),
                };
                Some(Move { src, dst })
            })
            .collect()
    };
    let post_moves: Vec<Move> = slots
        .iter()
        .filter_map(|s| {
            let SlotRole::Value { op, part } = s.role else { return None };
            let src = match &a.locations[op] {
                Location::Reg { reg, .. } if is_gpr_carried(*reg) => return None,
                Location::Reg { reg, .. } => *reg,
                Location::RegPair { lo, hi } => {
                    if part == 0 {
                        *lo
                    } else {
                        *hi
                    }
                }
                _ => return None,
            };
            Some(Move { src: Src::Reg(src), dst: s.reg })
        })
        .collect();
    let needs_cycle_slot = emit_parallel(&pre_moves(&|_| 0), 0, &mut String::new()) || emit_parallel(&post_moves, 0, &mut String::new());

    // Frame: the scratch slot, then 8-byte slots.
    // gcc does not align the stack for a template either (leaf functions run it at rsp = 8 mod
    // 16), but a template that calls gets an aligned stack, as in a non-leaf function (and, under
    // Win64, the 32 bytes of shadow space a callee may use, at the bottom of the frame).
    let calls = v.stmt.template.value.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| matches!(w.to_ascii_lowercase().as_str(), "call" | "callq"));
    let base = if calls { conv.shadow() } else { 0 };
    let mut off = base + if needs_cycle_slot { 16 } else { 0 };
    let ret_ptr_slot = ret_by_pointer.then(|| {
        off += 8;
        off - 8
    });
    let mut slot_of_outptr = Vec::new();
    for p in params {
        if let (ParamRole::OutPtr { op } | ParamRole::InPtr { op }, Arrival::Reg(_)) = (&p.role, p.arrival) {
            slot_of_outptr.push((*op, off));
            off += 8;
        }
    }
    let mut flag_slot = Vec::new();
    for (op, o) in v.operands.iter().enumerate() {
        if o.constraint.as_ref().is_some_and(|c| c.flag.is_some()) && o.is_output() && !flag_regs.iter().any(|(f, _)| *f == op) {
            flag_slot.push((op, off));
            off += 8;
        }
    }
    let index_slot = off;
    if slots.iter().any(|s| s.role == SlotRole::GotoIndex) && index_reg.is_none() {
        off += 8;
    }
    // Copies: a saved pointer for each written back (when it arrived in a register), then the
    // objects, 16-byte aligned as gcc aligns them in its frame.
    let mut copies = copies;
    for c in copies.iter_mut().filter(|c| c.write_back) {
        if let Arrival::Reg(_) = c.arrival {
            c.saved = off;
            off += 8;
        }
    }
    if !copies.is_empty() {
        off = (off + 15) & !15;
    }
    for c in &mut copies {
        c.slot = off;
        off += (c.size as i64 + 15) & !15;
    }
    // xmm6..xmm15 saved (Win64), 16-byte aligned.
    if !xmm_saved.is_empty() {
        off = (off + 15) & !15;
    }
    let xmm_saves: Vec<(PhysReg, i64)> = xmm_saved
        .iter()
        .map(|r| {
            off += 16;
            (*r, off - 16)
        })
        .collect();
    // Objects copied into the frame are aligned as gcc aligns them, and so is a Win64 frame:
    // its ABI wants rsp 16-byte aligned outside the prologue of a function that has one.
    let size = if calls || !copies.is_empty() || (conv.win64 && (off > 0 || !pushes.is_empty())) {
        let base = 8 + 8 * pushes.len() as i64 + off;
        off + (16 - base % 16) % 16
    } else {
        off
    };
    let frame = Frame { size, scratch: base, slot_of_outptr, flag_slot, index_slot, pushes, xmm_saves, ret_ptr_slot, shadow: conv.shadow() };

    let sym = req.symbol;
    out.push_str(&function_start(req.target, sym));
    for r in &frame.pushes {
        insn(&mut out, &mut glue, format!("pushq %{r}"));
        if conv.win64 {
            let _ = writeln!(out, "\t.seh_pushreg %{r}");
        } else {
            let _ = writeln!(out, "\t.cfi_adjust_cfa_offset 8\n\t.cfi_rel_offset %{r}, 0");
        }
    }
    if frame.size > 0 {
        insn(&mut out, &mut glue, format!("subq ${}, %rsp", frame.size));
        if conv.win64 {
            let _ = writeln!(out, "\t.seh_stackalloc {}", frame.size);
        } else {
            let _ = writeln!(out, "\t.cfi_adjust_cfa_offset {}", frame.size);
        }
    }
    for (r, at) in &frame.xmm_saves {
        insn(&mut out, &mut glue, format!("movaps %{r}, {at}(%rsp)"));
        let _ = writeln!(out, "\t.seh_savexmm %{r}, {at}");
    }
    if conv.win64 {
        out.push_str("\t.seh_endprologue\n");
    }
    if let Some(at) = frame.ret_ptr_slot {
        insn(&mut out, &mut glue, format!("movq %rcx, {at}(%rsp)"));
    }

    let ptr_location = |op: usize| -> Option<String> {
        let p = params.iter().find(|p| matches!(p.role, ParamRole::OutPtr { op: o } | ParamRole::InPtr { op: o } if o == op))?;
        Some(match p.arrival {
            Arrival::Reg(_) => format!("{}(%rsp)", frame.slot_of_outptr.iter().find(|(o, _)| *o == op)?.1),
            Arrival::Stack(k) => format!("{}(%rsp)", frame.stack_arg(k)),
        })
    };
    // Frame objects into the thunk's frame, through r10/r11 (no argument arrives in them).
    for c in &copies {
        let from = match c.arrival {
            Arrival::Reg(r) => r,
            Arrival::Stack(k) => {
                insn(&mut out, &mut glue, format!("movq {}(%rsp), %r10", frame.stack_arg(k)));
                PhysReg::R10
            }
        };
        if c.write_back {
            if let Arrival::Reg(r) = c.arrival {
                insn(&mut out, &mut glue, format!("movq %{r}, {}(%rsp)", c.saved));
            }
        }
        copy_bytes(&mut out, &mut glue, (&format!("%{from}"), 0), ("%rsp", c.slot), c.size, PhysReg::R11);
    }
    // Save pointer arguments that are needed after the moves.
    for p in params {
        if let (ParamRole::OutPtr { op } | ParamRole::InPtr { op }, Arrival::Reg(r)) = (&p.role, p.arrival) {
            let slot = frame.slot_of_outptr.iter().find(|(o, _)| o == op).map(|s| s.1).unwrap_or_default();
            insn(&mut out, &mut glue, format!("movq %{r}, {slot}(%rsp)"));
        }
    }
    // x87 inputs, deepest first, while every argument register is still intact.
    let mut x87_inputs: Vec<(u8, usize)> = Vec::new();
    for (op, o) in v.operands.iter().enumerate() {
        if let (true, Location::Reg { reg, .. }) = (o.is_input(), &a.locations[op]) {
            if reg.class() == RegClass::X87 && !x87_inputs.iter().any(|(n, _)| *n == reg.hw_number()) {
                x87_inputs.push((reg.hw_number(), op));
            }
        }
    }
    x87_inputs.sort_by_key(|x| std::cmp::Reverse(x.0));
    if x87_inputs.iter().enumerate().any(|(i, (n, _))| *n as usize != x87_inputs.len() - 1 - i) {
        return Err("x87 inputs that are not contiguous from st(0)".into());
    }
    for (_, op) in &x87_inputs {
        let loc = ptr_location(*op).ok_or("x87 input without its pointer")?;
        insn(&mut out, &mut glue, format!("movq {loc}, %rax"));
        insn(&mut out, &mut glue, format!("fld{} (%rax)", x87_suffix(facts(*op))));
    }
    // Mask and MMX inputs from the GPRs (or stack slots) they arrive in, while those are intact.
    for p in params {
        let ParamRole::Value { op, .. } = &p.role else { continue };
        if let Location::Reg { reg, .. } = &a.locations[*op] {
            if is_gpr_carried(*reg) {
                let from = match p.arrival {
                    Arrival::Reg(r) => Src::Reg(r),
                    Arrival::Stack(k) => Src::Stack(frame.stack_arg(k)),
                };
                for line in gpr_carried_in(*reg, value_size(facts(*op)), from) {
                    insn(&mut out, &mut glue, line);
                }
            }
        }
    }
    // Values and memory bases into their registers.
    let moves = pre_moves(&|k| frame.stack_arg(k));
    let mut tmp = String::new();
    emit_parallel(&moves, frame.scratch, &mut tmp);
    glue += tmp.lines().count();
    out.push_str(&tmp);
    // Wide vector inputs through their pointers (a `+x` input too: the value arrives by pointer).
    let busy: RegSet = RegSet::of(&moves.iter().map(|m| m.dst).collect::<Vec<_>>());
    for (op, o) in v.operands.iter().enumerate() {
        if let (true, Location::Reg { reg, .. }) = (o.is_input(), &a.locations[op]) {
            if is_vec_reg(*reg) && facts(op).size > 8 {
                let loc = ptr_location(op).ok_or("vector input without its pointer")?;
                let via = scratch_regs.iter().copied().find(|r| !busy.contains(*r) && !a.locations.iter().any(|l| l.regs().contains(*r))).ok_or("no register left to load a vector input")?;
                insn(&mut out, &mut glue, format!("movq {loc}, %{via}"));
                insn(&mut out, &mut glue, vec_move(facts(op).size, &format!("(%{via})"), *reg, true));
            }
        }
    }

    // The template, with frame operands in the copies.
    let mut placed = a.clone();
    for c in &copies {
        for op in 0..placed.locations.len() {
            if memory_leader(v, a, req.facts, op) == c.op {
                if let Location::Mem(m) = &mut placed.locations[op] {
                    m.base = Some(PhysReg::RSP);
                    m.offset = c.slot + facts(op).home.as_ref().map_or(0, |h| h.offset);
                }
            }
        }
    }
    let a = &placed;
    let label = |k: usize| format!(".Lexasm_{sym}_l{k}");
    let rendered = render(v, a, req.facts, req.target, &RenderOptions { unique: req.unique, label: &label });
    if rendered.has_errors() {
        return Err(rendered.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "));
    }
    let intel = req.target.dialect == Dialect::Intel;
    if intel {
        out.push_str("\t.intel_syntax noprefix\n");
    }
    let _ = writeln!(out, "# exasm: asm statement");
    // As gcc: a tab before the template, the rest verbatim.
    let _ = writeln!(out, "\t{}\n# exasm: end", rendered.text);
    if intel {
        out.push_str("\t.att_syntax prefix\n");
    }

    // Flag outputs, per exit edge, before anything can change the flags (`mov` does not).
    let flag_targets: Vec<(Location, String, Option<String>)> = frame
        .flag_slot
        .iter()
        .map(|(op, slot)| {
            let through = params.iter().any(|p| p.role == ParamRole::OutPtr { op: *op });
            let ptr = if through { ptr_location(*op) } else { None };
            (a.locations[*op].clone(), format!("{slot}(%rsp)"), ptr)
        })
        .chain(flag_regs.iter().map(|(op, r)| (a.locations[*op].clone(), format!("%{}", r.name(1)), None)))
        .collect();
    let capture_flags = |out: &mut String, glue: &mut usize| {
        for (loc, slot, ptr) in &flag_targets {
            let Location::Flag { cond } = loc else { continue };
            match ptr {
                Some(ptr) => {
                    let _ = writeln!(out, "	movq {ptr}, %{scratch}
	set{cond} (%{scratch})");
                    *glue += 2;
                }
                None => {
                    let _ = writeln!(out, "	set{cond} {slot}");
                    *glue += 1;
                }
            }
        }
    };
    if v.stmt.is_goto() && !v.stmt.labels.is_empty() {
        let index_to = index_reg.map_or_else(|| format!("q {}(%rsp)", frame.index_slot), |r| format!("l %{}", r.name(4)));
        capture_flags(&mut out, &mut glue);
        insn(&mut out, &mut glue, index_move(&index_to, 0));
        insn(&mut out, &mut glue, format!("jmp .Lexasm_{sym}_out"));
        for k in 0..v.stmt.labels.len() {
            let _ = writeln!(out, "{}:", label(k));
            capture_flags(&mut out, &mut glue);
            insn(&mut out, &mut glue, index_move(&index_to, k + 1));
            if k + 1 < v.stmt.labels.len() {
                insn(&mut out, &mut glue, format!("jmp .Lexasm_{sym}_out"));
            }
        }
        let _ = writeln!(out, ".Lexasm_{sym}_out:");
    } else {
        capture_flags(&mut out, &mut glue);
    }

    // Frame objects the statement may have written, back to where they live.
    for c in copies.iter().filter(|c| c.write_back) {
        let (ptr, data) = (copy_regs[0], copy_regs[1]);
        let at = match c.arrival {
            Arrival::Reg(_) => c.saved,
            Arrival::Stack(k) => frame.stack_arg(k),
        };
        insn(&mut out, &mut glue, format!("movq {at}(%rsp), %{ptr}"));
        copy_bytes(&mut out, &mut glue, ("%rsp", c.slot), (&format!("%{ptr}"), 0), c.size, data);
    }
    // x87 outputs (top of the stack first), then pop what the statement left.
    let mut x87_outputs: Vec<(u8, usize)> = Vec::new();
    for (op, o) in v.operands.iter().enumerate() {
        if let (true, Location::Reg { reg, .. }) = (o.is_output(), &a.locations[op]) {
            if reg.class() == RegClass::X87 {
                x87_outputs.push((reg.hw_number(), op));
            }
        }
    }
    x87_outputs.sort();
    let popped_inputs = x87_inputs
        .iter()
        .filter(|(n, op)| {
            tied_to(v, a, *op).is_some() || a.clobbers.contains(PhysReg::st(*n)) || x87_outputs.iter().any(|(m, _)| m == n)
        })
        .count();
    let left = x87_outputs.len() + x87_inputs.len() - popped_inputs;
    for depth in 0..left {
        match x87_outputs.iter().find(|(n, _)| *n as usize == depth) {
            Some((_, op)) => {
                let loc = ptr_location(*op).ok_or("x87 output without its pointer")?;
                insn(&mut out, &mut glue, format!("movq {loc}, %{scratch}"));
                insn(&mut out, &mut glue, format!("fstp{} (%{scratch})", x87_suffix(facts(*op))));
            }
            None => insn(&mut out, &mut glue, "fstp %st(0)".into()),
        }
    }
    // Outputs stored through pointers.
    for p in params {
        let ParamRole::OutPtr { op } = p.role else { continue };
        let loc = ptr_location(op).ok_or("output without its pointer")?;
        let f = facts(op);
        match &a.locations[op] {
            Location::Reg { reg, .. } if reg.class() == RegClass::X87 => {}
            Location::Reg { reg, .. } if reg.class() == RegClass::Gpr => {
                insn(&mut out, &mut glue, format!("movq {loc}, %{scratch}"));
                let size = if f.kind == ValueKind::Bool { 1 } else { f.size.min(8) };
                insn(&mut out, &mut glue, format!("mov{} %{}, (%{scratch})", suffix(size), reg.name(size)));
            }
            Location::Reg { reg, .. } if is_gpr_carried(*reg) || f.size < 4 => {
                // Through a GPR, stored at the operand's size.
                let via = via.ok_or("no register to store an output through")?;
                let size = value_size(f);
                insn(&mut out, &mut glue, gpr_carried_out(*reg, size, via));
                insn(&mut out, &mut glue, format!("movq {loc}, %{scratch}"));
                insn(&mut out, &mut glue, format!("mov{} %{}, (%{scratch})", suffix(size), via.name(size)));
            }
            Location::Reg { reg, .. } => {
                insn(&mut out, &mut glue, format!("movq {loc}, %{scratch}"));
                insn(&mut out, &mut glue, vec_move(f.size, &format!("(%{scratch})"), *reg, false));
            }
            Location::RegPair { lo, hi } => {
                insn(&mut out, &mut glue, format!("movq {loc}, %{scratch}"));
                insn(&mut out, &mut glue, format!("movq %{lo}, (%{scratch})"));
                insn(&mut out, &mut glue, format!("movq %{hi}, 8(%{scratch})"));
            }
            _ => {}
        }
    }
    // Register outputs into the return registers.
    let moves = post_moves;
    let mut tmp = String::new();
    emit_parallel(&moves, frame.scratch, &mut tmp);
    glue += tmp.lines().count();
    out.push_str(&tmp);
    // Mask and MMX outputs, once the parallel move has read every register it needed.
    for s in slots {
        if let SlotRole::Value { op, .. } = s.role {
            if let Location::Reg { reg, .. } = &a.locations[op] {
                if is_gpr_carried(*reg) {
                    insn(&mut out, &mut glue, gpr_carried_out(*reg, value_size(facts(op)), s.reg));
                }
            }
        }
    }
    for s in slots {
        match s.role {
            SlotRole::Flag { op } if flag_regs.iter().any(|(f, _)| *f == op) => {
                insn(&mut out, &mut glue, format!("movzbl %{}, %{}", s.reg.name(1), s.reg.name(4)));
            }
            SlotRole::Flag { op } => {
                let slot = frame.flag_slot.iter().find(|(o, _)| *o == op).map(|x| x.1).unwrap_or_default();
                insn(&mut out, &mut glue, format!("movzbl {slot}(%rsp), %{}", s.reg.name(4)));
            }
            SlotRole::GotoIndex if index_reg.is_none() => insn(&mut out, &mut glue, format!("movq {}(%rsp), %{}", frame.index_slot, s.reg)),
            SlotRole::GotoIndex => {}
            SlotRole::Value { .. } => {}
        }
    }
    // Win64: two results through the hidden pointer, which goes back in rax.
    if let Some(at) = frame.ret_ptr_slot {
        insn(&mut out, &mut glue, format!("movq {at}(%rsp), %r11"));
        for (k, s) in slots.iter().enumerate() {
            let to = format!("{}(%r11)", 8 * k);
            insn(&mut out, &mut glue, if s.class == Class::Sse { format!("movsd %{}, {to}", s.reg) } else { format!("movq %{}, {to}", s.reg) });
        }
        insn(&mut out, &mut glue, "movq %r11, %rax".into());
    }
    // The epilogue: Win64's unwinder recognizes only `add rsp`, pops and `ret` there.
    for (r, at) in &frame.xmm_saves {
        insn(&mut out, &mut glue, format!("movaps {at}(%rsp), %{r}"));
    }
    if frame.size > 0 {
        insn(&mut out, &mut glue, format!("addq ${}, %rsp", frame.size));
        if !conv.win64 {
            let _ = writeln!(out, "\t.cfi_adjust_cfa_offset -{}", frame.size);
        }
    }
    for r in frame.pushes.iter().rev() {
        insn(&mut out, &mut glue, format!("popq %{r}"));
        if !conv.win64 {
            let _ = writeln!(out, "\t.cfi_adjust_cfa_offset -8\n\t.cfi_restore %{r}");
        }
    }
    out.push_str("\tret\n");
    out.push_str(&function_end(req.target, sym));

    let (c_decls, c_call) = crate::cside::c_text(req, a, params_view(params), slots_view(slots))?;
    Ok(Thunk { asm: out, c_decls, c_call, allocation: a.clone(), glue_instructions: glue })
}

/// The directives that open a thunk (or any function exasm defines) named `sym`: global and,
/// on ELF, hidden (it never leaves the executable or shared object); its unwind information
/// starts (DWARF CFI on ELF, SEH on PE/COFF, which has no visibility).
///
/// ```
/// use exasm_core::target::{Platform, Target};
/// let w = exasm_lower::thunk::function_start(&Target::for_platform(Platform::MinGW), "f");
/// assert!(w.contains(".seh_proc f") && !w.contains(".hidden"));
/// assert!(exasm_lower::thunk::function_start(&Target::default(), "f").contains(".hidden f"));
/// ```
pub fn function_start(target: &Target, sym: &str) -> String {
    if target.platform.is_windows() {
        format!("\t.text\n\t.p2align 4\n\t.globl {sym}\n\t.def {sym}; .scl 2; .type 32; .endef\n\t.seh_proc {sym}\n{sym}:\n")
    } else {
        format!("\t.text\n\t.p2align 4\n\t.globl {sym}\n\t.hidden {sym}\n\t.type {sym}, @function\n{sym}:\n\t.cfi_startproc\n")
    }
}

/// `.hidden NAME` on ELF; nothing on PE/COFF, which has no symbol visibility (a global symbol
/// stays in its image unless exported).
pub fn hidden(target: &Target, name: &str) -> String {
    if target.platform.is_windows() {
        String::new()
    } else {
        format!("\t.hidden {name}\n")
    }
}

/// The directives that close what [`function_start`] opened.
pub fn function_end(target: &Target, sym: &str) -> String {
    if target.platform.is_windows() {
        "\t.seh_endproc\n".to_string()
    } else {
        format!("\t.cfi_endproc\n\t.size {sym}, .-{sym}\n")
    }
}

/// A frame object the thunk copies into its own frame.
struct Copy {
    /// The operand whose parameter carries the object's address.
    op: usize,
    arrival: Arrival,
    size: u64,
    /// The statement may write it: copied back after the template.
    write_back: bool,
    /// Frame offsets of the saved pointer and of the copy.
    saved: i64,
    slot: i64,
}

/// The frame copies of a statement, one per [`ParamRole::FrameCopy`] parameter.
fn frame_copies(req: &Request, a: &Allocation, params: &[Param]) -> Result<Vec<Copy>, String> {
    let v = req.validated;
    let memory = v.clobbers.memory;
    params
        .iter()
        .filter_map(|p| match p.role {
            ParamRole::FrameCopy { op } => Some((op, p.arrival)),
            _ => None,
        })
        .map(|(op, arrival)| {
            let w = written_index(v, op).ok_or("a frame operand without an expression")?;
            let size = match req.operands.get(w).and_then(|o| o.frame_object.as_ref()) {
                Some(object) => object.size,
                None => u64::from(req.facts.get(w).map_or(8, |f| f.size)),
            };
            if size == 0 {
                return Err("a frame operand of unknown size".to_string());
            }
            let parts: Vec<usize> = (0..v.operands.len()).filter(|&j| memory_leader(v, a, req.facts, j) == op).collect();
            let written = parts.iter().any(|&j| v.operands[j].is_output());
            // Always read in, `=m` too: a template that writes only part of an `=m` object (`%H0`)
            // leaves the rest as it was under gcc, and so must the copy written back.
            Ok(Copy { op, arrival, size, write_back: written || memory, saved: 0, slot: 0 })
        })
        .collect()
}

/// Copies `size` bytes from `from` to `to` (base register text and displacement each) through
/// register `via`, widest moves first.
fn copy_bytes(out: &mut String, glue: &mut usize, from: (&str, i64), to: (&str, i64), size: u64, via: PhysReg) {
    let mut done = 0i64;
    for chunk in [8u32, 4, 2, 1] {
        while size as i64 - done >= i64::from(chunk) {
            let s = suffix(chunk);
            let r = via.name(chunk);
            insn(out, glue, format!("mov{s} {}({}), %{r}", from.1 + done, from.0));
            insn(out, glue, format!("mov{s} %{r}, {}({})", to.1 + done, to.0));
            done += i64::from(chunk);
        }
    }
}

/// `mov` of the goto index `k` to `to` (`"l %eax"` or `"q 8(%rsp)"`: suffix, then operand).
fn index_move(to: &str, k: usize) -> String {
    let (suffix, dst) = to.split_at(1);
    format!("mov{suffix} ${k},{dst}")
}

/// Appends one glue instruction.
fn insn(out: &mut String, glue: &mut usize, s: String) {
    *glue += 1;
    let _ = writeln!(out, "\t{s}");
}

pub(crate) fn vec_width(size: u32) -> u32 {
    match size {
        33..=64 => 64,
        17..=32 => 32,
        _ => 16,
    }
}

/// A load (`to_reg`) or store of a vector value of `size` bytes (4, 8, 16, 32 or 64) in `reg`.
/// xmm16..xmm31 take EVEX forms: the scalar ones need AVX512F only; a 16- or 32-byte value is
/// there only under AVX512VL, which gcc requires to put it there.
///
/// ```text
/// vec_move(8, "(%rax)", xmm18, false)  =>  vmovsd %xmm18, (%rax)
/// vec_move(32, "(%rax)", xmm3, true)   =>  vmovdqu (%rax), %ymm3
/// ```
pub(crate) fn vec_move(size: u32, mem: &str, reg: PhysReg, to_reg: bool) -> String {
    let evex = crate::moves::is_evex_only(reg);
    let insn = match size {
        4 if evex => "vmovss",
        4 => "movss",
        8 if evex => "vmovsd",
        8 => "movsd",
        0..=16 if evex => "vmovdqu64",
        0..=16 => "movdqu",
        17..=32 if evex => "vmovdqu64",
        17..=32 => "vmovdqu",
        _ => "vmovdqu64",
    };
    let reg = reg.name(vec_width(size));
    if to_reg {
        format!("{insn} {mem}, %{reg}")
    } else {
        format!("{insn} %{reg}, {mem}")
    }
}

/// Registers whose values the thunk ABI carries in GPRs: mask (`k`) and MMX (`y`) registers.
pub(crate) fn is_gpr_carried(r: PhysReg) -> bool {
    matches!(r.class(), RegClass::Mask | RegClass::Mmx)
}

/// The size a value occupies in a register (a `_Bool` is one byte).
fn value_size(f: &OperandFacts) -> u32 {
    if f.kind == ValueKind::Bool {
        1
    } else {
        f.size.clamp(1, 8)
    }
}

/// The `kmov` of a mask value of `size` bytes and the GPR width it moves: `kmovw` up to two
/// bytes (AVX512F; gcc puts a byte there under AVX512F alone, with `kmovw`), `kmovd`/`kmovq`
/// for four and eight (AVX512BW, which gcc requires for them).
fn kmov(size: u32) -> (&'static str, u32) {
    match size {
        0..=2 => ("kmovw", 4),
        3..=4 => ("kmovd", 4),
        _ => ("kmovq", 8),
    }
}

/// Instructions loading mask or MMX register `reg` with a value of `size` bytes from a GPR (as
/// the thunk ABI passes it: converted to `unsigned long long`) or a stack slot. The bits above
/// the value are zero, as gcc leaves them (`movzbl` + `kmovw`, `movd`).
fn gpr_carried_in(reg: PhysReg, size: u32, from: Src) -> Vec<String> {
    let r = reg.name(8);
    if reg.class() == RegClass::Mask {
        let (k, width) = kmov(size);
        match from {
            Src::Reg(g) if size == 1 => vec![format!("movzbl %{}, %{}", g.name(1), g.name(4)), format!("{k} %{}, %{r}", g.name(width))],
            Src::Reg(g) => vec![format!("{k} %{}, %{r}", g.name(width))],
            Src::Stack(off) if size == 1 => vec![format!("{k} {off}(%rsp), %{r}"), format!("kshiftlw $8, %{r}, %{r}"), format!("kshiftrw $8, %{r}, %{r}")],
            Src::Stack(off) => vec![format!("{k} {off}(%rsp), %{r}")],
        }
    } else {
        let (m, width) = if size <= 4 { ("movd", 4) } else { ("movq", 8) };
        match from {
            Src::Reg(g) => vec![format!("{m} %{}, %{r}", g.name(width))],
            Src::Stack(off) => vec![format!("{m} {off}(%rsp), %{r}")],
        }
    }
}

/// The instruction copying the value of mask, MMX or xmm register `reg` (`size` bytes) into
/// GPR `to`, zero-extended.
fn gpr_carried_out(reg: PhysReg, size: u32, to: PhysReg) -> String {
    let r = reg.name(16);
    let v = if crate::moves::is_evex_only(reg) { "v" } else { "" };
    if reg.class() == RegClass::Mask {
        let (k, width) = kmov(size);
        format!("{k} %{r}, %{}", to.name(width))
    } else if size <= 4 {
        format!("{v}movd %{r}, %{}", to.name(4))
    } else {
        format!("{v}movq %{r}, %{}", to.name(8))
    }
}

/// What the C side needs to know about one parameter.
#[derive(Clone, Debug)]
pub(crate) enum CParam {
    /// Operand `op`'s value (half `part`), as `unsigned long long` (int class) or `double`.
    Value { op: usize, part: u8, sse: bool },
    /// `&object` of memory operand `op`.
    MemPtr { op: usize },
    /// `&variable` of frame operand `op` (its [`COperand::frame_object`]), or `&object`.
    FrameCopy { op: usize },
    /// `&temporary` receiving output `op`.
    OutPtr { op: usize },
    /// `&temporary` holding input `op`.
    InPtr { op: usize },
}

/// What the C side needs to know about one return slot.
#[derive(Clone, Debug)]
pub(crate) enum CSlot {
    /// Output `op` (half `part`), `double` when `sse`.
    Value { op: usize, part: u8, sse: bool },
    /// Flag output `op` (0 or 1).
    Flag { op: usize },
    /// asm goto: 0 falls through, k + 1 jumps to label k.
    GotoIndex,
}

pub(crate) fn params_view(params: &[Param]) -> Vec<CParam> {
    params
        .iter()
        .map(|p| match p.role {
            ParamRole::Value { op, part } => CParam::Value { op, part, sse: p.class == Class::Sse },
            ParamRole::MemPtr { op } => CParam::MemPtr { op },
            ParamRole::FrameCopy { op } => CParam::FrameCopy { op },
            ParamRole::OutPtr { op } => CParam::OutPtr { op },
            ParamRole::InPtr { op } => CParam::InPtr { op },
        })
        .collect()
}

pub(crate) fn slots_view(slots: &[Slot]) -> Vec<CSlot> {
    slots
        .iter()
        .map(|s| match s.role {
            SlotRole::Value { op, part } => CSlot::Value { op, part, sse: s.class == Class::Sse },
            SlotRole::Flag { op } => CSlot::Flag { op },
            SlotRole::GotoIndex => CSlot::GotoIndex,
        })
        .collect()
}

