//! Sparse TF-IDF vectors, their centroids, and the inverted index that finds
//! candidate clusters among the active ones. Shared by event clustering and
//! story linking.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Term;

/// A map keyed by terms. Terms are hashes already: FNV is cheaper than the
/// default hasher, and nothing depends on the order of its entries.
pub(crate) type TermMap<V> = HashMap<Term, V, fnv::FnvBuildHasher>;

/// A term and its weight in 8 bytes: an event keeps hundreds of them in its
/// centroids and latest members, and every event of the window is in memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Weighted {
    term: Term,
    weight: f32,
}

impl Weighted {
    fn new(term: Term, weight: f32) -> Weighted {
        Weighted { term, weight }
    }

    pub(crate) fn term(self) -> Term {
        self.term
    }

    pub(crate) fn weight(self) -> f32 {
        self.weight
    }

    fn pair(self) -> (Term, f32) {
        (self.term, self.weight)
    }
}

/// Saved as a `(term, weight)` pair, as the tuples it replaced were.
impl Serialize for Weighted {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.pair().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Weighted {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Weighted, D::Error> {
        let (term, weight) = <(Term, f32)>::deserialize(d)?;
        Ok(Weighted::new(term, weight))
    }
}

/// A sparse vector of unit length, sorted by term.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct UnitVec(Vec<Weighted>);

impl UnitVec {
    /// Builds a unit vector from raw weights; an all-zero input gives an empty vector.
    pub(crate) fn new(mut weights: Vec<(Term, f32)>) -> UnitVec {
        weights.retain(|(_, w)| *w > 0.0);
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut weights {
                *w /= norm;
            }
        }
        weights.sort_by_key(|(t, _)| *t);
        UnitVec(
            weights
                .into_iter()
                .map(|(t, w)| Weighted::new(t, w))
                .collect(),
        )
    }

    /// Its entries, sorted by term.
    pub(crate) fn entries(&self) -> &[Weighted] {
        &self.0
    }

    /// Dot product with another unit vector: their cosine. (The engine
    /// compares through a [`Lookup`]; this is the reference it is tested
    /// against.)
    #[cfg(test)]
    pub(crate) fn cosine(&self, other: &UnitVec) -> f32 {
        let (a, b) = (&self.0, &other.0);
        // A short vector (a cut-down member) against a long one: look its
        // terms up instead of walking both. The products are summed in the
        // same order (by term) either way, so the result is the same.
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if short.len() * 4 < long.len() {
            let (mut rest, mut dot) = (&long[..], 0.0);
            for &Weighted { term: t, weight: w } in short {
                rest = &rest[rest.partition_point(|u| u.term() < t)..];
                match rest.first() {
                    Some(u) if u.term() == t => {
                        dot += w * u.weight();
                        rest = &rest[1..];
                    }
                    Some(_) => {}
                    None => break,
                }
            }
            return dot;
        }
        walked_dot(a, b)
    }

    /// The same vector cut to its `n` heaviest terms and made unit again.
    pub(crate) fn truncated(&self, n: usize) -> UnitVec {
        if self.0.len() <= n {
            return self.clone();
        }
        let mut pairs: Vec<(Term, f32)> = self.0.iter().map(|e| e.pair()).collect();
        keep_top(&mut pairs, n);
        UnitVec::new(pairs)
    }

    /// The `n` heaviest terms (ties by term, for determinism).
    pub(crate) fn top_terms(&self, n: usize) -> Vec<Term> {
        top(self.0.iter().map(|e| e.pair()), n)
    }
}

/// A unit vector's weights by term, read without a branch: made once for
/// an article, which is then compared with many longer vectors (the
/// candidate events' centroids and latest members), every term of which is
/// looked up. Two-choice (cuckoo) hashing: a term lies in one of two slots,
/// and a look-up reads both, where probing a run of slots would branch on
/// each, unpredictably.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lookup {
    /// A power of two long, at most a quarter full; an empty slot holds a
    /// weight of -0.0 (a unit vector holds no zero weight, and adding -0.0
    /// changes no sum, not even the sign of a zero one).
    slots: Vec<(Term, f32)>,
    /// 64 less the base-2 logarithm of the length: a slot is the high bits
    /// of a multiplied term.
    shift: u32,
}

/// The two multipliers that give a term its two slots (odd, bits spread).
const SLOT_KEYS: [u64; 2] = [0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f];

/// Moves before an insertion gives up and the table doubles: at a quarter
/// full, a handful is the most a term ever takes.
const MAX_MOVES: usize = 64;

impl Lookup {
    pub(crate) fn new(v: &UnitVec) -> Lookup {
        let mut size = (v.0.len() * 4).next_power_of_two().max(16);
        loop {
            if let Some(lookup) = Lookup::filled(v, size) {
                return lookup;
            }
            size *= 2;
        }
    }

