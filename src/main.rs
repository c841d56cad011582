use clap::Parser;

fn main() -> std::process::ExitCode {
    return_large_blocks_to_the_os();
    match tribune::cli::Cli::parse().run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tribune: {error}");
            std::process::ExitCode::from(error.exit_code())
        }
    }
}

/// Every password check allocates argon2's 19 MiB. glibc raises its mmap threshold after the first
/// such block is freed, so later ones come from the heap and stay resident: a sign-in flood grew
/// the process by hundreds of megabytes. A fixed threshold keeps every block over 1 MiB mapped on
/// its own, given back to the system when freed.
fn return_large_blocks_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: called first thing, before any other thread exists; mallopt only changes a
        // tuning value, and if it refuses (returns 0) glibc keeps its default behaviour.
        let _ = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
    }
}
