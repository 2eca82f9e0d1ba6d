//! Article → Doc: the features the engine compares — content stems, named
//! entities with their variants merged, and a MinHash sketch of the wording.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use gaoya::minhash::{MinHasher, MinHasher32};
use serde::Deserialize;

use crate::lang::{self, Profile};
use crate::model::{Article, Doc, Term};
use crate::text;

/// Number of hash functions in a document's MinHash sketch.
pub(crate) const SKETCH_LEN: usize = 128;

/// Settings of the analysis stage.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalyzeSettings {
    /// Words per shingle in the copy-detection sketch.
    pub shingle_words: usize,
}

impl Default for AnalyzeSettings {
    fn default() -> Self {
        AnalyzeSettings { shingle_words: 3 }
    }
}

/// Analyses an article.
pub fn analyze(article: Article, settings: &AnalyzeSettings) -> Doc {
    let profile = lang::profile(article.lang);
    let body_terms = content_terms(&article.body, profile);
    let title_terms = content_terms(&article.title, profile);
    let entities = entities(&article.title, &article.body, profile);
    let sketch = sketch(&article.body, profile, settings.shingle_words);
    Doc {
        article,
        body_terms,
        title_terms,
        entities,
        sketch,
    }
}

/// A stable 64-bit hash (FNV-1a): the same term hashes alike on every run and
/// machine, which keeps output byte-for-byte reproducible.
pub fn term(text: &str) -> Term {
    let mut hasher = fnv::FnvHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Stems of the content words, accents folded, with their counts.
fn content_terms(text: &str, profile: &Profile) -> Vec<(Term, u32)> {
    let mut found_terms: Vec<Term> = Vec::new();
    TERMS.with_borrow_mut(|cache| {
        // Profiles live as long as the program: one cache each, by address.
        let cache = cache
            .entry(std::ptr::from_ref(profile) as usize)
            .or_default();
        if cache.len() > TERM_CACHE_WORDS {
            cache.clear();
        }
        let mut lower = String::new();
        for word in raw_words(text) {
            let word = lower_case(word, &mut lower);
            let found = match cache.get(word) {
                Some(found) => *found,
                None => {
                    let found = content_term(word, profile);
                    cache.insert(word.into(), found);
                    found
                }
            };
            found_terms.extend(found);
        }
    });
    // Sorted, then counted run by run.
    found_terms.sort_unstable();
    let mut counts: Vec<(Term, u32)> = Vec::new();
    for t in found_terms {
        match counts.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => counts.push((t, 1)),
        }
    }
    counts
}

/// Words cached per thread and language before the cache starts over: a
/// bound on its memory (the cache only saves work, it changes no result).
const TERM_CACHE_WORDS: usize = 200_000;

/// Lower-case words of one language and their content terms.
type TermCache = HashMap<Box<str>, Option<Term>, fnv::FnvBuildHasher>;

thread_local! {
    /// Each lower-case word's content term (`None`: not a content word), per
    /// language profile. Stemming and folding are most of the analysis;
    /// news text repeats its words.
    static TERMS: std::cell::RefCell<HashMap<usize, TermCache>> = std::cell::RefCell::default();
}

/// The term of a lower-case word, or `None` for a stop word, an elision, a
/// one-letter word or a number.
fn content_term(word: &str, profile: &Profile) -> Option<Term> {
    if profile.is_elision(word)
        || profile.is_stop_word(word)
        || word.chars().nth(1).is_none()
        || word.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(term(&lang::fold(&profile.stem(word))))
}

/// The words of a text as [`lang::words`] splits it, as written.
fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// `word` in lower case, in `buffer` when it needs changing.
fn lower_case<'a>(word: &'a str, buffer: &'a mut String) -> &'a str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buffer.clear();
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        *buffer = word.to_lowercase();
    }
    buffer
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    aliases: HashMap<String, String>,
}

