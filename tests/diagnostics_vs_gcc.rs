//! exasm's diagnostics against gcc's, byte for byte: the same input and the same flags must give
//! the same standard error (the `In function` and `In file included from` lines, `file:line:col:
//! error: message`, the source line under its gutter, the underline, fix-it hints, colour,
//! quotes, hyperlinks, and gcc's diagnostic options). gcc runs in every test.

use exasm_tests::parallel_each;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_tests::exasm_binary().expect("the exasm binary builds")).clone()
}

/// Exit status and standard error of `gcc -c -o /dev/null FLAGS FILE`.
fn gcc(dir: &Path, file: &str, flags: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let out = Command::new("gcc").args(["-c", "-o", "/dev/null"]).args(flags).arg(file).current_dir(dir).envs(env.iter().copied()).output().expect("gcc runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Exit status and standard error of `exasm SUB FILE FLAGS`.
fn exasm_run(dir: &Path, sub: &str, file: &str, flags: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let out = Command::new(exasm()).arg(sub).arg(file).args(flags).current_dir(dir).envs(env.iter().copied()).output().expect("exasm runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The diagnostics' own lines (location, kind, message, and where gcc inlined a function),
/// colour removed: what the front end decides, as opposed to how it is laid out.
fn verdicts(stderr: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut chars = stderr.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // `ESC [ ... m ESC [ K` and `ESC ] 8 ; ; URL BEL`.
            let end = if chars.next() == Some(']') { '\x07' } else { 'K' };
            for d in chars.by_ref() {
                if d == end {
                    break;
                }
            }
            continue;
        }
        plain.push(c);
    }
    plain.lines().filter(|l| (!l.starts_with(' ') && [": error: ", ": warning: ", ": note: "].iter().any(|k| l.contains(k))) || l.contains("inlined from")).map(str::to_string).collect()
}

fn flags_of(src: &str) -> Vec<String> {
    src.lines().take(10).filter_map(|l| l.trim().strip_prefix("/* flags:").and_then(|r| r.strip_suffix("*/"))).flat_map(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect()
}

/// Every corpus file, in the C locale without colour and in a UTF-8 locale with colour: where
/// exasm reports what gcc reports (the same diagnostics at the same places), it prints them as
/// gcc does, byte for byte. Where it does not (gcc's repeats of front-end errors, middle-end
/// diagnostics gcc places at the function's closing brace, macro expansions), the layout
/// cannot be compared; at least 600 files must be.
#[test]
fn corpus_diagnostics_are_gccs_bytes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let files = exasm_tests::corpus_files();
    let variants: [(&str, &[&str]); 2] = [("C", &[]), ("C.UTF-8", &["-fdiagnostics-color=always"])];
    let compared = Mutex::new(0usize);
    let differ = Mutex::new(Vec::new());
    parallel_each(&files, 2, |file| {
        let rel = file.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(file).unwrap();
        let mut flags = flags_of(&src);
        flags.push("-O0".into());
        for (locale, extra) in variants {
            let flags: Vec<&str> = flags.iter().map(String::as_str).chain(extra.iter().copied()).collect();
            let env = [("LC_ALL", locale)];
            let (_, want) = gcc(&root, &rel, &flags, &env);
            let (_, got) = exasm_run(&root, "explain", &rel, &flags, &env);
            if verdicts(&want) != verdicts(&got) {
                continue;
            }
            *compared.lock().unwrap() += 1;
            if want != got {
                differ.lock().unwrap().push(format!("{rel} {locale} {extra:?}:\n--- gcc\n{want}--- exasm\n{got}"));
            }
        }
    });
    let compared = compared.into_inner().unwrap();
    let differ = differ.into_inner().unwrap();
    println!("{} passed, {} failed", compared - differ.len(), differ.len());
    assert!(differ.is_empty(), "{} of {compared} differ:\n{}", differ.len(), differ.join("\n"));
    assert!(compared >= 2 * 600, "only {compared} (file, variant) pairs comparable");
}

/// Files written for the layout: tabs, trailing blanks and CRLF, characters wider and narrower
/// than a byte after the location, Latin-1 bytes, six-digit line numbers, includes two deep,
/// file-scope errors after a function's (`At top level`), a fix-it hint, a warning with its
/// option and note, a declaration's caret.
fn layout_files(dir: &Path) -> Vec<&'static str> {
    let files: [(&str, Vec<u8>); 6] = [
        ("tabs.c", b"int f(int x)\n{\n\tasm(\"\" : : \"m\"(x + 1));  \t \n\t  __asm__ __volatile__ (  \"\" : : \"m\"(x * 2), \"m\"(x - 1));\r\n  asm(\"\" : : \"m\"(x << 1)); /* \xc3\xa9\xe4\xb8\xad \xe9 */\n    return x;\n}\n".to_vec()),
        ("asm.h", b"int g(int x)\n{\n    asm(\"movl $1, %0\" : \"=c\"(x) : : \"ecx\");\n    return x;\n}\n".to_vec()),
        ("mid.h", b"#include \"asm.h\"\n".to_vec()),
        ("main.c", b"\n#include \"mid.h\"\nint h(int y)\n{\n    asm(\"nop\" ::: \"rsp\");\n    asm(\"movl %1, %0\" : \"=r\"(y) : \"r\"(y) : \"nope\");\n    return y;\n}\n".to_vec()),
        ("qual.c", b"int k(int y)\n{\n    asm inline __inline(\"nop\");\n    asm __volatile__ volatile(\"nop\");\n    asm goto goto(\"jmp %l0\" :::: out);\n    register int x asm(\"foo\") = y;\nout:\n    return x;\n}\nasm volatile(\"nop\");\n".to_vec()),
        ("big.c", {
            let mut t = b"int f(int x)\n{\n".to_vec();
            t.extend(std::iter::repeat_n(b'\n', 123_455));
            t.extend_from_slice(b"    asm(\"incl %0\" : \"+r\"(x) : : \"rcx\", \"nope\");\n    return x;\n}\n");
            t
        }),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    vec!["tabs.c", "main.c", "qual.c", "big.c"]
}

#[test]
fn layout_is_gccs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut differ = Vec::new();
    for file in layout_files(d) {
        for (locale, flags) in [("C", &[][..]), ("C.UTF-8", &["-fdiagnostics-color=always"][..])] {
            let env = [("LC_ALL", locale)];
            let want = gcc(d, file, flags, &env);
            let got = exasm_run(d, "explain", file, flags, &env);
            assert!(!want.1.is_empty(), "{file}: gcc printed nothing");
            if want != got {
                differ.push(format!("{file} {locale} {flags:?}:\n--- gcc {:?}\n{}--- exasm {:?}\n{}", want.0, want.1, got.0, got.1));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// gcc's diagnostic options and GCC_COLORS, each as gcc takes it (a later option overrides an
/// earlier one).
#[test]
fn diagnostic_options_and_gcc_colors_are_gccs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    layout_files(d);
    let options: [&[&str]; 14] = [
        &["-fno-diagnostics-show-caret"],
        &["-fdiagnostics-plain-output"],
        &["-fdiagnostics-plain-output", "-fdiagnostics-color=always"],
        &["-fdiagnostics-color=always", "-fno-diagnostics-color"],
        &["-fno-diagnostics-show-line-numbers"],
        &["-fno-show-column"],
        &["-fdiagnostics-column-unit=byte"],
        &["-fdiagnostics-column-origin=0"],
        &["-ftabstop=4"],
        &["-fdiagnostics-urls=always"],
        &["-fdiagnostics-urls=always", "-fdiagnostics-color=always"],
        &["-fno-diagnostics-show-option"],
        &["-w"],
        &["-fdiagnostics-color"],
    ];
    let mut differ = Vec::new();
    for file in ["tabs.c", "main.c"] {
        for flags in options {
            let env = [("LC_ALL", "C")];
            let (want, got) = (gcc(d, file, flags, &env), exasm_run(d, "explain", file, flags, &env));
            if want != got {
                differ.push(format!("{file} {flags:?}:\n--- gcc\n{}--- exasm\n{}", want.1, got.1));
            }
        }
        for colors in ["", "error=4:locus=:quote=1;x", "error:warning=4:note=7", "note=7:=4:warning=4", "caret=01;32"] {
            let env = [("LC_ALL", "C.UTF-8"), ("GCC_COLORS", colors)];
            let flags = ["-fdiagnostics-color=always"];
            let (want, got) = (gcc(d, file, &flags, &env), exasm_run(d, "explain", file, &flags, &env));
            if want != got {
                differ.push(format!("{file} GCC_COLORS={colors:?}:\n--- gcc\n{}--- exasm\n{}", want.1, got.1));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// On a terminal (`script` gives the command one): colour by default, none for `TERM=dumb` or
/// an empty GCC_COLORS, hyperlinks on the terminals gcc knows to take them; exasm's
/// `lower`, `check` and `parse` print as `explain` does. NO_COLOR turns the default colour
/// off in exasm (gcc 12 does not look at it).
#[test]
fn terminal_colour_follows_gccs_rules() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no script(1)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    layout_files(d);
    let on_terminal = |cmd: String, env: &[(&str, &str)]| -> String {
        let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).current_dir(d).env_remove("COLORTERM").env("LC_ALL", "C").envs(env.iter().copied()).stdin(std::process::Stdio::null()).output().expect("script runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let exasm = exasm().display().to_string();
    for env in [&[("TERM", "xterm")][..], &[("TERM", "dumb")], &[("TERM", "xterm"), ("GCC_COLORS", "")], &[("TERM", "xterm-256color")], &[("TERM", "xterm"), ("COLORTERM", "gnome-terminal")]] {
        let want = on_terminal("gcc -c -o /dev/null main.c".into(), env);
        assert!(!want.is_empty());
        for sub in ["explain", "lower"] {
            let got = on_terminal(format!("{exasm} {sub} main.c > /dev/null"), env);
            assert_eq!(got, want, "{sub} {env:?}");
        }
    }
    let coloured = on_terminal(format!("{exasm} explain main.c > /dev/null"), &[("TERM", "xterm")]);
    assert!(coloured.contains("\x1b[01;31m"), "{coloured}");
    let plain = on_terminal(format!("{exasm} explain main.c > /dev/null"), &[("TERM", "xterm"), ("NO_COLOR", "1")]);
    assert!(!plain.contains('\x1b') && plain.contains("error:"), "{plain}");
    let forced = on_terminal(format!("{exasm} explain main.c -fdiagnostics-color=always > /dev/null"), &[("TERM", "xterm"), ("NO_COLOR", "1")]);
    assert_eq!(forced, coloured);
}

/// `check` and `parse` print errors as `explain` does; `cc --with gcc` as gcc itself.
#[test]
fn every_command_prints_the_same_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    layout_files(d);
    let env = [("LC_ALL", "C.UTF-8")];
    let flags = ["-fdiagnostics-color=always"];
    for file in ["qual.c", "main.c"] {
        let (code, want) = gcc(d, file, &flags, &env);
        for sub in ["explain", "lower", "check"] {
            assert_eq!(exasm_run(d, sub, file, &flags, &env), (code, want.clone()), "{sub} {file}");
        }
        let cc = Command::new(exasm()).args(["cc", "--with", "gcc", "-c", "-o", "/dev/null"]).args(flags).arg(file).current_dir(d).envs(env).output().unwrap();
        assert_eq!((cc.status.code(), String::from_utf8_lossy(&cc.stderr).into_owned()), (code, want), "cc {file}");
    }
    // `parse` decodes statements, without the C around them or a register allocation.
    std::fs::write(d.join("stmts.c"), "int f(int x)\n{\n    asm(\"nop\" ::: \"rsp\");\n    asm(\"incl %0\" : \"+r\"(x) : : \"nope\");\n    return x;\n}\n").unwrap();
    let (code, want) = gcc(d, "stmts.c", &flags, &env);
    assert_eq!(exasm_run(d, "parse", "stmts.c", &flags, &env), (code, want));
}

/// I/O errors as gcc words them: the operating system's message, no ` (os error N)`.
#[test]
fn io_errors_are_worded_as_gccs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    let env = [("LC_ALL", "C")];
    for sub in ["explain", "lower", "check", "parse"] {
        let got = exasm_run(d, sub, "missing.c", &[], &env);
        assert_eq!(got, (Some(2), "exasm: error: missing.c: No such file or directory\n".to_string()), "{sub}");
    }
    let got = exasm_run(d, "parse", "sub", &[], &env);
    assert_eq!(got, (Some(2), "exasm: error: sub: Is a directory\n".to_string()));
    let got = exasm_run(d, "lower", "../missing-dir/a.c", &[], &env);
    assert_eq!(got.1, "exasm: error: ../missing-dir/a.c: No such file or directory\n");
    // Through `cc`, the preprocessor's own words, as gcc's driver prints them.
    let want = gcc(d, "missing.c", &[], &env);
    let cc = Command::new(exasm()).args(["cc", "--with", "gcc", "-c", "-o", "/dev/null", "missing.c"]).current_dir(d).envs(env).output().unwrap();
    assert_eq!((cc.status.code(), String::from_utf8_lossy(&cc.stderr).into_owned()), want);
    let cc = Command::new(exasm()).args(["cc", "--with", "no-such-compiler-exasm", "-c", "a.c"]).current_dir(d).envs(env).output().unwrap();
    assert_eq!((cc.status.code(), String::from_utf8_lossy(&cc.stderr).into_owned()), (Some(2), "exasm: error: cannot run 'no-such-compiler-exasm': No such file or directory\n".to_string()));
    // A missing header is a diagnostic about the input: gcc's text, exit 1.
    std::fs::write(d.join("inc.c"), "#include \"missing.h\"\nint x;\n").unwrap();
    let want = gcc(d, "inc.c", &[], &env);
    for sub in ["explain", "lower", "check"] {
        assert_eq!(exasm_run(d, sub, "inc.c", &[], &env), want, "{sub}");
    }
}

/// tcc follows the lowered C's line markers but puts the temporary directory before the names
/// they give: exasm prints tcc's messages with the user's file names, as tcc names them when it
/// compiles the file itself.
#[test]
fn tcc_messages_name_the_users_files() {
    if Command::new("tcc").arg("-v").output().is_err() {
        eprintln!("skipped: no tcc");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("src")).unwrap();
    std::fs::write(d.join("src/helper.h"), "static int helper(int x)\n{\n    return x + 1;\n}\nstatic int bad(int y) { return y +; }\n").unwrap();
    std::fs::write(d.join("src/prog.c"), "#include \"helper.h\"\nint f(int x)\n{\n    asm(\"incl %0\" : \"+r\"(x));\n    return helper(x);\n}\n").unwrap();
    std::fs::write(d.join("src/warn.c"), "int f(int x)\n{\n    char *p = x;\n    asm(\"incl %0\" : \"+r\"(x));\n    return *p + x;\n}\n").unwrap();
    let messages = |o: &std::process::Output| -> Vec<String> { String::from_utf8_lossy(&o.stderr).lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).map(str::to_string).collect() };
    for file in ["src/prog.c", "src/warn.c"] {
        // Never `-o /dev/null`: tcc unlinks its output first, and as root would replace the device.
        let tcc = Command::new("tcc").args(["-c", file, "-o", "tcc.o"]).current_dir(d).output().unwrap();
        let ours = Command::new(exasm()).args(["cc", "--with", "tcc", "-c", file, "-o", "out.o"]).current_dir(d).output().unwrap();
        let stderr = String::from_utf8_lossy(&ours.stderr);
        assert!(!messages(&tcc).is_empty(), "{file}: tcc found nothing");
        assert_eq!(messages(&ours), messages(&tcc), "{file}: {stderr}");
        assert!(!stderr.contains("exasm-cc"), "{file}: {stderr}");
        assert_eq!(ours.status.code(), tcc.status.code(), "{file}");
    }
}

/// Once gcc has reported an error past its front end, it skips the passes after expansion for
/// every later function (`pass_rest_of_compilation` is gated on `seen_error ()`): their
/// statements get the expander's "probably does not match" warnings but no allocation error
/// and no output-stage error; the function holding the first error reports all of its own.
/// Byte for byte at -O0 and -O2 (no two functions identical: -O2's identical-code folding
/// would merge them).
#[test]
fn after_the_first_error_later_functions_report_only_what_expansion_reports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files: [(&str, &str); 3] = [
        (
            "later.c",
            "void a(int y) { __asm__ volatile(\"# %0\" :: \"i\"(y)); }\n\
             void b(long y) { __asm__ volatile(\"# %0\" :: \"i\"(y)); }\n\
             void c(int y) { __asm__ volatile(\"# %0\" :: \"a\"(y) : \"rax\"); }\n\
             void e(short y) { __asm__ volatile(\"# %5\" :: \"r\"(y)); }\n",
        ),
        (
            "output_first.c",
            "void e(int y) { __asm__ volatile(\"# %5\" :: \"r\"(y)); __asm__ volatile(\"# %6 %0\" :: \"r\"(y)); }\n\
             void a(long y) { __asm__ volatile(\"# %0\" :: \"i\"(y)); }\n\
             struct S { int a[5]; };\n\
             void f(struct S s) { __asm__ volatile(\"# %0\" :: \"r\"(s)); }\n\
             void g(int y) { __asm__ volatile(\"# %5\" :: \"r\"(y)); }\n",
        ),
        ("struct_in_r.c", "struct S { int a[5]; };\nvoid f(struct S s) { __asm__ volatile(\"# %0\" :: \"r\"(s)); }\n"),
    ];
    let mut differ = Vec::new();
    for (name, text) in files {
        std::fs::write(d.join(name), text).unwrap();
        for level in ["-O0", "-O2"] {
            let env = [("LC_ALL", "C")];
            let want = gcc(d, name, &[level], &env);
            let got = exasm_run(d, "explain", name, &[level], &env);
            assert!(want.1.contains("error: "), "{name} {level}: gcc reported no error");
            if want != got {
                differ.push(format!("{name} {level}:\n--- gcc {:?}\n{}--- exasm {:?}\n{}", want.0, want.1, got.0, got.1));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
