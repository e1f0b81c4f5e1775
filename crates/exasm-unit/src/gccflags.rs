//! gcc's command-line flags, as far as exasm cares: which change the target, which the
//! preprocessor needs, which are inputs.
//!
//! Instruction-set flags (`-march=`, `-mavx512dq`, `-mno-avx2`, ...) are not interpreted here:
//! [`Flags::ask_compiler_for_isa`] asks the compiler which extensions they enable.

use exasm_core::clobber::decode_reg_name;
use exasm_core::regs::PhysReg;
use exasm_core::target::{Platform, Target};
use exasm_core::template::Dialect;
use std::process::Command;

/// Flags split into inputs, preprocessor arguments and the target they select.
pub struct Flags {
    /// Input files (`-` is standard input).
    pub inputs: Vec<String>,
    /// The language `-x` gave for each input, in the same order (`None`: from its name).
    pub languages: Vec<Option<String>>,
    /// Arguments for `CC -E` (`-I`, `-D`, `-U`, `-include`, `-std=`, `-m...`, `-f...`, `-O...`).
    pub cpp_args: Vec<String>,
    /// The target the flags describe; its instruction-set facts are the default x86-64's until
    /// [`Flags::ask_compiler_for_isa`].
    pub target: Target,
    /// The `-m` flags that may change the instruction set, in order.
    pub isa_args: Vec<String>,
    /// Warnings gcc gives about the flags themselves ("unknown register name: foo").
    pub warnings: Vec<String>,
}

/// Flags the preprocessor needs whose value is the next argument.
const CPP_WITH_VALUE: [&str; 16] = [
    "-I", "-D", "-U", "-A", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix", "-iwithprefix",
    "-iwithprefixbefore", "-isysroot", "-imultilib", "-Xpreprocessor", "-x",
];

/// Interprets gcc flags (the caller has rejected spellings gcc does not know,
/// [`crate::options::unrecognized`]); the errors are gcc's own about the flags exasm reads (a
/// bad `-masm=` value, the stack or frame pointer given to `-fcall-used-` or `-fcall-saved-`).
///
/// ```ignore
/// let f = parse(&["-O2".into(), "-Iinc".into(), "-masm=intel".into(), "a.c".into()], Platform::Linux).unwrap();
/// assert_eq!(f.inputs, ["a.c"]);
/// ```
pub fn parse(args: &[String], platform: Platform) -> Result<Flags, String> {
    let mut target = Target::for_platform(platform);
    let mut optimize = false;
    let mut explicit_fp: Option<bool> = None;
    let mut inputs = Vec::new();
    let mut cpp_args = Vec::new();
    let mut languages = Vec::new();
    let mut language: Option<String> = None;
    let mut isa_args = Vec::new();
    let mut warnings = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if crate::options::takes_separate_value(a) {
            if let Some(v) = args.get(i) {
                if CPP_WITH_VALUE.contains(&a) {
                    cpp_args.push(a.to_string());
                    cpp_args.push(v.clone());
                }
                if a == "-x" {
                    language = Some(v.clone()).filter(|l| l != "none");
                }
                i += 1;
            }
            continue;
        }
        if let Some(l) = a.strip_prefix("-x") {
            language = Some(l.to_string()).filter(|l| l != "none");
        }
        match a {
            "-masm=att" => target.dialect = Dialect::Att,
            "-masm=intel" => target.dialect = Dialect::Intel,
            s if s.starts_with("-masm=") => return Err(format!("unrecognized argument in option '{s}'")),
            "-m32" | "-mx32" | "-m16" => return Err(format!("exasm handles x86-64 asm only (-m64), not '{a}'")),
            s if s.starts_with("-m") => isa_args.push(s.to_string()),
            s if s.starts_with("-ffixed-") || s.starts_with("-fcall-used-") || s.starts_with("-fcall-saved-") => {
                fix_register(s, &mut target, &mut warnings)?;
            }
            // PE code is position independent without them (gcc: "-fPIC ignored for target").
            "-fPIC" | "-fpic" | "-fPIE" | "-fpie" if platform.is_windows() => {}
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
            "-std=gnu89" | "-std=gnu90" | "-std=c89" | "-std=c90" | "-std=iso9899:1990" | "-std=iso9899:199409" | "-ansi" | "-fgnu89-inline" => target.gnu89_inline = true,
            s if s.starts_with("-std=") || s == "-fno-gnu89-inline" => target.gnu89_inline = false,
            "-O0" => optimize = false,
            s if s.starts_with("-O") => optimize = true,
            "-" => {
                inputs.push(a.to_string());
                languages.push(language.clone());
            }
            _ => {}
        }
        let for_cpp = a.starts_with("-I")
            || a.starts_with("-D")
            || a.starts_with("-U")
            || a.starts_with("-std=")
            || a.starts_with("-ansi")
            || a.starts_with("-m")
            || a.starts_with("-f")
            || a.starts_with("-O")
            || a.starts_with("-isystem")
            || a.starts_with("-iquote")
            || a.starts_with("-x")
            // Warnings the preprocessor gives (`-Wundef`, `-pedantic`'s variadic macros), and
            // `-Werror` making them errors.
            || (a.starts_with("-W") && !a.starts_with("-Wl,") && !a.starts_with("-Wa,"))
            || a.starts_with("-pedantic")
            || a == "-w"
            || a == "-pthread"
            || a == "-undef"
            || a == "-nostdinc";
        if for_cpp {
            cpp_args.push(a.to_string());
        } else if !a.starts_with('-') {
            inputs.push(a.to_string());
            languages.push(language.clone());
        }
    }
    target.frame_pointer = explicit_fp.unwrap_or(!optimize);
    target.optimize = optimize;
    Ok(Flags { inputs, languages, cpp_args, target, isa_args, warnings })
}

