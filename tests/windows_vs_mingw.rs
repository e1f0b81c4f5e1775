//! Windows x64: every c-sample meaningful on Windows, built three ways and run under Wine, must
//! print the same thing and exit the same way:
//!
//! - (a) `x86_64-w64-mingw32-gcc -O2` with its own inline asm (the oracle);
//! - (b) `exasm lower --target x86_64-w64-mingw32`, then MinGW gcc on the lowered C and the GAS
//!   Win64 thunks;
//! - (c) the same lowered C with the thunks as NASM (`--asm-syntax nasm`, `nasm -f win64`).
//!
//! The samples are written for LP64 (`long` is 64 bits); each is first ported to LLP64 as a
//! Windows developer would port it ([`port_to_llp64`]: `long` becomes `long long`, `%ld`
//! `%lld`), and all three columns build the same ported text. Samples that are not meaningful
//! on Windows are skipped, each for the reason [`SKIPPED`] gives. Two samples exist for Windows
//! alone (`c-samples/windows/`): one clobbering xmm6..xmm15 and one whose template faults,
//! caught by an SEH handler two frames up, through the thunk's unwind information.
//!
//! One Wine prefix for the whole test (`WINEPREFIX` in a temporary directory, `WINEDEBUG=-all`),
//! one Wine invocation per program. Without MinGW gcc, Wine or NASM the test is skipped with a
//! message, except on CI (`CI=true`), where that is a failure.
//!
//! Environment: `EXASM_SAMPLE=a,b` (only these), `EXASM_KEEP=1` (keep the work directory).
//! Run: `cargo test --release -p exasm-tests --test windows_vs_mingw -- --nocapture`.

use exasm_tests::windows::{missing, port_to_llp64, Wine, MINGW_GCC, TOOLS};
use exasm_tests::{command_line, exasm_binary, parallel_each, repo_root, run_limited, Ran, Sample};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

const RUN_LIMIT: Duration = Duration::from_secs(30);
const BUILD_LIMIT: Duration = Duration::from_secs(120);

/// c-samples that are not meaningful on Windows, and why.
const SKIPPED: [(&str, &str); 10] = [
    ("feat_fixed_regs", "its \"=A\"(uint64_t) template writes rax without naming %0, and gcc for MinGW allocates rdx there (the value is printf's second argument, in rdx under Win64): gcc's choice, not a fact exasm can mirror"),
    ("feat_regvar", "Linux system calls (sys/syscall.h, `syscall` with rax = the call number)"),
    ("regress_asm_label_alias", "glibc-only robust mutexes (PTHREAD_MUTEX_ROBUST)"),
    ("feat_named_address_space", "reads through %fs/%gs, which Windows reserves for the TEB"),
    ("feat_asm_label", "ELF sections in its templates (.pushsection ...,@progbits): the PE/COFF assembler rejects them, for MinGW gcc too"),
    ("feat_dialect_alt", "ELF sections in its templates (.pushsection ...,@progbits): the PE/COFF assembler rejects them, for MinGW gcc too"),
    ("feat_file_scope", "ELF sections in its templates (.pushsection ...,@progbits): the PE/COFF assembler rejects them, for MinGW gcc too"),
    ("feat_operand_text", "ELF sections in its templates (.pushsection ...,@progbits): the PE/COFF assembler rejects them, for MinGW gcc too"),
    ("feat_symbol", "ELF sections in its templates (.pushsection ...,@progbits): the PE/COFF assembler rejects them, for MinGW gcc too"),
    ("feat_template_syntax", "ELF sections in its templates (.pushsection ...,@progbits): the PE/COFF assembler rejects them, for MinGW gcc too"),
];

/// One program to build and compare.
struct Case {
    name: String,
    source: PathBuf,
    intel: bool,
}

#[derive(Default)]
struct Outcome {
    /// Column results, in order (a), (b), (c): `Ok` is the run, `Err` why there is none.
    columns: Vec<Result<Ran, String>>,
}

