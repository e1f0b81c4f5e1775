//! The textual pass: finds every asm statement, asm label and function body in preprocessed
//! text, and rewrites the text for lang-c without moving any byte.
//!
//! lang-c cannot parse asm goto, a second asm qualifier, `unsigned __int128`, `&&label` and
//! more. Every rewrite here replaces bytes with the same number of bytes, so lang-c's spans are
//! offsets into the original text:
//!
//! - an asm statement becomes a call of a same-length identifier whose arguments are the
//!   operand expressions, left where they are: `__asm__ ("" : "=r" (x) : "r" (y))` becomes
//!   `_X_____(       (x) ,      (y))`; file-scope asm and asm labels are blanked;
//! - the body of a function that holds no asm keyword is blanked (gcc's own front end is the
//!   judge of it, and extensions lang-c lacks stop mattering there);
//! - type names lang-c does not know become keywords of the same length whose specifier offset
//!   is remembered ([`TypeOverride`]), `__extension__` is blanked, `&&label` becomes `  label`
//!   (remembered as a label address) and `goto *p` becomes `     *p`;
//! - `__real__`/`__imag__` become a unary `+` remembered as such, `__thread` and the named
//!   address spaces `__seg_fs`/`__seg_gs` are blanked with their offsets kept, and attributes
//!   between `struct`/`union` and the tag are blanked (the front end reads them from the
//!   original text).
//!
//! Old-style definitions (`long f(a, b) long a; int b; { ... }`) are recognized as function
//! bodies, their parameter declarations part of the item.

use crate::linemap::{LineMap, Located};
use exasm_core::diag::{Diagnostic, Span};
use exasm_core::facts::Segment;
use exasm_core::parse::{is_asm_keyword, parse_statement_at, parse_toplevel_at};
use exasm_core::stmt::AsmStmt;
use crate::reduce::FnvMap;
use std::collections::HashMap;

/// What a rewritten type keyword really was, keyed by the offset of the keyword lang-c sees.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeOverride {
    /// `__int128` written as `long`: signedness comes from the other specifiers.
    Int128,
    /// `__uint128_t` written as `unsigned`.
    UInt128,
    /// `__float128` written as `double`.
    Float128,
    /// `__float80` written as `double`.
    Float80,
    /// `__auto_type` written as `int`: the type is the initializer's.
    AutoType,
    /// `__real__` written as unary `+`: the real part of a complex lvalue or value.
    RealPart,
    /// `__imag__` written as unary `+`: the imaginary part.
    ImagPart,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    Number,
    Str,
    Char,
    Punct,
}

#[derive(Copy, Clone, Debug)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn text(self, src: &str) -> &str {
        &src[self.start..self.end]
    }
}

/// The text with every comment's bytes turned into spaces (newlines kept): the same offsets and
/// lines, and nothing a parser of preprocessed C (lang-c) does not expect. Text preprocessed
/// with `-C` keeps its comments for the compiler (gcc reads `/* fall through */`).
pub(crate) fn blank_comments(src: &str) -> std::borrow::Cow<'_, str> {
    if !src.contains("/*") && !src.contains("//") {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut b = src.as_bytes().to_vec();
    let mut i = 0;
    let mut line_start = true;
    let blank = |b: &mut [u8], from: usize, to: usize| {
        for c in &mut b[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            // A directive or line marker: its file name is no comment.
            b'#' if line_start => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => i = skip_quoted(&b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = src[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
                blank(&mut b, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |p| i + p);
                blank(&mut b, i, end);
                i = end;
            }
            _ => i += 1,
        }
        if !c.is_ascii_whitespace() {
            line_start = false;
        }
    }
    // Only ASCII bytes were replaced, by ASCII spaces, between whole characters.
    std::borrow::Cow::Owned(String::from_utf8(b).expect("comments start and end at ASCII bytes"))
}

/// Tokenizes C text: comments, whitespace and `#` lines are skipped, literals are kept whole,
/// punctuators are single characters.
pub(crate) fn tokenize(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    // C has about a token per 4 bytes; pages never written are never faulted in, so one
    // generous allocation costs nothing, and growing by doubling copies all the tokens.
    let mut out = Vec::with_capacity(src.len() / 3 + 16);
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' && line_start {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        line_start = false;
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = src[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        let kind = if c == b'"' || c == b'\'' {
            i = skip_quoted(b, i);
            if c == b'"' {
                Kind::Str
            } else {
                Kind::Char
            }
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            if i < b.len()
                && (b[i] == b'"' || b[i] == b'\'')
                && matches!(&src[start..i], "L" | "u" | "U" | "u8")
            {
                i = skip_quoted(b, i);
                Kind::Str
            } else {
                Kind::Ident
            }
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                let exp = matches!(b[i], b'e' | b'E' | b'p' | b'P');
                i += 1;
                if exp && i < b.len() && matches!(b[i], b'+' | b'-') {
                    i += 1;
                }
            }
            Kind::Number
        } else {
            i += 1;
            Kind::Punct
        };
        out.push(Tok {
            kind,
            start,
            end: i,
        });
    }
    out
}

