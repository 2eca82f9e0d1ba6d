//! The words of a text, split once: where each lies, what the characters
//! around it say (a sentence starts at it, only a space or a hyphen parts
//! it from the word before), and what its lower-case form gives, looked up
//! in a per-thread cache: its terms, whether it is a stop word, an elision
//! or a calendar word, and its folded form's hash. The terms, the names and
//! the sketch of a text are all read from these words.

use std::hash::{BuildHasherDefault, Hasher};

use crate::lang::{self, Profile};
use crate::lexicon::{Dictionary, SENSES};
use crate::model::Term;
use crate::text;

use super::{term, word_key};

/// A word of a text: a maximal run of letters and digits, as
/// [`text::tokens`] splits them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    /// Its first byte.
    pub(super) start: usize,
    /// The byte after it.
    pub(super) end: usize,
    /// The key of the word in lower case ([`key_of`]).
    pub(super) key: u64,
    /// The key of the word folded (lower case, no accents), as the sketch
    /// reads it.
    pub(super) folded: u64,
    /// What is known of it: [`SENTENCE`], [`JOINED`] and the others.
    pub(super) flags: u16,
}

/// A sentence starts at the word, as [`text::sentences`] splits them when
/// it does not keep quotes whole: at a line break, and after `.`, `!`, `?`
/// or `…` followed by a space or a capital.
pub(super) const SENTENCE: u16 = 1;
/// Only spaces, hyphens and no-break spaces part the word from the one
/// before.
pub(super) const JOINED: u16 = 1 << 1;
/// The word starts with a capital ([`text::is_capitalised`]).
pub(super) const CAPITALISED: u16 = 1 << 2;
/// The word has two characters or more.
pub(super) const LONG: u16 = 1 << 3;
/// The word starts with a lower-case letter.
pub(super) const LOWER: u16 = 1 << 4;
/// The word is written in lower case: its key is the key of the word as
/// written.
pub(super) const AS_WRITTEN: u16 = 1 << 5;
/// The word in lower case is an elision of its language ("l" of
/// "l'Ukraine").
pub(super) const ELISION: u16 = 1 << 6;
/// The word in lower case is a stop word of its language.
pub(super) const STOP: u16 = 1 << 7;
/// The word in lower case names a month or a weekday
/// ([`text::is_calendar_word`]).
pub(super) const CALENDAR: u16 = 1 << 8;
/// Of what the cache knows: the word has a term in its own language.
const NATIVE: u16 = 1 << 9;

/// The key of a word: its 64-bit hash ([`word_key`]), never 0 (the mark of
/// an empty slot of the cache, and of the dictionaries' tables). Two words
/// share one about once in 2⁶⁴ pairs, so a word is looked up by its key
/// alone.
pub(crate) fn key_of(word: &str) -> u64 {
    word_key(word).max(1)
}

/// The words of a text, and the terms their lower-case forms give (in the
/// order of the words, not yet counted).
pub(super) struct Reading {
    pub(super) words: Vec<Word>,
    /// The terms in the text's language.
    pub(super) native: Vec<Term>,
    /// The terms in the pivot language.
    pub(super) pivot: Vec<Term>,
}

/// Lower-case words of one language (and dictionary), by key, and what
/// they give: a word is stemmed, folded and looked up in the dictionary
/// once a thread, then found here. Stemming and folding were most of the
/// analysis; news text repeats its words.
#[derive(Default)]
pub(super) struct Cache {
    table: Table,
}

/// Words whose slots are read ahead at a time: enough for the reads to
/// overlap, few enough for their slots to stay in the cache until used.
const TOUCH_AHEAD: usize = 64;

/// Words cached per thread and language before the cache starts over: a
/// bound on its memory, 8 MB (the cache only saves work, it changes no
/// result).
const CACHE_WORDS: usize = 180_000;

impl Cache {
    /// Starts over when the cache holds too many words. Only between two
    /// texts: a reading keeps no reference into the cache, but starting
    /// over in the middle of one would only waste work.
    pub(super) fn bound(&mut self) {
        if self.table.len > CACHE_WORDS {
            self.table.clear();
        }
    }

