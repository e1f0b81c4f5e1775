//! The whole pipeline in one call: a statement (its text or its model), the facts of its
//! operands and a target in; the allocation and the rendered template out, or every
//! diagnostic gcc would print for it as one `Vec<Diagnostic>`.
//!
//! Each stage stays callable alone ([`crate::validate::validate`], [`crate::solve::solve`],
//! [`crate::render::render`]); this is what chaining them right takes: stopping at the first
//! stage gcc stops at, keeping the warnings of the stages that passed, and checking the facts.
//!
//! ```
//! use exasm_core::facts::{OperandFacts, ValueKind};
//! use exasm_core::pipeline::compile_str;
//! use exasm_core::render::RenderOptions;
//! use exasm_core::target::Target;
//! let int = OperandFacts::lvalue(ValueKind::Int, 4);
//! let c = compile_str(r#"asm ("addl %1, %0" : "+r" (sum) : "g" (x))"#, &[int.clone(), int], &Target::default(), &RenderOptions::default()).unwrap();
//! assert_eq!(c.to_string(), "addl %ecx, %eax");
//! assert_eq!(c.allocation.to_string(), "%0 %eax, %1 %ecx, %2 %eax");
//! ```

use crate::diag::{Diagnostic, Span};
use crate::facts::OperandFacts;
use crate::parse::parse_statements;
use crate::regs::RegSet;
use crate::render::{render, RenderOptions};
use crate::solve::{solve, Allocation};
use crate::stmt::AsmStmt;
use crate::target::Target;
use crate::validate::{validate, Role};
use std::fmt;

