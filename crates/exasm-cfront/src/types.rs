//! C types of the x86-64 System V ABI: sizes, alignments, struct layout with bit-fields, the
//! usual arithmetic conversions, and a spelling usable in a cast.

use exasm_core::facts::ValueKind;
use std::rc::Rc;

/// The C data model of the target: which types are 64 bits, and what `long double` is.
///
/// ```
/// use exasm_cfront::DataModel;
/// assert_eq!(DataModel::default(), DataModel::Lp64);
/// ```
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum DataModel {
    /// System V x86-64: `long` and pointers are 64 bits, `long double` is x87's 80 bits in 16 bytes.
    #[default]
    Lp64,
    /// MinGW-w64: `long` is 32 bits, `long long` and pointers 64; `long double` is x87's, in 16 bytes.
    Llp64,
    /// MSVC: LLP64, and `long double` is `double`.
    Llp64Msvc,
}

thread_local! {
    /// The data model of the analysis running on this thread ([`with_data_model`]).
    static MODEL: std::cell::Cell<DataModel> = const { std::cell::Cell::new(DataModel::Lp64) };
}

/// Runs `f` with the sizes of `model` (the analysis runs on one thread).
pub(crate) fn with_data_model<R>(model: DataModel, f: impl FnOnce() -> R) -> R {
    let old = MODEL.with(|m| m.replace(model));
    let r = f();
    MODEL.with(|m| m.set(old));
    r
}

fn model() -> DataModel {
    MODEL.with(|m| m.get())
}

/// An integer type's rank and size.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum IntRank {
    Bool,
    Char,
    Short,
    Int,
    Long,
    LongLong,
    Int128,
}

impl IntRank {
    pub fn size(self) -> u64 {
        match self {
            IntRank::Bool | IntRank::Char => 1,
            IntRank::Short => 2,
            IntRank::Int => 4,
            IntRank::Long if model() != DataModel::Lp64 => 4,
            IntRank::Long | IntRank::LongLong => 8,
            IntRank::Int128 => 16,
        }
    }

    /// The rank of `size_t`, `ptrdiff_t` and `intptr_t`: `long` under LP64, `long long` under
    /// LLP64.
    pub fn pointer_sized() -> IntRank {
        if model() == DataModel::Lp64 {
            IntRank::Long
        } else {
            IntRank::LongLong
        }
    }
}

/// Floating types.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FloatKind {
    Float,
    Double,
    LongDouble,
    Float128,
}

impl FloatKind {
    pub fn size(self) -> u64 {
        match self {
            FloatKind::Float => 4,
            FloatKind::Double => 8,
            FloatKind::LongDouble if model() == DataModel::Llp64Msvc => 8,
            FloatKind::LongDouble | FloatKind::Float128 => 16,
        }
    }
}

/// A struct or union definition, laid out.
#[derive(Debug)]
pub(crate) struct Record {
    /// `None` while incomplete.
    pub layout: std::cell::RefCell<Option<Layout>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub members: Vec<Member>,
    pub size: u64,
    pub align: u64,
    /// Some member (at any depth) is const: the whole object is read-only as an asm output.
    pub has_const_member: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// `None` for an anonymous struct or union member (its members are found through it).
    pub name: Option<String>,
    pub ty: QualType,
    /// Byte offset (of the storage unit for bit-fields).
    pub offset: u64,
    pub bit_width: Option<u64>,
}

/// A C type.
#[derive(Clone, Debug)]
pub(crate) enum Type {
    Void,
    Int {
        rank: IntRank,
        signed: bool,
        plain_char: bool,
        enum_: bool,
    },
    Float(FloatKind),
    Complex(FloatKind),
    Pointer(Box<QualType>),
    Array(Box<QualType>, Option<u64>),
    Function {
        ret: Box<QualType>,
    },
    Record(Rc<Record>),
    Vector {
        size: u64,
    },
    /// A type the front end could not work out (an unknown typedef after a failed parse).
    Unknown,
}

