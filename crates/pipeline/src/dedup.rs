//! Copies: a document whose wording is nearly that of an earlier one (the same
//! wire story on two sites, a light rewrite) is a copy of the earliest. Found
//! with MinHash LSH, never by comparing all pairs.

use std::borrow::Cow;
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
/// is rebuilt from the originals' sketches. Saving borrows the deduper's
/// arrays rather than copying them.
#[derive(Serialize, Deserialize)]
pub(crate) struct DedupState<'a> {
    /// The originals' sequence numbers, in the order they joined the index.
    ids: Cow<'a, [u32]>,
    /// Their sketches, `SKETCH_LEN` values each, one after another.
    sketches: Cow<'a, [u16]>,
    original_of: Cow<'a, [u32]>,
    outlets: Cow<'a, [Option<String>]>,
}

impl Deduper {
    /// Its state, to save.
    pub(crate) fn state(&self) -> DedupState<'_> {
        DedupState {
            ids: Cow::Borrowed(&self.index.ids),
            sketches: Cow::Borrowed(&self.index.sketches),
            original_of: Cow::Borrowed(&self.original_of),
            outlets: Cow::Borrowed(&self.outlets),
        }
    }

    /// A deduper that knows what `state` recorded, or `None` when the state
    /// contradicts itself (a sketch of the wrong length, a document that
    /// copies one not yet seen).
    pub(crate) fn from_state(settings: &DedupSettings, state: DedupState<'_>) -> Option<Deduper> {
        let (ids, sketches) = (state.ids.into_owned(), state.sketches.into_owned());
        let original_of = state.original_of.into_owned();
        let seen = original_of.len();
        let consistent = sketches.len() == ids.len() * SKETCH_LEN
            && state.outlets.len() == seen
            && ids.iter().all(|id| (*id as usize) < seen)
            && original_of
                .iter()
                .enumerate()
                .all(|(seq, o)| (*o as usize) <= seq);
        if !consistent {
            return None;
        }
        Some(Deduper {
            index: Lsh::from_parts(ids, sketches),
            threshold: settings.threshold,
            original_of,
            outlets: state.outlets.into_owned(),
        })
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

/// MinHash LSH over the originals' sketches, held compactly: the sketches
/// one after another in one
/// array, and for each band an open-addressing table of originals (their
/// place in that array) by the hash of the band's values. Two sketches
/// meet when one band's values are equal; they match when at least
/// `threshold` of their values are.
#[derive(Default)]
struct Lsh {
    /// The sketches, `SKETCH_LEN` values each, in the order added.
    sketches: Vec<u16>,
    /// The sequence number of each.
    ids: Vec<u32>,
    /// For each band, a table of sketch indices (`EMPTY` where none), its
    /// length a power of two, at most half full.
    bands: Vec<Vec<u32>>,
}

impl Lsh {
    /// The index of sketches `SKETCH_LEN` values each, one after another,
    /// and their sequence numbers.
    fn from_parts(ids: Vec<u32>, sketches: Vec<u16>) -> Lsh {
        let mut lsh = Lsh {
            sketches,
            ids,
            bands: Vec::new(),
        };
        lsh.rebuild((lsh.ids.len() * 2).next_power_of_two().max(1024));
        lsh
    }

    fn sketch(&self, i: u32) -> &[u16] {
        let at = i as usize * SKETCH_LEN;
        &self.sketches[at..at + SKETCH_LEN]
    }

    fn band_hash(band: usize, values: &[u16]) -> u64 {
        let mut h = fnv::FnvHasher::default();
        h.write_usize(band);
        for v in values {
            h.write_u16(*v);
        }
        h.finish()
    }

    fn insert(&mut self, id: u32, sketch: &[u16]) {
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
    fn query(&self, sketch: &[u16], threshold: f64) -> Vec<u32> {
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
fn similarity(a: &[u16], b: &[u16]) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{analyze, AnalyzeSettings};
    use crate::lang::Lang;
    use crate::model::Article;

    const STORY: &str = "A violent storm hit the Breton port of Kerbrieuc on Monday night, \
        the prefecture said, leaving one fisherman dead and two others injured. Winds of up \
        to 150 kilometres an hour tore roofs off houses along the harbour and flooded the \
        lower town, where firefighters evacuated more than two hundred residents. The mayor \
        of Kerbrieuc, Anne Le Goff, said the town would ask the government for emergency \
        aid as soon as the damage had been counted.";

    /// The same story with a few words changed, as a site rewrites a wire.
    const REWRITE: &str = "A violent storm struck the Breton port of Kerbrieuc late on \
        Monday, the prefecture said, leaving one fisherman dead and two others injured. Winds \
        of up to 150 kilometres an hour tore roofs off houses along the harbour and flooded \
        the lower town, where firefighters evacuated more than two hundred people. The mayor \
        of Kerbrieuc, Anne Le Goff, said the town would ask the government for emergency \
        aid as soon as the damage had been counted.";

    const OTHER: &str = "Teachers in Valdecarrasco walked out on Wednesday over wages, \
        closing forty schools across the region, the union said. The regional minister \
        promised talks next week, but the union warned that the strike would go on until \
        the government put a written offer on the table, and parents organised day care \
        in the town hall while the schools stayed shut.";

    fn doc(body: &str, outlet: Option<&str>) -> Doc {
        let article = Article {
            id: "a".into(),
            path: "a.txt".into(),
            title: String::new(),
            body: body.into(),
            lang: Lang::from_code("en").expect("en"),
            published: None,
            mentions: Vec::new(),
            weekdays: Vec::new(),
            url: None,
            outlet: outlet.map(str::to_string),
        };
        analyze(article, &AnalyzeSettings::default())
    }

    /// The 16-bit sketches made by analysis still tell a light rewrite
    /// (a copy) from an unrelated text.
    #[test]
    fn a_light_rewrite_is_a_copy_and_another_story_is_not() {
        let (story, rewrite) = (doc(STORY, Some("wire.example")), doc(REWRITE, None));
        let estimate = similarity(&story.sketch, &rewrite.sketch);
        assert!((0.5..0.9).contains(&estimate), "{estimate}");
        let mut deduper = Deduper::new(&DedupSettings::default());
        assert_eq!(deduper.check(&story), None);
        assert_eq!(deduper.check(&doc(OTHER, Some("paper.example"))), None);
        assert_eq!(deduper.check(&doc(REWRITE, Some("paper.example"))), Some(0));
        assert_eq!(deduper.check(&rewrite), Some(0));
    }

    /// A sketch whose first `shared` values are those of every other, and
    /// whose others are its own: two seeds below 8192 never give the same
    /// value at the same place.
    fn sketch(seed: u16, shared: usize) -> Vec<u16> {
        (0..SKETCH_LEN as u16)
            .map(|i| {
                if (i as usize) < shared {
                    i
                } else {
                    seed.wrapping_mul(1000).wrapping_add(i)
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
        for k in 0..16u16 {
            lsh.insert(100 + u32::from(k), &sketch(k + 1, 8 * k as usize));
        }
        // Past the first table size, every sketch is put back.
        for k in 0..2000u16 {
            lsh.insert(1000 + u32::from(k), &sketch(k + 100, 0));
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
