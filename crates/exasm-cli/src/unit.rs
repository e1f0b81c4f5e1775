//! One translation unit through the whole pipeline: front end, validation, allocation, and
//! lowering to asm-free C plus thunk assembly.

use exasm_cfront::{AsmSite, Analysis, Encoding, Linkage, Located};
use exasm_core::constraint::Constraint;
use exasm_core::diag::{Diagnostic, Span};
use exasm_core::facts::{ConstValue, HomeBase, MemHome, OperandFacts, TlsModel};
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{solve, Allocation};
use exasm_core::target::Target;
use exasm_core::validate::{gcc_reported, validate, Stage, Validated};
use crate::cscan::template_symbols;
use crate::markers::{self, Marker};
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
    pub validated: Validated<'a>,
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
    let exported = Exports::find(text, analysis, target, "", CCompiler::Gcc);
    // `gcc -fsyntax-only` stops after the front end: no gimplification, no expansion.
    let reported_by_gcc = if syntax_only { analysis.front_end_diagnostics } else { analysis.diagnostics.len() };
    let mut diags: Vec<LocatedDiagnostic> = analysis.diagnostics[..reported_by_gcc].to_vec();
    let validated: Vec<Validated> = analysis.statements.iter().map(|site| validate(&site.stmt, target)).collect();
    // After any front-end error gcc expands no function at all: later stages report nothing,
    // in any statement.
    let front_failed = analysis.has_errors() || validated.iter().flat_map(|v| &v.diagnostics).any(|d| d.stage == Stage::FrontEnd && d.diagnostic.is_error());
    // A register variable gcc refuses becomes an ordinary variable for its statements.
    let mut refused_registers = Vec::new();
    if !front_failed && !syntax_only {
        for (r, d) in register_variable_errors(analysis, target) {
            refused_registers.push((r.function.as_deref(), r.name.as_str()));
            diags.push(d);
        }
    }
    let mut out = Vec::new();
    // The function (its body's start) where gcc reported its first error past the front end.
    // gcc compiles one function after the other, and once an error is out it skips the passes
    // after expansion (`pass_rest_of_compilation` is gated on `seen_error ()`) for every later
    // function: their statements get the expander's warnings, and none of the errors of
    // register allocation ("impossible constraint", "operand has impossible constraints",
    // "inconsistent operand constraints") or of the output stage ("invalid 'asm': ...").
    let mut first_error_in: Option<Option<u32>> = None;
    for (n, (site, v)) in analysis.statements.iter().zip(validated).enumerate() {
        let at = |d: Diagnostic| Located { location: site.location.clone(), value: d };
        // Dead code for gcc (`AsmSite::dead_under`, `AsmSite::constant_guard`), or deleted as it
        // optimizes (`AsmSite::outputs_unused`): only its front end sees the statement.
        let dead = dead_for_gcc(site, target);
        let function = site.function_body.map(|(b, _)| b.start);
        let expansion_only = first_error_in.is_some_and(|f| f != function);
        let mut reported: Vec<Diagnostic> = if front_failed || syntax_only || dead {
            v.diagnostics.iter().filter(|d| d.stage == Stage::FrontEnd).map(|d| d.diagnostic.clone()).collect()
        } else if expansion_only {
            let expanded: Vec<_> = v.diagnostics.iter().filter(|d| d.stage != Stage::Output).cloned().collect();
            gcc_reported(&expanded)
        } else {
            gcc_reported(&v.diagnostics)
        };
        let mut allocation = None;
        let mut rendered = None;
        let keeps_address = template_keeps_addresses(&site.stmt.template.value);
        let mut facts: Vec<OperandFacts> = site.operands.iter().map(|o| exported.adjust(thunk_view(o, &o.facts, keeps_address, target))).collect();
        for f in facts.iter_mut().filter(|f| f.fixed_reg.is_some()) {
            if f.var_name.as_deref().is_some_and(|n| refused_registers.contains(&(site.function.as_deref(), n))) {
                f.fixed_reg = None;
            }
        }
        let mut reusable = None;
        if !front_failed && !syntax_only && !dead && !v.has_errors() && complex_goto_output(site, &v) {
            reported.push(Diagnostic { severity: exasm_core::diag::Severity::Sorry, message: "'asm goto' with complex typed outputs".into(), span: site.stmt.keyword.span });
        }
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
                    // Decoded only when it can matter (it is rare that it can).
                    let only_constants = || Constraint::decode_input(&o.constraint.value).is_ok_and(|c| c.alternatives.iter().all(|a| !a.allows_reg() && !a.allows_mem() && a.tie.is_none()));
                    if f.constant.is_none() && g.constant.is_some() && only_constants() {
                        f.constant = g.constant.clone();
                    }
                }
                match solve(&v, &gcc_facts, target, RegSet::EMPTY) {
                    Ok(a) => {
                        if gcc_facts == facts {
                            reusable = Some(a.clone());
                        }
                        let r = render(&v, &a, &gcc_facts, target, &RenderOptions { unique: n as u64, label: &|k| format!(".L{}", site.stmt.labels[k].value) });
                        if !expansion_only {
                            reported.extend(r.diagnostics.iter().cloned());
                        }
                        if !r.has_errors() {
                            rendered = Some(r.text);
                        }
                        allocation = Some(a);
                    }
                    // The "probably does not match" warnings are the expander's.
                    Err(d) => reported.extend(d.into_iter().filter(|d| !expansion_only || !d.is_error())),
                }
            }
        }
        if !compiled(site, target) {
            reported.retain(|d| !d.is_error() || v.diagnostics.iter().any(|s| s.stage == Stage::FrontEnd && s.diagnostic == *d));
        }
        let front_end = |d: &Diagnostic| v.diagnostics.iter().any(|s| s.stage == Stage::FrontEnd && s.diagnostic == *d);
        if first_error_in.is_none() && reported.iter().any(|d| d.is_error() && !front_end(d)) {
            first_error_in = Some(function);
        }
        diags.extend(reported.into_iter().map(at));
        out.push(Explained { site, validated: v, allocation, rendered, facts, reusable });
    }
    diags.sort_by(|a, b| (a.location.file.as_str(), a.location.line, a.location.col).cmp(&(b.location.file.as_str(), b.location.line, b.location.col)));
    diags.dedup();
    (out, diags)
}

