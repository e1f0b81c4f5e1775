//! What the caller knows about each operand's C expression: the solver's input besides the
//! constraints. A C front end computes these; a compiler supplies its own.

use crate::regs::PhysReg;
use serde::{Deserialize, Serialize};

/// The C type of an operand, as far as placement and printing care.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Integer types (char .. long long) and enums.
    Int,
    /// `_Bool`.
    Bool,
    /// Any pointer.
    Pointer,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `long double` (x87 extended, 16 bytes in memory).
    LongDouble,
    /// `__int128` and `unsigned __int128`.
    Int128,
    /// A GNU vector (`vector_size`, `__m128`, ...).
    Vector,
    /// A struct, union or array.
    Aggregate,
}

impl ValueKind {
    /// Is this an integer-like scalar (prints with a size suffix, fits a GPR)?
    pub fn is_integer(self) -> bool {
        matches!(self, ValueKind::Int | ValueKind::Bool | ValueKind::Pointer)
    }

    /// Is this a floating-point scalar?
    pub fn is_float(self) -> bool {
        matches!(self, ValueKind::Float | ValueKind::Double | ValueKind::LongDouble)
    }
}

/// How a symbol is linked, which decides how its address may be written.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    /// A variable.
    Data,
    /// A function.
    Function,
}

/// How gcc reaches a thread-local object (`__thread`, `_Thread_local`) from the asm: the TLS
/// access model it picks for the object, which decides how a memory operand prints.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsModel {
    /// Local exec: an executable's own object, at a link-time offset from the thread pointer
    /// (`%fs:tv@tpoff`, `%fs:16+arr@tpoff`). The operand needs no register.
    LocalExec,
    /// Initial exec: another module's object, whose thread-pointer offset a register holds
    /// (`%fs:(%rax)`, `%fs:16(%rax)`).
    InitialExec,
}

/// A named address space (`__seg_fs`, `__seg_gs`): a memory operand in it prints with its
/// segment register, `%gs:v(%rip)` (`gs:v[rip]`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// `__seg_fs`.
    Fs,
    /// `__seg_gs`.
    Gs,
}

impl Segment {
    /// The register's name: `fs`, `gs`.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Fs => "fs",
            Segment::Gs => "gs",
        }
    }
}

/// Where a non-static object lives, as gcc addresses it when the operand is in memory: what the
/// solver needs to know so that a memory operand costs the registers it costs gcc.
///
/// ```
/// use exasm_core::facts::{MemHome, HomeBase};
/// // `p->c[2]` for `struct { long a, b; int c[4]; } *p`: 24 bytes past the pointer `p`.
/// let h = MemHome::pointer("p", 24);
/// assert_eq!(h.base, HomeBase::Pointer("p".into()));
/// assert!(h.index.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemHome {
    /// What the address is relative to.
    pub base: HomeBase,
    /// Constant byte displacement from the base (an index's constant part included).
    pub offset: i64,
    /// A variable index, scaled: `p[i]` is the base plus `i * 8` for 8-byte elements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<MemIndex>,
    /// The part of `offset` that is pointer arithmetic (`p[2]`, `p + 2`) rather than a member's
    /// place: without optimization gcc adds it into the base register (`pp[1][2]` is `(%rax)`
    /// at -O0, `p->b` stays `8(%rax)`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub arithmetic: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// What a [`MemHome`] is relative to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "key")]
pub enum HomeBase {
    /// An automatic object of the enclosing function (a local variable, a parameter, or a
    /// temporary gcc makes for a value it must put in memory): a slot in its stack frame,
    /// addressed from the stack pointer (the frame pointer at -O0) with no register. The key
    /// names the object: operands with the same key are parts of one object.
    Frame(String),
    /// Memory reached through a pointer value. The key is the pointer expression (free of side
    /// effects, so every operand with the same key has the same address base): when optimizing,
    /// gcc keeps it in one register for all of them.
    Pointer(String),
}

/// A variable index of a [`MemHome`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemIndex {
    /// The index expression (free of side effects); operands with the same key share its
    /// register when optimizing.
    pub key: String,
    /// The element size: 1, 2, 4 or 8 (other sizes are addressed through a computed pointer).
    pub scale: u8,
}

impl MemHome {
    /// A slot of the frame object `object`, `offset` bytes in.
    pub fn frame(object: &str, offset: i64) -> MemHome {
        MemHome { base: HomeBase::Frame(object.to_string()), offset, index: None, arithmetic: 0 }
    }

    /// `offset` bytes past the pointer value `pointer`, by pointer arithmetic.
    pub fn pointer(pointer: &str, offset: i64) -> MemHome {
        MemHome { base: HomeBase::Pointer(pointer.to_string()), offset, index: None, arithmetic: offset }
    }
}

