//! One C translation unit with GCC extended asm through the whole pipeline: the front end's
//! analysis, validation, allocation, rendering, and lowering to asm-free C plus thunks (GNU as
//! or Rust).
//!
//! This is what `exasm explain`, `exasm lower` and `exasm cc` do to a preprocessed file, as a
//! library: [`explain`] decodes, allocates and renders every statement with the diagnostics gcc
//! would print; [`lower`] turns the unit into [`Lowered`] (C, thunk assembly, optionally a Rust
//! file) or the diagnostics that stop it; [`encode`] puts the C back in the source's encoding.
//! Input is the preprocessed text and its [`exasm_cfront::Analysis`].
//!
//! [`lower`] explains and lowers one statement after the other, dropping each explanation once
//! its thunk is made: no explanation of the whole unit is ever alive. A statement's explanation
//! depends on the unit only through what is gathered first (a front-end failure, refused
//! register variables, the names exported to thunks) and, for which diagnostics gcc prints,
//! on whether an earlier function had an error (gcc's first-error rule). For example:
//!
//! ```no_run
//! let pre = exasm_cfront::preprocess(std::path::Path::new("x.c"), &exasm_cfront::Options::default()).unwrap();
//! let analysis = exasm_cfront::analyze(&pre.text, "x.c");
//! let target = exasm_core::target::Target::default();
//! match exasm_unit::lower(&pre.text, "x.c", &analysis, &target, exasm_unit::CCompiler::Gcc, false, false) {
//!     Ok(lowered) => print!("{}", lowered.c),
//!     Err(diagnostics) => eprintln!("{} diagnostics", diagnostics.len()),
//! }
//! ```

pub mod compilers;
mod cscan;
mod file;
pub mod gccflags;
pub mod markers;
pub mod options;
pub mod report;

pub use exasm_cfront::FrontError;
pub use file::{Backend, Error, Options, Preprocessor, Unit};

use exasm_cfront::{AsmSite, Analysis, Encoding, Linkage, Located};
use exasm_core::constraint::Constraint;
use exasm_core::diag::{Diagnostic, Span};
use exasm_core::facts::{ConstValue, HomeBase, MemHome, OperandFacts, TlsModel};
use exasm_core::regs::RegSet;
use exasm_core::render::{render, RenderOptions};
use exasm_core::solve::{solve, Allocation};
use exasm_core::target::Target;
use exasm_core::validate::{gcc_reported, validate, Stage, Validated};
use crate::cscan::{template_symbols, TemplateSymbols};
use crate::markers::Marker;
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
    /// Whether [`Explained::allocation`] was made from exactly these facts (so lowering can
    /// start from it).
    allocation_reusable: bool,
}

impl Explained<'_> {
    /// [`Explained::allocation`], when it was made from exactly [`Explained::facts`] (so
    /// lowering can start from it).
    pub fn reusable(&self) -> Option<&Allocation> {
        self.allocation.as_ref().filter(|_| self.allocation_reusable)
    }
}

/// Decodes, allocates and renders every statement; returns them with every diagnostic gcc
/// would print (C-level, then per statement), in source order.
pub fn explain<'a>(text: &str, analysis: &'a Analysis, target: &Target, syntax_only: bool) -> (Vec<Explained<'a>>, Vec<LocatedDiagnostic>) {
    explain_with(analysis, target, syntax_only, &Exports::find(text, analysis, target, "", CCompiler::Gcc))
}

/// [`explain`] with the unit's exports already found (they say which functions bind locally).
fn explain_with<'a>(analysis: &'a Analysis, target: &Target, syntax_only: bool, exported: &Exports) -> (Vec<Explained<'a>>, Vec<LocatedDiagnostic>) {
    let (explainer, validated, mut diags) = Explainer::new(analysis, target, syntax_only, exported);
    let mut first_error = FirstError::default();
    let out = analysis
        .statements
        .iter()
        .zip(validated)
        .enumerate()
        .map(|(n, (site, v))| {
            let (e, d) = explainer.explain(n, site, v);
            diags.extend(first_error.report(d));
            e
        })
        .collect();
    sort_diagnostics(&mut diags);
    (out, diags)
}

/// Diagnostics in source order, without repeats.
fn sort_diagnostics(diags: &mut Vec<LocatedDiagnostic>) {
    diags.sort_by(|a, b| (a.location.file.as_str(), a.location.line, a.location.col).cmp(&(b.location.file.as_str(), b.location.line, b.location.col)));
    diags.dedup();
}

