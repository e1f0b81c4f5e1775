//! Prints the thunk for one statement given as text (all operands taken as `long` lvalues).
use exasm_core::{facts::{OperandFacts, ValueKind}, parse::parse_statements, target::Target, validate::validate};
use exasm_lower::thunk::{lower_statement, COperand, Request};
fn main() {
    let src = std::env::args().nth(1).expect("a statement");
    let s = parse_statements(&src).statements.remove(0);
    let t = Target::default();
    let v = validate(&s, &t);
    let n = s.outputs.len() + s.inputs.len();
    let ops: Vec<COperand> = s.outputs.iter().chain(&s.inputs).map(|o| COperand { expr: o.expr.value.clone(), c_type: "long".into(), frame_object: None }).collect();
    let facts = vec![OperandFacts::lvalue(ValueKind::Int, 8); n];
    match lower_statement(&Request { validated: &v, operands: &ops, facts: &facts, target: &t, symbol: "th", unique: 3 }) {
        Ok(th) => println!("{}\n{}{}\nglue={}", th.asm, th.c_decls, th.c_call, th.glue_instructions),
        Err(e) => println!("{e:?}"),
    }
}
