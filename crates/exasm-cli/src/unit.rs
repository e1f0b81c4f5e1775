//! One translation unit through the whole pipeline: front end, validation, allocation, and
//! lowering to asm-free C plus thunk assembly.

use exasm_cfront::{AsmSite, Analysis, Encoding, Linkage, Located, Location};
use exasm_core::constraint::Constraint;
use exasm_core::diag::Diagnostic;
use exasm_core::facts::{ConstValue, HomeBase, MemHome, OperandFacts, TlsModel};
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{solve, Allocation};
use exasm_core::target::Target;
use exasm_core::validate::{gcc_reported, validate, Stage, Validated};
use crate::cscan::asm_words;
use exasm_lower::rust::{rust_file, rust_thunk_from};
use exasm_lower::thunk::{lower_statement_from, COperand, FrameObject, Request};
use std::borrow::Cow;
use std::fmt::Write;

/// A diagnostic at an original source location.
pub type LocatedDiagnostic = Located<Diagnostic>;

/// One statement, decoded and (when valid) allocated and rendered.
pub struct Explained<'a> {
    /// The front end's view.
    pub site: &'a AsmSite,
    /// Validation result.
    pub validated: Validated,
    /// Allocation, when the statement is valid.
    pub allocation: Option<Allocation>,
    /// Rendered template, when allocated.
    pub rendered: Option<String>,
    /// Operand facts as lowering uses them (outputs then inputs): memory through pointers, and a
    /// constant gcc propagates only where the operand must be an immediate.
    pub facts: Vec<OperandFacts>,
    /// [`Explained::allocation`], when it was made from exactly these facts (so lowering can
    /// start from it).
    pub reusable: Option<Allocation>,
}

/// Decodes, allocates and renders every statement; returns them with every diagnostic gcc
/// would print (C-level, then per statement), in source order.
pub fn explain<'a>(text: &str, analysis: &'a Analysis, target: &Target, syntax_only: bool) -> (Vec<Explained<'a>>, Vec<LocatedDiagnostic>) {
    let exported = Exports::find(text, analysis, target, "");
    // `gcc -fsyntax-only` stops after the front end: no gimplification, no expansion.
    let reported_by_gcc = if syntax_only { analysis.front_end_diagnostics } else { analysis.diagnostics.len() };
    let mut diags: Vec<LocatedDiagnostic> = analysis.diagnostics[..reported_by_gcc].to_vec();
    let validated: Vec<Validated> = analysis.statements.iter().map(|site| validate(&site.stmt, target)).collect();
    // After any front-end error gcc expands no function at all: later stages report nothing,
    // in any statement.
    let front_failed = analysis.has_errors() || validated.iter().flat_map(|v| &v.diagnostics).any(|d| d.stage == Stage::FrontEnd && d.diagnostic.is_error());
    let mut out = Vec::new();
    for (n, (site, v)) in analysis.statements.iter().zip(validated).enumerate() {
        let at = |d: Diagnostic| Located { location: site.location.clone(), value: d };
        // Dead code for gcc (`AsmSite::dead_under`): only its front end sees the statement.
        let dead = site.dead_under.is_some();
        let mut reported: Vec<Diagnostic> = if front_failed || syntax_only || dead {
            v.diagnostics.iter().filter(|d| d.stage == Stage::FrontEnd).map(|d| d.diagnostic.clone()).collect()
        } else {
            gcc_reported(&v.diagnostics)
        };
        let mut allocation = None;
        let mut rendered = None;
        let keeps_address = template_keeps_addresses(&site.stmt.template.value);
        let mut facts: Vec<OperandFacts> = site.operands.iter().map(|o| exported.adjust(thunk_view(o, &o.facts, keeps_address, target))).collect();
        let mut reusable = None;
        if !front_failed && !syntax_only && !dead && !v.has_errors() && !site.stmt.is_basic() && !site.file_scope {
            if let Some(why) = &site.untyped {
                reported.push(Diagnostic::error(site.stmt.keyword.span, format!("exasm could not type the operands: {why}")));
            } else {
                let constraints = site.stmt.outputs.iter().chain(&site.stmt.inputs).map(|o| o.constraint.value.as_str());
                let gcc_facts: Vec<OperandFacts> = site.operands.iter().zip(&facts).zip(constraints).map(|((o, f), c)| gcc_view(o, f, c, target)).collect();
                // The thunk takes what gcc would have propagated only when the statement cannot
                // do without it (an operand that must be an immediate): elsewhere the runtime
                // value is exact whatever the propagation heuristic says.
                for ((f, g), o) in facts.iter_mut().zip(&gcc_facts).zip(site.stmt.outputs.iter().chain(&site.stmt.inputs)) {
                    let only_constants = Constraint::decode_input(&o.constraint.value).is_ok_and(|c| c.alternatives.iter().all(|a| !a.allows_reg() && !a.allows_mem() && a.tie.is_none()));
                    if f.constant.is_none() && g.constant.is_some() && only_constants {
                        f.constant = g.constant.clone();
                    }
                }
                match solve(&v, &gcc_facts, target, RegSet::EMPTY) {
                    Ok(a) => {
                        if gcc_facts == facts {
                            reusable = Some(a.clone());
                        }
                        let r = render(&v, &a, &gcc_facts, target, &RenderOptions { unique: n as u64, label: &|k| format!(".L{}", site.stmt.labels[k].value) });
                        reported.extend(r.diagnostics.iter().cloned());
                        if !r.has_errors() {
                            rendered = Some(r.text);
                        }
                        allocation = Some(a);
                    }
                    Err(d) => reported.extend(d),
                }
            }
        }
        if !compiled(site, target) {
            reported.retain(|d| !d.is_error() || v.diagnostics.iter().any(|s| s.stage == Stage::FrontEnd && s.diagnostic == *d));
        }
        diags.extend(reported.into_iter().map(at));
        out.push(Explained { site, validated: v, allocation, rendered, facts, reusable });
    }
    diags.sort_by(|a, b| (a.location.file.as_str(), a.location.line, a.location.col).cmp(&(b.location.file.as_str(), b.location.line, b.location.col)));
    diags.dedup();
    (out, diags)
}

