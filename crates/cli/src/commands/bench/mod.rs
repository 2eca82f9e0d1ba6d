//! `storyline bench`: end-to-end speed on generated corpora: `cluster` and
//! `ingest` throughput, the time to place one article, peak memory and
//! store size, at one or more corpus sizes. Each run checks the work it did
//! (every article placed, events found against the corpus's labels), so a
//! fast wrong run fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use pipeline::Settings;
use serde::Serialize;

use super::gen;
use crate::{output, run};

mod naive;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Corpus sizes to run, in articles.
    #[arg(long, value_delimiter = ',', default_value = "10000")]
    articles: Vec<usize>,
    /// Languages of the generated articles.
    #[arg(long, value_delimiter = ',', default_value = "fr,en,de,es")]
    langs: Vec<String>,
    /// The corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where the word lists are (see `storyline gen`).
    #[arg(long, value_name = "DIR", default_value = "/usr/share/dict")]
    words: PathBuf,
    /// A folder for the corpora and stores (default: a temp dir, removed
    /// after the run).
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// Stages to run.
    #[arg(long, value_delimiter = ',', default_value = "cluster,ingest")]
    stages: Vec<Stage>,
    /// Runs of each stage at each size, the stages taking turns (a
    /// machine's speed drifts): the median run is reported, with the
    /// slowest and fastest.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = super::Format::Text)]
    format: super::Format,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
enum Stage {
    /// Read, analyse, place, write JSON Lines (to nowhere).
    Cluster,
    /// The same into a new data directory.
    Ingest,
    /// The naive baseline: `cluster`'s reading and analysis, then each
    /// article compared with every event (no index, no window).
    Naive,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Cluster => "cluster",
            Stage::Ingest => "ingest",
            Stage::Naive => "naive",
        }
    }
}

/// One stage at one size: its median run.
#[derive(Serialize)]
struct Measure {
    stage: Stage,
    articles: usize,
    seconds: f64,
    articles_per_second: f64,
    /// How many runs were made, and the slowest and fastest of them.
    runs: usize,
    articles_per_second_min: f64,
    articles_per_second_max: f64,
    /// Time to place one article (engine only), median and 99th percentile.
    place_p50_us: f64,
    place_p99_us: f64,
    /// Peak resident memory during the stage.
    peak_rss_mb: Option<f64>,
    events: usize,
    /// Event-level BCubed F1 against the corpus's labels (cluster only).
    event_bcubed_f1: Option<f64>,
    /// The data directory's size on disk (ingest only).
    store_mb: Option<f64>,
}

