//! The lowered C against gcc on the original: asm labels and statics as the user wrote them,
//! symbols of templates resolved by the template's syntax, messages naming the user's file and
//! line.
//!
//! Run: `cargo test -p exasm-tests --test lowered_c_vs_gcc`.

use exasm_tests::exasm_binary;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_binary().expect("the exasm binary builds")).clone()
}

fn run(program: impl AsRef<std::ffi::OsStr>, args: &[&str], dir: &Path) -> Output {
    Command::new(program).args(args).current_dir(dir).env("LC_ALL", "C").output().expect("runs")
}

/// gcc's diagnostics as `file:line: kind: message`, sorted (columns differ where an asm
/// statement was replaced; the line is what a reader looks up).
fn diagnostics(stderr: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| {
            let at = l.find(": warning: ").or_else(|| l.find(": error: "))?;
            let (place, message) = l.split_at(at);
            let mut parts = place.splitn(3, ':');
            let file = parts.next()?;
            let line = parts.next().map(|n| format!(":{n}")).unwrap_or_default();
            Some(format!("{file}{line}{message}"))
        })
        .collect();
    out.sort();
    out
}

/// Builds `files` in `dir` with gcc and with `exasm cc --with` each compiler (`flags` for
/// both), runs each program; returns gcc's output, and every build that failed or printed
/// otherwise.
fn build_everywhere(dir: &Path, files: &[&str], flags: &[&str], compilers: &[&str]) -> (String, Vec<String>) {
    let mut args: Vec<&str> = flags.to_vec();
    args.extend(files);
    args.extend(["-o", "gcc.out"]);
    let gcc = run("gcc", &args, dir);
    assert!(gcc.status.success(), "gcc: {}", String::from_utf8_lossy(&gcc.stderr));
    let expected = String::from_utf8_lossy(&run(dir.join("gcc.out"), &[], dir).stdout).into_owned();
    let mut problems = Vec::new();
    for with in compilers {
        let out = format!("{}.out", with);
        // chibicc and tcc take no gcc warning flags worth comparing: only gcc gets `flags`.
        let mut args: Vec<&str> = vec!["cc", "--with", with];
        if *with == "gcc" {
            args.extend(flags);
        } else {
            args.extend(flags.iter().filter(|f| !f.starts_with("-W")));
        }
        args.extend(files);
        args.extend(["-o", &out]);
        let built = run(exasm(), &args, dir);
        if !built.status.success() || (*with == "gcc" && !built.stderr.is_empty()) {
            problems.push(format!("--with {with}: {:?}\n{}", built.status.code(), String::from_utf8_lossy(&built.stderr)));
            continue;
        }
        let got = String::from_utf8_lossy(&run(dir.join(&out), &[], dir).stdout).into_owned();
        if got != expected {
            problems.push(format!("--with {with}: printed {got:?}, gcc's printed {expected:?}"));
        }
    }
    (expected, problems)
}

fn installed(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

fn compilers() -> Vec<&'static str> {
    ["gcc", "tcc", "chibicc"].into_iter().filter(|c| installed(c)).collect()
}

/// glibc declares two C names for one symbol (`_GNU_SOURCE`: `__sigsetjmp_cancel` is an asm
/// label for `__sigsetjmp`, declared with another parameter type): every declaration keeps its
/// own label, so `pthread_cleanup_push` compiles as gcc compiles it (a macro renaming the one
/// to the other made gcc warn of a 200-byte access to a 72-byte buffer).
#[test]
fn two_c_names_for_one_symbol_keep_their_own_declarations() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#define _GNU_SOURCE\n#include <pthread.h>\n#include <setjmp.h>\n#include <stdio.h>\nstatic void cleanup(void *p) { (void)p; }\nstatic void *thr(void *arg) {\n    int v = 41;\n    pthread_cleanup_push(cleanup, arg);\n    __asm__ (\"incl %0\" : \"+r\" (v));\n    pthread_cleanup_pop(0);\n    return (void *)(long)v;\n}\nint main(void) {\n    pthread_t t; void *r; jmp_buf env;\n    pthread_create(&t, NULL, thr, NULL);\n    pthread_join(t, &r);\n    if (setjmp(env) == 0) longjmp(env, 1);\n    printf(\"%ld\\n\", (long)r);\n    return 0;\n}\n";
    std::fs::write(dir.path().join("cancel.c"), src).unwrap();
    // chibicc lacks `__builtin_expect`, which glibc's pthread_cleanup_push uses without asking.
    let with: Vec<&str> = compilers().into_iter().filter(|c| *c != "chibicc").collect();
    let (expected, problems) = build_everywhere(dir.path(), &["cancel.c"], &["-O2", "-Wall", "-Wextra", "-Werror", "-pthread"], &with);
    assert_eq!(expected, "42\n");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `_FILE_OFFSET_BITS=64` redirects `glob` to `glob64` by an asm label; `glob64` is declared
