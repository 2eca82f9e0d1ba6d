//! The MinHash sketch of a text's wording, for copy detection: one
//! permutation hashing with optimal densification (Li, Owen & Zhang 2012;
//! Shrivastava 2017). Each shingle is hashed once; the hash's high bits
//! choose one of the sketch's bins and the rest is its value; a bin keeps
//! its least value, and a bin no shingle fell in takes the value of a
//! non-empty bin chosen by a hash of its index and an attempt number, the
//! same for every text. Two sketches then agree at each bin with
//! probability the Jaccard similarity of their shingle sets, as with
//! `SKETCH_LEN` independent hash functions, at one hash a shingle instead
//! of `SKETCH_LEN`.
//!
//! Each value is cut to its low 16 bits (b-bit minwise hashing, Li & König
//! 2010): half the memory, and two different minima agree only once in
//! 65,536 times, so that of the 128 values of two unrelated texts about
//! 0.002 agree by chance, against the 64 that the copy threshold (0.5)
//! asks for.

use super::SKETCH_LEN;

/// Bits of a hash that choose its bin.
const BIN_BITS: u32 = SKETCH_LEN.trailing_zeros();
const _: () = assert!(1 << BIN_BITS == SKETCH_LEN);

/// A bin no shingle fell in: above every value (values have 64 −
/// [`BIN_BITS`] bits).
const EMPTY: u64 = u64::MAX;

/// The sketch of a text whose words (stop words kept, elisions not: they
/// carry the wording that tells a copy from a rewrite) have the keys
/// `words`: of its shingles of `shingle_words` words, or of all its words
/// as one shingle when there are fewer.
pub(super) fn sketch(words: &[u64], shingle_words: usize) -> Vec<u16> {
    let n = shingle_words.max(1);
    let mut bins = [EMPTY; SKETCH_LEN];
    let mut put = |hash: u64| {
        let bin = (hash >> (64 - BIN_BITS)) as usize;
        bins[bin] = bins[bin].min(hash & (u64::MAX >> BIN_BITS));
    };
    if words.len() < n {
        put(shingle(words));
    } else {
        words.windows(n).for_each(|w| put(shingle(w)));
    }
    densify(&mut bins);
    bins.iter().map(|v| *v as u16).collect()
}

/// The hash of a shingle, from the keys of its words in order.
fn shingle(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0x5eed_5eed_5eed_5eed, |h, w| mix(h.rotate_left(23) ^ w))
}

/// Fills each empty bin with the value of a non-empty one: the first
/// non-empty bin of the sequence that a hash of the empty bin's index and
/// an attempt number draws, so that two texts' empty bins copy the same
/// bins when those are non-empty in both, and the agreement at each bin
/// stays an unbiased estimate of the Jaccard similarity.
fn densify(bins: &mut [u64; SKETCH_LEN]) {
    let filled = *bins;
    // A text always gives one shingle at least; without any, nothing to
    // copy.
    if filled.iter().all(|v| *v == EMPTY) {
        return;
    }
    for (bin, value) in bins.iter_mut().enumerate() {
        let mut attempt = 0u64;
        while *value == EMPTY {
            attempt += 1;
            let from = (mix(((bin as u64) << 32) | attempt) >> (64 - BIN_BITS)) as usize;
            *value = filled[from];
        }
    }
}

/// The finaliser of MurmurHash3: every bit of the input moves about half
/// the bits of the output.
pub(crate) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(a: &[u16], b: &[u16]) -> f64 {
        let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
        same as f64 / a.len() as f64
    }

    /// Over many pairs of sets of known Jaccard similarity, large (few
    /// empty bins) and small (mostly densified), the mean agreement is the
    /// similarity.
    #[test]
    fn agreement_estimates_the_jaccard_similarity_without_bias() {
        for (size, shared) in [(400, 300), (400, 100), (30, 20), (12, 4), (3, 1)] {
            let union = 2 * size - shared;
            let jaccard = shared as f64 / union as f64;
            let trials = 2000;
            let mut total = 0.0;
            for trial in 0..trials {
                let element = |i: u64| mix((trial << 40) ^ i);
                let a: Vec<u64> = (0..size).map(element).collect();
                let b: Vec<u64> = (size - shared..2 * size - shared).map(element).collect();
                total += agreement(&sketch(&a, 1), &sketch(&b, 1));
            }
            let mean = total / trials as f64;
            assert!(
                (mean - jaccard).abs() < 0.02,
                "{size} {shared}: {mean} against {jaccard}"
            );
        }
    }

    #[test]
    fn equal_texts_have_equal_sketches_and_one_shingle_fills_every_bin() {
        let words: Vec<u64> = (0..50).map(mix).collect();
        assert_eq!(sketch(&words, 3), sketch(&words.clone(), 3));
        let one = sketch(&words[..2], 3);
        assert!(one.iter().all(|v| *v == one[0]));
        assert_eq!(sketch(&[], 3).len(), SKETCH_LEN);
    }

    /// Shingles are of words in order: the same words in another order
    /// make another text.
    #[test]
    fn word_order_counts() {
        let words: Vec<u64> = (0..200).map(mix).collect();
        let mut reversed = words.clone();
        reversed.reverse();
        assert!(agreement(&sketch(&words, 3), &sketch(&reversed, 3)) < 0.05);
    }
}
