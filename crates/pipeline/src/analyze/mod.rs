//! Article → Doc: the features the engine compares — content stems, named
//! entities with their variants merged, and a MinHash sketch of the wording.
//!
//! Each text is split into words once ([`words`]), and each lower-case word
//! looked up once in a per-thread cache of what it gives; the terms, the
//! names and the sketch ([`sketch`]) are then read from those words.

mod sketch;
pub(crate) use sketch::mix;
mod words;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::lang::{self, Profile};
use crate::lexicon::{name_key, Dictionary, Lexicon};
use crate::model::{Article, Doc, Term};
use crate::text;

pub(crate) use words::key_of;
use words::{
    fold_multiply, KeyHash, Word, AS_WRITTEN, CALENDAR, CAPITALISED, ELISION, JOINED, LONG, LOWER,
    SENTENCE, STOP,
};

/// Number of values in a document's MinHash sketch.
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
    // A title that names the site instead of the news: the URL's slug often
    // still spells the headline.
    let slug = article
        .url
        .as_deref()
        .filter(|url| text::title_names_site(&article.title, url))
        .and_then(text::url_slug);
    CACHES.with_borrow_mut(|caches| {
        // Profiles and dictionaries live as long as the run: one cache for
        // each pair, by address.
        let key = (
            std::ptr::from_ref(profile) as usize,
            dict.map_or(0, |d| std::ptr::from_ref(d) as usize),
        );
        let cache = caches.entry(key).or_default();
        cache.words.bound();
        cache.names.bound();
        let body = cache.words.read(&article.body, profile, dict);
        let title = cache.words.read(&article.title, profile, dict);
        let texts = [
            (&article.title[..], &title.words[..]),
            (&article.body, &body.words),
        ];
        let entities = entities(texts, profile, dict, &mut cache.names);
        let wording: Vec<u64> = body
            .words
            .iter()
            .filter(|w| w.flags & ELISION == 0)
            .map(|w| w.folded)
            .collect();
        let sketch = sketch::sketch(&wording, settings.shingle_words);
        let mut title = Terms::new(title.native, title.pivot);
        if let Some(slug) = slug {
            let slug = cache.words.read(&slug, profile, dict);
            title.add_missing(Terms::new(slug.native, slug.pivot));
        }
        let body = Terms::new(body.native, body.pivot);
        Doc {
            article,
            body_terms: body.native,
            title_terms: title.native,
            pivot_terms: body.pivot,
            pivot_title: title.pivot,
            entities,
            sketch,
        }
    })
}

/// What one thread knows of the words of one language (and dictionary).
#[derive(Default)]
struct Cache {
    words: words::Cache,
    names: Names,
}

thread_local! {
    /// What each thread knows of the words, per language profile and
    /// dictionary (by address).
    static CACHES: std::cell::RefCell<HashMap<(usize, usize), Cache>> =
        std::cell::RefCell::default();
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
/// the pivot language, with their counts (sorted by term): stems of the
/// content words, accents folded; and the same words in the pivot
/// language: a word the dictionary knows becomes its translations' stems,
/// any other (names, words spelled alike) stays as it is, and numbers of
/// two digits or more count too, as `#digits` (see [`words`]).
struct Terms {
    native: Vec<(Term, u32)>,
    pivot: Vec<(Term, u32)>,
}

impl Terms {
    fn new(native: Vec<Term>, pivot: Vec<Term>) -> Terms {
        Terms {
            native: counted(native),
            pivot: counted(pivot),
        }
    }

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

/// Numbers with their counts, sorted by number.
fn counted(mut terms: Vec<u32>) -> Vec<(u32, u32)> {
    terms.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for t in terms {
        match counts.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => counts.push((t, 1)),
        }
    }
    counts
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
        let file: AliasFile = toml::from_str(include_str!("../../data/aliases.toml"))
            .unwrap_or_else(|e| panic!("data/aliases.toml is malformed: {e}"));
        file.aliases
            .into_iter()
            .map(|(k, v)| (lang::fold(&k), lang::fold(&v)))
            .collect()
    });
    aliases.get(folded).map_or(folded, String::as_str)
}

