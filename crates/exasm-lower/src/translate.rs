//! Rust for C-to-Rust translators: a GCC statement becomes one `core::arch::asm!` invocation
//! usable inside the translated function body ([`inline_asm`]) wherever Rust's `asm!` can say
//! it, and otherwise a naked-function thunk with the GAS thunk's body plus the block that calls
//! it ([`asm_macro`] chooses; docs/translators.md). File-scope asm becomes
//! `core::arch::global_asm!` ([`global_asm`]).
//!
//! The mapping (REFERENCE.md): `=r` → `lateout`, `=&r` → `out`, `+r` → `inlateout`, `+&r` →
//! `inout`, tied inputs → `inout(..) in => out`, fixed registers → explicit registers, `q`/`Q`/`x`
//! → `reg_byte`/`reg_abcd`/`xmm_reg`, immediates → `const`, symbols → `sym`, memory → a pointer
//! in a register printed `(…)`/`[…]`, modifiers `b w k q h` → `l x e r h`, the default width
//! from the C type, `%c %n %P %a %z %H %=` resolved at translation time, flag outputs by `setcc`
//! appended to the template, register clobbers → `out("reg") _`, `memory`/`cc` → the absence of
//! `nomem`/`preserves_flags`, asm goto without outputs → `label` blocks. What Rust cannot say
//! (rbx/rbp operands, x87, MMX, goto with outputs) is an error of [`inline_asm`] naming the
//! reason, and [`asm_macro`]'s thunk.

use exasm_core::constraint::Access;
use exasm_core::diag::Diagnostic;
use exasm_core::facts::{ConstValue, OperandFacts, ValueKind};
use exasm_core::regs::{classes, PhysReg, RegClass};
use exasm_core::solve::{solve, Location};
use exasm_core::target::Target;
use exasm_core::template::{Dialect, OperandRef, Piece};
use exasm_core::validate::{Role, Validated};
use std::fmt::Write;

/// One written operand (outputs then inputs) as the translated Rust sees it.
#[derive(Clone, Debug)]
pub struct RustOperand {
    /// A Rust place (outputs, `+`) or value expression (inputs).
    pub expr: String,
    /// Its C facts (type class, size, constant value).
    pub facts: OperandFacts,
}

/// The `PTR` word Intel syntax sizes a memory operand of `size` bytes with.
fn intel_ptr(size: u32) -> &'static str {
    match size {
        1 => "byte ptr ",
        2 => "word ptr ",
        4 => "dword ptr ",
        8 => "qword ptr ",
        16 => "xmmword ptr ",
        _ => "",
    }
}

/// What a translator puts in place of an asm statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Translation {
    /// One `core::arch::asm!` invocation (a block when flag outputs need `u8` temporaries), in
    /// place of the statement.
    Inline(String),
    /// What `asm!` cannot say: `item`, a naked function (`#[unsafe(naked)]`, Rust 1.88+) with
    /// the GAS thunk's body, to add to the enclosing module once, and `call`, the block that
    /// calls it in place of the statement (operands evaluated once, in order; outputs stored
    /// back; the goto labels' blocks run by index).
    Thunk {
        /// The thunk: a private `unsafe extern "C" fn` (and its return struct, for two results).
        item: String,
        /// The block replacing the statement (needs an `unsafe` context, as `asm!` does).
        call: String,
        /// Why the statement is not an inline `asm!` ([`inline_asm`]'s error).
        why: String,
    },
}