fn build(cmd: &mut Command, dir: &Path, log: &str) -> Result<(), String> {
    cmd.current_dir(dir).env("LC_ALL", "C");
    let line = command_line(cmd);
    match run_limited(cmd, &dir.join(log), BUILD_LIMIT) {
        Err(e) => Err(format!("cannot run `{line}`: {e}")),
        Ok(r) if r.success() => Ok(()),
        Ok(r) => Err(format!("`{line}` failed ({}):\n{}", r.exit, String::from_utf8_lossy(&r.stderr).lines().take(8).collect::<Vec<_>>().join("\n"))),
    }
}

/// Builds the three columns of one case in `dir`; `Err` per column.
fn build_case(exasm: &Path, case: &Case, dir: &Path) -> Vec<Result<PathBuf, String>> {
    let text = std::fs::read_to_string(&case.source).unwrap_or_default();
    let src = dir.join(format!("{}.c", case.name));
    if let Err(e) = std::fs::write(&src, port_to_llp64(&text)) {
        let e = format!("cannot write {}: {e}", src.display());
        return vec![Err(e.clone()), Err(e.clone()), Err(e)];
    }
    let mut flags = vec!["-O2", "-w"];
    if case.intel {
        flags.push("-masm=intel");
    }
    let exe = |c: &str| dir.join(format!("{c}.exe"));
    let a = build(Command::new(MINGW_GCC).args(&flags).arg(&src).arg("-o").arg(exe("a")).arg("-lpthread"), dir, "a-build").map(|()| exe("a"));
    let lowered = build(
        Command::new(exasm).args(["lower", "--target", "x86_64-w64-mingw32"]).args(&flags).arg(&src).args(["-o", "low.c", "--asm", "low.s"]),
        dir,
        "lower",
    );
    let b = lowered.clone().and_then(|()| build(Command::new(MINGW_GCC).args(&flags).args(["low.c", "low.s", "-o"]).arg(exe("b")).arg("-lpthread"), dir, "b-build").map(|()| exe("b")));
    let c = lowered
        .and_then(|()| {
            build(
                Command::new(exasm).args(["lower", "--target", "x86_64-w64-mingw32", "--asm-syntax", "nasm"]).args(&flags).arg(&src).args(["-o", "low-nasm.c", "--asm", "low.asm"]),
                dir,
                "lower-nasm",
            )
        })
        .and_then(|()| build(Command::new("nasm").args(["-f", "win64", "low.asm", "-o", "low-asm.o"]), dir, "nasm"))
        .and_then(|()| build(Command::new(MINGW_GCC).args(&flags).args(["low-nasm.c", "low-asm.o", "-o"]).arg(exe("c")).arg("-lpthread"), dir, "c-build").map(|()| exe("c")));
    vec![a, b, c]
}

fn cases() -> (Vec<Case>, Vec<(String, String)>) {
    let only: Option<Vec<String>> = std::env::var("EXASM_SAMPLE").ok().map(|s| s.split(',').map(str::to_string).collect());
    let wanted = |n: &str| only.as_ref().is_none_or(|o| o.iter().any(|x| x == n));
    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    let root = repo_root().join("c-samples");
    let mut samples = Sample::all_in(&root).expect("c-samples");
    samples.extend(Sample::all_in(&root.join("windows")).expect("c-samples/windows"));
    for s in samples {
        if !wanted(&s.name) {
            continue;
        }
        if let Some((_, why)) = SKIPPED.iter().find(|(n, _)| *n == s.name) {
            skipped.push((s.name.clone(), why.to_string()));
            continue;
        }
        for intel in s.intel_variants() {
            cases.push(Case { name: s.name.clone(), source: s.path.clone(), intel });
        }
    }
    (cases, skipped)
}

fn same(a: &Ran, b: &Ran) -> bool {
    a.exit == b.exit && a.stdout == b.stdout
}

/// Both checks share one Wine prefix (its first start is the slow part).
#[test]
fn windows_programs_under_wine_match_mingw_gcc() {
    if let Some(why) = missing(&TOOLS) {
        println!("windows_vs_mingw: skipped: {why}");
        return;
    }
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let wine = Wine::new().unwrap_or_else(|e| panic!("{e}"));
    llp64_operand_widths_and_exasm_cc_match_mingw_gcc(&exasm, &wine);
    objects_of_a_dll_are_addressed_as_mingw_gcc_addresses_them(&exasm, &wine);
    c_samples_under_wine_match_mingw_gcc(&exasm, &wine);
}

