//! What exasm assumes about the compilation: the facts that change gcc's answers.
//!
//! The instruction-set facts are what the compiler says for the user's flags (`cc -dM -E`
//! lists `__AVX__`, `__AVX512F__`, ...; see [`Target::apply_predefined_macros`]): exasm keeps no
//! table of which `-march=` or `-m` flag implies which extension.

use crate::regs::{classes, PhysReg, RegSet};
use crate::template::Dialect;
use serde::{Deserialize, Serialize};

/// Compilation settings that affect decoding, allocation and printing.
///
/// ```
/// let t = exasm_core::target::Target::default();
/// assert!(t.pie && !t.avx512 && t.optimize && !t.frame_pointer);
/// assert!(t.fixed.is_empty());
/// assert_eq!(t.call_clobbered, exasm_core::regs::classes::call_clobbered());
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
    /// AVX is enabled (`__AVX__`): 32-byte vectors have a machine mode (a `ymm` register), and
    /// `%d` repeats an SSE register for the three-operand forms.
    #[serde(default)]
    pub avx: bool,
    /// AVX-512 registers exist (`__AVX512F__`): `xmm16`..`xmm31` and `k0`..`k7`, and 64-byte
    /// vectors have a machine mode.
    pub avx512: bool,
    /// AVX512BW is enabled (`__AVX512BW__`): mask registers hold 32- and 64-bit values.
    #[serde(default)]
    pub avx512bw: bool,
    /// AVX512VL is enabled (`__AVX512VL__`): `xmm16`..`xmm31` hold 16- and 32-byte vectors.
    #[serde(default)]
    pub avx512vl: bool,
    /// AVX2 is enabled (`%~` prints `i` instead of `f`).
    pub avx2: bool,
    /// The function keeps a frame pointer (gcc at `-O0`, or `-fno-omit-frame-pointer`): `rbp`
    /// cannot be clobbered or allocated.
    pub frame_pointer: bool,
    /// gcc optimizes (any `-O` but `-O0`): static functions nobody uses are not compiled, and
    /// values gcc can propagate become constant operands.
    #[serde(default = "yes")]
    pub optimize: bool,
    /// Registers `-ffixed-REG` takes from the allocator (they may still be clobbered).
    #[serde(default)]
    pub fixed: RegSet,
    /// The general registers a call may change: the SysV ABI's, as `-fcall-used-REG` and
    /// `-fcall-saved-REG` change them. The `U` constraint is this class; a thunk preserves
    /// every other register it touches.
    #[serde(default = "crate::regs::classes::call_clobbered")]
    pub call_clobbered: RegSet,
    /// The platform: its calling convention (System V or Win64), its C data model and its
    /// object format.
    #[serde(default)]
    pub platform: Platform,
    /// GNU89 inline semantics for every function (`-std=gnu89`, `-std=c89`/`c90`/`gnu90`,
    /// `-ansi`, `-fgnu89-inline`; gcc then defines `__GNUC_GNU_INLINE__`): a plain `inline`
    /// definition is external (compiled always), an `extern inline` one is compiled only where
    /// gcc inlines it. The `gnu_inline` attribute asks for the same per function.
    #[serde(default)]
    pub gnu89_inline: bool,
}

/// The platforms exasm lowers for: they differ in the calling convention thunks follow (System V
/// or Win64), the C data model (LP64 or LLP64) and the object format (ELF or PE/COFF).
///
/// ```
/// use exasm_core::target::Platform;
/// assert_eq!(Platform::from_triple("x86_64-w64-mingw32"), Some(Platform::MinGW));
/// assert_eq!(Platform::from_triple("x86_64-pc-windows-msvc"), Some(Platform::Msvc));
/// assert_eq!(Platform::from_triple("x86_64-linux-gnu"), Some(Platform::Linux));
/// assert_eq!(Platform::from_triple("aarch64-linux-gnu"), None);
/// ```
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Platform {
    /// x86-64 Linux (and other ELF systems): System V ABI, LP64.
    #[default]
    Linux,
    /// Windows with MinGW-w64 (`x86_64-w64-mingw32`): Win64 ABI, LLP64, 16-byte `long double`.
    MinGW,
    /// Windows with MSVC (`x86_64-pc-windows-msvc`): Win64 ABI, LLP64, `long double` is `double`.
    Msvc,
}