/// Named entities of a title and a body: the words of name runs
/// (capitalised words that are not sentence-initial common words, calendar
/// words or stop words; see [`text::name_runs`], whose runs [`name_runs`]
/// finds from the words). Each word of a name counts as a key of its own,
/// so "Joe Biden" and "Biden" meet on `biden`.
///
/// Names are keyed in the pivot language where the dictionary knows them,
/// a whole run first ("Estados Unidos" → `united`, `states`, `america`),
/// then word by word ("Allemagne" → `germany`); names in other scripts are
/// transliterated (Путин → `putin`).
fn entities(
    texts: [(&str, &[Word]); 2],
    profile: &Profile,
    dict: Option<&Dictionary>,
    names: &mut Names,
) -> Vec<(String, u32)> {
    // A capitalised sentence start that the text also writes in lower case
    // is a common word, not a name.
    let lower = lower_firsts(texts);
    let mut runs: Vec<(&str, &[Word])> = Vec::new();
    for (text, words) in texts {
        for sentence in words.chunk_by(|_, next| next.flags & SENTENCE == 0) {
            for run in name_runs(sentence, &lower) {
                runs.push((text, &sentence[run]));
            }
        }
    }
    // Where nouns are capitalised, a common word may be a surname ("Antony
    // Blinken": *blinken*, to flash), here and wherever the text writes it
    // so (see [`Names::surnames`]).
    let mut surnames: Vec<u64> = Vec::new();
    if profile.nouns_capitalised {
        for (text, run) in &runs {
            names.surnames(text, run, profile, dict, &mut surnames);
        }
        surnames.sort_unstable();
    }
    let mut found: Vec<u32> = Vec::new();
    for (text, run) in &runs {
        names.find(text, run, profile, dict, &surnames, &mut found);
    }
    let mut entities: Vec<(String, u32)> = counted(found)
        .into_iter()
        .map(|(number, n)| (names.keys[number as usize].clone(), n))
        .collect();
    // Two numbers never share a key.
    entities.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    entities
}

/// Of the first words of the sentences of `texts` (elisions aside), the
/// keys of those the texts also write in lower case (as written), sorted:
/// all that [`name_runs`] asks of the words written in lower case. A text
/// has many words and few sentences: a word in lower case is looked up
/// among the first words only when it passes their filter (256 bits).
fn lower_firsts(texts: [(&str, &[Word]); 2]) -> Vec<u64> {
    let mut firsts: Vec<u64> = texts
        .iter()
        .flat_map(|(_, words)| {
            words
                .chunk_by(|_, next| next.flags & SENTENCE == 0)
                .filter_map(|sentence| sentence.iter().find(|w| w.flags & ELISION == 0))
                .map(|w| w.key)
        })
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    let bit = |key: u64| {
        let b = fold_multiply(key) >> 56;
        ((b >> 6) as usize, 1u64 << (b & 63))
    };
    let mut filter = [0u64; 4];
    for key in &firsts {
        let (i, b) = bit(*key);
        filter[i] |= b;
    }
    let mut written = vec![false; firsts.len()];
    for (text, words) in texts {
        for w in words.iter().filter(|w| w.flags & LOWER != 0) {
            let key = if w.flags & AS_WRITTEN != 0 {
                w.key
            } else {
                key_of(&text[w.start..w.end])
            };
            let (i, b) = bit(key);
            if filter[i] & b != 0 {
                if let Ok(at) = firsts.binary_search(&key) {
                    written[at] = true;
                }
            }
        }
    }
    let mut written = written.into_iter();
    firsts.retain(|_| written.next() == Some(true));
    firsts
}

