//! `exasm cc` as a build system sees it, against gcc's own driver: dependency files (`-MD`,
//! `-MMD`, `-MF`, `-MT`, `-MQ`, `-MP`, `-M`, `-MM`) name the same files and hold the same
//! rules, queries without inputs (`--version`, `-dumpmachine`) reach the compiler, standard
//! input and `-x c` compile, assembly inputs build with chibicc too, `@file` arguments expand,
//! and diagnostics name the file as gcc does.
//!
//! Each case runs gcc and `exasm cc --with gcc` with the same arguments in two fresh copies of
//! one small source tree and compares the exit status, the names of every file written, and
//! the text of every dependency file.

use exasm_tests::exasm_binary;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn exasm() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| exasm_binary().expect("the exasm binary builds")).clone()
}

fn has(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Some of `tools` is not installed: the test says so and is skipped.
fn missing(tools: &[&str]) -> bool {
    let absent: Vec<&str> = tools.iter().copied().filter(|t| !has(t)).collect();
    if !absent.is_empty() {
        eprintln!("{} not installed: skipped (scripts/test.sh installs it)", absent.join(", "));
    }
    !absent.is_empty()
}

/// A source tree: `src/a.c` includes a local header and a system one and holds an asm
/// statement; `src/b.c` is plain; the build runs in `w/`.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(dir.path().join("w/sub")).unwrap();
    std::fs::write(src.join("h.h"), "#define STEP 1\n").unwrap();
    // For `-include`: a second inclusion would be an error.
    std::fs::write(src.join("pre.h"), "struct pre { int x; };\n").unwrap();
    std::fs::write(
        src.join("a.c"),
        "#include \"h.h\"\n#include <stddef.h>\nint main(void) { size_t x = 41; __asm__ (\"add %1, %0\" : \"+r\" (x) : \"i\" (STEP)); return (int)x; }\n",
    )
    .unwrap();
    std::fs::write(src.join("b.c"), "int b(void) { return 0; }\n").unwrap();
    dir
}

/// Files written by a build: each path, relative, with its text when it is a dependency file.
type Written = Vec<(String, Option<String>)>;

/// Every file under `dir`, relative, sorted; with the text of dependency files.
fn written(dir: &Path) -> Written {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Option<String>)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(root, &path, out);
                continue;
            }
            let name = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let text = (name.ends_with(".d") || name.ends_with(".txt")).then(|| std::fs::read_to_string(&path).unwrap());
            out.push((name, text));
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn build(compiler: &[&str], args: &[&str]) -> (Option<i32>, Written, Output) {
    let t = tree();
    let w = t.path().join("w");
    let out = Command::new(compiler[0]).args(&compiler[1..]).args(args).current_dir(&w).env("LC_ALL", "C").output().expect("runs");
    (out.status.code(), written(&w), out)
}

fn exasm_cc(with: &str) -> Vec<String> {
    vec![exasm().to_string_lossy().into_owned(), "cc".into(), "--with".into(), with.into()]
}

#[test]
fn dependency_files_and_outputs_are_gccs() {
    let cases: &[&[&str]] = &[
        &["-MD", "-c", "../src/a.c", "-o", "sub/x.o"],
        &["-MMD", "-c", "../src/a.c"],
        &["-MMD", "-c", "../src/a.c", "-o", "/dev/null"],
        &["-MMD", "-MP", "-MF", "deps.d", "-MT", "t$x", "-c", "../src/a.c", "-o", "y.o"],
        &["-MD", "-MP", "-MQ", "q$r", "-MT", "plain", "-c", "../src/a.c", "-o", "z.o"],
        &["-MMD", "-c", "../src/a.c", "../src/b.c"],
        &["-MMD", "-MF", "one.d", "-c", "../src/a.c", "../src/b.c"],
        &["-MMD", "../src/a.c", "../src/b.c", "-o", "prog"],
        &["-MMD", "../src/a.c"],
        &["-MMD", "-S", "../src/a.c", "-o", "x.s"],
        &["-MMD", "-S", "../src/a.c"],
        &["-MD", "-E", "../src/a.c", "-o", "pre.txt"],
        &["-MMD", "-fsyntax-only", "../src/a.c"],
        &["-MMD", "-c", "-x", "c", "../src/h.h", "-o", "h.o"],
        &["-MM", "-MF", "m.d", "../src/a.c"],
        &["-MM", "-MT", "foo", "../src/a.c", "-o", "mm.txt"],
        &["-MFjoined.d", "-MD", "-MTjoined", "-c", "../src/a.c"],
        &["-Wp,-MMD,kbuild.d", "-c", "../src/a.c", "-o", "sub/x.o"],
        &["-include", "../src/pre.h", "-DEXTRA=1", "-MMD", "-c", "../src/a.c"],
        &["-c", "../src/a.c", "../src/b.c", "-o", "x.o"],
        &["-c", "../src/a.c", "-o", "../src/a.c"],
    ];
    let mut differ = Vec::new();
    for args in cases {
        let (gs, gw, _) = build(&["gcc"], args);
        let (xs, xw, xo) = build(&exasm_cc("gcc").iter().map(String::as_str).collect::<Vec<_>>(), args);
        if (gs, &gw) != (xs, &xw) {
            differ.push(format!("{args:?}:\n  gcc   {gs:?} {gw:?}\n  exasm {xs:?} {xw:?}\n  {}", String::from_utf8_lossy(&xo.stderr)));
        }
    }
    assert!(differ.is_empty(), "{} of {} cases differ from gcc:\n{}", differ.len(), cases.len(), differ.join("\n"));
}

#[test]
fn chibicc_dependency_files_name_only_files_that_stay() {
    if missing(&["chibicc"]) {
        return;
    }
    // -MMD: user headers only, exactly gcc's rule.
    let args: &[&str] = &["-MMD", "-c", "../src/a.c", "-o", "a.o"];
    let (gs, gw, _) = build(&["gcc"], args);
    let (xs, xw, xo) = build(&exasm_cc("chibicc").iter().map(String::as_str).collect::<Vec<_>>(), args);
    assert_eq!((xs, &xw), (gs, &gw), "{}", String::from_utf8_lossy(&xo.stderr));
    // -MD -MP: every header listed still exists after exasm has finished.
    let (xs, xw, xo) = build(&exasm_cc("chibicc").iter().map(String::as_str).collect::<Vec<_>>(), &["-MD", "-MP", "-c", "../src/a.c"]);
    assert_eq!(xs, Some(0), "{}", String::from_utf8_lossy(&xo.stderr));
    let deps = xw.iter().find(|(n, _)| n == "a.d").and_then(|(_, t)| t.clone()).expect("a.d written");
    assert!(deps.starts_with("a.o: ../src/a.c"), "{deps}");
    assert!(!deps.contains("exasm-cc"), "temporary headers listed:\n{deps}");
    assert!(!deps.contains("\\\n\n") && !deps.trim_end().ends_with('\\'), "a rule ends in a continuation:\n{deps}");
    let words: Vec<&str> = deps.split_whitespace().filter(|w| *w != "\\").map(|w| w.trim_end_matches(':')).collect();
    assert!(words.iter().any(|w| w.ends_with("/stdio.h") || w.ends_with("stddef.h") || w.ends_with("h.h")));
    for w in words.iter().skip(1) {
        let path = if w.starts_with('/') { PathBuf::from(w) } else { Path::new("/nonexistent/w").join(w) };
        assert!(w.starts_with("../src/") || path.exists(), "{w} listed but does not exist:\n{deps}");
    }
}

