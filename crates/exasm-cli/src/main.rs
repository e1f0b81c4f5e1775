//! The `exasm` command.

mod cc_cmd;
mod check_cmd;
mod lower_cmd;
mod parse_cmd;

use exasm_unit::{gccflags, options, report};

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

/// GCC extended inline asm (x86-64) for compilers and translators that lack it.
#[derive(Parser)]
#[command(name = "exasm", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lower C files: asm-free C (`-o OUT.c`) plus outlined thunks (`--asm OUT.s`, Rust with
    /// `--rust OUT.rs`); without `-o`, print the C (and the thunks unless `--asm` is given).
    #[command(after_help = "Examples:
  exasm lower prog.c -o prog.lowered.c --asm prog.thunks.s
  chibicc -c prog.lowered.c && as prog.thunks.s -o thunks.o && chibicc prog.lowered.o thunks.o -o prog
  exasm lower prog.c -o prog.lowered.c --rust thunks.rs -O2 -masm=intel -Iinclude
  exasm lower --target x86_64-pc-windows-msvc --asm-syntax nasm prog.i -o prog.lowered.c --asm prog.asm")]
    Lower {
        /// IN.c, `-o OUT.c`, `--asm OUT.s`, `--rust OUT.rs`, `--cc COMPILER` (preprocessor),
        /// `--target x86_64-w64-mingw32|x86_64-pc-windows-msvc` (Windows x64), `--asm-syntax
        /// gas|nasm` (NASM: Windows targets), then gcc flags (`-I`, `-D`, `-U`, `-masm=intel`, `-O2`, ...). Several inputs only without
        /// `-o`, `--asm` and `--rust`.
        #[arg(required = true, allow_hyphen_values = true, trailing_var_arg = true, value_name = "IN.c [-o OUT.c] [--asm OUT.s] [--rust OUT.rs] [GCC FLAGS]")]
        args: Vec<String>,
    },
    /// A C compiler driver for compilers without inline asm: `make CC="exasm cc --with chibicc"`.
    /// Preprocesses with COMPILER, lowers, compiles the C with COMPILER, assembles the thunks,
    /// links; -c gives one object per C file.
    #[command(after_help = "Examples:
  exasm cc --with chibicc -O2 prog.c -o prog
  make CC=\"exasm cc --with tcc\"
  ln -s $(command -v exasm) ~/bin/exasm-cc-chibicc && CC=exasm-cc-chibicc cmake -B build")]
    Cc {
        /// The compiler to drive (default: $EXASM_CC, else cc).
        #[arg(long, value_name = "COMPILER")]
        with: Option<String>,
        /// Thunks as GAS assembly (`gas`) or Rust `asm!` (`rust`).
        #[arg(long, default_value = "gas", value_parser = ["gas", "rust"])]
        backend: String,
        /// The compiler's arguments, as gcc takes them.
        #[arg(allow_hyphen_values = true, trailing_var_arg = true, value_name = "ARGS")]
        args: Vec<String>,
    },
    /// Check each asm statement's declared interface (outputs, clobbers, early clobbers,
    /// memory) against what its instructions really read and write. Exit status: 0 clean, 1
    /// error-level findings or diagnostics, 2 usage or I/O error, 3 some statement could not
    /// be analysed (named on standard error) and nothing else was found.
    #[command(after_help = "Examples:
  exasm check prog.c
  exasm check --json -O2 -Iinclude src/*.c -o findings.json")]
    Check {
        /// Print JSON: {"file", "findings": [{file, line, column, kind, severity, message}], "not_analysed"}.
        #[arg(long)]
        json: bool,
        /// FILE.c... then gcc flags; `-o FILE` writes the report there.
        #[arg(required = true, allow_hyphen_values = true, trailing_var_arg = true, value_name = "FILE.c... [-o OUT] [GCC FLAGS]")]
        args: Vec<String>,
    },
    /// Every asm statement of C files: each operand's constraint, C expression and type, and
    /// where it lives (as the template prints it), then the template as in gcc's `.s`; gcc's
    /// diagnostics with exit 1.
    #[command(after_help = "Examples:
  exasm explain c-samples/guide_imul128.c
  exasm explain --json prog.c -O2 -masm=intel
  cat prog.c | exasm explain -")]
    Explain {
        /// Print JSON ([docs/json.md]).
        #[arg(long)]
        json: bool,
        /// FILE.c... (`-` is standard input) then gcc flags; `-o FILE` writes the report there.
        #[arg(required = true, allow_hyphen_values = true, trailing_var_arg = true, value_name = "FILE.c... [-o OUT] [GCC FLAGS]")]
        args: Vec<String>,
    },
    /// Decode asm statements given as C text (no surrounding C needed) and print the model,
    /// or gcc's diagnostics (exit 1).
    #[command(after_help = "Examples:
  echo 'asm(\"rdtsc\" : \"=a\"(lo), \"=d\"(hi));' | exasm parse -
  exasm parse --json stmts.c -masm=intel")]
    Parse {
        /// Print the decoded model as JSON.
        #[arg(long)]
        json: bool,
        /// The input file, `-` for standard input, then gcc flags that change the answer
        /// (`-masm=intel`, `-mavx512f`, `-O0`, `-fno-omit-frame-pointer`, `-fPIC`, ...).
        #[arg(required = true, allow_hyphen_values = true, trailing_var_arg = true, value_name = "FILE|- [GCC FLAGS]")]
        args: Vec<String>,
    },
    /// Print a shell completion script (`exasm completions bash > /etc/bash_completion.d/exasm`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff (`exasm manpage > exasm.1 && man ./exasm.1`).
    Manpage,
}

/// Invoked through a link named `exasm-cc` or `exasm-cc-COMPILER`, exasm is `exasm cc` with
/// every argument the compiler's (`--version` included), for build systems that take a
/// compiler path and nothing else (CMake's `CC`): the compiler is COMPILER, else `$EXASM_CC`,
/// else `cc`; `$EXASM_BACKEND` chooses `gas` (default) or `rust`.
fn as_compiler() -> Option<u8> {
    let mut args = std::env::args_os();
    let name = args.next().map(|a| std::path::Path::new(&a).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())?;
    let with = match name.strip_prefix("exasm-cc") {
        Some("") => None,
        Some(rest) => Some(rest.strip_prefix('-').filter(|c| !c.is_empty())?.to_string()),
        None => return None,
    };
    let backend = std::env::var("EXASM_BACKEND").unwrap_or_else(|_| "gas".into());
    if backend != "gas" && backend != "rust" {
        report::error(format!("EXASM_BACKEND must be gas or rust, not '{backend}'"));
        return Some(2);
    }
    let args: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    Some(cc_cmd::run_cc(with, &backend, &args))
}

fn main() -> ExitCode {
    // Behave like a Unix filter: a closed pipe (`exasm lower x.c | head`) ends the process
    // quietly instead of panicking in println!.
    // SAFETY: restoring the default action of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // The front end runs on a thread of its own (for its stack); glibc would give it an
    // arena of its own, whose freed memory the main thread's lowering cannot reuse (peak
    // memory on bench 1a: 88 MiB instead of 74). One arena serves both; they never run at once.
    // SAFETY: mallopt before any thread starts.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    report::configure(&args);
    if let Some(code) = as_compiler() {
        return ExitCode::from(code);
    }
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Parse { json, args } => parse_cmd::run(json, &args),
        Command::Lower { args } => lower_cmd::run_lower(&args),
        Command::Explain { json, args } => lower_cmd::run_explain(json, &args),
        Command::Cc { with, backend, args } => cc_cmd::run_cc(with, &backend, &args),
        Command::Check { json, args } => check_cmd::run_check(json, &args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "exasm", &mut std::io::stdout());
            0
        }
        Command::Manpage => match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
            Ok(()) => 0,
            Err(e) => {
                report::error(format!("standard output: {}", report::os_message(&e)));
                2
            }
        },
    };
    ExitCode::from(code)
}
