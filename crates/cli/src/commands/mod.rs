//! One file per subcommand.

mod bench;
mod check;
mod cluster;
mod demo;
mod eval;
mod eval_extract;
mod events;
mod extract;
mod fetch;
mod gen;
mod ingest;
mod search;
mod serve;
mod show;
mod stories;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::config::Config;
use clap::Subcommand;

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
    /// Add articles to the data directory, joining the stored events and stories.
    Ingest(ingest::Args),
    /// List the stored events.
    Events(events::Args),
    /// List the stored stories.
    Stories(stories::Args),
    /// Show one stored event, story or article.
    Show(show::Args),
    /// Search the stored articles; results grouped by event.
    Search(search::Args),
    /// Serve the HTTP API and the web page over the data directory.
    Serve(serve::Args),
    /// Verify the data directory: database, events, stories, engine state, index.
    Check(check::Args),
    /// Read feeds and OPML lists (files or URLs), fetch their pages, cluster.
    Fetch(fetch::Args),
    /// Measure cluster and ingest speed, latency and memory on generated corpora.
    Bench(bench::Args),
    /// Write a synthetic corpus with known events and stories (for speed and scale).
    Gen(gen::Args),
}

impl Command {
    pub(crate) fn run(self, config: &Config) -> anyhow::Result<ExitCode> {
        let settings = &config.settings;
        match self {
            Command::Cluster(args) => cluster::run(args, settings),
            Command::Eval(args) => eval::run(args, settings),
            Command::Demo(args) => demo::run(args, settings),
            Command::Extract(args) => extract::run(args, settings),
            Command::EvalExtract(args) => eval_extract::run(args, settings),
            Command::Ingest(args) => ingest::run(args, settings),
            Command::Events(args) => events::run(args),
            Command::Stories(args) => stories::run(args),
            Command::Show(args) => show::run(args, settings),
            Command::Search(args) => search::run(args),
            Command::Serve(args) => serve::run(args, config),
            Command::Check(args) => check::run(args, settings),
            Command::Fetch(args) => fetch::run(args, settings),
            Command::Gen(args) => gen::run(args),
            Command::Bench(args) => bench::run(args, settings),
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

/// Where the data lives.
#[derive(clap::Args)]
struct DataArgs {
    /// The data directory.
    #[arg(long, value_name = "DIR", default_value = "storyline-data")]
    data: PathBuf,
}

/// What a listing keeps.
#[derive(clap::Args)]
struct FilterArgs {
    /// Only what happened on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<NaiveDate>,
    /// Only what happened on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<NaiveDate>,
    /// Only this language (ISO 639-1 code: fr, en…).
    #[arg(long)]
    lang: Option<String>,
    /// Only this outlet (as listed: a domain or a name).
    #[arg(long)]
    outlet: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> store::Filter {
        store::Filter {
            since: self.since,
            until: self.until,
            lang: self.lang.clone(),
            outlet: self.outlet.clone(),
        }
    }
}

/// Writes a value as pretty JSON and a newline.
fn json(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    // As an io::Error, a closed pipe is recognised by `main` and ends quietly.
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// One stored article on a line: id, date, outlet, title.
fn article_line(a: &store::ArticleRow) -> String {
    format!(
        "{}  {}  {}  {}",
        a.id,
        a.published.as_deref().unwrap_or("undated"),
        a.outlet.as_deref().unwrap_or("-"),
        a.title
    )
}

/// A span of days: `2021-12-30`, `2021-12-07..2021-12-30`, or `undated`.
fn span(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s != e => format!("{s}..{e}"),
        (Some(s), _) => s.clone(),
        _ => "undated".into(),
    }
}
