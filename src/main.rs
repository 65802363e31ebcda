use std::process::ExitCode;

// polars and the ingest buffers allocate and free large blocks at a high rate; mimalloc
// reuses them instead of returning them to the kernel and faulting them back in. A failed
// allocation ends the run with a message and exit status 2, not an abort.
#[global_allocator]
static GLOBAL: spendgap::exhaustion::Guarded = spendgap::exhaustion::Guarded(mimalloc::MiMalloc);

fn main() -> ExitCode {
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