impl Platform {
    /// The platform of a target triple (`-dumpmachine`, `--target`); `None` for what is not
    /// x86-64.
    pub fn from_triple(triple: &str) -> Option<Platform> {
        let mut parts = triple.split('-');
        if !matches!(parts.next(), Some("x86_64" | "amd64" | "x64")) {
            return None;
        }
        let rest: Vec<&str> = parts.collect();
        Some(if rest.iter().any(|p| p.starts_with("mingw") || *p == "cygwin") || rest.windows(2).any(|w| w == ["windows", "gnu"]) {
            Platform::MinGW
        } else if rest.contains(&"windows") || rest.contains(&"win32") {
            Platform::Msvc
        } else {
            Platform::Linux
        })
    }

    /// Windows: the Win64 calling convention, LLP64, PE/COFF.
    pub fn is_windows(self) -> bool {
        self != Platform::Linux
    }
}

/// The general registers the Win64 ABI lets a call change (`rdi` and `rsi` are callee-saved there).
fn win64_call_clobbered() -> RegSet {
    RegSet::of(&[PhysReg::RAX, PhysReg::RCX, PhysReg::RDX, PhysReg::R8, PhysReg::R9, PhysReg::R10, PhysReg::R11])
}

fn yes() -> bool {
    true
}

impl Default for Target {
    fn default() -> Self {
        Target {
            dialect: Dialect::Att,
            pie: true,
            pic: false,
            avx: false,
            avx512: false,
            avx512bw: false,
            avx512vl: false,
            avx2: false,
            frame_pointer: false,
            optimize: true,
            fixed: RegSet::EMPTY,
            call_clobbered: classes::call_clobbered(),
            platform: Platform::Linux,
            gnu89_inline: false,
        }
    }
}

impl Target {
    /// The default target of a platform: on Windows the Win64 ABI's call-clobbered registers
    /// (the `U` class, what a thunk may change) and no PIE (PE images are relocated instead:
    /// gcc for MinGW prints `%P` without `@PLT` and takes `"i"(&function)`).
    ///
    /// ```
    /// use exasm_core::{regs::PhysReg, target::{Platform, Target}};
    /// let w = Target::for_platform(Platform::MinGW);
    /// assert!(w.call_saved().contains(PhysReg::RSI) && !w.pie);
    /// assert_eq!(Target::for_platform(Platform::Linux), Target::default());
    /// ```
    pub fn for_platform(platform: Platform) -> Target {
        if platform.is_windows() {
            Target { platform, pie: false, pic: false, call_clobbered: win64_call_clobbered(), ..Target::default() }
        } else {
            Target::default()
        }
    }

    /// The vector registers a thunk must give back as it found them (their low 128 bits):
    /// xmm6..xmm15 under Win64, none under System V.
    ///
    /// ```
    /// use exasm_core::{regs::PhysReg, target::{Platform, Target}};
    /// assert!(Target::for_platform(Platform::Msvc).call_saved_xmm().contains(PhysReg::xmm(6)));
    /// assert!(Target::default().call_saved_xmm().is_empty());
    /// ```
    pub fn call_saved_xmm(&self) -> RegSet {
        if self.platform.is_windows() {
            RegSet::of(&(6..16).map(PhysReg::xmm).collect::<Vec<_>>())
        } else {
            RegSet::EMPTY
        }
    }

    /// Sets the instruction-set facts from the compiler's predefined macros (the output of
    /// `cc -dM -E` with the user's flags): each extension exasm cares about is on exactly when
    /// its macro is defined.
    ///
    /// ```
    /// let mut t = exasm_core::target::Target::default();
    /// t.apply_predefined_macros("#define __AVX512F__ 1\n#define __AVX2__ 1\n#define __AVX__ 1\n");
    /// assert!(t.avx && t.avx2 && t.avx512 && !t.avx512bw && !t.avx512vl);
    /// ```
    pub fn apply_predefined_macros(&mut self, macros: &str) {
        let defined = |name: &str| macros.lines().any(|l| l.strip_prefix("#define ").is_some_and(|d| d.split_whitespace().next() == Some(name)));
        self.avx = defined("__AVX__");
        self.avx2 = defined("__AVX2__");
        self.avx512 = defined("__AVX512F__");
        self.avx512bw = defined("__AVX512BW__");
        self.avx512vl = defined("__AVX512VL__");
    }

    /// The general registers a thunk must give back as it found them: every one the caller's
    /// compiler expects a call to keep (the stack pointer is kept by construction).
    ///
    /// ```
    /// use exasm_core::{regs::PhysReg, target::Target};
    /// let t = Target::default();
    /// assert!(t.call_saved().contains(PhysReg::RBX) && !t.call_saved().contains(PhysReg::R10));
    /// ```
    pub fn call_saved(&self) -> RegSet {
        classes::general().minus(self.call_clobbered).without(PhysReg::RSP)
    }
}
