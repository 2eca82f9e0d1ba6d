//! The rules of the comparison as data: `data/compare/<lang>.toml` (words of
//! roles, speech, numbers and units, one file a language), `common.toml`
//! (unit symbols) and `data/names.toml` (how names are keyed and kinds of
//! well-known names). Words are folded on load, so the files may keep their
//! accents.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::{self, Lang};

/// The languages with a rules file. Another language is one more file and
/// one more line here.
const FILES: &[(&str, &str)] = &[
    ("de", include_str!("../../data/compare/de.toml")),
    ("en", include_str!("../../data/compare/en.toml")),
    ("es", include_str!("../../data/compare/es.toml")),
    ("fr", include_str!("../../data/compare/fr.toml")),
    ("it", include_str!("../../data/compare/it.toml")),
    ("pt", include_str!("../../data/compare/pt.toml")),
];

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// A number of things or people.
    Count,
    /// A length of time.
    Duration,
    /// An amount of money.
    Money,
    /// A share.
    Percent,
    /// A day (of a past or coming event).
    Date,
}

impl FigureKind {
    /// The kind's name, as the JSON and text outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Count => "count",
            FigureKind::Duration => "duration",
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::Date => "date",
        }
    }
}

/// A unit: what a word after a number counts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Unit {
    #[serde(default)]
    pub(crate) words: Vec<String>,
    pub(crate) kind: FigureKind,
    pub(crate) unit: String,
    #[serde(default = "one")]
    pub(crate) factor: f64,
}

fn one() -> f64 {
    1.0
}

