//! Win64 thunks in NASM syntax (`nasm -f win64`), for MSVC builds, which commonly use NASM.
//!
//! The thunks are made once, in GAS syntax (the template as gcc prints it, in either dialect);
//! this module assembles them with `as` and prints the machine code back with iced-x86's NASM
//! formatter, so the NASM file holds exactly the instructions of the GAS one, whatever syntax
//! the template was written in. Symbols come back from the object's relocations (`call f`,
//! `[rel g]`), branches inside a thunk as local labels, and each thunk's unwind information,
//! which GAS writes from `.seh_*` directives, is written as NASM has no such directives: a
//! `RUNTIME_FUNCTION` in `.pdata` and an `UNWIND_INFO` in `.xdata`, from the prologue's own
//! instructions (`push`, `sub rsp`, `movaps [rsp+N], xmm`).

use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, Mnemonic, NasmFormatter, OpKind, Register, SymbolResolver, SymbolResult};
use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::process::Command;

/// One function of the GAS file: its name and how many instructions its prologue has.
struct Function {
    name: String,
    prologue: usize,
}

/// Rewrites a Win64 thunk file from GAS to NASM syntax. `Err` says what cannot be converted
/// (file-scope asm, a template that switches sections or holds data, `as` missing).
///
/// ```no_run
/// let gas = "\t.text\n\t.globl f\n\t.def f; .scl 2; .type 32; .endef\n\t.seh_proc f\nf:\n\tpushq %rbx\n\t.seh_pushreg %rbx\n\t.seh_endprologue\n\tcpuid\n\tpopq %rbx\n\tret\n\t.seh_endproc\n";
/// let nasm = exasm_lower::nasm::gas_to_nasm(gas).unwrap();
/// assert!(nasm.contains("global f") && nasm.contains("cpuid"));
/// ```
pub fn gas_to_nasm(gas: &str) -> Result<String, String> {
    // The functions, and the text `as` assembles: COFF-only directives out, markers in.
    let mut functions: Vec<Function> = Vec::new();
    let mut source = String::from("\t.text\n");
    let mut in_function = false;
    let mut globals: BTreeSet<String> = BTreeSet::new();
    // `.set NAME, GLOBAL`: a static the templates name, under its unit-unique global name.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for line in gas.lines() {
        let t = line.trim();
        let word = t.split_whitespace().next().unwrap_or("");
        match word {
            ".seh_proc" => {
                let name = t[word.len()..].trim().to_string();
                let _ = writeln!(source, "__exasm_nasm_start_{}:", functions.len());
                functions.push(Function { name, prologue: 0 });
                in_function = true;
            }
            ".seh_endproc" => {
                let _ = writeln!(source, "__exasm_nasm_end_{}:", functions.len() - 1);
                in_function = false;
            }
            ".seh_pushreg" | ".seh_stackalloc" | ".seh_savexmm" => {
                if let Some(f) = functions.last_mut() {
                    f.prologue += 1;
                }
            }
            ".seh_endprologue" | ".def" | ".text" | ".p2align" | "" => {}
            ".globl" => {
                globals.insert(t[word.len()..].trim().to_string());
            }
            ".set" => {
                let (name, value) = t[word.len()..].split_once(',').ok_or_else(|| format!("exasm cannot write this as NASM: {t}"))?;
                aliases.insert(name.trim().to_string(), value.trim().to_string());
                // For `as`, the name stays an undefined symbol its relocations name.
            }
            w if w.starts_with('#') || w.starts_with("/*") => {}
            _ if !in_function => return Err(format!("exasm cannot write this as NASM (outside a thunk): {t}")),
            ".section" | ".pushsection" | ".popsection" | ".data" | ".bss" | ".previous" | ".subsection" => {
                return Err(format!("exasm cannot write this template as NASM: it switches sections ({t})"));
            }
            w if w.starts_with(".cfi_") => {}
            _ => {
                source.push_str(line);
                source.push('\n');
            }
        }
    }
    let object = assemble(&source)?;
    let file = object::File::parse(&*object).map_err(|e| format!("cannot read the assembled thunks: {e}"))?;
    let text = file.section_by_name(".text").ok_or("the assembled thunks have no .text")?;
    let code = text.data().map_err(|e| e.to_string())?.to_vec();
    let text_index = text.index();
    // Symbols defined in .text, by address; markers give each function's extent.
    let mut labels: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut markers: BTreeMap<String, u64> = BTreeMap::new();
    for s in file.symbols() {
        let Ok(name) = s.name() else { continue };
        if s.section_index() != Some(text_index) || name.is_empty() || name.starts_with(".L") {
            continue;
        }
        if name.starts_with("__exasm_nasm_") {
            markers.insert(name.to_string(), s.address());
        } else {
            labels.entry(s.address()).or_default().push(name.to_string());
        }
    }
    // Relocations: the symbol and addend at each offset of .text.
    let mut relocs: BTreeMap<u64, (String, i64, bool)> = BTreeMap::new();
    for (offset, r) in text.relocations() {
        let RelocationTarget::Symbol(i) = r.target() else { return Err("a relocation without a symbol".into()) };
        let sym = file.symbol_by_index(i).map_err(|e| e.to_string())?;
        let name = sym.name().map_err(|e| e.to_string())?.to_string();
        if sym.kind() == object::SymbolKind::Section || name.is_empty() {
            return Err("exasm cannot write this template as NASM: it takes the address of a local label".into());
        }
        let addend = r.addend();
        let name = aliases.get(&name).cloned().unwrap_or(name);
        let pc_relative = matches!(r.flags(), RelocationFlags::Elf { r_type } if r_type == object::elf::R_X86_64_PC32 || r_type == object::elf::R_X86_64_PLT32);
        relocs.insert(offset, (name, addend, pc_relative));
    }
    let defined: BTreeSet<&String> = labels.values().flatten().collect();
    let externs: BTreeSet<String> = relocs.values().map(|r| r.0.clone()).filter(|n| !defined.contains(n)).collect();

    let mut out = String::from("; Thunks generated by exasm (NASM, nasm -f win64)\nbits 64\ndefault abs\n");
    for e in &externs {
        let _ = writeln!(out, "extern {e}");
    }
    out.push_str("section .text align=16\n");
    let mut unwind = String::new();
    for (k, f) in functions.iter().enumerate() {
        let start = *markers.get(&format!("__exasm_nasm_start_{k}")).ok_or("a thunk without its start")?;
        let end = *markers.get(&format!("__exasm_nasm_end_{k}")).ok_or("a thunk without its end")?;
        let bytes = &code[start as usize..end as usize];
        let mut decoder = Decoder::with_ip(64, bytes, start, DecoderOptions::NONE);
        let mut instructions: Vec<(Instruction, iced_x86::ConstantOffsets)> = Vec::new();
        while decoder.can_decode() {
            let i = decoder.decode();
            if i.is_invalid() {
                return Err(format!("exasm cannot write '{}' as NASM: its template holds bytes that are not instructions", f.name));
            }
            instructions.push((i, decoder.get_constant_offsets(&i)));
        }
        // Branch targets inside the function become local labels.
        let targets: BTreeSet<u64> = instructions
            .iter()
            .filter(|(i, _)| matches!(i.op0_kind(), OpKind::NearBranch64) && !relocs.keys().any(|o| *o >= i.ip() && *o < i.next_ip()))
            .map(|(i, _)| i.near_branch64())
            .filter(|t| (start..=end).contains(t))
            .collect();
        // Full names (a template's own label would end the scope of NASM's `.local` labels).
        let local = |addr: u64| format!("{}.L{:x}", f.name, addr - start);
        let _ = writeln!(out, "\nalign 16");
        let mut names: BTreeMap<u64, String> = labels.iter().filter_map(|(a, n)| Some((*a, n.first()?.clone()))).collect();
        for (k, g) in functions.iter().enumerate() {
            if let Some(a) = markers.get(&format!("__exasm_nasm_start_{k}")) {
                names.insert(*a, g.name.clone());
            }
        }
        names.extend(targets.iter().map(|t| (*t, local(*t))));
        let mut resolver = Resolver { relocs: relocs.range(start..end).map(|(k, v)| (*k, v.clone())).collect(), offsets: BTreeMap::new(), names };
        for (i, c) in &instructions {
            resolver.offsets.insert(i.ip(), *c);
        }
        let mut fmt = NasmFormatter::with_options(Some(Box::new(resolver)), None);
        fmt.options_mut().set_space_after_operand_separator(true);
        fmt.options_mut().set_show_branch_size(false);
        fmt.options_mut().set_rip_relative_addresses(false);
        fmt.options_mut().set_hex_prefix("0x");
        fmt.options_mut().set_hex_suffix("");
        for (n, (i, _)) in instructions.iter().enumerate() {
            for name in labels.get(&i.ip()).into_iter().flatten() {
                if globals.contains(name) {
                    let _ = writeln!(out, "global {name}");
                }
                let _ = writeln!(out, "{name}:");
            }
            if targets.contains(&i.ip()) {
                let _ = writeln!(out, "{}:", local(i.ip()));
            }
            let mut text = String::new();
            fmt.format(i, &mut text);
            let _ = writeln!(out, "\t{text}");
            // The prologue's offsets are NASM's own: it may encode an instruction otherwise.
            if n < f.prologue {
                let _ = writeln!(out, "{}.p{n}:", f.name);
            }
        }
        // Labels at the end (a template's last line), not the next thunk's own name.
        for name in labels.get(&end).into_iter().flatten().filter(|n| !functions.iter().any(|g| &g.name == *n)) {
            let _ = writeln!(out, "{name}:");
        }
        if targets.contains(&end) {
            let _ = writeln!(out, "{}:", local(end));
        }
        let _ = writeln!(out, "{}.end:", f.name);
        let slots = unwind_codes(&instructions[..f.prologue.min(instructions.len())])?;
        let n = &f.name;
        let prologue_size = if f.prologue == 0 { "0".to_string() } else { format!("{n}.p{} - {n}", f.prologue - 1) };
        let _ = writeln!(
            unwind,
            "section .pdata rdata align=4\n\tdd {n} wrt ..imagebase, {n}.end wrt ..imagebase, {n}.unwind wrt ..imagebase\nsection .xdata rdata align=8\n{n}.unwind:\n\tdb 1, {prologue_size}, {}, 0",
            slots.len()
        );
        for slot in &slots {
            let _ = match slot {
                Slot::Code { after, op } => writeln!(unwind, "\tdb {n}.p{after} - {n}, 0x{op:02x}"),
                Slot::Raw(v) => writeln!(unwind, "\tdw 0x{v:04x}"),
            };
        }
        if slots.len() % 2 == 1 {
            unwind.push_str("\tdw 0\n");
        }
    }
    out.push('\n');
    out.push_str(&unwind);
    Ok(out)
}

