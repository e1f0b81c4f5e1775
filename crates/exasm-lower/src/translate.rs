//! `asm!` text for C-to-Rust translators: a GCC statement becomes one `core::arch::asm!`
//! invocation usable inside the translated function body (no thunk).
//!
//! The mapping (REFERENCE.md): `=r` → `lateout`, `=&r` → `out`, `+r` → `inlateout`, `+&r` →
//! `inout`, tied inputs → `inout(..) in => out`, fixed registers → explicit registers, `q`/`Q`/`x`
//! → `reg_byte`/`reg_abcd`/`xmm_reg`, immediates → `const`, symbols → `sym`, memory → a pointer
//! in a register printed `(…)`/`[…]`, modifiers `b w k q h` → `l x e r h`, the default width
//! from the C type, `%c %n %P %a %z %H %=` resolved at translation time, flag outputs by `setcc`
//! appended to the template, register clobbers → `out("reg") _`, `memory`/`cc` → the absence of
//! `nomem`/`preserves_flags`, asm goto without outputs → `label` blocks. What Rust cannot say
//! (rbx/rbp operands, x87, MMX, goto with outputs) is an error naming the reason: use the thunk.

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

/// Builds the `asm!` invocation; `labels` are the Rust blocks to run for each goto label.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_lower::translate::{asm_macro, RustOperand};
/// let s = parse_statements(r#"asm ("addl %2, %0" : "=r" (sum) : "0" (a), "rm" (b))"#).statements.remove(0);
/// let v = validate(&s, &Target::default());
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let ops = ["sum", "a", "b"].map(|e| RustOperand { expr: e.into(), facts: int.clone() });
/// let text = asm_macro(&v, &ops, &[], &Target::default()).unwrap();
/// assert!(text.contains("inlateout(reg) a => sum"));
/// assert!(text.contains("addl {1:e}, {0:e}"));
/// ```
pub fn asm_macro(v: &Validated, ops: &[RustOperand], labels: &[String], target: &Target) -> Result<String, Vec<Diagnostic>> {
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
            (_, Location::Mem(_)) => {
                let ptr = if o.is_output() { format!("core::ptr::addr_of_mut!({expr})") } else { format!("core::ptr::addr_of!({expr})") };
                decl[op] = Some(format!("in(reg) {ptr}"));
            }
            (Role::Input(_), Location::Imm(ConstValue::Symbol { name, .. })) => decl[op] = Some(format!("sym {name}")),
            (Role::Input(_), Location::Imm(ConstValue::Int { .. })) => decl[op] = Some(format!("const {expr}")),
            (_, other) => return Err(fail(format!("operand {op} as {other:?}"))),
        }
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
                    (Location::Mem(_), Some('H')) => if intel { format!("[{{{ph}}}+8]") } else { format!("8({{{ph}}})") },
                    (Location::Mem(_), _) => {
                        if intel {
                            let prefix = match f.size {
                                1 => "byte ptr ",
                                2 => "word ptr ",
                                4 => "dword ptr ",
                                8 => "qword ptr ",
                                16 => "xmmword ptr ",
                                _ => "",
                            };
                            format!("{prefix}[{{{ph}}}]")
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
    if !intel {
        let _ = writeln!(out, "    options(att_syntax),");
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
