#![no_main]
//! `cargo fuzz run statement`: see `exasm_fuzz::targets::statement`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| exasm_fuzz::targets::statement(data));