/// The runs of name words of one sentence, as ranges of its words: those
/// [`text::name_runs`] finds with `headline_percent` 70, `lower` holding
/// (sorted) the keys of the words the text writes in lower case, or at
/// least of those among them that start a sentence.
fn name_runs(sentence: &[Word], lower: &[u64]) -> Vec<Range<usize>> {
    let capitalised = sentence
        .iter()
        .filter(|w| w.flags & CAPITALISED != 0)
        .count();
    if sentence.len() >= 6 && capitalised * 100 >= sentence.len() * 70 {
        return Vec::new();
    }
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    let mut first = true;
    for (i, word) in sentence.iter().enumerate() {
        let initial = std::mem::replace(&mut first, false);
        let name = if word.flags & ELISION != 0 {
            first = initial;
            false
        } else {
            word.flags & (CAPITALISED | LONG) == CAPITALISED | LONG
                && word.flags & (STOP | CALENDAR) == 0
                && !(initial && lower.binary_search(&word.key).is_ok())
        };
        // A run ends at a word that is no name, and before a name parted
        // from the one before by more than spaces and hyphens.
        if !name || word.flags & JOINED == 0 {
            runs.extend(start.take().map(|s| s..i));
        }
        if name {
            start.get_or_insert(i);
        }
    }
    runs.extend(start.map(|s| s..sentence.len()));
    runs
}

/// Names as written and what they give, by key: their entity keys, once
/// aliases and the dictionary are applied. A name's words are folded,
/// transliterated, and looked up in the aliases and the dictionary once a
/// thread, then found here.
#[derive(Default)]
struct Names {
    /// A name word, by the key of its text as written → its keys' numbers
    /// in `lists`, and what the dictionary knows it as.
    words: HashMap<u64, NameWord, KeyHash>,
    /// A run of two name words or more, by the keys of its words → its
    /// keys' numbers in `lists`, `None` when the dictionary does not know
    /// the run as a whole.
    runs: HashMap<u64, Option<Range<u32>>, KeyHash>,
    /// Lists of key numbers, one after another.
    lists: Vec<u32>,
    /// The keys, by number.
    keys: Vec<String>,
    /// The number of each key.
    numbers: HashMap<String, u32, fnv::FnvBuildHasher>,
}

/// Of a run of name words (what the dictionary knows each as, as written,
/// and the text between two words), the place of a common word that is a
/// surname: see [`Names::surnames`].
fn surname(kinds: &[Kind], written: &[&str], gaps: &[&str], profile: &Profile) -> Option<usize> {
    let last = kinds.len().checked_sub(1)?;
    let first = last.checked_sub(1)?;
    let titled = first == 0 || kinds[first - 1] != Kind::Plain;
    let genitive = profile
        .genitive_endings
        .iter()
        .any(|e| written[first].ends_with(e.as_str()));
    (kinds[last] == Kind::Common
        && kinds[first] == Kind::Plain
        && titled
        && !genitive
        && gaps[first].contains(' '))
    .then_some(last)
}

/// A name word as found: its keys, and what the dictionary knows it as.
#[derive(Clone)]
struct NameWord {
    keys: Range<u32>,
    kind: Kind,
}

/// What the dictionary knows a name word as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A name the dictionary spells in the pivot language ("Allemagne").
    Spelled,
    /// A word the dictionary does not know: a name as it is written.
    Plain,
    /// Where nouns are capitalised, a word the dictionary knows as a common
    /// word ("Präsident"): its keys count only for a surname.
    Common,
}

/// Names cached per thread and language before the cache starts over.
const CACHE_NAMES: usize = 100_000;

impl Names {
    /// Starts over when the cache holds too many names. Only between two
    /// texts: the key numbers found in a text must stand until its keys
    /// are read.
    fn bound(&mut self) {
        if self.words.len() + self.runs.len() > CACHE_NAMES {
            *self = Names::default();
        }
    }