/// Memory operands in objects a DLL defines: gcc for MinGW reaches an object the unit only
/// declares through a pointer (`.refptr.NAME`, `__imp_NAME` for a dllimport one) and prints
/// the operand as `(%reg)`; `exasm explain` prints gcc's text, and the program `exasm cc`
/// builds against the DLL reads and writes the DLL's objects as gcc's build does under Wine.
fn objects_of_a_dll_are_addressed_as_mingw_gcc_addresses_them(exasm: &Path, wine: &Wine) {
    let dir = tempfile::Builder::new().prefix("exasm-win-dll").tempdir().expect("temporary directory");
    let lib = "__declspec(dllexport) int imported = 40;\n__declspec(dllexport) int auto_imported[4] = {1, 2, 3, 4};\n";
    let main = "#include <stdio.h>\n\
__declspec(dllimport) extern int imported;\n\
extern int auto_imported[4];\n\
__attribute__((noinline)) int get(void) { int r; __asm__ (\"movl %1, %0\" : \"=r\" (r) : \"m\" (imported)); return r; }\n\
__attribute__((noinline)) void bump(void) { __asm__ (\"addl $2, %0\" : \"+m\" (imported)); }\n\
__attribute__((noinline)) void inc(void) { __asm__ (\"incl %0\" : \"+m\" (auto_imported[0])); }\n\
__attribute__((noinline)) int pair(void) { int s; __asm__ (\"movl %1, %0\\n\\taddl %2, %0\" : \"=&r\" (s) : \"m\" (auto_imported[1]), \"m\" (auto_imported[3])); return s; }\n\
int main(void) {\n\
    int r = get();\n\
    bump();\n\
    inc();\n\
    printf(\"%d %d %d %d\\n\", r, imported, pair(), auto_imported[0]);\n\
    return 0;\n\
}\n";
    std::fs::write(dir.path().join("lib.c"), lib).expect("write lib.c");
    std::fs::write(dir.path().join("main.c"), main).expect("write main.c");
    build(Command::new(MINGW_GCC).args(["-O2", "-shared", "lib.c", "-o", "lib.dll", "-Wl,--out-implib,liblib.a"]), dir.path(), "dll").unwrap_or_else(|e| panic!("{e}"));
    build(Command::new(MINGW_GCC).args(["-O2", "main.c", "-o", "a.exe", "-L.", "-llib"]), dir.path(), "a").unwrap_or_else(|e| panic!("{e}"));
    build(Command::new(exasm).args(["cc", "--with", MINGW_GCC, "-O2", "main.c", "-o", "cc.exe", "-L.", "-llib"]), dir.path(), "cc").unwrap_or_else(|e| panic!("{e}"));
    // gcc's text: every operand through a register (`pair`'s registers are gcc's choice
    // among equals, as under -fPIC on Linux: only its run is compared).
    let explained = Command::new(exasm).args(["explain", "--target", "x86_64-w64-mingw32", "-O2", "main.c"]).current_dir(dir.path()).output().expect("exasm explain");
    let explained = String::from_utf8_lossy(&explained.stdout);
    let gcc_s = Command::new(MINGW_GCC).args(["-O2", "-S", "-o", "-", "main.c"]).current_dir(dir.path()).output().expect("gcc -S");
    let gcc_s = String::from_utf8_lossy(&gcc_s.stdout);
    for line in ["movl (%rax), %eax", "addl $2, (%rax)", "incl (%rax)"] {
        assert!(gcc_s.contains(line), "gcc -S has no {line:?}:\n{gcc_s}");
        assert!(explained.contains(line), "exasm explain has no {line:?}:\n{explained}");
    }
    let a = wine.run(&dir.path().join("a.exe"), &dir.path().join("run-a"), RUN_LIMIT).expect("wine");
    let b = wine.run(&dir.path().join("cc.exe"), &dir.path().join("run-cc"), RUN_LIMIT).expect("wine");
    assert!(a.success(), "gcc's build: {}", a.exit);
    assert_eq!(String::from_utf8_lossy(&a.stdout).trim(), "40 42 6 2");
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout), "gcc's build against exasm cc's");
}