/// One UNWIND_CODE slot.
enum Slot {
    /// An operation ending with prologue instruction `after`: `op` is UnwindOp | OpInfo << 4.
    Code { after: usize, op: u8 },
    /// An operation's operand (a size, an offset / 16).
    Raw(u16),
}

/// The UNWIND_CODE slots of a prologue, last operation first (as Windows reads them).
fn unwind_codes(prologue: &[(Instruction, iced_x86::ConstantOffsets)]) -> Result<Vec<Slot>, String> {
    let mut ops: Vec<Vec<Slot>> = Vec::new();
    for (after, (i, _)) in prologue.iter().enumerate() {
        let code = |op: u8, info: u8| Slot::Code { after, op: op | (info << 4) };
        ops.push(match (i.mnemonic(), i.op0_kind()) {
            (Mnemonic::Push, OpKind::Register) => vec![code(0, reg_number(i.op0_register())?)],
            (Mnemonic::Sub, OpKind::Register) if i.op0_register() == Register::RSP => {
                let size = i.immediate(1);
                match size {
                    8..=128 => vec![code(2, ((size - 8) / 8) as u8)],
                    _ if size < 512 * 1024 => vec![code(1, 0), Slot::Raw((size / 8) as u16)],
                    _ => vec![code(1, 1), Slot::Raw((size & 0xffff) as u16), Slot::Raw((size >> 16) as u16)],
                }
            }
            (Mnemonic::Movaps | Mnemonic::Movups, OpKind::Memory) if i.memory_base() == Register::RSP => {
                let xmm = i.op1_register().number() - Register::XMM0.number();
                vec![code(8, xmm as u8), Slot::Raw((i.memory_displacement64() / 16) as u16)]
            }
            _ => return Err(format!("a prologue instruction unwind codes cannot describe: {:?}", i.code())),
        });
    }
    Ok(ops.into_iter().rev().flatten().collect())
}

