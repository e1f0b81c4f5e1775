//! Clobber names, accepted and rejected exactly as gcc 12 does on x86-64.

use crate::regs::PhysReg;
use crate::target::Target;
use serde::{Deserialize, Serialize};

/// What one clobber string denotes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "reg")]
pub enum Clobber {
    /// A register family (any alias or GCC register number).
    Reg(PhysReg),
    /// `cc`, `flags`: the flags (always clobbered on x86 anyway).
    Cc,
    /// `memory`: arbitrary memory may be read and written.
    Memory,
    /// `fpsr`: the x87 status word.
    Fpsr,
    /// `argp`, `frame`: gcc's internal argument and frame pointers, which it eliminates into
    /// the stack or frame pointer. Accepted (and meaningless) when no frame pointer is kept.
    Eliminable,
}

/// The result of looking up a clobber name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClobberLookup {
    /// Accepted silently.
    Ok(Clobber),
    /// Accepted with a warning (gcc's text).
    Warn(Clobber, String),
    /// Rejected (gcc's text).
    Error(String),
}

/// Looks up a clobber name as gcc's `decode_reg_name` and the x86 port do.
///
/// ```
/// use exasm_core::clobber::{lookup, Clobber, ClobberLookup};
/// use exasm_core::regs::PhysReg;
/// use exasm_core::target::Target;
/// let t = Target::default();
/// assert_eq!(lookup("%eax", &t), ClobberLookup::Ok(Clobber::Reg(PhysReg::RAX)));
/// assert_eq!(lookup("r8d", &t), ClobberLookup::Error("unknown register name 'r8d' in 'asm'".into()));
/// ```
pub fn lookup(name: &str, target: &Target) -> ClobberLookup {
    let bare = name.strip_prefix(['%', '#']).unwrap_or(name);
    let reg = match bare {
        "memory" => return ClobberLookup::Ok(Clobber::Memory),
        "cc" => return ClobberLookup::Ok(Clobber::Cc),
        _ => match decode_reg_name(name) {
            Some(Ok(r)) => r,
            Some(Err("flags")) => return ClobberLookup::Ok(Clobber::Cc),
            Some(Err("fpsr")) => return ClobberLookup::Ok(Clobber::Fpsr),
            Some(Err(pseudo)) => return eliminable(pseudo, target),
            None => return ClobberLookup::Error(format!("unknown register name '{name}' in 'asm'")),
        },
    };
    if reg.info().avx512 && !target.avx512 {
        return ClobberLookup::Error(format!("the register '{bare}' cannot be clobbered in 'asm' for the current target"));
    }
    if reg == PhysReg::RBP && target.frame_pointer {
        return ClobberLookup::Error("bp cannot be used in 'asm' here".into());
    }
    if reg == PhysReg::RSP {
        return ClobberLookup::Warn(
            Clobber::Reg(reg),
            format!("listing the stack pointer register '{bare}' in a clobber list is deprecated"),
        );
    }
    ClobberLookup::Ok(Clobber::Reg(reg))
}

/// A register name as gcc's `decode_reg_name` knows it (clobbers, register variables): every
/// alias of the legacy registers, `r8`..`r15` (gcc has no `r8d`), vector, x87, MMX and mask
/// names; `None` for anything else.
///
/// ```
/// use exasm_core::clobber::register_name;
/// use exasm_core::regs::PhysReg;
/// assert_eq!(register_name("ebx"), Some(PhysReg::RBX));
/// assert_eq!(register_name("r8d"), None);
/// assert_eq!(register_name(""), None);
/// ```
pub fn register_name(name: &str) -> Option<PhysReg> {
    PhysReg::from_name(name).filter(|r| !r.is_extended_gpr() || name == r.name(8))
}

