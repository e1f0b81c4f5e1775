//! Following every path through the decoded template and comparing what happens with the
//! declared interface.
//!
//! The analysis is path-sensitive: each path carries its own [`State`], and a path stops when it
//! reaches a join point (a branch target) in a state already seen there, so loops end once their
//! effect stops changing. For every register family the state knows which bytes still hold which
//! register's incoming value (`mov %rbx, %r10` … `mov %r10, %rbx` restores `rbx`), which bytes the
//! asm has written on this path, whether it holds an address on the stack, and which incoming
//! pointer it was derived from. The stack holds what was pushed or stored, so `push`/`pop` pairs
//! restore registers and flags, and local `call`/`ret` pairs return.

use crate::assemble::Snippet;
use crate::decode::{family, Insn, MemUse, RegUse, Use};
use crate::interface::{low_bytes, Interface};
use crate::{kinds, CheckError, Finding};
use exasm_core::diag::Severity;
use exasm_core::regs::{classes, PhysReg, RegClass};
use iced_x86::{FlowControl, Mnemonic, OpKind, Register, RflagsBits};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Instruction steps over all paths before the analysis gives up on the rest.
const STEP_BUDGET: usize = 200_000;
/// Distinct states one join point may see before its paths are dropped.
const STATES_PER_JOIN: usize = 64;

/// The status flags `"cc"` is about.
const STATUS_FLAGS: u32 = RflagsBits::OF | RflagsBits::SF | RflagsBits::ZF | RflagsBits::AF | RflagsBits::CF | RflagsBits::PF;

/// What one register family holds on a path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct RegState {
    /// Bytes known to hold a family's incoming value (at the same byte positions).
    parts: Vec<(PhysReg, u64)>,
    /// Bytes the asm has written on this path.
    written: u64,
    /// The whole register is the incoming stack pointer plus this.
    stack: Option<i64>,
    /// The incoming register this value was computed from, when it is an address derived from
    /// one (`lea 8(%rdi), %rax`, `add $4, %rax`).
    ptr: Option<PhysReg>,
    /// The last instruction that changed the register.
    changed_by: Option<usize>,
    /// The first instruction that wrote it.
    first_write: Option<usize>,
    /// The bits `parts` describe are rotated left by this much (`rol $3, %rdi`): the value is a
    /// permutation of the incoming one, back to it when the rotations add up to 64.
    rot: u8,
    /// The constant the whole register holds, when an instruction of the template put one there
    /// (`movl $60, %eax`): a leaf or a system call number.
    konst: Option<u64>,
}

impl RegState {
    fn incoming(r: PhysReg) -> RegState {
        RegState { parts: vec![(r, full(r))], written: 0, stack: None, ptr: None, changed_by: None, first_write: None, rot: 0, konst: None }
    }

    /// Does it hold `r`'s incoming value in the bytes `need`?
    fn holds(&self, r: PhysReg, need: u64) -> bool {
        self.rot == 0 && self.parts.iter().any(|&(x, m)| x == r && m & need == need)
    }

    /// The incoming register whose value (or an address derived from it) this is.
    fn origin(&self) -> Option<PhysReg> {
        if self.rot != 0 {
            return None;
        }
        self.parts.iter().find(|&&(_, m)| m & 0xff == 0xff).map(|&(x, _)| x).or(self.ptr)
    }

    /// Holds the same value as `other` in the bytes `mask` (both copies of the same incoming
    /// bytes, unrotated).
    fn same_value(&self, other: &RegState, mask: u64) -> bool {
        let within = |s: &RegState| -> Option<Vec<(PhysReg, u64)>> {
            let mut v: Vec<(PhysReg, u64)> = s.parts.iter().map(|&(x, m)| (x, m & mask)).filter(|p| p.1 != 0).collect();
            v.sort();
            (s.rot == 0 && v.iter().fold(0, |acc, p| acc | p.1) == mask).then_some(v)
        };
        within(self).is_some_and(|a| Some(a) == within(other))
    }

    /// Forgets the incoming bytes `mask` and records the write.
    fn overwrite(&mut self, mask: u64, certain: bool, at: usize) {
        for p in &mut self.parts {
            p.1 &= !mask;
        }
        self.parts.retain(|p| p.1 != 0);
        if self.rot != 0 {
            // Rotated bytes are no longer where `parts` says: none of them is known any more.
            self.parts.clear();
            self.rot = 0;
        }
        if certain {
            self.written |= mask;
        }
        self.stack = None;
        self.ptr = None;
        self.konst = None;
        self.changed_by = Some(at);
        self.first_write.get_or_insert(at);
    }

    /// Takes `src`'s value in the bytes `mask`, keeping the rest (a register-to-register move).
    fn copy_from(&mut self, src: &RegState, mask: u64, at: usize) {
        self.overwrite(mask, true, at);
        if src.rot != 0 {
            if mask & 0xff == 0xff {
                self.parts = src.parts.clone();
                self.rot = src.rot;
            }
            return;
        }
        for &(x, m) in &src.parts {
            if m & mask == 0 {
                continue;
            }
            match self.parts.iter_mut().find(|p| p.0 == x) {
                Some(p) => p.1 |= m & mask,
                None => self.parts.push((x, m & mask)),
            }
        }
        if mask & 0xff == 0xff {
            self.stack = src.stack;
            self.ptr = src.ptr;
            self.konst = src.konst;
        }
    }
}

/// Every byte of a family.
fn full(r: PhysReg) -> u64 {
    match r.class() {
        RegClass::Xmm => u64::MAX,
        _ => 0xff,
    }
}

/// What a stack slot holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Slot {
    /// A register's value (`push %rbx`, `movq %rbx, 8(%rsp)`).
    Reg(RegState),
    /// The flags (`pushf`), with the direction flag as it was.
    Flags(Df),
    /// A return address into the template (a local `call`).
    Ret(u64),
}

/// The direction flag.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
enum Df {
    /// Clear, as on entry.
    Clear,
    /// Set by an instruction.
    Set(usize),
    /// Unknown after an instruction (`popf` of unknown flags).
    Unknown(usize),
}

/// The state of one path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct State {
    regs: Vec<RegState>,
    /// Stack slots by offset from the incoming stack pointer.
    slots: BTreeMap<i64, Slot>,
    /// Registers saved in memory the statement reaches through an incoming pointer (`movq %rbx,
    /// 8(%0)`), by that pointer's register and the offset.
    owned: BTreeMap<(PhysReg, i64), RegState>,
    /// Stores of a register's incoming value (no input) into such memory, not yet loaded back
    /// into it: the instruction, the register and the place.
    saves: Vec<(usize, PhysReg, (PhysReg, i64))>,
    /// Status flags the asm has set on this path.
    flags_set: u32,
    /// Flags whose last write left them undefined.
    flags_undefined: u32,
    /// The last instruction that changed the flags.
    flags_by: Option<usize>,
    df: Df,
    /// Memory operands written through their address (bit = operand number).
    mem_written: u64,
    /// A write through an address the checker cannot attribute to one operand.
    aliased_write: bool,
}

impl State {
    fn incoming() -> State {
        let mut regs: Vec<RegState> = PhysReg::all().map(RegState::incoming).collect();
        regs[PhysReg::RSP.index()].stack = Some(0);
        State { regs, slots: BTreeMap::new(), owned: BTreeMap::new(), saves: Vec::new(), flags_set: 0, flags_undefined: 0, flags_by: None, df: Df::Clear, mem_written: 0, aliased_write: false }
    }

