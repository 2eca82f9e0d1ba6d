//! `storyline eval-extract DIR --gold ground-truth.json`: body extraction
//! scored with the article-extraction benchmark's rule (word 4-shingles,
//! precision and recall averaged over pages), with the extraction speed.
//! rs-trafilatura alone is measured in the same run, page by page, as the
//! baseline.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use pipeline::eval::{overlap, ExtractionScores, Overlap, Prf};
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
    /// Also list every page's scores, worst first.
    #[arg(long)]
    pages: bool,
    /// Extract every page once, untimed, before the timed pass: the rates
    /// then leave out one-time setup (patterns compiled and language data
    /// loaded on first use), which a long run pays once.
    #[arg(long)]
    warm_up: bool,
}

#[derive(Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    body: String,
}

/// One extractor's totals over the run.
#[derive(Default)]
struct Tally {
    scores: ExtractionScores,
    elapsed: Duration,
    failed: usize,
}

impl Tally {
    /// Times `extract` on one page and scores what it gives.
    fn run(
        &mut self,
        truth: &str,
        extract: impl FnOnce() -> Result<String, String>,
    ) -> (Overlap, Result<(), String>) {
        let start = Instant::now();
        let body = extract();
        self.elapsed += start.elapsed();
        let (body, outcome) = match body {
            Ok(body) => (body, Ok(())),
            Err(e) => {
                self.failed += 1;
                (String::new(), Err(e))
            }
        };
        let o = overlap(&body, truth);
        self.scores.add(o);
        (o, outcome)
    }

    fn rate(&self) -> f64 {
        self.scores.pages() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The body the engine reads from a page: the HTML reader's, then the
/// pipeline's own cleaning (boilerplate lines, the repeated title).
/// `reader` adds up the time of the HTML reader alone.
fn engine_body(bytes: &[u8], settings: &Settings, reader: &mut Duration) -> Result<String, String> {
    let start = Instant::now();
    let page = ingest::extract_html(bytes, None);
    *reader += start.elapsed();
    let page = page?;
    let raw = page.into_raw(String::new(), String::new());
    pipeline::extract::extract(&raw, &settings.extract)
        .map(|article| article.body)
        .map_err(|reason| reason.to_string())
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold: std::collections::BTreeMap<String, Truth> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a map of id to articleBody", args.gold.display()))?;
    if args.warm_up {
        let mut untimed = Duration::ZERO;
        for id in gold.keys() {
            if let Some(bytes) = page_path(&args.dir, id).and_then(|p| ingest::page_bytes(&p).ok())
            {
                let _ = engine_body(&bytes, settings, &mut untimed);
                let _ = ingest::baseline_body(&bytes);
            }
        }
    }
    let (mut ours, mut alone) = (Tally::default(), Tally::default());
    let (mut missing, mut reader) = (0, Duration::ZERO);
    let mut listing = Vec::new();
    for (id, truth) in &gold {
        let Some(path) = page_path(&args.dir, id) else {
            eprintln!("missing: no page for {id} in {}", args.dir.display());
            missing += 1;
            continue;
        };
        // Pages are read and un-gzipped before the clock starts; one that
        // cannot be read scores as a page where nothing was found.
        let bytes = match ingest::page_bytes(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("rejected: {e}");
                let o = ours.run(&truth.body, || Err(e.to_string())).0;
                let b = alone.run(&truth.body, || Err(e.to_string())).0;
                listing.push((id.clone(), o, b));
                continue;
            }
        };
        let (o, outcome) = ours.run(&truth.body, || engine_body(&bytes, settings, &mut reader));
        if let Err(message) = outcome {
            eprintln!("rejected: {}: {message}", path.display());
        }
        let (b, _) = alone.run(&truth.body, || ingest::baseline_body(&bytes));
        listing.push((id.clone(), o, b));
    }
    let (prf, base) = (ours.scores.prf(), alone.scores.prf());
    let reader_rate = ours.scores.pages() as f64 / reader.as_secs_f64().max(1e-9);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::json!({
                "pages": ours.scores.pages(), "missing": missing, "no_article": ours.failed,
                "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
                "pages_per_second": ours.rate(),
                "reader_pages_per_second": reader_rate,
                "rs_trafilatura": {
                    "no_article": alone.failed,
                    "precision": base.precision, "recall": base.recall, "f1": base.f1,
                    "pages_per_second": alone.rate(),
                },
            })
        )?,
        Format::Text => {
            writeln!(
                out,
                "pages scored: {} (missing: {missing}, no article found: {})",
                ours.scores.pages(),
                ours.failed
            )?;
            writeln!(
                out,
                "extractor             precision  recall      F1  pages/s (one core, extraction only)"
            )?;
            for (name, p, tally) in [
                ("storyline", prf, &ours),
                ("rs-trafilatura alone", base, &alone),
            ] {
                writeln!(
                    out,
                    "{name:<20}     {:.4}  {:.4}  {:.4}  {:.1}",
                    p.precision,
                    p.recall,
                    p.f1,
                    tally.rate()
                )?;
            }
            writeln!(
                out,
                "(the HTML reader alone, without the pipeline's cleaning: {reader_rate:.1} pages/s)"
            )?;
        }
    }
    if args.pages {
        listing.sort_by(|a, b| f1(a.1).total_cmp(&f1(b.1)).then_with(|| a.0.cmp(&b.0)));
        writeln!(
            out,
            "\npage                 P      R      F1   | alone P  R      F1"
        )?;
        for (id, o, b) in &listing {
            let (po, pb) = (prf_of(*o), prf_of(*b));
            writeln!(
                out,
                "{id:<16} {:.3}  {:.3}  {:.3} | {:.3}  {:.3}  {:.3}",
                po.precision, po.recall, po.f1, pb.precision, pb.recall, pb.f1
            )?;
        }
    }
    Ok(super::exit_code(missing))
}

fn prf_of(o: Overlap) -> Prf {
    let mut s = ExtractionScores::default();
    s.add(o);
    s.prf()
}

fn f1(o: Overlap) -> f64 {
    prf_of(o).f1
}

/// The page of `id` in `dir` or `dir/html`, plain or gzipped.
fn page_path(dir: &Path, id: &str) -> Option<PathBuf> {
    [dir.to_path_buf(), dir.join("html")]
        .into_iter()
        .flat_map(|d| ["html.gz", "html", "htm.gz", "htm"].map(|ext| d.join(format!("{id}.{ext}"))))
        .find(|p| p.is_file())
}