/// The unwind register number of a general register.
fn reg_number(r: Register) -> Result<u8, String> {
    const ORDER: [Register; 16] = [
        Register::RAX, Register::RCX, Register::RDX, Register::RBX, Register::RSP, Register::RBP, Register::RSI, Register::RDI,
        Register::R8, Register::R9, Register::R10, Register::R11, Register::R12, Register::R13, Register::R14, Register::R15,
    ];
    ORDER.iter().position(|x| *x == r).map(|n| n as u8).ok_or_else(|| format!("cannot push {r:?} in a prologue"))
}

/// Names the formatter prints for relocated operands and in-function branch targets.
struct Resolver {
    relocs: BTreeMap<u64, (String, i64, bool)>,
    offsets: BTreeMap<u64, iced_x86::ConstantOffsets>,
    /// Labels by address in .text: the thunks, the templates' own labels, branch targets.
    names: BTreeMap<u64, String>,
}

impl SymbolResolver for Resolver {
    fn symbol(&mut self, instruction: &Instruction, operand: u32, _: Option<u32>, address: u64, _: u32) -> Option<SymbolResult<'_>> {
        let c = self.offsets.get(&instruction.ip())?;
        let kind = instruction.op_kind(operand);
        // The bytes the operand's value lives in: the displacement for memory and branches
        // (a rel32 is the branch's immediate), the immediate otherwise.
        let at = match kind {
            OpKind::Memory if c.has_displacement() => c.displacement_offset(),
            OpKind::NearBranch16 | OpKind::NearBranch32 | OpKind::NearBranch64 if c.has_immediate() => c.immediate_offset(),
            OpKind::NearBranch16 | OpKind::NearBranch32 | OpKind::NearBranch64 if c.has_displacement() => c.displacement_offset(),
            _ if c.has_immediate() => c.immediate_offset(),
            _ => usize::MAX,
        };
        if let Some((name, addend, pc)) = self.relocs.get(&(instruction.ip() + at as u64)) {
            // PC-relative: the addend counts from the relocated field to the instruction's end.
            let off = if *pc { addend + (instruction.next_ip() - instruction.ip() - at as u64) as i64 } else { *addend };
            let text = match off {
                0 => name.clone(),
                o if o > 0 => format!("{name}+{o}"),
                o => format!("{name}{o}"),
            };
            return Some(SymbolResult::with_string(address, text));
        }
        // A branch or RIP-relative operand `as` resolved in .text itself: named from a label.
        let in_text = matches!(kind, OpKind::NearBranch16 | OpKind::NearBranch32 | OpKind::NearBranch64) || (kind == OpKind::Memory && instruction.is_ip_rel_memory_operand());
        if !in_text {
            return None;
        }
        let (at, name) = self.names.range(..=address).next_back()?;
        let text = if *at == address { name.clone() } else { format!("{name}+{}", address - at) };
        Some(SymbolResult::with_string(address, text))
    }
}

