//! What exasm assumes about the compilation: the facts that change gcc's answers.

use crate::template::Dialect;
use serde::{Deserialize, Serialize};

/// Compilation settings that affect decoding, allocation and printing.
///
/// ```
/// let t = exasm_core::target::Target::default();
/// assert!(t.pie && !t.avx512 && t.optimize && !t.frame_pointer);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Assembler dialect (`-masm=`).
    pub dialect: Dialect,
    /// Position-independent code (`-fPIE`, `-fPIC`; Debian's gcc defaults to PIE).
    pub pie: bool,
    /// Shared-library code (`-fPIC`): calls to global functions go through the PLT and global
    /// data may be preempted.
    pub pic: bool,
    /// AVX-512 registers exist (`-mavx512f`): `xmm16`..`xmm31` and `k0`..`k7`.
    pub avx512: bool,
    /// AVX512BW is enabled (`-mavx512bw`, which implies `avx512`): mask registers hold 32- and
    /// 64-bit values.
    #[serde(default)]
    pub avx512bw: bool,
    /// AVX2 is enabled (`%~` prints `i` instead of `f`).
    pub avx2: bool,
    /// The function keeps a frame pointer (gcc at `-O0`, or `-fno-omit-frame-pointer`): `rbp`
    /// cannot be clobbered or allocated.
    pub frame_pointer: bool,
    /// gcc optimizes (any `-O` but `-O0`): static functions nobody uses are not compiled, and
    /// values gcc can propagate become constant operands.
    #[serde(default = "yes")]
    pub optimize: bool,
}

fn yes() -> bool {
    true
}

impl Default for Target {
    fn default() -> Self {
        Target { dialect: Dialect::Att, pie: true, pic: false, avx512: false, avx512bw: false, avx2: false, frame_pointer: false, optimize: true }
    }
}
