//! Statement parser: asm statements from C text, operand expressions kept as opaque text.
//!
//! The parser needs no surrounding C: it finds each `asm`/`__asm`/`__asm__` keyword in the input
//! and parses the statement that follows. Syntax errors are reported with gcc's wording
//! ("expected ')' before ':' token").

use crate::diag::{Diagnostic, Span};
use crate::stmt::{AsmStmt, OperandDecl, Qualifier, Spanned};

/// What [`parse_statements`] found.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Every statement that parsed.
    pub statements: Vec<AsmStmt>,
    /// Syntax errors and qualifier errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses every asm statement in `src`.
///
/// ```
/// let p = exasm_core::parse::parse_statements(
///     r#"asm volatile goto ("jc %l[err]" : : "r" (x) : "cc" : err);"#);
/// assert!(p.diagnostics.is_empty());
/// let s = &p.statements[0];
/// assert!(s.is_goto() && s.is_volatile());
/// assert_eq!(s.inputs[0].expr.value, "x");
/// assert_eq!(s.labels[0].value, "err");
/// ```
pub fn parse_statements(src: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut lx = Lexer::new(src);
    while let Some(tok) = lx.next() {
        if tok.kind == Tok::Ident && is_asm_keyword(tok.text(src)) {
            let mut p = Parser { src, lx: lx.clone(), diags: Vec::new() };
            let result = p.statement(tok);
            out.diagnostics.append(&mut p.diags);
            lx = p.lx;
            if let Ok(stmt) = result {
                out.statements.push(stmt);
            }
        }
    }
    out
}

/// Parses one asm statement that starts at `offset` of `src` (at its keyword). Returns the
/// statement and the diagnostics, or the diagnostics alone when it does not parse.
///
/// ```
/// let src = "x = 1; __asm__ (\"nop\");";
/// let (stmt, diags) = exasm_core::parse::parse_statement_at(src, 7).unwrap();
/// assert!(stmt.is_basic() && diags.is_empty());
/// ```
pub fn parse_statement_at(src: &str, offset: usize) -> Result<(AsmStmt, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut lx = Lexer::new(src);
    lx.pos = offset;
    let tok = lx.next();
    let mut p = Parser { src, lx, diags: Vec::new() };
    match tok {
        Some(t) if t.kind == Tok::Ident && is_asm_keyword(t.text(src)) => match p.statement(t) {
            Ok(s) => Ok((s, p.diags)),
            Err(()) => Err(p.diags),
        },
        _ => Err(vec![Diagnostic::error(Span::new(offset, offset), "expected 'asm'")]),
    }
}

/// Parses a file-scope asm that starts at `offset` of `src` (at its keyword): gcc 12 takes only
/// `asm ( string-literal )` there, no qualifiers and no operands.
///
/// ```
/// use exasm_core::parse::parse_toplevel_at;
/// let (stmt, diags) = parse_toplevel_at("asm (\".globl f\");", 0).unwrap();
/// assert!(stmt.is_basic() && diags.is_empty());
/// let errors = parse_toplevel_at("asm volatile (\"nop\");", 0).unwrap_err();
/// assert_eq!(errors[0].message, "expected '(' before 'volatile'");
/// let errors = parse_toplevel_at("int g; asm (\"\" :: \"m\" (g));", 7).unwrap_err();
/// assert_eq!(errors[0].message, "expected ')' before '::' token");
/// ```
pub fn parse_toplevel_at(src: &str, offset: usize) -> Result<(AsmStmt, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut lx = Lexer::new(src);
    lx.pos = offset;
    let tok = lx.next();
    let mut p = Parser { src, lx, diags: Vec::new() };
    match tok {
        Some(t) if t.kind == Tok::Ident && is_asm_keyword(t.text(src)) => match p.toplevel(t) {
            Ok(s) => Ok((s, p.diags)),
            Err(()) => Err(p.diags),
        },
        _ => Err(vec![Diagnostic::error(Span::new(offset, offset), "expected 'asm'")]),
    }
}

