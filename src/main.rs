use std::process::ExitCode;

// polars and the ingest buffers allocate and free large blocks at a high rate; mimalloc
// reuses them instead of returning them to the kernel and faulting them back in.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match spendgap::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("spendgap: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
