use std::process::ExitCode;

// polars and the ingest buffers allocate and free large blocks at a high rate; mimalloc
// reuses them instead of returning them to the kernel and faulting them back in. A failed
// allocation ends the run with a message and exit status 2, not an abort.
#[global_allocator]
static GLOBAL: spendgap::exhaustion::Guarded = spendgap::exhaustion::Guarded(mimalloc::MiMalloc);

fn main() -> ExitCode {
    // A reader that stops early (`spendgap inspect ... | head`) closes the pipe. Rust
    // ignores SIGPIPE, so the next print would fail and read as an internal error; like
    // other command-line tools, spendgap ends quietly instead. A run cut short this way
    // leaves its output folder as it was (the run folder's staging).
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; restoring a signal's
    // default action has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    spendgap::exhaustion::keep_panics();
    match std::panic::catch_unwind(spendgap::cli::run) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            eprintln!("spendgap: error: {err:#}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!("{}", spendgap::exhaustion::explain());
            ExitCode::from(2)
        }
    }
}
