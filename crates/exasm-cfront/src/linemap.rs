//! Locations in the original files, recovered from the line markers of preprocessed text.
//!
//! `cc -E` writes `# 12 "dir/file.h" 2` before each run of lines that comes from another place;
//! every byte of the preprocessed text maps to a file and a line through the closest marker
//! before it. Columns need more care: the preprocessor keeps the indentation of a line's first
//! token but collapses the spaces between tokens and turns a tab into one space, while gcc
//! reports display columns (a tab advances to the next multiple of 8). [`LineMap::locate`]
//! therefore compares the preprocessed line with the original line when the original file can
//! be read, and counts columns the way gcc does.

use exasm_core::diag::Span;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// A place in an original source file, as gcc prints it: `file:line:col`, both 1-based, the
/// column in display columns (a tab advances to the next multiple of 8).
///
/// ```
/// use exasm_cfront::linemap::Location;
/// let l = Location { file: "a.c".into(), line: 3, col: 5 };
/// assert_eq!(l.to_string(), "a.c:3:5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file name as the line marker spells it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based display column.
    pub col: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// A value with the original location it is about.
///
/// ```
/// use exasm_cfront::linemap::{Located, Location};
/// use exasm_core::diag::{Diagnostic, Span};
/// let d = Located {
///     location: Location { file: "a.c".into(), line: 2, col: 3 },
///     value: Diagnostic::error(Span::new(10, 13), "lvalue required in 'asm' statement"),
/// };
/// assert_eq!(d.to_string(), "a.c:2:3: error: lvalue required in 'asm' statement");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Located<T> {
    /// Where.
    pub location: Location,
    /// What.
    pub value: T,
}

impl<T: fmt::Display> fmt::Display for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.value)
    }
}

/// One line marker: from `offset` on, the text is line `line` of file `file`.
#[derive(Clone, Debug)]
struct Marker {
    offset: usize,
    file: usize,
    line: u32,
}

/// An original file's text and the offset of each of its lines.
type Source = (String, Vec<usize>);

/// Maps byte offsets of preprocessed text to original `file:line:col`.
///
/// ```
/// use exasm_cfront::linemap::LineMap;
/// let text = "# 1 \"main.c\"\nint a;\n# 7 \"inc.h\" 1\nint b;\n";
/// let map = LineMap::new(text);
/// let b = text.find("int b").unwrap();
/// assert_eq!(map.locate(b + 4).to_string(), "inc.h:7:5");
/// assert_eq!(map.locate(text.find("a;").unwrap()).to_string(), "main.c:1:5");
/// ```
#[derive(Debug)]
pub struct LineMap {
    text: String,
    files: Vec<String>,
    markers: Vec<Marker>,
    line_starts: Vec<usize>,
    /// Original files read so far, by file index.
    sources: RefCell<HashMap<usize, Option<Source>>>,
    read_sources: bool,
}

impl Clone for LineMap {
    fn clone(&self) -> Self {
        LineMap {
            text: self.text.clone(),
            files: self.files.clone(),
            markers: self.markers.clone(),
            line_starts: self.line_starts.clone(),
            sources: RefCell::new(self.sources.borrow().clone()),
            read_sources: self.read_sources,
        }
    }
}

impl LineMap {
    /// Reads the line markers of `text`. Text before the first marker is line 1 of `"<stdin>"`.
    /// Columns are taken from `text` alone; see [`LineMap::with_sources`].
    pub fn new(text: &str) -> LineMap {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        let mut map = LineMap {
            text: text.to_string(),
            files: vec!["<stdin>".to_string()],
            markers: vec![Marker {
                offset: 0,
                file: 0,
                line: 1,
            }],
            line_starts,
            sources: RefCell::new(HashMap::new()),
            read_sources: false,
        };
        for i in 0..map.line_starts.len() {
            let start = map.line_starts[i];
            let end = map.line_starts.get(i + 1).map_or(text.len(), |e| e - 1);
            // Only a line whose first character past its blanks is `#` (or a character
            // beyond ASCII, which `parse_marker` judges) can be a marker.
            let first = text.as_bytes()[start..end].iter().find(|b| !b.is_ascii_whitespace());
            if !first.is_some_and(|&b| b == b'#' || !b.is_ascii()) {
                continue;
            }
            if let Some((line, file)) = parse_marker(&text[start..end]) {
                let file = match map.files.iter().position(|f| *f == file) {
                    Some(ix) => ix,
                    None => {
                        map.files.push(file);
                        map.files.len() - 1
                    }
                };
                let next = map.line_starts.get(i + 1).copied().unwrap_or(text.len());
                map.markers.push(Marker {
                    offset: next,
                    file,
                    line,
                });
            }
        }
        map
    }

    /// Like [`LineMap::new`], and columns are corrected by reading the original files named by
    /// the markers (when they can be read), so that they match gcc's even where the
    /// preprocessor collapsed spaces or tabs.
    pub fn with_sources(text: &str) -> LineMap {
        LineMap {
            read_sources: true,
            ..LineMap::new(text)
        }
    }

    /// Names the text before the first line marker (`"<stdin>"` until set).
    pub fn set_default_file(&mut self, name: &str) {
        self.files[0] = name.to_string();
    }

