//! The x86-64 register table.
//!
//! One declarative table ([`TABLE`]) names every register that an asm operand or clobber can
//! denote. Each row is a register *family*: the full-width register together with every narrower
//! alias (`rax` `eax` `ax` `al` `ah`, `xmm3` `ymm3` `zmm3`). Overlap questions are answered by
//! comparing families, never names. iced-x86's [`Register`] is the identity of each width.

use iced_x86::Register;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of register file a family belongs to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegClass {
    /// General purpose integer registers (`rax` .. `r15`).
    Gpr,
    /// SSE/AVX vector registers (`xmm0` .. `xmm31`).
    Xmm,
    /// The x87 register stack (`st`, `st(1)` .. `st(7)`).
    X87,
    /// MMX registers (`mm0` .. `mm7`).
    Mmx,
    /// AVX-512 mask registers (`k0` .. `k7`).
    Mask,
}

/// One row of the register table.
#[derive(Debug)]
pub struct RegInfo {
    /// Register file.
    pub class: RegClass,
    /// GCC's hard register number (what a numeric clobber such as `"3"` denotes).
    pub gcc_number: u8,
    /// The name GCC uses internally in some diagnostics (`bp` in "bp cannot be used in 'asm' here").
    pub gcc_name: &'static str,
    /// Names by width for GPRs: 64, 32, 16 and low 8 bits. For the other classes only the first
    /// entry is used (`xmm3`, `st(1)`, `mm2`, `k5`).
    pub names: [&'static str; 4],
    /// The high-byte register (`ah`), for the four legacy registers that have one.
    pub high: Option<&'static str>,
    /// iced-x86 identity of the widest form.
    pub iced: Register,
    /// Needs AVX-512 (`xmm16`..`xmm31`, `k0`..`k7`).
    pub avx512: bool,
}

macro_rules! gpr {
    ($q:literal $d:literal $w:literal $b:literal, $h:expr, $num:literal, $gname:literal, $iced:ident) => {
        RegInfo {
            class: RegClass::Gpr,
            gcc_number: $num,
            gcc_name: $gname,
            names: [$q, $d, $w, $b],
            high: $h,
            iced: Register::$iced,
            avx512: false,
        }
    };
}

macro_rules! single {
    ($class:ident, $name:literal, $num:literal, $iced:ident, $avx512:literal) => {
        RegInfo {
            class: RegClass::$class,
            gcc_number: $num,
            gcc_name: $name,
            names: [$name, $name, $name, $name],
            high: None,
            iced: Register::$iced,
            avx512: $avx512,
        }
    };
}

/// Every register family, indexed by [`PhysReg`]. GPRs come first in hardware encoding order.
pub static TABLE: [RegInfo; 72] = [
    gpr!("rax" "eax" "ax" "al", Some("ah"), 0, "ax", RAX),
    gpr!("rcx" "ecx" "cx" "cl", Some("ch"), 2, "cx", RCX),
    gpr!("rdx" "edx" "dx" "dl", Some("dh"), 1, "dx", RDX),
    gpr!("rbx" "ebx" "bx" "bl", Some("bh"), 3, "bx", RBX),
    gpr!("rsp" "esp" "sp" "spl", None, 7, "sp", RSP),
    gpr!("rbp" "ebp" "bp" "bpl", None, 6, "bp", RBP),
    gpr!("rsi" "esi" "si" "sil", None, 4, "si", RSI),
    gpr!("rdi" "edi" "di" "dil", None, 5, "di", RDI),
    gpr!("r8" "r8d" "r8w" "r8b", None, 36, "r8", R8),
    gpr!("r9" "r9d" "r9w" "r9b", None, 37, "r9", R9),
    gpr!("r10" "r10d" "r10w" "r10b", None, 38, "r10", R10),
    gpr!("r11" "r11d" "r11w" "r11b", None, 39, "r11", R11),
    gpr!("r12" "r12d" "r12w" "r12b", None, 40, "r12", R12),
    gpr!("r13" "r13d" "r13w" "r13b", None, 41, "r13", R13),
    gpr!("r14" "r14d" "r14w" "r14b", None, 42, "r14", R14),
    gpr!("r15" "r15d" "r15w" "r15b", None, 43, "r15", R15),
    single!(Xmm, "xmm0", 20, ZMM0, false),
    single!(Xmm, "xmm1", 21, ZMM1, false),
    single!(Xmm, "xmm2", 22, ZMM2, false),
    single!(Xmm, "xmm3", 23, ZMM3, false),
    single!(Xmm, "xmm4", 24, ZMM4, false),
    single!(Xmm, "xmm5", 25, ZMM5, false),
    single!(Xmm, "xmm6", 26, ZMM6, false),
    single!(Xmm, "xmm7", 27, ZMM7, false),
    single!(Xmm, "xmm8", 44, ZMM8, false),
    single!(Xmm, "xmm9", 45, ZMM9, false),
    single!(Xmm, "xmm10", 46, ZMM10, false),
    single!(Xmm, "xmm11", 47, ZMM11, false),
    single!(Xmm, "xmm12", 48, ZMM12, false),
    single!(Xmm, "xmm13", 49, ZMM13, false),
    single!(Xmm, "xmm14", 50, ZMM14, false),
    single!(Xmm, "xmm15", 51, ZMM15, false),
    single!(Xmm, "xmm16", 52, ZMM16, true),
    single!(Xmm, "xmm17", 53, ZMM17, true),
    single!(Xmm, "xmm18", 54, ZMM18, true),
    single!(Xmm, "xmm19", 55, ZMM19, true),
    single!(Xmm, "xmm20", 56, ZMM20, true),
    single!(Xmm, "xmm21", 57, ZMM21, true),
    single!(Xmm, "xmm22", 58, ZMM22, true),
    single!(Xmm, "xmm23", 59, ZMM23, true),
    single!(Xmm, "xmm24", 60, ZMM24, true),
    single!(Xmm, "xmm25", 61, ZMM25, true),
    single!(Xmm, "xmm26", 62, ZMM26, true),
    single!(Xmm, "xmm27", 63, ZMM27, true),
    single!(Xmm, "xmm28", 64, ZMM28, true),
    single!(Xmm, "xmm29", 65, ZMM29, true),
    single!(Xmm, "xmm30", 66, ZMM30, true),
    single!(Xmm, "xmm31", 67, ZMM31, true),
    single!(X87, "st", 8, ST0, false),
    single!(X87, "st(1)", 9, ST1, false),
    single!(X87, "st(2)", 10, ST2, false),
    single!(X87, "st(3)", 11, ST3, false),
    single!(X87, "st(4)", 12, ST4, false),
    single!(X87, "st(5)", 13, ST5, false),
    single!(X87, "st(6)", 14, ST6, false),
    single!(X87, "st(7)", 15, ST7, false),
    single!(Mmx, "mm0", 28, MM0, false),
    single!(Mmx, "mm1", 29, MM1, false),
    single!(Mmx, "mm2", 30, MM2, false),
    single!(Mmx, "mm3", 31, MM3, false),
    single!(Mmx, "mm4", 32, MM4, false),
    single!(Mmx, "mm5", 33, MM5, false),
    single!(Mmx, "mm6", 34, MM6, false),
    single!(Mmx, "mm7", 35, MM7, false),
    single!(Mask, "k0", 68, K0, true),
    single!(Mask, "k1", 69, K1, true),
    single!(Mask, "k2", 70, K2, true),
    single!(Mask, "k3", 71, K3, true),
    single!(Mask, "k4", 72, K4, true),
    single!(Mask, "k5", 73, K5, true),
    single!(Mask, "k6", 74, K6, true),
    single!(Mask, "k7", 75, K7, true),
];

/// GCC hard register numbers that name no allocatable register; clobbering them is refused with
/// "NAME cannot be used in 'asm' here" (16 is the argument pointer, 19 the frame pointer).
const GCC_PSEUDO_NUMBERS: [(u8, &str); 4] = [(16, "argp"), (17, "flags"), (18, "fpsr"), (19, "frame")];

/// A register family: an index into [`TABLE`]. Every alias of a register maps to the same
/// `PhysReg`, so two operands overlap exactly when their families are equal.
///
/// ```
/// use exasm_core::regs::PhysReg;
/// let al = PhysReg::from_name("al").unwrap();
/// assert_eq!(al, PhysReg::RAX);
/// assert_eq!(PhysReg::RAX.name(4), "eax");
/// assert_eq!(PhysReg::R8.to_string(), "r8");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct PhysReg(u8);

#[allow(missing_docs)]
impl PhysReg {
    pub const RAX: PhysReg = PhysReg(0);
    pub const RCX: PhysReg = PhysReg(1);
    pub const RDX: PhysReg = PhysReg(2);
    pub const RBX: PhysReg = PhysReg(3);
    pub const RSP: PhysReg = PhysReg(4);
    pub const RBP: PhysReg = PhysReg(5);
    pub const RSI: PhysReg = PhysReg(6);
    pub const RDI: PhysReg = PhysReg(7);
    pub const R8: PhysReg = PhysReg(8);
    pub const R9: PhysReg = PhysReg(9);
    pub const R10: PhysReg = PhysReg(10);
    pub const R11: PhysReg = PhysReg(11);
    pub const R12: PhysReg = PhysReg(12);
    pub const R13: PhysReg = PhysReg(13);
    pub const R14: PhysReg = PhysReg(14);
    pub const R15: PhysReg = PhysReg(15);
    pub const XMM0: PhysReg = PhysReg(16);
    pub const ST0: PhysReg = PhysReg(48);
    pub const ST1: PhysReg = PhysReg(49);
    pub const MM0: PhysReg = PhysReg(56);
    pub const K0: PhysReg = PhysReg(64);
}

impl PhysReg {
    /// The number of register families.
    pub const COUNT: usize = TABLE.len();

