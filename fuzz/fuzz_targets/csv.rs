#![no_main]
//! Fuzz target `csv`: see `localis_fuzz::csv`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| localis_fuzz::csv(data));
