//! The `hybridhub-loadtest` command. See `hybridhub-loadtest --help`.

use clap::Parser;

fn main() {
    let command_line = hybridhub_loadtest::cli::CommandLine::parse();
    let exit_code = hybridhub_loadtest::cli::execute(command_line);
    std::process::exit(exit_code);
}
