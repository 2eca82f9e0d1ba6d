//! `storyline cluster PATH... [--format text|jsonl]`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use pipeline::Settings;

use crate::{output, run};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Files or folders (read recursively) of .txt, .json, .jsonl articles.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Stories, then their events with dates, titles and outlets.
    Text,
    /// One JSON object a line per article.
    Jsonl,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let result = run::run(&args.paths, settings, &ingest::Options::default());
    result.report_rejected();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Text => output::text(&mut out, &result.placements)?,
        Format::Jsonl => output::jsonl(&mut out, &result.placements)?,
    }
    out.flush()?;
    Ok(super::exit_code(result.rejected.len()))
}