#[test]
fn queries_without_inputs_are_the_compilers() {
    for args in [&["--version"][..], &["-dumpmachine"], &["-dumpversion"], &["-print-prog-name=ld"], &["-print-file-name=libc.so"]] {
        let gcc = Command::new("gcc").args(args).output().expect("gcc runs");
        let ours = Command::new(exasm()).args(["cc", "--with", "gcc"]).args(args).output().expect("exasm runs");
        assert_eq!((ours.status.code(), &ours.stdout), (gcc.status.code(), &gcc.stdout), "{args:?}: {}", String::from_utf8_lossy(&ours.stderr));
    }
}

/// Runs a command with `input` on its standard input.
fn with_stdin(cmd: &mut Command, input: &str) -> Output {
    use std::io::Write;
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("starts");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_and_x_c_compile_and_name_the_file_as_gcc_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let program = "#include <stdio.h>\nint main(void) { int x = 1; __asm__ (\"incl %0\" : \"+r\" (x)); printf(\"%d\\n\", x); return 0; }\n";
    let out = with_stdin(Command::new(exasm()).args(["cc", "--with", "gcc", "-x", "c", "-", "-o", "from_stdin"]).current_dir(d), program);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Command::new(d.join("from_stdin")).output().unwrap().stdout, b"2\n");
    // -c from standard input writes gcc's `-.o`.
    let out = with_stdin(Command::new(exasm()).args(["cc", "--with", "gcc", "-c", "-x", "c", "-"]).current_dir(d), program);
    assert!(out.status.success() && d.join("-.o").exists(), "{}", String::from_utf8_lossy(&out.stderr));
    // -flto: the object keeps its thunks through the link-time optimizer.
    std::fs::write(d.join("prog.c"), program).unwrap();
    let out = Command::new(exasm()).args(["cc", "--with", "gcc", "-flto", "-O2", "-c", "prog.c", "-o", "lto.o"]).current_dir(d).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(exasm()).args(["cc", "--with", "gcc", "-flto", "-O2", "lto.o", "-o", "lto"]).current_dir(d).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Command::new(d.join("lto")).output().unwrap().stdout, b"2\n");
    // `-o -` is standard output.
    let out = Command::new(exasm()).args(["cc", "--with", "gcc", "-S", "-o", "-", "prog.c"]).current_dir(d).output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("main:"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!d.join("-").exists());
    // `-x c` on a file whose suffix is not `.c`.
    std::fs::write(d.join("prog.txt"), program).unwrap();
    let out = Command::new(exasm()).args(["cc", "--with", "gcc", "-x", "c", "prog.txt", "-o", "from_txt"]).current_dir(d).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(Command::new(d.join("from_txt")).output().unwrap().stdout, b"2\n");
    // An error in standard input: gcc's location and message.
    let bad = "int f(int y) { int x; __asm__ (\"mov %1, %0\" : \"=r\" (x) : \"i\" (y)); return x; }\n";
    let gcc = with_stdin(Command::new("gcc").args(["-O2", "-c", "-x", "c", "-", "-o", "/dev/null"]).env("LC_ALL", "C"), bad);
    let ours = with_stdin(Command::new(exasm()).args(["cc", "--with", "gcc", "-O2", "-c", "-x", "c", "-", "-o", "/dev/null"]).env("LC_ALL", "C"), bad);
    let error = |o: &Output| String::from_utf8_lossy(&o.stderr).lines().find(|l| l.contains(": error: ")).map(|l| l.replace(['‘', '’'], "'"));
    assert_eq!(ours.status.code(), Some(1));
    assert_eq!(error(&ours), error(&gcc));
    assert!(error(&gcc).is_some_and(|e| e.starts_with("<stdin>:1:")), "{:?}", error(&gcc));
}

#[test]
fn assembly_inputs_build_with_every_compiler() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("f.S"), "#define VALUE 7\n\t.globl foo\nfoo:\tmovl $VALUE, %eax\n\tret\n\t.section .note.GNU-stack,\"\",@progbits\n").unwrap();
    std::fs::write(d.join("m.c"), "int foo(void);\nint main(void) { int x = foo(); __asm__ (\"addl $1, %0\" : \"+r\" (x)); return x; }\n").unwrap();
    let mut compilers = vec!["gcc"];
    compilers.extend(["chibicc", "tcc"].into_iter().filter(|c| has(c)));
    for c in compilers {
        let obj = d.join(format!("f-{c}.o"));
        let out = Command::new(exasm()).args(["cc", "--with", c, "-c", "f.S", "-o"]).arg(&obj).current_dir(d).output().unwrap();
        assert!(out.status.success() && obj.exists(), "{c} -c f.S: {}", String::from_utf8_lossy(&out.stderr));
        let prog = d.join(format!("prog-{c}"));
        let out = Command::new(exasm()).args(["cc", "--with", c, "m.c", "f.S", "-o"]).arg(&prog).current_dir(d).output().unwrap();
        assert!(out.status.success(), "{c} m.c f.S: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(Command::new(&prog).status().unwrap().code(), Some(8), "{c}");
    }
}

#[test]
fn response_files_expand_as_gccs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("p.c"), "#include <stdio.h>\nint main(void) { int x = N; __asm__ (\"incl %0\" : \"+r\" (x)); puts(MSG); printf(\"%d\\n\", x); return 0; }\n").unwrap();
    std::fs::write(d.join("more.rsp"), "'-DMSG=\"two words\"'\n").unwrap();
    std::fs::write(d.join("args.rsp"), "-O2 \"-DN=4\" @more.rsp p.c -o prog\n").unwrap();
    let gcc = Command::new("gcc").arg("@args.rsp").current_dir(d).output().unwrap();
    assert!(gcc.status.success(), "{}", String::from_utf8_lossy(&gcc.stderr));
    let expected = Command::new(d.join("prog")).output().unwrap().stdout;
    assert_eq!(expected, b"two words\n5\n");
    std::fs::remove_file(d.join("prog")).unwrap();
    let ours = Command::new(exasm()).args(["cc", "--with", "gcc", "@args.rsp"]).current_dir(d).output().unwrap();
    assert!(ours.status.success(), "{}", String::from_utf8_lossy(&ours.stderr));
    assert_eq!(Command::new(d.join("prog")).output().unwrap().stdout, expected);
}

