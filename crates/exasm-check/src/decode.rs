//! Decoding the template's machine code into instructions and their effects.
//!
//! Effects come from iced-x86 as they are (`UsedRegister`, `UsedMemory`, `rflags_*`), turned into
//! register families and byte masks: a write of `al` touches byte 0 of `rax`, a write of `eax`
//! (which iced reports as `rax`, since it zero-extends) all eight.

use crate::assemble::Snippet;
use exasm_core::regs::PhysReg;
use exasm_core::template::Dialect;
use iced_x86::{
    CpuidFeature, Decoder, DecoderOptions, EncodingKind, Formatter, GasFormatter, Instruction, InstructionInfoFactory, IntelFormatter, Mnemonic, OpAccess,
    OpKind, Register, SymbolResolver, SymbolResult,
};
use std::collections::HashMap;

/// How an instruction uses a register or memory.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// Always read.
    Read,
    /// Read only in some circumstances (`cpuid` reads `ecx` for some leaves, `rep` on `rcx`).
    CondRead,
    /// Always written.
    Write,
    /// Maybe written (`cmov`, `cmpxchg`).
    CondWrite,
}

/// One register use: a family and the bytes of it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct RegUse {
    /// The family.
    pub reg: PhysReg,
    /// Bytes touched (bit n = byte n; `ah` is bit 1).
    pub mask: u64,
    /// How.
    pub how: Use,
}

/// One memory access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MemUse {
    /// Base register family.
    pub base: Option<PhysReg>,
    /// Index register family.
    pub index: Option<PhysReg>,
    /// Displacement (for `%rip`-relative references: from the end of the instruction).
    pub disp: i64,
    /// Access size in bytes (0 when unknown, as for `rep movsb`).
    pub size: u64,
    /// Read (possibly conditionally).
    pub read: bool,
    /// Written (possibly conditionally).
    pub write: bool,
    /// `%rip`-relative: a symbol, named by the instruction's relocation.
    pub rip: bool,
    /// `%fs`/`%gs` override.
    pub tls: bool,
}

/// One decoded instruction.
#[derive(Clone, Debug)]
pub(crate) struct Insn {
    /// Its address (the template starts at 0).
    pub ip: u64,
    /// The next instruction's address.
    pub next: u64,
    /// iced's decoding.
    pub instr: Instruction,
    /// Disassembly in the statement's dialect.
    pub text: String,
    /// The symbol of a relocation inside the instruction's bytes.
    pub reloc: Option<String>,
    /// Register uses, reads before writes.
    pub regs: Vec<RegUse>,
    /// Memory accesses (the implicit stack slot of push, pop, call and ret excluded).
    pub mems: Vec<MemUse>,
    /// An x87 instruction that uses the register stack (iced does not model it). The control
    /// and status word instructions (`fnstcw`, `fldcw`, `fnstsw`, `fnclex`) do not count.
    pub x87: bool,
}

impl Insn {
    /// Flags the instruction reads.
    pub fn flags_read(&self) -> u32 {
        self.instr.rflags_read()
    }

    /// Flags the instruction changes (defined or not).
    pub fn flags_modified(&self) -> u32 {
        self.instr.rflags_modified()
    }
}

/// The family and byte mask of an iced register, for the register files the checker tracks.
pub(crate) fn family(reg: Register) -> Option<(PhysReg, u64)> {
    if reg.is_gpr() {
        let mask = match reg.size() {
            1 if matches!(reg, Register::AH | Register::CH | Register::DH | Register::BH) => 0b10,
            1 => 0b1,
            2 => 0b11,
            4 => 0xf,
            _ => 0xff,
        };
        return PhysReg::from_iced(reg).map(|r| (r, mask));
    }
    let mask = if reg.is_xmm() {
        0xffff
    } else if reg.is_ymm() {
        0xffff_ffff
    } else if reg.is_zmm() {
        u64::MAX
    } else if (Register::MM0..=Register::MM7).contains(&reg) || (Register::K0..=Register::K7).contains(&reg) {
        0xff
    } else {
        return None;
    };
    PhysReg::from_iced(reg).map(|r| (r, mask))
}

