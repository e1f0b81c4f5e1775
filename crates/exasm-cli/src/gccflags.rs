//! gcc's command-line flags, as far as exasm cares: which change the target, which the
//! preprocessor needs, which are inputs.

use exasm_core::target::Target;
use exasm_core::template::Dialect;

/// Flags split into inputs, preprocessor arguments and the target they select.
pub struct Flags {
    /// Input files (`-` is standard input).
    pub inputs: Vec<String>,
    /// The language `-x` gave for each input, in the same order (`None`: from its name).
    pub languages: Vec<Option<String>>,
    /// Arguments for `CC -E` (`-I`, `-D`, `-U`, `-include`, `-std=`, `-m...`, `-f...`, `-O...`).
    pub cpp_args: Vec<String>,
    /// The target the flags describe.
    pub target: Target,
}

/// Flags the preprocessor needs whose value is the next argument.
const CPP_WITH_VALUE: [&str; 14] = [
    "-I", "-D", "-U", "-A", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix", "-iwithprefix",
    "-iwithprefixbefore", "-isysroot", "-x",
];

/// Interprets gcc flags (the caller has rejected spellings gcc does not know,
/// [`crate::options::unrecognized`]); only a bad `-masm=` value is an error here.
///
/// ```ignore
/// let f = parse(&["-O2".into(), "-Iinc".into(), "-masm=intel".into(), "a.c".into()]).unwrap();
/// assert_eq!(f.inputs, ["a.c"]);
/// ```
pub fn parse(args: &[String]) -> Result<Flags, String> {
    let mut target = Target::default();
    let mut optimize = false;
    let mut explicit_fp: Option<bool> = None;
    let mut inputs = Vec::new();
    let mut cpp_args = Vec::new();
    let mut languages = Vec::new();
    let mut language: Option<String> = None;
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
            "-mavx512f" => target.avx512 = true,
            "-mavx512bw" => {
                target.avx512 = true;
                target.avx512bw = true;
            }
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
    Ok(Flags { inputs, languages, cpp_args, target })
}
