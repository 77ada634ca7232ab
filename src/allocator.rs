//! The allocator of every localis program: mimalloc, set to keep the memory it frees for reuse.
//!
//! A national run frees some hundred million small results and a VLR's layout millions of
//! small nodes; glibc's malloc spent 14% of the national run's CPU in allocating and freeing
//! them. mimalloc's thread-local free lists do the same work in a fraction of that, and kept
//! for reuse (not handed back to the system a second after it is freed, mimalloc's default)
//! freed memory costs no page faults when it is taken again. A run's peak memory is held until
//! the run ends, as it was with glibc. mimalloc is built without asking for transparent huge
//! pages (`no_thp`): zeroing 2 MB pages cost the two-language VLR 6–8 s of system time against
//! 2–3 s with 4 KB pages, for no gain elsewhere. Measured on the national run
//! (benches/data/national, two alternating runs each on a loaded machine): 66 s of CPU
//! against 75 s and 1.5 GB peak against 1.9 GB; on the VLR the same wall time, 1 s less CPU
//! and some 10% more peak memory.

/// The global allocator that the `localis` binary and the benchmarks declare.
pub use mimalloc::MiMalloc as Allocator;

/// mimalloc's option `mi_option_purge_delay` (its index in `mi_option_t`, mimalloc 3): how
/// many milliseconds freed memory waits before it is returned to the system; -1 for never.
const PURGE_DELAY: std::ffi::c_int = 15;

#[allow(unsafe_code)] // the one foreign call of localis: mimalloc's option setter
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Keeps freed memory for reuse until the process ends. Call it first thing in `main`,
/// before any other thread starts: mimalloc writes its options without synchronisation.
pub fn keep_freed_memory() {
    // SAFETY: mimalloc writes the option with plain stores, which race with nothing when no
    // other thread runs (both callers, the binary's and the benchmark's `main`, call this
    // before starting any); the option's index is that of the mimalloc version
    // libmimalloc-sys builds (checked by a unit test below).
    #[allow(unsafe_code)]
    unsafe {
        mi_option_set(PURGE_DELAY, -1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(unsafe_code)]
    unsafe extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reading an option has no precondition
        #[allow(unsafe_code)]
        unsafe {
            mi_option_get(PURGE_DELAY)
        }
    }

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // no race with other tests' threads: mimalloc is not this binary's allocator, so
        // nothing else reads its options
        // mimalloc 3's default purge delay is 1000 ms; its neighbours in `mi_option_t` default
        // to 1 and 0, so the index names the purge delay (unless the environment set it)
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000);
        }
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }
}