    /// A table of `size` slots holding `v`, unless some term found no slot.
    fn filled(v: &UnitVec, size: usize) -> Option<Lookup> {
        let mut lookup = Lookup {
            slots: vec![(0, -0.0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for &Weighted { term, weight } in &v.0 {
            lookup.insert((term, weight))?;
        }
        Some(lookup)
    }

    fn places(&self, t: Term) -> [usize; 2] {
        SLOT_KEYS.map(|k| (u64::from(t).wrapping_mul(k) >> self.shift) as usize)
    }

    /// Puts a term in one of its slots, moving the term there, if any, to
    /// its other slot, and so on; `None` when that goes on too long.
    fn insert(&mut self, mut entry: (Term, f32)) -> Option<()> {
        let [a, b] = self.places(entry.0);
        let mut at = if self.slots[a].1 == 0.0 { a } else { b };
        for _ in 0..MAX_MOVES {
            std::mem::swap(&mut self.slots[at], &mut entry);
            if entry.1 == 0.0 {
                return Some(());
            }
            let [a, b] = self.places(entry.0);
            at = if at == a { b } else { a };
        }
        None
    }

    /// A term's weight, -0.0 when it has none.
    fn get(&self, t: Term) -> f32 {
        if self.slots.is_empty() {
            return -0.0;
        }
        // A slot is below the length already; the mask says so to the
        // compiler, which then checks no bounds in this, the innermost
        // loop of a comparison.
        let mask = self.slots.len() - 1;
        let [a, b] = self.places(t);
        let (x, y) = (self.slots[a & mask], self.slots[b & mask]);
        if x.0 == t {
            x.1
        } else if y.0 == t {
            y.1
        } else {
            -0.0
        }
    }
}

/// A document's vector with a [`Lookup`] of it: what is compared with the
/// centroids and members of many events, each of their terms looked up.
/// Streaming through an event's terms reads its memory in order, where
/// looking the document's terms up in the event (binary search) would
/// jump around it: events are many, and mostly out of the processor's
/// caches.
#[derive(Clone, Debug, Default)]
pub(crate) struct Probe {
    pub(crate) vec: UnitVec,
    lookup: Lookup,
}

impl Probe {
    pub(crate) fn new(vec: UnitVec) -> Probe {
        Probe {
            lookup: Lookup::new(&vec),
            vec,
        }
    }
}

/// The dot product of two sorted sparse vectors, walking both side by side.
#[cfg(test)]
fn walked_dot(a: &[Weighted], b: &[Weighted]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].term().cmp(&b[j].term()) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].weight() * b[j].weight();
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// A term and its weight as one number whose ascending order is heaviest
/// first, ties by term (the weights compared as `f32::total_cmp` does):
/// the order of [`top`] and [`keep_top`]. Numbers are selected and sorted
/// several times faster than pairs compared through their floats.
fn rank(term: Term, weight: f32) -> u64 {
    let bits = weight.to_bits();
    // `total_cmp`'s order as an unsigned number: a negative weight's bits
    // all flipped, a positive one's sign bit set.
    let ordered = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    (u64::from(!ordered) << 32) | u64::from(term)
}

/// The term of a [`rank`].
fn ranked_term(rank: u64) -> Term {
    rank as Term
}

/// The `n` heaviest terms, heaviest first.
fn top(entries: impl Iterator<Item = (Term, f32)>, n: usize) -> Vec<Term> {
    let mut ranks: Vec<u64> = entries.map(|(t, w)| rank(t, w)).collect();
    if ranks.len() > n && n > 0 {
        ranks.select_nth_unstable(n - 1);
        ranks.truncate(n);
    }
    ranks.sort_unstable();
    ranks.into_iter().take(n).map(ranked_term).collect()
}

/// Keeps the `n` heaviest of distinct terms' weights (the terms [`top`]
/// gives), in their order.
fn keep_top(weights: &mut Vec<(Term, f32)>, n: usize) {
    if weights.len() <= n {
        return;
    }
    let Some(last) = n.checked_sub(1) else {
        weights.clear();
        return;
    };
    let mut ranks: Vec<u64> = weights.iter().map(|&(t, w)| rank(t, w)).collect();
    let (_, &mut cut, _) = ranks.select_nth_unstable(last);
    weights.retain(|&(t, w)| rank(t, w) <= cut);
}

/// TF-IDF weights: sublinear term frequency times smoothed inverse document
/// frequency, from document frequencies counted online.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct DocFreq {
    docs: u32,
    counts: Counts,
}

impl DocFreq {
    /// Counts one more document holding `terms` (each once), and gives
    /// their document frequencies, this document included, in their order:
    /// each term's count is read where it is raised, which saves looking
    /// the terms up again to weigh them (the counts are many more than the
    /// processor's caches hold, and a look-up is mostly a wait for memory).
    pub(crate) fn add(&mut self, terms: &[(Term, u32)]) -> Vec<u32> {
        self.docs += 1;
        let mut dfs = Vec::with_capacity(terms.len());
        for chunk in terms.chunks(TOUCH_AHEAD) {
            std::hint::black_box(
                chunk
                    .iter()
                    .fold(0, |seen, (t, _)| seen ^ self.counts.touch(*t)),
            );
            dfs.extend(chunk.iter().map(|(t, _)| self.counts.raise(*t)));
        }
        dfs
    }

