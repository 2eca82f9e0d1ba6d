//! Figures: numbers with what they count — soldiers, minutes, money,
//! shares, the days of past and coming events — in digits ("100.000",
//! "60 000", "$1.5 billion") or words ("deux heures", "une cinquantaine de
//! minutes"), with ranges ("60 000 à 90 000") and approximations ("plus
//! de", "environ", "about") kept, and the attribution a sentence gives
//! ("selon Washington", "A Kiev", "according to US intelligence").

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::entities::phrase_at;
use super::rules::{FigureKind, Rules, Unit};
use crate::dates;
use crate::lang::{self, Profile};
use crate::model::DayMention;
use crate::text;

/// A figure's value as the text gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// "50 minutes".
    Exact(f64),
    /// "environ 50", "une cinquantaine", "about 50".
    About(f64),
    /// "plus de 100.000", "more than 100,000".
    MoreThan(f64),
    /// "moins de 10", "up to 10".
    LessThan(f64),
    /// "60 000 à 90 000".
    Range(f64, f64),
    /// "le 10 janvier", "les 9 et 10 janvier".
    Days(Vec<DayMention>),
}

impl Value {
    /// The interval of values the figure allows: an approximation is taken
    /// as ±10 %, "more than" as open above.
    pub(crate) fn interval(&self) -> Option<(f64, f64)> {
        Some(match *self {
            Value::Exact(x) => (x, x),
            Value::About(x) => (x * 0.9, x * 1.1),
            Value::MoreThan(x) => (x, f64::INFINITY),
            Value::LessThan(x) => (0.0, x),
            Value::Range(a, b) => (a, b),
            Value::Days(_) => return None,
        })
    }

    /// The number the figure is centred on (the middle of a range).
    pub(crate) fn centre(&self) -> Option<f64> {
        Some(match *self {
            Value::Exact(x) | Value::About(x) | Value::MoreThan(x) | Value::LessThan(x) => x,
            Value::Range(a, b) => (a + b) / 2.0,
            Value::Days(_) => return None,
        })
    }
}

/// A figure in one article.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FigureMention {
    /// What it measures.
    pub(crate) kind: FigureKind,
    /// The unit its value is in (`soldiers`, `minutes`, `USD`, `%`); for a
    /// count of anything else, the counted noun's stem; `day` for dates.
    pub(crate) unit: String,
    /// The counted noun or the happening dated, as written.
    pub(crate) noun: String,
    /// True when `unit` is a counted noun's stem rather than a known unit.
    pub(crate) generic: bool,
    /// A word class near it that changes what it counts ("withdrawn").
    pub(crate) modifier: Option<String>,
    /// Its value.
    pub(crate) value: Value,
    /// The sentence it is in.
    pub(crate) sentence: Range<usize>,
    /// Who the sentence says gives the figure.
    pub(crate) attribution: Option<String>,
}

/// A number found in a sentence: its words `first..last` (inclusive) and
/// value.
#[derive(Clone, Copy, Debug)]
struct Atom {
    first: usize,
    last: usize,
    value: f64,
    /// Written as a word ("deux").
    word: bool,
    /// An approximate noun ("cinquantaine").
    approximate: bool,
}

/// Words of a sentence: folded form, as written, offsets.
struct Word<'a> {
    folded: String,
    text: &'a str,
    start: usize,
    end: usize,
}

