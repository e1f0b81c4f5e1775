//! Constraint decoding: a GCC constraint string becomes a typed description of what each
//! alternative allows.
//!
//! The vocabulary follows regalloc2's operand model: an operand is a *use* (input), a *def*
//! (`=` output) or both (`+`); a def is *early* (`&`, written before every input is read) or late;
//! it may be *tied* to another operand (matching digit or `[name]`). What regalloc2 cannot say is
//! spelled out per alternative: the register set (`Q`, `x`, `a`), memory kinds, immediate kinds.

use crate::diag::Span;
use crate::regs::{classes, PhysReg, RegSet};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Whether the asm reads, writes or reads and writes the operand.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// An input operand.
    Use,
    /// An `=` output.
    Def,
    /// A `+` output: an output with a hidden tied input.
    UseDef,
}

/// Memory forms an alternative accepts.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemKinds {
    /// `m`, `<`, `>`, `g`: any memory reference.
    pub any: bool,
    /// `o`: an offsettable memory reference (every x86 addressing mode is).
    pub offsettable: bool,
    /// `V`: a non-offsettable memory reference (none exists on x86, so `V` alone is impossible).
    pub non_offsettable: bool,
}

impl MemKinds {
    /// Does the alternative accept the ordinary (offsettable) memory reference exasm produces?
    pub fn accepts_plain(self) -> bool {
        self.any || self.offsettable
    }
}

/// Immediate kinds, as a bitset over [`ImmKind`].
#[derive(Copy, Clone, Default, PartialEq, Eq, Hash)]
pub struct ImmSet(u32);

/// One immediate constraint letter.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImmKind {
    /// `i`: any integer or symbolic constant.
    I,
    /// `n`: an integer constant whose value is known.
    N,
    /// `s`: a symbolic constant (a link-time address).
    S,
    /// `E`, `F`: a floating-point constant.
    Float,
    /// `I`: 0..=31.
    Range031,
    /// `J`: 0..=63.
    Range063,
    /// `K`: -128..=127.
    Signed8,
    /// `L`: 0xff, 0xffff or 0xffffffff.
    ZextMask,
    /// `M`: 0..=3.
    Range03,
    /// `N`: 0..=255.
    Unsigned8,
    /// `O`: 0..=127.
    Range0127,
    /// `e`: a signed 32-bit value, or a symbol known to fit.
    Signed32,
    /// `Z`: an unsigned 32-bit value, or a symbol known to fit.
    Unsigned32,
    /// `G`: a standard x87 floating constant (0.0, 1.0, ...).
    X87Const,
    /// `C`: constant zero.
    Zero,
}

impl ImmKind {
    const ALL: [ImmKind; 15] = [
        ImmKind::I,
        ImmKind::N,
        ImmKind::S,
        ImmKind::Float,
        ImmKind::Range031,
        ImmKind::Range063,
        ImmKind::Signed8,
        ImmKind::ZextMask,
        ImmKind::Range03,
        ImmKind::Unsigned8,
        ImmKind::Range0127,
        ImmKind::Signed32,
        ImmKind::Unsigned32,
        ImmKind::X87Const,
        ImmKind::Zero,
    ];

    /// Does an integer constant `v` satisfy this kind?
    ///
    /// ```
    /// use exasm_core::constraint::ImmKind;
    /// assert!(ImmKind::Range031.accepts_int(31));
    /// assert!(!ImmKind::Range031.accepts_int(32));
    /// assert!(ImmKind::ZextMask.accepts_int(0xffff));
    /// ```
    pub fn accepts_int(self, v: i128) -> bool {
        match self {
            ImmKind::I | ImmKind::N => i64::try_from(v).is_ok() || u64::try_from(v).is_ok(),
            ImmKind::S | ImmKind::Float | ImmKind::X87Const => false,
            ImmKind::Range031 => (0..=31).contains(&v),
            ImmKind::Range063 => (0..=63).contains(&v),
            ImmKind::Signed8 => (-128..=127).contains(&v),
            ImmKind::ZextMask => matches!(v, 0xff | 0xffff | 0xffff_ffff),
            ImmKind::Range03 => (0..=3).contains(&v),
            ImmKind::Unsigned8 => (0..=255).contains(&v),
            ImmKind::Range0127 => (0..=127).contains(&v),
            ImmKind::Signed32 => i32::try_from(v).is_ok(),
            ImmKind::Unsigned32 => u32::try_from(v).is_ok(),
            ImmKind::Zero => v == 0,
        }
    }

    /// Does a symbolic address (symbol plus offset) satisfy this kind? Under the small code
    /// model every symbol's address fits 32 bits, so `e` and `Z` take symbols; under PIE/PIC
    /// addresses are not link-time constants that fit, which the solver decides.
    pub fn accepts_symbol(self) -> bool {
        matches!(self, ImmKind::I | ImmKind::S | ImmKind::Signed32 | ImmKind::Unsigned32)
    }

