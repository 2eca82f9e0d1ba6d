//! Languages: identification, and the per-language resources every stage
//! shares (stemmer, stop words, elisions, month and weekday names, boilerplate
//! rules). The rules live as data in `data/lang/*.toml`, one file a language.

use std::collections::HashSet;
use std::fmt;
use std::ops::RangeInclusive;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet, RegexSetBuilder};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

/// A language, by its ISO 639-1 code (ISO 639-3 where there is none).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(&'static str);

impl Lang {
    /// An undetermined language ("und").
    pub const UNKNOWN: Lang = Lang("und");
    /// English, the pivot language of cross-language comparison.
    pub const ENGLISH: Lang = Lang("en");
    /// German.
    pub const GERMAN: Lang = Lang("de");

    /// The language's code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The language for a code given by metadata: ISO 639-1 or 639-3, any case,
    /// with or without a region (`fr-FR`). Unknown codes give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let base = code.split(['-', '_']).next().unwrap_or_default();
        CODES
            .iter()
            .find(|(two, three, _)| *two == base || *three == base)
            .map(|(two, _, _)| Lang(two))
    }

    /// The language's ISO 639-3 code, for the languages named by two letters.
    pub fn iso639_3(self) -> Option<&'static str> {
        CODES
            .iter()
            .find(|(two, _, _)| *two == self.0)
            .map(|(_, three, _)| *three)
    }

    fn from_whatlang(lang: whatlang::Lang) -> Lang {
        CODES
            .iter()
            .find(|(_, _, wl)| *wl == lang)
            .map(|(two, _, _)| Lang(two))
            .unwrap_or(Lang(lang.code()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// ISO 639-1, ISO 639-3 and whatlang's name for the languages we name by two
/// letters. Others keep whatlang's three-letter code.
const CODES: &[(&str, &str, whatlang::Lang)] = &[
    ("ar", "ara", whatlang::Lang::Ara),
    ("da", "dan", whatlang::Lang::Dan),
    ("de", "deu", whatlang::Lang::Deu),
    ("el", "ell", whatlang::Lang::Ell),
    ("en", "eng", whatlang::Lang::Eng),
    ("es", "spa", whatlang::Lang::Spa),
    ("fi", "fin", whatlang::Lang::Fin),
    ("fr", "fra", whatlang::Lang::Fra),
    ("hu", "hun", whatlang::Lang::Hun),
    ("it", "ita", whatlang::Lang::Ita),
    ("nl", "nld", whatlang::Lang::Nld),
    ("no", "nob", whatlang::Lang::Nob),
    ("pl", "pol", whatlang::Lang::Pol),
    ("pt", "por", whatlang::Lang::Por),
    ("ro", "ron", whatlang::Lang::Ron),
    ("ru", "rus", whatlang::Lang::Rus),
    ("sv", "swe", whatlang::Lang::Swe),
    ("tr", "tur", whatlang::Lang::Tur),
    ("uk", "ukr", whatlang::Lang::Ukr),
];

/// Identifies the language of a text; `Lang::UNKNOWN` when there is too little
/// text to tell.
pub fn detect(text: &str) -> Lang {
    // A few kilobytes are plenty and keep identification cheap on long pages.
    let sample = prefix(text, 4096);
    match whatlang::detect(sample) {
        Some(info) => Lang::from_whatlang(info.lang()),
        None => Lang::UNKNOWN,
    }
}

/// The language a text reads as, when its identification is reliable.
pub(crate) fn detect_reliably(text: &str) -> Option<Lang> {
    let info = whatlang::detect(prefix(text, 4096))?;
    info.is_reliable().then(|| Lang::from_whatlang(info.lang()))
}

/// Whether a text may be in `lang`: one word in ten of its first hundred,
/// at least, is one of the language's stop words (in running text of the
/// language, three or four are). Short texts, and languages without stop
/// words, may be in any.
pub(crate) fn reads_as(lang: Lang, text: &str) -> bool {
    let profile = profile(lang);
    if profile.stop_words.is_empty() {
        return true;
    }
    let (mut seen, mut stops) = (0, 0);
    // The words of `words(text, profile, true)`, lowered into one buffer
    // rather than a new string each.
    let mut lower = String::new();
    for word in word_spans(prefix(text, 2048)) {
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&word.to_lowercase());
        }
        // Every elision is a stop word: most words need one look-up.
        let stop = profile.is_stop_word(&lower);
        if stop && profile.is_elision(&lower) {
            continue;
        }
        seen += 1;
        stops += usize::from(stop);
        // Ten stop words settle it: ten in ten of the hundred words at most.
        if stops == 10 {
            return true;
        }
        if seen == 100 {
            break;
        }
    }
    seen < 40 || stops * 10 >= seen
}

/// Bytes of an article's body read as its lead: its first two or three
/// sentences, which say what happened, when and where.
pub(crate) const LEAD_BYTES: usize = 600;

/// The lead of an article's body (its first [`LEAD_BYTES`]).
pub(crate) fn lead(body: &str) -> &str {
    prefix(body, LEAD_BYTES)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char
/// boundary.
pub(crate) fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Lower case without accents: the form names and words are compared in.
/// `Élysée` → `elysee`, `Œuvre` → `oeuvre`.
pub fn fold(word: &str) -> String {
    // Most words of most texts are plain ASCII: nothing to decompose.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether two texts fold alike: `fold(a) == fold(b)`, found without
/// folding them whole. Plain ASCII texts are compared ignoring case; others
/// are folded only up to their first character that differs. The title is
/// looked for at the top of a text this way, where the first line is most
/// often a long paragraph.
pub(crate) fn fold_alike(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    folded_chars(a).eq(folded_chars(b))
}

/// The characters of [`fold`]`(text)`, one at a time, for comparisons that
/// may stop early (a test holds the two to the same result).
fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfd().flat_map(|c| {
        // Up to three characters for one: a lower case may be longer.
        let mut out = ['\0'; 3];
        let n = match c {
            'œ' | 'Œ' => {
                out[..2].copy_from_slice(&['o', 'e']);
                2
            }
            'æ' | 'Æ' => {
                out[..2].copy_from_slice(&['a', 'e']);
                2
            }
            'ß' => {
                out[..2].copy_from_slice(&['s', 's']);
                2
            }
            c if unicode_normalization::char::is_combining_mark(c) => 0,
            c => {
                let mut n = 0;
                for (slot, lower) in out.iter_mut().zip(c.to_lowercase()) {
                    *slot = lower;
                    n += 1;
                }
                n
            }
        };
        out.into_iter().take(n)
    })
}

/// What the data file of a language holds.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LangData {
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    weekdays: Vec<String>,
    /// Endings a weekday takes in one word ("Donnerstagabend").
    #[serde(default)]
    weekday_suffixes: Vec<String>,
    /// Words before a weekday that make it the text's own ("ce vendredi").
    #[serde(default)]
    this_weekday: Vec<String>,
    /// True where every noun is capitalised (German): a capital letter
    /// says little about a name.
    #[serde(default)]
    nouns_capitalised: bool,
    /// Endings of a name in the genitive ("Djokovics Anwälte"), where nouns
    /// are capitalised: such a name is no first name before a surname.
    #[serde(default)]
    genitive_endings: Vec<String>,
    #[serde(default)]
    day_joiners: Vec<String>,
    #[serde(default)]
    year_prefixes: Vec<String>,
    #[serde(default)]
    month_prefixes: Vec<String>,
    #[serde(default)]
    day_suffixes: Vec<String>,
    /// Words for numbers of days, index 0 = one ("a|one", "two", …).
    #[serde(default)]
    day_counts: Vec<String>,
    /// Phrases that put days between two happenings, each with `{n}`, a
    /// number of days; of weeks; of hours.
    #[serde(default)]
    days_apart: Vec<String>,
    #[serde(default)]
    weeks_apart: Vec<String>,
    #[serde(default)]
    hours_apart: Vec<String>,
    #[serde(default)]
    months_apart: Vec<String>,
    /// Words with which a title tells its news as after another happening.
    #[serde(default)]
    title_after: Vec<String>,
    /// Words that place what follows them ("à", "in", "em"): a city after
    /// one is where the news happened.
    #[serde(default)]
    locatives: Vec<String>,
    #[serde(default)]
    month_first: bool,
    #[serde(default)]
    elisions: Vec<String>,
    #[serde(default)]
    boilerplate: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
}

const LANG_FILES: &[(&str, &str)] = &[
    ("de", include_str!("../data/lang/de.toml")),
    ("en", include_str!("../data/lang/en.toml")),
    ("es", include_str!("../data/lang/es.toml")),
    ("fr", include_str!("../data/lang/fr.toml")),
    ("it", include_str!("../data/lang/it.toml")),
    ("nl", include_str!("../data/lang/nl.toml")),
    ("pt", include_str!("../data/lang/pt.toml")),
];

const COMMON_FILE: &str = include_str!("../data/lang/common.toml");

/// Everything the engine knows about one language.
pub(crate) struct Profile {
    stemmer: Option<Stemmer>,
    stop_words: HashSet<String>,
    elisions: HashSet<String>,
    /// Matches the boilerplate lines of this language and the common ones.
    pub(crate) boilerplate: LineRules,
    /// Matches the heading of a block of links to other articles ("Read
    /// more", "Lire aussi"): the heading and the short lines after it go.
    pub(crate) related: LineRules,
    /// Date expressions, when the language has month names.
    pub(crate) dates: Option<DatePatterns>,
    /// Phrases that put days between two happenings, when the language has
    /// them.
    pub(crate) days_apart: Option<DaysApart>,
    /// A title's "after" and the word that follows it, when the language
    /// has such words.
    title_after: Option<Regex>,
    /// Every noun is capitalised (German).
    pub(crate) nouns_capitalised: bool,
    /// Endings of a name in the genitive ("Djokovics").
    pub(crate) genitive_endings: Vec<String>,
    /// Words that place what follows them, in lower case as written and
    /// folded, and the most characters one has.
    locatives: HashSet<String>,
    locatives_folded: HashSet<String>,
    locative_chars: usize,
}

/// Patterns that a whole line may match (case-insensitive), tested first in
/// a looser form: without their word-boundary assertions and with their
/// bounded repetitions unbounded. Unicode `\b` keeps the regex crate off its
/// fast engines on non-ASCII text, and a bounded repetition of any character
/// (`.{0,200}`) gives its lazy automaton so many states that it falls back to
/// the slow engine on every line (10 µs a line against 0.4 µs loosened). The
/// loose patterns match every line the real ones match (and few others), so
/// only those few lines meet the real patterns, compiled when the first one
/// comes.
///
/// The loose patterns are in three sets, each searched the way that stops
/// soonest on most lines, where one set of them all would be read to the
/// end of every line:
///
/// - those anchored at both ends that begin with any text and end with a
///   given one (`^.{0,}\(…afp…\)$`) lose that beginning, and those that
///   end with a given text (`^[^<‹]{1,}\s(>|›)$`) are kept whole: the
///   regex crate reads these from the end of a line backwards;
/// - those that may begin and end with any text lose both ends (`continue
///   reading the main story`), which lets the regex crate look for their
///   words first;
/// - the others begin with a given text and are read forwards.
///
/// Cutting a pattern's ends only makes it match more lines, so each set
/// stays loose. A cut pattern that would not compile is kept whole.
pub(crate) struct LineRules {
    loose_starts: RegexSet,
    loose_ends: RegexSet,
    loose_inner: RegexSet,
    patterns: Vec<String>,
    exact: OnceLock<RegexSet>,
}

/// How a loosened pattern begins when it may begin with any text.
const ANY_START: &str = "^.{0,}";

impl LineRules {
    fn new<'a>(patterns: impl Iterator<Item = &'a String>) -> Result<LineRules, regex::Error> {
        let patterns: Vec<String> = patterns.cloned().collect();
        let (mut starts, mut ends, mut inner) = (Vec::new(), Vec::new(), Vec::new());
        for pattern in patterns.iter().map(|p| loosened(p)) {
            let compiles = |p: &str| line_set([p]).is_ok();
            let head = pattern.strip_prefix(ANY_START);
            match (head, head.and_then(without_any_end)) {
                (Some(_), Some(middle)) if compiles(middle) => inner.push(middle.to_string()),
                (Some(rest), None) if rest.ends_with('$') && compiles(rest) => {
                    ends.push(rest.to_string());
                }
                (None, _) if pattern.ends_with('$') && without_any_end(&pattern).is_none() => {
                    ends.push(pattern);
                }
                _ => starts.push(pattern),
            }
        }
        Ok(LineRules {
            loose_starts: line_set(starts)?,
            loose_ends: line_set(ends)?,
            loose_inner: line_set(inner)?,
            patterns,
            exact: OnceLock::new(),
        })
    }

    /// True when one of the patterns matches `line`.
    pub(crate) fn is_match(&self, line: &str) -> bool {
        (self.loose_starts.is_match(line)
            || self.loose_ends.is_match(line)
            || self.loose_inner.is_match(line))
            && self.exact().is_match(line)
    }

    fn exact(&self) -> &RegexSet {
        self.exact.get_or_init(|| {
            line_set(self.patterns.iter())
                .unwrap_or_else(|e| panic!("a line pattern is malformed: {e}"))
        })
    }
}

