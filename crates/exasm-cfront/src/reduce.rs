//! The reduction: what of the unit the operands need, found from tokens alone.
//!
//! After [`crate::scan`], the text lang-c parses is cut down to what typing the asm operands
//! needs, without moving a byte:
//!
//! - inside a function that holds asm, a token-level walk over its statements keeps the braces
//!   of the blocks that hold asm, the declarations visible at an asm statement (those of the
//!   enclosing blocks that come before it, a `for` header's declaration) and the asm
//!   statements themselves; every other statement is blanked and never parsed. The walk also
//!   records the labels the function defines, for asm goto;
//! - at file scope, each top-level item is indexed by the names it declares (objects,
//!   functions, typedefs, tags, enumerators) in one pass; the items the kept text names, and
//!   those they name in turn, are kept, every other item is blanked. A function definition
//!   without asm that is kept keeps only its declarator (its body was blanked by the scan).
//!
//! What is blanked is left to the compiler: extensions lang-c lacks, statements it cannot
//! parse and headers nobody's operand reaches stop mattering.

use crate::scan::{blank, Kind, Scanned, Tok};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the index hashes every name a unit's headers declare, short strings for which
/// SipHash's setup dominates.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map hashed with [`Fnv`].
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A set hashed with [`Fnv`].
pub(crate) type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// Keywords that start a declaration (storage classes, qualifiers, type specifiers, GNU forms).
const DECL_KEYWORDS: &[&str] = &[
    "typedef", "extern", "static", "auto", "register", "_Thread_local", "__thread", "const",
    "volatile", "restrict", "__restrict", "__restrict__", "__const", "__const__", "__volatile",
    "__volatile__", "inline", "__inline", "__inline__", "_Noreturn", "_Alignas", "void", "char",
    "short", "int", "long", "float", "double", "signed", "unsigned", "__signed", "__signed__",
    "__unsigned__", "_Bool", "_Complex", "__complex__", "__complex", "struct", "union", "enum",
    "typeof", "__typeof__", "__typeof", "typeof_unqual", "__typeof_unqual__", "__auto_type",
    "__int128", "__int128_t", "__uint128_t", "_Float16", "_Float32", "_Float64", "_Float128",
    "_Float32x", "_Float64x", "__float128", "__float80", "__fp16", "__bf16", "_Decimal32",
    "_Decimal64", "_Decimal128", "__seg_fs", "__seg_gs", "_Atomic", "__builtin_va_list",
    "_BitInt", "__declspec", "_Imaginary", "bool", "alignas", "constexpr", "thread_local",
];

/// Keywords that never name anything at file scope, besides [`DECL_KEYWORDS`].
const OTHER_KEYWORDS: &[&str] = &[
    "if", "else", "for", "while", "do", "switch", "case", "default", "return", "break",
    "continue", "goto", "sizeof", "_Alignof", "__alignof__", "__alignof", "alignof",
    "__attribute__", "__attribute", "__extension__", "asm", "__asm__", "__asm", "_Static_assert",
    "static_assert", "_Generic", "__label__", "__real__", "__imag__", "__real", "__imag",
    "__builtin_offsetof", "__builtin_va_arg",
];

/// Every keyword, `true` for those in [`DECL_KEYWORDS`]: asked once per identifier of the
/// unit, a hash lookup rather than a scan of 110 strings.
fn keywords() -> &'static FnvMap<&'static str, bool> {
    static KEYWORDS: std::sync::OnceLock<FnvMap<&'static str, bool>> = std::sync::OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let mut m: FnvMap<&'static str, bool> = OTHER_KEYWORDS.iter().map(|&w| (w, false)).collect();
        m.extend(DECL_KEYWORDS.iter().map(|&w| (w, true)));
        m
    })
}

/// Does `w` start a declaration ([`DECL_KEYWORDS`])?
fn is_decl_keyword(w: &str) -> bool {
    keywords().get(w).copied().unwrap_or(false)
}

