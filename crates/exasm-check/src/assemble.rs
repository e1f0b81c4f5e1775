//! Assembling a rendered template with `as` and reading the machine code back with `object`.
//!
//! The template is framed by marker symbols: one where it starts, one where it ends (the
//! fall-through exit) and one per goto label (the `%l` exits), each exit followed by a `ud2` so
//! that every marker has its own address. Relocations are kept by offset so that a reference to
//! an external symbol can be named (its bytes hold a zero displacement). The whole is framed by
//! `.cfi_startproc`/`.cfi_endproc` as a function body is, so CFI directives assemble.

use crate::CheckError;
use exasm_core::template::Dialect;
use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};
use std::collections::BTreeMap;
use std::process::Command;

/// The symbol before the template's first byte.
const START: &str = "__exasm_check_start";
/// The symbol after the template's last byte: falling off the end reaches it.
const END: &str = "__exasm_check_end";

/// The assembler name of goto label `k`'s exit.
pub(crate) fn exit_label(k: usize) -> String {
    format!("__exasm_check_exit{k}")
}

/// A template's machine code.
#[derive(Clone, Debug, Default)]
pub(crate) struct Snippet {
    /// The template's bytes, from its first byte to its end marker; addresses start at 0.
    pub code: Vec<u8>,
    /// Address of each goto label's exit, by label index.
    pub exits: Vec<u64>,
    /// Symbol named by the relocation at a code offset.
    pub relocs: BTreeMap<u64, String>,
}

impl Snippet {
    /// The address of the fall-through exit.
    pub fn end(&self) -> u64 {
        self.code.len() as u64
    }
}

/// The assembler source for a rendered template with `labels` goto labels, its markers named
/// with `tag` (empty for a template assembled alone).
fn source(text: &str, labels: usize, dialect: Dialect, tag: &str) -> String {
    // Inside a function, as gcc emits it: CFI directives in the template need a `.cfi_startproc`.
    let mut s = String::from("\t.text\n\t.cfi_startproc\n");
    if dialect == Dialect::Intel {
        s.push_str("\t.intel_syntax noprefix\n");
    }
    let text = if tag.is_empty() { text.to_string() } else { text.replace("__exasm_check_exit", &format!("__exasm_check{tag}_exit")) };
    s.push_str(&format!("{}:\n{text}\n", marker(START, tag)));
    if dialect == Dialect::Intel {
        s.push_str("\t.att_syntax prefix\n");
    }
    s.push_str(&format!("{}:\n\tud2\n", marker(END, tag)));
    for k in 0..labels {
        s.push_str(&format!("{}:\n\tud2\n", marker(&exit_label(k), tag)));
    }
    s.push_str("\t.cfi_endproc\n");
    s
}

/// A marker's name in the template tagged `tag`: `__exasm_check_3_end`.
fn marker(name: &str, tag: &str) -> String {
    if tag.is_empty() {
        name.to_string()
    } else {
        name.replacen("__exasm_check", &format!("__exasm_check{tag}"), 1)
    }
}

/// Why a template did not assemble.
#[derive(Clone, Debug)]
pub(crate) enum Rejected {
    /// `as` rejected it: its errors.
    Errors(Vec<AsError>),
    /// `as` could not be run, or its object could not be read.
    Failed(CheckError),
}

