//! Where an article's news happened: the city its title places it in
//! ("à Genève", "in Brussels", "em Viena"), or the city its body opens
//! with ("A Vienne, le chef de la diplomatie polonaise…"). Two rounds of
//! talks between the same people, two days apart, read alike in every word
//! but the city; the city tells them apart.
//!
//! Only the title and the body's opening words count: further on, a lead
//! places what it recalls ("two days after U.S. and Russian officials met
//! in Geneva"), and a dateline the desk that filed the report ("MOSCOW
//! (Reuters) -" over talks held in Geneva). Both were tried and cost more
//! than they gave (BENCHMARKS "Where").
//!
//! The cities and their names in other languages are data
//! (`data/places.toml`); the words that place a name are each language's
//! (`locatives` in `data/lang`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::{self, Profile};
use crate::model::Article;

/// Words of the longest city name looked up.
const NAME_WORDS: usize = 3;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    cities: HashMap<String, Vec<String>>,
}

/// Each city's names, folded, with one space between words, to the city's
/// key.
fn cities() -> &'static HashMap<String, String> {
    static CITIES: OnceLock<HashMap<String, String>> = OnceLock::new();
    CITIES.get_or_init(|| {
        let file: PlacesFile = toml::from_str(include_str!("../data/places.toml"))
            .unwrap_or_else(|e| panic!("data/places.toml is malformed: {e}"));
        let mut names = HashMap::new();
        for (city, variants) in file.cities {
            let key = folded(words(&city));
            for name in variants.iter().chain([&city]) {
                if let Some(other) = names.insert(folded(words(name)), key.clone()) {
                    assert!(
                        other == key,
                        "data/places.toml gives {name} to both {other} and {key}"
                    );
                }
            }
        }
        names
    })
}

/// Words as a name is looked up: folded, joined by one space.
fn folded<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words.map(lang::fold).collect::<Vec<_>>().join(" ")
}

/// The words of a text, split at anything but letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The city where an article's news happened, as a key (`geneva`), when its
/// title or its body's opening words say.
pub(crate) fn venue(article: &Article) -> Option<&'static str> {
    let profile = lang::profile(article.lang);
    let title: Vec<&str> = words(&article.title).collect();
    let opening: Vec<&str> = article
        .body
        .lines()
        .find(|line| !line.trim().is_empty())
        .map(|line| words(line).take(NAME_WORDS + 2).collect())
        .unwrap_or_default();
    (0..title.len())
        .find_map(|i| placed_at(&title[i..], profile))
        .or_else(|| placed_at(&opening, profile))
}

/// Every city a title names, placed or not ("G7, avvertimento a Mosca da
/// Liverpool": Moscow, Liverpool).
pub(crate) fn named(title: &str) -> Vec<&'static str> {
    let words: Vec<&str> = words(title).collect();
    (0..words.len())
        .filter_map(|i| city_at(&words[i..]))
        .collect()
}

/// The city the words place something in, when they open with a word that
/// places and a city's name follows, with at most one lower-case stop word
/// between ("in the Kremlin"). A name is capitalised.
fn placed_at(words: &[&str], profile: &Profile) -> Option<&'static str> {
    let (first, rest) = words.split_first()?;
    if !profile.is_locative(first) {
        return None;
    }
    let name = match rest.split_first() {
        Some((w, after)) if w.starts_with(char::is_lowercase) && profile.is_stop_word(w) => after,
        _ => rest,
    };
    city_at(name)
}

/// The city whose name the words open with, capitalised: the longest name
/// first ("New York" before "York").
fn city_at(words: &[&str]) -> Option<&'static str> {
    if !words.first()?.starts_with(char::is_uppercase) {
        return None;
    }
    (1..=NAME_WORDS.min(words.len()))
        .rev()
        .find_map(|n| cities().get(&folded(words[..n].iter().copied())))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn article(lang: &str, title: &str, body: &str) -> Article {
        Article {
            id: "a".into(),
            path: "a.txt".into(),
            title: title.into(),
            body: body.into(),
            lang: Lang::from_code(lang).expect("a language of the data"),
            published: None,
            mentions: Vec::new(),
            weekdays: Vec::new(),
            url: None,
            outlet: None,
        }
    }

    #[test]
    fn a_title_places_its_news_in_a_city_of_any_language() {
        let cases = [
            (
                "fr",
                "Ukraine : à Genève, Moscou assure n'avoir aucune intention d'attaquer",
                "geneva",
            ),
            (
                "fr",
                "Après Moscou, Macron à Kiev : Poutine ne sera pas à l'origine d'une escalade",
                "kyiv",
            ),
            (
                "en",
                "US, Russia hold nearly eight hours of talks in Geneva",
                "geneva",
            ),
            ("es", "Macron, en Kiev tras reunirse con Putin", "kyiv"),
            ("it", "Nato-Russia, fumata nera a Bruxelles", "brussels"),
            ("de", "Macron wirbt im Kreml für Deeskalation", "moscow"),
            (
                "en",
                "Talks at the White House end without a deal",
                "washington",
            ),
            ("en", "Storm floods streets in New York", "new york"),
        ];
        for (lang, title, city) in cases {
            assert_eq!(venue(&article(lang, title, "")), Some(city), "{title}");
        }
    }

    #[test]
    fn a_title_names_every_city_it_holds() {
        assert_eq!(
            named("G7, avvertimento a Mosca da Liverpool"),
            ["moscow", "liverpool"]
        );
        assert_eq!(
            named("Rendez-vous à Saint-Pétersbourg puis à Genf"),
            ["saint petersburg", "geneva"]
        );
        assert!(named("Troops mass in Ukraine").is_empty());
    }

    #[test]
    fn only_a_placed_city_counts() {
        let cases = [
            // A city as the government's name, or as a subject.
            ("fr", "Moscou et Washington constatent leur désaccord"),
            // A country is what a report is about as often as where.
            ("en", "Troops mass in Ukraine as talks stall"),
            // "a mosca" is "to the fly": a name is capitalised.
            ("it", "Il ritorno a mosca cieca"),
            // A placed word that is no city.
            ("en", "Leaders meet in January"),
            // The French verb "a" is not "à".
            ("fr", "Poutine a Kiev dans le viseur"),
        ];
        for (lang, title) in cases {
            assert_eq!(venue(&article(lang, title, "")), None, "{title}");
        }
    }

    #[test]
    fn the_body_counts_only_when_it_opens_by_placing_a_city() {
        let opens = article(
            "fr",
            "OSCE : le risque de guerre en Europe plus grand que jamais",
            "A Vienne, le chef de la diplomatie polonaise a ouvert jeudi la séance.",
        );
        assert_eq!(venue(&opens), Some("vienna"));
        let titled = article(
            "fr",
            "Otan-Russie : à Bruxelles, des divergences importantes",
            "A Genève, lundi, Russes et Américains s'étaient déjà quittés sur un désaccord.",
        );
        assert_eq!(venue(&titled), Some("brussels"));
        let cases = [
            // A lead places what it recalls as well as its news.
            "NATO allies and Russia held talks, two days after officials met in Geneva.",
            // A dateline names the desk that filed the report.
            "MOSCOW (Reuters) - Russia said the talks had stalled.",
        ];
        for body in cases {
            let a = article("en", "NATO and Russia fail to bridge differences", body);
            assert_eq!(venue(&a), None, "{body}");
        }
    }
}
