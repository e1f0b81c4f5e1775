//! Candidate C symbol names in assembler text (what the front end's file-scope index is asked
//! about: `exasm_cfront::Analysis::file_scope_name`).

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
    fn words_of_a_template() {
        assert_eq!(asm_words("movl counter+8(%rip), %eax\n\tcall helper@PLT"), vec!["PLT", "call", "counter", "eax", "helper", "movl", "rip"]);
    }
}