impl Rejected {
    /// As a [`CheckError`] for a statement that must assemble.
    pub(crate) fn into_error(self) -> CheckError {
        match self {
            Rejected::Errors(errors) => CheckError::Assembler(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")),
            Rejected::Failed(e) => e,
        }
    }
}

/// Assembles rendered templates (each with its number of goto labels) in as few `as` runs as
/// possible: all in one; when `as` rejects some, those are assembled alone (a symbol two
/// templates define is an error of the second only together) and the rest together again.
/// One result per template, in order.
pub(crate) fn assemble_all(items: &[(String, usize)], dialect: Dialect) -> Vec<Result<Snippet, Rejected>> {
    let alone = |i: usize| -> Result<Snippet, Rejected> {
        let (text, labels) = &items[i];
        match run_as(text, *labels, dialect) {
            Err(e) => Err(Rejected::Failed(e)),
            Ok(Err(errors)) => Err(Rejected::Errors(errors)),
            Ok(Ok(data)) => read_object(&data, *labels, "").map_err(Rejected::Failed),
        }
    };
    let mut out: Vec<Option<Result<Snippet, Rejected>>> = (0..items.len()).map(|_| None).collect();
    let mut pending: Vec<usize> = (0..items.len()).collect();
    for _ in 0..4 {
        if pending.len() < 2 {
            break;
        }
        let mut source = String::new();
        let mut first_lines = Vec::with_capacity(pending.len());
        for &i in &pending {
            first_lines.push(source.lines().count() + 1);
            source.push_str(&self::source(&items[i].0, items[i].1, dialect, &format!("_{i}")));
        }
        match run_source(&source) {
            Err(e) => {
                for &i in &pending {
                    out[i] = Some(Err(Rejected::Failed(e.clone())));
                }
                pending.clear();
            }
            Ok(Ok(data)) => {
                for &i in &pending {
                    out[i] = Some(read_object(&data, items[i].1, &format!("_{i}")).map_err(Rejected::Failed));
                }
                pending.clear();
            }
            Ok(Err(errors)) => {
                // Each error names a line, in the template at fault; only a symbol defined twice
                // may be the fault of another (the first definition), so that one is assembled
                // alone.
                let mut bad: Vec<(usize, Vec<AsError>)> = Vec::new();
                for e in &errors {
                    let Some(k) = e.number.and_then(|n| first_lines.iter().rposition(|&f| f <= n)) else { continue };
                    match bad.iter_mut().find(|(i, _)| *i == pending[k]) {
                        Some((_, list)) => list.push(e.clone()),
                        None => bad.push((pending[k], vec![e.clone()])),
                    }
                }
                if bad.is_empty() {
                    break;
                }
                for (i, list) in &bad {
                    let own = list.iter().all(|e| !e.message.contains("already defined"));
                    out[*i] = Some(if own { Err(Rejected::Errors(list.clone())) } else { alone(*i) });
                }
                let bad: Vec<usize> = bad.into_iter().map(|(i, _)| i).collect();
                pending.retain(|i| !bad.contains(i));
            }
        }
    }
    for i in pending {
        out[i] = Some(alone(i));
    }
    out.into_iter().map(|r| r.expect("every template has a result")).collect()
}

/// An error `as` reported: the line of the template at fault (when the error is inside it)
/// and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AsError {
    /// The line number in the assembler source.
    pub number: Option<usize>,
    /// The template's line, as rendered.
    pub line: Option<String>,
    /// `as`'s message (`operand type mismatch for `movq'`).
    pub message: String,
}