/// Does gcc compile the function holding the statement? An `inline` function only when it is
/// used; a `static` one when it is used, and without optimization always.
fn compiled(site: &AsmSite, target: &Target) -> bool {
    if site.function_is_static_inline {
        site.function_is_referenced
    } else if site.function_is_static {
        site.function_is_referenced || !target.optimize
    } else {
        true
    }
}

/// The facts as gcc sees them when it places the operand: an object with static storage is
/// addressed by its symbol (`g+8(%rip)`) and needs no base register; a value gcc propagates is
/// a constant (when optimizing, or at -O0 for a `const` object whose operand takes only
/// constants).
fn gcc_view(info: &exasm_cfront::OperandInfo, f: &OperandFacts, constraint: &str, target: &Target) -> OperandFacts {
    let mut f = f.clone();
    if let (None, Some(p)) = (&f.constant, &info.propagated) {
        let only_constants = Constraint::decode_input(constraint).is_ok_and(|c| c.alternatives.iter().all(|a| !a.allows_reg() && !a.allows_mem() && a.tie.is_none()));
        if target.optimize || p.unoptimized && only_constants {
            f.constant = Some(p.value.clone());
        }
    }
    if f.fixed_reg.is_none() {
        f.home = info.home.clone();
    }
    f.pointer_value = info.pointer_value.clone().filter(|_| target.optimize);
    if let Some(g) = &info.is_global_object {
        // Shared code reaches an object another module may define through the GOT: a
        // register holds its address.
        let preemptible = target.pic && g.linkage == Linkage::External && !g.thread_local;
        if let (Some(offset), None, true) = (g.offset, f.fixed_reg, preemptible) {
            // One GOT load serves every operand in the same object.
            f.home = Some(MemHome { arithmetic: 0, ..MemHome::pointer(&format!("{}@GOTPCREL", g.symbol), offset) });
        }
        if let (Some(offset), None, false) = (g.offset, f.fixed_reg, preemptible) {
            f.symbol_home = Some((g.symbol.clone(), offset));
            if g.thread_local {
                f.tls = tls_model(g, target);
                if f.tls.is_none() {
                    f.symbol_home = None;
                }
            }
        }
    }
    f
}

/// The largest variable a thunk copies into its own frame.
const MAX_FRAME_COPY: u64 = 1024;

