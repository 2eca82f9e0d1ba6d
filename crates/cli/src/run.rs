//! The whole path from paths on disk to placed articles: reading, extraction
//! and analysis in parallel; placement in publication order on one thread.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pipeline::{Doc, Engine, Placement, Settings};
use rayon::prelude::*;
use store::Queue;
use tracing::info;

use crate::placed::{self, Placements};

/// What a run produced.
pub(crate) struct Run {
    /// Placed articles, in the order the engine took them, with what the
    /// outputs show (see [`Placements`]): a run never holds every text at
    /// once.
    pub(crate) placements: Placements,
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
    /// Runs `place` and records how long it took, plus `before`: the time
    /// the same article took in an earlier step of placing.
    pub(crate) fn time<T>(&mut self, before: Duration, place: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let placed = place();
        self.0.push(before + start.elapsed());
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

/// Files read together (in parallel), up to about this many bytes: the
/// text of one group is in memory at a time.
const GROUP_BYTES: u64 = 32 << 20;

/// Reads the articles under some paths a group of files at a time, giving
/// each article a distinct id: an iterator over the groups' articles, in
/// the order of the files and of the articles in each.
pub(crate) struct Reader<'a> {
    files: std::iter::Peekable<std::vec::IntoIter<PathBuf>>,
    options: &'a ingest::Options,
    ids: ingest::UniqueIds,
    /// One line per file, folder or record that could not be read, so far.
    pub(crate) rejected: Vec<String>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(paths: &[PathBuf], options: &'a ingest::Options) -> Reader<'a> {
        let (files, errors) = ingest::files(paths);
        Reader {
            files: files.into_iter().peekable(),
            options,
            ids: ingest::UniqueIds::default(),
            rejected: errors.iter().map(ToString::to_string).collect(),
        }
    }
}

impl Reader<'_> {
    /// Gives articles read otherwise (fetched from the web) ids distinct
    /// from those read so far.
    pub(crate) fn give_ids(&mut self, inputs: &mut [ingest::Input]) {
        self.ids.apply(inputs);
    }
}

impl Iterator for Reader<'_> {
    type Item = Vec<ingest::Input>;

    fn next(&mut self) -> Option<Vec<ingest::Input>> {
        let mut group = Vec::new();
        let mut bytes = 0;
        while let Some(file) = self
            .files
            .next_if(|_| group.is_empty() || bytes < GROUP_BYTES)
        {
            bytes += std::fs::metadata(&file).map_or(0, |m| m.len());
            group.push(file);
        }
        if group.is_empty() {
            return None;
        }
        let read: Vec<Result<ingest::Input, ingest::Error>> = group
            .par_iter()
            .flat_map_iter(|f| ingest::read_file(f, self.options))
            .collect();
        let mut inputs = Vec::with_capacity(read.len());
        for item in read {
            match item {
                Ok(input) => inputs.push(input),
                Err(e) => self.rejected.push(e.to_string()),
            }
        }
        self.ids.apply(&mut inputs);
        Some(inputs)
    }
}

/// Reads and clusters everything under `paths`, a group of files at a time
/// (see [`Queue`]): the texts are never all in memory at once.
pub(crate) fn run(
    paths: &[PathBuf],
    settings: &Settings,
    options: &ingest::Options,
) -> anyhow::Result<Run> {
    let mut engine = Engine::new(settings.clone());
    let (mut weigher, mut placer) = engine.split();
    run_with(
        paths,
        settings,
        options,
        |doc| weigher.weigh(doc),
        |weighed| placer.place(weighed),
    )
}

/// [`run`] with another placer than the engine (the naive baseline): each
/// document goes through `weigh`, in order on any thread (see
/// [`Queue::place`]), then through `place` on the calling thread.
pub(crate) fn run_with<W: Send>(
    paths: &[PathBuf],
    settings: &Settings,
    options: &ingest::Options,
    weigh: impl FnMut(Doc) -> W + Send,
    place: impl FnMut(W) -> Placement,
) -> anyhow::Result<Run> {
    let mut reader = Reader::new(paths, options);
    let read_errors = |reader: &mut Reader| {
        // No more ids to give: the ids taken go before the placing starts.
        reader.ids = ingest::UniqueIds::default();
        std::mem::take(&mut reader.rejected)
    };
    cluster_batches(&mut reader, settings, read_errors, weigh, place)
}

/// Clusters articles read by any means; `rejected` has a line for each
/// input that could not be read.
pub(crate) fn cluster(
    mut inputs: Vec<ingest::Input>,
    rejected: Vec<String>,
    settings: &Settings,
) -> anyhow::Result<Run> {
    ingest::make_ids_unique(&mut inputs);
    let mut batches = std::iter::once(inputs);
    let mut engine = Engine::new(settings.clone());
    let (mut weigher, mut placer) = engine.split();
    cluster_batches(
        &mut batches,
        settings,
        |_| rejected,
        |doc| weigher.weigh(doc),
        |weighed| placer.place(weighed),
    )
}

/// Clusters batches of articles with distinct ids: each batch extracted
/// as it comes, then all analysed, weighed by `weigh` and placed by
/// `place` in publication order ([`Queue`]); `read_errors` gives, once all
/// are read, the lines of the inputs that could not be. An article's
/// latency is its time in `weigh` and in `place`.
fn cluster_batches<I: Iterator<Item = Vec<ingest::Input>>, W: Send>(
    batches: &mut I,
    settings: &Settings,
    read_errors: impl FnOnce(&mut I) -> Vec<String>,
    mut weigh: impl FnMut(Doc) -> W + Send,
    mut place: impl FnMut(W) -> Placement,
) -> anyhow::Result<Run> {
    let mut labels = HashMap::new();
    let mut queue = Queue::new(false);
    let mut rejected_docs = Vec::new();
    for inputs in batches.by_ref() {
        let mut raws = Vec::with_capacity(inputs.len());
        for input in inputs {
            if let Some(label) = input.label {
                labels.insert(input.doc.id.clone(), label);
            }
            raws.push(input.doc);
        }
        queue.extract(raws, settings, &mut rejected_docs)?;
    }
    let mut rejected = read_errors(batches);
    rejected.append(&mut rejected_docs);
    let mut latencies = Latencies::default();
    let mut placements = placed::Builder::with_capacity(queue.len());
    let timed_weigh = |doc| {
        let start = Instant::now();
        let weighed = weigh(doc);
        (weighed, start.elapsed())
    };
    queue.place(settings, timed_weigh, |_, (weighed, took)| {
        let placement = latencies.time(took, || place(weighed));
        placements.push(placement);
        Ok::<(), anyhow::Error>(())
    })?;
    let placements = placements.finish();
    let signals = signals(settings);
    info!(
        articles = placements.len(),
        rejected = rejected.len(),
        %signals,
        "clustered"
    );
    Ok(Run {
        placements,
        rejected,
        labels,
        latencies,
        signals,
    })
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