/// `-ffixed-REG`, `-fcall-used-REG` and `-fcall-saved-REG` as gcc's `fix_register` reads them:
/// the last flag naming a register decides; the stack and frame pointers may only be fixed.
fn fix_register(flag: &str, target: &mut Target, warnings: &mut Vec<String>) -> Result<(), String> {
    let (name, fixed, call_used) = if let Some(n) = flag.strip_prefix("-ffixed-") {
        (n, true, true)
    } else if let Some(n) = flag.strip_prefix("-fcall-used-") {
        (n, false, true)
    } else {
        (flag.strip_prefix("-fcall-saved-").unwrap_or(flag), false, false)
    };
    let reg = match decode_reg_name(name) {
        Some(Ok(reg)) => reg,
        // gcc's internal registers: nothing exasm allocates.
        Some(Err(_)) => return Ok(()),
        None => {
            warnings.push(format!("unknown register name: {name}"));
            return Ok(());
        }
    };
    if matches!(reg, PhysReg::RSP | PhysReg::RBP) && !fixed {
        let kind = if call_used { "call-used" } else { "call-saved" };
        return Err(format!("cannot use '{name}' as a {kind} register"));
    }
    target.fixed = if fixed { target.fixed.with(reg) } else { target.fixed.without(reg) };
    if reg.class() == exasm_core::regs::RegClass::Gpr {
        let clobbered = target.call_clobbered;
        target.call_clobbered = if call_used { clobbered.with(reg) } else { clobbered.without(reg) };
    }
    Ok(())
}

/// The compiler `exasm` runs when none is named: `$CC`, else `cc` (as the preprocessing does).
pub fn default_compiler() -> String {
    std::env::var("CC").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| "cc".to_string())
}

/// The platform `--target TRIPLE` names.
pub fn platform_of_triple(triple: &str) -> Result<Platform, String> {
    Platform::from_triple(triple).ok_or_else(|| format!("exasm handles x86-64 targets only (Linux, x86_64-w64-mingw32, x86_64-pc-windows-msvc), not '{triple}'"))
}

/// The compiler that preprocesses for a platform when none is named: MinGW-w64's gcc for
/// Windows (its headers are Windows' headers; for MSVC too, when no `--cc` names another).
pub fn default_compiler_for(platform: Platform) -> String {
    if platform.is_windows() {
        "x86_64-w64-mingw32-gcc".to_string()
    } else {
        default_compiler()
    }
}

