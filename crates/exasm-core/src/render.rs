//! The renderer: a template printed as gcc prints it, for an allocation.
//!
//! Every operand modifier of gcc's x86 port is printed as `ix86_print_operand` prints it, in
//! AT&T and Intel syntax, with gcc's errors and warnings for invalid combinations (checked by
//! the test suite against `gcc -S` output).

use crate::diag::Diagnostic;
use crate::facts::{ConstValue, OperandFacts, SymbolKind, ValueKind};
use crate::regs::{PhysReg, RegClass};
use crate::solve::{fact_of, Allocation, Location, MemRef};
use crate::target::Target;
use crate::template::{Dialect, OperandRef, Piece};
use crate::validate::{Role, Validated};
use std::fmt::{self, Write};

/// Caller-supplied naming for what only the embedding knows.
///
/// ```
/// use exasm_core::render::RenderOptions;
/// let names = ["done", "fail"];
/// let label = |k: usize| format!(".L_{}", names[k]);
/// let opts = RenderOptions { unique: 3, label: &label };
/// assert_eq!((opts.label)(1), ".L_fail");
/// assert_eq!((RenderOptions::default().label)(1), ".L1");
/// ```
pub struct RenderOptions<'a> {
    /// The number `%=` prints for this statement instance.
    pub unique: u64,
    /// The assembler label for goto label `k` (the k-th label of the statement).
    pub label: &'a dyn Fn(usize) -> String,
}

fn numbered_label(k: usize) -> String {
    format!(".L{k}")
}

impl Default for RenderOptions<'_> {
    /// `%=` prints 0; goto label `k` is `.L<k>`.
    fn default() -> Self {
        RenderOptions { unique: 0, label: &numbered_label }
    }
}

/// A rendered template and what gcc would say while printing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The assembler text.
    pub text: String,
    /// Errors and warnings from the output stage.
    pub diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// Any error?
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Rendered {
    /// The assembler text, in the dialect it was rendered for.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A [`Location`] printed in a dialect, as `%n` prints it without a modifier; from
/// [`Location::display`].
pub struct LocationDisplay<'a> {
    location: &'a Location,
    dialect: Dialect,
}

impl Location {
    /// The location as the template prints `%n` in `dialect`. `Display` on the location itself
    /// prints AT&T, and Intel with the alternate flag (`{:#}`).
    ///
    /// ```
    /// use exasm_core::{regs::PhysReg, solve::{Location, MemRef}, template::Dialect};
    /// let r = Location::Reg { reg: PhysReg::RAX, width: 4 };
    /// assert_eq!(r.to_string(), "%eax");
    /// assert_eq!(r.display(Dialect::Intel).to_string(), "eax");
    /// let m = Location::Mem(MemRef { base: Some(PhysReg::RDI), index: None, frame: false, symbol: None, offset: 8, size: 4, tls: None, segment: None });
    /// assert_eq!(m.to_string(), "8(%rdi)");
    /// assert_eq!(format!("{m:#}"), "DWORD PTR 8[rdi]"); // as gcc prints it
    /// ```
    pub fn display(&self, dialect: Dialect) -> LocationDisplay<'_> {
        LocationDisplay { location: self, dialect }
    }
}

impl fmt::Display for LocationDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let intel = self.dialect == Dialect::Intel;
        let target = Target { dialect: self.dialect, ..Target::default() };
        let mut out = String::new();
        match self.location {
            Location::Reg { reg, width } => push_reg(&mut out, *reg, *width, intel),
            Location::RegPair { lo, hi } => {
                push_reg(&mut out, *hi, 8, intel);
                out.push(':');
                push_reg(&mut out, *lo, 8, intel);
            }
            Location::Mem(m) => {
                let _ = print_mem(m, &OperandFacts::lvalue(ValueKind::Int, m.size), None, &target, &mut out);
            }
            Location::Imm(c) => {
                let _ = print_imm(c, None, &target, &mut out);
            }
            Location::Flag { cond } => {
                let _ = write!(out, "flag {cond} ({})", cond.meaning());
            }
            Location::Label { name } => out.push_str(name),
        }
        f.write_str(&out)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dialect = if f.alternate() { Dialect::Intel } else { Dialect::Att };
        self.display(dialect).fmt(f)
    }
}

/// An [`Allocation`] printed in a dialect (`%0 %eax, %1 -8(%rsp)`); from
/// [`Allocation::display`].
pub struct AllocationDisplay<'a> {
    allocation: &'a Allocation,
    dialect: Dialect,
}

