#![no_main]
//! `cargo fuzz run cfront_explain`: see `exasm_fuzz::targets::cfront_explain`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| exasm_fuzz::targets::cfront_explain(data));