/// Assembles `text` (a rendered template) with `as --64` in a temporary directory.
#[cfg(test)]
pub(crate) fn assemble(text: &str, labels: usize, dialect: Dialect) -> Result<Snippet, CheckError> {
    let data = run_as(text, labels, dialect)?.map_err(|errors| CheckError::Assembler(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")))?;
    read_object(&data, labels, "")
}

/// Runs `as` on the framed template: `Ok(Ok(object))`, or `Ok(Err(..))` with what `as`
/// rejected; the outer `Err` when `as` cannot be run at all.
pub(crate) fn run_as(text: &str, labels: usize, dialect: Dialect) -> Result<Result<Vec<u8>, Vec<AsError>>, CheckError> {
    run_source(&source(text, labels, dialect, ""))
}

/// Runs `as` on assembler source.
fn run_source(source: &str) -> Result<Result<Vec<u8>, Vec<AsError>>, CheckError> {
    let dir = tempfile::tempdir().map_err(|e| CheckError::Assembler(format!("cannot create a temporary directory: {e}")))?;
    let src = dir.path().join("probe.s");
    let obj = dir.path().join("probe.o");
    std::fs::write(&src, source).map_err(|e| CheckError::Assembler(format!("cannot write {}: {e}", src.display())))?;
    let out = Command::new("as").arg("--64").arg("-o").arg(&obj).arg(&src).output().map_err(|e| CheckError::Assembler(format!("cannot run as: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let source_lines: Vec<&str> = source.lines().collect();
        // Lines read `probe.s:3: Error: message`.
        let errors = stderr
            .lines()
            .filter(|l| !l.ends_with("Assembler messages:"))
            .map(|l| {
                let mut parts = l.splitn(3, ": ");
                let (at, message) = (parts.next().unwrap_or(""), parts.last().unwrap_or(l));
                let number = at.rsplit(':').next().and_then(|n| n.parse::<usize>().ok());
                let line = number.and_then(|n| source_lines.get(n.wrapping_sub(1))).map(|t| t.trim().to_string());
                AsError { number, line, message: message.to_string() }
            })
            .collect();
        return Ok(Err(errors));
    }
    let data = std::fs::read(&obj).map_err(|e| CheckError::Assembler(format!("cannot read the object: {e}")))?;
    Ok(Ok(data))
}

/// Extracts the bytes, exits and relocations of the template tagged `tag` from an object file.
fn read_object(data: &[u8], labels: usize, tag: &str) -> Result<Snippet, CheckError> {
    let bad = |m: String| CheckError::Object(m);
    let file = object::File::parse(data).map_err(|e| bad(format!("cannot parse the object: {e}")))?;
    let find = |name: &str| file.symbols().find(|s| s.name() == Ok(name));
    let start_name = marker(START, tag);
    let start = find(&start_name).ok_or_else(|| bad(format!("no {start_name} symbol")))?;
    let section_index = start.section_index().ok_or_else(|| bad("the template start has no section".into()))?;
    let section = file.section_by_index(section_index).map_err(|e| bad(e.to_string()))?;
    let address_in_section = |name: &str| -> Result<u64, CheckError> {
        let s = find(name).ok_or_else(|| bad(format!("no {name} symbol")))?;
        if s.section_index() != Some(section_index) {
            return Err(CheckError::Unsupported {
                instruction: None,
                reason: "the template leaves the text section switched (.section without .previous or .popsection)".into(),
            });
        }
        Ok(s.address() - section.address())
    };
    let base = start.address() - section.address();
    let end = address_in_section(&marker(END, tag))?;
    let bytes = section.data().map_err(|e| bad(e.to_string()))?;
    let code = bytes.get(base as usize..end as usize).ok_or_else(|| bad("the template's bytes are outside its section".into()))?.to_vec();
    let mut exits = Vec::with_capacity(labels);
    for k in 0..labels {
        exits.push(address_in_section(&marker(&exit_label(k), tag))? - base);
    }
    let mut relocs = BTreeMap::new();
    for (offset, r) in section.relocations() {
        let name = match r.target() {
            // A section symbol has no name of its own: name it by its section.
            RelocationTarget::Symbol(i) => match file.symbol_by_index(i) {
                Ok(s) if s.kind() == object::SymbolKind::Section => {
                    s.section_index().and_then(|j| file.section_by_index(j).ok()).and_then(|sec| sec.name().ok().map(str::to_string)).unwrap_or_default()
                }
                Ok(s) => s.name().unwrap_or_default().to_string(),
                Err(_) => String::new(),
            },
            RelocationTarget::Section(i) => file.section_by_index(i).ok().and_then(|s| s.name().ok().map(str::to_string)).unwrap_or_default(),
            _ => String::new(),
        };
        if offset >= base && offset < end {
            relocs.insert(offset - base, name);
        }
    }
    Ok(Snippet { code, exits, relocs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_frame_the_template_and_exits() {
        let s = assemble("jmp __exasm_check_exit1\n\tnop", 2, Dialect::Att).unwrap();
        // jmp rel8 (2 bytes) + nop.
        assert_eq!(s.code, vec![0xeb, 0x05, 0x90]);
        assert_eq!(s.exits, vec![5, 7]);
    }

    #[test]
    fn relocations_name_external_symbols() {
        let s = assemble("movl counter(%rip), %eax", 0, Dialect::Att).unwrap();
        assert_eq!(s.relocs.values().collect::<Vec<_>>(), vec!["counter"]);
    }

    #[test]
    fn assembler_errors_are_reported() {
        let e = assemble("movl (%rax), (%rcx)", 0, Dialect::Att).unwrap_err();
        assert_eq!(e, CheckError::Assembler("operand size mismatch for `mov'".into()));
    }

    #[test]
    fn cfi_directives_assemble_inside_the_frame() {
        let s = assemble("movq %rbp, %r15\n\t.cfi_remember_state\n\t.cfi_def_cfa rbp, 0\n\tmovq %r15, %rbp\n\t.cfi_restore_state", 0, Dialect::Att).unwrap();
        assert_eq!(s.code, vec![0x49, 0x89, 0xef, 0x4c, 0x89, 0xfd]);
    }

    #[test]
    fn templates_assembled_together_come_back_apart() {
        let items = vec![("jmp __exasm_check_exit0\n\tnop".to_string(), 1), ("1: movl $1, %eax\n\tjmp 1b".to_string(), 0)];
        let all = assemble_all(&items, Dialect::Att);
        let one = all[0].as_ref().unwrap();
        assert_eq!(one.code, vec![0xeb, 0x03, 0x90]);
        assert_eq!(one.exits, vec![5]);
        assert_eq!(all[1].as_ref().unwrap().code, vec![0xb8, 1, 0, 0, 0, 0xeb, 0xf9]);
        // One template `as` rejects: the others are still assembled.
        let items = vec![("movl (%rax), (%rcx)".to_string(), 0), ("nop".to_string(), 0)];
        let all = assemble_all(&items, Dialect::Att);
        assert!(matches!(&all[0], Err(Rejected::Errors(e)) if e[0].message == "operand size mismatch for `mov'"));
        assert_eq!(all[1].as_ref().unwrap().code, vec![0x90]);
        // Two templates defining one symbol: each assembles alone.
        let items = vec![("foo: nop".to_string(), 0), ("foo: int3".to_string(), 0), ("hlt".to_string(), 0)];
        let all = assemble_all(&items, Dialect::Att);
        let codes: Vec<_> = all.iter().map(|r| r.as_ref().unwrap().code.clone()).collect();
        assert_eq!(codes, vec![vec![0x90], vec![0xcc], vec![0xf4]]);
    }

    #[test]
    fn intel_templates_assemble() {
        let s = assemble("mov eax, 1", 0, Dialect::Intel).unwrap();
        assert_eq!(s.code, vec![0xb8, 1, 0, 0, 0]);
    }
}