/// A constant operand value known at translation time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ConstValue {
    /// An integer constant expression (after conversion to the operand's type).
    Int {
        /// The value.
        value: i128,
    },
    /// An address constant: `&global`, `&arr[3]`, a function designator, a string literal's
    /// label.
    Symbol {
        /// Assembler symbol name.
        name: String,
        /// Byte offset added to the symbol.
        offset: i64,
        /// Data or function.
        kind: SymbolKind,
        /// Has internal linkage (`static`), or is otherwise local to the object file.
        local: bool,
    },
    /// A floating constant (its value as `f64`).
    Float {
        /// The value.
        value: f64,
    },
    /// A vector of constants (`(v4si){1, 2, 3, 4}`): `X`, `""` and `i` take it as it is, and gcc
    /// can print only an all-zero one (`$0`).
    Vector {
        /// Every element is zero.
        zero: bool,
    },
}

/// What the caller knows about one operand.
///
/// ```
/// use exasm_core::facts::{OperandFacts, ValueKind};
/// let int_var = OperandFacts::lvalue(ValueKind::Int, 4);
/// assert!(int_var.lvalue && int_var.addressable);
/// let five = OperandFacts::int_constant(4, 5);
/// assert!(!five.lvalue);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperandFacts {
    /// Type class.
    pub kind: ValueKind,
    /// Size in bytes (`sizeof`).
    pub size: u32,
    /// Is the expression an lvalue?
    pub lvalue: bool,
    /// `const`-qualified lvalue.
    pub read_only: bool,
    /// A bit-field member.
    pub bit_field: bool,
    /// Can its address be taken (an lvalue that is neither a register variable nor a
    /// bit-field)?
    pub addressable: bool,
    /// Known constant value.
    pub constant: Option<ConstValue>,
    /// A register variable's register (`register long x asm("r10")`).
    pub fixed_reg: Option<PhysReg>,
    /// The variable's name, for diagnostics about register variables and read-only outputs.
    pub var_name: Option<String>,
    /// A memory home addressable by symbol from where the asm is emitted (`g+8`): memory
    /// operands then print as `g+8(%rip)` instead of using a base register.
    pub symbol_home: Option<(String, i64)>,
    /// Where a non-static object lives (a frame slot, memory through a pointer), when the
    /// operand is placed in memory: without it, a memory operand takes a base register of its
    /// own. [`OperandFacts::symbol_home`] takes precedence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<MemHome>,
    /// The value is a pointer: the key of a [`HomeBase::Pointer`] and a byte offset from it
    /// (`p + 1` on a `long *p` is `("p", 8)`). When optimizing, a memory operand through that
    /// pointer may be addressed from this input's register, as gcc's CSE does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer_value: Option<(String, i64)>,
    /// The symbol home is a thread-local object, reached as gcc reaches it in this access
    /// model. `None` for ordinary objects; under `-fPIC` gcc reaches thread-local objects
    /// through `__tls_get_addr`, an ordinary base register, so give no symbol home there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsModel>,
    /// The object is in a named address space (`__seg_gs int v`, `*p` for a `__seg_fs int *p`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Segment>,
    /// A register the value arrives in (or should leave in), when the constraint allows it:
    /// the solver tries it first. Used by thunks to avoid moves.
    pub hint: Option<PhysReg>,
}

impl OperandFacts {
    /// An addressable lvalue (a variable) of a type.
    pub fn lvalue(kind: ValueKind, size: u32) -> OperandFacts {
        OperandFacts {
            kind,
            size,
            lvalue: true,
            read_only: false,
            bit_field: false,
            addressable: true,
            constant: None,
            fixed_reg: None,
            var_name: None,
            symbol_home: None,
            home: None,
            pointer_value: None,
            tls: None,
            segment: None,
            hint: None,
        }
    }

    /// A computed value that is not an lvalue.
    pub fn rvalue(kind: ValueKind, size: u32) -> OperandFacts {
        OperandFacts { lvalue: false, addressable: false, ..OperandFacts::lvalue(kind, size) }
    }

    /// An integer constant of `size` bytes.
    pub fn int_constant(size: u32, value: i128) -> OperandFacts {
        OperandFacts { constant: Some(ConstValue::Int { value }), ..OperandFacts::rvalue(ValueKind::Int, size) }
    }

    /// The address of a symbol (`&g + offset`, a function designator).
    pub fn symbol(name: &str, offset: i64, kind: SymbolKind, local: bool) -> OperandFacts {
        OperandFacts {
            constant: Some(ConstValue::Symbol { name: name.to_string(), offset, kind, local }),
            ..OperandFacts::rvalue(ValueKind::Pointer, 8)
        }
    }

    /// A label operand of asm goto (no value).
    pub fn label() -> OperandFacts {
        OperandFacts::rvalue(ValueKind::Pointer, 8)
    }
}