    /// The constraint letter(s).
    pub fn letter(self) -> &'static str {
        match self {
            ImmKind::I => "i",
            ImmKind::N => "n",
            ImmKind::S => "s",
            ImmKind::Float => "E",
            ImmKind::Range031 => "I",
            ImmKind::Range063 => "J",
            ImmKind::Signed8 => "K",
            ImmKind::ZextMask => "L",
            ImmKind::Range03 => "M",
            ImmKind::Unsigned8 => "N",
            ImmKind::Range0127 => "O",
            ImmKind::Signed32 => "e",
            ImmKind::Unsigned32 => "Z",
            ImmKind::X87Const => "G",
            ImmKind::Zero => "C",
        }
    }
}

impl ImmSet {
    /// No immediate allowed.
    pub const EMPTY: ImmSet = ImmSet(0);

    /// Adds a kind.
    pub fn insert(&mut self, k: ImmKind) {
        self.0 |= 1 << k as u32;
    }

    /// Is the kind present?
    pub fn contains(self, k: ImmKind) -> bool {
        self.0 >> k as u32 & 1 == 1
    }

    /// No kind at all?
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds present.
    pub fn iter(self) -> impl Iterator<Item = ImmKind> {
        ImmKind::ALL.into_iter().filter(move |k| self.contains(*k))
    }

    /// Does some kind accept the integer `v`?
    pub fn accepts_int(self, v: i128) -> bool {
        self.iter().any(|k| k.accepts_int(v))
    }

    /// Does some kind accept a symbolic address?
    pub fn accepts_symbol(self) -> bool {
        self.iter().any(ImmKind::accepts_symbol)
    }
}

impl fmt::Debug for ImmSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl Serialize for ImmSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ImmSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v: Vec<ImmKind> = Vec::deserialize(d)?;
        let mut s = ImmSet::EMPTY;
        v.into_iter().for_each(|k| s.insert(k));
        Ok(s)
    }
}

/// A matching constraint: this input must be in the same place as an output.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tie {
    /// `"0"`, `"12"`.
    Number(u32),
    /// `"[name]"`, resolved to a number by validation.
    Name(String),
}

/// A flag-output condition (`=@cc<cond>`), named by its x86 condition-code suffix.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct FlagCond(u8);

/// Every condition gcc accepts after `=@cc`, with its negation flag.
const FLAG_CONDS: [&str; 14] = ["a", "ae", "b", "be", "c", "e", "z", "g", "ge", "l", "le", "o", "p", "s"];

impl FlagCond {
    /// Parses the text after `=@cc` (`"nbe"`, `"z"`); `pe`/`po` and anything else are rejected.
    ///
    /// ```
    /// use exasm_core::constraint::FlagCond;
    /// assert_eq!(FlagCond::parse("nz").unwrap().to_string(), "nz");
    /// assert!(FlagCond::parse("pe").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<FlagCond> {
        let (neg, base) = match s.strip_prefix('n') {
            Some(rest) if FLAG_CONDS.contains(&rest) => (true, rest),
            _ => (false, s),
        };
        let i = FLAG_CONDS.iter().position(|c| *c == base)?;
        Some(FlagCond(i as u8 | if neg { 0x80 } else { 0 }))
    }

    /// The `setcc`/`jcc` suffix (`"nbe"`).
    pub fn suffix(self) -> String {
        let base = FLAG_CONDS[(self.0 & 0x7f) as usize];
        if self.0 & 0x80 != 0 {
            format!("n{base}")
        } else {
            base.to_string()
        }
    }

    /// What the condition means, in words (`"not below or equal"` for `nbe`).
    ///
    /// ```
    /// use exasm_core::constraint::FlagCond;
    /// assert_eq!(FlagCond::parse("c").unwrap().meaning(), "carry");
    /// assert_eq!(FlagCond::parse("nbe").unwrap().meaning(), "not below or equal");
    /// ```
    pub fn meaning(self) -> String {
        const WORDS: [&str; 14] = [
            "above", "above or equal", "below", "below or equal", "carry", "equal", "zero", "greater", "greater or equal",
            "less", "less or equal", "overflow", "parity", "sign",
        ];
        let base = WORDS[(self.0 & 0x7f) as usize];
        if self.0 & 0x80 != 0 {
            format!("not {base}")
        } else {
            base.to_string()
        }
    }

    /// All 28 conditions.
    pub fn all() -> impl Iterator<Item = FlagCond> {
        (0..FLAG_CONDS.len() as u8).flat_map(|i| [FlagCond(i), FlagCond(i | 0x80)])
    }
}

impl fmt::Display for FlagCond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.suffix())
    }
}