fn skip_quoted(b: &[u8], mut i: usize) -> usize {
    let q = b[i];
    i += 1;
    while i < b.len() && b[i] != q && b[i] != b'\n' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(b.len())
}

/// An asm statement found by the scan.
#[derive(Clone, Debug)]
pub(crate) struct RawSite {
    pub stmt: AsmStmt,
    pub with_semicolon: Span,
    pub file_scope: bool,
    /// Index into [`Scanned::bodies`] of the enclosing function.
    pub body: Option<usize>,
    /// Byte ranges of the operand expressions' parentheses, outputs then inputs.
    pub operand_parens: Vec<Span>,
}

/// An asm label found by the scan: `int f(void) __asm__ ("g");`.
#[derive(Clone, Debug)]
pub(crate) struct RawLabel {
    pub span: Span,
    pub c_name: String,
    pub asm_name: String,
}

/// A function body: its braces and what the declaration before it says.
#[derive(Clone, Debug)]
pub(crate) struct Body {
    pub open: usize,
    pub close: usize,
    /// Start of the top-level item (the declaration specifiers).
    pub item_start: usize,
    /// Index of the item's first token, and of the body's `{`.
    pub item_tok: usize,
    pub open_tok: usize,
    pub name: Option<String>,
    pub is_static: bool,
    pub is_inline: bool,
    pub has_asm: bool,
    /// The function's name occurs outside its own definition (gcc compiles an unused inline
    /// function not at all, so reports nothing from its gimplification). Known for inline and
    /// static functions that hold asm.
    pub referenced: bool,
    /// Nothing can call the function: it has no external definition, and no code that may
    /// run, no initializer, no attribute (`constructor`, `used`, ...) and no asm text names
    /// it (see [`never_called`]).
    pub never_called: bool,
    /// `__attribute__((naked))`, on the definition or on a file-scope declaration.
    pub naked: bool,
    /// The definition says `extern`.
    pub is_extern: bool,
    /// The definition carries `__attribute__((gnu_inline))`.
    pub gnu_inline: bool,
}

/// The result of the textual pass.
#[derive(Debug)]
pub(crate) struct Scanned {
    /// The rewritten text, byte for byte as long as the input.
    pub text: String,
    pub sites: Vec<RawSite>,
    pub labels: Vec<RawLabel>,
    pub bodies: Vec<Body>,
    /// Top-level items (declarations and function definitions), in order.
    pub items: Vec<Span>,
    pub overrides: HashMap<usize, TypeOverride>,
    /// Offsets of the blanked `__thread` keywords.
    pub thread_locals: Vec<usize>,
    /// Offsets of the blanked `__seg_fs` and `__seg_gs` qualifiers.
    pub segments: Vec<(usize, Segment)>,
    /// Offsets of identifiers that were `&&label`.
    pub label_addresses: Vec<usize>,
    pub diagnostics: Vec<Located<Diagnostic>>,
    /// The tokens of the original text: the one tokenization every later step reuses.
    pub toks: Vec<Tok>,
}

const STATEMENT_KEYWORDS: [&str; 4] = ["if", "while", "for", "switch"];