/// gcc's `decode_reg_name`, which reads clobbers, register variables and `-ffixed-REG`: a
/// register family by any name [`register_name`] knows or by gcc's hard register number, or
/// `Err` with one of gcc's internal registers (`argp`, `flags`, `fpsr`, `frame`, by name or
/// number); a leading `%` or `#` is ignored. `None` for anything else.
///
/// ```
/// use exasm_core::clobber::decode_reg_name;
/// use exasm_core::regs::PhysReg;
/// assert_eq!(decode_reg_name("%esi"), Some(Ok(PhysReg::RSI)));
/// assert_eq!(decode_reg_name("4"), Some(Ok(PhysReg::RSI)));
/// assert_eq!(decode_reg_name("19"), Some(Err("frame")));
/// assert_eq!(decode_reg_name("argp"), Some(Err("argp")));
/// assert_eq!(decode_reg_name("r8d"), None);
/// ```
pub fn decode_reg_name(name: &str) -> Option<Result<PhysReg, &'static str>> {
    let bare = name.strip_prefix(['%', '#']).unwrap_or(name);
    if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
        return bare.parse::<u32>().ok().and_then(PhysReg::from_gcc_number);
    }
    if let Some(pseudo) = ["argp", "flags", "fpsr", "frame"].into_iter().find(|p| *p == bare) {
        return Some(Err(pseudo));
    }
    register_name(bare).map(Ok)
}

/// `argp` and `frame` are refused only while a frame pointer is kept, as `rbp` is.
fn eliminable(name: &str, target: &Target) -> ClobberLookup {
    if target.frame_pointer {
        ClobberLookup::Error(format!("{name} cannot be used in 'asm' here"))
    } else {
        ClobberLookup::Ok(Clobber::Eliminable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(name: &str, t: &Target) -> String {
        match lookup(name, t) {
            ClobberLookup::Ok(c) => format!("ok {c:?}"),
            ClobberLookup::Warn(_, w) => format!("warning: {w}"),
            ClobberLookup::Error(e) => e,
        }
    }

    #[test]
    fn accepted_names_as_gcc_accepts_them() {
        let t = Target::default();
        for name in ["rax", "eax", "ax", "al", "ah", "bh", "sil", "dil", "bpl", "r8", "r15", "xmm0", "xmm15", "ymm7", "zmm15",
            "st", "st(1)", "st(7)", "mm0", "mm7", "cc", "memory", "flags", "fpsr", "%rax", "%st(1)", "0", "17", "20", "36", "rbp"] {
            assert!(msg(name, &t).starts_with("ok"), "{name}: {}", msg(name, &t));
        }
    }

    #[test]
    fn rejected_names_with_gcc_messages() {
        let t = Target::default();
        for name in ["r8d", "r8w", "r8b", "r15d", "rip", "eflags", "redzone", "dirflag", "st(0)", "st(8)", "xmm32", "fs", "76"] {
            assert_eq!(msg(name, &t), format!("unknown register name '{name}' in 'asm'"));
        }
        assert_eq!(msg("xmm16", &t), "the register 'xmm16' cannot be clobbered in 'asm' for the current target");
        assert_eq!(msg("k0", &t), "the register 'k0' cannot be clobbered in 'asm' for the current target");
        assert_eq!(msg("spl", &t), "warning: listing the stack pointer register 'spl' in a clobber list is deprecated");
        assert_eq!(msg("7", &t), "warning: listing the stack pointer register '7' in a clobber list is deprecated");
    }

    #[test]
    fn target_changes_the_answer() {
        let fp = Target { frame_pointer: true, ..Target::default() };
        assert_eq!(msg("rbp", &fp), "bp cannot be used in 'asm' here");
        assert_eq!(msg("argp", &fp), "argp cannot be used in 'asm' here");
        assert_eq!(msg("19", &fp), "frame cannot be used in 'asm' here");
        assert_eq!(msg("argp", &Target::default()), "ok Eliminable");
        let avx = Target { avx512: true, ..Target::default() };
        assert!(msg("zmm31", &avx).starts_with("ok"));
        assert!(msg("k7", &avx).starts_with("ok"));
    }
}
