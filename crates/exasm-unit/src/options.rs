//! gcc's option families, as far as exasm must tell them apart: which take their value as the
//! next argument, and which spellings gcc does not know at all. An option gcc does not know is
//! "unrecognized command-line option", as gcc says it; exasm never ignores one silently.

/// Options whose value is the next argument (`-I dir`, `-MT target`, `--param name=value`).
const SEPARATE_VALUE: &[&str] = &[
    "-I", "-D", "-U", "-L", "-l", "-x", "-A", "-B", "-T", "-u", "-e", "-z", "-include", "-imacros", "-isystem", "-iquote",
    "-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-MF", "-MT", "-MQ",
    "-Xlinker", "-Xassembler", "-Xpreprocessor", "-aux-info", "--param", "-specs", "-wrapper", "--sysroot", "-dumpbase",
    "-dumpbase-ext", "-dumpdir",
];

/// Options that are a whole word, without a value.
const WORDS: &[&str] = &[
    "-g", "-O", "-W", "--coverage", "-no-canonical-prefixes", "-pass-exit-codes", "-c", "-S", "-E", "-v", "-w", "-P", "-C", "-CC", "-H", "-p", "-pg", "-s", "-Q", "-pipe", "-pthread", "-ansi",
    "-pedantic", "-pedantic-errors", "-undef", "-nostdinc", "-nostdlib", "-nostartfiles", "-nodefaultlibs", "-nolibc",
    "-static", "-shared", "-rdynamic", "-symbolic", "-pie", "-no-pie", "-static-pie", "-static-libgcc", "-shared-libgcc",
    "-trigraphs", "-traditional", "-traditional-cpp", "-save-temps", "-time", "-###", "-dumpversion", "-dumpmachine",
    "-dumpfullversion", "-dumpspecs", "--help", "--version", "--target-help", "-r", "-remap", "-M", "-MM", "-MD", "-MMD",
    "-MP", "-MG", "-no-integrated-cpp", "-fsyntax-only",
];

/// Prefixes of option families whose members gcc itself validates (`-f`, `-m`, `-W`, `-O`,
/// `-g`, `-std=`: those exasm forwards to the preprocessor are checked there) or that carry
/// their value attached (`-Idir`, `-DX=1`, `-xc`, `--param=`).
const PREFIXES: &[&str] = &[
    "-f", "-m", "-W", "-O", "-g", "-std=", "-I", "-D", "-U", "-L", "-l", "-x", "-B", "-d", "-print-", "-save-temps=",
    "--sysroot=", "--param=", "-specs=", "-gz", "-i", "-A", "-T", "-u", "-z", "-MF", "-MT", "-MQ", "--help=",
];

/// Does `arg` take the next argument as its value?
pub fn takes_separate_value(arg: &str) -> bool {
    SEPARATE_VALUE.contains(&arg)
}

/// gcc's error for an option it does not know, with gcc's suggestion among `own` (the
/// command's own options) when one is a single edit away.
///
/// ```ignore
/// assert_eq!(unrecognized("--asmm", &["--asm"]).unwrap(), "unrecognized command-line option '--asmm'; did you mean '--asm'?");
/// assert!(unrecognized("-O2", &[]).is_none());
/// ```
pub fn unrecognized(arg: &str, own: &[&str]) -> Option<String> {
    if !arg.starts_with('-') || arg == "-" || SEPARATE_VALUE.contains(&arg) || WORDS.contains(&arg) {
        return None;
    }
    if PREFIXES.iter().any(|p| arg.len() > p.len() && arg.starts_with(p)) {
        return None;
    }
    let name = arg.split('=').next().unwrap_or(arg);
    let candidates = own.iter().chain(WORDS).chain(SEPARATE_VALUE);
    let best = candidates.map(|c| (edit_distance(name, c), *c)).filter(|&(d, _)| d <= name.len() / 3 + 1).min();
    Some(match best {
        Some((_, c)) => format!("unrecognized command-line option '{arg}'; did you mean '{c}'?"),
        None => format!("unrecognized command-line option '{arg}'"),
    })
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_options_are_named_with_gccs_suggestion() {
        assert_eq!(unrecognized("--asmm", &["--asm", "--rust"]).as_deref(), Some("unrecognized command-line option '--asmm'; did you mean '--asm'?"));
        assert_eq!(unrecognized("--jsno", &["--json"]).as_deref(), Some("unrecognized command-line option '--jsno'; did you mean '--json'?"));
        assert_eq!(unrecognized("--frobnicate", &[]).as_deref(), Some("unrecognized command-line option '--frobnicate'"));
        for known in ["-O2", "-O", "-g", "-Iinc", "-I", "-DX=1", "-std=gnu11", "-masm=intel", "-fPIC", "-Wall", "-Wl,-z,now", "-MT", "-MFdeps.d", "-c", "-g3", "--param=x=1", "-xc", "-isystem/usr/x", "-"] {
            assert_eq!(unrecognized(known, &[]), None, "{known}");
        }
        assert!(takes_separate_value("-MT") && takes_separate_value("--param") && !takes_separate_value("-O2"));
    }
}