/// The figures of one article; `reference` is its publication day, which
/// gives year-less dates their year.
pub(crate) fn figures(
    text: &str,
    sentences: &[Range<usize>],
    rules: &Rules,
    profile: &Profile,
    reference: Option<NaiveDate>,
) -> Vec<FigureMention> {
    let mut out = Vec::new();
    for sentence in sentences {
        let body = &text[sentence.clone()];
        if !text::is_prose(body) {
            continue;
        }
        let words: Vec<Word<'_>> = text::tokens(body)
            .into_iter()
            .map(|t| Word {
                folded: lang::fold(t.text),
                text: t.text,
                start: t.start,
                end: t.end,
            })
            .collect();
        let attribution = attribution(body, &words, rules);
        let days = dates::day_spans(body, profile, reference);
        for span in &days {
            let at = words
                .iter()
                .position(|w| w.start >= span.range.start)
                .unwrap_or(0);
            out.push(FigureMention {
                kind: FigureKind::Date,
                unit: "day".into(),
                noun: event_noun(&words, at, rules).unwrap_or_default(),
                generic: false,
                modifier: None,
                value: Value::Days(span.days.clone()),
                sentence: sentence.clone(),
                attribution: attribution.clone(),
            });
        }
        let in_date = |w: &Word<'_>| {
            days.iter()
                .any(|d| w.start < d.range.end && d.range.start < w.end)
        };
        let atoms = atoms(body, &words, rules);
        let mut skip_until = 0;
        for (n, atom) in atoms.iter().enumerate() {
            if atom.first < skip_until || words[atom.first..=atom.last].iter().any(in_date) {
                continue;
            }
            let Some((figure, consumed)) = figure(body, &words, &atoms, n, rules, profile) else {
                continue;
            };
            skip_until = consumed;
            out.push(FigureMention {
                sentence: sentence.clone(),
                attribution: attribution.clone(),
                ..figure
            });
        }
    }
    out
}

/// The numbers of a sentence, in digits or in words.
fn atoms(body: &str, words: &[Word<'_>], rules: &Rules) -> Vec<Atom> {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number = NUMBER.get_or_init(|| {
        Regex::new(r"\b(?:\d{1,3}(?:[ \u{a0}\u{202f}.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)")
            .expect("the number pattern compiles")
    });
    let mut out = Vec::new();
    for m in number.find_iter(body) {
        // "1er", "2nd", "24h", "1.5bn": a number glued to letters is an
        // ordinal, a code or an abbreviation we do not read.
        if body[m.end()..].starts_with(char::is_alphabetic) {
            continue;
        }
        let Some(value) = parse_number(m.as_str()) else {
            continue;
        };
        let Some(first) = words.iter().position(|w| w.start >= m.start()) else {
            continue;
        };
        let last = words
            .iter()
            .rposition(|w| w.end <= m.end())
            .unwrap_or(first)
            .max(first);
        out.push(Atom {
            first,
            last,
            value,
            word: false,
            approximate: false,
        });
    }
    for (i, w) in words.iter().enumerate() {
        if out.iter().any(|a| a.first <= i && i <= a.last) {
            continue;
        }
        if let Some(&value) = rules.approximate.get(&w.folded) {
            out.push(Atom {
                first: i,
                last: i,
                value,
                word: true,
                approximate: true,
            });
        } else if let Some(&value) = rules.numbers.get(&w.folded) {
            out.push(Atom {
                first: i,
                last: i,
                value,
                word: true,
                approximate: false,
            });
        }
    }
    out.sort_by_key(|a| a.first);
    out
}

/// "100.000" and "100,000" and "100 000" are a hundred thousand; "1.5" and
/// "1,5" one and a half: a last group of exactly three digits is a
/// thousands group, anything else after the last separator decimals.
fn parse_number(s: &str) -> Option<f64> {
    let seps: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let Some(&last) = seps.last() else {
        return s.parse().ok();
    };
    let tail = &s[last..];
    let tail_digits = tail.chars().filter(char::is_ascii_digit).count();
    let digits: String = if tail_digits == 3 {
        s.chars().filter(char::is_ascii_digit).collect()
    } else {
        let whole: String = s[..last].chars().filter(char::is_ascii_digit).collect();
        let frac: String = tail.chars().filter(char::is_ascii_digit).collect();
        format!("{whole}.{frac}")
    };
    digits.parse().ok()
}