/// What explaining one statement needs to know of the whole unit: each statement is then
/// explained on its own ([`Explainer::explain`]); only which of its diagnostics gcc prints
/// depends on the statements before it ([`FirstError`]).
struct Explainer<'a, 'e> {
    target: &'e Target,
    syntax_only: bool,
    exported: &'e Exports,
    /// After any front-end error gcc expands no function at all: later stages report nothing,
    /// in any statement.
    front_failed: bool,
    /// Register variables gcc refuses (function, name): ordinary variables for their statements.
    refused_registers: Vec<(Option<&'a str>, &'a str)>,
}

impl<'a, 'e> Explainer<'a, 'e> {
    /// The explainer of `analysis`, every statement validated (in order), and the unit's own
    /// diagnostics (C-level; register variables).
    fn new(analysis: &'a Analysis, target: &'e Target, syntax_only: bool, exported: &'e Exports) -> (Self, Vec<Validated<'a>>, Vec<LocatedDiagnostic>) {
        // `gcc -fsyntax-only` stops after the front end: no gimplification, no expansion.
        let reported_by_gcc = if syntax_only { analysis.front_end_diagnostics } else { analysis.diagnostics.len() };
        let mut diags: Vec<LocatedDiagnostic> = analysis.diagnostics[..reported_by_gcc].to_vec();
        let validated: Vec<Validated> = analysis.statements.iter().map(|site| validate(&site.stmt, target)).collect();
        let front_failed = analysis.has_errors() || validated.iter().flat_map(|v| &v.diagnostics).any(|d| d.stage == Stage::FrontEnd && d.diagnostic.is_error());
        let mut refused_registers = Vec::new();
        if !front_failed && !syntax_only {
            for (r, d) in register_variable_errors(analysis, target) {
                refused_registers.push((r.function.as_deref(), r.name.as_str()));
                diags.push(d);
            }
        }
        (Explainer { target, syntax_only, exported, front_failed, refused_registers }, validated, diags)
    }

    /// Statement `n` (`site`, validated as `v`): decoded, allocated and rendered, with the
    /// diagnostics gcc would print about it ([`Reported`]: which depend on the statements
    /// before it).
    fn explain(&self, n: usize, site: &'a AsmSite, v: Validated<'a>) -> (Explained<'a>, Reported) {
        let target = self.target;
        // Dead code for gcc (`AsmSite::dead_under`, `AsmSite::constant_guard`), or deleted as it
        // optimizes (`AsmSite::outputs_unused`): only its front end sees the statement.
        let dead = dead_for_gcc(site, target);
        // `reported` is what gcc reports while no function before has had an error past the
        // front end; `after_error` what it reports after one, in another function (see
        // `Reported`): the errors of register allocation and of the output stage go.
        let (mut reported, mut after_error): (Vec<Diagnostic>, Vec<Diagnostic>) = if self.front_failed || self.syntax_only || dead {
            let front: Vec<Diagnostic> = v.diagnostics.iter().filter(|d| d.stage == Stage::FrontEnd).map(|d| d.diagnostic.clone()).collect();
            (front.clone(), front)
        } else {
            let expanded: Vec<_> = v.diagnostics.iter().filter(|d| d.stage != Stage::Output).cloned().collect();
            (gcc_reported(&v.diagnostics), gcc_reported(&expanded))
        };
        let mut allocation = None;
        let mut rendered = None;
        let keeps_address = template_keeps_addresses(&site.stmt.template.value);
        let mut facts: Vec<OperandFacts> = site.operands.iter().map(|o| self.exported.adjust(thunk_view(o, &o.facts, keeps_address, target))).collect();
        for f in facts.iter_mut().filter(|f| f.fixed_reg.is_some()) {
            if f.var_name.as_deref().is_some_and(|n| self.refused_registers.contains(&(site.function.as_deref(), n))) {
                f.fixed_reg = None;
            }
        }
        let mut allocation_reusable = false;
        let live = !self.front_failed && !self.syntax_only && !dead && !v.has_errors();
        if live && complex_goto_output(site, &v) {
            let sorry = Diagnostic { severity: exasm_core::diag::Severity::Sorry, message: "'asm goto' with complex typed outputs".into(), span: site.stmt.keyword.span };
            reported.push(sorry.clone());
            after_error.push(sorry);
        }
        if live && !site.stmt.is_basic() && !site.file_scope {
            if let Some(why) = &site.untyped {
                let error = Diagnostic::error(site.stmt.keyword.span, format!("exasm could not type the operands: {why}"));
                reported.push(error.clone());
                after_error.push(error);
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
                        allocation_reusable = gcc_facts == facts;
                        let r = render(&v, &a, &gcc_facts, target, &RenderOptions { unique: n as u64, label: &|k| format!(".L{}", site.stmt.labels[k].value) });
                        reported.extend(r.diagnostics.iter().cloned());
                        if !r.has_errors() {
                            rendered = Some(r.text);
                        }
                        allocation = Some(a);
                    }
                    Err(d) => {
                        // The "probably does not match" warnings are the expander's.
                        after_error.extend(d.iter().filter(|d| !d.is_error()).cloned());
                        reported.extend(d);
                    }
                }
            }
        }
        if !compiled(site, target) {
            for list in [&mut reported, &mut after_error] {
                list.retain(|d| !d.is_error() || v.diagnostics.iter().any(|s| s.stage == Stage::FrontEnd && s.diagnostic == *d));
            }
        }
        let front_end = |d: &Diagnostic| v.diagnostics.iter().any(|s| s.stage == Stage::FrontEnd && s.diagnostic == *d);
        let first_error = reported.iter().any(|d| d.is_error() && !front_end(d));
        let at = |d: Diagnostic| Located { location: site.location.clone(), value: d };
        let diagnostics = Reported {
            function: site.function_body.map(|(b, _)| b.start),
            first_error,
            reported: reported.into_iter().map(at).collect(),
            after_error: after_error.into_iter().map(at).collect(),
        };
        (Explained { site, validated: v, allocation, rendered, facts, allocation_reusable }, diagnostics)
    }
}