impl From<FlagCond> for String {
    fn from(c: FlagCond) -> String {
        c.suffix()
    }
}

impl TryFrom<String> for FlagCond {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        FlagCond::parse(&s).ok_or_else(|| format!("unknown flag condition '{s}'"))
    }
}

/// What one alternative (the text between commas) allows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    /// Where the alternative is written in [`Constraint::text`] (byte offsets; the `=` or `+`
    /// of an output is in none); [`Constraint::alternative_text`] gives the text.
    pub span: Span,
    /// Registers allowed, before the solver removes unavailable ones (AVX-512 registers without
    /// AVX-512, the stack pointer, clobbers, reserved registers).
    pub regs: RegSet,
    /// Memory forms allowed.
    pub mem: MemKinds,
    /// `p`: an address, computed into a register (`%a` prints it).
    pub address: bool,
    /// Immediate kinds allowed.
    pub imm: ImmSet,
    /// `X`: anything at all.
    pub any: bool,
    /// Empty alternative (`""`): gcc accepts it on inputs and allocates the operand anywhere.
    pub empty: bool,
    /// Matching constraint.
    pub tie: Option<Tie>,
    /// `&`: written before all inputs are consumed; shares no register with an input.
    pub early_clobber: bool,
    /// Cost from `?` (1 each) and `!` (600 each), as gcc's reload counts them.
    pub disparage: u32,
    /// Letters gcc knows but exasm cannot allocate (for example `Bz` or `Yd`), kept so the solver
    /// can say so instead of calling the constraint impossible.
    pub unsupported: Vec<String>,
    /// `i`: a vector constant matches too (gcc then cannot print it), which `g` does not take.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vector_immediate: bool,
    /// A two-letter constraint's first letter ends the alternative (`"rY"`, `"gT,m"`): gcc then
    /// rejects the operand ("impossible constraint in 'asm'") whatever else it allows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

impl Alternative {
    /// Can this alternative hold a value in a register?
    pub fn allows_reg(&self) -> bool {
        !self.regs.is_empty() || self.any || self.address || self.empty
    }

    /// Can this alternative be a memory reference?
    pub fn allows_mem(&self) -> bool {
        self.mem.accepts_plain() || self.any || self.empty
    }
}

/// A decoded constraint string.
///
/// ```
/// use exasm_core::constraint::{Access, Constraint, ImmKind};
/// let c = Constraint::decode_input("?r,Ki").unwrap();
/// assert_eq!((c.access, c.alternatives.len()), (Access::Use, 2));
/// assert_eq!(c.alternatives[0].regs.len(), 16);
/// assert_eq!(c.alternatives[0].disparage, 1);
/// assert!(c.alternatives[1].imm.contains(ImmKind::Signed8) && c.alternatives[1].regs.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    /// The text as written.
    pub text: String,
    /// Use, def or both.
    pub access: Access,
    /// `%`: this operand and the next may be swapped.
    pub commutative: bool,
    /// A flag output (`=@cc<cond>`); then `alternatives` is empty.
    pub flag: Option<FlagCond>,
    /// The alternatives, at least one.
    pub alternatives: Vec<Alternative>,
}

/// Why a constraint string is rejected, each with gcc's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintError {
    /// "output operand constraint lacks '='"
    OutputLacksEquals,
    /// "operand constraint contains incorrectly positioned '+' or '='"
    MisplacedEquals,
    /// "matching constraint not valid in output operand"
    MatchingInOutput,
    /// "input operand constraint contains '='" (or '+', '&')
    InputContains(char),
    /// "invalid punctuation ';' in constraint"
    InvalidPunctuation(char),
    /// "unknown 'asm' flag output '=@ccfoo'"
    UnknownFlag(String),
    /// "alternatives not allowed in 'asm' flag output"
    FlagAlternatives,
    /// "too many alternatives in 'asm'"
    TooManyAlternatives,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintError::OutputLacksEquals => f.write_str("output operand constraint lacks '='"),
            ConstraintError::MisplacedEquals => f.write_str("operand constraint contains incorrectly positioned '+' or '='"),
            ConstraintError::MatchingInOutput => f.write_str("matching constraint not valid in output operand"),
            ConstraintError::InputContains(c) => write!(f, "input operand constraint contains '{c}'"),
            ConstraintError::InvalidPunctuation(c) => write!(f, "invalid punctuation '{}' in constraint", GccChar(*c)),
            ConstraintError::UnknownFlag(s) => write!(f, "unknown 'asm' flag output '{s}'"),
            ConstraintError::FlagAlternatives => f.write_str("alternatives not allowed in 'asm' flag output"),
            ConstraintError::TooManyAlternatives => f.write_str("too many alternatives in 'asm'"),
        }
    }
}

