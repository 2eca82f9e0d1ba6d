//! `storyline cluster PATH... [--format text|jsonl]`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use pipeline::Settings;

use crate::{output, run};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Files or folders (read recursively) of articles, pages and feeds.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// How placed articles are written.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(super) enum Format {
    /// Stories, then their events with dates, titles and outlets.
    Text,
    /// One JSON object a line per article.
    Jsonl,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let result = run::run(&args.paths, settings, &ingest::Options::default())?;
    print(&result, args.format)
}

/// Reports the rejected inputs, writes the placed articles, and gives the
/// exit code; `fetch` ends the same way.
pub(super) fn print(result: &run::Run, format: Format) -> anyhow::Result<ExitCode> {
    result.report_rejected();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Text => output::text(&mut out, &result.placements)?,
        Format::Jsonl => output::jsonl(&mut out, &result.placements)?,
    }
    out.flush()?;
    Ok(super::exit_code(result.rejected.len()))
}
