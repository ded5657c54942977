//! The `privsite` command: parse the arguments, run, print the error chain
//! once, and exit with the contract's status (0 ok, 1 source errors, 2 usage).

/// A build allocates and frees many small strings and maps (template
/// contexts, Markdown events, blocks); mimalloc does that faster than the
/// system allocator (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    privsite::cli::run()
}
