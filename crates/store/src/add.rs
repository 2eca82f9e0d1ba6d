//! Adding articles: the one path by which documents, read from files, the
//! web or an HTTP request, become stored articles. Repeats of stored
//! articles are skipped, the rest are extracted in parallel as they come
//! (batch by batch), then analysed in publication order while the engine
//! restored from the store places them ([`Queue`]), and committed in
//! batches with checkpoints.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use pipeline::{RawDoc, Settings};
use rayon::prelude::*;
use tracing::info;

use crate::queue::Queue;
use crate::{content_hash, Error, Result, Store};

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
        self.ingest_batches(std::iter::once(Ok(raws)), settings, progress)
    }

    /// [`Store::ingest`] of documents read batch by batch: each batch is
    /// extracted as it comes and kept aside in a compact form until every
    /// batch is in (the order of placement is known only then), so that
    /// memory does not hold every text at once. A batch may be an error
    /// (of the reader), which stops the ingest before anything is stored.
    pub fn ingest_batches<E>(
        &mut self,
        batches: impl IntoIterator<Item = std::result::Result<Vec<RawDoc>, E>>,
        settings: &Settings,
        progress: &mut dyn FnMut(usize, usize),
    ) -> std::result::Result<Added, E>
    where
        E: From<Error>,
    {
        let mut engine = self.engine(settings)?;
        // An index left behind by a crash catches up before anything new.
        self.sync_index()?;
        let mut added = Added::default();
        let mut queue = Queue::new(true);
        let mut seen = HashSet::new();
        for raws in batches {
            let raws = raws?;
            let mut fresh = Vec::new();
            // One read transaction for the batch's look-ups, not one each.
            let reading = self.db.unchecked_transaction().map_err(Error::from)?;
            // Hashing a batch's texts took a core for as long as reading them.
            let hashes: Vec<String> = raws.par_iter().map(content_hash).collect();
            for (mut raw, hash) in raws.into_iter().zip(hashes) {
                let keys = [raw.url.clone(), Some(hash.clone())];
                if keys.iter().flatten().any(|k| seen.contains(k)) {
                    info!(path = %raw.path, "already read in this run; skipped");
                    added.repeats += 1;
                    continue;
                }
                if let Some(stored) = self.known_as(raw.url.as_deref(), &hash)? {
                    info!(path = %raw.path, stored = %stored, "already stored; skipped");
                    added.repeats += 1;
                    continue;
                }
                seen.extend(keys.into_iter().flatten());
                raw.id = self.free_id(&raw.id)?;
                fresh.push(raw);
            }
            drop(reading);
            queue
                .extract(fresh, settings, &mut added.rejected)
                .map_err(Error::from)?;
        }
        let total = queue.len();
        added.latencies.reserve(total);
        let mut batch = Vec::with_capacity(BATCH);
        let mut since_checkpoint = 0;
        // Weighing runs ahead of placing on another thread, but a
        // checkpoint saves the whole engine as of the last document placed:
        // here the engine weighs and places each document in one step.
        queue.place(
            settings,
            |doc| doc,
            |raw, doc| -> Result<()> {
                let start = Instant::now();
                let placed = engine.place(doc);
                added.latencies.push(start.elapsed());
                batch.push((raw.expect("the queue keeps raw documents"), placed));
                if batch.len() == BATCH || added.added + batch.len() == total {
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
                Ok(())
            },
        )?;
        self.checkpoint(&engine)?;
        Ok(added)
    }
}
