//! Template parsing: an asm template becomes literal text and placeholders.
//!
//! gcc resolves `{att|intel}` dialect alternatives while it prints, so which `%` sequences are
//! even looked at depends on the dialect (`"{%0|%9}"` is valid AT&T with one operand and invalid
//! Intel). [`parse_template`] therefore parses for one dialect, with gcc's exact rules and
//! messages; [`dialect_alternatives`] shows the alternatives of a template for display.

use crate::diag::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Assembler syntax.
///
/// gcc prints a template as it is written: it never translates AT&T to Intel. A template that
/// must assemble under both `-masm=att` and `-masm=intel` carries both spellings in dialect
/// alternatives, `{att|intel}`: the first is printed for [`Dialect::Att`], the second for
/// [`Dialect::Intel`] (a group with one alternative prints nothing in Intel). Operands follow
/// the dialect on their own (`%0` is `%eax` or `eax`), so an AT&T-only template rendered for
/// Intel gives Intel operands in AT&T order, which the assembler rejects or, worse, accepts
/// with the operands swapped.
///
/// ```
/// use exasm_core::{facts::{OperandFacts, ValueKind}, pipeline::compile_str, render::RenderOptions};
/// use exasm_core::target::Target;
/// use exasm_core::template::Dialect;
/// let src = r#"asm ("{addl %1, %0|add %0, %1}" : "+r" (a) : "r" (b))"#;
/// let int = OperandFacts::lvalue(ValueKind::Int, 4);
/// let facts = [int.clone(), int];
/// let intel = Target { dialect: Dialect::Intel, ..Target::default() };
/// let att = compile_str(src, &facts, &Target::default(), &RenderOptions::default()).unwrap();
/// assert_eq!(att.text, "addl %ecx, %eax");
/// assert_eq!(compile_str(src, &facts, &intel, &RenderOptions::default()).unwrap().text, "add eax, ecx");
/// ```
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// AT&T (`-masm=att`, gcc's default); the first of `{att|intel}`.
    #[default]
    Att,
    /// Intel (`-masm=intel`); the second of `{att|intel}`.
    Intel,
}

impl Dialect {
    fn index(self) -> usize {
        match self {
            Dialect::Att => 0,
            Dialect::Intel => 1,
        }
    }
}

/// Which operand a placeholder names.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OperandRef<'a> {
    /// `%3`.
    Number(u32),
    /// `%[name]`, before validation resolves it to a number; borrowed from the template.
    Name(&'a str),
}

/// One piece of a parsed template, borrowing the template's text.
///
/// ```
/// use exasm_core::template::{parse_template, Dialect, OperandRef, Piece};
/// let (pieces, _) = parse_template("rep movsb # %=, 100%%", Dialect::Att);
/// assert_eq!(pieces, [
///     Piece::Text { text: "rep movsb # ".into() },
///     Piece::Unique,
///     Piece::Text { text: ", 100%".into() },
/// ]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Piece<'a> {
    /// Literal text, `%%`, `%{`, `%|` and `%}` already turned into their characters. A run of
    /// text is borrowed from the template; it is owned only when an escape or a skipped dialect
    /// alternative joined two runs.
    Text {
        /// The text.
        #[serde(borrow)]
        text: Cow<'a, str>,
    },
    /// `%N`, `%[name]`, `%kN`, `%l[label]`.
    Operand {
        /// The operand.
        #[serde(borrow)]
        operand: OperandRef<'a>,
        /// The modifier letter, if any.
        modifier: Option<char>,
        /// Byte range of the placeholder in the template string.
        span: Span,
    },
    /// `%=`: a number unique to the statement instance.
    Unique,
    /// `%` followed by one of x86's punctuation codes (`%*`, `%~`, `%;`, ...).
    Punct {
        /// The punctuation character.
        code: char,
    },
}

/// A template error, with gcc's message (after `invalid 'asm': `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// gcc's message.
    pub message: String,
    /// Byte range in the template string.
    pub span: Span,
    /// Front-end errors (named operands) are reported without the `invalid 'asm': ` prefix.
    pub front_end: bool,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.front_end {
            f.write_str(&self.message)
        } else {
            write!(f, "invalid 'asm': {}", self.message)
        }
    }
}

/// x86's punctuation codes (`ix86_print_operand_punct_valid_p`).
pub const PUNCT_CODES: &str = "*+&;~^!";