/// A character as gcc's `%qc` prints it: printable ASCII as itself, anything else as `\x0a`
/// (the first byte of its UTF-8 encoding, which is where gcc's byte-wise scan stops).
struct GccChar(char);

impl fmt::Display for GccChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            c @ ' '..='~' => write!(f, "{c}"),
            c => {
                let mut buf = [0u8; 4];
                write!(f, "\\x{:02x}", c.encode_utf8(&mut buf).as_bytes()[0])
            }
        }
    }
}

/// gcc's limit on alternatives (MAX_RECOG_ALTERNATIVES).
pub const MAX_ALTERNATIVES: usize = 35;

/// A warning produced while decoding (the constraint is still accepted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintWarning {
    /// "output constraint '=' for operand N is not at the beginning"
    EqualsNotFirst(char),
}

/// Letters that start gcc 12's two-character x86 constraints (`Bz`, `Ts`, `We`, `Yz`); exasm
/// allocates only `Yz` and `Yk`.
const TWO_LETTER_PREFIXES: [char; 4] = ['B', 'T', 'W', 'Y'];

impl Constraint {
    /// Decodes an output constraint (`=r`, `+&rm`, `=@ccz`).
    ///
    /// ```
    /// use exasm_core::constraint::{Access, Constraint};
    /// use exasm_core::regs::PhysReg;
    /// let (c, _) = Constraint::decode_output("=&a,m").unwrap();
    /// assert_eq!(c.access, Access::Def);
    /// assert!(c.alternatives[0].early_clobber);
    /// assert_eq!(c.alternatives[0].regs.iter().collect::<Vec<_>>(), vec![PhysReg::RAX]);
    /// assert!(c.alternatives[1].mem.any);
    /// ```
    pub fn decode_output(text: &str) -> Result<(Constraint, Vec<ConstraintWarning>), ConstraintError> {
        let Some(pos) = text.find('=').or_else(|| text.find('+')) else {
            return Err(ConstraintError::OutputLacksEquals);
        };
        let mut warnings = Vec::new();
        let marker = text.as_bytes()[pos] as char;
        if pos != 0 {
            warnings.push(ConstraintWarning::EqualsNotFirst(marker));
        }
        let rest: Cow<str> = if pos == 0 { Cow::Borrowed(&text[1..]) } else { Cow::Owned([&text[..pos], &text[pos + 1..]].concat()) };
        if rest.contains(['=', '+']) {
            return Err(ConstraintError::MisplacedEquals);
        }
        if rest.contains(|c: char| c.is_ascii_digit() || c == '[') {
            return Err(ConstraintError::MatchingInOutput);
        }
        let access = if marker == '+' { Access::UseDef } else { Access::Def };
        if access == Access::UseDef {
            check_hidden_input(&rest)?;
        }
        if let Some(cond) = rest.strip_prefix("@cc") {
            if rest.contains(',') {
                return Err(ConstraintError::FlagAlternatives);
            }
            let flag = FlagCond::parse(cond).ok_or_else(|| ConstraintError::UnknownFlag(text.to_string()))?;
            return Ok((Constraint { text: text.to_string(), access, commutative: false, flag: Some(flag), alternatives: Vec::new() }, warnings));
        }
        let c = Self::decode_body(text, &rest, Some(pos), access, false)?;
        Ok((c, warnings))
    }

    /// Decodes an input constraint (`rm`, `0`, `[x]`, `%r`, `i`).
    ///
    /// ```
    /// use exasm_core::constraint::{Constraint, Tie};
    /// let c = Constraint::decode_input("[sum]").unwrap();
    /// assert_eq!(c.alternatives[0].tie, Some(Tie::Name("sum".into())));
    /// assert!(Constraint::decode_input("=r").is_err());
    /// ```
    pub fn decode_input(text: &str) -> Result<Constraint, ConstraintError> {
        if let Some(c) = text.chars().find(|c| matches!(c, '=' | '+' | '&')) {
            return Err(ConstraintError::InputContains(c));
        }
        Self::decode_body(text, text, None, Access::Use, true)
    }

    /// The text of alternative `k` as written (`""` past the last).
    ///
    /// ```
    /// let (c, _) = exasm_core::constraint::Constraint::decode_output("r=,m").unwrap();
    /// assert_eq!((c.alternative_text(0), c.alternative_text(1)), ("r", "m"));
    /// ```
    pub fn alternative_text(&self, k: usize) -> &str {
        self.alternatives.get(k).map_or("", |a| a.span.text(&self.text))
    }