/// The key of a name variant: `poutine` → `putin`. The table is data
/// (`data/aliases.toml`), folded on load.
pub fn alias(folded: &str) -> &str {
    static ALIASES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let aliases = ALIASES.get_or_init(|| {
        let file: AliasFile = toml::from_str(include_str!("../data/aliases.toml"))
            .unwrap_or_else(|e| panic!("data/aliases.toml is malformed: {e}"));
        file.aliases
            .into_iter()
            .map(|(k, v)| (lang::fold(&k), lang::fold(&v)))
            .collect()
    });
    aliases.get(folded).map_or(folded, String::as_str)
}

/// Named entities: the words of name runs (capitalised words that are not
/// sentence-initial common words, calendar words or stop words; see
/// [`text::name_runs`]). Each word of a name counts as a key of its own, so
/// "Joe Biden" and "Biden" meet on `biden`.
fn entities(title: &str, body: &str, profile: &Profile) -> Vec<(String, u32)> {
    let text = format!("{title}\n{body}");
    let lower = text::lower_case_words(&text);
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for sentence in text::sentences(&text, false) {
        for run in text::name_runs(&text, sentence, profile, &lower, 70) {
            for word in &run.words {
                let key = lang::fold(word.text);
                *counts.entry(alias(&key).to_string()).or_default() += 1;
            }
        }
    }
    counts.into_iter().collect()
}

/// MinHash of the text's word shingles (stop words kept: they carry the
/// wording that tells a copy from a rewrite).
fn sketch(text: &str, profile: &Profile, shingle_words: usize) -> Vec<u32> {
    static HASHER: OnceLock<MinHasher32<fnv::FnvBuildHasher>> = OnceLock::new();
    let hasher = HASHER.get_or_init(|| MinHasher32::new(SKETCH_LEN));
    // The folded words joined by spaces, and where each lies: a shingle is
    // a slice of it, hashed as the joined words would be, without a string
    // of its own.
    let (mut joined, mut spans, mut lower) = (String::new(), Vec::new(), String::new());
    for word in raw_words(text) {
        let word = lower_case(word, &mut lower);
        if profile.is_elision(word) {
            continue;
        }
        if !spans.is_empty() {
            joined.push(' ');
        }
        let start = joined.len();
        if word.is_ascii() {
            joined.push_str(word);
        } else {
            joined.push_str(&lang::fold(word));
        }
        spans.push((start, joined.len()));
    }
    let n = shingle_words.max(1);
    if spans.len() < n {
        return hasher.create_signature(std::iter::once(joined.as_str()));
    }
    hasher.create_signature(spans.windows(n).map(|w| &joined[w[0].0..w[n - 1].1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn names(lang: &str, title: &str, body: &str) -> Vec<String> {
        let profile = lang::profile(Lang::from_code(lang).expect("lang"));
        entities(title, body, profile)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn entities_skip_sentence_starts_and_merge_variants() {
        let got = names(
            "fr",
            "Biden et Poutine",
            "Le conseiller du Kremlin Iouri Ouchakov a parlé jeudi.Les deux dirigeants ont parlé de l'Otan. Les Etats-Unis répondront.",
        );
        assert_eq!(
            got,
            ["biden", "etats", "kremlin", "nato", "putin", "unis", "ushakov", "yuri"]
        );
    }

    #[test]
    fn title_case_lines_give_no_entities() {
        assert!(names(
            "fr",
            "Le Kremlin Dit Que Le Président Accepte Les Pourparlers",
            "rien ici."
        )
        .is_empty());
    }

    #[test]
    fn english_sentence_initial_common_words_are_not_names() {
        let got = names(
            "en",
            "",
            "The man fled, police said. Police officers in Boston found him on Tuesday.",
        );
        assert_eq!(got, ["boston"]);
    }

    #[test]
    fn copies_have_close_sketches() {
        let profile = lang::profile(Lang::from_code("en").expect("en"));
        let a = sketch("The storm hit the harbour city on Monday and left thousands without power, officials said.", profile, 3);
        let b = sketch("The storm hit the harbour city on Monday and left thousands without power, the mayor said.", profile, 3);
        let c = sketch(
            "Markets rallied after the central bank kept rates unchanged for a third month.",
            profile,
            3,
        );
        let same = |x: &[u32], y: &[u32]| x.iter().zip(y).filter(|(p, q)| p == q).count();
        assert!(same(&a, &b) > same(&a, &c) + 40);
    }
}