/// Parses `template` as gcc prints it in `dialect`.
///
/// Errors do not stop the parse: like gcc, the offending characters are kept as text and every
/// error is returned.
///
/// ```
/// use exasm_core::template::{parse_template, Dialect, OperandRef, Piece};
/// let (pieces, errs) = parse_template("mov{l %1, %k0| %k0, %1}", Dialect::Intel);
/// assert!(errs.is_empty());
/// assert_eq!(pieces[0], Piece::Text { text: "mov ".into() });
/// assert!(matches!(&pieces[1], Piece::Operand { operand: OperandRef::Number(0), modifier: Some('k'), .. }));
/// ```
pub fn parse_template(template: &str, dialect: Dialect) -> (Vec<Piece<'_>>, Vec<TemplateError>) {
    // Each `%` gives at most one placeholder and ends at most one text piece.
    let percents = template.bytes().filter(|&b| b == b'%').count();
    let mut p = TemplateParser { src: template, t: template.as_bytes(), pos: 0, pieces: Vec::with_capacity(2 * percents + 1), errors: Vec::new(), run: 0..0, joined: None };
    p.run(dialect.index());
    p.flush();
    (p.pieces, p.errors)
}

/// Parses the `%[name]` references the way gcc's front end does before anything else (for every
/// dialect alternative), calling `resolve` for each name; returns front-end errors.
///
/// ```
/// use exasm_core::template::check_named_references;
/// let errs = check_named_references("%[a] %k[b] %[c", |n| n == "a" || n == "b");
/// assert_eq!(errs[0].message, "missing close brace for named operand");
/// let errs = check_named_references("%[zz]", |_| false);
/// assert_eq!(errs[0].message, "undefined named operand 'zz'");
/// ```
pub fn check_named_references(template: &str, mut known: impl FnMut(&str) -> bool) -> Vec<TemplateError> {
    let t = template.as_bytes();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t[i] != b'%' {
            i += 1;
            continue;
        }
        let bracket = if t.get(i + 1) == Some(&b'[') {
            i + 1
        } else if t.get(i + 1).is_some_and(u8::is_ascii_alphabetic) && t.get(i + 2) == Some(&b'[') {
            i + 2
        } else {
            i += 1 + usize::from(t.get(i + 1) == Some(&b'%'));
            continue;
        };
        match t[bracket + 1..].iter().position(|&b| b == b']') {
            None => {
                errors.push(TemplateError {
                    message: "missing close brace for named operand".into(),
                    span: Span::new(i, t.len()),
                    front_end: true,
                });
                return errors;
            }
            Some(len) => {
                let name = String::from_utf8_lossy(&t[bracket + 1..bracket + 1 + len]);
                let end = bracket + 2 + len;
                if !known(&name) {
                    errors.push(TemplateError {
                        message: format!("undefined named operand '{name}'"),
                        span: Span::new(i, end),
                        front_end: true,
                    });
                }
                i = end;
            }
        }
    }
    errors
}

struct TemplateParser<'a> {
    src: &'a str,
    t: &'a [u8],
    pos: usize,
    pieces: Vec<Piece<'a>>,
    errors: Vec<TemplateError>,
    /// The text of the current piece while it is one run of the template.
    run: std::ops::Range<usize>,
    /// The text of the current piece once two runs were joined.
    joined: Option<String>,
}

impl<'a> TemplateParser<'a> {
    fn at(&self, i: usize) -> u8 {
        self.t.get(i).copied().unwrap_or(0)
    }

    /// Appends `start..end` of the template (cut at ASCII bytes, so at character boundaries) to
    /// the current text piece.
    fn append(&mut self, start: usize, end: usize) {
        if let Some(joined) = &mut self.joined {
            joined.push_str(&self.src[start..end]);
        } else if self.run.is_empty() {
            self.run = start..end;
        } else if self.run.end == start {
            self.run.end = end;
        } else {
            let mut joined = String::with_capacity(self.run.len() + end - start + 16);
            joined.push_str(&self.src[self.run.clone()]);
            joined.push_str(&self.src[start..end]);
            self.joined = Some(joined);
        }
    }

    fn flush(&mut self) {
        if let Some(joined) = self.joined.take() {
            self.pieces.push(Piece::Text { text: Cow::Owned(joined) });
        } else if !self.run.is_empty() {
            self.pieces.push(Piece::Text { text: Cow::Borrowed(&self.src[self.run.clone()]) });
        }
        self.run = 0..0;
    }

    fn error(&mut self, start: usize, message: &str) {
        self.errors.push(TemplateError { message: message.into(), span: Span::new(start, self.pos), front_end: false });
    }

