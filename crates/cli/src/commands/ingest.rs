//! `storyline ingest PATH... [--data DIR]`: adds articles to the data
//! directory, placing them in the events and stories already there.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use pipeline::Settings;
use store::{Mode, Store};
use tracing::info;

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

/// Articles stored per transaction.
const BATCH: usize = 256;
/// Articles placed between two saves of the engine's state: what a run
/// after a crash replays at most.
const CHECKPOINT_EVERY: usize = 20_000;

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
/// directory `dir`.
pub(crate) fn ingest(
    dir: &Path,
    paths: Vec<String>,
    settings: &Settings,
) -> anyhow::Result<Report> {
    let mut store = Store::open(dir, Mode::Write)?;
    let mut engine = store
        .engine(settings)
        .with_context(|| format!("{}: restoring the engine", dir.display()))?;
    // An index left behind by a crash catches up before anything new.
    store.sync_index()?;
    let (urls, paths): (Vec<String>, Vec<String>) = paths
        .into_iter()
        .partition(|p| matches!(super::fetch::location(p), ingest::Location::Url(_)));
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let (mut inputs, mut rejected) = run::read(&paths, &ingest::Options::default());
    if !urls.is_empty() {
        let (docs, problems) = super::fetch::gather(&urls, &dir.join("cache"))?;
        inputs.extend(
            docs.into_iter()
                .map(|doc| ingest::Input { doc, label: None }),
        );
        rejected.extend(problems);
        ingest::make_ids_unique(&mut inputs);
    }
    let (mut fresh, mut repeats) = (Vec::with_capacity(inputs.len()), 0usize);
    let mut seen = HashSet::new();
    for input in inputs {
        let mut raw = input.doc;
        let keys = [raw.url.clone(), Some(store::content_hash(&raw))];
        let again_in_run = keys.iter().flatten().any(|k| seen.contains(k));
        if again_in_run {
            info!(path = %raw.path, "already read in this run; skipped");
            repeats += 1;
            continue;
        }
        if let Some(stored) = store.known(&raw)? {
            info!(path = %raw.path, stored = %stored, "already stored; skipped");
            repeats += 1;
            continue;
        }
        seen.extend(keys.into_iter().flatten());
        raw.id = store.free_id(&raw.id)?;
        fresh.push(raw);
    }
    let progress = Progress::new(fresh.len() as u64);
    let (mut batch, mut since_checkpoint, mut added) = (Vec::with_capacity(BATCH), 0, 0);
    let mut latencies = run::Latencies::default();
    run::prepare_and_place(fresh, settings, true, &mut rejected, |raw, doc| {
        let placed = latencies.time(|| engine.place(doc));
        batch.push((raw.unwrap_or_default(), placed));
        if batch.len() == BATCH {
            store_batch(&mut store, &engine, &mut batch, &mut since_checkpoint)?;
            added += BATCH;
            progress.inc(BATCH as u64);
        }
        anyhow::Ok(())
    })?;
    added += batch.len();
    progress.inc(batch.len() as u64);
    store_batch(&mut store, &engine, &mut batch, &mut since_checkpoint)?;
    store.checkpoint(&engine)?;
    progress.finish();
    Ok(Report {
        added,
        repeats,
        rejected,
        stored: store.articles()?,
        events: store.events_stored()?,
        latencies,
    })
}

/// Stores a batch of placed articles, and saves the engine's state when
/// enough have been placed since the last save.
fn store_batch(
    store: &mut Store,
    engine: &pipeline::Engine,
    batch: &mut Vec<(pipeline::RawDoc, pipeline::Placement)>,
    since_checkpoint: &mut usize,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    store.add(batch)?;
    *since_checkpoint += batch.len();
    batch.clear();
    if *since_checkpoint >= CHECKPOINT_EVERY {
        store.checkpoint(engine)?;
        *since_checkpoint = 0;
    }
    Ok(())
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

    fn inc(&self, n: u64) {
        match self {
            Progress::Bar(bar) => bar.inc(n),
            Progress::Lines {
                every,
                total,
                done,
                start,
                last,
            } => {
                done.set(done.get() + n);
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
