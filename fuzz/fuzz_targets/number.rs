#![no_main]
//! Fuzz target `number`: see `localis_fuzz::number`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| localis_fuzz::number(data));
