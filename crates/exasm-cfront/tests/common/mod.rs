//! Helpers shared by the tests: writing C files, running gcc, analyzing.

#![allow(dead_code)]

use exasm_cfront::{analyze, preprocess, Analysis, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary directory holding C files.
pub struct Dir(pub tempfile::TempDir);

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

pub fn gcc_opts(args: &[&str]) -> Options {
    Options {
        cc: Some("gcc".into()),
        cpp_args: args.iter().map(|s| s.to_string()).collect(),
    }
}

/// Preprocesses with gcc and analyzes.
pub fn analyze_file(path: &Path, args: &[&str]) -> Analysis {
    let pre = preprocess(path, &gcc_opts(args)).unwrap();
    analyze(&pre.text, path.to_str().unwrap())
}

/// Runs gcc (with `LC_ALL=C` so quotes are ASCII) and returns (success, stderr).
pub fn gcc(args: &[&str], cwd: &Path) -> (bool, String) {
    let out = Command::new("gcc")
        .args(args)
        .current_dir(cwd)
        .env("LC_ALL", "C")
        .output()
        .expect("gcc must be installed");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// gcc's `file:line:col: error: message` lines.
pub fn gcc_errors(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

/// Compiles and runs a C program, returning its standard output.
pub fn run_c(dir: &Dir, name: &str, src: &str) -> String {
    let c = dir.write(&format!("{name}.c"), src);
    let exe = dir.path().join(name);
    let (ok, err) = gcc(
        &[
            "-w",
            "-O0",
            c.to_str().unwrap(),
            "-o",
            exe.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(ok, "gcc failed on the oracle program:\n{err}\n{src}");
    let out = Command::new(&exe).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}