impl Allocation {
    /// Every operand's location in `dialect`, in gcc's numbering. `Display` on the allocation
    /// itself prints AT&T, and Intel with the alternate flag (`{:#}`).
    ///
    /// ```
    /// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, regs::RegSet};
    /// use exasm_core::{solve::solve, target::Target, template::Dialect, validate::validate};
    /// let s = parse_statements(r#"asm ("mulq %2" : "=a" (lo), "=d" (hi) : "rm" (y), "0" (x))"#).statements.remove(0);
    /// let t = Target::default();
    /// let long = OperandFacts::lvalue(ValueKind::Int, 8);
    /// let a = solve(&validate(&s, &t), &[long.clone(), long.clone(), long.clone(), long], &t, RegSet::EMPTY).unwrap();
    /// assert_eq!(a.to_string(), "%0 %rax, %1 %rdx, %2 %rcx, %3 %rax");
    /// assert_eq!(a.display(Dialect::Intel).to_string(), "%0 rax, %1 rdx, %2 rcx, %3 rax");
    /// ```
    pub fn display(&self, dialect: Dialect) -> AllocationDisplay<'_> {
        AllocationDisplay { allocation: self, dialect }
    }
}

impl fmt::Display for AllocationDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, l) in self.allocation.locations.iter().enumerate() {
            if n > 0 {
                f.write_str(", ")?;
            }
            write!(f, "%{n} {}", l.display(self.dialect))?;
        }
        Ok(())
    }
}

impl fmt::Display for Allocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dialect = if f.alternate() { Dialect::Intel } else { Dialect::Att };
        self.display(dialect).fmt(f)
    }
}

/// What printing one operand said besides the text it appended. On an error the caller drops
/// whatever was appended.
enum Printed {
    Done,
    /// The text, with a warning.
    Warn(String),
    /// An error printed with gcc's `invalid 'asm': ` prefix.
    AsmError(String),
    /// An error printed without the prefix.
    Error(String),
    /// A warning, then an error without the prefix.
    WarnError(String, String),
}

use Printed::{AsmError, Done, Error, Warn, WarnError};

/// Appends `s`: the operand printed as `s`.
fn text(out: &mut String, s: &str) -> Printed {
    out.push_str(s);
    Done
}

/// Renders a validated statement under an allocation.
///
/// ```
/// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_core::regs::RegSet;
/// use exasm_core::solve::solve;
/// use exasm_core::render::{render, RenderOptions};
/// let s = parse_statements(r#"asm ("bswap %k0 # %=" : "+a" (x))"#).statements.remove(0);
/// let t = Target::default();
/// let v = validate(&s, &t);
/// let facts = [OperandFacts::lvalue(ValueKind::Int, 8)];
/// let a = solve(&v, &facts, &t, RegSet::EMPTY).unwrap();
/// let r = render(&v, &a, &facts, &t, &RenderOptions { unique: 7, label: &|k| format!(".L{k}") });
/// assert_eq!(r.text, "bswap %eax # 7");
/// ```
pub fn render(v: &Validated, alloc: &Allocation, facts: &[OperandFacts], target: &Target, opts: &RenderOptions) -> Rendered {
    let at = v.stmt.keyword.span;
    if let Err(d) = crate::solve::check_facts(v, facts) {
        return Rendered { text: String::new(), diagnostics: vec![d] };
    }
    let mut text = String::with_capacity(v.stmt.template.value.len() + 32);
    let mut diagnostics = Vec::new();
    let intel = target.dialect == Dialect::Intel;
    for piece in &v.pieces {
        match piece {
            Piece::Text { text: t } => text.push_str(t),
            Piece::Unique => write!(text, "{}", opts.unique).expect("writing to a String"),
            Piece::Punct { code } => match code {
                '*' if !intel => text.push('*'),
                '~' => text.push(if target.avx2 { 'i' } else { 'f' }),
                '&' => diagnostics.push(Diagnostic::error(at, "invalid 'asm': '%&' used without any local dynamic TLS references")),
                _ => {}
            },
            Piece::Operand { operand, modifier, .. } => {
                let OperandRef::Number(n) = operand else { continue };
                let n = *n as usize;
                let Some(loc) = alloc.locations.get(n) else { continue };
                if n >= v.operands.len() {
                    continue;
                }
                let f = fact_of(v, facts, n);
                let start = text.len();
                let printed = match (&v.operands[n].role, loc) {
                    (Role::Label(k), _) => print_label(&(opts.label)(*k), *modifier, target, &mut text),
                    _ if kept_as_expression(v, n, f, target) => AsmError("invalid expression as operand".into()),
                    _ => print_operand(loc, f, *modifier, target, &mut text),
                };
                match printed {
                    Done => {}
                    Warn(w) => diagnostics.push(Diagnostic::warning(at, w)),
                    AsmError(e) => {
                        text.truncate(start);
                        diagnostics.push(Diagnostic::error(at, format!("invalid 'asm': {e}")));
                    }
                    Error(e) => {
                        text.truncate(start);
                        diagnostics.push(Diagnostic::error(at, e));
                    }
                    WarnError(w, e) => {
                        text.truncate(start);
                        diagnostics.push(Diagnostic::warning(at, w));
                        diagnostics.push(Diagnostic::error(at, e));
                    }
                }
            }
        }
    }
    Rendered { text, diagnostics }
}