    /// The family at `index` in [`TABLE`], if there is one.
    pub fn from_index(index: usize) -> Option<PhysReg> {
        (index < Self::COUNT).then_some(PhysReg(index as u8))
    }

    /// Position in [`TABLE`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The table row.
    pub fn info(self) -> &'static RegInfo {
        &TABLE[self.index()]
    }

    /// Register file of this family.
    pub fn class(self) -> RegClass {
        self.info().class
    }

    /// The `n`th GPR in encoding order (0 = rax, 8 = r8).
    pub const fn gpr(n: u8) -> PhysReg {
        debug_assert!(n < 16);
        PhysReg(n)
    }

    /// The `n`th vector register (`xmm0`..`xmm31`).
    pub const fn xmm(n: u8) -> PhysReg {
        debug_assert!(n < 32);
        PhysReg(16 + n)
    }

    /// x87 stack slot `st(n)`.
    pub const fn st(n: u8) -> PhysReg {
        debug_assert!(n < 8);
        PhysReg(48 + n)
    }

    /// Hardware encoding number within its class (rax = 0, r8 = 8, xmm5 = 5, st(3) = 3).
    pub fn hw_number(self) -> u8 {
        match self.class() {
            RegClass::Gpr => self.0,
            RegClass::Xmm => self.0 - 16,
            RegClass::X87 => self.0 - 48,
            RegClass::Mmx => self.0 - 56,
            RegClass::Mask => self.0 - 64,
        }
    }

