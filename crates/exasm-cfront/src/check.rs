//! gcc's C-level checks of asm operands, with gcc 12's wording and locations.
//!
//! gcc runs them in two places: the front end (`build_asm_expr`: lvalue, read-only, register
//! variables and bit-fields in memory-only operands) as it parses each statement, and the
//! gimplifier ("memory input N is not directly addressable") once the whole function is
//! parsed, after the function's "label used but not defined" errors.

use crate::sema::{AddrIssue, Const, Shape, Val};
use exasm_core::constraint::{Alternative, Constraint, Tie};
use exasm_core::diag::{Diagnostic, Span};
use exasm_core::stmt::AsmStmt;

/// Does some alternative allow a register, and does some allow memory?
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Allows {
    pub reg: bool,
    pub mem: bool,
}

fn allows_of(alts: &[Alternative]) -> Allows {
    Allows {
        reg: alts.iter().any(Alternative::allows_reg),
        mem: alts.iter().any(Alternative::allows_mem),
    }
}

/// What an output constraint allows (flag outputs count as registers); `None` when it does
/// not decode (validation reports it).
pub(crate) fn output_allows(constraint: &str) -> Option<Allows> {
    let (c, _) = Constraint::decode_output(constraint).ok()?;
    if c.flag.is_some() {
        return Some(Allows {
            reg: true,
            mem: false,
        });
    }
    Some(allows_of(&c.alternatives))
}

/// What an input constraint allows. A constraint that is only a matching operand takes the
/// matched output's constraint; a matching operand among other letters allows both, as in
/// gcc's `parse_input_constraint`.
pub(crate) fn input_allows(stmt: &AsmStmt, constraint: &str) -> Option<Allows> {
    let c = Constraint::decode_input(constraint).ok()?;
    let only_tie = c.alternatives.len() == 1
        && c.alternatives[0].tie.is_some()
        && constraint
            .trim_start_matches('%')
            .chars()
            .all(|ch| ch.is_ascii_digit())
        || constraint.starts_with('[') && constraint.ends_with(']') && !constraint.contains(',');
    if only_tie {
        let index = match c.alternatives[0].tie.as_ref()? {
            Tie::Number(n) => *n as usize,
            Tie::Name(name) => stmt
                .outputs
                .iter()
                .position(|o| o.name.as_ref().is_some_and(|x| x.value == *name))?,
        };
        return output_allows(&stmt.outputs.get(index)?.constraint.value);
    }
    let mut a = allows_of(&c.alternatives);
    if c.alternatives.iter().any(|x| x.tie.is_some()) {
        a = Allows {
            reg: true,
            mem: true,
        };
    }
    Some(a)
}

/// Diagnostics of one statement: those gcc's front end gives at once, and those the
/// gimplifier gives after the function.
#[derive(Default, Debug)]
pub(crate) struct SiteDiagnostics {
    pub front: Vec<Diagnostic>,
    pub gimplify: Vec<Diagnostic>,
}

fn readonly_message(v: &Val) -> String {
    match &v.shape {
        Shape::Member {
            name,
            object_readonly: true,
        } => format!("member '{name}' in read-only object used as 'asm' output"),
        Shape::Member { name, .. } => format!("read-only member '{name}' used as 'asm' output"),
        Shape::Var { name, param: true } => {
            format!("read-only parameter '{name}' use as 'asm' output")
        }
        Shape::Var { name, .. } => format!("read-only variable '{name}' used as 'asm' output"),
        Shape::Function(name) => format!("function '{name}' used as 'asm' output"),
        Shape::Other => format!("read-only location '{}' used as 'asm' output", v.print),
    }
}

fn addr_message(issue: &AddrIssue) -> String {
    match issue {
        AddrIssue::BitField(name) => format!("cannot take address of bit-field '{name}'"),
        AddrIssue::Register { name, global: true } => {
            format!("address of global register variable '{name}' requested")
        }
        AddrIssue::Register { name, .. } => {
            format!("address of register variable '{name}' requested")
        }
    }
}

/// Checks the operands of `stmt` (values outputs then inputs) as gcc does.
pub(crate) fn check_site(stmt: &AsmStmt, vals: &[Val]) -> SiteDiagnostics {
    let at = stmt.keyword.span;
    let mut d = SiteDiagnostics::default();
    let no = stmt.outputs.len();
    for (o, v) in stmt.outputs.iter().zip(vals) {
        let v = v.strip();
        if !v.lvalue {
            d.front
                .push(Diagnostic::error(at, "lvalue required in 'asm' statement"));
            continue;
        }
        // A string literal is an array of `char`, but gcc knows it is read-only.
        if v.read_only() || v.print.starts_with('"') {
            d.front.push(Diagnostic::error(at, readonly_message(v)));
        }
        if let Some(a) = output_allows(&o.constraint.value) {
            if !a.reg {
                if let Some(issue) = &v.addr_issue {
                    d.front.push(Diagnostic::error(at, addr_message(issue)));
                }
            }
        }
    }
    for (j, (i, v)) in stmt
        .inputs
        .iter()
        .zip(&vals[no.min(vals.len())..])
        .enumerate()
    {
        let Some(a) = input_allows(stmt, &i.constraint.value) else {
            continue;
        };
        if a.reg && matches!(v.strip().ty.ty, crate::types::Type::Void) {
            d.front
                .push(Diagnostic::error(at, "invalid use of void expression"));
            continue;
        }
        if a.reg || !a.mem {
            continue;
        }
        let v = v.strip();
        if let Some(issue) = &v.addr_issue {
            d.front.push(Diagnostic::error(at, addr_message(issue)));
            continue;
        }
        if !v.mem_ok {
            let constant = matches!(v.konst, Some(Const::Int(_) | Const::Float(_)));
            let span = if v.modifies || constant {
                at
            } else {
                Span::new(v.loc, v.loc)
            };
            d.gimplify.push(Diagnostic::error(
                span,
                format!("memory input {} is not directly addressable", no + j),
            ));
        }
    }
    d
}