/// The Rust for a statement: [`inline_asm`] where `asm!` can express it (rustc then sees the
/// operands and keeps the code inline), else a naked-function thunk named `symbol` (unique in
/// the crate) and the call that replaces the statement. An error only for what the GAS backend
/// cannot lower either.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_lower::translate::{asm_macro, RustOperand, Translation};
/// let t = Target::default();
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let s = parse_statements(r#"asm ("addl %2, %0" : "=r" (sum) : "0" (a), "rm" (b))"#).statements.remove(0);
/// let ops = ["sum", "a", "b"].map(|e| RustOperand { expr: e.into(), facts: int.clone() });
/// assert!(matches!(asm_macro(&validate(&s, &t), &ops, &[], &t, "th0").unwrap(), Translation::Inline(_)));
/// // rbx is reserved by LLVM: a naked thunk.
/// let s = parse_statements(r#"asm ("cpuid" : "=a" (a), "=b" (b) : "0" (leaf))"#).statements.remove(0);
/// let ops = ["a", "b", "leaf"].map(|e| RustOperand { expr: e.into(), facts: int.clone() });
/// let Translation::Thunk { item, call, .. } = asm_macro(&validate(&s, &t), &ops, &[], &t, "th1").unwrap() else { panic!() };
/// assert!(item.contains("#[unsafe(naked)]") && item.contains("cpuid"));
/// assert!(call.contains("th1("));
/// ```
pub fn asm_macro(v: &Validated, ops: &[RustOperand], labels: &[String], target: &Target, symbol: &str) -> Result<Translation, Vec<Diagnostic>> {
    match inline_asm(v, ops, labels, target) {
        Ok(text) => Ok(Translation::Inline(text)),
        Err(e) => {
            let why = e.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ");
            let (item, call) = naked_translation(v, ops, labels, target, symbol)?;
            Ok(Translation::Thunk { item, call, why })
        }
    }
}

/// Builds the `asm!` invocation; `labels` are the Rust blocks to run for each goto label. An
/// error names what `asm!` cannot say ([`asm_macro`] then makes a thunk).
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_lower::translate::{inline_asm, RustOperand};
/// let s = parse_statements(r#"asm ("addl %2, %0" : "=r" (sum) : "0" (a), "rm" (b))"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let ops = ["sum", "a", "b"].map(|e| RustOperand { expr: e.into(), facts: int.clone() });
/// let text = inline_asm(&v, &ops, &[], &Target::default()).unwrap();
/// assert!(text.contains("inlateout(reg) a => sum"));
/// assert!(text.contains("addl {1:e}, {0:e}"));
/// ```
pub fn inline_asm(v: &Validated, ops: &[RustOperand], labels: &[String], target: &Target) -> Result<String, Vec<Diagnostic>> {
    let at = v.stmt.keyword.span;
    let fail = |why: String| vec![Diagnostic::error(at, format!("no asm! equivalent: {why}"))];
    let facts: Vec<OperandFacts> = ops.iter().map(|o| o.facts.clone()).collect();
    let reserved_only = v.operands.iter().filter_map(|o| o.constraint.as_ref()).flat_map(|c| &c.alternatives).any(|a| {
        let r = a.regs;
        !r.is_empty() && r.iter().all(|x| x == PhysReg::RBX || x == PhysReg::RBP)
    });
    if reserved_only {
        return Err(fail("an operand fixed to rbx or rbp, which LLVM reserves: use the thunk".into()));
    }
    let alloc = solve(v, &facts, target, exasm_core::regs::RegSet::of(&[PhysReg::RBX, PhysReg::RBP]))?;
    let intel = target.dialect == Dialect::Intel;
    let written = |op: usize| match v.operands[op].role {
        Role::Output(i) | Role::HiddenInput(i) => Some(i),
        Role::Input(i) => Some(v.stmt.outputs.len() + i),
        Role::Label(_) => None,
    };
    let has_outputs = v.operands.iter().any(|o| o.is_output());
    if v.stmt.is_goto() && has_outputs {
        return Err(fail("asm goto with outputs (Rust's label operands take no outputs): use the thunk".into()));
    }
    // One asm! operand per gcc operand, except tied inputs, which merge into their output.
    let mut decl: Vec<Option<String>> = vec![None; v.operands.len()];
    // Operands given an explicit register: asm! cannot name them in the template, which then
    // spells the register itself.
    let mut explicit: Vec<Option<PhysReg>> = vec![None; v.operands.len()];
    let mut placeholder: Vec<usize> = (0..v.operands.len()).collect();
    let mut extra_template = String::new();
    let mut flag_temps: Vec<(usize, String, bool)> = Vec::new();
    for (op, o) in v.operands.iter().enumerate() {
        let loc = &alloc.locations[op];
        let alt = o.constraint.as_ref().and_then(|c| c.alternatives.get(alloc.alternative));
        let w = written(op);
        let f = w.map(|w| facts[w].clone()).unwrap_or_else(OperandFacts::label);
        let expr = w.map(|w| ops[w].expr.clone()).unwrap_or_default();
        let class = |reg: PhysReg| -> Result<String, Vec<Diagnostic>> {
            let allowed = alt.map_or(exasm_core::regs::RegSet::EMPTY, |a| a.regs);
            Ok(match reg.class() {
                RegClass::Gpr if allowed.len() == 1 => format!("\"{}\"", reg.name(if f.size == 1 || f.kind == ValueKind::Bool { 1 } else { 8 })),
                RegClass::Gpr if f.size == 1 || f.kind == ValueKind::Bool => "reg_byte".into(),
                RegClass::Gpr if allowed == classes::q_upper() => "reg_abcd".into(),
                RegClass::Gpr => "reg".into(),
                RegClass::Xmm if allowed.len() == 1 => format!("\"{}\"", reg.name(16)),
                RegClass::Xmm if f.size > 16 => "ymm_reg".into(),
                RegClass::Xmm => "xmm_reg".into(),
                other => return Err(fail(format!("a {other:?} register operand"))),
            })
        };
        let early = alt.is_some_and(|a| a.early_clobber);
        if matches!(loc, Location::Reg { .. } | Location::RegPair { .. }) && matches!(f.kind, ValueKind::Aggregate | ValueKind::Int128 | ValueKind::LongDouble) {
            return Err(fail(format!("operand {op}: a {:?} value in a register (asm! takes integers, floats, pointers and SIMD vectors)", f.kind)));
        }
        if alt.is_some_and(|a| a.address) {
            return Err(fail(format!("operand {op}: a 'p' address operand")));
        }
        if let Location::Reg { reg, .. } = loc {
            if alt.is_some_and(|a| a.regs.len() == 1) {
                explicit[op] = Some(*reg);
            }
        }
        match (&o.role, loc) {
            (Role::Label(k), _) => decl[op] = Some(format!("label {{ {} }}", labels.get(*k).cloned().unwrap_or_default())),
            (_, Location::Flag { cond }) => {
                // setcc writes a byte: a u8 temporary, converted after the asm!.
                decl[op] = Some(format!("out(reg_byte) __flag{op}"));
                let _ = write!(extra_template, "\nset{cond} {{{op}}}");
                flag_temps.push((op, expr.clone(), f.kind == ValueKind::Bool));
            }
            (Role::Output(_), Location::Reg { reg, .. }) => {
                let c = class(*reg)?;
                let access = o.constraint.as_ref().map(|c| c.access);
                decl[op] = Some(match (access, early) {
                    (Some(Access::UseDef), true) => format!("inout({c}) {expr}"),
                    (Some(Access::UseDef), false) => format!("inlateout({c}) {expr}"),
                    (_, true) => format!("out({c}) {expr}"),
                    _ => format!("lateout({c}) {expr}"),
                });
            }
            (Role::HiddenInput(out), _) => placeholder[op] = *out,
            (Role::Input(_), _) if o.ties.get(alloc.alternative).copied().flatten().is_some() => {
                let out = o.ties[alloc.alternative].expect("tied");
                placeholder[op] = out;
                if let (Location::Reg { reg, .. }, true) = (&alloc.locations[out], explicit[out].is_none() && explicit[op].is_some()) {
                    explicit[out] = Some(*reg);
                }
                let out_expr = written(out).map(|w| ops[w].expr.clone()).unwrap_or_default();
                let c = match &alloc.locations[out] {
                    Location::Reg { reg, .. } if explicit[out].is_some() => format!("\"{}\"", reg.name(if reg.class() == RegClass::Xmm { 16 } else { 8 })),
                    Location::Reg { reg, .. } => class(*reg)?,
                    _ => return Err(fail("a matching constraint on memory".into())),
                };
                let (io, late) = if alt.is_some_and(|a| a.early_clobber) { ("inout", "") } else { ("inlateout", "") };
                let _ = late;
                decl[out] = Some(format!("{io}({c}) {expr} => {out_expr}"));
            }
            (Role::Input(_), Location::Reg { reg, .. }) => decl[op] = Some(format!("in({}) {expr}", class(*reg)?)),
            // A static by its symbol, as gcc addresses it: no register.
            (_, Location::Mem(m)) if m.base.is_none() && m.index.is_none() && m.tls.is_none() && m.segment.is_none() && m.symbol.is_some() => {
                decl[op] = Some(format!("sym {}", m.symbol.as_deref().unwrap_or_default()));
            }
            (_, Location::Mem(_)) => {
                let ptr = if o.is_output() { format!("core::ptr::addr_of_mut!({expr})") } else { format!("core::ptr::addr_of!({expr})") };
                decl[op] = Some(format!("in(reg) {ptr}"));
            }
            (Role::Input(_), Location::Imm(ConstValue::Symbol { name, .. })) => decl[op] = Some(format!("sym {name}")),
            (Role::Input(_), Location::Imm(ConstValue::Int { .. })) => decl[op] = Some(format!("const {expr}")),
            (_, other) => return Err(fail(format!("operand {op} as {other:?}"))),
        }
    }
    // Every memory operand but a static's takes a pointer register of its own in `asm!` (gcc
    // addresses locals from the frame and shares one base among operands through one pointer):
    // with the registers of the other operands and the clobbers, it must fit in the 13 general
    // registers LLVM gives asm! (not rsp, rbx, rbp).
    let used = alloc.locations.iter().filter(|l| !matches!(l, Location::Mem(_))).fold(alloc.clobbers, |s, l| s.union(l.regs()));
    let pointers = decl.iter().filter(|d| d.as_deref().is_some_and(|d| d.starts_with("in(reg) core::ptr::addr_of"))).count();
    let gprs = used.iter().filter(|r| r.class() == RegClass::Gpr).count() + pointers;
    if gprs > 13 {
        return Err(fail(format!("{gprs} general registers with a pointer for each memory operand; asm! has 13 (LLVM keeps rsp, rbx and rbp)")));
    }
    // The template, with placeholders.
    let mut t = String::new();
    for p in &v.pieces {
        match p {
            Piece::Text { text } => t.push_str(&text.replace('{', "{{").replace('}', "}}")),
            Piece::Unique => {
                let _ = write!(t, "{}", v.stmt.span.start);
            }
            Piece::Punct { code: '*' } if !intel => t.push('*'),
            Piece::Punct { .. } => {}
            Piece::Operand { operand: OperandRef::Number(n), modifier, .. } => {
                let n = *n as usize;
                let Some(loc) = alloc.locations.get(n) else { continue };
                let ph = placeholder[n];
                let f = written(n).map(|w| facts[w].clone()).unwrap_or_else(OperandFacts::label);
                let text = match (loc, modifier) {
                    (Location::Label { .. }, _) => format!("{{{ph}}}"),
                    (Location::Reg { reg, .. }, m) if reg.class() == RegClass::Xmm => match (m, explicit[ph]) {
                        (_, Some(r)) => if intel { r.name(16) } else { format!("%{}", r.name(16)) },
                        (Some('t'), None) => format!("{{{ph}:y}}"),
                        (Some('g'), None) => format!("{{{ph}:z}}"),
                        _ => format!("{{{ph}:x}}"),
                    },
                    (Location::Reg { .. } | Location::Mem(_), Some('z')) if f.kind.is_integer() => {
                        if intel {
                            String::new()
                        } else {
                            ["b", "w", "l", "q"][(f.size.max(1).trailing_zeros() as usize).min(3)].to_string()
                        }
                    }
                    (Location::Reg { .. }, Some(m)) if !"bwkqhA".contains(*m) => return Err(fail(format!("modifier '%{m}' on a register"))),
                    (Location::Reg { reg, .. }, m) => {
                        let star = if *m == Some('A') && !intel { "*" } else { "" };
                        let size = match m {
                            Some('b') => 1,
                            Some('w') => 2,
                            Some('k') => 4,
                            Some('q') => 8,
                            Some('h') => 0,
                            _ if f.kind == ValueKind::Bool => 1,
                            _ => f.size,
                        };
                        let rm = match size {
                            0 => "h",
                            1 => "l",
                            2 => "x",
                            4 => "e",
                            _ => "r",
                        };
                        let byte_class = explicit[ph].is_none() && (f.size == 1 || f.kind == ValueKind::Bool);
                        star.to_string() + &match explicit[ph] {
                            None if byte_class && size == 1 => format!("{{{ph}}}"),
                            None if byte_class => return Err(fail(format!("a byte operand printed at {size} bytes (reg_byte takes no modifier)"))),
                            Some(_) => {
                                let name = if size == 0 { reg.high_name().unwrap_or("?").to_string() } else { reg.name(size) };
                                if intel {
                                    name
                                } else {
                                    format!("%{name}")
                                }
                            }
                            None => format!("{{{ph}:{rm}}}"),
                        }
                    }
                    (Location::Mem(m), modifier) if decl[ph].as_deref().is_some_and(|d| d.starts_with("sym ")) => {
                        let offset = m.offset + if *modifier == Some('H') { 8 } else { 0 };
                        let at = if offset == 0 { format!("{{{ph}}}") } else { format!("{{{ph}}}{offset:+}") };
                        if intel {
                            format!("{}[rip+{at}]", intel_ptr(f.size))
                        } else {
                            format!("{at}(%rip)")
                        }
                    }
                    (Location::Mem(_), Some('H')) => if intel { format!("[{{{ph}}}+8]") } else { format!("8({{{ph}}})") },
                    (Location::Mem(_), _) => {
                        if intel {
                            format!("{}[{{{ph}}}]", intel_ptr(f.size))
                        } else {
                            format!("({{{ph}}})")
                        }
                    }
                    (Location::Imm(ConstValue::Int { value }), Some('n')) => format!("{}", -value),
                    (Location::Imm(ConstValue::Int { value }), Some('c' | 'P' | 'p')) => format!("{value}"),
                    (Location::Imm(ConstValue::Int { value }), _) => if intel { format!("{value}") } else { format!("${value}") },
                    (Location::Imm(ConstValue::Symbol { offset, .. }), m) => {
                        let sym = if *offset == 0 { format!("{{{ph}}}") } else { format!("{{{ph}}}{offset:+}") };
                        match m {
                            Some('c' | 'P' | 'p') => sym,
                            Some('a') => if intel { format!("[rip+{sym}]") } else { format!("{sym}(%rip)") },
                            _ => if intel { format!("offset {sym}") } else { format!("${sym}") },
                        }
                    }
                    (other, m) => return Err(fail(format!("operand {n} as {other:?} with modifier {m:?}"))),
                };
                t.push_str(&text);
            }
            Piece::Operand { .. } => {}
        }
    }
    t.push_str(&extra_template);
    // Integer immediates are substituted into the template; their operands go.
    for (op, loc) in alloc.locations.iter().enumerate() {
        if matches!(loc, Location::Imm(ConstValue::Int { .. })) {
            decl[op] = None;
        }
    }
    // Placeholders are positional: renumber to the operands that remain, explicit registers
    // after them (asm! wants them last, unnamed).
    let positional: Vec<usize> = (0..v.operands.len()).filter(|&op| decl[op].is_some() && explicit[op].is_none()).collect();
    let registers: Vec<usize> = (0..v.operands.len()).filter(|&op| decl[op].is_some() && explicit[op].is_some()).collect();
    for (new, old) in positional.iter().enumerate().rev() {
        for suffix in ["}", ":"] {
            t = t.replace(&format!("{{{old}{suffix}"), &format!("{{\u{1}{new}{suffix}"));
        }
    }
    let mut t = t.replace('\u{1}', "");
    // Spellings GNU as takes and LLVM's assembler does not (`12+(%rax)`).
    t = crate::rust::llvm_compatible(&t);
    // LLVM spells Intel's 32-to-64-bit sign extension movsxd.
    if intel {
        t = t.lines().map(|l| if l.trim_start().starts_with("movsx ") && l.contains(":r}") && l.contains(":e}") { l.replacen("movsx ", "movsxd ", 1) } else { l.to_string() }).collect::<Vec<_>>().join("\n");
    }
    // asm! rejects operands the template never names: name them in a comment.
    for k in 0..positional.len() {
        if !t.contains(&format!("{{{k}}}")) && !t.contains(&format!("{{{k}:")) {
            let _ = write!(t, "\n# {{{k}}}");
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "core::arch::asm!(\n    {:?},", t);
    for op in positional.iter().chain(&registers) {
        if let Some(d) = &decl[*op] {
            let _ = writeln!(out, "    {d},");
        }
    }
    for r in alloc.clobbers.iter() {
        match r.class() {
            RegClass::Gpr if r == PhysReg::RBX || r == PhysReg::RBP => return Err(fail(format!("a {r} clobber (LLVM reserves it)"))),
            RegClass::Gpr | RegClass::Xmm => {
                let _ = writeln!(out, "    out(\"{}\") _,", r.name(if r.class() == RegClass::Xmm { 16 } else { 8 }));
            }
            _ => return Err(fail(format!("a {r} clobber"))),
        }
    }
    // `nostack` spares the enclosing function an aligned stack when the template uses none.
    let mut options: Vec<&str> = Vec::new();
    if !intel {
        options.push("att_syntax");
    }
    if !crate::rust::touches_stack(&v.stmt.template.value) {
        options.push("nostack");
    }
    if !options.is_empty() {
        let _ = writeln!(out, "    options({}),", options.join(", "));
    }
    out.push(')');
    if flag_temps.is_empty() {
        return Ok(out);
    }
    // Flag outputs need their u8 temporaries: one block.
    let mut block = String::from("{\n");
    for (op, _, _) in &flag_temps {
        let _ = writeln!(block, "let __flag{op}: u8;");
    }
    let _ = writeln!(block, "{out};");
    // `(b != 0) as _` converts to bool and to every integer type alike.
    for (op, expr, _) in &flag_temps {
        let _ = writeln!(block, "{expr} = (__flag{op} != 0) as _;");
    }
    block.push('}');
    Ok(block)
}

/// The naked thunk of a statement and the Rust block that calls it: the GAS thunk's
/// conventions (docs/thunk-abi.md), with every memory operand reached through a pointer the
/// call passes (a translated local has no frame slot the thunk could name) and symbols as
/// `sym` operands (a Rust static's symbol may be mangled).
fn naked_translation(v: &Validated, ops: &[RustOperand], labels: &[String], target: &Target, symbol: &str) -> Result<(String, String), Vec<Diagnostic>> {
    use crate::thunk::{prepare, unsupported, COperand, Request};
    use exasm_core::facts::{HomeBase, MemHome};
    let mut syms: Vec<(String, String)> = Vec::new();
    let mut marker = |name: &mut String| {
        let m = format!("__exasm_sym{}__", syms.len());
        syms.push((m.clone(), std::mem::replace(name, m)));
    };
    let facts: Vec<OperandFacts> = ops
        .iter()
        .map(|o| {
            let mut f = o.facts.clone();
            // The call has no index value: a pointer to the element.
            if f.home.as_ref().is_some_and(|h| h.index.is_some()) {
                f.home = None;
            }
            // A thread-local's address is Rust's to compute; a static's symbol is a `sym`.
            if f.tls.is_some() {
                f.symbol_home = None;
                f.tls = None;
            }
            if let Some((name, _)) = &mut f.symbol_home {
                marker(name);
            }
            if let Some(ConstValue::Symbol { name, .. }) = &mut f.constant {
                marker(name);
            }
            f
        })
        .collect();
    // A frame object (a local whose address does not escape) is copied into the thunk's frame
    // from the address the call passes: the object's start, `home.offset` bytes before its
    // first operand, and as many bytes as its operands reach. The C side of the GAS thunk is
    // not used: its expressions are placeholders.
    let frame_key = |f: &OperandFacts| match &f.home {
        Some(MemHome { base: HomeBase::Frame(k), index: None, .. }) => Some(k.clone()),
        _ => None,
    };
    let c_ops: Vec<COperand> = facts
        .iter()
        .enumerate()
        .map(|(w, f)| {
            let extent = frame_key(f).map(|k| facts.iter().filter(|g| frame_key(g).as_deref() == Some(k.as_str())).map(|g| g.home.as_ref().map_or(0, |h| h.offset) + i64::from(g.size)).max().unwrap_or(0));
            let frame_object = extent.map(|size| crate::thunk::FrameObject { expr: String::new(), size: size.max(1) as u64 });
            COperand { expr: format!("v{w}"), c_type: "unsigned long".into(), frame_object }
        })
        .collect();
    let req = Request { validated: v, operands: &c_ops, facts: &facts, target, symbol, unique: u64::from(v.stmt.span.start) };
    let (alloc, params, slots) = prepare(&req, None)?;
    let item = crate::rust::naked_thunk(&req, &alloc, &params, &slots, crate::rust::Export::Private, &syms).map_err(|e| unsupported(v, &e))?;
    let call = rust_call(v, ops, labels, &alloc, &params, &slots, symbol).map_err(|e| unsupported(v, &e))?;
    Ok((item, call))
}

/// The block that evaluates the operands once, in order, calls the thunk and stores its
/// results. Values cross as bytes (`size` of the C type, at most the Rust value's), so every
/// Rust type of the C type's layout works: integers, `bool`, floats, pointers, arrays, `#[repr(C)]`
/// structs and unions.
fn rust_call(v: &Validated, ops: &[RustOperand], labels: &[String], a: &exasm_core::solve::Allocation, params: &[crate::thunk::Param], slots: &[crate::thunk::Slot], sym: &str) -> Result<String, String> {
    use crate::thunk::{written_index, Class, ParamRole, SlotRole};
    let expr = |op: usize| written_index(v, op).and_then(|w| ops.get(w)).map(|o| o.expr.clone()).ok_or("an operand without its expression");
    let size = |op: usize| written_index(v, op).and_then(|w| ops.get(w)).map_or(8, |o| if o.facts.kind == ValueKind::Bool { 1 } else { o.facts.size.max(1) });
    let mut b = String::from("{\n");
    // Copies of `n` bytes (no more than the Rust value has) at byte `at` of a value, to and from
    // a register's 8 bytes.
    b.push_str("    #[allow(dead_code)]\n    #[inline(always)]\n    unsafe fn __exasm_in<T>(v: *const T, n: usize, at: usize) -> u64 {\n        let n = core::mem::size_of::<T>().min(n);\n        let mut r = 0u64;\n        if n > at {\n            core::ptr::copy_nonoverlapping((v as *const u8).add(at), core::ptr::addr_of_mut!(r) as *mut u8, (n - at).min(8));\n        }\n        r\n    }\n");
    b.push_str("    #[allow(dead_code)]\n    #[inline(always)]\n    unsafe fn __exasm_out<T>(p: *mut T, from: *const u8, n: usize, at: usize) {\n        let n = core::mem::size_of::<T>().min(n);\n        if n > at {\n            core::ptr::copy_nonoverlapping(from, (p as *mut u8).add(at), (n - at).min(8));\n        }\n    }\n");
    // Outputs' places, once.
    for (op, o) in v.operands.iter().enumerate() {
        if let Role::Output(_) = o.role {
            let _ = writeln!(b, "    let __exasm_p{op} = core::ptr::addr_of_mut!({});", expr(op)?);
        }
    }
    // An input's value, by address: a hidden input (`+`) reads its output's place.
    let mut bound: Vec<usize> = Vec::new();
    let mut value_ptr = |b: &mut String, op: usize| -> Result<String, String> {
        Ok(match v.operands[op].role {
            Role::HiddenInput(o) => format!("__exasm_p{o} as *const _"),
            _ => {
                if !bound.contains(&op) {
                    bound.push(op);
                    let _ = writeln!(b, "    let __exasm_v{op} = &({});", expr(op)?);
                }
                format!("__exasm_v{op} as *const _")
            }
        })
    };
    let mut args = Vec::new();
    let mut after = String::new();
    for (k, p) in params.iter().enumerate() {
        let arg = format!("__exasm_a{k}");
        match p.role {
            ParamRole::Value { op, part } => {
                let ptr = value_ptr(&mut b, op)?;
                let bits = format!("__exasm_in({ptr}, {}, {})", size(op), 8 * part);
                let val = if p.class == Class::Sse { format!("f64::from_bits({bits})") } else { bits };
                let _ = writeln!(b, "    let {arg} = {val};");
            }
            // A frame copy's object starts `home.offset` bytes before the operand (see
            // `naked_translation`).
            ParamRole::FrameCopy { op } => {
                let w = written_index(v, op).ok_or("a frame operand without its expression")?;
                let offset = ops.get(w).and_then(|o| o.facts.home.as_ref()).map_or(0, |h| h.offset);
                let ptr = match v.operands[op].role {
                    Role::Output(_) => format!("__exasm_p{op}"),
                    _ if ops[w].facts.lvalue => format!("core::ptr::addr_of!({})", expr(op)?),
                    _ => value_ptr(&mut b, op)?,
                };
                let _ = writeln!(b, "    let {arg} = ({ptr} as *mut u8).wrapping_sub({offset});");
            }
            ParamRole::MemPtr { op } | ParamRole::InPtr { op } => {
                let ptr = match v.operands[op].role {
                    Role::Output(_) => format!("__exasm_p{op}"),
                    _ if ops.get(written_index(v, op).unwrap_or(usize::MAX)).is_some_and(|o| o.facts.lvalue) && matches!(p.role, ParamRole::MemPtr { .. }) => format!("core::ptr::addr_of!({})", expr(op)?),
                    _ => value_ptr(&mut b, op)?,
                };
                let _ = writeln!(b, "    let {arg} = {ptr} as *mut u8;");
            }
            ParamRole::OutPtr { op } => {
                let n = size(op);
                let _ = writeln!(b, "    let mut __exasm_o{k} = [0u64; {}];", n.div_ceil(8).max(1));
                let _ = writeln!(b, "    let {arg} = __exasm_o{k}.as_mut_ptr() as *mut u8;");
                for at in (0..n).step_by(8) {
                    let _ = writeln!(after, "    __exasm_out(__exasm_p{op}, core::ptr::addr_of!(__exasm_o{k}[{}]) as *const u8, {n}, {at});", at / 8);
                }
            }
        }
        args.push(arg);
    }
    let call = format!("{sym}({})", args.join(", "));
    let result = |i: usize| if slots.len() == 1 { "__exasm_r".to_string() } else { format!("__exasm_r.s{i}") };
    if slots.is_empty() {
        let _ = writeln!(b, "    {call};");
    } else {
        let _ = writeln!(b, "    let __exasm_r = {call};");
    }
    let mut goto_index = None;
    for (i, s) in slots.iter().enumerate() {
        match s.role {
            SlotRole::GotoIndex => goto_index = Some(result(i)),
            SlotRole::Flag { op } | SlotRole::Value { op, .. } => {
                let part = if let SlotRole::Value { part, .. } = s.role { part } else { 0 };
                let bits = if s.class == Class::Sse { format!("{}.to_bits()", result(i)) } else { result(i) };
                let _ = writeln!(b, "    let __exasm_s{i}: u64 = {bits};");
                let _ = writeln!(b, "    __exasm_out(__exasm_p{op}, core::ptr::addr_of!(__exasm_s{i}) as *const u8, {}, {});", size(op), 8 * part);
            }
        }
    }
    b.push_str(&after);
    if let Some(idx) = goto_index {
        let _ = writeln!(b, "    match {idx} {{");
        for k in 0..v.stmt.labels.len() {
            let _ = writeln!(b, "        {} => {{ {} }}", k + 1, labels.get(k).map_or("", String::as_str));
        }
        let _ = writeln!(b, "        _ => {{}}\n    }}");
    }
    let _ = a;
    b.push('}');
    Ok(b)
}

/// File-scope asm (`asm("...")` outside functions, basic asm: its text is the assembly) as one
/// `core::arch::global_asm!` item: AT&T text with `options(att_syntax)`, Intel text (under
/// `-masm=intel`) as it is, `{` and `}` escaped. `statics` are `(C name, Rust path)`: each
/// whole-word use of a C name in the text becomes a `sym` operand of the Rust path, so the asm
/// reaches a translated static whatever symbol rustc gives it.
///
/// ```
/// use exasm_lower::translate::global_asm;
/// let g = global_asm(".globl bump\nbump:\n\tincq counter(%rip)\n\tmovq counter(%rip), %rax\n\tret", false, &[("counter", "crate::COUNTER")]);
/// assert_eq!(g, "core::arch::global_asm!(\".globl bump\\nbump:\\n\\tincq {s0}(%rip)\\n\\tmovq {s0}(%rip), %rax\\n\\tret\", s0 = sym crate::COUNTER, options(att_syntax));\n");
/// // Not in a string, and braces escaped.
/// let g = global_asm(".ascii \"counter\"\n.byte 0x7b # {", true, &[("counter", "C")]);
/// assert_eq!(g, "core::arch::global_asm!(\".ascii \\\"counter\\\"\\n.byte 0x7b # {{\");\n");
/// ```
pub fn global_asm(text: &str, intel: bool, statics: &[(&str, &str)]) -> String {
    let escaped = text.replace('{', "{{").replace('}', "}}");
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$';
    let mut out = String::with_capacity(escaped.len());
    let mut used: Vec<usize> = Vec::new();
    let mut rest = escaped.as_str();
    // Words outside string literals (`.ascii "counter"` names nothing).
    let mut in_string = false;
    while let Some(start) = rest.find(|c: char| ident(c) || c == '"') {
        out.push_str(&rest[..start]);
        if rest[start..].starts_with('"') {
            let escaped_quote = out.ends_with('\\') && !out.ends_with("\\\\");
            in_string ^= !escaped_quote;
            out.push('"');
            rest = &rest[start + 1..];
            continue;
        }
        let len = rest[start..].find(|c: char| !ident(c)).unwrap_or(rest.len() - start);
        let word = &rest[start..start + len];
        match statics.iter().position(|(c, _)| *c == word).filter(|_| !in_string) {
            Some(k) => {
                let _ = write!(out, "{{s{k}}}");
                if !used.contains(&k) {
                    used.push(k);
                }
            }
            None => out.push_str(word),
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    let mut operands = String::new();
    used.sort_unstable();
    for k in used {
        let _ = write!(operands, ", s{k} = sym {}", statics[k].1);
    }
    format!("core::arch::global_asm!({out:?}{operands}{});\n", if intel { "" } else { ", options(att_syntax)" })
}