    /// The words of `text` and their terms.
    pub(super) fn read(
        &mut self,
        text: &str,
        profile: &Profile,
        dict: Option<&Dictionary>,
    ) -> Reading {
        let mut words = split(text);
        let mut native = Vec::with_capacity(words.len());
        let mut pivot = Vec::with_capacity(words.len());
        let mut lower = String::new();
        // The table is larger than the processor's caches, and waiting for
        // a word's slot was most of the cost of a known word. So the slots
        // of the next words are read first, together, all their waits
        // overlapping; their lookups then find them in the cache.
        for i in 0..words.len() {
            if i % TOUCH_AHEAD == 0 {
                let next = &words[i..(i + TOUCH_AHEAD).min(words.len())];
                std::hint::black_box(
                    next.iter()
                        .fold(0, |seen, w| seen ^ self.table.touch(w.key)),
                );
            }
            let word = &mut words[i];
            let known = match self.table.get(word.key) {
                Some(known) => known,
                None => {
                    let lowered = lower_case(&text[word.start..word.end], &mut lower);
                    let known = Known::new(lowered, word.key, profile, dict);
                    self.table.insert(word.key, known);
                    known
                }
            };
            word.flags |= known.flags & (ELISION | STOP | CALENDAR);
            word.folded = known.folded;
            if known.flags & NATIVE != 0 {
                native.push(known.native);
            }
            pivot.extend_from_slice(known.pivot());
        }
        Reading {
            words,
            native,
            pivot,
        }
    }
}

/// The words of `text`, with what the characters around them say and
/// their keys; what the cache knows is added by [`Cache::read`].
fn split(text: &str) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut lower = String::new();
    let mut start = None;
    // What the characters since the last word say of the next one.
    let (mut sentence, mut joined, mut after_stop) = (true, false, false);
    for (i, c) in text.char_indices() {
        if after_stop {
            after_stop = false;
            sentence |= c.is_whitespace() || c.is_uppercase();
        }
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            words.push(word(text, s..i, sentence, joined, &mut lower));
            (sentence, joined) = (false, true);
        }
        match c {
            '\n' => sentence = true,
            '.' | '!' | '?' | '…' => after_stop = true,
            _ => {}
        }
        joined &= matches!(c, ' ' | '-' | '\u{a0}');
    }
    if let Some(s) = start {
        words.push(word(text, s..text.len(), sentence, joined, &mut lower));
    }
    words
}

/// The word of `text` at `range`, with what is known before the cache.
fn word(
    text: &str,
    range: std::ops::Range<usize>,
    sentence: bool,
    joined: bool,
    lower: &mut String,
) -> Word {
    let written = &text[range.clone()];
    let mut flags = 0;
    for (bit, set) in [
        (SENTENCE, sentence),
        (JOINED, joined),
        (CAPITALISED, text::is_capitalised(written)),
        (LONG, written.chars().nth(1).is_some()),
        (LOWER, written.starts_with(char::is_lowercase)),
    ] {
        if set {
            flags |= bit;
        }
    }
    let lowered = lower_case(written, lower);
    // Mostly `written` itself, when it is ASCII.
    if std::ptr::eq(lowered, written) || lowered == written {
        flags |= AS_WRITTEN;
    }
    Word {
        start: range.start,
        end: range.end,
        key: key_of(lowered),
        folded: 0,
        flags,
    }
}

/// `word` in lower case, in `buffer` when it needs changing.
pub(super) fn lower_case<'a>(word: &'a str, buffer: &'a mut String) -> &'a str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buffer.clear();
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else if word.contains('Σ') {
        // The one letter whose lower case depends on where it stands
        // (a final sigma), which only the whole word's mapping knows.
        *buffer = word.to_lowercase();
    } else {
        // Letter by letter, into the buffer kept from word to word: the
        // whole word's mapping would allocate a string for each.
        buffer.clear();
        buffer.extend(word.chars().flat_map(char::to_lowercase));
    }
    buffer
}

