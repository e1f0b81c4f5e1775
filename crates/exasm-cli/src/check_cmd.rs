//! `exasm check`: each statement's declared interface against what its instructions do.

use crate::lower_cmd::for_each_unit;
use crate::report::{Reporter, Stream, Unit};
use exasm_unit as unit;
use exasm_cfront::Located;
use exasm_check::{check_statements, CheckError, Context, Job};
use exasm_core::diag::{Diagnostic, Severity, Span};

/// Exit status of `exasm check` when every statement was analysed and none has an error-level
/// finding, but some could not be analysed (each is named on standard error): a CI chooses
/// whether that fails.
pub const NOT_ANALYSED: u8 = 3;

/// `exasm check`: exit 0 when every statement was analysed and has no error-level finding, 1
/// with error-level findings or gcc's diagnostics on the input, 2 on usage or I/O errors,
/// [`NOT_ANALYSED`] (3) when the only trouble is statements that could not be analysed.
pub fn run_check(json: bool, args: &[String]) -> u8 {
    for_each_unit("check", args, |inv, unit, out| {
        // Findings go where the report goes: kept for `-o`, else standard output.
        let to_terminal = inv.args.out_c.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
        let no_sse = no_sse_flags(&inv.flags.isa_args);
        check_unit(json || inv.args.json, &unit, no_sse, Stream::Captured(to_terminal), out)
    })
}

/// Whether the flags compile without SSE (`-mno-sse`, `-mgeneral-regs-only`; a later `-msse*`
/// turns it back on).
fn no_sse_flags(isa_args: &[String]) -> bool {
    isa_args.iter().fold(false, |off, a| match a.as_str() {
        "-mno-sse" | "-mgeneral-regs-only" => true,
        a if a.starts_with("-msse") => false,
        _ => off,
    })
}

/// Whether a `target` option list turns SSE off (`"no-sse"`, `"general-regs-only"`) or on
/// (`"sse2"`): `None` when it says nothing about it.
fn sse_option(options: &str) -> Option<bool> {
    let mut said = None;
    for o in options.split(|c: char| c == ',' || c == '"' || c.is_whitespace()).filter(|o| !o.is_empty()) {
        match o {
            "no-sse" | "general-regs-only" => said = Some(false),
            o if o.starts_with("sse") => said = Some(true),
            _ => {}
        }
    }
    said
}

/// Whether gcc compiles the code at byte `at` of the preprocessed text without SSE: the flags,
/// then every `#pragma GCC target`, `push_options`, `pop_options` and `reset_options` before
/// it, then a `target` attribute on the enclosing function's definition (`def`: where the
/// definition starts and where its body does).
fn no_sse_at(text: &str, at: usize, flags: bool, def: Option<(usize, usize)>) -> bool {
    let mut off = flags;
    let mut saved = Vec::new();
    for line in text[..at.min(text.len())].lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else { continue };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix("pragma").map(str::trim_start).and_then(|r| r.strip_prefix("GCC")) else { continue };
        let rest = rest.trim_start();
        if rest.starts_with("push_options") {
            saved.push(off);
        } else if rest.starts_with("pop_options") {
            off = saved.pop().unwrap_or(flags);
        } else if rest.starts_with("reset_options") {
            off = flags;
        } else if let Some(options) = rest.strip_prefix("target") {
            if let Some(said) = sse_option(options) {
                off = !said;
            }
        }
    }
    if let Some((start, body)) = def {
        let head = text.get(start..body).unwrap_or("");
        if let Some(k) = head.find("target") {
            if let Some(said) = sse_option(head[k + "target".len()..].split(')').next().unwrap_or("")) {
                off = !said;
            }
        }
    }
    off
}

/// Whether an operand expression is (a cast of, an offset into) an array the text declares
/// `const` (`"r" (fdct_tg_all_16)` for `static const int16_t fdct_tg_all_16[24]`): what it
/// points to is never written.
fn names_const_array(text: &str, expr: &str) -> bool {
    let e = expr.trim();
    // `(x86_reg) table`, `table + 8`, `&table[2]`: the identifier the pointer comes from.
    let e = e.rsplit(')').next().unwrap_or(e).trim_start_matches(['&', ' ', '(']);
    let name: String = e.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut at = 0;
    while let Some(k) = text[at..].find(name.as_str()) {
        let start = at + k;
        at = start + name.len();
        let before = text[..start].chars().next_back();
        let after = text[at..].trim_start();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') || !after.starts_with('[') {
            continue;
        }
        // The declaration's specifiers: back to the previous `;`, `{` or `}`.
        let decl_start = text[..start].rfind([';', '{', '}']).map_or(0, |p| p + 1);
        let specifiers = &text[decl_start..start];
        // A declaration, not a use: no `=` or call before the name (attributes aside).
        let declaration = !specifiers.contains('=') && (!specifiers.contains('(') || specifiers.contains("__attribute__"));
        if declaration && specifiers.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == "const") {
            return true;
        }
    }
    false
}