    /// Decodes `body`: `text` without the output marker, which stood at byte `marker` of `text`.
    fn decode_body(text: &str, body: &str, marker: Option<usize>, access: Access, input: bool) -> Result<Constraint, ConstraintError> {
        let start_in_text = |j: usize| j + usize::from(marker.is_some_and(|m| j >= m));
        let end_in_text = |j: usize| j + usize::from(marker.is_some_and(|m| j > m));
        let mut commutative = false;
        let count = body.bytes().filter(|&b| b == b',').count() + 1;
        if count > MAX_ALTERNATIVES {
            return Err(ConstraintError::TooManyAlternatives);
        }
        let mut alternatives = Vec::with_capacity(count);
        let mut at = 0;
        for piece in body.split(',') {
            let span = Span::new(start_in_text(at), end_in_text(at + piece.len()));
            at += piece.len() + 1;
            let mut alt = Alternative { span, empty: piece.is_empty(), ..Alternative::default() };
            let digit_at = |i: usize| piece.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
            let mut i = 0;
            while let Some(c) = piece[i..].chars().next() {
                i += c.len_utf8();
                match c {
                    '&' => alt.early_clobber = true,
                    '%' => commutative = true,
                    '?' => alt.disparage += 1,
                    '!' => alt.disparage += 600,
                    // `<` and `>` (auto-increment memory) never match anything on x86, alone or not.
                    '*' | '#' | '^' | '$' | '<' | '>' => {}
                    '0'..='9' => {
                        let start = i - 1;
                        while digit_at(i) {
                            i += 1;
                        }
                        alt.tie = Some(Tie::Number(piece[start..i].parse().unwrap_or(u32::MAX)));
                    }
                    '[' => {
                        let end = piece[i..].find(']').map_or(piece.len(), |p| i + p);
                        alt.tie = Some(Tie::Name(piece[i..end].to_string()));
                        i = (end + 1).min(piece.len());
                    }
                    'g' => {
                        alt.regs = alt.regs.union(classes::general());
                        alt.mem.any = true;
                        alt.imm.insert(ImmKind::I);
                    }
                    'X' => alt.any = true,
                    // gcc reads the second letter across a comma: cut short, it fails the
                    // operand in `asm_operand_ok` whatever else the constraint allows.
                    c if TWO_LETTER_PREFIXES.contains(&c) && i == piece.len() => alt.truncated = true,
                    c if TWO_LETTER_PREFIXES.contains(&c) => {
                        let next = piece[i..].chars().next().expect("not at the end");
                        i += next.len_utf8();
                        match two_letter_regs(c, next) {
                            Some(regs) => alt.regs = alt.regs.union(regs),
                            None => alt.unsupported.push([c, next].iter().collect()),
                        }
                    }
                    c if c.is_ascii_alphabetic() => letter(&mut alt, c),
                    // gcc accepts stray punctuation in outputs and rejects it in inputs.
                    c if input => return Err(ConstraintError::InvalidPunctuation(c)),
                    _ => {}
                }
            }
            alternatives.push(alt);
        }
        Ok(Constraint { text: text.to_string(), access, commutative, flag: None, alternatives })
    }

    /// Is any alternative early-clobber?
    pub fn is_early_clobber(&self) -> bool {
        self.alternatives.iter().any(|a| a.early_clobber)
    }

    /// Gives `U` the registers a call may clobber under the target's `-fcall-used-REG` and
    /// `-fcall-saved-REG` (gcc computes the class from them); decoding assumes the ABI's.
    ///
    /// ```
    /// use exasm_core::{constraint::Constraint, regs::{classes, PhysReg}};
    /// let mut c = Constraint::decode_input("Ua").unwrap();
    /// c.set_call_clobbered(classes::call_clobbered().without(PhysReg::RAX).with(PhysReg::RBX));
    /// let regs = c.alternatives[0].regs;
    /// assert!(regs.contains(PhysReg::RAX) && regs.contains(PhysReg::RBX));
    /// ```
    pub fn set_call_clobbered(&mut self, call_clobbered: RegSet) {
        let text = &self.text;
        for alt in self.alternatives.iter_mut().filter(|a| a.span.text(text).contains('U')) {
            let mut regs = RegSet::EMPTY;
            let mut chars = alt.span.text(text).chars();
            while let Some(c) = chars.next() {
                if TWO_LETTER_PREFIXES.contains(&c) {
                    regs = regs.union(chars.next().and_then(|next| two_letter_regs(c, next)).unwrap_or(RegSet::EMPTY));
                } else if c == 'U' {
                    regs = regs.union(call_clobbered);
                } else if c == 'g' {
                    regs = regs.union(classes::general());
                } else if c.is_ascii_alphabetic() {
                    let mut one = Alternative::default();
                    letter(&mut one, c);
                    regs = regs.union(one.regs);
                }
            }
            alt.regs = regs;
        }
    }
}