    /// Is this one of r8..r15 (no high byte, REX needed)?
    pub fn is_extended_gpr(self) -> bool {
        self.class() == RegClass::Gpr && self.0 >= 8
    }

    /// Callee-saved in the SysV x86-64 ABI (rbx, rbp, r12..r15). The stack pointer is treated
    /// separately.
    pub fn is_callee_saved(self) -> bool {
        matches!(self.0, 3 | 5 | 12..=15)
    }

    /// The register's name at a width in bytes, without `%`.
    ///
    /// GPRs take 1, 2, 4 or 8; vector registers take 16 (`xmm`), 32 (`ymm`) or 64 (`zmm`); other
    /// classes ignore the width. Any other GPR width prints the 64-bit name.
    pub fn name(self, width: u32) -> String {
        let mut s = String::new();
        self.push_name(width, &mut s);
        s
    }

    /// Appends [`PhysReg::name`] to `out`, without allocating.
    ///
    /// ```
    /// use exasm_core::regs::PhysReg;
    /// let mut s = String::from("%");
    /// PhysReg::xmm(3).push_name(32, &mut s);
    /// assert_eq!(s, "%ymm3");
    /// ```
    pub fn push_name(self, width: u32, out: &mut String) {
        let info = self.info();
        match info.class {
            RegClass::Gpr => out.push_str(match width {
                1 => info.names[3],
                2 => info.names[2],
                4 => info.names[1],
                _ => info.names[0],
            }),
            RegClass::Xmm => {
                out.push_str(match width {
                    32 => "ymm",
                    64 => "zmm",
                    _ => "xmm",
                });
                let n = self.hw_number();
                if n >= 10 {
                    out.push(char::from(b'0' + n / 10));
                }
                out.push(char::from(b'0' + n % 10));
            }
            _ => out.push_str(info.names[0]),
        }
    }