/// What gcc reports about one statement, which depends on the statements before it: gcc
/// compiles one function after the other, and once an error past its front end is out, it
/// skips the passes after expansion (`pass_rest_of_compilation` is gated on `seen_error ()`)
/// for every later function, whose statements get the expander's warnings and none of the
/// errors of register allocation ("impossible constraint", "operand has impossible
/// constraints", "inconsistent operand constraints") or of the output stage ("invalid 'asm':
/// ..."). [`FirstError`] chooses, in source order.
struct Reported {
    /// The function (its body's start) the statement is in.
    function: Option<u32>,
    /// `reported` holds such an error.
    first_error: bool,
    /// While no function before has had such an error.
    reported: Vec<LocatedDiagnostic>,
    /// After one has, in another function.
    after_error: Vec<LocatedDiagnostic>,
}

/// The function where gcc reported its first error past the front end, if any yet: statements
/// are [`FirstError::report`]ed to it in source order.
#[derive(Default)]
struct FirstError(Option<Option<u32>>);

impl FirstError {
    /// The diagnostics gcc prints for the next statement.
    fn report(&mut self, r: Reported) -> Vec<LocatedDiagnostic> {
        match self.0 {
            Some(f) if f != r.function => r.after_error,
            Some(_) => r.reported,
            None => {
                if r.first_error {
                    self.0 = Some(r.function);
                }
                r.reported
            }
        }
    }
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
        // register holds its address. So does gcc for Windows reach an object the unit only
        // declares (through `.refptr.NAME`, or `__imp_NAME` for a dllimport one): it may live
        // in a DLL.
        let preemptible = !g.thread_local && g.linkage == Linkage::External && (target.pic || target.platform.is_windows() && !g.defined);
        if let (Some(offset), None, true) = (g.offset, f.fixed_reg, preemptible) {
            // One load serves every operand in the same object.
            let via = if target.platform.is_windows() { format!(".refptr.{}", g.symbol) } else { format!("{}@GOTPCREL", g.symbol) };
            f.home = Some(MemHome { arithmetic: 0, ..MemHome::pointer(&via, offset) });
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
        // Not an object another module may define: under -fPIC, or for Windows one the unit
        // only declares (a DLL's, reached through its import pointer): the C passes its address.
        let elsewhere = g.linkage == Linkage::External && (target.pic || target.platform.is_windows() && !g.defined);
        let reachable = !g.thread_local && !g.block_scope && !elsewhere;
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
fn export_labels(symbols: &TemplateSymbols, text: &str, analysis: &Analysis, target: &Target) -> String {
    let mut extra = String::new();
    for name in symbols.defined.iter().filter(|n| !symbols.global.contains(n)) {
        let c_side = analysis.file_scope_name(text, name);
        if c_side.declared && !c_side.is_static {
            let _ = write!(extra, "\t.globl {name}\n{}", exasm_lower::thunk::hidden(target, name));
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
    let id = unit_hash(text, file_name);
    let exported = Exports::find(text, analysis, target, &id, compiler);
    // Statements are explained as they are lowered, one after the other; the unit's
    // diagnostics are known once all are, and any error among them stops it.
    let (explainer, validated, mut explained_diags) = Explainer::new(analysis, target, syntax_only, &exported);
    let mut validated: Vec<Option<Validated>> = validated.into_iter().map(Some).collect();
    // Naked functions are lowered whole, before the rest (their diagnostics are taken in
    // source order with the others', below).
    let mut naked_statements = Vec::new();
    let mut naked_reported = std::collections::HashMap::new();
    for (n, site) in analysis.statements.iter().enumerate().filter(|(_, s)| s.function_is_naked) {
        if let Some(v) = validated[n].take() {
            let (e, d) = explainer.explain(n, site, v);
            naked_reported.insert(n, d);
            naked_statements.push(e);
        }
    }
    let mut first_error = FirstError::default();
    let mut warnings = Vec::new();
    let c = text.as_bytes();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut defines = String::new();
    let mut decls = String::new();
    let mut s = format!("# Thunks generated by exasm for {file_name}\n");
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
    let naked = lower_naked(text, analysis, &naked_statements, target, &id);
    edits.extend(naked.edits);
    defines.push_str(&naked.defines);
    s.push_str(&naked.asm);
    if !naked.asm.is_empty() {
        rust_globals.push(naked.asm.clone());
    }
    warnings.extend(naked.warnings);
    failures.extend(naked.failures);
    // After an error the unit is not lowered: the statements are only explained.
    let mut failed = explained_diags.iter().any(|d| d.value.is_error());
    for (n, site) in analysis.statements.iter().enumerate() {
        let span = site.stmt_span_with_semicolon;
        if site.function_is_naked {
            if let Some(d) = naked_reported.remove(&n) {
                let d = first_error.report(d);
                failed |= d.iter().any(|d| d.value.is_error());
                explained_diags.extend(d);
            }
            continue;
        }
        let Some(v) = validated[n].take() else {
            continue;
        };
        // Each statement is explained, lowered and its explanation dropped in turn: no
        // explanation of the whole unit is ever alive.
        let (e, d) = explainer.explain(n, site, v);
        let d = first_error.report(d);
        failed |= d.iter().any(|d| d.value.is_error());
        explained_diags.extend(d);
        if failed {
            continue;
        }
        if site.file_scope {
            let exports = export_labels(&template_symbols(&site.stmt.template.value, true, target.dialect), text, analysis, target);
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
        let Outlined { symbol, operands, result } = outline(n, &e, target, &id);
        let exports = export_labels(&exported.symbols[n], text, analysis, target);
        match result {
            Ok(th) => {
                if with_rust {
                    let req = Request { validated: &e.validated, operands: &operands, facts: &e.facts, target, symbol: &symbol, unique: n as u64 };
                    match rust_thunk_from(&req, e.reusable().cloned()) {
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
                let at_lines: Vec<(&str, usize)> = site
                    .stmt
                    .outputs
                    .iter()
                    .chain(&site.stmt.inputs)
                    .zip(&operands)
                    .map(|(o, c)| (c.expr.as_str(), text[span.start as usize..(o.expr.span.start as usize).max(span.start as usize)].matches('\n').count()))
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
                let seh = if target.platform.is_windows() { "\t.seh_endprologue\n" } else { "" };
                let _ = write!(s, "{}{seh}\tud2\n{}", exasm_lower::thunk::function_start(target, &symbol), exasm_lower::thunk::function_end(target, &symbol));
                edits.push((span.start as usize, span.end as usize, format!("{symbol}();")));
                rust_fns.push(format!("#[no_mangle]\npub unsafe extern \"C\" fn {symbol}() {{\n    core::arch::asm!(\"ud2\", options(noreturn));\n}}\n"));
            }
            Err(d) => failures.extend(d.into_iter().map(|d| Located { location: site.location.clone(), value: d })),
        }
    }
    sort_diagnostics(&mut explained_diags);
    if failed {
        return Err(explained_diags);
    }
    let mut warnings = [explained_diags, warnings].concat();
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
        // A function body the text never closes ends with the text (its span one past it).
        let end = end.min(c.len());
        if start < at || start > end {
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
    // Edits are made at token boundaries of valid text: checked, not converted, in the usual case.
    let out_c = String::from_utf8(rewritten).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if !target.platform.is_windows() {
        s.push_str("\t.section .note.GNU-stack,\"\",@progbits\n");
    }
    let rs = with_rust.then(|| rust_file(file_name, &rust_fns, &rust_globals, false));
    Ok(Lowered { c: out_c, s, warnings, rs })
}

/// A statement outlined into a thunk: its symbol, its operands as C, and the thunk (or why
/// it cannot be lowered).
struct Outlined {
    symbol: String,
    operands: Vec<COperand>,
    result: Result<exasm_lower::thunk::Thunk, Vec<Diagnostic>>,
}

/// Statement `n`'s thunk.
fn outline(n: usize, e: &Explained, target: &Target, id: &str) -> Outlined {
    let site = e.site;
    let symbol = format!("__exasm_{id}_{n}");
    let operands: Vec<COperand> = site.stmt.outputs.iter().chain(&site.stmt.inputs).zip(&site.operands).zip(&e.facts).map(|((o, info), lowered)| COperand {
            // A macro's expansion leaves line markers in the text; the call is one line.
            expr: exasm_cfront::one_line(&o.expr.value),
            c_type: info.c_type.clone(),
            frame_object: frame_object(info, lowered),
        }).collect();
    // Untyped operands (a declaration they need did not parse) have no facts to lower
    // from; in a function gcc never compiles, that is no error (see `lower`).
    let result = match &site.untyped {
        Some(why) => Err(vec![Diagnostic::error(site.stmt.keyword.span, format!("exasm could not type the operands: {why}"))]),
        None => lower_statement_from(&Request { validated: &e.validated, operands: &operands, facts: &e.facts, target, symbol: &symbol, unique: n as u64 }, e.reusable().cloned()),
    };
    Outlined { symbol, operands, result }
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
        let linkage = exasm_lower::naked::Linkage { coff: target.platform.is_windows(), ..linkage };
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
fn spread(block: &str, operands: &[(&str, usize)]) -> String {
    // Does `part` hold `(e)`?
    let holds = |part: &str, e: &str| part.match_indices(e).any(|(i, _)| part[..i].ends_with('(') && part[i + e.len()..].starts_with(')'));
    let mut out = String::with_capacity(block.len() + 8);
    let mut line = 0;
    for (k, part) in block.lines().enumerate() {
        let at = operands.iter().find(|(e, _)| !e.is_empty() && holds(part, e)).map(|(_, l)| *l);
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
    /// What each statement's template names and defines, in the order of the statements.
    symbols: Vec<TemplateSymbols>,
}

impl Exports {
    fn find(text: &str, analysis: &Analysis, target: &Target, id: &str, compiler: CCompiler) -> Exports {
        let mut names: Vec<String> = Vec::new();
        let mut symbols = Vec::with_capacity(analysis.statements.len());
        for site in &analysis.statements {
            let s = template_symbols(&site.stmt.template.value, site.stmt.is_basic(), target.dialect);
            names.extend(s.used.iter().cloned());
            symbols.push(s);
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
        let mut e = Exports { edits: Vec::new(), defines: String::new(), aliases: String::new(), asm: String::new(), local_functions: Vec::new(), symbols };
        for name in names {
            let found = analysis.file_scope_name(text, &name);
            if found.is_static {
                let global = format!("__exasm_{id}_{name}");
                if compiler == CCompiler::Gcc {
                    let hidden = if target.platform.is_windows() { "" } else { ", __visibility__(\"hidden\")" };
                    let _ = writeln!(e.aliases, "extern __typeof__({name}) {global} __attribute__((__alias__(\"{name}\"){hidden}));");
                } else {
                    e.edits.extend(found.storage_keywords);
                    let _ = writeln!(e.defines, "#define {name} {global}");
                }
                let _ = writeln!(e.asm, "{}\t.set {name}, {global}", exasm_lower::thunk::hidden(target, &global));
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