    /// The unit TF-IDF vector of a term bag whose terms' document
    /// frequencies are `dfs`, in the bag's order, as [`DocFreq::add`] gave
    /// them (or as the bag of a document whose terms it holds gave them).
    pub(crate) fn weigh(&self, terms: &[(Term, u32)], dfs: &[u32]) -> UnitVec {
        let n = self.docs as f32 + 1.0;
        UnitVec::new(
            terms
                .iter()
                .zip(dfs)
                .map(|((t, tf), df)| {
                    let df = *df as f32 + 1.0;
                    (*t, (1.0 + (*tf as f32).ln()) * ((n / df).ln() + 1.0))
                })
                .collect(),
        )
    }
}

/// Terms counted at a time: the slots of all are read first, together, so
/// that their waits for memory overlap; then they are counted, their slots
/// in the cache.
const TOUCH_AHEAD: usize = 64;

/// Terms and their counts: open addressing with linear probing, a term and
/// its count packed in 8 bytes (the count in the high half; 0 where the slot
/// is empty), so that finding a term costs one memory access. A language's
/// counts soon outgrow the processor's caches, and a standard hash table,
/// its control bytes apart from its entries, waited for memory twice.
#[derive(Clone, Debug, Default)]
struct Counts {
    /// A power of two of them, or none.
    slots: Vec<u64>,
    /// How many are used.
    len: usize,
    /// 64 less the number of bits of a slot's index.
    shift: u32,
}

impl Counts {
    /// The slot where the probe for `t` starts: the high bits of the term
    /// times an odd constant (Fibonacci hashing).
    fn home(&self, t: Term) -> usize {
        (u64::from(t).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Reads the slot where the probe for `t` starts, so that it is in the
    /// cache when `t` is counted.
    fn touch(&self, t: Term) -> u64 {
        self.slots.get(self.home(t)).copied().unwrap_or(0)
    }

    /// Counts `t` once more, giving its new count.
    fn raise(&mut self, t: Term) -> u32 {
        let slot = self.find(t);
        let count = (self.slots[slot] >> 32) as u32 + 1;
        self.put(slot, t, count);
        count
    }

    /// Sets the count of `t` (not 0).
    fn set(&mut self, t: Term, count: u32) {
        let slot = self.find(t);
        self.put(slot, t, count);
    }

    /// The slot of `t`, or the empty one where it goes, the table grown
    /// first if it is three quarters full (a probe then passes 2.5 slots on
    /// average).
    fn find(&mut self, t: Term) -> usize {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home(t);
        while self.slots[slot] != 0 && self.slots[slot] as Term != t {
            slot = (slot + 1) & mask;
        }
        slot
    }

    fn put(&mut self, slot: usize, t: Term, count: u32) {
        if self.slots[slot] == 0 {
            self.len += 1;
        }
        self.slots[slot] = u64::from(count) << 32 | u64::from(t);
    }

    /// Doubles the slots (to 4,096 at first), putting each term back.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(4096);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for packed in old.into_iter().filter(|p| *p != 0) {
            let mut slot = self.home(packed as Term);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = packed;
        }
    }

    /// The terms and their counts, in no particular order.
    fn iter(&self) -> impl Iterator<Item = (Term, u32)> + '_ {
        self.slots
            .iter()
            .filter(|p| **p != 0)
            .map(|p| (*p as Term, (*p >> 32) as u32))
    }
}

/// Saved as the map of terms to counts it replaced.
impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.len))?;
        for (t, count) in self.iter() {
            map.serialize_entry(&t, &count)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Counts, D::Error> {
        let map = TermMap::<u32>::deserialize(d)?;
        let mut counts = Counts::default();
        for (t, count) in map.into_iter().filter(|(_, n)| *n > 0) {
            counts.set(t, count);
        }
        Ok(counts)
    }
}

/// The document frequencies of the terms of `part`, read off those of
/// `whole` (`dfs`, in its order), which holds every term of `part`; both
/// sorted by term.
pub(crate) fn frequencies_within(
    part: &[(Term, u32)],
    whole: &[(Term, u32)],
    dfs: &[u32],
) -> Vec<u32> {
    let mut at = 0;
    part.iter()
        .map(|(t, _)| {
            at += whole[at..].partition_point(|(u, _)| u < t);
            debug_assert_eq!(whole.get(at).map(|(u, _)| u), Some(t));
            dfs[at]
        })
        .collect()
}