/// The accumulator families of a compare-and-exchange and the bytes of each it compares:
/// `rax` for `cmpxchg`, `rdx` and `rax` for `cmpxchg8b` (4 bytes each) and `cmpxchg16b`.
pub(crate) fn cmpxchg_accumulators(instr: &Instruction) -> Option<(Vec<PhysReg>, u64)> {
    match instr.mnemonic() {
        Mnemonic::Cmpxchg => {
            let width = u64::from(instr.op1_register().size() as u32);
            Some((vec![PhysReg::RAX], width))
        }
        Mnemonic::Cmpxchg8b => Some((vec![PhysReg::RDX, PhysReg::RAX], 4)),
        Mnemonic::Cmpxchg16b => Some((vec![PhysReg::RDX, PhysReg::RAX], 8)),
        _ => None,
    }
}

/// Corrections to iced's effects where the checker needs to know more than which registers
/// are touched.
fn refine(instr: &Instruction, regs: &mut Vec<RegUse>) {
    let reg_op = |n: u32| (n < instr.op_count() && instr.op_kind(n) == OpKind::Register).then(|| instr.op_register(n));
    let same = |a: u32, b: u32| reg_op(a).is_some() && reg_op(a) == reg_op(b);
    let m = instr.mnemonic();
    let name = format!("{m:?}").to_lowercase();
    let drop_reads_of = |regs: &mut Vec<RegUse>, r: Option<Register>| {
        if let Some((f, _)) = r.and_then(family) {
            regs.retain(|u| u.reg != f || matches!(u.how, Use::Write | Use::CondWrite));
        }
    };
    // Idioms whose result does not depend on the register: all ones, and `sbb %eax, %eax`
    // (CF only). iced already knows the zeroing ones (`xor`, `sub`, `pxor`, ...).
    if (name.starts_with("pcmpeq") || m == Mnemonic::Sbb) && same(0, 1) {
        drop_reads_of(regs, reg_op(0));
    }
    if name.starts_with("vpcmpeq") && same(1, 2) {
        drop_reads_of(regs, reg_op(1));
    }
    // `cmov` keeps its destination when the condition fails: not a use of it (when nothing
    // wrote it before, the output is reported unwritten).
    if name.starts_with("cmov") {
        drop_reads_of(regs, reg_op(0));
        regs.iter_mut().filter(|u| u.how == Use::Write).for_each(|u| u.how = Use::CondWrite);
    }
    // `bsf`/`bsr` leave the destination undefined for a zero source: written all the same.
    if matches!(m, Mnemonic::Bsf | Mnemonic::Bsr) {
        regs.iter_mut().filter(|u| u.how == Use::CondWrite).for_each(|u| u.how = Use::Write);
    }
    // `cmpxchg` loads the accumulator only when the comparison fails; when it succeeds the
    // accumulator already equals the old memory value. Either way it ends up holding that value:
    // a write. A 32-bit accumulator (`cmpxchgl`, `cmpxchg8b` in 64-bit mode) is zero-extended
    // only when loaded, so its upper half stays a maybe-write.
    if let Some((accumulators, width)) = cmpxchg_accumulators(instr) {
        let low = crate::interface::low_bytes(width);
        let mut upper = Vec::new();
        for u in regs.iter_mut().filter(|u| u.how == Use::CondWrite && accumulators.contains(&u.reg)) {
            u.how = Use::Write;
            if u.mask & !low != 0 {
                upper.push(RegUse { reg: u.reg, mask: u.mask & !low, how: Use::CondWrite });
                u.mask &= low;
            }
        }
        regs.extend(upper);
    }
    // Legacy scalar SSE reads and writes the low element only: a destination register keeps the
    // rest. `addsd` reads the destination's low element, `sqrtsd`, `cvtsi2sd` and
    // `movsd %xmm1, %xmm0` none of it.
    let converts = ["cvtss2", "cvtsd2", "cvttss2", "cvttsd2"].iter().any(|p| name.starts_with(p));
    let scalar = (name.ends_with("ss") || name.ends_with("sd") || converts) && instr.encoding() == EncodingKind::Legacy;
    if !scalar || !(0..instr.op_count()).any(|n| reg_op(n).is_some_and(|r| r.is_xmm())) {
        return;
    }
    let element = |suffix_double: bool| if suffix_double { 0xff } else { 0xf };
    let dst_element = element(name.ends_with("sd"));
    let src_element = if name.contains("sd2") || (!converts && name.ends_with("sd")) { element(true) } else { element(false) };
    let dst = reg_op(0).filter(|r| r.is_xmm()).and_then(family).map(|f| f.0);
    let merges = dst.is_some_and(|d| regs.iter().any(|u| u.reg == d && u.how == Use::Read) && regs.iter().any(|u| u.reg == d && u.how == Use::Write));
    let reads_element = !["sqrt", "cvt", "rcp", "rsqrt", "round", "movs"].iter().any(|p| name.starts_with(p));
    if merges {
        regs.retain(|u| Some(u.reg) != dst || u.how != Use::Read || reads_element);
    }
    for u in regs.iter_mut().filter(|u| u.reg.class() == exasm_core::regs::RegClass::Xmm && u.mask == 0xffff) {
        let reads = matches!(u.how, Use::Read | Use::CondRead);
        if Some(u.reg) == dst && (reads || merges) {
            u.mask = dst_element;
        } else if reads {
            u.mask = src_element;
        }
    }
}

