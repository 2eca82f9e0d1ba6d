//! `storyline ingest PATH... [--data DIR]`: adds articles to the data
//! directory, placing them in the events and stories already there.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use pipeline::{RawDoc, Settings};
use store::{Mode, Store};

use super::DataArgs;
use crate::run;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Files or folders (read recursively) of articles: .txt, .json, .jsonl,
    /// .html, .htm, .html.gz, feeds and OPML lists; or http(s) URLs of
    /// feeds, lists or pages, fetched as `storyline fetch` does (the cache
    /// is the data directory's `cache/`).
    #[arg(required = true, value_name = "PATH|URL")]
    paths: Vec<String>,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let dir = &args.data.data;
    let report = ingest(dir, args.paths, settings)?;
    for line in &report.rejected {
        eprintln!("rejected: {line}");
    }
    eprintln!(
        "{}: {} articles added, {} already stored, {} rejected; {} articles in {} events",
        dir.display(),
        report.added,
        report.repeats,
        report.rejected.len(),
        report.stored,
        report.events,
    );
    Ok(super::exit_code(report.rejected.len()))
}

/// What one ingest did.
pub(crate) struct Report {
    /// Articles added.
    pub(crate) added: usize,
    /// Articles skipped because they were stored already.
    pub(crate) repeats: usize,
    /// One line per input that could not be used.
    pub(crate) rejected: Vec<String>,
    /// Articles and events stored, all runs together.
    pub(crate) stored: u64,
    pub(crate) events: u64,
    /// How long the engine took to place each added article.
    pub(crate) latencies: run::Latencies,
}

/// Adds the articles under `paths` (files, folders or URLs) to the data
/// directory `dir`, through [`Store::ingest`], the path every writer takes.
pub(crate) fn ingest(
    dir: &Path,
    paths: Vec<String>,
    settings: &Settings,
) -> anyhow::Result<Report> {
    // The lock first: a second writer learns at once that it must wait.
    let mut store = Store::open(dir, Mode::Write)?;
    let (urls, paths): (Vec<String>, Vec<String>) = paths
        .into_iter()
        .partition(|p| matches!(super::fetch::location(p), ingest::Location::Url(_)));
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let options = ingest::Options::default();
    let mut reader = run::Reader::new(&paths, &options);
    let (fetched, mut fetch_problems) = if urls.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        super::fetch::gather(&urls, &dir.join("cache"))?
    };
    // Pages from the web come after the files, as one more batch.
    let mut fetched = Some(fetched).filter(|docs| !docs.is_empty()).map(|docs| {
        docs.into_iter()
            .map(|doc| ingest::Input { doc, label: None })
            .collect::<Vec<_>>()
    });
    let batches = std::iter::from_fn(|| {
        let inputs = match reader.next() {
            Some(inputs) => inputs,
            None => {
                let mut inputs = fetched.take()?;
                reader.give_ids(&mut inputs);
                inputs
            }
        };
        let raws: Vec<RawDoc> = inputs.into_iter().map(|i| i.doc).collect();
        Some(Ok::<_, store::Error>(raws))
    });
    let mut progress: Option<Progress> = None;
    let added = store
        .ingest_batches(batches, settings, &mut |done, total| {
            progress
                .get_or_insert_with(|| Progress::new(total as u64))
                .set(done as u64)
        })
        .with_context(|| format!("{}: adding articles", dir.display()))?;
    if let Some(progress) = progress {
        progress.finish();
    }
    let mut rejected = std::mem::take(&mut reader.rejected);
    rejected.append(&mut fetch_problems);
    rejected.extend(added.rejected);
    Ok(Report {
        added: added.added,
        repeats: added.repeats,
        rejected,
        stored: store.articles()?,
        events: store.events_stored()?,
        latencies: run::Latencies::from(added.latencies),
    })
}

/// A progress bar with rate and time left on a terminal; elsewhere, a plain
/// line every few seconds.
enum Progress {
    Bar(ProgressBar),
    Lines {
        every: Duration,
        total: u64,
        done: std::cell::Cell<u64>,
        start: Instant,
        last: std::cell::Cell<Instant>,
    },
}

/// How often the plain progress line is written, unless the environment
/// variable `STORYLINE_PROGRESS_SECS` says otherwise (0: after every batch).
const LINE_EVERY: Duration = Duration::from_secs(5);

fn line_every() -> Duration {
    std::env::var("STORYLINE_PROGRESS_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(LINE_EVERY, Duration::from_secs_f64)
}

impl Progress {
    fn new(total: u64) -> Progress {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} articles, {per_sec}, {eta} left",
                )
                .expect("a valid template"),
            );
            Progress::Bar(bar)
        } else {
            let now = Instant::now();
            Progress::Lines {
                every: line_every(),
                total,
                done: 0.into(),
                start: now,
                last: now.into(),
            }
        }
    }

    fn set(&self, n: u64) {
        match self {
            Progress::Bar(bar) => bar.set_position(n),
            Progress::Lines {
                every,
                total,
                done,
                start,
                last,
            } => {
                done.set(n);
                if last.get().elapsed() >= *every {
                    last.set(Instant::now());
                    let rate = done.get() as f64 / start.elapsed().as_secs_f64();
                    eprintln!(
                        "ingest: {}/{total} articles, {rate:.0}/s, {:.0} s left",
                        done.get(),
                        (*total - done.get()) as f64 / rate.max(1e-9)
                    );
                }
            }
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
