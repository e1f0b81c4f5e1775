//! The C that replaces an asm statement: evaluate each operand once, in order, call the thunk,
//! store the outputs back, and branch for asm goto.

use crate::thunk::{written_index as written, CParam, CSlot, Request};
use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::solve::Allocation;
use exasm_core::validate::Role;
use std::fmt::Write;

/// Does evaluating the C expression possibly have side effects (so it must be evaluated only
/// once)? Conservative: increments, assignments and calls.
///
/// ```
/// use exasm_lower::cside::has_side_effects;
/// assert!(!has_side_effects("s.a[i]->b"));
/// assert!(!has_side_effects("(long)(x + 1) == y"));
/// assert!(has_side_effects("*p++"));
/// assert!(has_side_effects("a[f(1)]"));
/// assert!(has_side_effects("x = 3"));
/// ```
pub fn has_side_effects(expr: &str) -> bool {
    let b = expr.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b'+' | b'-' if b.get(i + 1) == Some(&b[i]) => return true,
            b'=' => {
                let prev = if i > 0 { b[i - 1] } else { b' ' };
                let next = b.get(i + 1).copied().unwrap_or(b' ');
                if next != b'=' && !matches!(prev, b'=' | b'!' | b'<' | b'>') {
                    return true;
                }
            }
            b'(' => {
                // An identifier right before '(' is a call, unless it is sizeof/_Alignof.
                let before = expr[..i].trim_end();
                let word = &before[before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_').len()..];
                if !word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit()) && !matches!(word, "sizeof" | "_Alignof" | "__alignof__" | "__typeof__" | "typeof") {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Builds the declarations and the replacement statement.
///
/// The block declares everything before its first statement (valid C89, silent under
/// `-Wdeclaration-after-statement`): each operand is evaluated once, in order, in the
/// initializer of a declaration (a value punned to the register's type in a comma expression),
/// the call initializes `__exasm_r`, and only the stores of the outputs and the jump of asm
/// goto are statements. The types are C89's (`unsigned long` is 64 bits on x86-64); a 16-byte
/// integer is `unsigned __int128` under `__extension__`, so `-pedantic` stays silent about it.
pub(crate) fn c_text(req: &Request, a: &Allocation, params: Vec<CParam>, slots: Vec<CSlot>) -> Result<(String, String), String> {
    let v = req.validated;
    let sym = req.symbol;
    let gpr = gpr_type(req.target);
    // Borrowed, not copied: each is asked for several times per operand.
    let register_value = OperandFacts::rvalue(ValueKind::Int, 8);
    let facts = |op: usize| -> &OperandFacts { written(v, op).and_then(|w| req.facts.get(w)).unwrap_or(&register_value) };
    let c_type = |op: usize| -> &str { written(v, op).and_then(|w| req.operands.get(w)).map_or(gpr, |o| o.c_type.as_str()) };
    let expr = |op: usize| -> &str { written(v, op).and_then(|w| req.operands.get(w)).map_or("", |o| o.expr.as_str()) };
    // MSVC's C has no GNU extension: types are spelled, not `__typeof__`, and there is no
    // `__int128`.
    let msvc = req.target.platform == exasm_core::target::Platform::Msvc;
    // The type of operand `op` (lvalue or value `lv`), as a declaration or cast spells it.
    let type_of = |op: usize, lv: &str| -> Result<String, String> {
        match c_type(op) {
            t if msvc && t.contains("__typeof__") => Err(format!("the type of '{}' has no name to spell in MSVC's C (an anonymous struct or union)", expr(op))),
            t if msvc => Ok(t.to_string()),
            _ => Ok(format!("__typeof__({lv})")),
        }
    };
    // The operand's own spelling of its type (`__typeof__` where the front end found no name).
    let spelled = |op: usize| if msvc { type_of(op, "") } else { Ok(c_type(op).to_string()) };
    let no_int128 = || -> Result<(), String> {
        if msvc {
            Err("a 16-byte value in a register pair needs __int128, which MSVC's C lacks".into())
        } else {
            Ok(())
        }
    };

    // Declarations.
    let slot_type = |s: &CSlot| match s {
        CSlot::Value { sse: true, .. } => "double",
        _ => gpr,
    };
    let mut decls = String::new();
    let ret = match slots.len() {
        0 => "void".to_string(),
        1 => slot_type(&slots[0]).to_string(),
        _ => {
            let _ = writeln!(decls, "struct {sym}_r {{ {} s0; {} s1; }};", slot_type(&slots[0]), slot_type(&slots[1]));
            format!("struct {sym}_r")
        }
    };
    let param_types: Vec<&str> = params
        .iter()
        .map(|p| match p {
            CParam::Value { sse: true, .. } => "double",
            CParam::Value { .. } => gpr,
            _ => "void *",
        })
        .collect();
    let _ = writeln!(decls, "extern {ret} {sym}({});", if param_types.is_empty() { "void".to_string() } else { param_types.join(", ") });

    // `head` declares (and evaluates, in order); `body` holds the statements after the call.
    let mut head = String::new();
    let mut body = String::new();
    // Output lvalues evaluated once: through a pointer when the expression has side effects.
    let mut lvalue: Vec<Option<String>> = vec![None; v.operands.len()];
    for (op, o) in v.operands.iter().enumerate() {
        if !matches!(o.role, Role::Output(_)) {
            continue;
        }
        let e = expr(op);
        let f = facts(op);
        lvalue[op] = Some(if !has_side_effects(e) && f.addressable {
            // Written through its address, as the asm writes it: gcc's "variable set but not
            // used" (an error under -Werror) does not count an output of an asm as a use-free
            // store, nor a store through `&`, but would a plain assignment.
            format!("(*&({e}))")
        } else if !has_side_effects(e) {
            format!("({e})")
        } else if f.addressable {
            let _ = writeln!(head, "  {} *__exasm_p{op} = &({e});", type_of(op, e)?);
            format!("(*__exasm_p{op})")
        } else {
            return Err(format!("output '{e}' has side effects and no address"));
        });
    }
    // The value an input operand supplies: a hidden input reads its output's lvalue.
    let value_of = |op: usize| -> String {
        match v.operands[op].role {
            Role::HiddenInput(o) => lvalue[o].clone().unwrap_or_default(),
            _ => format!("({})", expr(op)),
        }
    };
    let mut args = Vec::new();
    let mut after = String::new();
    // 16-byte values already evaluated into `__exasm_wN`.
    let mut wide: Vec<usize> = Vec::new();
    for (k, p) in params.iter().enumerate() {
        match p {
            CParam::Value { op, part, sse } => {
                let f = facts(*op);
                let val = value_of(*op);
                let arg = if f.kind == ValueKind::Int128 || (f.size == 16 && !sse) {
                    // Parameters follow the registers the values arrive in, so the high half
                    // may come first: the value is evaluated at its first half, whichever.
                    no_int128()?;
                    if !wide.contains(op) {
                        wide.push(*op);
                        let _ = writeln!(head, "  __extension__ unsigned __int128 __exasm_w{op} = (unsigned __int128){val};");
                    }
                    if *part == 0 {
                        format!("({gpr})__exasm_w{op}")
                    } else {
                        format!("({gpr})(__exasm_w{op} >> 64)")
                    }
                } else if !sse && f.kind == ValueKind::Int && f.size == 4 {
                    // gcc loads a 32-bit value with a 32-bit move, which clears the upper half
                    // (`"=c"(long long) : "0"(-1)` leaves 0xffffffff): zero-extended, not
                    // sign-extended as a C conversion would.
                    format!("({gpr})(unsigned int){val}")
                } else if !sse && matches!(f.kind, ValueKind::Int | ValueKind::Bool | ValueKind::Pointer) {
                    format!("({gpr}){val}")
                } else if *sse && f.kind == ValueKind::Double {
                    val
                } else {
                    // The register's bits beyond the value are zero, as gcc's moves leave them.
                    let pty = if *sse { "double" } else { gpr };
                    let ty = spelled(*op)?;
                    let _ = writeln!(head, "  union {{ {pty} p; {ty} v; }} __exasm_u{k};");
                    format!("(__exasm_u{k}.p = 0, __exasm_u{k}.v = {val}, __exasm_u{k}.p)")
                };
                let _ = writeln!(head, "  {} __exasm_a{k} = {arg};", param_types[k]);
            }
            CParam::FrameCopy { op } if written(v, *op).and_then(|w| req.operands.get(w)).is_some_and(|o| o.frame_object.is_some()) => {
                let object = written(v, *op).and_then(|w| req.operands.get(w)).and_then(|o| o.frame_object.as_ref()).map(|o| o.expr.clone()).unwrap_or_default();
                let _ = writeln!(head, "  void *__exasm_a{k} = (void *)&({object});");
            }
            CParam::MemPtr { op } | CParam::FrameCopy { op } => {
                let f = facts(*op);
                let target = match (&v.operands[*op].role, &lvalue[*op]) {
                    (Role::Output(_), Some(lv)) => format!("&{lv}"),
                    _ if f.addressable || f.lvalue => format!("&({})", expr(*op)),
                    // An rvalue in memory: a temporary of its type, never spelled (`long long`
                    // is not C89).
                    _ => {
                        let value = value_of(*op);
                        let _ = writeln!(head, "  {} __exasm_t{k} = {value};", type_of(*op, &value)?);
                        format!("&__exasm_t{k}")
                    }
                };
                // An address in a named address space is an offset from its segment's base,
                // which the thunk adds (`%gs:(%rdi)`): through an integer, without gcc's warning
                // about casting it to a generic pointer. `unsigned long` is uintptr_t on x86-64,
                // spelled without a predefined macro: chibicc defines none, and gcc defines none
                // for the preprocessed input `exasm cc` gives it.
                let via = if f.segment.is_some() { format!("({gpr})") } else { String::new() };
                let _ = writeln!(head, "  void *__exasm_a{k} = (void *){via}{target};");
            }
            CParam::InPtr { op } => {
                let _ = writeln!(head, "  {} __exasm_t{k} = {};", spelled(*op)?, value_of(*op));
                let _ = writeln!(head, "  void *__exasm_a{k} = (void *)&__exasm_t{k};");
            }
            CParam::OutPtr { op } => {
                let is_flag = v.operands[*op].constraint.as_ref().is_some_and(|c| c.flag.is_some());
                let lv = lvalue[*op].clone().ok_or("an output pointer for a non-output")?;
                let ty = if is_flag { "unsigned char".to_string() } else { type_of(*op, &lv)? };
                let _ = writeln!(head, "  {ty} __exasm_o{k};");
                let _ = writeln!(head, "  void *__exasm_a{k} = (void *)&__exasm_o{k};");
                let _ = writeln!(after, "  {lv} = __exasm_o{k};");
            }
        }
        args.push(format!("__exasm_a{k}"));
    }
    let call = format!("{sym}({})", args.join(", "));
    let slot_expr = |i: usize| if slots.len() == 1 { "__exasm_r".to_string() } else { format!("__exasm_r.s{i}") };
    if slots.is_empty() {
        let _ = writeln!(body, "  {call};");
    } else {
        let _ = writeln!(head, "  {ret} __exasm_r = {call};");
    }
    let mut goto_index = None;
    for (i, s) in slots.iter().enumerate() {
        match s {
            CSlot::GotoIndex => goto_index = Some(slot_expr(i)),
            CSlot::Flag { op } => {
                let lv = lvalue[*op].clone().ok_or("flag slot for a non-output")?;
                let _ = writeln!(body, "  {lv} = ({}){};", type_of(*op, &lv)?, slot_expr(i));
            }
            CSlot::Value { op, part, sse } => {
                let lv = lvalue[*op].clone().ok_or("value slot for a non-output")?;
                let f = facts(*op);
                // The output's own type, never spelled: a spelling could be one the dialect
                // lacks (`_Bool`, `long long` in C89) or, for a function pointer, `void *`.
                let ty = type_of(*op, &lv)?;
                if f.kind == ValueKind::Int128 || (f.size == 16 && !sse) {
                    no_int128()?;
                    if *part == 0 {
                        let _ = writeln!(body, "  {lv} = __extension__ ({ty})(((unsigned __int128){} << 64) | {});", slot_expr(i + 1), slot_expr(i));
                    }
                } else if !sse && f.kind == ValueKind::Bool {
                    let _ = writeln!(body, "  {lv} = (unsigned char){};", slot_expr(i));
                } else if !sse && matches!(f.kind, ValueKind::Int | ValueKind::Pointer) {
                    let _ = writeln!(body, "  {lv} = ({ty}){};", slot_expr(i));
                } else if *sse && f.kind == ValueKind::Double {
                    let _ = writeln!(body, "  {lv} = {};", slot_expr(i));
                } else {
                    let pty = if *sse { "double" } else { gpr };
                    let _ = writeln!(body, "  {{ union {{ {pty} p; {ty} v; }} __exasm_b; __exasm_b.p = {}; {lv} = __exasm_b.v; }}", slot_expr(i));
                }
            }
        }
    }
    body.push_str(&after);
    if let Some(idx) = goto_index {
        let _ = write!(body, "  switch ({idx}) {{");
        for (k, l) in v.stmt.labels.iter().enumerate() {
            let _ = write!(body, " case {}: goto {};", k + 1, l.value);
        }
        let _ = writeln!(body, " default: break; }}");
    }
    let _ = a;
    Ok((decls, format!("{{\n{head}{body}}}")))
}

/// The C type of a value in a general register: 64 bits. On LP64 systems `unsigned long`, which
/// is C89, unlike `unsigned long long` (which `-std=c89 -pedantic` reports); on Windows (LLP64,
/// where `long` is 32 bits) `unsigned long long`.
fn gpr_type(target: &exasm_core::target::Target) -> &'static str {
    if target.platform.is_windows() {
        "unsigned long long"
    } else {
        "unsigned long"
    }
}
