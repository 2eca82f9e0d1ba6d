//! Copies: a document whose wording is nearly that of an earlier one (the same
//! wire story on two sites, a light rewrite) is a copy of the earliest. Found
//! with MinHash LSH, never by comparing all pairs.

use std::hash::Hasher;

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
    index: Lsh,
    threshold: f64,
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
        DedupState {
            sketches: self
                .index
                .ids
                .iter()
                .zip(self.index.sketches.chunks_exact(SKETCH_LEN))
                .map(|(id, sketch)| (*id, sketch.to_vec()))
                .collect(),
            original_of: self.original_of.clone(),
            outlets: self.outlets.clone(),
        }
    }

    /// A deduper that knows what `state` recorded.
    pub(crate) fn from_state(settings: &DedupSettings, state: DedupState) -> Deduper {
        let mut deduper = Deduper::new(settings);
        for (id, sketch) in state.sketches {
            deduper.index.insert(id, &sketch);
        }
        deduper.original_of = state.original_of;
        deduper.outlets = state.outlets;
        deduper
    }

    /// An empty deduper.
    pub fn new(settings: &DedupSettings) -> Deduper {
        Deduper {
            index: Lsh::default(),
            threshold: settings.threshold,
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
            .query(&doc.sketch, self.threshold)
            .into_iter()
            .filter(|m| outlet.is_none() || self.outlets[*m as usize] != outlet)
            .min()
            .map(|m| self.original_of[m as usize]);
        self.original_of.push(original.unwrap_or(seq));
        if original.is_none() {
            // Copies stay out of the index: their original already matches.
            self.index.insert(seq, &doc.sketch);
        }
        original
    }
}

/// Marks an empty slot of a band's table.
const EMPTY: u32 = u32::MAX;

/// MinHash LSH over the originals' sketches, held compactly (a million
/// originals take about 0.8 GB): the sketches one after another in one
/// array, and for each band an open-addressing table of originals (their
/// place in that array) by the hash of the band's values. Two sketches
/// meet when one band's values are equal; they match when at least
/// `threshold` of their values are.
#[derive(Default)]
struct Lsh {
    /// The sketches, `SKETCH_LEN` values each, in the order added.
    sketches: Vec<u32>,
    /// The sequence number of each.
    ids: Vec<u32>,
    /// For each band, a table of sketch indices (`EMPTY` where none), its
    /// length a power of two, at most half full.
    bands: Vec<Vec<u32>>,
}

impl Lsh {
    fn sketch(&self, i: u32) -> &[u32] {
        let at = i as usize * SKETCH_LEN;
        &self.sketches[at..at + SKETCH_LEN]
    }

    fn band_hash(band: usize, values: &[u32]) -> u64 {
        let mut h = fnv::FnvHasher::default();
        h.write_usize(band);
        for v in values {
            h.write_u32(*v);
        }
        h.finish()
    }

    fn insert(&mut self, id: u32, sketch: &[u32]) {
        let i = self.ids.len() as u32;
        self.ids.push(id);
        self.sketches.extend_from_slice(sketch);
        let size = self.bands.first().map_or(0, Vec::len);
        if (i as usize + 1) * 2 > size {
            self.rebuild((size * 2).max(1024));
        } else {
            for band in 0..BANDS {
                self.put(band, i);
            }
        }
    }

    /// Makes each band's table `size` slots and puts every sketch back.
    fn rebuild(&mut self, size: usize) {
        self.bands = vec![vec![EMPTY; size]; BANDS];
        for i in 0..self.ids.len() as u32 {
            for band in 0..BANDS {
                self.put(band, i);
            }
        }
    }

    fn put(&mut self, band: usize, i: u32) {
        let rows = band * ROWS..(band + 1) * ROWS;
        let hash = Lsh::band_hash(band, &self.sketch(i)[rows]);
        let table = &mut self.bands[band];
        let mask = table.len() - 1;
        let mut slot = hash as usize & mask;
        while table[slot] != EMPTY {
            slot = (slot + 1) & mask;
        }
        table[slot] = i;
    }

    /// The sequence numbers of the sketches that share a band with `sketch`
    /// and match it.
    fn query(&self, sketch: &[u32], threshold: f64) -> Vec<u32> {
        let mut met: Vec<u32> = Vec::new();
        for (band, table) in self.bands.iter().enumerate() {
            let rows = band * ROWS..(band + 1) * ROWS;
            let values = &sketch[rows.clone()];
            let mask = table.len() - 1;
            let mut slot = Lsh::band_hash(band, values) as usize & mask;
            while table[slot] != EMPTY {
                let i = table[slot];
                if self.sketch(i)[rows.clone()] == *values {
                    met.push(i);
                }
                slot = (slot + 1) & mask;
            }
        }
        met.sort_unstable();
        met.dedup();
        met.into_iter()
            .filter(|i| similarity(self.sketch(*i), sketch) >= threshold)
            .map(|i| self.ids[i as usize])
            .collect()
    }
}

/// The share of equal values in two sketches: their estimated Jaccard
/// similarity (as gaoya computes it).
fn similarity(a: &[u32], b: &[u32]) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(seed: u32, shared: usize) -> Vec<u32> {
        (0..SKETCH_LEN as u32)
            .map(|i| {
                if (i as usize) < shared {
                    i
                } else {
                    seed * 1000 + i
                }
            })
            .collect()
    }

    /// What the index finds is what comparing every pair finds, among the
    /// pairs that share a band.
    #[test]
    fn the_index_finds_the_sketches_that_share_a_band_and_match() {
        let mut lsh = Lsh::default();
        // Sketch k shares its first 8·k values with the query: bands 0 to
        // 2k − 1; enough (≥ 64 of 128) from k = 8.
        for k in 0..16u32 {
            lsh.insert(100 + k, &sketch(k + 1, 8 * k as usize));
        }
        // Past the first table size, every sketch is put back.
        for k in 0..2000u32 {
            lsh.insert(1000 + k, &sketch(k + 100, 0));
        }
        let query = sketch(99, SKETCH_LEN);
        let found = lsh.query(&query, 0.5);
        assert_eq!(found, (108..116).collect::<Vec<u32>>());
        assert_eq!(lsh.query(&query, 0.9), [115]);
        assert_eq!(lsh.query(&sketch(5000, 0), 0.5), Vec::<u32>::new());
        // A sketch finds itself.
        assert_eq!(lsh.query(&sketch(1200, 0), 0.5), [2100]);
    }
}
