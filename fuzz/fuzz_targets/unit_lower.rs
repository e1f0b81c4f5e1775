#![no_main]
//! `cargo fuzz run unit_lower corpus-work/unit_lower corpus/cfront_explain`: see
//! `exasm_fuzz::targets::unit_lower`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| exasm_fuzz::targets::unit_lower(data));
