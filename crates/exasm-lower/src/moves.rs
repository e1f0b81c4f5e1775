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

/// `dst := src` for one value.
pub fn emit_move(src: Src, dst: PhysReg, out: &mut String) {
    let d = dst.name(if is_vec(dst) { 16 } else { 8 });
    let line = match src {
        Src::Reg(s) => {
            let sn = s.name(if is_vec(s) { 16 } else { 8 });
            match (is_vec(s), is_vec(dst)) {
                (false, false) => format!("movq %{sn}, %{d}"),
                (true, true) => format!("movaps %{sn}, %{d}"),
                _ => format!("movq %{sn}, %{d}"),
            }
        }
        Src::Stack(off) if is_vec(dst) => format!("movups {off}(%rsp), %{d}"),
        Src::Stack(off) => format!("movq {off}(%rsp), %{d}"),
    };
    let _ = writeln!(out, "\t{line}");
}

fn save(r: PhysReg, slot: i64, out: &mut String) {
    let line = if is_vec(r) { format!("movups %{}, {slot}(%rsp)", r.name(16)) } else { format!("movq %{}, {slot}(%rsp)", r.name(8)) };
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
        for line in out.lines() {
            let (_, ops) = line.trim().split_once(' ').unwrap();
            let (a, b) = ops.split_once(", ").unwrap();
            let val = if a.contains("(%rsp)") { slot.clone() } else { get(&regs, a.trim_start_matches('%')) };
            if b.contains("(%rsp)") {
                slot = val;
            } else {
                regs.insert(b.trim_start_matches('%').to_string(), val);
            }
        }
        moves.iter().map(|m| (m.dst, get(&regs, &m.dst.name(if is_vec(m.dst) { 16 } else { 8 })))).collect()
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
