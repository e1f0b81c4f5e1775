//! The lowered C against gcc on the original: the same diagnostics (file, line, text) under the
//! user's dialect and warning flags, asm labels and statics as the user wrote them, symbols of
//! templates resolved by the template's syntax.
//!
//! Three ways to the lowered C, each checked where it applies:
//! - `exasm cc --with gcc`: gcc compiles the lowered C as preprocessed input, as it compiles
//!   its own `.i`; the diagnostics must be exactly gcc's;
//! - `exasm lower -o x.i`: the same text, compiled by gcc as `.i`: exactly gcc's;
//! - `exasm lower -o x.c`: plain C. Under `-pedantic` gcc's line markers are "a GCC extension"
//!   each, so the file carries standard `#line` directives wherever they can stand; entering a
//!   system header from the file needs one marker all the same: at most one warning more than
//!   gcc's ("style of line directive is a GCC extension"), none without `-pedantic`.
//!
//! Run: `cargo test -p exasm-tests --test lowered_c_vs_gcc`.

use exasm_tests::{exasm_binary, parallel_each, repo_root, Sample};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_binary().expect("the exasm binary builds")).clone()
}

/// The one warning plain C adds under `-pedantic`: entering the first system header.
const MARKER_WARNING: &str = "warning: style of line directive is a GCC extension";

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

