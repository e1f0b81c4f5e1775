//! The semantic pass over lang-c's tree: scopes, declarations and the type, value and shape of
//! every asm operand expression.

use crate::scan::{Scanned, TypeOverride};
use crate::types::{
    find_member, int, usual_arithmetic, FloatKind, IntRank, Layout, LayoutBuilder, QualType,
    Record, Type,
};
use lang_c::ast::*;
use lang_c::span::Node;
use exasm_core::diag::{Diagnostic, Span};
use std::collections::{HashMap, HashSet};
use crate::reduce::FnvMap;
use std::rc::Rc;

/// A link-time symbol an address or object is relative to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Sym {
    pub name: String,
    pub function: bool,
    pub local: bool,
    pub block_scope: bool,
    /// `__thread` or `_Thread_local`: its address is no link-time constant.
    pub thread_local: bool,
}

/// A constant value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Const {
    Int(i128),
    Float(f64),
    Addr(Sym, i64),
}

/// What kind of thing an lvalue is, for gcc's read-only messages.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    Var {
        name: String,
        param: bool,
    },
    Member {
        name: String,
        object_readonly: bool,
    },
    Function(String),
    /// Anything else, printed as gcc prints the expression.
    Other,
}

/// Why the address of an lvalue cannot be taken.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum AddrIssue {
    BitField(String),
    Register { name: String, global: bool },
}

/// Everything known about one expression.
#[derive(Clone, Debug)]
pub(crate) struct Val {
    pub ty: QualType,
    pub lvalue: bool,
    /// gcc can gimplify it as an lvalue (memory input without copying): lvalues, function
    /// designators, string and compound literals, statement expressions, conditionals and
    /// commas of such.
    pub mem_ok: bool,
    /// An assignment or increment: gcc rejects it as a memory input at the asm's location.
    pub modifies: bool,
    pub bit_field: Option<String>,
    pub konst: Option<Const>,
    /// The object with static storage it designates: symbol and byte offset when constant.
    pub object: Option<(Sym, Option<i64>)>,
    pub shape: Shape,
    pub addr_issue: Option<AddrIssue>,
    /// The register of a register variable (`asm("ebx")`), when the expression is one.
    pub reg: Option<String>,
    /// gcc's location of the expression (its operator, cast parenthesis or start).
    pub loc: usize,
    /// How gcc prints the expression in "read-only location '...'".
    pub print: String,
    /// The expression with no-op conversions stripped, as gcc's STRIP_NOPS leaves it.
    pub stripped: Option<Box<Val>>,
    /// A value gcc substitutes although the expression is no constant expression, and whether
    /// it does so without optimizing too: a `const` object with static storage and a constant
    /// initializer (also at -O0, for an operand that takes only constants), a local variable
    /// initialized with a constant and never changed, a parameter every call passes the same
    /// constant to (only when optimizing).
    pub propagated: Option<(Const, bool)>,
    /// Where the lvalue lives when it has no static storage: its frame object or the pointer
    /// it is reached through (see [`Home`]).
    pub home: Option<Home>,
    /// The value as a side-effect-free key plus a constant (bytes for a pointer, units for an
    /// integer): `p + 2` on a `long *p` is `(p, 16)`. Operands whose addresses have the same
    /// key share a register in gcc.
    pub vkey: Option<(String, i64)>,
    /// A vector compound literal of constants: whether every element is zero.
    pub vector_constant: Option<bool>,
}

/// Where a non-static lvalue lives, as gcc addresses it.
#[derive(Clone, Debug)]
pub(crate) struct Home {
    pub mem: exasm_core::facts::MemHome,
    /// For a variable's frame slot: the variable's name and type.
    pub var: Option<(String, QualType)>,
    /// The variable's address escapes: something besides the function's own statements may
    /// reach it (see `Sema::address_escapes`). Set per asm site; true until then.
    pub escapes: bool,
}

impl Val {
    fn rvalue(ty: Type, loc: usize, print: String) -> Val {
        Val {
            ty: QualType::new(ty),
            lvalue: false,
            mem_ok: false,
            modifies: false,
            bit_field: None,
            konst: None,
            object: None,
            shape: Shape::Other,
            addr_issue: None,
            reg: None,
            loc,
            print,
            stripped: None,
            propagated: None,
            home: None,
            vkey: None,
            vector_constant: None,
        }
    }

    /// The expression after gcc's STRIP_NOPS.
    pub fn strip(&self) -> &Val {
        self.stripped.as_deref().unwrap_or(self)
    }

    /// Is it read-only as an asm output (const, or a struct with a const member)?
    pub fn read_only(&self) -> bool {
        fn ro(q: &QualType) -> bool {
            q.is_const
                || match &q.ty {
                    Type::Array(e, _) => ro(e),
                    Type::Record(r) => r
                        .layout
                        .borrow()
                        .as_ref()
                        .is_some_and(|l| l.has_const_member),
                    _ => false,
                }
        }
        ro(&self.ty)
    }
}

/// A variable, function or parameter.
#[derive(Clone, Debug)]
struct Var {
    ty: QualType,
    param: bool,
    /// `register`, with its `asm("reg")` if any.
    register: Option<Option<String>>,
    /// Static storage: the symbol.
    sym: Option<Sym>,
    file_scope: bool,
    /// The constant initializer: gcc folds a `const` object with static storage at every
    /// optimization level, an automatic variable only when optimizing.
    init: Option<Const>,
    /// For a parameter, its position.
    param_index: Option<usize>,
    /// The declaration has an initializer (an object with static storage without one is 0).
    has_initializer: bool,
    /// Where it is declared: with the name, a key that tells shadowing variables apart.
    decl: usize,
}

#[derive(Clone, Debug)]
enum Ordinary {
    Var(Rc<Var>),
    Typedef(QualType),
    EnumConst(i128, Type),
}

#[derive(Default)]
struct Scope {
    ordinary: FnvMap<String, Ordinary>,
    tags: FnvMap<String, Type>,
}

/// The typed operands of one asm site, or why they could not be typed (and where, when an
/// identifier is to blame).
pub(crate) type SiteOperands = Result<Vec<Val>, (String, Option<usize>)>;

/// Results of the pass.
pub(crate) struct SemaOut {
    /// Per scanned site: the operand values (outputs then inputs).
    pub operands: Vec<Option<SiteOperands>>,
    /// Per scanned body: the labels defined in it.
    pub labels_defined: HashMap<usize, HashSet<String>>,
    /// Errors in declarations that gcc's front end reports ("invalid register name for 'x'").
    pub diagnostics: Vec<Diagnostic>,
    /// Block-scope register variables with a register name gcc knows, for the checks gcc makes
    /// when it compiles the function (they depend on the target).
    pub register_vars: Vec<RegisterDecl>,
    /// Symbols of the objects the unit defines (not only declares `extern`).
    pub defined: HashSet<String>,
    /// Sites under a `__builtin_constant_p(P)` test (see [`Sema::with_guards`]) whose `P` is a
    /// parameter every call of the function passes the same integer literal: gcc folds the test
    /// to 1 when it optimizes.
    pub guard_folds: HashSet<usize>,
}

/// `register T name asm ("spec")` inside a function.
pub(crate) struct RegisterDecl {
    pub name: String,
    pub spec: String,
    /// Where gcc reports it: the declarator.
    pub at: usize,
    pub ty: Type,
    /// The function's body.
    pub body: Option<usize>,
}

pub(crate) struct Sema<'a> {
    src: &'a str,
    scanned: &'a Scanned,
    scopes: Vec<Scope>,
    /// Asm label by the trimmed end offset of the declarator it follows.
    label_at: HashMap<usize, usize>,
    site_at: HashMap<usize, usize>,
    body_at: HashMap<usize, usize>,
    file_statics: HashSet<String>,
    label_addresses: HashSet<usize>,
    current_body: Option<usize>,
    out: SemaOut,
    anon: usize,
    /// Per identifier, where it is followed by `(` in the unit's tokens: built once, on the
    /// first call-site search (searching the text per call made analysis quadratic).
    calls: std::cell::OnceCell<CallSites<'a>>,
    /// The asm sites of each body, by the offset of its `{`.
    body_sites: HashMap<usize, Vec<usize>>,
    /// Where the identifier that made typing fail is (for the message).
    failed_at: std::cell::Cell<Option<usize>>,
    /// Per name of a `static`, whether the unit writes it (see `never_written_static`).
    written: std::cell::RefCell<HashMap<String, bool>>,
    /// The argument of the `__builtin_constant_p` test guarding a site, by the offset of the
    /// site's asm keyword.
    guards: HashMap<usize, String>,
}

/// Per identifier, the indices of the unit's tokens where it is followed by `(`.
type CallSites<'a> = HashMap<&'a str, Vec<usize>>;

type R<T> = Result<T, String>;

fn strip_underscores(s: &str) -> &str {
    s.strip_prefix("__")
        .and_then(|x| x.strip_suffix("__"))
        .unwrap_or(s)
}

