//! A recursive-descent parser for the reduced text that builds lang-c's tree, span for span.
//!
//! lang-c's parser is a PEG (rust-peg): ordered choice with backtracking, and on every failed
//! alternative it records the tokens it expected in a hash set. On the reduced text (the
//! declarations operands reach and the operand expressions) that machinery was most of the
//! front end's time. This parser follows lang-c's grammar rule for rule, including where each
//! rule consumes whitespace (which decides where a node's span ends) and lang-c's typedef-name
//! environment (which names are types, scope by scope, including the side effects of
//! alternatives it tries and abandons), but decides each choice by looking ahead instead of
//! backtracking, and keeps no error state.
//!
//! It covers what the reduction leaves: declarations at file and block scope (with struct,
//! union and enum bodies, attributes, asm labels, initializers, `_Alignas`, `_Static_assert`),
//! function definitions, every statement (statement expressions hold any), K&R declarators,
//! and every C expression form with GNU's (`__builtin_offsetof`, `__builtin_va_arg`,
//! `_Generic`, `__extension__`, `typeof`). It gives up on TS 18661 types, GNU case ranges, asm
//! statements inside statement expressions, old-style definitions and attributes between a
//! function's declarator and its body; the caller then hands the whole text to lang-c, which
//! also reports syntax errors as before: this parser never reports one itself. The test
//! `tests/cparse_vs_langc.rs` compares its tree with lang-c's, spans included, on every corpus
//! file, c-sample and real header.

use crate::reduce::FnvMap;
use lang_c::ast::*;
use lang_c::span::{Node, Span};

/// Parses `text` as lang-c's `translation_unit` would with GNU extensions, or `None` when the
/// text uses something this parser leaves to lang-c (or is not valid C).
pub(crate) fn translation_unit(text: &str) -> Option<TranslationUnit> {
    let mut items = Vec::new();
    each_external_declaration(text, |d| items.push(d)).then_some(TranslationUnit(items))
}

/// Parses `text` item by item, handing each external declaration to `f` as soon as it is
/// parsed (so that a caller can type a function and free its tree before the next one).
/// Returns `false` when the text uses something this parser leaves to lang-c (or is not valid
/// C); `f` has then seen only a prefix of the unit.
pub(crate) fn each_external_declaration(text: &str, f: impl FnMut(Node<ExternalDeclaration>)) -> bool {
    let mut p = Parser::new(text);
    let ok = p.unit(f).is_some() && !p.gave_up;
    if !ok && std::env::var_os("EXASM_DEBUG_CPARSE").is_some() {
        eprintln!("cparse: stopped in the item starting at byte {}", p.failed_item);
    }
    ok
}

type R<T> = Option<(T, usize)>;

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    /// lang-c's `Env`: scopes of names, `true` for a typedef name.
    scopes: Vec<FnvMap<&'a str, bool>>,
    /// Set when the text needs a rule this parser does not implement.
    gave_up: bool,
    /// Where the external declaration that failed to parse starts (a debugging aid).
    failed_item: usize,
    /// The last word [`Parser::word`] found, `(start, end)`: the rules ask again at the same
    /// place (a specifier, then an identifier, then a keyword) far more often than elsewhere.
    last_word: std::cell::Cell<(usize, usize)>,
}

fn sp(start: usize, end: usize) -> Span {
    Span::span(start, end)
}

fn node<T>(t: T, start: usize, end: usize) -> Node<T> {
    Node::new(t, sp(start, end))
}

fn is_ident_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn is_ident_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// lang-c's reserved words with GNU extensions on (C11, TS 18661 types and GNU keywords).
fn reserved(w: &str) -> bool {
    matches!(
        w,
        "auto" | "break" | "case" | "char" | "const" | "continue" | "default" | "do" | "double"
            | "else" | "enum" | "extern" | "float" | "for" | "goto" | "if" | "inline" | "int"
            | "long" | "register" | "restrict" | "return" | "short" | "signed" | "sizeof"
            | "static" | "struct" | "switch" | "typedef" | "union" | "unsigned" | "void"
            | "volatile" | "while" | "_Alignas" | "_Alignof" | "_Atomic" | "_Bool" | "_Complex"
            | "_Generic" | "_Imaginary" | "_Noreturn" | "_Static_assert" | "_Thread_local"
            | "_Float16" | "_Float16x" | "_Float32" | "_Float32x" | "_Float64" | "_Float64x"
            | "_Float128" | "_Float128x" | "_Decimal32" | "_Decimal32x" | "_Decimal64"
            | "_Decimal64x" | "_Decimal128" | "_Decimal128x" | "__FUNCTION__"
            | "__PRETTY_FUNCTION__" | "__alignof" | "__alignof__" | "__asm" | "__asm__"
            | "__attribute" | "__attribute__" | "__builtin_offsetof" | "__builtin_va_arg"
            | "__complex" | "__complex__" | "__const" | "__extension__" | "__func__" | "__imag"
            | "__imag__" | "__inline" | "__inline__" | "__label__" | "__null" | "__real"
            | "__real__" | "__restrict" | "__restrict__" | "__signed" | "__signed__"
            | "__thread" | "__typeof" | "__volatile" | "__volatile__"
    )
}

/// The binary operators of lang-c's `#infix` rule, level by level, lowest precedence first.
const LEVELS: [&[(&str, BinaryOperator)]; 10] = [
    &[("||", BinaryOperator::LogicalOr)],
    &[("&&", BinaryOperator::LogicalAnd)],
    &[("|", BinaryOperator::BitwiseOr)],
    &[("^", BinaryOperator::BitwiseXor)],
    &[("&", BinaryOperator::BitwiseAnd)],
    &[("==", BinaryOperator::Equals), ("!=", BinaryOperator::NotEquals)],
    &[
        ("<", BinaryOperator::Less),
        (">", BinaryOperator::Greater),
        ("<=", BinaryOperator::LessOrEqual),
        (">=", BinaryOperator::GreaterOrEqual),
    ],
    &[("<<", BinaryOperator::ShiftLeft), (">>", BinaryOperator::ShiftRight)],
    &[("+", BinaryOperator::Plus), ("-", BinaryOperator::Minus)],
    &[
        ("*", BinaryOperator::Multiply),
        ("/", BinaryOperator::Divide),
        ("%", BinaryOperator::Modulo),
    ],
];

const ASSIGN_OPS: [(&str, BinaryOperator); 11] = [
    ("=", BinaryOperator::Assign),
    ("*=", BinaryOperator::AssignMultiply),
    ("/=", BinaryOperator::AssignDivide),
    ("%=", BinaryOperator::AssignModulo),
    ("+=", BinaryOperator::AssignPlus),
    ("-=", BinaryOperator::AssignMinus),
    ("<<=", BinaryOperator::AssignShiftLeft),
    (">>=", BinaryOperator::AssignShiftRight),
    ("&=", BinaryOperator::AssignBitwiseAnd),
    ("^=", BinaryOperator::AssignBitwiseXor),
    ("|=", BinaryOperator::AssignBitwiseOr),
];

/// How a specifier list is being read (lang-c's unique/non-unique type split).
#[derive(Copy, Clone, PartialEq, Eq)]
enum TypeSeen {
    None,
    /// `void`, `_Bool`, `_Atomic(T)`, struct/union/enum, a typedef name: nothing else may follow.
    Unique,
    /// `int`, `long`, `unsigned`, ...: more of these may follow.
    NonUnique,
}