    /// The keys of a run of name words of `text` that the dictionary knows
    /// as a whole ("Estados Unidos"), if it does.
    fn whole(&mut self, text: &str, run: &[Word], dict: Option<&Dictionary>) -> Option<Range<u32>> {
        let written = |w: &Word| &text[w.start..w.end];
        let (Some(d), true) = (dict, run.len() > 1) else {
            return None;
        };
        let key = run
            .iter()
            .fold(0, |h, w| fold_multiply(h ^ key_of(written(w))));
        match self.runs.get(&key) {
            Some(keys) => keys.clone(),
            None => {
                let whole: Vec<&str> = run.iter().map(written).collect();
                let keys = d
                    .name(&name_key(&whole.join(" ")))
                    .map(|spelling| self.list(spelling.split(' ')));
                self.runs.insert(key, keys.clone());
                keys
            }
        }
    }

    /// A name word of `text`, as the dictionary knows it.
    fn word(
        &mut self,
        text: &str,
        word: &Word,
        profile: &Profile,
        dict: Option<&Dictionary>,
    ) -> NameWord {
        let written = &text[word.start..word.end];
        let key = key_of(written);
        if let Some(known) = self.words.get(&key) {
            return known.clone();
        }
        let folded = lang::fold(&latin(written));
        let known = match dict.map(|d| (d.name(&folded), d)) {
            Some((Some(spelling), _)) => NameWord {
                keys: self.list(spelling.split(' ')),
                kind: Kind::Spelled,
            },
            // Where nouns are capitalised, a word the dictionary knows as
            // a common word is one ("Präsident").
            Some((None, d))
                if profile.nouns_capitalised
                    && d.word(&lang::fold(&profile.stem(&folded))).is_some() =>
            {
                NameWord {
                    keys: self.list(std::iter::once(folded.as_str())),
                    kind: Kind::Common,
                }
            }
            _ => NameWord {
                keys: self.list(std::iter::once(folded.as_str())),
                kind: Kind::Plain,
            },
        };
        self.words.insert(key, known.clone());
        known
    }

    /// Adds to `surnames` the key (as written) of the common word that ends
    /// a run, after a space and a first name: a name the dictionary does
    /// not know, not in the genitive (the language's `genitive_endings`),
    /// and first or after a title ("Außenminister Antony Blinken"). Not
    /// "US-Außenminister" (a compound), "Djokovics Anwälte" (his lawyers),
    /// nor "Sergej Lawrow Ende Januar" (a name, then the sentence goes on).
    fn surnames(
        &mut self,
        text: &str,
        run: &[Word],
        profile: &Profile,
        dict: Option<&Dictionary>,
        surnames: &mut Vec<u64>,
    ) {
        if self.whole(text, run, dict).is_some() {
            return;
        }
        let kinds: Vec<Kind> = run
            .iter()
            .map(|w| self.word(text, w, profile, dict).kind)
            .collect();
        let written: Vec<&str> = run.iter().map(|w| &text[w.start..w.end]).collect();
        let gaps: Vec<&str> = run
            .windows(2)
            .map(|p| &text[p[0].end..p[1].start])
            .collect();
        if let Some(at) = surname(&kinds, &written, &gaps, profile) {
            surnames.push(key_of(written[at]));
        }
    }

    /// Adds to `found` the numbers of the keys of a run of name words of
    /// `text`; a common word counts when `surnames` (sorted) holds it.
    fn find(
        &mut self,
        text: &str,
        run: &[Word],
        profile: &Profile,
        dict: Option<&Dictionary>,
        surnames: &[u64],
        found: &mut Vec<u32>,
    ) {
        if let Some(keys) = self.whole(text, run, dict) {
            found.extend_from_slice(&self.lists[keys.start as usize..keys.end as usize]);
            return;
        }
        for word in run {
            let known = self.word(text, word, profile, dict);
            let counts = known.kind != Kind::Common
                || surnames
                    .binary_search(&key_of(&text[word.start..word.end]))
                    .is_ok();
            if counts {
                let keys = known.keys;
                found.extend_from_slice(&self.lists[keys.start as usize..keys.end as usize]);
            }
        }
    }

