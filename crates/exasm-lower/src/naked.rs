//! `__attribute__((naked))` functions: gcc gives them no prologue, no epilogue and no frame, and
//! their asm statements are their whole body (the template ends with its own `ret`). Outlined
//! into thunk calls, the function would get a prologue and fall off its end; so the whole
//! function is emitted in the thunk file, its symbol defined there with the templates as its
//! body, and the C side keeps a declaration.

use std::fmt::Write;

/// How the function's symbol is defined (from its storage class and attributes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Linkage {
    /// Visible outside the object (`.globl`); a `static` function is made global under a
    /// unit-unique name and `hidden` (the C object, compiled apart, must reach it).
    pub global: bool,
    /// `__attribute__((weak))`.
    pub weak: bool,
    /// `.hidden`, `.internal` or `.protected` (`visibility("...")`, or a renamed `static`).
    pub visibility: Option<String>,
    /// `__attribute__((section("...")))`.
    pub section: Option<String>,
    /// The object is PE/COFF (Windows): no visibility, no ELF symbol types, SEH instead of CFI.
    pub coff: bool,
}

/// The assembly of a naked function named `symbol`: its templates in order (each as gcc
/// prints it between `#APP` and `#NO_APP`), then `ud2`, as gcc ends a naked function (control
/// never reaches it; a template that falls off its end traps instead of running into the next
/// function).
///
/// ```
/// use exasm_lower::naked::{naked_function, Linkage};
/// let s = naked_function("add", &Linkage { global: true, ..Linkage::default() }, &["leal (%rdi,%rsi), %eax\n\tret".to_string()], false);
/// assert!(s.contains("\t.globl add\n"));
/// assert!(s.contains("add:\n\t.cfi_startproc\n#APP\n\tleal (%rdi,%rsi), %eax\n\tret\n#NO_APP\n\tud2\n"));
/// ```
pub fn naked_function(symbol: &str, linkage: &Linkage, templates: &[String], intel: bool) -> String {
    let mut out = String::new();
    match &linkage.section {
        Some(name) if linkage.coff => {
            let _ = writeln!(out, "\t.section {name},\"x\"");
        }
        Some(name) => {
            let _ = writeln!(out, "\t.section {name},\"ax\",@progbits");
        }
        None => out.push_str("\t.text\n"),
    }
    out.push_str("\t.p2align 4\n");
    if linkage.weak {
        let _ = writeln!(out, "\t.weak {symbol}");
    } else if linkage.global {
        let _ = writeln!(out, "\t.globl {symbol}");
    }
    if linkage.coff {
        // A naked function has no prologue: its unwind information says so.
        let _ = writeln!(out, "\t.def {symbol}; .scl 2; .type 32; .endef\n\t.seh_proc {symbol}\n{symbol}:\n\t.seh_endprologue\n#APP");
    } else {
        if let Some(v) = &linkage.visibility {
            let _ = writeln!(out, "\t.{v} {symbol}");
        }
        let _ = writeln!(out, "\t.type {symbol}, @function\n{symbol}:\n\t.cfi_startproc\n#APP");
    }
    if intel {
        out.push_str("\t.intel_syntax noprefix\n");
    }
    for t in templates {
        let _ = writeln!(out, "\t{t}");
    }
    if intel {
        out.push_str("\t.att_syntax prefix\n");
    }
    if linkage.coff {
        out.push_str("#NO_APP\n\tud2\n\t.seh_endproc\n");
    } else {
        let _ = writeln!(out, "#NO_APP\n\tud2\n\t.cfi_endproc\n\t.size {symbol}, .-{symbol}");
    }
    if linkage.section.is_some() {
        out.push_str("\t.text\n");
    }
    out
}

/// The linkage a definition's declaration specifiers and attributes (`header`, the text from
/// the start of the definition to its body) give the function's symbol, for a function that is
/// not `static`.
///
/// ```
/// use exasm_lower::naked::header_linkage;
/// let l = header_linkage(r#"__attribute__((naked, visibility("hidden"), section(".text.x"))) void f(void)"#);
/// assert!(l.global && !l.weak);
/// assert_eq!(l.visibility.as_deref(), Some("hidden"));
/// assert_eq!(l.section.as_deref(), Some(".text.x"));
/// assert!(header_linkage("__attribute__((naked)) __attribute__((__weak__)) void g(void)").weak);
/// ```
pub fn header_linkage(header: &str) -> Linkage {
    let mut l = Linkage { global: true, ..Linkage::default() };
    let words: Vec<&str> = header.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"' || c == '.' || c == '-')).filter(|w| !w.is_empty()).collect();
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1).map(|n| n.trim_matches('"'));
        match w.trim_start_matches("__").trim_end_matches("__") {
            "weak" => l.weak = true,
            "visibility" => {
                if let Some(v @ ("hidden" | "internal" | "protected")) = next {
                    l.visibility = Some(v.to_string());
                }
            }
            "section" => l.section = next.map(str::to_string),
            _ => {}
        }
    }
    l
}

