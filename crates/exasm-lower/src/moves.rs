//! Parallel moves between registers and stack slots, as thunk glue needs them.

use exasm_core::regs::{PhysReg, RegClass};
use std::fmt::Write;

/// Where a value comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Src {
    /// A register (its full 64-bit GPR or 128-bit vector contents).
    Reg(PhysReg),
    /// An 8-byte stack slot at `offset(%rsp)`.
    Stack(i64),
}

/// One move of a parallel assignment: `dst := src`, all sources read before any destination is
/// written.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Source.
    pub src: Src,
    /// Destination register (GPR or vector).
    pub dst: PhysReg,
}

/// Emits AT&T instructions performing `moves` as one parallel assignment. `scratch` is the
/// offset of a 16-byte stack slot used to break cycles. Destinations must be distinct. Returns
/// whether the scratch slot was needed.
///
/// ```
/// use exasm_lower::moves::{emit_parallel, Move, Src};
/// use exasm_core::regs::PhysReg;
/// let mut out = String::new();
/// // A swap of rdi and rsi needs the scratch slot.
/// emit_parallel(&[Move { src: Src::Reg(PhysReg::RDI), dst: PhysReg::RSI },
///                 Move { src: Src::Reg(PhysReg::RSI), dst: PhysReg::RDI }], 0, &mut out);
/// assert_eq!(out.lines().count(), 3);
/// ```
pub fn emit_parallel(moves: &[Move], scratch: i64, out: &mut String) -> bool {
    let mut used_scratch = false;
    let mut pending: Vec<Move> = moves.iter().copied().filter(|m| m.src != Src::Reg(m.dst)).collect();
    while !pending.is_empty() {
        let ready = pending.iter().position(|m| !pending.iter().any(|o| o.src == Src::Reg(m.dst)));
        match ready {
            Some(i) => {
                let m = pending.remove(i);
                emit_move(m.src, m.dst, out);
            }
            None => {
                // Every destination is still needed as a source: park one in the scratch slot.
                let d = pending[0].dst;
                save(d, scratch, out);
                used_scratch = true;
                for m in &mut pending {
                    if m.src == Src::Reg(d) {
                        m.src = Src::Stack(scratch);
                    }
                }
            }
        }
    }
    used_scratch
}

fn is_vec(r: PhysReg) -> bool {
    r.class() == RegClass::Xmm
}

/// xmm16..xmm31 exist only with AVX-512 and only EVEX encodes them: no legacy SSE instruction
/// (`movaps`, `movq`, `movups`) names them, and an EVEX instruction on their 128- or 256-bit
/// form needs AVX512VL, which gcc requires only for 128- and 256-bit values there (scalars need
/// just AVX512F).
pub(crate) fn is_evex_only(r: PhysReg) -> bool {
    is_vec(r) && r.hw_number() >= 16
}

/// `dst := src` for one value.
///
/// ```
/// use exasm_lower::moves::{emit_move, Src};
/// use exasm_core::regs::PhysReg;
/// let mut out = String::new();
/// emit_move(Src::Reg(PhysReg::XMM0), PhysReg::xmm(18), &mut out);
/// emit_move(Src::Stack(16), PhysReg::xmm(20), &mut out);
/// assert_eq!(out, "\tvmovsd %xmm0, %xmm0, %xmm18\n\tvinserti32x4 $0, 16(%rsp), %zmm20, %zmm20\n");
/// ```
pub fn emit_move(src: Src, dst: PhysReg, out: &mut String) {
    let d = dst.name(if is_vec(dst) { 16 } else { 8 });
    let line = match src {
        Src::Reg(s) => {
            let sn = s.name(if is_vec(s) { 16 } else { 8 });
            let evex = is_evex_only(s) || is_evex_only(dst);
            match (is_vec(s), is_vec(dst)) {
                (false, false) => format!("movq %{sn}, %{d}"),
                // The low 128 bits (`vmovsd` merges the source's high half from its second
                // operand): a scalar instruction, which AVX512F alone encodes for every
                // register, where `vmovaps` needs AVX512VL or a 512-bit move.
                (true, true) if evex => format!("vmovsd %{sn}, %{sn}, %{d}"),
                (true, true) => format!("movaps %{sn}, %{d}"),
                _ if evex => format!("vmovq %{sn}, %{d}"),
                _ => format!("movq %{sn}, %{d}"),
            }
        }
        // The low 128 bits, without AVX512VL.
        Src::Stack(off) if is_evex_only(dst) => format!("vinserti32x4 $0, {off}(%rsp), %{z}, %{z}", z = dst.name(64)),
        Src::Stack(off) if is_vec(dst) => format!("movups {off}(%rsp), %{d}"),
        Src::Stack(off) => format!("movq {off}(%rsp), %{d}"),
    };
    let _ = writeln!(out, "\t{line}");
}