/// The figure that starts at atom `n`, and the word after it.
fn figure(
    body: &str,
    words: &[Word<'_>],
    atoms: &[Atom],
    n: usize,
    rules: &Rules,
    profile: &Profile,
) -> Option<(FigureMention, usize)> {
    let atom = atoms[n];
    let mut i = atom.last + 1;
    let mut low = atom.value;
    let mut high = None;
    // A range: "60 000 à 90 000", "60,000-90,000", "between 2 and 3".
    if let Some(next) = atoms.get(n + 1) {
        let gap = &body[words[atom.last].end..words[next.first].start];
        let joined_by_word = next.first == i + 1
            && rules.range_joiners.contains(&words[i].folded)
            && gap.split_whitespace().count() == 1;
        let joined_by_dash = next.first == i && matches!(gap.trim(), "-" | "–" | "—");
        if (joined_by_word || joined_by_dash) && next.word == atom.word {
            high = Some(next.value);
            i = next.last + 1;
        }
    }
    // "1,5 milliard", "60 à 90 millions": a multiplier after the number
    // (or the range) counts for both ends.
    let m = match words.get(i).and_then(|w| rules.multipliers.get(&w.folded)) {
        Some(&m) => {
            i += 1;
            m
        }
        None => 1.0,
    };
    low *= m;
    if let Some(h) = high.as_mut() {
        *h *= m;
    }
    // What it counts: a symbol, a unit word (after "de"/"of"), a noun.
    let number_start = words[atom.first].start;
    let before = body[..number_start].trim_end();
    let after_text = body[words[i - 1].end..].trim_start();
    let mut unit: Option<(Unit, String)> = rules
        .symbols_before
        .iter()
        .find(|(s, _)| before.ends_with(s.as_str()))
        .or_else(|| {
            rules
                .symbols_after
                .iter()
                .find(|(s, _)| after_text.starts_with(s.as_str()))
        })
        .map(|(s, u)| (u.clone(), s.clone()));
    let mut end = i;
    if unit.is_none() {
        let at = if words
            .get(i)
            .is_some_and(|w| rules.unit_links.contains(&w.folded))
        {
            i + 1
        } else {
            i
        };
        let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
        if let Some((p, u)) = rules.units.iter().find(|(p, _)| phrase_at(&folded, at, p)) {
            let noun = body[words[at].start..words[at + p.len() - 1].end].to_string();
            unit = Some((u.clone(), noun));
            end = at + p.len();
        } else if (!atom.word || atom.approximate)
            && words
                .get(at)
                .is_some_and(|w| common_noun(w, rules, profile))
        {
            let w = &words[at];
            let generic = Unit {
                words: Vec::new(),
                kind: FigureKind::Count,
                unit: lang::fold(&profile.stem(&w.text.to_lowercase())),
                factor: 1.0,
            };
            unit = Some((generic, w.text.to_string()));
            end = at + 1;
        }
    }
    // "injuring nearly 200", "fast 200 wurden verletzt": a number in
    // digits whose noun is left out, right next to a word that makes it a
    // count of people ("injured"), counts people.
    let year_like = |x: f64| (1900.0..=2100.0).contains(&x) && x.fract() == 0.0;
    if unit.is_none() && !atom.word && !(high.is_none() && year_like(low)) {
        let opens = [&rules.about, &rules.more, &rules.less]
            .into_iter()
            .flatten()
            .filter(|p| qualifies(words, atom.first, p))
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let start = atom.first - opens;
        // Only words the number runs into: in "Gareth Morgan, 44, also
        // died" the number is an age.
        let bare = |a: usize, b: usize| {
            !body[a..b].contains([',', '.', ';', ':', '(', ')', '"', '«', '»', '“', '”'])
        };
        let near = [start.checked_sub(1), Some(i), Some(i + 1)];
        if let Some(w) = near
            .into_iter()
            .flatten()
            .filter_map(|k| words.get(k))
            .filter(|w| {
                if w.end <= words[start].start {
                    bare(w.end, words[start].start)
                } else {
                    bare(words[i - 1].end, w.start)
                }
            })
            .find(|w| people_modifier(&w.folded, rules))
        {
            let people = Unit {
                words: vec![w.folded.clone()],
                kind: FigureKind::Count,
                unit: "people".into(),
                factor: 1.0,
            };
            unit = Some((people, w.text.to_string()));
        }
    }
    let (unit, noun) = unit?;
    let generic =
        unit.words.is_empty() && unit.kind == FigureKind::Count && !known_symbol(rules, &unit);
    let known = !unit.words.is_empty()
        || rules
            .symbols_before
            .iter()
            .chain(&rules.symbols_after)
            .any(|(_, u)| u.unit == unit.unit);
    // A bare year ("en 2014 100 personnes", "the 2014 elections").
    let is_year = |x: f64| (1900.0..=2100.0).contains(&x) && x.fract() == 0.0;
    let year = !atom.word
        && is_year(low)
        && high.is_none_or(is_year)
        && !body[words[atom.first].start..words[atom.last].end].contains([' ', '.', ',']);
    if year && !known {
        return None;
    }
    let (low, high) = (low * unit.factor, high.map(|h| h * unit.factor));
    let qualifier = |list: &[Vec<String>]| list.iter().any(|p| qualifies(words, atom.first, p));
    let value = match high {
        Some(h) => Value::Range(low.min(h), low.max(h)),
        None if atom.approximate || qualifier(&rules.about) => Value::About(low),
        None if qualifier(&rules.more) => Value::MoreThan(low),
        None if qualifier(&rules.less) => Value::LessThan(low),
        None => Value::Exact(low),
    };
    let mut modifier = modifier(words, atom.first, end, rules).map(str::to_string);
    // "59 people were killed" counts the dead, as "59 dead" does.
    let mut unit = unit;
    if let Some(becomes) = modifier.as_deref().and_then(|m| {
        rules
            .modifiers
            .iter()
            .find(|x| x.name == m && unit.unit == "people")
            .and_then(|x| x.people.clone())
    }) {
        unit.unit = becomes;
        modifier = None;
    }
    Some((
        FigureMention {
            kind: unit.kind,
            unit: unit.unit,
            noun,
            generic,
            modifier,
            value,
            sentence: 0..0,
            attribution: None,
        },
        end,
    ))
}

/// True when the words right before word `first` are the phrase `p`.
fn qualifies(words: &[Word<'_>], first: usize, p: &[String]) -> bool {
    first >= p.len()
        && words[first - p.len()..first]
            .iter()
            .zip(p)
            .all(|(w, q)| w.folded == *q)
}

/// True when a folded word starts like a modifier that makes a count of
/// people something else ("injuring", "verletzt").
fn people_modifier(folded: &str, rules: &Rules) -> bool {
    rules
        .modifiers
        .iter()
        .any(|m| m.people.is_some() && m.stems.iter().any(|s| folded.starts_with(s.as_str())))
}

fn known_symbol(rules: &Rules, unit: &Unit) -> bool {
    rules
        .symbols_before
        .iter()
        .chain(&rules.symbols_after)
        .any(|(_, u)| u.unit == unit.unit)
}

/// A lower-case word that may be what a number counts.
fn common_noun(w: &Word<'_>, rules: &Rules, profile: &Profile) -> bool {
    let lower = w.text.to_lowercase();
    w.text.chars().count() >= 3
        && w.text.chars().all(char::is_alphabetic)
        && w.text.chars().next().is_some_and(char::is_lowercase)
        && !profile.is_stop_word(&lower)
        && !text::is_calendar_word(&lower, profile)
        && !rules.openers.contains(&w.folded)
        && !rules.speech_verbs.contains(&w.folded)
        && !rules.adjuncts.contains(&w.folded)
        && !rules
            .not_counted_endings
            .iter()
            .any(|e| w.folded.ends_with(e.as_str()))
}

/// The word class ("withdrawn") named nearest to the figure, within six
/// words before it or three after what it counts, and not beyond a
/// coordinator: in "killing 14 people and injuring 200" the 14 are killed.
/// A class its own unit already says ("527 injured") adds nothing.
fn modifier<'r>(words: &[Word<'_>], first: usize, end: usize, rules: &'r Rules) -> Option<&'r str> {
    let joins = |i: &usize| rules.coordinators.contains(&words[*i].folded);
    let lo = (first.saturating_sub(6)..first)
        .rev()
        .find(joins)
        .map_or(first.saturating_sub(6), |i| i + 1);
    let hi = (end..(end + 3).min(words.len()))
        .find(joins)
        .unwrap_or((end + 3).min(words.len()));
    let unit_word = end.checked_sub(1).map(|i| words[i].folded.as_str());
    let class = |w: &str| {
        rules
            .modifiers
            .iter()
            .find(|m| m.stems.iter().any(|s| w.starts_with(s.as_str())))
    };
    if unit_word.and_then(class).is_some() {
        return None;
    }
    (lo..hi)
        .filter(|&i| i < first || i >= end)
        .filter_map(|i| {
            class(&words[i].folded).map(|m| (i.abs_diff(first).min(i.abs_diff(end)), m))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, m)| m.name.as_str())
}

/// The happening a date belongs to: the nearest event noun within sixteen
/// words ("une réunion le 12 janvier", "talks on January 10", "une
/// conférence réunissant Moscou, Washington et d'autres pays le 13
/// janvier").
fn event_noun(words: &[Word<'_>], at: usize, rules: &Rules) -> Option<String> {
    (0..words.len())
        .filter(|&i| rules.event_nouns.contains(&words[i].folded))
        .map(|i| (i.abs_diff(at), i))
        .filter(|(d, _)| *d <= 16)
        .min()
        .map(|(_, i)| words[i].text.to_lowercase())
}

/// Who a sentence says gives its figures: "selon X" / "according to X" (up
/// to the next punctuation, six words at most), or a place opening the
/// sentence ("A Kiev, …", "In Kyiv, …").
fn attribution(body: &str, words: &[Word<'_>], rules: &Rules) -> Option<String> {
    const STOP: &[char] = &[
        ',', '.', ';', ':', '!', '?', '«', '»', '“', '”', '"', '(', ')',
    ];
    let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
    for i in 0..words.len() {
        if let Some(p) = rules.according.iter().find(|p| phrase_at(&folded, i, p)) {
            let from = words[(i + p.len()).min(words.len() - 1)].start;
            let stop = from + text::phrase_end(&body[from..], STOP);
            let source: Vec<&str> = body[from..stop].split_whitespace().take(6).collect();
            if !source.is_empty() {
                return Some(format!(
                    "{} {}",
                    &body[words[i].start..words[i + p.len() - 1].end],
                    source.join(" ")
                ));
            }
        }
    }
    let first = words.first()?;
    let second = words.get(1)?;
    let opens = first.start == 0
        && rules.place_prepositions.contains(&first.folded)
        && text::is_capitalised(second.text)
        && body[second.end..].trim_start().starts_with(',');
    opens.then(|| body[first.start..second.end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::rules;
    use crate::lang::{profile, Lang};

    /// The figures of a text, each as "kind unit[/modifier] value
    /// [attribution]".
    fn check(lang: &str, input: &str, expected: &[&str]) {
        let lang = Lang::from_code(lang).expect("lang");
        let rules = rules::rules(lang).expect("rules");
        let sentences = text::sentences(input, true);
        let reference = NaiveDate::from_ymd_opt(2021, 12, 30);
        let got: Vec<String> = figures(input, &sentences, rules, profile(lang), reference)
            .into_iter()
            .map(|f| {
                let mut s = format!("{} {}", f.kind.as_str(), f.unit);
                if let Some(m) = &f.modifier {
                    s.push_str(&format!("/{m}"));
                }
                let value = match &f.value {
                    Value::Days(days) => days
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("+"),
                    v => format!("{v:?}"),
                };
                s.push_str(&format!(" {value}"));
                if let Some(a) = &f.attribution {
                    s.push_str(&format!(" [{a}]"));
                }
                s
            })
            .collect();
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn french_troops_ranges_and_approximations() {
        check(
            "fr",
            "Selon Washington, la Russie a massé plus de 100.000 soldats. A Kiev, on s'inquiète pour les 60 000 à 90 000 soldats russes. \
             La Russie retirerait environ 10 000 soldats.",
            &[
                "count soldiers MoreThan(100000.0) [Selon Washington]",
                "count soldiers Range(60000.0, 90000.0) [A Kiev]",
                "count soldiers/withdrawn About(10000.0)",
            ],
        );
    }

    #[test]
    fn french_durations_in_words_and_dates() {
        check(
            "fr",
            "Un appel de 50 minutes, puis une conversation d'une cinquantaine de minutes après deux heures. \
             Une réunion les 9 et 10 janvier, en 2014 et 2015.",
            &[
                "duration minutes Exact(50.0)",
                "duration minutes About(50.0)",
                "duration minutes Exact(120.0)",
                "date day 2022-01-09+2022-01-10",
            ],
        );
    }

    #[test]
    fn english_casualties_count_the_dead_and_the_injured() {
        check(
            "en",
            "At least 59 people were killed and 527 injured in the attack. \
             The gunman had worked there from 2010 to 2013. Officials said some 10,000 troops would withdraw.",
            &[
                "count dead MoreThan(59.0)",
                "count injured Exact(527.0)",
                "count soldiers/withdrawn About(10000.0)",
            ],
        );
    }

    #[test]
    fn verbs_after_numbers_are_not_what_they_count() {
        check(
            "en",
            "The toll rose to 25, according to police, and 44 others were evacuated.",
            &["count people/evacuated Exact(44.0) [according to police]"],
        );
    }

    #[test]
    fn other_languages_count_alike() {
        let dead_and_injured = |attribution: &str| {
            vec![
                format!("count dead MoreThan(14.0) [{attribution}]"),
                format!("count injured About(200.0) [{attribution}]"),
            ]
        };
        let cases = [
            ("it", "Almeno 14 morti e quasi 200 feriti, secondo la Protezione civile.", "secondo la Protezione civile"),
            ("pt", "Pelo menos 14 mortos e cerca de 200 feridos, segundo a Defesa Civil.", "segundo a Defesa Civil"),
            ("es", "Al menos 14 muertos y cerca de 200 heridos, según la Protección Civil.", "según la Protección Civil"),
            ("de", "Mindestens 14 Menschen kamen ums Leben, fast 200 wurden verletzt, laut Zivilschutz.", "laut Zivilschutz"),
        ];
        for (lang, text, attribution) in cases {
            let expected = dead_and_injured(attribution);
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            check(lang, text, &expected);
        }
        check(
            "de",
            "Russland hat rund 100.000 Soldaten zusammengezogen.",
            &["count soldiers About(100000.0)"],
        );
    }

    #[test]
    fn english_money_percent_and_more_than() {
        check(
            "en",
            "According to US intelligence, Russia has massed more than 100,000 troops. \
             The package is worth $1.5 billion, about 30 percent of the budget, and 2.5% more than last year's 1,200 projects.",
            &[
                "count soldiers MoreThan(100000.0) [According to US intelligence]",
                "money USD Exact(1500000000.0)",
                "percent % About(30.0)",
                "percent % Exact(2.5)",
                "count project Exact(1200.0)",
            ],
        );
    }
}
