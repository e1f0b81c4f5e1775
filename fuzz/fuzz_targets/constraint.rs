#![no_main]
//! `cargo fuzz run constraint`: see `exasm_fuzz::targets::constraint`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| exasm_fuzz::targets::constraint(data));
