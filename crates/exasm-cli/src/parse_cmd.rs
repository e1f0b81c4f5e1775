//! `exasm parse`: decode asm statements given as C text.

use crate::gccflags;
use crate::report;
use exasm_core::diag::{line_col, Diagnostic};
use exasm_core::parse::parse_statements;
use exasm_core::validate::{gcc_reported, validate};
use exasm_cfront::Encoding;
use std::io::Read;

/// Runs the command; returns the exit status.
pub fn run(json: bool, args: &[String]) -> u8 {
    let json = json || args.iter().any(|a| a == "--json");
    let args: Vec<String> = args.iter().filter(|a| *a != "--json").cloned().collect();
    let args = args.as_slice();
    let mut value_next = false;
    for a in args {
        if !std::mem::take(&mut value_next) {
            if let Some(e) = crate::options::unrecognized(a, &["--json"]) {
                report::error(e);
                return 2;
            }
            value_next = crate::options::takes_separate_value(a);
        }
    }
    let mut flags = match gccflags::parse(args, exasm_core::target::Platform::Linux) {
        Ok(f) => f,
        Err(e) => {
            report::error(e);
            return 2;
        }
    };
    // No C is compiled here, but what `-march=` or `-mavx512dq` enable is the compiler's to say.
    if let Err(e) = flags.ask_compiler_for_isa(&gccflags::default_compiler()) {
        report::error(e);
        return 2;
    }
    for w in &flags.warnings {
        report::warning(w);
    }
    let [input] = flags.inputs.as_slice() else {
        report::error("parse takes exactly one input file (or -)");
        return 2;
    };
    let (name, src) = match read_input(input) {
        Ok(x) => x,
        Err(e) => {
            report::error(format!("{input}: {}", report::os_message(&e)));
            return 2;
        }
    };
    let parsed = parse_statements(&src);
    let mut diagnostics: Vec<Diagnostic> = parsed.diagnostics.clone();
    let mut statements = Vec::new();
    for stmt in &parsed.statements {
        let v = validate(stmt, &flags.target);
        diagnostics.extend(gcc_reported(&v.diagnostics));
        statements.push(v);
    }
    diagnostics.sort_by_key(|d| d.span.start);
    report::print_source(&name, &src, &diagnostics);
    if json {
        let out = serde_json::json!({ "target": flags.target, "statements": statements, "diagnostics": diagnostics });
        println!("{}", serde_json::to_string_pretty(&out).expect("model serializes"));
    } else {
        for v in &statements {
            let (line, col) = line_col(&src, v.stmt.span.start as usize);
            println!("{name}:{line}:{col}: {}", v.stmt.to_c());
            for (i, o) in v.operands.iter().enumerate() {
                let constraint = o.constraint.as_ref().map_or(String::from("-"), |c| c.text.clone());
                println!("  %{i} {:?} {constraint}", o.role);
            }
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        1
    } else {
        0
    }
}

/// The input's text; bytes that are not UTF-8 are kept one `char` each ([`Encoding`]).
fn read_input(input: &str) -> std::io::Result<(String, String)> {
    if input == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        Ok(("<stdin>".into(), Encoding::text(bytes)))
    } else {
        Ok((input.to_string(), Encoding::text(std::fs::read(input)?)))
    }
}
