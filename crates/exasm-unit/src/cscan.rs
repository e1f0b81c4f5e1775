//! The symbols an asm template names and defines, read from its syntax (what the front end's
//! file-scope index is asked about: `exasm_cfront::Analysis::file_scope_name`).
//!
//! A template is assembler statements separated by newlines and `;`. Each starts with labels
//! (`name:`) and prefixes (`lock`, `rep`, `{vex}`), then a mnemonic or a directive, then
//! operands. Only operands name symbols: a mnemonic never does (`cmp` is an instruction even
//! where a C function is called `cmp`), nor a register (`%eax`, or `eax` in Intel syntax), a
//! relocation (`@PLT`), a numeric label (`1b`), an Intel keyword (`DWORD PTR`, `OFFSET FLAT`),
//! a section name, a string, or text that an operand placeholder is part of (`loop%=`).

use exasm_core::regs::PhysReg;
use exasm_core::template::{parse_template, Dialect, Piece};

/// What a template says about symbols.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TemplateSymbols {
    /// Names its instructions and directives use as operands, sorted, without repeats.
    pub used: Vec<String>,
    /// Labels it defines (`name:`, `.set name, ...`, `.comm name, ...`), sorted, without repeats.
    pub defined: Vec<String>,
    /// Names it declares global itself (`.globl name`).
    pub global: Vec<String>,
}

/// Stands for an operand placeholder: a word holding it is no symbol.
const PLACEHOLDER: char = '\u{1}';

/// Reads the symbols of a template: extended asm as gcc prints it in `dialect` (placeholders
/// are no symbols), basic asm (`basic`) as it is, verbatim. `cmp %1, %0; call helper@PLT`
/// uses `helper`; `lbl: movzbl tab+2(%%rip), %0` defines `lbl` and uses `tab`.
pub fn template_symbols(template: &str, basic: bool, dialect: Dialect) -> TemplateSymbols {
    let text: String = if basic {
        template.to_string()
    } else {
        parse_template(template, dialect)
            .0
            .into_iter()
            .map(|p| match p {
                Piece::Text { text } => text,
                _ => PLACEHOLDER.to_string().into(),
            })
            .collect()
    };
    let intel = !basic && dialect == Dialect::Intel || is_intel_syntax(&text);
    let mut out = TemplateSymbols::default();
    for statement in statements(&text) {
        read_statement(&statement, intel, &mut out);
    }
    for v in [&mut out.used, &mut out.defined, &mut out.global] {
        v.sort_unstable();
        v.dedup();
    }
    out
}

/// Does the text switch to Intel syntax itself (`.intel_syntax`)?
fn is_intel_syntax(text: &str) -> bool {
    text.contains(".intel_syntax")
}

/// The statements of assembler text: split at newlines and `;` outside strings, comments
/// (`#` to the end of the line, `/* */`) removed.
fn statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                cur.push(c);
                while let Some(d) = chars.next() {
                    cur.push(d);
                    if d == '\\' {
                        cur.extend(chars.next());
                    } else if d == '"' {
                        break;
                    }
                }
            }
            '#' => {
                while chars.peek().is_some_and(|&d| d != '\n') {
                    chars.next();
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                cur.push(' ');
            }
            '\n' | ';' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Prefixes that come before a mnemonic (as words of their own).
const PREFIXES: [&str; 20] = [
    "lock", "rep", "repe", "repz", "repne", "repnz", "data16", "data32", "addr16", "addr32", "rex", "rex64", "notrack", "bnd", "xacquire", "xrelease", "cs", "ds", "ss", "es",
];

/// Directives whose operands name no symbol (sections, alignment, strings, macros, CFI).
fn names_no_symbol(directive: &str) -> bool {
    const NONE: [&str; 40] = [
        ".section", ".pushsection", ".popsection", ".previous", ".subsection", ".text", ".data", ".bss", ".file", ".loc", ".ident", ".string", ".ascii", ".asciz",
        ".string8", ".string16", ".align", ".p2align", ".balign", ".balignw", ".balignl", ".p2alignw", ".p2alignl", ".skip", ".space", ".fill", ".macro", ".endm",
        ".irp", ".irpc", ".rept", ".endr", ".purgem", ".intel_syntax", ".att_syntax", ".arch", ".nops", ".error", ".warning", ".print",
    ];
    NONE.contains(&directive) || directive.starts_with(".cfi_") || directive.starts_with(".if") || directive.starts_with(".code") || matches!(directive, ".else" | ".elseif" | ".endif" | ".incbin" | ".include" | ".option" | ".exitm" | ".altmacro" | ".noaltmacro")
}

/// Intel syntax's operand keywords.
fn is_intel_keyword(w: &str) -> bool {
    const KEYWORDS: [&str; 17] = ["ptr", "offset", "flat", "byte", "word", "dword", "qword", "tbyte", "oword", "xmmword", "ymmword", "zmmword", "fword", "short", "near", "far", "st"];
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(w))
}

/// Is `w` a register name (any width, segment and special registers included)?
fn is_register(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    PhysReg::from_name(&l).is_some()
        || matches!(l.as_str(), "rip" | "eip" | "ip" | "fs" | "gs" | "cs" | "ds" | "ss" | "es" | "st")
        || ["cr", "dr", "mm", "k", "bnd", "tmm"].iter().any(|p| l.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())))
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == PLACEHOLDER
}

/// The words of `text` with the character before each.
fn words(text: &str) -> Vec<(Option<char>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut before = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((before, &text[s..i]));
                start = None;
            }
            _ => {}
        }
        if start.is_none() {
            before = Some(c);
        }
    }
    if let Some(s) = start {
        out.push((before, &text[s..]));
    }
    out
}

