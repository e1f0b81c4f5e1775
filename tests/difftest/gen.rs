//! The generator: random asm statements gcc accepts, each inside a self-checking C function
//! that prints every output (and, for asm goto, the edge taken).
//!
//! Every statement is built so that its printed results do not depend on the register
//! allocation, which exasm may choose differently from gcc:
//!
//! - an output is written before it is read, at its full width (a 32-bit write of a 64-bit
//!   register output counts: it zero-extends);
//! - an input is read at most at its own width (narrower through `b w k` on register-only
//!   operands), and never written;
//! - an `=` output written before the last read of another operand is early-clobber (`&`),
//!   because gcc may give a plain output the register of an input;
//! - every input has a distinct value, so gcc never merges two inputs into one register;
//! - no instruction gets two memory operands or an immediate where it takes none, in any
//!   alternative; immediates fit the instruction;
//! - every flag consumer (`setcc`, `cmovcc`, `jcc`, flag outputs) comes right after a flag
//!   definer whose flags are defined for that condition.
//!
//! One program in four of the others (a stream of its own) has the memory operands of
//! multi-precision code (`mem_case`): limbs through pointers, globals, struct fields, `=m`
//! scratch locals, an escaped local, `g`/`rm` values, up to 14 clobbered registers. There no
//! two operands name one object, an `=m` operand comes into being at its first write, `m`
//! inputs are never written, every instruction has at most one operand, and the
//! register-capable outputs are written last (all but the last early-clobber). Each statement
//! fits gcc's -O2 budget, which only the oracle's -O2 build needs (at -O0 gcc gives every
//! `p[k]` its own register and rejects most of them).
//!
//! A program is a function of (seed, index) alone, so any failure is reproducible with
//! `exasm-difftest gen --seed S --index I`.

use std::fmt::Write;

/// splitmix64's output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// splitmix64: small, fast, and reproducible everywhere.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator of program `index` of `seed`.
    pub fn for_program(seed: u64, index: u64) -> Rng {
        // Hash both, so the streams of neighbouring indices are unrelated (splitmix's state
        // walks by a constant: a plain offset would make them shifted copies of each other).
        Rng(mix(mix(seed) ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03)))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        (self.next() % 100) < percent as u64
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo) as u64 + 1)) as i64
    }
}

/// A C integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ty {
    pub size: u8,
    pub signed: bool,
    pub boolean: bool,
    long_long: bool,
}

impl Ty {
    fn int(size: u8, signed: bool) -> Ty {
        Ty { size, signed, boolean: false, long_long: false }
    }
    fn random(rng: &mut Rng) -> Ty {
        let size = *rng.pick(&[1u8, 2, 4, 4, 8, 8, 8]);
        Ty { size, signed: rng.chance(50), boolean: false, long_long: size == 8 && rng.chance(30) }
    }
    pub fn c_name(self) -> &'static str {
        if self.boolean {
            return "_Bool";
        }
        match (self.size, self.signed, self.long_long) {
            (1, true, _) => "signed char",
            (1, false, _) => "unsigned char",
            (2, true, _) => "short",
            (2, false, _) => "unsigned short",
            (4, true, _) => "int",
            (4, false, _) => "unsigned int",
            (8, true, false) => "long",
            (8, false, false) => "unsigned long",
            (8, true, true) => "long long",
            _ => "unsigned long long",
        }
    }
    /// `v` converted to this type, as a C literal of this type's value.
    fn literal(self, v: i64) -> String {
        let v = self.wrap(v);
        match (self.size, self.signed) {
            (8, false) => format!("{}ULL", v as u64),
            (8, true) if v == i64::MIN => "(-9223372036854775807LL - 1)".into(),
            (8, true) => format!("{v}LL"),
            (4, false) => format!("{}u", v as u32),
            (4, true) if v == i32::MIN as i64 => "(-2147483647 - 1)".into(),
            _ => format!("{v}"),
        }
    }
    /// The value gcc sees for a constant `v` of this type: a CONST_INT is sign-extended from
    /// its mode, so `(unsigned char)200` is -56 to the constraint letters and the printer.
    fn sext(self, v: i64) -> i64 {
        match self.size {
            1 => v as i8 as i64,
            2 => v as i16 as i64,
            4 => v as i32 as i64,
            _ => v,
        }
    }
    /// `v` reduced to this type's range.
    fn wrap(self, v: i64) -> i64 {
        match (self.size, self.signed) {
            (1, true) => v as i8 as i64,
            (1, false) => v as u8 as i64,
            (2, true) => v as i16 as i64,
            (2, false) => v as u16 as i64,
            (4, true) => v as i32 as i64,
            (4, false) => v as u32 as i64,
            _ => v,
        }
    }
}

/// A register class letter of one alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RegC {
    /// `r`, `q`, `R`, `U`, `l`: any register of a class of at least 7.
    Wide(char),
    /// `Q`: a b c d (have a high byte).
    HighQ,
    /// `a b c d S D`.
    Fixed(char),
}

impl RegC {
    fn letter(self) -> char {
        match self {
            RegC::Wide(c) | RegC::Fixed(c) => c,
            RegC::HighQ => 'Q',
        }
    }
    /// A legacy register (no REX prefix needed), so it can meet `%ah`.
    fn legacy(self) -> bool {
        matches!(self, RegC::HighQ | RegC::Wide('R')) || matches!(self, RegC::Fixed(_))
    }
    fn has_high(self) -> bool {
        matches!(self, RegC::HighQ | RegC::Fixed('a' | 'b' | 'c' | 'd'))
    }
}

/// What one alternative of an operand's constraint allows.
#[derive(Clone, Debug)]
struct Alt {
    reg: Option<RegC>,
    mem: bool,
    imm: Option<char>,
}

impl Alt {
    fn text(&self) -> String {
        let mut s = String::new();
        if let Some(r) = self.reg {
            s.push(r.letter());
        }
        if self.mem {
            s.push('m');
        }
        if let Some(i) = self.imm {
            s.push(i);
        }
        s
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// `=` output.
    Out,
    /// `+` output.
    Plus,
    /// `=@cc<cond>` output.
    Flag(&'static str),
    /// Input with its own location.
    In,
    /// Input tied to output `n` (by digit or by name).
    Tied(usize),
    /// The input after a `%` tied input: used once, by the commutative operation only (gcc
    /// may swap the pair).
    Partner,
}

#[derive(Clone, Debug)]
struct Operand {
    kind: Kind,
    ty: Ty,
    alts: Vec<Alt>,
    name: Option<String>,
    /// C expression (inputs) or lvalue (outputs).
    expr: String,
    /// Value of an input or the initial value of a `+` output.
    value: i64,
    /// The input is a constant expression (not an lvalue).
    constant: bool,
    /// Early clobber (decided after the template is built).
    early: bool,
    /// Commutative with the next operand (`%`).
    commutative: bool,
    /// Output fully defined at this point of template building.
    defined: bool,
}

impl Operand {
    fn is_output(&self) -> bool {
        matches!(self.kind, Kind::Out | Kind::Plus | Kind::Flag(_))
    }
    fn reg_only(&self) -> bool {
        self.alts.iter().all(|a| a.reg.is_some() && !a.mem && (a.imm.is_none() || !self.constant))
    }
    fn may_mem(&self) -> bool {
        self.alts.iter().any(|a| a.mem)
    }
    /// Could be an immediate (a constant input whose letter accepts its value).
    fn may_imm(&self) -> bool {
        self.constant && self.alts.iter().any(|a| a.imm.is_some_and(|l| letter_accepts(l, self.value)))
    }
    fn legacy(&self) -> bool {
        self.reg_only() && self.alts.iter().all(|a| a.reg.is_some_and(RegC::legacy))
    }
    fn has_high(&self) -> bool {
        self.reg_only() && self.alts.iter().all(|a| a.reg.is_some_and(RegC::has_high))
    }
    fn fixed(&self) -> Option<char> {
        match self.alts.first()?.reg? {
            RegC::Fixed(c) => Some(c),
            _ => None,
        }
    }
    fn constraint(&self, index_of_tie: impl Fn(usize) -> String) -> String {
        let mut s = String::new();
        match &self.kind {
            Kind::Out => s.push('='),
            Kind::Plus => s.push('+'),
            Kind::Flag(c) => return format!("=@cc{c}"),
            _ => {}
        }
        if self.commutative {
            s.push('%');
        }
        let alts: Vec<String> = self
            .alts
            .iter()
            .map(|a| {
                let body = match &self.kind {
                    Kind::Tied(o) => index_of_tie(*o),
                    _ => a.text(),
                };
                if self.early { format!("&{body}") } else { body }
            })
            .collect();
        s.push_str(&alts.join(","));
        s
    }
}

fn letter_accepts(l: char, v: i64) -> bool {
    match l {
        'I' => (0..=31).contains(&v),
        'J' => (0..=63).contains(&v),
        'K' => (-128..=127).contains(&v),
        'L' => matches!(v, 0xff | 0xffff | 0xffff_ffff),
        'M' => (0..=3).contains(&v),
        'N' => (0..=255).contains(&v),
        'e' => (i32::MIN as i64..=i32::MAX as i64).contains(&v),
        'Z' => (0..=u32::MAX as i64).contains(&v),
        _ => true,
    }
}

/// An immediate source at width `w` of an ALU instruction (sign-extended imm32 at 64 bits).
fn alu_imm_fits(v: i64, w: u8) -> bool {
    match w {
        1 => (-128..=255).contains(&v),
        2 => (-32768..=65535).contains(&v),
        4 => (i32::MIN as i64..=u32::MAX as i64).contains(&v),
        _ => (i32::MIN as i64..=i32::MAX as i64).contains(&v),
    }
}

fn suffix(w: u8) -> char {
    match w {
        1 => 'b',
        2 => 'w',
        4 => 'l',
        _ => 'q',
    }
}

fn width_modifier(w: u8) -> char {
    match w {
        1 => 'b',
        2 => 'w',
        4 => 'k',
        _ => 'q',
    }
}

/// Scratch registers a template may use, once clobbered: (64, 32, 16, 8-bit names).
const SCRATCH: [(&str, &str, &str, &str); 9] = [
    ("r10", "r10d", "r10w", "r10b"),
    ("r11", "r11d", "r11w", "r11b"),
    ("r9", "r9d", "r9w", "r9b"),
    ("rbx", "ebx", "bx", "bl"),
    ("r12", "r12d", "r12w", "r12b"),
    ("r15", "r15d", "r15w", "r15b"),
    ("rsi", "esi", "si", "sil"),
    ("rbp", "ebp", "bp", "bpl"),
    ("r14", "r14d", "r14w", "r14b"),
];

fn scratch_name(i: usize, w: u8) -> &'static str {
    let s = SCRATCH[i];
    match w {
        8 => s.0,
        4 => s.1,
        2 => s.2,
        _ => s.3,
    }
}

/// How much a flag definer defines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flags {
    All,
    CarryOnly,
}

const CONDS_ALL: [&str; 30] = [
    "a", "ae", "b", "be", "c", "e", "z", "g", "ge", "l", "le", "o", "p", "s", "na", "nae", "nb", "nbe", "nc", "ne", "ng", "nge",
    "nl", "nle", "no", "np", "ns", "nz", "ae", "e",
];
const CONDS_CARRY: [&str; 6] = ["c", "nc", "b", "ae", "nb", "nae"];

/// One instruction: AT&T and Intel text (operand markers inside), operands read and written.
struct Insn {
    att: String,
    intel: String,
    reads: Vec<usize>,
    writes: Vec<usize>,
}

/// An operand of an instruction.
#[derive(Clone)]
enum Src {
    Op(usize),
    Lit(i64),
    Scratch(usize),
}

/// One generated program: the body of one case function and what it needs at file scope.
pub struct Case {
    /// File-scope declarations (globals the statement uses).
    pub globals: String,
    /// The function, `static void case_<id>(void) {...}`.
    pub function: String,
    /// Whether it must be built with `-masm=intel`.
    pub intel: bool,
    /// Uses `unsigned __int128`, which chibicc lacks: not built with chibicc.
    pub int128: bool,
    /// A one-line description for reports.
    pub summary: String,
}

struct Builder<'r> {
    rng: &'r mut Rng,
    id: u64,
    ops: Vec<Operand>,
    insns: Vec<Insn>,
    scratch_used: Vec<usize>,
    scratch_ok: Vec<usize>,
    /// Flags defined by the last instruction (and how), for consumers.
    flags: Option<Flags>,
    dual: bool,
    intel: bool,
    n_alt: usize,
    labels: usize,
    globals: String,
    clobber_extra: Vec<&'static str>,
}

/// Marker of an operand reference in instruction text, resolved when numbering is final.
fn mark(id: usize, modifier: Option<char>) -> String {
    format!("\u{1}{id}{}\u{2}", modifier.map(String::from).unwrap_or_default())
}

fn label_mark(k: usize) -> String {
    format!("\u{3}{k}\u{2}")
}