fn check_unit(json: bool, unit: &crate::lower_cmd::Unit, no_sse: bool, stream: Stream, out: &mut Vec<u8>) -> u8 {
    let target = &unit.target;
    let (explained, diags) = unit::explain(&unit.text, &unit.analysis, target, false);
    let report = Unit::new(&unit.text, &unit.analysis);
    report.print(&diags);
    let input_has_errors = diags.iter().any(|d| d.value.is_error());
    let mut findings = Vec::new();
    let mut cannot = Vec::new();
    let mut analysed = 0usize;
    let mut todo = Vec::new();
    // Statements with an error: printed already, listed in the JSON.
    let mut rejected = Vec::new();
    for e in &explained {
        if e.site.file_scope || e.validated.stmt.is_basic() || unit::dead_for_gcc(e.site, target) {
            continue;
        }
        let l = &e.site.location;
        // A statement with an error (gcc's, or exasm's own) is listed, not guessed at; the
        // rest of the file is still checked.
        if let Some(d) = diags.iter().find(|d| d.location == *l && d.value.is_error()) {
            rejected.push((l.clone(), format!("the statement has an error: {}", d.value.message)));
            continue;
        }
        if e.validated.has_errors() {
            continue;
        }
        // The checker follows each memory operand through an address register of its own where
        // registers allow: it tells operands apart by register, which frame slots and shared
        // bases would merge. Under register pressure, the operands as gcc addresses them.
        let own: Vec<_> = e.facts.iter().map(|f| exasm_core::facts::OperandFacts { home: None, symbol_home: None, ..f.clone() }).collect();
        let def = e.site.function_body.map(|(body, start)| (start, body.start as usize));
        let outputs = e.validated.stmt.outputs.len();
        let read_only = e.validated.stmt.inputs.iter().enumerate().filter(|(_, i)| names_const_array(&unit.text, &i.expr.value)).map(|(k, _)| outputs + k).collect();
        let cx = Context { no_sse: no_sse_at(&unit.text, e.site.stmt.span.start as usize, no_sse, def), read_only };
        todo.push((l.clone(), e, own, cx));
    }
    // All statements at once: the checker assembles them together.
    let jobs: Vec<Job> = todo.iter().map(|(_, e, own, cx)| Job { validated: &e.validated, facts: own, context: cx.clone() }).collect();
    let mut results = check_statements(&jobs, target);
    let retry: Vec<usize> = (0..results.len()).filter(|&k| results[k].is_err()).collect();
    let jobs: Vec<Job> = retry.iter().map(|&k| Job { validated: &todo[k].1.validated, facts: &todo[k].1.facts, context: todo[k].3.clone() }).collect();
    for (k, again) in retry.iter().zip(check_statements(&jobs, target)) {
        results[*k] = again;
    }
    for ((l, ..), checked) in todo.iter().zip(results) {
        match checked {
            Ok(fs) => {
                analysed += 1;
                findings.extend(fs.into_iter().map(|f| (l.clone(), f)))
            }
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
        let skipped: Vec<serde_json::Value> = rejected.iter().chain(&cannot).map(|(l, why)| serde_json::json!({"file": l.file, "line": l.line, "column": l.col, "reason": why})).collect();
        let json = serde_json::to_string_pretty(&serde_json::json!({"file": unit.name, "analysed": analysed, "findings": list, "not_analysed": skipped})).expect("serializes");
        out.extend_from_slice(json.as_bytes());
        out.push(b'\n');
    } else {
        // Findings are located at the statement's keyword, which names the statement.
        let at = |l: &exasm_cfront::Location, severity, message| Located { location: l.clone(), value: Diagnostic { severity, message, span: Span::default() } };
        let mut found = Reporter::new(stream);
        for (l, f) in &findings {
            report.emit(&mut found, &at(l, f.severity, f.message.clone()), Some(f.kind));
        }
        out.append(&mut found.take());
        let mut err = Reporter::new(Stream::Stderr);
        for (l, why) in &cannot {
            report.emit(&mut err, &at(l, Severity::Note, format!("not analysed: {why}")), None);
        }
    }
    if input_has_errors || findings.iter().any(|(_, f)| f.severity == Severity::Error) {
        1
    } else if !cannot.is_empty() {
        NOT_ANALYSED
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas_attributes_and_flags_turn_sse_off() {
        let text = "a\n#pragma GCC push_options\n#pragma GCC target(\"no-sse\")\nb\n#pragma GCC pop_options\nc\n";
        let at = |s: &str| text.find(s).unwrap();
        assert!(!no_sse_at(text, at("a"), false, None));
        assert!(no_sse_at(text, at("b"), false, None));
        assert!(!no_sse_at(text, at("c"), false, None));
        assert!(no_sse_at(text, at("c"), true, None));
        let text = "__attribute__((target(\"general-regs-only\"))) void f(void) { x; }";
        assert!(no_sse_at(text, text.find('x').unwrap(), false, Some((0, text.find('{').unwrap()))));
        assert!(no_sse_flags(&["-mavx".into(), "-mno-sse".into()]));
        assert!(!no_sse_flags(&["-mno-sse".into(), "-msse2".into()]));
    }

    #[test]
    fn operands_naming_const_arrays_are_found() {
        let text = "static const short __attribute__((aligned(16))) tab[24] = {1};\nshort buf[8];\nvoid f(void) { g(tab + 8, buf); }";
        assert!(names_const_array(text, "tab"));
        assert!(names_const_array(text, "(long) tab"));
        assert!(names_const_array(text, "tab + 8"));
        assert!(!names_const_array(text, "buf"));
        assert!(!names_const_array(text, "p"));
    }
}