/// A type with its qualifiers.
#[derive(Clone, Debug)]
pub(crate) struct QualType {
    pub ty: Type,
    pub is_const: bool,
    pub is_volatile: bool,
    /// `aligned(N)` on a typedef or member, when larger than the natural alignment.
    pub align: Option<u64>,
    /// A named address space qualifier (`__seg_gs`).
    pub seg: Option<exasm_core::facts::Segment>,
}

impl QualType {
    pub fn new(ty: Type) -> QualType {
        QualType {
            ty,
            is_const: false,
            is_volatile: false,
            align: None,
            seg: None,
        }
    }
    pub fn unqualified(&self) -> QualType {
        QualType::new(self.ty.clone())
    }
    pub fn size(&self) -> Option<u64> {
        self.ty.size()
    }
    pub fn align(&self) -> u64 {
        self.align.unwrap_or(1).max(self.ty.align())
    }
}

pub(crate) fn int(rank: IntRank, signed: bool) -> Type {
    Type::Int {
        rank,
        signed,
        plain_char: false,
        enum_: false,
    }
}

impl Type {
    pub fn size(&self) -> Option<u64> {
        match self {
            Type::Void => Some(1),
            Type::Int { rank, .. } => Some(rank.size()),
            Type::Float(k) => Some(k.size()),
            Type::Complex(k) => Some(k.size() * 2),
            Type::Pointer(_) => Some(8),
            Type::Array(e, n) => e.size()?.checked_mul((*n)?),
            Type::Function { .. } => Some(1),
            Type::Record(r) => r.layout.borrow().as_ref().map(|l| l.size),
            Type::Vector { size, .. } => Some(*size),
            Type::Unknown => None,
        }
    }

    pub fn align(&self) -> u64 {
        match self {
            Type::Void | Type::Function { .. } | Type::Unknown => 1,
            Type::Int { rank, .. } => rank.size(),
            Type::Float(k) | Type::Complex(k) => k.size(),
            Type::Pointer(_) => 8,
            Type::Array(e, _) => e.align(),
            Type::Record(r) => r.layout.borrow().as_ref().map_or(1, |l| l.align),
            Type::Vector { size, .. } => (*size).clamp(1, 64),
        }
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int { .. })
    }
    pub fn is_arithmetic(&self) -> bool {
        matches!(self, Type::Int { .. } | Type::Float(_) | Type::Complex(_))
    }
    pub fn is_signed(&self) -> bool {
        matches!(self, Type::Int { signed: true, .. })
    }
    pub fn pointee(&self) -> Option<&QualType> {
        match self {
            Type::Pointer(p) | Type::Array(p, _) => Some(p),
            _ => None,
        }
    }

    /// Array-to-pointer and function-to-pointer conversion.
    pub fn decay(&self) -> Type {
        match self {
            Type::Array(e, _) => Type::Pointer(e.clone()),
            Type::Function { .. } => Type::Pointer(Box::new(QualType::new(self.clone()))),
            t => t.clone(),
        }
    }

    /// Integer promotion.
    pub fn promote(&self) -> Type {
        match self {
            Type::Int { rank, signed, .. } if *rank < IntRank::Int => {
                let _ = signed;
                int(IntRank::Int, true)
            }
            Type::Int { rank, signed, .. } => int(*rank, *signed),
            t => t.clone(),
        }
    }

    /// The class the solver places and prints by.
    pub fn value_kind(&self) -> ValueKind {
        match self {
            Type::Int {
                rank: IntRank::Bool,
                ..
            } => ValueKind::Bool,
            Type::Int {
                rank: IntRank::Int128,
                ..
            } => ValueKind::Int128,
            Type::Int { .. } => ValueKind::Int,
            Type::Pointer(_) | Type::Function { .. } => ValueKind::Pointer,
            Type::Float(FloatKind::Float) => ValueKind::Float,
            Type::Float(FloatKind::Double) => ValueKind::Double,
            Type::Float(FloatKind::LongDouble) if model() == DataModel::Llp64Msvc => ValueKind::Double,
            Type::Float(FloatKind::LongDouble) => ValueKind::LongDouble,
            Type::Float(FloatKind::Float128) | Type::Vector { .. } => ValueKind::Vector,
            Type::Void | Type::Complex(_) | Type::Array(..) | Type::Record(_) | Type::Unknown => {
                ValueKind::Aggregate
            }
        }
    }

    /// A spelling of the type usable in a cast or prototype, when one exists without naming a
    /// tag or typedef (pointers to anything but basic types are spelled `void *`).
    pub fn spelling(&self) -> Option<String> {
        Some(match self {
            Type::Void => "void".into(),
            Type::Int {
                rank,
                signed,
                plain_char,
                enum_,
            } => {
                let base = match rank {
                    IntRank::Bool => return Some("_Bool".into()),
                    IntRank::Char if *plain_char => return Some("char".into()),
                    IntRank::Char => "char",
                    IntRank::Short => "short",
                    IntRank::Int => "int",
                    IntRank::Long => "long",
                    IntRank::LongLong => "long long",
                    IntRank::Int128 => "__int128",
                };
                let _ = enum_;
                match (signed, rank) {
                    (true, IntRank::Char) => "signed char".into(),
                    (true, _) => base.into(),
                    (false, _) => format!("unsigned {base}"),
                }
            }
            Type::Float(FloatKind::Float) => "float".into(),
            Type::Float(FloatKind::Double) => "double".into(),
            Type::Float(FloatKind::LongDouble) => "long double".into(),
            Type::Float(FloatKind::Float128) => "__float128".into(),
            Type::Complex(k) => format!("{} _Complex", Type::Float(*k).spelling()?),
            Type::Pointer(p) => match &p.ty {
                t @ (Type::Int { .. } | Type::Float(_) | Type::Void) => {
                    let c = if p.is_const { "const " } else { "" };
                    let v = if p.is_volatile { "volatile " } else { "" };
                    format!("{c}{v}{} *", t.spelling()?)
                }
                _ => "void *".into(),
            },
            _ => return None,
        })
    }
}