/// Scans and rewrites `src`.
pub(crate) fn scan(src: &str, map: &LineMap) -> Scanned {
    let toks = tokenize(src);
    let mut out = src.as_bytes().to_vec();
    let mut s = Scanned {
        text: String::new(),
        sites: Vec::new(),
        labels: Vec::new(),
        bodies: Vec::new(),
        items: Vec::new(),
        overrides: HashMap::new(),
        thread_locals: Vec::new(),
        segments: Vec::new(),
        label_addresses: Vec::new(),
        diagnostics: Vec::new(),
        toks: Vec::new(),
    };
    let mut depth = 0usize;
    // For each open parenthesis: the index of the token before it.
    let mut parens: Vec<Option<usize>> = Vec::new();
    // Matching '(' token index for each ')' token index seen so far, for label names.
    let mut open_of: FnvMap<usize, usize> = FnvMap::default();
    let mut paren_pos: Vec<usize> = Vec::new();
    let mut item_start = toks.first().map_or(0, |t| t.start);
    // The index of the item's first token (searching the tokens for it per body was a cache
    // miss per step on large units).
    let mut item_tok = 0usize;
    let mut item_has_eq = false;
    // The `)` of an old-style parameter list (`f(a, b) long a; int b; {`) in the current item.
    let mut kr_close: Option<usize> = None;
    let mut body: Option<usize> = None;
    let mut body_depth = 0usize;
    let text = |t: Tok| t.text(src);
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let prev = i.checked_sub(1).map(|p| toks[p]);
        if t.kind == Kind::Punct {
            match text(t) {
                "(" => {
                    parens.push(i.checked_sub(1));
                    paren_pos.push(i);
                }
                ")" => {
                    parens.pop();
                    if let Some(o) = paren_pos.pop() {
                        open_of.insert(i, o);
                        if depth == 0 && parens.is_empty() && kr_close.is_none() {
                            kr_close = old_style_header(src, &toks, o, i).then_some(i);
                        }
                    }
                }
                "{" => {
                    let is_body = depth == 0
                        && !item_has_eq
                        && parens.is_empty()
                        && prev.is_some_and(|p| {
                            text(p) == ")" || kr_close.is_some() && text(p) == ";"
                        });
                    if is_body {
                        let close = kr_close.take().unwrap_or(i - 1);
                        let (name, is_static, is_inline) =
                            declarator_facts(src, &toks, item_tok, close, &open_of);
                        s.bodies.push(Body {
                            open: t.start,
                            close: src.len(),
                            item_start,
                            item_tok,
                            open_tok: i,
                            name,
                            is_static,
                            is_inline,
                            has_asm: false,
                            referenced: false,
                            never_called: false,
                            naked: false,
                            is_extern: false,
                            gnu_inline: false,
                        });
                        body = Some(s.bodies.len() - 1);
                        body_depth = 1;
                    }
                    depth += 1;
                }
                "}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some(b) = body.take() {
                            s.bodies[b].close = t.start;
                            s.items.push(Span::new(item_start, t.end));
                            item_start = toks.get(i + 1).map_or(src.len(), |n| n.start);
                            item_tok = i + 1;
                            item_has_eq = false;
                        }
                    }
                    let _ = body_depth;
                }
                // The parameter declarations of an old-style definition stay in its item.
                ";" if depth == 0 && kr_close.is_none() => {
                    s.items.push(Span::new(item_start, t.end));
                    item_start = toks.get(i + 1).map_or(src.len(), |n| n.start);
                    item_tok = i + 1;
                    item_has_eq = false;
                }
                "=" if depth == 0 && parens.is_empty() => {
                    item_has_eq = true;
                    kr_close = None;
                }
                "&" => {
                    if let Some(n) = rewrite_token(src, &toks, i, &mut out, &mut s) {
                        i += n;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        if t.kind != Kind::Ident {
            i += 1;
            continue;
        }
        let word = text(t);
        if is_asm_keyword(word) {
            let is_label = match prev {
                None => false,
                Some(p) if p.kind == Kind::Ident => {
                    !matches!(text(p), "else" | "do" | "__extension__")
                }
                Some(p) if text(p) == "]" => true,
                Some(p) if text(p) == ")" => {
                    let before_open = open_of
                        .get(&(i - 1))
                        .and_then(|&o| o.checked_sub(1))
                        .map(|b| text(toks[b]));
                    !before_open.is_some_and(|w| STATEMENT_KEYWORDS.contains(&w))
                }
                Some(_) => false,
            };
            let parsed = if depth == 0 && !is_label {
                parse_toplevel_at(src, t.start)
            } else {
                parse_statement_at(src, t.start)
            };
            match parsed {
                Ok((stmt, diags)) => {
                    for d in diags {
                        s.diagnostics.push(Located {
                            location: map.locate(d.span.start as usize),
                            value: d,
                        });
                    }
                    let end = stmt.span.end as usize;
                    let mut j = i;
                    while j < toks.len() && toks[j].start < end {
                        j += 1;
                    }
                    let semi = toks.get(j).filter(|n| text(**n) == ";").copied();
                    if let Some(b) = body {
                        s.bodies[b].has_asm = true;
                    }
                    if is_label {
                        let c_name = label_owner(src, &toks, i, &open_of).unwrap_or_default();
                        s.labels.push(RawLabel {
                            span: stmt.span,
                            c_name,
                            asm_name: stmt.template.value.clone(),
                        });
                        blank(&mut out, stmt.span.start as usize, end);
                        i = j;
                        continue;
                    }
                    let with_semicolon = Span::new(t.start, semi.map_or(end, |n| n.end));
                    let file_scope = depth == 0;
                    let operand_parens = operand_parens(&stmt, src);
                    if file_scope {
                        blank(&mut out, t.start, with_semicolon.end as usize);
                        s.items.push(with_semicolon);
                        item_start = toks.get(j + 1).map_or(src.len(), |n| n.start);
                        item_tok = j + 1;
                        item_has_eq = false;
                    } else {
                        rewrite_as_call(&mut out, &stmt, &operand_parens, src);
                        for p in &operand_parens {
                            let mut k = toks.partition_point(|x| x.start <= p.start as usize);
                            while k < toks.len() && toks[k].end < p.end as usize {
                                k += rewrite_token(src, &toks, k, &mut out, &mut s).unwrap_or(1);
                            }
                        }
                    }
                    s.sites.push(RawSite {
                        stmt,
                        with_semicolon,
                        file_scope,
                        body: if file_scope { None } else { body },
                        operand_parens,
                    });
                    i = if file_scope {
                        j + usize::from(semi.is_some())
                    } else {
                        j
                    };
                    continue;
                }
                Err(diags) => {
                    for d in diags {
                        s.diagnostics.push(Located {
                            location: map.locate(d.span.start as usize),
                            value: d,
                        });
                    }
                    if let Some(b) = body {
                        s.bodies[b].has_asm = true;
                    }
                    // Blank the unparsable statement up to its balanced closing parenthesis.
                    let mut j = i + 1;
                    let mut level = 0i32;
                    while j < toks.len() {
                        match text(toks[j]) {
                            "(" => level += 1,
                            ")" => {
                                level -= 1;
                                if level <= 0 {
                                    break;
                                }
                            }
                            ";" | "{" | "}" if level <= 0 => break,
                            _ => {}
                        }
                        j += 1;
                    }
                    let end = toks.get(j).map_or(src.len(), |x| {
                        if text(*x) == ")" {
                            x.end
                        } else {
                            x.start
                        }
                    });
                    blank(&mut out, t.start, end);
                    i = j + 1;
                    continue;
                }
            }
        }
        if let Some(n) = rewrite_token(src, &toks, i, &mut out, &mut s) {
            i += n;
            continue;
        }
        i += 1;
    }
    if item_start < src.len() && toks.last().is_some_and(|t| t.end > item_start) {
        s.items.push(Span::new(item_start, src.len()));
    }
    let wanted: FnvMap<&str, ()> = s
        .bodies
        .iter()
        .filter(|b| b.has_asm && (b.is_inline || b.is_static))
        .filter_map(|b| Some((b.name.as_deref()?, ())))
        .collect();
    let mut uses: FnvMap<&str, Vec<usize>> = FnvMap::default();
    for t in toks.iter().filter(|t| t.kind == Kind::Ident) {
        if wanted.contains_key(t.text(src)) {
            uses.entry(t.text(src)).or_default().push(t.start);
        }
    }
    for b in &mut s.bodies {
        if let Some(at) = b.name.as_deref().and_then(|n| uses.get(n)) {
            b.referenced = at.iter().any(|&p| p < b.item_start || p > b.close);
        }
    }
    never_called(src, &toks, &mut s.bodies, &s.items);
    for b in &s.bodies {
        if !b.has_asm && b.close > b.open {
            blank(&mut out, b.open + 1, b.close);
        }
    }
    s.text = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    s.toks = toks;
    s
}

