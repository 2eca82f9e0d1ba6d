//! The whole path from paths on disk to placed articles: reading, extraction
//! and analysis in parallel; placement in publication order on one thread.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pipeline::{Doc, Engine, Placement, RawDoc, Settings};
use rayon::prelude::*;
use tracing::info;

/// What a run produced.
pub(crate) struct Run {
    /// Placed articles, in the order the engine took them. Their documents
    /// keep what the outputs show, not the body and the features the engine
    /// compared (see [`lean`]): a run then never holds every text at once.
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

/// Articles analysed per chunk, while the engine places the chunk before.
const CHUNK: usize = 512;

/// Extracts the documents in parallel and puts them in publication order;
/// then analyses them chunk by chunk on the thread pool while `place` takes
/// each analysed document, in order, on the calling thread, so that the one
/// placing thread and the analysis run at the same time. Each raw document
/// is dropped once extracted. Adds the rejected to `rejected`. The first
/// error of `place` stops the run.
pub(crate) fn prepare_and_place<E: Send>(
    raws: Vec<RawDoc>,
    settings: &Settings,
    rejected: &mut Vec<String>,
    mut place: impl FnMut(Doc) -> Result<(), E>,
) -> Result<(), E> {
    let extracted: Vec<_> = raws
        .into_par_iter()
        .map(
            |raw| match pipeline::extract::extract(&raw, &settings.extract) {
                Ok(article) => Ok(article),
                Err(reason) => Err(format!("{}: {reason}", raw.path)),
            },
        )
        .collect();
    let mut articles = Vec::with_capacity(extracted.len());
    for item in extracted {
        match item {
            Ok(pair) => articles.push(pair),
            Err(line) => rejected.push(line),
        }
    }
    articles.sort_by(pipeline::article_order);
    // One chunk waits while the next is analysed: memory stays bounded.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Doc>>(1);
    // Analysis leaves a core to the placing thread: more threads than
    // cores would make the placing thread wait its turn in the middle of
    // an article (and the time to place one is what `bench` measures).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().max(2) - 1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut articles = articles.into_iter();
            loop {
                let chunk: Vec<_> = articles.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                let analyze = || {
                    chunk
                        .into_par_iter()
                        .map(|article| pipeline::analyze::analyze(article, &settings.analyze))
                        .collect()
                };
                // Without a pool of its own (none could be made), the global one.
                let docs = match &pool {
                    Ok(pool) => pool.install(analyze),
                    Err(_) => analyze(),
                };
                if send.send(docs).is_err() {
                    break; // The placing side stopped.
                }
            }
        });
        for chunk in receive {
            for doc in chunk {
                place(doc)?;
            }
        }
        Ok(())
    })
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
    let mut engine = Engine::new(settings.clone());
    let mut latencies = Latencies::default();
    let mut placements: Vec<Placement> = Vec::new();
    let placed = prepare_and_place(raws, settings, &mut rejected, |doc| {
        let placement = latencies.time(|| engine.place(doc));
        placements.push(lean(placement));
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(()) = placed;
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

/// A placement without its document's body and analysis (terms, names,
/// sketch): what is left is what `cluster`, `eval` and `fetch` show.
pub(crate) fn lean(mut placement: Placement) -> Placement {
    let doc = &mut placement.doc;
    doc.article.body = String::new();
    doc.body_terms = Vec::new();
    doc.title_terms = Vec::new();
    doc.pivot_terms = Vec::new();
    doc.pivot_title = Vec::new();
    doc.entities = Vec::new();
    doc.sketch = Vec::new();
    placement
}
