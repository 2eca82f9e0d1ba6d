//! Article → Doc: the features the engine compares — content stems, named
//! entities with their variants merged, and a MinHash sketch of the wording.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use gaoya::minhash::{MinHasher, MinHasher32};
use serde::Deserialize;

use crate::lang::{self, Profile};
use crate::lexicon::{name_key, Dictionary, Lexicon};
use crate::model::{Article, Doc, Term};
use crate::text;

/// Number of hash functions in a document's MinHash sketch.
pub(crate) const SKETCH_LEN: usize = 128;

/// Settings of the analysis stage.
#[derive(Clone, Debug)]
pub struct AnalyzeSettings {
    /// Words per shingle in the copy-detection sketch.
    pub shingle_words: usize,
    /// Bilingual dictionaries into the pivot language, when there are any:
    /// without them, articles in different languages meet only on names,
    /// numbers, days and words spelled alike.
    pub lexicon: Option<Arc<Lexicon>>,
}

impl PartialEq for AnalyzeSettings {
    fn eq(&self, other: &Self) -> bool {
        let same_lexicon = match (&self.lexicon, &other.lexicon) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.shingle_words == other.shingle_words && same_lexicon
    }
}

impl Default for AnalyzeSettings {
    fn default() -> Self {
        AnalyzeSettings {
            shingle_words: 3,
            lexicon: None,
        }
    }
}

/// Analyses an article.
pub fn analyze(article: Article, settings: &AnalyzeSettings) -> Doc {
    let profile = lang::profile(article.lang);
    let dict = settings.lexicon.as_ref().and_then(|l| l.get(article.lang));
    let body = content_terms(&article.body, profile, dict);
    let mut title = content_terms(&article.title, profile, dict);
    // A title that names the site instead of the news: the URL's slug often
    // still spells the headline.
    let slug = article
        .url
        .as_deref()
        .filter(|url| text::title_names_site(&article.title, url))
        .and_then(text::url_slug);
    if let Some(slug) = slug {
        title.add_missing(content_terms(&slug, profile, dict));
    }
    let entities = entities(&article.title, &article.body, profile, dict);
    let sketch = sketch(&article.body, profile, settings.shingle_words);
    Doc {
        article,
        body_terms: body.native,
        title_terms: title.native,
        pivot_terms: body.pivot,
        pivot_title: title.pivot,
        entities,
        sketch,
    }
}

/// A stable hash of a term (64-bit FNV-1a, its halves folded into one): the
/// same term hashes alike on every run and machine, which keeps output
/// byte-for-byte reproducible.
pub fn term(text: &str) -> Term {
    let h = word_key(text);
    (h ^ (h >> 32)) as Term
}

/// The 64-bit hash of a word, a key that stands for its text: two words
/// share one about once in 2⁶⁴ pairs.
fn word_key(text: &str) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The content words of a text, as stems of its language and as terms of
/// the pivot language, with their counts (sorted by term).
struct Terms {
    native: Vec<(Term, u32)>,
    pivot: Vec<(Term, u32)>,
}

/// Stems of the content words, accents folded, with their counts; and the
/// same words in the pivot language: a word the dictionary knows becomes its
/// translations' stems, any other (names, words spelled alike) stays as it
/// is, and numbers of two digits or more count too, as `#digits`.
fn content_terms(text: &str, profile: &Profile, dict: Option<&Dictionary>) -> Terms {
    let (mut native, mut pivot): (Vec<Term>, Vec<Term>) = (Vec::new(), Vec::new());
    TERMS.with_borrow_mut(|cache| {
        // Profiles and dictionaries live as long as the run: one cache for
        // each pair, by address.
        let key = (
            std::ptr::from_ref(profile) as usize,
            dict.map_or(0, |d| std::ptr::from_ref(d) as usize),
        );
        let cache = cache.entry(key).or_default();
        if cache.len() > TERM_CACHE_WORDS {
            cache.clear();
        }
        let mut lower = String::new();
        for word in raw_words(text) {
            let word = lower_case(word, &mut lower);
            let mut take = |found: &WordTerms| {
                native.extend(found.native);
                pivot.extend(found.pivot.iter().copied());
            };
            // Keyed by the word's hash, not the word: a table of 100,000
            // words is far larger than the processor's caches, and each
            // key compared by its text was a miss more.
            match cache.entry(word_key(word)) {
                Entry::Occupied(found) => take(found.get()),
                Entry::Vacant(slot) => take(slot.insert(word_terms(word, profile, dict))),
            }
        }
    });
    Terms {
        native: counted(native),
        pivot: counted(pivot),
    }
}

