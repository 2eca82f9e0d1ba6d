//! `storyline demo`: clusters the sample corpus that ships with the
//! repository and scores it against its labels.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use pipeline::Settings;

use crate::{output, run};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The sample folder (holding `articles/` and `labels.tsv`).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"))]
    samples: PathBuf,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let articles = args.samples.join("articles");
    if !articles.is_dir() {
        bail!(
            "no sample corpus at {}: pass --samples DIR",
            articles.display()
        );
    }
    let result = run::run(&[articles], settings, &ingest::Options::default())?;
    result.report_rejected();
    let gold = super::eval::read_tsv(&args.samples.join("labels.tsv"))?;
    let report = super::eval::evaluate(&result, &gold);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::text(&mut out, &result.placements)?;
    writeln!(out, "\nScores against samples/labels.tsv:")?;
    super::eval::write_text(&mut out, &report)?;
    out.flush()?;
    Ok(super::exit_code(result.rejected.len()))
}