/// A small project built by make with automake's dependency tracking (`-MT $@ -MD -MP -MF
/// .deps/X.Tpo`, then renamed to `.Po` and included): after a header changes, make must
/// rebuild exactly the objects that include it, and the program must see the change.
#[test]
fn make_rebuilds_what_a_header_change_reaches() {
    if missing(&["make"]) {
        return;
    }
    let files: &[(&str, &str)] = &[
        ("config.h", "#define SCALE 3\n"),
        ("atomic.h", "static inline long fetch_add(long *p, long v) {\n  __asm__ volatile (\"lock xaddq %0, %1\" : \"+r\" (v), \"+m\" (*p) : : \"memory\", \"cc\");\n  return v;\n}\n"),
        ("counter.h", "long bump(long by);\n"),
        ("counter.c", "#include \"atomic.h\"\n#include \"config.h\"\n#include \"counter.h\"\nstatic long total;\nlong bump(long by) { return fetch_add(&total, by * SCALE) + by * SCALE; }\n"),
        ("util.c", "int twice(int x) { __asm__ (\"addl %0, %0\" : \"+r\" (x)); return x; }\n"),
        ("main.c", "#include <stdio.h>\n#include \"counter.h\"\nint twice(int);\nint main(void) { bump(1); printf(\"%ld %d\\n\", bump(2), twice(21)); return 0; }\n"),
        (
            "Makefile",
            "OBJS = main.o counter.o util.o\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n%.o: %.c\n\t@mkdir -p .deps\n\t$(CC) -O2 -MT $@ -MD -MP -MF .deps/$*.Tpo -c -o $@ $<\n\tmv -f .deps/$*.Tpo .deps/$*.Po\n-include .deps/*.Po\n",
        ),
    ];
    let mut compilers = vec!["gcc"];
    compilers.extend(["chibicc"].into_iter().filter(|c| has(c)));
    for c in compilers {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (name, text) in files {
            std::fs::write(d.join(name), text).unwrap();
        }
        let cc = format!("CC={} cc --with {c}", exasm().display());
        let make = || {
            let out = Command::new("make").arg(&cc).current_dir(d).output().expect("make runs");
            assert!(out.status.success(), "{c}: make failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            let rebuilt: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.split(" -o ").nth(1)).map(|r| r.split_whitespace().next().unwrap_or("").to_string()).collect();
            let run = Command::new(d.join("prog")).output().expect("prog runs");
            (rebuilt, String::from_utf8_lossy(&run.stdout).into_owned())
        };
        let (built, first) = make();
        assert_eq!(built, ["main.o", "counter.o", "util.o", "prog"], "{c}");
        assert_eq!(first, "9 42\n", "{c}");
        // The header's mtime must move forward even on a coarse-grained file system.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        std::fs::write(d.join("config.h"), "#define SCALE 5\n").unwrap();
        let (rebuilt, second) = make();
        assert_eq!(rebuilt, ["counter.o", "prog"], "{c}: only the object including config.h is rebuilt");
        assert_eq!(second, "15 42\n", "{c}");
        let deps = std::fs::read_to_string(d.join(".deps/counter.Po")).unwrap();
        assert!(deps.starts_with("counter.o: counter.c") && deps.contains(" config.h") && !deps.contains("exasm-cc"), "{c}: {deps}");
    }
}

/// `make -j4` with `--backend rust`: rustc, run by `exasm cc` in a recipe make does not treat
/// as recursive (the jobserver's descriptors closed, its name still in `MAKEFLAGS`), and in one
/// marked `+` (the descriptors open), builds quietly: no "failed to connect to jobserver", no
/// other message; the program prints what gcc's build prints.
#[test]
fn make_j4_with_the_rust_backend_is_quiet() {
    if missing(&["make", "rustc"]) {
        return;
    }
    let mut files: Vec<(String, String)> = (0..4)
        .map(|k| (format!("f{k}.c"), format!("unsigned long f{k}(unsigned long a) {{\n  unsigned int lo, hi;\n  __asm__ (\"cpuid\" : \"=a\" (lo), \"=b\" (hi) : \"0\" (0u));\n  __asm__ (\"leaq {k}(%1), %0\" : \"=r\" (a) : \"r\" (a));\n  return a + (lo > 0);\n}}\n")))
        .collect();
    files.push(("main.c".into(), "#include <stdio.h>\nunsigned long f0(unsigned long), f1(unsigned long), f2(unsigned long), f3(unsigned long);\nint main(void) { printf(\"%lu\\n\", f0(1) + f1(10) + f2(100) + f3(1000)); return 0; }\n".into()));
    for recipe_prefix in ["", "+"] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (name, text) in &files {
            std::fs::write(d.join(name), text).unwrap();
        }
        std::fs::write(d.join("Makefile"), format!("OBJS = main.o f0.o f1.o f2.o f3.o\nprog: $(OBJS)\n\t{recipe_prefix}$(CC) -o $@ $(OBJS)\n%.o: %.c\n\t{recipe_prefix}$(CC) -O2 -c -o $@ $<\n")).unwrap();
        let out = Command::new("make").args(["-j4", "-s"]).arg(format!("CC={} cc --backend rust", exasm().display())).current_dir(d).output().expect("make runs");
        assert!(out.status.success(), "make failed:\n{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "recipes prefixed '{recipe_prefix}': the build is not quiet");
        let run = Command::new(d.join("prog")).output().expect("prog runs");
        let gcc = Command::new("gcc").args(["-O2", "-o", "native", "main.c", "f0.c", "f1.c", "f2.c", "f3.c"]).current_dir(d).output().expect("gcc runs");
        assert!(gcc.status.success());
        let native = Command::new(d.join("native")).output().expect("native runs");
        assert_eq!(String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&native.stdout));
        assert_eq!(String::from_utf8_lossy(&native.stdout), "1121\n");
    }
}

