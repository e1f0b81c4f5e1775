//! The fuzz targets of exasm as plain functions, so that libFuzzer (`cargo fuzz run <target>`,
//! nightly) and the stable smoke loop (`tests/fuzz_smoke.rs` in the main workspace, which
//! includes `targets.rs`) drive the same code.

pub mod targets;