    fn run(&mut self, dialect: usize) {
        let mut in_alternative = false;
        while self.pos < self.t.len() {
            let c = self.t[self.pos];
            self.pos += 1;
            match c {
                b'{' => {
                    if in_alternative {
                        self.error(self.pos - 1, "nested assembly dialect alternatives");
                    } else {
                        in_alternative = true;
                    }
                    // Skip `dialect` alternatives ending with '|'.
                    for _ in 0..dialect {
                        while self.pos < self.t.len() && self.t[self.pos] != b'}' {
                            if self.t[self.pos] == b'|' {
                                self.pos += 1;
                                break;
                            }
                            if self.t[self.pos] == b'%' {
                                self.pos += 1;
                            }
                            if self.pos < self.t.len() {
                                self.pos += 1;
                            }
                        }
                        if self.at(self.pos) == b'}' {
                            break;
                        }
                    }
                    if self.pos >= self.t.len() {
                        self.error(self.pos, "unterminated assembly dialect alternative");
                    }
                }
                b'|' if in_alternative => {
                    // Skip to the closing brace.
                    loop {
                        if self.pos >= self.t.len() {
                            self.error(self.pos, "unterminated assembly dialect alternative");
                            break;
                        }
                        if self.t[self.pos] == b'%' && self.pos + 1 < self.t.len() {
                            self.pos += 2;
                            continue;
                        }
                        self.pos += 1;
                        if self.t[self.pos - 1] == b'}' {
                            break;
                        }
                    }
                    in_alternative = false;
                }
                b'}' if in_alternative => in_alternative = false,
                b'%' => self.percent(),
                _ => {
                    // Copy the run of plain text up to the next byte that may mean something.
                    let start = self.pos - 1;
                    while self.pos < self.t.len() && !matches!(self.t[self.pos], b'{' | b'|' | b'}' | b'%') {
                        self.pos += 1;
                    }
                    self.append(start, self.pos);
                }
            }
        }
    }

    /// Digits at the current position; a number too large for `u32` is `u32::MAX`, which no
    /// operand has.
    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.t.get(self.pos).filter(|b| b.is_ascii_digit()) {
            n = n.checked_mul(10).and_then(|n| n.checked_add(u32::from(d - b'0'))).unwrap_or(u32::MAX);
            self.pos += 1;
        }
        (self.pos > start).then_some(n)
    }

    /// `[name]` at the current position, if there is one with a closing bracket.
    fn name(&mut self) -> Option<&'a str> {
        if self.at(self.pos) != b'[' {
            return None;
        }
        let len = self.t[self.pos + 1..].iter().position(|&b| b == b']')?;
        let name = &self.src[self.pos + 1..self.pos + 1 + len];
        self.pos += len + 2;
        Some(name)
    }

    fn operand_ref(&mut self) -> Option<OperandRef<'a>> {
        self.number().map(OperandRef::Number).or_else(|| self.name().map(OperandRef::Name))
    }

    fn percent(&mut self) {
        let start = self.pos - 1;
        let c = self.at(self.pos);
        match c {
            b'%' | b'{' | b'}' | b'|' => {
                self.append(self.pos, self.pos + 1);
                self.pos += 1;
            }
            b'=' => {
                self.pos += 1;
                self.flush();
                self.pieces.push(Piece::Unique);
            }
            c if c.is_ascii_alphabetic() => {
                self.pos += 1;
                match self.operand_ref() {
                    Some(operand) => {
                        self.flush();
                        let span = Span::new(start, self.pos);
                        self.pieces.push(Piece::Operand { operand, modifier: Some(c as char), span });
                    }
                    None => self.error(start, "operand number missing after %-letter"),
                }
            }
            c if c.is_ascii_digit() || c == b'[' => match self.operand_ref() {
                Some(operand) => {
                    self.flush();
                    let span = Span::new(start, self.pos);
                    self.pieces.push(Piece::Operand { operand, modifier: None, span });
                }
                None => self.error(start, "invalid %-code"),
            },
            c if c != 0 && PUNCT_CODES.as_bytes().contains(&c) => {
                self.pos += 1;
                self.flush();
                self.pieces.push(Piece::Punct { code: c as char });
            }
            _ => self.error(start, "invalid %-code"),
        }
    }
}