impl<'a> Sema<'a> {
    pub fn new(src: &'a str, scanned: &'a Scanned) -> Sema<'a> {
        let bytes = src.as_bytes();
        let label_at = scanned
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut e = l.span.start as usize;
                while e > 0 && bytes[e - 1].is_ascii_whitespace() {
                    e -= 1;
                }
                (e, i)
            })
            .collect();
        let site_at = scanned
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| (s.stmt.keyword.span.start as usize, i))
            .collect();
        let body_at = scanned
            .bodies
            .iter()
            .enumerate()
            .map(|(i, b)| (b.open, i))
            .collect();
        let mut body_sites: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, site) in scanned.sites.iter().enumerate() {
            if let Some(b) = site.body {
                body_sites.entry(scanned.bodies[b].open).or_default().push(k);
            }
        }
        Sema {
            src,
            scanned,
            scopes: vec![Scope::default()],
            label_at,
            site_at,
            body_at,
            file_statics: HashSet::new(),
            label_addresses: scanned.label_addresses.iter().copied().collect(),
            current_body: None,
            out: SemaOut {
                defined: HashSet::new(),
                guard_folds: HashSet::new(),
                operands: vec![None; scanned.sites.len()],
                labels_defined: HashMap::new(),
                diagnostics: Vec::new(),
                register_vars: Vec::new(),
            },
            anon: 0,
            calls: std::cell::OnceCell::new(),
            body_sites,
            failed_at: std::cell::Cell::new(None),
            written: std::cell::RefCell::new(HashMap::new()),
            guards: HashMap::new(),
        }
    }

    /// The `__builtin_constant_p` argument guarding each site that has one, by the offset of
    /// its asm keyword: [`SemaOut::guard_folds`] says where gcc folds the test to 1.
    pub fn with_guards(mut self, guards: HashMap<usize, String>) -> Self {
        self.guards = guards;
        self
    }

    pub fn run(mut self, unit: &TranslationUnit) -> SemaOut {
        for ext in &unit.0 {
            self.external(&ext.node);
        }
        self.finish()
    }

    /// One file-scope item, in order: the items need not outlive the call (the front end
    /// frees each function's tree once it is typed).
    pub fn external(&mut self, ext: &ExternalDeclaration) {
        match ext {
            ExternalDeclaration::Declaration(d) => {
                let _ = self.declaration(&d.node, true);
            }
            ExternalDeclaration::FunctionDefinition(f) => self.function(&f.node),
            ExternalDeclaration::StaticAssert(_) => {}
        }
    }

    /// What the items seen so far gave.
    pub fn finish(self) -> SemaOut {
        self.out
    }

    fn text(&self, span: lang_c::span::Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("").trim()
    }

    // ---------------------------------------------------------------- scopes

    fn lookup(&self, name: &str) -> Option<&Ordinary> {
        self.scopes.iter().rev().find_map(|s| s.ordinary.get(name))
    }

    fn lookup_tag(&self, name: &str) -> Option<&Type> {
        self.scopes.iter().rev().find_map(|s| s.tags.get(name))
    }

    fn declare(&mut self, name: String, o: Ordinary) {
        self.scopes
            .last_mut()
            .expect("scope")
            .ordinary
            .insert(name, o);
    }

    // ---------------------------------------------------------------- declarations

    fn declaration(&mut self, d: &Declaration, file_scope: bool) -> R<()> {
        let spec = self.specifiers(&d.specifiers)?;
        for init in &d.declarators {
            let decl = &init.node.declarator;
            let (name, mut ty) = self.declarator(spec.base.clone(), &decl.node)?;
            let Some(name) = name else { continue };
            if let Some(i) = &init.node.initializer {
                if spec.auto_type {
                    if let Initializer::Expression(e) = &i.node {
                        let v = self.expr(e)?;
                        ty = QualType {
                            is_const: ty.is_const,
                            ..self.decay(&v).ty.unqualified()
                        };
                    }
                }
                if let Type::Array(e, None) = &ty.ty {
                    let n = match &i.node {
                        Initializer::List(items) => Some(self.list_len(items)),
                        Initializer::Expression(x) => match &x.node {
                            Expression::StringLiteral(s) => Some(string_len(&s.node)),
                            _ => None,
                        },
                    };
                    ty.ty = Type::Array(e.clone(), n);
                }
                self.walk_initializer(&i.node);
            }
            let has_initializer = init.node.initializer.is_some();
            let init = match init.node.initializer.as_ref().map(|i| &i.node) {
                Some(Initializer::Expression(e)) if !ty.is_volatile => {
                    self.expr(e).ok().and_then(|v| convert(&v.konst, &ty.ty)).filter(|k| !matches!(k, Const::Addr(..)))
                }
                _ => None,
            };
            let asm_label = self.asm_label_after(decl);
            if spec.typedef {
                self.declare(name, Ordinary::Typedef(ty));
                continue;
            }
            let is_function = matches!(ty.ty, Type::Function { .. });
            let register = spec.register.then(|| asm_label.clone());
            if let Some(Some(reg)) = &register {
                // gcc reports a declaration at its name (after any `*`).
                let at = declared_name_at(&decl.node).unwrap_or(decl.span.start);
                if exasm_core::clobber::decode_reg_name(reg).is_none() {
                    self.out.diagnostics.push(Diagnostic::error(Span::new(at, at), format!("invalid register name for '{name}'")));
                } else if !file_scope {
                    self.out.register_vars.push(RegisterDecl { name: name.clone(), spec: reg.clone(), at, ty: ty.ty.clone(), body: self.current_body });
                }
            }
            let static_storage =
                !spec.register && (file_scope || spec.is_static || spec.is_extern || is_function);
            let sym = static_storage.then(|| {
                let local = if file_scope || spec.is_extern || is_function {
                    if spec.is_static && (file_scope || is_function) {
                        self.file_statics.insert(name.clone());
                    }
                    self.file_statics.contains(&name)
                } else {
                    true
                };
                let previous = self.lookup(&name).and_then(|o| match o {
                    Ordinary::Var(v) => v.sym.as_ref().map(|s| s.name.clone()),
                    _ => None,
                });
                Sym {
                    name: asm_label
                        .clone()
                        .or(previous)
                        .unwrap_or_else(|| name.clone())
                        .trim_start_matches('*')
                        .to_string(),
                    function: is_function,
                    local,
                    block_scope: !file_scope && !spec.is_extern && !is_function,
                    thread_local: spec.thread_local,
                }
            });
            if let Some(sym) = &sym {
                if !is_function && (!spec.is_extern || has_initializer) {
                    self.out.defined.insert(sym.name.clone());
                }
            }
            // A later declaration may complete an array's size; keep the known one.
            if let (Type::Array(_, None), Some(Ordinary::Var(prev))) = (&ty.ty, self.lookup(&name))
            {
                if matches!(prev.ty.ty, Type::Array(_, Some(_))) {
                    ty = prev.ty.clone();
                }
            }
            let var = Var {
                ty,
                param: false,
                register,
                sym,
                file_scope,
                init,
                param_index: None,
                has_initializer,
                decl: decl.span.start,
            };
            self.declare(name, Ordinary::Var(Rc::new(var)));
        }
        Ok(())
    }

    fn list_len(&mut self, items: &[Node<InitializerListItem>]) -> u64 {
        let mut n = 0u64;
        let mut max = 0u64;
        for it in items {
            if let Some(Designator::Index(e)) = it.node.designation.first().map(|d| &d.node) {
                if let Ok(Some(Const::Int(v))) = self.expr(e).map(|v| v.konst) {
                    n = v as u64;
                }
            } else if let Some(Designator::Range(r)) = it.node.designation.first().map(|d| &d.node)
            {
                if let Ok(Some(Const::Int(v))) = self.expr(&r.node.to).map(|v| v.konst) {
                    n = v as u64;
                }
            }
            n += 1;
            max = max.max(n);
        }
        max
    }

    /// For an initializer list of scalar constants (no designators): whether all are zero.
    fn constant_elements(&mut self, items: &[Node<InitializerListItem>]) -> Option<bool> {
        let mut zero = true;
        for it in items {
            let Initializer::Expression(e) = &it.node.initializer.node else { return None };
            if !it.node.designation.is_empty() {
                return None;
            }
            match self.expr(e).ok()?.konst? {
                Const::Int(n) => zero &= n == 0,
                Const::Float(f) => zero &= f == 0.0 && f.is_sign_positive(),
                Const::Addr(..) => return None,
            }
        }
        Some(zero)
    }

    fn walk_initializer(&mut self, i: &Initializer) {
        match i {
            Initializer::Expression(e) => self.walk_expr(e),
            Initializer::List(items) => {
                for it in items {
                    self.walk_initializer(&it.node.initializer.node);
                }
            }
        }
    }

    fn asm_label_after(&self, decl: &Node<Declarator>) -> Option<String> {
        // lang-c's span runs over the trailing whitespace, blanked label included.
        let bytes = self.scanned.text.as_bytes();
        let mut e = decl.span.end.min(bytes.len());
        while e > 0 && bytes[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        self.label_at
            .get(&e)
            .map(|&i| self.scanned.labels[i].asm_name.clone())
    }

    fn function(&mut self, f: &FunctionDefinition) {
        let Ok(spec) = self.specifiers(&f.specifiers) else {
            return;
        };
        let Ok((Some(name), ty)) = self.declarator(spec.base.clone(), &f.declarator.node) else {
            return;
        };
        let local = spec.is_static || self.file_statics.contains(&name);
        if spec.is_static {
            self.file_statics.insert(name.clone());
        }
        let previous = match self.lookup(&name) {
            Some(Ordinary::Var(v)) => v.sym.as_ref().map(|s| s.name.clone()),
            _ => None,
        };
        let sym = Sym {
            name: previous.unwrap_or_else(|| name.clone()),
            function: true,
            local,
            block_scope: false,
            thread_local: false,
        };
        self.declare(
            name.clone(),
            Ordinary::Var(Rc::new(Var {
                ty,
                param: false,
                register: None,
                sym: Some(sym),
                file_scope: true,
                init: None,
                param_index: None,
                has_initializer: false,
                decl: f.declarator.span.start,
            })),
        );
        let body = &f.statement;
        let Some(&b) = self.body_at.get(&body.span.start) else {
            return;
        };
        if !self.scanned.bodies[b].has_asm {
            return;
        }
        self.current_body = Some(b);
        self.out.labels_defined.entry(b).or_default();
        self.scopes.push(Scope::default());
        self.parameters(spec.base.clone(), &f.declarator.node, &f.declarations);
        self.stmt(body);
        self.scopes.pop();
        self.current_body = None;
    }

    fn parameters(&mut self, _base: QualType, d: &Declarator, kr: &[Node<Declaration>]) {
        let mut d = d;
        while let DeclaratorKind::Declarator(inner) = &d.kind.node {
            d = &inner.node;
        }
        let Some(func) = d.derived.iter().find_map(|x| match &x.node {
            DerivedDeclarator::Function(f) => Some(f),
            _ => None,
        }) else {
            for k in kr {
                let _ = self.declaration(&k.node, false);
            }
            // An old-style parameter without a declaration is an `int`.
            let listed = d.derived.iter().find_map(|x| match &x.node {
                DerivedDeclarator::KRFunction(ids) => Some(ids),
                _ => None,
            });
            for id in listed.into_iter().flatten() {
                let declared = self.scopes.last().is_some_and(|s| s.ordinary.contains_key(&id.node.name));
                if !declared {
                    self.declare(
                        id.node.name.clone(),
                        Ordinary::Var(Rc::new(Var {
                            ty: QualType::new(int(IntRank::Int, true)),
                            param: true,
                            register: None,
                            sym: None,
                            file_scope: false,
                            init: None,
                            param_index: None,
                            has_initializer: false,
                            decl: id.span.start,
                        })),
                    );
                }
            }
            let names: Vec<String> = self
                .scopes
                .last()
                .map(|s| s.ordinary.keys().cloned().collect())
                .unwrap_or_default();
            for n in names {
                if let Some(Ordinary::Var(v)) =
                    self.scopes.last().and_then(|s| s.ordinary.get(&n)).cloned()
                {
                    let mut v = (*v).clone();
                    v.param = true;
                    v.sym = None;
                    self.declare(n, Ordinary::Var(Rc::new(v)));
                }
            }
            return;
        };
        for (index, p) in func.node.parameters.iter().enumerate() {
            let Ok(spec) = self.specifiers(&p.node.specifiers) else {
                continue;
            };
            let Some(pd) = &p.node.declarator else {
                continue;
            };
            let Ok((Some(name), ty)) = self.declarator(spec.base.clone(), &pd.node) else {
                continue;
            };
            let ty = adjust_param(ty);
            let register = spec.register.then_some(None);
            self.declare(
                name,
                Ordinary::Var(Rc::new(Var {
                    ty,
                    param: true,
                    register,
                    sym: None,
                    file_scope: false,
                    init: None,
                    param_index: Some(index),
                    has_initializer: false,
                    decl: pd.span.start,
                })),
            );
        }
    }

    // ---------------------------------------------------------------- types

    fn specifiers(&mut self, specs: &[Node<DeclarationSpecifier>]) -> R<Spec> {
        let mut ts = Vec::new();
        let mut quals = Vec::new();
        let mut attrs: Vec<&Attribute> = Vec::new();
        let mut spec = Spec::default();
        for s in specs {
            match &s.node {
                DeclarationSpecifier::StorageClass(c) => match c.node {
                    StorageClassSpecifier::Typedef => spec.typedef = true,
                    StorageClassSpecifier::Extern => spec.is_extern = true,
                    StorageClassSpecifier::Static => spec.is_static = true,
                    StorageClassSpecifier::Register => spec.register = true,
                    StorageClassSpecifier::ThreadLocal => spec.thread_local = true,
                    _ => {}
                },
                DeclarationSpecifier::TypeSpecifier(t) => ts.push(t),
                DeclarationSpecifier::TypeQualifier(q) => quals.push(q.node.clone()),
                DeclarationSpecifier::Extension(e) => {
                    attrs.extend(e.iter().filter_map(|x| match &x.node {
                        Extension::Attribute(a) => Some(a),
                        _ => None,
                    }))
                }
                DeclarationSpecifier::Function(_) | DeclarationSpecifier::Alignment(_) => {}
            }
        }
        let mut seg = None;
        if let (Some(first), Some(last)) = (specs.first(), specs.last()) {
            // The blanked `__thread` and `__seg_gs` are whitespace now: look at the original
            // tokens just around the specifiers for them.
            let toks = &self.scanned.toks;
            let blanked = |k: usize| {
                matches!(toks[k].text(self.src), "__thread" | "__seg_fs" | "__seg_gs" | "__extension__")
            };
            let mut a = toks.partition_point(|t| t.start < first.span.start);
            while a > 0 && blanked(a - 1) {
                a -= 1;
            }
            let mut e = toks.partition_point(|t| t.start < last.span.end);
            while e < toks.len() && blanked(e) {
                e += 1;
            }
            let lo = toks.get(a).map_or(first.span.start, |t| t.start);
            let hi = toks.get(e).map_or(self.src.len(), |t| t.start);
            spec.thread_local |= self.scanned.thread_locals.iter().any(|p| (lo..hi).contains(p));
            seg = self.scanned.segments.iter().find(|(p, _)| (lo..hi).contains(p)).map(|(_, s)| *s);
        }
        spec.auto_type = ts
            .iter()
            .any(|t| self.scanned.overrides.get(&t.span.start) == Some(&TypeOverride::AutoType));
        spec.base = self.base_type(&ts, &quals, &attrs)?;
        spec.base.seg = seg;
        Ok(spec)
    }

    fn spec_quals(&mut self, sq: &[Node<SpecifierQualifier>]) -> R<QualType> {
        let mut ts = Vec::new();
        let mut quals = Vec::new();
        let mut attrs = Vec::new();
        for s in sq {
            match &s.node {
                SpecifierQualifier::TypeSpecifier(t) => ts.push(t),
                SpecifierQualifier::TypeQualifier(q) => quals.push(q.node.clone()),
                SpecifierQualifier::Extension(e) => {
                    attrs.extend(e.iter().filter_map(|x| match &x.node {
                        Extension::Attribute(a) => Some(a),
                        _ => None,
                    }))
                }
            }
        }
        self.base_type(&ts, &quals, &attrs)
    }

    fn type_name(&mut self, t: &TypeName) -> R<QualType> {
        let base = self.spec_quals(&t.specifiers)?;
        match &t.declarator {
            Some(d) => Ok(self.declarator(base, &d.node)?.1),
            None => Ok(base),
        }
    }

    fn base_type(
        &mut self,
        ts: &[&Node<TypeSpecifier>],
        quals: &[TypeQualifier],
        attrs: &[&Attribute],
    ) -> R<QualType> {
        let packed = attrs
            .iter()
            .any(|a| strip_underscores(&a.name.node) == "packed");
        let aligned = self.aligned_attr(attrs);
        let (mut longs, mut signed, mut unsigned, mut complex) = (0, false, false, false);
        let mut base: Option<Type> = None;
        let mut word: Option<&str> = None;
        let mut over = None;
        for t in ts {
            if let Some(o) = self.scanned.overrides.get(&t.span.start) {
                over = Some(*o);
            }
            match &t.node {
                TypeSpecifier::Void => base = Some(Type::Void),
                TypeSpecifier::Char => word = Some("char"),
                TypeSpecifier::Short => word = Some("short"),
                TypeSpecifier::Int => word = word.or(Some("int")),
                TypeSpecifier::Long => {
                    if self.scanned.overrides.get(&t.span.start) == Some(&TypeOverride::Int128) {
                        word = Some("__int128");
                    } else {
                        longs += 1;
                    }
                }
                TypeSpecifier::Float => base = Some(Type::Float(FloatKind::Float)),
                TypeSpecifier::Double => base = Some(Type::Float(FloatKind::Double)),
                TypeSpecifier::Signed => signed = true,
                TypeSpecifier::Unsigned => unsigned = true,
                TypeSpecifier::Bool => base = Some(int(IntRank::Bool, false)),
                TypeSpecifier::Complex => complex = true,
                TypeSpecifier::Atomic(tn) => base = Some(self.type_name(&tn.node)?.ty),
                TypeSpecifier::Struct(s) => base = Some(self.struct_type(s, packed, aligned)?),
                TypeSpecifier::Enum(e) => base = Some(self.enum_type(&e.node)?),
                TypeSpecifier::TypedefName(id) => match self.lookup(&id.node.name) {
                    Some(Ordinary::Typedef(q)) => {
                        let q = q.clone();
                        return Ok(self.finish_base(q, quals, attrs));
                    }
                    _ if id.node.name == "__builtin_va_list" => {
                        base = Some(Type::Array(Box::new(QualType::new(Type::Unknown)), Some(1)));
                        let rec = Rc::new(Record {
                            layout: Default::default(),
                        });
                        *rec.layout.borrow_mut() = Some(Layout {
                            members: vec![],
                            size: 24,
                            align: 8,
                            has_const_member: false,
                        });
                        base = base.map(|_| {
                            Type::Array(Box::new(QualType::new(Type::Record(rec))), Some(1))
                        });
                    }
                    _ => return Err(format!("unknown type name '{}'", id.node.name)),
                },
                TypeSpecifier::TypeOf(t) => {
                    let q = match &t.node {
                        TypeOf::Expression(e) => self.expr(e)?.ty,
                        TypeOf::Type(tn) => self.type_name(&tn.node)?,
                    };
                    return Ok(self.finish_base(q, quals, attrs));
                }
                TypeSpecifier::TS18661Float(f) => {
                    base = Some(match (f.format.clone(), f.width) {
                        (TS18661FloatFormat::BinaryInterchange, 32) => {
                            Type::Float(FloatKind::Float)
                        }
                        (TS18661FloatFormat::BinaryInterchange, 64)
                        | (TS18661FloatFormat::BinaryExtended, 32) => {
                            Type::Float(FloatKind::Double)
                        }
                        (TS18661FloatFormat::BinaryExtended, 64) => {
                            Type::Float(FloatKind::LongDouble)
                        }
                        (TS18661FloatFormat::BinaryInterchange, 128) => {
                            Type::Float(FloatKind::Float128)
                        }
                        _ => Type::Unknown,
                    })
                }
            }
        }
        let ty = match over {
            Some(TypeOverride::UInt128) => int(IntRank::Int128, false),
            Some(TypeOverride::Float128) => Type::Float(FloatKind::Float128),
            Some(TypeOverride::Float80) => Type::Float(FloatKind::LongDouble),
            _ => match base {
                Some(Type::Float(FloatKind::Double)) if longs > 0 => {
                    Type::Float(FloatKind::LongDouble)
                }
                Some(b) => b,
                None => {
                    let rank = match (word, longs) {
                        (Some("char"), _) => IntRank::Char,
                        (Some("short"), _) => IntRank::Short,
                        (Some("__int128"), _) => IntRank::Int128,
                        (_, 1) => IntRank::Long,
                        (_, n) if n >= 2 => IntRank::LongLong,
                        _ => IntRank::Int,
                    };
                    Type::Int {
                        rank,
                        signed: !unsigned,
                        plain_char: rank == IntRank::Char && !signed && !unsigned,
                        enum_: false,
                    }
                }
            },
        };
        let ty = match ty {
            Type::Float(k) if complex => Type::Complex(k),
            t if complex && t.is_integer() => Type::Complex(FloatKind::Double),
            t => t,
        };
        Ok(self.finish_base(QualType::new(ty), quals, attrs))
    }

    fn finish_base(
        &mut self,
        mut q: QualType,
        quals: &[TypeQualifier],
        attrs: &[&Attribute],
    ) -> QualType {
        for x in quals {
            match x {
                TypeQualifier::Const => q.is_const = true,
                TypeQualifier::Volatile => q.is_volatile = true,
                _ => {}
            }
        }
        self.apply_attrs(q, attrs)
    }

    fn aligned_attr(&mut self, attrs: &[&Attribute]) -> Option<u64> {
        attrs
            .iter()
            .filter(|a| strip_underscores(&a.name.node) == "aligned")
            .map(|a| match a.arguments.first() {
                Some(e) => match self.expr(e).ok().and_then(|v| v.konst) {
                    Some(Const::Int(n)) => n as u64,
                    _ => 16,
                },
                None => 16,
            })
            .max()
    }

    /// `vector_size`, `mode` and `aligned` attributes on a declared type.
    fn apply_attrs(&mut self, mut q: QualType, attrs: &[&Attribute]) -> QualType {
        for a in attrs {
            match strip_underscores(&a.name.node) {
                "vector_size" => {
                    if let Some(Ok(Some(Const::Int(n)))) =
                        a.arguments.first().map(|e| self.expr(e).map(|v| v.konst))
                    {
                        q.ty = Type::Vector { size: n as u64 };
                    }
                }
                "mode" => {
                    let m = a
                        .arguments
                        .first()
                        .map(|e| self.text(e.span).to_string())
                        .unwrap_or_default();
                    let signed = q.ty.is_signed();
                    q.ty = match strip_underscores(&m) {
                        "QI" | "byte" => int(IntRank::Char, signed),
                        "HI" => int(IntRank::Short, signed),
                        "SI" => int(IntRank::Int, signed),
                        "DI" | "word" | "pointer" => int(IntRank::pointer_sized(), signed),
                        "TI" => int(IntRank::Int128, signed),
                        "SF" => Type::Float(FloatKind::Float),
                        "DF" => Type::Float(FloatKind::Double),
                        "XF" => Type::Float(FloatKind::LongDouble),
                        "TF" | "KF" => Type::Float(FloatKind::Float128),
                        _ => q.ty,
                    };
                }
                "aligned" => {
                    let n = self.aligned_attr(&[a]);
                    q.align = q.align.max(n);
                }
                _ => {}
            }
        }
        q
    }

    fn struct_type(&mut self, s: &Node<StructType>, packed: bool, aligned: Option<u64>) -> R<Type> {
        let st = &s.node;
        let is_union = st.kind.node == StructKind::Union;
        let tag = st.identifier.as_ref().map(|i| i.node.name.clone());
        let Some(decls) = &st.declarations else {
            let tag = tag.ok_or("struct without tag or body")?;
            if let Some(t) = self.lookup_tag(&tag) {
                return Ok(t.clone());
            }
            let t = Type::Record(Rc::new(Record {
                layout: Default::default(),
            }));
            self.scopes
                .last_mut()
                .expect("scope")
                .tags
                .insert(tag, t.clone());
            return Ok(t);
        };
        // A definition completes a forward declaration in the same scope.
        let rec = match tag
            .as_ref()
            .and_then(|t| self.scopes.last().expect("scope").tags.get(t))
        {
            Some(Type::Record(r)) if r.layout.borrow().is_none() => r.clone(),
            _ => {
                self.anon += 1;
                let r = Rc::new(Record {
                    layout: Default::default(),
                });
                if let Some(t) = &tag {
                    self.scopes
                        .last_mut()
                        .expect("scope")
                        .tags
                        .insert(t.clone(), Type::Record(r.clone()));
                }
                r
            }
        };
        // `struct __attribute__((packed)) S {`: lang-c drops attributes before the tag.
        let head = &self.src[s.span.start..s.span.end.min(self.src.len())];
        let head = &head[..head.find('{').unwrap_or(head.len())];
        let packed = packed || head.contains("packed");
        let aligned = aligned.max(head_aligned(head));
        let mut b = LayoutBuilder::new(is_union, packed);
        for d in decls {
            let StructDeclaration::Field(f) = &d.node else {
                continue;
            };
            let base = self.spec_quals(&f.node.specifiers)?;
            let field_attrs: Vec<&Attribute> = f
                .node
                .specifiers
                .iter()
                .flat_map(|s| match &s.node {
                    SpecifierQualifier::Extension(e) => e
                        .iter()
                        .filter_map(|x| match &x.node {
                            Extension::Attribute(a) => Some(a),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                    _ => vec![],
                })
                .collect();
            let spec_packed = field_attrs
                .iter()
                .any(|a| strip_underscores(&a.name.node) == "packed");
            if f.node.declarators.is_empty() {
                b.add(None, base, None, spec_packed);
                continue;
            }
            for sd in &f.node.declarators {
                let (name, ty, member_packed) = match &sd.node.declarator {
                    Some(d) => {
                        let (n, t) = self.declarator(base.clone(), &d.node)?;
                        let p = d.node.extensions.iter().any(|x| matches!(&x.node, Extension::Attribute(a) if strip_underscores(&a.name.node) == "packed"));
                        (n, t, p)
                    }
                    None => (None, base.clone(), false),
                };
                let width = match &sd.node.bit_width {
                    Some(w) => match self.expr(w)?.konst {
                        Some(Const::Int(n)) => Some(n as u64),
                        _ => return Err("bit-field width is not constant".into()),
                    },
                    None => None,
                };
                if width.is_some() && name.is_none() {
                    // Unnamed bit-fields take space but give the struct no alignment.
                    b.add(None, ty, width, member_packed || spec_packed);
                } else {
                    b.add(name, ty, width, member_packed || spec_packed);
                }
            }
        }
        *rec.layout.borrow_mut() = Some(b.finish(aligned));
        Ok(Type::Record(rec))
    }

    fn enum_type(&mut self, e: &EnumType) -> R<Type> {
        if e.enumerators.is_empty() {
            if let Some(t) = e
                .identifier
                .as_ref()
                .and_then(|i| self.lookup_tag(&i.node.name))
            {
                return Ok(t.clone());
            }
            return Ok(Type::Int {
                rank: IntRank::Int,
                signed: false,
                plain_char: false,
                enum_: true,
            });
        }
        let mut next: i128 = 0;
        let mut values = Vec::new();
        for en in &e.enumerators {
            if let Some(x) = &en.node.expression {
                match self.expr(x)?.konst {
                    Some(Const::Int(v)) => next = v,
                    _ => return Err("enumerator value is not constant".into()),
                }
            }
            let cty = if i32::try_from(next).is_ok() {
                int(IntRank::Int, true)
            } else if i64::try_from(next).is_ok() {
                int(IntRank::pointer_sized(), true)
            } else {
                int(IntRank::Long, false)
            };
            self.declare(
                en.node.identifier.node.name.clone(),
                Ordinary::EnumConst(next, cty),
            );
            values.push(next);
            next += 1;
        }
        let neg = values.iter().any(|&v| v < 0);
        let (min, max) = (
            values.iter().copied().min().unwrap_or(0),
            values.iter().copied().max().unwrap_or(0),
        );
        let fits32 = if neg {
            min >= i32::MIN as i128 && max <= i32::MAX as i128
        } else {
            max <= u32::MAX as i128
        };
        let rank = if fits32 { IntRank::Int } else { IntRank::pointer_sized() };
        let t = Type::Int {
            rank,
            signed: neg,
            plain_char: false,
            enum_: true,
        };
        if let Some(i) = &e.identifier {
            self.scopes
                .last_mut()
                .expect("scope")
                .tags
                .insert(i.node.name.clone(), t.clone());
        }
        Ok(t)
    }

    fn declarator(&mut self, base: QualType, d: &Declarator) -> R<(Option<String>, QualType)> {
        let mut ty = base;
        // Pointers apply in order, then array and function suffixes from the innermost (last).
        let (pointers, suffixes): (Vec<_>, Vec<_>) = d.derived.iter().partition(|x| {
            matches!(
                x.node,
                DerivedDeclarator::Pointer(_) | DerivedDeclarator::Block(_)
            )
        });
        for dd in pointers.into_iter().chain(suffixes.into_iter().rev()) {
            ty = match &dd.node {
                DerivedDeclarator::Pointer(qs) | DerivedDeclarator::Block(qs) => {
                    let mut p = QualType::new(Type::Pointer(Box::new(ty)));
                    for q in qs {
                        if let PointerQualifier::TypeQualifier(q) = &q.node {
                            match q.node {
                                TypeQualifier::Const => p.is_const = true,
                                TypeQualifier::Volatile => p.is_volatile = true,
                                _ => {}
                            }
                        }
                    }
                    p
                }
                DerivedDeclarator::Array(a) => {
                    let n = match &a.node.size {
                        ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => {
                            match self.expr(e).ok().and_then(|v| v.konst) {
                                Some(Const::Int(n)) => Some(n as u64),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    let mut a = QualType::new(Type::Array(Box::new(ty), n));
                    a.is_const = false;
                    a
                }
                DerivedDeclarator::Function(_) | DerivedDeclarator::KRFunction(_) => {
                    QualType::new(Type::Function { ret: Box::new(ty) })
                }
            };
        }
        let attrs: Vec<&Attribute> = d
            .extensions
            .iter()
            .filter_map(|x| match &x.node {
                Extension::Attribute(a) => Some(a),
                _ => None,
            })
            .collect();
        ty = self.apply_attrs(ty, &attrs);
        match &d.kind.node {
            DeclaratorKind::Abstract => Ok((None, ty)),
            DeclaratorKind::Identifier(i) => Ok((Some(i.node.name.clone()), ty)),
            DeclaratorKind::Declarator(inner) => self.declarator(ty, &inner.node),
        }
    }

    // ---------------------------------------------------------------- statements

    fn stmt(&mut self, s: &Node<Statement>) {
        match &s.node {
            Statement::Labeled(l) => {
                if let Label::Identifier(id) = &l.node.label.node {
                    if let Some(b) = self.current_body {
                        self.out
                            .labels_defined
                            .entry(b)
                            .or_default()
                            .insert(id.node.name.clone());
                    }
                }
                self.stmt(&l.node.statement);
            }
            Statement::Compound(items) => {
                self.scopes.push(Scope::default());
                for it in items {
                    match &it.node {
                        BlockItem::Declaration(d) => {
                            let _ = self.declaration(&d.node, false);
                        }
                        BlockItem::Statement(st) => self.stmt(st),
                        BlockItem::StaticAssert(_) => {}
                    }
                }
                self.scopes.pop();
            }
            Statement::Expression(Some(e)) => {
                if let Expression::Call(c) = &e.node {
                    if let Expression::Identifier(id) = &c.node.callee.node {
                        if let Some(&site) = self.site_at.get(&id.span.start) {
                            self.site(site, &c.node.arguments);
                            return;
                        }
                    }
                }
                self.walk_expr(e);
            }
            Statement::Expression(None)
            | Statement::Goto(_)
            | Statement::Continue
            | Statement::Break
            | Statement::Asm(_) => {}
            Statement::If(i) => {
                self.walk_expr(&i.node.condition);
                self.stmt(&i.node.then_statement);
                if let Some(e) = &i.node.else_statement {
                    self.stmt(e);
                }
            }
            Statement::Switch(x) => {
                self.walk_expr(&x.node.expression);
                self.stmt(&x.node.statement);
            }
            Statement::While(x) => {
                self.walk_expr(&x.node.expression);
                self.stmt(&x.node.statement);
            }
            Statement::DoWhile(x) => {
                self.stmt(&x.node.statement);
                self.walk_expr(&x.node.expression);
            }
            Statement::For(x) => {
                self.scopes.push(Scope::default());
                match &x.node.initializer.node {
                    ForInitializer::Declaration(d) => {
                        let _ = self.declaration(&d.node, false);
                    }
                    ForInitializer::Expression(e) => self.walk_expr(e),
                    _ => {}
                }
                for e in x.node.condition.iter().chain(&x.node.step) {
                    self.walk_expr(e);
                }
                self.stmt(&x.node.statement);
                self.scopes.pop();
            }
            Statement::Return(e) => {
                if let Some(e) = e {
                    self.walk_expr(e);
                }
            }
        }
    }

    /// Visits statement expressions inside `e` (they may hold asm statements).
    fn walk_expr(&mut self, e: &Node<Expression>) {
        struct Finder<'b>(Vec<&'b Node<Statement>>);
        impl<'b> lang_c::visit::Visit<'b> for Finder<'b> {
            fn visit_expression(&mut self, e: &'b Expression, span: &'b lang_c::span::Span) {
                if let Expression::Statement(s) = e {
                    self.0.push(s);
                } else {
                    lang_c::visit::visit_expression(self, e, span);
                }
            }
        }
        let mut f = Finder(Vec::new());
        lang_c::visit::Visit::visit_expression(&mut f, &e.node, &e.span);
        for s in f.0 {
            self.stmt(s);
        }
    }

    fn site(&mut self, site: usize, args: &[Node<Expression>]) {
        let want = self.scanned.sites[site].operand_parens.len();
        self.failed_at.set(None);
        let result = if args.len() != want {
            Err(format!(
                "found {} operand expressions, expected {want}",
                args.len()
            ))
        } else {
            args.iter().map(|a| self.expr(a)).collect::<R<Vec<Val>>>()
        };
        let result = result.map(|mut vals| {
            for v in &mut vals {
                for h in std::iter::once(&mut v.home).chain(v.stripped.as_mut().map(|s| &mut s.home)).flatten() {
                    if let Some((name, ty)) = &h.var {
                        h.escapes = self.address_escapes(name, ty);
                    }
                }
            }
            vals
        });
        self.out.operands[site] = Some(result.map_err(|why| (why, self.failed_at.take())));
        let keyword = self.scanned.sites[site].stmt.keyword.span.start as usize;
        if let Some(arg) = self.guards.get(&keyword) {
            let index = match self.lookup(arg) {
                Some(Ordinary::Var(v)) => v.param_index,
                _ => None,
            };
            if index.is_some_and(|k| self.constant_argument(k).is_some()) {
                self.out.guard_folds.insert(site);
            }
        }
    }

    /// May anything but the statements of the function being analyzed reach the variable: is
    /// its address taken (`&x`, `&s.f`, an array that decays) anywhere in the body, other than
    /// as a memory-only asm operand? Token by token and conservative: every occurrence of the
    /// name counts, a shadowing variable's too, and `volatile` objects always escape.
    fn address_escapes(&self, name: &str, ty: &QualType) -> bool {
        let Some(b) = self.current_body.map(|b| &self.scanned.bodies[b]) else {
            return true;
        };
        if ty.is_volatile {
            return true;
        }
        let toks = self.body_toks(b);
        let text = |k: usize| toks.get(k).map_or("", |t| t.text(self.src));
        let mem_only = |k: usize| {
            toks.get(k).is_some_and(|t| t.kind == crate::scan::Kind::Str)
                && text(k).trim_matches('"').chars().all(|c| matches!(c, 'm' | 'o' | 'V' | '<' | '>' | '=' | '+' | '&'))
        };
        (0..toks.len()).any(|k| {
            if text(k) != name || toks[k].kind != crate::scan::Kind::Ident {
                return false;
            }
            let before = k.checked_sub(1).map_or("", text);
            if before == "." || before == ">" && k >= 2 && text(k - 2) == "-" {
                return false;
            }
            if before == "&" {
                return true;
            }
            // The designated object, through members and subscripts of arrays.
            let mut cur = ty.clone();
            let mut j = k + 1;
            loop {
                match text(j) {
                    "." => match self.member_of(&cur, text(j + 1)) {
                        Ok((t, _, _)) => {
                            cur = t;
                            j += 2;
                        }
                        Err(_) => return true,
                    },
                    "[" if matches!(cur.ty, Type::Array(..)) => {
                        j = crate::scan::group_end(self.src, toks, j).unwrap_or(toks.len());
                        let Type::Array(e, _) = &cur.ty else { return true };
                        cur = (**e).clone();
                        j += 1;
                    }
                    _ => break,
                }
            }
            if !matches!(cur.ty, Type::Array(..) | Type::Function { .. }) {
                return false;
            }
            // An array that does not decay: under sizeof, or a memory-only asm operand.
            let sized = before == "sizeof" || before == "(" && k >= 2 && text(k - 2) == "sizeof";
            let asm_memory = before == "(" && k >= 2 && mem_only(k - 2) && text(j) == ")";
            !(sized || asm_memory)
        })
    }

    // ---------------------------------------------------------------- expressions

    fn decay(&self, v: &Val) -> Val {
        decay(v)
    }

    /// The span without the parentheses around the whole expression (lang-c's span of a
    /// parenthesized expression includes them; gcc's location is inside).
    fn unparen(&self, span: lang_c::span::Span) -> (usize, usize) {
        let b = self.src.as_bytes();
        let (mut s, mut e) = (span.start.min(b.len()), span.end.min(b.len()));
        loop {
            while s < e && b[s].is_ascii_whitespace() {
                s += 1;
            }
            while e > s && b[e - 1].is_ascii_whitespace() {
                e -= 1;
            }
            if e - s < 2 || b[s] != b'(' || b[e - 1] != b')' {
                return (s, e);
            }
            let mut depth = 0i32;
            for (k, &c) in b[s..e].iter().enumerate() {
                match c {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 && s + k + 1 != e {
                            return (s, e);
                        }
                    }
                    _ => {}
                }
            }
            s += 1;
            e -= 1;
        }
    }

    pub(crate) fn expr(&mut self, e: &Node<Expression>) -> R<Val> {
        let (start, end) = self.unparen(e.span);
        let src_text = self.src[start..end].to_string();
        Ok(match &e.node {
            Expression::Identifier(id) => self.identifier(&id.node.name, id.span.start)?,
            Expression::Constant(c) => self.constant(&c.node, c.span)?,
            Expression::StringLiteral(s) => {
                let n = string_len(&s.node);
                let wide = s
                    .node
                    .first()
                    .is_some_and(|p| p.starts_with('L') || p.starts_with('U'));
                let elem = if wide {
                    int(IntRank::Int, true)
                } else {
                    Type::Int {
                        rank: IntRank::Char,
                        signed: true,
                        plain_char: true,
                        enum_: false,
                    }
                };
                let mut v = Val::rvalue(
                    Type::Array(Box::new(QualType::new(elem)), Some(n)),
                    start,
                    src_text,
                );
                v.lvalue = true;
                v.mem_ok = true;
                v
            }
            Expression::Member(m) => self.member(&m.node)?,
            Expression::Call(c) => self.call(&c.node, start, src_text)?,
            Expression::CompoundLiteral(c) => {
                let mut t = self.type_name(&c.node.type_name.node)?;
                if let Type::Array(el, None) = &t.ty {
                    t.ty = Type::Array(el.clone(), Some(self.list_len(&c.node.initializer_list)));
                }
                let mut v = Val::rvalue(t.ty.clone(), start, src_text);
                if matches!(t.ty, Type::Vector { .. }) {
                    v.vector_constant = self.constant_elements(&c.node.initializer_list);
                }
                v.ty = t;
                v.lvalue = true;
                v.mem_ok = true;
                v
            }
            Expression::SizeOfTy(s) => {
                let t = self.type_name(&s.node.0.node)?;
                sizeof(&t, start, src_text)?
            }
            Expression::SizeOfVal(s) => {
                let v = self.expr(&s.node.0)?;
                sizeof(&v.ty, start, src_text)?
            }
            Expression::AlignOf(a) => {
                let t = self.type_name(&a.node.0.node)?;
                int_const(
                    int(IntRank::pointer_sized(), false),
                    t.align() as i128,
                    start,
                    src_text,
                )
            }
            Expression::UnaryOperator(u) => self.unary(&u.node, src_text)?,
            Expression::Cast(c) => self.cast(&c.node, start, src_text)?,
            Expression::BinaryOperator(b) => self.binary(&b.node, src_text)?,
            Expression::Conditional(c) => {
                let cond = self.expr(&c.node.condition)?;
                let a = self.expr(&c.node.then_expression)?;
                let b = self.expr(&c.node.else_expression)?;
                let (da, db) = (self.decay(&a), self.decay(&b));
                let ty = if da.ty.ty.is_arithmetic() && db.ty.ty.is_arithmetic() {
                    usual_arithmetic(&da.ty.ty, &db.ty.ty)
                } else if matches!(da.ty.ty, Type::Pointer(_)) {
                    da.ty.ty.clone()
                } else if matches!(db.ty.ty, Type::Pointer(_)) {
                    db.ty.ty.clone()
                } else {
                    da.ty.ty.clone()
                };
                let q = self.src[c.node.condition.span.end..]
                    .find('?')
                    .map_or(start, |p| c.node.condition.span.end + p);
                let mut v = Val::rvalue(ty.clone(), q, src_text);
                v.mem_ok = a.mem_ok && b.mem_ok;
                v.konst = match truth(&cond.konst) {
                    Some(true) => convert(&da.konst, &ty),
                    Some(false) => convert(&db.konst, &ty),
                    None => None,
                };
                v
            }
            Expression::Comma(list) => {
                let mut last = None;
                for x in list.iter() {
                    last = Some(self.expr(x)?);
                }
                let last = last.ok_or("empty comma expression")?;
                let mut v = self.decay(&last);
                v.mem_ok = last.mem_ok;
                v.konst = None;
                v.print = src_text;
                v.loc = start;
                v
            }
            Expression::OffsetOf(o) => {
                let t = self.type_name(&o.node.type_name.node)?;
                let mut off = 0i128;
                let mut cur = t;
                let des = &o.node.designator.node;
                let first = self.member_of(&cur, &des.base.node.name)?;
                off += first.1 as i128;
                cur = first.0;
                for m in &des.members {
                    match &m.node {
                        OffsetMember::Member(id) | OffsetMember::IndirectMember(id) => {
                            let (t, o2, _) = self.member_of(&cur, &id.node.name)?;
                            off += o2 as i128;
                            cur = t;
                        }
                        OffsetMember::Index(ix) => {
                            let Some(Const::Int(i)) = self.expr(ix)?.konst else {
                                return Err("non-constant offsetof index".into());
                            };
                            let el = cur
                                .ty
                                .pointee()
                                .cloned()
                                .ok_or("offsetof index on a non-array")?;
                            off += i * el.size().unwrap_or(0) as i128;
                            cur = el;
                        }
                    }
                }
                int_const(int(IntRank::pointer_sized(), false), off, start, src_text)
            }
            Expression::VaArg(v) => {
                Val::rvalue(self.type_name(&v.node.type_name.node)?.ty, start, src_text)
            }
            Expression::Statement(s) => {
                let ty = self.statement_expr_type(s)?;
                let mut v = Val::rvalue(ty, start, src_text);
                v.mem_ok = true;
                v
            }
            Expression::GenericSelection(g) => {
                let ctl = self.expr(&g.node.expression)?;
                let ctl_ty = self.decay(&ctl).ty.ty;
                let mut chosen = None;
                let mut default = None;
                for a in &g.node.associations {
                    match &a.node {
                        GenericAssociation::Type(t) => {
                            let ty = self.type_name(&t.node.type_name.node)?;
                            if same_type(&ty.ty, &ctl_ty) {
                                chosen = Some(&t.node.expression);
                            }
                        }
                        GenericAssociation::Default(e) => default = Some(e),
                    }
                }
                let pick = chosen
                    .or(default)
                    .ok_or("no _Generic association matches")?;
                self.expr(pick)?
            }
        })
    }

    fn statement_expr_type(&mut self, s: &Node<Statement>) -> R<Type> {
        // The statement expression is walked for asm sites by the statement pass; here only its
        // value's type is needed: the last expression statement, in the block's scope.
        let Statement::Compound(items) = &s.node else {
            return Ok(Type::Void);
        };
        self.scopes.push(Scope::default());
        let mut ty = Type::Void;
        for (k, it) in items.iter().enumerate() {
            match &it.node {
                BlockItem::Declaration(d) => {
                    let _ = self.declaration(&d.node, false);
                }
                BlockItem::Statement(st) if k + 1 == items.len() => {
                    if let Statement::Expression(Some(e)) = &st.node {
                        ty = self
                            .expr(e)
                            .map(|v| self.decay(&v).ty.ty)
                            .unwrap_or(Type::Unknown);
                    }
                }
                _ => {}
            }
        }
        self.scopes.pop();
        Ok(ty)
    }

    fn identifier(&mut self, name: &str, at: usize) -> R<Val> {
        if self.label_addresses.contains(&at) {
            return Ok(Val::rvalue(
                Type::Pointer(Box::new(QualType::new(Type::Void))),
                at,
                format!("&&{name}"),
            ));
        }
        match self.lookup(name).cloned() {
            Some(Ordinary::Var(v)) => {
                let is_fn = matches!(v.ty.ty, Type::Function { .. });
                let mut val = Val::rvalue(v.ty.ty.clone(), at, name.to_string());
                val.ty = v.ty.clone();
                val.lvalue = !is_fn;
                val.mem_ok = true;
                val.shape = if is_fn {
                    Shape::Function(name.to_string())
                } else {
                    Shape::Var {
                        name: name.to_string(),
                        param: v.param,
                    }
                };
                val.object = v.sym.clone().map(|s| (s, Some(0)));
                let scalar = matches!(v.ty.ty, Type::Int { .. } | Type::Pointer(_));
                match &v.sym {
                    Some(s) if !s.thread_local && !is_fn && scalar && !v.ty.is_volatile => val.vkey = Some((s.name.clone(), 0)),
                    Some(_) => {}
                    None if v.register.is_some() || is_fn => {}
                    None => {
                        let key = format!("{name}@{}", v.decl);
                        if scalar && !v.ty.is_volatile {
                            val.vkey = Some((key.clone(), 0));
                        }
                        val.home = Some(Home {
                            mem: exasm_core::facts::MemHome::frame(&key, 0),
                            var: Some((name.to_string(), v.ty.clone())),
                            escapes: true,
                        });
                    }
                }
                if v.ty.is_const && v.sym.is_some() {
                    val.propagated = v.init.clone().map(|k| (k, true));
                } else if let Some(k) = v.sym.as_ref().filter(|s| s.local && !s.function && scalar && !v.ty.is_volatile).and_then(|_| self.never_written_static(name, &v)) {
                    // A `static` nothing in the unit writes keeps its initial value, which gcc
                    // substitutes when optimizing.
                    val.propagated = Some((k, false));
                } else if v.sym.is_none() && v.register.is_none() {
                    let known = match v.param_index {
                        Some(k) => self.constant_argument(k),
                        None => v.init.clone().filter(|_| !self.changed_in_body(name)),
                    };
                    val.propagated = known.map(|k| (k, false));
                }
                if let Some(reg) = &v.register {
                    val.addr_issue = Some(AddrIssue::Register {
                        name: name.to_string(),
                        global: v.file_scope,
                    });
                    val.reg = reg.clone();
                }
                Ok(val)
            }
            Some(Ordinary::EnumConst(n, t)) => Ok(int_const(t, n, at, name.to_string())),
            Some(Ordinary::Typedef(_)) => {
                self.failed_at.set(Some(at));
                Err(format!("'{name}' is a type"))
            }
            None => match name {
                "__func__" | "__FUNCTION__" | "__PRETTY_FUNCTION__" => {
                    let mut v = Val::rvalue(
                        Type::Array(Box::new(QualType::new(int(IntRank::Char, true))), None),
                        at,
                        name.into(),
                    );
                    v.lvalue = true;
                    v.mem_ok = true;
                    Ok(v)
                }
                _ => {
                    self.failed_at.set(Some(at));
                    Err(format!("'{name}' undeclared"))
                }
            },
        }
    }

    /// The tokens strictly inside a function body's braces.
    fn body_toks(&self, b: &crate::scan::Body) -> &'a [crate::scan::Tok] {
        let toks: &'a [crate::scan::Tok] = &self.scanned.toks;
        let a = toks.partition_point(|t| t.start <= b.open);
        let e = toks.partition_point(|t| t.start < b.close);
        &toks[a..e.max(a)]
    }

    /// Is the variable assigned, incremented, decremented or its address taken anywhere in the
    /// function being analyzed (or written by an asm output)?
    fn changed_in_body(&self, name: &str) -> bool {
        let Some(b) = self.current_body.map(|b| &self.scanned.bodies[b]) else {
            return true;
        };
        let toks = self.body_toks(b);
        (0..toks.len()).any(|k| toks[k].text(self.src) == name && writes_at(toks, self.src, k)) || self.body_sites.get(&b.open).into_iter().flatten().any(|&k| self.scanned.sites[k].stmt.outputs.iter().any(|o| o.expr.value == name))
    }

    /// The value of an object with internal linkage that nothing in the unit assigns,
    /// increments, decrements, takes the address of or names as an asm output: its constant
    /// initializer, or 0 without one. Conservative: a variable of the same name written
    /// anywhere (a local that shadows it) counts as a write.
    fn never_written_static(&self, name: &str, v: &Var) -> Option<Const> {
        let value = match (&v.init, v.has_initializer) {
            (Some(k), _) => k.clone(),
            (None, false) => Const::Int(0),
            (None, true) => return None,
        };
        if let Some(&written) = self.written.borrow().get(name) {
            return (!written).then_some(value);
        }
        let toks: &'a [crate::scan::Tok] = &self.scanned.toks;
        let written = (0..toks.len()).any(|k| toks[k].kind == crate::scan::Kind::Ident && toks[k].text(self.src) == name && writes_at(toks, self.src, k)) || self.scanned.sites.iter().any(|site| site.stmt.outputs.iter().any(|o| o.expr.value.trim() == name));
        self.written.borrow_mut().insert(name.to_string(), written);
        (!written).then_some(value)
    }

    /// The constant every call of the function being analyzed passes as argument `index`,
    /// when it is the same integer literal at every call.
    fn constant_argument(&self, index: usize) -> Option<Const> {
        let b = &self.scanned.bodies[self.current_body?];
        let name = b.name.as_deref()?;
        let src: &'a str = self.src;
        let toks: &'a [crate::scan::Tok] = &self.scanned.toks;
        let calls = self.calls.get_or_init(|| {
            // Only functions holding asm are ever asked about.
            let names: HashSet<&'a str> = self
                .scanned
                .bodies
                .iter()
                .filter(|b| b.has_asm)
                .filter_map(|b| b.name.as_deref())
                .collect();
            let mut lengths = [false; 65];
            for n in &names {
                lengths[n.len().min(64)] = true;
            }
            let mut calls: HashMap<&'a str, Vec<usize>> = HashMap::new();
            for k in 0..toks.len().saturating_sub(1) {
                let t = toks[k];
                if t.kind == crate::scan::Kind::Ident
                    && lengths[(t.end - t.start).min(64)]
                    && toks[k + 1].text(src) == "("
                    && names.contains(t.text(src))
                {
                    calls.entry(t.text(src)).or_default().push(k);
                }
            }
            calls
        });
        let text = |k: usize| toks.get(k).map_or("", |t| t.text(self.src));
        let mut value: Option<Const> = None;
        for &k in calls.get(name).map(Vec::as_slice).unwrap_or(&[]) {
            let outside = toks[k].start < b.item_start || toks[k].start > b.close;
            if text(k) != name || text(k + 1) != "(" || !outside {
                continue;
            }
            // The arguments, split at top-level commas.
            let (mut depth, mut args, mut start) = (0usize, Vec::new(), k + 2);
            for j in k + 1..toks.len() {
                match text(j) {
                    "(" => depth += 1,
                    ")" => {
                        depth -= 1;
                        if depth == 0 {
                            args.push((start, j));
                            break;
                        }
                    }
                    "," if depth == 1 => {
                        args.push((start, j));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
            let (a, e) = *args.get(index)?;
            let literal: String = (a..e).map(text).collect();
            let (negative, digits) = match literal.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, literal.as_str()),
            };
            let (v, _) = parse_int_literal(digits)?;
            let v = Const::Int(if negative { -v } else { v });
            if value.as_ref().is_some_and(|x| *x != v) {
                return None;
            }
            value = Some(v);
        }
        value
    }

    fn constant(&mut self, c: &Constant, span: lang_c::span::Span) -> R<Val> {
        let text = self.text(span).to_string();
        match c {
            Constant::Integer(_) => {
                let (v, ty) = parse_int_literal(&text)
                    .ok_or_else(|| format!("bad integer literal {text}"))?;
                Ok(int_const(ty, v, span.start, text))
            }
            Constant::Float(_) => {
                let (v, ty) = parse_float_literal(&text)
                    .ok_or_else(|| format!("bad floating literal {text}"))?;
                let mut val = Val::rvalue(ty, span.start, text);
                val.konst = Some(Const::Float(v));
                Ok(val)
            }
            Constant::Character(s) => {
                let (v, ty) = char_value(s);
                Ok(int_const(ty, v, span.start, text))
            }
        }
    }

    fn member_of(&self, obj: &QualType, name: &str) -> R<(QualType, u64, Option<u64>)> {
        let Type::Record(r) = &obj.ty else {
            return Err(format!(
                "request for member '{name}' in something not a structure or union"
            ));
        };
        let l = r.layout.borrow();
        let l = l.as_ref().ok_or("member of an incomplete type")?;
        let (mut t, off, w) =
            find_member(l, name).ok_or_else(|| format!("no member named '{name}'"))?;
        t.is_const |= obj.is_const;
        t.is_volatile |= obj.is_volatile;
        Ok((t, off, w))
    }

    fn member(&mut self, m: &MemberExpression) -> R<Val> {
        let base = self.expr(&m.expression)?;
        let name = &m.identifier.node.name;
        let home = match m.operator.node {
            MemberOperator::Direct => base.home.clone(),
            MemberOperator::Indirect => pointer_home(&self.decay(&base)),
        };
        let (obj_ty, obj_lvalue, object, issue, obj_print, ro) = match m.operator.node {
            MemberOperator::Direct => (
                base.ty.clone(),
                base.lvalue,
                base.object.clone(),
                base.addr_issue.clone(),
                base.print.clone(),
                base.ty.is_const,
            ),
            MemberOperator::Indirect => {
                let p = self.decay(&base);
                let pointee = p.ty.ty.pointee().cloned().ok_or("'->' on a non-pointer")?;
                let object = match &p.konst {
                    Some(Const::Addr(s, off)) if !s.function => Some((s.clone(), Some(*off))),
                    _ => None,
                };
                (
                    pointee.clone(),
                    true,
                    object,
                    None,
                    p.print.clone(),
                    pointee.is_const,
                )
            }
        };
        let (ty, off, width) = self.member_of(&obj_ty, name)?;
        let op = if m.operator.node == MemberOperator::Direct {
            "."
        } else {
            "->"
        };
        let mut v = Val::rvalue(
            ty.ty.clone(),
            m.expression.span.start,
            format!("{obj_print}{op}{name}"),
        );
        v.ty = match width {
            Some(w) => bit_field_type(ty, w),
            None => ty,
        };
        v.lvalue = obj_lvalue;
        v.mem_ok = true;
        v.shape = Shape::Member {
            name: name.clone(),
            object_readonly: ro,
        };
        v.bit_field = width.map(|_| name.clone());
        v.addr_issue = if width.is_some() {
            Some(AddrIssue::BitField(name.clone()))
        } else {
            issue
        };
        v.object = object.map(|(s, o)| {
            (
                s,
                if width.is_some() {
                    None
                } else {
                    o.map(|o| o + off as i64)
                },
            )
        });
        v.home = home.filter(|_| width.is_none()).map(|mut h| {
            h.mem.offset += off as i64;
            h
        });
        if !v.ty.is_volatile && matches!(v.ty.ty, Type::Int { .. } | Type::Pointer(_)) && width.is_none() {
            v.vkey = v.home.as_ref().and_then(|h| load_key(&h.mem)).or_else(|| v.object.as_ref().and_then(|(s, o)| Some((format!("*({}+{})", s.name, (*o)?), 0))));
        }
        Ok(v)
    }

    fn call(&mut self, c: &CallExpression, start: usize, text: String) -> R<Val> {
        let args = c
            .arguments
            .iter()
            .map(|a| self.expr(a))
            .collect::<R<Vec<_>>>();
        if let Expression::Identifier(id) = &c.callee.node {
            let name = id.node.name.as_str();
            if self.lookup(name).is_none() {
                let ty = match name {
                    "__builtin_expect" | "__builtin_expect_with_probability" => {
                        int(IntRank::Long, true)
                    }
                    "__builtin_constant_p"
                    | "__builtin_clz"
                    | "__builtin_ctz"
                    | "__builtin_popcount"
                    | "__builtin_ffs"
                    | "__builtin_clzl"
                    | "__builtin_ctzl"
                    | "__builtin_popcountl"
                    | "__builtin_clzll"
                    | "__builtin_ctzll"
                    | "__builtin_popcountll"
                    | "__builtin_parity"
                    | "__builtin_parityl"
                    | "__builtin_parityll"
                    | "__builtin_ffsl"
                    | "__builtin_ffsll"
                    | "__builtin_clrsb"
                    | "__builtin_clrsbl"
                    | "__builtin_clrsbll"
                    | "__builtin_types_compatible_p" => int(IntRank::Int, true),
                    "__builtin_object_size" | "__builtin_strlen" => int(IntRank::pointer_sized(), false),
                    "__builtin_bswap16" => int(IntRank::Short, false),
                    "__builtin_bswap32" => int(IntRank::Int, false),
                    "__builtin_bswap64" => int(IntRank::Long, false),
                    "__builtin_return_address"
                    | "__builtin_frame_address"
                    | "__builtin_dwarf_cfa"
                    | "__builtin_extract_return_addr"
                    | "__builtin_frob_return_addr"
                    | "__builtin_memmove"
                    | "__builtin_alloca"
                    | "__builtin_assume_aligned"
                    | "__builtin_memcpy"
                    | "__builtin_memset" => Type::Pointer(Box::new(QualType::new(Type::Void))),
                    "__builtin_ia32_rdtsc" | "__builtin_ia32_rdtscp" => {
                        int(IntRank::LongLong, false)
                    }
                    n if n.starts_with("__builtin_") => {
                        return Err(format!("unknown builtin '{n}'"))
                    }
                    _ => int(IntRank::Int, true),
                };
                let mut v = Val::rvalue(ty, start, text);
                if name == "__builtin_expect" {
                    if let Ok(args) = &args {
                        v.konst = args.first().and_then(|a| convert(&a.konst, &v.ty.ty));
                    }
                }
                if name == "__builtin_constant_p" {
                    if let Ok(args) = &args {
                        v.konst = Some(Const::Int(args.first().is_some_and(|a| {
                            matches!(a.konst, Some(Const::Int(_) | Const::Float(_)))
                        }) as i128));
                    }
                }
                return Ok(v);
            }
        }
        let callee = self.expr(&c.callee)?;
        let fty = match &callee.ty.ty {
            Type::Function { .. } => callee.ty.ty.clone(),
            Type::Pointer(p) => p.ty.clone(),
            _ => return Err("called object is not a function".into()),
        };
        let Type::Function { ret, .. } = fty else {
            return Err("called object is not a function".into());
        };
        Ok(Val::rvalue(ret.ty.clone(), start, text))
    }

    fn unary(&mut self, u: &UnaryOperatorExpression, text: String) -> R<Val> {
        let x = self.expr(&u.operand)?;
        let loc = u.operator.span.start;
        match self.scanned.overrides.get(&loc) {
            Some(TypeOverride::RealPart) => return Ok(complex_part(x, false, loc, text)),
            Some(TypeOverride::ImagPart) => return Ok(complex_part(x, true, loc, text)),
            _ => {}
        }
        Ok(match u.operator.node {
            UnaryOperator::Address => {
                let mut v = Val::rvalue(Type::Pointer(Box::new(x.ty.clone())), loc, text);
                if let Type::Function { .. } = x.ty.ty {
                    v.konst = self.decay(&x).konst;
                } else if let Some((s, Some(off))) = x.object.as_ref().filter(|(s, _)| !s.thread_local) {
                    v.konst = Some(Const::Addr(s.clone(), *off));
                } else if let Some(Const::Addr(s, off)) = self.deref_source(&u.operand) {
                    v.konst = Some(Const::Addr(s, off));
                } else if let Some(n) = self.constant_address(&u.operand) {
                    v.konst = Some(Const::Int(n));
                }
                v
            }
            UnaryOperator::Indirection => {
                let p = self.decay(&x);
                let pointee =
                    p.ty.ty
                        .pointee()
                        .cloned()
                        .ok_or("invalid type argument of unary '*'")?;
                let mut v = Val::rvalue(pointee.ty.clone(), loc, format!("*{}", paren_print(&p)));
                if let Type::Function { .. } = pointee.ty {
                    return Ok(x);
                }
                v.ty = pointee;
                v.lvalue = true;
                v.mem_ok = true;
                if let Some(Const::Addr(s, off)) = &p.konst {
                    if !s.function {
                        v.object = Some((s.clone(), Some(*off)));
                    }
                }
                // `*a` on an array designates its first element, where the array lives
                // (`*data[1]` of a local `data[16][16]` is a frame slot, as `data[1][0]` is).
                v.home = match (&x.ty.ty, &x.home) {
                    (Type::Array(..), Some(h)) => Some(h.clone()),
                    _ => pointer_home(&p),
                };
                v
            }
            UnaryOperator::PostIncrement
            | UnaryOperator::PostDecrement
            | UnaryOperator::PreIncrement
            | UnaryOperator::PreDecrement => {
                let mut v = Val::rvalue(x.ty.ty.decay(), loc, text);
                v.modifies = true;
                v
            }
            UnaryOperator::Plus | UnaryOperator::Minus | UnaryOperator::Complement => {
                let d = self.decay(&x);
                let ty = d.ty.ty.promote();
                let mut v = Val::rvalue(ty.clone(), loc, text);
                let fold = |k: Option<Const>| match (&u.operator.node, convert(&k, &ty)) {
                    (UnaryOperator::Plus, k) => k,
                    (UnaryOperator::Minus, Some(Const::Int(n))) => {
                        Some(Const::Int(wrap(n.wrapping_neg(), &ty)))
                    }
                    (UnaryOperator::Minus, Some(Const::Float(f))) => Some(Const::Float(-f)),
                    (UnaryOperator::Complement, Some(Const::Int(n))) => {
                        Some(Const::Int(wrap(!n, &ty)))
                    }
                    _ => None,
                };
                v.konst = fold(d.konst.clone());
                if v.konst.is_none() {
                    v.propagated = d.propagated.clone().and_then(|(k, _)| fold(Some(k)).map(|k| (k, false)));
                }
                v
            }
            UnaryOperator::Negate => {
                let d = self.decay(&x);
                let mut v = Val::rvalue(int(IntRank::Int, true), loc, text);
                v.konst = truth(&d.konst).map(|t| Const::Int(i128::from(!t)));
                v
            }
        })
    }

    /// `&*p`, `&p[3]`: the address constant the operand is a dereference of.
    /// The address of a member reached through a constant pointer, `&((struct s *)0)->m.n`:
    /// gcc folds it to an integer (the classic `offsetof`).
    fn constant_address(&mut self, e: &Node<Expression>) -> Option<i128> {
        let Expression::Member(m) = &e.node else {
            return None;
        };
        let name = &m.node.identifier.node.name;
        let (base, obj_ty) = match m.node.operator.node {
            MemberOperator::Indirect => {
                let p = decay(&self.expr(&m.node.expression).ok()?);
                let Some(Const::Int(n)) = p.konst else {
                    return None;
                };
                (n, p.ty.ty.pointee()?.clone())
            }
            MemberOperator::Direct => {
                let base = self.constant_address(&m.node.expression)?;
                (base, self.expr(&m.node.expression).ok()?.ty)
            }
        };
        let (_, off, width) = self.member_of(&obj_ty, name).ok()?;
        width.is_none().then_some(base + off as i128)
    }

    fn deref_source(&mut self, e: &Node<Expression>) -> Option<Const> {
        match &e.node {
            Expression::UnaryOperator(u) if u.node.operator.node == UnaryOperator::Indirection => {
                let p = self.expr(&u.node.operand).ok()?;
                self.decay(&p).konst
            }
            _ => None,
        }
    }

    fn cast(&mut self, c: &CastExpression, start: usize, text: String) -> R<Val> {
        let t = self.type_name(&c.type_name.node)?;
        let x = self.expr(&c.expression)?;
        let d = self.decay(&x);
        let mut v = Val::rvalue(t.ty.clone(), start, text);
        v.konst = match (&d.konst, &t.ty) {
            (Some(Const::Addr(s, o)), Type::Pointer(_)) => Some(Const::Addr(s.clone(), *o)),
            (
                Some(Const::Addr(s, o)),
                Type::Int {
                    rank: IntRank::Long | IntRank::LongLong,
                    ..
                },
            ) => Some(Const::Addr(s.clone(), *o)),
            (k, ty) => convert(k, ty),
        };
        // gcc's STRIP_NOPS: a conversion between integer or pointer types of the same precision
        // leaves the operand an lvalue.
        let inner = x.strip();
        let nop = |a: &Type, b: &Type| {
            let prec = |t: &Type| match t {
                Type::Int {
                    rank: IntRank::Bool,
                    ..
                } => Some(1),
                Type::Int { rank, .. } => Some(rank.size() * 8),
                Type::Pointer(_) => Some(64),
                _ => None,
            };
            prec(a).is_some() && prec(a) == prec(b)
        };
        if inner.lvalue && nop(&t.ty, &inner.ty.ty) {
            v.stripped = Some(Box::new(inner.clone()));
        }
        Ok(v)
    }

    fn binary(&mut self, b: &BinaryOperatorExpression, text: String) -> R<Val> {
        use BinaryOperator as B;
        let loc = b.operator.span.start;
        let l = self.expr(&b.lhs)?;
        let r = self.expr(&b.rhs)?;
        if b.operator.node == B::Index {
            return self.index(l, r, &b.lhs, text);
        }
        let (dl, dr) = (self.decay(&l), self.decay(&r));
        let op = b.operator.node.clone();
        let assign = matches!(
            op,
            B::Assign
                | B::AssignMultiply
                | B::AssignDivide
                | B::AssignModulo
                | B::AssignPlus
                | B::AssignMinus
                | B::AssignShiftLeft
                | B::AssignShiftRight
                | B::AssignBitwiseAnd
                | B::AssignBitwiseXor
                | B::AssignBitwiseOr
        );
        if assign {
            let mut v = Val::rvalue(l.ty.ty.clone(), loc, text);
            v.modifies = true;
            return Ok(v);
        }
        let lp = matches!(dl.ty.ty, Type::Pointer(_));
        let rp = matches!(dr.ty.ty, Type::Pointer(_));
        let mut v = match op {
            B::Plus | B::Minus if lp || rp => {
                if lp && rp {
                    let el = dl
                        .ty
                        .ty
                        .pointee()
                        .and_then(QualType::size)
                        .unwrap_or(1)
                        .max(1) as i128;
                    let mut v = Val::rvalue(int(IntRank::pointer_sized(), true), loc, text);
                    if let (Some(Const::Addr(a, x)), Some(Const::Addr(b2, y))) =
                        (&dl.konst, &dr.konst)
                    {
                        if a == b2 {
                            v.konst = Some(Const::Int((*x as i128 - *y as i128) / el));
                        }
                    }
                    return Ok(v);
                }
                let (p, n) = if lp { (&dl, &dr) } else { (&dr, &dl) };
                let el = p.ty.ty.pointee().and_then(QualType::size).unwrap_or(1) as i64;
                let mut v = Val::rvalue(p.ty.ty.clone(), loc, String::new());
                v.print = match &n.konst {
                    Some(Const::Int(k)) => format!(
                        "{} {} {}",
                        p.print,
                        if op == B::Minus { "-" } else { "+" },
                        *k as i64 * el
                    ),
                    _ => text,
                };
                if let (Some(Const::Addr(s, o)), Some(Const::Int(k))) = (&p.konst, &n.konst) {
                    let k = if op == B::Minus {
                        -(*k as i64)
                    } else {
                        *k as i64
                    };
                    v.konst = Some(Const::Addr(s.clone(), o + k * el));
                }
                if let (Some((key, o)), Some(Const::Int(k))) = (&p.vkey, &n.konst) {
                    let k = if op == B::Minus { -(*k as i64) } else { *k as i64 };
                    v.vkey = Some((key.clone(), o + k * el));
                }
                return Ok(v);
            }
            B::Less
            | B::Greater
            | B::LessOrEqual
            | B::GreaterOrEqual
            | B::Equals
            | B::NotEquals => {
                let mut v = Val::rvalue(int(IntRank::Int, true), loc, text);
                let ct = if dl.ty.ty.is_arithmetic() && dr.ty.ty.is_arithmetic() {
                    usual_arithmetic(&dl.ty.ty, &dr.ty.ty)
                } else {
                    int(IntRank::pointer_sized(), false)
                };
                v.konst = compare(&op, convert(&dl.konst, &ct), convert(&dr.konst, &ct), &ct)
                    .map(|t| Const::Int(i128::from(t)));
                v
            }
            B::LogicalAnd | B::LogicalOr => {
                let mut v = Val::rvalue(int(IntRank::Int, true), loc, text);
                v.konst = match (op.clone(), truth(&dl.konst), truth(&dr.konst)) {
                    (B::LogicalAnd, Some(false), _) | (B::LogicalAnd, _, Some(false)) => {
                        Some(Const::Int(0))
                    }
                    (B::LogicalAnd, Some(true), Some(true)) => Some(Const::Int(1)),
                    (B::LogicalOr, Some(true), _) | (B::LogicalOr, _, Some(true)) => {
                        Some(Const::Int(1))
                    }
                    (B::LogicalOr, Some(false), Some(false)) => Some(Const::Int(0)),
                    _ => None,
                };
                v
            }
            B::ShiftLeft | B::ShiftRight => {
                let ty = dl.ty.ty.promote();
                let mut v = Val::rvalue(ty.clone(), loc, text);
                let bits = ty.size().unwrap_or(4) as i128 * 8;
                if let (Some(Const::Int(a)), Some(Const::Int(n))) =
                    (convert(&dl.konst, &ty), &dr.konst)
                {
                    if (0..bits).contains(n) {
                        let a = if ty.is_signed() {
                            a
                        } else {
                            unsigned_of(a, &ty)
                        };
                        v.konst = Some(Const::Int(wrap(
                            if op == B::ShiftLeft {
                                a.wrapping_shl(*n as u32)
                            } else {
                                a >> *n
                            },
                            &ty,
                        )));
                    }
                }
                v
            }
            _ => {
                let ty = usual_arithmetic(&dl.ty.ty, &dr.ty.ty);
                let mut v = Val::rvalue(ty.clone(), loc, text);
                v.konst = arith(&op, convert(&dl.konst, &ty), convert(&dr.konst, &ty), &ty);
                if v.konst.is_none() {
                    // `-s & 31` of a parameter gcc knows: the value it substitutes, when it
                    // optimizes (without, it folds a `const` object alone, not arithmetic on it).
                    if let (Some(a), Some(b)) = (known(&dl), known(&dr)) {
                        v.propagated = arith(&op, convert(&Some(a), &ty), convert(&Some(b), &ty), &ty).map(|k| (k, false));
                    }
                }
                // `i + 2`: the index key of `i`, two elements on.
                v.vkey = match (&op, &dl.vkey, &dr.konst, &dl.konst, &dr.vkey) {
                    (B::Plus | B::Minus, Some((key, o)), Some(Const::Int(k)), _, _) => {
                        Some((key.clone(), if op == B::Minus { o - *k as i64 } else { o + *k as i64 }))
                    }
                    (B::Plus, _, _, Some(Const::Int(k)), Some((key, o))) => Some((key.clone(), o + *k as i64)),
                    _ => None,
                }
                .filter(|_| v.konst.is_none());
                v
            }
        };
        // gcc folds `x + 0` and `x - 0` back to `x`, which stays usable as a memory input.
        if matches!(op, B::Plus | B::Minus)
            && matches!(dr.konst, Some(Const::Int(0)))
            && l.mem_ok
            && v.konst.is_none()
        {
            v.mem_ok = true;
        }
        Ok(v)
    }

    fn index(&mut self, l: Val, r: Val, lhs: &Node<Expression>, text: String) -> R<Val> {
        let (base, idx) = if matches!(self.decay(&l).ty.ty, Type::Pointer(_)) {
            (l, r)
        } else {
            (r, l)
        };
        let is_array = matches!(base.ty.ty, Type::Array(..));
        let d = self.decay(&base);
        let el =
            d.ty.ty
                .pointee()
                .cloned()
                .ok_or("subscripted value is neither array nor pointer")?;
        let size = el.size().unwrap_or(0) as i64;
        let k = match convert(&self.decay(&idx).konst, &int(IntRank::pointer_sized(), true)) {
            Some(Const::Int(k)) => Some(k as i64),
            _ => None,
        };
        let print = if is_array {
            format!("{}[{}]", base.print, idx.print)
        } else {
            match k {
                Some(0) => format!("*{}", base.print),
                Some(k) => format!("*({} + {})", base.print, k * size),
                None => text.clone(),
            }
        };
        let mut v = Val::rvalue(el.ty.clone(), lhs.span.start, print);
        let di = self.decay(&idx);
        // The element's home: the array's (or the pointer's) at a constant offset, or with the
        // index in a register scaled by an element size the addressing modes have.
        let at = |h: exasm_core::facts::MemHome| -> Option<exasm_core::facts::MemHome> {
            match (k, &di.vkey) {
                (Some(k), _) => Some(exasm_core::facts::MemHome { offset: h.offset + k * size, arithmetic: h.arithmetic + if is_array { 0 } else { k * size }, ..h }),
                (None, Some((key, c))) if h.index.is_none() && matches!(size, 1 | 2 | 4 | 8) => Some(exasm_core::facts::MemHome {
                    offset: h.offset + c * size,
                    arithmetic: h.arithmetic + if is_array { 0 } else { c * size },
                    index: Some(exasm_core::facts::MemIndex { key: key.clone(), scale: size as u8 }),
                    ..h
                }),
                _ => None,
            }
        };
        v.home = if is_array {
            base.home.clone().and_then(|h| Some(Home { mem: at(h.mem)?, var: h.var, escapes: h.escapes }))
        } else {
            pointer_home(&d).and_then(|h| Some(Home { mem: at(h.mem)?, var: None, escapes: true }))
        };
        if !el.is_volatile && matches!(el.ty, Type::Int { .. } | Type::Pointer(_)) {
            v.vkey = v.home.as_ref().and_then(|h| load_key(&h.mem));
        }
        v.ty = el;
        v.lvalue = true;
        v.mem_ok = true;
        if is_array {
            v.addr_issue = base.addr_issue.clone();
            v.object = base
                .object
                .clone()
                .map(|(s, o)| (s, o.zip(k).map(|(o, k)| o + k * size)));
        } else if let Some(Const::Addr(s, o)) = &d.konst {
            if !s.function {
                v.object = Some((s.clone(), k.map(|k| o + k * size)));
            }
        }
        Ok(v)
    }
}

/// Rvalue conversion: arrays and functions decay to pointers (an address constant when the
/// object has static storage), qualifiers drop.
/// What gcc knows of a value when it optimizes: its constant, or the constant it propagates
/// (see `Val::propagated`).
fn known(v: &Val) -> Option<Const> {
    v.konst.clone().or_else(|| v.propagated.clone().map(|(k, _)| k))
}

pub(crate) fn decay(v: &Val) -> Val {
    let mut r = v.clone();
    r.lvalue = false;
    r.stripped = None;
    match &v.ty.ty {
        Type::Array(..) | Type::Function { .. } => {
            r.ty = QualType::new(v.ty.ty.decay());
            if let Some((sym, Some(off))) = v.object.as_ref().filter(|(s, _)| !s.thread_local) {
                r.konst = Some(Const::Addr(sym.clone(), *off));
            }
        }
        _ => r.ty = v.ty.unqualified(),
    }
    if matches!(v.ty.ty, Type::Array(..) | Type::Function { .. }) {
        r.vkey = None;
    }
    r.object = None;
    r.home = None;
    r
}

/// The home of `*p` for a pointer value `p` known by key: memory through that pointer.
/// The alignment `aligned` or `aligned(N)` (N a literal) asks for in a struct's head,
/// `struct __attribute__((aligned(16))) S`.
fn head_aligned(head: &str) -> Option<u64> {
    let at = head.find("aligned")?;
    let rest = head[at + "aligned".len()..].trim_start_matches('_').trim_start();
    let Some(arg) = rest.strip_prefix('(') else {
        return Some(16);
    };
    let arg = &arg[..arg.find(')')?];
    parse_int_literal(arg.trim()).map(|(n, _)| n as u64)
}

/// `__real__ x` and `__imag__ x`: of a complex lvalue, the part it designates (the imaginary
/// part one element further); of a real value, the value itself and zero.
fn complex_part(x: Val, imag: bool, loc: usize, print: String) -> Val {
    let Type::Complex(k) = x.ty.ty else {
        if !imag {
            return x;
        }
        let ty = x.ty.ty.decay();
        let mut v = Val::rvalue(ty.clone(), loc, print);
        v.konst = Some(if ty.is_integer() { Const::Int(0) } else { Const::Float(0.0) });
        return v;
    };
    let off = if imag { k.size() as i64 } else { 0 };
    let mut v = x;
    v.ty.ty = Type::Float(k);
    v.loc = loc;
    v.print = print;
    v.konst = None;
    v.stripped = None;
    v.propagated = None;
    v.vkey = None;
    v.shape = Shape::Other;
    if let Some((_, Some(o))) = &mut v.object {
        *o += off;
    }
    if let Some(h) = &mut v.home {
        h.mem.offset += off;
    }
    v
}

fn pointer_home(p: &Val) -> Option<Home> {
    let (key, offset) = p.vkey.as_ref()?;
    Some(Home { mem: exasm_core::facts::MemHome::pointer(key, *offset), var: None, escapes: true })
}

/// The key of the value loaded from a home with a constant address (`p->next`, `pp[1]`): the
/// same load in two operands gives the same value.
fn load_key(h: &exasm_core::facts::MemHome) -> Option<(String, i64)> {
    use exasm_core::facts::HomeBase;
    if h.index.is_some() {
        return None;
    }
    let base = match &h.base {
        HomeBase::Frame(k) | HomeBase::Pointer(k) => k,
    };
    Some((format!("*({base}+{})", h.offset), 0))
}

/// An input operand that allows a register: arrays and functions decay, anything else keeps
/// its lvalue facts.
pub(crate) fn decay_array(v: &Val) -> Val {
    match v.ty.ty {
        Type::Array(..) | Type::Function { .. } => decay(v),
        _ => v.clone(),
    }
}

#[derive(Default)]
struct Spec {
    base: QualType,
    typedef: bool,
    is_extern: bool,
    is_static: bool,
    register: bool,
    auto_type: bool,
    /// `_Thread_local`, or GNU `__thread` (blanked by the scan, which kept its offset).
    thread_local: bool,
}

impl Default for QualType {
    fn default() -> Self {
        QualType::new(Type::Unknown)
    }
}

/// gcc gives a bit-field the integer mode that holds its width: an `int a : 3` operand is a
/// byte (`%al`), `long c : 40` eight bytes.
fn bit_field_type(declared: QualType, width: u64) -> QualType {
    let Type::Int { rank, signed, .. } = declared.ty else {
        return declared;
    };
    if rank == IntRank::Bool {
        return declared;
    }
    let rank = match width {
        0..=8 => IntRank::Char,
        9..=16 => IntRank::Short,
        17..=32 => IntRank::Int,
        33..=64 => IntRank::pointer_sized(),
        _ => IntRank::Int128,
    };
    QualType {
        ty: int(rank, signed),
        ..declared
    }
}

/// Parameters of array and function type are pointers.
fn adjust_param(t: QualType) -> QualType {
    match &t.ty {
        Type::Array(..) | Type::Function { .. } => QualType::new(t.ty.decay()),
        _ => t,
    }
}

fn paren_print(v: &Val) -> String {
    if v.print.contains(' ') {
        format!("({})", v.print)
    } else {
        v.print.clone()
    }
}

/// `sizeof`: a constant, except for a variable-length array.
fn sizeof(t: &QualType, at: usize, print: String) -> R<Val> {
    match t.size() {
        Some(n) => Ok(int_const(int(IntRank::pointer_sized(), false), n as i128, at, print)),
        None if matches!(t.ty, Type::Array(..)) => {
            Ok(Val::rvalue(int(IntRank::pointer_sized(), false), at, print))
        }
        None => Err("sizeof of an incomplete type".into()),
    }
}

fn int_const(ty: Type, v: i128, at: usize, print: String) -> Val {
    let mut val = Val::rvalue(ty.clone(), at, print);
    val.konst = Some(Const::Int(wrap(v, &ty)));
    val
}

/// Number of elements of the char array a string literal makes, terminator included.
fn string_len(parts: &[String]) -> u64 {
    let mut n = 0;
    for p in parts {
        let body = p.trim_start_matches(|c: char| c != '"');
        let body = body
            .strip_prefix('"')
            .and_then(|b| b.strip_suffix('"'))
            .unwrap_or(body);
        let mut bytes = Vec::new();
        exasm_core::parse::unescape(body, &mut bytes);
        n += bytes.len() as u64;
    }
    n + 1
}

/// Wraps `v` to the width and signedness of an integer type.
pub(crate) fn wrap(v: i128, ty: &Type) -> i128 {
    let Type::Int { rank, signed, .. } = ty else {
        return v;
    };
    if *rank == IntRank::Bool {
        return i128::from(v != 0);
    }
    let bits = rank.size() * 8;
    if bits >= 128 {
        return v;
    }
    let mask = (1i128 << bits) - 1;
    let u = v & mask;
    if *signed && u >> (bits - 1) & 1 == 1 {
        u - (1i128 << bits)
    } else {
        u
    }
}

fn unsigned_of(v: i128, ty: &Type) -> i128 {
    let bits = ty.size().unwrap_or(8) * 8;
    if bits >= 128 {
        v
    } else {
        v & ((1i128 << bits) - 1)
    }
}

/// Converts a constant to type `ty` (C conversion rules, wrapping).
fn convert(k: &Option<Const>, ty: &Type) -> Option<Const> {
    match (k.as_ref()?, ty) {
        (Const::Int(v), Type::Int { .. }) => Some(Const::Int(wrap(*v, ty))),
        (Const::Int(v), Type::Float(_)) => Some(Const::Float(*v as f64)),
        (Const::Int(v), Type::Pointer(_)) => Some(Const::Int(wrap(*v, &int(IntRank::pointer_sized(), false)))),
        (
            Const::Float(f),
            Type::Int {
                rank: IntRank::Bool,
                ..
            },
        ) => Some(Const::Int(i128::from(*f != 0.0))),
        (Const::Float(f), Type::Int { .. }) => Some(Const::Int(wrap(f.trunc() as i128, ty))),
        (Const::Float(f), Type::Float(FloatKind::Float)) => Some(Const::Float(*f as f32 as f64)),
        (Const::Float(f), Type::Float(_)) => Some(Const::Float(*f)),
        (Const::Addr(..), Type::Pointer(_)) => k.clone(),
        _ => None,
    }
}

fn truth(k: &Option<Const>) -> Option<bool> {
    match k.as_ref()? {
        Const::Int(v) => Some(*v != 0),
        Const::Float(f) => Some(*f != 0.0),
        Const::Addr(..) => Some(true),
    }
}

fn compare(op: &BinaryOperator, a: Option<Const>, b: Option<Const>, ty: &Type) -> Option<bool> {
    use std::cmp::Ordering;
    let ord = match (a?, b?) {
        (Const::Int(x), Const::Int(y)) => {
            if ty.is_signed() {
                x.cmp(&y)
            } else {
                (unsigned_of(x, ty) as u128).cmp(&(unsigned_of(y, ty) as u128))
            }
        }
        (Const::Float(x), Const::Float(y)) => x.partial_cmp(&y)?,
        _ => return None,
    };
    Some(match op {
        BinaryOperator::Less => ord == Ordering::Less,
        BinaryOperator::Greater => ord == Ordering::Greater,
        BinaryOperator::LessOrEqual => ord != Ordering::Greater,
        BinaryOperator::GreaterOrEqual => ord != Ordering::Less,
        BinaryOperator::Equals => ord == Ordering::Equal,
        _ => ord != Ordering::Equal,
    })
}

fn arith(op: &BinaryOperator, a: Option<Const>, b: Option<Const>, ty: &Type) -> Option<Const> {
    use BinaryOperator as B;
    match (a?, b?) {
        (Const::Int(x), Const::Int(y)) => {
            let (x, y) = if ty.is_signed() {
                (x, y)
            } else {
                (unsigned_of(x, ty), unsigned_of(y, ty))
            };
            let r = match op {
                B::Multiply => x.wrapping_mul(y),
                B::Divide if y != 0 => x.wrapping_div(y),
                B::Modulo if y != 0 => x.wrapping_rem(y),
                B::Plus => x.wrapping_add(y),
                B::Minus => x.wrapping_sub(y),
                B::BitwiseAnd => x & y,
                B::BitwiseOr => x | y,
                B::BitwiseXor => x ^ y,
                _ => return None,
            };
            Some(Const::Int(wrap(r, ty)))
        }
        (Const::Float(x), Const::Float(y)) => {
            let r = match op {
                B::Multiply => x * y,
                B::Divide => x / y,
                B::Plus => x + y,
                B::Minus => x - y,
                _ => return None,
            };
            Some(Const::Float(
                if matches!(ty, Type::Float(FloatKind::Float)) {
                    r as f32 as f64
                } else {
                    r
                },
            ))
        }
        _ => None,
    }
}

fn same_type(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (
            Type::Int {
                rank: r1,
                signed: s1,
                plain_char: p1,
                ..
            },
            Type::Int {
                rank: r2,
                signed: s2,
                plain_char: p2,
                ..
            },
        ) => r1 == r2 && s1 == s2 && p1 == p2,
        (Type::Float(x), Type::Float(y)) => x == y,
        (Type::Pointer(x), Type::Pointer(y)) => same_type(&x.ty, &y.ty),
        (Type::Record(x), Type::Record(y)) => Rc::ptr_eq(x, y),
        (Type::Void, Type::Void) => true,
        _ => false,
    }
}

/// An integer literal's value and type (C11 6.4.4.1 with GNU suffixes).
fn parse_int_literal(text: &str) -> Option<(i128, Type)> {
    let lower = text.to_ascii_lowercase();
    let digits_end = lower.trim_end_matches(['u', 'l', 'i', 'j']).len();
    let (num, suffix) = lower.split_at(digits_end);
    let (radix, digits) = if let Some(h) = num.strip_prefix("0x") {
        (16, h)
    } else if let Some(b) = num.strip_prefix("0b") {
        (2, b)
    } else if num.len() > 1 && num.starts_with('0') {
        (8, &num[1..])
    } else {
        (10, num)
    };
    let v = u128::from_str_radix(&digits.replace('\'', ""), radix).ok()?;
    let unsigned = suffix.contains('u');
    let longs = suffix.matches('l').count();
    let decimal = radix == 10;
    let candidates: Vec<(IntRank, bool)> = match (unsigned, longs, decimal) {
        // LLP64's `long` is 32 bits: `long long` follows, as C's lists say.
        (false, 0, true) => vec![(IntRank::Int, true), (IntRank::Long, true), (IntRank::LongLong, true)],
        (false, 0, false) => vec![
            (IntRank::Int, true),
            (IntRank::Int, false),
            (IntRank::Long, true),
            (IntRank::Long, false),
            (IntRank::LongLong, true),
            (IntRank::LongLong, false),
        ],
        (false, 1, true) => vec![(IntRank::Long, true), (IntRank::LongLong, true)],
        (false, 1, false) => vec![(IntRank::Long, true), (IntRank::Long, false), (IntRank::LongLong, true), (IntRank::LongLong, false)],
        (false, _, true) => vec![(IntRank::LongLong, true)],
        (false, _, false) => vec![(IntRank::LongLong, true), (IntRank::LongLong, false)],
        (true, 0, _) => vec![(IntRank::Int, false), (IntRank::Long, false), (IntRank::LongLong, false)],
        (true, 1, _) => vec![(IntRank::Long, false), (IntRank::LongLong, false)],
        (true, _, _) => vec![(IntRank::LongLong, false)],
    };
    for (rank, signed) in &candidates {
        let bits = rank.size() * 8 - u64::from(*signed);
        if v < (1u128 << bits) {
            return Some((v as i128, int(*rank, *signed)));
        }
    }
    // Too large for every candidate: gcc makes it an unsigned 64-bit (or __int128) value.
    let rank = if v <= u64::MAX as u128 {
        IntRank::pointer_sized()
    } else {
        IntRank::Int128
    };
    Some((v as i128, int(rank, false)))
}

/// A floating literal's value and type.
fn parse_float_literal(text: &str) -> Option<(f64, Type)> {
    let lower = text.to_ascii_lowercase();
    let (body, ty) = if let Some(b) = lower
        .strip_suffix("f128")
        .or_else(|| lower.strip_suffix('q'))
    {
        (b, Type::Float(FloatKind::Float128))
    } else if let Some(b) = lower
        .strip_suffix("f64x")
        .or_else(|| lower.strip_suffix("w"))
    {
        (b, Type::Float(FloatKind::LongDouble))
    } else if let Some(b) = lower
        .strip_suffix("f32")
        .or_else(|| lower.strip_suffix("f16"))
    {
        (b, Type::Float(FloatKind::Float))
    } else if let Some(b) = lower.strip_suffix("f64") {
        (b, Type::Float(FloatKind::Double))
    } else if lower.ends_with('f') && (!lower.starts_with("0x") || lower.contains('p')) {
        // In a hexadecimal float, `f` is a suffix only after the binary exponent.
        (&lower[..lower.len() - 1], Type::Float(FloatKind::Float))
    } else if let Some(b) = lower.strip_suffix('l') {
        (b, Type::Float(FloatKind::LongDouble))
    } else {
        (lower.as_str(), Type::Float(FloatKind::Double))
    };
    let v = if let Some(h) = body.strip_prefix("0x") {
        let (mant, exp) = h.split_once('p')?;
        let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
        let mut v = 0f64;
        for c in ip.chars().chain(fp.chars()) {
            v = v * 16.0 + c.to_digit(16)? as f64;
        }
        let e: i32 = exp.parse().ok()?;
        v * 2f64.powi(e - 4 * fp.len() as i32)
    } else {
        body.parse().ok()?
    };
    let v = if matches!(ty, Type::Float(FloatKind::Float)) {
        v as f32 as f64
    } else {
        v
    };
    Some((v, ty))
}

/// A character constant's value and type: `'a'` is an int holding a (signed) char.
fn char_value(s: &str) -> (i128, Type) {
    let (prefix, rest) = s.split_at(s.find('\'').unwrap_or(0));
    let body = rest
        .strip_prefix('\'')
        .and_then(|b| b.strip_suffix('\''))
        .unwrap_or(rest);
    let mut bytes = Vec::new();
    exasm_core::parse::unescape(body, &mut bytes);
    match prefix {
        "L" | "U" => {
            let c = String::from_utf8_lossy(&bytes)
                .chars()
                .next()
                .map_or(0, |c| c as i128);
            (c, int(IntRank::Int, prefix == "L"))
        }
        "u" => (
            String::from_utf8_lossy(&bytes)
                .chars()
                .next()
                .map_or(0, |c| c as i128),
            int(IntRank::Short, false),
        ),
        _ => {
            if bytes.len() == 1 {
                (bytes[0] as i8 as i128, int(IntRank::Int, true))
            } else {
                let v = bytes.iter().fold(0i128, |acc, &b| (acc << 8) | b as i128);
                (wrap(v, &int(IntRank::Int, true)), int(IntRank::Int, true))
            }
        }
    }
}

/// Where the name a declarator declares is written.
fn declared_name_at(d: &Declarator) -> Option<usize> {
    match &d.kind.node {
        DeclaratorKind::Abstract => None,
        DeclaratorKind::Identifier(i) => Some(i.span.start),
        DeclaratorKind::Declarator(inner) => declared_name_at(&inner.node),
    }
}

/// Does the occurrence of a name at `toks[k]` write it: assigned (`=`, `+=`, `<<=`, ...),
/// incremented or decremented (either side), or its address taken (`&x`, not `a & x` or
/// `a && x`)? The declaration's own `int k = 5` is no write.
fn writes_at(toks: &[crate::scan::Tok], src: &str, k: usize) -> bool {
    let text = |k: usize| toks.get(k).map_or("", |t| t.text(src));
    let follows = |k: usize, p: &str| text(k) == p && toks[k - 1].end == toks[k].start;
    let before = k.checked_sub(1).map_or("", text);
    let after = text(k + 1);
    let compound = matches!(after, "+" | "-" | "*" | "/" | "%" | "&" | "|" | "^") && text(k + 2) == "=" && follows(k + 2, "=");
    let shift = matches!(after, "<" | ">") && text(k + 2) == after && text(k + 3) == "=";
    let declared = k >= 1 && toks[k - 1].kind == crate::scan::Kind::Ident && before != "return";
    let assign = after == "=" && text(k + 2) != "=" && !declared;
    let incdec = matches!(after, "+" | "-") && text(k + 2) == after && follows(k + 2, after);
    let pre = matches!(before, "+" | "-") && k >= 2 && text(k - 2) == before && follows(k - 1, before);
    let address = before == "&" && !(k >= 2 && (text(k - 2) == "&" || matches!(toks[k - 2].kind, crate::scan::Kind::Ident | crate::scan::Kind::Number) || text(k - 2) == ")" || text(k - 2) == "]"));
    assign || compound || shift || incdec || pre || address
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_literals_take_the_first_type_that_fits() {
        assert_eq!(
            parse_int_literal("2147483648")
                .unwrap()
                .1
                .spelling()
                .unwrap(),
            "long"
        );
        assert_eq!(
            parse_int_literal("0x80000000")
                .unwrap()
                .1
                .spelling()
                .unwrap(),
            "unsigned int"
        );
        assert_eq!(
            parse_int_literal("10ULL").unwrap().1.spelling().unwrap(),
            "unsigned long long"
        );
        assert_eq!(parse_int_literal("017").unwrap().0, 15);
        assert_eq!(parse_int_literal("0b101").unwrap().0, 5);
    }

    #[test]
    fn floating_literals_parse_hex_and_suffixes() {
        assert_eq!(parse_float_literal("0x1.8p1").unwrap().0, 3.0);
        assert_eq!(
            parse_float_literal("1.5f").unwrap().1.spelling().unwrap(),
            "float"
        );
        assert_eq!(
            parse_float_literal("2.5L").unwrap().1.spelling().unwrap(),
            "long double"
        );
    }

    #[test]
    fn character_constants_are_signed_chars_in_an_int() {
        assert_eq!(char_value("'\\xff'").0, -1);
        assert_eq!(char_value("'ab'").0, 0x6162);
        assert_eq!(char_value("L'x'").0, 120);
    }

    #[test]
    fn wrapping_follows_the_type() {
        assert_eq!(wrap(300, &int(IntRank::Char, false)), 44);
        assert_eq!(wrap(-1, &int(IntRank::Int, false)), 4294967295);
        assert_eq!(wrap(0x80, &int(IntRank::Char, true)), -128);
    }
}
