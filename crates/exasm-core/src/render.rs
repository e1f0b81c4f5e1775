//! The renderer: a template printed as gcc prints it, for an allocation.
//!
//! Every operand modifier of gcc's x86 port is printed as `ix86_print_operand` prints it, in
//! AT&T and Intel syntax, with gcc's errors and warnings for invalid combinations (checked by
//! the test suite against `gcc -S` output).

use crate::diag::Diagnostic;
use crate::facts::{ConstValue, OperandFacts, SymbolKind, ValueKind};
use crate::regs::{PhysReg, RegClass};
use crate::solve::{expand_facts, Allocation, Location, MemRef};
use crate::target::Target;
use crate::template::{Dialect, OperandRef, Piece};
use crate::validate::{Role, Validated};

/// Caller-supplied naming for what only the embedding knows.
pub struct RenderOptions<'a> {
    /// The number `%=` prints for this statement instance.
    pub unique: u64,
    /// The assembler label for goto label `k` (the k-th label of the statement).
    pub label: &'a dyn Fn(usize) -> String,
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

/// One operand printed, or why not.
enum Printed {
    Text(String),
    Warn(String, String),
    /// An error printed with gcc's `invalid 'asm': ` prefix.
    AsmError(String),
    /// An error printed without the prefix.
    Error(String),
    /// A warning, then an error without the prefix.
    WarnError(String, String),
}

use Printed::{AsmError, Error, Text, Warn, WarnError};

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
    let facts = expand_facts(v, facts);
    let at = v.stmt.keyword.span;
    let mut text = String::new();
    let mut diagnostics = Vec::new();
    let intel = target.dialect == Dialect::Intel;
    for piece in &v.pieces {
        match piece {
            Piece::Text { text: t } => text.push_str(t),
            Piece::Unique => text.push_str(&opts.unique.to_string()),
            Piece::Punct { code } => match code {
                '*' if !intel => text.push('*'),
                '~' => text.push(if target.avx2 { 'i' } else { 'f' }),
                '&' => diagnostics.push(Diagnostic::error(at, "invalid 'asm': '%&' used without any local dynamic TLS references")),
                _ => {}
            },
            Piece::Operand { operand, modifier, .. } => {
                let OperandRef::Number(n) = operand else { continue };
                let n = *n as usize;
                let (Some(loc), Some(f)) = (alloc.locations.get(n), facts.get(n)) else { continue };
                let printed = match (&v.operands[n].role, loc) {
                    (Role::Label(k), _) => print_label(&(opts.label)(*k), *modifier, target),
                    _ => print_operand(loc, f, *modifier, target),
                };
                match printed {
                    Text(s) => text.push_str(&s),
                    Warn(s, w) => {
                        text.push_str(&s);
                        diagnostics.push(Diagnostic::warning(at, w));
                    }
                    AsmError(e) => diagnostics.push(Diagnostic::error(at, format!("invalid 'asm': {e}"))),
                    Error(e) => diagnostics.push(Diagnostic::error(at, e)),
                    WarnError(w, e) => {
                        diagnostics.push(Diagnostic::warning(at, w));
                        diagnostics.push(Diagnostic::error(at, e));
                    }
                }
            }
        }
    }
    Rendered { text, diagnostics }
}

fn print_label(asm_label: &str, modifier: Option<char>, target: &Target) -> Printed {
    match modifier {
        Some('l') | Some('c') | Some('p') | Some('P') => Text(asm_label.to_string()),
        _ => {
            let imm = if target.dialect == Dialect::Intel { format!("OFFSET FLAT:{asm_label}") } else { format!("${asm_label}") };
            Warn(imm, "label operand printed without '%l': the assembler gets an immediate; write %l to jump to it".into())
        }
    }
}

/// Prints one operand with a modifier, as gcc's x86 `print_operand` does.
fn print_operand(loc: &Location, f: &OperandFacts, modifier: Option<char>, target: &Target) -> Printed {
    let intel = target.dialect == Dialect::Intel;
    if let Some(p) = modifier.and_then(|m| print_code(loc, f, m, target)) {
        return p;
    }
    match loc {
        Location::Reg { reg, width } => print_reg(*reg, *width, f, modifier, intel),
        // A long double in a GPR pair prints its first register, with gcc's warning.
        Location::RegPair { lo, .. } if f.kind == ValueKind::LongDouble && modifier.is_none() => {
            Warn(reg_text(&lo.name(8), intel), "unsupported size for integer register".into())
        }
        Location::RegPair { lo, .. } => print_reg(*lo, 8, f, modifier, intel),
        Location::Mem(m) => print_mem(m, f, modifier, target),
        Location::Imm(c) => print_imm(c, modifier, target),
        Location::Flag { .. } => AsmError("invalid use of asm flag output".into()),
        Location::Label { name } => Text(name.clone()),
    }
}

