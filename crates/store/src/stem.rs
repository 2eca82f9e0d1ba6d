//! The analyzer of the index's text fields, in one pass: words are split
//! off, lower-cased, stemmed and folded to ASCII, giving exactly the tokens
//! (texts, positions, offsets) of tantivy's chain `SimpleTokenizer` →
//! `RemoveLongFilter(40)` → `LowerCaser` → `Stemmer` → `AsciiFoldingFilter`
//! (a property test holds it to that chain).
//!
//! Two things make it cheaper than that chain. The token goes through one
//! stream instead of five, each advancing the one before it. And the work
//! done for a word is remembered: a Snowball stemmer runs through suffix
//! tables for every token, yet a word that came once mostly comes again
//! (in the generated 10k corpus, 338,000 distinct words make 3.7 million
//! tokens, 4,096 of them 57%, 65,536 of them 88%). So a table keyed by the
//! word as written gives its token straight away, without lower-casing,
//! stemming or folding; only the work is saved, the tokens are the same.
//!
//! The table is large (64K words, 4 MB a language in use), so that the
//! rarer words are found too: 86% of the tokens there, where 4K words gave
//! 66%. It is larger than a core's cache, so the slots of a text's next 256
//! words are read all together before their tokens are given out: read one
//! by one, each would wait for memory, and the waits would cost as much as
//! the stemming saved.

use std::borrow::Cow;
use std::mem;

use rust_stemmers::Algorithm;
use tantivy::tokenizer::{AsciiFoldingFilter, Token, TokenFilter, TokenStream, Tokenizer};

/// Words this long (in bytes) or longer are dropped, as `RemoveLongFilter`
/// drops them; they still take a position.
const LONG: usize = 40;
/// The longest word remembered, and its longest token, in bytes.
const WORD: usize = 32;
const TOKEN: usize = 31;
/// Words remembered, at most, per language in use. Tests use a small table,
/// where words often meet in one slot.
const SLOTS: usize = if cfg!(test) { 1 << 6 } else { 1 << 16 };
/// Words split off, and their slots read, at a time: enough for the reads
/// to overlap, few enough for the slots read to stay in a core's cache
/// until their words are analysed. Tests use a small window, so that texts
/// cross from one to the next.
const WINDOW: usize = if cfg!(test) { 3 } else { 256 };
/// Words analysed before the table is made, so that a query (analysed by a
/// fresh copy of the analyzer) does not pay for it.
const WARM_UP: usize = 1000;

/// A [`Tokenizer`] for one language's text field: a Snowball `algorithm`,
/// or none for the unstemmed field. Each copy (tantivy takes one for each
/// segment it writes, and one for each query) has its own memory, so
/// nothing is shared between threads.
#[derive(Clone)]
pub(crate) struct Analyzer {
    algorithm: Option<Algorithm>,
    token: Token,
    /// Words of the text being analysed (a window of them).
    words: Vec<Span>,
    memory: Memory,
    /// tantivy's own folding, run on a word the table does not know.
    fold: <AsciiFoldingFilter as TokenFilter>::Tokenizer<OneWord>,
}

/// A word of a text: its bytes, and its slot in the memory if it may be
/// remembered there.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    slot: Option<usize>,
}

impl Analyzer {
    /// An analyzer stemming with `algorithm`, if any.
    pub(crate) fn new(algorithm: Option<Algorithm>) -> Analyzer {
        Analyzer {
            algorithm,
            token: Token::default(),
            words: Vec::new(),
            memory: Memory::default(),
            fold: AsciiFoldingFilter.transform(OneWord::default()),
        }
    }
}

/// Whether the character at `at` in `text` is alphanumeric (what
/// `SimpleTokenizer` keeps), and its length in bytes.
fn alphanumeric(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = text[at..].chars().next().expect("`at` begins a character");
    (c.is_alphanumeric(), c.len_utf8())
}