/// The dialect alternatives of a template, for display: `[(att, intel)]` text per `{...}` group
/// in order. Templates without alternatives give an empty list.
///
/// ```
/// let alts = exasm_core::template::dialect_alternatives("x{a|b}y{c|d}");
/// assert_eq!(alts, vec![("a".to_string(), "b".to_string()), ("c".into(), "d".into())]);
/// ```
pub fn dialect_alternatives(template: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => i += 2,
            b'{' => {
                let mut parts = vec![String::new()];
                i += 1;
                while i < b.len() && b[i] != b'}' {
                    if b[i] == b'|' {
                        parts.push(String::new());
                    } else {
                        let n = if b[i] == b'%' && i + 1 < b.len() { 2 } else { 1 };
                        parts.last_mut().expect("non-empty").push_str(&String::from_utf8_lossy(&b[i..i + n]));
                        i += n - 1;
                    }
                    i += 1;
                }
                i += 1;
                let intel = parts.get(1).cloned().unwrap_or_default();
                out.push((parts.swap_remove(0), intel));
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn att(t: &str) -> Vec<Piece<'_>> {
        let (p, e) = parse_template(t, Dialect::Att);
        assert!(e.is_empty(), "{e:?}");
        p
    }

    fn errs(t: &str, d: Dialect) -> Vec<String> {
        parse_template(t, d).1.into_iter().map(|e| e.to_string()).collect()
    }

    fn text(s: &str) -> Piece<'_> {
        Piece::Text { text: s.into() }
    }

    #[test]
    fn escapes_become_text() {
        assert_eq!(att("a%%b%{%|%}"), vec![text("a%b{|}")]);
    }

    #[test]
    fn runs_of_plain_text_are_borrowed() {
        let p = att("addl %1, %0");
        assert!(matches!(&p[0], Piece::Text { text: Cow::Borrowed("addl ") }));
        assert!(matches!(&p[2], Piece::Text { text: Cow::Borrowed(", ") }));
        assert!(matches!(&att("a%%b")[0], Piece::Text { text: Cow::Owned(t) } if t == "a%b"));
    }

    #[test]
    fn numbers_names_and_modifiers() {
        let p = att("%0 %k12 %[out] %l[lab]");
        let ops: Vec<_> = p
            .iter()
            .filter_map(|p| match p {
                Piece::Operand { operand, modifier, .. } => Some((*operand, *modifier)),
                _ => None,
            })
            .collect();
        assert_eq!(
            ops,
            vec![
                (OperandRef::Number(0), None),
                (OperandRef::Number(12), Some('k')),
                (OperandRef::Name("out"), None),
                (OperandRef::Name("lab"), Some('l')),
            ]
        );
    }

    #[test]
    fn operand_numbers_too_large_for_u32_name_no_operand() {
        let p = att("%4294967295 %4294967296 %12");
        let numbers: Vec<u32> = p.iter().filter_map(|p| match p {
            Piece::Operand { operand: OperandRef::Number(n), .. } => Some(*n),
            _ => None,
        }).collect();
        assert_eq!(numbers, [u32::MAX, u32::MAX, 12]);
    }

    #[test]
    fn unique_and_punctuation() {
        assert_eq!(att("1%=:%*"), vec![text("1"), Piece::Unique, text(":"), Piece::Punct { code: '*' }]);
    }

    #[test]
    fn dialects_select_their_alternative() {
        assert_eq!(att("{a|b}c"), vec![text("ac")]);
        assert_eq!(parse_template("{a|b}c", Dialect::Intel).0, vec![text("bc")]);
        assert_eq!(parse_template("{a}c", Dialect::Intel).0, vec![text("c")]);
        assert_eq!(att("a|b}"), vec![text("a|b}")]);
    }

    #[test]
    fn errors_follow_gcc() {
        assert_eq!(errs("%k", Dialect::Att), vec!["invalid 'asm': operand number missing after %-letter"]);
        assert_eq!(errs("%@", Dialect::Att), vec!["invalid 'asm': invalid %-code"]);
        assert_eq!(errs("{a{b|c}}", Dialect::Att), vec!["invalid 'asm': nested assembly dialect alternatives"]);
        assert_eq!(errs("{a|b", Dialect::Att), vec!["invalid 'asm': unterminated assembly dialect alternative"]);
        assert_eq!(errs("{a", Dialect::Intel), vec!["invalid 'asm': unterminated assembly dialect alternative"]);
    }

    #[test]
    fn skipped_alternatives_are_not_checked() {
        assert!(errs("{%0|%@}", Dialect::Att).is_empty());
        assert_eq!(errs("{%0|%@}", Dialect::Intel), vec!["invalid 'asm': invalid %-code"]);
    }
}
