//! C samples with GCC extended asm, built by exasm-build, called through FFI.

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// The compiler the build script's `cc` selected (`$CC`).
pub const C_COMPILER: &str = env!("EXASM_EXAMPLE_CC");

/// Runs sample `name`'s C `main` (which prints with `printf`); `None` for an unknown name.
pub fn run(name: &str) -> Option<i32> {
    let (_, main) = SAMPLES.iter().find(|(n, _)| *n == name)?;
    // SAFETY: a C `int main(void)`, built for this target.
    Some(unsafe { main() })
}
