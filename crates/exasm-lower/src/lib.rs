//! exasm-lower: every asm statement becomes a call to an outlined x86-64 function (a thunk), so
//! a compiler without inline asm can build the code.
//!
//! [`thunk::lower_statement`] lowers one statement given the front end's facts; the thunk ABI is
//! described in `docs/thunk-abi.md`.
#![warn(missing_docs)]

pub mod cside;
pub mod moves;
pub mod naked;
pub mod nasm;
pub mod rust;
pub mod thunk;
pub mod translate;
