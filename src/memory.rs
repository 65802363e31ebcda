//! How the allocator treats freed memory while a stage churns through it. mimalloc hands
//! memory that has been free for a second back to the kernel; the ingest frees and takes
//! a few hundred megabytes again within that second (pieces' columns growing, then joined,
//! then encoded), and on a virtual machine each fresh page costs a fault the host must
//! also serve. Keeping it makes the ingest of the benchmark CSV markedly faster on this
//! kind of machine (BENCHMARKS.md has the figures).

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc's `mimalloc.h` (the Rust bindings name no constant
/// for it): milliseconds before freed memory is returned; -1 never.
const PURGE_DELAY: mi_option_t = 15;

/// Runs `f` with freed memory kept for reuse rather than returned to the kernel, then
/// restores the allocator's setting. For a command whose whole working set is freed and
/// taken again within a second. Not for `spendgap run`: there what the ingest kept stayed
/// with the process and raised the whole run's peak (4.07 GB against 3.84 GB on the
/// 10M-row benchmark), and memory is the bar that matters for the whole run.
pub fn keeping_freed_memory<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: option calls only read and write mimalloc's option table.
    let before = unsafe { mi_option_get(PURGE_DELAY) };
    unsafe { mi_option_set(PURGE_DELAY, -1) };
    let out = f();
    unsafe { mi_option_set(PURGE_DELAY, before) };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_is_the_purge_delay_and_is_restored() {
        // mimalloc.h documents the purge delay's default as 1000 ms in this version (and
        // no neighbouring option defaults to it), unless the environment sets it.
        let default = unsafe { mi_option_get(PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(default, 1000);
        }
        let inside = keeping_freed_memory(|| unsafe { mi_option_get(PURGE_DELAY) });
        assert_eq!(inside, -1);
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, default);
    }
}
