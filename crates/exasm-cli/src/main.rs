//! The `exasm` command.

mod gccflags;
mod parse_cmd;

use clap::{Parser, Subcommand};
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
    /// Decode asm statements given as C text (no surrounding C needed) and print the model,
    /// or gcc's diagnostics (exit 1).
    Parse {
        /// Print the decoded model as JSON.
        #[arg(long)]
        json: bool,
        /// The input file, `-` for standard input, then gcc flags that change the answer
        /// (`-masm=intel`, `-mavx512f`, `-O0`, `-fno-omit-frame-pointer`, `-fPIC`, ...).
        #[arg(required = true, allow_hyphen_values = true, trailing_var_arg = true, value_name = "FILE|- [GCC FLAGS]")]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Parse { json, args } => parse_cmd::run(json, &args),
    };
    ExitCode::from(code)
}