/// Words that start a declaration: after `asm`, gcc's statement parser gives up at `(` and its
/// declaration parser reads them again.
fn is_declaration_keyword(word: &str) -> bool {
    matches!(
        word,
        "static" | "extern" | "auto" | "register" | "typedef" | "_Thread_local" | "__thread" | "void" | "char" | "short" | "int" | "long" | "float"
            | "double" | "signed" | "unsigned" | "_Bool" | "struct" | "union" | "enum"
    )
}

/// Is `word` one of the asm keywords?
pub fn is_asm_keyword(word: &str) -> bool {
    matches!(word, "asm" | "__asm" | "__asm__")
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident,
    Str,
    /// A string literal with an encoding prefix (`L"..."`, `u8"..."`).
    PrefixedStr,
    Char,
    Number,
    Punct,
}

#[derive(Copy, Clone, Debug)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
}

impl Token {
    fn text(self, src: &str) -> &str {
        &src[self.start..self.end]
    }
    fn span(self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A C tokenizer just good enough to walk over asm statements: comments and preprocessor line
/// markers are skipped, literals are kept whole.
#[derive(Clone)]
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer { src: src.as_bytes(), pos: 0 }
    }

    fn peek_byte(&self, off: usize) -> u8 {
        self.src.get(self.pos + off).copied().unwrap_or(0)
    }

    fn skip_trivia(&mut self) {
        loop {
            let b = self.peek_byte(0);
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else if b == b'/' && self.peek_byte(1) == b'*' {
                self.pos += 2;
                while self.pos < self.src.len() && !(self.peek_byte(0) == b'*' && self.peek_byte(1) == b'/') {
                    self.pos += 1;
                }
                self.pos = (self.pos + 2).min(self.src.len());
            } else if (b == b'/' && self.peek_byte(1) == b'/') || (b == b'#' && self.at_line_start()) {
                // A line comment or a preprocessor line: skipped to its end.
                while self.pos < self.src.len() && self.peek_byte(0) != b'\n' {
                    self.pos += 1;
                }
            } else {
                return;
            }
        }
    }

    fn at_line_start(&self) -> bool {
        self.src[..self.pos].iter().rev().take_while(|&&b| b != b'\n').all(|b| b.is_ascii_whitespace())
    }

    fn quoted(&mut self, quote: u8) {
        self.pos += 1;
        while self.pos < self.src.len() {
            match self.peek_byte(0) {
                b'\\' => self.pos += 2,
                b'\n' => return,
                b if b == quote => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.src.len());
    }

    fn next(&mut self) -> Option<Token> {
        self.skip_trivia();
        let start = self.pos;
        let b = *self.src.get(start)?;
        let kind = if b == b'"' {
            self.quoted(b'"');
            Tok::Str
        } else if b == b'\'' {
            self.quoted(b'\'');
            Tok::Char
        } else if b.is_ascii_alphabetic() || b == b'_' {
            while self.peek_byte(0).is_ascii_alphanumeric() || self.peek_byte(0) == b'_' {
                self.pos += 1;
            }
            let word = &self.src[start..self.pos];
            if matches!(word, b"L" | b"u" | b"U" | b"u8") && self.peek_byte(0) == b'"' {
                self.quoted(b'"');
                Tok::PrefixedStr
            } else {
                Tok::Ident
            }
        } else if b.is_ascii_digit() || (b == b'.' && self.peek_byte(1).is_ascii_digit()) {
            while self.peek_byte(0).is_ascii_alphanumeric() || matches!(self.peek_byte(0), b'.' | b'_') {
                let was_exp = matches!(self.peek_byte(0), b'e' | b'E' | b'p' | b'P');
                self.pos += 1;
                if was_exp && matches!(self.peek_byte(0), b'+' | b'-') {
                    self.pos += 1;
                }
            }
            Tok::Number
        } else {
            // Multi-byte UTF-8 outside literals is taken one character at a time; `::` is one
            // token, as in gcc's lexer.
            let len = if b == b':' && self.peek_byte(1) == b':' {
                2
            } else {
                // The length of the UTF-8 sequence from its first byte: decoding the rest of the
                // input here would make scanning quadratic.
                match b {
                    0xc0..=0xdf => 2,
                    0xe0..=0xef => 3,
                    0xf0..=0xf7 => 4,
                    _ => 1,
                }
                .min(self.src.len() - start)
            };
            self.pos += len;
            Tok::Punct
        };
        Some(Token { kind, start, end: self.pos })
    }
}

/// Does a string or character literal token (with any prefix) end with its closing quote? The
/// lexer stops an unterminated literal at the end of its line, or after a backslash that
/// escapes the last quote.
fn terminated(token: &str, quote: char) -> bool {
    let Some(open) = token.find(quote) else { return false };
    let body = &token[open + 1..];
    let Some(inner) = body.strip_suffix(quote) else { return false };
    inner.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 0
}

struct Parser<'a> {
    src: &'a str,
    lx: Lexer<'a>,
    diags: Vec<Diagnostic>,
}