/// Appends to `words` the words of `text` from byte `at` on, the longest
/// runs of alphanumeric characters, as `SimpleTokenizer` finds them, until
/// it holds [`WINDOW`] words; returns where the next word is to be sought.
fn split(text: &str, mut at: usize, words: &mut Vec<Span>) -> usize {
    let len = text.len();
    while words.len() < WINDOW {
        let start = loop {
            if at == len {
                return len;
            }
            match alphanumeric(text, at) {
                (true, _) => break at,
                (false, n) => at += n,
            }
        };
        while at < len {
            match alphanumeric(text, at) {
                (true, n) => at += n,
                (false, _) => break,
            }
        }
        words.push(Span {
            start,
            end: at,
            slot: None,
        });
    }
    at
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Words<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Words<'a> {
        self.token.reset();
        self.words.clear();
        Words {
            text,
            next: 0,
            words: &mut self.words,
            given: 0,
            stemmer: self.algorithm.map(rust_stemmers::Stemmer::create),
            token: &mut self.token,
            memory: &mut self.memory,
            fold: &mut self.fold,
        }
    }
}

/// The tokens of a text, from an [`Analyzer`].
pub(crate) struct Words<'a> {
    text: &'a str,
    /// Where the search for the next words starts, in bytes.
    next: usize,
    /// The words split off and not yet given out, from `given` on.
    words: &'a mut Vec<Span>,
    given: usize,
    /// A function pointer chosen by the algorithm: nothing to keep.
    stemmer: Option<rust_stemmers::Stemmer>,
    token: &'a mut Token,
    memory: &'a mut Memory,
    fold: &'a mut <AsciiFoldingFilter as TokenFilter>::Tokenizer<OneWord>,
}

impl Words<'_> {
    /// Sets the token's text to the token of `word`: lower-cased (by
    /// character, as `LowerCaser` does), stemmed, then folded.
    fn analyse(&mut self, word: &str) {
        let text = &mut self.token.text;
        text.clear();
        if word.is_ascii() {
            text.push_str(word);
            text.make_ascii_lowercase();
        } else {
            text.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(stemmer) = &self.stemmer {
            // A borrowed stem is the word unchanged.
            if let Cow::Owned(stem) = stemmer.stem(text) {
                *text = stem;
            }
        }
        if !text.is_ascii() {
            let mut folded = self.fold.token_stream(text);
            folded.advance();
            let folded = mem::take(&mut folded.token_mut().text);
            *text = folded;
        }
    }
}

impl TokenStream for Words<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.given == self.words.len() {
                self.words.clear();
                self.given = 0;
                self.next = split(self.text, self.next, self.words);
                if self.words.is_empty() {
                    return false;
                }
                if self.stemmer.is_some() {
                    self.memory.fetch(self.text, self.words);
                }
            }
            let Span { start, end, slot } = self.words[self.given];
            self.given += 1;
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= LONG {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            let word = &self.text[start..end];
            let Some(slot) = slot else {
                self.analyse(word);
                return true;
            };
            if let Some(token) = self.memory.recall(slot, word) {
                self.token.text.clear();
                self.token.text.push_str(token);
                return true;
            }
            self.analyse(word);
            self.memory.remember(slot, word, &self.token.text);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// A tokenizer giving its whole text as one token: what tantivy's folding
/// filter is run on.
#[derive(Clone, Default)]
pub(crate) struct OneWord {
    token: Token,
}

/// The one token of a [`OneWord`].
pub(crate) struct OneWordStream<'a> {
    token: &'a mut Token,
    given: bool,
}

impl Tokenizer for OneWord {
    type TokenStream<'a> = OneWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> OneWordStream<'a> {
        self.token.reset();
        self.token.text.push_str(text);
        OneWordStream {
            token: &mut self.token,
            given: false,
        }
    }
}

impl TokenStream for OneWordStream<'_> {
    fn advance(&mut self) -> bool {
        !mem::replace(&mut self.given, true)
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// A word and its token: the word's bytes padded with zeros (a word, made
/// of alphanumeric characters, has none), the token's bytes and length.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    word: [u8; WORD],
    token: [u8; TOKEN],
    len: u8,
}

/// Words and their tokens, one a slot chosen by the word's hash: a word
/// takes the place of the one before it there. Frequent words, coming
/// back soon, are mostly found.
#[derive(Clone, Default)]
struct Memory {
    /// Empty until [`WARM_UP`] words were analysed, then [`SLOTS`] long.
    slots: Vec<Slot>,
    analysed: usize,
}