/// gcc 12's complex lowering, which runs over a function that does complex arithmetic, cannot
/// split an asm goto's complex output that lives in registers (a local variable whose address
/// does not escape, under a constraint that allows a register): "sorry, unimplemented".
fn complex_goto_output(site: &AsmSite, v: &Validated) -> bool {
    site.function_complex_arithmetic
        && site.stmt.outputs.iter().enumerate().any(|(i, _)| {
            let local = site.operands.get(i).is_some_and(|o| o.complex && o.frame_var.as_ref().is_some_and(|f| !f.escapes));
            local && v.operands[i].constraint.as_ref().is_some_and(|c| c.alternatives.iter().any(|a| a.allows_reg()))
        })
}

/// The statement is dead code for gcc: in a branch of a `__builtin_constant_p` test gcc folds
/// away (to 0 for a variable; when optimizing, to 1 where every call passes the same
/// constant), or deleted as gcc optimizes.
pub fn dead_for_gcc(site: &AsmSite, target: &Target) -> bool {
    let in_dead_branch = match folded_to_one(site, target) {
        Some((_, runs)) => !runs,
        None => site.dead_under.is_some(),
    };
    in_dead_branch || deleted(site, target)
}

/// When optimizing, gcc folds the statement's `__builtin_constant_p` test to 1
/// (`AsmSite::constant_guard`): the test, and whether the statement runs then.
pub fn folded_to_one(site: &AsmSite, target: &Target) -> Option<(Span, bool)> {
    site.constant_guard.filter(|_| target.optimize)
}

/// gcc deletes the statement before expanding it: its outputs are never read and it is not
/// volatile, and gcc optimizes.
pub fn deleted(site: &AsmSite, target: &Target) -> bool {
    target.optimize && site.outputs_unused
}