impl<'r> Builder<'r> {
    /// The text of operand `id` used at width `w`, or None when that use is not allowed.
    fn opnd(&mut self, id: usize, w: u8) -> Option<String> {
        let o = &self.ops[id];
        if o.ty.size == w {
            let modifier = if o.reg_only() && self.rng.chance(25) { Some(width_modifier(w)) } else { None };
            return Some(mark(id, modifier));
        }
        if o.ty.size > w && o.reg_only() {
            return Some(mark(id, Some(width_modifier(w))));
        }
        None
    }

    fn src_text(&mut self, s: &Src, w: u8) -> Option<(String, String)> {
        match s {
            Src::Op(id) => {
                let t = self.opnd(*id, w)?;
                if self.ops[*id].may_imm() && self.ops[*id].alts.iter().all(|a| a.reg.is_none() && !a.mem) && self.rng.chance(30) {
                    // An immediate-only operand, printed bare after `$` (AT&T) with %c.
                    let c = mark(*id, Some('c'));
                    return Some((format!("${c}"), c));
                }
                Some((t.clone(), t))
            }
            Src::Lit(v) => Some((format!("${v}"), format!("{v}"))),
            Src::Scratch(i) => {
                let n = scratch_name(*i, w);
                Some((format!("%%{n}"), n.to_string()))
            }
        }
    }

    fn is_mem(&self, s: &Src, alt: usize) -> bool {
        matches!(s, Src::Op(id) if self.ops[*id].alts[alt].mem)
    }

    /// No alternative puts both in memory.
    fn no_mem_mem(&self, a: &Src, b: &Src) -> bool {
        (0..self.n_alt).all(|k| !(self.is_mem(a, k) && self.is_mem(b, k)))
    }

    fn imm_ok(&self, s: &Src, w: u8, allow_imm: bool) -> bool {
        match s {
            Src::Lit(v) => allow_imm && alu_imm_fits(*v, w),
            Src::Op(id) => {
                let o = &self.ops[*id];
                !o.may_imm() || (allow_imm && alu_imm_fits(o.value, w))
            }
            Src::Scratch(_) => true,
        }
    }

    /// Sources readable at width `w`: inputs, defined outputs, literals, written scratch.
    fn sources(&self, w: u8) -> Vec<Src> {
        let mut v: Vec<Src> = Vec::new();
        for (i, o) in self.ops.iter().enumerate() {
            let readable = match o.kind {
                Kind::In => true,
                Kind::Out | Kind::Plus => o.defined,
                _ => false,
            };
            if readable && (o.ty.size == w || (o.ty.size > w && o.reg_only())) {
                v.push(Src::Op(i));
            }
        }
        v
    }

    fn random_source(&mut self, w: u8, dst: &Src, allow_imm: bool, allow_mem: bool) -> Option<Src> {
        let mut cands = self.sources(w);
        if allow_imm {
            let lit = match w {
                1 => self.rng.range(-128, 127),
                2 => self.rng.range(-1000, 30000),
                _ => self.rng.range(-100_000, 2_000_000_000),
            };
            cands.push(Src::Lit(lit));
        }
        for _ in 0..8 {
            if cands.is_empty() {
                return None;
            }
            let s = cands[self.rng.below(cands.len())].clone();
            if let (Src::Op(a), Src::Op(b)) = (&s, dst) {
                if a == b {
                    continue;
                }
            }
            if !self.imm_ok(&s, w, allow_imm) || !self.no_mem_mem(&s, dst) {
                continue;
            }
            if !allow_mem && (0..self.n_alt).any(|k| self.is_mem(&s, k)) {
                continue;
            }
            return Some(s);
        }
        None
    }

    fn emit(&mut self, att: String, intel: String, reads: Vec<usize>, writes: Vec<usize>) {
        self.insns.push(Insn { att, intel, reads, writes });
    }

    fn src_ids(s: &Src) -> Vec<usize> {
        match s {
            Src::Op(i) => vec![*i],
            _ => vec![],
        }
    }

    /// Writable outputs (defined, or any when `init`) at width `w` with a register-only need.
    fn dests(&self, w: u8, need_reg: bool, init: bool) -> Vec<usize> {
        (0..self.ops.len())
            .filter(|&i| {
                let o = &self.ops[i];
                let writable = match o.kind {
                    Kind::Out => init || o.defined,
                    Kind::Plus => !init,
                    _ => false,
                };
                writable && (!need_reg || o.reg_only()) && (o.ty.size == w || (o.ty.size > w && o.reg_only()))
            })
            .collect()
    }

    /// `mov` into an undefined `=` output: its full width.
    fn init(&mut self, id: usize) -> bool {
        let size = self.ops[id].ty.size;
        let w = if size == 8 && self.ops[id].reg_only() && self.rng.chance(30) { 4 } else { size };
        let dst = Src::Op(id);
        // A fresh flag-free write: mov, lea or setcc + movzbl.
        let choice = self.rng.below(10);
        if choice == 0 && (w == 4 || w == 8) && self.ops[id].reg_only() && self.lea(id, w) {
            self.ops[id].defined = true;
            return true;
        }
        if choice == 1 && self.ops[id].reg_only() && size <= 4 && self.flag_definer() {
            let cond = self.cond();
            let d = mark(id, Some('b'));
            let dk = mark(id, Some('k'));
            if size == 1 {
                self.emit(format!("set{cond} {d}"), format!("set{cond} {d}"), vec![], vec![id]);
            } else {
                self.emit(format!("set{cond} {d}\n\tmovzbl {d}, {dk}"), format!("set{cond} {d}\n\tmovzx {dk}, {d}"), vec![], vec![id]);
            }
            self.flags = None;
            self.ops[id].defined = true;
            return true;
        }
        let Some(src) = self.random_source(w, &dst, true, true) else { return false };
        let Some((sa, si)) = self.src_text(&src, w) else { return false };
        let Some(d) = (if w < size { Some(mark(id, Some('k'))) } else { self.opnd(id, w) }) else { return false };
        let sx = suffix(w);
        self.emit(format!("mov{sx} {sa}, {d}"), format!("mov {d}, {si}"), Self::src_ids(&src), vec![id]);
        self.ops[id].defined = true;
        true
    }

    fn lea(&mut self, id: usize, w: u8) -> bool {
        // Base and index must be registers holding at least `w` meaningful bytes... at 32 bits
        // only their low 32 bits matter.
        let regs: Vec<usize> = (0..self.ops.len())
            .filter(|&i| {
                let o = &self.ops[i];
                i != id && o.reg_only() && o.ty.size >= w && (matches!(o.kind, Kind::In) || (matches!(o.kind, Kind::Out | Kind::Plus) && o.defined))
            })
            .collect();
        if regs.is_empty() {
            return false;
        }
        let b = *self.rng.pick(&regs);
        let x = *self.rng.pick(&regs);
        let scale = *self.rng.pick(&[1, 2, 4, 8]);
        let disp_op: Vec<usize> = (0..self.ops.len()).filter(|&i| self.ops[i].kind == Kind::In && self.ops[i].constant && self.ops[i].alts.iter().all(|a| a.reg.is_none() && !a.mem && a.imm.is_some()) && alu_imm_fits(self.ops[i].value, 8)).collect();
        let disp = if !disp_op.is_empty() && self.rng.chance(50) { mark(*self.rng.pick(&disp_op), Some('c')) } else { self.rng.range(-64, 64).to_string() };
        let mut reads = vec![b, x];
        if let Some(i) = disp_op.iter().find(|i| disp.contains(&mark(**i, Some('c')))) {
            reads.push(*i);
        }
        let (bq, xq) = (mark(b, Some('q')), mark(x, Some('q')));
        let d = if w == 8 { mark(id, Some('q')) } else { mark(id, Some('k')) };
        let sx = suffix(w);
        self.emit(format!("lea{sx} {disp}({bq},{xq},{scale}), {d}"), format!("lea {d}, [{disp}+{bq}+{xq}*{scale}]"), reads, vec![id]);
        true
    }

