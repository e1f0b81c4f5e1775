//! The statement model: one GCC asm statement as written, with spans.

use crate::diag::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its place in the parsed text.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// An asm qualifier. Each may appear once, in any order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// `volatile`, `__volatile`, `__volatile__`.
    Volatile,
    /// `inline`, `__inline`, `__inline__`.
    Inline,
    /// `goto`.
    Goto,
}

impl Qualifier {
    /// The qualifier a spelling denotes.
    ///
    /// ```
    /// use exasm_core::stmt::Qualifier;
    /// assert_eq!(Qualifier::from_spelling("__volatile__"), Some(Qualifier::Volatile));
    /// assert_eq!(Qualifier::from_spelling("const"), None);
    /// ```
    pub fn from_spelling(s: &str) -> Option<Qualifier> {
        match s {
            "volatile" | "__volatile" | "__volatile__" => Some(Qualifier::Volatile),
            "inline" | "__inline" | "__inline__" => Some(Qualifier::Inline),
            "goto" => Some(Qualifier::Goto),
            _ => None,
        }
    }

    /// The plain spelling, as gcc names it in diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Volatile => "volatile",
            Qualifier::Inline => "inline",
            Qualifier::Goto => "goto",
        }
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One output or input operand: `[name] "constraint" (expression)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperandDecl {
    /// The symbolic name, without brackets.
    pub name: Option<Spanned<String>>,
    /// The constraint string, string literals concatenated and unescaped. The span covers the
    /// literals.
    pub constraint: Spanned<String>,
    /// The C expression, verbatim (without the parentheses).
    pub expr: Spanned<String>,
}

/// One asm statement as written.
///
/// `sections` says how many `:` were written: 0 is basic asm (no operand processing at all), 1 to 4
/// are extended asm. A compiler with its own parser fills it from its tree; spans are byte
/// offsets into the text diagnostics will be shown against.
///
/// ```
/// use exasm_core::diag::Span;
/// use exasm_core::stmt::{AsmStmt, OperandDecl, Spanned};
/// let at = Span::new(0, 0);
/// let operand = |c: &str, e: &str| OperandDecl { name: None, constraint: Spanned::new(c.into(), at), expr: Spanned::new(e.into(), at) };
/// let stmt = AsmStmt {
///     span: at,
///     keyword: Spanned::new("asm".into(), at),
///     qualifiers: vec![],
///     template: Spanned::new("incl %0".into(), at),
///     sections: 1,
///     outputs: vec![operand("+rm", "n")],
///     inputs: vec![],
///     clobbers: vec![],
///     labels: vec![],
/// };
/// assert_eq!(stmt.to_c(), r#"asm ("incl %0" : "+rm" (n))"#);
/// assert_eq!(stmt.operand_count(), 2); // the output and its hidden input
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsmStmt {
    /// From the keyword to the closing parenthesis.
    pub span: Span,
    /// `asm`, `__asm` or `__asm__`.
    pub keyword: Spanned<String>,
    /// Qualifiers as written, repeats included (validation reports them).
    pub qualifiers: Vec<Spanned<Qualifier>>,
    /// The template: string literals concatenated, C escapes applied.
    pub template: Spanned<String>,
    /// Number of `:` section separators written (0..=4).
    pub sections: u8,
    /// Output operands.
    pub outputs: Vec<OperandDecl>,
    /// Input operands.
    pub inputs: Vec<OperandDecl>,
    /// Clobber strings, unescaped.
    pub clobbers: Vec<Spanned<String>>,
    /// Goto labels.
    pub labels: Vec<Spanned<String>>,
}

impl AsmStmt {
    /// Basic asm: no colon, the template is copied verbatim.
    pub fn is_basic(&self) -> bool {
        self.sections == 0
    }

    /// Has the qualifier been written?
    pub fn has(&self, q: Qualifier) -> bool {
        self.qualifiers.iter().any(|x| x.value == q)
    }

    /// `asm goto`.
    pub fn is_goto(&self) -> bool {
        self.has(Qualifier::Goto)
    }

    /// Volatile as written or implied: gcc treats an asm without outputs, basic asm and every asm
    /// goto as volatile.
    pub fn is_volatile(&self) -> bool {
        self.has(Qualifier::Volatile) || self.outputs.is_empty() || self.is_goto()
    }

    /// Number of `+` outputs; each adds a hidden input operand.
    pub fn read_write_outputs(&self) -> usize {
        self.outputs.iter().filter(|o| o.constraint.value.contains('+')).count()
    }

    /// Operand count as gcc numbers them: outputs, inputs, one hidden input per `+` output, labels.
    pub fn operand_count(&self) -> usize {
        self.outputs.len() + self.inputs.len() + self.read_write_outputs() + self.labels.len()
    }

    /// Renders the statement as C source text that parses back to the same model (spans aside).
    ///
    /// ```
    /// let src = r#"__asm__ volatile ("addl %1, %0" : [x] "+r" (a) : "g" (b) : "cc")"#;
    /// let stmt = exasm_core::parse::parse_statements(src).statements.remove(0);
    /// assert_eq!(stmt.to_c(), src);
    /// ```
    pub fn to_c(&self) -> String {
        let mut s = self.keyword.value.clone();
        for q in &self.qualifiers {
            s.push(' ');
            s.push_str(q.value.as_str());
        }
        s.push_str(" (");
        s.push_str(&c_string_literal(&self.template.value));
        let operands = |ops: &[OperandDecl]| {
            ops.iter()
                .map(|o| {
                    let name = o.name.as_ref().map(|n| format!("[{}] ", n.value)).unwrap_or_default();
                    format!("{name}{} ({})", c_string_literal(&o.constraint.value), o.expr.value)
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let sections = [
            operands(&self.outputs),
            operands(&self.inputs),
            self.clobbers.iter().map(|c| c_string_literal(&c.value)).collect::<Vec<_>>().join(", "),
            self.labels.iter().map(|l| l.value.clone()).collect::<Vec<_>>().join(", "),
        ];
        for text in sections.iter().take(self.sections as usize) {
            s.push_str(" :");
            if !text.is_empty() {
                s.push(' ');
                s.push_str(text);
            }
        }
        s.push(')');
        s
    }
}

/// Quotes `s` as a C string literal, escaping what C requires.
///
/// ```
/// assert_eq!(exasm_core::stmt::c_string_literal("a\n\t\"%0\""), r#""a\n\t\"%0\"""#);
/// ```
pub fn c_string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
