//! Source spans and diagnostics.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte range in the text a statement was parsed from.
///
/// Equality is exact: there is no wildcard span.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The text this span covers in `src`, or `""` when it is out of range.
    pub fn text(self, src: &str) -> &str {
        src.get(self.start as usize..self.end as usize).unwrap_or("")
    }

    /// This span moved right by `delta` bytes.
    #[must_use]
    pub fn shifted(self, delta: u32) -> Span {
        Span { start: self.start + delta, end: self.end + delta }
    }
}

/// How serious a diagnostic is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The statement is rejected (gcc `error:`).
    Error,
    /// Accepted with a warning (gcc `warning:`).
    Warning,
    /// Extra information attached to another diagnostic.
    Note,
    /// gcc refuses what it has not implemented (`sorry, unimplemented:`): the input is
    /// rejected, as with an error.
    Sorry,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
            Severity::Sorry => "sorry, unimplemented",
        })
    }
}

/// One message about the input, worded as gcc 12 words it.
///
/// ```
/// use exasm_core::diag::{Diagnostic, Span};
/// let d = Diagnostic::error(Span::new(4, 8), "output operand constraint lacks '='");
/// assert_eq!(d.to_string(), "error: output operand constraint lacks '='");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// gcc's text, with plain ASCII quotes.
    pub message: String,
    /// Where in the parsed text.
    pub span: Span,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, message: message.into(), span }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, message: message.into(), span }
    }

    /// Is this an error (or gcc's "sorry, unimplemented", which rejects the input as one)?
    pub fn is_error(&self) -> bool {
        matches!(self.severity, Severity::Error | Severity::Sorry)
    }

    /// Line and column (1-based, the column in bytes as gcc counts) where the diagnostic's
    /// span starts in `src`, the text its statement was parsed from.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.span.start as usize)
    }

    /// The diagnostic as gcc prints its first line, `file:line:col: severity: message`, the
    /// line and column taken from `src`, the text its statement was parsed from.
    ///
    /// ```
    /// use exasm_core::{parse::parse_statements, target::Target, validate::validate};
    /// let src = "int f(int x) {\n  asm (\"\" : \"r\" (x));\n}\n";
    /// let stmt = parse_statements(src).statements.remove(0);
    /// let d = &validate(&stmt, &Target::default()).reported()[0];
    /// assert_eq!(d.display_in("f.c", src).to_string(), "f.c:2:3: error: output operand constraint lacks '='");
    /// ```
    pub fn display_in<'a>(&'a self, file: &'a str, src: &'a str) -> DiagnosticDisplay<'a> {
        DiagnosticDisplay { diagnostic: self, file, src }
    }
}

/// A diagnostic with its file, line and column; from [`Diagnostic::display_in`].
pub struct DiagnosticDisplay<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a str,
    src: &'a str,
}

impl fmt::Display for DiagnosticDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, col) = self.diagnostic.line_col(self.src);
        write!(f, "{}:{line}:{col}: {}", self.file, self.diagnostic)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)
    }
}

/// Line and column (both 1-based, column in bytes as gcc counts) of byte `offset` in `src`.
///
/// ```
/// assert_eq!(exasm_core::diag::line_col("ab\ncd", 4), (2, 2));
/// ```
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..offset.min(src.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = offset.min(src.len()) - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, col)
}