/// too, with `glob64_t`: the call keeps `glob`'s declaration (a macro made it a call of
/// `glob64` with a `glob_t *`, an incompatible pointer, which a configure probe under
/// `-Werror` takes for a missing function).
#[test]
fn asm_label_redirects_compile_as_gccs() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#define _FILE_OFFSET_BITS 64\n#define _GNU_SOURCE\n#include <glob.h>\n#include <stdio.h>\nint main(void) {\n    glob_t g; int v = 1;\n    __asm__ (\"incl %0\" : \"+r\" (v));\n    printf(\"%d %d\\n\", glob(\"/nonexistent-exasm-*\", 0, NULL, &g), v);\n    return 0;\n}\n";
    std::fs::write(dir.path().join("glob.c"), src).unwrap();
    // tcc and chibicc fail on glob.h under `_FILE_OFFSET_BITS=64` by themselves (no
    // `__REDIRECT_NTHNL`: "identifier expected").
    let with = ["gcc"];
    let (expected, problems) = build_everywhere(dir.path(), &["glob.c"], &["-O2", "-Wall", "-Wextra", "-Werror"], &with);
    assert_eq!(expected, "3 2\n");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What gcc says about the lowered file names the user's file and line, never exasm's
/// temporary file: a call that does not match an asm-labelled declaration.
#[test]
fn messages_about_the_lowered_c_name_the_users_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#define _FILE_OFFSET_BITS 64\n#include <glob.h>\nint main(void) {\n    int v = 1;\n    __asm__ (\"incl %0\" : \"+r\" (v));\n    return glob(\"*\", v);\n}\n";
    std::fs::write(dir.path().join("bad.c"), src).unwrap();
    let gcc = run("gcc", &["-c", "bad.c", "-o", "gcc.o"], dir.path());
    let ours = run(exasm(), &["cc", "--with", "gcc", "-c", "bad.c", "-o", "cc.o"], dir.path());
    assert_eq!(ours.status.code(), gcc.status.code());
    let (g, o) = (diagnostics(&gcc.stderr), diagnostics(&ours.stderr));
    assert!(g.iter().any(|d| d.starts_with("bad.c:6: error: too few arguments")), "{g:?}");
    assert_eq!(o, g, "{}", String::from_utf8_lossy(&ours.stderr));
    assert!(!String::from_utf8_lossy(&ours.stderr).contains("exasm-cc"), "{}", String::from_utf8_lossy(&ours.stderr));
    // tcc names a marker's file after the directory of the file it compiles: not exasm's.
    if installed("tcc") {
        std::fs::write(dir.path().join("undeclared.c"), "#include <stdio.h>\nint main(void) {\n    int v = 1;\n    __asm__ (\"incl %0\" : \"+r\" (v));\n    return v + undeclared;\n}\n").unwrap();
        let tcc = run(exasm(), &["cc", "--with", "tcc", "-c", "undeclared.c", "-o", "tcc.o"], dir.path());
        assert_eq!(String::from_utf8_lossy(&tcc.stderr), "undeclared.c:5: error: 'undeclared' undeclared\n");
    }
}

/// A template whose mnemonic is spelled like a static function (`cmp`): the function stays as
/// written (static, `always_inline`), so `-fPIC` builds (it failed: "inlining failed in call
/// to 'always_inline' ... function body can be overwritten at link time") and `-Werror` too.
#[test]
fn a_mnemonic_spelled_like_a_static_function_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stdio.h>\nstatic inline __attribute__((always_inline)) int cmp(int a, int b) { return (a > b) - (a < b); }\nstatic int below(int a, int b) {\n    int lt;\n    __asm__ (\"cmp %2, %1\\n\\tsetl %b0\\n\\tmovzbl %b0, %0\" : \"=&q\" (lt) : \"r\" (a), \"r\" (b));\n    return lt;\n}\nint main(void) { printf(\"%d %d %d\\n\", below(3, 5), below(5, 3), cmp(3, 5)); return 0; }\n";
    std::fs::write(dir.path().join("cmp.c"), src).unwrap();
    let with: Vec<&str> = compilers().into_iter().filter(|c| *c != "chibicc").collect();
    let (expected, problems) = build_everywhere(dir.path(), &["cmp.c"], &["-O2", "-fPIC", "-Wall", "-Wextra", "-Werror"], &with);
    assert_eq!(expected, "1 0 -1\n");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A header names an extern array in a template and initializes a static pointer from it;
/// two units include it. The pointer stays static (no "multiple definition"), the array keeps
/// its name (no undefined `__exasm_<unit>_tab`), with every compiler.
#[test]
fn an_extern_array_in_a_template_and_a_static_pointer_to_it_stay_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let header = "extern const unsigned char tab[];\nstatic const unsigned char *const second = tab + 1;\nstatic inline int third(void) { int r; __asm__ (\"movzbl tab+2(%%rip), %0\" : \"=r\" (r)); return r; }\n";
    std::fs::write(dir.path().join("tab.h"), header).unwrap();
    std::fs::write(dir.path().join("a.c"), "#include <stdio.h>\n#include \"tab.h\"\nconst unsigned char tab[] = { 10, 20, 30, 40 };\nint other(void);\nint main(void) { printf(\"%d %d %d\\n\", third(), *second, other()); return 0; }\n").unwrap();
    std::fs::write(dir.path().join("b.c"), "#include \"tab.h\"\nint other(void) { return third() + *second; }\n").unwrap();
    let (expected, problems) = build_everywhere(dir.path(), &["a.c", "b.c"], &["-O2", "-Wall", "-Wextra", "-Werror"], &compilers());
    assert_eq!(expected, "30 20 50\n");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
