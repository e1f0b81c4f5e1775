//! Line markers of preprocessed text (`# 12 "file.h" 1 3 4`), as the lowered C carries them.
//!
//! gcc compiles preprocessed input (`.i`, `-x cpp-output`) with its markers silently, and a
//! marker with flag 3 makes what follows a system header, where gcc reports no warnings. Compiled
//! as C, every marker is "a GCC extension" under `-pedantic`; the standard `#line N "file"`
//! is not, but keeps the current system-header state (it cannot enter or leave a system
//! header, nor an include). [`standard_directives`] writes `#line` wherever that changes
//! nothing else: every marker met outside system headers, except those entering one.

use std::fmt::{self, Write};

/// One line marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker<'a> {
    /// The number of the next line.
    pub line: u64,
    /// The file name as written between the quotes (escapes kept).
    pub file: &'a str,
    /// Flags: 1 entering an include, 2 returning from one, 3 a system header, 4 `extern "C"`.
    pub flags: Vec<u8>,
}

impl<'a> Marker<'a> {
    /// Parses `# N "file" flags...` (gcc's form only; `#line` is not a marker here).
    pub fn parse(line: &'a str) -> Option<Marker<'a>> {
        let rest = line.strip_prefix("# ")?;
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let n = rest[..digits].parse().ok()?;
        let quoted = rest[digits..].strip_prefix(" \"")?;
        let mut end = None;
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end?;
        let flags = quoted[end + 1..].split_whitespace().map(|f| f.parse().ok()).collect::<Option<Vec<u8>>>()?;
        Some(Marker { line: n, file: &quoted[..end], flags })
    }

    fn has(&self, flag: u8) -> bool {
        self.flags.contains(&flag)
    }

    /// The same place without entering or leaving an include: flags 1 and 2 dropped.
    pub fn rename(&self) -> Marker<'a> {
        Marker { flags: self.flags.iter().copied().filter(|f| *f > 2).collect(), ..self.clone() }
    }

    /// Is the text after it in a system header?
    pub fn system(&self) -> bool {
        self.has(3)
    }
}

impl fmt::Display for Marker<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "# {} \"{}\"", self.line, self.file)?;
        for flag in &self.flags {
            write!(f, " {flag}")?;
        }
        Ok(())
    }
}

/// The marker that puts the text at `offset` back where it was, when `text[from..offset]` holds
/// markers (a replacement that removes them would shift every following line): the last of
/// them, advanced by the lines after it, without its include flags.
pub fn resync(text: &str, from: usize, offset: usize) -> Option<Marker<'_>> {
    let mut found: Option<(Marker, usize)> = None;
    let mut at = from;
    for line in text[from..offset].split_inclusive('\n') {
        let starts_line = at == 0 || text.as_bytes()[at - 1] == b'\n';
        if let Some(m) = Marker::parse(line.trim_end_matches('\n')).filter(|_| starts_line && line.ends_with('\n')) {
            found = Some((m, at + line.len()));
        }
        at += line.len();
    }
    let (m, after) = found?;
    let lines = text[after..offset].bytes().filter(|&b| b == b'\n').count() as u64;
    Some(Marker { line: m.line + lines, ..m.rename() })
}

/// One marker of the input, in order, with what kind of change it makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Push,
    Pop,
    Rename,
}

fn kind(m: &Marker) -> Kind {
    if m.has(1) {
        Kind::Push
    } else if m.has(2) {
        Kind::Pop
    } else {
        Kind::Rename
    }
}