/// Entries of a [`Compact`] vector a cache line holds (64 bytes, 6 a term).
const TOUCH_STRIDE: usize = 10;

/// A term and its weight quantised to 16 bits, in 6 bytes: what an event
/// keeps for as long as it lives (its centroids and latest members), and
/// every event of the window is in memory.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C, packed(2))]
struct Quantised {
    term: Term,
    q: u16,
}

/// Saved as a `(term, level)` pair.
impl Serialize for Quantised {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.term, self.q).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Quantised {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Quantised, D::Error> {
        let (term, q) = <(Term, u16)>::deserialize(d)?;
        Ok(Quantised { term, q })
    }
}

/// The largest level: a weight is kept as a multiple of its vector's
/// largest weight over this, within half a step (1/131,070 of the largest).
const LEVELS: f32 = 65_535.0;

/// Positive weights by term, sorted by term, quantised against the largest:
/// weight = level × `scale`. A weight too small for one level keeps one,
/// so the vector keeps every term it was given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Compact {
    entries: Vec<Quantised>,
    scale: f32,
}

impl Compact {
    /// Quantises weights given sorted by term.
    fn new(weights: &[(Term, f32)]) -> Compact {
        let max = weights.iter().map(|(_, w)| *w).fold(0.0f32, f32::max);
        if max <= 0.0 {
            return Compact::default();
        }
        let scale = max / LEVELS;
        let mut entries = Vec::with_capacity(weights.len());
        entries.extend(weights.iter().map(|&(term, w)| Quantised {
            term,
            q: (w / scale).round().clamp(1.0, LEVELS) as u16,
        }));
        Compact { entries, scale }
    }

    /// The weights, by term.
    fn weights(&self) -> impl Iterator<Item = (Term, f32)> + '_ {
        self.entries
            .iter()
            .map(|e| (e.term, f32::from(e.q) * self.scale))
    }

    /// The sum of squared levels: the squared norm over `scale`².
    fn levels2(&self) -> f32 {
        self.entries
            .iter()
            .map(|e| f64::from(e.q) * f64::from(e.q))
            .sum::<f64>() as f32
    }

    /// Reads one term of each cache line of its memory, so that the lines
    /// are on their way to the processor before its cosine reads them.
    pub(crate) fn touch(&self) -> Term {
        self.entries
            .iter()
            .step_by(TOUCH_STRIDE)
            .fold(0, |seen, e| seen ^ { e.term })
    }

    /// The cosine with a document's vector, this vector being of unit
    /// length too (a member).
    pub(crate) fn cosine(&self, p: &Probe) -> f32 {
        let dot = self
            .entries
            .iter()
            .fold(0.0, |dot, e| dot + f32::from(e.q) * p.lookup.get(e.term));
        dot * self.scale
    }
}

impl From<&UnitVec> for Compact {
    fn from(v: &UnitVec) -> Compact {
        let pairs: Vec<(Term, f32)> = v.entries().iter().map(|e| e.pair()).collect();
        Compact::new(&pairs)
    }
}

/// The sum of member vectors, pruned to its heaviest terms so that its cost
/// stays bounded however many members it has. Its weights are quantised
/// (6 bytes a term, where a hash map of `f32` took about six times that):
/// an event keeps several centroids, and every event of the window is in
/// memory.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Centroid {
    weights: Compact,
    /// The sum of its squared levels (its norm, up to the scale).
    levels2: f32,
    max_terms: usize,
}

impl Centroid {
    pub(crate) fn new(max_terms: usize) -> Centroid {
        Centroid {
            weights: Compact::default(),
            levels2: 0.0,
            max_terms,
        }
    }

    /// Cosine with a document's vector: the products of the terms both
    /// hold, by term, summed as they come (the scale cancels out).
    pub(crate) fn cosine(&self, p: &Probe) -> f32 {
        if self.levels2 <= 0.0 {
            return 0.0;
        }
        let dot = self
            .weights
            .entries
            .iter()
            .fold(-0.0, |dot, e| dot + f32::from(e.q) * p.lookup.get(e.term));
        dot / self.levels2.sqrt()
    }