impl Terms {
    /// Adds, once each, the terms of `other` this one lacks.
    fn add_missing(&mut self, other: Terms) {
        for (mine, theirs) in [
            (&mut self.native, other.native),
            (&mut self.pivot, other.pivot),
        ] {
            let missing: Vec<(Term, u32)> = theirs
                .into_iter()
                .filter(|(t, _)| mine.binary_search_by_key(t, |(u, _)| *u).is_err())
                .map(|(t, _)| (t, 1))
                .collect();
            mine.extend(missing);
            mine.sort_unstable_by_key(|(t, _)| *t);
        }
    }
}

/// Terms with their counts, sorted by term.
fn counted(mut terms: Vec<Term>) -> Vec<(Term, u32)> {
    terms.sort_unstable();
    let mut counts: Vec<(Term, u32)> = Vec::new();
    for t in terms {
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

/// What one lower-case word gives: its term in its language (`None`: not a
/// content word) and its terms in the pivot language.
#[derive(Default)]
struct WordTerms {
    native: Option<Term>,
    pivot: Box<[Term]>,
}

/// Lower-case words of one language (and dictionary), by their hash, and
/// their terms.
type TermCache = HashMap<u64, WordTerms, fnv::FnvBuildHasher>;

thread_local! {
    /// Each lower-case word's terms, per language profile and dictionary.
    /// Stemming and folding are most of the analysis; news text repeats its
    /// words.
    static TERMS: std::cell::RefCell<HashMap<(usize, usize), TermCache>> =
        std::cell::RefCell::default();
}

/// The terms of a lower-case word: none for a stop word, an elision or a
/// one-letter word; a number of two digits or more only in the pivot
/// language.
fn word_terms(word: &str, profile: &Profile, dict: Option<&Dictionary>) -> WordTerms {
    if profile.is_elision(word) || profile.is_stop_word(word) {
        return WordTerms::default();
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        let pivot: Box<[Term]> = if word.len() >= 2 {
            Box::new([term(&format!("#{word}"))])
        } else {
            Box::new([])
        };
        return WordTerms {
            native: None,
            pivot,
        };
    }
    if word.chars().nth(1).is_none() {
        return WordTerms::default();
    }
    let stem = lang::fold(&profile.stem(word));
    let t = term(&stem);
    let pivot = dict
        .and_then(|d| d.word(&stem))
        .map_or_else(|| Box::from([t]), Box::from);
    WordTerms {
        native: Some(t),
        pivot,
    }
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
///
/// Names are keyed in the pivot language where the dictionary knows them,
/// a whole run first ("Estados Unidos" → `united`, `states`, `america`),
/// then word by word ("Allemagne" → `germany`); names in other scripts are
/// transliterated (Путин → `putin`).
fn entities(
    title: &str,
    body: &str,
    profile: &Profile,
    dict: Option<&Dictionary>,
) -> Vec<(String, u32)> {
    let text = format!("{title}\n{body}");
    let lower = text::lower_case_words(&text);
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut count = |key: &str| *counts.entry(alias(key).to_string()).or_default() += 1;
    for sentence in text::sentences(&text, false) {
        for run in text::name_runs(&text, sentence, profile, &lower, 70) {
            if run.words.len() > 1 {
                let whole: Vec<&str> = run.words.iter().map(|w| w.text).collect();
                if let Some(words) = dict.and_then(|d| d.name(&name_key(&whole.join(" ")))) {
                    words.iter().for_each(|w| count(w));
                    continue;
                }
            }
            for word in &run.words {
                let key = lang::fold(&latin(word.text));
                match dict.map(|d| (d.name(&key), d)) {
                    Some((Some(words), _)) => words.iter().for_each(|w| count(w)),
                    // Where nouns are capitalised, a word the dictionary
                    // knows as a common word is one ("Präsident").
                    Some((None, d))
                        if profile.nouns_capitalised
                            && d.word(&lang::fold(&profile.stem(&key))).is_some() => {}
                    _ => count(&key),
                }
            }
        }
    }
    counts.into_iter().collect()
}

/// A word in the Latin script: others are transliterated.
fn latin(word: &str) -> std::borrow::Cow<'_, str> {
    if word
        .chars()
        .all(|c| c.is_ascii() || ('\u{00C0}'..'\u{0250}').contains(&c))
    {
        word.into()
    } else {
        deunicode::deunicode(word).into()
    }
}

/// MinHash of the text's word shingles (stop words kept: they carry the
/// wording that tells a copy from a rewrite), each value cut to its low 16
/// bits (b-bit minwise hashing, Li & König 2010): half the memory, and two
/// different minima agree only once in 65,536 times, so that of the 128
/// values of two unrelated texts about 0.002 agree by chance, against the
/// 64 that the copy threshold (0.5) asks for.
fn sketch(text: &str, profile: &Profile, shingle_words: usize) -> Vec<u16> {
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
    let full = if spans.len() < n {
        hasher.create_signature(std::iter::once(joined.as_str()))
    } else {
        hasher.create_signature(spans.windows(n).map(|w| &joined[w[0].0..w[n - 1].1]))
    };
    full.into_iter().map(|v| v as u16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn names(lang: &str, title: &str, body: &str) -> Vec<String> {
        let profile = lang::profile(Lang::from_code(lang).expect("lang"));
        entities(title, body, profile, None)
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
    fn names_meet_across_languages_and_scripts() {
        let es = names("es", "", "El presidente Putín habló en Kiev de la OTAN.");
        let de = names(
            "de",
            "",
            "Der Präsident Putin sprach in Kiew über die Nato.",
        );
        let de = de
            .into_iter()
            .filter(|k| k != "prasident")
            .collect::<Vec<_>>();
        let ru = names("en", "", "The president Путин spoke in Киев about НАТО.");
        for got in [&es, &de, &ru] {
            assert_eq!(got, &["kyiv", "nato", "putin"], "{es:?} {de:?} {ru:?}");
        }
    }

    #[test]
    fn german_nouns_the_dictionary_knows_are_not_names() {
        let de = Lang::from_code("de").expect("de");
        let dict = Dictionary::from_pairs(
            de,
            &[
                ("Präsident", "president"),
                ("Lage", "situation"),
                ("Deutschland", "Germany"),
            ],
        );
        let profile = lang::profile(de);
        let text = "Der Präsident Putin sprach gestern in Deutschland über die Lage.";
        let got: Vec<String> = entities("", text, profile, Some(&dict))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(got, ["germany", "putin"]);
        let without: Vec<String> = entities("", text, profile, None)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(without, ["deutschland", "lage", "prasident", "putin"]);
    }

    #[test]
    fn a_title_that_names_only_the_site_takes_the_words_of_the_url() {
        let en = Lang::from_code("en").expect("en");
        let article = |title: &str, url: Option<&str>| Article {
            id: "a".into(),
            path: "a.json".into(),
            title: title.into(),
            body: "Copyright 2018 ABC News Internet Ventures.".into(),
            lang: en,
            published: None,
            mentions: Vec::new(),
            weekdays: Vec::new(),
            url: url.map(str::to_string),
            outlet: None,
        };
        let url = "http://abcnews.go.com/Technology/wireStory/russian-experts-regain-control-angola-satellite-52044233";
        let bare = analyze(article("ABC News", None), &AnalyzeSettings::default());
        let slugged = analyze(article("ABC News", Some(url)), &AnalyzeSettings::default());
        let headline = analyze(
            article("Russian experts regain control of Angola satellite", None),
            &AnalyzeSettings::default(),
        );
        let has = |doc: &Doc, t: Term| doc.title_terms.iter().any(|(u, _)| *u == t);
        for (t, _) in &headline.title_terms {
            assert!(!has(&bare, *t));
            assert!(has(&slugged, *t));
        }
        // A headline keeps its own words: the slug is read only when the
        // title names the site.
        let both = analyze(
            article(
                "Russian experts regain control of Angola satellite",
                Some("https://abcnews.go.com/International/angola-satellite-launch-baikonur-1"),
            ),
            &AnalyzeSettings::default(),
        );
        assert_eq!(both.title_terms, headline.title_terms);
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
        let same = |x: &[u16], y: &[u16]| x.iter().zip(y).filter(|(p, q)| p == q).count();
        assert!(same(&a, &b) > same(&a, &c) + 40);
    }
}