/// Keywords that never name anything at file scope (not worth a lookup).
fn is_keyword(w: &str) -> bool {
    keywords().contains_key(w)
}

/// A namespace and a name: ordinary identifiers and tags are looked up apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key<'a> {
    Ordinary(&'a str),
    Tag(&'a str),
    /// An enumeration constant: an ordinary identifier that names no object or function.
    Enumerator(&'a str),
}

struct Toks<'a> {
    src: &'a str,
    toks: &'a [Tok],
}

impl<'a> Toks<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    fn ident(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Ident)
    }

    /// The index after the group opened at `i` (`(`, `[` or `{`), or the end.
    fn after_group(&self, i: usize) -> usize {
        crate::scan::group_end(self.src, self.toks, i).map_or(self.toks.len(), |e| e + 1)
    }

    /// Skips `__attribute__((...))`, `__declspec(...)` and `__extension__` at `i`.
    fn skip_attributes(&self, mut i: usize) -> usize {
        loop {
            match self.text(i) {
                "__attribute__" | "__attribute" | "__declspec" if self.text(i + 1) == "(" => {
                    i = self.after_group(i + 1);
                }
                "__extension__" => i += 1,
                _ => return i,
            }
        }
    }

    /// The names a declaration `[s, e)` declares, in order, and whether it is a typedef.
    /// Specifiers first (a typedef name counts as a type only before any other type), then
    /// per declarator the first identifier that is no keyword and outside attributes.
    fn declared(&self, s: usize, e: usize, typedefs: &dyn Fn(&str) -> bool) -> (Vec<Key<'a>>, bool) {
        let mut names = Vec::new();
        let mut is_typedef = false;
        let mut typed = false;
        let mut i = s;
        while i < e {
            let w = self.text(i);
            match w {
                "typedef" => {
                    is_typedef = true;
                    i += 1;
                }
                "struct" | "union" | "enum" => {
                    typed = true;
                    i = self.skip_attributes(i + 1);
                    let mut tag = None;
                    if self.ident(i) {
                        tag = Some(self.text(i));
                        i = self.skip_attributes(i + 1);
                    }
                    if self.text(i) == "{" {
                        let end = self.after_group(i).min(e);
                        if w == "enum" {
                            let mut k = i;
                            while k < end {
                                if matches!(self.text(k), "{" | ",") && self.ident(k + 1) {
                                    names.push(Key::Enumerator(self.text(k + 1)));
                                }
                                k = match self.text(k + 1) {
                                    "(" | "[" => self.after_group(k + 1),
                                    _ => k + 1,
                                };
                            }
                        }
                        if let Some(t) = tag {
                            names.push(Key::Tag(t));
                        }
                        i = end;
                    } else if let Some(t) = tag.filter(|_| self.text(i) == ";") {
                        // `struct S;` declares the tag; `struct S *p;` only uses it.
                        names.push(Key::Tag(t));
                    }
                }
                "__attribute__" | "__attribute" | "__declspec" | "_Alignas" | "alignas"
                | "typeof" | "__typeof__" | "__typeof" | "typeof_unqual" | "__typeof_unqual__"
                | "_Atomic" | "_BitInt"
                    if self.text(i + 1) == "(" =>
                {
                    typed |= !w.contains("attribute") && !w.contains("lign") && w != "__declspec";
                    i = self.after_group(i + 1);
                }
                _ if is_decl_keyword(w) || w == "__extension__" => {
                    typed |= !matches!(
                        w,
                        "extern" | "static" | "auto" | "register" | "_Thread_local" | "__thread"
                            | "const" | "volatile" | "restrict" | "__restrict" | "__restrict__"
                            | "__const" | "__const__" | "__volatile" | "__volatile__" | "inline"
                            | "__inline" | "__inline__" | "_Noreturn" | "__extension__"
                            | "__seg_fs" | "__seg_gs" | "thread_local" | "constexpr"
                    );
                    i += 1;
                }
                _ if !typed && self.ident(i) && typedefs(w) => {
                    typed = true;
                    i += 1;
                }
                _ => break,
            }
        }
        // Declarators, separated by commas at depth 0.
        while i < e {
            let mut named = false;
            while i < e && self.text(i) != "," {
                let w = self.text(i);
                match w {
                    "__attribute__" | "__attribute" | "__asm__" | "__asm" | "asm"
                        if self.text(i + 1) == "(" =>
                    {
                        i = self.after_group(i + 1);
                    }
                    // A parenthesis before the name groups the declarator (`(*fp)`).
                    "(" if !named => i += 1,
                    "(" | "[" | "{" => i = self.after_group(i),
                    // An initializer: the declarator is over.
                    "=" => {
                        named = true;
                        i += 1;
                    }
                    _ if !named && self.ident(i) && !is_keyword(w) => {
                        names.push(Key::Ordinary(w));
                        named = true;
                        i += 1;
                    }
                    _ => i += 1,
                }
            }
            i += 1;
        }
        (names, is_typedef)
    }
}

