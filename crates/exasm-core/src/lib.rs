//! exasm-core: GCC extended inline asm for x86-64, without GCC.
//!
//! The pipeline, one module per step:
//!
//! 1. [`parse`] reads asm statements from C text into the [`stmt`] model;
//! 2. [`validate`] numbers operands, decodes [`constraint`]s, [`clobber`]s and the [`template`],
//!    and reports what gcc reports, with gcc's wording;
//! 3. [`solve`] allocates a location to each operand as gcc's rules allow;
//! 4. [`render`] prints the template as gcc would.
//!
//! [`pipeline::compile`] runs them all: a statement, its operand facts and a target in; the
//! allocation and the rendered template, or one `Vec<Diagnostic>`, out. The compiler authors'
//! guide, `docs/library.md`, shows how to describe operands from a front end and how to emit
//! code around an allocation.
//!
//! After allocation [`regstack`] checks gcc's x87 stack rules. Beside them, [`regvar`] judges
//! register variables (`register T v asm ("REG")`) and
//! [`target`] holds what the compiler's flags change.
//!
//! Nothing here knows C beyond the asm statement itself: a compiler that has its own front end
//! builds an [`stmt::AsmStmt`] (or parses the statement's text) and supplies what it knows about
//! each operand.
//!
//! ```
//! use exasm_core::{parse::parse_statements, target::Target, validate::validate};
//! let stmt = parse_statements(r#"asm ("addl %2, %0" : "=r" (sum) : "0" (a), "g" (b))"#)
//!     .statements.remove(0);
//! let v = validate(&stmt, &Target::default());
//! assert!(!v.has_errors());
//! assert_eq!(v.operands[1].ties, vec![Some(0)]);
//!
//! // The whole pipeline, with what the front end knows about `sum`, `a` and `b`.
//! use exasm_core::{facts::{OperandFacts, ValueKind}, pipeline::compile, render::RenderOptions};
//! let int = OperandFacts::lvalue(ValueKind::Int, 4);
//! let c = compile(&stmt, &[int.clone(), int.clone(), int], &Target::default(), &RenderOptions::default()).unwrap();
//! assert_eq!(c.text, "addl %ecx, %eax");
//! assert_eq!(c.allocation.to_string(), "%0 %eax, %1 %eax, %2 %ecx");
//! ```
#![warn(missing_docs)]

pub mod clobber;
pub mod constraint;
pub mod diag;
pub mod facts;
pub mod parse;
pub mod pipeline;
pub mod regs;
pub mod regstack;
pub mod regvar;
pub mod render;
pub mod solve;
pub mod stmt;
pub mod target;
pub mod template;
pub mod validate;
pub mod verify;

/// The compiler authors' guide, `docs/library.md`: its examples run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/library.md")]
pub struct LibraryGuide;
