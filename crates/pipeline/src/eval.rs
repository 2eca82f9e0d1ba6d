//! Scores against gold data: for clustering, pairwise precision/recall/F1 (the
//! measure of Miranda et al. 2018) and BCubed; for body extraction, the word
//! 4-shingle overlap of the article-extraction benchmark.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::OnceLock;

use regex::Regex;

/// Precision, recall and their harmonic mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    /// Precision, 0 to 1.
    pub precision: f64,
    /// Recall, 0 to 1.
    pub recall: f64,
    /// F1, 0 to 1.
    pub f1: f64,
}

impl Prf {
    /// Precision and recall with their F1 (0 when both are 0).
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Both measures for one clustering.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// Items scored.
    pub items: usize,
    /// Predicted clusters.
    pub predicted: usize,
    /// Gold clusters.
    pub gold: usize,
    /// Pairwise: over all pairs of items, is "same cluster" right?
    pub pairwise: Prf,
    /// BCubed: per item, the overlap of its predicted and gold clusters.
    pub bcubed: Prf,
}

/// Scores a clustering given as (predicted label, gold label) per item.
/// With no pair predicted together, pairwise precision is 1 (nothing wrong was
/// claimed); likewise recall with no gold pair.
pub fn score<P: Hash + Eq, G: Hash + Eq>(items: &[(P, G)]) -> Scores {
    let mut joint: HashMap<(&P, &G), u64> = HashMap::new();
    let mut pred: HashMap<&P, u64> = HashMap::new();
    let mut gold: HashMap<&G, u64> = HashMap::new();
    for (p, g) in items {
        *joint.entry((p, g)).or_default() += 1;
        *pred.entry(p).or_default() += 1;
        *gold.entry(g).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let together: u64 = joint.values().map(|&n| pairs(n)).sum();
    let pred_pairs: u64 = pred.values().map(|&n| pairs(n)).sum();
    let gold_pairs: u64 = gold.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let n = items.len() as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for ((p, g), &k) in &joint {
        let k2 = (k * k) as f64;
        bp += k2 / pred[p] as f64;
        br += k2 / gold[g] as f64;
    }
    let (bp, br) = if items.is_empty() {
        (1.0, 1.0)
    } else {
        (bp / n, br / n)
    };
    Scores {
        items: items.len(),
        predicted: pred.len(),
        gold: gold.len(),
        pairwise: Prf::new(ratio(together, pred_pairs), ratio(together, gold_pairs)),
        bcubed: Prf::new(bp, br),
    }
}

/// How one extracted body compares with the true one, as multisets of word
/// 4-shingles (a word is a run of `\w` characters, case kept; a text of fewer
/// than four words is one shingle of all of them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlap {
    /// Shingles in both.
    pub shared: u64,
    /// Shingles only in the extracted body.
    pub extra: u64,
    /// Shingles only in the true body.
    pub missed: u64,
}

/// The shingle overlap of an extracted body with the true one.
pub fn overlap(extracted: &str, truth: &str) -> Overlap {
    let (a, b) = (shingles(extracted), shingles(truth));
    let shared: u64 = a
        .iter()
        .map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0)))
        .sum();
    Overlap {
        shared,
        extra: a.values().sum::<u64>() - shared,
        missed: b.values().sum::<u64>() - shared,
    }
}

fn shingles(text: &str) -> HashMap<Vec<&str>, u64> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| Regex::new(r"\w+").expect("a valid pattern"));
    let words: Vec<&str> = word.find_iter(text).map(|m| m.as_str()).collect();
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    if words.len() < 4 {
        counts.insert(words, 1);
        return counts;
    }
    for w in words.windows(4) {
        *counts.entry(w.to_vec()).or_default() += 1;
    }
    counts
}

/// Per-page precision and recall averaged over pages, as the benchmark does:
/// a page with nothing extracted is left out of the precision mean, one with
/// an empty truth out of the recall mean, and both empty count as perfect.
#[derive(Clone, Debug, Default)]
pub struct ExtractionScores {
    precision: (f64, usize),
    recall: (f64, usize),
    pages: usize,
}

impl ExtractionScores {
    /// Counts one page.
    pub fn add(&mut self, o: Overlap) {
        self.pages += 1;
        if o.shared + o.extra + o.missed == 0 {
            self.precision = (self.precision.0 + 1.0, self.precision.1 + 1);
            self.recall = (self.recall.0 + 1.0, self.recall.1 + 1);
            return;
        }
        if o.shared + o.extra > 0 {
            let p = o.shared as f64 / (o.shared + o.extra) as f64;
            self.precision = (self.precision.0 + p, self.precision.1 + 1);
        }
        if o.shared + o.missed > 0 {
            let r = o.shared as f64 / (o.shared + o.missed) as f64;
            self.recall = (self.recall.0 + r, self.recall.1 + 1);
        }
    }

    /// Pages counted.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Mean precision and recall, and their F1.
    pub fn prf(&self) -> Prf {
        let mean = |(sum, n): (f64, usize)| if n == 0 { 0.0 } else { sum / n as f64 };
        Prf::new(mean(self.precision), mean(self.recall))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_clustering_scores_one() {
        let s = score(&[(1, "a"), (1, "a"), (2, "b")]);
        assert_eq!(s.pairwise.f1, 1.0);
        assert_eq!(s.bcubed.f1, 1.0);
        assert_eq!((s.items, s.predicted, s.gold), (3, 2, 2));
    }

    #[test]
    fn known_values() {
        // Gold {a,b,c} {d}; predicted {a,b} {c,d}.
        let s = score(&[(1, "x"), (1, "x"), (2, "x"), (2, "y")]);
        assert_eq!(s.pairwise.precision, 0.5);
        assert!((s.pairwise.recall - 1.0 / 3.0).abs() < 1e-12);
        // BCubed precision: a 1, b 1, c 1/2, d 1/2 → 0.75; recall: a 2/3, b 2/3, c 1/3, d 1 → 2/3.
        assert!((s.bcubed.precision - 0.75).abs() < 1e-12);
        assert!((s.bcubed.recall - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn singletons_have_perfect_precision() {
        let s = score(&[(1, "x"), (2, "x")]);
        assert_eq!(s.pairwise.precision, 1.0);
        assert_eq!(s.pairwise.recall, 0.0);
        assert_eq!(s.bcubed.recall, 0.5);
    }

    #[test]
    fn shingle_overlap_counts_repeats_and_short_texts() {
        let o = overlap("a b c d e", "a b c d x");
        assert_eq!((o.shared, o.extra, o.missed), (1, 1, 1));
        // Fewer than four words: one shingle of all of them; case is kept.
        assert_eq!(overlap("Hello, world", "Hello world").shared, 1);
        assert_eq!(overlap("hello world", "Hello world").shared, 0);
        let o = overlap("w x y z w x y z", "w x y z");
        assert_eq!((o.shared, o.extra, o.missed), (1, 4, 0));
    }

    #[test]
    fn extraction_means_skip_undefined_pages() {
        let mut s = ExtractionScores::default();
        s.add(overlap("a b c d", "a b c d"));
        // Nothing extracted: recall 0, no precision.
        s.add(overlap("", "e f g h"));
        // Both empty: perfect.
        s.add(overlap("", ""));
        let prf = s.prf();
        assert_eq!(s.pages(), 3);
        assert_eq!(prf.precision, 1.0);
        assert!((prf.recall - 2.0 / 3.0).abs() < 1e-12);
    }
}