    fn reg(&self, r: PhysReg) -> &RegState {
        &self.regs[r.index()]
    }

    fn reg_mut(&mut self, r: PhysReg) -> &mut RegState {
        &mut self.regs[r.index()]
    }

    /// The stack pointer's offset from its incoming value, when known.
    fn sp(&self) -> Option<i64> {
        self.reg(PhysReg::RSP).stack
    }

    fn set_sp(&mut self, sp: Option<i64>, at: usize) {
        let r = self.reg_mut(PhysReg::RSP);
        r.stack = sp;
        r.changed_by = Some(at);
    }
}

/// Where a path leaves the template.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Exit {
    /// Off the end: the fall-through edge.
    End,
    /// A jump to goto label `k`.
    Label(usize),
}

/// What happens after an instruction.
enum Flow {
    /// On to the next instruction.
    Next,
    /// To this address only.
    Goto(u64),
    /// To this address and to the next instruction.
    Branch(u64),
    /// Nowhere (`ud2`): the path ends without reaching an exit.
    Stop,
}

/// Where an address leads.
enum Dest {
    /// An instruction of the template, by index.
    Insn(usize),
    /// Out of the template.
    Exit(Exit),
}

/// The analysis of one template: the code, the interface, and what has been found so far.
struct Analysis<'a> {
    insns: &'a [Insn],
    by_ip: HashMap<u64, usize>,
    snippet: &'a Snippet,
    it: &'a Interface,
    labels: &'a [String],
    findings: Vec<Finding>,
    reported: HashSet<(&'static str, String)>,
    /// What this run saw, for allocation variants to be compared with.
    record: Record,
    /// The run under the probe allocation, when this one is a variant of it.
    reference: Option<&'a Record>,
    /// Operands whose incoming value (or address) the current instruction reads.
    reading: BTreeSet<usize>,
}

/// What a run under one allocation saw, to compare a run under another allocation with: the
/// same template under another allocation runs the same instructions in the same order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    /// The number of instructions.
    pub len: usize,
    /// Per instruction, the operands whose incoming value (or, for a memory operand, address)
    /// it reads on every visit.
    pub reads: HashMap<usize, BTreeSet<usize>>,
    /// Outputs that hold their own incoming value at some exit.
    pub keeps: BTreeSet<usize>,
}

/// Runs the analysis; with `reference` (the run under the probe allocation) it also reports an
/// operand that instruction reads there and no longer holds here. Returns what it saw, too.
pub(crate) fn analyse_against(insns: &[Insn], snippet: &Snippet, it: &Interface, labels: &[String], reference: Option<&Record>) -> Result<(Vec<Finding>, Record), CheckError> {
    if let Some(i) = insns.iter().find(|i| i.x87) {
        return Err(CheckError::Unsupported {
            instruction: Some(i.text.clone()),
            reason: "x87 instructions are not modelled (iced reports no register-stack effects)".into(),
        });
    }
    let mut a = Analysis {
        insns,
        by_ip: insns.iter().enumerate().map(|(k, i)| (i.ip, k)).collect(),
        snippet,
        it,
        labels,
        findings: Vec::new(),
        reported: HashSet::new(),
        record: Record { len: insns.len(), ..Record::default() },
        reference: reference.filter(|r| r.len == insns.len()),
        reading: BTreeSet::new(),
    };
    let joins = a.join_points()?;
    let mut seen: HashSet<(usize, State)> = HashSet::new();
    let mut per_join: HashMap<usize, usize> = HashMap::new();
    let mut start = State::incoming();
    for &(r, value) in &it.constants {
        start.reg_mut(r).konst = Some(value);
    }
    let mut work = vec![(0usize, start)];
    let mut steps = 0usize;
    let mut incomplete = false;
    'paths: while let Some((mut k, mut st)) = work.pop() {
        loop {
            if k == insns.len() {
                a.exit(&st, Exit::End);
                continue 'paths;
            }
            if joins.contains(&k) {
                if !seen.insert((k, st.clone())) {
                    continue 'paths;
                }
                let n = per_join.entry(k).or_default();
                *n += 1;
                if *n > STATES_PER_JOIN {
                    incomplete = true;
                    continue 'paths;
                }
            }
            steps += 1;
            if steps > STEP_BUDGET {
                incomplete = true;
                break 'paths;
            }
            let before = a.reference.is_some_and(|r| r.reads.get(&k).is_some_and(|e| !e.is_empty())).then(|| st.clone());
            let flow = a.step(k, &mut st)?;
            a.visited(k, before.as_ref());
            let next = match flow {
                Flow::Next => a.insns[k].next,
                Flow::Goto(t) => t,
                Flow::Branch(t) => {
                    match a.target(t, k)? {
                        Dest::Insn(j) => work.push((j, st.clone())),
                        Dest::Exit(e) => a.exit(&st, e),
                    }
                    a.insns[k].next
                }
                Flow::Stop => continue 'paths,
            };
            match a.target(next, k)? {
                Dest::Insn(j) => k = j,
                Dest::Exit(e) => {
                    a.exit(&st, e);
                    continue 'paths;
                }
            }
        }
    }
    if incomplete {
        a.emit(
            kinds::ANALYSIS_INCOMPLETE,
            Severity::Note,
            "some paths loop too long or branch too much to follow; their exits were not checked".into(),
            None,
            None,
            None,
        );
    }
    let order = |f: &Finding| crate::KINDS.iter().position(|k| k.name == f.kind);
    a.findings.sort_by_key(order);
    Ok((a.findings, a.record))
}

impl<'a> Analysis<'a> {
    fn text(&self, k: usize) -> String {
        self.insns[k].text.clone()
    }

    fn emit(&mut self, kind: &'static str, severity: Severity, message: String, at: Option<usize>, operand: Option<usize>, register: Option<String>) {
        if self.reported.insert((kind, message.clone())) {
            let instruction = at.map(|k| self.text(k));
            self.findings.push(Finding { kind, severity, message, instruction, operand, register });
        }
    }