    /// The preprocessed text this map was built from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original location of byte `offset`.
    pub fn locate(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let m = &self.markers[self
            .markers
            .partition_point(|m| m.offset <= offset)
            .saturating_sub(1)];
        let line_ix = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let marker_line_ix = self
            .line_starts
            .partition_point(|&s| s <= m.offset)
            .saturating_sub(1);
        let line = m.line as usize + line_ix - marker_line_ix.min(line_ix);
        let line_start = self.line_starts[line_ix];
        let pp_line = self.line_text(line_ix);
        let col = self
            .with_original_line(m.file, line, |orig| original_column(pp_line, offset - line_start, orig))
            .flatten()
            .unwrap_or_else(|| display_column(pp_line, offset - line_start));
        Location {
            file: self.files[m.file].clone(),
            line: line as u32,
            col: col as u32,
        }
    }

    /// Where line `line` (1-based) of the preprocessed text came from; `None` for a line
    /// marker itself, or past the end.
    pub fn locate_line(&self, line: usize) -> Option<Location> {
        let ix = line.checked_sub(1)?;
        let start = *self.line_starts.get(ix)?;
        if parse_marker(self.line_text(ix)).is_some() {
            return None;
        }
        Some(self.locate(start))
    }

    /// The original location of the start of `span`.
    pub fn locate_span(&self, span: Span) -> Location {
        self.locate(span.start as usize)
    }

    fn line_text(&self, line_ix: usize) -> &str {
        let start = self.line_starts[line_ix];
        let end = self
            .line_starts
            .get(line_ix + 1)
            .map_or(self.text.len(), |e| e - 1);
        &self.text[start..end]
    }

    /// Calls `f` with line `line` (1-based) of original file `file`, read once and cached.
    fn with_original_line<T>(&self, file: usize, line: usize, f: impl FnOnce(&str) -> T) -> Option<T> {
        if !self.read_sources {
            return None;
        }
        let mut cache = self.sources.borrow_mut();
        let source = cache.entry(file).or_insert_with(|| {
            std::fs::read(&self.files[file]).ok().map(|bytes| {
                let text = crate::Encoding::text(bytes);
                let starts = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                (text, starts)
            })
        });
        let (text, starts) = source.as_ref()?;
        let ix = line.checked_sub(1)?;
        let start = *starts.get(ix)?;
        if start >= text.len() {
            return None;
        }
        let end = starts.get(ix + 1).map_or(text.len(), |&e| e - 1);
        Some(f(text[start..end].strip_suffix('\r').unwrap_or(&text[start..end])))
    }
}

/// `# 12 "file" 1 3` or `#line 12 "file"`: the line number and file name.
fn parse_marker(line: &str) -> Option<(u32, String)> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("line").unwrap_or(rest).trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let n: u32 = rest[..digits].parse().ok()?;
    let rest = rest[digits..].trim_start().strip_prefix('"')?;
    let mut name = Vec::new();
    let mut chars = rest.char_indices();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => return Some((n, String::from_utf8_lossy(&name).into_owned())),
            '\\' => {
                let mut tmp = Vec::new();
                let (_, e) = chars.next()?;
                let mut s = String::from('\\');
                s.push(e);
                if e.is_digit(8) {
                    for _ in 0..2 {
                        match chars.clone().next() {
                            Some((_, d)) if d.is_digit(8) => {
                                s.push(d);
                                chars.next();
                            }
                            _ => break,
                        }
                    }
                }
                exasm_core::parse::unescape(&s, &mut tmp);
                name.extend(tmp);
            }
            c => {
                let mut buf = [0; 4];
                name.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    None
}

/// gcc's display column of byte `byte_col` (0-based) of `line`: tabs advance to the next
/// multiple of 8, every other character counts one.
fn display_column(line: &str, byte_col: usize) -> usize {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if i >= byte_col {
            break;
        }
        col = if c == '\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        };
    }
    if byte_col > line.len() {
        col += byte_col - line.len();
    }
    col + 1
}

/// The display column in the original line of the token at `byte_col` of the preprocessed line,
/// when every token before it on the line is the same in both (no macro was expanded there).
fn original_column(pp_line: &str, byte_col: usize, orig: &str) -> Option<usize> {
    if pp_line == orig {
        return Some(display_column(orig, byte_col));
    }
    let pp = line_tokens(pp_line);
    let k = pp.iter().position(|t| t.0 == byte_col)?;
    let or = line_tokens(orig);
    if or.len() <= k || (0..=k).any(|i| pp[i].1 != or[i].1) {
        return None;
    }
    Some(display_column(orig, or[k].0))
}

/// Rough C tokens of one line: (start byte, text). Enough to align two spellings of a line.
fn line_tokens(line: &str) -> Vec<(usize, &str)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'"' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.' || b[i] >= 0x80)
            {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push((start, &line[start..i.min(line.len())]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_count_to_the_next_multiple_of_eight() {
        assert_eq!(display_column("\tasm", 1), 9);
        assert_eq!(display_column("  \t asm", 4), 10);
        assert_eq!(display_column("x", 0), 1);
    }

    #[test]
    fn collapsed_spaces_are_restored_from_the_original_line() {
        let orig = "int    x   =\t1;";
        let pp = "int x = 1;";
        assert_eq!(original_column(pp, 8, orig), Some(17));
        assert_eq!(original_column("int y = 1;", 8, orig), None);
    }

    #[test]
    fn marker_file_names_are_unescaped() {
        assert_eq!(
            parse_marker(r#"# 5 "a\\b.c" 2"#),
            Some((5, r"a\b.c".to_string()))
        );
        assert_eq!(
            parse_marker("#line 9 \"x.c\""),
            Some((9, "x.c".to_string()))
        );
        assert_eq!(parse_marker("#pragma once"), None);
    }
}
