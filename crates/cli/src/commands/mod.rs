//! One file per subcommand.

mod cluster;
mod demo;
mod eval;

use std::process::ExitCode;

use clap::Subcommand;
use pipeline::Settings;

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Group articles into events and stories.
    Cluster(cluster::Args),
    /// Cluster articles and score the result against gold labels.
    Eval(eval::Args),
    /// Cluster the built-in sample corpus and score it against its labels.
    Demo(demo::Args),
}

impl Command {
    pub(crate) fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        match self {
            Command::Cluster(args) => cluster::run(args, settings),
            Command::Eval(args) => eval::run(args, settings),
            Command::Demo(args) => demo::run(args, settings),
        }
    }
}

/// The exit code of a run: success, or "some inputs were rejected".
fn exit_code(rejected: usize) -> ExitCode {
    if rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::EXIT_REJECTED)
    }
}