/// What one lower-case word gives: its term in its language (none: not a
/// content word), its terms in the pivot language, what kind of word it is
/// and its folded form's key, in 24 bytes.
#[derive(Clone, Copy, Default)]
struct Known {
    folded: u64,
    /// The term in the word's language, when `flags` has [`NATIVE`].
    native: Term,
    /// The pivot terms, the first `pivot_len`: a word has at most as many
    /// as the dictionary keeps senses.
    pivot: [Term; SENSES],
    pivot_len: u16,
    /// [`ELISION`], [`STOP`], [`CALENDAR`], [`NATIVE`].
    flags: u16,
}

impl Known {
    /// What the lower-case `word`, of key `key`, gives: no term for a stop
    /// word, an elision or a one-letter word; a number of two digits or
    /// more only in the pivot language, as `#digits`; any other word its
    /// folded stem, and in the pivot language that stem's translations when
    /// the dictionary knows it (names, words spelled alike stay as they
    /// are).
    fn new(word: &str, key: u64, profile: &Profile, dict: Option<&Dictionary>) -> Known {
        let mut known = Known {
            // Folding an ASCII word only lowers its case.
            folded: if word.is_ascii() {
                key
            } else {
                key_of(&lang::fold(word))
            },
            ..Known::default()
        };
        for (bit, set) in [
            (ELISION, profile.is_elision(word)),
            (STOP, profile.is_stop_word(word)),
            (CALENDAR, text::is_calendar_word(word, profile)),
        ] {
            if set {
                known.flags |= bit;
            }
        }
        if known.flags & (ELISION | STOP) != 0 {
            return known;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            if word.len() >= 2 {
                known.set_pivot(&[term(&format!("#{word}"))]);
            }
            return known;
        }
        if word.chars().nth(1).is_none() {
            return known;
        }
        let stem = lang::fold(&profile.stem(word));
        let t = term(&stem);
        known.native = t;
        known.flags |= NATIVE;
        let itself = [t];
        known.set_pivot(dict.and_then(|d| d.word(&stem)).unwrap_or(&itself));
        known
    }

    /// Sets the pivot terms, at most [`SENSES`].
    fn set_pivot(&mut self, terms: &[Term]) {
        self.pivot_len = terms.len() as u16;
        self.pivot[..terms.len()].copy_from_slice(terms);
    }

    fn pivot(&self) -> &[Term] {
        &self.pivot[..usize::from(self.pivot_len)]
    }
}

/// Words by key and what they give: open addressing with linear probing,
/// each key beside its value in 32 bytes, so that finding a word costs one
/// memory access. A table of 100,000 words is far larger than the
/// processor's caches, and that access was most of the cost of a word (a
/// standard hash table, with its control bytes apart from its entries,
/// took two).
#[derive(Default)]
struct Table {
    /// The slots, a power of two of them; key 0 where empty.
    slots: Vec<(u64, Known)>,
    /// How many are used.
    len: usize,
    /// 64 less the number of bits of a slot's index.
    shift: u32,
}

impl Table {
    /// The slot where the probe for `key` starts: the high bits of the
    /// key times an odd constant (Fibonacci hashing), which depend on all
    /// its bits.
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Reads the key in the slot where the probe for `key` starts, so that
    /// the slot is in the cache when it is looked up.
    fn touch(&self, key: u64) -> u64 {
        self.slots.get(self.home(key)).map_or(0, |(k, _)| *k)
    }

    fn get(&self, key: u64) -> Option<Known> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        loop {
            let (k, known) = &self.slots[slot];
            if *k == key {
                return Some(*known);
            }
            if *k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Adds a key that is not in the table. It grows past three quarters
    /// full: a probe then passes 2.5 slots on average.
    fn insert(&mut self, key: u64, known: Known) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let slots = (self.slots.len() * 2).max(4096);
            let old = std::mem::replace(&mut self.slots, vec![(0, Known::default()); slots]);
            self.shift = 64 - slots.trailing_zeros();
            for (k, known) in old {
                if k != 0 {
                    self.put(k, known);
                }
            }
        }
        self.put(key, known);
        self.len += 1;
    }

    fn put(&mut self, key: u64, known: Known) {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        while self.slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = (key, known);
    }

    /// Empties the table, keeping its size.
    fn clear(&mut self) {
        self.slots.fill((0, Known::default()));
        self.len = 0;
    }
}