/// Is a statement starting at `i` a declaration?
fn starts_declaration(t: &Toks, i: usize, typedef: &dyn Fn(&str) -> bool) -> bool {
    let i = t.skip_attributes(i);
    let w = t.text(i);
    if is_decl_keyword(w) {
        return true;
    }
    t.ident(i) && typedef(w) && !matches!(t.text(i + 1), ":" | "=" | "." | "->" | "++" | "--" | "[" | "," | ";" | ")" | "+" | "-" | "/" | "%" | "<" | ">" | "!" | "&" | "|" | "^" | "?")
}

/// Per function body holding asm: what the walk found.
pub(crate) struct BodyFacts {
    /// Labels the function defines.
    pub labels: HashSet<String>,
}

/// An asm statement in a branch of an `if` on `__builtin_constant_p(E)` where `E` names a
/// variable: gcc folds the test to 0 at -O0 (and where the variable is no constant after
/// inlining), so the branch taken only for a constant is dead code (see `AsmSite::dead_under`,
/// `AsmSite::constant_guard`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DeadSite {
    /// Byte offset of the statement's asm keyword.
    pub keyword: usize,
    /// Byte range of the `__builtin_constant_p(E)` call.
    pub guard: (usize, usize),
    /// The statement runs only when the test holds (dead for a variable); else only when it
    /// does not.
    pub runs_when_constant: bool,
}

/// The objects and functions each top-level item declares, by name.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileIndex {
    /// Name → the token ranges of the items declaring it (a definition's up to its body) and
    /// whether that item defines it as a function; byte ranges once the analysis is done.
    pub names: FnvMap<String, Vec<(usize, usize, bool)>>,
}

/// The statement walk over one function body.
struct Walker<'a, 'b> {
    t: &'b Toks<'a>,
    /// Token index of each asm statement's keyword → the index after its `;`.
    sites: &'b FnvMap<usize, usize>,
    file_typedefs: &'b FnvSet<&'a str>,
    /// Block-scope typedef names, one set per open block.
    local_typedefs: Vec<Vec<&'a str>>,
    /// Token ranges to keep.
    keep: Vec<(usize, usize)>,
    labels: HashSet<String>,
    /// File-scope names, to tell enumerators from variables.
    by_key: &'b FnvMap<Key<'a>, Vec<usize>>,
    /// The `__builtin_constant_p` tests folded to 0 whose branches the walk is in, innermost
    /// last, each with whether it is the branch taken for a constant.
    guards: Vec<((usize, usize), bool)>,
    dead: Vec<DeadSite>,
}