/// Codes whose meaning does not depend on the operand's kind, or that only check it: the
/// condition, rounding and HLE codes, codes that print nothing, `s` (a shift count), `z`/`Z`
/// (size suffixes), and `X` `d` `y` (the operand itself, with their small twists).
fn print_code(loc: &Location, f: &OperandFacts, m: char, target: &Target) -> Option<Printed> {
    let intel = target.dialect == Dialect::Intel;
    let int = match loc {
        Location::Imm(ConstValue::Int { value }) => Some(*value),
        _ => None,
    };
    let with_comma = |text: &str| if intel { format!(", {text}") } else { format!("{text}, ") };
    Some(match m {
        'C' | 'D' | 'F' | 'Y' | 'f' => AsmError(format!("operand is not a condition code, invalid operand code '{m}'")),
        'E' => AsmError("invalid constraints for operand".into()),
        'G' | 'I' | 'J' | 'U' | 'e' | 'i' | 'j' | 'm' | 'o' | 'u' | 'v' => AsmError(format!("invalid operand code '{m}'")),
        'M' | 'N' | 'O' => Text(String::new()),
        // HLE prefixes, from bits 16 and 17 of an integer.
        'K' => match int {
            Some(v) if v & 0x1_0000 != 0 => Text("xacquire ".into()),
            Some(v) if v & 0x2_0000 != 0 => Text("xrelease ".into()),
            Some(_) => Text(String::new()),
            None => AsmError("operand is not an integer, invalid operand code 'K'".into()),
        },
        // AVX-512 embedded rounding: 8..=11 are {rn,rd,ru,rz}-sae; `r` takes only 8 ({sae}).
        'R' => match int {
            Some(v @ 8..=11) => Text(with_comma(["{rn-sae}", "{rd-sae}", "{ru-sae}", "{rz-sae}"][(v - 8) as usize])),
            Some(_) => AsmError("operand is not a specific integer, invalid operand code 'R'".into()),
            None => AsmError("operand is not an integer, invalid operand code 'R'".into()),
        },
        'r' => match int {
            Some(8) => Text(with_comma("{sae}")),
            _ => AsmError("operand is not a specific integer, invalid operand code 'r'".into()),
        },
        // A shift count: an integer followed by a comma, anything else nothing.
        's' => match int {
            Some(v) => Text(format!("{}, ", if intel { v.to_string() } else { format!("${v}") })),
            None => Text(String::new()),
        },
        'z' | 'Z' => size_suffix(loc, f, m, intel),
        'X' => match loc {
            // Intel memory without its size.
            Location::Mem(mem) if intel => print_mem(&MemRef { size: 0, ..mem.clone() }, &OperandFacts { kind: ValueKind::Aggregate, ..f.clone() }, None, target),
            _ => print_operand(loc, f, None, target),
        },
        // AVX three-operand forms repeat an SSE register.
        'd' => match loc {
            Location::Reg { reg, .. } if reg.class() == RegClass::Xmm && (target.avx2 || target.avx512) => match print_operand(loc, f, None, target) {
                Text(t) => Text(format!("{t}, {t}")),
                other => other,
            },
            _ => print_operand(loc, f, None, target),
        },
        // `st(0)` spelled out.
        'y' => match loc {
            Location::Reg { reg, .. } if *reg == PhysReg::ST0 => Text(reg_text("st(0)", intel)),
            _ => print_operand(loc, f, None, target),
        },
        _ => return None,
    })
}

/// `%z` and `%Z`: the AT&T suffix of the operand's mode (`Z` spells x87 integer loads: `s` for
/// 16 bits and no 8-bit form). `z` on a float warns and then behaves as `Z`.
fn size_suffix(loc: &Location, f: &OperandFacts, m: char, intel: bool) -> Printed {
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
                _ if intel => Text(String::new()),
                1 | 2 | 4 | 8 => Text(suffix_letter(size).into()),
                _ => AsmError("invalid operand size for operand code 'z'".into()),
            };
        }
    }
    let z = match (mode_size, float) {
        _ if intel => Text(String::new()),
        (Some(2), false) => Text("s".into()),
        (Some(4), false) => Text("l".into()),
        (Some(8), false) => Text("q".into()),
        (Some(_), false) => AsmError(format!("invalid operand size for operand code '{m}'")),
        // x87 registers take no suffix.
        (_, true) if matches!(loc, Location::Reg { reg, .. } if reg.class() == RegClass::X87) => Text(String::new()),
        (_, true) => Text(float_suffix(f).into()),
        (None, false) => AsmError("invalid operand type used with operand code 'Z'".into()),
    };
    match (m, float, z) {
        ('z', true, Text(t)) => Warn(t, "non-integer operand used with operand code 'z'".into()),
        (_, _, z) => z,
    }
}