/// Could `w` be a symbol a C declaration names (not a number, a local label, a register)?
fn is_symbol(before: Option<char>, w: &str, intel: bool) -> bool {
    let first = w.chars().next().unwrap_or('0');
    !w.contains(PLACEHOLDER)
        && (first.is_ascii_alphabetic() || first == '_')
        && !matches!(before, Some('%' | '@' | '\\'))
        && !(intel && (is_register(w) || is_intel_keyword(w)))
}

/// The symbols of one statement's operand text.
fn operand_symbols(text: &str, intel: bool, into: &mut Vec<String>) {
    let mut in_string = false;
    let mut plain = String::with_capacity(text.len());
    // Strings name no symbols.
    let mut escaped = false;
    for c in text.chars() {
        match (in_string, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (_, '"') => {
                in_string = !in_string;
                plain.push(' ');
            }
            (true, _) => {}
            (false, c) => plain.push(c),
        }
    }
    into.extend(words(&plain).into_iter().filter(|(b, w)| is_symbol(*b, w, intel)).map(|(_, w)| w.to_string()));
}

fn read_statement(statement: &str, intel: bool, out: &mut TemplateSymbols) {
    let mut rest = statement.trim();
    // Labels, then prefixes.
    loop {
        let word_end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        if word.is_empty() {
            match rest.strip_prefix('{').and_then(|r| r.split_once('}')) {
                // A pseudo prefix: `{vex}`, `{evex}`, `{disp32}`.
                Some((_, r)) => {
                    rest = r.trim_start();
                    continue;
                }
                None => break,
            }
        }
        let after_trim = after.trim_start();
        if after_trim.starts_with(':') && !after_trim.starts_with("::") {
            if is_symbol(None, word, false) {
                out.defined.push(word.to_string());
            }
            rest = after_trim[1..].trim_start();
            continue;
        }
        if PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word)) && !after_trim.starts_with(',') && !after_trim.is_empty() {
            rest = after_trim;
            continue;
        }
        break;
    }
    let word_end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    let (head, operands) = rest.split_at(word_end);
    if head.is_empty() || head.contains(PLACEHOLDER) {
        return;
    }
    let operands = operands.trim();
    // `name = expression`: an assignment defines the name.
    if let Some(value) = operands.strip_prefix('=').filter(|v| !v.starts_with('=')) {
        if is_symbol(None, head, false) {
            out.defined.push(head.to_string());
        }
        operand_symbols(value, intel, &mut out.used);
        return;
    }
    if !head.starts_with('.') {
        operand_symbols(operands, intel, &mut out.used);
        return;
    }
    let directive = head.to_ascii_lowercase();
    if names_no_symbol(&directive) {
        return;
    }
    let mut named = Vec::new();
    operand_symbols(operands, intel, &mut named);
    match directive.as_str() {
        ".set" | ".equ" | ".equiv" | ".eqv" | ".comm" | ".lcomm" => {
            let (first, value) = operands.split_once(',').unwrap_or((operands, ""));
            let first = first.trim();
            if is_symbol(None, first, false) {
                out.defined.push(first.to_string());
            }
            operand_symbols(value, intel, &mut out.used);
        }
        ".globl" | ".global" => {
            out.global.extend(named.iter().cloned());
            out.used.extend(named);
        }
        _ => out.used.extend(named),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_name_symbols_mnemonics_do_not() {
        let s = template_symbols("cmp %1, %0\n\tjb 1f\n\tcall helper@PLT\n\tmovzbl tab+2(%%rip), %0\n1:", false, Dialect::Att);
        assert_eq!(s.used, ["helper", "tab"]);
        assert!(s.defined.is_empty());
    }

    #[test]
    fn labels_prefixes_and_directives() {
        let s = template_symbols("jmp 1f\nlbl: .byte 0x90\n1:\tlock; xaddl %0, counter(%%rip)\n\trep movsb\n\t.globl entry\nentry:\t.quad table - .\n\t.section .rodata,\"a\"\n\t.p2align 4\n\t.set alias, target+8", false, Dialect::Att);
        assert_eq!(s.used, ["counter", "entry", "table", "target"]);
        assert_eq!(s.defined, ["alias", "entry", "lbl"]);
        assert_eq!(s.global, ["entry"]);
    }

    #[test]
    fn placeholders_comments_and_strings_are_no_symbols() {
        let s = template_symbols("loop%=: dec %0 # count down to zero\n\tjnz loop%=\n\t.ascii \"not a symbol\"\n\t/* old: call slow */ call fast", false, Dialect::Att);
        assert_eq!(s.used, ["fast"]);
        assert!(s.defined.is_empty());
    }

    #[test]
    fn intel_registers_and_keywords_are_no_symbols() {
        let s = template_symbols("mov eax, DWORD PTR tab[rip+8]\n\tlea rdx, OFFSET FLAT:msg\n\tmovzx ecx, BYTE PTR [rax+rcx]", false, Dialect::Intel);
        assert_eq!(s.used, ["msg", "tab"]);
    }

    #[test]
    fn basic_asm_is_read_verbatim() {
        // No `%` processing: `%%` is not an escape in basic asm, so this is a register.
        let s = template_symbols(".globl f\nf:\n\tmovl g(%rip), %eax\n\tret", true, Dialect::Att);
        assert_eq!(s.used, ["f", "g"]);
        assert_eq!(s.defined, ["f"]);
    }
}
