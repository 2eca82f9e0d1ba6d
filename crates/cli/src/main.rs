//! The `storyline` command: news articles in, events and stories out.

mod commands;
mod config;
mod output;
mod placed;
mod run;

use std::io::{ErrorKind, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// jemalloc rather than the system's allocator: the engine's state is
/// allocated by the placing thread while the reading threads allocate and
/// free texts, and glibc's per-thread arenas kept far more than the live
/// heap (766 MB of RSS at 100k against 550 MB; BENCHMARKS "Memory").
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Exit code when the run finished but some inputs were rejected.
pub(crate) const EXIT_REJECTED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Track news events: group articles into events and stories, across outlets.",
    after_help = "Exit status: 0 when every input was used; 3 when the run finished but some \
files or articles were rejected (each is named on standard error); 1 on an error that stopped \
the run; 2 on a usage error.\n\nSettings: ./storyline.toml if present, or --config FILE \
(see README.md). Logging: RUST_LOG=debug, or -v / -vv."
)]
struct Cli {
    /// A settings file (TOML); default: ./storyline.toml when it exists.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// More log output on standard error (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: commands::Command,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let result = config::load(cli.config.as_deref()).and_then(|config| cli.command.run(&config));
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    // The HTML parser warns about every quirk of real pages; that is noise.
    let default = format!("{default},html5ever=error");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .init();
}

/// A closed pipe (`storyline cluster … | head`) ends the output quietly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    })
}
