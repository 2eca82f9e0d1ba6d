//! The whole path from paths on disk to placed articles: reading, extraction
//! and analysis in parallel; placement in publication order on one thread.

use std::collections::HashMap;
use std::path::PathBuf;

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
}

impl Run {
    /// Reports the rejected inputs on standard error.
    pub(crate) fn report_rejected(&self) {
        for line in &self.rejected {
            eprintln!("rejected: {line}");
        }
    }
}

/// Reads and clusters everything under `paths`.
pub(crate) fn run(paths: &[PathBuf], settings: &Settings, options: &ingest::Options) -> Run {
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
    let prepared: Vec<_> = inputs
        .par_iter()
        .map(|i| {
            pipeline::prepare(&i.doc, settings)
                .map_err(|reason| format!("{}: {reason}", i.doc.path))
        })
        .collect();
    let mut docs = Vec::with_capacity(prepared.len());
    for p in prepared {
        match p {
            Ok(doc) => docs.push(doc),
            Err(line) => rejected.push(line),
        }
    }
    docs.sort_by(pipeline::publication_order);
    let mut engine = Engine::new(settings.clone());
    let placements: Vec<Placement> = docs.into_iter().map(|d| engine.place(d)).collect();
    info!(
        articles = placements.len(),
        rejected = rejected.len(),
        "clustered"
    );
    Run {
        placements,
        rejected,
        labels,
    }
}
