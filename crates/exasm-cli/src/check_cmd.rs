//! `exasm check`: each statement's declared interface against what its instructions do.

use crate::lower_cmd::read_unit;
use crate::report::{Reporter, Stream, Unit};
use crate::unit;
use exasm_cfront::Located;
use exasm_check::{check_statement, CheckError};
use exasm_core::diag::{Diagnostic, Severity, Span};

/// `exasm check`; exit 0 with no error-level finding, 1 with some, 2 when a statement cannot
/// be analysed (the reason is printed) or on usage errors.
pub fn run_check(json: bool, args: &[String]) -> u8 {
    let (args, _input, text, analysis, target) = match read_unit(args) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let json = json || args.json;
    let (explained, diags) = unit::explain(&text, &analysis, &target, false);
    let report = Unit::new(&text, &analysis);
    if diags.iter().any(|d| d.value.is_error()) {
        report.print(&diags);
        return 1;
    }
    let mut findings = Vec::new();
    let mut cannot = Vec::new();
    for e in &explained {
        if e.site.file_scope || e.validated.stmt.is_basic() {
            continue;
        }
        let l = &e.site.location;
        // The checker follows each memory operand through an address register of its own where
        // registers allow: it tells operands apart by register, which frame slots and shared
        // bases would merge. Under register pressure, the operands as gcc addresses them.
        let own: Vec<_> = e.facts.iter().map(|f| exasm_core::facts::OperandFacts { home: None, symbol_home: None, ..f.clone() }).collect();
        let checked = check_statement(&e.validated, &own, &target).or_else(|_| check_statement(&e.validated, &e.facts, &target));
        match checked {
            Ok(fs) => findings.extend(fs.into_iter().map(|f| (l.clone(), f))),
            Err(CheckError::Unsupported { instruction, reason }) => {
                cannot.push((l.clone(), format!("{reason}{}", instruction.map(|i| format!(" ({i})")).unwrap_or_default())))
            }
            Err(other) => cannot.push((l.clone(), other.to_string())),
        }
    }
    if json {
        let list: Vec<serde_json::Value> = findings
            .iter()
            .map(|(l, f)| {
                serde_json::json!({
                    "file": l.file, "line": l.line, "column": l.col, "kind": f.kind, "severity": f.severity,
                    "message": f.message, "instruction": f.instruction, "operand": f.operand, "register": f.register,
                })
            })
            .collect();
        let skipped: Vec<serde_json::Value> = cannot.iter().map(|(l, why)| serde_json::json!({"file": l.file, "line": l.line, "column": l.col, "reason": why})).collect();
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"findings": list, "not_analysed": skipped})).expect("serializes"));
    } else {
        // Findings are located at the statement's keyword, which names the statement.
        let at = |l: &exasm_cfront::Location, severity, message| Located { location: l.clone(), value: Diagnostic { severity, message, span: Span::default() } };
        let mut out = Reporter::new(Stream::Stdout);
        for (l, f) in &findings {
            report.emit(&mut out, &at(l, f.severity, f.message.clone()), Some(f.kind));
        }
        let mut err = Reporter::new(Stream::Stderr);
        for (l, why) in &cannot {
            report.emit(&mut err, &at(l, Severity::Note, format!("not analysed: {why}")), None);
        }
    }
    if findings.iter().any(|(_, f)| f.severity == Severity::Error) {
        1
    } else if !cannot.is_empty() {
        2
    } else {
        0
    }
}