/// The usual arithmetic conversions.
pub(crate) fn usual_arithmetic(a: &Type, b: &Type) -> Type {
    match (a, b) {
        (Type::Complex(x), Type::Complex(y)) => Type::Complex(*x.max(y)),
        (Type::Complex(x), Type::Float(y)) | (Type::Float(y), Type::Complex(x)) => {
            Type::Complex(*x.max(y))
        }
        (Type::Complex(x), _) | (_, Type::Complex(x)) => Type::Complex(*x),
        (Type::Float(x), Type::Float(y)) => Type::Float(*x.max(y)),
        (Type::Float(x), _) | (_, Type::Float(x)) => Type::Float(*x),
        (Type::Vector { .. }, _) => a.clone(),
        (_, Type::Vector { .. }) => b.clone(),
        _ => {
            let (a, b) = (a.promote(), b.promote());
            let (
                Type::Int {
                    rank: ra,
                    signed: sa,
                    ..
                },
                Type::Int {
                    rank: rb,
                    signed: sb,
                    ..
                },
            ) = (&a, &b)
            else {
                return a;
            };
            // long and long long have the same size; the higher rank wins.
            if sa == sb {
                return int(*ra.max(rb), *sa);
            }
            let (urank, srank) = if *sa { (*rb, *ra) } else { (*ra, *rb) };
            if urank >= srank {
                int(urank, false)
            } else if srank.size() > urank.size() {
                int(srank, true)
            } else {
                int(srank, false)
            }
        }
    }
}

/// Lays out a struct or union (System V rules, GNU `packed` and `aligned`).
pub(crate) struct LayoutBuilder {
    is_union: bool,
    packed: bool,
    /// Current size in bits.
    bits: u64,
    align: u64,
    members: Vec<Member>,
    has_const_member: bool,
}

impl LayoutBuilder {
    pub fn new(is_union: bool, packed: bool) -> LayoutBuilder {
        LayoutBuilder {
            is_union,
            packed,
            bits: 0,
            align: 1,
            members: Vec::new(),
            has_const_member: false,
        }
    }