/// `pattern` without its ending in any text up to the end of the line
/// (`.{0,}$` or `.*$`, the dot not escaped), when it ends so.
fn without_any_end(pattern: &str) -> Option<&str> {
    let rest = pattern
        .strip_suffix(".{0,}$")
        .or_else(|| pattern.strip_suffix(".*$"))?;
    let escapes = rest.bytes().rev().take_while(|b| *b == b'\\').count();
    (escapes % 2 == 0).then_some(rest)
}

/// The case-insensitive set of `patterns`.
fn line_set<S: AsRef<str>>(
    patterns: impl IntoIterator<Item = S>,
) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .build()
}

/// A pattern that matches wherever `pattern` does: its `\b` and `\B`
/// assertions taken out (an assertion only ever rules matches out), and its
/// bounded repetitions `{m,n}` made `{m,}`. Character classes are copied as
/// they are.
fn loosened(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b' | 'B') if !in_class => {
                    // `\b{start}` and its kind: the braces go with it.
                    if chars.peek() == Some(&'{') {
                        chars.by_ref().find(|c| *c == '}');
                    }
                }
                Some(escaped) => {
                    out.push(c);
                    out.push(escaped);
                }
                None => out.push(c),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` (or `^]`) first in a class is a literal.
                if chars.peek() == Some(&'^') {
                    out.extend(chars.next());
                }
                if chars.peek() == Some(&']') {
                    out.extend(chars.next());
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '{' if !in_class => {
                let rest: String = chars.clone().take_while(|c| *c != '}').collect();
                match rest.split_once(',') {
                    Some((min, max))
                        if !min.is_empty()
                            && min.bytes().all(|b| b.is_ascii_digit())
                            && max.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        out.push('{');
                        out.push_str(min);
                        out.push_str(",}");
                        chars.by_ref().find(|c| *c == '}');
                    }
                    _ => out.push(c),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Compiled date expressions of one language.
pub(crate) struct DatePatterns {
    /// "jeudi 30 décembre 2021", "9 et 10 janvier", "3. März", "3 de marzo de 2025".
    pub(crate) day_month: Regex,
    /// "December 30, 2021", "Dec. 9 and 10" (languages that write the month first).
    pub(crate) month_day: Option<Regex>,
    /// A lone weekday: "Tuesday", "jeudi", "Donnerstagabend"; group 1 is the
    /// weekday's name.
    pub(crate) weekday: Regex,
    /// The weekdays' names, for a quick look before `weekday` is run: most
    /// texts name none, and the case-blind expression looks first for short
    /// pieces of the names' case variants, which stop it often.
    pub(crate) weekday_names: AhoCorasick,
    /// Lower-case month alternatives, index 0 = January.
    pub(crate) months: Vec<Vec<String>>,
    /// Lower-case weekday alternatives, index 0 = Monday.
    pub(crate) weekdays: Vec<Vec<String>>,
    /// Lower-case words that make a weekday the text's own ("ce
    /// vendredi", "este jueves").
    pub(crate) this: Vec<String>,
}

/// Phrases that put a number of days between two happenings: "two days
/// after his call with Putin", "trois jours plus tard", "vor zwei Tagen",
/// "a week after", "48 heures après", "einen Monat nach".
pub(crate) struct DaysApart {
    /// The phrases of each unit, one alternative a phrase; the group that
    /// takes part in a match is its number.
    phrases: Vec<(Regex, Unit)>,
    /// Lower-case words for numbers, index 0 = one.
    counts: Vec<Vec<String>>,
}

/// What a phrase counts in.
#[derive(Clone, Copy)]
enum Unit {
    Days,
    Weeks,
    /// Whole days of them only ("48 heures après"): "hours after" is the
    /// same day's news.
    Hours,
    /// 28 to 31 days each ("a month after its Christmas launch").
    Months,
}

impl DaysApart {
    /// The days that the first such phrase of `text` names: one number, or
    /// for months, as many as their lengths allow.
    pub(crate) fn first(&self, text: &str) -> Option<RangeInclusive<u32>> {
        self.phrases
            .iter()
            .filter_map(|(phrases, unit)| {
                phrases.captures_iter(text).find_map(|found| {
                    let number = found.iter().skip(1).flatten().next()?;
                    let days = self.days(number.as_str(), *unit)?;
                    Some((number.start(), days))
                })
            })
            .min_by_key(|(at, _)| *at)
            .map(|(_, days)| days)
    }

    fn days(&self, number: &str, unit: Unit) -> Option<RangeInclusive<u32>> {
        let number = number.to_lowercase();
        let n: u32 = number.parse().ok().or_else(|| {
            let index = self.counts.iter().position(|alts| alts.contains(&number))?;
            Some(index as u32 + 1)
        })?;
        let exact = |days: Option<u32>| days.map(|d| d..=d);
        match unit {
            Unit::Days => exact(Some(n)),
            Unit::Weeks => exact(n.checked_mul(7)),
            Unit::Hours => exact(n.is_multiple_of(24).then_some(n / 24)),
            Unit::Months => Some(n.checked_mul(28)?..=n.checked_mul(31)?),
        }
    }
}

impl Profile {
    /// The stem of a lower-case word (the word itself where no stemmer exists).
    pub(crate) fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(word),
            None => std::borrow::Cow::Borrowed(word),
        }
    }

    /// True when a title tells its news as coming after another happening
    /// ("Djokovic deported after losing court fight"), not after a span of
    /// time ("Palmer retires after 15 seasons").
    pub(crate) fn title_says_after(&self, title: &str) -> bool {
        self.title_after.as_ref().is_some_and(|after| {
            after
                .captures_iter(title)
                .any(|c| !c[1].starts_with(|c: char| c.is_ascii_digit()))
        })
    }

    /// True for a lower-case word too common to tell texts apart.
    pub(crate) fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(word)
    }

    /// True for a word that places what follows it, as written: in lower
    /// case with its accents ("à"; the French verb "a" is none), or
    /// capitalised with or without them ("À", "A Vienne", "In"). Most words
    /// are longer than any such word, and are not looked up.
    pub(crate) fn is_locative(&self, word: &str) -> bool {
        if word.chars().nth(self.locative_chars).is_some() {
            return false;
        }
        self.locatives.contains(&word.to_lowercase())
            || (word.starts_with(char::is_uppercase) && self.locatives_folded.contains(&fold(word)))
    }

    /// True for an elided article or pronoun ("l" of "l'Ukraine").
    pub(crate) fn is_elision(&self, word: &str) -> bool {
        self.elisions.contains(word)
    }
}

/// The month (1–12) a name or abbreviation stands for, in the first
/// language with month names that knows it: "décembre", "Dec.", "März".
pub fn month_number(word: &str) -> Option<u32> {
    // The month names alone: no language's whole profile is built for them.
    static MONTHS: LazyLock<Vec<Vec<Vec<String>>>> = LazyLock::new(|| {
        LANG_FILES
            .iter()
            .map(|(code, _)| alternatives(&lang_data(code).months))
            .collect()
    });
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find_map(|months| {
        let index = months.iter().position(|alts| alts.contains(&word))?;
        Some(index as u32 + 1)
    })
}

/// The profile of a language; languages without a data file get stemming and
/// stop words where the crates have them, and the common boilerplate rules.
pub(crate) fn profile(lang: Lang) -> &'static Profile {
    // Built on first use, one language at a time: a profile compiles its
    // pattern sets, and a run meets few of the languages.
    static PROFILES: [OnceLock<Profile>; CODES.len() + 1] =
        [const { OnceLock::new() }; CODES.len() + 1];
    let at = CODES
        .iter()
        .position(|(code, _, _)| *code == lang.0)
        .unwrap_or(CODES.len());
    PROFILES[at].get_or_init(|| build_profile(CODES.get(at).map_or("und", |(code, _, _)| code)))
}

/// The data file of a language; empty for a language without one.
fn lang_data(code: &str) -> LangData {
    LANG_FILES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(c, text)| {
            toml::from_str(text).unwrap_or_else(|e| panic!("data/lang/{c}.toml is malformed: {e}"))
        })
        .unwrap_or_default()
}

/// Builds the profile of a language from its data file and the crates' lists.
/// The data files ship inside the binary, so a malformed one is a bug that the
/// tests of this module catch; it panics with the file named.
fn build_profile(code: &'static str) -> Profile {
    let data = lang_data(code);
    let common: LangData =
        toml::from_str(COMMON_FILE).unwrap_or_else(|e| panic!("data/lang/common.toml: {e}"));
    let boilerplate = LineRules::new(data.boilerplate.iter().chain(&common.boilerplate))
        .unwrap_or_else(|e| panic!("a boilerplate pattern of {code} is malformed: {e}"));
    let related = LineRules::new(data.related.iter().chain(&common.related))
        .unwrap_or_else(|e| panic!("a related-heading pattern of {code} is malformed: {e}"));
    let stop_words = stop_words::lookup(code)
        .unwrap_or_default()
        .iter()
        .flat_map(|w| [w.to_lowercase(), fold(w)])
        .chain(data.elisions.iter().cloned())
        .collect();
    Profile {
        stemmer: stemmer_for(code).map(Stemmer::create),
        stop_words,
        elisions: data.elisions.iter().cloned().collect(),
        boilerplate,
        related,
        dates: date_patterns(&data),
        days_apart: days_apart(&data),
        title_after: (!data.title_after.is_empty()).then(|| {
            let words = data.title_after.join("|");
            Regex::new(&format!(r"(?i){ASCII_BOUNDARY}(?:{words})\s+(\S+)"))
                .unwrap_or_else(|e| panic!("a title-after word of {code} is malformed: {e}"))
        }),
        nouns_capitalised: data.nouns_capitalised,
        genitive_endings: data.genitive_endings.clone(),
        locatives: data.locatives.iter().map(|w| w.to_lowercase()).collect(),
        locatives_folded: data.locatives.iter().map(|w| fold(w)).collect(),
        locative_chars: data
            .locatives
            .iter()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0),
    }
}

fn stemmer_for(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

fn alternatives(items: &[String]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|item| item.split('|').map(str::to_lowercase).collect())
        .collect()
}

/// Joins words into a regex alternation, longest first so that "sept" does not
/// shadow "septembre".
fn alternation<'a>(words: impl IntoIterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.into_iter().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// A word boundary that only sees ASCII letters and digits as word
/// characters. Next to a word that starts (or ends) with one, it says what
/// Unicode's `\b` says but for a word glued to a non-ASCII letter, and it
/// keeps the regex crate on its fast engine: a Unicode `\b` sends it to its
/// slow one on any non-ASCII text (a curly quote is enough).
const ASCII_BOUNDARY: &str = r"(?-u:\b)";

/// Which end of a word a boundary stands at.
#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// The word boundary at the `edge` of each of `words`: the ASCII one when
/// all of them start (end) with an ASCII letter or digit, else Unicode's.
fn boundary<'a>(words: impl IntoIterator<Item = &'a String>, edge: Edge) -> &'static str {
    let ascii = words.into_iter().all(|w| {
        let c = match edge {
            Edge::Start => w.chars().next(),
            Edge::End => w.chars().next_back(),
        };
        c.is_some_and(|c| c.is_ascii_alphanumeric())
    });
    if ascii {
        ASCII_BOUNDARY
    } else {
        r"\b"
    }
}

fn date_patterns(data: &LangData) -> Option<DatePatterns> {
    if data.months.len() != 12 || data.weekdays.len() != 7 {
        return None;
    }
    let months = alternatives(&data.months);
    let weekdays = alternatives(&data.weekdays);
    let month_alt = alternation(months.iter().flatten());
    let weekday_alt = alternation(weekdays.iter().flatten());
    let joiners = alternation(&data.day_joiners);
    let joiner = if joiners.is_empty() {
        r"\s*[-–]\s*".to_string()
    } else {
        format!(r"(?:\s*[-–]\s*|\s+(?:{joiners})\s+)")
    };
    let suffix = format!("(?:{})?", alternation(&data.day_suffixes));
    let year_prefix = if data.year_prefixes.is_empty() {
        r",?\s+".to_string()
    } else {
        format!(r",?\s+(?:(?:{})\s+)?", alternation(&data.year_prefixes))
    };
    let month_prefix = if data.month_prefixes.is_empty() {
        r"\s*".to_string()
    } else {
        format!(r"\s*(?:(?:{})\s+)?", alternation(&data.month_prefixes))
    };
    // Word boundaries: before a weekday (`wd`), around a month (`mo`, `nth`),
    // after a day and its suffix (`day`), around a number (`num`).
    let wd = boundary(weekdays.iter().flatten(), Edge::Start);
    let mo = boundary(months.iter().flatten(), Edge::Start);
    let nth = boundary(months.iter().flatten(), Edge::End);
    let day = boundary(&data.day_suffixes, Edge::End);
    let num = ASCII_BOUNDARY;
    // Groups: weekday, day, second day, month, year.
    let day_month = format!(
        r"(?iu)(?:{wd}({weekday_alt}),?\s+)?{num}(\d{{1,2}}){suffix}(?:{joiner}(\d{{1,2}}){suffix})?{month_prefix}{mo}({month_alt}){nth}\.?(?:{year_prefix}(\d{{4}}){num})?"
    );
    // Groups: weekday, month, day, second day, year.
    let month_day = data.month_first.then(|| {
        format!(
            r"(?iu)(?:{wd}({weekday_alt}),?\s+)?{mo}({month_alt}){nth}\.?\s+(\d{{1,2}}){suffix}{day}(?:{joiner}(\d{{1,2}}){suffix}{day})?(?:,?\s+(\d{{4}}){num})?"
        )
    });
    let compile = |pattern: &str| {
        Regex::new(pattern).unwrap_or_else(|e| panic!("a date pattern is malformed: {e}"))
    };
    Some(DatePatterns {
        day_month: compile(&day_month),
        month_day: month_day.as_deref().map(compile),
        weekday: compile(&format!(
            r"(?iu){wd}({weekday_alt})(?:{})?{}",
            alternation(&data.weekday_suffixes),
            boundary(
                weekdays.iter().flatten().chain(&data.weekday_suffixes),
                Edge::End
            ),
        )),
        weekday_names: case_variants(weekdays.iter().flatten()),
        months,
        weekdays,
        this: data.this_weekday.iter().map(|w| w.to_lowercase()).collect(),
    })
}

fn days_apart(data: &LangData) -> Option<DaysApart> {
    let counts = alternatives(&data.day_counts);
    let number = format!(r"(\d{{1,3}}|{})", alternation(counts.iter().flatten()));
    let phrases: Vec<(Regex, Unit)> = [
        (&data.days_apart, Unit::Days),
        (&data.weeks_apart, Unit::Weeks),
        (&data.hours_apart, Unit::Hours),
        (&data.months_apart, Unit::Months),
    ]
    .into_iter()
    .filter(|(phrases, _)| !phrases.is_empty())
    .map(|(phrases, unit)| {
        let phrases = phrases
            .iter()
            .map(|p| {
                assert!(p.contains("{n}"), "a days-apart phrase has no number: {p}");
                format!("(?:{})", p.replace("{n}", &number))
            })
            .collect::<Vec<_>>()
            .join("|");
        // Every phrase starts with an ASCII letter or a digit; its end is
        // left open ("a tre giorni dal", "nachdem").
        let phrases = Regex::new(&format!(r"(?i){ASCII_BOUNDARY}(?:{phrases})"))
            .unwrap_or_else(|e| panic!("a days-apart phrase is malformed: {e}"));
        (phrases, unit)
    })
    .collect();
    (!phrases.is_empty()).then_some(DaysApart { phrases, counts })
}

/// Finds `words` as texts write them: in lower case, in upper case or
/// capitalised ("jueves", "JUEVES", "Jueves"; "jUEVES" is missed). Literal
/// words, so that the search runs on the processor's wide registers.
fn case_variants<'a>(words: impl IntoIterator<Item = &'a String>) -> AhoCorasick {
    let variants = words.into_iter().flat_map(|w| {
        let mut chars = w.chars();
        let capitalised: String = chars
            .next()
            .into_iter()
            .flat_map(char::to_uppercase)
            .chain(chars)
            .collect();
        [w.to_lowercase(), w.to_uppercase(), capitalised]
    });
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(variants)
        .unwrap_or_else(|e| panic!("the weekday names make no searcher: {e}"))
}

/// Splits a text into lower-case words: letters and digits, apostrophes and
/// hyphens ending a word. Elided articles and pronouns are dropped
/// (`l'Ukraine` → `ukraine`), as are stop words when `keep_stop_words` is false.
pub(crate) fn words<'t>(
    text: &'t str,
    profile: &'t Profile,
    keep_stop_words: bool,
) -> impl Iterator<Item = String> + 't {
    word_spans(text)
        .map(str::to_lowercase)
        .filter(move |w| !profile.is_elision(w) && (keep_stop_words || !profile.is_stop_word(w)))
}