/// What gcc says on `source` with `flags`, and what each way through exasm says: `(way,
/// success, diagnostics)`.
struct Compared {
    gcc: (bool, Vec<String>),
    ways: Vec<(&'static str, bool, Vec<String>)>,
}

fn compare(source: &Path, flags: &[&str], dir: &Path) -> Compared {
    let src = source.to_string_lossy().into_owned();
    let compile = |extra: &[&str]| -> Vec<String> { flags.iter().chain(extra).map(|s| s.to_string()).collect() };
    let gcc = Command::new("gcc").args(compile(&["-c", &src, "-o", "gcc.o"])).current_dir(dir).env("LC_ALL", "C").output().unwrap();
    let mut ways = Vec::new();
    let cc = Command::new(exasm()).args(["cc", "--with", "gcc"]).args(compile(&["-c", &src, "-o", "cc.o"])).current_dir(dir).env("LC_ALL", "C").output().unwrap();
    ways.push(("exasm cc --with gcc", cc.status.success(), diagnostics(&cc.stderr)));
    for (way, out) in [("exasm lower -o x.i", "x.i"), ("exasm lower -o x.c", "x.c")] {
        let lower_args = compile(&[&src, "-o", out, "--asm", "x.s"]);
        let lowered = Command::new(exasm()).arg("lower").args(&lower_args).current_dir(dir).env("LC_ALL", "C").output().unwrap();
        if !lowered.status.success() {
            ways.push((way, false, diagnostics(&lowered.stderr)));
            continue;
        }
        let built = Command::new("gcc").args(compile(&["-c", out, "-o", "lowered.o"])).current_dir(dir).env("LC_ALL", "C").output().unwrap();
        let mut d = diagnostics(&lowered.stderr);
        d.extend(diagnostics(&built.stderr));
        d.sort();
        ways.push((way, built.status.success(), d));
    }
    Compared { gcc: (gcc.status.success(), diagnostics(&gcc.stderr)), ways }
}

/// Differences from gcc, one line each; plain C may add [`MARKER_WARNING`] once under
/// `-pedantic`.
fn differences(name: &str, c: &Compared, pedantic: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (way, ok, diags) in &c.ways {
        let mut diags = diags.clone();
        if *way == "exasm lower -o x.c" && pedantic {
            if let Some(k) = diags.iter().position(|d| d.ends_with(MARKER_WARNING)) {
                diags.remove(k);
            }
        }
        if *ok != c.gcc.0 || diags != c.gcc.1 {
            let new: Vec<&String> = diags.iter().filter(|d| !c.gcc.1.contains(d)).collect();
            let lost: Vec<&String> = c.gcc.1.iter().filter(|d| !diags.contains(d)).collect();
            out.push(format!("{name}, {way}: built {ok} (gcc {}); new {new:?}; lost {lost:?}", c.gcc.0));
        }
    }
    out
}

/// Every c-sample gcc compiles under the flags: the lowered C, each way, gets gcc's
/// diagnostics. Returns how many samples gcc compiled.
fn every_sample_as_gcc(flags: &[&str]) -> usize {
    let samples = Sample::all_in(&repo_root().join("c-samples")).expect("c-samples");
    let problems = Mutex::new(Vec::new());
    let compiled = std::sync::atomic::AtomicUsize::new(0);
    let pedantic = flags.iter().any(|f| f.contains("pedantic"));
    parallel_each(&samples, 2, |s| {
        let dir = tempfile::tempdir().unwrap();
        let mut f = flags.to_vec();
        if s.needs("intel") {
            f.push("-masm=intel");
        }
        let c = compare(&s.path, &f, dir.path());
        if !c.gcc.0 {
            return;
        }
        compiled.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        problems.lock().unwrap().extend(differences(&s.name, &c, pedantic));
    });
    let problems = problems.into_inner().unwrap();
    assert!(problems.is_empty(), "flags {flags:?}:\n{}", problems.join("\n"));
    compiled.into_inner()
}

/// The issue's flags: C89, pedantic, every warning of -Wall -Wextra, and declarations only at
/// the start of a block. gcc compiles the samples written without the `asm` keyword or `//`.
#[test]
fn strict_c89_flags_give_gccs_diagnostics_on_every_sample() {
    let n = every_sample_as_gcc(&["-std=c89", "-pedantic", "-Wall", "-Wextra", "-Wdeclaration-after-statement"]);
    assert!(n >= 7, "gcc compiled only {n} samples");
}

/// The same in GNU C89, where gcc compiles nearly every sample: warnings inside operand
/// expressions (a variable-length array type) keep their line, a cast the lowered C needs
/// spells no type the dialect lacks (`_Bool`, `long long`, a function pointer as `void *`).
#[test]
fn strict_gnu89_flags_give_gccs_diagnostics_on_every_sample() {
    let n = every_sample_as_gcc(&["-std=gnu89", "-pedantic", "-Wall", "-Wextra", "-Wdeclaration-after-statement"]);
    assert!(n >= 60, "gcc compiled only {n} samples");
}

/// A small C89 program using every way the lowered block passes values (a float and a struct
/// in general registers, an output with side effects, a flag output, an x87 output through
/// memory, a "+m" local, asm goto with an output): gcc builds it under `-ansi -pedantic-errors
/// -Wdeclaration-after-statement -Werror`, so does `exasm cc`, and both print the same.
#[test]
fn ansi_pedantic_errors_build_with_every_operand_kind() {
    let dir = tempfile::tempdir().unwrap();
    let src = r#"#include <stdio.h>
struct pair { int lo, hi; };
static int next(int *p) { return (*p)++; }
int main(void)
{
    float f = 1.5f;
    struct pair s;
    int k = 0, out[2], carry, taken = 0;
    unsigned long bits, sbits;
    long n = -1, m = 2;
    long double x;
    s.lo = 1;
    s.hi = 2;
    out[0] = out[1] = 0;
    __asm__ ("movl %1, %k0" : "=r" (bits) : "r" (f));
    __asm__ ("movq %1, %0" : "=r" (sbits) : "r" (s));
    __asm__ ("movl $7, %0" : "=r" (out[next(&k)]));
    __asm__ ("addq $1, %1" : "=@ccc" (carry), "+m" (n));
    __asm__ ("fld1" : "=t" (x));
    __asm__ goto ("addq $1, %0\n\tjmp %l[done]" : "+r" (m) : : : done);
    taken = -1;
done:
    printf("%lx %lx %d %d %d %ld %d %ld %d\n", bits, sbits, out[0], k, carry, n, (int)x, m, taken);
    return 0;
}
"#;
    std::fs::write(dir.path().join("kinds.c"), src).unwrap();
    let flags = ["-ansi", "-pedantic-errors", "-Wall", "-Wextra", "-Wdeclaration-after-statement", "-Werror"];
    let mut gcc_args = flags.to_vec();
    gcc_args.extend(["kinds.c", "-o", "gcc"]);
    let gcc = run("gcc", &gcc_args, dir.path());
    assert!(gcc.status.success(), "gcc: {}", String::from_utf8_lossy(&gcc.stderr));
    let mut cc_args = vec!["cc", "--with", "gcc"];
    cc_args.extend(&flags);
    cc_args.extend(["kinds.c", "-o", "exasm"]);
    let ours = run(exasm(), &cc_args, dir.path());
    assert!(ours.status.success(), "exasm cc: {}", String::from_utf8_lossy(&ours.stderr));
    let expected = run(dir.path().join("gcc"), &[], dir.path());
    assert_eq!(String::from_utf8_lossy(&expected.stdout), "3fc00000 200000001 7 1 1 0 1 3 0\n");
    assert_eq!(run(dir.path().join("exasm"), &[], dir.path()).stdout, expected.stdout);
    // The lowered C as `.i` builds under the same flags; as plain C with one warning more
    // under `-pedantic` (it enters a system header with one marker), which
    // `-pedantic-errors` makes an error.
    let c = compare(&dir.path().join("kinds.c"), &flags, dir.path());
    let problems = differences("kinds.c", &c, false);
    assert!(problems.len() == 1 && problems[0].contains("x.c") && problems[0].contains("style of line directive"), "{problems:?}");
    let c = compare(&dir.path().join("kinds.c"), &["-ansi", "-pedantic", "-Wall", "-Wextra", "-Wdeclaration-after-statement"], dir.path());
    assert!(differences("kinds.c", &c, true).is_empty(), "{:?}", differences("kinds.c", &c, true));
}

/// An rvalue operand the statement takes in memory (`"rm"(x + 1)` with every other register
/// clobbered) lives in a temporary whose type the lowered C never spells: `long long` is one
/// C89 warning in the user's declaration, not one more at the statement.
#[test]
fn rvalue_temporaries_spell_no_type() {
    let dir = tempfile::tempdir().unwrap();
    let src = "long long x = 3;\nint main(void)\n{\n    long long r;\n    __asm__ (\"mov %1, %0\" : \"=r\" (r) : \"rm\" (x + 1) : \"rax\", \"rbx\", \"rcx\", \"rdx\", \"rsi\", \"rdi\", \"r8\", \"r9\", \"r10\", \"r11\", \"r12\", \"r13\", \"r14\", \"r15\");\n    return (int)r - 4;\n}\n";
    std::fs::write(dir.path().join("rv.c"), src).unwrap();
    let c = compare(&dir.path().join("rv.c"), &["-std=c89", "-pedantic", "-O2"], dir.path());
    assert_eq!(c.gcc.1.len(), 2, "{:?}", c.gcc.1);
    assert!(differences("rv.c", &c, true).is_empty(), "{:?}", differences("rv.c", &c, true));
}

/// Warnings gcc gives only outside system headers (`-Wredundant-decls` on glibc's scanf
/// redirects, `-Wtraditional-conversion` in its byte swaps): the lowered C keeps system
/// headers system headers, also in the macros of theirs the file expands (`FD_SET`, `isalpha`).
#[test]
fn system_headers_stay_system_headers() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <ctype.h>\n#include <sys/select.h>\nint main(int argc, char **argv) {\n    fd_set s; int c = argc > 1 ? argv[1][0] : 'a';\n    FD_ZERO(&s); FD_SET(0, &s);\n    __asm__ (\"\" : \"+r\" (c));\n    printf(\"%d %d %d\\n\", isalpha(c) != 0, FD_ISSET(0, &s) != 0, (int)strlen(argv[0]) > 0);\n    return EXIT_SUCCESS;\n}\n";
    std::fs::write(dir.path().join("sys.c"), src).unwrap();
    let warnings = ["-Wall", "-Wextra", "-Wconversion", "-Wsign-conversion", "-Wredundant-decls", "-Wshadow", "-Wcast-qual", "-Wstrict-prototypes", "-Wmissing-prototypes", "-Wtraditional-conversion", "-Wundef"];
    for pedantic in [false, true] {
        let mut flags = vec!["-std=gnu99"];
        if pedantic {
            flags.push("-pedantic");
        }
        flags.extend(warnings);
        let c = compare(&dir.path().join("sys.c"), &flags, dir.path());
        assert_eq!(c.gcc, (true, vec![]), "gcc on the original");
        let problems = differences("sys.c", &c, pedantic);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

/// A statement whose operand expands a system header's macro (`NULL`, `offsetof`) holds line
/// markers; the lowered block drops them and puts the following lines back: a warning after
/// it names gcc's line, whichever way the C is compiled (chibicc's messages too).
#[test]
fn lines_after_an_operand_with_line_markers_stay_gccs() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stddef.h>\n#include <stdio.h>\nstruct s { int a; long b; };\nint main(void) {\n    long v;\n    __asm__ volatile (\"\" :: \"r\" ((char *)NULL + 1));\n    __asm__ (\"mov %1, %0\" : \"=r\" (v) : \"i\" (offsetof(struct s,\n       b)));\n    int unused_here;\n    printf(\"%ld\\n\", v);\n    return 0;\n}\n";
    std::fs::write(dir.path().join("nl.c"), src).unwrap();
    let c = compare(&dir.path().join("nl.c"), &["-Wall"], dir.path());
    assert!(c.gcc.1.iter().any(|d| d.contains("nl.c:9: warning: unused variable")), "{:?}", c.gcc.1);
    assert!(differences("nl.c", &c, false).is_empty(), "{:?}", differences("nl.c", &c, false));
}

/// `-Wimplicit-fallthrough` (in `-Wextra`) reads `/* fall through */`: the preprocessed text
/// keeps its comments, so the lowered C warns where gcc warns, and only there.
#[test]
fn fall_through_comments_reach_the_compiler() {
    let dir = tempfile::tempdir().unwrap();
    let src = "int f(int x) {\n    int r = 0;\n    switch (x) {\n    case 1:\n        r += 1;\n        /* fall through */\n    case 2:\n        r += 2;\n        break;\n    case 3:\n        r += 3;\n    case 4:\n        r += 4;\n    }\n    __asm__ (\"\" : \"+r\" (r));\n    return r;\n}\n";
    std::fs::write(dir.path().join("ft.c"), src).unwrap();
    let c = compare(&dir.path().join("ft.c"), &["-Wextra"], dir.path());
    assert!(c.gcc.1.len() == 1 && c.gcc.1[0].ends_with("/ft.c:11: warning: this statement may fall through [-Wimplicit-fallthrough=]"), "{:?}", c.gcc.1);
    assert!(differences("ft.c", &c, false).is_empty(), "{:?}", differences("ft.c", &c, false));
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

/// A unit of thousands of statements, each explained and lowered in turn (no explanation of the
/// whole unit kept): the program computes what gcc's computes, and an error in one late
/// statement is gcc's diagnostic, at its line, with nothing written.
#[test]
fn thousands_of_statements_lower_as_gcc_compiles_them() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = [
        "__asm__ (\"addq %2, %0\" : \"=r\" (r) : \"0\" (a), \"i\" (K));",
        "__asm__ (\"leaq %c2(%1), %0\" : \"=r\" (r) : \"r\" (a), \"i\" (K));",
        "r = a; __asm__ (\"imulq $3, %0\\n\\taddq %1, %0\" : \"+r\" (r) : \"rm\" ((long) K) : \"cc\");",
        "unsigned char c; __asm__ (\"cmpq %2, %1\" : \"=@ccb\" (c) : \"r\" (a), \"r\" ((long) K)); r = a + c;",
        "r = K; __asm__ (\"addq %1, %0\" : \"+m\" (r) : \"r\" (a));",
    ];
    let mut src = String::from("#include <stdio.h>\n");
    let count = 3000;
    for i in 0..count {
        src.push_str(&format!("#define K {}\nlong f{i}(long a) {{ long r; {} return r; }}\n#undef K\n", i * 7 + 1, shapes[i % shapes.len()]));
    }
    src.push_str("int main(void) {\n    long s = 0;\n");
    for i in 0..count {
        src.push_str(&format!("    s = s * 31 + f{i}(s & 1023);\n"));
    }
    src.push_str("    printf(\"%ld\\n\", s);\n    return 0;\n}\n");
    std::fs::write(dir.path().join("many.c"), &src).unwrap();
    let gcc = run("gcc", &["-O2", "-o", "native", "many.c"], dir.path());
    assert!(gcc.status.success(), "{}", String::from_utf8_lossy(&gcc.stderr));
    let lowered = run(exasm(), &["cc", "--with", "gcc", "-O2", "-o", "lowered", "many.c"], dir.path());
    assert!(lowered.status.success(), "{}", String::from_utf8_lossy(&lowered.stderr));
    let native = run(dir.path().join("native"), &[], dir.path());
    let ours = run(dir.path().join("lowered"), &[], dir.path());
    assert!(native.status.success() && !native.stdout.is_empty());
    assert_eq!(String::from_utf8_lossy(&ours.stdout), String::from_utf8_lossy(&native.stdout));

    // One invalid statement near the end: gcc's error, and no output file.
    let bad = src.replacen("long f2900(long a) { long r; ", "long f2900(long a) { long r; __asm__ volatile (\"mov %5, %0\" : \"=r\" (r)); ", 1);
    assert_ne!(bad, src);
    std::fs::write(dir.path().join("bad.c"), &bad).unwrap();
    let gcc = run("gcc", &["-O2", "-S", "-o", "bad.gcc.s", "bad.c"], dir.path());
    let ours = run(exasm(), &["lower", "bad.c", "-O2", "-o", "bad.out.c", "--asm", "bad.out.s"], dir.path());
    assert_eq!(ours.status.code(), Some(1), "{}", String::from_utf8_lossy(&ours.stderr));
    let errors = |o: &Output| String::from_utf8_lossy(&o.stderr).lines().filter(|l| l.contains(": error: ")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(errors(&ours), errors(&gcc));
    assert!(!errors(&gcc).is_empty());
    assert!(!dir.path().join("bad.out.c").exists() && !dir.path().join("bad.out.s").exists());
}

/// gcc -O1 and up deletes a non-volatile asm whose outputs nothing reads (here a `ud2` that
/// would crash, and one with a template gcc would reject), keeping its inputs' side effects;
/// the lowered program does the same, under `-Wall -Wextra -Werror` (the outputs stay named:
/// no new "unused variable"). At -O0 gcc keeps them: the rejection is in
/// `tests/corpus/optdep/asm_outputs_unused_deleted.c`.
#[test]
fn a_non_volatile_asm_whose_outputs_nothing_reads_is_deleted_as_gcc_deletes_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stdio.h>\nint g;\nstatic int calls;\nstatic int bump(void) { return ++calls; }\n\
int f1(int x) { int y; __asm__(\"ud2\" : \"=r\"(y) : \"r\"(x)); return x; }\n\
int f2(int x) { int y = 5; __asm__(\"ud2 %5\" : \"+r\"(y) : \"r\"(g++), \"r\"(bump())); return x; }\n\
int f3(int x) { int y, z; __asm__(\"movl %2, %0\\n\\tmovl %2, %1\" : \"=r\"(y), \"=rm\"(z) : \"r\"(x)); return z; }\n\
int main(void) { int a = f1(1), b = f2(2), c = f3(3); printf(\"%d %d %d %d %d\\n\", a, b, c, g, calls); return 0; }\n";
    std::fs::write(dir.path().join("del.c"), src).unwrap();
    for level in ["-O1", "-O2"] {
        let (expected, problems) = build_everywhere(dir.path(), &["del.c"], &[level, "-Wall", "-Wextra", "-Werror"], &compilers());
        assert_eq!(expected, "1 2 3 1 1\n");
        assert!(problems.is_empty(), "{level}: {}", problems.join("\n"));
    }
}

/// `if (__builtin_constant_p(p))` on a parameter of a `static inline` function: at -O0 gcc
/// folds it to 0 (the branch for a constant is dead); optimizing, it folds it to 1 where the
/// argument is a constant after inlining. Every call here passes the same literal, so gcc
/// takes the branch for a constant at -O1 and -O2, with the operand computed from the value
/// (`"i"(-s & 31)`, `"n"(k * 2)`), and the branches print differently: the lowered program
/// must print what gcc's prints at each level.
#[test]
fn builtin_constant_p_of_a_parameter_follows_gcc_at_each_level() {
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stdio.h>\n\
static inline unsigned rot(unsigned a, int s)\n{\n\
    if (__builtin_constant_p(s))\n\
        __asm__ (\"rorl %1, %0\\n\\torl $0x80000000, %0\" : \"+r\" (a) : \"i\" (-s & 31));\n\
    else\n\
        __asm__ (\"roll %%cl, %0\" : \"+r\" (a) : \"c\" (s));\n\
    return a;\n}\n\
static inline unsigned mark(unsigned a, int k)\n{\n\
    if (!__builtin_constant_p(k))\n\
        __asm__ (\"addl %1, %0\" : \"+r\" (a) : \"r\" (k));\n\
    else\n\
        __asm__ (\"addl %1, %0\\n\\taddl $1000, %0\" : \"+r\" (a) : \"n\" (k * 2));\n\
    return a;\n}\n\
int main(void)\n{\n\
    printf(\"%#x %u\\n\", rot(0x100u, 4), mark(5, 3));\n\
    return 0;\n}\n";
    std::fs::write(dir.path().join("cp.c"), src).unwrap();
    for (level, want) in [("-O0", "0x1000 8\n"), ("-O1", "0x80001000 1011\n"), ("-O2", "0x80001000 1011\n")] {
        let (expected, problems) = build_everywhere(dir.path(), &["cp.c"], &[level, "-Wall", "-Wextra", "-Werror"], &compilers());
        assert_eq!(expected, want, "gcc {level}");
        assert!(problems.is_empty(), "{level}: {}", problems.join("\n"));
    }
}

/// A naked function (defined whole in the thunk file) named by `alias("f")` declarations, a
/// weak global one and a `static` one: gcc refuses an alias of a symbol the unit only declares, so
/// each alias is defined beside the function (`.set`), and the program runs as gcc's build.
#[test]
fn aliases_of_a_static_naked_function_are_defined_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let lib = "static __attribute__((naked)) int f(void) { __asm__(\"movl $42, %eax\\n\\tret\"); }\n\
int g(void) __attribute__((weak, alias(\"f\")));\n\
static int h(void) __attribute__((alias (\"f\")));\n\
int k(void) { return h() + 1; }\n";
    let main = "#include <stdio.h>\nint g(void);\nint k(void);\nint main(void) { printf(\"%d %d\\n\", g(), k()); return 0; }\n";
    std::fs::write(dir.path().join("nk.c"), lib).unwrap();
    std::fs::write(dir.path().join("main.c"), main).unwrap();
    for level in ["-O0", "-O2"] {
        let (expected, problems) = build_everywhere(dir.path(), &["nk.c", "main.c"], &[level, "-Wall"], &compilers());
        assert_eq!(expected, "42 43\n");
        assert!(problems.is_empty(), "{level}: {}", problems.join("\n"));
    }
}
