//! Shared helpers for the differential tests: running gcc and reading what it printed.

use std::path::Path;
use std::process::Command;

/// What one gcc run produced.
pub struct GccRun {
    /// Exit status was zero.
    pub ok: bool,
    /// Assembly output (`-S`), empty on failure.
    pub asm: String,
    /// Diagnostics, one `file:line:col: kind: message` line each (C locale, ASCII quotes).
    pub diagnostics: Vec<String>,
}

/// Compiles C source with `gcc -S` and the given flags.
pub fn gcc_s(dir: &Path, name: &str, source: &str, flags: &[&str]) -> GccRun {
    let c = dir.join(format!("{name}.c"));
    let s = dir.join(format!("{name}.s"));
    std::fs::write(&c, source).expect("write C source");
    let out = Command::new("gcc")
        .args(flags)
        .arg("-S")
        .arg(&c)
        .arg("-o")
        .arg(&s)
        .env("LC_ALL", "C")
        .output()
        .expect("gcc must be installed: the tests use it as the oracle");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let diagnostics = stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).map(str::to_string).collect();
    GccRun { ok: out.status.success(), asm: std::fs::read_to_string(&s).unwrap_or_default(), diagnostics }
}

/// The text of each `#APP` ... `#NO_APP` block, in order, with gcc's `# 1 "file"` markers and
/// the leading tab removed (one string per asm statement, lines joined by `\n`).
pub fn app_blocks(asm: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur: Option<Vec<&str>> = None;
    for line in asm.lines() {
        match line.trim() {
            "#APP" => cur = Some(Vec::new()),
            "#NO_APP" => blocks.push(cur.take().unwrap_or_default().join("\n")),
            _ => {
                if let Some(c) = cur.as_mut() {
                    if !(line.starts_with("# ") && line.contains('"')) {
                        c.push(line.strip_prefix('\t').unwrap_or(line));
                    }
                }
            }
        }
    }
    blocks
}

/// The message of a gcc diagnostic line (after `error: ` or `warning: `), with the option
/// suffix (` [-Wfoo]`) removed.
pub fn message_of(line: &str) -> String {
    let m = line.split_once(": error: ").or_else(|| line.split_once(": warning: ")).map_or(line, |(_, m)| m);
    match m.rfind(" [-W") {
        Some(i) if m.ends_with(']') => m[..i].to_string(),
        _ => m.to_string(),
    }
}
