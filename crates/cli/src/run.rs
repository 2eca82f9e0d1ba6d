//! The whole path from paths on disk to placed articles: reading, extraction
//! and analysis in parallel; placement in publication order on one thread.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pipeline::{Engine, Placement, Settings};
use rayon::prelude::*;
use tracing::info;

/// What a run produced.
pub(crate) struct Run {
    /// Placed articles, in the order the engine took them.
    pub(crate) placements: Vec<Placement>,
    /// One line per file or article that could not be used.
    pub(crate) rejected: Vec<String>,
    /// Gold labels read from the articles (`--gold-field`), by article id.
    pub(crate) labels: HashMap<String, String>,
    /// How long the engine took to place each article.
    pub(crate) latencies: Latencies,
    /// What articles of different languages were compared on.
    pub(crate) signals: String,
}

/// How long the engine took to place each article, in placement order.
#[derive(Default)]
pub(crate) struct Latencies(Vec<Duration>);

impl From<Vec<Duration>> for Latencies {
    fn from(times: Vec<Duration>) -> Latencies {
        Latencies(times)
    }
}

impl Latencies {
    /// Runs `place` and records how long it took.
    pub(crate) fn time<T>(&mut self, place: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let placed = place();
        self.0.push(start.elapsed());
        placed
    }

    /// The `q` quantile (0.5 for the median, 0.99…), zero with no article.
    pub(crate) fn quantile(&self, q: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len().max(1));
        sorted.get(rank - 1).copied().unwrap_or_default()
    }
}

impl Run {
    /// Reports the rejected inputs on standard error.
    pub(crate) fn report_rejected(&self) {
        for line in &self.rejected {
            eprintln!("rejected: {line}");
        }
    }
}

/// Reads everything under `paths`, giving each article a distinct id.
pub(crate) fn read(
    paths: &[PathBuf],
    options: &ingest::Options,
) -> (Vec<ingest::Input>, Vec<String>) {
    let (files, errors) = ingest::files(paths);
    let mut rejected: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let read: Vec<Result<ingest::Input, ingest::Error>> = files
        .par_iter()
        .flat_map_iter(|f| ingest::read_file(f, options))
        .collect();
    let mut inputs = Vec::with_capacity(read.len());
    for item in read {
        match item {
            Ok(input) => inputs.push(input),
            Err(e) => rejected.push(e.to_string()),
        }
    }
    ingest::make_ids_unique(&mut inputs);
    (inputs, rejected)
}

/// Reads and clusters everything under `paths`.
pub(crate) fn run(paths: &[PathBuf], settings: &Settings, options: &ingest::Options) -> Run {
    let (inputs, rejected) = read(paths, options);
    cluster(inputs, rejected, settings)
}

/// Clusters articles read by any means; `rejected` has a line for each
/// input that could not be read.
pub(crate) fn cluster(
    mut inputs: Vec<ingest::Input>,
    mut rejected: Vec<String>,
    settings: &Settings,
) -> Run {
    ingest::make_ids_unique(&mut inputs);
    let labels = inputs
        .iter()
        .filter_map(|i| Some((i.doc.id.clone(), i.label.clone()?)))
        .collect();
    let raws = inputs.into_iter().map(|i| i.doc).collect();
    let docs = store::prepare(raws, settings, &mut rejected);
    let mut engine = Engine::new(settings.clone());
    let mut latencies = Latencies::default();
    let placements: Vec<Placement> = docs
        .into_iter()
        .map(|(_, d)| latencies.time(|| engine.place(d)))
        .collect();
    let signals = signals(settings);
    info!(
        articles = placements.len(),
        rejected = rejected.len(),
        %signals,
        "clustered"
    );
    Run {
        placements,
        rejected,
        labels,
        latencies,
        signals,
    }
}

/// What the engine compared articles of different languages on: names,
/// numbers and days always; the bilingual dictionaries it loaded, if any;
/// the sentence embedding model, if this build has one.
pub(crate) fn signals(settings: &Settings) -> String {
    let dictionaries = match &settings.analyze.lexicon {
        None => "off".to_string(),
        Some(lexicon) => {
            let used: Vec<String> = lexicon
                .used()
                .iter()
                .map(|(lang, stems)| format!("{lang} ({stems} stems)"))
                .collect();
            if used.is_empty() {
                "none loaded".to_string()
            } else {
                used.join(", ")
            }
        }
    };
    let embeddings = match &settings.cluster.embedder {
        Some(model) => model.0.name().to_string(),
        None => "off".to_string(),
    };
    format!("names, numbers, days; dictionaries: {dictionaries}; embeddings: {embeddings}")
}