impl<'a> Walker<'a, '_> {
    fn is_typedef(&self, w: &str) -> bool {
        self.local_typedefs.iter().any(|s| s.contains(&w)) || self.file_typedefs.contains(w)
    }

    fn starts_declaration(&self, i: usize) -> bool {
        starts_declaration(self.t, i, &|w| self.is_typedef(w))
    }

    /// An asm statement at token `i`: kept, and noted when a folded test guards it.
    fn site(&mut self, i: usize, end: usize) {
        self.keep.push((i, end));
        if let Some(&(guard, runs_when_constant)) = self.guards.last() {
            self.dead.push(DeadSite { keyword: self.t.toks[i].start, guard, runs_when_constant });
        }
    }

    /// The `if` condition in the parentheses at `open`..`close`: when gcc folds it for a
    /// variable, the byte range of its `__builtin_constant_p(E)` call and whether it is the
    /// `else` branch that is dead (`!__builtin_constant_p(E)`). A conjunct of `&&` makes the
    /// `then` branch dead; a negated test only when it is the whole condition. The last value
    /// says whether the test is the whole condition (then the other branch runs exactly when
    /// it fails).
    fn folded_test(&self, open: usize, close: usize) -> Option<(bool, (usize, usize), bool)> {
        let t = self.t;
        let mut conjuncts = Vec::new();
        let (mut a, mut j) = (open + 1, open + 1);
        // Punctuators are one character each: `&&` is two adjacent `&`.
        let doubled = |j: usize, c: &str| t.text(j) == c && t.text(j + 1) == c && t.toks[j].end == t.toks[j + 1].start;
        while j + 1 < close {
            match t.text(j) {
                "(" | "[" | "{" => j = t.after_group(j),
                "&" if doubled(j, "&") => {
                    conjuncts.push((a, j));
                    j += 2;
                    a = j;
                }
                "|" if doubled(j, "|") => return None,
                "?" => return None,
                _ => j += 1,
            }
        }
        conjuncts.push((a, close.saturating_sub(1)));
        let single = conjuncts.len() == 1;
        conjuncts.into_iter().find_map(|(mut a, b)| {
            let negated = t.text(a) == "!";
            if negated {
                a += 1;
            }
            if (negated && !single) || t.text(a) != "__builtin_constant_p" || t.text(a + 1) != "(" || t.after_group(a + 1) != b {
                return None;
            }
            let variable = (a + 2..b - 1).any(|k| {
                let w = t.text(k);
                t.ident(k) && !is_keyword(w) && !self.is_typedef(w) && !self.by_key.contains_key(&Key::Enumerator(w))
            });
            variable.then(|| (negated, (t.toks[a].start, t.toks[b - 1].end), single))
        })
    }

    /// A block at `open` (`{`): returns the index after its `}` and whether it holds asm.
    fn block(&mut self, open: usize) -> (usize, bool) {
        self.local_typedefs.push(Vec::new());
        let mut i = open + 1;
        // Declarations of this block not kept yet: kept when an asm statement follows.
        let mut pending: Vec<(usize, usize)> = Vec::new();
        let mut has_asm = false;
        while i < self.t.toks.len() && self.t.text(i) != "}" {
            let mark = self.keep.len();
            let (end, asm, decl) = self.statement(i);
            if decl {
                if (i..end).any(|k| self.t.text(k) == "typedef") {
                    let (names, _) = self.t.declared(i, end, &|w| self.is_typedef(w));
                    let scope = self.local_typedefs.last_mut().expect("block scope");
                    scope.extend(names.iter().filter_map(|k| match k {
                        Key::Ordinary(n) => Some(*n),
                        Key::Tag(_) | Key::Enumerator(_) => None,
                    }));
                }
                if asm {
                    // A declaration whose initializer holds asm is kept whole.
                    self.keep.truncate(mark);
                    self.keep.append(&mut pending);
                    self.keep.push((i, end));
                } else {
                    pending.push((i, end));
                }
            } else if asm {
                let inner: Vec<_> = self.keep.drain(mark..).collect();
                self.keep.append(&mut pending);
                self.keep.extend(inner);
            }
            has_asm |= asm;
            i = end.max(i + 1);
        }
        self.local_typedefs.pop();
        if has_asm {
            self.keep.push((open, open + 1));
            self.keep.push((i, i + 1));
        }
        (i + 1, has_asm)
    }

    /// A statement at `i`: the index after it, whether it holds asm, whether it is a
    /// declaration.
    fn statement(&mut self, i: usize) -> (usize, bool, bool) {
        let t = self.t;
        if let Some(&end) = self.sites.get(&i) {
            self.site(i, end);
            return (end, true, false);
        }
        let w = t.text(i);
        match w {
            "{" => {
                let (end, asm) = self.block(i);
                (end, asm, false)
            }
            ";" => (i + 1, false, false),
            "if" | "while" | "switch" if t.text(i + 1) == "(" => {
                let (after, a) = self.expression(i + 1, true);
                let folded = if w == "if" { self.folded_test(i + 1, after) } else { None };
                // The `then` branch runs for a constant unless the test is negated.
                // (A `then` under a conjunct runs only for a constant, and not always then.)
                let then_guard = folded.filter(|&(negated, _, whole)| !negated || whole);
                if let Some((negated, g, _)) = then_guard {
                    self.guards.push((g, !negated));
                }
                let (mut end, b, _) = self.statement(after);
                if then_guard.is_some() {
                    self.guards.pop();
                }
                let mut asm = a || b;
                if w == "if" && t.text(end) == "else" {
                    // The `else` of a conjunct runs for a constant too.
                    let else_guard = folded.filter(|&(_, _, whole)| whole);
                    if let Some((negated, g, _)) = else_guard {
                        self.guards.push((g, negated));
                    }
                    let (e2, c, _) = self.statement(end + 1);
                    if else_guard.is_some() {
                        self.guards.pop();
                    }
                    end = e2;
                    asm |= c;
                }
                (end, asm, false)
            }
            "do" => {
                let (after, a, _) = self.statement(i + 1);
                let mut end = after;
                let mut b = false;
                if t.text(end) == "while" {
                    let (e2, x) = self.expression(end + 1, false);
                    end = e2;
                    b = x;
                }
                (end, a || b, false)
            }
            "for" if t.text(i + 1) == "(" => {
                let close = t.after_group(i + 1);
                let mark = self.keep.len();
                let init_decl = self.starts_declaration(i + 2);
                let mut init_end = i + 2;
                if init_decl {
                    let (end, _) = self.expression(i + 2, false);
                    init_end = end;
                }
                // Condition and step: only statement expressions in them matter.
                let (_, header_asm) = self.expression_range(init_end, close.saturating_sub(1));
                let (end, body_asm) = {
                    let (e, a, _) = self.statement(close);
                    (e, a)
                };
                let asm = header_asm || body_asm;
                if asm && init_decl {
                    // `for (DECL; ; )`: the declaration keeps its own scope.
                    let mut semi = init_end;
                    while semi + 1 < close && t.text(semi) != ";" {
                        semi = match t.text(semi) {
                            "(" | "[" | "{" => t.after_group(semi),
                            _ => semi + 1,
                        };
                    }
                    let inner: Vec<_> = self.keep.drain(mark..).collect();
                    self.keep.push((i, init_end));
                    self.keep.push((semi, semi + 1));
                    self.keep.push((close - 1, close));
                    self.keep.extend(inner);
                }
                (end, asm, false)
            }
            "case" => {
                let mut j = i + 1;
                while j < t.toks.len() && t.text(j) != ":" {
                    j = match t.text(j) {
                        "(" | "[" => t.after_group(j),
                        _ => j + 1,
                    };
                }
                let (end, asm, _) = self.statement(j + 1);
                (end, asm, false)
            }
            "default" if t.text(i + 1) == ":" => {
                let (end, asm, _) = self.statement(i + 2);
                (end, asm, false)
            }
            _ if t.ident(i) && t.text(i + 1) == ":" && !is_keyword(w) => {
                self.labels.insert(w.to_string());
                let (end, asm, _) = self.statement(i + 2);
                (end, asm, false)
            }
            "__label__" => {
                let (end, _) = self.expression(i, false);
                (end, false, false)
            }
            _ if self.starts_declaration(i) => match self.declaration(i) {
                Some((end, asm)) => (end, asm, true),
                None => (t.after_group(self.nested_body(i)), false, false),
            },
            _ => {
                let (end, asm) = self.expression(i, false);
                (end, asm, false)
            }
        }
    }

    /// The `{` of the nested function definition at `i`.
    fn nested_body(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.t.toks.len() && self.t.text(j) != "{" {
            j = match self.t.text(j) {
                "(" | "[" => self.t.after_group(j),
                _ => j + 1,
            };
        }
        j
    }

    /// A declaration at `i`: the index after its `;` and whether asm is inside. `None` for a
    /// nested function definition (GNU C), which is neither kept nor walked.
    fn declaration(&mut self, i: usize) -> Option<(usize, bool)> {
        let t = self.t;
        let mut j = i;
        let mut asm = false;
        let mut initialized = false;
        while j < t.toks.len() {
            match t.text(j) {
                ";" => return Some((j + 1, asm)),
                "}" => return Some((j, asm)),
                "=" => {
                    initialized = true;
                    j += 1;
                }
                "{" if !initialized && t.text(j - 1) == ")" => return None,
                "(" | "[" | "{" => {
                    let (end, a) = self.expression_range(j + 1, t.after_group(j) - 1);
                    asm |= a;
                    j = end + 1;
                }
                _ => j += 1,
            }
        }
        Some((j, asm))
    }

    /// An expression statement (or parenthesized group when `group`) at `i`: the index after
    /// its `;` (or `)`), and whether a statement expression inside holds asm.
    fn expression(&mut self, i: usize, group: bool) -> (usize, bool) {
        let t = self.t;
        if group {
            let close = t.after_group(i);
            let (_, asm) = self.expression_range(i + 1, close.saturating_sub(1));
            return (close, asm);
        }
        let mut j = i;
        let mut asm = false;
        while j < t.toks.len() {
            // An asm statement after something the walk does not know (`__extension__ asm`).
            if let Some(&end) = self.sites.get(&j) {
                self.site(j, end);
                return (end, true);
            }
            match t.text(j) {
                ";" => return (j + 1, asm),
                "}" => return (j, asm),
                "(" | "[" | "{" => {
                    let close = t.after_group(j);
                    let (_, a) = self.expression_range(j + 1, close.saturating_sub(1));
                    asm |= a;
                    j = close;
                }
                _ => j += 1,
            }
        }
        (j, asm)
    }

    /// Tokens `[i, end)` inside a group: statement expressions `({ ... })` are walked as
    /// blocks. Returns `end` and whether one holds asm.
    fn expression_range(&mut self, i: usize, end: usize) -> (usize, bool) {
        let t = self.t;
        let mut j = i;
        let mut asm = false;
        while j < end {
            match t.text(j) {
                "{" if j > 0 && t.text(j - 1) == "(" => {
                    let (after, a) = self.block(j);
                    asm |= a;
                    j = after;
                }
                "(" | "[" | "{" => {
                    let close = t.after_group(j);
                    let (_, a) = self.expression_range(j + 1, close.saturating_sub(1));
                    asm |= a;
                    j = close;
                }
                _ => j += 1,
            }
        }
        (end, asm)
    }
}

