use clap::Parser;

fn main() -> std::process::ExitCode {
    match tribune::cli::Cli::parse().run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tribune: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
