//! The dictionary as it was kept before its flat tables: hash maps of the
//! stems' and names' text, learning by the same rules ([`Learner`]). What
//! the flat dictionary must answer, for any entries.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

/// Stems and names by their text.
#[derive(Default)]
struct Plain {
    words: HashMap<String, Vec<Term>>,
    names: HashMap<String, String>,
}

impl Learner for Plain {
    fn senses(&self, stem: &str) -> Option<&[Term]> {
        self.words.get(stem).map(Vec::as_slice)
    }

    fn spelling(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    fn add_sense(&mut self, stem: &str, term: Term) {
        let terms = self.words.entry(stem.to_string()).or_default();
        if terms.len() < SENSES && !terms.contains(&term) {
            terms.push(term);
        }
    }

    fn add_name(&mut self, key: &str, spelling: &str) {
        self.names
            .entry(key.to_string())
            .or_insert_with(|| spelling.to_string());
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
        assert_eq!(flat.name(name), plain.spelling(name), "{name}");
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
        let mut plain: Plain = from_pairs(fr, &french);
        check(&flat, &plain, &others);
        let (flat_de, plain_de): (Dictionary, Plain) = (from_pairs(de, &german), from_pairs(de, &german));
        check(&flat_de, &plain_de, &others);
        let (index, data) = dictd(&bridged);
        let d = || Dictd { index: &index, data: &data };
        flat.fill_via(fr, d(), &flat_de, de);
        fill_via(&mut plain, fr, d(), false, &plain_de, de);
        check(&flat, &plain, &others);
        flat.fill_via_backwards(fr, d(), &flat_de, de);
        fill_via(&mut plain, fr, d(), true, &plain_de, de);
        check(&flat, &plain, &others);
        let back = Dictionary::from_bytes(&flat.to_bytes()).expect("read back");
        check(&back, &plain, &others);
        prop_assert_eq!(back.to_bytes(), flat.to_bytes());
    }
}