/// What a cast expression's parse went through, for the assignment rule.
struct Operand {
    expr: Expression,
    end: usize,
    /// The expression is a unary expression (not a cast or a binary or conditional one), and
    /// this is where lang-c's `unary_expression` would have ended.
    unary_end: Option<usize>,
}

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Self {
        let mut top = FnvMap::default();
        top.insert("__builtin_va_list", true);
        Parser { s, b: s.as_bytes(), scopes: vec![top], gave_up: false, failed_item: 0, last_word: std::cell::Cell::new((usize::MAX, 0)) }
    }

    #[track_caller]
    fn give_up<T>(&mut self) -> Option<T> {
        if std::env::var_os("EXASM_DEBUG_CPARSE").is_some() {
            eprintln!("cparse: gave up at {}", std::panic::Location::caller());
        }
        self.gave_up = true;
        None
    }

    // ---- lexical level ----

    /// lang-c's `_`: blanks and tabs, newlines, and a `#` line right after a newline.
    fn ws(&self, mut p: usize) -> usize {
        let b = self.b;
        loop {
            match b.get(p) {
                Some(b' ' | b'\t') => p += 1,
                Some(b'\n') | Some(b'\r') => {
                    if b[p] == b'\r' {
                        if b.get(p + 1) != Some(&b'\n') {
                            return p;
                        }
                        p += 1;
                    }
                    p += 1;
                    if b.get(p) == Some(&b'#') {
                        while p < b.len() && b[p] != b'\n' {
                            p += 1;
                        }
                    }
                }
                _ => return p,
            }
        }
    }

    fn at(&self, p: usize, lit: &str) -> bool {
        self.b[p.min(self.b.len())..].starts_with(lit.as_bytes())
    }

    /// The word (identifier-shaped, reserved or not) at `p`.
    fn word(&self, p: usize) -> Option<(&'a str, usize)> {
        let b = self.b;
        let (start, end) = self.last_word.get();
        if start == p {
            return Some((&self.s[p..end], end));
        }
        if p < b.len() && is_ident_start(b[p]) {
            let mut e = p + 1;
            while e < b.len() && is_ident_char(b[e]) {
                e += 1;
            }
            self.last_word.set((p, e));
            Some((&self.s[p..e], e))
        } else {
            None
        }
    }

    /// lang-c's `_ "c" _` from `p`: where the text goes on after the punctuator `c` and the
    /// whitespace around it, or `None` when `c` is not next.
    fn after(&self, p: usize, c: u8) -> Option<usize> {
        let q = self.ws(p);
        (self.b.get(q) == Some(&c)).then(|| self.ws(q + 1))
    }

    /// lang-c's `scoped<e>`: `f` parses in a new innermost scope of names.
    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(FnvMap::default());
        let r = f(self);
        self.scopes.pop();
        r
    }

    /// lang-c's `K<E>`: one of `words` at `p`, not followed by an identifier character.
    fn keyword(&self, p: usize, words: &[&str]) -> Option<usize> {
        let (w, e) = self.word(p)?;
        words.contains(&w).then_some(e)
    }

    fn identifier(&self, p: usize) -> R<Node<Identifier>> {
        let (w, e) = self.word(p)?;
        if reserved(w) {
            return None;
        }
        Some((node(Identifier { name: w.to_string() }, p, e), e))
    }

    fn is_typename(&self, name: &str) -> bool {
        for scope in self.scopes.iter().rev() {
            if let Some(&t) = scope.get(name) {
                return t;
            }
        }
        false
    }

    fn add_symbol(&mut self, name: &'a str, typename: bool) {
        self.scopes.last_mut().expect("a scope").insert(name, typename);
    }

    fn handle_declarator(&mut self, d: &Node<Declarator>, typename: bool) {
        let mut k = &d.node.kind.node;
        loop {
            match k {
                DeclaratorKind::Abstract => return,
                DeclaratorKind::Identifier(i) => {
                    let span = i.span;
                    let name = &self.s[span.start..span.end];
                    self.add_symbol(name, typename);
                    return;
                }
                DeclaratorKind::Declarator(d) => k = &d.node.kind.node,
            }
        }
    }

    /// lang-c's `cs0<item>` at `p`: items separated by `_ "," _`. Returns the items and the
    /// end of the last one (`p` when there is none); an item that fails after a comma ends the
    /// list before that comma.
    fn comma_list<T>(&mut self, p: usize, mut item: impl FnMut(&mut Self, usize) -> R<T>) -> (Vec<T>, usize) {
        let mut out = Vec::new();
        let Some((first, mut end)) = item(self, p) else { return (out, p) };
        out.push(first);
        loop {
            let c = self.ws(end);
            if self.b.get(c) != Some(&b',') {
                break;
            }
            let d = self.ws(c + 1);
            match item(self, d) {
                Some((x, xe)) => {
                    out.push(x);
                    end = xe;
                }
                None => break,
            }
        }
        (out, end)
    }

    /// An assignment expression as a node: an element of argument and attribute lists.
    fn argument(&mut self, p: usize) -> R<Node<Expression>> {
        let (e, end) = self.assignment_expression0(p)?;
        Some((node(e, p, end), end))
    }

    // ---- constants and strings ----

    fn string_literal(&self, p: usize) -> R<Node<StringLiteral>> {
        let mut parts = Vec::new();
        let (first, mut end) = self.string_literal0(p)?;
        parts.push(first);
        loop {
            let q = self.ws(end);
            match self.string_literal0(q) {
                Some((s, e)) => {
                    parts.push(s);
                    end = e;
                }
                None => break,
            }
        }
        Some((node(parts, p, end), end))
    }

    fn string_literal0(&self, p: usize) -> R<String> {
        let b = self.b;
        let mut q = p;
        if self.at(q, "u8\"") {
            q += 2;
        } else if matches!(b.get(q), Some(b'u' | b'U' | b'L')) && b.get(q + 1) == Some(&b'"') {
            q += 1;
        }
        if b.get(q) != Some(&b'"') {
            return None;
        }
        q += 1;
        loop {
            match b.get(q) {
                Some(b'"') => break,
                Some(b'\\') => q = self.escape(q)?,
                Some(b'\n') | None => return None,
                Some(_) => q += 1,
            }
        }
        q += 1;
        Some((self.s[p..q].to_string(), q))
    }

    /// lang-c's `escape_sequence` at the backslash `p`; the end.
    fn escape(&self, p: usize) -> Option<usize> {
        let b = self.b;
        match b.get(p + 1)? {
            b'\'' | b'"' | b'?' | b'\\' | b'a' | b'b' | b'c' | b'f' | b'n' | b'r' | b't' | b'v' => {
                Some(p + 2)
            }
            b'0'..=b'7' => {
                let mut q = p + 1;
                while q < p + 4 && q < b.len() && (b'0'..=b'7').contains(&b[q]) {
                    q += 1;
                }
                Some(q)
            }
            b'x' => {
                let mut q = p + 2;
                while q < b.len() && b[q].is_ascii_hexdigit() {
                    q += 1;
                }
                (q > p + 2).then_some(q)
            }
            _ => None,
        }
    }

    fn constant(&mut self, p: usize) -> R<Constant> {
        let b = self.b;
        match b.get(p)? {
            b'0'..=b'9' | b'.' => self.numeric_constant(p),
            b'\'' | b'u' | b'U' | b'L' => {
                let mut q = p;
                if b[q] != b'\'' {
                    q += 1;
                }
                if b.get(q) != Some(&b'\'') {
                    return None;
                }
                q += 1;
                let start = q;
                loop {
                    match b.get(q) {
                        Some(b'\'') => break,
                        Some(b'\\') => q = self.escape(q)?,
                        Some(b'\n') | None => return None,
                        Some(_) => q += 1,
                    }
                }
                if q == start {
                    return None;
                }
                q += 1;
                Some((Constant::Character(self.s[p..q].to_string()), q))
            }
            _ => None,
        }
    }

    fn numeric_constant(&mut self, p: usize) -> R<Constant> {
        let b = self.b;
        let digits = |mut q: usize, f: fn(&u8) -> bool| {
            while q < b.len() && f(&b[q]) {
                q += 1;
            }
            q
        };
        let dec = |c: &u8| c.is_ascii_digit();
        let hex = |c: &u8| c.is_ascii_hexdigit();
        let hex_prefix = b.get(p) == Some(&b'0') && matches!(b.get(p + 1), Some(b'x' | b'X'));
        // float_constant first.
        let float = if hex_prefix {
            let s = p + 2;
            let m = digits(s, hex);
            let (m2, has_point) = if b.get(m) == Some(&b'.') { (digits(m + 1, hex), true) } else { (m, false) };
            let mantissa = if has_point { m2 > m + 1 || m > s } else { m > s };
            if mantissa && matches!(b.get(m2), Some(b'p' | b'P')) {
                let mut e = m2 + 1;
                if matches!(b.get(e), Some(b'+' | b'-')) {
                    e += 1;
                }
                let e2 = digits(e, dec);
                (e2 > e).then_some((FloatBase::Hexadecimal, s, e2))
            } else {
                None
            }
        } else {
            let i = digits(p, dec);
            let mut end = None;
            if b.get(i) == Some(&b'.') {
                let f = digits(i + 1, dec);
                if f > i + 1 || i > p {
                    end = Some(f);
                }
            } else if i > p && matches!(b.get(i), Some(b'e' | b'E')) {
                end = Some(i);
            }
            end.and_then(|mut e| {
                if matches!(b.get(e), Some(b'e' | b'E')) {
                    let mut x = e + 1;
                    if matches!(b.get(x), Some(b'+' | b'-')) {
                        x += 1;
                    }
                    let x2 = digits(x, dec);
                    if x2 > x {
                        e = x2;
                    } else if b.get(i) != Some(&b'.') {
                        return None;
                    }
                }
                Some((FloatBase::Decimal, p, e))
            })
        };
        if let Some((base, s, e)) = float {
            let (suffix, end) = self.float_suffix(e)?;
            return Some((
                Constant::Float(Float { base, number: self.s[s..e].into(), suffix }),
                end,
            ));
        }
        let (base, s, e) = if hex_prefix {
            let e = digits(p + 2, hex);
            if e == p + 2 {
                return None;
            }
            (IntegerBase::Hexadecimal, p + 2, e)
        } else if b.get(p) == Some(&b'0') && matches!(b.get(p + 1), Some(b'0'..=b'7')) {
            (IntegerBase::Octal, p + 1, digits(p + 1, |c| (b'0'..=b'7').contains(c)))
        } else if b.get(p) == Some(&b'0') && matches!(b.get(p + 1), Some(b'b' | b'B')) && matches!(b.get(p + 2), Some(b'0' | b'1')) {
            (IntegerBase::Binary, p + 2, digits(p + 2, |c| *c == b'0' || *c == b'1'))
        } else if b.get(p).is_some_and(|c| c.is_ascii_digit()) {
            if b[p] == b'0' {
                (IntegerBase::Decimal, p, p + 1)
            } else {
                (IntegerBase::Decimal, p, digits(p, dec))
            }
        } else {
            return None;
        };
        let mut q = e;
        while q < b.len() && matches!(b[q], b'u' | b'U' | b'l' | b'L' | b'i' | b'I' | b'j' | b'J') {
            q += 1;
        }
        let suffix = int_suffix(&self.s[e..q])?;
        Some((
            Constant::Integer(Integer { base, number: self.s[s..e].into(), suffix }),
            q,
        ))
    }

    fn float_suffix(&self, p: usize) -> R<FloatSuffix> {
        let b = self.b;
        let imag = |c: Option<&u8>| matches!(c, Some(b'i' | b'I' | b'j' | b'J'));
        if imag(b.get(p)) {
            let (format, e) = self.float_format(p + 1);
            return Some((FloatSuffix { format, imaginary: true }, e));
        }
        let (format, e) = self.float_format(p);
        if imag(b.get(e)) {
            Some((FloatSuffix { format, imaginary: true }, e + 1))
        } else {
            Some((FloatSuffix { format, imaginary: false }, e))
        }
    }

    fn float_format(&self, p: usize) -> (FloatFormat, usize) {
        let b = self.b;
        // TS 18661 suffixes (`f32`, `df`, ...) are left to lang-c: give the plain reading and
        // let a following letter fail the token.
        match b.get(p) {
            Some(b'f' | b'F') => (FloatFormat::Float, p + 1),
            Some(b'l' | b'L') => (FloatFormat::LongDouble, p + 1),
            _ => (FloatFormat::Double, p),
        }
    }

    // ---- expressions ----

    /// lang-c's `expression0`.
    fn expression0(&mut self, p: usize) -> R<Expression> {
        let (first, e1) = self.assignment_expression0(p)?;
        let after = self.ws(e1);
        let mut rest: Vec<Node<Expression>> = Vec::new();
        let mut end = after;
        let mut q = after;
        loop {
            if self.b.get(q) != Some(&b',') {
                break;
            }
            let r = self.ws(q + 1);
            match self.assignment_expression0(r) {
                Some((e, re)) => {
                    rest.push(node(e, r, re));
                    end = re;
                    q = self.ws(re);
                }
                None => break,
            }
        }
        if rest.is_empty() {
            Some((first, after))
        } else {
            let mut all = Vec::with_capacity(rest.len() + 1);
            all.push(node(first, p, e1));
            all.extend(rest);
            Some((Expression::Comma(Box::new(all)), end))
        }
    }

    /// lang-c's `expression`: `box<node<expression0>>`.
    fn expression(&mut self, p: usize) -> R<Box<Node<Expression>>> {
        let (e, end) = self.expression0(p)?;
        Some((Box::new(node(e, p, end)), end))
    }

    fn assignment_expression(&mut self, p: usize) -> R<Box<Node<Expression>>> {
        let (e, end) = self.assignment_expression0(p)?;
        Some((Box::new(node(e, p, end)), end))
    }

    /// lang-c's `assignment_expression0`: `unary op assignment` first, else conditional. The
    /// conditional is parsed once; when it is a bare unary expression followed by an
    /// assignment operator, it is the left-hand side lang-c's first alternative would build.
    fn assignment_expression0(&mut self, p: usize) -> R<Expression> {
        let (cond, cend, unary_end) = self.conditional_expression0(p)?;
        let Some(uend) = unary_end else { return Some((cond, cend)) };
        let q = self.ws(uend);
        for (lit, op) in ASSIGN_OPS {
            if !self.at(q, lit) {
                continue;
            }
            let r = self.ws(q + lit.len());
            // The first alternative is tried before the conditional one: only its result
            // counts when it parses, and a failure leaves the conditional's.
            if let Some((rhs, rend)) = self.assignment_expression(r) {
                let lhs = Box::new(node(cond, p, uend));
                let e = BinaryOperatorExpression {
                    operator: node(op, q, q + lit.len()),
                    lhs,
                    rhs,
                };
                return Some((Expression::BinaryOperator(Box::new(node(e, p, rend))), rend));
            }
            // Only `=` can be a prefix of what follows (`==`): the others are unique.
            break;
        }
        Some((cond, cend))
    }

    /// lang-c's `conditional_expression0`; the third value is the end of the unary
    /// expression when the whole expression is one.
    fn conditional_expression0(&mut self, p: usize) -> Option<(Expression, usize, Option<usize>)> {
        let (a, unary_end) = self.binary(0, p)?;
        let q = self.ws(a.span.end);
        if self.b.get(q) == Some(&b'?') {
            let r = self.ws(q + 1);
            if let Some((then_e, te)) = self.expression0(r) {
                let s = self.ws(te);
                if self.b.get(s) == Some(&b':') {
                    let u = self.ws(s + 1);
                    if let Some((else_e, ee, _)) = self.conditional_expression0(u) {
                        let start = a.span.start;
                        let c = ConditionalExpression {
                            condition: Box::new(a),
                            then_expression: Box::new(node(then_e, r, te)),
                            else_expression: Box::new(node(else_e, u, ee)),
                        };
                        return Some((Expression::Conditional(Box::new(node(c, start, ee))), ee, None));
                    }
                }
            }
        }
        Some((a.node, q, unary_end))
    }

    /// lang-c's `#infix` precedence climbing from `min` upward.
    fn binary(&mut self, min: usize, p: usize) -> Option<(Node<Expression>, Option<usize>)> {
        let first = self.cast_expression0(p)?;
        let mut unary_end = first.unary_end;
        let mut x = node(first.expr, p, first.end);
        'outer: loop {
            let pos = x.span.end;
            for (level, ops) in LEVELS.iter().enumerate().skip(min) {
                for (lit, op) in ops.iter() {
                    let lit: &str = lit;
                    let q = self.ws(pos);
                    if !self.at(q, lit) || (lit == "&" && self.at(q + 1, "&")) {
                        continue;
                    }
                    let r = self.ws(q + lit.len());
                    if let Some((y, _)) = self.binary(level + 1, r) {
                        let span = sp(x.span.start, y.span.end);
                        let e = BinaryOperatorExpression {
                            operator: node(op.clone(), q, q + lit.len()),
                            lhs: Box::new(x),
                            rhs: Box::new(y),
                        };
                        x = Node::new(Expression::BinaryOperator(Box::new(Node::new(e, span))), span);
                        unary_end = None;
                        continue 'outer;
                    }
                }
            }
            break;
        }
        Some((x, unary_end))
    }

    /// lang-c's `cast_expression0`: `(type) cast` first, else a unary expression.
    fn cast_expression0(&mut self, p: usize) -> Option<Operand> {
        if self.b.get(p) == Some(&b'(') {
            let q = self.ws(p + 1);
            if self.starts_type_name(q) {
                if let Some((t, te)) = self.type_name(q) {
                    let r = self.ws(te);
                    if self.b.get(r) == Some(&b')') {
                        let u = self.ws(r + 1);
                        if let Some(inner) = self.cast_expression0(u) {
                            let c = CastExpression {
                                type_name: t,
                                expression: Box::new(node(inner.expr, u, inner.end)),
                            };
                            return Some(Operand {
                                expr: Expression::Cast(Box::new(node(c, p, inner.end))),
                                end: inner.end,
                                unary_end: None,
                            });
                        }
                    }
                }
                if self.gave_up {
                    return None;
                }
            }
        }
        let (e, end) = self.unary_expression0(p)?;
        Some(Operand { expr: e, end, unary_end: Some(end) })
    }

    fn cast_expression(&mut self, p: usize) -> R<Box<Node<Expression>>> {
        let o = self.cast_expression0(p)?;
        Some((Box::new(node(o.expr, p, o.end)), o.end))
    }

    fn unary_expression(&mut self, p: usize) -> R<Box<Node<Expression>>> {
        let (e, end) = self.unary_expression0(p)?;
        Some((Box::new(node(e, p, end)), end))
    }

    /// lang-c's `unary_expression0`.
    fn unary_expression0(&mut self, p: usize) -> R<Expression> {
        if let Some(r) = self.postfix_expression0(p) {
            return Some(r);
        }
        if self.gave_up {
            return None;
        }
        let b = self.b;
        // ++ / --
        for (lit, op) in [("++", UnaryOperator::PreIncrement), ("--", UnaryOperator::PreDecrement)] {
            if self.at(p, lit) {
                let q = self.ws(p + 2);
                if let Some((operand, end)) = self.unary_expression(q) {
                    let e = UnaryOperatorExpression { operator: node(op, p, p + 2), operand };
                    return Some((Expression::UnaryOperator(Box::new(node(e, p, end))), end));
                }
            }
        }
        let unary = match b.get(p) {
            Some(b'&') if !self.at(p + 1, "&") => Some(UnaryOperator::Address),
            Some(b'*') => Some(UnaryOperator::Indirection),
            Some(b'+') => Some(UnaryOperator::Plus),
            Some(b'-') => Some(UnaryOperator::Minus),
            Some(b'~') => Some(UnaryOperator::Complement),
            Some(b'!') => Some(UnaryOperator::Negate),
            _ => None,
        };
        if let Some(op) = unary {
            let q = self.ws(p + 1);
            if let Some((operand, end)) = self.cast_expression(q) {
                let e = UnaryOperatorExpression { operator: node(op, p, p + 1), operand };
                return Some((Expression::UnaryOperator(Box::new(node(e, p, end))), end));
            }
            return None;
        }
        if let Some(k) = self.keyword(p, &["sizeof"]) {
            let q = self.ws(k);
            if b.get(q) == Some(&b'(') {
                let r = self.ws(q + 1);
                if self.starts_type_name(r) {
                    if let Some((t, te)) = self.type_name(r) {
                        let u = self.ws(te);
                        if b.get(u) == Some(&b')') {
                            let end = u + 1;
                            return Some((Expression::SizeOfTy(Box::new(node(SizeOfTy(t), p, end))), end));
                        }
                    }
                    if self.gave_up {
                        return None;
                    }
                }
            }
            let (operand, end) = self.unary_expression(q)?;
            return Some((Expression::SizeOfVal(Box::new(node(SizeOfVal(operand), p, end))), end));
        }
        if let Some(k) = self.keyword(p, &["_Alignof", "__alignof", "__alignof__"]) {
            let r = self.after(k, b'(')?;
            let (t, te) = self.type_name(r)?;
            let u = self.ws(te);
            if b.get(u) != Some(&b')') {
                return None;
            }
            let end = u + 1;
            return Some((Expression::AlignOf(Box::new(node(AlignOf(Box::new(t)), p, end))), end));
        }
        if let Some(k) = self.keyword(p, &["__extension__"]) {
            let q = self.ws(k);
            return self.unary_expression0(q);
        }
        None
    }

    /// lang-c's `postfix_expression0`: a compound literal or primary expression, then
    /// postfix operations.
    fn postfix_expression0(&mut self, p: usize) -> R<Expression> {
        let (e0, pe) = self.postfix_expression1(p)?;
        let mut cur = Some(e0);
        let mut end = self.ws(pe);
        let mut last = None;
        let mut q = end;
        loop {
            let b = self.b;
            let op_start = q;
            let applied: Option<(Expression, usize)> = match b.get(q) {
                Some(b'[') => {
                    let r = self.ws(q + 1);
                    match self.expression0(r) {
                        Some((idx, ie)) => {
                            let s = self.ws(ie);
                            if b.get(s) == Some(&b']') {
                                let oend = s + 1;
                                let lhs = node(cur.take().expect("expression"), p, last.unwrap_or(pe));
                                let x = BinaryOperatorExpression {
                                    operator: node(BinaryOperator::Index, op_start, oend),
                                    lhs: Box::new(lhs),
                                    rhs: Box::new(node(idx, r, ie)),
                                };
                                Some((Expression::BinaryOperator(Box::new(node(x, p, oend))), oend))
                            } else {
                                return self.finish_postfix(cur.take().expect("expression"), last, end);
                            }
                        }
                        None => return self.finish_postfix(cur.take().expect("expression"), last, end),
                    }
                }
                Some(b'(') => {
                    let r = self.ws(q + 1);
                    let (args, ae) = self.comma_list(r, Self::argument);
                    let s = self.ws(ae);
                    if self.gave_up {
                        return None;
                    }
                    if b.get(s) == Some(&b')') {
                        let oend = s + 1;
                        let callee = node(cur.take().expect("expression"), p, last.unwrap_or(pe));
                        let x = CallExpression { callee: Box::new(callee), arguments: args };
                        Some((Expression::Call(Box::new(node(x, p, oend))), oend))
                    } else {
                        return self.finish_postfix(cur.take().expect("expression"), last, end);
                    }
                }
                Some(b'.') | Some(b'-') if b.get(q) == Some(&b'.') || self.at(q, "->") => {
                    let (mop, ol) = if b[q] == b'.' {
                        (MemberOperator::Direct, 1)
                    } else {
                        (MemberOperator::Indirect, 2)
                    };
                    // `.5` after an expression is not C; `.` must be followed by a name.
                    let r = self.ws(q + ol);
                    match self.identifier(r) {
                        Some((id, ie)) => {
                            let base = node(cur.take().expect("expression"), p, last.unwrap_or(pe));
                            let x = MemberExpression {
                                operator: node(mop, q, q + ol),
                                expression: Box::new(base),
                                identifier: id,
                            };
                            Some((Expression::Member(Box::new(node(x, p, ie))), ie))
                        }
                        None => return self.finish_postfix(cur.take().expect("expression"), last, end),
                    }
                }
                _ if self.at(q, "++") || self.at(q, "--") => {
                    let op = if b[q] == b'+' { UnaryOperator::PostIncrement } else { UnaryOperator::PostDecrement };
                    let operand = node(cur.take().expect("expression"), p, last.unwrap_or(pe));
                    let x = UnaryOperatorExpression { operator: node(op, q, q + 2), operand: Box::new(operand) };
                    Some((Expression::UnaryOperator(Box::new(node(x, p, q + 2))), q + 2))
                }
                _ => None,
            };
            match applied {
                Some((x, xe)) => {
                    cur = Some(x);
                    last = Some(xe);
                    end = xe;
                    q = self.ws(xe);
                }
                None => break,
            }
        }
        self.finish_postfix(cur.take().expect("expression"), last, end)
    }

    /// The postfix expression's end: that of its last operation, else after the whitespace
    /// following the primary expression.
    fn finish_postfix(&mut self, e: Expression, last: Option<usize>, end: usize) -> R<Expression> {
        match last {
            Some(l) => Some((e, l)),
            None => Some((e, end)),
        }
    }

    /// lang-c's `postfix_expression1`: compound literal or primary expression (with the
    /// node's end).
    fn postfix_expression1(&mut self, p: usize) -> R<Expression> {
        let b = self.b;
        if b.get(p) == Some(&b'(') {
            let q = self.ws(p + 1);
            if self.starts_type_name(q) {
                if let Some((t, te)) = self.type_name(q) {
                    let r = self.ws(te);
                    if b.get(r) == Some(&b')') {
                        let s = self.ws(r + 1);
                        if b.get(s) == Some(&b'{') {
                            let (items, end) = self.initializer_list(s)?;
                            let c = CompoundLiteral { type_name: t, initializer_list: items };
                            return Some((Expression::CompoundLiteral(Box::new(node(c, p, end))), end));
                        }
                    }
                }
                if self.gave_up {
                    return None;
                }
            }
        }
        self.primary_expression0(p)
    }

    /// lang-c's `primary_expression0`.
    fn primary_expression0(&mut self, p: usize) -> R<Expression> {
        let b = self.b;
        if let Some((s, e)) = self.string_literal(p) {
            return Some((Expression::StringLiteral(Box::new(s)), e));
        }
        if let Some((id, e)) = self.identifier(p) {
            return Some((Expression::Identifier(Box::new(id)), e));
        }
        if let Some((c, e)) = self.constant(p) {
            return Some((Expression::Constant(Box::new(node(c, p, e))), e));
        }
        if b.get(p) == Some(&b'(') {
            let q = self.ws(p + 1);
            if b.get(q) == Some(&b'{') {
                // lang-c's `statement_expression`: `( {...} )`, the block scoped.
                let block = self.scoped(|s| s.compound_statement(q));
                let (st, se) = block?;
                let r = self.ws(se);
                if b.get(r) != Some(&b')') {
                    return None;
                }
                return Some((Expression::Statement(Box::new(node(st, q, se))), r + 1));
            }
            if let Some((e, ee)) = self.expression0(q) {
                let r = self.ws(ee);
                if b.get(r) == Some(&b')') {
                    return Some((e, r + 1));
                }
            }
            return None;
        }
        if let Some((w, e)) = self.word(p) {
            match w {
                "_Generic" => return self.generic_selection(p, e),
                "__builtin_va_arg" => {
                    let r = self.after(e, b'(')?;
                    let (va_list, ve) = self.assignment_expression(r)?;
                    let d = self.after(ve, b',')?;
                    let (type_name, te) = self.type_name(d)?;
                    let z = self.ws(te);
                    if b.get(z) != Some(&b')') {
                        return None;
                    }
                    let v = VaArgExpression { va_list, type_name };
                    return Some((Expression::VaArg(Box::new(node(v, p, z + 1))), z + 1));
                }
                "__builtin_offsetof" => return self.offsetof(p, e),
                "__func__" | "__FUNCTION__" | "__PRETTY_FUNCTION__" => {
                    let id = node(Identifier { name: w.to_string() }, p, e);
                    return Some((Expression::Identifier(Box::new(id)), e));
                }
                _ => {}
            }
        }
        None
    }

    /// lang-c's `generic_selection` after `_Generic` (ending at `kw_end`).
    fn generic_selection(&mut self, p: usize, kw_end: usize) -> R<Expression> {
        let b = self.b;
        let r = self.after(kw_end, b'(')?;
        let (expression, ee) = self.assignment_expression(r)?;
        let mut c = self.ws(ee);
        if b.get(c) != Some(&b',') {
            return None;
        }
        let mut associations = Vec::new();
        loop {
            let d = self.ws(c + 1);
            let Some(a) = self.generic_association(d) else {
                if associations.is_empty() || self.gave_up {
                    return None;
                }
                break;
            };
            let end = a.span.end;
            associations.push(a);
            c = self.ws(end);
            if b.get(c) != Some(&b',') {
                break;
            }
        }
        if b.get(c) != Some(&b')') {
            return None;
        }
        let g = GenericSelection { expression, associations };
        Some((Expression::GenericSelection(Box::new(node(g, p, c + 1))), c + 1))
    }

    fn generic_association(&mut self, p: usize) -> Option<Node<GenericAssociation>> {
        if let Some(k) = self.keyword(p, &["default"]) {
            let r = self.after(k, b':')?;
            let (e, ee) = self.assignment_expression(r)?;
            return Some(node(GenericAssociation::Default(e), p, ee));
        }
        let (type_name, te) = self.type_name(p)?;
        let r = self.after(te, b':')?;
        let (expression, ee) = self.assignment_expression(r)?;
        let t = GenericAssociationType { type_name, expression };
        Some(node(GenericAssociation::Type(node(t, p, ee)), p, ee))
    }

    /// lang-c's `offsetof_expression` after `__builtin_offsetof` (ending at `kw_end`).
    fn offsetof(&mut self, p: usize, kw_end: usize) -> R<Expression> {
        let b = self.b;
        let r = self.after(kw_end, b'(')?;
        let (type_name, te) = self.type_name(r)?;
        let d = self.after(te, b',')?;
        let (base, be) = self.identifier(d)?;
        let mut members = Vec::new();
        let mut dend = self.ws(be);
        let mut m = dend;
        loop {
            let member = match b.get(m) {
                Some(b'.') => {
                    let x = self.ws(m + 1);
                    self.identifier(x).map(|(i, ie)| (OffsetMember::Member(i), ie))
                }
                Some(b'-') if self.at(m, "->") => {
                    let x = self.ws(m + 2);
                    self.identifier(x).map(|(i, ie)| (OffsetMember::IndirectMember(i), ie))
                }
                Some(b'[') => {
                    let x = self.ws(m + 1);
                    match self.expression0(x) {
                        Some((e, xe)) => {
                            let y = self.ws(xe);
                            (b.get(y) == Some(&b']')).then(|| (OffsetMember::Index(node(e, x, xe)), y + 1))
                        }
                        None => None,
                    }
                }
                _ => None,
            };
            match member {
                Some((mem, me)) => {
                    members.push(node(mem, m, me));
                    dend = me;
                    m = self.ws(me);
                }
                None => break,
            }
        }
        if self.gave_up {
            return None;
        }
        let designator = node(OffsetDesignator { base, members }, d, dend);
        let z = self.ws(dend);
        if b.get(z) != Some(&b')') {
            return None;
        }
        let o = OffsetOfExpression { type_name, designator };
        Some((Expression::OffsetOf(Box::new(node(o, p, z + 1))), z + 1))
    }

    /// `_Static_assert`, possibly after `__extension__`, at `p`.
    fn starts_static_assert(&self, p: usize) -> bool {
        let q = match self.keyword(p, &["__extension__"]) {
            Some(k) => self.ws(k),
            None => p,
        };
        self.keyword(q, &["_Static_assert"]).is_some()
    }

    /// lang-c's `static_assert` at `p` (an optional `__extension__` first), through its `;`.
    fn static_assert(&mut self, p: usize) -> R<Node<StaticAssert>> {
        let b = self.b;
        let mut q = p;
        if let Some(k) = self.keyword(p, &["__extension__"]) {
            q = self.ws(k);
        }
        let k = self.keyword(q, &["_Static_assert"])?;
        let s0 = self.after(k, b'(')?;
        let (e, ee, _) = self.conditional_expression0(s0)?;
        let expression = Box::new(node(e, s0, ee));
        let d = self.after(ee, b',')?;
        let (message, me) = self.string_literal(d)?;
        let y = self.after(me, b')')?;
        if b.get(y) != Some(&b';') {
            return None;
        }
        Some((node(StaticAssert { expression, message }, p, y + 1), y + 1))
    }

    /// lang-c's `alignment_specifier` at `_Alignas` (ending at `kw_end`).
    fn alignment_specifier(&mut self, p: usize, kw_end: usize) -> R<Node<AlignmentSpecifier>> {
        let b = self.b;
        let r = self.after(kw_end, b'(')?;
        if self.starts_type_name(r) {
            if let Some((t, te)) = self.type_name(r) {
                let z = self.ws(te);
                if b.get(z) == Some(&b')') {
                    return Some((node(AlignmentSpecifier::Type(t), p, z + 1), z + 1));
                }
            }
            if self.gave_up {
                return None;
            }
        }
        let (e, ee, _) = self.conditional_expression0(r)?;
        let z = self.ws(ee);
        if b.get(z) != Some(&b')') {
            return None;
        }
        Some((node(AlignmentSpecifier::Constant(Box::new(node(e, r, ee))), p, z + 1), z + 1))
    }

    // ---- type names and specifiers ----

    /// Whether a type name could start at `p` (what lang-c's `specifier_qualifiers` accepts
    /// first): decides between a parenthesized expression and a cast without backtracking.
    fn starts_type_name(&self, p: usize) -> bool {
        let Some((w, _)) = self.word(p) else { return false };
        matches!(
            w,
            "void" | "_Bool" | "_Atomic" | "struct" | "union" | "enum" | "char" | "short" | "int"
                | "long" | "float" | "double" | "signed" | "__signed" | "__signed__" | "unsigned"
                | "_Complex" | "__complex" | "__complex__" | "typeof" | "__typeof" | "__typeof__"
                | "const" | "__const" | "restrict" | "__restrict" | "__restrict__" | "volatile"
                | "__volatile" | "__volatile__" | "__attribute" | "__attribute__"
        ) || w.starts_with("_Float")
            || w.starts_with("_Decimal")
            || (!reserved(w) && self.is_typename(w))
    }

    /// lang-c's `type_name`.
    fn type_name(&mut self, p: usize) -> R<Node<TypeName>> {
        let (specifiers, se) = self.specifier_qualifiers(p)?;
        let se = self.ws(se);
        let mut end = se;
        let mut declarator = None;
        if let Some((d, de)) = self.abstract_declarator(se) {
            declarator = Some(d);
            end = de;
        }
        if self.gave_up {
            return None;
        }
        Some((node(TypeName { specifiers, declarator }, p, end), end))
    }

    /// lang-c's `specifier_qualifiers`: qualifiers and attributes around exactly one unique
    /// type specifier, or at least one non-unique one. Ends after trailing whitespace, as
    /// `list_010` does.
    fn specifier_qualifiers(&mut self, p: usize) -> R<Vec<Node<SpecifierQualifier>>> {
        let mut out = Vec::new();
        let mut seen = TypeSeen::None;
        // Index of the (first) type specifier: `list_010`'s single element.
        let mut single = None;
        let mut q = p;
        loop {
            if let Some((qual, e)) = self.type_qualifier(q) {
                out.push(node(SpecifierQualifier::TypeQualifier(qual), q, e));
                q = self.ws(e);
                continue;
            }
            if let Some((ext, e)) = self.attribute_specifier(q) {
                out.push(node(SpecifierQualifier::Extension(ext), q, e));
                q = self.ws(e);
                continue;
            }
            if self.gave_up {
                return None;
            }
            let ts = match seen {
                TypeSeen::None => self
                    .type_specifier_unique(q)
                    .map(|r| (r, TypeSeen::Unique))
                    .or_else(|| self.type_specifier_nonunique(q).map(|r| (r, TypeSeen::NonUnique))),
                TypeSeen::NonUnique => self.type_specifier_nonunique(q).map(|r| (r, TypeSeen::NonUnique)),
                TypeSeen::Unique => None,
            };
            if self.gave_up {
                return None;
            }
            match ts {
                Some(((t, e), kind)) => {
                    if single.is_none() {
                        single = Some(out.len());
                    }
                    out.push(node(SpecifierQualifier::TypeSpecifier(t), q, e));
                    seen = kind;
                    q = self.ws(e);
                }
                None => break,
            }
        }
        let single = single?;
        // `before _ single _ after`: after the whitespace that follows the type when nothing
        // comes after it, else at the end of the last element.
        let end = if single + 1 == out.len() { q } else { out.last().map_or(q, |n| n.span.end) };
        Some((out, end))
    }

    fn type_qualifier(&self, p: usize) -> R<Node<TypeQualifier>> {
        let (w, e) = self.word(p)?;
        let q = match w {
            "const" | "__const" => TypeQualifier::Const,
            "restrict" | "__restrict" | "__restrict__" => TypeQualifier::Restrict,
            "volatile" | "__volatile" | "__volatile__" => TypeQualifier::Volatile,
            "_Atomic" => {
                if self.b.get(self.ws(e)) == Some(&b'(') {
                    return None;
                }
                TypeQualifier::Atomic
            }
            _ => return None,
        };
        Some((node(q, p, e), e))
    }

    fn type_specifier_nonunique(&mut self, p: usize) -> R<Node<TypeSpecifier>> {
        let (w, e) = self.word(p)?;
        let t = match w {
            "char" => TypeSpecifier::Char,
            "short" => TypeSpecifier::Short,
            "int" => TypeSpecifier::Int,
            "long" => TypeSpecifier::Long,
            "float" => TypeSpecifier::Float,
            "double" => TypeSpecifier::Double,
            "signed" | "__signed" | "__signed__" => TypeSpecifier::Signed,
            "unsigned" => TypeSpecifier::Unsigned,
            "_Complex" | "__complex" | "__complex__" => TypeSpecifier::Complex,
            "typeof" | "__typeof" | "__typeof__" => {
                let r = self.after(e, b'(')?;
                let inner = if self.starts_type_name(r) && !self.starts_expression_with_typename(r) {
                    let (t, te) = self.type_name(r)?;
                    (node(TypeOf::Type(t), r, te), te)
                } else {
                    let (x, xe) = self.expression0(r)?;
                    (node(TypeOf::Expression(node(x, r, xe)), r, xe), xe)
                };
                let s = self.ws(inner.1);
                if self.b.get(s) != Some(&b')') {
                    return None;
                }
                let end = s + 1;
                return Some((node(TypeSpecifier::TypeOf(inner.0), p, end), end));
            }
            _ if w.starts_with("_Float") || w.starts_with("_Decimal") => {
                return self.give_up();
            }
            _ => return None,
        };
        Some((node(t, p, e), e))
    }

    /// `typeof (T)` with a typedef name T: lang-c tries the expression first, and an identifier
    /// is an expression; it reads `typeof (x)` as an expression whatever `x` is, unless more
    /// follows that only a type allows.
    fn starts_expression_with_typename(&self, p: usize) -> bool {
        match self.word(p) {
            Some((w, _)) => !reserved(w),
            None => false,
        }
    }

    fn type_specifier_unique(&mut self, p: usize) -> R<Node<TypeSpecifier>> {
        let (w, e) = self.word(p)?;
        let t = match w {
            "void" => TypeSpecifier::Void,
            "_Bool" => TypeSpecifier::Bool,
            "_Atomic" => {
                let r = self.after(e, b'(')?;
                let (t, te) = self.type_name(r)?;
                let s = self.ws(te);
                if self.b.get(s) != Some(&b')') {
                    return None;
                }
                let end = s + 1;
                return Some((node(TypeSpecifier::Atomic(t), p, end), end));
            }
            "struct" | "union" => {
                let (st, end) = self.struct_or_union_specifier(p, w == "struct", e)?;
                return Some((node(TypeSpecifier::Struct(st), p, end), end));
            }
            "enum" => {
                let (en, end) = self.enum_specifier(p, e)?;
                return Some((node(TypeSpecifier::Enum(en), p, end), end));
            }
            _ if !reserved(w) && self.is_typename(w) => {
                TypeSpecifier::TypedefName(node(Identifier { name: w.to_string() }, p, e))
            }
            _ => return None,
        };
        Some((node(t, p, e), e))
    }

    fn struct_or_union_specifier(&mut self, p: usize, is_struct: bool, kw_end: usize) -> R<Node<StructType>> {
        let kind = node(if is_struct { StructKind::Struct } else { StructKind::Union }, p, kw_end);
        let q = self.ws(kw_end);
        let (identifier, ie) = match self.identifier(q) {
            Some((i, e)) => (Some(i), e),
            None => (None, q),
        };
        let r = self.ws(ie);
        if self.b.get(r) == Some(&b'{') {
            let mut s = self.ws(r + 1);
            let mut decls = Vec::new();
            loop {
                if self.b.get(s) == Some(&b'}') {
                    break;
                }
                let (d, de) = self.struct_declaration(s)?;
                decls.push(d);
                s = self.ws(de);
            }
            let end = s + 1;
            let st = StructType { kind, identifier, declarations: Some(decls) };
            return Some((node(st, p, end), end));
        }
        if self.gave_up {
            return None;
        }
        // `{ None }`: the body is absent, and the rule ends after the whitespace before it.
        identifier.as_ref()?;
        let st = StructType { kind, identifier, declarations: None };
        Some((node(st, p, r), r))
    }

    fn struct_declaration(&mut self, p: usize) -> R<Node<StructDeclaration>> {
        if self.starts_static_assert(p) {
            let (a, ae) = self.static_assert(p)?;
            return Some((node(StructDeclaration::StaticAssert(a), p, ae), ae));
        }
        if let Some(k) = self.keyword(p, &["__extension__"]) {
            let q = self.ws(k);
            let (d, end) = self.struct_declaration(q)?;
            return Some((node(d.node, p, end), end));
        }
        let (specifiers, se) = self.specifier_qualifiers(p)?;
        let se = self.ws(se);
        let (declarators, de) = self.comma_list(se, Self::struct_declarator);
        let q = self.ws(de);
        if self.gave_up || self.b.get(q) != Some(&b';') {
            return None;
        }
        let mut end = q + 1;
        // `gnu<(_ ";")*>`
        loop {
            let r = self.ws(end);
            if self.b.get(r) == Some(&b';') {
                end = r + 1;
            } else {
                break;
            }
        }
        let f = StructField { specifiers, declarators };
        let field = node(f, p, end);
        Some((node(StructDeclaration::Field(field), p, end), end))
    }

    fn struct_declarator(&mut self, p: usize) -> R<Node<StructDeclarator>> {
        // `declarator? _ ":" _ constant_expression attributes?` first.
        let d = self.declarator(p);
        if self.gave_up {
            return None;
        }
        let after_d = d.as_ref().map(|(_, e)| *e).unwrap_or(p);
        let q = self.ws(after_d);
        if self.b.get(q) == Some(&b':') {
            let r = self.ws(q + 1);
            let (w, we) = self.conditional_expression0(r).map(|(e, end, _)| (e, end))?;
            let width = Box::new(node(w, r, we));
            let (attrs, end) = self.attribute_specifier_list(we);
            let declarator = d.map(|(d, _)| with_ext(d, Some(attrs.clone())));
            let sd = StructDeclarator { declarator, bit_width: Some(width) };
            return Some((node(sd, p, end), end));
        }
        let (d, de) = d?;
        let a = self.ws(de);
        let (attrs, end) = self.attribute_specifier_list(a);
        let end = if attrs.is_empty() { a } else { end };
        let sd = StructDeclarator { declarator: Some(with_ext(d, Some(attrs))), bit_width: None };
        Some((node(sd, p, end), end))
    }

    fn enum_specifier(&mut self, p: usize, kw_end: usize) -> R<Node<EnumType>> {
        let q = self.ws(kw_end);
        let (identifier, ie) = match self.identifier(q) {
            Some((i, e)) => (Some(i), e),
            None => (None, q),
        };
        let r = self.ws(ie);
        if self.b.get(r) == Some(&b'{') {
            let (enumerators, end) = self.brace_list(r, false, Self::enumerator)?;
            return Some((node(EnumType { identifier, enumerators }, p, end), end));
        }
        let identifier = identifier?;
        // `K<"enum"> _ identifier`: ends at the identifier.
        Some((node(EnumType { identifier: Some(identifier), enumerators: Vec::new() }, p, ie), ie))
    }

    fn enumerator(&mut self, p: usize) -> R<Node<Enumerator>> {
        let (identifier, ie) = self.identifier(p)?;
        let name = &self.s[p..ie];
        self.add_symbol(name, false);
        let q = self.ws(ie);
        let (attrs, ae) = self.attribute_specifier_list(q);
        let (extensions, r) = if attrs.is_empty() { (Vec::new(), q) } else { (attrs, self.ws(ae)) };
        let mut end = r;
        let mut expression = None;
        if self.b.get(r) == Some(&b'=') {
            let s = self.ws(r + 1);
            let (e, ee, _) = self.conditional_expression0(s)?;
            expression = Some(Box::new(node(e, s, ee)));
            end = ee;
        }
        Some((node(Enumerator { identifier, expression, extensions }, p, end), end))
    }

    // ---- attributes and asm labels ----

    /// lang-c's `attribute_specifier_list`: the attributes and the end of the last one (or `p`).
    fn attribute_specifier_list(&mut self, p: usize) -> (Vec<Node<Extension>>, usize) {
        let mut all = Vec::new();
        let mut end = p;
        let mut q = p;
        while let Some((a, e)) = self.attribute_specifier(q) {
            all.extend(a);
            end = e;
            q = self.ws(e);
        }
        (all, end)
    }

    fn attribute_specifier(&mut self, p: usize) -> R<Vec<Node<Extension>>> {
        let k = self.keyword(p, &["__attribute", "__attribute__"])?;
        let q = self.ws(k);
        if !self.at(q, "((") {
            return None;
        }
        let (attrs, ae) = self.comma_list(self.ws(q + 2), Self::attribute);
        let r = self.ws(ae);
        if self.gave_up || !self.at(r, "))") {
            return None;
        }
        Some((attrs, r + 2))
    }

    fn attribute(&mut self, p: usize) -> R<Node<Extension>> {
        let (name, ne) = self.word(p)?;
        let q = self.ws(ne);
        let mut arguments = Vec::new();
        let mut end = q;
        if self.b.get(q) == Some(&b'(') {
            let (args, ae) = self.comma_list(self.ws(q + 1), Self::argument);
            let r = self.ws(ae);
            if self.gave_up {
                return None;
            }
            // Without the `)`, `attribute_parameters?` fails: the attribute is the name alone,
            // and the list fails at the `(`.
            if self.b.get(r) == Some(&b')') {
                arguments = args;
                end = r + 1;
            }
        }
        let a = Attribute { name: node(name.to_string(), p, ne), arguments };
        Some((node(Extension::Attribute(a), p, end), end))
    }

    /// lang-c's `init_declarator_gnu` at `p`: `asm_label? _ attribute_specifier_list`; always
    /// matches. The end is that of the last attribute, else after the whitespace following
    /// the label (or `p`).
    fn init_declarator_gnu(&mut self, p: usize) -> (Vec<Node<Extension>>, usize) {
        let mut ext = Vec::new();
        let mut q = p;
        if let Some(k) = self.keyword(p, &["asm", "__asm", "__asm__"]) {
            let r = self.ws(k);
            if self.b.get(r) == Some(&b'(') {
                let s = self.ws(r + 1);
                if let Some((lit, le)) = self.string_literal(s) {
                    let t = self.ws(le);
                    if self.b.get(t) == Some(&b')') {
                        ext.push(node(Extension::AsmLabel(lit), p, t + 1));
                        q = self.ws(t + 1);
                    }
                }
            }
        }
        let (attrs, ae) = self.attribute_specifier_list(q);
        let end = if attrs.is_empty() { q } else { ae };
        ext.extend(attrs);
        (ext, end)
    }

    // ---- declarators ----

    /// lang-c's `declarator`.
    fn declarator(&mut self, p: usize) -> R<Node<Declarator>> {
        let (extensions, ae) = self.attribute_specifier_list(p);
        let q = self.ws(ae);
        let (mut derived, pe) = self.pointers(q);
        let r = self.ws(pe);
        // direct_declarator
        let (kind, ke) = if let Some((id, ie)) = self.identifier(r) {
            (node(DeclaratorKind::Identifier(id), r, ie), ie)
        } else if self.b.get(r) == Some(&b'(') {
            let s = self.ws(r + 1);
            let (d, de) = self.declarator(s)?;
            let t = self.ws(de);
            if self.b.get(t) != Some(&b')') {
                return None;
            }
            (node(DeclaratorKind::Declarator(Box::new(d)), r, t + 1), t + 1)
        } else {
            return None;
        };
        // list0 ends at its last element; without one, after the `_` before it.
        let mut end = self.ws(ke);
        let mut q = end;
        while let Some((d, de)) = self.derived_declarator(q, false)? {
            derived.push(d);
            end = de;
            q = self.ws(de);
        }
        Some((node(Declarator { kind, derived, extensions }, p, end), end))
    }

    /// lang-c's `list0<pointer>`; the end is that of the last pointer (or `p`).
    fn pointers(&mut self, p: usize) -> (Vec<Node<DerivedDeclarator>>, usize) {
        let mut out = Vec::new();
        let mut end = p;
        let mut q = p;
        while self.b.get(q) == Some(&b'*') {
            let mut r = self.ws(q + 1);
            let mut quals = Vec::new();
            let mut e = r;
            loop {
                if let Some((t, te)) = self.type_qualifier(r) {
                    quals.push(node(PointerQualifier::TypeQualifier(t), r, te));
                    e = te;
                } else if let Some((a, ae)) = self.attribute_specifier(r) {
                    quals.push(node(PointerQualifier::Extension(a), r, ae));
                    e = ae;
                } else {
                    break;
                }
                r = self.ws(e);
            }
            // pointer0 = "*" _ list0<...>: the `_` after `*` is consumed even with no
            // qualifier.
            let pend = if quals.is_empty() { self.ws(q + 1) } else { e };
            out.push(node(DerivedDeclarator::Pointer(quals), q, pend));
            end = pend;
            q = self.ws(pend);
        }
        (out, end)
    }

    /// lang-c's `derived_declarator` (`derived_abstract_declarator` when `abstract_`):
    /// `Some(None)` when none starts at `p`; `None` to fail.
    #[allow(clippy::option_option)]
    fn derived_declarator(&mut self, p: usize, abstract_: bool) -> Option<Option<(Node<DerivedDeclarator>, usize)>> {
        match self.b.get(p) {
            Some(b'[') => {
                let q = self.ws(p + 1);
                let (a, ae) = self.array_declarator(q, abstract_)?;
                Some(Some((node(DerivedDeclarator::Array(a), p, ae), ae)))
            }
            Some(b'(') => {
                let q = self.ws(p + 1);
                // An abstract one is not scoped in lang-c: parameter names land in the
                // enclosing scope.
                let f = if abstract_ { self.function_declarator(q, true) } else { self.scoped(|s| s.function_declarator(q, false)) };
                if self.gave_up {
                    return None;
                }
                let (d, e) = match f {
                    Some((f, fe)) => (DerivedDeclarator::Function(f), fe),
                    None if abstract_ => return None,
                    // lang-c's `KRFunction`: `(` identifiers `)`, `()` included.
                    None => {
                        let (ids, ie) = self.comma_list(q, |s, x| s.identifier(x));
                        (DerivedDeclarator::KRFunction(ids), ie)
                    }
                };
                let r = self.ws(e);
                if self.b.get(r) != Some(&b')') {
                    return None;
                }
                Some(Some((node(d, p, r + 1), r + 1)))
            }
            _ => Some(None),
        }
    }

    /// lang-c's `array_declarator` (and `abstract_array_declarator`) after `[`.
    fn array_declarator(&mut self, p: usize, abstract_: bool) -> R<Node<ArrayDeclarator>> {
        let b = self.b;
        let mut quals = Vec::new();
        let mut q = p;
        while let Some((t, te)) = self.type_qualifier(q) {
            quals.push(t);
            q = self.ws(te);
        }
        if self.keyword(q, &["static"]).is_some() {
            return self.give_up();
        }
        if b.get(q) == Some(&b']') {
            let end = q + 1;
            return Some((node(ArrayDeclarator { qualifiers: quals, size: ArraySize::Unknown }, p, end), end));
        }
        if b.get(q) == Some(&b'*') {
            let r = self.ws(q + 1);
            if b.get(r) == Some(&b']') {
                if abstract_ && !quals.is_empty() {
                    return self.give_up();
                }
                let end = r + 1;
                return Some((node(ArrayDeclarator { qualifiers: quals, size: ArraySize::VariableUnknown }, p, end), end));
            }
        }
        let (e, ee) = self.assignment_expression(q)?;
        let r = self.ws(ee);
        if b.get(r) != Some(&b']') {
            return None;
        }
        let end = r + 1;
        Some((node(ArrayDeclarator { qualifiers: quals, size: ArraySize::VariableExpression(e) }, p, end), end))
    }

    /// lang-c's `function_declarator`: `cs1<parameter_declaration> ellipsis`. For an abstract
    /// declarator an empty list is allowed.
    fn function_declarator(&mut self, p: usize, abstract_: bool) -> R<Node<FunctionDeclarator>> {
        let (parameters, pe) = self.comma_list(p, Self::parameter_declaration);
        if self.gave_up {
            return None;
        }
        if parameters.is_empty() {
            if abstract_ {
                let f = FunctionDeclarator { parameters, ellipsis: Ellipsis::None };
                return Some((node(f, p, p), p));
            }
            return None;
        }
        // `ellipsis = "," _ "..." / {}`: the empty alternative ends where it starts, after the
        // `_` that precedes it.
        let c = self.ws(pe);
        let d = self.ws(c + 1);
        let (ellipsis, end) = if self.b.get(c) == Some(&b',') && self.at(d, "...") {
            (Ellipsis::Some, d + 3)
        } else {
            (Ellipsis::None, c)
        };
        Some((node(FunctionDeclarator { parameters, ellipsis }, p, end), end))
    }

    fn parameter_declaration(&mut self, p: usize) -> R<Node<ParameterDeclaration>> {
        let (specifiers, se) = self.declaration_specifiers(p)?;
        let mut declarator = None;
        let mut end = se;
        if self.starts_declarator(se) {
            if let Some((d, de)) = self.declarator(se) {
                self.handle_declarator(&d, false);
                declarator = Some(d);
                end = de;
            } else {
                if self.gave_up {
                    return None;
                }
                if let Some((d, de)) = self.abstract_declarator(se) {
                    declarator = Some(d);
                    end = de;
                }
            }
        } else if let Some((d, de)) = self.abstract_declarator(se) {
            declarator = Some(d);
            end = de;
        }
        if self.gave_up {
            return None;
        }
        let q = self.ws(end);
        let (extensions, ae) = self.attribute_specifier_list(q);
        let end = if extensions.is_empty() { q } else { ae };
        Some((node(ParameterDeclaration { specifiers, declarator, extensions }, p, end), end))
    }

    /// Whether a (named) declarator could start at `p`: `declarator` is tried before
    /// `abstract_declarator`, and both begin with pointers and parentheses.
    fn starts_declarator(&self, p: usize) -> bool {
        let mut q = p;
        loop {
            match self.b.get(q) {
                Some(b'*') => q = self.ws(q + 1),
                Some(b'(') => q = self.ws(q + 1),
                _ => break,
            }
            while let Some((w, e)) = self.word(q) {
                if matches!(w, "const" | "__const" | "restrict" | "__restrict" | "__restrict__" | "volatile" | "__volatile" | "__volatile__" | "_Atomic") {
                    q = self.ws(e);
                } else {
                    break;
                }
            }
        }
        match self.word(q) {
            Some((w, _)) => !reserved(w) || w.starts_with("__attribute"),
            None => false,
        }
    }

    /// lang-c's `abstract_declarator`.
    fn abstract_declarator(&mut self, p: usize) -> R<Node<Declarator>> {
        let (mut derived, pe) = self.pointers(p);
        let after = self.ws(pe);
        let had_pointers = !derived.is_empty();
        // Alternative 1: pointers, `( abstract_declarator )`, derived*.
        if self.b.get(after) == Some(&b'(') {
            let q = self.ws(after + 1);
            // A parameter list cannot start with these: `(` opens a parenthesized declarator.
            if matches!(self.b.get(q), Some(b'*' | b'(' | b'[')) {
                if let Some((inner, ie)) = self.abstract_declarator(q) {
                    let r = self.ws(ie);
                    if self.b.get(r) == Some(&b')') {
                        let kind = node(DeclaratorKind::Declarator(Box::new(inner)), after, r + 1);
                        let mut end = self.ws(r + 1);
                        let mut s = end;
                        while let Some((d, de)) = self.derived_declarator(s, true)? {
                            derived.push(d);
                            end = de;
                            s = self.ws(de);
                        }
                        return Some((node(Declarator { kind, derived, extensions: Vec::new() }, p, end), end));
                    }
                }
                if self.gave_up {
                    return None;
                }
                return self.give_up();
            }
        }
        // Alternative 2: pointers, then at least one derived declarator; the kind is an empty
        // span where they start (after the whitespace following the pointers).
        let k = pe;
        let mut end = k;
        let mut s = after;
        let mut any = false;
        while let Some((d, de)) = self.derived_declarator(s, true)? {
            derived.push(d);
            any = true;
            end = de;
            s = self.ws(de);
        }
        if any {
            let kind = node(DeclaratorKind::Abstract, k, k);
            return Some((node(Declarator { kind, derived, extensions: Vec::new() }, p, end), end));
        }
        // Alternative 3: pointers only; the kind is where they end.
        if had_pointers {
            let kind = node(DeclaratorKind::Abstract, pe, pe);
            return Some((node(Declarator { kind, derived, extensions: Vec::new() }, p, pe), pe));
        }
        None
    }

    // ---- declarations ----

    /// lang-c's `declaration_specifiers` (no `typedef`), ending after trailing whitespace as
    /// `declaration_specifiers_tail` does.
    fn declaration_specifiers(&mut self, p: usize) -> R<Vec<Node<DeclarationSpecifier>>> {
        let (specs, end, _typedef) = self.specifiers(p, false)?;
        Some((specs, end))
    }

    /// The specifier list of a declaration: non-type specifiers, one `typedef` when allowed,
    /// and exactly one unique type or non-unique types. The end is after the whitespace that
    /// follows the last specifier (every list rule in lang-c's chain ends with `_`).
    fn specifiers(&mut self, p: usize, allow_typedef: bool) -> Option<(Vec<Node<DeclarationSpecifier>>, usize, bool)> {
        let mut out: Vec<Node<DeclarationSpecifier>> = Vec::new();
        let mut seen = TypeSeen::None;
        let mut typedef = false;
        let mut q = p;
        loop {
            let start = q;
            let spec: Option<(DeclarationSpecifier, usize)> = if let Some((w, e)) = self.word(q) {
                let storage = match w {
                    "extern" => Some(StorageClassSpecifier::Extern),
                    "static" => Some(StorageClassSpecifier::Static),
                    "_Thread_local" => Some(StorageClassSpecifier::ThreadLocal),
                    "auto" => Some(StorageClassSpecifier::Auto),
                    "register" => Some(StorageClassSpecifier::Register),
                    "typedef" if allow_typedef && !typedef => {
                        typedef = true;
                        Some(StorageClassSpecifier::Typedef)
                    }
                    _ => None,
                };
                if let Some(s) = storage {
                    Some((DeclarationSpecifier::StorageClass(node(s, q, e)), e))
                } else if w == "typedef" {
                    // A second typedef, or one where lang-c allows none.
                    return self.give_up();
                } else if let Some((t, te)) = self.type_qualifier(q) {
                    Some((DeclarationSpecifier::TypeQualifier(t), te))
                } else if matches!(w, "inline" | "__inline" | "__inline__") {
                    Some((DeclarationSpecifier::Function(node(FunctionSpecifier::Inline, q, e)), e))
                } else if w == "_Noreturn" {
                    Some((DeclarationSpecifier::Function(node(FunctionSpecifier::Noreturn, q, e)), e))
                } else if w == "_Alignas" {
                    match self.alignment_specifier(q, e) {
                        Some((a, ae)) => Some((DeclarationSpecifier::Alignment(a), ae)),
                        None => return None,
                    }
                } else if w == "__attribute__" || w == "__attribute" {
                    match self.attribute_specifier(q) {
                        Some((a, ae)) => Some((DeclarationSpecifier::Extension(a), ae)),
                        None => return self.give_up(),
                    }
                } else {
                    let ts = match seen {
                        TypeSeen::None => self.type_specifier_unique(q).map(|r| (r, TypeSeen::Unique))
                            .or_else(|| self.type_specifier_nonunique(q).map(|r| (r, TypeSeen::NonUnique))),
                        TypeSeen::NonUnique => {
                            self.type_specifier_nonunique(q).map(|r| (r, TypeSeen::NonUnique))
                        }
                        TypeSeen::Unique => None,
                    };
                    if self.gave_up {
                        return None;
                    }
                    match ts {
                        Some(((t, te), kind)) => {
                            seen = kind;
                            Some((DeclarationSpecifier::TypeSpecifier(t), te))
                        }
                        None => {
                            if seen == TypeSeen::Unique && self.is_type_keyword(w) {
                                return self.give_up();
                            }
                            None
                        }
                    }
                }
            } else {
                None
            };
            match spec {
                Some((s, e)) => {
                    out.push(node(s, start, e));
                    q = self.ws(e);
                }
                None => break,
            }
        }
        if seen == TypeSeen::None {
            return None;
        }
        Some((out, q, typedef))
    }

    /// A type keyword: after a unique type (a typedef name, a struct) lang-c accepts none, and
    /// this parser leaves such text to lang-c rather than guess.
    fn is_type_keyword(&self, w: &str) -> bool {
        matches!(w, "char" | "short" | "int" | "long" | "float" | "double" | "signed" | "unsigned" | "_Complex" | "void" | "_Bool" | "struct" | "union" | "enum")
    }

    /// lang-c's `declaration0` at `p` (after an optional `__extension__`); the init-declarators
    /// register their names as they are parsed, even when the declaration then fails (at a
    /// function body: lang-c's side effect, which [`Parser::external_declaration0`] relies on).
    /// Returns the node through its `;`, or `None` when the text is not a declaration.
    fn declaration(&mut self, p: usize) -> R<Node<Declaration>> {
        let mut q = p;
        if let Some(k) = self.keyword(p, &["__extension__"]) {
            q = self.ws(k);
        }
        if self.keyword(q, &["_Static_assert"]).is_some() {
            return None;
        }
        let (specifiers, se, typedef) = self.specifiers(q, true)?;
        let (declarators, de) = self.comma_list(se, |s, q| s.init_declarator(q, typedef));
        let r = self.ws(de);
        if self.gave_up || self.b.get(r) != Some(&b';') {
            return None;
        }
        let end = r + 1;
        Some((node(Declaration { specifiers, declarators }, p, end), end))
    }

    fn init_declarator(&mut self, p: usize, typedef: bool) -> R<Node<InitDeclarator>> {
        let (d, de) = self.declarator(p)?;
        if !typedef {
            self.handle_declarator(&d, false);
        }
        let q = self.ws(de);
        let (ext, ext_end) = self.init_declarator_gnu(q);
        let d = with_ext(d, Some(ext));
        if typedef {
            // lang-c's `type_declarator`: `declarator _ gnu?`, registered as a type name.
            self.handle_declarator(&d, true);
            let end = if ext_end == q { q } else { ext_end };
            return Some((node(InitDeclarator { declarator: d, initializer: None }, p, end), end));
        }
        let r = self.ws(ext_end);
        let mut end = r;
        let mut initializer = None;
        if self.b.get(r) == Some(&b'=') {
            let s = self.ws(r + 1);
            let (i, ie) = self.initializer(s)?;
            initializer = Some(node(i, r, ie));
            end = ie;
        }
        Some((node(InitDeclarator { declarator: d, initializer }, p, end), end))
    }

    fn initializer(&mut self, p: usize) -> R<Initializer> {
        if self.b.get(p) == Some(&b'{') {
            let (items, end) = self.initializer_list(p)?;
            return Some((Initializer::List(items), end));
        }
        let (e, ee) = self.assignment_expression(p)?;
        Some((Initializer::Expression(e), ee))
    }

    /// `{ items ,? }` (or the GNU `{}`) at the brace `p`.
    fn initializer_list(&mut self, p: usize) -> R<Vec<Node<InitializerListItem>>> {
        self.brace_list(p, true, Self::initializer_list_item)
    }

    /// `{ cs1<item> _ ","? _ }` at the brace `p` (lang-c's enumerator and initializer lists;
    /// `{}` only when `empty` allows it, GNU's empty initializer): the items and the end after
    /// the `}`.
    fn brace_list<T>(&mut self, p: usize, empty: bool, item: impl FnMut(&mut Self, usize) -> R<T>) -> R<Vec<T>> {
        let q = self.ws(p + 1);
        let (items, ie) = self.comma_list(q, item);
        if items.is_empty() && !empty {
            return None;
        }
        let mut c = self.ws(ie);
        if !items.is_empty() && self.b.get(c) == Some(&b',') {
            c = self.ws(c + 1);
        }
        (self.b.get(c) == Some(&b'}')).then_some((items, c + 1))
    }

    fn initializer_list_item(&mut self, p: usize) -> R<Node<InitializerListItem>> {
        let mut designation = Vec::new();
        let mut q = p;
        // designation: (`[e]` / `.id`)+ `=`; GNU `id :` and `[e]` without `=` are left to lang-c.
        if matches!(self.b.get(p), Some(b'[' | b'.')) {
            loop {
                match self.b.get(q) {
                    Some(b'.') => {
                        let r = self.ws(q + 1);
                        let (id, ie) = self.identifier(r)?;
                        designation.push(node(Designator::Member(id), q, ie));
                        q = self.ws(ie);
                    }
                    Some(b'[') => {
                        let r = self.ws(q + 1);
                        let (e, ee, _) = self.conditional_expression0(r)?;
                        let s = self.ws(ee);
                        if self.b.get(s) != Some(&b']') {
                            return self.give_up();
                        }
                        designation.push(node(Designator::Index(node(e, r, ee)), q, s + 1));
                        q = self.ws(s + 1);
                    }
                    _ => break,
                }
            }
            if self.b.get(q) != Some(&b'=') {
                return self.give_up();
            }
            q = self.ws(q + 1);
        } else if let Some((_, ie)) = self.identifier(p) {
            if self.b.get(self.ws(ie)) == Some(&b':') {
                return self.give_up();
            }
        }
        let (i, ie) = self.initializer(q)?;
        let item = InitializerListItem { designation, initializer: Box::new(node(i, q, ie)) };
        Some((node(item, p, ie), ie))
    }

    // ---- statements and definitions ----

    fn compound_statement(&mut self, p: usize) -> R<Statement> {
        if self.b.get(p) != Some(&b'{') {
            return None;
        }
        let mut q = self.ws(p + 1);
        let mut items = Vec::new();
        while self.b.get(q) != Some(&b'}') {
            let (item, ie) = self.block_item(q)?;
            items.push(item);
            q = self.ws(ie);
        }
        Some((Statement::Compound(items), q + 1))
    }

    fn block_item(&mut self, p: usize) -> R<Node<BlockItem>> {
        if self.starts_declaration(p) {
            if let Some((d, de)) = self.declaration(p) {
                return Some((node(BlockItem::Declaration(d), p, de), de));
            }
            if self.gave_up {
                return None;
            }
            if self.starts_static_assert(p) {
                let (a, ae) = self.static_assert(p)?;
                return Some((node(BlockItem::StaticAssert(a), p, ae), ae));
            }
        }
        let (s, se) = self.statement0(p)?;
        Some((node(BlockItem::Statement(node(s, p, se)), p, se), se))
    }

    /// Whether a declaration may start at `p` (`declaration` is tried before statements).
    fn starts_declaration(&self, p: usize) -> bool {
        let Some((w, _)) = self.word(p) else { return false };
        matches!(
            w,
            "extern" | "static" | "_Thread_local" | "auto" | "register" | "typedef" | "inline"
                | "__inline" | "__inline__" | "_Noreturn" | "_Alignas" | "__extension__"
                | "_Static_assert"
        ) || self.starts_type_name(p)
    }

    /// lang-c's `statement`: `box<node<statement0>>`.
    fn statement(&mut self, p: usize) -> R<Box<Node<Statement>>> {
        let (st, end) = self.statement0(p)?;
        Some((Box::new(node(st, p, end)), end))
    }

    fn statement0(&mut self, p: usize) -> R<Statement> {
        let b = self.b;
        match b.get(p) {
            Some(b'{') => {
                self.scoped(|s| s.compound_statement(p))
            }
            Some(b';') => Some((Statement::Expression(None), p + 1)),
            _ => {
                if let Some((w, we)) = self.word(p) {
                    match w {
                        "for" => return self.for_statement(p),
                        "if" | "switch" | "while" => {
                            return self.scoped(|s| s.conditional_statement(p, w, we));
                        }
                        "do" => {
                            return self.scoped(|s| s.do_statement(p, we));
                        }
                        "goto" => {
                            let q = self.ws(we);
                            let (id, ie) = self.identifier(q)?;
                            let r = self.ws(ie);
                            return (b.get(r) == Some(&b';')).then(|| (Statement::Goto(id), r + 1));
                        }
                        "continue" | "break" => {
                            let q = self.ws(we);
                            let st = if w == "break" { Statement::Break } else { Statement::Continue };
                            return (b.get(q) == Some(&b';')).then_some((st, q + 1));
                        }
                        "return" => {
                            let q = self.ws(we);
                            let (e, r) = if b.get(q) == Some(&b';') {
                                (None, q)
                            } else {
                                let (e, ee) = self.expression(q)?;
                                (Some(e), self.ws(ee))
                            };
                            return (b.get(r) == Some(&b';')).then(|| (Statement::Return(e), r + 1));
                        }
                        "case" | "default" => return self.labeled_statement(p),
                        "asm" | "__asm" | "__asm__" => return self.give_up(),
                        _ => {}
                    }
                    if let Some((_, ie)) = self.identifier(p) {
                        let q = self.ws(ie);
                        if b.get(q) == Some(&b':') {
                            return self.labeled_statement(p);
                        }
                    }
                }
                let (e, ee) = self.expression(p)?;
                let q = self.ws(ee);
                if b.get(q) != Some(&b';') {
                    return None;
                }
                Some((Statement::Expression(Some(e)), q + 1))
            }
        }
    }

    /// lang-c's `labeled_statement`: `label _ ":" _ statement`.
    fn labeled_statement(&mut self, p: usize) -> R<Statement> {
        let (label, le) = if let Some(k) = self.keyword(p, &["case"]) {
            let q = self.ws(k);
            let (e, ee, _) = self.conditional_expression0(q)?;
            let low = Box::new(node(e, q, ee));
            let r = self.ws(ee);
            if self.at(r, "...") {
                // A GNU case range: left to lang-c.
                return self.give_up();
            }
            (Label::Case(low), r)
        } else if let Some(k) = self.keyword(p, &["default"]) {
            (Label::Default, k)
        } else {
            let (id, ie) = self.identifier(p)?;
            (Label::Identifier(id), ie)
        };
        let label = node(label, p, le);
        let r = self.after(le, b':')?;
        let (statement, se) = self.statement(r)?;
        let l = LabeledStatement { label, statement };
        Some((Statement::Labeled(node(l, p, se)), se))
    }

    /// `if`, `switch` and `while`: `keyword ( expression ) statement`, `if` with its `else`.
    fn conditional_statement(&mut self, p: usize, w: &str, we: usize) -> R<Statement> {
        let r = self.after(we, b'(')?;
        let (e, ee) = self.expression(r)?;
        let d = self.after(ee, b')')?;
        let (body, be) = self.statement(d)?;
        match w {
            "if" => {
                let f = self.ws(be);
                let mut end = f;
                let mut else_statement = None;
                if let Some(k) = self.keyword(f, &["else"]) {
                    let g = self.ws(k);
                    let (st, se) = self.statement(g)?;
                    else_statement = Some(st);
                    end = se;
                }
                let i = IfStatement { condition: e, then_statement: body, else_statement };
                Some((Statement::If(node(i, p, end)), end))
            }
            "switch" => {
                let sw = SwitchStatement { expression: e, statement: body };
                Some((Statement::Switch(node(sw, p, be)), be))
            }
            _ => {
                let wh = WhileStatement { expression: e, statement: body };
                Some((Statement::While(node(wh, p, be)), be))
            }
        }
    }

    fn do_statement(&mut self, p: usize, we: usize) -> R<Statement> {
        let b = self.b;
        let q = self.ws(we);
        let (statement, se) = self.statement(q)?;
        let r = self.ws(se);
        let k = self.keyword(r, &["while"])?;
        let d = self.after(k, b'(')?;
        let (expression, ee) = self.expression(d)?;
        let g = self.after(ee, b')')?;
        if b.get(g) != Some(&b';') {
            return None;
        }
        let dw = DoWhileStatement { statement, expression };
        Some((Statement::DoWhile(node(dw, p, g + 1)), g + 1))
    }

    fn for_statement(&mut self, p: usize) -> R<Statement> {
        self.scoped(|s| s.for_statement_inner(p))
    }

    fn for_statement_inner(&mut self, p: usize) -> R<Statement> {
        let b = self.b;
        let k = self.keyword(p, &["for"])?;
        let r = self.after(k, b'(')?;
        let (init, ie) = if b.get(r) == Some(&b';') {
            (ForInitializer::Empty, r + 1)
        } else if self.starts_declaration(r) {
            let (d, de) = self.declaration(r)?;
            (ForInitializer::Declaration(d), de)
        } else {
            let (e, ee) = self.expression(r)?;
            let s = self.ws(ee);
            if b.get(s) != Some(&b';') {
                return None;
            }
            (ForInitializer::Expression(e), s + 1)
        };
        let initializer = node(init, r, ie);
        let mut s = self.ws(ie);
        let mut condition = None;
        if b.get(s) != Some(&b';') {
            let (e, ee) = self.expression(s)?;
            condition = Some(e);
            s = self.ws(ee);
        }
        if b.get(s) != Some(&b';') {
            return None;
        }
        let mut t = self.ws(s + 1);
        let mut step = None;
        if b.get(t) != Some(&b')') {
            let (e, ee) = self.expression(t)?;
            step = Some(e);
            t = self.ws(ee);
        }
        if b.get(t) != Some(&b')') {
            return None;
        }
        let u = self.ws(t + 1);
        let (body, be) = self.statement0(u)?;
        let f = ForStatement { initializer, condition, step, statement: Box::new(node(body, u, be)) };
        Some((Statement::For(node(f, p, be)), be))
    }

    fn unit(&mut self, mut f: impl FnMut(Node<ExternalDeclaration>)) -> Option<()> {
        let b = self.b;
        let mut p = 0;
        if b.first() == Some(&b'#') {
            while p < b.len() && b[p] != b'\n' {
                p += 1;
            }
        }
        p = self.ws(p);
        while p < b.len() {
            self.failed_item = p;
            let (d, de) = self.external_declaration(p)?;
            if self.gave_up {
                return None;
            }
            f(node(d, p, de));
            p = self.ws(de);
        }
        Some(())
    }

    fn external_declaration(&mut self, p: usize) -> R<ExternalDeclaration> {
        let (d, mut end) = self.external_declaration0(p)?;
        loop {
            let q = self.ws(end);
            if self.b.get(q) == Some(&b';') {
                end = q + 1;
            } else {
                break;
            }
        }
        Some((d, end))
    }

    fn external_declaration0(&mut self, p: usize) -> R<ExternalDeclaration> {
        if let Some((d, de)) = self.declaration(p) {
            return Some((ExternalDeclaration::Declaration(d), de));
        }
        if self.gave_up {
            return None;
        }
        if self.starts_static_assert(p) {
            let (a, ae) = self.static_assert(p)?;
            return Some((ExternalDeclaration::StaticAssert(a), ae));
        }
        // lang-c's failed `declaration` attempt registered the first declarator's name as an
        // identifier in this scope before failing at the body.
        let mut q = p;
        if let Some(k) = self.keyword(p, &["__extension__"]) {
            q = self.ws(k);
        }
        let (specifiers, se, typedef) = self.specifiers(q, true)?;
        if typedef {
            return self.give_up();
        }
        let (declarator, de) = self.declarator(se)?;
        self.handle_declarator(&declarator, false);
        let r = self.ws(de);
        let (ext, _) = self.init_declarator_gnu(r);
        if !ext.is_empty() || self.b.get(r) != Some(&b'{') {
            return self.give_up();
        }
        let f = self.scoped(|s| s.function_definition(p, specifiers, declarator, r));
        let (f, fe) = f?;
        Some((ExternalDeclaration::FunctionDefinition(f), fe))
    }

    fn function_definition(
        &mut self,
        p: usize,
        specifiers: Vec<Node<DeclarationSpecifier>>,
        declarator: Node<Declarator>,
        body: usize,
    ) -> R<Node<FunctionDefinition>> {
        // lang-c's `function_definition` reads its declarator with the plain `declarator`
        // rule, which registers nothing.
        let (s, se) = self.compound_statement(body)?;
        let f = FunctionDefinition {
            specifiers,
            declarator,
            declarations: Vec::new(),
            statement: node(s, body, se),
        };
        Some((node(f, p, se), se))
    }
}

fn with_ext(mut d: Node<Declarator>, e: Option<Vec<Node<Extension>>>) -> Node<Declarator> {
    if let Some(e) = e {
        d.node.extensions.extend(e);
    }
    d
}

fn int_suffix(mut s: &str) -> Option<IntegerSuffix> {
    let mut size = IntegerSize::Int;
    let (mut unsigned, mut imaginary) = (false, false);
    while !s.is_empty() {
        if size == IntegerSize::Int && (s.starts_with("ll") || s.starts_with("LL")) {
            size = IntegerSize::LongLong;
            s = &s[2..];
        } else if size == IntegerSize::Int && (s.starts_with('l') || s.starts_with('L')) {
            size = IntegerSize::Long;
            s = &s[1..];
        } else if !unsigned && (s.starts_with('u') || s.starts_with('U')) {
            unsigned = true;
            s = &s[1..];
        } else if !imaginary && s.starts_with(['i', 'I', 'j', 'J']) {
            imaginary = true;
            s = &s[1..];
        } else {
            return None;
        }
    }
    Some(IntegerSuffix { size, unsigned, imaginary })
}
