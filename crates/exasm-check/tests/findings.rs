//! Every finding kind on a buggy statement and its corrected twin, and the idioms that must not
//! be reported (save/restore pairs, zeroing idioms, implicit operands, partial registers).

use exasm_check::{check_statement, kinds, CheckError, Finding};
use exasm_core::diag::Severity;
use exasm_core::facts::{OperandFacts, ValueKind};
use exasm_core::parse::parse_statements;
use exasm_core::target::Target;
use exasm_core::template::Dialect;
use exasm_core::validate::validate;

fn int(size: u32) -> OperandFacts {
    OperandFacts::lvalue(ValueKind::Int, size)
}

fn ints(n: usize, size: u32) -> Vec<OperandFacts> {
    vec![int(size); n]
}

fn ptr() -> OperandFacts {
    OperandFacts::lvalue(ValueKind::Pointer, 8)
}

fn double() -> OperandFacts {
    OperandFacts::lvalue(ValueKind::Double, 8)
}

fn check_in(src: &str, facts: &[OperandFacts], target: &Target) -> Result<Vec<Finding>, CheckError> {
    let parsed = parse_statements(src);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let s = parsed.statements.into_iter().next().expect("one statement");
    check_statement(&validate(&s, target), facts, target)
}

/// Findings on a statement, notes included.
fn check(src: &str, facts: &[OperandFacts]) -> Vec<Finding> {
    check_in(src, facts, &Target::default()).unwrap_or_else(|e| panic!("{src}: {e}"))
}

/// The kinds of the errors and warnings (notes left out).
fn kinds_of(src: &str, facts: &[OperandFacts]) -> Vec<&'static str> {
    check(src, facts).iter().filter(|f| f.severity != Severity::Note).map(|f| f.kind).collect()
}

fn only(src: &str, facts: &[OperandFacts], kind: &str) -> Finding {
    let found = check(src, facts);
    let of_kind: Vec<&Finding> = found.iter().filter(|f| f.severity != Severity::Note).collect();
    assert_eq!(of_kind.len(), 1, "{src}: {found:#?}");
    assert_eq!(of_kind[0].kind, kind, "{src}: {found:#?}");
    of_kind[0].clone()
}

fn clean(src: &str, facts: &[OperandFacts]) {
    let found: Vec<Finding> = check(src, facts).into_iter().filter(|f| f.severity != Severity::Note).collect();
    assert!(found.is_empty(), "{src}: {found:#?}");
}

// undeclared-register-write