/// Assembles GAS text with `as` (an ELF object: only its bytes and relocations are used).
fn assemble(source: &str) -> Result<Vec<u8>, String> {
    let dir = tempfile::Builder::new().prefix("exasm-nasm").tempdir().map_err(|e| e.to_string())?;
    let (s, o) = (dir.path().join("thunks.s"), dir.path().join("thunks.o"));
    std::fs::write(&s, source).map_err(|e| e.to_string())?;
    let out = Command::new("as").arg("--64").arg(&s).arg("-o").arg(&o).output().map_err(|e| format!("NASM output assembles the thunks with 'as' first (binutils): cannot run it: {e}"))?;
    if !out.status.success() {
        return Err(format!("'as' rejects the thunks:\n{}", String::from_utf8_lossy(&out.stderr).trim_end()));
    }
    std::fs::read(&o).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thunk_becomes_nasm_with_symbols_labels_and_its_unwind_codes() {
        let gas = "\t.text\n\t.globl f\n\t.def f; .scl 2; .type 32; .endef\n\t.seh_proc f\nf:\n\tpushq %rbx\n\t.seh_pushreg %rbx\n\tsubq $48, %rsp\n\t.seh_stackalloc 48\n\tmovaps %xmm6, 16(%rsp)\n\t.seh_savexmm %xmm6, 16\n\t.seh_endprologue\n\
                   1:\tdecl %ecx\n\tjnz 1b\n\tcall g\n\tmovq h+8(%rip), %rax\n\tmovaps 16(%rsp), %xmm6\n\taddq $48, %rsp\n\tpopq %rbx\n\tret\n\t.seh_endproc\n";
        let nasm = gas_to_nasm(gas).unwrap();
        for want in ["extern g", "extern h", "global f", "f:", "\tpush rbx\nf.p0:", "f.p2:\nf.La:\n\tdec ecx\n\tjne f.La", "call g", "mov rax, [rel h+8]", "f.end:"] {
            assert!(nasm.contains(want), "{want:?} in\n{nasm}");
        }
        // Last operation first: save xmm6 (op 8) at 16 (offset / 16 = 1), alloc 48 (op 2, (48 - 8) / 8 = 5), push rbx (op 0, register 3): four slots.
        assert!(nasm.ends_with("db 1, f.p2 - f, 4, 0\n\tdb f.p2 - f, 0x68\n\tdw 0x0001\n\tdb f.p1 - f, 0x52\n\tdb f.p0 - f, 0x30\n"), "{nasm}");
    }

    #[test]
    fn what_nasm_cannot_hold_is_an_error() {
        let gas = "\t.seh_proc f\nf:\n\t.seh_endprologue\n\t.pushsection .data\n\t.long 1\n\t.popsection\n\tret\n\t.seh_endproc\n";
        assert!(gas_to_nasm(gas).unwrap_err().contains("switches sections"));
        assert!(gas_to_nasm("\t.data\n\t.long 1\n").unwrap_err().contains("outside a thunk"));
    }
}