/// Does gcc compile the function holding the statement?
fn compiled(site: &AsmSite, target: &Target) -> bool {
    if inline_only(site, target) {
        // gcc compiles it only where it inlines it: when optimizing, into its callers.
        return target.optimize && site.function_is_referenced;
    }
    function_compiled(site.function_is_static_inline && !external_inline(site, target), site.function_is_static, site.function_is_referenced, target)
}

/// GNU89 inline rules hold for the statement's function (`-std=gnu89` and the like, or
/// `__attribute__((gnu_inline))`).
fn gnu_inline(site: &AsmSite, target: &Target) -> bool {
    target.gnu89_inline || site.function_gnu_inline
}

/// An `inline` function that is neither `static` nor an external definition: C99's plain
/// `inline`, GNU89's `extern inline`. gcc never emits it on its own.
fn inline_only(site: &AsmSite, target: &Target) -> bool {
    site.function_is_static_inline && !site.function_is_static && site.function_is_extern == gnu_inline(site, target)
}

/// An `inline` function gcc emits as an external definition, compiled whether used or not:
/// C99's `extern inline`, GNU89's plain `inline`.
fn external_inline(site: &AsmSite, target: &Target) -> bool {
    site.function_is_static_inline && !site.function_is_static && site.function_is_extern != gnu_inline(site, target)
}

/// Nothing can call the statement's function (`AsmSite::function_never_called`, which reads
/// a plain `inline` definition by C99 rules: under `-std=gnu89` it is external).
pub fn never_called(site: &AsmSite, target: &Target) -> bool {
    site.function_never_called && !external_inline(site, target)
}

/// Does gcc compile a function? An `inline` function only when it is used; a `static` one when
/// it is used, and without optimization always.
fn function_compiled(is_inline: bool, is_static: bool, referenced: bool, target: &Target) -> bool {
    if is_inline {
        referenced
    } else if is_static {
        referenced || !target.optimize
    } else {
        true
    }
}

/// gcc's errors about register variables whose register cannot hold their type on the target
/// ("the register specified for 'v' cannot be accessed by the current target"), raised as it
/// compiles each function: at -O0 for every one declared, when optimizing for those an asm
/// statement uses (gcc drops most others before it looks at their register).
fn register_variable_errors<'a>(analysis: &'a Analysis, target: &Target) -> Vec<(&'a exasm_cfront::RegisterVar, LocatedDiagnostic)> {
    let mut out = Vec::new();
    for r in &analysis.register_vars {
        if !function_compiled(r.function_is_static_inline, r.function_is_static, r.function_is_referenced, target) || target.optimize && !r.asm_operand {
            continue;
        }
        let mode = exasm_core::regvar::VarMode::of(r.kind, r.size, r.complex, target);
        if let Err(message) = exasm_core::regvar::check(&r.spec, &r.name, mode, target) {
            out.push((r, Located { location: r.location.clone(), value: Diagnostic::error(r.span, message) }));
        }
    }
    out
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

/// Makes the labels a template defines that the C side declares (`extern char lbl;` next to
/// `lbl:` in the asm) reachable from the C object, as gcc's single object reaches them: global
/// and hidden. Labels the C side does not name stay local, as in gcc's object (two units may
/// define the same one).
fn export_labels(template: &str, basic: bool, text: &str, analysis: &Analysis, target: &Target) -> String {
    let symbols = template_symbols(template, basic, target.dialect);
    let mut extra = String::new();
    for name in symbols.defined.iter().filter(|n| !symbols.global.contains(n)) {
        let c_side = analysis.file_scope_name(text, name);
        if c_side.declared && !c_side.is_static {
            let _ = writeln!(extra, "\t.globl {name}\n\t.hidden {name}");
        }
    }
    extra
}

/// The compiler the lowered C is for, and what it takes of GNU C besides the C that asm
/// statements become.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CCompiler {
    /// gcc (and compilers that take its extensions): asm labels, `alias` to a static, and
    /// preprocessed input (`-x cpp-output`), so the lowered C needs no macro.
    Gcc,
    /// tcc: asm labels, but no `alias` to a static (it ignores it).
    Tcc,
    /// chibicc: neither.
    Chibicc,
}