    pub fn add(
        &mut self,
        name: Option<String>,
        ty: QualType,
        bit_width: Option<u64>,
        member_packed: bool,
    ) {
        let size = ty.size().unwrap_or(0);
        let packed = self.packed || member_packed;
        let natural = ty.align();
        let align = if packed {
            ty.align.unwrap_or(1)
        } else {
            natural
        };
        self.has_const_member |= ty.is_const
            || matches!(&ty.ty, Type::Record(r) if r.layout.borrow().as_ref().is_some_and(|l| l.has_const_member));
        match bit_width {
            Some(w) => {
                // Sizes come from the program (array bounds): absurd ones saturate, not wrap.
                let unit = size.saturating_mul(8);
                let start = if self.is_union {
                    0
                } else if w == 0 || (!packed && unit > 0 && (self.bits % unit).saturating_add(w) > unit) {
                    // A zero width, or a field that would straddle its unit, starts a new unit.
                    let n8 = natural.saturating_mul(8).max(1);
                    self.bits.div_ceil(n8).saturating_mul(n8)
                } else {
                    self.bits
                };
                if name.is_some() {
                    self.align = self.align.max(align);
                }
                let storage = start
                    .checked_div(unit)
                    .map_or(start / 8, |units| units.saturating_mul(size));
                self.members.push(Member {
                    name,
                    ty,
                    offset: storage,
                    bit_width: Some(w),
                });
                let end = start.saturating_add(w);
                self.bits = if self.is_union {
                    self.bits.max(end)
                } else {
                    end
                };
            }
            None => {
                let a8 = align.saturating_mul(8).max(1);
                let start = if self.is_union {
                    0
                } else {
                    self.bits.div_ceil(a8).saturating_mul(a8)
                };
                self.align = self.align.max(align);
                self.members.push(Member {
                    name,
                    ty,
                    offset: start / 8,
                    bit_width: None,
                });
                let end = start.saturating_add(size.saturating_mul(8));
                self.bits = if self.is_union {
                    self.bits.max(end)
                } else {
                    end
                };
            }
        }
    }

    pub fn finish(self, aligned: Option<u64>) -> Layout {
        let align = self.align.max(aligned.unwrap_or(1));
        let size = self.bits.div_ceil(8).div_ceil(align.max(1)).saturating_mul(align);
        Layout {
            members: self.members,
            size,
            align,
            has_const_member: self.has_const_member,
        }
    }
}

/// A member found by name, looking through anonymous members: its type, its byte offset from
/// the start of the outer object, its bit width.
pub(crate) fn find_member(layout: &Layout, name: &str) -> Option<(QualType, u64, Option<u64>)> {
    for m in &layout.members {
        match &m.name {
            Some(n) if n == name => return Some((m.ty.clone(), m.offset, m.bit_width)),
            None => {
                if let Type::Record(r) = &m.ty.ty {
                    if let Some(l) = r.layout.borrow().as_ref() {
                        if let Some((t, off, w)) = find_member(l, name) {
                            let mut t = t;
                            t.is_const |= m.ty.is_const;
                            return Some((t, m.offset + off, w));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(t: Type) -> QualType {
        QualType::new(t)
    }

    #[test]
    fn bit_fields_share_storage_units_until_they_would_straddle() {
        let mut b = LayoutBuilder::new(false, false);
        b.add(Some("a".into()), q(int(IntRank::Int, true)), Some(3), false);
        b.add(Some("b".into()), q(int(IntRank::Char, true)), None, false);
        b.add(
            Some("c".into()),
            q(int(IntRank::Int, true)),
            Some(30),
            false,
        );
        let l = b.finish(None);
        assert_eq!(
            l.members.iter().map(|m| m.offset).collect::<Vec<_>>(),
            vec![0, 1, 4]
        );
        assert_eq!((l.size, l.align), (8, 4));
    }

    #[test]
    fn arithmetic_conversions_follow_the_standard() {
        let ui = int(IntRank::Int, false);
        let l = int(IntRank::Long, true);
        let ul = int(IntRank::Long, false);
        let ll = int(IntRank::LongLong, true);
        assert_eq!(usual_arithmetic(&ui, &l).spelling().unwrap(), "long");
        assert_eq!(
            usual_arithmetic(&ul, &ll).spelling().unwrap(),
            "unsigned long long"
        );
        assert_eq!(
            usual_arithmetic(&int(IntRank::Char, false), &int(IntRank::Short, false))
                .spelling()
                .unwrap(),
            "int"
        );
    }
}