/// gcc keeps an input whose constraint takes anything (`X`, or empty) as the expression
/// itself where it can, and then cannot print it: when optimizing, combine substitutes the
/// computation of an operator on a value that is not constant (`y + 1`, `-y`, `y << 1`,
/// `y == 0`, `c ? a : b`); at -O0 an empty constraint keeps a sum or a difference (`y + 1`,
/// `p - 1`: expanded as an initializer), where `X` takes a register. Printing it is "invalid
/// expression as operand" (for `y * 3`, `y % 3` or `y + z`, gcc 12 crashes instead). Casts are
/// not modelled (gcc keeps some: `(long)y`).
fn kept_as_expression(v: &Validated, n: usize, f: &OperandFacts, target: &Target) -> bool {
    let Role::Input(k) = v.operands[n].role else { return false };
    let Some(c) = &v.operands[n].constraint else { return false };
    if f.lvalue || f.constant.is_some() || f.fixed_reg.is_some() {
        return false;
    }
    let empty = c.text.is_empty();
    if !empty && !c.text.chars().all(|ch| ch == 'X') {
        return false;
    }
    let Some(decl) = v.stmt.inputs.get(k) else { return false };
    let e = decl.expr.value.as_bytes();
    // Operators outside parentheses and brackets: (offset, is it binary).
    let mut depth = 0i32;
    let mut ops = Vec::new();
    let mut previous_is_operand = false;
    let mut i = 0;
    while i < e.len() {
        let ch = e[i];
        match ch {
            b'(' | b'[' => {
                depth += 1;
                previous_is_operand = false;
            }
            b')' | b']' => {
                depth -= 1;
                previous_is_operand = true;
            }
            b'-' if e.get(i + 1) == Some(&b'>') => {
                i += 1;
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'&' | b'|' | b'^' | b'=' | b'!' | b'~' | b'?' if depth == 0 => {
                ops.push((ch, previous_is_operand));
                previous_is_operand = false;
                // `++`, `<<`, `&&`, `==`, ...: one operator.
                while e.get(i + 1).is_some_and(|c| b"+-<>&|=".contains(c)) && !(e[i + 1] == b'-' && ch != b'-') {
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ if depth == 0 => previous_is_operand = true,
            _ => {}
        }
        i += 1;
    }
    if target.optimize {
        !ops.is_empty()
    } else {
        empty && ops.iter().any(|&(op, binary)| binary && matches!(op, b'+' | b'-'))
    }
}

/// Where operand `n` lives, printed as `%n` would print it in the template (`%eax`,
/// `-24(%rsp)`, `$42`; Intel syntax under `-masm=intel`), a flag output as `flag c (carry)`;
/// for people reading an allocation (`exasm explain`).
///
/// ```
/// use exasm_core::{parse::parse_statements, solve::solve, target::Target, validate::validate};
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// use exasm_core::regs::RegSet;
/// let stmt = &parse_statements(r#"asm("addl %2, %0" : "+r"(x), "=@ccc"(c) : "i"(42));"#).statements[0];
/// let target = Target::default();
/// let v = validate(stmt, &target);
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let facts = vec![int.clone(), OperandFacts::lvalue(ValueKind::Int, 1), OperandFacts::int_constant(4, 42)];
/// let a = solve(&v, &facts, &target, RegSet::EMPTY).unwrap();
/// let shown: Vec<String> = (0..3).map(|n| exasm_core::render::describe_location(&v, &a, &facts, &target, n)).collect();
/// assert_eq!(shown, ["%eax", "flag c (carry)", "$42"]);
/// ```
pub fn describe_location(v: &Validated, alloc: &Allocation, facts: &[OperandFacts], target: &Target, n: usize) -> String {
    let Some(loc) = alloc.locations.get(n) else { return String::new() };
    if let Location::Flag { cond } = loc {
        return format!("flag {cond} ({})", cond.meaning());
    }
    let mut out = String::new();
    if n < v.operands.len() {
        let _ = print_operand(loc, fact_of(v, facts, n), None, target, &mut out);
    }
    out
}

fn print_label(asm_label: &str, modifier: Option<char>, target: &Target, out: &mut String) -> Printed {
    match modifier {
        Some('l') | Some('c') | Some('p') | Some('P') => text(out, asm_label),
        _ => {
            out.push_str(if target.dialect == Dialect::Intel { "OFFSET FLAT:" } else { "$" });
            out.push_str(asm_label);
            Warn("label operand printed without '%l': the assembler gets an immediate; write %l to jump to it".into())
        }
    }
}

/// Prints one operand with a modifier, as gcc's x86 `print_operand` does.
fn print_operand(loc: &Location, f: &OperandFacts, modifier: Option<char>, target: &Target, out: &mut String) -> Printed {
    let intel = target.dialect == Dialect::Intel;
    if let Some(p) = modifier.and_then(|m| print_code(loc, f, m, target, out)) {
        return p;
    }
    match loc {
        Location::Reg { reg, width } => print_reg(*reg, *width, f, modifier, intel, out),
        // A 16-byte value in a GPR pair prints its first register, with gcc's warning (and its
        // error when that register is r8-r15), with `%P`, `%p` and `%A` too.
        Location::RegPair { lo, .. } if matches!(modifier, None | Some('P' | 'p' | 'A')) => {
            if modifier == Some('A') && !intel {
                out.push('*');
            }
            push_reg(out, *lo, 8, intel);
            if lo.is_extended_gpr() {
                WarnError("unsupported size for integer register".into(), "unsupported operand size for extended register".into())
            } else {
                Warn("unsupported size for integer register".into())
            }
        }
        Location::RegPair { lo, .. } => print_reg(*lo, 8, f, modifier, intel, out),
        Location::Mem(m) => print_mem(m, f, modifier, target, out),
        Location::Imm(c) => print_imm(c, modifier, target, out),
        Location::Flag { .. } => AsmError("invalid use of asm flag output".into()),
        Location::Label { name } => text(out, name),
    }
}

/// Codes whose meaning does not depend on the operand's kind, or that only check it: the
/// condition, rounding and HLE codes, codes that print nothing, `s` (a shift count), `z`/`Z`
/// (size suffixes), and `X` `d` `y` (the operand itself, with their small twists). Appends
/// nothing when it returns `None`.
fn print_code(loc: &Location, f: &OperandFacts, m: char, target: &Target, out: &mut String) -> Option<Printed> {
    let intel = target.dialect == Dialect::Intel;
    let int = match loc {
        Location::Imm(ConstValue::Int { value }) => Some(*value),
        _ => None,
    };
    let with_comma = |out: &mut String, text: &str| {
        if intel {
            out.push_str(", ");
            out.push_str(text);
        } else {
            out.push_str(text);
            out.push_str(", ");
        }
        Done
    };
    Some(match m {
        'C' | 'D' | 'F' | 'Y' | 'f' => AsmError(format!("operand is not a condition code, invalid operand code '{m}'")),
        'E' => AsmError("invalid constraints for operand".into()),
        'G' | 'I' | 'J' | 'U' | 'e' | 'i' | 'j' | 'm' | 'o' | 'u' | 'v' => AsmError(format!("invalid operand code '{m}'")),
        'M' | 'N' | 'O' => Done,
        // HLE prefixes, from bits 16 and 17 of an integer.
        'K' => match int {
            Some(v) if v & 0x1_0000 != 0 => text(out, "xacquire "),
            Some(v) if v & 0x2_0000 != 0 => text(out, "xrelease "),
            Some(_) => Done,
            None => AsmError("operand is not an integer, invalid operand code 'K'".into()),
        },
        // AVX-512 embedded rounding: 8..=11 are {rn,rd,ru,rz}-sae; `r` takes only 8 ({sae}).
        'R' => match int {
            Some(v @ 8..=11) => with_comma(out, ["{rn-sae}", "{rd-sae}", "{ru-sae}", "{rz-sae}"][(v - 8) as usize]),
            Some(_) => AsmError("operand is not a specific integer, invalid operand code 'R'".into()),
            None => AsmError("operand is not an integer, invalid operand code 'R'".into()),
        },
        'r' => match int {
            Some(8) => with_comma(out, "{sae}"),
            _ => AsmError("operand is not a specific integer, invalid operand code 'r'".into()),
        },
        // A shift count: an integer followed by a comma, anything else nothing.
        's' => match int {
            Some(v) => {
                write!(out, "{}{v}, ", if intel { "" } else { "$" }).expect("writing to a String");
                Done
            }
            None => Done,
        },
        'z' | 'Z' => size_suffix(loc, f, m, intel, out),
        'X' => match loc {
            // Intel memory without its size.
            Location::Mem(mem) if intel => print_mem(&MemRef { size: 0, ..mem.clone() }, &OperandFacts { kind: ValueKind::Aggregate, ..f.clone() }, None, target, out),
            _ => print_operand(loc, f, None, target, out),
        },
        // AVX three-operand forms repeat an SSE register.
        'd' => match loc {
            Location::Reg { reg, .. } if reg.class() == RegClass::Xmm && target.avx => {
                let start = out.len();
                match print_operand(loc, f, None, target, out) {
                    Done => {
                        let t = out[start..].to_string();
                        out.push_str(", ");
                        out.push_str(&t);
                        Done
                    }
                    other => other,
                }
            }
            _ => print_operand(loc, f, None, target, out),
        },
        // `st(0)` spelled out.
        'y' => match loc {
            Location::Reg { reg, .. } if *reg == PhysReg::ST0 => {
                push_reg_text(out, "st(0)", intel);
                Done
            }
            _ => print_operand(loc, f, None, target, out),
        },
        _ => return None,
    })
}

/// `%z` and `%Z`: the AT&T suffix of the operand's mode (`Z` spells x87 integer loads: `s` for
/// 16 bits and no 8-bit form). `z` on a float warns and then behaves as `Z`.
fn size_suffix(loc: &Location, f: &OperandFacts, m: char, intel: bool, out: &mut String) -> Printed {
    let mode_size = match loc {
        Location::Reg { width, .. } if f.kind.is_integer() => Some(*width),
        Location::RegPair { .. } => Some(16),
        Location::Mem(mem) if f.kind.is_integer() || f.kind == ValueKind::Int128 => Some(mem.size),
        Location::Imm(ConstValue::Symbol { .. }) => Some(8),
        // An integer constant has no mode.
        Location::Imm(_) => None,
        _ if f.kind.is_integer() || f.kind == ValueKind::Int128 => Some(f.size),
        _ => None,
    };
    let float = !matches!(loc, Location::Imm(_)) && f.kind.is_float();
    if m == 'z' {
        if let (Some(size), false) = (mode_size, float) {
            return match size {
                _ if intel => Done,
                1 | 2 | 4 | 8 => text(out, suffix_letter(size)),
                _ => AsmError("invalid operand size for operand code 'z'".into()),
            };
        }
    }
    let z: Result<&str, String> = match (mode_size, float) {
        _ if intel => Ok(""),
        (Some(2), false) => Ok("s"),
        (Some(4), false) => Ok("l"),
        (Some(8), false) => Ok("q"),
        (Some(_), false) => Err(format!("invalid operand size for operand code '{m}'")),
        // x87 registers take no suffix.
        (_, true) if matches!(loc, Location::Reg { reg, .. } if reg.class() == RegClass::X87) => Ok(""),
        (_, true) => Ok(float_suffix(f)),
        (None, false) => Err("invalid operand type used with operand code 'Z'".into()),
    };
    match (m, float, z) {
        ('z', true, Ok(t)) => {
            out.push_str(t);
            Warn("non-integer operand used with operand code 'z'".into())
        }
        (_, _, Ok(t)) => text(out, t),
        (_, _, Err(e)) => AsmError(e),
    }
}

/// Appends a register name as the dialect writes it (`%eax`, `eax`).
fn push_reg_text(out: &mut String, name: &str, intel: bool) {
    if !intel {
        out.push('%');
    }
    out.push_str(name);
}

/// Appends a register at a width as the dialect writes it.
fn push_reg(out: &mut String, reg: PhysReg, width: u32, intel: bool) {
    if !intel {
        out.push('%');
    }
    reg.push_name(width, out);
}

fn suffix_letter(size: u32) -> &'static str {
    match size {
        1 => "b",
        2 => "w",
        4 => "l",
        _ => "q",
    }
}

/// `%z` on a float operand: gcc warns and prints the x87 suffix of its mode.
fn float_suffix(f: &OperandFacts) -> &'static str {
    match f.kind {
        ValueKind::Float => "s",
        ValueKind::Double => "l",
        _ => "t",
    }
}

/// `%z` on a floating operand: the x87 suffix (nothing in Intel syntax), with gcc's warning.
fn float_z(f: &OperandFacts, intel: bool, out: &mut String) -> Printed {
    if !intel {
        out.push_str(float_suffix(f));
    }
    Warn("non-integer operand used with operand code 'z'".into())
}

fn print_reg(reg: PhysReg, width: u32, f: &OperandFacts, modifier: Option<char>, intel: bool, out: &mut String) -> Printed {
    let class = reg.class();
    let common = |m: char| -> Option<Printed> {
        Some(match m {
            'c' => AsmError("operand is not a condition code, invalid operand code 'c'".into()),
            'n' => AsmError("invalid expression as operand".into()),
            'H' => AsmError("operand is not an offsettable memory reference, invalid operand code 'H'".into()),
            _ => return None,
        })
    };
    if let Some(m) = modifier {
        if let Some(p) = common(m) {
            return p;
        }
    }
    match class {
        RegClass::Gpr => {
            let name = |out: &mut String, w: u32| {
                push_reg(out, reg, w, intel);
                Done
            };
            match modifier {
                None | Some('P') | Some('p') => name(out, width),
                Some('b') => name(out, 1),
                Some('w') => name(out, 2),
                Some('k') => name(out, 4),
                Some('q') => name(out, 8),
                Some('h') => match reg.high_name() {
                    Some(h) => {
                        push_reg_text(out, h, intel);
                        Done
                    }
                    None if reg.is_extended_gpr() => Error("extended registers have no high halves".into()),
                    None => name(out, 2),
                },
                Some('x') if reg.is_extended_gpr() => {
                    WarnError("unsupported size for integer register".into(), "unsupported operand size for extended register".into())
                }
                Some('x') => {
                    name(out, 8);
                    Warn("unsupported size for integer register".into())
                }
                Some('t') | Some('g') if reg.is_extended_gpr() => Error("unsupported operand size for extended register".into()),
                Some('t') | Some('g') => name(out, 2),
                Some('V') => {
                    reg.push_name(8, out);
                    Done
                }
                Some('z') if f.kind.is_float() => float_z(f, intel, out),
                Some('z') => text(out, if intel { "" } else { suffix_letter(width) }),
                Some('a') if width >= 4 && f.kind.is_integer() => {
                    out.push(if intel { '[' } else { '(' });
                    push_reg(out, reg, width, intel);
                    text(out, if intel { "]" } else { ")" })
                }
                Some('a') => AsmError("invalid constraints for operand".into()),
                Some('A') => {
                    if !intel {
                        out.push('*');
                    }
                    name(out, width)
                }
                Some(m) => suffix_code(m, intel, out).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
        _ => {
            // Vector registers print at their width, the others by their one name.
            let default = if class == RegClass::Xmm { width } else { 8 };
            let name = |out: &mut String, w: u32| {
                push_reg(out, reg, w, intel);
                Done
            };
            match modifier {
                Some('x') if class == RegClass::Xmm => name(out, 16),
                Some('t') if class == RegClass::Xmm => name(out, 32),
                Some('g') if class == RegClass::Xmm => name(out, 64),
                None | Some('P' | 'p' | 'b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g') => name(out, default),
                Some('V') => Error("'V' modifier on non-integer register".into()),
                Some('z') if class == RegClass::X87 => Warn("non-integer operand used with operand code 'z'".into()),
                Some('z') if f.kind.is_float() => float_z(f, intel, out),
                Some('z') => text(out, if intel { "" } else { suffix_letter(f.size) }),
                Some('a') => AsmError("invalid constraints for operand".into()),
                Some('A') => {
                    if !intel {
                        out.push('*');
                    }
                    name(out, default)
                }
                Some(m) => suffix_code(m, intel, out).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
    }
}

/// Codes that print an opcode suffix whatever the operand (`%L0` prints `l` in AT&T). Appends
/// nothing when it returns `None`.
fn suffix_code(m: char, intel: bool, out: &mut String) -> Option<Printed> {
    let s = match m {
        'L' => "l",
        'W' => "w",
        'B' => "b",
        // gcc prints `l` for `Q` (the suffix of 64-bit x87 integer loads).
        'Q' => "l",
        'S' => "s",
        'T' => "t",
        _ => return None,
    };
    Some(text(out, if intel { "" } else { s }))
}

/// Appends `sym`, `sym+off` or, in position-independent code, `off+sym` (gcc's PIC printer puts
/// the constant first).
fn push_symbol(out: &mut String, sym: &str, offset: i64, pic_order: bool) {
    match offset {
        0 => out.push_str(sym),
        o if pic_order => write!(out, "{o}+{sym}").expect("writing to a String"),
        o if o > 0 => write!(out, "{sym}+{o}").expect("writing to a String"),
        o => write!(out, "{sym}{o}").expect("writing to a String"),
    }
}

/// gcc's generic constant printer (`%c`, `%n`): symbol first.
fn push_generic_symbol(out: &mut String, sym: &str, offset: i64) {
    push_symbol(out, sym, offset, false)
}

/// Appends `[rip]`, `[rip+8]` or `[rip-8]`: Intel's `%rip`-relative displacement.
fn push_rip_offset(out: &mut String, offset: i64) {
    match offset {
        0 => out.push_str("[rip]"),
        o if o > 0 => write!(out, "[rip+{o}]").expect("writing to a String"),
        o => write!(out, "[rip{o}]").expect("writing to a String"),
    }
}

fn ptr_prefix(size: u32, kind: ValueKind, modifier: Option<char>) -> &'static str {
    let size = match modifier {
        Some('b') => 1,
        Some('w') => 2,
        Some('k') => 4,
        Some('q') | Some('H') => 8,
        Some('x') => 16,
        Some('t') => 32,
        Some('g') => 64,
        _ => size,
    };
    if kind == ValueKind::LongDouble && !matches!(modifier, Some('b' | 'w' | 'k' | 'q' | 'H' | 'x' | 't' | 'g')) {
        return "TBYTE PTR ";
    }
    match size {
        1 => "BYTE PTR ",
        2 => "WORD PTR ",
        4 => "DWORD PTR ",
        8 => "QWORD PTR ",
        16 => "XMMWORD PTR ",
        32 => "YMMWORD PTR ",
        64 => "ZMMWORD PTR ",
        _ => "",
    }
}

fn print_mem(m: &MemRef, f: &OperandFacts, modifier: Option<char>, target: &Target, out: &mut String) -> Printed {
    let intel = target.dialect == Dialect::Intel;
    let offset = m.offset + if modifier == Some('H') { 8 } else { 0 };
    // rbp and r13 as a base have no encoding without a displacement: gcc prints the zero.
    let zero_displacement = matches!(m.base, Some(PhysReg::RBP | PhysReg::R13));
    // `sized`: Intel's `PTR` prefix; `segment`: a thread-local object's `%fs:` (which `%P` and
    // `%p` drop, as gcc's address printer does).
    let address = |out: &mut String, sized: bool, segment: bool| {
        if intel && sized {
            out.push_str(ptr_prefix(m.size, f.kind, modifier));
        }
        if segment && m.tls.is_some() {
            out.push_str(if intel { "fs:" } else { "%fs:" });
        } else if let Some(s) = m.segment.filter(|_| segment) {
            if !intel {
                out.push('%');
            }
            out.push_str(s.name());
            out.push(':');
        }
        match (&m.symbol, m.base, intel) {
            (Some(sym), _, _) if m.tls.is_some() => {
                let mut reloc = String::with_capacity(sym.len() + 6);
                reloc.push_str(sym);
                reloc.push_str("@tpoff");
                push_symbol(out, &reloc, offset, target.pie);
            }
            (Some(sym), _, false) => {
                push_symbol(out, sym, offset, target.pie);
                out.push_str("(%rip)");
            }
            (Some(sym), _, true) => {
                out.push_str(sym);
                push_rip_offset(out, offset);
            }
            (None, Some(b), false) => {
                if offset != 0 || zero_displacement {
                    write!(out, "{offset}").expect("writing to a String");
                }
                match m.index {
                    Some((x, scale)) => write!(out, "(%{b},%{x},{scale})").expect("writing to a String"),
                    None => write!(out, "(%{b})").expect("writing to a String"),
                }
            }
            // gcc's PIC address printer puts the displacement before the brackets.
            (None, Some(b), true) => {
                let index = m.index.map(|(x, scale)| format!("+{x}*{scale}")).unwrap_or_default();
                match offset {
                    0 if !zero_displacement => write!(out, "[{b}{index}]").expect("writing to a String"),
                    o if target.pie => write!(out, "{o}[{b}{index}]").expect("writing to a String"),
                    o if o >= 0 => write!(out, "[{b}+{o}{index}]").expect("writing to a String"),
                    o => write!(out, "[{b}{o}{index}]").expect("writing to a String"),
                }
            }
            (None, None, _) => write!(out, "{offset}").expect("writing to a String"),
        }
        Done
    };
    match modifier {
        None | Some('b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g' | 'V' | 'H') => address(out, true, true),
        Some('z') if f.kind.is_float() => float_z(f, intel, out),
        Some('z') => text(out, if intel { "" } else { suffix_letter(m.size) }),
        Some('c') => AsmError("operand is not a condition code, invalid operand code 'c'".into()),
        Some('n') => AsmError("invalid expression as operand".into()),
        Some('a') => AsmError("invalid constraints for operand".into()),
        Some('A') => {
            out.push_str(if intel { "[" } else { "*" });
            address(out, true, true);
            text(out, if intel { "]" } else { "" })
        }
        Some(code @ ('P' | 'p')) => match &m.symbol {
            Some(sym) if m.tls.is_none() => {
                if intel && code == 'p' {
                    out.push_str(ptr_prefix(m.size, f.kind, None));
                }
                push_symbol(out, sym, offset, target.pie);
                Done
            }
            _ => address(out, code == 'p', false),
        },
        Some(m) => suffix_code(m, intel, out).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
    }
}

fn print_imm(c: &ConstValue, modifier: Option<char>, target: &Target, out: &mut String) -> Printed {
    let intel = target.dialect == Dialect::Intel;
    let mut put = |args: std::fmt::Arguments| {
        out.write_fmt(args).expect("writing to a String");
        Done
    };
    match c {
        ConstValue::Int { value } => {
            let v = *value;
            match modifier {
                // `%c` prints constants that are valid addresses: 32-bit signed values.
                Some('c') if i32::try_from(v).is_err() => AsmError("operand is not a condition code, invalid operand code 'c'".into()),
                Some('c' | 'P' | 'p') => put(format_args!("{v}")),
                Some('n') => put(format_args!("{}", -v)),
                Some('a') if i32::try_from(v).is_ok() => put(format_args!("{}{v}", if intel { "ds:" } else { "" })),
                Some('a') => AsmError("invalid constraints for operand".into()),
                Some('z') if intel => Done,
                Some('z') => AsmError("invalid operand type used with operand code 'Z'".into()),
                Some('H') => AsmError("operand is not an offsettable memory reference, invalid operand code 'H'".into()),
                Some('A') if intel => put(format_args!("[{v}]")),
                Some('A') => put(format_args!("*${v}")),
                None | Some('b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g' | 'V') => put(format_args!("{}{v}", if intel { "" } else { "$" })),
                Some(m) => suffix_code(m, intel, out).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
        ConstValue::Symbol { name, offset, kind, local } => {
            let imm = |out: &mut String| {
                out.push_str(if intel { "OFFSET FLAT:" } else { "$" });
                push_symbol(out, name, *offset, target.pie);
            };
            match modifier {
                Some('c') => {
                    push_generic_symbol(out, name, *offset);
                    Done
                }
                Some('n') => {
                    out.push('-');
                    push_generic_symbol(out, name, *offset);
                    Done
                }
                Some('P') if *kind == SymbolKind::Function && !local && target.pie => {
                    push_symbol(out, name, *offset, target.pie);
                    text(out, "@PLT")
                }
                Some('P' | 'p') => {
                    push_symbol(out, name, *offset, target.pie);
                    Done
                }
                Some('a') if intel => {
                    out.push_str(name);
                    push_rip_offset(out, *offset);
                    Done
                }
                Some('a') => {
                    push_symbol(out, name, *offset, target.pie);
                    text(out, "(%rip)")
                }
                Some('z') => text(out, if intel { "" } else { "q" }),
                Some('H') => AsmError("operand is not an offsettable memory reference, invalid operand code 'H'".into()),
                Some('A') => {
                    out.push_str(if intel { "[" } else { "*" });
                    imm(out);
                    text(out, if intel { "]" } else { "" })
                }
                None | Some('b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g' | 'V') => {
                    imm(out);
                    Done
                }
                Some(m) => suffix_code(m, intel, out).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
        ConstValue::Float { value } => {
            let bits = value.to_bits();
            put(format_args!("{}0x{bits:x}", if intel { "" } else { "$" }))
        }
        ConstValue::Vector { zero: true } => put(format_args!("{}0", if intel { "" } else { "$" })),
        ConstValue::Vector { zero: false } => AsmError("invalid vector immediate".into()),
    }
}