/// A statement through the whole pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    /// Where each operand lives, in gcc's numbering (outputs, inputs, one hidden input per `+`
    /// output, labels).
    pub allocation: Allocation,
    /// What each operand number stands for, in the same numbering.
    pub roles: Vec<Role>,
    /// The template as the assembler gets it, in the target's dialect.
    pub text: String,
    /// gcc's warnings from every stage (none is an error: those make [`compile`] fail).
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for Compiled {
    /// The rendered template.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Validates, allocates and renders `stmt`.
///
/// `facts` describes the written operands, outputs then inputs as in the source; a slice of
/// another length is an error. `reserved` registers of [`crate::solve::solve`] are none here:
/// call the stages yourself to keep registers for your own code.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target};
/// use exasm_core::{pipeline::compile, render::RenderOptions};
/// let stmt = parse_statements(r#"asm ("movl %1, %0" : "=r" (a) : "m" (b))"#).statements.remove(0);
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// // One fact for two operands: refused, not guessed.
/// let e = compile(&stmt, &[int.clone()], &Target::default(), &RenderOptions::default()).unwrap_err();
/// assert_eq!(e[0].message, "exasm: 1 operand facts given for 2 operands (outputs then inputs)");
/// ```
pub fn compile(stmt: &AsmStmt, facts: &[OperandFacts], target: &Target, options: &RenderOptions) -> Result<Compiled, Vec<Diagnostic>> {
    let v = validate(stmt, target);
    let mut warnings = v.reported();
    if v.has_errors() {
        return Err(warnings);
    }
    let allocation = match solve(&v, facts, target, RegSet::EMPTY) {
        Ok(a) => a,
        Err(d) => {
            warnings.extend(d);
            return Err(warnings);
        }
    };
    let rendered = render(&v, &allocation, facts, target, options);
    let failed = rendered.has_errors();
    warnings.extend(rendered.diagnostics);
    if failed {
        return Err(warnings);
    }
    Ok(Compiled { roles: v.operands.iter().map(|o| o.role).collect(), allocation, text: rendered.text, warnings })
}

/// [`compile`] for the first asm statement of `text` (syntax errors are diagnostics too).
///
/// ```
/// use exasm_core::{pipeline::compile_str, render::RenderOptions, target::Target};
/// let e = compile_str("asm (\"nop\" : \"r\" (x))", &[], &Target::default(), &RenderOptions::default()).unwrap_err();
/// assert_eq!(e[0].to_string(), "error: output operand constraint lacks '='");
/// ```
pub fn compile_str(text: &str, facts: &[OperandFacts], target: &Target, options: &RenderOptions) -> Result<Compiled, Vec<Diagnostic>> {
    let mut parsed = parse_statements(text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(parsed.diagnostics);
    }
    if parsed.statements.is_empty() {
        return Err(vec![Diagnostic::error(Span::new(0, text.len()), "expected an asm statement")]);
    }
    compile(&parsed.statements.swap_remove(0), facts, target, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::ValueKind;
    use crate::render::RenderOptions;
    use crate::template::Dialect;
    use crate::validate::validate;

    fn int(size: u32) -> OperandFacts {
        OperandFacts::lvalue(ValueKind::Int, size)
    }

    fn messages(d: Vec<Diagnostic>) -> Vec<String> {
        d.into_iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn facts_of_the_wrong_length_are_an_error_in_every_stage() {
        let stmt = parse_statements(r#"asm ("addl %1, %0" : "+r" (a) : "r" (b))"#).statements.remove(0);
        let t = Target::default();
        let v = validate(&stmt, &t);
        let expected = ["error: exasm: 1 operand facts given for 2 operands (outputs then inputs)"];
        assert_eq!(messages(solve(&v, &[int(4)], &t, RegSet::EMPTY).unwrap_err()), expected);
        assert_eq!(messages(solve(&v, &[], &t, RegSet::EMPTY).unwrap_err())[0], "error: exasm: 0 operand facts given for 2 operands (outputs then inputs)");
        let a = solve(&v, &[int(4), int(4)], &t, RegSet::EMPTY).unwrap();
        let r = render(&v, &a, &[int(4)], &t, &RenderOptions::default());
        assert_eq!(messages(r.diagnostics), expected);
        assert_eq!(r.text, "");
        assert_eq!(compile(&stmt, &[int(4), int(4)], &t, &RenderOptions::default()).unwrap().text, "addl %ecx, %eax");
    }

    #[test]
    fn warnings_of_the_stages_that_pass_are_kept() {
        let c = compile_str(r#"asm ("movl %1, %0" : "r=" (a) : "r" (b) : "rsp")"#, &[int(4), int(4)], &Target::default(), &RenderOptions::default()).unwrap();
        assert_eq!(
            messages(c.warnings),
            ["warning: output constraint '=' for operand 0 is not at the beginning", "warning: listing the stack pointer register 'rsp' in a clobber list is deprecated"]
        );
        assert_eq!(c.text, "movl %ecx, %eax");
    }

    #[test]
    fn only_the_first_failing_stage_reports() {
        // The front end fails: gcc never looks at the template's `%5`.
        let e = compile_str(r#"asm ("%5" : "r" (x))"#, &[int(4)], &Target::default(), &RenderOptions::default()).unwrap_err();
        assert_eq!(messages(e), ["error: output operand constraint lacks '='"]);
        // Allocation fails.
        let e = compile_str(r#"asm ("" : "=a" (x) : "a" (y) : "rax")"#, &[int(4), int(4)], &Target::default(), &RenderOptions::default()).unwrap_err();
        assert_eq!(messages(e), ["error: 'asm' operand has impossible constraints"]);
        // Rendering fails.
        let e = compile_str(r#"asm ("%c0" : "=r" (x))"#, &[int(4)], &Target::default(), &RenderOptions::default()).unwrap_err();
        assert_eq!(messages(e), ["error: invalid 'asm': operand is not a condition code, invalid operand code 'c'"]);
    }

    #[test]
    fn text_that_is_no_statement_is_an_error() {
        let e = compile_str("int x;", &[], &Target::default(), &RenderOptions::default()).unwrap_err();
        assert_eq!(messages(e), ["error: expected an asm statement"]);
    }

    #[test]
    fn labels_roles_and_intel_output() {
        let src = r#"asm goto ("btl %1, %0; jc %l[yes]" : : "r" (x), "Ir" (5) : "cc" : no, yes)"#;
        let names = ["no", "yes"];
        let label = |k: usize| format!(".L_{}", names[k]);
        let facts = [int(4), OperandFacts::int_constant(4, 5)];
        let c = compile_str(src, &facts, &Target::default(), &RenderOptions { unique: 0, label: &label }).unwrap();
        assert_eq!(c.text, "btl $5, %eax; jc .L_yes");
        assert_eq!(c.roles, [Role::Input(0), Role::Input(1), Role::Label(0), Role::Label(1)]);
        assert_eq!(c.allocation.to_string(), "%0 %eax, %1 $5, %2 no, %3 yes");
        let intel = Target { dialect: Dialect::Intel, ..Target::default() };
        let c = compile_str(src, &facts, &intel, &RenderOptions { unique: 0, label: &label }).unwrap();
        assert_eq!(format!("{:#}", c.allocation), "%0 eax, %1 5, %2 no, %3 yes");
    }
}
