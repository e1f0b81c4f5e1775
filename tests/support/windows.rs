//! Windows x64 tests under Wine: the tools they need, a Wine prefix per test binary, and the
//! port of an LP64 sample to LLP64.

use crate::{run_limited, Ran};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// MinGW-w64's gcc, the compiler of the Windows tests (column (a) and the lowered C).
pub const MINGW_GCC: &str = "x86_64-w64-mingw32-gcc";

/// The commands the Windows tests need, each with the Debian package that has it.
pub const TOOLS: [(&str, &str); 3] = [(MINGW_GCC, "gcc-mingw-w64-x86-64"), ("wine", "wine64"), ("nasm", "nasm")];

/// Is `cmd` on `PATH`?
pub fn on_path(cmd: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
}

/// `None` when every tool of `tools` is installed; else a message naming what is missing.
/// On CI (`CI=true`) a missing tool fails the test (`scripts/test.sh` installs them); elsewhere
/// the test is skipped with the message.
pub fn missing(tools: &[(&str, &str)]) -> Option<String> {
    let gone: Vec<&(&str, &str)> = tools.iter().filter(|(c, _)| !on_path(c)).collect();
    if gone.is_empty() {
        return None;
    }
    let msg = format!(
        "{} not installed (apt-get install {})",
        gone.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", "),
        gone.iter().map(|(_, p)| *p).collect::<Vec<_>>().join(" ")
    );
    assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI=true and {msg}: scripts/test.sh installs them");
    Some(msg)
}

/// A Wine prefix of this test binary: created once in a temporary directory (Wine's first
/// start, wineboot, takes seconds), Wine's debug output off, the prefix's wineserver stopped
/// when dropped.
pub struct Wine {
    prefix: tempfile::TempDir,
}

impl Wine {
    /// Creates and boots the prefix.
    pub fn new() -> Result<Wine, String> {
        let prefix = tempfile::Builder::new().prefix("exasm-wine").tempdir().map_err(|e| format!("cannot create a Wine prefix: {e}"))?;
        let wine = Wine { prefix };
        let log = wine.prefix.path().join("boot");
        let ran = run_limited(wine.command("wineboot").arg("--init"), &log, Duration::from_secs(180)).map_err(|e| format!("cannot run wineboot: {e}"))?;
        if !ran.success() {
            return Err(format!("wineboot --init failed ({}): {}", ran.exit, String::from_utf8_lossy(&ran.stderr)));
        }
        Ok(wine)
    }

    /// A command running `program` with this prefix.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("WINEPREFIX", self.prefix.path()).env("WINEDEBUG", "-all").env("WINEDLLOVERRIDES", "mscoree,mshtml=");
        cmd
    }

    /// Runs a Windows program (one Wine invocation); its output goes to `<log_stem>.out/.err`.
    pub fn run(&self, exe: &Path, log_stem: &Path, limit: Duration) -> std::io::Result<Ran> {
        self.run_with(exe, &[], log_stem, limit)
    }

    /// [`Wine::run`] with arguments.
    pub fn run_with(&self, exe: &Path, args: &[&str], log_stem: &Path, limit: Duration) -> std::io::Result<Ran> {
        let mut cmd = self.command("wine");
        cmd.arg(exe).args(args);
        if let Some(dir) = exe.parent() {
            cmd.current_dir(dir);
        }
        run_limited(&mut cmd, log_stem, limit)
    }

    /// The prefix directory.
    pub fn prefix(&self) -> PathBuf {
        self.prefix.path().to_path_buf()
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        // This prefix's wineserver only (it would linger a few seconds after the last program).
        let _ = self.command("wineserver").arg("-k").status();
    }
}

/// Ports a C program written for LP64 (`long` is 64 bits) to LLP64 (Windows, where it is 32),
/// as a Windows developer ports it: `long` becomes `long long` (not in `long long` or
/// `long double`), an integer constant's `L` suffix `LL`, and printf's `%ld`, `%lu`, `%lx`
/// `%lld`, .... Lines of `#include` stay. Both columns of a Windows test build the same ported
/// text, so the port never makes a difference between them.
///
/// ```
/// use exasm_tests::windows::port_to_llp64;
/// assert_eq!(port_to_llp64("unsigned long x = 1UL; long long y; long double z = 1.0L;"),
///            "unsigned long long x = 1ULL; long long y; long double z = 1.0L;");
/// assert_eq!(port_to_llp64(r#"printf("%ld %08lx %lld\n", a, b, c);"#), r#"printf("%lld %08llx %lld\n", a, b, c);"#);
/// assert_eq!(port_to_llp64("long double b = 1e-18L; long c = -5L;"), "long double b = 1e-18L; long long c = -5LL;");
/// ```
pub fn port_to_llp64(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("#include") {
            out.push_str(line);
        } else {
            out.push_str(&port_line(line));
        }
    }
    out
}

fn port_line(line: &str) -> String {
    let b = line.as_bytes();
    let word_at = |i: usize| -> &str {
        let end = (i..b.len()).find(|&j| !(b[j].is_ascii_alphanumeric() || b[j] == b'_')).unwrap_or(b.len());
        &line[i..end]
    };
    let mut out = String::with_capacity(line.len() + 8);
    let mut prev_word = "";
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let starts_token = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.');
        if (c.is_ascii_alphabetic() || c == b'_') && starts_token {
            let w = word_at(i);
            let rest = line[i + w.len()..].trim_start();
            let next = word_at(line.len() - rest.len());
            if w == "long" && prev_word != "long" && next != "long" && next != "double" {
                out.push_str("long long");
            } else {
                out.push_str(w);
            }
            prev_word = w;
            i += w.len();
        } else if c.is_ascii_digit() && starts_token && !(i >= 2 && b"+-".contains(&b[i - 1]) && b"eEpP".contains(&b[i - 2])) {
            let w = word_at(i);
            let float = line[i + w.len()..].starts_with('.') || (!w.starts_with("0x") && !w.starts_with("0X") && w.contains(['e', 'E']));
            let lower = w.to_ascii_lowercase();
            let one_l = ["l", "ul", "lu"].iter().any(|s| lower.ends_with(s)) && !lower.ends_with("ll");
            if one_l && !float {
                let at = lower.rfind('l').unwrap_or(0);
                out.push_str(&w[..at]);
                out.push_str("LL");
                out.push_str(&w[at + 1..]);
            } else {
                out.push_str(w);
            }
            prev_word = "";
            i += w.len();
        } else if c == b'%' {
            // A printf conversion with one `l`: `%[flags][width]l[dioux]`.
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_digit() || b"-+ #.".contains(&b[j])) {
                j += 1;
            }
            if j + 1 < b.len() && b[j] == b'l' && b"diouxX".contains(&b[j + 1]) {
                out.push_str(&line[i..j]);
                out.push_str("ll");
                i = j + 1;
            } else {
                out.push('%');
                i += 1;
            }
        } else {
            let ch = line[i..].chars().next().unwrap_or(' ');
            if !ch.is_whitespace() {
                prev_word = "";
            }
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}