/// The registers of gcc 12's two-letter register constraints exasm allocates, as gcc defines
/// them for x86-64 with the default tuning (checked against gcc: `"Ya"(x)` prints `%eax`,
/// `"Yr"(x)` `%xmm0`):
/// `Yz` xmm0; `Yk` k1–k7; `Ya` and `Yp` the general registers (they are empty only under
/// tunings that avoid partial-register writes or zero-extend with `and`); `Yb` rbx (the
/// `__tls_get_addr` GOT base; gcc takes other registers under `-fno-plt`, which exasm does not
/// model); `Yr`, `Yv`, `Yw`, `YW` the SSE registers, xmm16–31 included where AVX-512 makes them
/// available (gcc adds them to `Yv` only under AVX512VL and to `Yw`/`YW` only under AVX512BW
/// with AVX512VL, which exasm does not tell apart).
/// `None` for the others: `Yd` (SSE4.1 or AVX512DQ), `Yf` (x87 math only), `Bf` (the flags
/// register) and gcc's internal memory, address and constant constraints (`Bm`, `Ts`, `Wd`, ...).
fn two_letter_regs(first: char, second: char) -> Option<RegSet> {
    Some(match (first, second) {
        ('Y', 'z') => RegSet::of(&[PhysReg::XMM0]),
        ('Y', 'k') => classes::mask().without(PhysReg::K0),
        ('Y', 'a' | 'p') => classes::general(),
        ('Y', 'b') => RegSet::of(&[PhysReg::RBX]),
        ('Y', 'r' | 'v' | 'w' | 'W') => classes::sse_all(),
        _ => return None,
    })
}

/// Two-letter constraints gcc 12 defines as register classes that exasm allocates nothing in
/// (`Yd` without SSE4.1, `Yf` with SSE math, `Bf`, the flags register): they allow a register
/// as far as gcc's expansion is concerned, so it warns of no mismatch before calling the
/// operand impossible.
pub(crate) fn is_empty_register_class(two_letters: &str) -> bool {
    matches!(two_letters, "Yd" | "Yf" | "Bf")
}

/// Characters an input constraint may hold besides letters and digits (`&`, which a `+`
/// output may carry, is reported separately for written inputs).
fn allowed_in_input(c: char) -> bool {
    c.is_ascii_alphanumeric() || "<>?!*#$^,%&[]".contains(c)
}

/// A `+` output becomes an output plus a hidden input, and gcc checks the hidden input's
/// constraint as an input's: the whole constraint when it has one alternative, else the
/// alternatives that allow no register (those that do become a matching digit).
fn check_hidden_input(body: &str) -> Result<(), ConstraintError> {
    let several = body.contains(',');
    for piece in body.split(',') {
        if several {
            let mut alt = Alternative::default();
            piece.chars().filter(char::is_ascii_alphabetic).for_each(|c| letter(&mut alt, c));
            if !alt.regs.is_empty() || piece.contains(['g', 'X', 'p']) {
                continue;
            }
        }
        if let Some(c) = piece.chars().find(|&c| !allowed_in_input(c)) {
            return Err(ConstraintError::InvalidPunctuation(c));
        }
    }
    Ok(())
}

/// Applies a one-letter constraint to an alternative. Unknown letters add nothing, which makes
/// the operand impossible to place, as in gcc.
fn letter(alt: &mut Alternative, c: char) {
    let regs = match c {
        'r' | 'q' => classes::general(),
        'R' => classes::legacy(),
        'Q' => classes::q_upper(),
        'l' => classes::index(),
        'U' => classes::call_clobbered(),
        'a' => RegSet::of(&[PhysReg::RAX]),
        'b' => RegSet::of(&[PhysReg::RBX]),
        'c' => RegSet::of(&[PhysReg::RCX]),
        'd' => RegSet::of(&[PhysReg::RDX]),
        'S' => RegSet::of(&[PhysReg::RSI]),
        'D' => RegSet::of(&[PhysReg::RDI]),
        'A' => RegSet::of(&[PhysReg::RAX, PhysReg::RDX]),
        'f' => classes::x87(),
        't' => RegSet::of(&[PhysReg::ST0]),
        'u' => RegSet::of(&[PhysReg::ST1]),
        'y' => classes::mmx(),
        'x' => classes::sse(),
        'v' => classes::sse_all(),
        'k' => classes::mask(),
        _ => RegSet::EMPTY,
    };
    alt.regs = alt.regs.union(regs);
    match c {
        'm' => alt.mem.any = true,
        'o' => alt.mem.offsettable = true,
        'V' => alt.mem.non_offsettable = true,
        'p' => alt.address = true,
        'i' => {
            alt.imm.insert(ImmKind::I);
            alt.vector_immediate = true;
        }
        'n' => alt.imm.insert(ImmKind::N),
        's' => alt.imm.insert(ImmKind::S),
        'E' | 'F' => alt.imm.insert(ImmKind::Float),
        'I' => alt.imm.insert(ImmKind::Range031),
        'J' => alt.imm.insert(ImmKind::Range063),
        'K' => alt.imm.insert(ImmKind::Signed8),
        'L' => alt.imm.insert(ImmKind::ZextMask),
        'M' => alt.imm.insert(ImmKind::Range03),
        'N' => alt.imm.insert(ImmKind::Unsigned8),
        'O' => alt.imm.insert(ImmKind::Range0127),
        'e' => alt.imm.insert(ImmKind::Signed32),
        'Z' => alt.imm.insert(ImmKind::Unsigned32),
        'G' => alt.imm.insert(ImmKind::X87Const),
        'C' => alt.imm.insert(ImmKind::Zero),
        _ => {}
    }
}