    /// The high-byte name (`ah`), for rax, rbx, rcx and rdx only.
    pub fn high_name(self) -> Option<&'static str> {
        self.info().high
    }

    /// iced-x86's identity for this family at a width in bytes (see [`PhysReg::name`]).
    pub fn iced(self, width: u32) -> Register {
        let info = self.info();
        match info.class {
            RegClass::Gpr => {
                let n = self.0 as u32;
                match width {
                    1 => {
                        // iced orders AL CL DL BL AH CH DH BH SPL BPL SIL DIL R8L..
                        if n < 4 {
                            Register::AL + n
                        } else {
                            Register::SPL + (n - 4)
                        }
                    }
                    2 => Register::AX + n,
                    4 => Register::EAX + n,
                    _ => Register::RAX + n,
                }
            }
            RegClass::Xmm => {
                let n = self.hw_number() as u32;
                match width {
                    32 => Register::YMM0 + n,
                    64 => Register::ZMM0 + n,
                    _ => Register::XMM0 + n,
                }
            }
            _ => info.iced,
        }
    }

    /// The family of an iced-x86 register, if it is one the table knows.
    ///
    /// ```
    /// use exasm_core::regs::PhysReg;
    /// use iced_x86::Register;
    /// assert_eq!(PhysReg::from_iced(Register::AH), Some(PhysReg::RAX));
    /// assert_eq!(PhysReg::from_iced(Register::YMM3), PhysReg::from_name("xmm3"));
    /// ```
    pub fn from_iced(reg: Register) -> Option<PhysReg> {
        if reg.is_gpr() {
            let full = reg.full_register();
            return Some(PhysReg((full as u32 - Register::RAX as u32) as u8));
        }
        if reg.is_xmm() || reg.is_ymm() || reg.is_zmm() {
            return Some(PhysReg::xmm(reg.number() as u8));
        }
        TABLE.iter().position(|r| r.iced == reg).map(|i| PhysReg(i as u8))
    }

    /// The family a register name (without `%`) denotes: any width alias, `ah`-style high bytes,
    /// `ymmN`/`zmmN`, `st` and `st(N)`. Numbers are not names: see [`crate::clobber`].
    pub fn from_name(name: &str) -> Option<PhysReg> {
        for (i, info) in TABLE.iter().enumerate() {
            if info.names.contains(&name) || info.high == Some(name) {
                return Some(PhysReg(i as u8));
            }
        }
        for prefix in ["ymm", "zmm"] {
            if let Some(n) = name.strip_prefix(prefix).and_then(parse_small_number) {
                if n < 32 {
                    return Some(PhysReg::xmm(n));
                }
            }
        }
        None
    }

    /// The family with GCC hard register number `n`, or the pseudo name GCC reports for numbers
    /// that name none of them (`Err("argp")`). `None` means the number is unknown.
    pub fn from_gcc_number(n: u32) -> Option<Result<PhysReg, &'static str>> {
        if let Some(i) = TABLE.iter().position(|r| r.gcc_number as u32 == n) {
            return Some(Ok(PhysReg(i as u8)));
        }
        GCC_PSEUDO_NUMBERS.iter().find(|(k, _)| *k as u32 == n).map(|(_, name)| Err(*name))
    }

    /// Every family, in table order.
    pub fn all() -> impl Iterator<Item = PhysReg> {
        (0..Self::COUNT as u8).map(PhysReg)
    }
}