    /// Adds a member.
    pub(crate) fn add(&mut self, v: &UnitVec) {
        let new = v.entries();
        let mut old = self.weights.weights().peekable();
        let mut merged: Vec<(Term, f32)> =
            Vec::with_capacity(self.weights.entries.len() + new.len());
        let mut j = 0;
        loop {
            match (old.peek().copied(), new.get(j)) {
                (Some((t, a)), Some(b)) if t == b.term() => {
                    merged.push((t, a + b.weight()));
                    old.next();
                    j += 1;
                }
                (Some(a), Some(b)) if a.0 < b.term() => {
                    merged.push(a);
                    old.next();
                }
                (Some(a), None) => {
                    merged.push(a);
                    old.next();
                }
                (_, Some(b)) => {
                    merged.push(b.pair());
                    j += 1;
                }
                (None, None) => break,
            }
        }
        drop(old);
        if merged.len() > self.max_terms * 2 {
            keep_top(&mut merged, self.max_terms);
        }
        self.weights = Compact::new(&merged);
        self.levels2 = self.weights.levels2();
    }

    /// The `n` heaviest terms.
    pub(crate) fn top_terms(&self, n: usize) -> Vec<Term> {
        top(self.weights.weights(), n)
    }

    /// A copy that keeps its `n` heaviest terms, and only as many from now.
    pub(crate) fn trimmed(&self, n: usize) -> Centroid {
        let mut weights: Vec<(Term, f32)> = self.weights.weights().collect();
        keep_top(&mut weights, n);
        let weights = Compact::new(&weights);
        Centroid {
            levels2: weights.levels2(),
            weights,
            max_terms: n,
        }
    }

    /// Reads one term of each cache line of its memory, so that the lines
    /// are on their way to the processor before [`Centroid::cosine`] reads
    /// them.
    pub(crate) fn touch(&self) -> Term {
        self.weights.touch()
    }

    /// Its weights by term.
    #[cfg(test)]
    pub(crate) fn weights(&self) -> BTreeMap<Term, f32> {
        self.weights.weights().collect()
    }
}

/// An inverted index from terms to the clusters (events or stories) that are
/// still active, so a new document is compared with the few clusters that
/// share a salient term, never with all of them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct ActiveIndex {
    postings: TermMap<Vec<u32>>,
    terms_of: BTreeMap<u32, Vec<Term>>,
}

impl ActiveIndex {
    /// Indexes (or re-indexes) a cluster under `terms`.
    pub(crate) fn set(&mut self, cluster: u32, terms: Vec<Term>) {
        let old = self.terms_of.get(&cluster).cloned().unwrap_or_default();
        if old == terms {
            return;
        }
        // Only the terms that change are touched: a posting list is long
        // when many clusters share its term, and walking it is what costs.
        // A term can come twice (a word that is also a name), and then
        // counts twice: a term is re-posted when its count changes.
        // Counted by walking sorted copies side by side: an event has some
        // sixty terms, and counting each in both whole lists cost more than
        // the posting lists' upkeep.
        let sorted = |list: &[Term]| {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted
        };
        let (was, now) = (sorted(&old), sorted(&terms));
        let (mut i, mut j) = (0, 0);
        while let Some(t) = match (was.get(i), now.get(j)) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (a, b) => a.or(b).copied(),
        } {
            let run = |list: &[Term], at: &mut usize| {
                let from = *at;
                while list.get(*at) == Some(&t) {
                    *at += 1;
                }
                *at - from
            };
            let (before, after) = (run(&was, &mut i), run(&now, &mut j));
            if before != after {
                if before > 0 {
                    self.unpost(t, cluster);
                }
                if after > 0 {
                    let list = self.postings.entry(t).or_default();
                    list.extend(std::iter::repeat_n(cluster, after));
                }
            }
        }
        self.terms_of.insert(cluster, terms);
    }

    /// Takes a cluster off one term's posting list.
    fn unpost(&mut self, t: Term, cluster: u32) {
        if let Some(list) = self.postings.get_mut(&t) {
            list.retain(|c| *c != cluster);
            if list.is_empty() {
                self.postings.remove(&t);
            }
        }
    }

    /// Drops a cluster from the index, giving back the terms it was indexed under.
    pub(crate) fn remove(&mut self, cluster: u32) -> Vec<Term> {
        let Some(terms) = self.terms_of.remove(&cluster) else {
            return Vec::new();
        };
        for &t in &terms {
            self.unpost(t, cluster);
        }
        terms
    }

    /// The clusters indexed under any of `terms`, sorted; at most `limit`
    /// of them, those sharing the most terms (the newest among equals). The
    /// limit keeps the cost of placing an article flat however many clusters
    /// are active: a term shared by very many of them tells little.
    pub(crate) fn candidates(
        &self,
        terms: impl IntoIterator<Item = Term>,
        limit: usize,
    ) -> Vec<u32> {
        // Counted in a table indexed by cluster (ids are dense), so the cost
        // is that of the postings, not of sorting them: a common term's
        // list holds many clusters.
        let mut counted: Vec<(u32, u32)> = Vec::new();
        SHARED.with_borrow_mut(|shared| {
            for c in terms
                .into_iter()
                .filter_map(|t| self.postings.get(&t))
                .flat_map(|list| &list[list.len().saturating_sub(POSTINGS_READ)..])
            {
                let i = *c as usize;
                if i >= shared.len() {
                    shared.resize(i + 1, 0);
                }
                if shared[i] == 0 {
                    counted.push((*c, 0));
                }
                shared[i] += 1;
            }
            for (c, n) in &mut counted {
                *n = std::mem::take(&mut shared[*c as usize]);
            }
        });
        if counted.len() > limit {
            counted.select_nth_unstable_by(limit, |a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            counted.truncate(limit);
        }
        counted.sort_unstable();
        counted.into_iter().map(|(c, _)| c).collect()
    }
}

