use clap::Parser;

fn main() -> std::process::ExitCode {
    tune_the_allocator();
    match tribune::cli::Cli::parse().run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tribune: {error}");
            std::process::ExitCode::from(error.exit_code())
        }
    }
}

/// glibc's allocator, tuned for a server that must stay small:
/// - Every password check allocates argon2's 19 MiB. glibc raises its mmap threshold after the
///   first such block is freed, so later ones come from the heap and stay resident: a sign-in
///   flood grew the process by hundreds of megabytes. A fixed threshold keeps every block over
///   1 MiB mapped on its own, given back to the system when freed.
/// - glibc gives threads up to eight arenas per core, each holding on to what its threads freed.
///   Searches at a million essays, run on the blocking threads, took the peak from 70 to 102 MB
///   that way; with two arenas per core it was 88 MB, at the same speed (with one, random articles
///   were 12% slower).
fn tune_the_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let arenas = libc::c_int::try_from(2 * cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: called first thing, before any other thread exists; mallopt only changes a
        // tuning value, and if it refuses (returns 0) glibc keeps its default behaviour.
        unsafe {
            let _ = libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
            let _ = libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}