    /// The numbers of the keys of these names (see [`name_word_key`]), as
    /// a list.
    fn list<'a>(&mut self, names: impl Iterator<Item = &'a str>) -> Range<u32> {
        let start = self.lists.len() as u32;
        for name in names {
            let key = name_word_key(name);
            let number = match self.numbers.get(&key) {
                Some(number) => *number,
                None => {
                    let number = self.keys.len() as u32;
                    self.keys.push(key.clone());
                    self.numbers.insert(key, number);
                    number
                }
            };
            self.lists.push(number);
        }
        start..self.lists.len() as u32
    }
}

/// The entity key of one folded name word, as the comparison of sources
/// keys it: the aliases, then the transliteration rewrites
/// (`data/names.toml`), so that "Lawrow" meets "Lavrov", "Rjabkow"
/// "Ryabkov" and "Tokaïev" "Tokayev".
fn name_word_key(word: &str) -> String {
    crate::compare::entities::key_with(&[word.to_string()], crate::compare::rules::names())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    /// The entities of a title and a body, read with a cache of their own.
    fn entities_of(
        title: &str,
        body: &str,
        profile: &Profile,
        dict: Option<&Dictionary>,
    ) -> Vec<(String, u32)> {
        let mut cache = Cache::default();
        let title_words = cache.words.read(title, profile, dict).words;
        let body_words = cache.words.read(body, profile, dict).words;
        let texts = [(title, &title_words[..]), (body, &body_words[..])];
        entities(texts, profile, dict, &mut cache.names)
    }

    fn names(lang: &str, title: &str, body: &str) -> Vec<String> {
        let profile = lang::profile(Lang::from_code(lang).expect("lang"));
        entities_of(title, body, profile, None)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    /// The entities as they were found from the text itself, with
    /// [`text::sentences`] and [`text::name_runs`]: what [`entities`] must
    /// find from the words.
    fn entities_from_the_text(
        title: &str,
        body: &str,
        profile: &Profile,
        dict: Option<&Dictionary>,
    ) -> Vec<(String, u32)> {
        let text = format!("{title}\n{body}");
        let lower = text::lower_case_words(&text);
        let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
        let mut count = |key: &str| *counts.entry(name_word_key(key)).or_default() += 1;
        let runs: Vec<Vec<text::Token>> = text::sentences(&text, false)
            .into_iter()
            .flat_map(|sentence| text::name_runs(&text, sentence, profile, &lower, 70))
            .map(|run| run.words)
            .collect();
        let whole = |run: &[text::Token]| {
            let words: Vec<&str> = run.iter().map(|w| w.text).collect();
            (run.len() > 1)
                .then(|| dict.and_then(|d| d.name(&name_key(&words.join(" ")))))
                .flatten()
        };
        let kind = |word: &str| {
            let key = lang::fold(&latin(word));
            match dict.map(|d| (d.name(&key), d)) {
                Some((Some(_), _)) => Kind::Spelled,
                Some((None, d))
                    if profile.nouns_capitalised
                        && d.word(&lang::fold(&profile.stem(&key))).is_some() =>
                {
                    Kind::Common
                }
                _ => Kind::Plain,
            }
        };
        let surnames: std::collections::HashSet<&str> = runs
            .iter()
            .filter(|run| whole(run).is_none())
            .filter_map(|run| {
                let kinds: Vec<Kind> = run.iter().map(|w| kind(w.text)).collect();
                let written: Vec<&str> = run.iter().map(|w| w.text).collect();
                let gaps: Vec<&str> = run
                    .windows(2)
                    .map(|p| &text[p[0].end..p[1].start])
                    .collect();
                surname(&kinds, &written, &gaps, profile).map(|at| run[at].text)
            })
            .collect();
        for run in &runs {
            if let Some(spelling) = whole(run) {
                spelling.split(' ').for_each(&mut count);
                continue;
            }
            for word in run.iter().map(|w| w.text) {
                let key = lang::fold(&latin(word));
                match dict.and_then(|d| d.name(&key)) {
                    Some(spelling) => spelling.split(' ').for_each(&mut count),
                    None if kind(word) == Kind::Common && !surnames.contains(word) => {}
                    None => count(&key),
                }
            }
        }
        counts.into_iter().collect()
    }

    /// The name runs of a title and a body, as byte ranges of the title, a
    /// line break and the body.
    fn runs_from_the_words(texts: [(&str, &[Word]); 2]) -> Vec<Range<usize>> {
        let mut lower = Vec::new();
        for (text, words) in texts {
            for w in words.iter().filter(|w| w.flags & LOWER != 0) {
                lower.push(key_of(&text[w.start..w.end]));
            }
        }
        lower.sort_unstable();
        let mut runs = Vec::new();
        let mut offset = 0;
        for (text, words) in texts {
            for sentence in words.chunk_by(|_, next| next.flags & SENTENCE == 0) {
                for run in name_runs(sentence, &lower) {
                    let run = &sentence[run];
                    runs.push(offset + run[0].start..offset + run[run.len() - 1].end);
                }
            }
            offset += text.len() + 1;
        }
        runs
    }

    fn runs_from_the_text(title: &str, body: &str, profile: &Profile) -> Vec<Range<usize>> {
        let text = format!("{title}\n{body}");
        let lower = text::lower_case_words(&text);
        text::sentences(&text, false)
            .into_iter()
            .flat_map(|s| text::name_runs(&text, s, profile, &lower, 70))
            .map(|run| run.start()..run.end())
            .collect()
    }

    fn german_dictionary() -> Dictionary {
        Dictionary::from_pairs(
            Lang::GERMAN,
            &[
                ("Präsident", "president"),
                ("Lage", "situation"),
                ("Deutschland", "Germany"),
                ("Vereinigte Staaten", "United States"),
                ("Kiew", "Kyiv"),
                ("blinken", "flash"),
            ],
        )
    }

    proptest::proptest! {
        /// Names found from the words, cached, are those found from the
        /// text itself, whatever the sentences, capitals, elisions,
        /// scripts and dictionary.
        #[test]
        fn entities_from_the_words_are_those_from_the_text(
            title in proptest::collection::vec(piece(), 0..8),
            body in proptest::collection::vec(piece(), 0..60),
            lang in proptest::sample::select(vec!["fr", "en", "de"]),
            with_dict in proptest::bool::ANY,
        ) {
            let (title, body) = (title.concat(), body.concat());
            let lang = Lang::from_code(lang).expect("lang");
            let profile = lang::profile(lang);
            let dict = (with_dict && lang == Lang::GERMAN).then(german_dictionary);
            let expected = entities_from_the_text(&title, &body, profile, dict.as_ref());
            // Twice: the second time from the cache.
            let mut cache = Cache::default();
            for _ in 0..2 {
                let title_words = cache.words.read(&title, profile, dict.as_ref()).words;
                let body_words = cache.words.read(&body, profile, dict.as_ref()).words;
                let texts = [(&title[..], &title_words[..]), (&body[..], &body_words[..])];
                proptest::prop_assert_eq!(
                    runs_from_the_words(texts),
                    runs_from_the_text(&title, &body, profile)
                );
                let got = entities(texts, profile, dict.as_ref(), &mut cache.names);
                proptest::prop_assert_eq!(&got, &expected, "{:?} {:?}", title, body);
            }
        }
    }

    /// Pieces of text that names, sentences and their exceptions are made
    /// of.
    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "Biden",
            " ",
            " ",
            " ",
            "Joe",
            "le",
            "Le",
            "l'",
            "L'",
            "Otan",
            "OTAN",
            ". ",
            ".",
            "!",
            "? ",
            "…",
            "\n",
            ", ",
            "-",
            "\u{a0}",
            "Poutine",
            "Präsident",
            "Lage",
            "Deutschland",
            "Vereinigte",
            "Staaten",
            "Kiew",
            "Antony",
            "Blinken",
            "Путин",
            "Élysée",
            "élysée",
            "Mardi",
            "mardi",
            "Dienstag",
            "Tuesday",
            "the",
            "The",
            "police",
            "Police",
            "A",
            "a",
            "x",
            "États-Unis",
            "iPhone",
            "Iphone",
            "2021",
            "«",
            "»",
            "\"",
            "Ab",
            "Cd",
            "Ef",
        ])
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
        let got: Vec<String> = entities_of("", text, profile, Some(&dict))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(got, ["germany", "putin"]);
        let without: Vec<String> = entities_of("", text, profile, None)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(without, ["deutshland", "lage", "prasident", "putin"]);
    }

    #[test]
    fn a_german_word_after_an_unknown_first_name_is_a_surname() {
        let de = Lang::from_code("de").expect("de");
        let dict = Dictionary::from_pairs(
            de,
            &[
                ("blinken", "flash"),
                ("Präsident", "president"),
                ("Genf", "Geneva"),
                ("Kollege", "colleague"),
                ("russisch", "Russian"),
                ("Außenminister", "foreign minister"),
                ("Anwalt", "lawyer"),
                ("Ende", "end"),
            ],
        );
        let profile = lang::profile(de);
        // "Blinken" is a word (*blinken*, to flash) that the name "Antony"
        // before it makes a surname, here and in the next sentence.
        let text = "Der US-Außenminister Antony Blinken hat am Freitag in Genf seinen \
                    russischen Kollegen Lawrow getroffen. Blinken sagte danach, der \
                    Präsident Biden sei bereit.";
        let got = entities_of("", text, profile, Some(&dict));
        assert_eq!(
            got,
            [
                ("antony".to_string(), 1),
                ("biden".to_string(), 1),
                ("blinken".to_string(), 2),
                ("geneva".to_string(), 1),
                ("lavrov".to_string(), 1),
                ("us".to_string(), 1),
            ]
        );
        // Nor a word after a name in the genitive, or after a whole name
        // when the sentence goes on.
        let others = entities_of(
            "",
            "Am Montag hat Sergej Lawrow Ende Januar genannt. Dann klagten Djokovics Anwälte.",
            profile,
            Some(&dict),
        );
        assert!(
            others.iter().all(|(k, _)| k != "ende" && k != "anwalte"),
            "{others:?}"
        );
        // Without the first name, it stays the word it is; a known word
        // before a name ("Präsident Biden") makes nothing a surname.
        let alone = entities_of(
            "",
            "Blinken traf Lawrow. Der Präsident Biden.",
            profile,
            Some(&dict),
        );
        assert!(
            alone
                .iter()
                .all(|(k, _)| k != "blinken" && k != "prasident"),
            "{alone:?}"
        );
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
        let sketch = |body: &str| {
            let en = Lang::from_code("en").expect("en");
            let article = Article {
                id: "a".into(),
                path: "a.txt".into(),
                title: String::new(),
                body: body.into(),
                lang: en,
                published: None,
                mentions: Vec::new(),
                weekdays: Vec::new(),
                url: None,
                outlet: None,
            };
            analyze(article, &AnalyzeSettings::default()).sketch
        };
        let a = sketch("The storm hit the harbour city on Monday and left thousands without power, officials said.");
        let b = sketch("The storm hit the harbour city on Monday and left thousands without power, the mayor said.");
        let c = sketch(
            "Markets rallied after the central bank kept rates unchanged for a third month.",
        );
        let same = |x: &[u16], y: &[u16]| x.iter().zip(y).filter(|(p, q)| p == q).count();
        assert!(same(&a, &b) > same(&a, &c) + 40);
    }
}
