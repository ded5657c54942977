//! The `privsite` command: parse the arguments, run, print the error chain
//! once, and exit with the contract's status (0 ok, 1 source errors, 2 usage).

fn main() -> std::process::ExitCode {
    privsite::cli::run()
}
