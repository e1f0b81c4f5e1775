//! Property tests: no input panics any parser, every allocation the solver makes passes the
//! independent checker, and statements survive a model -> text -> model round trip.

use exasm_core::constraint::Constraint;
use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::solve;
use exasm_core::stmt::AsmStmt;
use exasm_core::target::Target;
use exasm_core::template::{parse_template, Dialect};
use exasm_core::validate::validate;
use exasm_core::verify::check_allocation;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_string_panics_the_parsers(s in "\\PC{0,80}") {
        let _ = Constraint::decode_output(&s);
        let _ = Constraint::decode_input(&s);
        let _ = parse_template(&s, Dialect::Att);
        let _ = parse_template(&s, Dialect::Intel);
        for stmt in parse_statements(&s).statements {
            let _ = validate(&stmt, &Target::default());
        }
    }

    #[test]
    fn asm_shaped_text_never_panics(s in "(asm|__asm__) ?(volatile|goto|inline| )*\\(\"[%a-z0-9\\[\\]{}|=, ]{0,20}\" ?(: ?(\"[=+&%a-zA-Z0-9,@\\[\\]]{0,6}\" ?\\([a-z]{1,3}\\),? ?){0,3}){0,4}\\)") {
        for stmt in parse_statements(&s).statements {
            let v = validate(&stmt, &Target::default());
            if !v.has_errors() {
                let n = stmt.outputs.len() + stmt.inputs.len();
                let facts = vec![OperandFacts::lvalue(ValueKind::Int, 4); n];
                if let Ok(a) = solve(&v, &facts, &Target::default(), RegSet::EMPTY) {
                    let _ = render(&v, &a, &facts, &Target::default(), &RenderOptions { unique: 0, label: &|k| format!(".L{k}") });
                }
            }
        }
    }

    #[test]
    fn every_allocation_passes_the_checker(
        outs in prop::collection::vec((0usize..4, 0usize..OUT_LETTERS.len(), 0usize..KINDS.len()), 0..5),
        ins in prop::collection::vec((0usize..IN_LETTERS.len(), 0usize..KINDS.len(), any::<bool>()), 0..6),
        clobbers in prop::collection::vec(0usize..CLOBBERS.len(), 0..4),
        intel in any::<bool>(),
    ) {
        let mut src = String::from("asm (\"");
        for i in 0..outs.len() + ins.len() {
            src.push_str(&format!("%{i} "));
        }
        src.push_str("\" :");
        let mut facts = Vec::new();
        let outs_text: Vec<String> = outs.iter().enumerate().map(|(i, (p, l, k))| {
            facts.push(KINDS[*k].clone());
            format!("\"{}{}\" (o{i})", ["=", "+", "=&", "+&"][*p], OUT_LETTERS[*l])
        }).collect();
        src.push_str(&outs_text.join(", "));
        src.push_str(" : ");
        let ins_text: Vec<String> = ins.iter().enumerate().map(|(i, (l, k, constant))| {
            let mut f = KINDS[*k].clone();
            if *constant { f.constant = Some(exasm_core::facts::ConstValue::Int { value: (i as i128) * 3 }); }
            facts.push(f);
            let letter = IN_LETTERS[*l].replace('N', &outs.len().saturating_sub(1).to_string());
            format!("\"{letter}\" (i{i})")
        }).collect();
        src.push_str(&ins_text.join(", "));
        src.push_str(" : ");
        src.push_str(&clobbers.iter().map(|c| format!("\"{}\"", CLOBBERS[*c])).collect::<Vec<_>>().join(", "));
        src.push(')');
        let stmt = parse_statements(&src).statements.remove(0);
        let target = Target { dialect: if intel { Dialect::Intel } else { Dialect::Att }, ..Target::default() };
        let v = validate(&stmt, &target);
        if !v.has_errors() {
            if let Ok(a) = solve(&v, &facts, &target, RegSet::EMPTY) {
                if let Err(e) = check_allocation(&v, &facts, &target, RegSet::EMPTY, &a) {
                    panic!("{src}\n{a:?}\n{e:?}");
                }
                let _ = render(&v, &a, &facts, &target, &RenderOptions { unique: 1, label: &|k| format!(".L{k}") });
            }
        }
    }

    #[test]
    fn model_text_model_round_trip(s in "(asm|__asm__) (volatile )?\\(\"([a-z%0-9 ]|\\\\n|\\\\t){0,12}\"( : (\\[n[0-9]\\] )?\"=r\" \\(x\\)( : \"r\" \\(y\\), \"i\" \\(1 \\+ 2\\)( : \"cc\")?)?)?\\)") {
        let first = parse_statements(&s).statements.remove(0);
        let again = parse_statements(&first.to_c()).statements.remove(0);
        prop_assert_eq!(strip(&first), strip(&again));
    }
}

const OUT_LETTERS: [&str; 12] = ["r", "q", "Q", "a", "d", "m", "rm", "g", "x", "A", "r,m", "S"];
const IN_LETTERS: [&str; 12] = ["r", "m", "rm", "g", "i", "n", "ri", "N", "c", "D", "x", "I"];
const CLOBBERS: [&str; 6] = ["rax", "rbx", "memory", "cc", "r12", "xmm0"];
static KINDS: std::sync::LazyLock<Vec<OperandFacts>> = std::sync::LazyLock::new(|| {
    vec![
        OperandFacts::lvalue(ValueKind::Int, 1),
        OperandFacts::lvalue(ValueKind::Int, 2),
        OperandFacts::lvalue(ValueKind::Int, 4),
        OperandFacts::lvalue(ValueKind::Int, 8),
        OperandFacts::lvalue(ValueKind::Double, 8),
        OperandFacts::lvalue(ValueKind::Int128, 16),
        OperandFacts::rvalue(ValueKind::Pointer, 8),
    ]
});

/// The statement with every span zeroed, for comparing models.
fn strip(s: &AsmStmt) -> String {
    let mut v = serde_json::to_value(s).unwrap();
    zero_spans(&mut v);
    v.to_string()
}

fn zero_spans(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("span");
            m.values_mut().for_each(zero_spans);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(zero_spans),
        _ => {}
    }
}