/// The rewrites of one token (or `&&label`) for lang-c, all of the same length; returns how many
/// tokens were consumed when something was rewritten.
fn rewrite_token(
    src: &str,
    toks: &[Tok],
    i: usize,
    out: &mut [u8],
    s: &mut Scanned,
) -> Option<usize> {
    let t = toks[i];
    let text = |t: Tok| t.text(src);
    if text(t) == "&" {
        let prev = i.checked_sub(1).map(|p| toks[p]);
        let unary = match prev {
            None => true,
            Some(p) => match p.kind {
                Kind::Punct => !matches!(text(p), ")" | "]"),
                Kind::Ident => matches!(text(p), "return" | "case"),
                _ => false,
            },
        };
        let next = toks
            .get(i + 1)
            .filter(|n| text(**n) == "&" && n.start == t.end)?;
        let label = toks.get(i + 2).filter(|l| l.kind == Kind::Ident)?;
        if !unary {
            return None;
        }
        blank(out, t.start, next.end);
        s.label_addresses.push(label.start);
        return Some(3);
    }
    // Local label declarations and builtins taking type names: blanked, the builtins' calls
    // kept with no arguments.
    if text(t) == "__label__" {
        let semi = toks[i..].iter().position(|x| text(*x) == ";")?;
        blank(out, t.start, toks[i + semi].end);
        return Some(semi + 1);
    }
    if matches!(
        text(t),
        "__builtin_types_compatible_p" | "__builtin_convertvector" | "__builtin_shufflevector"
    ) && toks.get(i + 1).is_some_and(|n| text(*n) == "(")
    {
        let close = group_end(src, toks, i + 1)?;
        blank(out, toks[i + 1].end, toks[close].start);
        return Some(close - i + 1);
    }
    // `struct __attribute__((aligned(16))) S {`: lang-c cannot parse attributes there; the
    // front end reads them from the original text.
    if matches!(text(t), "struct" | "union" | "enum")
        && toks.get(i + 1).is_some_and(|n| matches!(text(*n), "__attribute__" | "__attribute"))
        && toks.get(i + 2).is_some_and(|n| text(*n) == "(")
    {
        let close = group_end(src, toks, i + 2)?;
        blank(out, toks[i + 1].start, toks[close].end);
        return Some(close - i + 1);
    }
    let (with, over) = match text(t) {
        "__int128" | "__int128_t" => ("long", Some(TypeOverride::Int128)),
        "__uint128_t" => ("unsigned", Some(TypeOverride::UInt128)),
        "__float128" => ("double", Some(TypeOverride::Float128)),
        "__float80" => ("double", Some(TypeOverride::Float80)),
        "__auto_type" => ("int", Some(TypeOverride::AutoType)),
        "__real__" | "__real" => ("+", Some(TypeOverride::RealPart)),
        "__imag__" | "__imag" => ("+", Some(TypeOverride::ImagPart)),
        // lang-c lacks GNU `__thread`: blanked, its offset kept for the declaration.
        "__thread" => {
            s.thread_locals.push(t.start);
            ("", None)
        }
        // Named address spaces likewise.
        "__seg_fs" | "__seg_gs" => {
            let seg = if text(t) == "__seg_fs" { Segment::Fs } else { Segment::Gs };
            s.segments.push((t.start, seg));
            ("", None)
        }
        "__extension__" => ("", None),
        "goto" if toks.get(i + 1).is_some_and(|n| text(*n) == "*") => ("", None),
        _ => return None,
    };
    blank(out, t.start, t.end);
    out[t.start..t.start + with.len()].copy_from_slice(with.as_bytes());
    if let Some(o) = over {
        s.overrides.insert(t.start, o);
    }
    Some(1)
}