/// Reduces the scanned text in place (see the module docs) and returns, per body index, the
/// labels each function holding asm defines.
pub(crate) fn reduce(src: &str, toks: &[Tok], s: &mut Scanned) -> (HashMap<usize, BodyFacts>, FileIndex, Vec<DeadSite>) {
    let t = Toks { src, toks };
    let tok_at = |offset: usize| toks.partition_point(|x| x.start < offset);
    let mut cursor = 0usize;
    let mut advance = |offset: usize| {
        if toks.get(cursor).is_some_and(|t| t.start > offset) {
            cursor = tok_at(offset);
        }
        while cursor < toks.len() && toks[cursor].start < offset {
            cursor += 1;
        }
        cursor
    };
    // Top-level items as token ranges, in order, with the names each declares.
    let mut typedefs: FnvSet<&str> = FnvSet::default();
    let mut by_key: FnvMap<Key, Vec<usize>> = FnvMap::default();
    let body_of_item: HashMap<usize, usize> = s
        .bodies
        .iter()
        .enumerate()
        .map(|(b, body)| (body.item_start, b))
        .collect();
    struct Item {
        /// Token range of the declaration (a function definition's up to its body).
        range: (usize, usize),
        body: Option<usize>,
    }
    let mut items = Vec::with_capacity(s.items.len());
    let mut index = FileIndex::default();
    for (k, span) in s.items.iter().enumerate() {
        // Items are in order: one forward pass over the tokens finds their ranges.
        let (a, mut e) = (advance(span.start as usize), advance(span.end as usize));
        let body = body_of_item.get(&(span.start as usize)).copied();
        if let Some(b) = body {
            e = tok_at(s.bodies[b].open);
        }
        let (names, is_typedef) = t.declared(a, e, &|w| typedefs.contains(w));
        for n in names {
            if let Key::Ordinary(w) = n {
                if is_typedef {
                    typedefs.insert(w);
                } else {
                    let defines = body.is_some_and(|b| s.bodies[b].name.as_deref() == Some(w));
                    index.names.entry(w.to_string()).or_default().push((a, e, defines));
                }
            }
            by_key.entry(n).or_default().push(k);
        }
        items.push(Item { range: (a, e), body });
    }
    let sites: FnvMap<usize, usize> = s
        .sites
        .iter()
        .filter(|x| !x.file_scope)
        .map(|x| {
            let end = tok_at(x.with_semicolon.end as usize);
            (tok_at(x.stmt.keyword.span.start as usize), end)
        })
        .collect();
    // Bodies holding asm: the walk.
    let mut facts = HashMap::new();
    let mut dead = Vec::new();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut out = std::mem::take(&mut s.text).into_bytes();
    for (k, item) in items.iter().enumerate() {
        let Some(b) = item.body else { continue };
        let body = &s.bodies[b];
        if !body.has_asm {
            continue;
        }
        roots.push(k);
        let mut w = Walker {
            t: &t,
            sites: &sites,
            file_typedefs: &typedefs,
            local_typedefs: Vec::new(),
            keep: Vec::new(),
            labels: HashSet::new(),
            by_key: &by_key,
            guards: Vec::new(),
            dead: Vec::new(),
        };
        let open = tok_at(body.open);
        // An unterminated body (bad input) ends with the text.
        let (end, _) = w.block(open);
        let end = end.min(toks.len());
        let start_of = |k: usize| toks.get(k).map_or(src.len(), |t| t.start);
        let mut keep = w.keep;
        keep.push((open, open + 1));
        keep.push((end.saturating_sub(1), end));
        keep.sort_unstable();
        // Blank the body's tokens outside the kept ranges.
        let mut cursor = open;
        for &(a, e) in &keep {
            if a > cursor {
                blank(&mut out, start_of(cursor), start_of(a));
            }
            cursor = cursor.max(e);
        }
        if cursor < end {
            blank(&mut out, start_of(cursor), toks[end - 1].end);
        }
        kept.extend(keep);
        dead.append(&mut w.dead);
        facts.insert(b, BodyFacts { labels: w.labels });
    }
    // File scope: the closure over the names the kept text uses.
    let mut wanted = vec![false; items.len()];
    for (k, item) in items.iter().enumerate() {
        // A register variable at file scope is diagnosed whether used or not.
        let (a, e) = item.range;
        if (a..e).any(|i| t.text(i) == "register") {
            roots.push(k);
        }
    }
    let mut work: Vec<(usize, usize)> = kept;
    for &k in &roots {
        if !wanted[k] {
            wanted[k] = true;
            work.push(items[k].range);
        }
    }
    while let Some((a, e)) = work.pop() {
        for i in a..e.min(toks.len()) {
            if !t.ident(i) {
                continue;
            }
            let w = t.text(i);
            if is_keyword(w) {
                continue;
            }
            let keys = if i > 0 && matches!(t.text(i - 1), "struct" | "union" | "enum") {
                [Some(Key::Tag(w)), None]
            } else {
                [Some(Key::Ordinary(w)), Some(Key::Enumerator(w))]
            };
            for &k in keys.iter().flatten().filter_map(|k| by_key.get(k)).flatten() {
                if !wanted[k] {
                    wanted[k] = true;
                    work.push(items[k].range);
                }
            }
        }
    }
    for (k, span) in s.items.iter().enumerate() {
        if !wanted[k] {
            blank(&mut out, span.start as usize, span.end as usize);
        }
    }
    s.text = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (facts, index, dead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linemap::LineMap;

    /// The reduced text with blank runs squeezed, and the labels of the first body.
    fn reduced(src: &str) -> (String, Vec<String>) {
        let mut s = crate::scan::scan(src, &LineMap::new(src));
        let toks = std::mem::take(&mut s.toks);
        let (facts, _, _) = reduce(src, &toks, &mut s);
        let mut labels: Vec<String> =
            facts.values().flat_map(|f| f.labels.iter().cloned()).collect();
        labels.sort();
        (s.text.split_whitespace().collect::<Vec<_>>().join(" "), labels)
    }

    #[test]
    fn only_declarations_visible_at_the_asm_are_kept() {
        let src = "int f(int a) {\n  int x = a * 2;\n  if (a) { long hidden; hidden = 1; }\n  x += 3;\n  { short s = 1; __asm__ (\"\" : \"+r\" (s), \"+r\" (x)); }\n  int after = 4;\n  return x + after;\n}\n";
        let (text, _) = reduced(src);
        assert_eq!(text, "int f(int a) { int x = a * 2; { short s = 1; _X_____ ( (s), (x)); } }");
    }

    #[test]
    fn for_declarations_keep_their_scope_and_labels_are_collected() {
        let src = "void g(int n) {\n  for (int i = 0; i < n; i++) __asm__ volatile (\"\" : : \"r\" (i));\n  switch (n) { case 1: out: break; default: ; }\n  goto *&&done;\ndone:;\n}\n";
        let (text, labels) = reduced(src);
        assert_eq!(text, "void g(int n) { for (int i = 0; ; ) _X_____ ( (i)); }");
        assert_eq!(labels, vec!["done".to_string(), "out".to_string()]);
    }

    #[test]
    fn an_asm_statement_after_unknown_words_is_kept() {
        let src = "void e(int v) {\n  __extension__ __asm__ (\"\" : \"+r\" (v));\n  v++;\n}\n";
        let (text, _) = reduced(src);
        assert_eq!(text, "void e(int v) { _X_____ ( (v)); }");
    }

    #[test]
    fn nested_functions_and_statement_expressions() {
        let src = "int h(int v) {\n  int inner(int q) { return q; }\n  int r = ({ int t = v; __asm__ (\"\" : \"+r\" (t)); t; });\n  v = ({ long u = 2; __asm__ (\"\" : \"+r\" (u)); u; });\n  return inner(r) + v;\n}\n";
        let (text, _) = reduced(src);
        assert_eq!(
            text,
            "int h(int v) { int r = ({ int t = v; _X_____ ( (t)); t; }); { long u = 2; _X_____ ( (u)); } }"
        );
    }

    #[test]
    fn file_scope_keeps_what_operands_reach() {
        let src = "typedef long base_t;\ntypedef base_t word_t;\nstruct pair { word_t lo, hi; };\nenum { N = 4 };\nint unrelated(const char *, ...);\nstruct other { int z; };\nstatic struct pair table[N];\nvoid k(void) { __asm__ (\"\" : \"+m\" (table[1].hi)); }\n";
        let (text, _) = reduced(src);
        assert_eq!(
            text,
            "typedef long base_t; typedef base_t word_t; struct pair { word_t lo, hi; }; enum { N = 4 }; static struct pair table[N]; void k(void) { _X_____ ( (table[1].hi)); }"
        );
    }
}