/// Does the template lock memory (`lock`, `xchg` with memory)? Its memory operands then keep
/// their real address: a copy would not be the object other threads see.
fn template_keeps_addresses(template: &str) -> bool {
    template.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| {
        let w = w.to_ascii_lowercase();
        w == "lock" || w.starts_with("xchg")
    })
}

/// The facts as the thunk addresses the operand (docs/thunk-abi.md): an object with static
/// storage by its symbol where the thunk's object can name it, a variable whose address does
/// not escape in a copy in the thunk's frame, memory through one pointer by one pointer
/// argument; anything else by its own pointer.
fn thunk_view(info: &exasm_cfront::OperandInfo, f: &OperandFacts, keeps_address: bool, target: &Target) -> OperandFacts {
    let mut f = f.clone();
    if f.fixed_reg.is_some() {
        return f;
    }
    if let Some(g) = &info.is_global_object {
        let reachable = !g.thread_local && !g.block_scope && (g.linkage == Linkage::Internal || !target.pic);
        if let (Some(offset), true) = (g.offset, reachable) {
            f.symbol_home = Some((g.symbol.clone(), offset));
        }
        return f;
    }
    f.home = match (&info.home, &info.frame_var) {
        (Some(h @ MemHome { base: HomeBase::Frame(_), index: None, .. }), Some(var)) if copied_to_frame(var, keeps_address) => Some(h.clone()),
        // Its real address, one pointer for the whole variable.
        (Some(MemHome { base: HomeBase::Frame(key), index: None, offset, .. }), _) => Some(MemHome::pointer(&format!("&{key}"), *offset)),
        // The thunk has no index value: a pointer to the element.
        (Some(MemHome { index: Some(_), .. }), _) => None,
        (h, _) => h.clone(),
    };
    f
}

/// Does the thunk copy (the part of) this variable into its own frame?
fn copied_to_frame(var: &exasm_cfront::FrameVar, keeps_address: bool) -> bool {
    !var.escapes && !keeps_address && var.size.is_some_and(|s| s > 0 && s <= MAX_FRAME_COPY)
}

/// The variable the thunk copies for an operand: the one whose frame home [`thunk_view`] kept.
fn frame_object(info: &exasm_cfront::OperandInfo, lowered: &OperandFacts) -> Option<FrameObject> {
    let var = info.frame_var.as_ref()?;
    matches!(lowered.home, Some(MemHome { base: HomeBase::Frame(_), .. })).then(|| FrameObject { expr: var.name.clone(), size: var.size.unwrap_or(0) })
}

/// gcc's default TLS access model for an object: an executable (PIE or not) reaches its own
/// objects at a link-time offset from `%fs` and another module's through a GOT entry; shared
/// code (`-fPIC`) calls `__tls_get_addr`, and the operand is an ordinary base register.
fn tls_model(g: &exasm_cfront::GlobalRef, target: &Target) -> Option<TlsModel> {
    if target.pic {
        None
    } else if g.linkage == Linkage::Internal || g.defined {
        Some(TlsModel::LocalExec)
    } else {
        Some(TlsModel::InitialExec)
    }
}

/// The lowered translation unit.
pub struct Lowered {
    /// Asm-free C.
    pub c: String,
    /// Thunks and file-scope asm, GAS syntax.
    pub s: String,
    /// Warnings (errors make [`lower`] fail).
    pub warnings: Vec<LocatedDiagnostic>,
    /// The same thunks as Rust (`--rust`), when asked for.
    pub rs: Option<String>,
}

/// The bytes of a [`Lowered`] unit, in the input's [`Encoding`]: every byte exasm did not
/// rewrite is the input's own.
pub struct LoweredBytes<'a> {
    /// Asm-free C.
    pub c: Cow<'a, [u8]>,
    /// Thunks, GAS syntax.
    pub s: Cow<'a, [u8]>,
    /// Rust thunks: Rust source is UTF-8, so they hold bytes only as UTF-8.
    pub rs: Option<&'a str>,
}