/// Every single-letter constraint the decoder gives a meaning to, for documentation and tests.
pub const KNOWN_LETTERS: &str = "rqRQlUabcdSDAftuyxvkmoVpinsEFIJKLMNOeZGCgX";

#[cfg(test)]
mod tests {
    use super::*;

    fn regs_of(text: &str) -> Vec<String> {
        let c = Constraint::decode_input(text).unwrap();
        c.alternatives[0].regs.iter().map(|r| r.to_string()).collect()
    }

    #[test]
    fn register_letters_map_to_gcc_classes() {
        assert_eq!(regs_of("a"), ["rax"]);
        assert_eq!(regs_of("S"), ["rsi"]);
        assert_eq!(regs_of("D"), ["rdi"]);
        assert_eq!(regs_of("Q"), ["rax", "rcx", "rdx", "rbx"]);
        assert_eq!(regs_of("A"), ["rax", "rdx"]);
        assert_eq!(regs_of("R").len(), 8);
        assert_eq!(regs_of("q").len(), 16);
        assert_eq!(regs_of("l").len(), 15);
        assert_eq!(regs_of("U"), ["rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"]);
        assert_eq!(regs_of("t"), ["st"]);
        assert_eq!(regs_of("u"), ["st(1)"]);
        assert_eq!(regs_of("f").len(), 8);
        assert_eq!(regs_of("y").len(), 8);
        assert_eq!(regs_of("x").len(), 16);
        assert_eq!(regs_of("v").len(), 32);
        assert_eq!(regs_of("k").len(), 8);
        assert_eq!(regs_of("Yz"), ["xmm0"]);
        assert_eq!(regs_of("Yk").len(), 7);
        assert_eq!(regs_of("Yb"), ["rbx"]);
        assert_eq!(regs_of("Ya").len(), 16);
        assert_eq!(regs_of("Yp").len(), 16);
        assert_eq!(regs_of("Yr").len(), 32);
        assert_eq!(regs_of("=Yv".trim_start_matches('=')).len(), 32);
    }

    #[test]
    fn immediate_letters_carry_their_ranges() {
        let c = Constraint::decode_input("IK").unwrap();
        let imm = c.alternatives[0].imm;
        assert!(imm.accepts_int(31) && imm.accepts_int(-128) && !imm.accepts_int(128));
        let c = Constraint::decode_input("L").unwrap();
        assert!(c.alternatives[0].imm.accepts_int(0xffff_ffff) && !c.alternatives[0].imm.accepts_int(0xfff));
        let c = Constraint::decode_input("e").unwrap();
        assert!(c.alternatives[0].imm.accepts_int(-(1 << 31)) && !c.alternatives[0].imm.accepts_int(1 << 31));
        let c = Constraint::decode_input("Z").unwrap();
        assert!(c.alternatives[0].imm.accepts_int(0xffff_ffff) && !c.alternatives[0].imm.accepts_int(-1));
    }

    #[test]
    fn g_is_register_memory_or_immediate() {
        let c = Constraint::decode_input("g").unwrap();
        let a = &c.alternatives[0];
        assert!(a.allows_reg() && a.allows_mem() && a.imm.contains(ImmKind::I));
    }

    #[test]
    fn alternatives_are_spans_of_the_text_as_written() {
        let texts = |c: &Constraint| (0..c.alternatives.len()).map(|k| c.alternative_text(k).to_string()).collect::<Vec<_>>();
        assert_eq!(texts(&Constraint::decode_output("=&r,m,").unwrap().0), ["&r", "m", ""]);
        assert_eq!(texts(&Constraint::decode_output("r=,?m").unwrap().0), ["r", "?m"]);
        assert_eq!(texts(&Constraint::decode_output("r,=m").unwrap().0), ["r", "m"]);
        assert_eq!(texts(&Constraint::decode_input("%0,rm").unwrap()), ["%0", "rm"]);
        assert_eq!(Constraint::decode_input("rm").unwrap().alternative_text(1), "");
    }

    #[test]
    fn alternatives_keep_their_own_marks() {
        let (c, _) = Constraint::decode_output("=r,?&m,!x").unwrap();
        assert_eq!(c.alternatives.len(), 3);
        assert_eq!(c.alternatives[1].disparage, 1);
        assert!(c.alternatives[1].early_clobber && !c.alternatives[0].early_clobber);
        assert_eq!(c.alternatives[2].disparage, 600);
    }

