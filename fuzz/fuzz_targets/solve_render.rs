#![no_main]
//! `cargo fuzz run solve_render`: see `exasm_fuzz::targets::solve_render`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| exasm_fuzz::targets::solve_render(data));
