//! The dictionary as it was kept before its flat tables: hash maps of the
//! stems' and names' text, built by the same rules. What the flat
//! dictionary must answer, for any entries.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::*;

/// Stems and names by their text.
#[derive(Default)]
struct Plain {
    words: HashMap<String, Vec<Term>>,
    names: HashMap<String, Vec<String>>,
}

impl Plain {
    fn from_pairs(lang: Lang, pairs: &[(&str, &str)]) -> Plain {
        let (source, pivot) = (lang::profile(lang), lang::profile(PIVOT));
        let mut dict = Plain::default();
        for (from, to) in pairs {
            dict.learn(source, pivot, from, to);
        }
        dict
    }

    fn learn(&mut self, source: &Profile, pivot: &Profile, from: &str, to: &str) {
        let from_words: Vec<&str> = from.split_whitespace().collect();
        let to_words: Vec<String> = lang::words(to, pivot, false).collect();
        if from_words.is_empty() || to_words.is_empty() {
            return;
        }
        let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        if capital(from) && capital(to) {
            let key = name_key(from);
            if !key.is_empty() {
                self.names
                    .entry(key)
                    .or_insert_with(|| to_words.iter().map(|w| lang::fold(w)).collect());
            }
        }
        let [word] = from_words[..] else { return };
        let word = word.to_lowercase();
        if source.is_stop_word(&word) {
            return;
        }
        let terms = self
            .words
            .entry(lang::fold(&source.stem(&word)))
            .or_default();
        if terms.len() >= SENSES {
            return;
        }
        let Some(last) = to_words.last() else { return };
        let t = term(&lang::fold(&pivot.stem(last)));
        if !terms.contains(&t) {
            terms.push(t);
        }
    }

    fn fill_via(&mut self, lang: Lang, d: Dictd<'_>, bridge: &Plain, bridge_lang: Lang) {
        let (source, via) = (lang::profile(lang), lang::profile(bridge_lang));
        let known_words: HashSet<String> = self.words.keys().cloned().collect();
        let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        for (headword, senses) in entries(&d, useful) {
            let words: Vec<&str> = headword.split_whitespace().collect();
            for phrase in senses {
                let bridged: Vec<String> = lang::words(phrase, via, false).collect();
                let Some(last) = bridged.last() else { continue };
                if capital(headword) && capital(phrase) {
                    let key = name_key(headword);
                    if let Some(pivot) = bridge.names.get(&name_key(phrase)) {
                        if !key.is_empty() && !self.names.contains_key(&key) {
                            self.names.insert(key, pivot.to_vec());
                        }
                    }
                }
                let [word] = words[..] else { continue };
                let word = word.to_lowercase();
                if source.is_stop_word(&word) {
                    continue;
                }
                let key = lang::fold(&source.stem(&word));
                if known_words.contains(&key) {
                    continue;
                }
                let stem = lang::fold(&via.stem(&last.to_lowercase()));
                let Some(pivot) = bridge.words.get(&stem) else {
                    continue;
                };
                let terms = self.words.entry(key).or_default();
                for t in pivot {
                    if terms.len() < SENSES && !terms.contains(t) {
                        terms.push(*t);
                    }
                }
            }
        }
    }
}

/// Whether `flat` answers as `plain` for the stems and names `plain`
/// holds and for `others`, whether it holds them or not.
fn check(flat: &Dictionary, plain: &Plain, others: &[String]) {
    assert_eq!(flat.len(), plain.words.len());
    assert_eq!(flat.is_empty(), plain.words.is_empty());
    for stem in plain.words.keys().chain(others) {
        assert_eq!(
            flat.word(stem),
            plain.words.get(stem).map(Vec::as_slice),
            "{stem}"
        );
    }
    for name in plain.names.keys().chain(others) {
        let words = flat.name(name).map(|n| n.split(' ').collect::<Vec<&str>>());
        let expected = plain
            .names
            .get(name)
            .map(|n| n.iter().map(String::as_str).collect());
        assert_eq!(words, expected, "{name}");
    }
}

/// Words and phrases of either side of a glossary: names, phrases, stop
/// words, words stemmed alike, accents and capitals.
const PIECES: &[&str] = &[
    "troupe",
    "troupes",
    "Troupe",
    "appel",
    "appels",
    "élysée",
    "Élysée",
    "le",
    "la",
    "de",
    "Allemagne",
    "Estados Unidos",
    "Moscou",
    "entretien",
    "frontière",
    "chat",
    "chats",
    "",
    "  ",
    "troop",
    "call",
    "appeal",
    "Germany",
    "United States",
    "Moscow",
    "telephone call",
    "the",
    "of",
    "conversation",
    "border",
    "cat",
    "Gespräch",
    "Grenze",
    "Deutschland",
    "Truppe",
    "Ruf",
    "Katze",
];

fn french_lang() -> Lang {
    Lang::from_code("fr").expect("fr")
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(PIECES)
}

fn pairs() -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
    prop::collection::vec((piece(), piece()), 0..30)
}

/// The folded stems and name keys of the pieces in French, German and
/// English: words looked up, held or not.
fn lookups() -> Vec<String> {
    let mut out = vec!["unknown".to_string()];
    for lang in [french_lang(), Lang::GERMAN, Lang::ENGLISH] {
        let profile = lang::profile(lang);
        for p in PIECES {
            out.push(lang::fold(&profile.stem(&p.to_lowercase())));
            out.push(name_key(p));
        }
    }
    out
}

/// A dictd file of entries `headword` → `phrases`.
fn dictd(entries: &[(&str, &str)]) -> (String, String) {
    let texts: Vec<String> = entries
        .iter()
        .filter(|(head, _)| !head.trim().is_empty())
        .map(|(head, phrases)| format!("{head} /x/\n{phrases}\n"))
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    Dictd::build(&texts)
}

proptest! {
    /// Built from pairs, filled through a bridge language, saved and read
    /// back: the flat dictionary answers every stem and name as the plain
    /// maps do.
    #[test]
    fn answers_as_plain_maps_do(
        french in pairs(),
        german in pairs(),
        bridged in prop::collection::vec((piece(), piece()), 0..20),
    ) {
        let (fr, de) = (french_lang(), Lang::GERMAN);
        let others = lookups();
        let mut flat = Dictionary::from_pairs(fr, &french);
        let mut plain = Plain::from_pairs(fr, &french);
        check(&flat, &plain, &others);
        let (flat_de, plain_de) = (Dictionary::from_pairs(de, &german), Plain::from_pairs(de, &german));
        check(&flat_de, &plain_de, &others);
        let (index, data) = dictd(&bridged);
        let d = || Dictd { index: &index, data: &data };
        flat.fill_via(fr, d(), &flat_de, de);
        plain.fill_via(fr, d(), &plain_de, de);
        check(&flat, &plain, &others);
        let back = Dictionary::from_bytes(&flat.to_bytes()).expect("read back");
        check(&back, &plain, &others);
        prop_assert_eq!(back.to_bytes(), flat.to_bytes());
    }
}