/// Rewrites gcc's markers as standard `#line` directives wherever the meaning stays (see the
/// module docs), for text compiled as C under `-pedantic`. Markers that only precede other
/// markers (with blank or comment lines between) are dropped first (gcc's preamble: `<built-in>`, `<command-line>`, an include with no
/// lines of its own). The tokens of a system header's macro expanded outside system headers
/// (gcc marks them system, then returns to the file) become the file's: `#line` cannot mark
/// them, and a marker would be one warning per expansion.
///
/// ```text
/// # 0 "a.c"                           (dropped)
/// # 1 "/usr/include/stdc-predef.h" 1 3 4   (an include holding no text: dropped)
/// # 0 "<command-line>" 2              (dropped)
/// # 1 "a.c"                           (dropped: the next marker follows at once)
///                                     #line 1 "a.c" (the include's return names it)
/// # 1 "/usr/include/stdio.h" 1 3 4    kept: it enters a system header
/// # 2 "a.c" 2                         kept: met in a system header, so silent
/// # 1 "b.h" 1                         #line 1 "b.h"
/// ...
/// # 4 "a.c" 2                         (dropped: the next one enters a system header again)
/// # 1 "/usr/include/stdlib.h" 1 3 4   # 1 "/usr/include/stdlib.h" 3 4 (stdio.h's include)
/// ```
pub fn standard_directives(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Lines holding nothing but comments (`-C` keeps a header's) are as blank as empty ones.
    let blanked = exasm_cfront::blank_comments(text);
    let blank: Vec<bool> = blanked.split_inclusive('\n').map(|l| l.trim().is_empty()).collect();
    // Runs of markers with only blank lines between them, simplified.
    let mut keep: Vec<Option<Marker>> = lines.iter().map(|l| Marker::parse(l.trim_end_matches(['\n', '\r']))).collect();
    let mut i = 0;
    while i < lines.len() {
        if keep[i].is_none() {
            i += 1;
            continue;
        }
        let mut run: Vec<usize> = vec![i];
        let mut j = i + 1;
        while j < lines.len() && (keep[j].is_some() || blank[j]) {
            if keep[j].is_some() {
                run.push(j);
            }
            j += 1;
        }
        simplify(&mut keep, &run);
        i = j;
    }
    // gcc's include nesting, each entry true when it was written as a real include (flag 1).
    let mut nesting: Vec<bool> = Vec::new();
    // What the written directives say: in a system header, in which file.
    let mut system = false;
    let mut file = "";
    let kept: Vec<usize> = (0..lines.len()).filter(|&k| keep[k].is_some()).collect();
    // The next marker written, with only blank lines and dropped markers before it.
    let next_in_run = |k: usize| kept.iter().find(|&&j| j > k).filter(|&&j| (k + 1..j).all(|i| blank[i] || lines[i].starts_with("# "))).and_then(|&j| keep[j].as_ref());
    // A system header left for the file and another entered at once: the first one's include
    // stands for both (no marker outside a system header, so no warning).
    let mut merged = false;
    // The file gcc's markers make current (dropped ones too): an include's return names it, so
    // the file an include is entered from must be named so when it is written.
    let mut gcc_file = "";
    let mut out = String::with_capacity(text.len());
    for (k, (line, m)) in lines.iter().zip(&keep).enumerate() {
        let Some(m) = m else {
            match Marker::parse(line.trim_end_matches(['\n', '\r'])) {
                None => out.push_str(line),
                Some(dropped) => {
                    gcc_file = dropped.file;
                    out.push('\n');
                }
            }
            continue;
        };
        let includer = std::mem::replace(&mut gcc_file, m.file);
        if kind(m) == Kind::Push && !merged && file != includer && !(!system && !m.system() && m.line > 0) {
            // The include is written; its includer's name was dropped with a marker.
            if system {
                out.push_str(&Marker { line: 1, file: includer, flags: vec![3] }.to_string());
            } else {
                let _ = write!(out, "#line 1 \"{includer}\"");
            }
            out.push('\n');
            file = includer;
        }
        if kind(m) == Kind::Pop && system && !m.system() && nesting.last() == Some(&true) && next_in_run(k).is_some_and(|n| kind(n) == Kind::Push && n.system()) {
            merged = true;
            out.push('\n');
            continue;
        }
        if merged {
            merged = false;
            out.push_str(&m.rename().to_string());
            out.push('\n');
            file = m.file;
            continue;
        }
        // A system header's macro expanded in the file: its tokens marked system, then the file
        // again. As C, each such pair would be a warning; the tokens become the file's.
        let next = kept.iter().find(|&&j| j > k).and_then(|&j| keep[j].as_ref());
        let toggle = kind(m) == Kind::Rename && m.system() && m.file == file && next.is_some_and(|n| kind(n) == Kind::Rename && !n.system() && n.file == m.file);
        let standard = !system && (!m.system() || toggle) && m.line > 0;
        let written = match kind(m) {
            Kind::Push if standard => {
                nesting.push(false);
                format!("#line {} \"{}\"", m.line, m.file)
            }
            Kind::Push => {
                nesting.push(true);
                m.to_string()
            }
            Kind::Pop => match nesting.pop() {
                Some(true) => m.to_string(),
                _ if standard => format!("#line {} \"{}\"", m.line, m.file),
                _ => m.rename().to_string(),
            },
            Kind::Rename if standard => format!("#line {} \"{}\"", m.line, m.file),
            Kind::Rename => m.to_string(),
        };
        out.push_str(&written);
        out.push('\n');
        system = m.system() && !standard;
        file = m.file;
    }
    out
}

/// Drops the markers of a run that the next one overrides: a rename followed by any marker, an
/// include entered and left again at once (it becomes the return's rename).
fn simplify(keep: &mut [Option<Marker>], run: &[usize]) {
    let mut live: Vec<usize> = run.to_vec();
    loop {
        let mut changed = false;
        for w in 0..live.len().saturating_sub(1) {
            let (a, b) = (live[w], live[w + 1]);
            let (ka, kb) = (keep[a].as_ref().map(kind), keep[b].as_ref().map(kind));
            if ka == Some(Kind::Rename) {
                keep[a] = None;
                live.remove(w);
                changed = true;
                break;
            }
            if ka == Some(Kind::Push) && kb == Some(Kind::Pop) {
                keep[b] = keep[b].as_ref().map(Marker::rename);
                keep[a] = None;
                live.remove(w);
                changed = true;
                break;
            }
        }
        if !changed {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_parse_with_flags_and_escapes() {
        let m = Marker::parse("# 12 \"dir\\\\a \\\"b\\\".h\" 1 3 4").unwrap();
        assert_eq!((m.line, m.file, m.flags.as_slice()), (12, "dir\\\\a \\\"b\\\".h", &[1u8, 3, 4][..]));
        assert_eq!(m.to_string(), "# 12 \"dir\\\\a \\\"b\\\".h\" 1 3 4");
        assert!(Marker::parse("#line 3 \"a.c\"").is_none());
        assert!(Marker::parse("# define X").is_none());
    }

    #[test]
    fn standard_directives_outside_system_headers() {
        let pre = "# 0 \"a.c\"\n# 0 \"<built-in>\"\n# 0 \"<command-line>\"\n# 1 \"/usr/include/stdc-predef.h\" 1 3 4\n\n# 0 \"<command-line>\" 2\n# 1 \"a.c\"\n# 1 \"/usr/include/stdio.h\" 1 3 4\nint printf(const char *, ...);\n# 2 \"a.c\" 2\n\n# 1 \"b.h\" 1\nint b;\n# 3 \"a.c\" 2\nint main(void);\n";
        let want = "\n\n\n\n\n\n\n#line 1 \"a.c\"\n# 1 \"/usr/include/stdio.h\" 1 3 4\nint printf(const char *, ...);\n# 2 \"a.c\" 2\n\n#line 1 \"b.h\"\nint b;\n#line 3 \"a.c\"\nint main(void);\n";
        assert_eq!(standard_directives(pre), want);
        // Two system headers in a row (and one holding no text between them): one include
        // stands for both.
        let pre = "# 1 \"a.c\"\n# 1 \"/usr/include/stdio.h\" 1 3 4\nint p;\n# 2 \"a.c\" 2\n\n# 1 \"/usr/include/sys/syscall.h\" 1 3 4\n\n# 3 \"a.c\" 2\n# 1 \"/usr/include/stdlib.h\" 1 3 4\nint q;\n# 4 \"a.c\" 2\nint m;\n";
        let want = "\n#line 1 \"a.c\"\n# 1 \"/usr/include/stdio.h\" 1 3 4\nint p;\n\n\n\n\n\n# 1 \"/usr/include/stdlib.h\" 3 4\nint q;\n# 4 \"a.c\" 2\nint m;\n";
        assert_eq!(standard_directives(pre), want);
    }

    #[test]
    fn an_include_is_entered_from_the_file_its_return_names() {
        // stdc-predef.h holds a declaration: its include stays, entered from `<command-line>` as
        // its return says, or gcc ignores the return and the file stays a system header.
        let pre = "# 0 \"a.c\"\n# 0 \"<built-in>\"\n# 0 \"<command-line>\"\n# 1 \"/usr/include/stdc-predef.h\" 1 3 4\nint c;\n# 0 \"<command-line>\" 2\n# 1 \"a.c\"\nlong long x;\n";
        let want = "\n\n\n#line 1 \"<command-line>\"\n# 1 \"/usr/include/stdc-predef.h\" 1 3 4\nint c;\n# 0 \"<command-line>\" 2\n#line 1 \"a.c\"\nlong long x;\n";
        assert_eq!(standard_directives(pre), want);
        // Holding only comments (`-C`), it is no include at all.
        let pre = "# 0 \"a.c\"\n# 1 \"/usr/include/stdc-predef.h\" 1 3 4\n/* c\n d */\n# 0 \"<command-line>\" 2\n# 1 \"a.c\"\nlong long x;\n";
        let want = "\n\n/* c\n d */\n\n#line 1 \"a.c\"\nlong long x;\n";
        assert_eq!(standard_directives(pre), want);
    }

    #[test]
    fn a_user_include_holding_a_system_one_nests_right() {
        // b.h is entered with #line (no include), so leaving stdio.h must return to b.h by a
        // real return, and leaving b.h is a #line again.
        let pre = "# 1 \"a.c\"\nint a;\n# 1 \"b.h\" 1\nint b;\n# 1 \"/usr/include/stdio.h\" 1 3 4\nint p;\n# 2 \"b.h\" 2\nint c;\n# 2 \"a.c\" 2\nint d;\n";
        let want = "#line 1 \"a.c\"\nint a;\n#line 1 \"b.h\"\nint b;\n# 1 \"/usr/include/stdio.h\" 1 3 4\nint p;\n# 2 \"b.h\" 2\nint c;\n#line 2 \"a.c\"\nint d;\n";
        assert_eq!(standard_directives(pre), want);
    }

    #[test]
    fn a_system_macro_in_the_file_becomes_the_files_tokens() {
        let pre = "# 1 \"a.c\"\nvoid *p = \n# 1 \"a.c\" 3 4\n((void *)0)\n# 1 \"a.c\"\n;\n";
        let want = "#line 1 \"a.c\"\nvoid *p = \n#line 1 \"a.c\"\n((void *)0)\n#line 1 \"a.c\"\n;\n";
        assert_eq!(standard_directives(pre), want);
        // `#pragma GCC system_header` in a header: the rest of it stays a system header.
        let pre = "# 1 \"a.c\"\n# 1 \"b.h\" 1\nint b;\n# 2 \"b.h\" 3\nint c;\n# 2 \"a.c\" 2\n";
        let want = "\n#line 1 \"b.h\"\nint b;\n# 2 \"b.h\" 3\nint c;\n# 2 \"a.c\"\n";
        assert_eq!(standard_directives(pre), want);
    }

    #[test]
    fn resync_counts_the_lines_after_the_last_marker() {
        let t = "x = f((char *)\n# 6 \"nl.c\" 3 4\n((void *)0)\n# 6 \"nl.c\"\n+ 1\n);\n";
        let end = t.find(");").unwrap() + 2;
        assert_eq!(resync(t, 0, end).unwrap().to_string(), "# 7 \"nl.c\"");
        assert!(resync(t, 0, 5).is_none());
    }
}