/// Parses a decimal number without sign or leading `+` (and without leading zeros beyond `0`).
fn parse_small_number(s: &str) -> Option<u8> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

impl fmt::Display for PhysReg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().names[0])
    }
}

impl From<PhysReg> for String {
    fn from(r: PhysReg) -> String {
        r.to_string()
    }
}

impl TryFrom<String> for PhysReg {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        PhysReg::from_name(&s).ok_or_else(|| format!("unknown register '{s}'"))
    }
}

/// A set of register families (a bitset over [`TABLE`]).
///
/// ```
/// use exasm_core::regs::{PhysReg, RegSet};
/// let s = RegSet::of(&[PhysReg::RAX, PhysReg::RDX]);
/// assert!(s.contains(PhysReg::RDX));
/// assert_eq!(s.len(), 2);
/// assert_eq!(s.iter().collect::<Vec<_>>(), vec![PhysReg::RAX, PhysReg::RDX]);
/// ```
#[derive(Copy, Clone, Default, PartialEq, Eq, Hash)]
pub struct RegSet(u128);

impl RegSet {
    /// The empty set.
    pub const EMPTY: RegSet = RegSet(0);

    /// A set of the given families.
    pub fn of(regs: &[PhysReg]) -> RegSet {
        regs.iter().fold(RegSet::EMPTY, |s, &r| s.with(r))
    }

    /// The families `first..first+count` in table order.
    pub fn range(first: PhysReg, count: u8) -> RegSet {
        let mask = if count as u32 >= 128 { u128::MAX } else { (1u128 << count) - 1 };
        RegSet(mask << first.0)
    }

    /// This set plus `r`.
    #[must_use]
    pub fn with(self, r: PhysReg) -> RegSet {
        RegSet(self.0 | 1u128 << r.0)
    }

    /// This set less `r`.
    #[must_use]
    pub fn without(self, r: PhysReg) -> RegSet {
        RegSet(self.0 & !(1u128 << r.0))
    }

    /// Adds `r`.
    pub fn insert(&mut self, r: PhysReg) {
        *self = self.with(r);
    }

    /// Is `r` in the set?
    pub fn contains(self, r: PhysReg) -> bool {
        self.0 >> r.0 & 1 == 1
    }

    /// Set union.
    #[must_use]
    pub fn union(self, o: RegSet) -> RegSet {
        RegSet(self.0 | o.0)
    }

    /// Set intersection.
    #[must_use]
    pub fn intersect(self, o: RegSet) -> RegSet {
        RegSet(self.0 & o.0)
    }

    /// Set difference.
    #[must_use]
    pub fn minus(self, o: RegSet) -> RegSet {
        RegSet(self.0 & !o.0)
    }

    /// No families?
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of families.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The families in table order.
    pub fn iter(self) -> impl Iterator<Item = PhysReg> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let r = PhysReg(bits.trailing_zeros() as u8);
                bits &= bits - 1;
                r
            })
        })
    }

    /// The families of one register file.
    pub fn of_class(self, class: RegClass) -> RegSet {
        let mask = match class {
            RegClass::Gpr => RegSet::range(PhysReg::RAX, 16),
            RegClass::Xmm => RegSet::range(PhysReg::XMM0, 32),
            RegClass::X87 => RegSet::range(PhysReg::ST0, 8),
            RegClass::Mmx => RegSet::range(PhysReg::MM0, 8),
            RegClass::Mask => RegSet::range(PhysReg::K0, 8),
        };
        self.intersect(mask)
    }

    /// The first family in table order.
    pub fn first(self) -> Option<PhysReg> {
        (self.0 != 0).then(|| PhysReg(self.0.trailing_zeros() as u8))
    }
}

