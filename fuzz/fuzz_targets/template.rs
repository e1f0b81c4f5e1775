#![no_main]
//! `cargo fuzz run template`: see `exasm_fuzz::targets::template`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| exasm_fuzz::targets::template(data));
