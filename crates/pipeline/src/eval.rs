//! Clustering scores: pairwise precision/recall/F1 (the measure of Miranda et
//! al. 2018) and BCubed, against gold labels.

use std::collections::HashMap;
use std::hash::Hash;

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
    fn new(precision: f64, recall: f64) -> Prf {
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
}
