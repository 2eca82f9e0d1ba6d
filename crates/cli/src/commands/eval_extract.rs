//! `storyline eval-extract DIR --gold ground-truth.json`: body extraction
//! scored with the article-extraction benchmark's rule (word 4-shingles,
//! precision and recall averaged over pages), with the extraction speed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use pipeline::eval::{overlap, ExtractionScores};
use pipeline::Settings;
use serde::Deserialize;

use super::Format;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The folder of pages: `ID.html`, `ID.html.gz` (or the same under `html/`).
    dir: PathBuf,
    /// The gold bodies: a JSON object mapping each ID to `{"articleBody": ...}`.
    #[arg(long)]
    gold: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    body: String,
}

pub(crate) fn run(args: Args, _settings: &Settings) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold: std::collections::BTreeMap<String, Truth> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a map of id to articleBody", args.gold.display()))?;
    let mut scores = ExtractionScores::default();
    let (mut elapsed, mut missing, mut failed) = (Duration::ZERO, 0, 0);
    for (id, truth) in &gold {
        let Some(path) = page_path(&args.dir, id) else {
            eprintln!("missing: no page for {id} in {}", args.dir.display());
            missing += 1;
            continue;
        };
        let body = match ingest::page_bytes(&path).and_then(|bytes| {
            let start = Instant::now();
            let page = ingest::extract_html(&bytes, None);
            elapsed += start.elapsed();
            page.map_err(|message| ingest::Error::Html {
                path: path.clone(),
                message,
            })
        }) {
            Ok(page) => page.body,
            Err(e) => {
                eprintln!("rejected: {e}");
                failed += 1;
                String::new()
            }
        };
        scores.add(overlap(&body, &truth.body));
    }
    let prf = scores.prf();
    let rate = scores.pages() as f64 / elapsed.as_secs_f64().max(1e-9);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::json!({
                "pages": scores.pages(), "missing": missing, "no_article": failed,
                "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
                "pages_per_second": rate,
            })
        )?,
        Format::Text => {
            writeln!(
                out,
                "pages scored: {} (missing: {missing}, no article found: {failed})",
                scores.pages()
            )?;
            writeln!(
                out,
                "precision  recall      F1  pages/s (one core, extraction only)"
            )?;
            writeln!(
                out,
                "   {:.4}  {:.4}  {:.4}  {rate:.1}",
                prf.precision, prf.recall, prf.f1
            )?;
        }
    }
    Ok(super::exit_code(missing))
}

/// The page of `id` in `dir` or `dir/html`, plain or gzipped.
fn page_path(dir: &Path, id: &str) -> Option<PathBuf> {
    [dir.to_path_buf(), dir.join("html")]
        .into_iter()
        .flat_map(|d| ["html.gz", "html", "htm.gz", "htm"].map(|ext| d.join(format!("{id}.{ext}"))))
        .find(|p| p.is_file())
}
