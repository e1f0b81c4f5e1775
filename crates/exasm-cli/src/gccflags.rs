//! gcc's command-line flags, as far as exasm cares: which change the target, which are inputs.

use exasm_core::target::Target;
use exasm_core::template::Dialect;

/// Flags split into inputs and the target they select.
pub struct Flags {
    /// Input files (`-` is standard input).
    pub inputs: Vec<String>,
    /// The target the flags describe.
    pub target: Target,
}

/// Interprets gcc flags. Unknown flags are accepted silently, as a build's CFLAGS may hold
/// anything gcc takes; only a bad `-masm=` value is an error.
pub fn parse(args: &[String]) -> Result<Flags, String> {
    let mut target = Target::default();
    let mut optimize = false;
    let mut explicit_fp: Option<bool> = None;
    let mut inputs = Vec::new();
    for a in args {
        match a.as_str() {
            "-masm=att" => target.dialect = Dialect::Att,
            "-masm=intel" => target.dialect = Dialect::Intel,
            s if s.starts_with("-masm=") => return Err(format!("unrecognized argument in option '{s}'")),
            "-mavx512f" => target.avx512 = true,
            "-mno-avx512f" => target.avx512 = false,
            "-mavx2" => target.avx2 = true,
            "-mno-avx2" => target.avx2 = false,
            "-fPIC" | "-fpic" => {
                target.pic = true;
                target.pie = true;
            }
            "-fPIE" | "-fpie" => target.pie = true,
            "-fno-PIE" | "-fno-pie" | "-fno-PIC" | "-fno-pic" | "-no-pie" | "-static" => {
                target.pie = false;
                target.pic = false;
            }
            "-fomit-frame-pointer" => explicit_fp = Some(false),
            "-fno-omit-frame-pointer" => explicit_fp = Some(true),
            "-O0" => optimize = false,
            s if s.starts_with("-O") => optimize = true,
            "-" => inputs.push(a.clone()),
            s if s.starts_with('-') => {}
            _ => inputs.push(a.clone()),
        }
    }
    target.frame_pointer = explicit_fp.unwrap_or(!optimize);
    Ok(Flags { inputs, target })
}
