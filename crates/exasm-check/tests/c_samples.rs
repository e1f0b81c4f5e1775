//! The checker over every asm statement of `c-samples/`: statements that gcc compiles and that
//! behave correctly at every optimisation level. An error-level finding on one of them is a false
//! positive.
//!
//! There is no C front end here: each operand gets guessed facts, and a statement passes when
//! some guess gives it no error finding (the checker is sound for the types the program really
//! uses, which are among the guesses):
//! - integer literals, macros and `sizeof` given to immediate-only constraints are constants,
//!   `&name` given to them an address constant;
//! - a variable declared `register T v asm("reg")` earlier in the file is fixed to that register;
//! - `A` operands are `__int128` (rdx:rax) or integers, `t`/`u`/`f` operands `long double`;
//! - every other operand is an integer lvalue of 8, 4, 2 or 1 bytes: first one size for the whole
//!   statement, then (when no uniform size assembles, as for a `char` output beside `int` inputs)
//!   every combination.
//!
//! Asm labels (`int f(void) asm("sym")`, `register long r asm("rax")`) parse as basic asm
//! statements whose template is a bare name; they are no statements and are skipped. No
//! statement is excluded. Those the checker cannot analyse must say so with
//! [`CheckError::Unsupported`]: the x87 statements (iced does not model the register stack),
//! the file-scope function definitions (their `ret` leaves the template) and `jmp %A0` (an
//! indirect jump).
//!
//! Three warnings remain, all real: `feat_file_scope.c` reads a symbol by name with no m operand
//! (harmless there: the asm defines it), `feat_struct_operand.c` writes an `=r` output before
//! reading the second half of an `m` input, whose address gcc could put in the output's register
//! were the input not a local, and `feat_mem_global.c` gives `addq` an `"ri"` long, which admits
//! constants `addq` cannot encode (harmless there: the long is a converted `int`).

use exasm_check::{check_statement, CheckError, Finding};
use exasm_core::diag::Severity;
use exasm_core::facts::{OperandFacts, SymbolKind, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::regs::PhysReg;
use exasm_core::stmt::{AsmStmt, OperandDecl};
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::validate;
use std::path::PathBuf;

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../c-samples")
}

/// Register variables declared before `at` in `text`: `register long r15v asm ("r15")`.
fn register_variables(text: &str, stmts: &[AsmStmt]) -> Vec<(String, PhysReg)> {
    stmts
        .iter()
        .filter(|s| s.is_basic())
        .filter_map(|s| {
            let reg = PhysReg::from_name(&s.template.value)?;
            let before = &text[..s.span.start as usize];
            let line = before.rsplit('\n').next()?;
            line.contains("register").then_some(())?;
            let name: String = line.trim_end().chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<Vec<_>>().into_iter().rev().collect();
            Some((name, reg))
        })
        .collect()
}

/// Is this an asm label rather than a statement?
fn is_asm_label(s: &AsmStmt) -> bool {
    let t = &s.template.value;
    s.is_basic() && !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$')
}

/// Guessed facts for an operand; other operands are integer lvalues of `size` bytes, `A` ones
/// `__int128` when `wide`.
fn guess(o: &OperandDecl, input: bool, size: u32, wide: bool, regvars: &[(String, PhysReg)]) -> OperandFacts {
    let c = &o.constraint.value;
    let e = o.expr.value.trim();
    let imm_only = input && !c.chars().any(|ch| "rgqQRabcdSDAxvyfmotuXpl0123456789[".contains(ch));
    if imm_only {
        let digits = e.trim_start_matches('(').trim_end_matches(')').trim_end_matches(['u', 'U', 'l', 'L']);
        if let Some(v) = digits.parse::<i128>().ok().or_else(|| digits.strip_prefix("0x").and_then(|h| i128::from_str_radix(h, 16).ok())) {
            return OperandFacts::int_constant(size, v);
        }
        if let Some(sym) = e.strip_prefix('&') {
            let name: String = sym.trim().chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect();
            return OperandFacts::symbol(&name, 0, SymbolKind::Data, true);
        }
        return OperandFacts::int_constant(size, 1);
    }
    if c.contains('A') && wide {
        return OperandFacts::lvalue(ValueKind::Int128, 16);
    }
    if c.contains(['t', 'u', 'f']) {
        return OperandFacts::lvalue(ValueKind::LongDouble, 16);
    }
    let mut f = OperandFacts::lvalue(ValueKind::Int, size);
    if let Some((name, reg)) = regvars.iter().find(|(n, _)| n == e) {
        f.fixed_reg = Some(*reg);
        f.var_name = Some(name.clone());
        f.addressable = false;
    }
    f
}

