//! The Rust backend: the same thunks, with the same symbols and C signatures, as
//! `#[no_mangle] pub unsafe extern "C" fn`s whose body is one `asm!`.
//!
//! Operands keep the solver's registers as explicit `asm!` registers, so rustc does the glue
//! moves. What Rust cannot express as operands is handled in the template: rbx and rbp (LLVM
//! reserves them) are swapped with a free register around it, x87 values and wide vectors go
//! through pointers (`fld`/`fstp`, `movdqu`), flag outputs are `setcc` on a `reg_byte` output,
//! and asm goto returns an index like the GAS thunk.

use crate::thunk::{prepare, tied_to, unsupported, vec_width, x87_suffix, Class, Param, ParamRole, Request, Slot, SlotRole};
use exasm_core::diag::Diagnostic;
use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::regs::{PhysReg, RegClass, RegSet};
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{Allocation, Location};
use exasm_core::template::Dialect;
use exasm_core::validate::Validated;
use std::fmt::Write;

/// Registers LLVM reserves on x86-64: never `asm!` operands.
const RESERVED: [PhysReg; 2] = [PhysReg::RBX, PhysReg::RBP];

/// Builds the Rust thunk for a statement (one function; the file adds `use core::arch::asm;`).
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_lower::thunk::{COperand, Request};
/// let s = parse_statements(r#"asm ("cpuid" : "=a" (a), "=b" (b) : "0" (leaf))"#).statements.remove(0);
/// let t = Target::default();
/// let v = validate(&s, &t);
/// let f = OperandFacts::lvalue(ValueKind::Int, 4);
/// let ops = ["a", "b", "leaf"].map(|e| COperand { expr: e.into(), c_type: "unsigned".into(), frame_object: None });
/// let rs = exasm_lower::rust::rust_thunk(&Request { validated: &v, operands: &ops, facts: &[f.clone(), f.clone(), f],
///     target: &t, symbol: "th", unique: 0 }).unwrap();
/// assert!(rs.contains("pub unsafe extern \"C\" fn th("));
/// assert!(rs.contains("xchgq")); // rbx is swapped around the template
/// ```
pub fn rust_thunk(req: &Request) -> Result<String, Vec<Diagnostic>> {
    rust_thunk_from(req, None)
}

/// [`rust_thunk`] from the same unhinted allocation the GAS thunk was given
/// ([`crate::thunk::lower_statement_from`]): the C side is written for that thunk's parameter
/// order, so both backends must start from the same allocation.
pub fn rust_thunk_from(req: &Request, first: Option<exasm_core::solve::Allocation>) -> Result<String, Vec<Diagnostic>> {
    if req.target.platform.is_windows() {
        return Err(crate::thunk::unsupported(req.validated, "the Rust backend makes System V thunks; for Windows targets use the GAS or NASM thunks"));
    }
    let (alloc, params, slots) = prepare(req, first)?;
    let frame_copies = params.iter().any(|p| matches!(p.role, ParamRole::FrameCopy { .. }));
    match emit(req, &alloc, &params, &slots) {
        Ok(f) if !frame_copies => Ok(f),
        // What `asm!` cannot say (a frame of the thunk's own addressed from the template, rbx
        // and rbp with no register left to stand in for them, MMX and mask operands): a naked
        // function whose body is the GAS thunk's.
        _ => naked_thunk(req, &alloc, &params, &slots, Export::Global, &[]).map_err(|e| unsupported(req.validated, &e)),
    }
}

/// How a naked thunk's symbol is seen.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Export {
    /// `#[no_mangle]` and `.hidden`, as the GAS thunk: the C side calls it by name.
    Global,
    /// A private Rust function, called from the same module (translators).
    Private,
}

/// The thunk's Rust signature: what it takes, what it returns, and the `#[repr(C)]` struct of
/// two return slots.
pub(crate) struct Signature {
    /// `a0: u64, a1: *mut u8, ...`
    pub(crate) params: String,
    /// ` -> u64`, ` -> SYM_r` or nothing.
    pub(crate) ret_ty: String,
    /// The return struct's declaration (two slots), else empty.
    pub(crate) ret_decl: String,
}

