//! What exasm gives the compilers that are not gcc: chibicc's preprocessing (gcc's
//! preprocessor configured as chibicc) and the standard headers chibicc and tcc lack.

use crate::report::os_message;
use crate::CCompiler;
use std::path::{Path, PathBuf};
use std::process::Command;

/// gcc's `<cpuid.h>`, which chibicc and tcc lack (written for exasm, which lowers its asm).
const CPUID_H: (&str, &str) = ("cpuid.h", include_str!("../include/chibicc/cpuid.h"));

/// Headers Debian's chibicc lacks, shipped inside exasm: the standard ones, and `<cpuid.h>`.
const CHIBICC_HEADERS: [(&str, &str); 8] = [
    CPUID_H,
    ("float.h", include_str!("../include/chibicc/float.h")),
    ("iso646.h", include_str!("../include/chibicc/iso646.h")),
    ("stdalign.h", include_str!("../include/chibicc/stdalign.h")),
    ("stdarg.h", include_str!("../include/chibicc/stdarg.h")),
    ("stdbool.h", include_str!("../include/chibicc/stdbool.h")),
    ("stddef.h", include_str!("../include/chibicc/stddef.h")),
    ("stdnoreturn.h", include_str!("../include/chibicc/stdnoreturn.h")),
];

/// Macros chibicc may predefine (from its `init_macros`); their values are asked of chibicc.
const CHIBICC_MACROS: [&str; 38] = [
    "_LP64", "__C99_MACRO_WITH_VA_ARGS", "__ELF__", "__LP64__", "__SIZEOF_DOUBLE__", "__SIZEOF_FLOAT__", "__SIZEOF_INT__",
    "__SIZEOF_LONG_DOUBLE__", "__SIZEOF_LONG_LONG__", "__SIZEOF_LONG__", "__SIZEOF_POINTER__", "__SIZEOF_PTRDIFF_T__",
    "__SIZEOF_SHORT__", "__SIZEOF_SIZE_T__", "__SIZE_TYPE__", "__STDC_NO_COMPLEX__", "__STDC_UTF_16__", "__STDC_UTF_32__",
    "__USER_LABEL_PREFIX__", "__alignof__", "__amd64", "__amd64__", "__chibicc__", "__const__", "__gnu_linux__", "__inline__",
    "__linux", "__linux__", "__signed__", "__typeof__", "__unix", "__unix__", "__volatile__", "__x86_64", "__x86_64__", "linux",
    "unix", "__GNUC__",
];

/// chibicc's `-E` prints only the first of adjacent string literals (it joins them, then prints
/// the first token's text), which loses asm templates. So chibicc's preprocessing is done by
/// gcc's preprocessor configured as chibicc: no predefined macros but chibicc's own (asked of
/// chibicc itself), chibicc's include directories, C11.
pub fn chibicc_cpp_args(compiler: &str, tmp: &Path) -> Result<Vec<String>, String> {
    let probe = tmp.join("macros.c");
    let text: String = CHIBICC_MACROS.iter().map(|m| format!("\"{m}\" {m} ;\n")).collect();
    std::fs::write(&probe, text).map_err(|e| e.to_string())?;
    let out = Command::new(compiler).arg("-E").arg(&probe).output().map_err(|e| format!("cannot run '{compiler}': {}", os_message(&e)))?;
    if !out.status.success() {
        return Err(format!("{compiler} -E failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let mut args = vec!["-undef".to_string(), "-nostdinc".to_string(), "-std=c11".to_string()];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Some(rest) = line.trim().strip_prefix('"') else { continue };
        let Some((name, value)) = rest.split_once('"') else { continue };
        let value = value.trim().trim_end_matches(';').trim();
        // gcc keeps `__STDC_UTF_16__` and `__STDC_UTF_32__` (as 1) under `-undef`: defining
        // them again only warns.
        let kept_by_gcc = matches!(name, "__STDC_UTF_16__" | "__STDC_UTF_32__") && value == "1";
        if value != name && !kept_by_gcc {
            args.push(format!("-D{name}={value}"));
        }
    }
    for dir in ["/usr/local/include", "/usr/include/x86_64-linux-gnu", "/usr/include"] {
        args.push("-isystem".into());
        args.push(dir.into());
    }
    Ok(args)
}

/// The headers exasm gives a compiler that lacks them: all of [`CHIBICC_HEADERS`] to chibicc,
/// `<cpuid.h>` to tcc, none to gcc.
pub fn bundled_headers(family: CCompiler) -> &'static [(&'static str, &'static str)] {
    match family {
        CCompiler::Chibicc => &CHIBICC_HEADERS,
        CCompiler::Tcc => std::slice::from_ref(&CPUID_H),
        CCompiler::Gcc => &[],
    }
}

/// Writes the compiler's bundled headers where every run finds the same files:
/// `$XDG_CACHE_HOME/exasm/include-HASH/COMPILER` (else `~/.cache/...`), HASH naming their
/// contents. Preprocessed output then names the same paths on every run, which is what lets
/// ccache find a compilation again, and a message or a debugger naming one of them names a file
/// that exists. Where no such directory can be written, the headers go to `tmp` (the run's
/// temporary directory) instead. `None` for a compiler that needs none.
pub fn install_headers(family: CCompiler, tmp: &Path) -> Result<Option<PathBuf>, String> {
    let headers = bundled_headers(family);
    if headers.is_empty() {
        return Ok(None);
    }
    let subdir = if family == CCompiler::Tcc { "tcc" } else { "chibicc" };
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in CHIBICC_HEADERS.iter().flat_map(|(n, t)| n.bytes().chain([0]).chain(t.bytes()).chain([0])) {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|d| d.is_absolute()).or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")).filter(|d| d.is_absolute()));
    if let Some(cache) = cache {
        let dir = cache.join("exasm").join(format!("include-{hash:016x}")).join(subdir);
        if write_headers(&dir, headers).is_ok() {
            return Ok(Some(dir));
        }
    }
    let dir = tmp.join("include");
    write_headers(&dir, headers).map_err(|e| format!("cannot write {subdir}'s headers: {}", os_message(&e)))?;
    Ok(Some(dir))
}

/// Writes each header into `dir` unless it holds it already, through a temporary file and a
/// rename: a build running exasm in parallel never reads half a header.
fn write_headers(dir: &Path, headers: &[(&str, &str)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in headers {
        let path = dir.join(name);
        if std::fs::read(&path).is_ok_and(|b| b == text.as_bytes()) {
            continue;
        }
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, &path)).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
    }
    Ok(())
}


/// Does the compiler take this flag? chibicc and tcc reject what they do not know.
pub fn accepts(family: CCompiler, flag: &str) -> bool {
    match family {
        CCompiler::Gcc => true,
        CCompiler::Chibicc => {
            let known_prefix = ["-I", "-D", "-U", "-l", "-L", "-Wl,", "-Xlinker", "-O", "-W", "-g", "-std=", "-M", "-x"];
            known_prefix.iter().any(|p| flag.starts_with(p))
                || matches!(flag, "-fpic" | "-fPIC" | "-static" | "-shared" | "-s" | "-w" | "-ffreestanding" | "-fno-builtin" | "-fno-omit-frame-pointer" | "-fno-stack-protector" | "-fno-strict-aliasing" | "-m64" | "-mno-red-zone" | "-include" | "-idirafter")
        }
        CCompiler::Tcc => !flag.starts_with("-masm=") && !flag.starts_with("-march") && !flag.starts_with("-mtune"),
    }
}