/// The facts with every addressable operand a local of its own in the frame.
fn in_frame(facts: &[OperandFacts]) -> Vec<OperandFacts> {
    facts
        .iter()
        .enumerate()
        .map(|(k, f)| OperandFacts { home: f.addressable.then(|| exasm_core::facts::MemHome::frame(&format!("local{k}"), 0)), ..f.clone() })
        .collect()
}

/// Facts with operand `k` of `sizes[k]` bytes.
fn facts_for(s: &AsmStmt, sizes: &[u32], wide: bool, regvars: &[(String, PhysReg)]) -> Vec<OperandFacts> {
    let decls = s.outputs.iter().map(|o| (o, false)).chain(s.inputs.iter().map(|o| (o, true)));
    decls.zip(sizes).map(|((o, input), &size)| guess(o, input, size, wide, regvars)).collect()
}

/// The guess with the fewest error findings, or why none can be analysed.
fn check(s: &AsmStmt, target: &Target, regvars: &[(String, PhysReg)]) -> Result<Vec<Finding>, CheckError> {
    const SIZES: [u32; 4] = [8, 4, 2, 1];
    let v = validate(s, target);
    let n = s.outputs.len() + s.inputs.len();
    let uniform = SIZES.iter().map(|&z| vec![z; n]);
    let mixed = (0..SIZES.len().pow(n.min(5) as u32)).map(|mut code| {
        (0..n)
            .map(|_| {
                let z = SIZES[code % SIZES.len()];
                code /= SIZES.len();
                z
            })
            .collect::<Vec<_>>()
    });
    // Errors first, then warnings: a guess of the wrong type can admit constants the real type
    // does not (an `int` where the program has an `unsigned char`).
    let score = |f: &Vec<Finding>| {
        let count = |s: Severity| f.iter().filter(|f| f.severity == s).count();
        (count(Severity::Error), count(Severity::Warning))
    };
    let mut best: Option<Vec<Finding>> = None;
    let mut last = None;
    let guesses = [false, true].into_iter().flat_map(|wide| uniform.clone().map(move |z| (z, wide))).chain(mixed.map(|z| (z, false)));
    for (tried, (sizes, wide)) in guesses.enumerate() {
        if best.is_some() && tried >= 2 * SIZES.len() + 64 {
            break;
        }
        let facts = facts_for(s, &sizes, wide, regvars);
        // Under register pressure the memory operands are locals in frame slots, as gcc has them.
        let result = check_statement(&v, &facts, target).or_else(|_| check_statement(&v, &in_frame(&facts), target));
        match result {
            Ok(f) if best.as_ref().is_none_or(|b| score(&f) < score(b)) => best = Some(f),
            Ok(_) => {}
            Err(e @ (CheckError::Assembler(_) | CheckError::Invalid(_))) => last = Some(e),
            Err(e) => return Err(e),
        }
        if best.as_ref().is_some_and(|b| score(b) == (0, 0)) {
            break;
        }
    }
    best.ok_or_else(|| last.expect("tried at least one guess"))
}

#[test]
fn c_samples_have_no_error_findings() {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(samples_dir()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect();
    files.sort();
    let (mut checked, mut warnings) = (0, 0);
    let mut errors = Vec::new();
    let mut unanalysed = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let intel = text.lines().nth(1).is_some_and(|l| l.contains("exasm-needs:") && l.contains("intel"));
        let target = Target { dialect: if intel { Dialect::Intel } else { Dialect::Att }, ..Target::default() };
        let stmts = parse_statements(&text).statements;
        let regvars = register_variables(&text, &stmts);
        for (k, s) in stmts.iter().enumerate() {
            if is_asm_label(s) {
                continue;
            }
            match check(s, &target, &regvars) {
                Ok(findings) => {
                    checked += 1;
                    for f in findings.iter().filter(|f| f.severity == Severity::Warning) {
                        eprintln!("{name} #{k}: {f}");
                        warnings += 1;
                    }
                    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
                        errors.push(format!("{name} #{k}: {}\n    {f}", s.to_c()));
                    }
                }
                Err(e) => {
                    eprintln!("{name} #{k}: not analysed: {e}\n    {}", s.to_c());
                    unanalysed.push((name.clone(), k, e));
                }
            }
        }
    }
    eprintln!("{checked} statements checked, {} not analysable, {} error findings, {warnings} warnings", unanalysed.len(), errors.len());
    assert!(errors.is_empty(), "error findings on correct statements:\n{}", errors.join("\n"));
    let misguessed: Vec<_> = unanalysed.iter().filter(|(_, _, e)| !matches!(e, CheckError::Unsupported { .. })).collect();
    assert!(misguessed.is_empty(), "statements no guess could render: {misguessed:?}");
    assert_eq!(warnings, 3);
    assert!(checked > 200, "only {checked} statements checked");
}
