//! Copies: a document whose wording is nearly that of an earlier one (the same
//! wire story on two sites, a light rewrite) is a copy of the earliest. Found
//! with MinHash LSH (gaoya), never by comparing all pairs.

use gaoya::minhash::MinHashIndex;
use serde::{Deserialize, Serialize};

use crate::analyze::SKETCH_LEN;
use crate::model::Doc;

/// Settings of copy detection.
#[derive(Clone, Debug, PartialEq)]
pub struct DedupSettings {
    /// Estimated Jaccard similarity of word shingles from which a document is
    /// a copy.
    pub threshold: f64,
}

impl Default for DedupSettings {
    fn default() -> Self {
        DedupSettings { threshold: 0.5 }
    }
}

/// LSH bands × rows: 32 × 4 = 128 hashes. A pair at the threshold (0.5) is a
/// candidate with probability 1 − (1 − 0.5⁴)³² ≈ 0.87, at 0.7 with ≈ 1.
const BANDS: usize = 32;
const ROWS: usize = SKETCH_LEN / BANDS;

/// Finds the earlier document a new one copies.
pub struct Deduper {
    index: MinHashIndex<u32, u32>,
    /// For each document seen, in order: the document it copies, or itself.
    original_of: Vec<u32>,
    /// For each document seen, in order: its outlet.
    outlets: Vec<Option<String>>,
}

/// Texts shorter than this many words are never called copies: a short text
/// that two pages share is more often a site's boilerplate than an article.
const MIN_WORDS: usize = 25;

/// What a [`Deduper`] knows, in a form that can be saved: the index itself
/// is rebuilt from the originals' sketches.
#[derive(Serialize, Deserialize)]
pub(crate) struct DedupState {
    sketches: Vec<(u32, Vec<u32>)>,
    original_of: Vec<u32>,
    outlets: Vec<Option<String>>,
}

impl Deduper {
    /// Its state, to save.
    pub(crate) fn state(&self) -> DedupState {
        let mut sketches: Vec<(u32, Vec<u32>)> = self
            .index
            .get_id_signature_map()
            .iter()
            .map(|(id, sketch)| (*id, sketch.clone()))
            .collect();
        sketches.sort_unstable_by_key(|(id, _)| *id);
        DedupState {
            sketches,
            original_of: self.original_of.clone(),
            outlets: self.outlets.clone(),
        }
    }

    /// A deduper that knows what `state` recorded.
    pub(crate) fn from_state(settings: &DedupSettings, state: DedupState) -> Deduper {
        let mut deduper = Deduper::new(settings);
        for (id, sketch) in state.sketches {
            deduper.index.insert(id, sketch);
        }
        deduper.original_of = state.original_of;
        deduper.outlets = state.outlets;
        deduper
    }

    /// An empty deduper.
    pub fn new(settings: &DedupSettings) -> Deduper {
        Deduper {
            index: MinHashIndex::new(BANDS, ROWS, settings.threshold),
            original_of: Vec::new(),
            outlets: Vec::new(),
        }
    }

    /// Records a document under the next sequence number and returns the
    /// sequence number of the earliest document it copies, if any.
    pub fn check(&mut self, doc: &Doc) -> Option<u32> {
        let seq = self.original_of.len() as u32;
        let outlet = doc.article.outlet.clone();
        self.outlets.push(outlet.clone());
        if doc.sketch.len() != SKETCH_LEN
            || doc.article.body.split_whitespace().nth(MIN_WORDS).is_none()
        {
            self.original_of.push(seq);
            return None;
        }
        // The earliest match from another outlet (one outlet's pages share
        // its boilerplate); a match that is itself a copy points to its original.
        let original = self
            .index
            .query(&doc.sketch)
            .into_iter()
            .copied()
            .filter(|m| outlet.is_none() || self.outlets[*m as usize] != outlet)
            .min()
            .map(|m| self.original_of[m as usize]);
        self.original_of.push(original.unwrap_or(seq));
        if original.is_none() {
            // Copies stay out of the index: their original already matches.
            self.index.insert(seq, doc.sketch.clone());
        }
        original
    }
}