/// The index of the token that closes the group (`(`, `[` or `{`) opened at token `open`
/// (all three kinds counted alike); `None` when the text ends first.
pub(crate) fn group_end(src: &str, toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, x) in toks.iter().enumerate().skip(open) {
        match x.text(src) {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Replaces every byte of `start..end` except newlines with a space.
pub(crate) fn blank(out: &mut [u8], start: usize, end: usize) {
    let end = end.min(out.len());
    for b in &mut out[start..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// The parentheses around each output and input expression.
fn operand_parens(stmt: &AsmStmt, src: &str) -> Vec<Span> {
    let b = src.as_bytes();
    stmt.outputs
        .iter()
        .chain(&stmt.inputs)
        .map(|o| {
            let mut open = o.expr.span.start as usize;
            while open > 0 && b[open - 1] != b'(' {
                open -= 1;
            }
            let mut close = o.expr.span.end as usize;
            while close < b.len() && b[close] != b')' {
                close += 1;
            }
            Span::new(open.saturating_sub(1), (close + 1).min(b.len()))
        })
        .collect()
}

/// Turns the statement into `_X___(  (a) ,  (b) )`: keyword into an identifier, the operand
/// parentheses kept, one separator between operands turned into a comma, the rest blanked.
fn rewrite_as_call(out: &mut [u8], stmt: &AsmStmt, parens: &[Span], src: &str) {
    let kw = stmt.keyword.span;
    let start = kw.start as usize;
    let end = stmt.span.end as usize;
    let open = src[kw.end as usize..end]
        .find('(')
        .map_or(end, |p| kw.end as usize + p);
    let mut keep = vec![false; end - start];
    for (k, p) in parens.iter().enumerate() {
        for x in p.start as usize..p.end as usize {
            keep[x - start] = true;
        }
        if let Some(next) = parens.get(k + 1) {
            if let Some(sep) = src[p.end as usize..next.start as usize].find([',', ':']) {
                out[p.end as usize + sep] = b',';
                keep[p.end as usize + sep - start] = true;
            }
        }
    }
    for (x, kept) in keep.iter().enumerate() {
        if !kept {
            blank(out, start + x, start + x + 1);
        }
    }
    let name = b"_X______";
    let len = (kw.end - kw.start) as usize;
    out[start..start + len].copy_from_slice(&name[..len]);
    out[open] = b'(';
    out[end - 1] = b')';
}

/// Is `toks[open..=close]` an old-style parameter list followed by parameter declarations:
/// `name (a, b) long a;` (identifiers only, after a name, a declaration after)?
fn old_style_header(src: &str, toks: &[Tok], open: usize, close: usize) -> bool {
    let text = |k: usize| toks.get(k).map_or("", |t| t.text(src));
    let ident = |k: usize| toks.get(k).is_some_and(|t| t.kind == Kind::Ident);
    let not_special = |w: &str| {
        !matches!(
            w,
            "__attribute__" | "__attribute" | "__asm__" | "__asm" | "asm" | "typeof"
                | "__typeof__" | "__typeof" | "_Alignas" | "_Atomic" | "__declspec" | "sizeof"
        )
    };
    close > open + 1
        && open > 0
        && ident(open - 1)
        && not_special(text(open - 1))
        && (open + 1..close).all(|k| if (k - open) % 2 == 1 { ident(k) } else { text(k) == "," })
        && ident(close + 1)
        && not_special(text(close + 1))
}

/// The declared name of the declarator that ends just before token `asm_ix` (an asm label).
fn label_owner(
    src: &str,
    toks: &[Tok],
    asm_ix: usize,
    open_of: &FnvMap<usize, usize>,
) -> Option<String> {
    let mut j = asm_ix.checked_sub(1)?;
    loop {
        let t = toks[j];
        match t.text(src) {
            ")" => {
                let o = *open_of.get(&j)?;
                let before = toks.get(o.checked_sub(1)?)?;
                if before.kind == Kind::Ident
                    && !matches!(before.text(src), "__attribute__" | "__attribute")
                {
                    return Some(before.text(src).to_string());
                }
                // `(*fp)(int)`: the name is the last identifier inside the parenthesized declarator.
                j = o.checked_sub(1)?;
                if before.text(src) == ")" {
                    let inner_open = *open_of.get(&j)?;
                    return toks[inner_open..j]
                        .iter()
                        .rev()
                        .find(|t| t.kind == Kind::Ident)
                        .map(|t| t.text(src).to_string());
                }
            }
            "]" => {
                let mut level = 0;
                loop {
                    match toks[j].text(src) {
                        "]" => level += 1,
                        "[" => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j = j.checked_sub(1)?;
                }
                j = j.checked_sub(1)?;
            }
            _ if t.kind == Kind::Ident => return Some(t.text(src).to_string()),
            _ => return None,
        }
    }
}

/// The function name and `static`/`inline` of the declaration `toks[first..=close_paren]`.
fn declarator_facts(
    src: &str,
    toks: &[Tok],
    first: usize,
    close_paren: usize,
    open_of: &FnvMap<usize, usize>,
) -> (Option<String>, bool, bool) {
    let mut is_static = false;
    let mut is_inline = false;
    let mut level = 0i32;
    let mut name = None;
    for (k, t) in toks.iter().enumerate().take(close_paren + 1).skip(first) {
        match t.text(src) {
            "(" => level += 1,
            ")" => level -= 1,
            "static" if level == 0 => is_static = true,
            "inline" | "__inline" | "__inline__" if level == 0 => is_inline = true,
            _ => {}
        }
        // The name is the identifier before the first '(' at level 0 that opens a parameter list.
        if name.is_none() && t.text(src) == "(" && level == 1 && k > first {
            let before = toks[k - 1];
            if before.kind == Kind::Ident
                && !matches!(
                    before.text(src),
                    "__attribute__"
                        | "__attribute"
                        | "__typeof__"
                        | "__typeof"
                        | "typeof"
                        | "__declspec"
                )
            {
                name = Some(before.text(src).to_string());
            }
        }
    }
    if name.is_none() {
        // `int (*f(void))(int) {`: the identifier before the innermost parameter list.
        // Unbalanced text can pair the parenthesis with one before the item: no name then.
        let o = open_of.get(&close_paren).copied().filter(|&o| o >= first);
        name = o
            .and_then(|o| toks[first..o].iter().rev().find(|t| t.kind == Kind::Ident))
            .map(|t| t.text(src).to_string());
    }
    (name, is_static, is_inline)
}

/// What a function's declaration says about whether it runs.
#[derive(Default)]
struct HeaderWords {
    is_extern: bool,
    gnu_inline: bool,
    /// `constructor`, `destructor`, `used`, `externally_visible`: it runs, or must be kept,
    /// without a reference.
    kept: bool,
    naked: bool,
}

fn header_words(src: &str, toks: &[Tok]) -> HeaderWords {
    let mut h = HeaderWords::default();
    for t in toks.iter().filter(|t| t.kind == Kind::Ident) {
        // `__naked__` is `naked`: the underscores stripped with byte comparisons, not `str`
        // pattern searches (a searcher set up per word was most of this loop's time).
        let mut w = t.text(src);
        while let Some(r) = w.strip_prefix("__") {
            w = r;
        }
        while let Some(r) = w.strip_suffix("__") {
            w = r;
        }
        match w {
            "extern" => h.is_extern = true,
            "gnu_inline" => h.gnu_inline = true,
            "constructor" | "destructor" | "used" | "externally_visible" => h.kept = true,
            "naked" => h.naked = true,
            _ => {}
        }
    }
    h
}

/// Marks the functions nothing can call ([`Body::never_called`]) and the naked ones.
///
/// A function may run when it has an external definition (not `static`, not an `extern
/// inline` `gnu_inline` one, which is never compiled on its own, and not a plain `inline` one,
/// an inline definition under C99 rules: under `-std=gnu89` or `-fgnu89-inline`, which the
/// preprocessed text does not tell, that one is external), carries an
/// attribute that keeps it, or its name (as an identifier, or as a word of a string literal:
/// asm text, `alias("f")`) occurs outside its own definition somewhere that may run: at file
/// scope other than in a declaration of it (an initializer, an attribute), or in the body of
/// a function that may run. Conservative: a name shadowed by a local, or a member of the same
/// spelling, counts as a use.
fn never_called(src: &str, toks: &[Tok], bodies: &mut [Body], items: &[Span]) {
    let mut candidates: FnvMap<&str, bool> = FnvMap::default();
    let mut naked: FnvMap<&str, bool> = FnvMap::default();
    for b in bodies.iter_mut() {
        let h = header_words(src, &toks[b.item_tok.min(b.open_tok)..b.open_tok]);
        b.is_extern = h.is_extern;
        b.gnu_inline = h.gnu_inline;
    }
    for b in bodies.iter() {
        let Some(name) = b.name.as_deref() else { continue };
        let h = header_words(src, &toks[b.item_tok.min(b.open_tok)..b.open_tok]);
        // An `extern inline` gnu_inline definition is never compiled on its own; a plain
        // `inline` one is an inline definition under C99 rules, as `compiled` in exasm-cli
        // assumes (gnu_inline, or gnu89 rules, make it external: exasm-cli's
        // `unit::never_called` corrects this under -std=gnu89).
        let external = !(b.is_static || b.is_inline && h.is_extern == h.gnu_inline);
        let may_be_dead = !external && !h.kept;
        let e = candidates.entry(name).or_insert(true);
        *e &= may_be_dead;
        *naked.entry(name).or_default() |= h.naked;
    }
    // Occurrences: (position, name), from identifiers and from words of string literals.
    let mut occurrences: Vec<(usize, &str)> = Vec::new();
    for t in toks {
        match t.kind {
            Kind::Ident => {
                if let Some((name, _)) = candidates.get_key_value(t.text(src)) {
                    occurrences.push((t.start, name));
                }
            }
            Kind::Str => {
                for w in t.text(src).split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')) {
                    if let Some((name, _)) = candidates.get_key_value(w) {
                        occurrences.push((t.start, name));
                    }
                }
            }
            _ => {}
        }
    }
    // The body (index) each occurrence lies in, if any: bodies are in source order.
    let body_at = |p: usize| -> Option<usize> {
        let k = bodies.partition_point(|b| b.item_start <= p);
        k.checked_sub(1).filter(|&k| p <= bodies[k].close)
    };
    let item_at = |p: usize| -> Option<&Span> {
        let k = items.partition_point(|i| (i.start as usize) <= p);
        k.checked_sub(1).map(|k| &items[k]).filter(|i| p < i.end as usize)
    };
    // A file-scope occurrence that is the declarator of a plain declaration of the name
    // (`static void f(void);`, its attributes noted) is no use.
    let is_declarator = |p: usize, name: &str| -> bool {
        let Some(item) = item_at(p) else { return false };
        let from = toks.partition_point(|t| t.start < item.start as usize);
        let to = toks.partition_point(|t| t.start < item.end as usize);
        let item_toks = &toks[from..to];
        let Some(k) = item_toks.iter().position(|t| t.start == p) else { return false };
        let plain = !item_toks.iter().any(|t| matches!(t.text(src), "=" | "{"));
        let before = k.checked_sub(1).map(|j| item_toks[j]);
        let after = item_toks.get(k + 1);
        plain
            && item_toks[k].kind == Kind::Ident
            && item_toks[k].text(src) == name
            && before.is_some_and(|b| b.kind == Kind::Ident || b.text(src) == "*")
            && after.is_some_and(|a| a.text(src) == "(")
    };
    let mut live: FnvMap<&str, bool> = candidates.iter().map(|(n, dead)| (*n, !*dead)).collect();
    for &(p, name) in &occurrences {
        if body_at(p).is_none() {
            if is_declarator(p, name) {
                let item = item_at(p).expect("a declarator lies in an item");
                let from = toks.partition_point(|t| t.start < item.start as usize);
                let to = toks.partition_point(|t| t.start < item.end as usize);
                let h = header_words(src, &toks[from..to]);
                if h.kept {
                    live.insert(name, true);
                }
                if h.naked {
                    naked.insert(name, true);
                }
            } else {
                live.insert(name, true);
            }
        }
    }
    // Uses inside bodies count when that body's function may run, until nothing changes.
    loop {
        let mut changed = false;
        for &(p, name) in &occurrences {
            if live[name] {
                continue;
            }
            let Some(k) = body_at(p) else { continue };
            let owner = bodies[k].name.as_deref();
            if owner != Some(name) && owner.is_none_or(|o| live.get(o).copied().unwrap_or(true)) {
                live.insert(name, true);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let marks: Vec<(bool, bool)> = bodies
        .iter()
        .map(|b| match b.name.as_deref() {
            Some(name) => (!live.get(name).copied().unwrap_or(true), naked.get(name).copied().unwrap_or(false)),
            None => (false, false),
        })
        .collect();
    for (b, (never_called, naked)) in bodies.iter_mut().zip(marks) {
        b.never_called = never_called;
        b.naked = naked;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> Scanned {
        scan(src, &LineMap::new(src))
    }

    /// `never_called` of each named function of `src`.
    fn never_called_of(src: &str) -> Vec<(String, bool)> {
        run(src).bodies.iter().filter_map(|b| Some((b.name.clone()?, b.never_called))).collect()
    }

    #[test]
    fn never_called_only_when_nothing_that_may_run_names_the_function() {
        let dead = |src: &str, name: &str| never_called_of(src).iter().any(|(n, d)| n == name && *d);
        // Unused, declared only, or used only by functions that are never called themselves.
        assert!(dead("static void f(void) {}", "f"));
        assert!(dead("static void f(void);\nstatic void f(void) {}", "f"));
        assert!(dead("static inline void f(void) {} static inline void g(void) { f(); } static void h(void) { g(); }", "f"));
        assert!(dead("inline void f(void) {}", "f"));
        assert!(dead("extern inline __attribute__((gnu_inline)) void f(void) {}", "f"));
        // Called, or its address taken, from code that may run.
        assert!(!dead("static void f(void) {} int main(void) { f(); return 0; }", "f"));
        assert!(!dead("static void f(void) {} static void g(void) { f(); } void h(void) { g(); }", "f"));
        assert!(!dead("static void f(void) {} void (*p)(void) = f;", "f"));
        // Kept by an attribute, on the definition or a declaration.
        assert!(!dead("__attribute__((constructor)) static void f(void) {}", "f"));
        assert!(!dead("static void f(void) __attribute__((__used__));\nstatic void f(void) {}", "f"));
        // Named by asm text or an alias.
        assert!(!dead("static void f(void) {}\n__asm__(\"call f\");", "f"));
        assert!(!dead("static void f(void) {}\nvoid g(void) __attribute__((alias(\"f\")));", "f"));
        // External definitions.
        assert!(!dead("void f(void) {}", "f"));
        assert!(!dead("extern inline void f(void) {}", "f"));
        assert!(!dead("inline __attribute__((gnu_inline)) void f(void) {}", "f"));
    }

    #[test]
    fn naked_from_the_definition_or_a_declaration() {
        let naked = |src: &str| run(src).bodies.iter().map(|b| b.naked).collect::<Vec<_>>();
        assert_eq!(naked("__attribute__((naked)) void f(void) { __asm__(\"ret\"); } void g(void) {}"), [true, false]);
        assert_eq!(naked("static void f(void) __attribute__((__naked__));\nstatic void f(void) { __asm__(\"ret\"); }"), [true]);
    }

    #[test]
    fn asm_statement_becomes_a_call_with_operands_in_place() {
        let src = r#"void f(void){ int x, y; __asm__ volatile ("add %1, %0" : "=r" (x) : "r" (y) : "cc"); }"#;
        let s = run(src);
        assert_eq!(s.text.len(), src.len());
        let at = src.find("__asm__").unwrap();
        let call = &s.text[at..src.find("; }").unwrap()];
        assert_eq!(
            call.split_whitespace().collect::<String>(),
            "_X_____((x),(y))"
        );
        assert_eq!(&s.text[src.find("(x)").unwrap()..][..3], "(x)");
        assert!(s.bodies[0].has_asm);
    }

    #[test]
    fn asm_goto_and_labels_section_are_blanked() {
        let src =
            r#"int f(int x){ asm goto ("jmp %l1" : : "r" (x) : : out); return 0; out: return 1; }"#;
        let s = run(src);
        let at = src.find("asm").unwrap();
        assert_eq!(
            s.text[at..]
                .split(';')
                .next()
                .unwrap()
                .split_whitespace()
                .collect::<String>(),
            "_X_((x))"
        );
    }

    #[test]
    fn asm_labels_are_recorded_with_their_c_names() {
        let src = "extern int scanf (const char *__restrict __format, ...) __asm__ (\"\" \"__isoc99_scanf\");\nregister long r asm(\"r12\");\nvoid (*fp)(void) asm(\"g\");\n";
        let s = run(src);
        let names: Vec<_> = s
            .labels
            .iter()
            .map(|l| (l.c_name.as_str(), l.asm_name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![("scanf", "__isoc99_scanf"), ("r", "r12"), ("fp", "g")]
        );
        assert!(!s.text.contains("__asm__") && !s.text.contains("asm("));
        assert!(s.sites.is_empty());
    }

    #[test]
    fn statement_after_if_condition_is_not_a_label() {
        let src = "void f(int c){ if (c) asm(\"nop\"); else asm(\"pause\"); }";
        let s = run(src);
        assert_eq!(s.sites.len(), 2);
        assert!(s.labels.is_empty());
    }

    #[test]
    fn comments_become_blanks_at_the_same_offsets() {
        let src = "# 1 \"a/*b.c\"\nint x; /* one\ntwo */ char *s = \"/* no */\"; // end\nint y;\n";
        let blanked = blank_comments(src);
        assert_eq!(blanked.len(), src.len());
        assert_eq!(blanked, "# 1 \"a/*b.c\"\nint x;       \n       char *s = \"/* no */\";       \nint y;\n");
        assert!(matches!(blank_comments("int x;\n"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn bodies_without_asm_are_blanked_keeping_newlines() {
        let src = "int a = 1;\nstatic inline int f(int x) {\n  return x + &&y;\n}\nstruct S { int q; };\nint g(void) { __asm__(\"nop\"); return 0; }\n";
        let s = run(src);
        assert_eq!(s.bodies.len(), 2);
        assert_eq!(s.bodies[0].name.as_deref(), Some("f"));
        assert!(s.bodies[0].is_static && s.bodies[0].is_inline);
        let body = &s.text[s.bodies[0].open + 1..s.bodies[0].close];
        assert_eq!(
            body,
            format!("\n{}\n", " ".repeat("  return x + &&y;".len()))
        );
        assert!(s.text.contains("struct S { int q; };"));
        assert!(s.text.contains("return 0;"));
    }

    #[test]
    fn unknown_types_become_same_length_keywords() {
        let src = "unsigned __int128 a; __uint128_t b; int c = __extension__ 1;";
        let s = run(src);
        assert_eq!(
            s.text,
            "unsigned long     a; unsigned    b; int c =               1;"
        );
        assert_eq!(s.overrides[&9], TypeOverride::Int128);
        assert_eq!(s.overrides[&21], TypeOverride::UInt128);
    }

    #[test]
    fn label_addresses_lose_their_ampersands() {
        let src =
            "void f(void){ void *p = &&l; int z = 1 && 2; asm(\"\" : : \"r\"(p)); l: goto *p; }";
        let s = run(src);
        assert!(s.text.contains("void *p =   l;"));
        assert!(s.text.contains("1 && 2"));
        assert!(s.text.contains("l:      *p;"));
        assert_eq!(s.label_addresses, vec![src.find("l;").unwrap()]);
    }
}