/// Every c-sample meaningful on Windows, columns (a), (b) and (c).
fn c_samples_under_wine_match_mingw_gcc(exasm: &Path, wine: &Wine) {
    let work = tempfile::Builder::new().prefix("exasm-win").tempdir().expect("temporary directory");
    let (cases, skipped) = cases();
    let outcomes: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    let indexed: Vec<(usize, &Case)> = cases.iter().enumerate().collect();
    parallel_each(&indexed, 2, |(k, case)| {
        let dir = work.path().join(format!("{k}-{}", case.name));
        std::fs::create_dir_all(&dir).expect("case directory");
        let built = build_case(exasm, case, &dir);
        let columns = built
            .into_iter()
            .enumerate()
            .map(|(i, exe)| {
                let exe = exe?;
                wine.run(&exe, &dir.join(format!("run{i}")), RUN_LIMIT).map_err(|e| format!("cannot run wine: {e}"))
            })
            .collect();
        outcomes.lock().unwrap().push((*k, Outcome { columns }));
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by_key(|o| o.0);

    let mut failures = Vec::new();
    println!("{:<40} {:<8} {:<8} {:<8}", "sample", "(a) gcc", "(b) GAS", "(c) NASM");
    for ((_, o), case) in outcomes.iter().zip(&cases) {
        let label = if case.intel { format!("{} [intel]", case.name) } else { case.name.clone() };
        let a = &o.columns[0];
        let mut cells = vec![match a {
            Ok(r) => format!("{}", r.exit),
            Err(_) => "BUILD".into(),
        }];
        for (i, col) in o.columns.iter().enumerate().skip(1) {
            let cell = match (a, col) {
                (Err(e), _) => {
                    failures.push(format!("{label} (a): {e}"));
                    "-".to_string()
                }
                (_, Err(e)) => {
                    failures.push(format!("{label} ({}): {e}", ["a", "b", "c"][i]));
                    "BUILD".into()
                }
                (Ok(x), Ok(y)) if same(x, y) => "ok".into(),
                (Ok(x), Ok(y)) => {
                    failures.push(format!(
                        "{label} ({}): differs from (a): {} vs {}\n  (a) stdout: {}\n  ({}) stdout: {}",
                        ["a", "b", "c"][i],
                        x.exit,
                        y.exit,
                        String::from_utf8_lossy(&x.stdout).lines().take(6).collect::<Vec<_>>().join(" | "),
                        ["a", "b", "c"][i],
                        String::from_utf8_lossy(&y.stdout).lines().take(6).collect::<Vec<_>>().join(" | ")
                    ));
                    "DIFF".into()
                }
            };
            cells.push(cell);
        }
        println!("{:<40} {}", label, cells.iter().map(|c| format!("{c:<8}")).collect::<Vec<_>>().join(" "));
    }
    for (name, why) in &skipped {
        println!("{name:<40} skipped: {why}");
    }
    failures.dedup();
    println!("{} programs, {} skipped samples, {} problems", cases.len(), skipped.len(), failures.len());
    if std::env::var_os("EXASM_KEEP").is_some() {
        println!("kept {} (Wine prefix {})", work.keep().display(), wine.prefix().display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(!cases.is_empty(), "no sample was run");
}

/// Register widths gcc for MinGW prints for operands of each C type (LLP64: `long` is 32 bits,
/// `long double` an x87 value in 16 bytes), against the thunks `exasm lower --target
/// x86_64-w64-mingw32` renders; then the same program built by `exasm cc --with
/// x86_64-w64-mingw32-gcc` (the target from the compiler's `-dumpmachine`) runs under Wine as
/// gcc's build does.
fn llp64_operand_widths_and_exasm_cc_match_mingw_gcc(exasm: &Path, wine: &Wine) {
    let dir = tempfile::Builder::new().prefix("exasm-win-widths").tempdir().expect("temporary directory");
    let types = ["char", "short", "int", "long", "unsigned long", "long long", "size_t", "void *", "ptrdiff_t", "wchar_t", "float", "double"];
    let mut src = String::from("#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n");
    for (k, t) in types.iter().enumerate() {
        src += &format!("  {{ {t} v = ({t})(1 + {k}); {t} o; asm (\"# W{k} %0 %1\\n\\tmov %1, %0\" : \"=r\" (o) : \"r\" (v)); printf(\"{k} %u %d\\n\", (unsigned)sizeof(o), (int)(o == v)); }}\n");
    }
    src += "  { long double x = 2.5L, y; asm (\"# W99 %0\" : \"=t\" (y) : \"0\" (x)); printf(\"ld %u %d\\n\", (unsigned)sizeof(y), (int)(y * 2));}\n";
    src += "  printf(\"long %u long double %u\\n\", (unsigned)sizeof(long), (unsigned)sizeof(long double));\n  return 0;\n}\n";
    std::fs::write(dir.path().join("w.c"), &src).expect("write w.c");
    build(Command::new(MINGW_GCC).args(["-O2", "-S", "w.c", "-o", "gcc.s"]), dir.path(), "gcc-s").unwrap_or_else(|e| panic!("{e}"));
    build(Command::new(exasm).args(["lower", "--target", "x86_64-w64-mingw32", "-O2", "w.c", "-o", "low.c", "--asm", "low.s"]), dir.path(), "lower").unwrap_or_else(|e| panic!("{e}"));
    let widths = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.path().join(file)).expect("assembly");
        text.lines()
            .filter_map(|l| l.trim().strip_prefix("# W"))
            .map(|l| {
                let mut w = l.split_whitespace();
                let k = w.next().unwrap_or("").to_string();
                let regs: Vec<&str> = w.map(|r| r.trim_start_matches('%')).collect();
                let width = |r: &str| match r {
                    r if r.starts_with("st") => "x87",
                    r if r.starts_with("xmm") => "xmm",
                    r if r.starts_with('r') && (r.ends_with('d')) => "32",
                    r if r.starts_with('r') && r.ends_with('w') => "16",
                    r if r.starts_with('r') && (r.ends_with('b') || r.ends_with('l')) && r.len() > 2 => "8",
                    r if r.starts_with('r') => "64",
                    r if r.starts_with('e') => "32",
                    r if r.ends_with('l') || r.ends_with('h') => "8",
                    _ => "16",
                };
                format!("W{k}: {}", regs.iter().map(|r| width(r)).collect::<Vec<_>>().join(" "))
            })
            .collect()
    };
    let (gcc, ours) = (widths("gcc.s"), widths("low.s"));
    assert_eq!(gcc.len(), types.len() + 1, "gcc's statements: {gcc:?}");
    assert_eq!(gcc, ours, "operand widths: gcc for MinGW (left) against exasm's thunks (right)");
    // `long` is 32 bits: gcc prints %e.. for it.
    assert_eq!(gcc[3], "W3: 32 32");

    build(Command::new(MINGW_GCC).args(["-O2", "w.c", "-o", "a.exe"]), dir.path(), "a").unwrap_or_else(|e| panic!("{e}"));
    build(Command::new(exasm).args(["cc", "--with", MINGW_GCC, "-O2", "w.c", "-o", "cc.exe"]), dir.path(), "cc").unwrap_or_else(|e| panic!("{e}"));
    let a = wine.run(&dir.path().join("a.exe"), &dir.path().join("run-a"), RUN_LIMIT).expect("wine");
    let b = wine.run(&dir.path().join("cc.exe"), &dir.path().join("run-cc"), RUN_LIMIT).expect("wine");
    assert!(a.success(), "gcc's build: {}", a.exit);
    assert!(String::from_utf8_lossy(&a.stdout).contains("long 4 long double 16"), "{}", String::from_utf8_lossy(&a.stdout));
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout), "gcc's build against exasm cc's");
}

