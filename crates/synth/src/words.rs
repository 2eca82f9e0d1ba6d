//! Real words to write with: each language's function words (the stop-word
//! lists of the `stop-words` crate) followed by its dictionary words (Debian's
//! word lists), ranked for a Zipfian draw; and people's and places' names.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rand::seq::SliceRandom;
use rand::Rng;
use rand_distr::{Distribution, Zipf};

use crate::{Error, Result};

/// Zipf's exponent for running text: close to 1, as measured on news corpora.
const ZIPF_EXPONENT: f64 = 1.05;

/// Content words longer than this are rare compounds; they make the text
/// look generated rather than written.
const LONGEST_WORD: usize = 14;

/// Fewer content words than this cannot make a corpus of many events
/// without every event sharing its topic.
const MIN_CONTENT_WORDS: usize = 500;

/// One language's words, most frequent first.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// The language (ISO 639-1).
    pub(crate) lang: String,
    /// Function words first, then content words in a seeded random order:
    /// the rank of a word is its index.
    ranked: Vec<String>,
    /// How many of `ranked` are function words.
    function: usize,
    zipf: Zipf<f64>,
}

impl Lexicon {
    /// A word drawn with Zipfian frequency over the whole vocabulary.
    pub(crate) fn word<R: Rng>(&self, rng: &mut R) -> &str {
        let rank = self.zipf.sample(rng) as usize;
        &self.ranked[rank.clamp(1, self.ranked.len()) - 1]
    }

    /// A content word of middling frequency: topical words are neither as
    /// common as "said" nor as rare as a hapax.
    pub(crate) fn topical<R: Rng>(&self, rng: &mut R) -> &str {
        let content = self.ranked.len() - self.function;
        let (low, high) = (content / 50, (content / 5).max(content / 50 + 1));
        &self.ranked[self.function + rng.gen_range(low..high)]
    }
}

/// Everything the generator writes with.
#[derive(Debug)]
pub struct Words {
    pub(crate) lexicons: Vec<Lexicon>,
    /// Capitalised dictionary entries: given names, surnames, places.
    pub(crate) names: Vec<String>,
}

/// Debian's word-list file for a language, and the package that ships it.
fn list_file(lang: &str) -> Option<(&'static str, &'static str)> {
    Some(match lang {
        "en" => ("american-english", "wamerican"),
        "fr" => ("french", "wfrench"),
        "de" => ("ngerman", "wngerman"),
        "es" => ("spanish", "wspanish"),
        "it" => ("italian", "witalian"),
        "pt" => ("portuguese", "wportuguese"),
        "nl" => ("dutch", "wdutch"),
        _ => return None,
    })
}

impl Words {
    /// Reads the word lists of `langs` from `dir` (Debian's `/usr/share/dict`),
    /// and the English list for names. `seed` fixes which content words are
    /// frequent.
    pub fn load(dir: &Path, langs: &[String], seed: u64) -> Result<Words> {
        let read = |lang: &str| -> Result<(PathBuf, String)> {
            let (file, package) = list_file(lang).ok_or_else(|| Error::Lang(lang.into()))?;
            let path = dir.join(file);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok((path, text)),
                Err(source) => Err(Error::WordList {
                    path,
                    package,
                    source,
                }),
            }
        };
        let (path, english) = read("en")?;
        let names = names(&english);
        if names.len() < 100 {
            return Err(Error::TooFew {
                path,
                what: "names",
            });
        }
        let mut lexicons = Vec::with_capacity(langs.len());
        for lang in langs {
            let (path, text) = read(lang)?;
            lexicons.push(Lexicon::new(lang, &text, seed).ok_or(Error::TooFew {
                path,
                what: "content words",
            })?);
        }
        Ok(Words { lexicons, names })
    }
}

impl Lexicon {
    fn new(lang: &str, list: &str, seed: u64) -> Option<Lexicon> {
        let function: Vec<String> = stop_words::lookup(lang)
            .unwrap_or_default()
            .iter()
            .filter(|w| w.chars().all(char::is_alphabetic))
            .map(|w| w.to_string())
            .collect();
        let stop: HashSet<&str> = function.iter().map(String::as_str).collect();
        // German writes its nouns with a capital, so capitalised entries are
        // content words there; elsewhere they are names.
        let nouns_capitalised = lang == "de";
        let mut content: Vec<String> = list
            .lines()
            .map(str::trim)
            .filter(|w| (3..=LONGEST_WORD).contains(&w.chars().count()))
            .filter(|w| w.chars().all(char::is_alphabetic))
            .filter(|w| nouns_capitalised || w.chars().all(char::is_lowercase))
            .filter(|w| !stop.contains(w))
            .map(str::to_string)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if content.len() < MIN_CONTENT_WORDS {
            return None;
        }
        // Which words are frequent is drawn once per seed: word lists are
        // alphabetical, and no list of real frequencies ships for every
        // language.
        content.sort_unstable();
        let mut order = crate::rng(seed, crate::Stream::Vocabulary, 0);
        content.shuffle(&mut order);
        let mut function = function;
        function.shuffle(&mut order);
        let ranked: Vec<String> = function.iter().cloned().chain(content).collect();
        let zipf = Zipf::new(ranked.len() as u64, ZIPF_EXPONENT).ok()?;
        Some(Lexicon {
            lang: lang.to_string(),
            function: function.len(),
            ranked,
            zipf,
        })
    }
}

/// Capitalised single words of a word list, without possessives.
fn names(list: &str) -> Vec<String> {
    let mut names: Vec<String> = list
        .lines()
        .map(str::trim)
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_lowercase())
        })
        .map(str::to_string)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// A name drawn uniformly.
pub(crate) fn name<'w, R: Rng>(words: &'w Words, rng: &mut R) -> &'w str {
    &words.names[rng.gen_range(0..words.names.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn lexicon() -> Lexicon {
        let list: String = (0..2000u32)
            .map(|i| {
                let letters: String = (0..4)
                    .map(|k| char::from(b'a' + (i / 26u32.pow(k) % 26) as u8))
                    .collect();
                format!("mot{letters}\n")
            })
            .collect();
        Lexicon::new("fr", &list, 7).expect("enough words")
    }

    #[test]
    fn function_words_rank_first_and_are_drawn_most() {
        let lex = lexicon();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let draws: Vec<&str> = (0..5000).map(|_| lex.word(&mut rng)).collect();
        let function = draws
            .iter()
            .filter(|w| lex.ranked[..lex.function].iter().any(|f| f == *w))
            .count();
        // A few hundred function words take well over a third of running text.
        assert!(function > 5000 / 3, "{function} function words in 5000");
        assert!(draws.iter().all(|w| !w.is_empty()));
    }

    #[test]
    fn topical_words_are_content_words() {
        let lex = lexicon();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        for _ in 0..200 {
            let w = lex.topical(&mut rng);
            assert!(w.starts_with("mot"), "{w}");
        }
    }

    #[test]
    fn names_are_capitalised_plain_words() {
        let found = names("Paris\nparis\nO'Brien\nAl\nBerlin's\nMadrid\nMADRID\n");
        assert_eq!(found, ["Madrid", "Paris"]);
    }
}
