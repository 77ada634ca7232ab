#![no_main]
//! Fuzz target `yaml`: see `localis_fuzz::yaml`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| localis_fuzz::yaml(data));