type PResult<T> = Result<T, ()>;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token> {
        self.lx.clone().next()
    }

    fn bump(&mut self) -> Option<Token> {
        self.lx.next()
    }

    fn is_punct(&self, t: Option<Token>, p: &str) -> bool {
        matches!(t, Some(t) if t.kind == Tok::Punct && t.text(self.src) == p)
    }

    /// gcc's "expected X before Y" at the next token.
    fn expected(&mut self, what: &str) -> PResult<()> {
        let (span, before) = match self.peek() {
            None => (Span::new(self.src.len(), self.src.len()), "end of input".to_string()),
            Some(t) => {
                let text = t.text(self.src);
                let desc = match t.kind {
                    Tok::Punct => format!("'{text}' token"),
                    Tok::Str | Tok::PrefixedStr => "string constant".to_string(),
                    Tok::Number => "numeric constant".to_string(),
                    Tok::Char => "character constant".to_string(),
                    Tok::Ident => format!("'{text}'"),
                };
                (t.span(), desc)
            }
        };
        self.diags.push(Diagnostic::error(span, format!("expected {what} before {before}")));
        Err(())
    }

    fn expect_punct(&mut self, p: &str) -> PResult<Token> {
        if self.is_punct(self.peek(), p) {
            Ok(self.bump().expect("peeked"))
        } else {
            self.expected(&format!("'{p}'"))?;
            unreachable!()
        }
    }

    fn statement(&mut self, keyword: Token) -> PResult<AsmStmt> {
        let mut qualifiers: Vec<Spanned<Qualifier>> = Vec::new();
        while let Some(t) = self.peek() {
            if t.kind != Tok::Ident {
                break;
            }
            let word = t.text(self.src);
            match Qualifier::from_spelling(word) {
                Some(q) => {
                    self.bump();
                    if qualifiers.iter().any(|x| x.value == q) {
                        // gcc names the repeat as it is written (`__inline`, not `inline`).
                        self.diags.push(Diagnostic::error(t.span(), format!("duplicate 'asm' qualifier '{word}'")));
                    } else {
                        qualifiers.push(Spanned::new(q, t.span()));
                    }
                }
                None if matches!(word, "const" | "restrict" | "__restrict" | "__restrict__" | "_Atomic" | "__const" | "__const__") => {
                    self.bump();
                    self.diags.push(Diagnostic::error(t.span(), format!("'{word}' is not a valid 'asm' qualifier")));
                }
                None => break,
            }
        }
        if !self.is_punct(self.peek(), "(") {
            let word = self.peek().filter(|t| t.kind == Tok::Ident).map(|t| t.text(self.src));
            let _ = self.expected("'('");
            if word.is_some_and(is_declaration_keyword) {
                self.reparse_as_declaration();
            }
            return Err(());
        }
        self.expect_punct("(")?;
        let template = self.strings("string literal")?;
        let mut stmt = AsmStmt {
            span: keyword.span(),
            keyword: Spanned::new(keyword.text(self.src).to_string(), keyword.span()),
            qualifiers,
            template,
            sections: 0,
            outputs: Vec::new(),
            inputs: Vec::new(),
            clobbers: Vec::new(),
            labels: Vec::new(),
        };
        let is_goto = stmt.is_goto();
        let max_sections = if is_goto { 4 } else { 3 };
        loop {
            // gcc's lexer makes `::` one token; in an asm it stands for two section separators.
            let step = if self.is_punct(self.peek(), ":") {
                1
            } else if self.is_punct(self.peek(), "::") {
                2
            } else {
                break;
            };
            if stmt.sections + step > max_sections {
                break;
            }
            self.bump();
            // The section a `::` skips is empty.
            stmt.sections += step;
            match stmt.sections {
                1 => stmt.outputs = self.operands()?,
                2 => stmt.inputs = self.operands()?,
                3 => stmt.clobbers = self.clobbers()?,
                _ => stmt.labels = self.labels()?,
            }
        }
        if is_goto && stmt.sections < 4 {
            self.expected("':'")?;
        }
        let close = self.expect_punct(")")?;
        stmt.span = keyword.span().to(close.span());
        Ok(stmt)
    }

    /// `asm ( string-literal )` at file scope.
    fn toplevel(&mut self, keyword: Token) -> PResult<AsmStmt> {
        self.expect_punct("(")?;
        let template = self.strings("string literal")?;
        let close = self.expect_punct(")")?;
        Ok(AsmStmt {
            span: keyword.span().to(close.span()),
            keyword: Spanned::new(keyword.text(self.src).to_string(), keyword.span()),
            qualifiers: Vec::new(),
            template,
            sections: 0,
            outputs: Vec::new(),
            inputs: Vec::new(),
            clobbers: Vec::new(),
            labels: Vec::new(),
        })
    }

    /// After `asm static`, gcc's statement parser fails at `static` and the declaration parser
    /// starts there: `static ("nop")` then lacks a declarator.
    fn reparse_as_declaration(&mut self) {
        while self.peek().is_some_and(|t| t.kind == Tok::Ident && is_declaration_keyword(t.text(self.src))) {
            self.bump();
        }
        while self.is_punct(self.peek(), "(") {
            self.bump();
        }
        if self.peek().is_some_and(|t| t.kind != Tok::Ident) {
            let _ = self.expected("identifier or '('");
        }
    }

    /// One or more adjacent string literals, concatenated and unescaped.
    fn strings(&mut self, what: &str) -> PResult<Spanned<String>> {
        let mut bytes = Vec::new();
        let mut span: Option<Span> = None;
        let mut wide = false;
        while let Some(t) = self.peek() {
            match t.kind {
                Tok::Str => {
                    self.bump();
                    let raw = t.text(self.src);
                    if !terminated(raw, '"') {
                        self.diags.push(Diagnostic::error(t.span(), "missing terminating \" character"));
                        return Err(());
                    }
                    unescape(&raw[1..raw.len() - 1], &mut bytes);
                    span = Some(span.map_or(t.span(), |s| s.to(t.span())));
                }
                // gcc reports it and goes on with an empty string, so an output constraint also
                // "lacks '='".
                Tok::PrefixedStr => {
                    self.bump();
                    if !wide {
                        self.diags.push(Diagnostic::error(t.span(), "a wide string is invalid in this context"));
                    }
                    wide = true;
                    span = Some(span.map_or(t.span(), |s| s.to(t.span())));
                }
                _ => break,
            }
        }
        if wide {
            bytes.clear();
        }
        match span {
            Some(span) => Ok(Spanned::new(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()), span)),
            None => {
                self.expected(what)?;
                unreachable!()
            }
        }
    }

    fn at_section_end(&self) -> bool {
        let t = self.peek();
        t.is_none() || self.is_punct(t, ":") || self.is_punct(t, "::") || self.is_punct(t, ")")
    }

    fn operands(&mut self) -> PResult<Vec<OperandDecl>> {
        let mut ops = Vec::new();
        if self.at_section_end() {
            return Ok(ops);
        }
        loop {
            let name = if self.is_punct(self.peek(), "[") {
                self.bump();
                let id = match self.peek() {
                    Some(t) if t.kind == Tok::Ident => {
                        self.bump();
                        Spanned::new(t.text(self.src).to_string(), t.span())
                    }
                    _ => {
                        self.expected("identifier")?;
                        unreachable!()
                    }
                };
                self.expect_punct("]")?;
                Some(id)
            } else {
                None
            };
            let constraint = self.strings("string literal")?;
            let open = self.expect_punct("(")?;
            let expr = self.balanced(open)?;
            ops.push(OperandDecl { name, constraint, expr });
            if self.is_punct(self.peek(), ",") {
                self.bump();
            } else {
                // A statement lives as long as its unit's analysis: without the growth room.
                ops.shrink_to_fit();
                return Ok(ops);
            }
        }
    }

    /// The text up to the parenthesis matching `open`, trimmed.
    fn balanced(&mut self, open: Token) -> PResult<Spanned<String>> {
        let mut depth = 1usize;
        let mut first: Option<Token> = None;
        let mut last: Option<Token> = None;
        loop {
            let Some(t) = self.bump() else {
                self.diags.push(Diagnostic::error(open.span(), "expected ')' before end of input"));
                return Err(());
            };
            if matches!(t.kind, Tok::Str | Tok::PrefixedStr | Tok::Char) {
                let quote = if t.kind == Tok::Char { '\'' } else { '"' };
                if !terminated(t.text(self.src), quote) {
                    self.diags.push(Diagnostic::error(t.span(), format!("missing terminating {quote} character")));
                    return Err(());
                }
            }
            if t.kind == Tok::Punct {
                match t.text(self.src) {
                    "(" => depth += 1,
                    ")" => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            first.get_or_insert(t);
            last = Some(t);
        }
        match (first, last) {
            (Some(f), Some(l)) => Ok(Spanned::new(self.src[f.start..l.end].to_string(), Span::new(f.start, l.end))),
            _ => {
                self.diags.push(Diagnostic::error(Span::new(open.end, open.end), "expected expression before ')' token"));
                Err(())
            }
        }
    }

    fn clobbers(&mut self) -> PResult<Vec<Spanned<String>>> {
        let mut out = Vec::new();
        if self.at_section_end() {
            return Ok(out);
        }
        loop {
            out.push(self.strings("string literal")?);
            if self.is_punct(self.peek(), ",") {
                self.bump();
            } else {
                out.shrink_to_fit();
                return Ok(out);
            }
        }
    }

    /// The labels of asm goto: gcc wants at least one after the fourth colon.
    fn labels(&mut self) -> PResult<Vec<Spanned<String>>> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(t) if t.kind == Tok::Ident => {
                    self.bump();
                    out.push(Spanned::new(t.text(self.src).to_string(), t.span()));
                }
                _ => {
                    self.expected("identifier")?;
                }
            }
            if self.is_punct(self.peek(), ",") {
                self.bump();
            } else {
                return Ok(out);
            }
        }
    }
}