pub(crate) fn signature(sym: &str, params: &[Param], slots: &[Slot]) -> Signature {
    let slot_ty = |s: &Slot| if s.class == Class::Sse { "f64" } else { "u64" };
    let (ret_ty, ret_decl) = match slots {
        [] => (String::new(), String::new()),
        [s] => (format!(" -> {}", slot_ty(s)), String::new()),
        [s0, s1, ..] => (format!(" -> {sym}_r"), format!("#[repr(C)]\n#[allow(non_camel_case_types)]\npub struct {sym}_r {{ pub s0: {}, pub s1: {} }}\n\n", slot_ty(s0), slot_ty(s1))),
    };
    let params = params
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let ty = match (&p.role, p.class) {
                (ParamRole::Value { .. }, Class::Sse) => "f64",
                (ParamRole::Value { .. }, Class::Int) => "u64",
                _ => "*mut u8",
            };
            format!("a{k}: {ty}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    Signature { params, ret_ty, ret_decl }
}

/// The GAS thunk as a Rust naked function (`#[unsafe(naked)]`, stable since Rust 1.88): the
/// same instructions, the same signature as the `asm!` thunk. rustc adds no prologue and
/// reserves no register, so whatever the GAS backend lowers this lowers too; rustc does not
/// see the operands, so its moves around the call are the C side's (or the translator's).
/// `syms` are `(marker, path)`: a marker the template holds where a `sym` operand of `path`
/// goes.
pub(crate) fn naked_thunk(req: &Request, alloc: &Allocation, params: &[Param], slots: &[Slot], export: Export, syms: &[(String, String)]) -> Result<String, String> {
    let sym = req.symbol;
    let th = crate::thunk::emit(req, alloc, params, slots)?;
    // The body: everything after the symbol's label (rustc writes the section, alignment,
    // `.globl`, `.type`, the label and `.size`), the call-frame directives included.
    let mut body = String::new();
    if export == Export::Global {
        let _ = writeln!(body, "\t.hidden {sym}");
    }
    let label = format!("{sym}:");
    let mut lines = th.asm.lines().skip_while(|l| *l != label).skip(1).peekable();
    if lines.peek().is_none() {
        return Err("the GAS thunk has no body".into());
    }
    for l in lines.filter(|l| !l.trim_start().starts_with(".size ")) {
        body.push_str(l);
        body.push('\n');
    }
    let Signature { params: param_list, ret_ty, ret_decl } = signature(sym, params, slots);
    let (attrs, vis) = match export {
        Export::Global => ("#[no_mangle]\n", "pub "),
        Export::Private => ("", ""),
    };
    let mut text = escape(&llvm_compatible(&body));
    let mut operands = String::new();
    for (k, (marker, path)) in syms.iter().enumerate() {
        if !text.contains(marker.as_str()) {
            continue;
        }
        text = text.replace(marker.as_str(), &format!("{{s{k}}}"));
        let _ = write!(operands, " s{k} = sym {path},");
    }
    Ok(format!(
        "{ret_decl}#[unsafe(naked)]\n{attrs}#[allow(named_asm_labels, unused_variables, clippy::all)]\n{vis}unsafe extern \"C\" fn {sym}({param_list}){ret_ty} {{\n    core::arch::naked_asm!({text:?},{operands} options(att_syntax));\n}}\n"
    ))
}

fn facts_of(req: &Request, op: usize) -> OperandFacts {
    crate::thunk::written_index(req.validated, op).and_then(|w| req.facts.get(w)).cloned().unwrap_or_else(|| OperandFacts::rvalue(ValueKind::Int, 8))
}

fn rust_reg(r: PhysReg) -> String {
    match r.class() {
        RegClass::Gpr => r.name(8),
        RegClass::Xmm => r.name(16),
        RegClass::X87 => format!("st({})", r.hw_number()),
        _ => r.to_string(),
    }
}

/// Rewrites the few spellings GNU as accepts and LLVM's assembler (which `asm!` uses) does not:
/// `12+(%rdi)` (a displacement before a parenthesized base) becomes `12(%rdi)`, and Intel's
/// `movsx r64, r32` becomes `movsxd`.
///
/// ```
/// assert_eq!(exasm_lower::rust::llvm_compatible("movl 12+(%rdi), %eax"), "movl 12(%rdi), %eax");
/// assert_eq!(exasm_lower::rust::llvm_compatible("movsx rax, edi"), "movsxd rax, edi");
/// ```
pub fn llvm_compatible(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let b = template.as_bytes();
    for (i, c) in template.char_indices() {
        if c == '+' && b.get(i + 1) == Some(&b'(') && i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        out.push(c);
    }
    out.lines()
        .map(|line| {
            let t = line.trim_start();
            let indent = &line[..line.len() - t.len()];
            match t.strip_prefix("movsx ") {
                Some(ops) => {
                    let mut parts = ops.split(',').map(str::trim);
                    let (dst, src) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    let is64 = dst.starts_with('r') && !dst.ends_with('d') && !dst.ends_with('w') && !dst.ends_with('b');
                    let src32 = src.starts_with('e') || (src.starts_with('r') && src.ends_with('d'));
                    if is64 && src32 {
                        format!("{indent}movsxd {ops}")
                    } else {
                        line.to_string()
                    }
                }
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if out.ends_with('\n') { "\n" } else { "" }
}

/// Does a template use the stack (push, pop, call, enter, leave, the stack pointer)? `asm!`
/// then must not say `nostack`.
///
/// ```
/// use exasm_lower::rust::touches_stack;
/// assert!(!touches_stack("xorq %1, %0\n\trolq $13, %0"));
/// assert!(touches_stack("pushfq\n\tpopq %0"));
/// assert!(touches_stack("call *%1"));
/// assert!(touches_stack("movq 8(%%rsp), %0"));
/// ```
pub fn touches_stack(template: &str) -> bool {
    template.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        let w = w.to_ascii_lowercase();
        w.starts_with("push") || w.starts_with("pop") || w.starts_with("call") || w.starts_with("enter") || w.starts_with("leave") || matches!(w.as_str(), "rsp" | "esp" | "sp" | "spl")
    })
}

/// Escapes `{` and `}` for an `asm!` template.
fn escape(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

fn ptr_word(f: &OperandFacts) -> &'static str {
    match f.kind {
        ValueKind::Float => "dword",
        ValueKind::Double => "qword",
        _ => "tbyte",
    }
}

fn emit(req: &Request, a: &Allocation, params: &[Param], slots: &[Slot]) -> Result<String, String> {
    let v: &Validated = req.validated;
    let sym = req.symbol;
    let intel = req.target.dialect == Dialect::Intel;

    // `asm!` takes no MMX operand, and mask registers and xmm16..xmm31 only in functions
    // compiled for AVX-512: the GAS thunk, whole, says what it needs.
    let operand_regs = a.locations.iter().fold(RegSet::EMPTY, |s, l| s.union(l.regs()));
    if let Some(r) = operand_regs.iter().chain(a.clobbers.iter()).find(|r| {
        matches!(r.class(), RegClass::Mask) || (r.class() == RegClass::Mmx && operand_regs.contains(*r)) || (r.class() == RegClass::Xmm && r.hw_number() >= 16)
    }) {
        return Err(format!("{r} (asm! needs AVX-512 enabled for the function, or takes no MMX operand)"));
    }
    // rbx/rbp used by operands or clobbers are swapped with free registers around the template.
    let mut used = a.clobbers;
    for l in &a.locations {
        used = used.union(l.regs());
    }
    let free_gprs: Vec<PhysReg> = [PhysReg::R11, PhysReg::R10, PhysReg::R9, PhysReg::R8, PhysReg::RSI, PhysReg::RDI, PhysReg::RCX, PhysReg::RDX, PhysReg::RAX, PhysReg::R12, PhysReg::R13, PhysReg::R14, PhysReg::R15]
        .into_iter()
        .filter(|r| !used.contains(*r))
        .collect();
    let mut swaps: Vec<(PhysReg, PhysReg)> = Vec::new();
    for (x, s) in RESERVED.iter().filter(|r| used.contains(**r)).zip(free_gprs.iter()) {
        swaps.push((*x, *s));
    }
    if swaps.len() < RESERVED.iter().filter(|r| used.contains(**r)).count() {
        return Err("no free register to stand in for rbx/rbp".into());
    }
    let subst = |r: PhysReg| swaps.iter().find(|(x, _)| *x == r).map_or(r, |(_, s)| *s);
    let swap_lines = || -> String {
        swaps
            .iter()
            .map(|(x, s)| if intel { format!("xchg {}, {}\n", s.name(8), x.name(8)) } else { format!("xchgq %{}, %{}\n", s.name(8), x.name(8)) })
            .collect()
    };

    // Named operands (placeholders exasm adds) come first, explicit registers after, as asm!
    // requires.
    let mut named: Vec<String> = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let mut decls = String::new();
    let mut after = String::new();
    let mut prefix = String::new();
    let mut suffix_all = String::new();
    let arg = |k: usize| format!("a{k}");
    let param_index = |role: &ParamRole| params.iter().position(|p| &p.role == role);
    let mut declared = RegSet::EMPTY;

    // x87 inputs are loaded deepest first through their pointers.
    let mut x87_in: Vec<(u8, usize)> = Vec::new();
    let mut x87_out: Vec<(u8, usize)> = Vec::new();
    for (op, o) in v.operands.iter().enumerate() {
        if let Location::Reg { reg, .. } = &a.locations[op] {
            if reg.class() == RegClass::X87 {
                if o.is_input() && !x87_in.iter().any(|(n, _)| *n == reg.hw_number()) {
                    x87_in.push((reg.hw_number(), op));
                } else if o.is_output() {
                    x87_out.push((reg.hw_number(), op));
                }
            }
        }
    }
    x87_in.sort_by_key(|x| std::cmp::Reverse(x.0));
    x87_out.sort();

    for (k, p) in params.iter().enumerate() {
        match &p.role {
            ParamRole::Value { op, part } => {
                let reg = match &a.locations[*op] {
                    Location::Reg { reg, .. } => *reg,
                    Location::RegPair { lo, hi } => {
                        if *part == 0 {
                            *lo
                        } else {
                            *hi
                        }
                    }
                    _ => continue,
                };
                let reg = subst(reg);
                // A value tied to an output shares its register: one inout operand.
                let out = v.operands.iter().enumerate().find(|(o, x)| x.is_output() && tied_to(v, a, *op) == Some(*o) && a.locations[*o] == a.locations[*op]).map(|(o, _)| o);
                match out {
                    Some(o) => {
                        operands.push(format!("inlateout(\"{}\") {} => o{o}_{part}", rust_reg(reg), arg(k)));
                        declared.insert(reg);
                    }
                    None => {
                        operands.push(format!("in(\"{}\") {}", rust_reg(reg), arg(k)));
                        declared.insert(reg);
                    }
                }
            }
            ParamRole::MemPtr { op } => {
                if let Location::Mem(m) = &a.locations[*op] {
                    if let Some(b) = m.base {
                        let b = subst(b);
                        operands.push(format!("in(\"{}\") {}", rust_reg(b), arg(k)));
                        declared.insert(b);
                    }
                }
            }
            ParamRole::FrameCopy { .. } => return Err("a local copied into the thunk's frame".into()),
            ParamRole::InPtr { op } => {
                let f = facts_of(req, *op);
                named.push(format!("{} = in(reg) {}", arg(k), arg(k)));
                if let Location::Reg { reg, .. } = &a.locations[*op] {
                    if reg.class() == RegClass::Xmm {
                        let r = reg.name(vec_width(f.size));
                        let insn = if f.size > 16 { "vmovdqu" } else { "movdqu" };
                        let _ = writeln!(prefix, "{}", if intel { format!("{insn} {r}, [{{{}}}]", arg(k)) } else { format!("{insn} ({{{}}}), %{r}", arg(k)) });
                    }
                }
            }
            // Pointers the template stores through (x87, wide vectors); the others are written
            // by Rust after the statement.
            ParamRole::OutPtr { op } => {
                let through_template = match &a.locations[*op] {
                    Location::Reg { reg, .. } => reg.class() == RegClass::X87 || (reg.class() == RegClass::Xmm && facts_of(req, *op).size > 8),
                    _ => false,
                };
                if through_template {
                    named.push(format!("{} = inout(reg) {} => _", arg(k), arg(k)));
                }
            }
        }
    }
    for (_, op) in &x87_in {
        let k = param_index(&ParamRole::InPtr { op: *op }).ok_or("x87 input without its pointer")?;
        let f = facts_of(req, *op);
        let _ = writeln!(prefix, "{}", if intel { format!("fld {} ptr [{{{}}}]", ptr_word(&f), arg(k)) } else { format!("fld{} ({{{}}})", x87_suffix(&f), arg(k)) });
    }
    // Register outputs.
    for (op, o) in v.operands.iter().enumerate() {
        if !o.is_output() {
            continue;
        }
        let regs: Vec<(u8, PhysReg)> = match &a.locations[op] {
            Location::Reg { reg, .. } if reg.class() != RegClass::X87 => vec![(0, *reg)],
            Location::RegPair { lo, hi } => vec![(0, *lo), (1, *hi)],
            _ => Vec::new(),
        };
        for (part, reg) in regs {
            let ty = if reg.class() == RegClass::Xmm { if facts_of(req, op).size > 8 { "core::arch::x86_64::__m128i" } else { "f64" } } else { "u64" };
            let _ = writeln!(decls, "    let o{op}_{part}: {ty};");
            let reg = subst(reg);
            if !operands.iter().any(|s| s.ends_with(&format!("=> o{op}_{part}"))) {
                operands.push(format!("lateout(\"{}\") o{op}_{part}", rust_reg(reg)));
            }
            declared.insert(reg);
        }
    }
    // Flag outputs and the goto index, written on every exit edge.
    let flags: Vec<(usize, String)> = v.operands.iter().enumerate().filter_map(|(op, _)| match &a.locations[op] {
        Location::Flag { cond } => Some((op, cond.suffix())),
        _ => None,
    }).collect();
    for (op, _) in &flags {
        let _ = writeln!(decls, "    let f{op}: u8;");
        named.push(format!("f{op} = lateout(reg_byte) f{op}"));
    }
    let goto = v.stmt.is_goto() && !v.stmt.labels.is_empty();
    if goto {
        let _ = writeln!(decls, "    let idx: u64;");
        named.push("idx = lateout(reg) idx".into());
    }
    // x87 outputs stored and the x87 stack emptied, on the fall-through edge.
    if !x87_out.is_empty() || !x87_in.is_empty() {
        if goto {
            return Err("asm goto with x87 operands".into());
        }
        let popped = x87_in.iter().filter(|(n, op)| tied_to(v, a, *op).is_some() || a.clobbers.contains(PhysReg::st(*n)) || x87_out.iter().any(|(m, _)| m == n)).count();
        let left = x87_out.len() + x87_in.len() - popped;
        for depth in 0..left {
            match x87_out.iter().find(|(n, _)| *n as usize == depth) {
                Some((_, op)) => {
                    let k = param_index(&ParamRole::OutPtr { op: *op }).ok_or("x87 output without its pointer")?;
                    let f = facts_of(req, *op);
                    let _ = writeln!(suffix_all, "{}", if intel { format!("fstp {} ptr [{{{}}}]", ptr_word(&f), arg(k)) } else { format!("fstp{} ({{{}}})", x87_suffix(&f), arg(k)) });
                }
                None => {
                    let _ = writeln!(suffix_all, "{}", if intel { "fstp st(0)" } else { "fstp %st(0)" });
                }
            }
        }
    }
    // Wide vector outputs through their pointers.
    for (op, o) in v.operands.iter().enumerate() {
        if let (true, Location::Reg { reg, .. }) = (o.is_output(), &a.locations[op]) {
            let f = facts_of(req, op);
            if reg.class() == RegClass::Xmm && f.size > 8 {
                let k = param_index(&ParamRole::OutPtr { op }).ok_or("vector output without its pointer")?;
                let r = reg.name(vec_width(f.size));
                let insn = if f.size > 16 { "vmovdqu" } else { "movdqu" };
                let _ = writeln!(suffix_all, "{}", if intel { format!("{insn} [{{{}}}], {r}", arg(k)) } else { format!("{insn} %{r}, ({{{}}})", arg(k)) });
            }
        }
    }
    // After the closing swap a stand-in holds rbx/rbp's own value, not the input it brought: as
    // a plain `in` operand rustc may give a `lateout` (a flag output, the goto index) the same
    // register, and the closing xchg would then carry that result away into rbx.
    // An output the statement leaves in the same register (a late output sharing the address
    // register of a memory operand) is what comes out of it.
    for (_, s) in &swaps {
        let prefix = format!("in(\"{}\") ", rust_reg(*s));
        let late = format!("lateout(\"{}\") ", rust_reg(*s));
        let out = operands.iter().position(|o| o.starts_with(&late));
        let result = out.map_or_else(|| "_".to_string(), |k| operands[k][late.len()..].to_string());
        if let Some(k) = out.filter(|_| operands.iter().any(|o| o.starts_with(&prefix))) {
            operands.remove(k);
        }
        for o in operands.iter_mut() {
            if let Some(arg) = o.strip_prefix(&prefix) {
                *o = format!("inout(\"{}\") {arg} => {result}", rust_reg(*s));
            }
        }
    }
    // Every register the template writes besides its outputs: the clobbers, the stand-ins of
    // rbx/rbp, and the whole x87 stack when it is used.
    let x87_used = !x87_in.is_empty() || !x87_out.is_empty() || a.clobbers.iter().any(|r| r.class() == RegClass::X87);
    let x87_all: Vec<PhysReg> = if x87_used { (0..8).map(PhysReg::st).collect() } else { Vec::new() };
    for r in a.clobbers.iter().chain(swaps.iter().map(|(_, s)| *s)).chain(x87_all) {
        let r = if r.class() == RegClass::Gpr { subst(r) } else { r };
        if !declared.contains(r) && !RESERVED.contains(&r) && r != PhysReg::K0 {
            operands.push(format!("out(\"{}\") _", rust_reg(r)));
            declared.insert(r);
        }
    }
    if a.clobbers.contains(PhysReg::K0) {
        return Err("a k0 clobber (Rust cannot name k0)".into());
    }

    let label = |k: usize| format!(".Lexasm_{sym}_l{k}");
    let rendered = render(v, a, req.facts, req.target, &RenderOptions { unique: req.unique, label: &label });
    if rendered.has_errors() {
        return Err(rendered.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "));
    }
    // rustc may give the flag bytes and the goto index (`lateout(reg...)`) or a pointer
    // operand (`in(reg)`) rbx or rbp, which it saves itself: those are written or read only
    // while rbx and rbp hold rustc's values, outside the swaps (xchg leaves the flags alone).
    let edge = |idx: Option<usize>| -> String {
        let mut e = swap_lines();
        for (op, cond) in &flags {
            let _ = writeln!(e, "set{cond} {{f{op}}}");
        }
        if let Some(k) = idx {
            let _ = writeln!(e, "{}", if intel { format!("mov {{idx:e}}, {k}") } else { format!("movl ${k}, {{idx:e}}") });
        }
        e
    };
    let mut template = String::new();
    template.push_str(&prefix);
    template.push_str(&swap_lines());
    template.push_str(&escape(&llvm_compatible(&rendered.text)));
    template.push('\n');
    if goto {
        template.push_str(&edge(Some(0)));
        let _ = writeln!(template, "jmp .Lexasm_{sym}_out");
        for k in 0..v.stmt.labels.len() {
            let _ = writeln!(template, "{}:", label(k));
            template.push_str(&edge(Some(k + 1)));
            if k + 1 < v.stmt.labels.len() {
                let _ = writeln!(template, "jmp .Lexasm_{sym}_out");
            }
        }
        let _ = writeln!(template, ".Lexasm_{sym}_out:");
    } else {
        template.push_str(&edge(None));
    }
    template.push_str(&suffix_all);

    // Outputs stored through pointers, and the return value.
    for p in params {
        let ParamRole::OutPtr { op } = p.role else { continue };
        let k = params.iter().position(|q| q.role == p.role).unwrap_or(0);
        let f = facts_of(req, op);
        match &a.locations[op] {
            Location::Reg { reg, .. } if reg.class() == RegClass::Gpr => {
                let ty = match if f.kind == ValueKind::Bool { 1 } else { f.size } {
                    1 => "u8",
                    2 => "u16",
                    4 => "u32",
                    _ => "u64",
                };
                let _ = writeln!(after, "    core::ptr::write_unaligned({} as *mut {ty}, o{op}_0 as {ty});", arg(k));
            }
            Location::Reg { reg, .. } if reg.class() == RegClass::Xmm && f.size <= 8 && !matches!(f.size, 4 | 8) => {
                // A 2-byte value (a short vector): its own bytes, no more.
                let _ = writeln!(after, "    core::ptr::copy_nonoverlapping(o{op}_0.to_bits().to_le_bytes().as_ptr(), {}, {});", arg(k), f.size);
            }
            Location::Reg { reg, .. } if reg.class() == RegClass::Xmm && f.size <= 8 => {
                let ty = if f.size == 4 { "f32" } else { "f64" };
                let val = if f.size == 4 { format!("f32::from_bits(o{op}_0.to_bits() as u32)") } else { format!("o{op}_0") };
                let _ = writeln!(after, "    core::ptr::write_unaligned({} as *mut {ty}, {val});", arg(k));
            }
            Location::RegPair { .. } => {
                let _ = writeln!(after, "    core::ptr::write_unaligned({} as *mut u64, o{op}_0);\n    core::ptr::write_unaligned(({} as *mut u64).add(1), o{op}_1);", arg(k), arg(k));
            }
            Location::Flag { .. } => {
                let _ = writeln!(after, "    core::ptr::write_unaligned({}, f{op});", arg(k));
            }
            _ => {}
        }
    }
    let slot_value = |s: &Slot| -> String {
        match s.role {
            SlotRole::Value { op, part } => format!("o{op}_{part}"),
            SlotRole::Flag { op } => format!("f{op} as u64"),
            SlotRole::GotoIndex => "idx".into(),
        }
    };
    let ret_val = match slots {
        [] => String::new(),
        [s] => slot_value(s),
        [s0, s1, ..] => format!("{sym}_r {{ s0: {}, s1: {} }}", slot_value(s0), slot_value(s1)),
    };
    let Signature { params: param_list, ret_ty, ret_decl } = signature(sym, params, slots);
    let mut opts = vec![];
    if !intel {
        opts.push("att_syntax");
    }
    // Without `nostack`, rustc keeps the stack aligned for a call around the asm (a push and a
    // pop in a thunk that needs no frame); gcc runs a leaf function's template on the unaligned
    // stack too, and so does the GAS thunk unless the template calls.
    if !touches_stack(&v.stmt.template.value) {
        opts.push("nostack");
    }
    let mut out = String::new();
    out.push_str(&ret_decl);
    let _ = writeln!(out, "#[no_mangle]\n#[inline(never)]\n#[allow(named_asm_labels, unused_unsafe, unused_variables, unused_assignments, clippy::all)]\npub unsafe extern \"C\" fn {sym}({param_list}){ret_ty} {{");
    out.push_str(&decls);
    let _ = writeln!(out, "    core::arch::asm!(\n        {:?},", template);
    for o in named.iter().chain(&operands) {
        let _ = writeln!(out, "        {o},");
    }
    if !opts.is_empty() {
        let _ = writeln!(out, "        options({}),", opts.join(", "));
    }
    let _ = writeln!(out, "    );");
    out.push_str(&after);
    if !ret_val.is_empty() {
        let _ = writeln!(out, "    {ret_val}");
    }
    let _ = writeln!(out, "}}");
    Ok(out)
}

/// A whole Rust file: the thunks, and file-scope asm as `global_asm!`. It builds with
/// `rustc --edition 2021 --crate-type staticlib -O` (or `--crate-type lib --emit obj`).
///
/// ```
/// let f = exasm_lower::rust::rust_file("a.c", &["fn x() {}".into()], &[".globl g\ng: ret".into()], false);
/// assert!(f.contains("global_asm!"));
/// ```
pub fn rust_file(source: &str, thunks: &[String], file_scope_asm: &[String], intel: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// Thunks generated by exasm for {source}: link in place of the GAS thunks.");
    let _ = writeln!(out, "#![allow(non_camel_case_types, dead_code, unused_unsafe, unused_imports, bad_asm_style)]\n");
    for a in file_scope_asm {
        out.push_str(&crate::translate::global_asm(a, intel, &[]));
        out.push('\n');
    }
    for t in thunks {
        out.push_str(t);
        out.push('\n');
    }
    out
}