#[test]
fn scratch_register_without_clobber_is_an_undeclared_write() {
    let f = only(r#"asm ("movl $1, %%ecx; movl %%ecx, %0" : "=r" (x))"#, &[int(4)], kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rcx"));
    assert_eq!(f.instruction.as_deref(), Some("mov $1, %ecx"));
    assert!(f.message.contains("add \"rcx\" to the clobbers"), "{}", f.message);
    clean(r#"asm ("movl $1, %%ecx; movl %%ecx, %0" : "=r" (x) : : "ecx")"#, &[int(4)]);
}

#[test]
fn a_partial_write_is_a_write() {
    let f = only(r#"asm ("movb $1, %%ah" : : : "cc")"#, &[], kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rax"));
    clean(r#"asm ("movb $1, %%ah" : : : "rax")"#, &[]);
}

#[test]
fn a_call_changes_every_call_clobbered_register_in_one_finding() {
    let f = only(r#"asm volatile ("call abort" : : : "memory")"#, &[], kinds::UNDECLARED_REGISTER_WRITE);
    assert!(f.message.starts_with("rax, rcx, rdx, rsi, rdi, r8, r9, r10, r11, xmm0"), "{}", f.message);
    // The callee's effects are the ABI's, assumed (it may be asm that keeps them): a warning,
    // and a note says so.
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("(if the called code follows the System V ABI)"), "{}", f.message);
    let notes: Vec<_> = check(r#"asm volatile ("call *%0" : : "r" (fp) : "memory")"#, &[ptr()]).into_iter().filter(|f| f.kind == kinds::CALL_ABI_ASSUMED).collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.starts_with("`call *%rax` is assumed to follow the System V ABI"), "{}", notes[0].message);
    assert_eq!(f.instruction.as_deref(), Some("call abort"));
    let all = r#""rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15""#;
    clean(&format!(r#"asm volatile ("call abort" : : : "memory", "cc", {all})"#), &[]);
}

// undeclared-register-read

#[test]
fn reading_a_register_that_is_no_input_is_an_undeclared_read() {
    let f = only(r#"asm ("movl %%ecx, %0" : "=r" (x))"#, &[int(4)], kinds::UNDECLARED_REGISTER_READ);
    assert_eq!(f.message, "output %0 (eax) receives the incoming value of rcx, which is not an input");
    assert_eq!(f.register.as_deref(), Some("rcx"));
    assert_eq!(f.instruction.as_deref(), Some("mov %ecx, %eax"));
    let f = only(r#"asm ("leal 1(%%ecx), %0" : "=r" (x))"#, &[int(4)], kinds::UNDECLARED_REGISTER_READ);
    assert_eq!(f.message, "reads ecx before writing it, and rcx is not an input: its value is whatever gcc left there; make it an input or write it first");
    assert_eq!(f.register.as_deref(), Some("ecx"));
    clean(r#"asm ("movl %1, %0" : "=r" (x) : "c" (y))"#, &[int(4), int(4)]);
}

#[test]
fn reading_an_output_before_writing_it_is_an_undeclared_read() {
    let f = only(r#"asm ("addl %1, %0" : "=r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)], kinds::UNDECLARED_REGISTER_READ);
    assert!(f.message.contains("reads eax before writing it"), "{}", f.message);
    clean(r#"asm ("addl %1, %0" : "+r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)]);
}

#[test]
fn upper_bytes_left_after_a_partial_write_are_an_undeclared_read() {
    only(r#"asm ("movb $1, %%al; movl %%eax, %0" : "=r" (x) : : "rax")"#, &[int(4)], kinds::UNDECLARED_REGISTER_READ);
    clean(r#"asm ("movb $1, %%al; movzbl %%al, %0" : "=r" (x) : : "rax")"#, &[int(4)]);
}

#[test]
fn moving_a_stray_register_into_an_output_is_an_undeclared_read() {
    let f = only(r#"asm ("movq %%r10, %0" : "=r" (x))"#, &[int(8)], kinds::UNDECLARED_REGISTER_READ);
    assert!(f.message.contains("incoming value of r10"), "{}", f.message);
    clean(r#"asm ("movq %%r10, %0" : "=r" (x) : "r" (y) : "r10")"#.replace("%%r10, %0\"", "%1, %0\"").as_str(), &[int(8), int(8)]);
}

// input-modified

#[test]
fn shifting_an_input_in_place_modifies_it() {
    let f = only(r#"asm ("shlq $2, %1; movq %1, %0" : "=r" (x) : "r" (y) : "cc")"#, &[int(8), int(8)], kinds::INPUT_MODIFIED);
    assert_eq!(f.operand, Some(1));
    assert_eq!(f.instruction.as_deref(), Some("shl $2, %rcx"));
    clean(r#"asm ("movq %1, %0; shlq $2, %0" : "=&r" (x) : "r" (y) : "cc")"#, &[int(8), int(8)]);
}

#[test]
fn writing_a_memory_input_modifies_it() {
    let f = only(r#"asm ("incl %0" : : "m" (x) : "cc")"#, &[int(4)], kinds::INPUT_MODIFIED);
    assert!(f.message.contains("memory input %0"), "{}", f.message);
    clean(r#"asm ("incl %0" : "+m" (x) : : "cc")"#, &[int(4)]);
}

#[test]
fn changing_an_address_register_modifies_an_input() {
    let f = only(r#"asm ("addq $4, %1; movl (%1), %0" : "=r" (x) : "r" (p), "m" (*p) : "cc")"#, &[int(4), ptr(), int(4)], kinds::INPUT_MODIFIED);
    assert_eq!(f.operand, Some(1));
    clean(r#"asm ("movl 4(%1), %0" : "=r" (x) : "r" (p), "m" (*p))"#, &[int(4), ptr(), int(4)]);
}

// missing-early-clobber

#[test]
fn output_written_before_the_last_input_is_read_needs_an_early_clobber() {
    let f = only(r#"asm ("movl %1, %0; addl %2, %0" : "=r" (x) : "r" (a), "r" (b) : "cc")"#, &[int(4), int(4), int(4)], kinds::MISSING_EARLY_CLOBBER);
    assert_eq!(f.operand, Some(0));
    assert_eq!(f.register.as_deref(), Some("edx"));
    assert_eq!(f.instruction.as_deref(), Some("add %edx, %eax"));
    assert!(f.message.contains("by `mov %ecx, %eax` before %2 (edx)"), "{}", f.message);
    clean(r#"asm ("movl %1, %0; addl %2, %0" : "=&r" (x) : "r" (a), "r" (b) : "cc")"#, &[int(4), int(4), int(4)]);
}

#[test]
fn registers_no_allocation_can_share_need_no_early_clobber() {
    // `=a` and `c` can never be one register.
    clean(r#"asm ("movl $0, %0; addl %1, %0" : "=a" (x) : "c" (a) : "cc")"#, &[int(4), int(4)]);
}

#[test]
fn an_output_overlapping_a_memory_address_is_a_warning() {
    let src = r#"asm ("movq %1, %0; addq 8+%1, %0" : "=r" (s) : "m" (*p) : "cc")"#;
    let f = only(src, &[int(8), int(16)], kinds::MISSING_EARLY_CLOBBER);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("the address of %1"), "{}", f.message);
    clean(&src.replace("\"=r\"", "\"=&r\""), &[int(8), int(16)]);
}

// undeclared-memory-write, undeclared-memory-read

#[test]
fn storing_through_a_pointer_input_needs_memory_or_an_m_operand() {
    let f = only(r#"asm ("movl $0, (%0)" : : "r" (p))"#, &[ptr()], kinds::UNDECLARED_MEMORY_WRITE);
    assert!(f.message.contains("through rax (operand %0)"), "{}", f.message);
    clean(r#"asm ("movl $0, (%0)" : : "r" (p) : "memory")"#, &[ptr()]);
    clean(r#"asm ("movl $0, (%1)" : "=m" (*p) : "r" (p))"#, &[int(4), ptr()]);
}

#[test]
fn loading_through_a_pointer_input_needs_memory_or_an_m_operand() {
    only(r#"asm ("movl (%1), %0" : "=r" (x) : "r" (p))"#, &[int(4), ptr()], kinds::UNDECLARED_MEMORY_READ);
    clean(r#"asm ("movl (%1), %0" : "=r" (x) : "r" (p), "m" (*p))"#, &[int(4), ptr(), int(4)]);
}

#[test]
fn derived_addresses_keep_their_provenance() {
    let f = only(r#"asm ("leaq 8(%0), %%rdx; movl $0, (%%rdx)" : : "r" (p) : "rdx")"#, &[ptr()], kinds::UNDECLARED_MEMORY_WRITE);
    assert!(f.message.contains("derived from operand %0"), "{}", f.message);
}

#[test]
fn writing_a_global_by_name_needs_memory_or_its_m_operand() {
    let f = only(r#"asm ("incl counter(%%rip)" : : : "cc")"#, &[], kinds::UNDECLARED_MEMORY_WRITE);
    assert_eq!(f.instruction.as_deref(), Some("incl counter(%rip)"));
    clean(r#"asm ("incl counter(%%rip)" : "+m" (counter) : : "cc")"#, &[int(4)]);
    clean(r#"asm ("incl counter(%%rip)" : : : "cc", "memory")"#, &[]);
    // A read by name is only a warning: it goes wrong only if C writes the object nearby.
    let f = only(r#"asm ("movl counter(%%rip), %0" : "=r" (x))"#, &[int(4)], kinds::UNDECLARED_MEMORY_READ);
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn adding_zero_to_the_stack_top_is_a_fence_not_a_write() {
    // liburcu's cmm_mb() on x86 without mfence (i386, Xeon Phi).
    clean(r#"asm volatile ("lock; addl $0,0(%%rsp)" : : : "memory")"#, &[]);
    let f = only(r#"asm volatile ("lock; addl $1,0(%%rsp)" : : : "memory")"#, &[], kinds::UNDECLARED_MEMORY_WRITE);
    assert!(f.message.contains("offset 0 from the incoming stack pointer"), "{}", f.message);
}

#[test]
fn writing_the_callers_frame_is_an_undeclared_write() {
    let f = only(r#"asm ("movq $0, 8(%rsp)")"#, &[], kinds::UNDECLARED_MEMORY_WRITE);
    assert!(f.message.contains("offset 8 from the incoming stack pointer"), "{}", f.message);
    clean(r#"asm ("subq $16, %%rsp; movq $0, 8(%%rsp); addq $16, %%rsp" : : : "cc")"#, &[]);
}

// memory-output-read

#[test]
fn a_read_modify_write_of_an_eq_m_output_reads_it() {
    // liburcu's uatomic_inc: gcc 12 -O2 deletes `*p = 5` before it, "memory" clobber or not.
    let f = only(r#"asm volatile ("lock; incl %0" : "=m" (*p) : : "memory")"#, &[int(4)], kinds::MEMORY_OUTPUT_READ);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.operand, Some(0));
    assert_eq!(f.instruction.as_deref(), Some("lock incl (%rax)"));
    assert!(f.message.contains("make it \"+m\""), "{}", f.message);
    clean(r#"asm volatile ("lock; incl %0" : "+m" (*p) : : "memory")"#, &[int(4)]);
}

#[test]
fn an_eq_m_output_read_after_the_asm_wrote_it_is_clean() {
    clean(r#"asm ("movl $1, %0; addl $2, %0" : "=m" (x) : : "cc")"#, &[int(4)]);
}

#[test]
fn an_eq_m_output_named_by_symbol_is_checked_too() {
    let counter = OperandFacts { symbol_home: Some(("counter".into(), 0)), ..int(4) };
    let f = only(r#"asm ("incl %0" : "=m" (counter) : : "cc")"#, std::slice::from_ref(&counter), kinds::MEMORY_OUTPUT_READ);
    assert_eq!(f.instruction.as_deref(), Some("incl counter(%rip)"));
    clean(r#"asm ("incl %0" : "+m" (counter) : : "cc")"#, &[counter]);
}

// output-not-written

#[test]
fn an_output_skipped_by_a_branch_is_not_written() {
    let f = only(r#"asm ("testl %1, %1; jz 1f; movl $1, %0; 1:" : "=r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)], kinds::OUTPUT_NOT_WRITTEN);
    assert_eq!(f.message, "output %0 (eax) is not written at the end of the asm");
    clean(r#"asm ("movl $0, %0; testl %1, %1; jz 1f; movl $1, %0; 1:" : "=&r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)]);
}

#[test]
fn a_byte_written_into_an_int_output_leaves_it_partly_written() {
    let f = only(r#"asm ("testl %1, %1; sete %b0" : "=r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)], kinds::OUTPUT_NOT_WRITTEN);
    assert!(f.message.contains("only partly written"), "{}", f.message);
    clean(r#"asm ("xorl %0, %0; testl %1, %1; sete %b0" : "=&r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)]);
    clean(r#"asm ("testl %1, %1; sete %0" : "=q" (c) : "r" (y) : "cc")"#, &[int(1), int(4)]);
}

#[test]
fn a_conditional_move_alone_does_not_write_an_output() {
    only(r#"asm ("testl %1, %1; cmovzl %2, %0" : "=r" (x) : "r" (y), "r" (z) : "cc")"#, &[int(4), int(4), int(4)], kinds::OUTPUT_NOT_WRITTEN);
    // guide_earlyclobber's way: tie a default value to the output.
    clean(r#"asm ("testl %2, %2; cmovzl %3, %0" : "=r" (x) : "0" (-1), "r" (y), "r" (z) : "cc")"#, &[int(4), int(4), int(4), int(4)]);
}

#[test]
fn a_flag_output_needs_its_flags_set() {
    let f = only(r#"asm ("movl %1, %%eax" : "=@ccz" (z) : "r" (y) : "eax")"#, &[int(1), int(4)], kinds::OUTPUT_NOT_WRITTEN);
    assert!(f.message.contains("reads ZF"), "{}", f.message);
    clean(r#"asm ("testl %1, %1" : "=@ccz" (z) : "r" (y))"#, &[int(1), int(4)]);
}

#[test]
fn an_output_missed_on_a_goto_edge_is_a_warning() {
    let src = r#"asm goto ("testl %1, %1; jz %l2; movl $1, %0" : "=r" (x) : "r" (y) : "cc" : fail)"#;
    let f = only(src, &[int(4), int(4)], kinds::OUTPUT_NOT_WRITTEN);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.message, "output %0 (eax) is not written on the jump to %l[fail]");
    clean(r#"asm goto ("movl $1, %0; testl %1, %1; jz %l2" : "=&r" (x) : "r" (y) : "cc" : fail)"#, &[int(4), int(4)]);
}

#[test]
fn an_m_output_must_be_written() {
    only(r#"asm ("" : "=m" (x))"#, &[int(4)], kinds::OUTPUT_NOT_WRITTEN);
    clean(r#"asm ("movl $0, %0" : "=m" (x))"#, &[int(4)]);
}

#[test]
fn cmpxchg_always_leaves_the_old_value_in_the_accumulator() {
    // ck_pr_cas_64_2_value: rdx:rax are outputs and (untied) inputs; on success cmpxchg16b
    // leaves them alone, and they already hold the memory's value.
    let src = r#"asm volatile ("lock cmpxchg16b %0; setz %3" : "+m" (*t), "=a" (v0), "=d" (v1), "=q" (z) : "a" (c0), "d" (c1), "b" (s0), "c" (s1) : "memory", "cc")"#;
    clean(src, &[int(8), int(8), int(8), int(1), int(8), int(8), int(8), int(8)]);
    // A 32-bit compare-exchange zero-extends rax only when it fails: a long output is half-written.
    let f = only(
        r#"asm volatile ("lock cmpxchgl %2, %1" : "=a" (prev), "+m" (*p) : "r" (new), "a" (old) : "memory", "cc")"#,
        &[int(8), int(4), int(4), int(8)],
        kinds::OUTPUT_NOT_WRITTEN,
    );
    assert!(f.message.contains("4 of its bytes"), "{}", f.message);
    clean(r#"asm volatile ("lock cmpxchgq %2, %1" : "=a" (prev), "+m" (*p) : "r" (new), "a" (old) : "memory", "cc")"#, &ints(4, 8));
}

// immediate-out-of-range

#[test]
fn a_zero_extended_32_bit_immediate_does_not_fit_a_64_bit_instruction() {
    // Concurrency Kit's ck_pr_md_store_64 and ck_pr_add_64: "Z" admits 0x80000000..0xffffffff,
    // which movq and addq sign-extend from 32 bits: `as` rejects them.
    let f = only(r#"asm volatile ("movq %1, %0" : "=m" (*t) : "Zq" (v) : "memory")"#, &ints(2, 8), kinds::IMMEDIATE_OUT_OF_RANGE);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.operand, Some(1));
    assert!(f.message.starts_with("input %1 (\"Zq\") admits the constant 2147483648, and then `as` rejects the asm: operand type mismatch for `movq'"), "{}", f.message);
    assert_eq!(f.instruction.as_deref(), Some("movq $2147483648, (%rax)"));
    clean(r#"asm volatile ("movq %1, %0" : "=m" (*t) : "eq" (v) : "memory")"#, &ints(2, 8));
}

#[test]
fn an_immediate_count_is_checked_at_the_width_of_its_type() {
    let rotate = r#"asm ("roll %1, %0" : "+r" (x) : "ci" (count) : "cc")"#;
    clean(rotate, &[int(4), int(1)]);
    let f = only(rotate, &[int(4), int(4)], kinds::IMMEDIATE_OUT_OF_RANGE);
    assert!(f.message.contains("admits the constant 65535"), "{}", f.message);
    clean(r#"asm ("roll %1, %0" : "+r" (x) : "cI" (count) : "cc")"#, &[int(4), int(4)]);
}

// stack-pointer-modified

#[test]
fn an_unbalanced_push_moves_the_stack_pointer() {
    let f = only(r#"asm volatile ("pushq %0" : : "r" (x))"#, &[int(8)], kinds::STACK_POINTER_MODIFIED);
    assert_eq!(f.message, "the stack pointer is -8 from its incoming value at the end of the asm");
    assert_eq!(f.instruction.as_deref(), Some("push %rax"));
    clean(r#"asm volatile ("pushq %0; popq %0" : : "r" (x))"#, &[int(8)]);
}

#[test]
fn stack_adjustments_must_balance() {
    only(r#"asm volatile ("subq $32, %%rsp" : : : "cc")"#, &[], kinds::STACK_POINTER_MODIFIED);
    clean(r#"asm volatile ("subq $32, %%rsp; leaq 32(%%rsp), %%rsp" : : : "cc")"#, &[]);
    // Aligning loses the offset; restoring from a saved copy finds it again.
    clean(r#"asm volatile ("movq %%rsp, %%rbx; andq $-16, %%rsp; movq %%rbx, %%rsp" : : : "rbx", "cc")"#, &[]);
    only(r#"asm volatile ("andq $-16, %%rsp" : : : "cc")"#, &[], kinds::STACK_POINTER_MODIFIED);
}

// flags-without-cc

#[test]
fn changing_flags_without_cc_is_a_note() {
    let found = check(r#"asm ("addl %1, %0" : "+r" (x) : "r" (y))"#, &[int(4), int(4)]);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].kind, found[0].severity), (kinds::FLAGS_WITHOUT_CC, Severity::Note));
    assert!(check(r#"asm ("addl %1, %0" : "+r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)]).is_empty());
}

// undeclared-flags-read

#[test]
fn reading_carry_before_setting_it_is_an_undeclared_flags_read() {
    let f = only(r#"asm ("adcl %1, %0" : "+r" (x) : "r" (y) : "cc")"#, &[int(4), int(4)], kinds::UNDECLARED_FLAGS_READ);
    assert_eq!(f.message, "reads CF before the asm sets it: gcc passes no flags into an asm");
    clean(r#"asm ("addl %2, %0; adcl %3, %1" : "+r" (lo), "+r" (hi) : "r" (a), "r" (b) : "cc")"#, &[int(4), int(4), int(4), int(4)]);
}

// flag-output-undefined

#[test]
fn a_flag_output_of_an_undefined_flag_is_reported() {
    let src = r#"asm ("mull %3" : "=a" (lo), "=d" (hi), "=@ccz" (z) : "r" (b), "0" (a) : "cc")"#;
    let f = only(src, &[int(4), int(4), int(1), int(4), int(4)], kinds::FLAG_OUTPUT_UNDEFINED);
    assert_eq!(f.instruction.as_deref(), Some("mul %ecx"));
    clean(&src.replace("=@ccz", "=@ccc"), &[int(4), int(4), int(1), int(4), int(4)]);
}

// direction-flag-set

#[test]
fn leaving_the_direction_flag_set_is_reported() {
    let src = r#"asm volatile ("std; rep movsb" : "+D" (d), "+S" (s), "+c" (n) : : "memory")"#;
    let f = only(src, &[ptr(), ptr(), int(8)], kinds::DIRECTION_FLAG_SET);
    assert_eq!(f.instruction.as_deref(), Some("std"));
    clean(&src.replace("rep movsb", "rep movsb; cld"), &[ptr(), ptr(), int(8)]);
    clean(&src.replace("std; rep movsb", "pushfq; std; rep movsb; popfq"), &[ptr(), ptr(), int(8)]);
}

// analysis-incomplete

#[test]
fn a_loop_that_never_settles_is_reported_incomplete() {
    let found = check(r#"asm volatile ("1: pushq %0; decq %0; jnz 1b" : "+r" (n) : : "cc")"#, &[int(8)]);
    assert!(found.iter().any(|f| f.kind == kinds::ANALYSIS_INCOMPLETE && f.severity == Severity::Note), "{found:#?}");
    clean(r#"asm ("xorl %0, %0; 1: addl %2, %0; decl %1; jnz 1b" : "=&r" (sum), "+r" (n) : "r" (k) : "cc")"#, &[int(4), int(4), int(4)]);
}

// Precision: idioms that must not be reported.

#[test]
fn push_pop_of_rbx_around_cpuid_is_a_save_restore() {
    clean(r#"asm volatile ("pushq %%rbx; cpuid; movl %%ebx, %1; popq %%rbx" : "=a" (a), "=S" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub))"#, &ints(6, 4));
}

#[test]
fn an_r_output_beside_a_saved_rbx_may_be_given_rbx() {
    // gcc 12 -O2 gives `b` ebx under register pressure: `movl %ebx, %ebx; popq %rbx` returns
    // the caller's rbx (tests/check-allocations/cpuid_rbx.c shows it).
    let f = only(
        r#"asm volatile ("pushq %%rbx; cpuid; movl %%ebx, %1; popq %%rbx" : "=a" (a), "=r" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub))"#,
        &ints(6, 4),
        kinds::OPERAND_OVERWRITTEN,
    );
    assert!(f.message.starts_with("if gcc allocates %1 to rbx, output %1 (ebx) holds its incoming value"), "{}", f.message);
}

#[test]
fn mov_and_xchg_save_restore_pairs() {
    clean(
        r#"asm volatile ("movq %%rbx, %%r10; cpuid; movl %%ebx, %1; movq %%r10, %%rbx" : "=a" (a), "=S" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub) : "r10")"#,
        &ints(6, 4),
    );
    clean(r#"asm volatile ("xchgq %%rbx, %q1; cpuid; xchgq %%rbx, %q1" : "=a" (a), "=&r" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub))"#, &ints(6, 4));
    // A 32-bit xchg zero-extends: rbx's upper half is lost.
    only(
        r#"asm volatile ("xchgl %%ebx, %k1; cpuid; xchgl %%ebx, %k1" : "=a" (a), "=&r" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub))"#,
        &ints(6, 4),
        kinds::UNDECLARED_REGISTER_WRITE,
    );
    clean(
        r#"asm volatile ("movq %%rbx, -8(%%rsp); cpuid; movl %%ebx, %1; movq -8(%%rsp), %%rbx" : "=a" (a), "=S" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub))"#,
        &ints(6, 4),
    );
}

#[test]
fn zeroing_idioms_read_nothing() {
    clean(r#"asm ("xorl %%eax, %%eax; movl %%eax, %0" : "=r" (x) : : "eax", "cc")"#, &[int(4)]);
    clean(r#"asm ("subl %%ecx, %%ecx; movl %%ecx, %0" : "=r" (x) : : "ecx", "cc")"#, &[int(4)]);
    clean(r#"asm ("pxor %0, %0" : "=x" (v))"#, &[OperandFacts::lvalue(ValueKind::Vector, 16)]);
    clean(r#"asm ("pcmpeqb %0, %0" : "=x" (v))"#, &[OperandFacts::lvalue(ValueKind::Vector, 16)]);
    clean(r#"asm ("cmpl %2, %1; sbbl %0, %0" : "=r" (m) : "r" (a), "r" (b) : "cc")"#, &[int(4), int(4), int(4)]);
}

#[test]
fn cpuid_with_all_four_outputs_is_clean() {
    clean(r#"asm volatile ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (sub))"#, &ints(6, 4));
    only(r#"asm volatile ("cpuid" : "=a" (a), "=c" (c), "=d" (d) : "0" (leaf), "1" (sub))"#, &ints(5, 4), kinds::UNDECLARED_REGISTER_WRITE);
}

#[test]
fn rdtsc_and_rdtscp_write_their_implicit_registers() {
    clean(r#"asm volatile ("rdtsc" : "=a" (lo), "=d" (hi))"#, &[int(4), int(4)]);
    let f = only(r#"asm volatile ("rdtscp" : "=a" (lo), "=d" (hi))"#, &[int(4), int(4)], kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rcx"));
    clean(r#"asm volatile ("rdtscp" : "=a" (lo), "=d" (hi) : : "rcx")"#, &[int(4), int(4)]);
}

#[test]
fn syscall_clobbers_rcx_and_r11() {
    let facts = [int(8), int(8), int(8), ptr(), int(8)];
    let src = r#"asm volatile ("syscall" : "=a" (r) : "0" (1L), "D" (fd), "S" (buf), "d" (len) : "rcx", "r11", "memory")"#;
    clean(src, &facts);
    let f = only(&src.replace(r#""rcx", "r11", "#, ""), &facts, kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rcx, r11"));
    assert_eq!(f.instruction.as_deref(), Some("syscall"));
    // The syscall number in rax must be an input.
    only(r#"asm volatile ("syscall" : "=a" (r) : : "rcx", "r11", "memory")"#, &[int(8)], kinds::UNDECLARED_REGISTER_READ);
}

#[test]
fn rep_movsb_with_its_registers_and_memory_is_clean() {
    clean(r#"asm volatile ("rep movsb" : "+D" (d), "+S" (s), "+c" (n) : : "memory")"#, &[ptr(), ptr(), int(8)]);
    let found = kinds_of(r#"asm volatile ("rep movsb" : "+D" (d), "+S" (s), "+c" (n))"#, &[ptr(), ptr(), int(8)]);
    assert_eq!(found, [kinds::UNDECLARED_MEMORY_WRITE, kinds::UNDECLARED_MEMORY_READ]);
    // rcx counts down: an input-only count is modified.
    only(r#"asm volatile ("rep movsb" : "+D" (d), "+S" (s) : "c" (n) : "memory")"#, &[ptr(), ptr(), int(8)], kinds::INPUT_MODIFIED);
}

#[test]
fn mul_and_div_use_rax_and_rdx() {
    clean(r#"asm ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (a), "rm" (b) : "cc")"#, &ints(4, 8));
    clean(r#"asm ("divq %4" : "=a" (q), "=d" (r) : "0" (lo), "1" (hi), "rm" (d) : "cc")"#, &ints(5, 8));
    // divq reads rdx: without it as an input the dividend's high half is whatever is there.
    only(r#"asm ("divq %3" : "=a" (q), "=d" (r) : "0" (lo), "rm" (d) : "cc")"#, &ints(4, 8), kinds::UNDECLARED_REGISTER_READ);
}

#[test]
fn partial_register_writes_count_by_bytes() {
    clean(r#"asm ("movb $1, %0" : "=a" (c))"#, &[int(1)]);
    let f = only(r#"asm ("movb $1, %b0" : "=a" (x))"#, &[int(4)], kinds::OUTPUT_NOT_WRITTEN);
    assert!(f.message.contains("3 of its bytes"), "{}", f.message);
    clean(r#"asm ("movw $1, %w0" : "=r" (s))"#, &[int(2)]);
}

#[test]
fn a_local_call_returns_into_the_template() {
    clean(r#"asm ("call 1f; 1: popq %0" : "=r" (pc))"#, &[int(8)]);
}

#[test]
fn loops_and_branches_are_followed() {
    clean(r#"asm ("xorl %0, %0; testl %1, %1; jz 2f; 1: addl %2, %0; decl %1; jnz 1b; 2:" : "=&r" (sum), "+r" (n) : "r" (k) : "cc")"#, &ints(3, 4));
}

#[test]
fn lock_cmpxchg_with_its_operands_is_clean() {
    clean(r#"asm volatile ("lock cmpxchgl %2, %1" : "+a" (old), "+m" (*p) : "r" (new) : "memory", "cc")"#, &ints(3, 4));
    clean(
        r#"asm volatile ("lock cmpxchgq %3, %1" : "=a" (prev), "+m" (*p), "=@ccz" (z) : "r" (new), "0" (old) : "memory")"#,
        &[int(8), int(8), int(1), int(8), int(8)],
    );
}

#[test]
fn scalar_sse_merges_are_not_reads() {
    clean(r#"asm ("sqrtsd %1, %0" : "=x" (r) : "x" (a))"#, &[double(), double()]);
    clean(r#"asm ("cvtsi2sdq %1, %0" : "=x" (r) : "r" (n))"#, &[double(), int(8)]);
    // addsd reads the destination's low element.
    only(r#"asm ("addsd %1, %0" : "=x" (r) : "x" (a))"#, &[double(), double()], kinds::UNDECLARED_REGISTER_READ);
}

#[test]
fn asm_goto_exits_end_their_paths() {
    clean(r#"asm goto ("btl %1, %0; jc %l2" : : "r" (x), "r" (bit) : "cc" : found)"#, &[int(4), int(4)]);
}

#[test]
fn intel_templates_are_checked_in_intel_syntax() {
    let t = Target { dialect: Dialect::Intel, ..Target::default() };
    let found = check_in(r#"asm ("mov ecx, 1; mov %0, ecx" : "=r" (x))"#, &[int(4)], &t).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].instruction.as_deref(), Some("mov ecx, 1"));
}

#[test]
fn findings_serialise_with_stable_names() {
    let found = check(r#"asm ("movl $1, %%ecx" : : : "cc")"#, &[]);
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json[0]["kind"], "undeclared-register-write");
    assert_eq!(json[0]["severity"], "error");
    assert_eq!(json[0]["instruction"], "mov $1, %ecx");
}

#[test]
fn every_kind_is_in_the_table_once() {
    let names: Vec<&str> = exasm_check::KINDS.iter().map(|k| k.name).collect();
    let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
    assert_eq!(names.len(), 17);
    assert_eq!(unique.len(), names.len());
}

#[test]
fn cmpxchg16b_comparing_with_its_own_replacement_is_an_atomic_load() {
    // ck_pr_load_64_2: whatever rdx:rax held, they end up holding the memory's 16 bytes.
    let load = |body: &str| format!(r#"asm volatile ("{body}lock cmpxchg16b %2" : "=a" (v0), "=d" (v1) : "m" (*t) : "rbx", "rcx", "memory", "cc")"#);
    clean(&load("movq %%rdx, %%rcx; movq %%rax, %%rbx; "), &ints(3, 8));
    // Without the copies the comparison reads whatever gcc left in rdx:rax.
    let found = check(&load(""), &ints(3, 8));
    let registers: Vec<_> = found.iter().map(|f| (f.kind, f.register.as_deref().unwrap_or(""))).collect();
    assert_eq!(registers, [(kinds::UNDECLARED_REGISTER_READ, "rax"), (kinds::UNDECLARED_REGISTER_READ, "rdx")], "{found:#?}");
}

#[test]
fn rotations_adding_up_to_64_restore_a_register() {
    // Valgrind's client-request preamble: rdi is neither an input nor clobbered.
    let preamble = "rolq $3, %%rdi; rolq $13, %%rdi; rolq $61, %%rdi; rolq $51, %%rdi";
    let request = |rotations: &str| format!(r#"asm volatile ("{rotations}; xchgq %%rbx, %%rbx" : "=d" (r) : "a" (args), "0" (dflt) : "cc", "memory")"#);
    clean(&request(preamble), &ints(3, 8));
    clean(&request("rorq $7, %%rdi; rolq $7, %%rdi"), &ints(3, 8));
    let f = only(&request("rolq $3, %%rdi; rolq $13, %%rdi"), &ints(3, 8), kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rdi"));
    // A rotated value that is used is still the incoming value of rdi.
    only(r#"asm ("rolq $3, %%rdi; movq %%rdi, %0; rorq $3, %%rdi" : "=r" (x) : : "cc")"#, &[int(8)], kinds::UNDECLARED_REGISTER_READ);
}

#[test]
fn cfi_directives_are_assembled_and_checked() {
    // Valgrind's CALL_FN_* prologue: rbp is saved in a clobbered r15 and restored.
    let body = "movq %%rbp, %%r15; movq %0, %%rbp; .cfi_remember_state; .cfi_def_cfa rbp, 0";
    clean(&format!(r#"asm volatile ("{body}; movq %%r15, %%rbp; .cfi_restore_state" : : "r" (cfa) : "r15")"#), &[ptr()]);
    let f = only(&format!(r#"asm volatile ("{body}; .cfi_restore_state" : : "r" (cfa) : "r15")"#), &[ptr()], kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rbp"));
}

#[test]
fn x87_control_word_instructions_are_analysed() {
    // glibc's _FPU_GETCW and _FPU_SETCW.
    clean(r#"asm volatile ("fnstcw %0" : "=m" (cw))"#, &[int(2)]);
    clean(r#"asm volatile ("fldcw %0" : : "m" (cw))"#, &[int(2)]);
    let f = only(r#"asm volatile ("fnstcw %0" : : "m" (cw))"#, &[int(2)], kinds::INPUT_MODIFIED);
    assert_eq!(f.instruction.as_deref(), Some("fnstcw (%rax)"));
}

// What cannot be analysed says why.

#[test]
fn x87_code_is_unsupported() {
    let f = [OperandFacts::lvalue(ValueKind::LongDouble, 16)];
    let e = check_in(r#"asm ("fld1" : "=t" (one))"#, &f, &Target::default()).unwrap_err();
    assert!(matches!(&e, CheckError::Unsupported { instruction: Some(i), .. } if i == "fld1"), "{e}");
}

#[test]
fn assembler_errors_are_reported() {
    let e = check_in(r#"asm ("movl %0, %1" : "=m" (x) : "m" (y))"#, &[int(4), int(4)], &Target::default()).unwrap_err();
    assert_eq!(e, CheckError::Assembler("operand size mismatch for `mov'".into()));
}

#[test]
fn indirect_jumps_are_unsupported() {
    let e = check_in(r#"asm ("jmp *%0" : : "r" (p))"#, &[ptr()], &Target::default()).unwrap_err();
    assert!(matches!(e, CheckError::Unsupported { .. }), "{e}");
}

#[test]
fn invalid_statements_are_refused() {
    let e = check_in(r#"asm ("" : "r" (x))"#, &[int(4)], &Target::default()).unwrap_err();
    assert_eq!(e, CheckError::Invalid("output operand constraint lacks '='".into()));
}

// Every allocation gcc may choose.

#[test]
fn an_output_gcc_may_give_a_register_the_template_saves_and_restores_is_lost() {
    // The issue's `sq`: `r` may be given rdx, which `popq %rdx` then restores over the result.
    let src = r#"asm ("pushq %%rdx\n\tmovq %1, %%rax\n\tmulq %%rax\n\tmovq %%rax, %0\n\tpopq %%rdx" : "=r" (r) : "r" (x) : "rax")"#;
    let f = only(src, &ints(2, 8), kinds::OPERAND_OVERWRITTEN);
    assert_eq!(f.operand, Some(0));
    assert!(f.message.starts_with("if gcc allocates %0 to rdx, output %0 (rdx) holds its incoming value"), "{}", f.message);
    assert_eq!(f.instruction.as_deref(), Some("pop %rdx"));
    clean(r#"asm ("movq %1, %%rax\n\tmulq %%rax\n\tmovq %%rax, %0" : "=r" (r) : "r" (x) : "rax", "rdx")"#, &ints(2, 8));
}

#[test]
fn an_input_in_a_register_rep_movs_consumes_is_overwritten() {
    let src = r#"asm volatile ("pushq %%rcx\n\tmovq %2, %%rcx\n\trep movsb\n\tmovb %3, (%%rdi)\n\tpopq %%rcx" : "+D" (d), "+S" (s) : "r" (n), "r" (fill) : "memory")"#;
    let facts = [ptr(), ptr(), int(8), int(1)];
    let f = only(src, &facts, kinds::OPERAND_OVERWRITTEN);
    assert_eq!(f.operand, Some(3));
    assert_eq!(f.message, "if gcc allocates %3 to rcx, `rep movsb (%rsi), (%rdi)` overwrites rcx, which holds %3, before `mov %cl, (%rdi)` reads it");
    clean(r#"asm volatile ("movq %2, %%rcx\n\trep movsb\n\tmovb %3, (%%rdi)" : "+D" (d), "+S" (s) : "r" (n), "r" (fill) : "rcx", "memory")"#, &facts);
}

#[test]
fn a_memory_operand_addressed_through_a_register_the_template_reuses_is_lost() {
    let src = r#"asm ("pushq %%rsi\n\tmovq %2, %%rsi\n\tmovq (%%rsi), %%rax\n\taddq %1, %%rax\n\tpopq %%rsi\n\tmovq %%rax, %0" : "=r" (r) : "m" (*p), "r" (q) : "rax", "cc", "memory")"#;
    let facts = [int(8), int(8), ptr()];
    let f = only(src, &facts, kinds::OPERAND_OVERWRITTEN);
    assert_eq!(f.operand, Some(1));
    assert!(f.message.starts_with("if gcc addresses %1 through rsi, `mov "), "{}", f.message);
    clean(r#"asm ("movq %2, %%rsi\n\tmovq (%%rsi), %%rax\n\taddq %1, %%rax\n\tmovq %%rax, %0" : "=r" (r) : "m" (*p), "r" (q) : "rax", "rsi", "cc", "memory")"#, &facts);
}

#[test]
fn a_plus_output_whose_update_a_restore_undoes_is_lost() {
    let src = r#"asm ("pushq %%rbx\n\tmovl $1, %%ebx\n\taddq %%rbx, %0\n\tpopq %%rbx" : "+r" (x) : : "cc")"#;
    let f = only(src, &[int(8)], kinds::OPERAND_OVERWRITTEN);
    // The first of its two symptoms: `movl $1, %ebx` destroys x before the add reads it (and
    // `popq %rbx` would then undo the sum).
    assert_eq!(f.message, "if gcc allocates %0 to rbx, `mov $1, %ebx` overwrites rbx, which holds %0, before `add %rbx, %rbx` reads it");
    clean(r#"asm ("movl $1, %%ebx\n\taddq %%rbx, %0" : "+r" (x) : : "rbx", "cc")"#, &[int(8)]);
    // Without the read, the restore alone is reported.
    let f = only(r#"asm ("pushq %%rbx\n\tincq %0\n\tpopq %%rbx" : "+r" (x) : : "cc")"#, &[int(8)], kinds::OPERAND_OVERWRITTEN);
    assert!(f.message.starts_with("if gcc allocates %0 to rbx, output %0 (rbx) holds its incoming value"), "{}", f.message);
}

// What gcc can exploit decides the severity.

#[test]
fn registers_gcc_cannot_use_here_make_latent_warnings() {
    // gcc 12 keeps nothing in MMX registers on x86-64 outside "y" operands.
    let f = only(r#"asm ("movq %0, %%mm0" : : "r" (x))"#, &[int(8)], kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.starts_with("latent: mm0 is changed"), "{}", f.message);
    // -ffixed-r15 takes r15 from gcc.
    let t = Target { fixed: exasm_core::regs::RegSet::of(&[exasm_core::regs::PhysReg::R15]), ..Target::default() };
    let found = check_in(r#"asm ("movq %0, %%r15; movq %0, %%r14" : : "r" (x))"#, &[int(8)], &t).unwrap();
    let mut sev: Vec<_> = found.iter().map(|f| (f.register.as_deref().unwrap_or(""), f.severity)).collect();
    sev.sort_by_key(|s| s.0);
    assert_eq!(sev, [("r14", Severity::Error), ("r15", Severity::Warning)], "{found:#?}");
    // Without SSE in the function, an xmm write is latent; a GPR beside it is not.
    let parsed = parse_statements(r#"asm ("pxor %%xmm3, %%xmm3; xorl %%ecx, %%ecx" : : : "cc")"#);
    let v = validate(&parsed.statements[0], &Target::default());
    let found = exasm_check::check_statement_in(&v, &[], &Target::default(), &exasm_check::Context { no_sse: true, ..Default::default() }).unwrap();
    let sev: Vec<_> = found.iter().map(|f| (f.register.as_deref().unwrap_or(""), f.severity)).collect();
    assert!(sev.contains(&("rcx", Severity::Error)) && sev.contains(&("xmm3", Severity::Warning)), "{found:#?}");
}

#[test]
fn operands_without_facts_are_checked_without_panicking() {
    // Operands the front end could not type come without facts (a qemu file did): the
    // allocations tried for them must not index past the facts.
    let found = check(r#"asm ("pushq %%rdx; movq %1, %0; popq %%rdx" : "=r" (x) : "r" (y))"#, &[]);
    assert!(found.iter().all(|f| f.severity == Severity::Note || f.kind == kinds::OPERAND_OVERWRITTEN), "{found:#?}");
}

#[test]
fn a_system_call_that_exits_ends_its_path() {
    // Valgrind's thread exit (syswrap-linux.c): nothing after `syscall` runs with rax = 60.
    let exit = r#"asm volatile ("movl %1, %0\n\tmovq %2, %%rax\n\tmovq %3, %%rdi\n\tsyscall" : "=m" (st) : "n" (0), "n" (60), "m" (code) : "rax", "rdi")"#;
    let facts = [int(4), OperandFacts::int_constant(4, 0), OperandFacts::int_constant(8, 60), int(8)];
    clean(exit, &facts);
    // Another system call returns, and changes rcx and r11.
    let write = exit.replace(r#""n" (60)"#, r#""n" (1)"#);
    let facts = [int(4), OperandFacts::int_constant(4, 0), OperandFacts::int_constant(8, 1), int(8)];
    let found = check(&write, &facts);
    assert!(found.iter().any(|f| f.kind == kinds::UNDECLARED_REGISTER_WRITE && f.register.as_deref().is_some_and(|r| r.contains("r11"))), "{found:#?}");
}

#[test]
fn reading_the_frame_pointer_is_a_warning_without_one() {
    // Valgrind's GET_STARTREGS reads rbp for a backtrace.
    let f = only(r#"asm ("movq %%rbp, %0" : "=r" (fp))"#, &[int(8)], kinds::UNDECLARED_REGISTER_READ);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.ends_with("(it holds the frame pointer only under -fno-omit-frame-pointer)"), "{}", f.message);
    let t = Target { frame_pointer: true, ..Target::default() };
    assert!(check_in(r#"asm ("movq %%rbp, %0" : "=r" (fp))"#, &[int(8)], &t).unwrap().is_empty());
}

#[test]
fn a_register_saved_in_memory_the_statement_owns_is_restored() {
    // rbx saved through the pointer the statement is given, and loaded back ("=D" and "S": with
    // "r" gcc could give either rbx, which the checker reports as operand-overwritten).
    let save = r#"asm volatile ("movq %%rbx, 8(%2)\n\tcpuid\n\tmovl %%ebx, %0\n\tmovq 8(%2), %%rbx" : "=D" (b), "+a" (leaf) : "S" (area) : "rcx", "rdx", "memory")"#;
    let facts = [int(4), int(4), ptr()];
    clean(save, &facts);
    // Overwriting the save area before the load loses the saved value.
    let lost = save.replace(r#"movl %%ebx, %0\n\t"#, r#"movl %%ebx, %0\n\tmovq $0, 8(%2)\n\t"#);
    let f = only(&lost, &facts, kinds::UNDECLARED_REGISTER_WRITE);
    assert_eq!(f.register.as_deref(), Some("rbx"));
    // Restored from elsewhere: rbx is not what it was, and its value went to memory C sees.
    let found: Vec<_> = check(&save.replace("movq 8(%2), %%rbx", "movq 16(%2), %%rbx"), &facts).into_iter().filter(|f| f.severity == Severity::Error).map(|f| (f.kind, f.register)).collect();
    assert_eq!(found, [(kinds::UNDECLARED_REGISTER_WRITE, Some("rbx".into())), (kinds::UNDECLARED_REGISTER_READ, Some("rbx".into()))]);
}

#[test]
fn reading_a_const_table_through_a_register_is_a_warning() {
    // ffmpeg's fdct: `"r" (fdct_one_corr)` for a `static const` table read with no m operand.
    let src = r#"asm ("movdqa (%1), %0" : "=x" (v) : "r" (table))"#;
    let facts = [OperandFacts::lvalue(ValueKind::Vector, 16), ptr()];
    let parsed = parse_statements(src);
    let v = validate(&parsed.statements[0], &Target::default());
    let cx = exasm_check::Context { read_only: vec![1], ..Default::default() };
    let f = exasm_check::check_statement_in(&v, &facts, &Target::default(), &cx).unwrap();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].kind, f[0].severity), (kinds::UNDECLARED_MEMORY_READ, Severity::Warning));
    assert!(f[0].message.ends_with("(it points to data declared const: harmless while nothing writes it)"), "{}", f[0].message);
    // Without that knowledge it is an error.
    assert_eq!(only(src, &facts, kinds::UNDECLARED_MEMORY_READ).severity, Severity::Error);
}

#[test]
fn an_input_a_call_may_change_is_a_warning() {
    // ffmpeg's hscale: `call *%4` into generated code that keeps the registers it is given.
    let found = check(r#"asm volatile ("call *%1" : : "r" (x), "r" (code) : "rax", "memory")"#, &[int(8), ptr()]);
    let f = found.iter().find(|f| f.kind == kinds::INPUT_MODIFIED).unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("(if the called code follows the System V ABI)"), "{}", f.message);
    assert!(found.iter().all(|f| f.severity != Severity::Error), "{found:#?}");
}

#[test]
fn storing_a_register_that_is_no_input_to_memory_is_a_read_unless_restored() {
    // libgcrypt's SHA-NI code stores state an earlier statement left in xmm2.
    let f = only(r#"asm volatile ("movdqa %%xmm2, (%0)" : : "r" (state) : "memory")"#, &[ptr()], kinds::UNDECLARED_REGISTER_READ);
    assert!(f.message.starts_with("stores xmm2, which is not an input, to memory"), "{}", f.message);
    assert_eq!(f.instruction.as_deref(), Some("movdqa %xmm2, (%rax)"));
}

#[test]
fn sgx_leaves_are_modelled_when_the_leaf_is_a_constant() {
    let leaf = |v: i128| OperandFacts::int_constant(8, v);
    // EGETKEY (1) writes rax and reads rbx and rcx; EREPORT (0) writes nothing.
    clean(r#"asm volatile ("enclu" : "=a" (ret) : "a" (1L), "b" (req), "c" (key) : "memory")"#, &[int(8), leaf(1), ptr(), ptr()]);
    clean(r#"asm volatile ("enclu" : : "a" (0L), "b" (ti), "c" (rd), "d" (rep) : "memory")"#, &[leaf(0), ptr(), ptr(), ptr()]);
    // EGETKEY's result in rax is not declared when rax is an input only.
    only(r#"asm volatile ("enclu" : : "a" (1L), "b" (req), "c" (key) : "memory")"#, &[leaf(1), ptr(), ptr()], kinds::INPUT_MODIFIED);
    // The leaf unknown: not analysed, and the reason says why.
    let e = check_in(r#"asm volatile ("enclu" : "=a" (ret) : "a" (l), "b" (req), "c" (key) : "memory")"#, &[int(8), int(8), ptr(), ptr()], &Target::default()).unwrap_err();
    assert!(e.to_string().contains("the SGX leaf in eax is not a known constant"), "{e}");
}