/// Applies C escapes (and GNU `\e`) to the body of a string literal, appending bytes to `out`.
///
/// ```
/// let mut v = Vec::new();
/// exasm_core::parse::unescape(r"a\tb\x41\101\\", &mut v);
/// assert_eq!(v, b"a\tbAA\\");
/// ```
pub fn unescape(body: &str, out: &mut Vec<u8>) {
    let b = body.as_bytes();
    if !b.contains(&b'\\') {
        out.extend_from_slice(b);
        return;
    }
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = b[i];
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'e' | b'E' => out.push(27),
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + (b[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'x' => {
                let mut v: u32 = 0;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    v = v.wrapping_mul(16) + (b[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                }
                out.push(v as u8);
            }
            b'\n' => {}
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> AsmStmt {
        let p = parse_statements(src);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.statements.len(), 1);
        p.statements.into_iter().next().unwrap()
    }

    fn errors(src: &str) -> Vec<String> {
        parse_statements(src).diagnostics.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn template_literals_concatenate_and_unescape() {
        let s = one(r#"__asm__ ("movl %1, %0\n\t" /* c */ "addl $1, %0" : "=r" (y) : "r" (x))"#);
        assert_eq!(s.template.value, "movl %1, %0\n\taddl $1, %0");
        assert_eq!(s.sections, 2);
        assert_eq!(s.outputs[0].constraint.value, "=r");
        assert_eq!(s.inputs[0].expr.value, "x");
    }

    #[test]
    fn qualifiers_in_any_order_and_every_spelling() {
        let s = one(r#"__asm __inline__ goto __volatile ("" :::: l)"#);
        let qs: Vec<_> = s.qualifiers.iter().map(|q| q.value).collect();
        assert_eq!(qs, vec![Qualifier::Inline, Qualifier::Goto, Qualifier::Volatile]);
    }

    #[test]
    fn duplicate_and_invalid_qualifiers_use_gcc_wording() {
        assert_eq!(errors(r#"asm volatile __volatile__ ("nop")"#), vec!["duplicate 'asm' qualifier '__volatile__'"]);
        assert_eq!(errors(r#"asm const ("nop")"#), vec!["'const' is not a valid 'asm' qualifier"]);
    }

    #[test]
    fn goto_requires_the_label_section() {
        assert_eq!(errors(r#"asm goto ("nop" ::: "cc")"#), vec!["expected ':' before ')' token"]);
        assert_eq!(errors(r#"asm goto ("" : : : : )"#), vec!["expected identifier before ')' token"]);
        assert_eq!(errors(r#"asm goto ("" :::: )"#), vec!["expected identifier before ')' token"]);
        assert_eq!(errors(r#"asm goto ("" : : : : : )"#), vec!["expected identifier before ':' token"]);
        assert_eq!(errors(r#"asm ("nop" ::: "cc" : l)"#), vec!["expected ')' before ':' token"]);
    }

    #[test]
    fn wide_strings_are_rejected_and_parsing_goes_on() {
        assert_eq!(errors(r#"asm (L"nop")"#), vec!["a wide string is invalid in this context"]);
        let p = parse_statements(r#"asm ("incl %0" : L"+r" (x))"#);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.statements[0].outputs[0].constraint.value, "");
    }

    #[test]
    fn double_colon_is_one_token_for_two_sections() {
        let s = one(r#"asm ("" :: "r" (x) : "cc")"#);
        assert_eq!((s.sections, s.inputs.len(), s.clobbers.len()), (3, 1, 1));
        assert_eq!(errors(r#"asm ("" :: "r" (x) :: done)"#), vec!["expected ')' before '::' token"]);
        assert_eq!(one(r#"asm goto ("" :: "r" (x) :: done)"#).labels[0].value, "done");
    }

    #[test]
    fn duplicate_qualifier_is_named_as_written() {
        assert_eq!(errors(r#"asm inline __inline ("nop")"#), vec!["duplicate 'asm' qualifier '__inline'"]);
    }

    #[test]
    fn storage_class_after_asm_is_read_again_as_a_declaration() {
        assert_eq!(errors(r#"asm static ("nop");"#), vec!["expected '(' before 'static'", "expected identifier or '(' before string constant"]);
    }

    #[test]
    fn operand_expressions_keep_nested_parentheses_and_strings() {
        let s = one(r#"asm ("" : "=m" (a[f(1, ")")].b) : [v] "r" ((long)(x + 1)))"#);
        assert_eq!(s.outputs[0].expr.value, r#"a[f(1, ")")].b"#);
        assert_eq!(s.inputs[0].expr.value, "(long)(x + 1)");
        assert_eq!(s.inputs[0].name.as_ref().unwrap().value, "v");
    }

    #[test]
    fn unterminated_literals_in_operands_are_gccs_lexer_errors() {
        assert_eq!(errors("asm (\"\" :: \"r\" (x + \"abc))\n"), vec!["missing terminating \" character"]);
        assert_eq!(errors("asm (\"\" :: \"r\" (x + 'a))\n"), vec!["missing terminating ' character"]);
        assert_eq!(errors("asm (\"\" :: \"r\" (x + L\"a\\\"))\n"), vec!["missing terminating \" character"]);
        assert_eq!(errors("asm (\"nop\\\")\n"), vec!["missing terminating \" character"]);
        assert_eq!(one(r#"asm ("" :: "r" (x + "a\\" + '\''))"#).inputs[0].expr.value, r#"x + "a\\" + '\''"#);
    }

    #[test]
    fn spans_point_into_the_source() {
        let src = r#"  asm ("nop" : "=r" (out))"#;
        let s = one(src);
        assert_eq!(s.outputs[0].expr.span.text(src), "out");
        assert_eq!(s.outputs[0].constraint.span.text(src), "\"=r\"");
        assert_eq!(s.span.text(src), &src[2..]);
    }

    #[test]
    fn several_statements_in_one_input() {
        let p = parse_statements("asm(\"a\");\n__asm__ volatile(\"b\" ::: \"memory\");");
        assert_eq!(p.statements.len(), 2);
        assert_eq!(p.statements[1].clobbers[0].value, "memory");
    }
}