    /// Notes the operands instruction `k` read on this visit; in a variant, reports those the
    /// reference run read there and this run does not find (`before` is the state before `k`).
    fn visited(&mut self, k: usize, before: Option<&State>) {
        let read = std::mem::take(&mut self.reading);
        if let (Some(reference), Some(st)) = (self.reference, before) {
            let missing: Vec<usize> = reference.reads.get(&k).map(|e| e.difference(&read).copied().collect()).unwrap_or_default();
            for op in missing {
                let Some((reg, label, address)) = self.it.family_of(op) else { continue };
                let s = st.reg(reg);
                let what = if address { format!("the address of {label}") } else { label.clone() };
                let msg = match s.changed_by.filter(|_| !s.holds(reg, full(reg))) {
                    Some(w) => format!("`{}` overwrites {reg}, which holds {what}, before `{}` reads it", self.text(w), self.text(k)),
                    None => format!("{what} is not where `{}` reads it", self.text(k)),
                };
                self.emit(kinds::OPERAND_OVERWRITTEN, Severity::Error, msg, Some(k), Some(op), Some(reg.to_string()));
            }
        }
        match self.record.reads.entry(k) {
            std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().retain(|o| read.contains(o)),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(read);
            }
        }
    }

    /// Notes that instruction reads register bytes holding operands' incoming values.
    fn note_operand_read(&mut self, st: &State, r: PhysReg, mask: u64) {
        let s = st.reg(r);
        if s.rot != 0 {
            return;
        }
        for &(x, m) in &s.parts {
            if m & mask != 0 {
                self.reading.extend(self.it.operands_of(x));
            }
        }
    }

    /// Where an address leads, from instruction `k`.
    fn target(&self, addr: u64, k: usize) -> Result<Dest, CheckError> {
        if let Some(&j) = self.by_ip.get(&addr) {
            return Ok(Dest::Insn(j));
        }
        if addr == self.snippet.end() {
            return Ok(Dest::Exit(Exit::End));
        }
        if let Some(l) = self.snippet.exits.iter().position(|&e| e == addr) {
            return Ok(Dest::Exit(Exit::Label(l)));
        }
        Err(CheckError::Unsupported {
            instruction: Some(self.text(k)),
            reason: format!("jumps to {addr:#x}, which is no instruction of the template and no exit"),
        })
    }

    /// Instructions reached from more than one place: branch targets and what follows a branch.
    fn join_points(&self) -> Result<HashSet<usize>, CheckError> {
        let mut joins = HashSet::new();
        for (k, i) in self.insns.iter().enumerate() {
            let fc = i.instr.flow_control();
            if matches!(fc, FlowControl::UnconditionalBranch | FlowControl::ConditionalBranch) || self.local_call(k) {
                if i.reloc.is_some() {
                    return Err(CheckError::Unsupported { instruction: Some(i.text.clone()), reason: "jumps to a symbol outside the template".into() });
                }
                if let Dest::Insn(j) = self.target(i.instr.near_branch_target(), k)? {
                    joins.insert(j);
                }
                if self.local_call(k) {
                    joins.insert(k + 1);
                }
            }
            if fc == FlowControl::IndirectBranch {
                return Err(CheckError::Unsupported { instruction: Some(i.text.clone()), reason: "indirect jumps are not followed".into() });
            }
            if fc == FlowControl::XbeginXabortXend && i.instr.mnemonic() == Mnemonic::Xbegin {
                return Err(CheckError::Unsupported { instruction: Some(i.text.clone()), reason: "transactional memory is not modelled".into() });
            }
        }
        Ok(joins)
    }

    /// A `call` to a label inside the template.
    fn local_call(&self, k: usize) -> bool {
        let i = &self.insns[k];
        i.instr.mnemonic() == Mnemonic::Call && i.instr.op0_kind() == OpKind::NearBranch64 && i.reloc.is_none()
    }

    /// The register whose incoming value a family's current bytes `mask` hold, if it is one that
    /// means nothing to the asm (not an input, not an address, not the stack pointer).
    fn garbage(&self, st: &State, r: PhysReg, mask: u64) -> Option<PhysReg> {
        st.reg(r).parts.iter().find(|&&(x, m)| m & mask != 0 && !self.it.meaningful.contains(x) && !(x == PhysReg::RBP && self.it.frame_pointer)).map(|&(x, _)| x)
    }

    fn check_read(&mut self, st: &State, k: usize, u: &RegUse, pure_move: bool) {
        if u.reg == PhysReg::RSP {
            return;
        }
        // A move (a save, a copy) is no use: the copy is followed to where it is used.
        if u.how == Use::Read && !pure_move {
            self.note_operand_read(st, u.reg, u.mask);
        }
        let name = reg_name(u.reg, u.mask);
        // An output written earlier may have been given this input's register.
        let hazards: Vec<_> = self.it.hazards.iter().filter(|h| h.input_reg == u.reg).cloned().collect();
        for h in hazards {
            let still_input = st.reg(u.reg).parts.iter().any(|&(x, m)| x == u.reg && m & u.mask != 0);
            if let (true, Some(w)) = (still_input, st.reg(h.output_reg).first_write) {
                let msg = format!(
                    "output {} ({}) is written by `{}` before {} ({}) is read here; without '&' gcc may give both the same register: add '&' to {}'s constraint",
                    h.output,
                    h.output_name,
                    self.text(w),
                    h.input,
                    name,
                    h.output
                );
                let severity = if h.through_address { Severity::Warning } else { Severity::Error };
                self.emit(kinds::MISSING_EARLY_CLOBBER, severity, msg, Some(k), Some(h.output_operand), Some(name.clone()));
            }
        }
        if pure_move || u.how != Use::Read {
            return;
        }
        if let Some(x) = self.garbage(st, u.reg, u.mask) {
            let mut msg = if x == u.reg {
                format!("reads {name} before writing it, and {x} is not an input: its value is whatever gcc left there; make it an input or write it first")
            } else {
                format!("reads {name}, which holds the incoming value of {x}, and {x} is not an input")
            };
            let severity = frame_pointer_read(x, &mut msg);
            self.emit(kinds::UNDECLARED_REGISTER_READ, severity, msg, Some(k), None, Some(name));
        }
    }

    fn check_flags_read(&mut self, st: &State, k: usize) {
        let i = &self.insns[k];
        if matches!(i.instr.mnemonic(), Mnemonic::Pushf | Mnemonic::Pushfq | Mnemonic::Syscall) {
            return;
        }
        let missing = i.flags_read() & STATUS_FLAGS & !st.flags_set;
        if missing != 0 {
            let msg = format!("reads {} before the asm sets it: gcc passes no flags into an asm", flag_names(missing));
            self.emit(kinds::UNDECLARED_FLAGS_READ, Severity::Error, msg, Some(k), None, None);
        }
    }

    fn write_flags(&mut self, st: &mut State, k: usize) {
        let i = &self.insns[k];
        let modified = i.flags_modified();
        if modified & STATUS_FLAGS != 0 {
            if !self.it.cc {
                let msg =
                    "the asm changes the flags and the clobber list has no \"cc\" (harmless: gcc assumes the flags clobbered by every x86 asm)".to_string();
                self.emit(kinds::FLAGS_WITHOUT_CC, Severity::Note, msg, Some(k), None, None);
            }
            st.flags_set |= modified & STATUS_FLAGS;
            st.flags_undefined = (st.flags_undefined & !modified) | i.instr.rflags_undefined();
            st.flags_by = Some(k);
        }
        if modified & RflagsBits::DF != 0 {
            st.df = if i.instr.rflags_cleared() & RflagsBits::DF != 0 {
                Df::Clear
            } else if i.instr.rflags_set() & RflagsBits::DF != 0 {
                Df::Set(k)
            } else {
                Df::Unknown(k)
            };
        }
    }

    fn apply_write(&mut self, st: &mut State, k: usize, u: &RegUse) {
        let certain = u.how == Use::Write;
        if u.reg == PhysReg::RSP {
            st.set_sp(None, k);
            return;
        }
        st.reg_mut(u.reg).overwrite(u.mask, certain, k);
    }

    /// Checks one memory access against the interface, before the instruction's writes.
    fn check_mem(&mut self, st: &mut State, k: usize, m: &MemUse) {
        let it = self.it;
        let what = |write: bool| if write { "writes" } else { "reads" };
        let kind = |write: bool| if write { kinds::UNDECLARED_MEMORY_WRITE } else { kinds::UNDECLARED_MEMORY_READ };
        // A read-modify-write is reported as the write.
        let write = m.write;
        if m.tls {
            if write && !it.memory {
                let msg = "writes thread-local memory through %fs/%gs with no \"memory\" clobber".to_string();
                self.emit(kinds::UNDECLARED_MEMORY_WRITE, Severity::Error, msg, Some(k), None, None);
            }
            return;
        }
        if m.rip {
            let sym = self.insns[k].reloc.clone();
            match sym {
                // Data the template defines itself is addressed through its section.
                Some(s) if s.starts_with('.') => {}
                Some(s) if it.symbols.iter().any(|x| x.name == s && (x.output || !write)) => {
                    if let Some(op) = it.symbols.iter().find(|x| x.name == s && x.must_write) {
                        if m.read {
                            self.check_output_read(st, k, op.operand, &op.label);
                        }
                        if write {
                            st.mem_written |= 1 << op.operand.min(63);
                        }
                    }
                }
                _ if it.memory => {}
                sym => {
                    let name = sym.unwrap_or_else(|| "a %rip-relative address".into());
                    let msg = format!(
                        "{} `{name}` directly, with no m operand for it and no \"memory\" clobber: gcc may keep it in a register across the asm",
                        what(write)
                    );
                    // A read only goes wrong when the C code writes the object nearby (data
                    // the asm defines, constants): a warning; a write always goes wrong.
                    let severity = if write { Severity::Error } else { Severity::Warning };
                    self.emit(kind(write), severity, msg, Some(k), None, None);
                }
            }
            if write {
                st.aliased_write = true;
            }
            return;
        }
        let via = m.base.or(m.index);
        if let Some(d) = m.base.and_then(|b| st.reg(b).stack).filter(|_| m.index.is_none()) {
            let addr = d + m.disp;
            if addr + m.size.max(1) as i64 > 0 && (write || !it.memory) {
                let msg = format!("{} {} bytes at offset {addr} from the incoming stack pointer: that is gcc's frame, not the asm's", what(write), m.size);
                self.emit(kind(write), Severity::Error, msg, Some(k), None, None);
            }
            if write {
                let end = addr + m.size.max(1) as i64;
                let stale: Vec<i64> = st.slots.range(addr - 15..end).map(|(&o, _)| o).collect();
                stale.into_iter().for_each(|o| {
                    st.slots.remove(&o);
                });
            }
            return;
        }
        if write {
            // What was saved in memory the write may reach is gone.
            let exact = m.base.filter(|_| m.index.is_none()).and_then(|b| st.reg(b).parts.iter().find(|&&(_, x)| x == 0xff).map(|p| p.0));
            match exact {
                Some(o) if m.size > 0 => {
                    let (lo, hi) = (m.disp, m.disp + m.size as i64);
                    st.owned.retain(|&(x, d), _| x != o || d + 16 <= lo || d >= hi);
                }
                _ => st.owned.clear(),
            }
            // A value stored and overwritten inside the asm is never seen.
            let owned = &st.owned;
            st.saves.retain(|s| owned.contains_key(&s.2));
        }
        let origin = via.and_then(|r| st.reg(r).origin());
        if let Some(o) = origin {
            self.reading.extend(it.mems.iter().filter(|mo| mo.base == o).map(|mo| mo.operand));
        }
        if let Some(op) = origin.and_then(|o| it.mems.iter().find(|mo| mo.base == o)) {
            if m.read && op.must_write {
                self.check_output_read(st, k, op.operand, &op.label);
            }
            if write {
                st.mem_written |= 1 << op.operand.min(63);
                if !op.output && !it.memory {
                    let msg = format!("writes memory input {}, which gcc assumes unchanged: make it an output (\"+m\") or add a \"memory\" clobber", op.label);
                    self.emit(kinds::INPUT_MODIFIED, Severity::Error, msg, Some(k), Some(op.operand), None);
                }
            }
            return;
        }
        if write {
            st.aliased_write = true;
        }
        let covered = it.memory || if write { it.mems.iter().any(|m| m.output) } else { !it.mems.is_empty() };
        if covered {
            return;
        }
        let through = match (via, origin) {
            (None, _) => "an absolute address".to_string(),
            (Some(r), Some(o)) if it.meaningful.contains(o) => match it.inputs.iter().chain(it.outputs.iter().map(|(r, _)| r)).find(|x| x.reg == o) {
                Some(op) if o == r => format!("{} (operand {})", r, op.label),
                Some(op) => format!("{r} (derived from operand {})", op.label),
                None => format!("{r}"),
            },
            (Some(r), _) => format!("{r}"),
        };
        let mut msg = format!("{} memory through {through} with neither an m operand covering it nor a \"memory\" clobber", what(write));
        // Reading a constant table goes wrong only if something writes it: a warning.
        let constant = !write && origin.is_some_and(|o| it.read_only.contains(o));
        if constant {
            msg.push_str(" (it points to data declared const: harmless while nothing writes it)");
        }
        let severity = if constant { Severity::Warning } else { Severity::Error };
        self.emit(kind(write), severity, msg, Some(k), None, via.map(|r| r.to_string()));
    }

    /// A read of `=m` output `operand` (`label`) that nothing wrote before on this path. gcc
    /// treats the old value of an `=` output as dead and deletes the store that made it, a
    /// `"memory"` clobber or not (gcc 12 -O2: `*p = 5; asm ("incl %0" : "=m" (*p) : : "memory")`
    /// loses the store).
    fn check_output_read(&mut self, st: &State, k: usize, operand: usize, label: &str) {
        if st.mem_written & (1 << operand.min(63)) != 0 {
            return;
        }
        let msg = format!(
            "reads memory output {label} before writing it: with '=' gcc takes its old value as dead and may delete the store that set it, even with a \"memory\" clobber; make it \"+m\""
        );
        self.emit(kinds::MEMORY_OUTPUT_READ, Severity::Error, msg, Some(k), Some(operand), None);
    }

    /// Reads, memory accesses and flag reads of instruction `k`, then its register and flag
    /// writes. `pure_move` reads only move values around: reading a meaningless register is
    /// not a use yet.
    fn generic(&mut self, st: &mut State, k: usize, regs: &[RegUse], pure_move: bool) {
        for u in regs.iter().filter(|u| matches!(u.how, Use::Read | Use::CondRead)) {
            self.check_read(st, k, u, pure_move);
        }
        let mems = self.insns[k].mems.clone();
        for m in &mems {
            self.check_mem(st, k, m);
        }
        self.check_flags_read(st, k);
        for u in regs.iter().filter(|u| matches!(u.how, Use::Write | Use::CondWrite)) {
            self.apply_write(st, k, u);
        }
        self.write_flags(st, k);
    }

    fn push_slot(&mut self, st: &mut State, k: usize, slot: Option<Slot>) {
        let inc = i64::from(self.insns[k].instr.stack_pointer_increment());
        match st.sp() {
            Some(d) => {
                let at = d + inc;
                st.slots.remove(&at);
                if let Some(s) = slot {
                    st.slots.insert(at, s);
                }
                st.set_sp(Some(at), k);
            }
            None => st.set_sp(None, k),
        }
    }

    fn pop_slot(&mut self, st: &mut State, k: usize) -> Option<Slot> {
        let inc = i64::from(self.insns[k].instr.stack_pointer_increment());
        let d = st.sp()?;
        let slot = st.slots.get(&d).cloned();
        st.set_sp(Some(d + inc), k);
        slot
    }

    /// Executes instruction `k` on a path.
    fn step(&mut self, k: usize, st: &mut State) -> Result<Flow, CheckError> {
        let insn = &self.insns[k];
        let instr = insn.instr;
        let regs: Vec<RegUse> = insn.regs.iter().filter(|u| u.reg != PhysReg::RSP || !instr.is_stack_instruction()).copied().collect();
        let op_reg = |n: u32| (instr.op_kind(n) == OpKind::Register).then(|| instr.op_register(n));
        match instr.mnemonic() {
            Mnemonic::Push => {
                self.generic(st, k, &regs, true);
                let slot = op_reg(0).filter(|r| r.size() == 8).and_then(family).map(|(r, _)| Slot::Reg(st.reg(r).clone()));
                self.push_slot(st, k, slot);
                return Ok(Flow::Next);
            }
            Mnemonic::Pushf | Mnemonic::Pushfq => {
                self.generic(st, k, &regs, true);
                let slot = Slot::Flags(st.df);
                self.push_slot(st, k, Some(slot));
                return Ok(Flow::Next);
            }
            Mnemonic::Pop => {
                let slot = self.pop_slot(st, k);
                self.generic(st, k, &regs, true);
                if let (Some(r), Some(Slot::Reg(saved))) = (op_reg(0).filter(|r| r.size() == 8).and_then(family), slot) {
                    let dst = st.reg_mut(r.0);
                    let first = dst.first_write;
                    *dst = RegState { changed_by: Some(k), first_write: first.or(Some(k)), written: 0xff, ..saved };
                }
                return Ok(Flow::Next);
            }
            Mnemonic::Popf | Mnemonic::Popfq => {
                let slot = self.pop_slot(st, k);
                st.flags_set |= STATUS_FLAGS;
                st.flags_undefined = 0;
                st.flags_by = Some(k);
                st.df = match slot {
                    Some(Slot::Flags(df)) => df,
                    _ => Df::Unknown(k),
                };
                return Ok(Flow::Next);
            }
            Mnemonic::Rol | Mnemonic::Ror if rotation(&instr).is_some() => {
                // A rotation by a constant permutes the bits: not a use of the value, and undone
                // by rotations adding up to 64 (Valgrind's client-request preamble).
                let Some((r, by)) = rotation(&instr) else { return Ok(Flow::Next) };
                let before = st.reg(r).clone();
                self.generic(st, k, &regs, true);
                *st.reg_mut(r) = RegState {
                    rot: (before.rot + by) % 64,
                    written: 0xff,
                    stack: None,
                    ptr: None,
                    changed_by: Some(k),
                    first_write: before.first_write.or(Some(k)),
                    ..before
                };
                return Ok(Flow::Next);
            }
            Mnemonic::Cmpxchg8b | Mnemonic::Cmpxchg16b if self.atomic_load_idiom(st, k) => {
                // The value stored on success is the value compared: the instruction loads the
                // memory into rdx:rax whatever they held, so reading them is no use of them.
                self.generic(st, k, &regs, true);
                return Ok(Flow::Next);
            }
            Mnemonic::Call if self.local_call(k) => {
                self.push_slot(st, k, Some(Slot::Ret(insn.next)));
                return Ok(Flow::Goto(instr.near_branch_target()));
            }
            Mnemonic::Call => {
                self.generic(st, k, &reads_of_uses(&regs), false);
                self.call_effects(st, k);
                return Ok(Flow::Next);
            }
            Mnemonic::Ret => {
                let Some(Slot::Ret(to)) = self.pop_slot(st, k) else {
                    return Err(CheckError::Unsupported { instruction: Some(insn.text.clone()), reason: "returns from the enclosing function".into() });
                };
                if instr.op_count() == 1 {
                    let sp = st.sp().map(|d| d + i64::from(instr.immediate16()));
                    st.set_sp(sp, k);
                }
                return Ok(Flow::Goto(to));
            }
            Mnemonic::Enclu | Mnemonic::Encls | Mnemonic::Enclv => {
                let leaf = st.reg(PhysReg::RAX).konst;
                let Some(effect) = sgx_leaf(instr.mnemonic(), leaf) else {
                    let why = match leaf {
                        None => "the SGX leaf in eax is not a known constant, and each leaf reads and writes other registers".to_string(),
                        Some(l) => format!("SGX leaf {l} is not modelled (it enters or leaves an enclave, or is unknown)"),
                    };
                    return Err(CheckError::Unsupported { instruction: Some(insn.text.clone()), reason: why });
                };
                let mut uses: Vec<RegUse> = effect.reads.iter().map(|&r| RegUse { reg: r, mask: 0xff, how: Use::Read }).collect();
                uses.push(RegUse { reg: PhysReg::RAX, mask: 0xff, how: Use::Read });
                uses.extend(effect.writes.iter().map(|&r| RegUse { reg: r, mask: 0xff, how: Use::Write }));
                self.generic(st, k, &uses, false);
                return Ok(if effect.returns { Flow::Next } else { Flow::Stop });
            }
            Mnemonic::Syscall | Mnemonic::Int => {
                let rax = [RegUse { reg: PhysReg::RAX, mask: 0xff, how: Use::Read }, RegUse { reg: PhysReg::RAX, mask: 0xff, how: Use::Write }];
                let all: Vec<RegUse> = rax[..1].iter().chain(&regs).chain(&rax[1..]).copied().collect();
                // The kernel restores the flags (sysret, iret): they survive the call.
                let saved = (st.flags_set, st.flags_undefined, st.flags_by, st.df);
                for u in reads_of_uses(&all) {
                    self.check_read(st, k, &u, false);
                }
                // The system call is known by its number when the template sets it.
                if never_returns(instr.mnemonic(), st.reg(PhysReg::RAX).konst) {
                    return Ok(Flow::Stop);
                }
                for u in all.iter().filter(|u| matches!(u.how, Use::Write | Use::CondWrite)) {
                    self.apply_write(st, k, u);
                }
                (st.flags_set, st.flags_undefined, st.flags_by, st.df) = saved;
                return Ok(Flow::Next);
            }
            _ => {}
        }
        if self.try_move(st, k, &regs) {
            return Ok(Flow::Next);
        }
        let immediate = instr.mnemonic() == Mnemonic::Mov
            && instr.op_count() == 2
            && instr.op0_kind() == OpKind::Register
            && matches!(instr.op1_kind(), OpKind::Immediate8 | OpKind::Immediate16 | OpKind::Immediate32 | OpKind::Immediate64 | OpKind::Immediate32to64);
        if immediate {
            self.generic(st, k, &regs, false);
            if let Some((r, _)) = family(instr.op0_register()).filter(|_| instr.op0_register().size() >= 4) {
                st.reg_mut(r).konst = Some(instr.immediate(1));
            }
            return Ok(Flow::Next);
        }
        // Addresses: a register keeps the provenance (and stack offset) it is computed from.
        let provenance = self.address_arithmetic(st, k);
        self.generic(st, k, &regs, false);
        if let Some((r, stack, ptr)) = provenance {
            let s = st.reg_mut(r);
            s.stack = stack;
            s.ptr = ptr;
        }
        Ok(match instr.flow_control() {
            FlowControl::UnconditionalBranch => Flow::Goto(instr.near_branch_target()),
            FlowControl::ConditionalBranch => Flow::Branch(instr.near_branch_target()),
            FlowControl::Exception => Flow::Stop,
            _ => Flow::Next,
        })
    }

    /// `cmpxchg8b`/`cmpxchg16b` whose replacement rcx:rbx is a copy of the expected rdx:rax
    /// (`movq %rdx, %rcx; movq %rax, %rbx; lock cmpxchg16b m`): an atomic load.
    fn atomic_load_idiom(&self, st: &State, k: usize) -> bool {
        let Some((_, width)) = crate::decode::cmpxchg_accumulators(&self.insns[k].instr) else { return false };
        let mask = low_bytes(width);
        st.reg(PhysReg::RCX).same_value(st.reg(PhysReg::RDX), mask) && st.reg(PhysReg::RBX).same_value(st.reg(PhysReg::RAX), mask)
    }

    /// A register last changed by instruction `by`: when that is a call out of the template, the
    /// change is the ABI's, assumed (the callee may be code that keeps the register), so what
    /// follows from it is a warning that says so.
    fn by_call(&self, by: Option<usize>) -> (Severity, &'static str) {
        if by.is_some_and(|k| self.insns[k].instr.mnemonic() == Mnemonic::Call && !self.local_call(k)) {
            (Severity::Warning, " (if the called code follows the System V ABI)")
        } else {
            (Severity::Error, "")
        }
    }

    /// The System V calling convention: a call may change every call-clobbered register.
    fn call_effects(&mut self, st: &mut State, k: usize) {
        let msg = format!(
            "`{}` is assumed to follow the System V ABI: it may change rax, rcx, rdx, rsi, rdi, r8-r11, xmm0-xmm15 and the flags, and keeps the other registers",
            self.text(k)
        );
        self.emit(kinds::CALL_ABI_ASSUMED, Severity::Note, msg, Some(k), None, None);
        for r in classes::call_clobbered().union(classes::sse()).iter() {
            let certain = r == PhysReg::RAX || r == PhysReg::XMM0;
            st.reg_mut(r).overwrite(full(r), certain, k);
        }
        st.flags_set |= STATUS_FLAGS;
        st.flags_undefined = STATUS_FLAGS;
        st.flags_by = Some(k);
        st.df = Df::Clear;
        st.owned.clear();
        if !self.it.memory {
            st.aliased_write = true;
        }
    }

    /// `lea`, `add`, `sub`, `inc`, `dec` into a 64-bit register: the register it writes after
    /// the instruction, its stack offset and its pointer provenance.
    fn address_arithmetic(&self, st: &State, k: usize) -> Option<(PhysReg, Option<i64>, Option<PhysReg>)> {
        let instr = self.insns[k].instr;
        let dst = (instr.op_kind(0) == OpKind::Register && instr.op_register(0).size() == 8).then(|| instr.op_register(0)).and_then(family)?.0;
        let imm = (instr.op_count() == 2 && matches!(instr.op_kind(1), OpKind::Immediate8to64 | OpKind::Immediate32to64)).then(|| instr.immediate(1) as i64);
        match instr.mnemonic() {
            Mnemonic::Lea => {
                let base = family(instr.memory_base()).map(|f| f.0);
                let index = family(instr.memory_index()).map(|f| f.0);
                let disp = instr.memory_displacement64() as i64;
                let stack = base.and_then(|b| st.reg(b).stack).filter(|_| index.is_none()).map(|d| d + disp);
                let ptr = base.or(index).and_then(|r| st.reg(r).origin());
                Some((dst, stack, ptr))
            }
            Mnemonic::Add | Mnemonic::Sub => {
                let d = st.reg(dst);
                let stack = match (d.stack, imm) {
                    (Some(s), Some(i)) => Some(if instr.mnemonic() == Mnemonic::Add { s + i } else { s - i }),
                    _ => None,
                };
                Some((dst, stack, d.origin()))
            }
            Mnemonic::Inc | Mnemonic::Dec => Some((dst, None, st.reg(dst).origin())),
            _ => None,
        }
    }

    /// Register-to-register and register-to-stack moves: values move without being used.
    fn try_move(&mut self, st: &mut State, k: usize, regs: &[RegUse]) -> bool {
        let instr = self.insns[k].instr;
        let m = instr.mnemonic();
        let vector_move = matches!(
            m,
            Mnemonic::Movaps
                | Mnemonic::Movups
                | Mnemonic::Movapd
                | Mnemonic::Movupd
                | Mnemonic::Movdqa
                | Mnemonic::Movdqu
                | Mnemonic::Vmovaps
                | Mnemonic::Vmovups
                | Mnemonic::Vmovapd
                | Mnemonic::Vmovupd
                | Mnemonic::Vmovdqa
                | Mnemonic::Vmovdqu
        );
        if !(m == Mnemonic::Mov || m == Mnemonic::Xchg || vector_move) || instr.op_count() != 2 {
            return false;
        }
        let kinds = (instr.op_kind(0), instr.op_kind(1));
        let reg = |n: u32| family(instr.op_register(n));
        match kinds {
            (OpKind::Register, OpKind::Register) => {
                let (Some((dst, dmask)), Some((src, smask))) = (reg(0), reg(1)) else { return false };
                let size = instr.op_register(0).size();
                if m == Mnemonic::Xchg {
                    if size < 4 || dst.class() != RegClass::Gpr {
                        return false;
                    }
                    self.generic_reads_only(st, k, regs);
                    let (a, b) = (st.reg(dst).clone(), st.reg(src).clone());
                    // A 32-bit exchange zero-extends both registers.
                    for (r, value) in [(dst, &b), (src, &a)] {
                        let s = st.reg_mut(r);
                        s.copy_from(value, dmask, k);
                        if dmask != 0xff {
                            s.overwrite(0xff & !dmask, true, k);
                        }
                    }
                    return true;
                }
                if m == Mnemonic::Mov && size < 4 {
                    return false;
                }
                self.generic_reads_only(st, k, regs);
                let value = st.reg(src).clone();
                // A 32-bit GPR or VEX move zero-extends: the bytes above are written too.
                let vex = instr.encoding() != iced_x86::EncodingKind::Legacy;
                let written = if size == 4 || vex { full(dst) } else { dmask };
                let d = st.reg_mut(dst);
                let moved = smask & dmask;
                d.copy_from(&value, moved, k);
                if written & !moved != 0 {
                    d.overwrite(written & !moved, true, k);
                }
                if dst == PhysReg::RSP {
                    let sp = value.stack;
                    st.set_sp(sp, k);
                }
                true
            }
            (OpKind::Memory, OpKind::Register) | (OpKind::Register, OpKind::Memory) if m != Mnemonic::Xchg => {
                let store = kinds.0 == OpKind::Memory;
                let Some((r, mask)) = reg(if store { 1 } else { 0 }) else { return false };
                let width = instr.op_register(if store { 1 } else { 0 }).size();
                let slot_of = |st: &State| -> Option<i64> {
                    let base = family(instr.memory_base())?.0;
                    (instr.memory_index() == Register::None).then_some(())?;
                    st.reg(base).stack.map(|d| d + instr.memory_displacement64() as i64).filter(|&a| a < 0)
                };
                // Memory reached through a register that still holds an incoming pointer.
                let owned_of = |st: &State| -> Option<(PhysReg, i64)> {
                    let base = family(instr.memory_base())?.0;
                    (instr.memory_index() == Register::None && instr.segment_prefix() == Register::None).then_some(())?;
                    let b = st.reg(base);
                    (b.stack.is_none() && b.rot == 0).then_some(())?;
                    let origin = b.parts.iter().find(|&&(_, m)| m == 0xff)?.0;
                    Some((origin, instr.memory_displacement64() as i64))
                };
                if width != 8 && width != 16 {
                    return false;
                }
                let Some(addr) = slot_of(st) else {
                    let Some(key) = owned_of(st) else { return false };
                    if store {
                        self.generic(st, k, &reads_of_uses(regs), true);
                        let value = st.reg(r).clone();
                        // Memory C can see: storing a value that means nothing is a use of it,
                        // unless it is a save the template restores (checked at the exits).
                        if let Some(x) = self.garbage(st, r, mask) {
                            st.saves.push((k, x, key));
                        }
                        st.owned.insert(key, value);
                    } else {
                        let saved = st.owned.get(&key).cloned();
                        self.generic(st, k, regs, true);
                        if let Some(saved) = saved {
                            let d = st.reg_mut(r);
                            let first = d.first_write;
                            d.copy_from(&saved, mask, k);
                            d.first_write = first.or(Some(k));
                            let back = st.reg(r).holds(r, full(r).min(0xff));
                            st.saves.retain(|&(_, x, at)| !(at == key && back && x == r));
                        }
                    }
                    return true;
                };
                if store {
                    self.generic(st, k, &reads_of_uses(regs), true);
                    let value = st.reg(r).clone();
                    st.slots.insert(addr, Slot::Reg(value));
                } else {
                    let saved = st.slots.get(&addr).cloned();
                    self.generic(st, k, regs, true);
                    if let Some(Slot::Reg(saved)) = saved {
                        let d = st.reg_mut(r);
                        let first = d.first_write;
                        d.copy_from(&saved, mask, k);
                        d.first_write = first.or(Some(k));
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// The reads of a move, checked as moves (no garbage use).
    fn generic_reads_only(&mut self, st: &State, k: usize, regs: &[RegUse]) {
        for u in regs.iter().filter(|u| matches!(u.how, Use::Read | Use::CondRead)) {
            self.check_read(st, k, u, true);
        }
    }

    /// Compares a path's state at an exit with the interface.
    fn exit(&mut self, st: &State, exit: Exit) {
        let it = self.it;
        let (severity, at) = match exit {
            Exit::End => (Severity::Error, "at the end of the asm".to_string()),
            Exit::Label(l) => (Severity::Warning, format!("on the jump to %l[{}]", self.labels.get(l).map_or("?", |s| s.as_str()))),
        };
        for (r, must) in &it.outputs {
            let s = st.reg(r.reg);
            if *must && s.written & r.need != r.need {
                let msg = if s.written & r.need == 0 {
                    format!("output {} ({}) is not written {at}", r.label, r.name)
                } else {
                    format!(
                        "output {} ({}) is only partly written {at}: {} of its bytes are left as they were",
                        r.label,
                        r.name,
                        (r.need & !s.written).count_ones()
                    )
                };
                let by = (s.written & r.need != 0).then_some(s.changed_by).flatten();
                self.emit(kinds::OUTPUT_NOT_WRITTEN, severity, msg, by, Some(r.operand), Some(r.name.clone()));
            }
            if s.holds(r.reg, r.need) {
                self.record.keeps.insert(r.operand);
                // The asm wrote the output and then put the register's old value back (a save
                // and restore of a register the output was given): what it wrote is lost. A
                // `+` output keeps its value legitimately, unless the reference run shows the
                // asm always changes it.
                let lost = if *must { s.first_write.is_some() } else { self.reference.is_some_and(|rf| !rf.keeps.contains(&r.operand)) };
                if lost {
                    let by = s.changed_by.map(|w| format!("`{}` ", self.text(w))).unwrap_or_default();
                    let msg = format!("output {} ({}) holds its incoming value {at}: {by}restores the register over what the asm wrote", r.label, r.name);
                    self.emit(kinds::OPERAND_OVERWRITTEN, severity, msg, s.changed_by, Some(r.operand), Some(r.name.clone()));
                }
            }
            let introspected = |x: PhysReg| x == PhysReg::RBP && it.frame_pointer;
            if let Some(x) = s.parts.iter().find(|&&(x, m)| m & r.need != 0 && x != r.reg && !it.meaningful.contains(x) && !introspected(x)).map(|p| p.0) {
                let mut msg = format!("output {} ({}) receives the incoming value of {x}, which is not an input", r.label, r.name);
                let severity = frame_pointer_read(x, &mut msg);
                self.emit(kinds::UNDECLARED_REGISTER_READ, severity, msg, s.changed_by, Some(r.operand), Some(x.to_string()));
            }
        }
        for f in &it.flags {
            if f.flags & !st.flags_set != 0 {
                let msg = format!("flag output {} (=@cc{}) reads {}, which the asm does not set {at}", f.label, f.cond, flag_names(f.flags & !st.flags_set));
                self.emit(kinds::OUTPUT_NOT_WRITTEN, severity, msg, None, None, None);
            } else if f.flags & st.flags_undefined != 0 {
                let msg = format!(
                    "flag output {} (=@cc{}) reads {}, which the last flag-setting instruction leaves undefined",
                    f.label,
                    f.cond,
                    flag_names(f.flags & st.flags_undefined)
                );
                self.emit(kinds::FLAG_OUTPUT_UNDEFINED, Severity::Error, msg, st.flags_by, None, None);
            }
        }
        for m in it.mems.iter().filter(|m| m.must_write) {
            if st.mem_written & (1 << m.operand.min(63)) == 0 && !st.aliased_write {
                let msg = format!("memory output {} is not written {at}", m.label);
                self.emit(kinds::OUTPUT_NOT_WRITTEN, severity, msg, None, Some(m.operand), None);
            }
        }
        for r in &it.inputs {
            let s = st.reg(r.reg);
            if !s.holds(r.reg, r.need) {
                let (severity, assumed) = self.by_call(s.changed_by);
                let msg = format!(
                    "input {} ({}) is changed and not restored {at}{assumed}; gcc assumes it still holds its value: make it an output (\"+\") or restore it",
                    r.label, r.name
                );
                self.emit(kinds::INPUT_MODIFIED, severity, msg, s.changed_by, Some(r.operand), Some(r.name.clone()));
            }
        }
        for m in &it.mems {
            let s = st.reg(m.base);
            if !it.writable.contains(m.base) && !s.holds(m.base, 0xff) {
                let (severity, assumed) = self.by_call(s.changed_by);
                let msg = format!("the address register of memory operand {} ({}) is changed and not restored {at}{assumed}", m.label, m.base);
                self.emit(kinds::INPUT_MODIFIED, severity, msg, s.changed_by, Some(m.operand), Some(m.base.to_string()));
            }
        }
        for &(k, x, _) in &st.saves {
            let msg = format!("stores {x}, which is not an input, to memory and does not load it back: its value is whatever gcc left there; make it an input or write it first");
            self.emit(kinds::UNDECLARED_REGISTER_READ, Severity::Error, msg, Some(k), None, Some(x.to_string()));
        }
        // One finding per instruction at fault (a `call` changes a dozen registers).
        let declared = it.writable.union(it.meaningful);
        let mut by_insn: BTreeMap<Option<usize>, Vec<PhysReg>> = BTreeMap::new();
        for r in it.tracked.minus(declared).iter().filter(|&r| !st.reg(r).holds(r, full(r))) {
            by_insn.entry(st.reg(r).changed_by).or_default().push(r);
        }
        for (by, regs) in by_insn {
            let names: Vec<String> = regs.iter().map(|r| r.to_string()).collect();
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            let (list, verb) = if names.len() == 1 { (names[0].clone(), "is") } else { (names.join(", "), "are") };
            let (severity, assumed) = self.by_call(by);
            let msg = format!(
                "{list} {verb} changed and not restored {at}{assumed}, but neither an output nor in the clobber list: add {} to the clobbers",
                quoted.join(", ")
            );
            self.emit(kinds::UNDECLARED_REGISTER_WRITE, severity, msg, by, None, Some(names.join(", ")));
        }
        if st.sp() != Some(0) {
            let msg = match st.sp() {
                Some(d) => format!("the stack pointer is {d:+} from its incoming value {at}"),
                None => format!("the stack pointer is changed and not restored {at}"),
            };
            self.emit(kinds::STACK_POINTER_MODIFIED, Severity::Error, msg, st.reg(PhysReg::RSP).changed_by, None, Some("rsp".into()));
        }
        if let Df::Set(k) | Df::Unknown(k) = st.df {
            let msg = format!("the direction flag may be set {at}; the ABI requires it clear: add `cld`");
            self.emit(kinds::DIRECTION_FLAG_SET, Severity::Error, msg, Some(k), None, None);
        }
    }
}

/// A read of a register that is no input: an error, except for rbp, which code reads on
/// purpose for a backtrace (Valgrind's `GET_STARTREGS`): it holds the frame pointer whenever gcc
/// keeps one, so without one (gcc's default when optimizing) the read is a warning.
fn frame_pointer_read(x: PhysReg, msg: &mut String) -> Severity {
    if x == PhysReg::RBP {
        msg.push_str(" (it holds the frame pointer only under -fno-omit-frame-pointer)");
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// What an SGX leaf does with the general registers.
struct SgxLeaf {
    reads: &'static [PhysReg],
    writes: &'static [PhysReg],
    /// Control comes back to the next instruction (EEXIT leaves the enclave for rbx's target).
    returns: bool,
}

/// The registers each SGX leaf reads and writes besides rax (Intel SDM vol. 3D, ch. 38), by
/// instruction and leaf number; `None` for an unknown leaf or one that transfers control into
/// an enclave (EENTER, ERESUME), which the checker does not follow.
fn sgx_leaf(m: Mnemonic, leaf: Option<u64>) -> Option<SgxLeaf> {
    use PhysReg as R;
    const B: &[PhysReg] = &[R::RBX];
    const BC: &[PhysReg] = &[R::RBX, R::RCX];
    const C: &[PhysReg] = &[R::RCX];
    const BCD: &[PhysReg] = &[R::RBX, R::RCX, R::RDX];
    const A: &[PhysReg] = &[R::RAX];
    const AB: &[PhysReg] = &[R::RAX, R::RBX];
    let number = leaf.map(|l| l & 0xffff_ffff);
    let leaf = |reads, writes| Some(SgxLeaf { reads, writes, returns: true });
    match (m, number) {
        (Mnemonic::Enclu, Some(0)) => leaf(BCD, &[]),     // EREPORT
        (Mnemonic::Enclu, Some(1)) => leaf(BC, A),        // EGETKEY
        (Mnemonic::Enclu, Some(4)) => Some(SgxLeaf { reads: B, writes: &[], returns: false }), // EEXIT
        (Mnemonic::Enclu, Some(5)) => leaf(BC, A),        // EACCEPT
        (Mnemonic::Enclu, Some(6)) => leaf(BC, &[]),      // EMODPE
        (Mnemonic::Enclu, Some(7)) => leaf(BCD, A),       // EACCEPTCOPY
        (Mnemonic::Encls, Some(0 | 1 | 6 | 0xA | 0xD)) => leaf(BC, &[]), // ECREATE, EADD, EEXTEND, EPA, EAUG
        (Mnemonic::Encls, Some(2 | 7 | 8 | 0xB)) => leaf(BCD, A),        // EINIT, ELDB, ELDU, EWB
        (Mnemonic::Encls, Some(3 | 9 | 0xC)) => leaf(C, A),              // EREMOVE, EBLOCK, ETRACK
        (Mnemonic::Encls, Some(4)) => leaf(C, AB),                       // EDBGRD
        (Mnemonic::Encls, Some(5 | 0xE | 0xF)) => leaf(BC, A),           // EDBGWR, EMODPR, EMODT
        _ => None,
    }
}

/// `exit` and `exit_group` (`syscall` with rax 60 or 231, `int $0x80` with eax 1 or 252) do not
/// return.
fn never_returns(mnemonic: Mnemonic, nr: Option<u64>) -> bool {
    match mnemonic {
        Mnemonic::Syscall => matches!(nr, Some(60 | 231)),
        Mnemonic::Int => matches!(nr, Some(1 | 252)),
        _ => false,
    }
}

/// A rotation of a 64-bit register by a constant: the register and the left rotation it makes
/// (`rorq $7` is a left rotation by 57).
fn rotation(instr: &iced_x86::Instruction) -> Option<(PhysReg, u8)> {
    let reg = (instr.op_count() == 2 && instr.op0_kind() == OpKind::Register && instr.op1_kind() == OpKind::Immediate8).then(|| instr.op0_register())?;
    let (r, mask) = family(reg)?;
    (mask == 0xff && r.class() == RegClass::Gpr).then_some(())?;
    let n = instr.immediate8() % 64;
    match instr.mnemonic() {
        Mnemonic::Rol => Some((r, n)),
        Mnemonic::Ror => Some((r, (64 - n) % 64)),
        _ => None,
    }
}

/// The reads among register uses.
fn reads_of_uses(regs: &[RegUse]) -> Vec<RegUse> {
    regs.iter().filter(|u| matches!(u.how, Use::Read | Use::CondRead)).copied().collect()
}

/// A register's name for the bytes an instruction touches (`al`, `ah`, `eax`, `xmm1`).
fn reg_name(r: PhysReg, mask: u64) -> String {
    match (r.class(), mask) {
        (RegClass::Gpr, 0b10) => r.high_name().map_or_else(|| r.name(1), str::to_string),
        (RegClass::Gpr, 0b1) => r.name(1),
        (RegClass::Gpr, 0b11) => r.name(2),
        (RegClass::Gpr, 0xf) => r.name(4),
        (RegClass::Xmm, m) if m == u64::MAX => r.name(64),
        (RegClass::Xmm, m) if m == low_bytes(32) => r.name(32),
        _ => r.name(8),
    }
}

/// `CF`, `ZF and SF`.
fn flag_names(bits: u32) -> String {
    let names: Vec<&str> = [
        (RflagsBits::CF, "CF"),
        (RflagsBits::PF, "PF"),
        (RflagsBits::AF, "AF"),
        (RflagsBits::ZF, "ZF"),
        (RflagsBits::SF, "SF"),
        (RflagsBits::OF, "OF"),
        (RflagsBits::DF, "DF"),
    ]
    .iter()
    .filter(|(b, _)| bits & b != 0)
    .map(|(_, n)| *n)
    .collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