impl CCompiler {
    /// The compiler a command names (`chibicc`, `/usr/bin/tcc`, `x86_64-linux-gnu-gcc-12`):
    /// gcc unless the name says chibicc or tcc.
    pub fn of(command: &str) -> CCompiler {
        let name = std::path::Path::new(command).file_name().and_then(|n| n.to_str()).unwrap_or(command);
        if name.contains("chibicc") {
            CCompiler::Chibicc
        } else if name.contains("tcc") {
            CCompiler::Tcc
        } else {
            CCompiler::Gcc
        }
    }

    /// Does it take `int f(void) __asm__("g");`?
    fn keeps_asm_labels(self) -> bool {
        self != CCompiler::Chibicc
    }
}

/// Lowers a preprocessed translation unit for `compiler`. With errors (gcc's, or what exasm
/// cannot lower), `Err` holds every diagnostic to print, warnings included, in order.
///
/// The lowered C keeps the text's line markers (a replaced statement that held some is followed
/// by one that puts the next line back where it was); exasm's declarations come right after
/// the marker that starts the main file, so what a compiler says about them names the user's
/// file. For gcc it needs no preprocessing (asm labels and statics stay as written; a static
/// the thunks name gets a hidden global alias): it compiles as `-x cpp-output`, exactly as
/// gcc's own preprocessed input. [`markers::standard_directives`] makes it plain C.
pub fn lower(text: &str, file_name: &str, analysis: &Analysis, target: &Target, compiler: CCompiler, with_rust: bool, syntax_only: bool) -> Result<Lowered, Vec<LocatedDiagnostic>> {
    let (explained, diags) = explain(text, analysis, target, syntax_only);
    if diags.iter().any(|d| d.value.is_error()) {
        return Err(diags);
    }
    let mut warnings = diags;
    let id = unit_hash(text, file_name);
    let exported = Exports::find(text, analysis, target, &id, compiler);
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
        } else if !is_register && compiler.keeps_asm_labels() {
            // The compiler takes the label itself: every declaration keeps its own.
            continue;
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
    let naked = lower_naked(text, analysis, &explained, target, &id);
    edits.extend(naked.edits);
    defines.push_str(&naked.defines);
    s.push_str(&naked.asm);
    if !naked.asm.is_empty() {
        rust_globals.push(naked.asm.clone());
    }
    warnings.extend(naked.warnings);
    failures.extend(naked.failures);
    for (n, e) in explained.iter().enumerate() {
        let site = e.site;
        let span = site.stmt_span_with_semicolon;
        if site.function_is_naked {
            continue;
        }
        if site.file_scope {
            let exports = export_labels(&site.stmt.template.value, true, text, analysis, target);
            let _ = writeln!(s, "#APP\n{}\n#NO_APP", site.stmt.template.value);
            s.push_str(&exports);
            rust_globals.push(format!("{}\n{exports}", site.stmt.template.value));
            edits.push((span.start as usize, span.end as usize, String::new()));
            continue;
        }
        if let Some((guard, runs)) = folded_to_one(site, target) {
            // gcc folds the test to 1 (every call passes the same constant): so does the
            // lowered C, and the branch for a variable is dead. The parameter stays named: the
            // thunk takes its value as a constant, and -Wunused-parameter would warn.
            let call = &text[guard.start as usize..guard.end as usize];
            let arg = call.find('(').zip(call.rfind(')')).map_or("0", |(a, b)| &call[a + 1..b.max(a + 1)]);
            edits.push((guard.start as usize, guard.end as usize, format!("((void)({}), 1)", exasm_cfront::one_line(arg))));
            if !runs {
                edits.push((span.start as usize, span.end as usize, "{}".into()));
                continue;
            }
        } else if let Some(guard) = site.dead_under {
            // gcc never compiles it: the test becomes the 0 gcc folds it to, the statement
            // an empty block (`;` would be an empty `else` body, which -Wextra warns about),
            // and the compiler of the lowered C takes the other branch as gcc does.
            edits.push((guard.start as usize, guard.end as usize, "0".into()));
            edits.push((span.start as usize, span.end as usize, "{}".into()));
            continue;
        }
        if deleted(site, target) {
            // The program never runs it: each output stays named (no new "unused variable"),
            // each input is evaluated for its side effects, as gcc keeps them.
            let outputs = site.stmt.outputs.iter().map(|o| format!(" (void)&{};", o.expr.value.trim()));
            let inputs = site.stmt.inputs.iter().map(|i| format!(" (void)({});", exasm_cfront::one_line(&i.expr.value)));
            let named: String = outputs.chain(inputs).collect();
            edits.push((span.start as usize, span.end as usize, format!("{{{named} }}")));
            continue;
        }
        let symbol = format!("__exasm_{id}_{n}");
        let operands: Vec<COperand> = site.stmt.outputs.iter().chain(&site.stmt.inputs).zip(&site.operands).zip(&e.facts).map(|((o, info), lowered)| COperand {
                // A macro's expansion leaves line markers in the text; the call is one line.
                expr: exasm_cfront::one_line(&o.expr.value),
                c_type: info.c_type.clone(),
                frame_object: frame_object(info, lowered),
            }).collect();
        let exports = export_labels(&site.stmt.template.value, site.stmt.is_basic(), text, analysis, target);
        // Untyped operands (a declaration they need did not parse) have no facts to lower
        // from; in a function gcc never compiles, that is no error (see below).
        let result = match &site.untyped {
            Some(why) => Err(vec![Diagnostic::error(site.stmt.keyword.span, format!("exasm could not type the operands: {why}"))]),
            None => lower_statement_from(&Request { validated: &e.validated, operands: &operands, facts: &e.facts, target, symbol: &symbol, unique: n as u64 }, e.reusable.clone()),
        };
        match result {
            Ok(th) => {
                if with_rust {
                    let req = Request { validated: &e.validated, operands: &operands, facts: &e.facts, target, symbol: &symbol, unique: n as u64 };
                    match rust_thunk_from(&req, e.reusable.clone()) {
                        Ok(r) => rust_fns.push(r),
                        Err(d) => failures.extend(d.into_iter().map(|d| Located { location: site.location.clone(), value: d })),
                    }
                    if !exports.is_empty() {
                        rust_globals.push(exports.clone());
                    }
                }
                decls.push_str(&th.c_decls);
                s.push_str(&th.asm);
                s.push_str(&exports);
                let at_lines: Vec<(String, usize)> = site
                    .stmt
                    .outputs
                    .iter()
                    .chain(&site.stmt.inputs)
                    .zip(&operands)
                    .map(|(o, c)| (c.expr.clone(), text[span.start as usize..(o.expr.span.start as usize).max(span.start as usize)].matches('\n').count()))
                    .collect();
                let block = if markers::resync(text, span.start as usize, span.end as usize).is_some() { th.c_call.replace('\n', " ") } else { spread(&th.c_call, &at_lines) };
                edits.push((span.start as usize, span.end as usize, block));
            }
            // Under -fsyntax-only nothing runs: the compiler checks the C around a trap. A
            // function nothing can call keeps its C valid with a trap that never runs;
            // anywhere else the statement is an error.
            Err(d) if syntax_only || never_called(site, target) => {
                let why = d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ");
                if !syntax_only {
                    let f = site.function.as_deref().unwrap_or("");
                    warnings.push(Located { location: site.location.clone(), value: Diagnostic::warning(site.stmt.keyword.span, format!("{why} (in '{f}', which nothing calls: lowered to a trap)")) });
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
        warnings.extend(failures);
        warnings.sort_by(|a, b| (a.location.file.as_str(), a.location.line, a.location.col).cmp(&(b.location.file.as_str(), b.location.line, b.location.col)));
        return Err(warnings);
    }
    // exasm's declarations, where the main file starts (then the main file starts again): the
    // first line stays gcc's first marker, which names the main file.
    let header = format!("/* Lowered by exasm from {file_name}: no inline asm is left. */\n{defines}{decls}");
    match main_file_start(text) {
        Some((at, marker)) => edits.insert(0, (at, at, format!("{header}{marker}\n"))),
        None => {
            let marker = Marker { line: 1, file: &file_name.replace('\\', "\\\\").replace('"', "\\\""), flags: Vec::new() }.to_string();
            edits.insert(0, (0, 0, format!("{marker}\n{header}{marker}\n")));
        }
    }
    // Apply the edits in one pass; each keeps the line count of what it replaces (or puts the
    // lines back with a marker), so the compiler's line numbers stay right.
    edits.sort_by_key(|e| e.0);
    let mut rewritten: Vec<u8> = Vec::with_capacity(c.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut at = 0;
    for (start, end, with) in edits {
        if start < at {
            continue;
        }
        rewritten.extend_from_slice(&c[at..start]);
        rewritten.extend_from_slice(with.as_bytes());
        match markers::resync(text, start, end) {
            Some(m) => rewritten.extend_from_slice(format!("\n{m}\n").as_bytes()),
            None => {
                let lines = c[start..end].iter().filter(|&&b| b == b'\n').count();
                rewritten.extend(std::iter::repeat_n(b'\n', lines.saturating_sub(with.matches('\n').count())));
            }
        }
        at = end;
    }
    rewritten.extend_from_slice(&c[at..]);
    if !rewritten.ends_with(b"\n") {
        rewritten.push(b'\n');
    }
    rewritten.extend_from_slice(exported.aliases.as_bytes());
    let out_c = String::from_utf8_lossy(&rewritten).into_owned();
    s.push_str("\t.section .note.GNU-stack,\"\",@progbits\n");
    let header = format!("# Thunks generated by exasm for {file_name}\n");
    let rs = with_rust.then(|| rust_file(file_name, &rust_fns, &rust_globals, false));
    // Every statement's explanation is done with; freeing them one by one is ~4% of lowering
    // an asm-dense unit, and the process ends soon after.
    std::mem::forget(explained);
    Ok(Lowered { c: out_c, s: header + &s, warnings, rs })
}

/// What [`lower_naked`] makes of a unit's naked functions.
struct Naked {
    /// C edits: each body becomes `;` (a declaration), `__attribute__((naked))` goes.
    edits: Vec<(usize, usize, String)>,
    /// `#define`s renaming static naked functions to their unit-unique global name.
    defines: String,
    /// The functions, whole.
    asm: String,
    warnings: Vec<LocatedDiagnostic>,
    failures: Vec<LocatedDiagnostic>,
}

/// `__attribute__((naked))` functions, emitted whole in the thunk file (`exasm_lower::naked`).
/// gcc 12 accepts any asm there, but supports only basic asm; exasm takes basic asm and
/// extended asm whose operands are immediates (nothing to put anywhere: there is no frame and
/// no glue), and a body of nothing but asm statements. Anything else is an error, unless
/// nothing can call the function: then its body is a trap that never runs.
fn lower_naked(text: &str, analysis: &Analysis, explained: &[Explained], target: &Target, id: &str) -> Naked {
    use exasm_core::solve::Location as Loc;
    let mut out = Naked { edits: Vec::new(), defines: String::new(), asm: String::new(), warnings: Vec::new(), failures: Vec::new() };
    let mut functions: Vec<(Span, usize, Vec<&Explained>)> = Vec::new();
    for e in explained.iter().filter(|e| e.site.function_is_naked) {
        let Some((body, item_start)) = e.site.function_body else { continue };
        match functions.last_mut() {
            Some(f) if f.0 == body => f.2.push(e),
            _ => functions.push((body, item_start, vec![e])),
        }
    }
    for (body, item_start, statements) in functions {
        let first = statements[0].site;
        let name = first.function.clone().unwrap_or_default();
        let at = |site: &AsmSite, why: String| Located { location: site.location.clone(), value: Diagnostic::error(site.stmt.keyword.span, why) };
        let mut problems = Vec::new();
        let mut templates = Vec::new();
        for e in &statements {
            let site = e.site;
            if site.stmt.is_basic() {
                templates.push(site.stmt.template.value.clone());
                continue;
            }
            let only_immediates = e.allocation.as_ref().is_some_and(|a| a.locations.iter().all(|l| matches!(l, Loc::Imm(_))));
            match (&e.rendered, only_immediates && site.stmt.labels.is_empty()) {
                (Some(r), true) => templates.push(r.clone()),
                _ => problems.push(at(site, format!("exasm cannot lower this statement in naked function '{name}': only basic asm, or operands that are immediates (a naked function has no frame to put an operand anywhere; gcc supports only basic asm there)"))),
            }
        }
        // Nothing but the statements (and empty statements, line markers) between the braces.
        let (open, close) = (body.start as usize + 1, body.end as usize - 1);
        let mut rest = String::new();
        let mut k = open;
        for e in &statements {
            let sp = e.site.stmt_span_with_semicolon;
            rest.push_str(&text[k..(sp.start as usize).max(k)]);
            k = (sp.end as usize).max(k);
        }
        rest.push_str(&text[k.min(close)..close]);
        let c_code = rest.lines().any(|l| !l.trim_start().starts_with('#') && l.chars().any(|c| !c.is_whitespace() && c != ';'));
        if c_code {
            problems.push(at(first, format!("exasm cannot lower naked function '{name}': its body holds C code besides asm statements (a naked function has no frame for it; gcc supports only basic asm there)")));
        }
        // The C side declares the function.
        out.edits.push((body.start as usize, body.end as usize, ";".to_string()));
        let header = &text[item_start..body.start as usize];
        for (a, b) in exasm_lower::naked::naked_attribute_groups(header) {
            out.edits.push((item_start + a, item_start + b, String::new()));
        }
        if !problems.is_empty() {
            if !never_called(first, target) {
                out.failures.extend(problems);
                continue;
            }
            // Defined as a trap that never runs: a renamed static is still named in the thunk
            // file (`.set`).
            let why = problems.iter().map(|d| d.value.message.clone()).collect::<Vec<_>>().join("; ");
            out.warnings.push(Located { location: first.location.clone(), value: Diagnostic::warning(first.stmt.keyword.span, format!("{why} (in '{name}', which nothing calls: lowered to a trap)")) });
            templates.clear();
        }
        let declared = analysis.file_scope_name(text, &name);
        let (symbol, linkage) = if declared.is_static {
            // Defined under a unit-unique hidden name: the C object, compiled apart, must
            // reach it. The C side declares that name (`static` dropped, the name renamed).
            let _ = writeln!(out.defines, "#define {name} __exasm_{id}_{name}");
            for &(a, b) in &declared.storage_keywords {
                if &text[a..b] == "static" {
                    out.edits.push((a, b, String::new()));
                }
            }
            (format!("__exasm_{id}_{name}"), exasm_lower::naked::Linkage { global: true, weak: false, visibility: Some("hidden".into()), ..exasm_lower::naked::header_linkage(header) })
        } else {
            let label = analysis.asm_labels.iter().find(|l| l.c_name == name && l.declaration.is_some());
            (label.map_or(name.clone(), |l| l.asm_name.clone()), exasm_lower::naked::header_linkage(header))
        };
        out.asm.push_str(&exasm_lower::naked::naked_function(&symbol, &linkage, &templates, target.dialect == exasm_core::template::Dialect::Intel));
        // `alias("name")` declarations: the C side only declares the function now, and gcc
        // takes no alias of an undefined symbol; the alias is defined beside it (a `static`
        // one under a unit-unique hidden name, as the function).
        for a in exasm_lower::naked::aliases_of(text, &name) {
            out.edits.push((a.attribute.0, a.attribute.1, String::new()));
            let mut linkage = a.linkage.clone();
            let alias = if a.statics.is_empty() {
                a.name.clone()
            } else {
                out.edits.extend(a.statics.iter().map(|&(s, e)| (s, e, String::new())));
                let _ = writeln!(out.defines, "#define {} __exasm_{id}_{}", a.name, a.name);
                linkage.global = true;
                linkage.visibility = Some("hidden".into());
                format!("__exasm_{id}_{}", a.name)
            };
            out.asm.push_str(&exasm_lower::naked::alias_definition(&alias, &symbol, &linkage));
        }
    }
    out
}

/// The replacement block laid over the statement's lines: each line of it that evaluates an
/// operand starts on that operand's line (as far as going down allows), so what the compiler
/// says about an operand names its line, as gcc does. `operands`: each operand's expression and
/// its line, counted from the statement's first.
fn spread(block: &str, operands: &[(String, usize)]) -> String {
    let mut out = String::with_capacity(block.len() + 8);
    let mut line = 0;
    for (k, part) in block.lines().enumerate() {
        let at = operands.iter().find(|(e, _)| !e.is_empty() && part.contains(&format!("({e})"))).map(|(_, l)| *l);
        match at {
            Some(l) if l > line => {
                out.extend(std::iter::repeat_n('\n', l - line));
                line = l;
            }
            _ if k > 0 => out.push(' '),
            _ => {}
        }
        out.push_str(part);
    }
    out
}

/// Where the main file's text starts: the offset after gcc's marker `# 1 "main.c"` (the first
/// marker names the main file: `# 0 "main.c"`), and that marker.
fn main_file_start(text: &str) -> Option<(usize, String)> {
    let first = Marker::parse(text.lines().next()?)?;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if let Some(m) = Marker::parse(line.trim_end_matches('\n')) {
            if m.line == 1 && m.file == first.file && m.flags.is_empty() {
                return Some((at, m.to_string()));
            }
        }
    }
    None
}

/// File-scope names the thunks must reach: `static` objects and functions named by symbol
/// operands or template operands are given a global hidden name, unique to the unit (equated to
/// the original name inside the thunk object). For gcc that name is an alias (the static stays
/// as written: inlined, local to its unit); for the others the static is made global under it
/// (`static` dropped, the name defined as a macro). Functions defined here bind locally.
struct Exports {
    edits: Vec<(usize, usize)>,
    defines: String,
    /// Alias declarations, for the end of the unit.
    aliases: String,
    asm: String,
    local_functions: Vec<String>,
}

impl Exports {
    fn find(text: &str, analysis: &Analysis, target: &Target, id: &str, compiler: CCompiler) -> Exports {
        let mut names: Vec<String> = Vec::new();
        for site in &analysis.statements {
            names.extend(template_symbols(&site.stmt.template.value, site.stmt.is_basic(), target.dialect).used);
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
        let mut e = Exports { edits: Vec::new(), defines: String::new(), aliases: String::new(), asm: String::new(), local_functions: Vec::new() };
        for name in names {
            let found = analysis.file_scope_name(text, &name);
            if found.is_static {
                let global = format!("__exasm_{id}_{name}");
                if compiler == CCompiler::Gcc {
                    let _ = writeln!(e.aliases, "extern __typeof__({name}) {global} __attribute__((__alias__(\"{name}\"), __visibility__(\"hidden\")));");
                } else {
                    e.edits.extend(found.storage_keywords);
                    let _ = writeln!(e.defines, "#define {name} {global}");
                }
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
pub fn lower_and_report(text: &str, file_name: &str, analysis: &Analysis, target: &Target, compiler: CCompiler, with_rust: bool, syntax_only: bool) -> Result<Lowered, u8> {
    let unit = crate::report::Unit::new(text, analysis);
    // rustc saves only the ABI's callee-saved registers around a Rust thunk.
    let made_call_saved = target.call_saved().minus(Target::default().call_saved());
    if with_rust && !made_call_saved.is_empty() && !analysis.statements.is_empty() {
        let names: Vec<String> = made_call_saved.iter().map(|r| r.to_string()).collect();
        crate::report::error(format!("Rust thunks cannot keep registers made call-saved (-fcall-saved-{}); use the gas backend", names.join(", -fcall-saved-")));
        return Err(2);
    }
    match lower(text, file_name, analysis, target, compiler, with_rust, syntax_only) {
        Ok(l) => {
            unit.print(&l.warnings);
            Ok(l)
        }
        Err(diags) => {
            unit.print(&diags);
            Err(1)
        }
    }
}