    fn cond(&mut self) -> &'static str {
        match self.flags {
            Some(Flags::CarryOnly) => CONDS_CARRY[self.rng.below(CONDS_CARRY.len())],
            _ => CONDS_ALL[self.rng.below(CONDS_ALL.len())],
        }
    }

    /// A flag definer over any readable operands: cmp, test, or bt.
    fn flag_definer(&mut self) -> bool {
        for _ in 0..6 {
            let w = *self.rng.pick(&[1u8, 2, 4, 8, 4, 8]);
            // The compared operand: an input or defined output, never an immediate.
            let b: Vec<Src> = self.sources(w).into_iter().filter(|s| matches!(s, Src::Op(i) if !self.ops[*i].may_imm())).collect();
            if b.is_empty() {
                continue;
            }
            let bs = b[self.rng.below(b.len())].clone();
            let kind = self.rng.below(5);
            if kind == 4 && w >= 2 {
                // bt $imm, b: only CF.
                let k = self.rng.range(0, (w as i64) * 8 - 1);
                let Some((ba, bi)) = self.src_text(&bs, w) else { continue };
                self.emit(format!("bt{} ${k}, {ba}", suffix(w)), format!("bt {bi}, {k}"), Self::src_ids(&bs), vec![]);
                self.flags = Some(Flags::CarryOnly);
                return true;
            }
            let Some(a) = self.random_source(w, &bs, true, true) else { continue };
            let (Some((aa, ai)), Some((ba, bi))) = (self.src_text(&a, w), self.src_text(&bs, w)) else { continue };
            let op = if kind == 3 { "test" } else { "cmp" };
            let mut reads = Self::src_ids(&a);
            reads.extend(Self::src_ids(&bs));
            self.emit(format!("{op}{} {aa}, {ba}", suffix(w)), format!("{op} {bi}, {ai}"), reads, vec![]);
            self.flags = Some(Flags::All);
            return true;
        }
        false
    }

    /// One random instruction that modifies a defined output (or a scratch register).
    fn random_op(&mut self) -> bool {
        let w = *self.rng.pick(&[1u8, 2, 4, 8, 4, 8, 8]);
        let k = self.rng.below(14);
        match k {
            0..=3 => {
                // ALU: add sub and or xor, src -> dst.
                let ds = self.dests(w, false, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let dst = Src::Op(d);
                let Some(src) = self.random_source(w, &dst, true, true) else { return false };
                let op = *self.rng.pick(&["add", "sub", "and", "or", "xor"]);
                let (Some((sa, si)), Some(dt)) = (self.src_text(&src, w), self.opnd(d, w)) else { return false };
                let mut reads = Self::src_ids(&src);
                reads.push(d);
                self.emit(format!("{op}{} {sa}, {dt}", suffix(w)), format!("{op} {dt}, {si}"), reads, vec![d]);
                self.flags = Some(Flags::All);
                true
            }
            4 => {
                // Unary.
                let ds = self.dests(w, false, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let op = *self.rng.pick(&["neg", "not", "inc", "dec"]);
                let Some(dt) = self.opnd(d, w) else { return false };
                self.emit(format!("{op}{} {dt}", suffix(w)), format!("{op} {dt}"), vec![d], vec![d]);
                self.flags = None;
                true
            }
            5 | 6 => {
                // Shift or rotate by an immediate input, a literal, or %cl.
                let ds = self.dests(w, false, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let op = *self.rng.pick(&["shl", "shr", "sar", "rol", "ror"]);
                let counts: Vec<usize> = (0..self.ops.len())
                    .filter(|&i| {
                        let o = &self.ops[i];
                        o.kind == Kind::In && (o.fixed() == Some('c') && o.reg_only() || (o.constant && o.alts.iter().all(|a| a.reg.is_none() && !a.mem && a.imm.is_some()) && (0..=255).contains(&o.value)))
                    })
                    .collect();
                let (ca, ci, reads) = if !counts.is_empty() && self.rng.chance(70) {
                    let c = *self.rng.pick(&counts);
                    if self.ops[c].fixed() == Some('c') {
                        let m = mark(c, Some('b'));
                        (m.clone(), m, vec![c, d])
                    } else if self.rng.chance(50) {
                        let m = mark(c, None);
                        (m.clone(), m, vec![c, d])
                    } else {
                        let m = mark(c, Some('c'));
                        (format!("${m}"), m, vec![c, d])
                    }
                } else {
                    let n = self.rng.range(1, (w as i64) * 8 - 1);
                    (format!("${n}"), n.to_string(), vec![d])
                };
                let Some(dt) = self.opnd(d, w) else { return false };
                self.emit(format!("{op}{} {ca}, {dt}", suffix(w)), format!("{op} {dt}, {ci}"), reads, vec![d]);
                self.flags = None;
                true
            }
            7 => {
                // imul src, reg.
                if w == 1 {
                    return false;
                }
                let ds = self.dests(w, true, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let dst = Src::Op(d);
                let Some(src) = self.random_source(w, &dst, false, true) else { return false };
                let (Some((sa, si)), Some(dt)) = (self.src_text(&src, w), self.opnd(d, w)) else { return false };
                let mut reads = Self::src_ids(&src);
                reads.push(d);
                self.emit(format!("imul{} {sa}, {dt}", suffix(w)), format!("imul {dt}, {si}"), reads, vec![d]);
                self.flags = None;
                true
            }
            8 => {
                // cmovcc src, reg (after a flag definer).
                if w == 1 {
                    return false;
                }
                let ds = self.dests(w, true, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let dst = Src::Op(d);
                let Some(src) = self.random_source(w, &dst, false, true) else { return false };
                if !self.flag_definer() {
                    return false;
                }
                let cond = self.cond();
                let (Some((sa, si)), Some(dt)) = (self.src_text(&src, w), self.opnd(d, w)) else { return false };
                let mut reads = Self::src_ids(&src);
                reads.push(d);
                self.emit(format!("cmov{cond}{} {sa}, {dt}", suffix(w)), format!("cmov{cond} {dt}, {si}"), reads, vec![d]);
                true
            }
            9 => {
                // bswap, or xchg of two same-sized register outputs, or xchg %h/%b.
                let choice = self.rng.below(3);
                if choice == 0 && (w == 4 || w == 8) {
                    let ds = self.dests(w, true, false);
                    if ds.is_empty() {
                        return false;
                    }
                    let d = *self.rng.pick(&ds);
                    let dt = mark(d, Some(width_modifier(w)));
                    self.emit(format!("bswap {dt}"), format!("bswap {dt}"), vec![d], vec![d]);
                    return true;
                }
                if choice == 1 {
                    let ds = self.dests(w, true, false);
                    let same: Vec<usize> = ds.iter().copied().filter(|&i| self.ops[i].ty.size == w).collect();
                    if same.len() < 2 {
                        return false;
                    }
                    let a = same[0];
                    let b = same[1];
                    let (at, bt) = (mark(a, None), mark(b, None));
                    self.emit(format!("xchg{} {at}, {bt}", suffix(w)), format!("xchg {bt}, {at}"), vec![a, b], vec![a, b]);
                    return true;
                }
                // xchg %h0, %b0 on a Q output of at least 2 bytes.
                let ds: Vec<usize> = self.dests(2, true, false).into_iter().filter(|&i| self.ops[i].has_high() && self.ops[i].ty.size >= 2).collect();
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let (h, b) = (mark(d, Some('h')), mark(d, Some('b')));
                self.emit(format!("xchgb {h}, {b}"), format!("xchg {b}, {h}"), vec![d], vec![d]);
                true
            }
            10 => {
                // bts/btr/btc $k, dst then maybe a carry consumer.
                if w == 1 {
                    return false;
                }
                let ds = self.dests(w, false, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let op = *self.rng.pick(&["bts", "btr", "btc"]);
                let n = self.rng.range(0, w as i64 * 8 - 1);
                let Some(dt) = self.opnd(d, w) else { return false };
                self.emit(format!("{op}{} ${n}, {dt}", suffix(w)), format!("{op} {dt}, {n}"), vec![d], vec![d]);
                self.flags = Some(Flags::CarryOnly);
                true
            }
            11 => {
                // movzx from the high byte of a Q operand into a legacy register output.
                let srcs: Vec<usize> = (0..self.ops.len()).filter(|&i| self.ops[i].has_high() && self.ops[i].ty.size >= 2 && (self.ops[i].kind == Kind::In || (matches!(self.ops[i].kind, Kind::Out | Kind::Plus) && self.ops[i].defined))).collect();
                let ds: Vec<usize> = (0..self.ops.len()).filter(|&i| matches!(self.ops[i].kind, Kind::Out) && self.ops[i].legacy() && self.ops[i].ty.size >= 4).collect();
                if srcs.is_empty() || ds.is_empty() {
                    return false;
                }
                let s = *self.rng.pick(&srcs);
                let d = *self.rng.pick(&ds);
                if s == d {
                    return false;
                }
                let (h, k) = (mark(s, Some('h')), mark(d, Some('k')));
                self.emit(format!("movzbl {h}, {k}"), format!("movzx {k}, {h}"), vec![s], vec![d]);
                self.ops[d].defined = true;
                true
            }
            12 => {
                // A clobbered scratch register as a temporary: mov src, scratch; add scratch, dst.
                if self.scratch_ok.is_empty() {
                    return false;
                }
                let ds = self.dests(w, false, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let sc = *self.rng.pick(&self.scratch_ok.clone());
                let scr = Src::Scratch(sc);
                let Some(src) = self.random_source(w, &scr, true, true) else { return false };
                let (Some((sa, si)), Some((ra, ri)), Some(dt)) = (self.src_text(&src, w), self.src_text(&scr, w), self.opnd(d, w)) else { return false };
                let sx = suffix(w);
                self.emit(format!("mov{sx} {sa}, {ra}\n\txor{sx} {ra}, {dt}"), format!("mov {ri}, {si}\n\txor {dt}, {ri}"), [Self::src_ids(&src), vec![d]].concat(), vec![d]);
                if !self.scratch_used.contains(&sc) {
                    self.scratch_used.push(sc);
                }
                self.flags = Some(Flags::All);
                true
            }
            _ => {
                // %= local label: skip an increment when zero.
                let ds = self.dests(w, false, false);
                if ds.is_empty() {
                    return false;
                }
                let d = *self.rng.pick(&ds);
                let Some(dt) = self.opnd(d, w) else { return false };
                let sx = suffix(w);
                // One label per use: `%=` is the same number throughout the statement.
                let l = format!(".Lz{}_%=", self.insns.len());
                self.emit(
                    format!("cmp{sx} $0, {dt}\n\tjz {l}\n\tinc{sx} {dt}\n{l}:"),
                    format!("cmp {dt}, 0\n\tjz {l}\n\tinc {dt}\n{l}:"),
                    vec![d],
                    vec![d],
                );
                self.flags = None;
                true
            }
        }
    }
}

fn class_alt(rng: &mut Rng, fixed_free: &mut Vec<char>, q_budget: &mut usize, allow_fixed: bool) -> RegC {
    let r = rng.below(20);
    if allow_fixed && r < 4 && !fixed_free.is_empty() {
        let i = rng.below(fixed_free.len());
        return RegC::Fixed(fixed_free.remove(i));
    }
    if r < 6 && *q_budget > 0 {
        *q_budget -= 1;
        return RegC::HighQ;
    }
    RegC::Wide(*rng.pick(&['r', 'r', 'r', 'q', 'R', 'U', 'l']))
}

fn imm_letter_value(rng: &mut Rng, ty: Ty) -> (char, i64) {
    let l = *rng.pick(&['i', 'n', 'I', 'J', 'K', 'L', 'M', 'N', 'e', 'Z']);
    let v = match l {
        'I' => rng.range(0, 31),
        'J' => rng.range(0, 63),
        'K' => rng.range(-128, 127),
        'L' => *rng.pick(&[0xff, 0xffff, 0xffff_ffff]),
        'M' => rng.range(0, 3),
        'N' => rng.range(0, 255),
        'Z' => rng.range(0, u32::MAX as i64),
        _ => rng.range(-70000, 70000),
    };
    // The C value must survive the type, and gcc's (sign-extended) view of it must still
    // satisfy the letter.
    if ty.wrap(v) != v || !letter_accepts(l, ty.sext(v)) {
        return ('n', ty.sext(ty.wrap(rng.range(-100, 100))));
    }
    (l, ty.sext(v))
}

fn random_value(rng: &mut Rng, ty: Ty) -> i64 {
    let v = match rng.below(4) {
        0 => rng.range(-10, 10),
        1 => rng.range(-100_000, 100_000),
        _ => rng.next() as i64,
    };
    ty.wrap(v)
}

/// One case: a random statement and its harness. `intel`: the program is built with `-masm=intel`.
pub fn generate(seed: u64, index: u64) -> Case {
    // One program in ten is a 16-byte case, chosen by a stream of its own, so every other
    // program of a seed is what it was before these cases existed.
    let mut side = Rng::for_program(seed ^ 0x1616_1616_1616_1616, index);
    if side.chance(10) {
        let intel = side.chance(12);
        return wide_case(&mut side, index, intel);
    }
    // One in four of the others: memory operands as multi-precision code has them, again from
    // a stream of its own.
    let mut mem = Rng::for_program(seed ^ 0x6d6d_6d6d_6d6d_6d6d, index);
    if mem.chance(25) {
        let intel = mem.chance(12);
        return mem_case(&mut mem, index, intel);
    }
    let mut rng = Rng::for_program(seed, index);
    let intel = rng.chance(12);
    match rng.below(20) {
        0 | 1 => string_case(&mut rng, index, intel),
        _ => alu_case(&mut rng, index, intel),
    }
}

fn alu_case(rng: &mut Rng, id: u64, intel: bool) -> Case {
    let goto = rng.chance(20);
    let n_alt = if rng.chance(80) { 1 } else { 2 + rng.below(2) };
    let mut fixed_free: Vec<char> = vec!['a', 'b', 'c', 'd', 'S', 'D'];
    let mut q_budget = 2usize;
    let mut ops: Vec<Operand> = Vec::new();
    let mut used_values: Vec<i64> = Vec::new();
    let fresh = |rng: &mut Rng, ty: Ty, used: &mut Vec<i64>| loop {
        let v = random_value(rng, ty);
        if !used.contains(&v) {
            used.push(v);
            return v;
        }
    };
    // Now and then many operands: thunk arguments on the stack, outputs beyond the two
    // returned in registers, callee-saved scratch registers.
    let pressure = rng.chance(15);
    let n_out = if goto { rng.below(3) } else if pressure { 1 + rng.below(4) } else { 1 + rng.below(3) };
    let n_flag = if !goto && n_alt == 1 && rng.chance(30) { 1 + rng.below(2) } else { 0 };
    let goto_mem = goto && rng.chance(25);
    for _ in 0..n_out {
        let ty = Ty::random(rng);
        let plus = rng.chance(35);
        let fixed_one = !pressure && rng.chance(20);
        let mut alts = Vec::new();
        let fixed = if fixed_one { class_alt(rng, &mut fixed_free, &mut 0, true) } else { RegC::Wide('r') };
        for _ in 0..n_alt {
            // Memory outputs of asm goto only now and then (gcc 12 mishandles "+m" goto outputs
            // at -Os; the oracle here is -O2). No memory in a `+` output with alternatives:
            // gcc 12 miscompiles `"+m,r"(x) : "m,r"(y)` when it picks the memory alternative
            // (it operates on an uninitialized stack slot; found by this generator, seed 12
            // program 675).
            let mem_ok = (!goto || goto_mem) && !(plus && n_alt > 1);
            let a = match rng.below(10) {
                _ if matches!(fixed, RegC::Fixed(_)) => Alt { reg: Some(fixed), mem: false, imm: None },
                0 | 1 if mem_ok => Alt { reg: None, mem: true, imm: None },
                2 if mem_ok => Alt { reg: Some(RegC::Wide('r')), mem: true, imm: None },
                _ => Alt { reg: Some(class_alt(rng, &mut Vec::new(), &mut q_budget, false)), mem: false, imm: None },
            };
            alts.push(a);
        }
        let value = if plus { fresh(rng, ty, &mut used_values) } else { 0 };
        ops.push(Operand { kind: if plus { Kind::Plus } else { Kind::Out }, ty, alts, name: None, expr: String::new(), value, constant: false, early: false, commutative: false, defined: plus });
    }
    for _ in 0..n_flag {
        let conds = CONDS_ALL;
        let c = *rng.pick(&conds);
        let ty = *rng.pick(&[Ty { size: 1, signed: false, boolean: true, long_long: false }, Ty::int(4, true), Ty::int(1, false), Ty::int(8, false)]);
        ops.push(Operand { kind: Kind::Flag(c), ty, alts: vec![Alt { reg: None, mem: false, imm: None }], name: None, expr: String::new(), value: 0, constant: false, early: false, commutative: false, defined: false });
    }
    let n_out_all = ops.len();
    let n_in = if pressure { 4 + rng.below(5) } else { rng.below(5) };
    for _ in 0..n_in {
        let ty = Ty::random(rng);
        let r = rng.below(20);
        let mut constant = false;
        let mut alts = Vec::new();
        let mut value;
        if r < 4 {
            // Immediate only.
            let (l, v) = imm_letter_value(rng, ty);
            value = v;
            constant = true;
            if used_values.contains(&value) {
                continue;
            }
            used_values.push(value);
            for _ in 0..n_alt {
                alts.push(Alt { reg: None, mem: false, imm: Some(l) });
            }
        } else {
            value = fresh(rng, ty, &mut used_values);
            let fixed = if !pressure && rng.chance(20) { class_alt(rng, &mut fixed_free, &mut 0, true) } else { RegC::Wide('r') };
            let is_fixed = matches!(fixed, RegC::Fixed(_));
            let mut any_mem_only = false;
            for _ in 0..n_alt {
                let a = match rng.below(10) {
                    _ if is_fixed => Alt { reg: Some(fixed), mem: false, imm: None },
                    0 | 1 => {
                        any_mem_only = true;
                        Alt { reg: None, mem: true, imm: None }
                    }
                    2 => Alt { reg: Some(RegC::Wide('r')), mem: true, imm: None },
                    3 => Alt { reg: Some(RegC::Wide('r')), mem: true, imm: Some('i') },
                    4 | 5 => {
                        let (l, _) = imm_letter_value(rng, ty);
                        Alt { reg: Some(class_alt(rng, &mut Vec::new(), &mut q_budget, false)), mem: false, imm: Some(l) }
                    }
                    _ => Alt { reg: Some(class_alt(rng, &mut Vec::new(), &mut q_budget, false)), mem: false, imm: None },
                };
                alts.push(a);
            }
            // A constant may go in an immediate or register alternative, never in memory alone.
            if !any_mem_only && alts.iter().any(|a| a.imm.is_some()) && rng.chance(50) {
                constant = true;
                if rng.chance(60) {
                    let l = alts.iter().find_map(|a| a.imm).unwrap_or('i');
                    let (_, v) = imm_letter_value_for(rng, l, ty);
                    if !used_values.contains(&v) {
                        value = v;
                        used_values.push(v);
                    }
                }
            }
        }
        let value = if constant { ty.sext(value) } else { value };
        ops.push(Operand { kind: Kind::In, ty, alts, name: None, expr: String::new(), value, constant, early: false, commutative: false, defined: false });
    }
    // Ties: an input carrying the initial value of an `=` register output.
    let outs: Vec<usize> = (0..n_out_all).filter(|&i| ops[i].kind == Kind::Out && ops[i].reg_only() && !goto).collect();
    let mut tied_outs = Vec::new();
    if !outs.is_empty() && rng.chance(30) {
        let o = *rng.pick(&outs);
        let ty = ops[o].ty;
        let value = fresh(rng, ty, &mut used_values);
        ops[o].defined = true;
        tied_outs.push(o);
        let commutative = rng.chance(40);
        ops.push(Operand { kind: Kind::Tied(o), ty, alts: vec![Alt { reg: None, mem: false, imm: None }; n_alt], name: None, expr: String::new(), value, constant: false, early: false, commutative: false, defined: false });
        if commutative && n_alt == 1 {
            // `%`: the next input is added (a commutative op) into the output as its first
            // use, so swapping the two gives the same result.
            let t = ops.len() - 1;
            let v2 = fresh(rng, ty, &mut used_values);
            ops[t].commutative = true;
            ops.push(Operand { kind: Kind::In, ty, alts: vec![Alt { reg: Some(RegC::Wide('r')), mem: rng.chance(30), imm: None }], name: None, expr: String::new(), value: v2, constant: false, early: false, commutative: false, defined: false });
        }
    }
    // Q has four registers: keep fixed a b c d plus Q operands within three.
    let abcd = ops.iter().filter(|o| matches!(o.fixed(), Some('a' | 'b' | 'c' | 'd'))).count();
    let mut q_ops: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].alts.iter().any(|a| a.reg == Some(RegC::HighQ))).collect();
    while abcd + q_ops.len() > 3 {
        let i = q_ops.pop().expect("non-empty");
        for a in &mut ops[i].alts {
            if a.reg == Some(RegC::HighQ) {
                a.reg = Some(RegC::Wide('q'));
            }
        }
    }
    // Names for some operands.
    for (i, o) in ops.iter_mut().enumerate() {
        if rng.chance(30) {
            o.name = Some(format!("n{i}"));
        }
    }
    let mut clobber_extra = Vec::new();
    if rng.chance(40) {
        clobber_extra.push("cc");
    }
    if rng.chance(30) {
        clobber_extra.push("memory");
    }
    let fixed_used: Vec<char> = ops.iter().filter_map(|o| o.fixed()).collect();
    let scratch_ok: Vec<usize> = (0..SCRATCH.len())
        .filter(|&i| match SCRATCH[i].0 {
            "rbx" => !fixed_used.contains(&'b') && q_budget == 2,
            "rsi" => !fixed_used.contains(&'S'),
            _ => true,
        })
        .filter(|_| rng.chance(35))
        .take(if pressure { 3 } else { 2 })
        .collect();
    let dual = intel || rng.chance(15);
    let labels = if goto { 1 + rng.below(3) } else { 0 };
    let mut b = Builder { rng, id, ops, insns: Vec::new(), scratch_used: Vec::new(), scratch_ok, flags: None, dual, intel, n_alt, labels, globals: String::new(), clobber_extra };

    // The template: initialize every `=` output, interleaved with random work.
    let mut pending: Vec<usize> = (0..n_out_all).filter(|&i| b.ops[i].kind == Kind::Out && !b.ops[i].defined).collect();
    // The `%` pair: its first use.
    if let Some(t) = (0..b.ops.len()).find(|&i| b.ops[i].commutative) {
        let Kind::Tied(o) = b.ops[t].kind else { unreachable!() };
        let w = b.ops[o].ty.size;
        let op = *b.rng.pick(&["add", "and", "or", "xor", "imul"]);
        let op = if op == "imul" && w == 1 { "add" } else { op };
        let (s, d) = (mark(t + 1, None), mark(o, None));
        b.emit(format!("{op}{} {s}, {d}", suffix(w)), format!("{op} {d}, {s}"), vec![t + 1, o], vec![o]);
        b.ops[t + 1].kind = Kind::Partner;
    }
    let n_ops = b.rng.below(6);
    let mut guard = 0;
    let mut jumps = 0;
    while (!pending.is_empty() || guard < n_ops || (goto && jumps == 0)) && guard < 60 {
        guard += 1;
        if !pending.is_empty() && (b.rng.chance(60) || guard >= n_ops) {
            let i = b.rng.below(pending.len());
            if b.init(pending[i]) {
                pending.remove(i);
            }
            continue;
        }
        if goto && pending.is_empty() && b.rng.chance(40) {
            if b.flag_definer() {
                let cond = b.cond();
                let k = b.rng.below(b.labels);
                let l = label_mark(k);
                b.emit(format!("j{cond} {l}"), format!("j{cond} {l}"), vec![], vec![]);
                jumps += 1;
            }
            continue;
        }
        b.random_op();
    }
    if !pending.is_empty() || (goto && jumps == 0) {
        // Could not build it (nothing to read): fall back to a trivial statement.
        return trivial_case(b.rng, id, intel);
    }
    if n_flag > 0 {
        let mut ok = false;
        for _ in 0..10 {
            if b.flag_definer() {
                ok = true;
                break;
            }
        }
        if !ok || b.flags != Some(Flags::All) {
            // Flag outputs need a definer of every flag: compare the first output with itself
            // or fall back.
            let x = (0..b.ops.len()).find(|&i| matches!(b.ops[i].kind, Kind::In) && !b.ops[i].may_imm() || matches!(b.ops[i].kind, Kind::Out | Kind::Plus) && b.ops[i].defined);
            let Some(x) = x else { return trivial_case(b.rng, id, intel) };
            let w = b.ops[x].ty.size;
            let t = mark(x, None);
            b.emit(format!("cmp{} $0, {t}", suffix(w)), format!("cmp {t}, 0"), vec![x], vec![]);
        }
    }
    finish(b, goto)
}

fn imm_letter_value_for(rng: &mut Rng, l: char, ty: Ty) -> (char, i64) {
    for _ in 0..20 {
        let (_, v) = imm_letter_value(rng, ty);
        if letter_accepts(l, v) && ty.sext(ty.wrap(v)) == v {
            return (l, v);
        }
    }
    (l, ty.sext(ty.wrap(1)))
}

/// Numbers operands, decides early clobbers, and writes the C function.
fn finish(mut b: Builder, goto: bool) -> Case {
    let id = b.id;
    // Early clobber: an `=` output (not tied) written before the last read of another operand.
    let n = b.ops.len();
    for o in 0..n {
        if b.ops[o].kind != Kind::Out || b.ops.iter().any(|x| x.kind == Kind::Tied(o)) {
            continue;
        }
        let first_write = b.insns.iter().position(|i| i.writes.contains(&o));
        let Some(fw) = first_write else { continue };
        let later_read = b.insns.iter().enumerate().skip(fw + 1).any(|(_, i)| i.reads.iter().chain(&i.writes).any(|&p| p != o && (matches!(b.ops[p].kind, Kind::In | Kind::Tied(_) | Kind::Partner) || b.ops[p].may_mem())));
        if later_read || b.rng.chance(10) {
            b.ops[o].early = true;
        }
    }
    // gcc numbering: outputs (in order), inputs; `+` hidden inputs and labels come after.
    let outputs: Vec<usize> = (0..n).filter(|&i| b.ops[i].is_output()).collect();
    let inputs: Vec<usize> = (0..n).filter(|&i| !b.ops[i].is_output()).collect();
    let order: Vec<usize> = outputs.iter().chain(&inputs).copied().collect();
    let number = |id: usize| order.iter().position(|&x| x == id).expect("numbered");
    let n_plus = outputs.iter().filter(|&&i| b.ops[i].kind == Kind::Plus).count();
    let first_label = order.len() + n_plus;

    // C names.
    for (k, &i) in order.iter().enumerate() {
        let o = &mut b.ops[i];
        o.expr = if o.constant { String::new() } else { format!("v{k}") };
    }
    // Each instruction as `{att|intel}` when dual; a multi-line one is split so that each
    // line is its own pair (labels stay bare).
    let mut lines = Vec::new();
    for i in &b.insns {
        if b.dual && i.att.contains('\n') {
            let a: Vec<&str> = i.att.split('\n').map(|l| l.trim_start_matches('\t')).collect();
            let t: Vec<&str> = i.intel.split('\n').map(|l| l.trim_start_matches('\t')).collect();
            for (x, y) in a.iter().zip(&t) {
                if x.ends_with(':') {
                    lines.push(x.to_string());
                } else {
                    lines.push(format!("{{{x}|{y}}}"));
                }
            }
        } else if b.dual {
            lines.push(format!("{{{}|{}}}", i.att, i.intel));
        } else {
            lines.push(i.att.clone());
        }
    }
    let mut tmpl = lines.join("\n\t");
    // Resolve operand markers.
    let mut out = String::new();
    let mut chars = tmpl.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1}' || c == '\u{3}' {
            let mut body = String::new();
            for d in chars.by_ref() {
                if d == '\u{2}' {
                    break;
                }
                body.push(d);
            }
            let digits: String = body.chars().take_while(|c| c.is_ascii_digit()).collect();
            let modifier: String = body[digits.len()..].to_string();
            let k: usize = digits.parse().expect("marker number");
            if c == '\u{3}' {
                if b.rng.chance(50) {
                    let _ = write!(out, "%l[L{id}_{k}]");
                } else {
                    let _ = write!(out, "%l{}", first_label + k);
                }
            } else {
                let num = number(k);
                match &b.ops[k].name {
                    Some(nm) if b.rng.chance(70) => {
                        let _ = write!(out, "%{modifier}[{nm}]");
                    }
                    _ => {
                        let _ = write!(out, "%{modifier}{num}");
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    tmpl = out;

    // The C function.
    let mut f = String::new();
    let mut decl = String::new();
    let mut after = String::new();
    for (k, &i) in order.iter().enumerate() {
        let global = b.ops[i].may_mem() && b.rng.chance(40);
        let static_ok = b.rng.chance(50);
        let through_pointer = b.rng.chance(15);
        let o = &mut b.ops[i];
        let t = o.ty.c_name();
        match o.kind {
            Kind::Flag(_) => {
                let _ = writeln!(decl, "  {t} v{k};");
                let _ = writeln!(after, "  printf(\"c{id} flag{k}=%d\\n\", (int)v{k});");
            }
            Kind::Out | Kind::Plus => {
                let init = if o.kind == Kind::Plus { format!(" = {}", o.ty.literal(o.value)) } else { String::new() };
                if global {
                    o.expr = format!("g{id}_{k}");
                    let st = if static_ok { "static " } else { "" };
                    let _ = writeln!(b.globals, "{st}{t} g{id}_{k}{init};");
                } else if o.kind == Kind::Plus {
                    let _ = writeln!(decl, "  volatile {t} i{k}{init}; {t} v{k} = i{k};");
                } else {
                    let _ = writeln!(decl, "  {t} v{k};");
                }
                let shown = o.expr.clone();
                if !global && through_pointer {
                    // An lvalue with a side effect (reading a volatile pointer): evaluated once.
                    let _ = writeln!(decl, "  {t} *volatile p{k} = &v{k};");
                    o.expr = format!("*p{k}");
                }
                let _ = writeln!(after, "  printf(\"c{id} out{k}=%llx\\n\", (unsigned long long){shown});");
            }
            Kind::In | Kind::Tied(_) | Kind::Partner => {
                if o.constant {
                    continue;
                }
                let lit = o.ty.literal(o.value);
                if global {
                    // Not static: gcc must not fold its value into a constant.
                    o.expr = format!("g{id}_{k}");
                    let _ = writeln!(b.globals, "{t} g{id}_{k} = {lit};");
                } else {
                    let _ = writeln!(decl, "  volatile {t} i{k} = {lit}; {t} v{k} = i{k};");
                    if through_pointer {
                        let _ = writeln!(decl, "  {t} *volatile p{k} = &v{k};");
                        o.expr = format!("*p{k}");
                    }
                }
            }
        }
    }
    let expr_of = |i: usize, b: &Builder| -> String {
        let o = &b.ops[i];
        if o.constant {
            // Sometimes a constant expression rather than a literal.
            let lit = o.ty.literal(o.value);
            // Cast: a literal alone is an int, and the operand's width follows the C type.
            let t = o.ty.c_name();
            if o.value > 4 && o.value < 1000 && (o.value % 3 == 0) {
                format!("({t})({} * 3)", o.value / 3)
            } else if o.ty.size < 4 || o.value < 0 || b.ops.len() & 1 == 0 {
                format!("({t}){lit}")
            } else {
                lit
            }
        } else {
            o.expr.clone()
        }
    };
    let tie_text = |o: usize, b: &Builder| -> String {
        match &b.ops[o].name {
            Some(nm) if b.n_alt == 1 => format!("[{nm}]"),
            _ => number(o).to_string(),
        }
    };
    let mut outs_c = Vec::new();
    for &i in &outputs {
        let o = &b.ops[i];
        let c = o.constraint(|_| String::new());
        let name = o.name.as_ref().map(|n| format!("[{n}] ")).unwrap_or_default();
        outs_c.push(format!("{name}\"{c}\"({})", o.expr));
    }
    let mut ins_c = Vec::new();
    for &i in &inputs {
        let o = &b.ops[i];
        let c = o.constraint(|t| tie_text(t, &b));
        let name = o.name.as_ref().map(|n| format!("[{n}] ")).unwrap_or_default();
        ins_c.push(format!("{name}\"{c}\"({})", expr_of(i, &b)));
    }
    let mut clobbers: Vec<String> = b.scratch_used.iter().map(|&s| SCRATCH[s].0.to_string()).collect();
    for c in &b.clobber_extra {
        clobbers.push(c.to_string());
    }
    let clob: Vec<String> = clobbers.iter().map(|c| if b.rng.chance(20) && c.starts_with('r') { format!("\"%{c}\"") } else { format!("\"{c}\"") }).collect();
    let kw = *b.rng.pick(&["asm", "__asm__", "__asm"]);
    let vol = if goto { *b.rng.pick(&["", " volatile"]) } else { *b.rng.pick(&["", " volatile", " __volatile__"]) };
    let goto_kw = if goto { " goto" } else { "" };
    // Split the template over several literals now and then.
    let lit = c_string(&tmpl);
    let lit = if b.rng.chance(30) { lit.replace("\\n\\t", "\\n\\t\" \"") } else { lit };
    let mut stmt = format!("  {kw}{vol}{goto_kw}(\"{lit}\"\n      : {}\n      : {}", outs_c.join(", "), ins_c.join(", "));
    if !clob.is_empty() || goto {
        let _ = write!(stmt, "\n      : {}", clob.join(", "));
    }
    if goto {
        let ls: Vec<String> = (0..b.labels).map(|k| format!("L{id}_{k}")).collect();
        let _ = write!(stmt, "\n      : {}", ls.join(", "));
    }
    stmt.push_str(");\n");
    let _ = writeln!(f, "static void case_{id}(void) {{");
    f.push_str(&decl);
    f.push_str(&stmt);
    if goto {
        let _ = writeln!(f, "  printf(\"c{id} edge=fall\\n\");");
        f.push_str(&after);
        let _ = writeln!(f, "  return;");
        for k in 0..b.labels {
            let _ = writeln!(f, "L{id}_{k}:\n  printf(\"c{id} edge=L{k}\\n\");");
            f.push_str(&after);
            let _ = writeln!(f, "  return;");
        }
    } else {
        f.push_str(&after);
    }
    f.push_str("}\n");
    let summary = format!("{} ops, {} insns{}{}", b.ops.len(), b.insns.len(), if goto { ", goto" } else { "" }, if b.n_alt > 1 { ", alternatives" } else { "" });
    Case { globals: b.globals, function: f, intel: b.intel, int128: false, summary }
}

fn c_string(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c => o.push(c),
        }
    }
    o
}

/// The fallback when the random operands left nothing to compute.
fn trivial_case(rng: &mut Rng, id: u64, intel: bool) -> Case {
    let v = rng.next() as i64;
    let function = format!(
        "static void case_{id}(void) {{\n  volatile long i1 = {v}LL; long v1 = i1; long v0;\n  __asm__(\"{{movq %1, %0|mov %0, %1}}\\n\\t{{addq $1, %0|add %0, 1}}\" : \"=r\"(v0) : \"r\"(v1));\n  printf(\"c{id} out0=%llx\\n\", (unsigned long long)v0);\n}}\n"
    );
    Case { globals: String::new(), function, intel, int128: false, summary: "trivial".into() }
}

/// `rep movsb` / `rep stosb` / `rep stosl` / `repe cmpsb` with `+D +S +c` and `memory`.
fn string_case(rng: &mut Rng, id: u64, intel: bool) -> Case {
    let n = rng.range(0, 40);
    let off_d = rng.range(0, 8);
    let off_s = rng.range(0, 8);
    let seed = rng.next() as u8;
    let kind = rng.below(4);
    let mut f = String::new();
    let _ = writeln!(f, "static void case_{id}(void) {{");
    let _ = writeln!(f, "  unsigned char src[64], dst[64]; unsigned i;");
    let _ = writeln!(f, "  for (i = 0; i < 64; i++) {{ src[i] = (unsigned char)(i * 7 + {seed}); dst[i] = (unsigned char)(i ^ 0x5a); }}");
    let _ = writeln!(f, "  unsigned char *d = dst + {off_d}; const unsigned char *s = src + {off_s}; unsigned long n = {n};");
    // Dual-syntax templates now and then even in AT&T programs (exasm must pick the AT&T half).
    let dual = intel || matches!(seed % 5, 0);
    let wrap = |att: &str, intel_t: &str| if dual { format!("{{{att}|{intel_t}}}") } else { att.to_string() };
    match kind {
        0 => {
            let t = wrap("rep movsb", "rep movsb");
            let _ = writeln!(f, "  __asm__ volatile(\"{t}\" : \"+D\"(d), \"+S\"(s), \"+c\"(n) : : \"memory\");");
        }
        1 => {
            let val = rng.next() as u8;
            let t = wrap("rep stosb", "rep stosb");
            let _ = writeln!(f, "  __asm__ volatile(\"{t}\" : \"+D\"(d), \"+c\"(n) : \"a\"((unsigned char){val}) : \"memory\");");
        }
        2 => {
            let n4 = n / 4;
            let val = rng.next() as u32;
            let _ = writeln!(f, "  n = {n4};");
            let t = wrap("rep stosl", "rep stosd");
            let _ = writeln!(f, "  __asm__ volatile(\"{t}\" : \"+D\"(d), \"+c\"(n) : \"a\"({val}u) : \"memory\");");
        }
        _ => {
            // Make the two buffers agree on a prefix, so repe stops somewhere inside.
            let k = rng.range(0, 30);
            let _ = writeln!(f, "  for (i = 0; i < {k}; i++) dst[{off_d} + i] = src[{off_s} + i];");
            let cond = *rng.pick(&["z", "nz", "b", "a", "c"]);
            let t = wrap("repe cmpsb", "repe cmpsb");
            let _ = writeln!(f, "  int flag;");
            let c = wrap("cmp %%rcx, %%rcx", "cmp rcx, rcx");
            let _ = writeln!(f, "  __asm__(\"{c}\\n\\t{t}\" : \"+D\"(d), \"+S\"(s), \"+c\"(n), \"=@cc{cond}\"(flag) : \"m\"(*(const unsigned char (*)[64])src), \"m\"(*(const unsigned char (*)[64])dst));");
            let _ = writeln!(f, "  printf(\"c{id} flag=%d\\n\", flag);");
        }
    }
    let _ = writeln!(f, "  printf(\"c{id} d=%d s=%d n=%lu\\n\", (int)(d - dst), (int)(s - src), n);");
    let _ = writeln!(f, "  printf(\"c{id} mem=\");\n  for (i = 0; i < 64; i++) printf(\"%02x\", dst[i]);\n  printf(\"\\n\");");
    f.push_str("}\n");
    Case { globals: String::new(), function: f, intel, int128: false, summary: "string op".into() }
}

/// 16-byte (`unsigned __int128`) operands: register pairs (`r`, `A`), memory (`m`, its high
/// half through `%H`), either (`rm`), read through `%q` (a pair prints its low register), an
/// `=&r` sum and a `+A` value updated with a carry into `%rdx`.
fn wide_case(rng: &mut Rng, id: u64, intel: bool) -> Case {
    let n = 1 + rng.below(3);
    let mut f = String::new();
    let _ = writeln!(f, "static void case_{id}(void) {{");
    let mut constraints = Vec::new();
    let mut fixed_a = rng.chance(30);
    let update_a = fixed_a && rng.chance(50);
    for k in 0..n {
        let (hi, lo) = (rng.next(), rng.next());
        let _ = writeln!(f, "  volatile unsigned __int128 s{k} = ((unsigned __int128){hi}ULL << 64) | {lo}ULL; unsigned __int128 w{k} = s{k};");
        let c = if fixed_a && !update_a {
            fixed_a = false;
            "A"
        } else {
            *rng.pick(&["r", "m", "rm", "r", "m"])
        };
        constraints.push(c);
    }
    // Operand 0 is the sum; with update_a, operand 1 is a `+A` value and the inputs follow.
    let first = if update_a { 2 } else { 1 };
    let mut att = Vec::new();
    let mut intel_t = Vec::new();
    for (k, c) in constraints.iter().enumerate() {
        let op = first + k;
        let a = if k == 0 { "movq" } else { *rng.pick(&["addq", "xorq", "subq"]) };
        let i = a.trim_end_matches('q');
        att.push(format!("{a} %q{op}, %0"));
        intel_t.push(format!("{i} %0, %q{op}"));
        if *c == "m" && rng.chance(60) {
            att.push(format!("addq %H{op}, %0"));
            intel_t.push(format!("add %0, %H{op}"));
        }
    }
    if update_a {
        att.push("addq %0, %%rax\\n\\tadcq $0, %%rdx".into());
        intel_t.push("add rax, %0\\n\\tadc rdx, 0".into());
    }
    let template = if intel { intel_t.join("\\n\\t") } else { att.join("\\n\\t") };
    let _ = writeln!(f, "  unsigned long long sum;");
    let mut outputs = vec!["\"=&r\"(sum)".to_string()];
    if update_a {
        let (hi, lo) = (rng.next(), rng.next());
        let _ = writeln!(f, "  volatile unsigned __int128 sa = ((unsigned __int128){hi}ULL << 64) | {lo}ULL; unsigned __int128 acc = sa;");
        outputs.push("\"+A\"(acc)".into());
    }
    let inputs: Vec<String> = constraints.iter().enumerate().map(|(k, c)| format!("\"{c}\"(w{k})")).collect();
    let _ = writeln!(f, "  __asm__(\"{template}\" : {} : {} : \"cc\");", outputs.join(", "), inputs.join(", "));
    let _ = writeln!(f, "  printf(\"c{id} sum=%llx\\n\", sum);");
    if update_a {
        let _ = writeln!(f, "  printf(\"c{id} acc=%llx:%llx\\n\", (unsigned long long)(acc >> 64), (unsigned long long)acc);");
    }
    f.push_str("}\n");
    Case { globals: String::new(), function: f, intel, int128: true, summary: format!("16-byte operands {constraints:?}{}", if update_a { " +A" } else { "" }) }
}

/// The general registers (all but `%rsp`): 64-, 32- and 8-bit names, and the constraint letter
/// naming the register alone.
const GPRS: [(&str, &str, &str, Option<char>); 15] = [
    ("rax", "eax", "al", Some('a')),
    ("rbx", "ebx", "bl", Some('b')),
    ("rcx", "ecx", "cl", Some('c')),
    ("rdx", "edx", "dl", Some('d')),
    ("rsi", "esi", "sil", Some('S')),
    ("rdi", "edi", "dil", Some('D')),
    ("rbp", "ebp", "bpl", None),
    ("r8", "r8d", "r8b", None),
    ("r9", "r9d", "r9b", None),
    ("r10", "r10d", "r10b", None),
    ("r11", "r11d", "r11b", None),
    ("r12", "r12d", "r12b", None),
    ("r13", "r13d", "r13b", None),
    ("r14", "r14d", "r14b", None),
    ("r15", "r15d", "r15b", None),
];
const RAX: usize = 0;
const RDX: usize = 3;

/// Where a memory place of a multi-precision statement lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Home {
    /// Through pointer `j` (a parameter or a local pointer): one base register at -O2, shared
    /// by every operand through it.
    Ptr(usize),
    /// A global or static (`%rip`-relative), a non-escaping local array or struct (a frame
    /// slot): no register.
    Fixed,
    /// A non-escaping scalar local that only the template writes (`=m`) and later reads.
    Scratch,
    /// A local whose address escapes (`+m` only).
    Escaped,
}

/// Roles a place may take as an operand (bit mask).
const AS_IN: u8 = 1;
const AS_PLUS: u8 = 2;
const AS_OUT: u8 = 4;

struct Slot {
    /// The C lvalue.
    expr: String,
    /// 8 or 4 bytes.
    width: u8,
    home: Home,
    /// Places of one array or struct share a group; runs of limbs walk a group.
    group: usize,
    roles: u8,
    /// Its operand, once the template uses it.
    op: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MRole {
    In,
    Plus,
    Out,
}

struct MOp {
    role: MRole,
    /// Constraint letters (`m`, `g`, `rm`, `r`, `b`, `D`, `S`).
    letters: &'static str,
    early: bool,
    /// C lvalue (or value) of the operand.
    expr: String,
    name: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Read,
    Write,
    /// Read and written by one instruction (`adcq %%rax, %0`).
    Update,
}

/// gcc's limit: outputs + inputs, a `+` operand counting twice.
const MAX_OPERANDS: usize = 30;

struct Mem<'r> {
    rng: &'r mut Rng,
    slots: Vec<Slot>,
    ops: Vec<MOp>,
    /// (AT&T, Intel) lines.
    insns: Vec<(String, String)>,
    /// Clobbered registers the template may use besides %rax and %rdx.
    scratch: Vec<usize>,
    /// Registers holding a value the template wrote.
    defined: Vec<usize>,
    ptr_used: Vec<bool>,
    /// Registers left for pointer bases and `r` operands once clobbers and fixed operands are
    /// counted (15 general registers at -O2: %rsp never, %rbp too).
    reg_budget: usize,
    /// Operand slots kept for the register-capable outputs written at the end.
    reserve: usize,
    /// Declarations of value inputs (`g`, `rm`, `r`), in the asm's function.
    value_decls: String,
    used_values: Vec<u64>,
    /// The `+S` counter operand, the `b` and `D` inputs.
    fixed_ops: Vec<(char, usize)>,
    /// The pointer most places are taken through, when one is favoured.
    focus: Option<usize>,
}

fn mem_lit(v: u64) -> String {
    format!("{v:#x}ULL")
}

impl<'r> Mem<'r> {
    fn count(&self) -> usize {
        self.ops.iter().map(|o| if o.role == MRole::Plus { 2 } else { 1 }).sum()
    }

    fn fresh(&mut self) -> u64 {
        loop {
            let v = match self.rng.below(5) {
                0 => self.rng.next() >> self.rng.below(60),
                1 => u64::MAX - self.rng.below(4) as u64,
                _ => self.rng.next(),
            };
            if !self.used_values.contains(&v) {
                self.used_values.push(v);
                return v;
            }
        }
    }

    fn ins(&mut self, att: String, intel: String) {
        self.insns.push((att, intel));
    }

    /// The operand of place `s` used as `want`, created on first use; None when that use is
    /// not allowed (role, register budget, operand count).
    fn use_slot(&mut self, s: usize, want: Want) -> Option<usize> {
        if let Some(o) = self.slots[s].op {
            let role = self.ops[o].role;
            let ok = match want {
                // Every `=m` operand is created by its first write: all read.
                Want::Read => true,
                Want::Write => role != MRole::In,
                Want::Update => role != MRole::In,
            };
            return ok.then_some(o);
        }
        let roles = self.slots[s].roles;
        let role = match want {
            Want::Read if roles & AS_IN != 0 && (roles & AS_PLUS == 0 || self.rng.chance(75)) => MRole::In,
            Want::Read if roles & AS_PLUS != 0 => MRole::Plus,
            Want::Write if roles & AS_OUT != 0 && (roles & AS_PLUS == 0 || self.rng.chance(60)) => MRole::Out,
            Want::Write | Want::Update if roles & AS_PLUS != 0 => MRole::Plus,
            _ => return None,
        };
        let cost = if role == MRole::Plus { 2 } else { 1 };
        if self.count() + cost + self.reserve > MAX_OPERANDS {
            return None;
        }
        if let Home::Ptr(j) = self.slots[s].home {
            if !self.ptr_used[j] {
                if self.reg_budget == 0 {
                    return None;
                }
                self.reg_budget -= 1;
                self.ptr_used[j] = true;
            }
        }
        let name = if self.rng.chance(35) { Some(format!("x{}", self.ops.len())) } else { None };
        self.ops.push(MOp { role, letters: "m", early: false, expr: self.slots[s].expr.clone(), name });
        self.slots[s].op = Some(self.ops.len() - 1);
        Some(self.ops.len() - 1)
    }

    /// Whether place `s` can serve as `want` now.
    fn slot_ok(&self, s: usize, want: Want, width: u8) -> bool {
        let sl = &self.slots[s];
        if sl.width != width {
            return false;
        }
        if let Some(o) = sl.op {
            return match want {
                Want::Read => true,
                _ => self.ops[o].role != MRole::In,
            };
        }
        let roles_ok = match want {
            Want::Read => sl.roles & (AS_IN | AS_PLUS) != 0,
            Want::Write => sl.roles & (AS_OUT | AS_PLUS) != 0,
            Want::Update => sl.roles & AS_PLUS != 0,
        };
        let reg_ok = match sl.home {
            Home::Ptr(j) => self.ptr_used[j] || self.reg_budget > 0,
            _ => true,
        };
        roles_ok && reg_ok && self.count() + 2 + self.reserve <= MAX_OPERANDS
    }

    /// A place for `want` at `width`: after `prev` the next one of its group when possible (a
    /// run of limbs), else a random one, written scratch locals favoured for reading.
    fn pick_slot(&mut self, want: Want, width: u8, prev: Option<usize>) -> Option<usize> {
        if let Some(p) = prev {
            if self.rng.chance(85) {
                let next = (p + 1..self.slots.len()).take_while(|&n| self.slots[n].group == self.slots[p].group).find(|&n| self.slot_ok(n, want, width));
                if next.is_some() {
                    return next;
                }
            }
        }
        let mut cands: Vec<usize> = (0..self.slots.len()).filter(|&s| self.slot_ok(s, want, width)).collect();
        if cands.is_empty() {
            return None;
        }
        // Places not used yet, mostly: more operands.
        let fresh: Vec<usize> = cands.iter().copied().filter(|&s| self.slots[s].op.is_none()).collect();
        if !fresh.is_empty() && self.rng.chance(70) {
            cands = fresh;
        }
        if let Some(j) = self.focus {
            let mine: Vec<usize> = cands.iter().copied().filter(|&s| self.slots[s].home == Home::Ptr(j)).collect();
            if !mine.is_empty() && self.rng.chance(75) {
                return Some(*self.rng.pick(&mine));
            }
        }
        if want == Want::Read {
            let written: Vec<usize> = cands.iter().copied().filter(|&s| self.slots[s].home == Home::Scratch).collect();
            if !written.is_empty() && self.rng.chance(40) {
                return Some(*self.rng.pick(&written));
            }
        }
        Some(*self.rng.pick(&cands))
    }

    /// A 64-bit value operand: `b`, `D`, the `+S` counter, or a (new) `g`/`rm`/`r` input.
    fn value_op(&mut self) -> Option<usize> {
        let mut cands: Vec<usize> = self.fixed_ops.iter().map(|f| f.1).collect();
        cands.extend((0..self.ops.len()).filter(|&o| matches!(self.ops[o].letters, "g" | "rm" | "r") && self.ops[o].role == MRole::In));
        if cands.is_empty() || self.rng.chance(45) {
            let letters = *self.rng.pick(&["g", "rm", "g", "rm", "r"]);
            let letters = if letters == "r" && self.reg_budget == 0 { "g" } else { letters };
            if self.count() + 1 + self.reserve <= MAX_OPERANDS {
                if letters == "r" {
                    self.reg_budget -= 1;
                }
                let k = self.ops.len();
                let v = self.fresh();
                let _ = writeln!(self.value_decls, "  volatile uint64_t iv{k} = {}; uint64_t v{k} = iv{k};", mem_lit(v));
                let name = if self.rng.chance(35) { Some(format!("x{k}")) } else { None };
                self.ops.push(MOp { role: MRole::In, letters, early: false, expr: format!("v{k}"), name });
                return Some(k);
            }
        }
        if cands.is_empty() {
            return None;
        }
        Some(*self.rng.pick(&cands))
    }

    /// A 64-bit source operand (a place or a value), as a marker.
    fn source(&mut self, prev: &mut Option<usize>) -> Option<String> {
        if self.rng.chance(if self.focus.is_some() { 80 } else { 65 }) {
            if let Some(s) = self.pick_slot(Want::Read, 8, *prev) {
                if let Some(o) = self.use_slot(s, Want::Read) {
                    *prev = Some(s);
                    return Some(mark(o, None));
                }
            }
        }
        self.value_op().map(|o| mark(o, None))
    }

    /// A place written (or updated) at `width`, as a marker.
    fn dest(&mut self, want: Want, width: u8, prev: &mut Option<usize>) -> Option<String> {
        let s = self.pick_slot(want, width, *prev)?;
        let o = self.use_slot(s, want)?;
        *prev = Some(s);
        Some(mark(o, None))
    }

    fn reg_names(r: usize) -> (&'static str, &'static str, &'static str) {
        (GPRS[r].0, GPRS[r].1, GPRS[r].2)
    }

    fn any_scratch(&mut self) -> Option<usize> {
        if self.scratch.is_empty() {
            None
        } else {
            Some(*self.rng.pick(&self.scratch.clone()))
        }
    }

    fn define(&mut self, r: usize) {
        if !self.defined.contains(&r) {
            self.defined.push(r);
        }
    }

    /// The carry into a scratch register: `sbb r, r` (0 or -1) or `setc` + `movzbl`.
    fn capture_carry(&mut self) {
        let Some(r) = self.any_scratch() else { return };
        let (q, k, b) = Self::reg_names(r);
        if self.rng.chance(50) {
            self.ins(format!("sbbq %%{q}, %%{q}"), format!("sbb {q}, {q}"));
        } else {
            self.ins(format!("setc %%{b}"), format!("setc {b}"));
            self.ins(format!("movzbl %%{b}, %%{k}"), format!("movzx {k}, {b}"));
        }
        self.define(r);
    }

    /// An add or subtract chain over limbs: three-operand (`mov a, %rax; adc b, %rax; mov %rax,
    /// d`) or in place (`mov b, %rax; adc %rax, d`).
    fn chain(&mut self) -> bool {
        let len = 1 + self.rng.below(8);
        let sub = self.rng.chance(30);
        let in_place = self.rng.chance(40);
        let (first, rest) = if sub { ("sub", "sbb") } else { ("add", "adc") };
        let (mut pa, mut pb, mut pd) = (None, None, None);
        let mut done = 0;
        for i in 0..len {
            let op = if i == 0 { first } else { rest };
            if in_place {
                let Some(b) = self.source(&mut pb) else { break };
                self.ins(format!("movq {b}, %%rax"), format!("mov rax, {b}"));
                let Some(d) = self.dest(Want::Update, 8, &mut pd) else { break };
                self.ins(format!("{op}q %%rax, {d}"), format!("{op} {d}, rax"));
            } else {
                let (Some(a), Some(b)) = (self.source(&mut pa), self.source(&mut pb)) else { break };
                self.ins(format!("movq {a}, %%rax"), format!("mov rax, {a}"));
                self.ins(format!("{op}q {b}, %%rax"), format!("{op} rax, {b}"));
                self.define(RAX);
                let Some(d) = self.dest(Want::Write, 8, &mut pd) else { break };
                self.ins(format!("movq %%rax, {d}"), format!("mov {d}, rax"));
            }
            done += 1;
        }
        self.define(RAX);
        if done > 0 && self.rng.chance(50) {
            self.capture_carry();
        }
        done > 0
    }

    /// Limbs times one 64-bit value: `mulq` with the carry limb in a scratch register, stored
    /// (`mul_1`) or added into the destination (`addmul_1`).
    fn mul_chain(&mut self) -> bool {
        let Some(c) = self.any_scratch() else { return false };
        let Some(x) = self.source(&mut None) else { return false };
        let (cq, ck, _) = Self::reg_names(c);
        let len = 1 + self.rng.below(5);
        let addmul = self.rng.chance(40);
        self.ins(format!("xorl %%{ck}, %%{ck}"), format!("xor {ck}, {ck}"));
        self.define(c);
        let (mut pa, mut pd) = (None, None);
        for _ in 0..len {
            let Some(a) = self.source(&mut pa) else { break };
            self.ins(format!("movq {a}, %%rax"), format!("mov rax, {a}"));
            self.ins(format!("mulq {x}"), format!("mul {x}"));
            self.ins(format!("addq %%{cq}, %%rax"), format!("add rax, {cq}"));
            self.ins("adcq $0, %%rdx".into(), "adc rdx, 0".into());
            self.define(RAX);
            self.define(RDX);
            if addmul {
                let Some(d) = self.dest(Want::Update, 8, &mut pd) else { break };
                self.ins(format!("addq %%rax, {d}"), format!("add {d}, rax"));
                self.ins("adcq $0, %%rdx".into(), "adc rdx, 0".into());
            } else {
                let Some(d) = self.dest(Want::Write, 8, &mut pd) else { break };
                self.ins(format!("movq %%rax, {d}"), format!("mov {d}, rax"));
            }
            self.ins(format!("movq %%rdx, %%{cq}"), format!("mov {cq}, rdx"));
        }
        true
    }

    /// Several limbs loaded into as many clobbered registers, combined, the result stored
    /// (often into an `=m` scratch local, read again by a later step).
    fn block(&mut self) -> bool {
        let mut regs = vec![RAX];
        let mut pool = self.scratch.clone();
        let k = 1 + self.rng.below(6.min(pool.len()) + 1);
        for _ in 1..k {
            if pool.is_empty() {
                break;
            }
            let i = self.rng.below(pool.len());
            regs.push(pool.remove(i));
        }
        let mut prev = None;
        for &r in &regs {
            let Some(s) = self.source(&mut prev) else { return false };
            let q = GPRS[r].0;
            self.ins(format!("movq {s}, %%{q}"), format!("mov {q}, {s}"));
            self.define(r);
        }
        let acc = GPRS[regs[0]].0;
        for &r in &regs[1..] {
            let q = GPRS[r].0;
            match self.rng.below(6) {
                0 => self.ins(format!("xorq %%{q}, %%{acc}"), format!("xor {acc}, {q}")),
                1 => self.ins(format!("subq %%{q}, %%{acc}"), format!("sub {acc}, {q}")),
                2 => self.ins(format!("imulq %%{q}, %%{acc}"), format!("imul {acc}, {q}")),
                3 => {
                    let n = self.rng.range(1, 63);
                    self.ins(format!("shldq ${n}, %%{q}, %%{acc}"), format!("shld {acc}, {q}, {n}"));
                }
                _ => self.ins(format!("addq %%{q}, %%{acc}"), format!("add {acc}, {q}")),
            }
        }
        if self.rng.chance(75) {
            let mut pd = None;
            if let Some(d) = self.dest(Want::Write, 8, &mut pd) {
                self.ins(format!("movq %%{acc}, {d}"), format!("mov {d}, {acc}"));
            }
        }
        true
    }

    /// 32-bit fields: read into a scratch register (zero-extending), written or added from the
    /// low half of a defined register.
    fn words(&mut self) -> bool {
        let regs: Vec<usize> = self.defined.clone();
        let mut prev = None;
        if regs.is_empty() || self.rng.chance(40) {
            let Some(s) = self.pick_slot(Want::Read, 4, None) else { return false };
            let Some(o) = self.use_slot(s, Want::Read) else { return false };
            let r = *self.rng.pick(&[vec![RAX], self.scratch.clone()].concat());
            let k = GPRS[r].1;
            let m = mark(o, None);
            self.ins(format!("movl {m}, %%{k}"), format!("mov {k}, {m}"));
            self.define(r);
            return true;
        }
        let r = *self.rng.pick(&regs);
        let k = GPRS[r].1;
        let update = self.rng.chance(50);
        let Some(d) = self.dest(if update { Want::Update } else { Want::Write }, 4, &mut prev) else { return false };
        if update {
            let op = *self.rng.pick(&["add", "xor", "sub"]);
            self.ins(format!("{op}l %%{k}, {d}"), format!("{op} {d}, {k}"));
        } else {
            self.ins(format!("movl %%{k}, {d}"), format!("mov {d}, {k}"));
        }
        true
    }

    /// The `+S` counter: `inc`, `lea`, or add a source.
    fn counter(&mut self) -> bool {
        let Some(&(_, s)) = self.fixed_ops.iter().find(|f| f.0 == 'S') else { return false };
        let m = mark(s, None);
        match self.rng.below(3) {
            0 => self.ins(format!("incq {m}"), format!("inc {m}")),
            1 => {
                let n = self.rng.range(-64, 64) * 8;
                self.ins(format!("leaq {n}({m}), {m}"), format!("lea {m}, [{m}{n:+}]"));
            }
            _ => {
                let mut prev = None;
                let Some(x) = self.source(&mut prev) else { return false };
                if x == m {
                    return false;
                }
                self.ins(format!("addq {x}, {m}"), format!("add {m}, {x}"));
            }
        }
        true
    }
}

/// Memory operands as hand-written multi-precision arithmetic has them: many limbs through one
/// pointer (`"m"(p[0])` ... `"=m"(p[19])`, a parameter or a local pointer, `s->a`, `s->b[2]`),
/// globals and statics beside them, a non-escaping struct local, a local whose address escapes
/// (`+m`), `=m` scratch locals written then read, `g`/`rm` values, the fixed `+S`, `b`, `D`, and
/// now and then 11 or more clobbered registers. Every statement fits gcc's -O2 register budget:
/// 15 registers, less the clobbers and fixed operands, must hold one base per pointer used and
/// every `r` operand.
fn mem_case(rng: &mut Rng, id: u64, intel: bool) -> Case {
    let heavy = rng.chance(50);
    let helper = rng.chance(55);
    // Fixed-register operands.
    let fixed_pct = if heavy { 45 } else { 25 };
    let fixed: Vec<char> = ['S', 'b', 'D'].into_iter().filter(|_| rng.chance(fixed_pct)).collect();
    // Clobbers: %rax and %rdx always (the templates use them), then others.
    let mut free: Vec<usize> = (0..15).filter(|&r| r != RAX && r != RDX && !GPRS[r].3.is_some_and(|c| fixed.contains(&c))).collect();
    let n_clob = if heavy { rng.range(11, 14 - fixed.len() as i64) as usize } else { 2 + rng.below(4) };
    let mut clob = vec![RAX, RDX];
    while clob.len() < n_clob && !free.is_empty() {
        let i = rng.below(free.len());
        clob.push(free.remove(i));
    }
    let scratch: Vec<usize> = clob.iter().copied().filter(|&r| r != RAX && r != RDX).collect();
    let reg_budget = 15 - clob.len() - fixed.len();

    // The places.
    let mut slots: Vec<Slot> = Vec::new();
    let mut group = 0;
    let mut globals = String::new();
    let mut caller = String::new(); // declarations in the caller (helper mode) or before the asm
    let mut params: Vec<(String, String, String)> = Vec::new(); // (type, parameter, argument)
    let mut body = String::new(); // declarations in the asm's function
    let mut prints: Vec<String> = Vec::new(); // print statements after the asm
    let mut used: Vec<u64> = Vec::new();
    let lit = |rng: &mut Rng, used: &mut Vec<u64>| loop {
        let v = if rng.chance(20) { u64::MAX - rng.below(3) as u64 } else { rng.next() };
        if !used.contains(&v) {
            used.push(v);
            return mem_lit(v);
        }
    };
    let mut ptr_count = 0;
    let want_struct = rng.chance(40);
    if want_struct {
        let _ = writeln!(globals, "struct s{id} {{ uint64_t a; uint32_t w; uint64_t b[4]; uint32_t v; uint64_t c; }};");
    }
    let struct_init = |rng: &mut Rng, used: &mut Vec<u64>| {
        let a = lit(rng, used);
        let b: Vec<String> = (0..4).map(|_| lit(rng, used)).collect();
        let c = lit(rng, used);
        format!("{{ {a}, {}u, {{ {} }}, {}u, {c} }}", rng.next() as u32, b.join(", "), rng.next() as u32)
    };
    let struct_fields = |base: &str, arrow: bool| -> Vec<(String, u8, String)> {
        let sep = if arrow { "->" } else { "." };
        let mut v = vec![(format!("{base}{sep}a"), 8u8, "a".to_string()), (format!("{base}{sep}w"), 4, "w".into())];
        for k in 0..4 {
            v.push((format!("{base}{sep}b[{k}]"), 8, format!("b[{k}]")));
        }
        v.push((format!("{base}{sep}v"), 4, "v".into()));
        v.push((format!("{base}{sep}c"), 8, "c".into()));
        v
    };
    let print_struct = |id: u64, base: &str, arrow: bool| -> String {
        let sep = if arrow { "->" } else { "." };
        format!(
            "  printf(\"c{id} {base}=%llx %x %llx %llx %llx %llx %x %llx\\n\", (unsigned long long){base}{sep}a, {base}{sep}w, (unsigned long long){base}{sep}b[0], (unsigned long long){base}{sep}b[1], (unsigned long long){base}{sep}b[2], (unsigned long long){base}{sep}b[3], {base}{sep}v, (unsigned long long){base}{sep}c);\n"
        )
    };
    let print_array = |id: u64, base: &str, n: usize| -> String {
        format!("  printf(\"c{id} {base}:\");\n  for (unsigned i = 0; i < {n}; i++) printf(\" %llx\", (unsigned long long){base}[i]);\n  printf(\"\\n\");\n")
    };
    // Pointers to arrays of limbs (parameters of the helper, or local pointers read through a
    // volatile, so gcc knows nothing of where they point).
    let n_arr = if rng.chance(15) { 0 } else { 1 + rng.below(if heavy { 2 } else { 3 }) };
    // Most limbs through the first pointer, now and then.
    let focus = (n_arr > 0 && rng.chance(45)).then_some(0);
    for j in 0..n_arr {
        let n = if focus == Some(j) { 12 + rng.below(9) } else if rng.chance(40) { 10 + rng.below(11) } else { 2 + rng.below(8) };
        let init: Vec<String> = (0..n).map(|_| lit(rng, &mut used)).collect();
        let _ = writeln!(caller, "  uint64_t a{j}[{n}] = {{ {} }};", init.join(", "));
        let p = format!("p{j}");
        if helper {
            params.push(("uint64_t *".into(), p.clone(), format!("a{j}")));
        } else {
            let _ = writeln!(caller, "  uint64_t *volatile q{j} = a{j}; uint64_t *{p} = q{j};");
        }
        for k in 0..n {
            slots.push(Slot { expr: format!("{p}[{k}]"), width: 8, home: Home::Ptr(ptr_count), group, roles: AS_IN | AS_PLUS | AS_OUT, op: None });
        }
        prints.push(print_array(id, &p, n));
        ptr_count += 1;
        group += 1;
    }
    // A struct through a pointer.
    if want_struct && rng.chance(60) {
        let j = n_arr;
        let _ = writeln!(caller, "  struct s{id} t{j} = {};", struct_init(rng, &mut used));
        let p = format!("sp{j}");
        if helper {
            params.push((format!("struct s{id} *"), p.clone(), format!("&t{j}")));
        } else {
            let _ = writeln!(caller, "  struct s{id} *volatile q{j} = &t{j}; struct s{id} *{p} = q{j};");
        }
        for (e, w, _) in struct_fields(&p, true) {
            slots.push(Slot { expr: e, width: w, home: Home::Ptr(ptr_count), group, roles: AS_IN | AS_PLUS | AS_OUT, op: None });
        }
        prints.push(print_struct(id, &p, true));
        ptr_count += 1;
        group += 1;
    }
    // Globals: file-scope statics and extern-linkage arrays, a scalar now and then.
    let n_glob = rng.below(3);
    for j in 0..n_glob {
        let st = if rng.chance(50) { "static " } else { "" };
        let g = format!("g{id}_{j}");
        if rng.chance(25) {
            let _ = writeln!(globals, "{st}uint64_t {g} = {};", lit(rng, &mut used));
            slots.push(Slot { expr: g.clone(), width: 8, home: Home::Fixed, group, roles: AS_IN | AS_PLUS | AS_OUT, op: None });
            prints.push(format!("  printf(\"c{id} {g}=%llx\\n\", (unsigned long long){g});\n"));
        } else {
            let n = 2 + rng.below(5);
            let init: Vec<String> = (0..n).map(|_| lit(rng, &mut used)).collect();
            let _ = writeln!(globals, "{st}uint64_t {g}[{n}] = {{ {} }};", init.join(", "));
            for k in 0..n {
                slots.push(Slot { expr: format!("{g}[{k}]"), width: 8, home: Home::Fixed, group, roles: AS_IN | AS_PLUS | AS_OUT, op: None });
            }
            prints.push(print_array(id, &g, n));
        }
        group += 1;
    }
    // A non-escaping struct local, fields as `m` and `+m`.
    if want_struct && rng.chance(50) {
        let _ = writeln!(body, "  struct s{id} ls = {};", struct_init(rng, &mut used));
        for (e, w, _) in struct_fields("ls", false) {
            slots.push(Slot { expr: e, width: w, home: Home::Fixed, group, roles: AS_IN | AS_PLUS, op: None });
        }
        prints.push(print_struct(id, "ls", false));
        group += 1;
    }
    // A non-escaping local array used directly.
    if rng.chance(15) {
        let n = 2 + rng.below(4);
        let init: Vec<String> = (0..n).map(|_| lit(rng, &mut used)).collect();
        let _ = writeln!(body, "  uint64_t la[{n}] = {{ {} }};", init.join(", "));
        for k in 0..n {
            slots.push(Slot { expr: format!("la[{k}]"), width: 8, home: Home::Fixed, group, roles: AS_IN | AS_PLUS | AS_OUT, op: None });
        }
        prints.push(print_array(id, "la", n));
        group += 1;
    }
    // A local whose address escapes: passed to a function, or stored in a global pointer.
    // gcc addresses it from %rsp; the thunk takes its address in a register (exasm's
    // documented limit, docs/thunk-abi.md), so one register of the budget is kept for it.
    let escaped = rng.chance(35) && reg_budget > 0;
    if escaped {
        let _ = writeln!(body, "  uint64_t e = {};", lit(rng, &mut used));
        let _ = writeln!(globals, "uint64_t *gp{id};");
        if rng.chance(50) {
            let k = rng.next() | 1;
            let _ = writeln!(globals, "static void esc{id}(uint64_t *x) {{ *x = *x * {}; gp{id} = x; }}\nstatic void (*volatile escf{id})(uint64_t *) = esc{id};", mem_lit(k));
            let _ = writeln!(body, "  escf{id}(&e);");
        } else {
            let _ = writeln!(body, "  gp{id} = &e;");
        }
        slots.push(Slot { expr: "e".into(), width: 8, home: Home::Escaped, group, roles: AS_PLUS, op: None });
        prints.push(format!("  printf(\"c{id} e=%llx %llx\\n\", (unsigned long long)e, (unsigned long long)*gp{id});\n"));
        group += 1;
    }
    // `=m` scratch locals.
    let n_tmp = if heavy { 1 + rng.below(4) } else { rng.below(3) };
    let first_tmp = slots.len();
    for k in 0..n_tmp {
        slots.push(Slot { expr: format!("tm{k}"), width: 8, home: Home::Scratch, group, roles: AS_OUT, op: None });
    }

    let mut m = Mem {
        rng,
        slots,
        ops: Vec::new(),
        insns: Vec::new(),
        scratch,
        defined: Vec::new(),
        ptr_used: vec![false; ptr_count],
        reg_budget: reg_budget - usize::from(escaped),
        reserve: 3,
        value_decls: String::new(),
        used_values: used,
        fixed_ops: Vec::new(),
        focus,
    };
    // The fixed-register operands.
    for &c in &fixed {
        let k = m.ops.len();
        let v = m.fresh();
        let (role, letters, expr) = match c {
            'S' => {
                let _ = writeln!(m.value_decls, "  volatile uint64_t iS = {}; uint64_t cnt = iS;", mem_lit(v));
                (MRole::Plus, "S", "cnt".to_string())
            }
            'b' => {
                let _ = writeln!(m.value_decls, "  volatile uint64_t ib = {}; uint64_t vb = ib;", mem_lit(v));
                (MRole::In, "b", "vb".to_string())
            }
            _ => {
                let _ = writeln!(m.value_decls, "  volatile uint64_t id = {}; uint64_t vd = id;", mem_lit(v));
                (MRole::In, "D", "vd".to_string())
            }
        };
        let name = if m.rng.chance(35) { Some(format!("x{k}")) } else { None };
        m.ops.push(MOp { role, letters, early: false, expr, name });
        m.fixed_ops.push((c, k));
    }
    if fixed.contains(&'S') {
        prints.push(format!("  printf(\"c{id} cnt=%llx\\n\", (unsigned long long)cnt);\n"));
    }
    // The escaped local and the struct local get used first, then random steps.
    if escaped {
        let e = m.slots.iter().position(|s| s.home == Home::Escaped).expect("escaped slot");
        let mut prev = None;
        if let Some(src) = m.source(&mut prev) {
            if let Some(o) = m.use_slot(e, Want::Update) {
                let d = mark(o, None);
                m.ins(format!("movq {src}, %%rax"), format!("mov rax, {src}"));
                m.ins(format!("xorq %%rax, {d}"), format!("xor {d}, rax"));
                m.define(RAX);
            }
        }
    }
    let steps = 1 + m.rng.below(if heavy || m.focus.is_some() { 6 } else { 3 });
    let mut tries = 0;
    let mut done = 0;
    while done < steps && tries < 20 {
        tries += 1;
        let ok = match m.rng.below(10) {
            0..=2 => m.chain(),
            3 | 4 => m.mul_chain(),
            5 | 6 => m.block(),
            7 => m.words(),
            _ => m.counter(),
        };
        if ok {
            done += 1;
        }
    }
    // Every `=m` scratch local used, then read back once.
    for s in first_tmp..first_tmp + n_tmp {
        if m.slots[s].op.is_some() && m.rng.chance(50) {
            let o = m.slots[s].op.expect("op");
            let r = *m.rng.pick(&[vec![RAX], m.scratch.clone()].concat());
            let q = GPRS[r].0;
            let t = mark(o, None);
            m.ins(format!("addq {t}, %%{q}"), format!("add {q}, {t}"));
            if !m.defined.contains(&r) {
                // Not yet defined: load instead.
                m.insns.pop();
                m.ins(format!("movq {t}, %%{q}"), format!("mov {q}, {t}"));
            }
            m.define(r);
        }
    }
    if m.insns.is_empty() || m.defined.is_empty() {
        let mut prev = None;
        let Some(s) = m.source(&mut prev) else { return trivial_case(m.rng, id, intel) };
        m.ins(format!("movq {s}, %%rax"), format!("mov rax, {s}"));
        m.define(RAX);
    }
    // Register-capable outputs, written last (all but the last one early-clobber).
    m.reserve = 0;
    let n_vout = m.rng.below(3).min(MAX_OPERANDS - m.count());
    for k in 0..n_vout {
        let r = *m.rng.pick(&m.defined.clone());
        let letters = *m.rng.pick(&["g", "rm", "g", "rm", "r"]);
        let letters = if letters == "r" && m.reg_budget == 0 { "g" } else { letters };
        if letters == "r" {
            m.reg_budget -= 1;
        }
        let o = m.ops.len();
        let name = if m.rng.chance(35) { Some(format!("x{o}")) } else { None };
        m.ops.push(MOp { role: MRole::Out, letters, early: k + 1 < n_vout, expr: format!("o{o}"), name });
        let _ = writeln!(m.value_decls, "  uint64_t o{o};");
        prints.push(format!("  printf(\"c{id} o{o}=%llx\\n\", (unsigned long long)o{o});\n"));
        let q = GPRS[r].0;
        let d = mark(o, None);
        m.ins(format!("movq %%{q}, {d}"), format!("mov {d}, {q}"));
    }
    // Scratch locals that became operands are printed.
    for s in first_tmp..first_tmp + n_tmp {
        if m.slots[s].op.is_some() {
            let t = m.slots[s].expr.clone();
            let _ = writeln!(body, "  uint64_t {t};");
            prints.push(format!("  printf(\"c{id} {t}=%llx\\n\", (unsigned long long){t});\n"));
        }
    }

    // Numbering: outputs, then inputs.
    let outputs: Vec<usize> = (0..m.ops.len()).filter(|&o| m.ops[o].role != MRole::In).collect();
    let inputs: Vec<usize> = (0..m.ops.len()).filter(|&o| m.ops[o].role == MRole::In).collect();
    let order: Vec<usize> = outputs.iter().chain(&inputs).copied().collect();
    let number = |o: usize| order.iter().position(|&x| x == o).expect("numbered");
    let dual = intel || m.rng.chance(15);
    let lines: Vec<String> = m
        .insns
        .iter()
        .map(|(a, i)| if dual { format!("{{{a}|{i}}}") } else if intel { i.clone() } else { a.clone() })
        .collect();
    let tmpl = lines.join("\n\t");
    let mut text = String::new();
    let mut chars = tmpl.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1}' {
            text.push(c);
            continue;
        }
        let body: String = chars.by_ref().take_while(|&d| d != '\u{2}').collect();
        let k: usize = body.parse().expect("marker");
        match &m.ops[k].name {
            Some(n) if m.rng.chance(70) => {
                let _ = write!(text, "%[{n}]");
            }
            _ => {
                let _ = write!(text, "%{}", number(k));
            }
        }
    }
    let operand = |o: usize| -> String {
        let op = &m.ops[o];
        let prefix = match op.role {
            MRole::In => "",
            MRole::Plus => "+",
            MRole::Out => "=",
        };
        let amp = if op.early { "&" } else { "" };
        let name = op.name.as_ref().map(|n| format!("[{n}] ")).unwrap_or_default();
        format!("{name}\"{prefix}{amp}{}\"({})", op.letters, op.expr)
    };
    let outs: Vec<String> = outputs.iter().map(|&o| operand(o)).collect();
    let ins: Vec<String> = inputs.iter().map(|&o| operand(o)).collect();
    let mut clobbers: Vec<String> = clob.iter().map(|&r| if m.rng.chance(15) { format!("\"%{}\"", GPRS[r].0) } else { format!("\"{}\"", GPRS[r].0) }).collect();
    if m.rng.chance(60) {
        clobbers.push("\"cc\"".into());
    }
    if m.rng.chance(40) {
        clobbers.push("\"memory\"".into());
    }
    // Clobbers in a random order.
    for i in (1..clobbers.len()).rev() {
        let j = m.rng.below(i + 1);
        clobbers.swap(i, j);
    }
    let kw = *m.rng.pick(&["asm", "__asm__", "__asm"]);
    let vol = *m.rng.pick(&["", " volatile", " __volatile__"]);
    let lit = c_string(&text);
    let lit = if m.rng.chance(30) { lit.replace("\\n\\t", "\\n\\t\" \"") } else { lit };
    let stmt = format!("  {kw}{vol}(\"{lit}\"\n      : {}\n      : {}\n      : {});\n", outs.join(", "), ins.join(", "), clobbers.join(", "));

    let mut f = String::new();
    let used_ptrs = m.ptr_used.iter().filter(|&&u| u).count();
    let n_mem = m.ops.iter().filter(|o| o.letters == "m").count();
    if helper && !params.is_empty() {
        let sig: Vec<String> = params.iter().map(|p| format!("{}{}", p.0, p.1)).collect();
        let sig = sig.join(", ");
        let types: Vec<String> = params.iter().map(|p| p.0.trim_end().to_string()).collect();
        let args: Vec<String> = params.iter().map(|p| p.2.clone()).collect();
        let _ = writeln!(f, "static void mp{id}({sig}) {{");
        f.push_str(&body);
        f.push_str(&m.value_decls);
        f.push_str(&stmt);
        prints.iter().for_each(|p| f.push_str(p));
        f.push_str("}\n");
        let _ = writeln!(f, "static void (*volatile mpf{id})({}) = mp{id};", types.join(", "));
        let _ = writeln!(f, "static void case_{id}(void) {{");
        f.push_str(&caller);
        let _ = writeln!(f, "  mpf{id}({});", args.join(", "));
        f.push_str("}\n");
    } else {
        let _ = writeln!(f, "static void case_{id}(void) {{");
        f.push_str(&caller);
        f.push_str(&body);
        f.push_str(&m.value_decls);
        f.push_str(&stmt);
        prints.iter().for_each(|p| f.push_str(p));
        f.push_str("}\n");
    }
    let summary = format!(
        "memory: {} operands ({n_mem} m, {used_ptrs} pointer bases), {} clobbered{}{}, {} insns",
        m.ops.len(),
        clob.len(),
        if helper { ", pointer parameters" } else { "" },
        if escaped { ", escaped local" } else { "" },
        m.insns.len()
    );
    Case { globals, function: f, intel, int128: false, summary }
}

/// A whole program of these cases (each called through a volatile pointer, so none is
/// inlined into `main`).
pub fn program(cases: &[(u64, &Case)]) -> String {
    let mut p = String::from("#include <stdio.h>\n#include <string.h>\n#include <stdint.h>\n\n");
    for (_, c) in cases {
        p.push_str(&c.globals);
    }
    p.push('\n');
    for (_, c) in cases {
        p.push_str(&c.function);
        p.push('\n');
    }
    p.push_str("typedef void (*case_fn)(void);\nstatic case_fn volatile cases[] = {\n");
    for (id, _) in cases {
        let _ = writeln!(p, "  case_{id},");
    }
    p.push_str("};\n\nint main(void) {\n  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {\n    cases[i]();\n    fflush(stdout);\n  }\n  return 0;\n}\n");
    p
}