/// `word` padded with zeros, if short enough to be remembered.
fn key(word: &str) -> Option<[u8; WORD]> {
    let bytes = word.as_bytes();
    if bytes.len() > WORD {
        return None;
    }
    let mut key = [0; WORD];
    key[..bytes.len()].copy_from_slice(bytes);
    Some(key)
}

impl Memory {
    /// The slot of `word`, by its hash.
    fn slot(word: &[u8]) -> usize {
        let mut h: u64 = 0;
        for chunk in word.chunks(8) {
            let mut x = [0; 8];
            x[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(23) ^ u64::from_le_bytes(x)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        (h >> (64 - SLOTS.trailing_zeros())) as usize
    }

    /// Finds the slots of the `words` of `text`, then reads them once, all
    /// together: the table is larger than a core's cache, and its slots,
    /// read one by one as the tokens are asked for, would each wait for
    /// memory, where read in a row they arrive together.
    fn fetch(&self, text: &str, words: &mut [Span]) {
        for w in words.iter_mut() {
            if w.end - w.start <= WORD {
                w.slot = Some(Memory::slot(&text.as_bytes()[w.start..w.end]));
            }
        }
        if self.slots.is_empty() {
            return;
        }
        let mut seen = 0u8;
        for w in words.iter() {
            if let Some(slot) = w.slot {
                seen ^= self.slots[slot].word[0];
            }
        }
        std::hint::black_box(seen);
    }

    /// The token of `word`, if remembered in `slot`.
    fn recall(&self, slot: usize, word: &str) -> Option<&str> {
        let slot = self.slots.get(slot)?;
        let word = word.as_bytes();
        if slot.word[..word.len()] != *word || slot.word.get(word.len()).is_some_and(|b| *b != 0) {
            return None;
        }
        let token = &slot.token[..usize::from(slot.len)];
        Some(std::str::from_utf8(token).expect("remembered from a string"))
    }

    /// Remembers in `slot` that `word` gives `token`.
    fn remember(&mut self, slot: usize, word: &str, token: &str) {
        if token.len() > TOKEN {
            return;
        }
        if self.slots.is_empty() {
            self.analysed += 1;
            if self.analysed < WARM_UP {
                return;
            }
            let empty = Slot {
                word: [0; WORD],
                token: [0; TOKEN],
                len: 0,
            };
            self.slots = vec![empty; SLOTS];
        }
        let slot = &mut self.slots[slot];
        slot.word = key(word).expect("a word given a slot is short enough");
        slot.token[..token.len()].copy_from_slice(token.as_bytes());
        // It fits: `TOKEN` is below 256.
        slot.len = token.len() as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::tokenizer::{
        Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    };

    /// The tokens of `text` as (text, position, offsets).
    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            assert_eq!(t.position_length, 1);
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// tantivy's chain, which [`Analyzer`] stands for.
    fn chain(language: Option<Language>) -> TextAnalyzer {
        let base = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONG))
            .filter(LowerCaser);
        match language {
            Some(l) => base
                .filter(Stemmer::new(l))
                .filter(AsciiFoldingFilter)
                .build(),
            None => base.filter(AsciiFoldingFilter).build(),
        }
    }

    const LANGUAGES: &[(Language, Algorithm)] = &[
        (Language::English, Algorithm::English),
        (Language::French, Algorithm::French),
        (Language::German, Algorithm::German),
        (Language::Spanish, Algorithm::Spanish),
        (Language::Russian, Algorithm::Russian),
        (Language::Greek, Algorithm::Greek),
        (Language::Turkish, Algorithm::Turkish),
    ];

    /// Both give the same tokens for `text`, read again and again (once
    /// the table is made, from memory).
    fn check(language: Option<(Language, Algorithm)>, text: &str) {
        let mut plain = chain(language.map(|(l, _)| l));
        let mut fused = TextAnalyzer::from(Analyzer::new(language.map(|(_, a)| a)));
        let expected = tokens(&mut plain, text);
        let rounds = 2 * WARM_UP / expected.len().max(1) + 2;
        for _ in 0..rounds {
            assert_eq!(tokens(&mut fused, text), expected, "{text:?}");
        }
    }

    #[test]
    fn tokens_as_tantivy_gives_them() {
        let texts = [
            "Les négociations reprennent : les négociateurs négocient, négociations closes.",
            "Running runners ran; the runner runs. Running again, happy happiness",
            "Die Verhandlungen über die Verhandlung der Häuser, Häusern, an der Straße",
            "Переговоры продолжаются, переговоров нет. ΟΔΥΣΣΕΥΣ Σίσυφος İstanbul",
            "Title line\nBody, with 3,5 % and 1 000 000 and l'été; Œuvre ÆTHER ﬁn ⑽ x²",
            "",
            "  ,;: ",
            "a_b-c.d\u{0301}e\u{200d}f 漢字かな 한국어 ٣٤ ௧௨",
            "Supercalifragilisticexpialidociousnessesxy and a shorter one, \
             Donaudampfschifffahrtsgesellschaftskapitän fährt",
        ];
        for text in texts {
            check(None, text);
            for language in LANGUAGES {
                check(Some(*language), text);
            }
        }
    }

    #[test]
    fn words_pushed_out_of_the_table_still_give_their_tokens() {
        let mut fused = TextAnalyzer::from(Analyzer::new(Some(Algorithm::English)));
        let mut plain = chain(Some(Language::English));
        let text: String = (0..WARM_UP + 3 * SLOTS)
            .map(|i| format!("Running{i}s "))
            .collect();
        assert_eq!(tokens(&mut fused, &text), tokens(&mut plain, &text));
        assert_eq!(
            tokens(&mut fused, "running Runs"),
            tokens(&mut plain, "running Runs")
        );
    }

    #[test]
    fn a_word_is_not_taken_for_a_longer_one_in_its_slot() {
        // A word and a word beginning it, in one slot.
        let (long, short) = (0..)
            .map(|i| (format!("Negotiat{i}ions"), format!("Negotiat{i}")))
            .find(|(l, s)| Memory::slot(l.as_bytes()) == Memory::slot(s.as_bytes()))
            .expect("two words meet in a slot");
        let warm: String = (0..WARM_UP).map(|i| format!("warm{i} ")).collect();
        for (first, then) in [(&long, &short), (&short, &long)] {
            let mut fused = TextAnalyzer::from(Analyzer::new(Some(Algorithm::English)));
            let mut plain = chain(Some(Language::English));
            tokens(&mut fused, &warm);
            assert_eq!(tokens(&mut fused, first), tokens(&mut plain, first));
            assert_eq!(tokens(&mut fused, then), tokens(&mut plain, then));
        }
    }

    proptest! {
        /// Any text, of any characters, with words coming back (so that the
        /// table is made and used) gives tantivy's tokens.
        #[test]
        fn any_text_gives_tantivy_tokens(
            words in prop::collection::vec(
                prop_oneof![
                    "[a-zA-Z]{1,12}",
                    "[a-zA-Zàâçéèêëîïôûùüÿñæœßäöü0-9ÀÉÈÎÔÜÄÖ]{1,14}",
                    "[ΑΒΓΔΣΩΟΥαβσςωİIıiÅåØø]{1,8}",
                    "\\PC{1,6}",
                    "[a-z]{38,42}",
                    "[0-9]{1,6}",
                ],
                1..40,
            ),
            separators in prop::collection::vec("[ ,.;:'\\n\\t-]{1,3}|\\PC", 1..40),
            language in 0..LANGUAGES.len() + 1,
        ) {
            let text: String = words
                .iter()
                .zip(separators.iter().cycle())
                .flat_map(|(w, s)| [w.as_str(), s.as_str()])
                .collect();
            let language = LANGUAGES.get(language).copied();
            let mut plain = chain(language.map(|(l, _)| l));
            let mut fused = TextAnalyzer::from(Analyzer::new(language.map(|(_, a)| a)));
            let expected = tokens(&mut plain, &text);
            // Enough rounds for the table to be made, then read from.
            let rounds = WARM_UP / expected.len().max(1) + 2;
            for _ in 0..rounds {
                prop_assert_eq!(&tokens(&mut fused, &text), &expected);
            }
        }
    }
}