/// Where MinGW-w64's headers are: in MSVC mode (`_MSC_VER`, from clang for
/// x86_64-pc-windows-msvc) they stand in for the Windows SDK's, which Debian does not have.
const MINGW_HEADERS: &str = "/usr/share/mingw-w64/include";

/// c-samples the MSVC check does not take, beyond [`SKIPPED`], and why.
const NOT_FOR_MSVC: [(&str, &str); 5] = [
    ("feat_cpuid_h", "gcc's own <cpuid.h> (MSVC has __cpuid in <intrin.h>)"),
    ("feat_atomic_threads", "POSIX threads: MinGW-w64's <process.h> does not compile in MSVC mode"),
    ("feat_mem_escaping_local", "POSIX threads: MinGW-w64's <process.h> does not compile in MSVC mode"),
    ("feat_thread_local", "POSIX threads and __thread"),
    ("feat_struct_operand", "operands of anonymous struct types, which MSVC's C cannot name without typeof (exasm says so)"),
];

/// MSVC mode: each c-sample meaningful on Windows and written in standard C apart from its asm
/// (no `exasm-needs: int128 vector gnu gnuc` tag), preprocessed by clang for
/// x86_64-pc-windows-msvc, lowered with `--target x86_64-pc-windows-msvc`: the C compiles with
/// `clang --target=x86_64-pc-windows-msvc -fsyntax-only -std=c11 -Werror`, and holds no GNU
/// extension (`__typeof__`, `__attribute__`, `__extension__`, `__int128`, `__asm__`, statement
/// expressions).
#[test]
fn msvc_mode_lowered_c_compiles_as_c11_without_gnu_extensions() {
    let clang = "clang-19";
    if let Some(why) = missing(&[(clang, "clang-19"), (MINGW_GCC, "gcc-mingw-w64-x86-64")]) {
        println!("windows_vs_mingw: skipped: {why}");
        return;
    }
    let exasm = exasm_binary().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::Builder::new().prefix("exasm-msvc").tempdir().expect("temporary directory");
    let (cases, _) = cases();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases.iter().filter(|c| !c.intel) {
        let sample = Sample::load(&case.source).expect("sample");
        if ["int128", "vector", "gnu", "gnuc"].iter().any(|t| sample.needs(t)) || NOT_FOR_MSVC.iter().any(|(n, _)| *n == case.name) {
            continue;
        }
        let text = port_to_llp64(&std::fs::read_to_string(&case.source).expect("sample text"));
        let (src, pre, low) = (dir.path().join(format!("{}.c", case.name)), format!("{}.i", case.name), format!("{}.msvc.c", case.name));
        std::fs::write(&src, text).expect("write sample");
        let steps = build(Command::new(clang).args(["--target=x86_64-pc-windows-msvc", "-E", "-nostdlibinc", "-isystem", MINGW_HEADERS]).arg(&src).args(["-o", &pre]), dir.path(), "cpp")
            .and_then(|()| build(Command::new(&exasm).args(["lower", "--target", "x86_64-pc-windows-msvc", "-O2", &pre, "-o", &low, "--asm", "t.s"]), dir.path(), "lower"))
            .and_then(|()| build(Command::new(clang).args(["--target=x86_64-pc-windows-msvc", "-fsyntax-only", "-std=c11", "-Werror", "-x", "c", &low]), dir.path(), "clang"));
        if let Err(e) = steps {
            failures.push(format!("{}: {e}", case.name));
            continue;
        }
        let lowered = std::fs::read_to_string(dir.path().join(&low)).expect("lowered C");
        for gnu in ["__typeof__", "__attribute__", "__extension__", "__int128", "__asm__", "({"] {
            if lowered.contains(gnu) {
                failures.push(format!("{}: the MSVC-mode C holds {gnu:?}", case.name));
            }
        }
        checked += 1;
    }
    println!("MSVC mode: {checked} lowered c-samples compile with clang --target=x86_64-pc-windows-msvc -std=c11 -Werror");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 30, "only {checked} samples checked");
}