/// The byte ranges of `__attribute__((naked))` groups (any spelling of the keyword and of
/// `naked`, only that attribute in the group) in `header`: on a declaration they are noise to
/// compilers that know no attributes (chibicc), and only a definition needs them.
///
/// ```
/// use exasm_lower::naked::naked_attribute_groups;
/// let h = "static __attribute__ ((__naked__)) int f(void)";
/// let g = naked_attribute_groups(h);
/// assert_eq!(g.len(), 1);
/// assert_eq!(&h[g[0].0..g[0].1], "__attribute__ ((__naked__))");
/// assert!(naked_attribute_groups("__attribute__((naked, noinline)) int f(void)").is_empty());
/// ```
pub fn naked_attribute_groups(header: &str) -> Vec<(usize, usize)> {
    attribute_groups(header)
        .into_iter()
        .filter(|&(at, end)| {
            let group = &header[at..end];
            let arguments = group.find('(').map_or("", |k| &group[k..]);
            let inner: String = arguments.chars().filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')')).collect();
            inner == "naked" || inner == "__naked__"
        })
        .collect()
}

/// A file-scope declaration that gives a function another name: `int g(void)
/// __attribute__((alias("f")));`. When `f` is a naked function defined in the thunk file, the C
/// side only declares `f`, and gcc refuses an alias of an undefined symbol: the alias is then
/// defined in the thunk file too (`.set g, f`) and the declaration loses its `alias` attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The declared name (`g`).
    pub name: String,
    /// Byte range of the `__attribute__((...))` group that holds `alias("f")`, to remove.
    pub attribute: (usize, usize),
    /// Byte ranges of the declaration's `static` keywords.
    pub statics: Vec<(usize, usize)>,
    /// From the declaration's attributes: weak, visibility (`global` is false for `static`).
    pub linkage: Linkage,
}

/// Every declaration in `text` with an `alias("target")` attribute (a conservative scan: the
/// declaration runs from the `;` or `}` before the attribute to the `;` after it, and its name
/// is the identifier before its first `(` outside attributes).
///
/// ```
/// use exasm_lower::naked::aliases_of;
/// let t = "static int f(void);\nint g(void) __attribute__((weak, alias(\"f\")));\n";
/// let a = aliases_of(t, "f");
/// assert_eq!(a.len(), 1);
/// assert_eq!(a[0].name, "g");
/// assert!(a[0].linkage.weak && a[0].linkage.global);
/// assert_eq!(&t[a[0].attribute.0..a[0].attribute.1], "__attribute__((weak, alias(\"f\")))");
/// ```
pub fn aliases_of(text: &str, target: &str) -> Vec<Alias> {
    let quoted = format!("\"{target}\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(&quoted).map(|k| k + from) {
        from = at + quoted.len();
        // `alias ( "f" )`
        let before = text[..at].trim_end();
        let Some(before) = before.strip_suffix('(') else { continue };
        let word = before.trim_end();
        if !(word.ends_with("alias") || word.ends_with("__alias__")) {
            continue;
        }
        let start = text[..at].rfind([';', '}']).map_or(0, |k| k + 1);
        let Some(end) = text[at..].find(';').map(|k| k + at) else { continue };
        let decl = &text[start..end];
        // The attribute group holding it.
        let Some(group) = attribute_groups(decl).into_iter().find(|&(a, b)| (a..b).contains(&(at - start))) else { continue };
        let mut plain = decl.to_string();
        for (a, b) in attribute_groups(decl).into_iter().rev() {
            plain.replace_range(a..b, &" ".repeat(b - a));
        }
        let Some(paren) = plain.find('(') else { continue };
        let name: String = plain[..paren].trim_end().chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<Vec<_>>().into_iter().rev().collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let statics: Vec<(usize, usize)> = word_ranges(&plain[..paren], "static").into_iter().map(|(a, b)| (start + a, start + b)).collect();
        let mut linkage = header_linkage(&decl[group.0..group.1]);
        linkage.global = statics.is_empty();
        linkage.section = None;
        out.push(Alias { name, attribute: (start + group.0, start + group.1), statics, linkage });
    }
    out
}

/// The `__attribute__((...))` groups of `text`, as byte ranges.
fn attribute_groups(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("__attribute").map(|k| k + from) {
        let mut i = at + "__attribute".len();
        if text[i..].starts_with("__") {
            i += 2;
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        from = i;
        if b.get(i) != Some(&b'(') {
            continue;
        }
        let mut depth = 0;
        for (k, &c) in b.iter().enumerate().skip(i) {
            match c {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push((at, k + 1));
                        from = k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        if depth != 0 {
            break;
        }
    }
    out
}

/// Byte ranges of `word` as a whole word in `text`.
fn word_ranges(text: &str, word: &str) -> Vec<(usize, usize)> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word)
        .filter(|(k, _)| !text[..*k].ends_with(ident) && !text[k + word.len()..].starts_with(ident))
        .map(|(k, _)| (k, k + word.len()))
        .collect()
}

/// The assembly that defines an alias of `symbol` (after the naked function itself).
///
/// ```
/// use exasm_lower::naked::{alias_definition, Linkage};
/// let s = alias_definition("g", "f", &Linkage { global: true, ..Linkage::default() });
/// assert_eq!(s, "\t.globl g\n\t.type g, @function\n\t.set g, f\n");
/// ```
pub fn alias_definition(name: &str, symbol: &str, linkage: &Linkage) -> String {
    let mut out = String::new();
    if linkage.weak {
        let _ = writeln!(out, "\t.weak {name}");
    } else if linkage.global {
        let _ = writeln!(out, "\t.globl {name}");
    }
    if let Some(v) = &linkage.visibility {
        let _ = writeln!(out, "\t.{v} {name}");
    }
    let _ = write!(out, "\t.type {name}, @function\n\t.set {name}, {symbol}\n");
    out
}
