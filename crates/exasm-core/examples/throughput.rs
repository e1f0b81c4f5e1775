//! Fixed-count library throughput: decode + solve + render of the c-samples statement mix
//! (the criterion bench's), repeated until `N` statements (default 2,000,000, or the first
//! argument) have gone through, on one thread. Prints CPU time (which machine load barely
//! changes, unlike criterion's wall figure), wall time, the load average, and heap allocations
//! per statement counted by a global allocator.
//!
//!     cargo run --release -p exasm-core --example throughput [N]

#[path = "../benches/common/mod.rs"]
mod common;

use exasm_core::target::Target;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// CPU time of this thread, in seconds.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid timespec to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() {
    let n: u64 = std::env::args().nth(1).map_or(2_000_000, |a| a.parse().expect("a statement count"));
    let t = Target::default();
    let stmts = common::statement_mix(&t);
    // Warm up: one pass over the mix (caches, the allocator's free lists).
    let mut bytes: usize = stmts.iter().map(|(s, f)| common::pipeline_once(s, f, &t)).sum();
    let allocs0 = ALLOCATIONS.load(Relaxed);
    let (cpu0, wall0) = (cpu_seconds(), std::time::Instant::now());
    let mut done = 0u64;
    'run: loop {
        for (s, f) in &stmts {
            if done == n {
                break 'run;
            }
            bytes += common::pipeline_once(s, f, &t);
            done += 1;
        }
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    let allocs = ALLOCATIONS.load(Relaxed) - allocs0;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("statements: {done} ({} distinct c-samples statements, {bytes} bytes rendered)", stmts.len());
    println!("cpu: {cpu:.3} s, {:.0} statements per CPU-second", done as f64 / cpu);
    println!("wall: {wall:.3} s, {:.0} statements per second", done as f64 / wall);
    println!("allocations: {:.2} per statement", allocs as f64 / done as f64);
    println!("load average: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
}