/// Encodes `lowered` as the input was; an error names what cannot be written.
pub fn encode(lowered: &Lowered, encoding: Encoding) -> Result<LoweredBytes<'_>, String> {
    let bytes = |text, what: &str| encoding.encode(text).map_err(|c| format!("internal error: the {what} holds U+{:04X}, which the input's bytes cannot", c as u32));
    let rs = match &lowered.rs {
        Some(rs) if encoding == Encoding::Bytes && !rs.is_ascii() => {
            return Err("exasm cannot write Rust thunks for this input: a template holds bytes that are not UTF-8, and Rust source is UTF-8".into())
        }
        rs => rs.as_deref(),
    };
    Ok(LoweredBytes { c: bytes(&lowered.c, "lowered C")?, s: bytes(&lowered.s, "thunk assembly")?, rs })
}

/// A short stable hash of the unit, so thunk names never collide across translation units.
fn unit_hash(text: &str, name: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in name.bytes().chain([0u8]).chain(text.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
}

/// Is the declaration that `offset` lies in a `register` declaration, and is it at file scope?
fn register_declaration(text: &str, offset: usize) -> (bool, bool) {
    let b = text.as_bytes();
    let mut start = offset;
    while start > 0 && !matches!(b[start - 1], b';' | b'{' | b'}') {
        start -= 1;
    }
    let is_register = text[start..offset].split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == "register");
    (is_register, brace_depth(text, offset) == 0)
}

/// Brace depth at `offset`, skipping literals, comments and line markers.
fn brace_depth(text: &str, offset: usize) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < offset.min(b.len()) {
        match b[i] {
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') || (b[i] == b'#' && (i == 0 || b[i - 1] == b'\n')) => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'#' if i == 0 || b[i - 1] == b'\n' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    depth
}

fn is_c_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Makes labels that file-scope asm defines without `.globl` reachable from the C object:
/// global and hidden.
fn export_local_labels(asm: &str) -> String {
    let mut extra = String::new();
    for line in asm.lines() {
        let l = line.trim();
        if let Some(name) = l.split(':').next().filter(|n| l.contains(':') && is_asm_symbol(n)) {
            let globl = asm.contains(&format!(".globl {name}")) || asm.contains(&format!(".global {name}"));
            if !globl && !name.starts_with(".L") && !name.chars().all(|c| c.is_ascii_digit()) {
                let _ = writeln!(extra, "\t.globl {name}\n\t.hidden {name}");
            }
        }
    }
    extra
}

fn is_asm_symbol(s: &str) -> bool {
    !s.is_empty() && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '.') && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
}