/// Names branch targets (goto exits, the end) and relocated symbols in the disassembly.
struct Names {
    targets: HashMap<u64, String>,
    relocs: HashMap<u64, String>,
}

impl SymbolResolver for Names {
    fn symbol(&mut self, instruction: &Instruction, _operand: u32, _instruction_operand: Option<u32>, address: u64, _size: u32) -> Option<SymbolResult<'_>> {
        if instruction.is_ip_rel_memory_operand() {
            return None;
        }
        if let Some(sym) = self.relocs.get(&instruction.ip()) {
            return Some(SymbolResult::with_str(address, sym.as_str()));
        }
        self.targets.get(&address).map(|s| SymbolResult::with_str(address, s.as_str()))
    }
}

/// Decodes a snippet. `labels` names the goto exits for the disassembly.
pub(crate) fn decode(snippet: &Snippet, labels: &[String], dialect: Dialect) -> Vec<Insn> {
    let mut decoded = Vec::new();
    let mut decoder = Decoder::with_ip(64, &snippet.code, 0, DecoderOptions::NONE);
    for instr in &mut decoder {
        decoded.push(instr);
    }
    let reloc_of = |instr: &Instruction| snippet.relocs.range(instr.ip()..instr.next_ip()).next().map(|(_, s)| s.clone());
    let mut targets: HashMap<u64, String> = snippet.exits.iter().zip(labels).map(|(&a, l)| (a, format!("%l[{l}]"))).collect();
    targets.insert(snippet.end(), "<end>".into());
    let relocs: HashMap<u64, String> = decoded.iter().filter_map(|i| reloc_of(i).map(|s| (i.ip(), s))).collect();
    let names = Box::new(Names { targets, relocs });
    let mut formatter: Box<dyn Formatter> = match dialect {
        Dialect::Att => Box::new(GasFormatter::with_options(Some(names), None)),
        Dialect::Intel => Box::new(IntelFormatter::with_options(Some(names), None)),
    };
    formatter.options_mut().set_space_after_operand_separator(true);
    formatter.options_mut().set_branch_leading_zeros(false);
    formatter.options_mut().set_rip_relative_addresses(true);
    let mut factory = InstructionInfoFactory::new();
    decoded
        .into_iter()
        .map(|instr| {
            let mut text = String::new();
            formatter.format(&instr, &mut text);
            // A relocated `%rip`-relative operand holds displacement 0: name its symbol.
            if let Some(sym) = reloc_of(&instr).filter(|_| instr.is_ip_rel_memory_operand()) {
                text = match dialect {
                    Dialect::Att => text.replacen("(%rip)", &format!("{sym}(%rip)"), 1),
                    Dialect::Intel => text.replacen("[rip]", &format!("[rip+{sym}]"), 1),
                };
            }
            let info = factory.info(&instr);
            let mut regs = Vec::new();
            let mut writes = Vec::new();
            for u in info.used_registers() {
                let Some((reg, mask)) = family(u.register()) else { continue };
                let (read, write) = match u.access() {
                    OpAccess::Read => (Some(Use::Read), None),
                    OpAccess::CondRead => (Some(Use::CondRead), None),
                    OpAccess::Write => (None, Some(Use::Write)),
                    OpAccess::CondWrite => (None, Some(Use::CondWrite)),
                    OpAccess::ReadWrite => (Some(Use::Read), Some(Use::Write)),
                    OpAccess::ReadCondWrite => (Some(Use::Read), Some(Use::CondWrite)),
                    _ => (None, None),
                };
                if let Some(how) = read {
                    regs.push(RegUse { reg, mask, how });
                }
                if let Some(how) = write {
                    writes.push(RegUse { reg, mask, how });
                }
            }
            regs.extend(writes);
            refine(&instr, &mut regs);
            let tls = |seg: Register| matches!(seg, Register::FS | Register::GS);
            let rip = instr.is_ip_rel_memory_operand();
            let mut mems: Vec<MemUse> = if instr.is_stack_instruction() {
                // Only the explicit operand: the stack slot is the stack model's business.
                let explicit = (0..instr.op_count()).any(|k| instr.op_kind(k) == OpKind::Memory);
                let pop = instr.stack_pointer_increment() > 0;
                explicit
                    .then(|| MemUse {
                        base: family(instr.memory_base()).map(|f| f.0),
                        index: family(instr.memory_index()).map(|f| f.0),
                        disp: instr.memory_displacement64() as i64,
                        size: instr.memory_size().size() as u64,
                        read: !pop,
                        write: pop,
                        rip,
                        tls: tls(instr.segment_prefix()),
                    })
                    .into_iter()
                    .collect()
            } else {
                info.used_memory()
                    .iter()
                    .filter(|m| !matches!(m.access(), OpAccess::NoMemAccess | OpAccess::None))
                    .map(|m| {
                        let base = family(m.base()).map(|f| f.0);
                        let index = family(m.index()).map(|f| f.0);
                        let is_rip = rip && base.is_none() && index.is_none();
                        MemUse {
                            base,
                            index,
                            disp: if is_rip { instr.memory_displacement64().wrapping_sub(instr.next_ip()) as i64 } else { m.displacement() as i64 },
                            size: m.memory_size().size() as u64,
                            read: matches!(m.access(), OpAccess::Read | OpAccess::CondRead | OpAccess::ReadWrite | OpAccess::ReadCondWrite),
                            write: matches!(m.access(), OpAccess::Write | OpAccess::CondWrite | OpAccess::ReadWrite | OpAccess::ReadCondWrite),
                            rip: is_rip,
                            tls: tls(m.segment()),
                        }
                    })
                    .collect()
            };
            let control_word = matches!(
                instr.mnemonic(),
                Mnemonic::Fnstcw | Mnemonic::Fstcw | Mnemonic::Fldcw | Mnemonic::Fnstsw | Mnemonic::Fstsw | Mnemonic::Fnclex | Mnemonic::Fclex | Mnemonic::Wait
            );
            let x87 = !control_word && instr.cpuid_features().iter().any(|f| {
                matches!(f, CpuidFeature::FPU | CpuidFeature::FPU287 | CpuidFeature::FPU287XL_ONLY | CpuidFeature::FPU387 | CpuidFeature::FPU387SL_ONLY)
            });
            // `lock addl $0, (%rsp)` (a full fence where mfence is missing): adding, or-ing or
            // subtracting zero leaves the memory as it was.
            let zero_update = matches!(instr.mnemonic(), Mnemonic::Add | Mnemonic::Or | Mnemonic::Sub | Mnemonic::Xor)
                && instr.op0_kind() == OpKind::Memory
                && instr.op_count() == 2
                && matches!(instr.op1_kind(), OpKind::Immediate8 | OpKind::Immediate8to16 | OpKind::Immediate8to32 | OpKind::Immediate8to64 | OpKind::Immediate16 | OpKind::Immediate32 | OpKind::Immediate32to64)
                && instr.immediate(1) == 0;
            if zero_update {
                mems.iter_mut().for_each(|m| m.write = false);
            }
            Insn { ip: instr.ip(), next: instr.next_ip(), reloc: reloc_of(&instr), instr, text, regs, mems, x87 }
        })
        .collect()
}
