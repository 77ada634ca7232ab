#![no_main]
//! Fuzz target `expression`: see `localis_fuzz::expression`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| localis_fuzz::expression(data));