/// A word class near a figure that changes its subject ("withdrawn").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Modifier {
    pub(crate) name: String,
    pub(crate) stems: Vec<String>,
    /// What a count of people with this modifier is ("dead").
    #[serde(default)]
    pub(crate) people: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Qualifiers {
    #[serde(default)]
    about: Vec<String>,
    #[serde(default)]
    more: Vec<String>,
    #[serde(default)]
    less: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureWords {
    #[serde(default)]
    range_joiners: Vec<String>,
    #[serde(default)]
    range_openers: Vec<String>,
    #[serde(default)]
    unit_links: Vec<String>,
    #[serde(default)]
    event_nouns: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangFile {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    role_nouns: Vec<String>,
    #[serde(default)]
    compound_roles: bool,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    org_nouns: Vec<String>,
    #[serde(default)]
    place_prepositions: Vec<String>,
    #[serde(default)]
    speech_verbs: Vec<String>,
    #[serde(default)]
    speech_present: Vec<String>,
    #[serde(default)]
    auxiliaries: Vec<String>,
    #[serde(default)]
    inversion: bool,
    #[serde(default)]
    pronouns: Vec<String>,
    #[serde(default)]
    according: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    #[serde(default)]
    complementizers: Vec<String>,
    #[serde(default)]
    passive_markers: Vec<String>,
    #[serde(default)]
    relatives: Vec<String>,
    #[serde(default)]
    adjuncts: Vec<String>,
    #[serde(default)]
    not_counted_endings: Vec<String>,
    #[serde(default)]
    coordinators: Vec<String>,
    #[serde(default)]
    numbers: HashMap<String, f64>,
    #[serde(default)]
    approximate: HashMap<String, f64>,
    #[serde(default)]
    multipliers: HashMap<String, f64>,
    #[serde(default)]
    qualifiers: Qualifiers,
    #[serde(default)]
    figures: FigureWords,
    #[serde(default)]
    units: Vec<Unit>,
    #[serde(default)]
    modifiers: Vec<Modifier>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Symbol {
    symbol: String,
    kind: FigureKind,
    unit: String,
    before: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonFile {
    symbols: Vec<Symbol>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    rewrites: Vec<(String, String)>,
    endings: Vec<(String, String)>,
    places: Vec<String>,
    orgs: Vec<String>,
    org_words: Vec<String>,
}

/// A phrase of one or more folded words.
pub(crate) type Phrase = Vec<String>;

/// The compiled rules of one language.
pub(crate) struct Rules {
    pub(crate) titles: HashSet<String>,
    pub(crate) role_nouns: Vec<Phrase>,
    /// Roles are compounds ending in a role noun (German
    /// "Zivilschutzchef"), used as titles.
    pub(crate) compound_roles: bool,
    pub(crate) determiners: HashSet<String>,
    pub(crate) org_nouns: HashSet<String>,
    pub(crate) place_prepositions: HashSet<String>,
    pub(crate) speech_verbs: HashSet<String>,
    pub(crate) speech_present: HashSet<String>,
    pub(crate) auxiliaries: Vec<Phrase>,
    pub(crate) inversion: bool,
    pub(crate) pronouns: HashSet<String>,
    pub(crate) according: Vec<Phrase>,
    pub(crate) clause_breaks: Vec<Phrase>,
    pub(crate) complementizers: HashSet<String>,
    pub(crate) passive_markers: HashSet<String>,
    pub(crate) relatives: HashSet<String>,
    pub(crate) adjuncts: HashSet<String>,
    /// Endings of words that are not what a number counts ("according",
    /// "received", "also" aside, verbs and adverbs).
    pub(crate) not_counted_endings: Vec<String>,
    pub(crate) coordinators: HashSet<String>,
    pub(crate) numbers: HashMap<String, f64>,
    pub(crate) approximate: HashMap<String, f64>,
    pub(crate) multipliers: HashMap<String, f64>,
    pub(crate) about: Vec<Phrase>,
    pub(crate) more: Vec<Phrase>,
    pub(crate) less: Vec<Phrase>,
    pub(crate) range_joiners: HashSet<String>,
    pub(crate) unit_links: HashSet<String>,
    pub(crate) event_nouns: HashSet<String>,
    /// Unit phrases, longest first.
    pub(crate) units: Vec<(Phrase, Unit)>,
    pub(crate) modifiers: Vec<Modifier>,
    /// Symbols written before a number.
    pub(crate) symbols_before: Vec<(String, Unit)>,
    /// Symbols written after a number.
    pub(crate) symbols_after: Vec<(String, Unit)>,
    /// Function words of these rules that may open a sentence capitalised
    /// ("Selon", "According"), never part of a name.
    pub(crate) openers: HashSet<String>,
}

impl Rules {
    /// True when a folded word is a title before a name: one of the
    /// titles, or, where roles are compounds, a longer word ending in a
    /// one-word role noun ("zivilschutzchef", "regierungssprecher").
    pub(crate) fn is_title(&self, folded: &str) -> bool {
        self.titles.contains(folded)
            || (self.compound_roles
                && self.role_nouns.iter().any(|p| {
                    p.len() == 1 && folded.len() > p[0].len() + 2 && folded.ends_with(&p[0])
                }))
    }
}

/// How names are keyed, and the kinds of well-known names.
pub(crate) struct Names {
    pub(crate) rewrites: Vec<(String, String)>,
    pub(crate) endings: Vec<(String, String)>,
    /// Keys of well-known places.
    pub(crate) places: HashSet<String>,
    /// Keys of well-known organisations.
    pub(crate) orgs: HashSet<String>,
    pub(crate) org_words: HashSet<String>,
}

/// Folds a phrase into its words: "d'après" → ["d", "apres"].
pub(crate) fn phrase(text: &str) -> Phrase {
    lang::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn phrases(items: &[String]) -> Vec<Phrase> {
    let mut out: Vec<Phrase> = items
        .iter()
        .map(|s| phrase(s))
        .filter(|p| !p.is_empty())
        .collect();
    // Longest first, so that "premier ministre" wins over "ministre".
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out
}

fn words(items: &[String]) -> HashSet<String> {
    items.iter().map(|s| phrase(s).join(" ")).collect()
}

fn folded_map(map: HashMap<String, f64>) -> HashMap<String, f64> {
    map.into_iter().map(|(k, v)| (lang::fold(&k), v)).collect()
}

/// The rules of a language, or `None` for a language without a file.
pub(crate) fn rules(lang: Lang) -> Option<&'static Rules> {
    static RULES: OnceLock<HashMap<&'static str, Rules>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            FILES
                .iter()
                .map(|(code, text)| (*code, build(code, text)))
                .collect()
        })
        .get(lang.code())
}

/// The data files ship inside the binary, so a malformed one is a bug that
/// this module's tests catch; it panics with the file named.
fn build(code: &str, text: &str) -> Rules {
    let file: LangFile = toml::from_str(text)
        .unwrap_or_else(|e| panic!("data/compare/{code}.toml is malformed: {e}"));
    let common: CommonFile = toml::from_str(include_str!("../../data/compare/common.toml"))
        .unwrap_or_else(|e| panic!("data/compare/common.toml is malformed: {e}"));
    let mut units: Vec<(Phrase, Unit)> = file
        .units
        .iter()
        .flat_map(|u| u.words.iter().map(move |w| (phrase(w), u.clone())))
        .collect();
    units.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let symbol = |s: &Symbol| {
        (
            s.symbol.clone(),
            Unit {
                words: Vec::new(),
                kind: s.kind,
                unit: s.unit.clone(),
                factor: 1.0,
            },
        )
    };
    let mut symbols_before: Vec<(String, Unit)> = common
        .symbols
        .iter()
        .filter(|s| s.before)
        .map(symbol)
        .collect();
    symbols_before.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    let openers = [
        &file.according,
        &file.clause_breaks,
        &file.pronouns,
        &file.complementizers,
        &file.place_prepositions,
        &file.qualifiers.about,
        &file.qualifiers.more,
        &file.qualifiers.less,
        &file.figures.range_openers,
    ]
    .into_iter()
    .flatten()
    .filter_map(|p| phrase(p).into_iter().next())
    .collect();
    Rules {
        openers,
        titles: words(&file.titles),
        role_nouns: phrases(&file.role_nouns),
        compound_roles: file.compound_roles,
        determiners: words(&file.determiners),
        org_nouns: words(&file.org_nouns),
        place_prepositions: words(&file.place_prepositions),
        speech_verbs: words(&file.speech_verbs),
        speech_present: words(&file.speech_present),
        auxiliaries: phrases(&file.auxiliaries),
        inversion: file.inversion,
        pronouns: words(&file.pronouns),
        according: phrases(&file.according),
        clause_breaks: phrases(&file.clause_breaks),
        complementizers: words(&file.complementizers),
        passive_markers: words(&file.passive_markers),
        relatives: words(&file.relatives),
        adjuncts: words(&file.adjuncts),
        not_counted_endings: file
            .not_counted_endings
            .iter()
            .map(|e| lang::fold(e))
            .collect(),
        coordinators: words(&file.coordinators),
        numbers: folded_map(file.numbers),
        approximate: folded_map(file.approximate),
        multipliers: folded_map(file.multipliers),
        about: phrases(&file.qualifiers.about),
        more: phrases(&file.qualifiers.more),
        less: phrases(&file.qualifiers.less),
        range_joiners: words(&file.figures.range_joiners),
        unit_links: words(&file.figures.unit_links),
        event_nouns: words(&file.figures.event_nouns),
        units,
        modifiers: file
            .modifiers
            .into_iter()
            .map(|m| Modifier {
                name: m.name,
                stems: m.stems.iter().map(|s| lang::fold(s)).collect(),
                people: m.people,
            })
            .collect(),
        symbols_before,
        symbols_after: common
            .symbols
            .iter()
            .filter(|s| !s.before)
            .map(symbol)
            .collect(),
    }
}

/// How names are keyed (`data/names.toml`).
pub(crate) fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let file: NamesFile = toml::from_str(include_str!("../../data/names.toml"))
            .unwrap_or_else(|e| panic!("data/names.toml is malformed: {e}"));
        let partial = Names {
            rewrites: file.rewrites,
            endings: file.endings,
            places: HashSet::new(),
            orgs: HashSet::new(),
            org_words: words(&file.org_words),
        };
        let key = |s: &String| super::entities::key_with(&phrase(s), &partial);
        let places = file.places.iter().map(key).collect();
        let orgs = file.orgs.iter().map(key).collect();
        Names {
            places,
            orgs,
            ..partial
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rules_file_loads() {
        for (code, _) in FILES {
            let lang = Lang::from_code(code).expect("known code");
            let rules = rules(lang).expect("rules");
            assert!(!rules.speech_verbs.is_empty(), "{code} has speech verbs");
            assert!(!rules.units.is_empty(), "{code} has units");
        }
        assert!(names().places.contains("kyiv"));
        assert!(names().orgs.contains("nato"));
    }
}
