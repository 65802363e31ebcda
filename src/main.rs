use std::process::ExitCode;

fn main() -> ExitCode {
    match spendgap::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("spendgap: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
