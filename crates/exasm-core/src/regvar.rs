//! Register variables (`register T v asm ("REG")`): whether the named register can hold a `T`
//! on the target, with gcc's messages (varasm.cc's `make_decl_rtl` and the x86 port's
//! `ix86_hard_regno_mode_ok`).

use crate::clobber::decode_reg_name;
use crate::facts::ValueKind;
use crate::regs::{PhysReg, RegClass};
use crate::target::Target;

/// The machine mode of a register variable's type, as far as the register file cares.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum VarMode {
    /// An integer mode of this many bytes: integers, `_Bool`, pointers, enums, and structs,
    /// unions and arrays of 1, 2, 4, 8 or 16 bytes.
    Int(u32),
    /// `float` (4), `double` (8), `long double` (16).
    Float(u32),
    /// A GNU vector of this many bytes.
    Vector(u32),
    /// `_Complex` of a floating type, this many bytes in all.
    ComplexFloat(u32),
    /// `_Complex` of an integer type, this many bytes in all.
    ComplexInt(u32),
    /// No machine mode at all (BLKmode): another aggregate size, or a vector wider than the
    /// instruction set has registers for.
    Blk,
}

impl VarMode {
    /// The mode of a value with these facts (`complex`: the part type of a `_Complex` type,
    /// which the facts count as an aggregate), on the target: a 32-byte vector has a mode only
    /// with AVX, a 64-byte one only with AVX-512.
    ///
    /// ```
    /// use exasm_core::{facts::ValueKind, regvar::VarMode, target::Target};
    /// let t = Target::default();
    /// assert_eq!(VarMode::of(ValueKind::Aggregate, 16, None, &t), VarMode::Int(16));
    /// assert_eq!(VarMode::of(ValueKind::Aggregate, 24, None, &t), VarMode::Blk);
    /// assert_eq!(VarMode::of(ValueKind::Aggregate, 16, Some(ValueKind::Double), &t), VarMode::ComplexFloat(16));
    /// assert_eq!(VarMode::of(ValueKind::Vector, 32, None, &t), VarMode::Blk);
    /// assert_eq!(VarMode::of(ValueKind::Vector, 32, None, &Target { avx: true, ..t }), VarMode::Vector(32));
    /// ```
    pub fn of(kind: ValueKind, size: u32, complex: Option<ValueKind>, target: &Target) -> VarMode {
        match kind {
            _ if complex.is_some_and(ValueKind::is_float) => VarMode::ComplexFloat(size),
            _ if complex.is_some() => VarMode::ComplexInt(size),
            ValueKind::Int | ValueKind::Bool | ValueKind::Pointer | ValueKind::Int128 => VarMode::Int(size),
            ValueKind::Float | ValueKind::Double | ValueKind::LongDouble => VarMode::Float(size),
            ValueKind::Vector if size == 32 && !target.avx || size == 64 && !target.avx512 || size > 64 => VarMode::Blk,
            ValueKind::Vector => VarMode::Vector(size),
            ValueKind::Aggregate if matches!(size, 1 | 2 | 4 | 8 | 16) => VarMode::Int(size),
            ValueKind::Aggregate => VarMode::Blk,
        }
    }
}

/// Can `reg` hold a value of `mode` on the target (`ix86_hard_regno_mode_ok`)?
///
/// ```
/// use exasm_core::{regs::PhysReg, regvar::{holds, VarMode}, target::Target};
/// let t = Target::default();
/// assert!(holds(PhysReg::RAX, VarMode::Int(16), &t));
/// assert!(!holds(PhysReg::xmm(3), VarMode::Int(1), &t));
/// assert!(!holds(PhysReg::ST0, VarMode::Int(8), &t));
/// let avx512 = Target { avx512: true, ..t };
/// assert!(!holds(PhysReg::xmm(16), VarMode::Vector(16), &avx512));
/// assert!(holds(PhysReg::xmm(16), VarMode::Vector(16), &Target { avx512vl: true, ..avx512 }));
/// ```
pub fn holds(reg: PhysReg, mode: VarMode, target: &Target) -> bool {
    use VarMode::*;
    match reg.class() {
        RegClass::Gpr => !matches!(mode, Vector(s) if s >= 16) && mode != Blk,
        RegClass::Xmm if reg.hw_number() < 16 => matches!(mode, Int(4 | 8 | 16) | Float(4 | 8) | Vector(_)),
        // The AVX-512 registers: scalars and 64-byte vectors, the 16- and 32-byte modes with
        // AVX512VL.
        RegClass::Xmm => matches!(mode, Int(4 | 8) | Float(4 | 8) | Vector(64)) || target.avx512vl && matches!(mode, Int(16) | Vector(16 | 32)),
        RegClass::X87 => matches!(mode, Float(_) | ComplexFloat(_)),
        RegClass::Mmx => matches!(mode, Int(4 | 8) | Float(4) | Vector(8)),
        RegClass::Mask => matches!(mode, Int(1 | 2)) || target.avx512bw && matches!(mode, Int(4 | 8)),
    }
}

/// gcc's verdict on `register T name asm ("spec")` in a function it compiles: `Ok` with the
/// register, or gcc's error. The spec must be a name gcc knows (see
/// [`decode_reg_name`]; anything else is the front end's "invalid register name").
///
/// ```
/// use exasm_core::{regs::PhysReg, regvar::{check, VarMode}, target::Target};
/// let t = Target::default();
/// assert_eq!(check("ebx", "v", VarMode::Int(4), &t), Ok(Some(PhysReg::RBX)));
/// assert_eq!(check("xmm16", "v", VarMode::Float(8), &t).unwrap_err(), "the register specified for 'v' cannot be accessed by the current target");
/// assert_eq!(check("19", "v", VarMode::Int(8), &t).unwrap_err(), "register specified for 'v' is an internal GCC implementation detail");
/// assert_eq!(check("st", "v", VarMode::Int(8), &t).unwrap_err(), "register specified for 'v' isn't suitable for data type");
/// ```
pub fn check(spec: &str, name: &str, mode: VarMode, target: &Target) -> Result<Option<PhysReg>, String> {
    if mode == VarMode::Blk {
        return Err(format!("data type of '{name}' isn't suitable for a register"));
    }
    match decode_reg_name(spec) {
        None => Ok(None),
        Some(Err(internal)) => {
            // A complex value takes two registers: after the argument pointer comes the flags.
            let two_registers = matches!(mode, VarMode::ComplexFloat(_) | VarMode::ComplexInt(_));
            if matches!(internal, "flags" | "fpsr") || internal == "argp" && two_registers {
                Err(format!("the register specified for '{name}' is not general enough to be used as a register variable"))
            } else if !holds(PhysReg::RAX, mode, target) {
                // The argument and frame pointers take what a general register takes.
                Err(format!("register specified for '{name}' isn't suitable for data type"))
            } else {
                Err(format!("register specified for '{name}' is an internal GCC implementation detail"))
            }
        }
        Some(Ok(reg)) if reg.info().avx512 && !target.avx512 => Err(format!("the register specified for '{name}' cannot be accessed by the current target")),
        Some(Ok(reg)) if !holds(reg, mode, target) => Err(format!("register specified for '{name}' isn't suitable for data type")),
        Some(Ok(reg)) => Ok(Some(reg)),
    }
}
