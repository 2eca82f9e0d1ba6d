//! Adding articles: the one path by which documents, read from files, the
//! web or an HTTP request, become stored articles. Repeats of stored
//! articles are skipped, the rest are extracted and analysed in parallel,
//! placed in publication order by the engine restored from the store, and
//! committed in batches with checkpoints.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use pipeline::{Doc, RawDoc, Settings};
use rayon::prelude::*;
use tracing::info;

use crate::{content_hash, Result, Store};

/// Articles stored per transaction.
const BATCH: usize = 256;
/// Articles placed between two saves of the engine's state: what a run
/// after a crash replays at most.
const CHECKPOINT_EVERY: usize = 20_000;

/// What one [`Store::ingest`] did.
#[derive(Debug, Default)]
pub struct Added {
    /// Articles added.
    pub added: usize,
    /// Articles skipped because they were stored already (or came twice).
    pub repeats: usize,
    /// One line per document the pipeline rejected.
    pub rejected: Vec<String>,
    /// How long the engine took to place each added article, in order.
    pub latencies: Vec<Duration>,
}

/// Extracts and analyses documents in parallel, keeping each raw document
/// with its analysis, in publication order; adds a line for each rejected
/// document to `rejected`.
pub fn prepare(
    raws: Vec<RawDoc>,
    settings: &Settings,
    rejected: &mut Vec<String>,
) -> Vec<(RawDoc, Doc)> {
    let prepared: Vec<_> = raws
        .into_par_iter()
        .map(|raw| match pipeline::prepare(&raw, settings) {
            Ok(doc) => Ok((raw, doc)),
            Err(reason) => Err(format!("{}: {reason}", raw.path)),
        })
        .collect();
    let mut docs = Vec::with_capacity(prepared.len());
    for p in prepared {
        match p {
            Ok(pair) => docs.push(pair),
            Err(line) => rejected.push(line),
        }
    }
    docs.sort_by(|a, b| pipeline::publication_order(&a.1, &b.1));
    docs
}

impl Store {
    /// Adds `raws` to a store opened for writing: the engine is restored,
    /// the index caught up, repeats (of stored articles or within `raws`:
    /// same URL or same content) skipped, ids made free, the rest prepared
    /// and placed in publication order and committed every 256 articles;
    /// after each commit `progress` hears how many are stored so far and
    /// how many this call will store in all. Ends with a
    /// checkpoint, so the index holds everything on return.
    pub fn ingest(
        &mut self,
        raws: Vec<RawDoc>,
        settings: &Settings,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Added> {
        let mut engine = self.engine(settings)?;
        // An index left behind by a crash catches up before anything new.
        self.sync_index()?;
        let mut added = Added::default();
        let mut fresh = Vec::with_capacity(raws.len());
        let mut seen = HashSet::new();
        for mut raw in raws {
            let keys = [raw.url.clone(), Some(content_hash(&raw))];
            if keys.iter().flatten().any(|k| seen.contains(k)) {
                info!(path = %raw.path, "already read in this run; skipped");
                added.repeats += 1;
                continue;
            }
            if let Some(stored) = self.known(&raw)? {
                info!(path = %raw.path, stored = %stored, "already stored; skipped");
                added.repeats += 1;
                continue;
            }
            seen.extend(keys.into_iter().flatten());
            raw.id = self.free_id(&raw.id)?;
            fresh.push(raw);
        }
        let docs = prepare(fresh, settings, &mut added.rejected);
        let total = docs.len();
        added.latencies.reserve(total);
        let (mut batch, mut since_checkpoint) = (Vec::with_capacity(BATCH), 0);
        let mut docs = docs.into_iter().peekable();
        while let Some((raw, doc)) = docs.next() {
            let start = Instant::now();
            let placed = engine.place(doc);
            added.latencies.push(start.elapsed());
            batch.push((raw, placed));
            if batch.len() == BATCH || docs.peek().is_none() {
                self.add(&batch)?;
                added.added += batch.len();
                since_checkpoint += batch.len();
                progress(added.added, total);
                batch.clear();
                if since_checkpoint >= CHECKPOINT_EVERY {
                    self.checkpoint(&engine)?;
                    since_checkpoint = 0;
                }
            }
        }
        self.checkpoint(&engine)?;
        Ok(added)
    }
}