/// Lowers a preprocessed translation unit. Errors are every diagnostic gcc would print plus
/// what exasm cannot lower.
pub fn lower(text: &str, file_name: &str, analysis: &Analysis, target: &Target, with_rust: bool, syntax_only: bool) -> Result<Lowered, Vec<LocatedDiagnostic>> {
    let (explained, diags) = explain(text, analysis, target, syntax_only);
    let (errors, mut warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(|d| d.value.is_error());
    if !errors.is_empty() {
        return Err(errors);
    }
    let id = unit_hash(text, file_name);
    let exported = Exports::find(text, analysis, target, &id);
    let c = text.as_bytes();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut defines = String::new();
    let mut decls = String::new();
    let mut s = String::new();
    let mut failures = Vec::new();
    let mut rust_fns: Vec<String> = Vec::new();
    let mut rust_globals: Vec<String> = Vec::new();
    edits.extend(exported.edits.iter().map(|(a, b)| (*a, *b, String::new())));
    defines.push_str(&exported.defines);
    s.push_str(&exported.asm);
    if !exported.asm.is_empty() {
        rust_globals.push(exported.asm.clone());
    }
    for label in &analysis.asm_labels {
        let start = label.span.start as usize;
        let (is_register, file_scope) = register_declaration(text, start);
        if is_register && file_scope {
            failures.push(Located {
                location: label.location.clone(),
                value: Diagnostic::error(label.span, format!("exasm cannot lower global register variable '{}': it would need '{}' reserved in all code", label.c_name, label.asm_name)),
            });
        } else if !is_register && !label.c_name.is_empty() && label.c_name != label.asm_name {
            if !is_c_identifier(&label.asm_name) {
                failures.push(Located {
                    location: label.location.clone(),
                    value: Diagnostic::error(label.span, format!("exasm cannot rename '{}' to assembler name '{}', which is not a C identifier", label.c_name, label.asm_name)),
                });
            } else {
                if !defines.contains(&format!("#define {} ", label.c_name)) {
                    let _ = writeln!(defines, "#define {} {}", label.c_name, label.asm_name);
                }
                // `int f_np (const T *) __asm__ ("f");` next to a declaration of `f` itself
                // (glibc's __REDIRECT): renamed, the declaration would redeclare `f` with
                // another type. The name's uses go to `f`, declared already; this goes.
                if let Some(d) = label.declaration.filter(|_| analysis.file_scope_name(text, &label.asm_name).declared) {
                    edits.push((d.start as usize, d.end as usize, String::new()));
                }
            }
        }
        edits.push((start, label.span.end as usize, String::new()));
    }
    for (n, e) in explained.iter().enumerate() {
        let site = e.site;
        let span = site.stmt_span_with_semicolon;
        if site.file_scope {
            let _ = writeln!(s, "#APP\n{}\n#NO_APP", site.stmt.template.value);
            s.push_str(&export_local_labels(&site.stmt.template.value));
            rust_globals.push(format!("{}\n{}", site.stmt.template.value, export_local_labels(&site.stmt.template.value)));
            edits.push((span.start as usize, span.end as usize, String::new()));
            continue;
        }
        if let Some(guard) = site.dead_under {
            // gcc never compiles it: the test becomes the 0 gcc folds it to, the statement
            // an empty block (`;` would be an empty `else` body, which -Wextra warns about),
            // and the compiler of the lowered C takes the other branch as gcc does.
            edits.push((guard.start as usize, guard.end as usize, "0".into()));
            edits.push((span.start as usize, span.end as usize, "{ }".into()));
            continue;
        }
        let symbol = format!("__exasm_{id}_{n}");
        let operands: Vec<COperand> = site.stmt.outputs.iter().chain(&site.stmt.inputs).zip(&site.operands).zip(&e.facts).map(|((o, info), lowered)| COperand {
                // A macro's expansion leaves line markers in the text; the call is one line.
                expr: exasm_cfront::one_line(&o.expr.value),
                c_type: info.c_type.clone(),
                frame_object: frame_object(info, lowered),
            }).collect();
        let result = lower_statement_from(&Request { validated: &e.validated, operands: &operands, facts: &e.facts, target, symbol: &symbol, unique: n as u64 }, e.reusable.clone());
        match result {
            Ok(th) => {
                if with_rust {
                    let req = Request { validated: &e.validated, operands: &operands, facts: &e.facts, target, symbol: &symbol, unique: n as u64 };
                    match rust_thunk_from(&req, e.reusable.clone()) {
                        Ok(r) => rust_fns.push(r),
                        Err(d) => failures.extend(d.into_iter().map(|d| Located { location: site.location.clone(), value: d })),
                    }
                }
                decls.push_str(&th.c_decls);
                s.push_str(&th.asm);
                edits.push((span.start as usize, span.end as usize, th.c_call.replace('\n', " ")));
            }
            // Under -fsyntax-only nothing runs: the compiler checks the C around a trap.
            Err(d) if syntax_only || site.function_is_static_inline || site.function_is_static => {
                // Possibly never used: keep the C valid, trap if it ever runs.
                let why = d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ");
                if !syntax_only {
                    warnings.push(Located { location: site.location.clone(), value: Diagnostic::warning(site.stmt.keyword.span, format!("{why} (in a function that may be unused: lowered to a trap)")) });
                }
                let _ = writeln!(decls, "extern void {symbol}(void);");
                let _ = writeln!(s, "\t.text\n\t.globl {symbol}\n\t.hidden {symbol}\n\t.type {symbol}, @function\n{symbol}:\n\tud2\n\t.size {symbol}, .-{symbol}");
                edits.push((span.start as usize, span.end as usize, format!("{symbol}();")));
                rust_fns.push(format!("#[no_mangle]\npub unsafe extern \"C\" fn {symbol}() {{\n    core::arch::asm!(\"ud2\", options(noreturn));\n}}\n"));
            }
            Err(d) => failures.extend(d.into_iter().map(|d| Located { location: site.location.clone(), value: d })),
        }
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    // Apply the edits in one pass; each keeps the line count of what it replaces, so the C
    // compiler's line numbers stay right.
    edits.sort_by_key(|e| e.0);
    let mut rewritten: Vec<u8> = Vec::with_capacity(c.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut at = 0;
    for (start, end, with) in edits {
        if start < at {
            continue;
        }
        rewritten.extend_from_slice(&c[at..start]);
        rewritten.extend_from_slice(with.as_bytes());
        rewritten.extend(std::iter::repeat_n(b'\n', c[start..end].iter().filter(|&&b| b == b'\n').count()));
        at = end;
    }
    rewritten.extend_from_slice(&c[at..]);
    let c = rewritten;
    let mut out_c = String::new();
    let _ = writeln!(out_c, "/* Lowered by exasm from {file_name}: no inline asm is left. */");
    out_c.push_str(&defines);
    out_c.push_str(&decls);
    out_c.push_str(&String::from_utf8_lossy(&c));
    s.push_str("\t.section .note.GNU-stack,\"\",@progbits\n");
    let header = format!("# Thunks generated by exasm for {file_name}\n");
    let rs = with_rust.then(|| rust_file(file_name, &rust_fns, &rust_globals, false));
    Ok(Lowered { c: out_c, s: header + &s, warnings, rs })
}

/// File-scope names the thunks must reach: `static` objects and functions named by symbol
/// operands or template text are made global under a unit-unique name (hidden, and equated to
/// the original name inside the thunk object); functions defined here bind locally.
struct Exports {
    edits: Vec<(usize, usize)>,
    defines: String,
    asm: String,
    local_functions: Vec<String>,
}

impl Exports {
    fn find(text: &str, analysis: &Analysis, target: &Target, id: &str) -> Exports {
        let mut names: Vec<String> = Vec::new();
        for site in &analysis.statements {
            names.extend(asm_words(&site.stmt.template.value).into_iter().map(str::to_string));
            for o in &site.operands {
                if let Some(ConstValue::Symbol { name, .. }) = &o.facts.constant {
                    names.push(name.clone());
                }
                // Memory operands in a static object: the thunk addresses them by symbol.
                if let Some(g) = o.is_global_object.as_ref().filter(|g| g.linkage == Linkage::Internal && !g.block_scope && !g.thread_local) {
                    names.push(g.symbol.clone());
                }
            }
        }
        names.sort();
        names.dedup();
        let mut e = Exports { edits: Vec::new(), defines: String::new(), asm: String::new(), local_functions: Vec::new() };
        for name in names {
            let found = analysis.file_scope_name(text, &name);
            if found.is_static {
                let global = format!("__exasm_{id}_{name}");
                e.edits.extend(found.storage_keywords);
                let _ = writeln!(e.defines, "#define {name} {global}");
                let _ = writeln!(e.asm, "\t.hidden {global}\n\t.set {name}, {global}");
            }
            if found.defined_function && !target.pic {
                e.local_functions.push(name);
            }
        }
        e
    }

    /// gcc's view of a symbol operand: a function defined in this unit binds locally outside
    /// shared libraries.
    fn adjust(&self, mut f: OperandFacts) -> OperandFacts {
        if let Some(ConstValue::Symbol { name, local, .. }) = &mut f.constant {
            if self.local_functions.contains(name) {
                *local = true;
            }
        }
        f
    }
}

/// [`lower`], printing its diagnostics: the lowered unit, or exit status 1.
pub fn lower_and_report(text: &str, file_name: &str, analysis: &Analysis, target: &Target, with_rust: bool, syntax_only: bool) -> Result<Lowered, u8> {
    match lower(text, file_name, analysis, target, with_rust, syntax_only) {
        Ok(l) => {
            for w in &l.warnings {
                eprintln!("{}", format_diagnostic(w));
            }
            Ok(l)
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{}", format_diagnostic(d));
            }
            Err(1)
        }
    }
}

/// The original location of a diagnostic, for printing.
/// What the operating system says about `e`, without Rust's ` (os error N)`, as gcc prints it
/// (`No such file or directory`).
pub fn os_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_string(),
        _ => text,
    }
}

/// `file:line:col: error: message`, gcc's first line of a diagnostic.
pub fn format_diagnostic(d: &LocatedDiagnostic) -> String {
    let Location { file, line, col, .. } = &d.location;
    format!("{file}:{line}:{col}: {}", d.value)
}