/// The runs of letters and digits of a text, in order: what splitting it at
/// every other character leaves, empty pieces aside. ASCII bytes are told
/// apart without decoding; other characters are decoded and asked.
fn word_spans(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    // Whether the character at byte `i` belongs to a word, and its length.
    let class = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = text[i..].chars().next().unwrap_or_default();
        (is_alphanumeric(c), c.len_utf8())
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if at >= bytes.len() {
                return None;
            }
            match class(at) {
                (true, _) => break at,
                (false, len) => at += len,
            }
        };
        while at < bytes.len() {
            match class(at) {
                (true, len) => at += len,
                (false, _) => break,
            }
        }
        Some(&text[start..at])
    })
}

/// `c.is_alphabetic()`, answered for Latin-1 (the accented letters of the
/// languages of Western Europe) without Unicode's tables.
pub(crate) fn is_alphabetic(c: char) -> bool {
    match c {
        '\0'..='\u{ff}' => matches!(
            c,
            'a'..='z' | 'A'..='Z' | 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ'
        ),
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`, answered for Latin-1 without Unicode's tables.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\u{ff}' => {
            is_alphabetic(c) || matches!(c, '0'..='9' | '²' | '³' | '¹' | '¼' | '½' | '¾')
        }
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn loose_patterns_lose_their_word_boundaries_and_bounds() {
        assert_eq!(
            loosened(r"^(©|copyright\b).{0,9}\d{2}x{1,}$"),
            r"^(©|copyright).{0,}\d{2}x{1,}$"
        );
        assert_eq!(loosened(r"^a\\b\Bc\.$"), r"^a\\bc\.$");
        assert_eq!(loosened(r"^\b{start}a\b{end}$"), r"^a$");
        assert_eq!(loosened(r"^a{,3}\p{L}$"), r"^a{,3}\p{L}$");
        assert_eq!(
            loosened(r"^[^]{0,2}\]]{1,3}\{1,2}$"),
            r"^[^]{0,2}\]]{1,}\{1,2}$"
        );
        let rules = LineRules::new([r"^lire aussi\b.*$".to_string()].iter()).expect("valid");
        assert!(rules.is_match("Lire aussi : la crise"));
        assert!(!rules.is_match("Lire aussitôt la lettre"));
    }

    #[test]
    fn a_lead_puts_days_between_two_happenings_in_each_language() {
        let days = |code: &str, text: &str| {
            let lang = Lang::from_code(code).expect("known code");
            profile(lang)
                .days_apart
                .as_ref()
                .expect("phrases")
                .first(text)
        };
        let cases = [
            (
                "en",
                "on Thursday, two days after his call with Putin",
                Some(2),
            ),
            ("en", "Biden spoke 12 days later with Zelensky", Some(12)),
            ("en", "a day after the vote", Some(1)),
            ("en", "for two days, talks went on after the vote", None),
            ("fr", "Deux jours après son entretien avec Poutine", Some(2)),
            ("fr", "trois jours plus tard, à Kiev", Some(3)),
            ("de", "Drei Tage nach seinem Telefonat mit Putin", Some(3)),
            ("de", "Vor zwei Tagen hatte er gewarnt", Some(2)),
            ("es", "tres días después de su conversación", Some(3)),
            ("it", "a tre giorni dal colloquio telefonico", Some(3)),
            ("it", "Due giorni dopo il faccia a faccia", Some(2)),
            ("pt", "a videoconferência que teve dois dias antes", Some(2)),
            ("pt", "três dias depois da conversa", Some(3)),
            ("nl", "twee dagen na het gesprek", Some(2)),
            // Weeks, and hours that make whole days.
            (
                "fr",
                "Une semaine après Emmanuel Macron, Olaf Scholz",
                Some(7),
            ),
            ("en", "two weeks later, in Geneva", Some(14)),
            ("fr", "48 heures après son appel avec Poutine", Some(2)),
            ("de", "nur wenige Stunden nach ihrer Wahl", None),
            ("es", "apenas 24 horas después de que un juez", Some(1)),
            ("en", "36 hours after the vote", None),
            // The first phrase counts, whatever its unit.
            (
                "en",
                "48 hours after the talks, three days after the vote",
                Some(2),
            ),
            // A number glued to another word is none.
            ("en", "the 2days after party", None),
        ];
        for (code, text, want) in cases {
            assert_eq!(days(code, text), want.map(|d| d..=d), "{code}: {text}");
        }
        // Months, as long as they may be.
        let months = [
            (
                "en",
                "a month to the day after its Christmas launch",
                28..=31,
            ),
            ("en", "One month after it thundered off the pad", 28..=31),
            ("de", "Einen Monat nach seinem Start ist", 28..=31),
            ("fr", "deux mois après le lancement", 56..=62),
            ("es", "un mes después del despegue", 28..=31),
            ("it", "a un mese dal lancio", 28..=31),
            ("pt", "um mês depois do lançamento", 28..=31),
        ];
        for (code, text, want) in months {
            assert_eq!(days(code, text), Some(want), "{code}: {text}");
        }
    }

    #[test]
    fn a_title_tells_its_news_as_after_another_happening() {
        let after = |code: &str, title: &str| {
            profile(Lang::from_code(code).expect("known code")).title_says_after(title)
        };
        assert!(after("en", "Djokovic deported after losing court fight"));
        assert!(after(
            "es",
            "La Cedeao suspende a Burkina Faso tras el golpe"
        ));
        assert!(after(
            "de",
            "Nach Videogipfel mit Putin: Biden sichert Selenskyj Hilfe zu"
        ));
        // A span of time is no happening; German's "nach" is "after" only
        // at the start ("Scholz reist nach Moskau").
        assert!(!after("en", "Palmer retires after 15 NFL seasons"));
        assert!(!after("de", "Scholz reist nach Moskau"));
        assert!(!after("en", "Biden and Putin talk by phone"));
    }

    #[test]
    fn every_language_file_loads() {
        for (code, _) in LANG_FILES {
            let lang = Lang::from_code(code).expect("known code");
            let profile = profile(lang);
            assert!(profile.dates.is_some(), "{code} has date patterns");
            assert!(!profile.stop_words.is_empty(), "{code} has stop words");
            // The exact patterns compile only when a line needs them.
            profile.boilerplate.exact();
            profile.related.exact();
        }
    }

    fn check_detect(text: &str, expected: &str) {
        assert_eq!(detect(text).code(), expected, "{text}");
    }

    #[test]
    fn detects_the_languages_we_need() {
        check_detect("Le président américain s'est entretenu jeudi avec son homologue russe au sujet de l'Ukraine.", "fr");
        check_detect(
            "The American president spoke on Thursday with his Russian counterpart about Ukraine.",
            "en",
        );
        check_detect("Der amerikanische Präsident sprach am Donnerstag mit seinem russischen Amtskollegen über die Ukraine.", "de");
        check_detect(
            "El presidente estadounidense habló el jueves con su homólogo ruso sobre Ucrania.",
            "es",
        );
        check_detect(
            "Il presidente americano ha parlato giovedì con il suo omologo russo dell'Ucraina.",
            "it",
        );
        check_detect("O presidente americano conversou na quinta-feira com o seu homólogo russo sobre a Ucrânia.", "pt");
        check_detect(
            "De Amerikaanse president sprak donderdag met zijn Russische ambtgenoot over Oekraïne.",
            "nl",
        );
        check_detect("Amerykański prezydent rozmawiał w czwartek ze swoim rosyjskim odpowiednikiem o Ukrainie.", "pl");
        check_detect(
            "Президент США в четверг поговорил со своим российским коллегой об Украине.",
            "ru",
        );
        check_detect(
            "Amerikan başkanı perşembe günü Rus mevkidaşıyla Ukrayna hakkında görüştü.",
            "tr",
        );
        check_detect(
            "تحدث الرئيس الأمريكي يوم الخميس مع نظيره الروسي بشأن أوكرانيا.",
            "ar",
        );
    }

    #[test]
    fn codes_from_metadata() {
        assert_eq!(Lang::from_code("fr-FR").map(Lang::code), Some("fr"));
        assert_eq!(Lang::from_code("ENG").map(Lang::code), Some("en"));
        assert_eq!(Lang::from_code("xx"), None);
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Élysée"), "elysee");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Genève"), "geneve");
        assert_eq!(fold("NATO"), "nato");
    }

    #[test]
    fn latin1_shortcuts_agree_with_unicode() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// Words and pieces that test folding, splitting and stop words.
    fn tricky_text() -> proptest::strategy::BoxedStrategy<String> {
        use proptest::prelude::*;
        let pieces = proptest::sample::select(vec![
            " ", "\u{a0}", "'", "’", "-", ".", "l'", "d’", "qu'", "the", "The", "and", "le", "LES",
            "de", "et", "der", "und", "word", "Élysée", "elysee", "Œuvre", "oeuvre", "ß", "ss",
            "SS", "e\u{301}", "\u{301}", "İ", "ı", "Σ", "ΣΑΣ", "ſ", "K", "Ǆ", "ǅ", "²", "½", "٣",
            "中文", "×", "ª", "µ", "9",
        ]);
        prop_oneof![
            proptest::collection::vec(pieces, 0..150).prop_map(|p| p.concat()),
            any::<String>(),
        ]
        .boxed()
    }

    proptest::proptest! {
        #[test]
        fn folding_char_by_char_folds_alike(a in tricky_text(), b in tricky_text()) {
            proptest::prop_assert_eq!(folded_chars(&a).collect::<String>(), fold(&a));
            proptest::prop_assert_eq!(fold_alike(&a, &b), fold(&a) == fold(&b));
            proptest::prop_assert!(fold_alike(&a, &a.to_uppercase()) == (fold(&a) == fold(&a.to_uppercase())));
        }

        #[test]
        fn word_spans_split_as_chars_would(text in tricky_text()) {
            let simple: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(word_spans(&text).collect::<Vec<_>>(), simple);
        }

        #[test]
        fn reads_as_counts_as_words_would(
            text in proptest::prop_oneof![
                tricky_text(),
                // Stop words in any share up to three in ten, around the
                // one in ten that decides.
                (0u32..30, proptest::collection::vec(0u32..100, 0..160)).prop_map(|(share, draws)| {
                    let stops = ["the", "The", "and", "le", "LES", "der", "l'", "qu’"];
                    let others = ["storm", "Élysée", "Sturm", "mot", "2021", "ſtorm"];
                    draws
                        .iter()
                        .map(|&d| if d < share { stops[d as usize % stops.len()] } else { others[d as usize % others.len()] })
                        .collect::<Vec<_>>()
                        .join(" ")
                }),
            ],
            lang in proptest::sample::select(vec!["en", "fr", "de", "ru"]),
        ) {
            // The check as it reads on top of `words`, without shortcuts.
            let lang = Lang::from_code(lang).expect("a language");
            let profile = profile(lang);
            let (mut seen, mut stops) = (0, 0);
            for word in words(prefix(&text, 2048), profile, true).take(100) {
                seen += 1;
                stops += usize::from(profile.is_stop_word(&word));
            }
            let simple = profile.stop_words.is_empty() || seen < 40 || stops * 10 >= seen;
            proptest::prop_assert_eq!(reads_as(lang, &text), simple);
        }
    }

    #[test]
    fn every_elision_is_a_stop_word() {
        // `reads_as` looks for elisions among the stop words only.
        for (code, _) in LANG_FILES {
            let profile = profile(Lang::from_code(code).expect("known code"));
            for elision in &profile.elisions {
                assert!(profile.is_stop_word(elision), "{code}: {elision}");
            }
        }
    }

    #[test]
    fn line_patterns_are_cut_at_their_open_ends() {
        assert_eq!(without_any_end(r"^a.{0,}$"), Some("^a"));
        assert_eq!(without_any_end(r"^a.*$"), Some("^a"));
        assert_eq!(without_any_end(r"^a\.*$"), None);
        assert_eq!(without_any_end(r"^a\\.*$"), Some(r"^a\\"));
        assert_eq!(without_any_end(r"^a$"), None);
        let rules = LineRules::new(
            [
                r"^.{0,80}all rights reserved\.?$",
                r"^.{0,80}continue reading\b.*$",
                r"^[^<]{1,40}\s>$",
                r"^read more\b.{0,20}$",
            ]
            .map(String::from)
            .iter(),
        )
        .expect("valid");
        assert_eq!(rules.loose_starts.len(), 1);
        assert_eq!(rules.loose_ends.len(), 2);
        assert_eq!(rules.loose_inner.len(), 1);
        for (line, expected) in [
            ("© 2017 Xinhua. All rights reserved.", true),
            ("All rights reserved by law, they said, was the rule", false),
            ("Please continue reading below", true),
            ("News >", true),
            ("<News >", false),
            ("Read more: the storm", true),
            (
                "Read more of this story, which is far longer than the twenty bytes",
                false,
            ),
        ] {
            assert_eq!(rules.is_match(line), expected, "{line}");
        }
    }

    #[test]
    fn loose_line_sets_keep_every_line_the_patterns_match() {
        let lines = [
            "Source link",
            "© 2021 AFP",
            "Le président, à Wilmington. (- / WHITE HOUSE / AFP)",
            "Facebook | Twitter | Email",
            "https://example.com/a",
            "11/20/2019 01:14 PM",
            "News >",
            "Read more: other news",
            "Share this article",
            "By Jane Roe",
            "Continue reading the main story",
            "Xinhua | Updated: 2017-09-15 17:52",
            "© 2017 Xinhua. All rights reserved.",
            "Tous droits réservés",
            "Lire aussi : la crise",
            "Lesen Sie auch: der Sturm",
            "Police arrested a man on Tuesday.",
            "The storm hit the harbour on Monday night, officials said (AFP).",
        ];
        for (code, _) in LANG_FILES {
            let profile = profile(Lang::from_code(code).expect("known code"));
            for rules in [&profile.boilerplate, &profile.related] {
                for line in lines {
                    assert_eq!(
                        rules.is_match(line),
                        rules.exact().is_match(line),
                        "{code}: {line}"
                    );
                }
            }
        }
    }

    #[test]
    fn french_elisions_are_split() {
        let fr = profile(Lang("fr"));
        let got: Vec<String> = words("l'Ukraine qu’il d'après jusqu'à", fr, true).collect();
        assert_eq!(got, ["ukraine", "il", "après", "à"]);
    }
}
