#![no_main]
//! Fuzz target `xlsx`: see `localis_fuzz::xlsx`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| localis_fuzz::xlsx(data));