impl fmt::Debug for RegSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl Serialize for RegSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RegSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v: Vec<PhysReg> = Vec::deserialize(d)?;
        Ok(RegSet::of(&v))
    }
}

/// Register sets named by GCC's x86 register classes.
pub mod classes {
    use super::*;

    /// All 16 general registers (`r`, `q` in 64-bit mode), the stack pointer included: callers
    /// remove what may not be allocated.
    pub fn general() -> RegSet {
        RegSet::range(PhysReg::RAX, 16)
    }
    /// `Q`: registers with a high byte.
    pub fn q_upper() -> RegSet {
        RegSet::of(&[PhysReg::RAX, PhysReg::RBX, PhysReg::RCX, PhysReg::RDX])
    }
    /// `R`: the eight legacy registers.
    pub fn legacy() -> RegSet {
        RegSet::range(PhysReg::RAX, 8)
    }
    /// `U`: call-clobbered GPRs of the SysV ABI.
    pub fn call_clobbered() -> RegSet {
        RegSet::of(&[
            PhysReg::RAX,
            PhysReg::RCX,
            PhysReg::RDX,
            PhysReg::RSI,
            PhysReg::RDI,
            PhysReg::R8,
            PhysReg::R9,
            PhysReg::R10,
            PhysReg::R11,
        ])
    }
    /// `l`: index registers (every GPR but the stack pointer).
    pub fn index() -> RegSet {
        general().without(PhysReg::RSP)
    }
    /// `x`: xmm0..xmm15.
    pub fn sse() -> RegSet {
        RegSet::range(PhysReg::XMM0, 16)
    }
    /// `v` with AVX-512: xmm0..xmm31.
    pub fn sse_all() -> RegSet {
        RegSet::range(PhysReg::XMM0, 32)
    }
    /// `f`: the x87 stack.
    pub fn x87() -> RegSet {
        RegSet::range(PhysReg::ST0, 8)
    }
    /// `y`: MMX registers.
    pub fn mmx() -> RegSet {
        RegSet::range(PhysReg::MM0, 8)
    }
    /// `k`: mask registers.
    pub fn mask() -> RegSet {
        RegSet::range(PhysReg::K0, 8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_maps_back_to_its_family() {
        for r in PhysReg::all() {
            for w in [1, 2, 4, 8, 16, 32, 64] {
                let name = r.name(w);
                assert_eq!(PhysReg::from_name(&name), Some(r), "{name}");
            }
        }
    }

    #[test]
    fn iced_identity_round_trips_for_every_width() {
        for r in PhysReg::all() {
            for w in [1, 2, 4, 8, 16, 32, 64] {
                let iced = r.iced(w);
                assert_eq!(PhysReg::from_iced(iced), Some(r), "{r} width {w}");
                if r.class() == RegClass::Gpr && w <= 8 {
                    assert_eq!(iced.size() as u32, w, "{r} width {w}");
                    if !r.is_extended_gpr() {
                        assert_eq!(format!("{iced:?}").to_lowercase(), r.name(w));
                    }
                }
            }
        }
    }

    #[test]
    fn high_bytes_belong_to_the_legacy_four() {
        assert_eq!(PhysReg::from_name("bh"), Some(PhysReg::RBX));
        assert_eq!(PhysReg::from_iced(Register::DH), Some(PhysReg::RDX));
        assert_eq!(PhysReg::RSI.high_name(), None);
    }

    #[test]
    fn gcc_numbers_follow_gcc_order() {
        assert_eq!(PhysReg::from_gcc_number(1), Some(Ok(PhysReg::RDX)));
        assert_eq!(PhysReg::from_gcc_number(7), Some(Ok(PhysReg::RSP)));
        assert_eq!(PhysReg::from_gcc_number(16), Some(Err("argp")));
        assert_eq!(PhysReg::from_gcc_number(44), PhysReg::from_name("xmm8").map(Ok));
        assert_eq!(PhysReg::from_gcc_number(75), PhysReg::from_name("k7").map(Ok));
        assert_eq!(PhysReg::from_gcc_number(76), None);
    }
}