fn save(r: PhysReg, slot: i64, out: &mut String) {
    let line = if is_evex_only(r) {
        format!("vextracti32x4 $0, %{}, {slot}(%rsp)", r.name(64))
    } else if is_vec(r) {
        format!("movups %{}, {slot}(%rsp)", r.name(16))
    } else {
        format!("movq %{}, {slot}(%rsp)", r.name(8))
    };
    let _ = writeln!(out, "\t{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simulates the emitted code on symbolic register contents.
    fn simulate(moves: &[Move]) -> Vec<(PhysReg, String)> {
        let mut out = String::new();
        emit_parallel(moves, 0, &mut out);
        let mut regs: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        let mut slot = String::new();
        let get = |regs: &std::collections::HashMap<String, String>, n: &str| regs.get(n).cloned().unwrap_or_else(|| n.to_string());
        // One vector register under any of its names.
        let norm = |n: &str| n.trim_start_matches('%').replace("zmm", "xmm");
        for line in out.lines() {
            let (_, ops) = line.trim().split_once(' ').unwrap();
            // Source: the first operand that is not an immediate; destination: the last.
            let ops: Vec<&str> = ops.split(", ").filter(|o| !o.starts_with('$')).collect();
            let (a, b) = (ops[0], ops[ops.len() - 1]);
            let val = if a.contains("(%rsp)") { slot.clone() } else { get(&regs, &norm(a)) };
            if b.contains("(%rsp)") {
                slot = val;
            } else {
                regs.insert(norm(b), val);
            }
        }
        moves.iter().map(|m| (m.dst, get(&regs, &m.dst.name(if is_vec(m.dst) { 16 } else { 8 })))).collect()
    }

    #[test]
    fn moves_to_xmm16_and_above_are_evex_and_land() {
        let x = PhysReg::xmm;
        // A cycle through xmm0/xmm1 beside moves into xmm16..xmm31 (a value parked in the
        // scratch slot is loaded into xmm17 from there).
        let moves = [
            Move { src: Src::Reg(x(0)), dst: x(1) },
            Move { src: Src::Reg(x(1)), dst: x(0) },
            Move { src: Src::Reg(x(1)), dst: x(17) },
            Move { src: Src::Reg(x(0)), dst: x(31) },
            Move { src: Src::Reg(PhysReg::RDI), dst: x(20) },
        ];
        let mut out = String::new();
        emit_parallel(&moves, 0, &mut out);
        for line in out.lines() {
            let mnemonic = line.split_whitespace().next().unwrap();
            if ["17", "20", "31"].iter().any(|n| line.contains(&format!("mm{n}"))) {
                assert!(mnemonic.starts_with('v'), "legacy SSE cannot name xmm16+: {line}");
            }
        }
        for (dst, val) in simulate(&moves) {
            let want = moves.iter().find(|m| m.dst == dst).map(|m| match m.src {
                Src::Reg(s) => s.name(if is_vec(s) { 16 } else { 8 }),
                Src::Stack(_) => unreachable!(),
            });
            assert_eq!(Some(val), want, "{dst}");
        }
    }

    #[test]
    fn cycles_and_chains_end_with_every_value_in_place() {
        let r = |n| PhysReg::gpr(n);
        let moves = [
            Move { src: Src::Reg(r(7)), dst: r(6) },
            Move { src: Src::Reg(r(6)), dst: r(2) },
            Move { src: Src::Reg(r(2)), dst: r(7) },
            Move { src: Src::Reg(r(1)), dst: r(0) },
            Move { src: Src::Reg(r(8)), dst: r(1) },
        ];
        for (dst, val) in simulate(&moves) {
            let want = moves.iter().find(|m| m.dst == dst).map(|m| match m.src {
                Src::Reg(s) => s.name(8),
                Src::Stack(_) => unreachable!(),
            });
            assert_eq!(Some(val), want, "{dst}");
        }
    }
}