/// The platform a compiler builds for. A compiler whose name says Windows
/// (`x86_64-w64-mingw32-gcc`, a name with `mingw`, `windows` or `msvc`) is asked (`-dumpmachine`);
/// any other builds for Linux, and costs no extra run.
pub fn platform_of_compiler(cc: &str) -> Result<Platform, String> {
    let name = std::path::Path::new(cc).file_name().and_then(|n| n.to_str()).unwrap_or(cc).to_ascii_lowercase();
    if !["mingw", "windows", "msvc", "w64"].iter().any(|w| name.contains(w)) {
        return Ok(Platform::Linux);
    }
    let out = Command::new(cc).arg("-dumpmachine").output().map_err(|e| format!("cannot run '{cc}': {e}"))?;
    let triple = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || triple.is_empty() {
        return Err(format!("'{cc} -dumpmachine' names no target ({})", out.status));
    }
    platform_of_triple(&triple)
}

/// The C data model of a platform.
pub fn data_model(platform: Platform) -> exasm_cfront::DataModel {
    match platform {
        Platform::Linux => exasm_cfront::DataModel::Lp64,
        Platform::MinGW => exasm_cfront::DataModel::Llp64,
        Platform::Msvc => exasm_cfront::DataModel::Llp64Msvc,
    }
}

impl Flags {
    /// Sets the target's instruction-set facts from what `cc` predefines under the user's `-m`
    /// flags (`cc -dM -E` on an empty input), so `-march=skylake-avx512` or `-mavx512dq` mean
    /// what they mean to the compiler. Without such flags the defaults stand (gcc's x86-64
    /// baseline) and nothing is run. `Err` holds why the compiler could not answer (it rejects
    /// a flag, or cannot be run).
    pub fn ask_compiler_for_isa(&mut self, cc: &str) -> Result<(), String> {
        if self.isa_args.is_empty() {
            return Ok(());
        }
        let out = Command::new(cc)
            .args(["-dM", "-E", "-x", "c"])
            .args(&self.isa_args)
            .arg("/dev/null")
            .output()
            .map_err(|e| format!("cannot run '{cc}': {e}"))?;
        if !out.status.success() {
            return Err(format!("'{cc} -dM -E' rejects the flags ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr).trim_end()));
        }
        self.target.apply_predefined_macros(&String::from_utf8_lossy(&out.stdout));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &[&str]) -> Result<Flags, String> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>(), Platform::Linux)
    }

    #[test]
    fn two_argument_flags_take_their_value() {
        let f = flags(&["a.c", "--param", "max-inline-insns-single=3", "-MT", "x.o", "--param=l1-cache-size=8"]).unwrap();
        assert_eq!(f.inputs, ["a.c"]);
    }

    #[test]
    fn fixed_and_call_used_registers_follow_gcc() {
        let f = flags(&["-ffixed-esi", "-ffixed-xmm3", "-fcall-used-rbx", "-fcall-saved-r10"]).unwrap();
        assert!(f.target.fixed.contains(PhysReg::RSI) && f.target.fixed.contains(PhysReg::xmm(3)));
        assert!(f.target.call_clobbered.contains(PhysReg::RBX) && !f.target.call_clobbered.contains(PhysReg::R10));
        // The last flag naming a register decides.
        let f = flags(&["-ffixed-rax", "-fcall-used-eax"]).unwrap();
        assert!(!f.target.fixed.contains(PhysReg::RAX) && f.target.call_clobbered.contains(PhysReg::RAX));
        assert_eq!(flags(&["-ffixed-r8d"]).unwrap().warnings, ["unknown register name: r8d"]);
        assert_eq!(flags(&["-fcall-saved-rsp"]).err().unwrap(), "cannot use 'rsp' as a call-saved register");
        assert_eq!(flags(&["-fcall-used-ebp"]).err().unwrap(), "cannot use 'ebp' as a call-used register");
        assert!(flags(&["-ffixed-rsp"]).unwrap().target.fixed.contains(PhysReg::RSP));
    }

    #[test]
    fn instruction_set_flags_are_asked_of_the_compiler() {
        let mut f = flags(&["-mavx512dq", "-mno-avx512bw", "-masm=intel"]).unwrap();
        assert_eq!(f.isa_args, ["-mavx512dq", "-mno-avx512bw"]);
        if f.ask_compiler_for_isa("gcc").is_ok() {
            assert!(f.target.avx512 && !f.target.avx512bw && f.target.avx2);
        }
        let mut f = flags(&["-O2"]).unwrap();
        f.ask_compiler_for_isa("/nonexistent/cc").unwrap();
        assert!(!f.target.avx && !f.target.avx512);
    }
}