/// Builds that compile with `-Wall -Wextra -Werror` keep compiling: the lowered C adds no
/// warning gcc does not give on the original (an asm output that is never read is no "variable
/// set but not used"). Every c-sample, compiled by gcc and through `exasm cc --with gcc`.
#[test]
fn lowered_c_adds_no_warning_to_a_werror_build() {
    let samples = exasm_tests::Sample::all_in(&exasm_tests::repo_root().join("c-samples")).expect("c-samples");
    let failures = std::sync::Mutex::new(Vec::new());
    exasm_tests::parallel_each(&samples, 2, |s| {
        let dir = tempfile::tempdir().unwrap();
        let mut flags = vec!["-O2", "-Wall", "-Wextra", "-Werror", "-c", "-o"];
        let obj = dir.path().join("x.o").to_string_lossy().into_owned();
        flags.push(&obj);
        if s.needs("intel") {
            flags.push("-masm=intel");
        }
        let path = s.path.to_string_lossy().into_owned();
        flags.push(&path);
        let gcc = Command::new("gcc").args(&flags).env("LC_ALL", "C").output().unwrap();
        let ours = Command::new(exasm()).args(["cc", "--with", "gcc"]).args(&flags).env("LC_ALL", "C").output().unwrap();
        // exasm may warn less (gcc's flow warnings see the asm, not the call that replaces it),
        // never more.
        if gcc.status.success() && !ours.status.success() {
            let errors = |o: &Output| String::from_utf8_lossy(&o.stderr).lines().filter(|l| l.contains("error")).collect::<Vec<_>>().join("\n");
            failures.lock().unwrap().push(format!("{}: gcc {:?}, exasm {:?}\n{}", s.name, gcc.status.code(), ours.status.code(), errors(&ours)));
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} of {} samples:\n{}", failures.len(), samples.len(), failures.join("\n"));
}

/// chibicc compiles the lowered C without line markers (it mishandles them), and would name
/// the temporary file and its line: exasm puts the original file and line back, and keeps the
/// caret under the quoted source.
#[test]
fn chibicc_messages_name_the_original_file_and_line() {
    if missing(&["chibicc"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stdio.h>\nint main(void) {\n  int x = 1;\n  __asm__ (\"incl %0\" : \"+r\" (x));\n  printf(\"%d\\n\", x)\n  return 0;\n}\n";
    std::fs::write(dir.path().join("err.c"), src).unwrap();
    let out = Command::new(exasm()).args(["cc", "--with", "chibicc", "-c", "err.c"]).current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.first().copied(), Some("err.c:6:   return 0;"), "{stderr}");
    let caret = lines.get(1).and_then(|l| l.find('^'));
    assert_eq!(caret, lines[0].find("return"), "{stderr}");
}

/// Copies `tests/projects/demo` into a fresh directory.
fn demo_project() -> tempfile::TempDir {
    let project = exasm_tests::repo_root().join("tests/projects/demo");
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&project).unwrap().flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// Runs one build step in `dir`; its standard output.
fn step(dir: &Path, what: &str, program: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(program).args(args).envs(env.iter().copied()).current_dir(dir).env("LC_ALL", "C").output().expect("runs");
    let log = ["config.log", "CMakeFiles/CMakeError.log"].iter().map(|l| std::fs::read_to_string(dir.join(l)).unwrap_or_default()).collect::<String>();
    assert!(out.status.success(), "{what}: {program} {args:?} failed:\n{}{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr), &log[log.len().saturating_sub(3000)..]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The compilers exasm drives in the project builds: gcc, and chibicc when installed.
fn project_compilers() -> Vec<&'static str> {
    let mut compilers = vec!["gcc"];
    compilers.extend(["chibicc"].into_iter().filter(|c| has(c)));
    compilers
}

/// `tests/projects/demo` with autotools: configure probes the compiler as real projects do,
/// make builds with automake's dependency tracking, `make check` runs the test; the program
/// prints what the same project built by gcc prints.
#[test]
fn autotools_project_configures_builds_and_checks() {
    if missing(&["autoreconf", "make"]) {
        return;
    }
    let build = |cc: &str| -> String {
        let dir = demo_project();
        let d = dir.path();
        step(d, cc, "autoreconf", &["-i"], &[]);
        step(d, cc, "./configure", &[&format!("CC={cc}")], &[]);
        step(d, cc, "make", &[], &[]);
        let check = step(d, cc, "make", &["check"], &[]);
        assert!(check.contains("# PASS:  1") && check.contains("# FAIL:  0"), "{cc}: make check:\n{check}");
        step(d, cc, "./demo", &[], &[])
    };
    let expected = build("gcc");
    assert_eq!(expected, "3 44332211 8\n");
    for c in project_compilers() {
        assert_eq!(build(&format!("{} cc --with {c}", exasm().display())), expected, "{c}");
    }
    // The Rust backend: the thunks compiled by rustc.
    assert_eq!(build(&format!("{} cc --with gcc --backend rust", exasm().display())), expected, "--backend rust");
}

/// `tests/projects/demo` with CMake, whose `CC` is a path without arguments: exasm linked as
/// `exasm-cc-COMPILER`. Built, tested with ctest, then rebuilt after a header change.
#[test]
fn cmake_project_builds_through_an_exasm_cc_link() {
    if missing(&["cmake", "make"]) {
        return;
    }
    let build = |cc: &str| -> (String, String) {
        let dir = demo_project();
        let d = dir.path();
        let b = d.join("build");
        std::fs::create_dir(&b).unwrap();
        step(&b, cc, "cmake", &[".."], &[("CC", cc)]);
        step(&b, cc, "make", &[], &[]);
        let tests = step(&b, cc, "ctest", &[], &[]);
        assert!(tests.contains("100% tests passed"), "{cc}: ctest:\n{tests}");
        let first = step(&b, cc, "./demo", &[], &[]);
        // The header change must reach the program: the dependency files name the header.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let header = std::fs::read_to_string(d.join("ops.h")).unwrap().replace("return x;", "return x + 1;");
        std::fs::write(d.join("ops.h"), header).unwrap();
        step(&b, cc, "make", &[], &[]);
        (first, step(&b, cc, "./demo", &[], &[]))
    };
    let expected = build("gcc");
    assert_eq!(expected, ("3 44332211 8\n".to_string(), "3 44332212 8\n".to_string()));
    let links = tempfile::tempdir().unwrap();
    for c in project_compilers() {
        let link = links.path().join(format!("exasm-cc-{c}"));
        std::os::unix::fs::symlink(exasm(), &link).unwrap();
        assert_eq!(build(&link.to_string_lossy()), expected, "{c}");
    }
}

/// chibicc's line table, for C compiled without line markers, would count lines of the
/// temporary file: exasm relocates it, so debuggers and addr2line see the original lines.
#[test]
fn chibicc_line_table_names_the_original_lines() {
    if missing(&["chibicc", "objdump"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <stdio.h>\nint f(int x) {\n  int y = x + 1;\n  __asm__ (\"incl %0\" : \"+r\" (y));\n  return y * 2;\n}\nint main(void) { printf(\"%d\\n\", f(1)); return 0; }\n";
    std::fs::write(dir.path().join("dl.c"), src).unwrap();
    let out = Command::new(exasm()).args(["cc", "--with", "chibicc", "-g", "-c", "dl.c"]).current_dir(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = Command::new("objdump").args(["--dwarf=decodedline", "dl.o"]).current_dir(dir.path()).output().unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    let mut lines: Vec<u32> = table.lines().filter_map(|l| l.strip_prefix("dl.c")).filter_map(|l| l.split_whitespace().next()?.parse().ok()).collect();
    lines.sort();
    lines.dedup();
    // chibicc marks each statement: lines 3, 4 and 5 of f, and main's line 7.
    assert_eq!(lines, [3, 4, 5, 7], "{table}");
    assert!(!table.contains("exasm-cc"), "{table}");
}

/// exasm's registers, thunks and calling convention are x86-64's: a 32-bit target is refused
/// with a message, not lowered into objects the linker cannot combine.
#[test]
fn a_32_bit_target_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), "int main(void) { int x = 1; __asm__ (\"incl %0\" : \"+r\" (x)); return x; }\n").unwrap();
    for args in [&["cc", "--with", "gcc", "-m32", "-c", "a.c"][..], &["explain", "a.c", "-mx32"], &["lower", "a.c", "-m32"]] {
        let out = Command::new(exasm()).args(args).current_dir(dir.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("x86-64"), "{args:?}: {stderr}");
        assert!(!dir.path().join("a.o").exists());
    }
}

/// The `<cpuid.h>` exasm gives chibicc (which has none): every mask and signature it defines
/// has the value of gcc's header, and its functions answer as gcc's do (the sample
/// `c-samples/feat_cpuid_h.c`, run by samples_vs_gcc, compares their behaviour).
#[test]
fn shipped_cpuid_h_masks_are_gccs() {
    let ours = exasm_tests::repo_root().join("crates/exasm-unit/include/chibicc/cpuid.h");
    let text = std::fs::read_to_string(&ours).unwrap();
    let names: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("#define ")).map(|l| l.split_whitespace().next().unwrap()).filter(|n| n.starts_with("bit_") || n.starts_with("signature_")).collect();
    assert!(names.len() > 100, "{} masks", names.len());
    let mut program = String::from("#include <stdio.h>\n#include HEADER\nint main(void) {\n");
    for n in &names {
        program.push_str(&format!("#ifdef {n}\n  printf(\"{n} %u\\n\", (unsigned) {n});\n#else\n  printf(\"{n} undefined\\n\");\n#endif\n"));
    }
    program.push_str("  return 0;\n}\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("masks.c"), program).unwrap();
    let run = |header: &str| -> String {
        let exe = dir.path().join("masks");
        let out = Command::new("gcc").arg(format!("-DHEADER={header}")).arg("masks.c").arg("-o").arg(&exe).current_dir(dir.path()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&Command::new(&exe).output().unwrap().stdout).into_owned()
    };
    let gcc = run("<cpuid.h>");
    let exasm = run(&format!("\"{}\"", ours.display()));
    let differ: Vec<String> = gcc.lines().zip(exasm.lines()).filter(|(g, e)| g != e).map(|(g, e)| format!("gcc `{g}`, exasm `{e}`")).collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert_eq!(gcc.lines().count(), names.len());
}

/// `exasm cc --with chibicc -E` preprocesses as exasm does for chibicc (chibicc's own `-E`
/// keeps only the first of adjacent string literals, which loses asm templates), quietly, and
/// `-M` names no temporary header.
#[test]
fn chibicc_preprocessing_keeps_adjacent_strings() {
    if missing(&["chibicc"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.c"), "#include <stddef.h>\n#define T \"a\" \"b\"\nint main(void) { __asm__ (\"nop\" \"\\n\\t\" \"nop\"); return sizeof T + sizeof(size_t); }\n").unwrap();
    let out = Command::new(exasm()).args(["cc", "--with", "chibicc", "-E", "e.c"]).current_dir(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(r#"__asm__ ("nop" "\n\t" "nop"); return sizeof "a" "b""#), "{text}");
    let out = Command::new(exasm()).args(["cc", "--with", "chibicc", "-M", "-MF", "e.d", "e.c"]).current_dir(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let deps = std::fs::read_to_string(dir.path().join("e.d")).unwrap();
    assert!(deps.starts_with("e.o: e.c") && !deps.contains("exasm-cc"), "{deps}");
}

/// `-save-temps` keeps what exasm made of the input, the lowered C (`.i`) and the thunks
/// (`.thunks.s`), under the name and in the directory where gcc 12 keeps its `.i`: beside the
/// `-o` output and named after it (plain and `=obj`), in the working directory (`=cwd`),
/// `PROG-INPUT` when linking; so one source compiled into two objects keeps two sets.
#[test]
fn save_temps_keeps_the_lowered_c_and_the_thunks_where_gcc_keeps_its_own() {
    let cases: [&[&str]; 12] = [
        &["-save-temps", "-c", "a.c", "-o", "out/a.o"],
        &["-save-temps=obj", "-c", "a.c", "-o", "out/prog-a.o"],
        &["-save-temps=cwd", "-c", "a.c", "-o", "out/b.o"],
        &["-save-temps=obj", "-c", "a.c"],
        &["-save-temps=obj", "-S", "a.c", "-o", "out/x.s"],
        &["-save-temps=obj", "a.c", "-o", "out/prog"],
        &["-save-temps", "a.c"],
        &["-save-temps", "a.c", "-o", "b"],
        &["-save-temps=obj", "a.c", "-o", "out/a"],
        &["-save-temps=obj", "a.c", "o.o", "-o", "out/a"],
        &["-save-temps", "a.c", "-lm", "-o", "a"],
        &["-save-temps=obj", "a.c", "-o", "out/a.delete"],
    ];
    for args in cases {
        let kept = |cc: &[&str]| {
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            std::fs::create_dir(d.join("out")).unwrap();
            std::fs::write(d.join("a.c"), "int main(void) { int x = 1; __asm__ (\"incl %0\" : \"+r\" (x)); return x - 2; }\n").unwrap();
            assert!(Command::new("gcc").args(["-c", "-x", "c", "-", "-o", "o.o"]).current_dir(d).stdin(std::process::Stdio::null()).status().unwrap().success());
            let out = Command::new(cc[0]).args(&cc[1..]).args(args).current_dir(d).output().unwrap();
            assert!(out.status.success(), "{cc:?} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            let mut found: Vec<String> = ["", "out/"]
                .iter()
                .flat_map(|sub| std::fs::read_dir(d.join(sub)).unwrap().map(move |e| format!("{sub}{}", e.unwrap().file_name().to_string_lossy())))
                .filter(|f| f.ends_with(".i") || f.ends_with(".thunks.s"))
                .collect();
            found.sort();
            (dir, found)
        };
        let (_, gcc) = kept(&["gcc"]);
        assert_eq!(gcc.len(), 1, "{args:?}: gcc kept {gcc:?}");
        let exasm = exasm();
        let (dir, ours) = kept(&[exasm.to_str().unwrap(), "cc", "--with", "gcc"]);
        let thunks = gcc[0].replace(".i", ".thunks.s");
        assert_eq!(ours, vec![gcc[0].clone(), thunks.clone()], "{args:?}");
        let c = std::fs::read_to_string(dir.path().join(&gcc[0])).unwrap();
        let s = std::fs::read_to_string(dir.path().join(&thunks)).unwrap();
        assert!(!c.contains("__asm__") && c.contains("__exasm_"), "{c}");
        assert!(s.contains("incl %eax"), "{s}");
    }
}

/// A compiler that cannot be run is a usage error (exit 2), whatever the step.
#[test]
fn a_missing_compiler_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), "int main(void) { return 0; }\n").unwrap();
    for args in [&["-c", "a.c"][..], &["--version"], &["a.c", "-o", "a"]] {
        let out = Command::new(exasm()).args(["cc", "--with", "no-such-compiler-exasm"]).args(args).current_dir(dir.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("no-such-compiler-exasm"), "{args:?}: {stderr}");
    }
}

/// `-fsyntax-only`: gcc stops after its front end, so it reports the statement errors of
/// parsing ("output operand constraint lacks '='", "undefined named operand") and none of
/// gimplification or expansion ("memory input 0 is not directly addressable", "impossible
/// constraint in 'asm'"); exasm reports the same, with every compiler.
#[test]
fn syntax_only_reports_what_gccs_front_end_reports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let later = "int f(int x)\n{\n  __asm__ (\"\" : : \"m\" (x + 1));\n  return x;\n}\nint g(int y)\n{\n  int z;\n  __asm__ (\"mov %1, %0\" : \"=r\" (z) : \"i\" (y));\n  return z;\n}\n";
    let front = format!("{later}int h(int y)\n{{\n  __asm__ (\"\" : \"r\" (y));\n  return y;\n}}\nint k(int y)\n{{\n  __asm__ (\"%[q]\" : : \"r\" (y));\n  return y;\n}}\n");
    std::fs::write(d.join("later.c"), later).unwrap();
    std::fs::write(d.join("front.c"), front).unwrap();
    let errors = |o: &Output| -> Vec<String> {
        let mut e: Vec<String> = String::from_utf8_lossy(&o.stderr).lines().filter(|l| l.contains(": error: ")).map(|l| l.replace(['‘', '’'], "'")).collect();
        e.sort();
        e
    };
    let mut compilers = vec!["gcc"];
    compilers.extend(["chibicc", "tcc"].into_iter().filter(|c| has(c)));
    for file in ["later.c", "front.c"] {
        let gcc = Command::new("gcc").args(["-fsyntax-only", file]).current_dir(d).env("LC_ALL", "C").output().unwrap();
        for c in &compilers {
            let ours = Command::new(exasm()).args(["cc", "--with", c, "-fsyntax-only", file]).current_dir(d).env("LC_ALL", "C").output().unwrap();
            assert_eq!(ours.status.code(), gcc.status.code(), "{c} {file}: {}", String::from_utf8_lossy(&ours.stderr));
            assert_eq!(errors(&ours), errors(&gcc), "{c} {file}");
            // The compilers without the flag compile to a file of exasm's: tcc unlinks its
            // output first, and as root would have replaced /dev/null with a file.
            use std::os::unix::fs::FileTypeExt;
            assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "{c} replaced /dev/null");
        }
    }
}

/// The compilers `exasm cc` drives: gcc, and chibicc and tcc when installed.
fn all_compilers() -> Vec<&'static str> {
    let mut compilers = vec!["gcc"];
    compilers.extend(["chibicc", "tcc"].into_iter().filter(|c| has(c)));
    compilers
}

/// Builds `src` (in `dir`) into `exe` with `compiler` (`gcc` alone: gcc itself, else through
/// `exasm cc --with`), runs it and returns its output.
fn build_and_run(dir: &Path, compiler: &str, src: &str, exe: &str, extra: &[&str]) -> String {
    let mut cmd = if compiler == "gcc-native" { Command::new("gcc") } else { Command::new(exasm()) };
    if compiler != "gcc-native" {
        cmd.args(["cc", "--with", compiler]);
    }
    let out = cmd.args(extra).arg(src).arg("-o").arg(exe).current_dir(dir).env("LC_ALL", "C").output().unwrap();
    assert!(out.status.success(), "{compiler} {src}: {}", String::from_utf8_lossy(&out.stderr));
    let ran = Command::new(dir.join(exe)).output().unwrap();
    assert!(ran.status.success(), "{compiler} {src}: {exe} exited {:?}", ran.status);
    String::from_utf8_lossy(&ran.stdout).into_owned()
}

/// `#include <cpuid.h>` first, before any other header (and as the only header): exasm's own
/// header for chibicc and tcc, which have none, is self-contained; the program prints what the
/// same program built by gcc with gcc's header prints (the facts of one machine: the vendor,
/// leaf 1's signature and features, leaf 7's features; not leaf 1's %ebx, which holds the
/// number of the processor the program ran on).
#[test]
fn cpuid_h_included_first_builds_with_every_compiler() {
    let dir = tempfile::tempdir().unwrap();
    let body = "int main(void)\n{\n  unsigned int a, b, c, d, sig, max = __get_cpuid_max(0, &sig);\n  int info[4];\n  printf(\"max %u vendor %08x\\n\", max, sig);\n  if (__get_cpuid(0, &a, &b, &c, &d))\n    printf(\"0: %08x %08x %08x %08x\\n\", a, b, c, d);\n  if (__get_cpuid(1, &a, &b, &c, &d))\n    printf(\"1: %08x %08x %08x sse2 %d\\n\", a, c, d, !!(d & bit_SSE2));\n  __cpuid_count(7, 0, a, b, c, d);\n  printf(\"7.0: %08x %08x %08x\\n\", b, c, d);\n  printf(\"7.0 again: %d\\n\", __get_cpuid_count(7, 0, &a, &b, &c, &d) == (max >= 7));\n  __cpuidex(info, 0, 0);\n  printf(\"cpuidex %08x\\n\", (unsigned) info[1]);\n  __cpuid(0x80000000, a, b, c, d);\n  printf(\"ext %d\\n\", a >= 0x80000000u);\n  return 0;\n}\n";
    std::fs::write(dir.path().join("first.c"), format!("#include <cpuid.h>\n#include <stdio.h>\n{body}")).unwrap();
    std::fs::write(dir.path().join("only.c"), format!("#include <cpuid.h>\nint printf(const char *, ...);\n{body}")).unwrap();
    for src in ["first.c", "only.c"] {
        let expected = build_and_run(dir.path(), "gcc-native", src, "native", &[]);
        assert!(expected.contains("7.0 again: 1"), "{expected}");
        for c in all_compilers() {
            assert_eq!(build_and_run(dir.path(), c, src, c, &[]), expected, "{c} {src}");
        }
    }
}

/// The file names at the start of each line of a compiler's messages (`f.c:3:`, `In file
/// included from f.c:1:`, `f.c: In function 'main':`).
fn message_files(stderr: &str) -> Vec<String> {
    let mut files = Vec::new();
    for line in stderr.lines() {
        let line = line.trim_start_matches("In file included from ").trim_start().trim_start_matches("from ");
        let Some((file, rest)) = line.split_once(':') else { continue };
        if rest.starts_with(|c: char| c.is_ascii_digit()) || rest.starts_with(" In function") {
            files.push(file.to_string());
        }
    }
    files
}

/// A compiler's messages about lowered code name the user's files and lines, never a
/// temporary file of exasm's (gone when the message is read): for an error in the C, in the
/// line the user wrote it; for an error in a header exasm gives the compiler, a file that
/// exists.
#[test]
fn compiler_messages_name_files_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("src")).unwrap();
    std::fs::write(d.join("src/bad.c"), "#include <stdio.h>\nint f(int x)\n{\n  __asm__ (\"incl %0\" : \"+r\" (x));\n  return x;\n}\nint main(void)\n{\n  printf(\"%d\\n\", f(1));\n  undefined_thing = 3;\n  return 0;\n}\n").unwrap();
    // Breaks the parameter lists of <cpuid.h>'s functions.
    std::fs::write(d.join("src/hdr.c"), "#define __leaf 1\n#include <cpuid.h>\nint main(void)\n{\n  return 0;\n}\n").unwrap();
    for c in all_compilers() {
        for (src, line) in [("src/bad.c", Some(10)), ("src/hdr.c", None)] {
            let out = Command::new(exasm()).args(["cc", "--with", c, "-c", src, "-o", "x.o"]).current_dir(d).env("LC_ALL", "C").output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{c} {src}: {stderr}");
            let files = message_files(&stderr);
            assert!(!files.is_empty(), "{c} {src}: no location in\n{stderr}");
            for f in &files {
                assert!(f.starts_with('<') || d.join(f).exists(), "{c} {src}: names {f}, which does not exist:\n{stderr}");
            }
            assert!(!stderr.contains("exasm-cc"), "{c} {src}: names a temporary file:\n{stderr}");
            if let Some(line) = line {
                assert!(stderr.lines().any(|l| l.starts_with(&format!("{src}:{line}:"))), "{c} {src}: no message at line {line}:\n{stderr}");
            }
        }
    }
}

/// Samples with asm of every kind the lowered C declares something for: plain operands, static
/// symbols named in templates, asm labels (renamed by `#define`s), flag outputs, `<cpuid.h>`.
const PROJECT_SAMPLES: [&str; 5] = ["guide_add", "feat_static_symbol", "feat_asm_label", "feat_flags_all", "feat_cpuid_h"];

/// A `.i` file (and `-x cpp-output`, from a file of any name or from standard input) is
/// preprocessed C: exasm lowers it as it is, with every compiler, compiled in one step or with
/// `-c` and a link; each program prints what gcc's build of the source prints.
#[test]
fn preprocessed_input_builds_as_gcc_builds_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for s in PROJECT_SAMPLES {
        std::fs::copy(exasm_tests::repo_root().join(format!("c-samples/{s}.c")), d.join(format!("{s}.c"))).unwrap();
        let expected = build_and_run(d, "gcc-native", &format!("{s}.c"), "native", &["-O2"]);
        for c in all_compilers() {
            let x = |args: &[&str]| {
                let out = Command::new(exasm()).args(["cc", "--with", c]).args(args).current_dir(d).output().unwrap();
                assert!(out.status.success(), "{c} {s} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            };
            // What the compiler's preprocessing gives (for chibicc, exasm's).
            x(&["-O2", "-E", &format!("{s}.c"), "-o", "pre.i"]);
            assert_eq!(build_and_run(d, c, "pre.i", "one-step", &["-O2"]), expected, "{c} {s}: pre.i");
            x(&["-O2", "-c", "pre.i", "-o", "pre.o"]);
            assert_eq!(build_and_run(d, c, "pre.o", "linked", &[]), expected, "{c} {s}: -c pre.i");
            std::fs::copy(d.join("pre.i"), d.join("pre.txt")).unwrap();
            assert_eq!(build_and_run(d, c, "pre.txt", "named", &["-x", "cpp-output"]), expected, "{c} {s}: -x cpp-output pre.txt");
            let piped = Command::new(exasm()).args(["cc", "--with", c, "-x", "cpp-output", "-", "-o", "piped"]).current_dir(d).stdin(std::fs::File::open(d.join("pre.i")).unwrap()).output().unwrap();
            assert!(piped.status.success(), "{c} {s}: stdin: {}", String::from_utf8_lossy(&piped.stderr));
            assert_eq!(String::from_utf8_lossy(&Command::new(d.join("piped")).output().unwrap().stdout), expected, "{c} {s}: -x cpp-output -");
        }
    }
}

/// `exasm lower`, `explain` and `check` take a `.i` file (or `-x cpp-output`) as it is: the same
/// statements, at the same original lines, as for the source; the lowered `.i` builds with gcc
/// into the program gcc builds from the source.
#[test]
fn lower_explain_and_check_take_preprocessed_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for s in PROJECT_SAMPLES {
        let src = exasm_tests::repo_root().join(format!("c-samples/{s}.c"));
        std::fs::copy(&src, d.join("s.c")).unwrap();
        let pre = Command::new("gcc").args(["-E", "s.c", "-o", "s.i"]).current_dir(d).output().unwrap();
        assert!(pre.status.success());
        std::fs::copy(d.join("s.i"), d.join("s.pre")).unwrap();
        let json = |args: &[&str]| -> serde_json::Value {
            let out = Command::new(exasm()).args(["explain", "--json"]).args(args).current_dir(d).output().unwrap();
            assert!(out.status.success(), "{s} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["statements"].clone()
        };
        let from_source = json(&["s.c"]);
        assert!(from_source.as_array().is_some_and(|a| !a.is_empty()), "{s}: no statement");
        assert_eq!(json(&["s.i"]), from_source, "{s}: explain s.i");
        assert_eq!(json(&["-x", "cpp-output", "s.pre"]), from_source, "{s}: explain -x cpp-output");
        let check = |file: &str| Command::new(exasm()).args(["check", file]).current_dir(d).output().unwrap();
        let (a, b) = (check("s.c"), check("s.i"));
        assert_eq!((a.status.code(), &a.stdout), (b.status.code(), &b.stdout), "{s}: check");
        let lowered = Command::new(exasm()).args(["lower", "s.i", "-o", "l.c", "--asm", "l.s"]).current_dir(d).output().unwrap();
        assert!(lowered.status.success(), "{s}: {}", String::from_utf8_lossy(&lowered.stderr));
        let expected = build_and_run(d, "gcc-native", "s.c", "native", &[]);
        assert_eq!(build_and_run(d, "gcc-native", "l.c", "lowered", &["l.s"]), expected, "{s}: lower s.i");
    }
}

/// [`PROJECT_SAMPLES`] as one make project: one object per sample, one program per object.
/// `bin/` holds `exasm-cc-COMPILER` links for every compiler.
fn sample_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // distccd may run as another user (root's daemon becomes `distccd`): it must reach `bin/`.
    std::fs::set_permissions(d, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(d.join("proj")).unwrap();
    std::fs::create_dir_all(d.join("bin")).unwrap();
    for s in PROJECT_SAMPLES {
        std::fs::copy(exasm_tests::repo_root().join(format!("c-samples/{s}.c")), d.join(format!("proj/{s}.c"))).unwrap();
    }
    let makefile = format!("PROGS = {}\nall: $(PROGS)\n$(PROGS): %: %.o\n\t$(CC) $< -o $@\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\nclean:\n\trm -f $(PROGS) *.o\n", PROJECT_SAMPLES.join(" "));
    std::fs::write(d.join("proj/Makefile"), makefile).unwrap();
    for c in ["gcc", "chibicc", "tcc"] {
        std::os::unix::fs::symlink(exasm(), d.join(format!("bin/exasm-cc-{c}"))).unwrap();
    }
    dir
}

/// What every program of the project prints.
fn project_output(proj: &Path) -> String {
    PROJECT_SAMPLES.iter().map(|s| format!("== {s}\n{}", String::from_utf8_lossy(&Command::new(proj.join(s)).output().unwrap().stdout))).collect()
}

/// `PATH` with `bin` first.
fn path_with(bin: &Path) -> String {
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

/// ccache's counters (`ccache --print-stats`).
fn ccache_stats(env: &[(&str, &str)]) -> std::collections::HashMap<String, u64> {
    let out = Command::new("ccache").arg("--print-stats").envs(env.iter().copied()).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.split_once('\t')).filter_map(|(k, v)| Some((k.to_string(), v.parse().ok()?))).collect()
}

/// `make CC="ccache exasm-cc-COMPILER"` twice (`make clean` between): the first build misses
/// every object, the second finds every one in the cache — once by preprocessed output (the
/// preprocessing is the same on every run: exasm's headers for chibicc and tcc have a fixed
/// place) and once in ccache's direct mode (every header it lists still exists) — and the
/// programs print what gcc's build prints.
#[test]
fn ccache_finds_every_object_on_the_second_build() {
    if missing(&["ccache", "make"]) {
        return;
    }
    let dir = sample_project();
    let proj = dir.path().join("proj");
    let cache = dir.path().join("ccache");
    let path = path_with(&dir.path().join("bin"));
    step(&proj, "gcc", "make", &["-s", "CC=gcc"], &[]);
    let expected = project_output(&proj);
    for c in all_compilers() {
        let cc = format!("CC=ccache exasm-cc-{c}");
        let cache_dir = cache.join(c).to_string_lossy().into_owned();
        let env = [("PATH", path.as_str()), ("CCACHE_DIR", cache_dir.as_str())];
        let n = PROJECT_SAMPLES.len() as u64;
        for (build, mode, hit) in [(1, "", None), (2, "1", Some("preprocessed_cache_hit")), (3, "", Some("direct_cache_hit"))] {
            step(&proj, c, "make", &["-s", "clean"], &[]);
            Command::new("ccache").arg("-z").envs(env).output().unwrap();
            let env = [env[0], env[1], ("CCACHE_NODIRECT", mode)];
            let env: Vec<(&str, &str)> = env.into_iter().filter(|(_, v)| !v.is_empty()).collect();
            step(&proj, c, "make", &["-s", &cc], &env);
            let stats = ccache_stats(&env);
            let misses = stats["cache_miss"];
            match hit {
                None => assert_eq!(misses, n, "{c}: build {build}: {stats:?}"),
                Some(kind) => assert_eq!((stats[kind], misses), (n, 0), "{c}: build {build}: {kind} {stats:?}"),
            }
            assert_eq!(project_output(&proj), expected, "{c}: build {build}");
        }
    }
}

/// A distcc server on this machine (`distccd` on 127.0.0.1 and a free port), ended when dropped.
struct Distccd {
    child: std::process::Child,
    port: u16,
    log: PathBuf,
}

impl Distccd {
    /// Starts the server with `bin` first in its `PATH`; `None` when it does not come up.
    fn start(dir: &Path, bin: &Path) -> Option<Distccd> {
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let log = dir.join("distccd.log");
        std::fs::write(&log, "").ok()?;
        std::fs::set_permissions(&log, std::os::unix::fs::PermissionsExt::from_mode(0o666)).ok()?;
        // The client sends an absolute compiler path when ccache runs it: no masquerade
        // whitelist, on a server only this machine can reach.
        let child = Command::new("distccd")
            .args(["--daemon", "--no-detach", "--enable-tcp-insecure", "--allow", "127.0.0.1", "--listen", "127.0.0.1", "--jobs", "2", "--log-level=info"])
            .arg(format!("--port={port}"))
            .arg(format!("--log-file={}", log.display()))
            .env("PATH", path_with(bin))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let server = Distccd { child, port, log };
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        None
    }

    /// How many compilations the server has finished.
    fn compiled(&self) -> usize {
        std::fs::read_to_string(&self.log).unwrap_or_default().matches("COMPILE_OK").count()
    }
}

impl Drop for Distccd {
    fn drop(&mut self) {
        // SIGTERM: the daemon ends its workers too.
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

/// `make CC="distcc exasm-cc-COMPILER"` with a distcc server on this machine: distcc
/// preprocesses each file here (`exasm-cc-COMPILER -E`) and the server compiles the `.i` it is
/// sent (`exasm-cc-COMPILER -c x.i`); every object is compiled by the server (distcc may not
/// fall back to compiling here), and the programs print what gcc's build prints. Then distcc
/// behind ccache (`CCACHE_PREFIX=distcc`): the first build goes to the server, the second is
/// all cache hits and sends it nothing.
#[test]
fn distcc_server_compiles_the_preprocessed_files_exasm_sends() {
    if missing(&["distcc", "distccd", "make"]) {
        return;
    }
    let dir = sample_project();
    let d = dir.path();
    let proj = d.join("proj");
    let bin = d.join("bin");
    let Some(server) = Distccd::start(d, &bin) else {
        eprintln!("distccd did not start: skipped");
        return;
    };
    step(&proj, "gcc", "make", &["-s", "CC=gcc"], &[]);
    let expected = project_output(&proj);
    let path = path_with(&bin);
    let hosts = format!("127.0.0.1:{}/2", server.port);
    let state = d.join("distcc-state");
    std::fs::create_dir(&state).unwrap();
    let state = state.to_string_lossy().into_owned();
    let env = [("PATH", path.as_str()), ("DISTCC_HOSTS", hosts.as_str()), ("DISTCC_FALLBACK", "0"), ("DISTCC_DIR", state.as_str())];
    let n = PROJECT_SAMPLES.len();
    for c in all_compilers() {
        step(&proj, c, "make", &["-s", "clean"], &[]);
        let before = server.compiled();
        step(&proj, c, "make", &["-s", &format!("CC=distcc exasm-cc-{c}")], &env);
        assert_eq!(server.compiled() - before, n, "{c}: compilations on the server:\n{}", std::fs::read_to_string(&server.log).unwrap_or_default());
        assert_eq!(project_output(&proj), expected, "{c}");
    }
    if has("ccache") {
        let cache = d.join("ccache").to_string_lossy().into_owned();
        let env: Vec<(&str, &str)> = env.iter().copied().chain([("CCACHE_DIR", cache.as_str()), ("CCACHE_PREFIX", "distcc")]).collect();
        let cc = format!("CC=ccache exasm-cc-{}", if has("chibicc") { "chibicc" } else { "gcc" });
        let mut sent = Vec::new();
        for _ in 0..2 {
            step(&proj, "ccache", "make", &["-s", "clean"], &[]);
            let before = server.compiled();
            step(&proj, "ccache", "make", &["-s", &cc], &env);
            sent.push(server.compiled() - before);
            assert_eq!(project_output(&proj), expected, "ccache and distcc");
        }
        assert_eq!(sent, [n, 0], "compilations on the server, first and second build");
    }
}

/// `-pthread` keeps gcc's meaning for preprocessing with every compiler: `_REENTRANT` is
/// defined as gcc defines it (autoconf's AX_PTHREAD requires it of a compiler that is not gcc,
/// and stops a configure without it), though chibicc itself takes no `-pthread`.
#[test]
fn pthread_defines_reentrant_as_gcc_does_with_every_compiler() {
    if missing(&["chibicc", "tcc"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = "#include <pthread.h>\n#include <stdio.h>\nstatic void *f(void *a) { return a; }\nint main(void) {\n#ifdef _REENTRANT\n  puts(\"reentrant\");\n#endif\n  pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0);\n}\n";
    std::fs::write(dir.path().join("p.c"), src).unwrap();
    let run = |cc: Vec<String>| {
        let out = Command::new(&cc[0]).args(&cc[1..]).args(["-pthread", "p.c", "-o", "p"]).current_dir(dir.path()).output().unwrap();
        assert!(out.status.success(), "{cc:?}: {}", String::from_utf8_lossy(&out.stderr));
        let run = Command::new(dir.path().join("p")).output().unwrap();
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let gcc = run(vec!["gcc".into()]);
    assert_eq!(gcc, "reentrant\n");
    for with in ["gcc", "chibicc", "tcc"] {
        assert_eq!(run(exasm_cc(with)), gcc, "exasm cc --with {with} -pthread");
    }
}