    #[test]
    fn output_errors_use_gcc_wording() {
        let e = |t| Constraint::decode_output(t).unwrap_err().to_string();
        assert_eq!(e("r"), "output operand constraint lacks '='");
        assert_eq!(e("=r="), "operand constraint contains incorrectly positioned '+' or '='");
        assert_eq!(e("=r0"), "matching constraint not valid in output operand");
        assert_eq!(e("=@ccfoo"), "unknown 'asm' flag output '=@ccfoo'");
        assert_eq!(e("=@ccpe"), "unknown 'asm' flag output '=@ccpe'");
        assert_eq!(e("=@ccz,r"), "alternatives not allowed in 'asm' flag output");
    }

    #[test]
    fn equals_not_first_is_a_warning() {
        let (c, w) = Constraint::decode_output("r=").unwrap();
        assert_eq!(c.access, Access::Def);
        assert_eq!(w, vec![ConstraintWarning::EqualsNotFirst('=')]);
    }

    #[test]
    fn input_errors_use_gcc_wording() {
        let e = |t| Constraint::decode_input(t).unwrap_err().to_string();
        assert_eq!(e("=r"), "input operand constraint contains '='");
        assert_eq!(e("+r"), "input operand constraint contains '+'");
        assert_eq!(e("&r"), "input operand constraint contains '&'");
        assert_eq!(e("r;"), "invalid punctuation ';' in constraint");
    }

    #[test]
    fn punctuation_prints_as_gcc_prints_characters() {
        let e = |t: &str| Constraint::decode_input(t).unwrap_err().to_string();
        assert_eq!(e("r\n"), r"invalid punctuation '\x0a' in constraint");
        assert_eq!(e("r\t"), r"invalid punctuation '\x09' in constraint");
        assert_eq!(e("r\u{7f}"), r"invalid punctuation '\x7f' in constraint");
        assert_eq!(e("r\u{e9}"), r"invalid punctuation '\xc3' in constraint");
        assert_eq!(e("r "), "invalid punctuation ' ' in constraint");
        assert_eq!(e("r'"), "invalid punctuation ''' in constraint");
    }

    #[test]
    fn a_two_letter_prefix_cut_short_marks_the_alternative() {
        let c = Constraint::decode_input("gT,m").unwrap();
        assert!(c.alternatives[0].truncated && !c.alternatives[1].truncated);
        assert!(Constraint::decode_input("rY").unwrap().alternatives[0].truncated);
        assert!(!Constraint::decode_input("rTs").unwrap().alternatives[0].truncated);
        // `j` is no prefix in gcc 12: an unknown letter, ignored.
        let c = Constraint::decode_input("jr").unwrap();
        assert!(!c.alternatives[0].truncated && c.alternatives[0].regs.len() == 16);
    }

    #[test]
    fn plus_outputs_check_punctuation_as_inputs_do() {
        let e = |t| Constraint::decode_output(t).unwrap_err().to_string();
        assert_eq!(e("+r;"), "invalid punctuation ';' in constraint");
        assert_eq!(e("+@ccz"), "invalid punctuation '@' in constraint");
        assert_eq!(e("+r,m;"), "invalid punctuation ';' in constraint");
        assert!(Constraint::decode_output("=r;").is_ok());
        assert!(Constraint::decode_output("+&r<").is_ok());
        assert!(Constraint::decode_output("+r,r;").is_ok());
    }

    #[test]
    fn angle_brackets_are_accepted_and_allow_nothing() {
        let c = Constraint::decode_input("<").unwrap();
        assert!(!c.alternatives[0].allows_mem() && !c.alternatives[0].allows_reg());
        assert!(Constraint::decode_input("m>").unwrap().alternatives[0].allows_mem());
    }

    #[test]
    fn every_flag_condition_decodes() {
        assert_eq!(FlagCond::all().count(), 28);
        for c in FlagCond::all() {
            let (d, _) = Constraint::decode_output(&format!("=@cc{c}")).unwrap();
            assert_eq!(d.flag, Some(c));
        }
    }

    #[test]
    fn ties_by_number_and_name() {
        let c = Constraint::decode_input("%12").unwrap();
        assert!(c.commutative);
        assert_eq!(c.alternatives[0].tie, Some(Tie::Number(12)));
    }

    #[test]
    fn thirty_six_alternatives_are_too_many() {
        let many = vec!["r"; 36].join(",");
        assert_eq!(Constraint::decode_input(&many).unwrap_err(), ConstraintError::TooManyAlternatives);
        assert!(Constraint::decode_input(&vec!["r"; 35].join(",")).is_ok());
    }
}