/// Clusters read of one term's posting list, its latest: a list grows with
/// the clusters active, and reading it whole made an article's cost grow
/// with the archive's size (a term that many clusters share tells little
/// anyway). The latest indexed are the likeliest to be an article's.
const POSTINGS_READ: usize = 2_048;

thread_local! {
    /// For [`ActiveIndex::candidates`]: terms shared with each cluster,
    /// by cluster id; all zero between calls.
    static SHARED: std::cell::RefCell<Vec<u32>> = std::cell::RefCell::default();
}

/// Takes out of `by_day` the clusters last active before `horizon`, oldest
/// first: what an active window lets go of as the clock moves on.
pub(crate) fn expire(by_day: &mut BTreeSet<(NaiveDate, u32)>, horizon: NaiveDate) -> Vec<u32> {
    let mut gone = Vec::new();
    while let Some(&(day, cluster)) = by_day.first() {
        if day >= horizon {
            break;
        }
        by_day.pop_first();
        gone.push(cluster);
    }
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_takes_eight_bytes_and_a_kept_one_six() {
        // A million articles keep about 200 million entries in memory.
        assert_eq!(std::mem::size_of::<Weighted>(), 8);
        assert_eq!(std::mem::size_of::<Quantised>(), 6);
    }

    #[test]
    fn quantised_weights_keep_cosines_and_every_term() {
        let mut weights: Vec<(Term, f32)> = (0..200u32)
            .map(|t| (t * 7, 1.0 / (1.0 + t as f32)))
            .collect();
        weights.push((5_000, 1e-9));
        let exact = UnitVec::new(weights.clone());
        let mut c = Centroid::new(1_000);
        c.add(&exact);
        assert_eq!(
            c.weights().len(),
            weights.len(),
            "the tiny weight keeps its term"
        );
        for probe in [
            UnitVec::new(vec![(0, 1.0), (7, 1.0)]),
            UnitVec::new((0..200u32).map(|t| (t * 14, 1.0)).collect()),
            UnitVec::new(vec![(5_000, 1.0), (1_393, 3.0)]),
        ] {
            let want = exact.cosine(&probe);
            let probe = Probe::new(probe);
            assert!((c.cosine(&probe) - want).abs() < 1e-4, "{want}");
            let member = Compact::from(&exact);
            let got = member.cosine(&probe);
            assert!((got - want).abs() < 1e-4, "{got} against {want}");
        }
    }

    /// A centroid's cosine as a walk of both vectors by term computes it.
    fn walked_cosine(c: &Centroid, v: &UnitVec) -> f32 {
        let mut dot = -0.0f32;
        for e in &c.weights.entries {
            if let Some(w) = v.entries().iter().find(|w| w.term() == e.term) {
                dot += f32::from(e.q) * w.weight();
            }
        }
        dot / c.levels2.sqrt()
    }

    #[test]
    fn a_centroid_looked_up_gives_its_walked_cosine_exactly() {
        let mut c = Centroid::new(1_000);
        for k in 1..4u32 {
            c.add(&UnitVec::new(
                (0..300u32)
                    .map(|t| (t * k * 7, 1.0 + (t % k) as f32))
                    .collect(),
            ));
        }
        for v in [
            UnitVec::new(
                (0..250u32)
                    .map(|t| (t * 11, 2.0 + (t % 5) as f32))
                    .collect(),
            ),
            UnitVec::new(vec![(14, 1.0), (21, 2.0), (99_999, 1.0)]),
            UnitVec::new((0..250u32).map(|t| (t * 13 + 1_000_000, 1.0)).collect()),
        ] {
            let walked = walked_cosine(&c, &v);
            assert_eq!(c.cosine(&Probe::new(v)).to_bits(), walked.to_bits());
        }
    }

    #[test]
    fn a_lookup_finds_every_term_and_nothing_else() {
        // Terms that crowd a few slots: multiples of a large power of two.
        for terms in [
            (1..2_000u32).collect::<Vec<_>>(),
            (1..600u32).map(|t| t << 20).collect(),
            vec![0, 1],
        ] {
            let v = UnitVec::new(terms.iter().map(|&t| (t, 1.0 + (t % 7) as f32)).collect());
            let lookup = Lookup::new(&v);
            for e in v.entries() {
                assert_eq!(lookup.get(e.term()), e.weight());
            }
            for absent in [2_000u32, (700 << 20) | 1, u32::MAX] {
                assert_eq!(lookup.get(absent).to_bits(), (-0.0f32).to_bits());
            }
        }
        assert_eq!(Lookup::default().get(1).to_bits(), (-0.0f32).to_bits());
    }

    #[test]
    fn keep_top_keeps_the_terms_top_gives_in_term_order() {
        let weights: Vec<(Term, f32)> = (0..100u32).map(|t| (t, ((t * 37) % 11) as f32)).collect();
        for n in [0, 1, 10, 55, 100, 150] {
            let mut kept = weights.clone();
            keep_top(&mut kept, n);
            let mut want = top(weights.iter().copied(), n);
            want.sort_unstable();
            assert_eq!(
                kept.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
                want,
                "{n}"
            );
        }
    }

    #[test]
    fn a_trimmed_centroid_keeps_its_heaviest_terms_and_stays_bounded() {
        let mut c = Centroid::new(100);
        c.add(&UnitVec::new(
            (0..40u32).map(|t| (t, 1.0 + t as f32)).collect(),
        ));
        let t = c.trimmed(10);
        let mut heaviest = c.top_terms(10);
        heaviest.sort_unstable();
        assert_eq!(t.weights().into_keys().collect::<Vec<_>>(), heaviest);
        for (term, w) in t.weights() {
            assert!((w - c.weights()[&term]).abs() < 1e-3, "{term}");
        }
        // The cosine is over the terms kept.
        let probe = Probe::new(UnitVec::new(
            (30..40u32).map(|t| (t, 1.0 + t as f32)).collect(),
        ));
        assert!((t.cosine(&probe) - 1.0).abs() < 1e-3);
        // Adding keeps it within twice its bound, as any centroid.
        let mut t = t;
        t.add(&UnitVec::new((100..160u32).map(|t| (t, 1.0)).collect()));
        assert!(t.weights().len() <= 20, "{}", t.weights().len());
    }

    #[test]
    fn cosine_of_a_member_with_its_own_centroid_is_one() {
        let v = UnitVec::new(vec![(1, 2.0), (2, 1.0)]);
        let mut c = Centroid::new(10);
        c.add(&v);
        assert!((c.cosine(&Probe::new(v)) - 1.0).abs() < 1e-6);
        assert_eq!(c.cosine(&Probe::new(UnitVec::new(vec![(3, 1.0)]))), 0.0);
    }

    #[test]
    fn centroids_stay_bounded() {
        let mut c = Centroid::new(4);
        for t in 0..100u32 {
            c.add(&UnitVec::new(vec![(t, 1.0), (1000, 1.0)]));
        }
        assert!(c.weights.entries.len() <= 8);
        assert_eq!(c.top_terms(1), [1000]);
    }

    #[test]
    fn the_index_finds_and_forgets() {
        let mut index = ActiveIndex::default();
        index.set(1, vec![10, 11]);
        index.set(2, vec![11, 12]);
        assert_eq!(index.candidates([11], 10), [1, 2]);
        index.set(1, vec![12]);
        assert_eq!(index.candidates([10], 10), Vec::<u32>::new());
        index.remove(2);
        assert_eq!(index.candidates([11, 12], 10), [1]);
    }

    #[test]
    fn past_the_limit_the_clusters_sharing_most_terms_are_kept() {
        let mut index = ActiveIndex::default();
        index.set(1, vec![10]);
        index.set(2, vec![10, 11, 12]);
        index.set(3, vec![10, 11]);
        index.set(4, vec![10, 11]);
        assert_eq!(index.candidates([10, 11, 12], 1), [2]);
        // Among equals, the newest.
        assert_eq!(index.candidates([10, 11, 12], 2), [2, 4]);
        assert_eq!(index.candidates([10, 11, 12], 4), [1, 2, 3, 4]);
    }

    #[test]
    fn a_long_posting_list_is_read_from_its_latest() {
        let mut index = ActiveIndex::default();
        let n = POSTINGS_READ as u32 + 100;
        for c in 0..n {
            index.set(c, vec![7]);
        }
        let found = index.candidates([7], usize::MAX);
        assert_eq!(found, (100..n).collect::<Vec<_>>());
        // A cluster re-indexed under the term is among the latest again.
        index.set(3, vec![8]);
        index.set(3, vec![7]);
        assert!(index.candidates([7], usize::MAX).contains(&3));
    }

    #[test]
    fn a_term_indexed_twice_counts_twice_until_it_is_indexed_once() {
        let mut index = ActiveIndex::default();
        index.set(1, vec![10, 10, 11]);
        index.set(2, vec![10, 12]);
        assert_eq!(index.candidates([10], 1), [1]);
        index.set(1, vec![10, 11]);
        assert_eq!(index.candidates([10], 1), [2]);
        index.set(1, vec![10, 10]);
        assert_eq!(index.candidates([10], 1), [1]);
        assert_eq!(index.candidates([11], 2), Vec::<u32>::new());
    }

    #[test]
    fn a_short_vector_looked_up_in_a_long_one_gives_the_walked_cosine() {
        let long = UnitVec::new((0..100u32).map(|t| (t * 3, 1.0 + t as f32)).collect());
        let short = UnitVec::new(vec![(3, 1.0), (4, 2.0), (150, 0.5), (297, 1.0), (400, 3.0)]);
        let walked = walked_dot(short.entries(), long.entries());
        assert!(walked > 0.0);
        assert_eq!(short.cosine(&long), walked);
        assert_eq!(long.cosine(&short), walked);
    }

    #[test]
    fn a_looked_up_cosine_is_the_cosine_within_quantisation() {
        let long = UnitVec::new(
            (0..300u32)
                .map(|t| (t * 7919, 1.0 + (t % 13) as f32))
                .collect(),
        );
        let long = Probe::new(long);
        for step in [1u32, 3, 11] {
            let short = UnitVec::new(
                (0..64u32)
                    .map(|t| (t * step * 7919, 0.5 + t as f32))
                    .collect(),
            );
            let want = short.cosine(&long.vec);
            assert!(want > 0.0);
            let got = Compact::from(&short).cosine(&long);
            assert!((got - want).abs() < 1e-4, "{got} against {want}");
        }
        let other = Compact::from(&UnitVec::new(vec![(1, 1.0), (2, 1.0)]));
        assert_eq!(other.cosine(&long), 0.0);
        assert_eq!(other.cosine(&Probe::default()), 0.0);
    }

    #[test]
    fn rare_terms_weigh_more() {
        let mut df = DocFreq::default();
        assert_eq!(df.add(&[(1, 1), (2, 1)]), [1, 1]);
        let bag = [(2, 1), (1, 1), (3, 1)];
        let dfs = df.add(&bag);
        assert_eq!(dfs, [2, 2, 1]);
        let v = df.weigh(&bag, &dfs);
        let weight = |t: Term| v.entries().iter().find(|e| e.term() == t).unwrap().weight();
        assert!(weight(3) > weight(1));
        assert_eq!(weight(1), weight(2));
    }

    proptest::proptest! {
        #[test]
        fn ranks_order_heaviest_first_then_by_term(
            a in (0..4u32, proptest::num::f32::ANY),
            b in (0..4u32, proptest::num::f32::ANY),
        ) {
            let heaviest_first = b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            proptest::prop_assert_eq!(rank(a.0, a.1).cmp(&rank(b.0, b.1)), heaviest_first);
            proptest::prop_assert_eq!(ranked_term(rank(a.0, a.1)), a.0);
            // Equal weights: by term.
            proptest::prop_assert_eq!(rank(a.0, a.1).cmp(&rank(b.0, a.1)), a.0.cmp(&b.0));
        }

        #[test]
        fn counts_count_as_a_map_does_and_are_saved_as_one(
            terms in proptest::collection::vec(proptest::prop_oneof![0..64u32, proptest::num::u32::ANY], 0..12_000),
        ) {
            let (mut counts, mut map) = (Counts::default(), TermMap::<u32>::default());
            for t in &terms {
                let n = map.entry(*t).or_default();
                *n += 1;
                proptest::prop_assert_eq!(counts.raise(*t), *n);
            }
            let listed: TermMap<u32> = counts.iter().collect();
            proptest::prop_assert_eq!(&listed, &map);
            proptest::prop_assert_eq!(counts.len, map.len());
            // Saved as the map was, and read back from either.
            let saved = postcard::to_stdvec(&counts).unwrap();
            let read: TermMap<u32> = postcard::from_bytes(&saved).unwrap();
            proptest::prop_assert_eq!(&read, &map);
            let back: Counts = postcard::from_bytes(&postcard::to_stdvec(&map).unwrap()).unwrap();
            proptest::prop_assert_eq!(back.iter().collect::<TermMap<u32>>(), map);
        }
    }

    #[test]
    fn a_part_of_a_bag_reads_its_frequencies_off_the_bag() {
        let whole = [(1, 1), (4, 2), (7, 1), (9, 3)];
        let dfs = [10, 40, 70, 90];
        assert_eq!(
            frequencies_within(&[(4, 1), (9, 1)], &whole, &dfs),
            [40, 90]
        );
        assert_eq!(frequencies_within(&whole, &whole, &dfs), dfs);
        assert!(frequencies_within(&[], &whole, &dfs).is_empty());
    }
}