/// A hasher for keys that are already hashes: one multiplication, its
/// halves folded so that the low bits (a table's slot) and the high ones
/// (its tag) both depend on every bit of the key.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

/// Builds [`KeyHasher`]s.
pub(super) type KeyHash = BuildHasherDefault<KeyHasher>;

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = fold_multiply(self.0 ^ key);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `x` times an odd constant, the high half of the product folded onto its
/// low half.
pub(super) fn fold_multiply(x: u64) -> u64 {
    let product = u128::from(x) * 0x9e37_79b9_7f4a_7c15;
    (product as u64) ^ (product >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as [`text::tokens`] finds them; the first of each
    /// sentence as [`text::sentences`] (not keeping quotes) splits them;
    /// joined when only spaces and hyphens part them.
    fn check(text: &str) {
        let words = split(text);
        let tokens = text::tokens(text);
        let got: Vec<(usize, usize)> = words.iter().map(|w| (w.start, w.end)).collect();
        let expected: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(got, expected, "{text:?}");
        let sentences = text::sentences(text, false);
        for (i, w) in words.iter().enumerate() {
            let sentence = |at: usize| sentences.iter().position(|s| s.contains(&at));
            let first = i == 0 || sentence(w.start) != sentence(words[i - 1].start);
            assert_eq!(w.flags & SENTENCE != 0, first, "{text:?} at {}", w.start);
            if i > 0 {
                let gap = &text[words[i - 1].end..w.start];
                let joined = gap.chars().all(|c| matches!(c, ' ' | '-' | '\u{a0}'));
                assert_eq!(w.flags & JOINED != 0, joined, "{text:?} at {}", w.start);
            }
            let written = &text[w.start..w.end];
            assert_eq!(w.key, key_of(&written.to_lowercase()));
            assert_eq!(w.flags & AS_WRITTEN != 0, written.to_lowercase() == written);
        }
    }

    #[test]
    fn words_and_sentences_split_as_the_text_module_does() {
        check("Un appel de 50 minutes.Le conseiller a parlé.  Fin");
        check("« Deux heures. Mais loin. », a déclaré Olga Oliker. Ensuite…Non!Oui ?Non\r\nJean-Luc\u{a0}Mélenchon");
        check("U.S. Naval Observatory... Дом Путина. ÉLYSÉE l’Ukraine d'après 3.5 milliards");
        check("");
        check(" .!? ");
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_the_text_module_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Le", "le", "Biden", "l'", "’", ".", ". ", "!", "?", "…", "\n", "\r\n",
                    " ", "-", "\u{a0}", ",", "Élysée", "élysée", "ÉLYSÉE", "Путин", "İ", "ß",
                    "2021", "3.", "«", "»", "\"", "a", "U.S.", "ǅ", "Ⓐ", "x\u{301}",
                ]),
                0..40,
            ),
            noise in "\\PC{0,20}",
        ) {
            check(&(parts.concat() + &noise));
        }

        #[test]
        fn a_word_is_lowered_as_the_whole_string_mapping_lowers_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ΟΔΟΣ", "Σ", "σ", "ς", "ΌΣΑ", "İ", "ß", "ẞ", "ǅ", "Ⓐ", "É", "é", "Д", "a", "A",
                ]),
                0..8,
            ),
            noise in "\\PC{0,12}",
        ) {
            let word = parts.concat() + &noise;
            let mut buffer = String::from("left from the word before");
            proptest::prop_assert_eq!(lower_case(&word, &mut buffer), word.to_lowercase());
        }
    }

    #[test]
    fn the_table_finds_what_it_holds_as_it_grows_and_after_clearing() {
        let mut table = Table::default();
        let known = |n: u64| Known {
            folded: n,
            ..Known::default()
        };
        let keys: Vec<u64> = (1..20_000u64).map(fold_multiply).collect();
        for k in &keys {
            assert!(table.get(*k).is_none());
            table.insert(*k, known(*k));
        }
        assert_eq!(table.slots.len(), 32_768);
        assert!(keys
            .iter()
            .all(|k| table.get(*k).map(|v| v.folded) == Some(*k)));
        table.clear();
        assert!(keys.iter().all(|k| table.get(*k).is_none()));
    }
}
