//! Copies: a document whose wording is nearly that of an earlier one (the same
//! wire story on two sites, a light rewrite) is a copy of the earliest. Found
//! with MinHash LSH, never by comparing all pairs.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analyze::{mix, SKETCH_LEN};
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
    /// For each document seen, in order: its outlet (see [`Outlets`]).
    outlets: Vec<u32>,
    /// The outlets' names.
    names: Outlets,
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
    outlets: Cow<'a, [u32]>,
    /// The names of the outlets, in the order of their numbers.
    outlet_names: Cow<'a, [String]>,
}

impl Deduper {
    /// Its state, to save.
    pub(crate) fn state(&self) -> DedupState<'_> {
        DedupState {
            ids: Cow::Borrowed(&self.index.ids),
            sketches: Cow::Borrowed(&self.index.sketches),
            original_of: Cow::Borrowed(&self.original_of),
            outlets: Cow::Borrowed(&self.outlets),
            outlet_names: Cow::Borrowed(&self.names.names),
        }
    }

    /// A deduper that knows what `state` recorded, or `None` when the state
    /// contradicts itself (a sketch of the wrong length, a document that
    /// copies one not yet seen, an outlet without a name).
    pub(crate) fn from_state(settings: &DedupSettings, state: DedupState<'_>) -> Option<Deduper> {
        let (ids, sketches) = (state.ids.into_owned(), state.sketches.into_owned());
        let original_of = state.original_of.into_owned();
        let names = Outlets::from_names(state.outlet_names.into_owned())?;
        let seen = original_of.len();
        let consistent = sketches.len() == ids.len() * SKETCH_LEN
            && state.outlets.len() == seen
            && state
                .outlets
                .iter()
                .all(|o| *o == NO_OUTLET || (*o as usize) < names.names.len())
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
            names,
        })
    }

    /// An empty deduper.
    pub fn new(settings: &DedupSettings) -> Deduper {
        Deduper {
            index: Lsh::default(),
            threshold: settings.threshold,
            original_of: Vec::new(),
            outlets: Vec::new(),
            names: Outlets::default(),
        }
    }

    /// Records a document under the next sequence number and returns the
    /// sequence number of the earliest document it copies, if any.
    pub fn check(&mut self, doc: &Doc) -> Option<u32> {
        let seq = self.original_of.len() as u32;
        let outlet = doc
            .article
            .outlet
            .as_deref()
            .map_or(NO_OUTLET, |name| self.names.number(name));
        self.outlets.push(outlet);
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
            .filter(|m| outlet == NO_OUTLET || self.outlets[*m as usize] != outlet)
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

/// The outlet of a document that names none.
const NO_OUTLET: u32 = u32::MAX;

/// The outlets seen, each under a number (in the order first seen): a
/// document keeps its outlet's number, so a million documents from a few
/// thousand outlets hold a few thousand names, not a million.
#[derive(Default)]
struct Outlets {
    /// The names, by number.
    names: Vec<String>,
    /// The number of each name.
    numbers: HashMap<String, u32>,
}

impl Outlets {
    /// The outlets of these names, numbered in order; `None` when a name
    /// comes twice.
    fn from_names(names: Vec<String>) -> Option<Outlets> {
        let numbers: HashMap<String, u32> = (0..)
            .zip(&names)
            .map(|(n, name)| (name.clone(), n))
            .collect();
        (numbers.len() == names.len()).then_some(Outlets { names, numbers })
    }

    /// The number of the outlet `name`, a new one if it is new.
    fn number(&mut self, name: &str) -> u32 {
        if let Some(n) = self.numbers.get(name) {
            return *n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        n
    }
}

/// Marks an empty slot of a band's table.
const EMPTY: u32 = u32::MAX;

/// A band's values fill a 64-bit key exactly (4 rows of 16 bits): two bands
/// have the same key only when their values are the same.
const _: () = assert!(ROWS * 16 <= 64);

/// MinHash LSH over the originals' sketches, held compactly: the sketches
/// one after another in one array (256 bytes an original), and for each
/// band a [`Table`] of originals (their place in that array) by the hash of
/// the band's values (between 160 and 256 bytes an original over the 32
/// bands). Two sketches meet when one band's values are equal; they match
/// when at least `threshold` of their values are.
#[derive(Default)]
struct Lsh {
    /// The sketches, `SKETCH_LEN` values each, in the order added.
    sketches: Vec<u16>,
    /// The sequence number of each.
    ids: Vec<u32>,
    /// For each band, its table; all of one size.
    bands: Vec<Table>,
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
        lsh.rebuild();
        lsh
    }

    fn sketch(&self, i: u32) -> &[u16] {
        let at = i as usize * SKETCH_LEN;
        &self.sketches[at..at + SKETCH_LEN]
    }

    /// The values of one band of sketch `i`.
    fn band(&self, i: u32, band: usize) -> &[u16] {
        &self.sketch(i)[band * ROWS..(band + 1) * ROWS]
    }

    /// A hash of a band's values, well mixed in all its bits: the table
    /// takes its slot from the high bits and its tag from the low ones.
    fn band_hash(band: usize, values: &[u16]) -> u64 {
        let key = values.iter().fold(0u64, |k, v| (k << 16) | u64::from(*v));
        mix(mix(key) ^ band as u64)
    }

    fn insert(&mut self, id: u32, sketch: &[u16]) {
        let i = self.ids.len() as u32;
        self.ids.push(id);
        self.sketches.extend_from_slice(sketch);
        let slots = self.bands.first().map_or(0, Table::slots);
        if self.ids.len() * MAX_LOAD.1 > slots * MAX_LOAD.0 {
            self.rebuild();
        } else {
            for band in 0..BANDS {
                let hash = Lsh::band_hash(band, self.band(i, band));
                self.bands[band].put(hash, i);
            }
        }
    }

    /// Makes each band's table twice as many slots as there are sketches
    /// (or 1,024) and puts every sketch back, one band at a time, so that
    /// the old tables go as the new ones come: memory meanwhile is at most
    /// the new tables and one old one.
    fn rebuild(&mut self) {
        let slots = (self.ids.len() * 2).max(1024);
        self.bands.resize_with(BANDS, Table::default);
        for band in 0..BANDS {
            self.bands[band] = Table::default();
            let mut table = Table::new(slots);
            for i in 0..self.ids.len() as u32 {
                table.put(Lsh::band_hash(band, self.band(i, band)), i);
            }
            self.bands[band] = table;
        }
    }

    /// The sequence numbers of the sketches that share a band with `sketch`
    /// and match it.
    fn query(&self, sketch: &[u16], threshold: f64) -> Vec<u32> {
        let mut met: Vec<u32> = Vec::new();
        for (band, table) in self.bands.iter().enumerate() {
            let values = &sketch[band * ROWS..(band + 1) * ROWS];
            let candidates = table.candidates(Lsh::band_hash(band, values));
            met.extend(candidates.filter(|i| self.band(*i, band) == values));
        }
        met.sort_unstable();
        met.dedup();
        met.into_iter()
            .filter(|i| similarity(self.sketch(*i), sketch) >= threshold)
            .map(|i| self.ids[i as usize])
            .collect()
    }
}

/// How full a band's table may get, as a fraction: past it the tables grow
/// to half full. A probe for a band no sketch has then passes about 5
/// slots on average (13 at the fullest; 5.0 measured over a million random
/// sketches), in one or two cache lines, and the tags spare reading the
/// sketch of nearly all of them (one in 2,048 at two million slots).
const MAX_LOAD: (usize, usize) = (4, 5);

/// One band's open-addressing table, with linear probing. A used slot holds
/// a sketch's place in the index in its low bits (as many as the table's
/// size needs) and, above them, the same bits of its band's hash: a tag
/// that tells most sketches of another band apart without reading them.
#[derive(Default)]
struct Table {
    /// The slots, `EMPTY` where unused.
    slots: Vec<u32>,
    /// Which bits of a slot hold the place.
    place: u32,
}

impl Table {
    /// An empty table of `slots` slots, to hold places below `slots`.
    fn new(slots: usize) -> Table {
        // Places are below the size, so that a slot is never all ones.
        let bits = usize::BITS - slots.leading_zeros();
        Table {
            slots: vec![EMPTY; slots],
            place: (u64::MAX >> (64 - bits.min(32))) as u32,
        }
    }

    fn slots(&self) -> usize {
        self.slots.len()
    }

    /// The slot where the probe for `hash` starts: its high bits scaled to
    /// the table's size (multiply-shift), so any size will do.
    fn home(&self, hash: u64) -> usize {
        ((u128::from(hash) * self.slots.len() as u128) >> 64) as usize
    }

    fn put(&mut self, hash: u64, place: u32) {
        let mut slot = self.home(hash);
        while self.slots[slot] != EMPTY {
            slot = if slot + 1 == self.slots.len() {
                0
            } else {
                slot + 1
            };
        }
        self.slots[slot] = (hash as u32 & !self.place) | place;
    }

    /// The places of the sketches put under `hash`, and of a few others
    /// whose tags happen to agree.
    fn candidates(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let tag = hash as u32 & !self.place;
        let mut slot = self.home(hash);
        std::iter::from_fn(move || loop {
            let entry = self.slots[slot];
            if entry == EMPTY {
                return None;
            }
            slot = if slot + 1 == self.slots.len() {
                0
            } else {
                slot + 1
            };
            if entry & !self.place == tag {
                return Some(entry & self.place);
            }
        })
    }
}

/// The share of equal values in two sketches: their estimated Jaccard
/// similarity (see `analyze::sketch`).
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

    /// A band's table holds places under any size, and a probe reads
    /// (nearly) only the places put under the hash it asks for.
    #[test]
    fn a_table_finds_what_was_put_under_a_hash() {
        let mut table = Table::new(1000);
        let hashes: Vec<u64> = (0..800u64).map(mix).collect();
        for (place, hash) in hashes.iter().enumerate() {
            table.put(*hash, place as u32);
        }
        // Two places under one hash are both found.
        table.put(hashes[7], 800);
        for (place, hash) in hashes.iter().enumerate() {
            let found: Vec<u32> = table.candidates(*hash).collect();
            if place == 7 {
                assert_eq!(found, [7, 800]);
            } else {
                assert_eq!(found, [place as u32]);
            }
        }
        assert_eq!(table.candidates(mix(5000)).count(), 0);
    }

    /// The tables grow once four fifths full, to half full.
    #[test]
    fn the_tables_fill_to_four_fifths() {
        let mut lsh = Lsh::default();
        for k in 0..820u16 {
            lsh.insert(u32::from(k), &sketch(k + 1, 0));
            let slots = if k < 819 { 1024 } else { 1640 };
            assert!(lsh.bands.iter().all(|t| t.slots() == slots), "{k}");
        }
    }

    /// Outlets are kept as numbers, one name each, and a text is still
    /// never a copy of one from its own outlet.
    #[test]
    fn outlets_are_numbered_and_an_outlet_never_copies_itself() {
        let mut deduper = Deduper::new(&DedupSettings::default());
        let wire = doc(STORY, Some("wire.example"));
        assert_eq!(deduper.check(&wire), None);
        assert_eq!(deduper.check(&wire), None, "same outlet");
        assert_eq!(deduper.check(&doc(STORY, Some("paper.example"))), Some(0));
        assert_eq!(deduper.check(&doc(STORY, None)), Some(0));
        assert_eq!(
            deduper.check(&wire),
            None,
            "both earlier matches are its own"
        );
        assert_eq!(deduper.names.names, ["wire.example", "paper.example"]);
        assert_eq!(deduper.outlets, [0, 0, 1, NO_OUTLET, 0]);
    }

    fn save(deduper: &Deduper) -> Vec<u8> {
        postcard::to_stdvec(&deduper.state()).expect("serialises")
    }

    fn restore(bytes: &[u8]) -> Option<Deduper> {
        let state: DedupState<'static> = postcard::from_bytes(bytes).expect("deserialises");
        Deduper::from_state(&DedupSettings::default(), state)
    }

    /// A restored deduper answers as the saved one would have.
    #[test]
    fn a_restored_deduper_goes_on_as_the_saved_one() {
        let mut saved = Deduper::new(&DedupSettings::default());
        saved.check(&doc(STORY, Some("wire.example")));
        saved.check(&doc(OTHER, Some("paper.example")));
        saved.check(&doc(REWRITE, Some("radio.example")));
        let mut restored = restore(&save(&saved)).expect("a consistent state");
        assert_eq!(save(&restored), save(&saved));
        let next = [
            doc(REWRITE, Some("wire.example")),
            doc(OTHER, Some("wire.example")),
            doc(OTHER, Some("paper.example")),
            doc(STORY, Some("tv.example")),
        ];
        let answers = |d: &mut Deduper| next.iter().map(|n| d.check(n)).collect::<Vec<_>>();
        let expected = answers(&mut saved);
        assert_eq!(expected, [None, Some(1), None, Some(0)]);
        assert_eq!(answers(&mut restored), expected);
    }

    /// A state that contradicts itself is refused, not misread.
    #[test]
    fn an_inconsistent_state_is_refused() {
        let mut deduper = Deduper::new(&DedupSettings::default());
        deduper.check(&doc(STORY, Some("wire.example")));
        deduper.check(&doc(OTHER, Some("paper.example")));
        let state = deduper.state();
        let broken = [
            DedupState {
                outlet_names: Cow::Owned(vec!["wire.example".into()]),
                ..deduper.state()
            },
            DedupState {
                outlet_names: Cow::Owned(vec!["a".into(), "a".into()]),
                ..deduper.state()
            },
            DedupState {
                sketches: Cow::Owned(state.sketches[1..].to_vec()),
                ..deduper.state()
            },
            DedupState {
                original_of: Cow::Owned(vec![1, 1]),
                ..deduper.state()
            },
        ];
        for broken in broken {
            assert!(Deduper::from_state(&DedupSettings::default(), broken).is_none());
        }
        assert!(Deduper::from_state(&DedupSettings::default(), state).is_some());
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