/// Below this event F1 the run did not do the work it was timed for.
const LEAST_EVENT_F1: f64 = 0.8;

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let temp;
    let work = match &args.work {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let mut measures = Vec::new();
    for &n in &args.articles {
        let corpus = work.join(format!("corpus-{n}-{}", args.seed));
        if !corpus.join("labels.tsv").exists() {
            let config = synth::Config {
                articles: n,
                langs: args.langs.clone(),
                seed: args.seed,
                ..synth::Config::default()
            };
            let start = Instant::now();
            gen::write(&config, &args.words, &corpus)?;
            eprintln!(
                "bench: generated {n} articles in {:.1} s",
                start.elapsed().as_secs_f64()
            );
        }
        let mut runs: Vec<Vec<Measure>> = args.stages.iter().map(|_| Vec::new()).collect();
        for _ in 0..args.runs {
            for (&stage, runs) in args.stages.iter().zip(&mut runs) {
                let measure = match stage {
                    Stage::Cluster => cluster(&corpus, n, settings, false)?,
                    Stage::Naive => cluster(&corpus, n, settings, true)?,
                    Stage::Ingest => ingest(&corpus, &work.join(format!("data-{n}")), n, settings)?,
                };
                eprintln!(
                    "bench: {} {n}: {:.0} articles/s",
                    stage.name(),
                    measure.articles_per_second
                );
                runs.push(measure);
            }
        }
        measures.extend(runs.into_iter().filter_map(median));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        super::Format::Json => super::json(&mut out, &measures)?,
        super::Format::Text => write_table(&mut out, &measures)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cluster(corpus: &Path, n: usize, settings: &Settings, naive: bool) -> anyhow::Result<Measure> {
    reset_peak_rss();
    let start = Instant::now();
    let result = if naive {
        naive_run(corpus, settings)?
    } else {
        run::run(
            &[corpus.to_path_buf()],
            settings,
            &ingest::Options::default(),
        )?
    };
    output::jsonl(&mut std::io::sink(), &result.placements)?;
    let elapsed = start.elapsed();
    let peak = peak_rss_mb();
    let placed = result.placements.len();
    if placed != n || !result.rejected.is_empty() {
        bail!(
            "cluster placed {placed} of {n} articles: {:?}",
            result.rejected.first()
        );
    }
    let gold = super::eval::read_tsv(&corpus.join("labels.tsv"))?;
    let f1 = super::eval::evaluate(&result, &gold).event_bcubed_f1();
    // The naive baseline is measured for its cost; its quality is reported.
    if f1 < LEAST_EVENT_F1 && !naive {
        bail!("cluster found the events badly (BCubed F1 {f1:.3}): not a valid run");
    }
    let events = result
        .placements
        .iter()
        .map(|p| p.event())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let stage = if naive { Stage::Naive } else { Stage::Cluster };
    Ok(Measure {
        events,
        event_bcubed_f1: Some(f1),
        ..measure(stage, n, elapsed, &result.latencies, peak)
    })
}

/// `cluster`'s path with the naive clusterer in place of the engine.
fn naive_run(corpus: &Path, settings: &Settings) -> anyhow::Result<run::Run> {
    let mut clusterer = naive::Naive::new(settings);
    run::run_with(
        &[corpus.to_path_buf()],
        settings,
        &ingest::Options::default(),
        |doc| doc,
        |doc| clusterer.place(doc),
    )
}

fn ingest(corpus: &Path, data: &Path, n: usize, settings: &Settings) -> anyhow::Result<Measure> {
    if data.exists() {
        std::fs::remove_dir_all(data).with_context(|| format!("{}", data.display()))?;
    }
    reset_peak_rss();
    let start = Instant::now();
    let paths = vec![corpus.to_string_lossy().into_owned()];
    let report = super::ingest::ingest(data, paths, settings)?;
    let elapsed = start.elapsed();
    let peak = peak_rss_mb();
    if report.added != n || report.stored != n as u64 {
        bail!("ingest stored {} of {n} articles", report.stored);
    }
    let size = dir_size(data)? as f64 / 1e6;
    Ok(Measure {
        events: report.events as usize,
        store_mb: Some(size),
        ..measure(Stage::Ingest, n, elapsed, &report.latencies, peak)
    })
}

/// The timings of a stage; the caller adds what it counted.
fn measure(
    stage: Stage,
    articles: usize,
    elapsed: Duration,
    latencies: &run::Latencies,
    peak_rss_mb: Option<f64>,
) -> Measure {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    Measure {
        stage,
        articles,
        seconds: elapsed.as_secs_f64(),
        articles_per_second: articles as f64 / elapsed.as_secs_f64(),
        runs: 1,
        articles_per_second_min: articles as f64 / elapsed.as_secs_f64(),
        articles_per_second_max: articles as f64 / elapsed.as_secs_f64(),
        place_p50_us: us(latencies.quantile(0.5)),
        place_p99_us: us(latencies.quantile(0.99)),
        peak_rss_mb,
        events: 0,
        event_bcubed_f1: None,
        store_mb: None,
    }
}

/// The median of runs of one stage (the faster of the two middle ones
/// when they are even), with their number, the range of their speeds and
/// the least of their peak memories.
fn median(mut runs: Vec<Measure>) -> Option<Measure> {
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let speeds = runs.iter().map(|m| m.articles_per_second);
    let (min, max) = (
        speeds.clone().fold(f64::INFINITY, f64::min),
        speeds.fold(0.0, f64::max),
    );
    // Memory the allocator kept from an earlier stage counts to a run's
    // peak: the least of the runs' peaks is the stage's own.
    let peak = runs.iter().filter_map(|m| m.peak_rss_mb).reduce(f64::min);
    let count = runs.len();
    let mut middle = runs.swap_remove(count.checked_sub(1)? / 2);
    middle.peak_rss_mb = peak;
    middle.runs = count;
    middle.articles_per_second_min = min;
    middle.articles_per_second_max = max;
    Some(middle)
}

fn write_table(out: &mut impl Write, measures: &[Measure]) -> anyhow::Result<()> {
    writeln!(
        out,
        "stage    articles  seconds  articles/s  runs  range /s        place p50 µs  place p99 µs  peak RSS MB  events  event F1  store MB"
    )?;
    let opt = |v: Option<f64>, digits: usize| v.map_or("-".into(), |v| format!("{v:.digits$}"));
    for m in measures {
        writeln!(
            out,
            "{:<8} {:>8} {:>8.2} {:>11.0} {:>5}  {:<14} {:>13.1} {:>13.1} {:>12} {:>7} {:>9} {:>9}",
            m.stage.name(),
            m.articles,
            m.seconds,
            m.articles_per_second,
            m.runs,
            format!(
                "{:.0}-{:.0}",
                m.articles_per_second_min, m.articles_per_second_max
            ),
            m.place_p50_us,
            m.place_p99_us,
            opt(m.peak_rss_mb, 0),
            m.events,
            opt(m.event_bcubed_f1, 3),
            opt(m.store_mb, 1),
        )?;
    }
    Ok(())
}

/// Resets the kernel's record of this process's peak resident memory
/// (Linux: `5` written to `/proc/self/clear_refs`), so that each stage's
/// peak is its own.
fn reset_peak_rss() {
    // Where the file is missing (not Linux) the peak is simply not reported.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// This process's peak resident memory since the last reset, in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1e3)
}

/// The bytes of the files under `dir`.
fn dir_size(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}