fn reg_text(name: &str, intel: bool) -> String {
    if intel {
        name.to_string()
    } else {
        format!("%{name}")
    }
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

fn print_reg(reg: PhysReg, width: u32, f: &OperandFacts, modifier: Option<char>, intel: bool) -> Printed {
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
            let name = |w: u32| reg_text(&reg.name(w), intel);
            match modifier {
                None | Some('P') | Some('p') => Text(name(width)),
                Some('b') => Text(name(1)),
                Some('w') => Text(name(2)),
                Some('k') => Text(name(4)),
                Some('q') => Text(name(8)),
                Some('h') => match reg.high_name() {
                    Some(h) => Text(reg_text(h, intel)),
                    None if reg.is_extended_gpr() => Error("extended registers have no high halves".into()),
                    None => Text(name(2)),
                },
                Some('x') if reg.is_extended_gpr() => {
                    WarnError("unsupported size for integer register".into(), "unsupported operand size for extended register".into())
                }
                Some('x') => Warn(name(8), "unsupported size for integer register".into()),
                Some('t') | Some('g') if reg.is_extended_gpr() => Error("unsupported operand size for extended register".into()),
                Some('t') | Some('g') => Text(name(2)),
                Some('V') => Text(reg.name(8)),
                Some('z') if f.kind.is_float() => Warn(if intel { String::new() } else { float_suffix(f).into() }, "non-integer operand used with operand code 'z'".into()),
                Some('z') => Text(if intel { String::new() } else { suffix_letter(width).into() }),
                Some('a') if width >= 4 && f.kind.is_integer() => Text(if intel { format!("[{}]", reg.name(width)) } else { format!("({})", name(width)) }),
                Some('a') => AsmError("invalid constraints for operand".into()),
                Some('A') => Text(if intel { reg.name(width) } else { format!("*{}", name(width)) }),
                Some(m) => suffix_code(m, intel).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
        _ => {
            let default = if class == RegClass::Xmm { reg.name(width) } else { reg.name(8) };
            let name = |w: Option<u32>| reg_text(&w.map_or_else(|| default.clone(), |w| reg.name(w)), intel);
            match modifier {
                Some('x') if class == RegClass::Xmm => Text(name(Some(16))),
                Some('t') if class == RegClass::Xmm => Text(name(Some(32))),
                Some('g') if class == RegClass::Xmm => Text(name(Some(64))),
                None | Some('P' | 'p' | 'b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g') => Text(name(None)),
                Some('V') => Error("'V' modifier on non-integer register".into()),
                Some('z') if class == RegClass::X87 => Warn(String::new(), "non-integer operand used with operand code 'z'".into()),
                Some('z') if f.kind.is_float() => Warn(if intel { String::new() } else { float_suffix(f).into() }, "non-integer operand used with operand code 'z'".into()),
                Some('z') => Text(if intel { String::new() } else { suffix_letter(f.size).into() }),
                Some('a') => AsmError("invalid constraints for operand".into()),
                Some('A') => Text(if intel { default.clone() } else { format!("*{}", name(None)) }),
                Some(m) => suffix_code(m, intel).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
    }
}

/// Codes that print an opcode suffix whatever the operand (`%L0` prints `l` in AT&T).
fn suffix_code(m: char, intel: bool) -> Option<Printed> {
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
    Some(Text(if intel { String::new() } else { s.to_string() }))
}

/// `sym`, `sym+off` or, in position-independent code, `off+sym` (gcc's PIC printer puts the
/// constant first).
fn symbol_text(sym: &str, offset: i64, pic_order: bool) -> String {
    match offset {
        0 => sym.to_string(),
        o if pic_order => format!("{o}+{sym}"),
        o if o > 0 => format!("{sym}+{o}"),
        o => format!("{sym}{o}"),
    }
}

/// gcc's generic constant printer (`%c`, `%n`): symbol first.
fn generic_symbol_text(sym: &str, offset: i64) -> String {
    symbol_text(sym, offset, false)
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

fn print_mem(m: &MemRef, f: &OperandFacts, modifier: Option<char>, target: &Target) -> Printed {
    let intel = target.dialect == Dialect::Intel;
    let offset = m.offset + if modifier == Some('H') { 8 } else { 0 };
    let address = |with_prefix: bool| -> String {
        let prefix = if with_prefix { ptr_prefix(m.size, f.kind, modifier) } else { "" };
        match (&m.symbol, m.base, intel) {
            (Some(sym), _, false) => format!("{}(%rip)", symbol_text(sym, offset, target.pie)),
            (Some(sym), _, true) => match offset {
                0 => format!("{prefix}{sym}[rip]"),
                o if o > 0 => format!("{prefix}{sym}[rip+{o}]"),
                o => format!("{prefix}{sym}[rip{o}]"),
            },
            (None, Some(b), false) => match offset {
                0 => format!("(%{b})"),
                o => format!("{o}(%{b})"),
            },
            (None, Some(b), true) => match offset {
                0 => format!("{prefix}[{b}]"),
                o if o > 0 => format!("{prefix}[{b}+{o}]"),
                o => format!("{prefix}[{b}{o}]"),
            },
            (None, None, _) => format!("{offset}"),
        }
    };
    match modifier {
        None | Some('b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g' | 'V' | 'H') => Text(address(true)),
        Some('z') if f.kind.is_float() => Warn(if intel { String::new() } else { float_suffix(f).into() }, "non-integer operand used with operand code 'z'".into()),
        Some('z') => Text(if intel { String::new() } else { suffix_letter(m.size).into() }),
        Some('c') => AsmError("operand is not a condition code, invalid operand code 'c'".into()),
        Some('n') => AsmError("invalid expression as operand".into()),
        Some('a') => AsmError("invalid constraints for operand".into()),
        Some('A') => Text(if intel { format!("[{}]", address(true)) } else { format!("*{}", address(true)) }),
        Some(code @ ('P' | 'p')) => match &m.symbol {
            Some(sym) => {
                let prefix = if intel && code == 'p' { ptr_prefix(m.size, f.kind, None) } else { "" };
                Text(format!("{prefix}{}", symbol_text(sym, offset, target.pie)))
            }
            None => Text(address(true)),
        },
        Some(m) => suffix_code(m, intel).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
    }
}

fn print_imm(c: &ConstValue, modifier: Option<char>, target: &Target) -> Printed {
    let intel = target.dialect == Dialect::Intel;
    match c {
        ConstValue::Int { value } => {
            let v = *value;
            match modifier {
                // `%c` prints constants that are valid addresses: 32-bit signed values.
                Some('c') if i32::try_from(v).is_err() => AsmError("operand is not a condition code, invalid operand code 'c'".into()),
                Some('c' | 'P' | 'p') => Text(v.to_string()),
                Some('n') => Text((-v).to_string()),
                Some('a') if i32::try_from(v).is_ok() => Text(if intel { format!("ds:{v}") } else { v.to_string() }),
                Some('a') => AsmError("invalid constraints for operand".into()),
                Some('z') if intel => Text(String::new()),
                Some('z') => AsmError("invalid operand type used with operand code 'Z'".into()),
                Some('H') => AsmError("operand is not an offsettable memory reference, invalid operand code 'H'".into()),
                Some('A') => Text(if intel { format!("[{v}]") } else { format!("*${v}") }),
                None | Some('b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g' | 'V') => Text(if intel { v.to_string() } else { format!("${v}") }),
                Some(m) => suffix_code(m, intel).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
        ConstValue::Symbol { name, offset, kind, local } => {
            let sym = symbol_text(name, *offset, target.pie);
            let imm = if intel { format!("OFFSET FLAT:{sym}") } else { format!("${sym}") };
            match modifier {
                Some('c') => Text(generic_symbol_text(name, *offset)),
                Some('n') => Text(format!("-{}", generic_symbol_text(name, *offset))),
                Some('P') if *kind == SymbolKind::Function && !local && target.pie => Text(format!("{sym}@PLT")),
                Some('P' | 'p') => Text(sym),
                Some('a') => Text(if intel {
                    match offset {
                        0 => format!("{name}[rip]"),
                        o if *o > 0 => format!("{name}[rip+{o}]"),
                        o => format!("{name}[rip{o}]"),
                    }
                } else {
                    format!("{sym}(%rip)")
                }),
                Some('z') => Text(if intel { String::new() } else { "q".into() }),
                Some('H') => AsmError("operand is not an offsettable memory reference, invalid operand code 'H'".into()),
                Some('A') => Text(if intel { format!("[{imm}]") } else { format!("*{imm}") }),
                None | Some('b' | 'h' | 'w' | 'k' | 'q' | 'x' | 't' | 'g' | 'V') => Text(imm),
                Some(m) => suffix_code(m, intel).unwrap_or_else(|| AsmError(format!("invalid operand code '{m}'"))),
            }
        }
        ConstValue::Float { value } => {
            let bits = value.to_bits();
            Text(if intel { format!("0x{bits:x}") } else { format!("$0x{bits:x}") })
        }
    }
}
