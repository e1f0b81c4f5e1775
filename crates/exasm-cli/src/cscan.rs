//! A light scan of preprocessed C at file scope: which names are `static`, which functions are
//! defined. Enough to export what the thunks must reach, without a second parser.

/// One token with its brace and parenthesis depth.
#[derive(Copy, Clone, Debug)]
struct Tok {
    start: usize,
    end: usize,
    ident: bool,
    brace: u32,
    paren: u32,
}

/// Tokens of `text`, skipping literals, comments and preprocessor lines.
fn tokens(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let (mut i, mut brace, mut paren) = (0usize, 0u32, 0u32);
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b'"' | b'\'' => {
                i += 1;
                while i < b.len() && b[i] != c && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'#' if text[..i].rsplit('\n').next().is_some_and(|l| l.trim().is_empty()) => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                out.push(Tok { start, end: i, ident: true, brace, paren });
                continue;
            }
            b'{' | b'}' | b'(' | b')' | b';' | b',' | b'=' => {
                if c == b'}' {
                    brace = brace.saturating_sub(1);
                }
                if c == b')' {
                    paren = paren.saturating_sub(1);
                }
                out.push(Tok { start, end: i + 1, ident: false, brace, paren });
                if c == b'{' {
                    brace += 1;
                }
                if c == b'(' {
                    paren += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// What the scan found for one name at file scope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileScopeName {
    /// Spans of `static` and `inline` keywords in the declarations of the name.
    pub storage_keywords: Vec<(usize, usize)>,
    /// A file-scope declaration of the name says `static`.
    pub is_static: bool,
    /// The name is defined as a function in this file.
    pub defined_function: bool,
}

/// The file-scope tokens of a translation unit, indexed by name.
pub struct FileScan<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// For each token, the index of the first token of its declaration.
    decl_start: Vec<usize>,
    by_name: std::collections::HashMap<&'a str, Vec<usize>>,
}

impl<'a> FileScan<'a> {
    /// Tokenizes `text` once.
    pub fn new(text: &'a str) -> FileScan<'a> {
        let toks = tokens(text);
        let mut decl_start = Vec::with_capacity(toks.len());
        let mut by_name: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        let mut start = 0usize;
        for (k, t) in toks.iter().enumerate() {
            decl_start.push(start);
            let s = &text[t.start..t.end];
            if !t.ident {
                if t.brace == 0 && t.paren == 0 && (s == ";" || s == "}") {
                    start = k + 1;
                }
            } else if t.brace == 0 {
                by_name.entry(s).or_default().push(k);
            }
        }
        FileScan { text, toks, decl_start, by_name }
    }

    fn word(&self, k: usize) -> &'a str {
        let t = self.toks[k];
        &self.text[t.start..t.end]
    }

    /// Scans the file-scope declarations of `name`.
    ///
    /// ```ignore
    /// let t = "static int n; static inline int f(int n) { return n; } int g(void);";
    /// assert!(FileScan::new(t).name("n").is_static);
    /// ```
    pub fn name(&self, name: &str) -> FileScopeName {
        let mut found = FileScopeName::default();
        let toks = &self.toks;
        for &k in self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[]) {
            let t = toks[k];
            let decl_start = self.decl_start[k];
            // The declared name sits outside any parentheses of its declaration (parameters do not).
            let base_paren = toks.get(decl_start).map_or(0, |d| d.paren);
            if t.paren != base_paren {
                continue;
            }
            let keywords: Vec<(usize, usize)> = (decl_start..k)
                .filter(|&d| toks[d].ident && matches!(self.word(d), "static" | "inline" | "__inline" | "__inline__"))
                .map(|d| (toks[d].start, toks[d].end))
                .collect();
            if keywords.iter().any(|(a, b)| &self.text[*a..*b] == "static") {
                found.is_static = true;
            }
            found.storage_keywords.extend(keywords);
            // A definition: `name ( ... )` followed, after attributes, by `{`.
            if toks.get(k + 1).is_some_and(|_| self.word(k + 1) == "(") {
                let close = (k + 2..toks.len()).find(|&n| toks[n].paren == t.paren && self.word(n) == ")");
                if let Some(c) = close {
                    for j in c + 1..toks.len() {
                        match self.word(j) {
                            "{" => {
                                found.defined_function = true;
                                break;
                            }
                            ";" | "," | "=" => break,
                            _ => {}
                        }
                    }
                }
            }
        }
        found.storage_keywords.sort();
        found.storage_keywords.dedup();
        found
    }
}

/// Identifier-like words of assembler text (candidate C symbol names).
pub fn asm_words(text: &str) -> Vec<&str> {
    let mut words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$'))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_'))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statics_and_definitions_at_file_scope() {
        let t = "static int n;\nstatic inline int f(int n) { return n; }\nint g(void);\nint h(int (*cb)(int g)) { return 0; }\n";
        let scan = FileScan::new(t);
        let n = scan.name("n");
        assert!(n.is_static && !n.defined_function);
        assert_eq!(n.storage_keywords.len(), 1);
        let f = scan.name("f");
        assert!(f.is_static && f.defined_function);
        assert_eq!(f.storage_keywords.len(), 2);
        let g = scan.name("g");
        assert!(!g.is_static && !g.defined_function);
        assert!(scan.name("h").defined_function);
    }

    #[test]
    fn words_of_a_template() {
        assert_eq!(asm_words("movl counter+8(%rip), %eax\n\tcall helper@PLT"), vec!["PLT", "call", "counter", "eax", "helper", "movl", "rip"]);
    }
}
