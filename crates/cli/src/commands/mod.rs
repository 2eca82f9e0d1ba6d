//! One file per subcommand.

mod cluster;
mod demo;
mod eval;
mod eval_extract;
mod extract;
mod fetch;

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
    /// Show what is extracted from one page or article file.
    Extract(extract::Args),
    /// Score body extraction against a benchmark's gold bodies.
    EvalExtract(eval_extract::Args),
    /// Read feeds and OPML lists (files or URLs), fetch their pages, cluster.
    Fetch(fetch::Args),
}

impl Command {
    pub(crate) fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        match self {
            Command::Cluster(args) => cluster::run(args, settings),
            Command::Eval(args) => eval::run(args, settings),
            Command::Demo(args) => demo::run(args, settings),
            Command::Extract(args) => extract::run(args, settings),
            Command::EvalExtract(args) => eval_extract::run(args, settings),
            Command::Fetch(args) => fetch::run(args, settings),
        }
    }
}

/// How a command that reports one result writes it.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// For people: a table, or fields then text.
    Text,
    /// One JSON object.
    Json,
}

/// The exit code of a run: success, or "some inputs were rejected".
fn exit_code(rejected: usize) -> ExitCode {
    if rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::EXIT_REJECTED)
    }
}
