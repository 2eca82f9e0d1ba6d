//! Dates: the publication date given by metadata, the days a text names, and
//! the publication date inferred from them when metadata says too little.

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use regex::Regex;

use crate::lang::{DatePatterns, Profile, LEAD_BYTES};
use crate::model::{Article, DayMention, Precision, Published};

/// Parses a date as metadata writes it: ISO 8601 with or without time and
/// zone (`2017-09-15T00:00:00`, `2021-12-30 18:05`, `2021-12-30T18:05:00+01:00`),
/// a day (`2021-12-30`, `2021/12/30`) or a month (`2021-12`). Anything else,
/// or an impossible date, gives `None`.
pub fn parse_given(text: &str) -> Option<Published> {
    static ISO: OnceLock<Regex> = OnceLock::new();
    let iso = ISO.get_or_init(|| {
        Regex::new(
            r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$",
        )
        .expect("the ISO date pattern compiles")
    });
    let caps = iso.captures(text.trim())?;
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = caps[1].parse::<i32>().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let month = num(2)?;
    let Some(day) = num(3) else {
        let at = NaiveDate::from_ymd_opt(year, month, 1)?.and_time(NaiveTime::MIN);
        return Some(Published {
            at,
            precision: Precision::Month,
            inferred: false,
        });
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (at, precision) = match (num(4), num(5)) {
        (Some(h), Some(m)) => {
            let time = NaiveTime::from_hms_opt(h, m, num(6).unwrap_or(0))?;
            // Metadata that writes midnight usually means "the day, time unknown".
            let precision = if time == NaiveTime::MIN {
                Precision::Day
            } else {
                Precision::Time
            };
            (date.and_time(time), precision)
        }
        _ => (date.and_time(NaiveTime::MIN), Precision::Day),
    };
    Some(Published {
        at,
        precision,
        inferred: false,
    })
}

/// The publication date metadata gives (`given`), made a day by the page's
/// address when it says only the month, or nothing, and the address names
/// a day of that month (see [`url_day`]).
pub fn with_url_day(given: Option<Published>, url: Option<&str>) -> Option<Published> {
    if given.is_some_and(|p| p.precision >= Precision::Day) {
        return given;
    }
    let days = url.into_iter().flat_map(url_days).filter(|day| {
        given.is_none_or(|month| day.year() == month.at.year() && day.month() == month.at.month())
    });
    only(days).map(day_published).or(given)
}

/// The day a page's address gives, if it gives one and only one: news
/// sites put their publication day in the path (`/2021/12/30/`,
/// `/2022-01-21/`, `/2022/jan/10/`, `/20211231/`, `/11-02-2022/`, day
/// first as European sites write it, `/22_gennaio_19/` with the month's
/// name in the site's language). An address naming two different days
/// (the news and an archived link) says none.
pub fn url_day(url: &str) -> Option<NaiveDate> {
    only(url_days(url).into_iter())
}

/// The one value `days` holds, however many times.
fn only(mut days: impl Iterator<Item = NaiveDate>) -> Option<NaiveDate> {
    let first = days.next()?;
    days.all(|day| day == first).then_some(first)
}

/// Every day a URL's path may be read as.
fn url_days(url: &str) -> Vec<NaiveDate> {
    static PATTERNS: OnceLock<[Regex; 4]> = OnceLock::new();
    let [year_first, day_first, packed, short_year] = PATTERNS.get_or_init(|| {
        let compile = |p: &str| Regex::new(p).expect("the URL date patterns compile");
        [
            compile(
                r"(?i)(?:^|[^0-9])((?:19|20)\d\d)[/_-](\d{1,2}|[a-z]{3})[/_-](\d{1,2})(?:[^0-9]|$)",
            ),
            compile(r"(?:^|[^0-9])(\d{1,2})[/_-](\d{1,2})[/_-]((?:19|20)\d\d)(?:[^0-9]|$)"),
            compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)"),
            // Two digits of the year only with a month's name: `/22_gennaio_19/`.
            compile(r"/(\d\d)_(\p{L}{3,})_(\d{1,2})/"),
        ]
    });
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |at| &path[at..]);
    let month_of = |m: &str| {
        m.parse::<u32>().ok().or_else(|| {
            let m = m.to_ascii_lowercase();
            MONTHS
                .iter()
                .position(|name| *name == m)
                .map(|i| i as u32 + 1)
        })
    };
    let date = |y: &str, m: &str, d: &str| {
        NaiveDate::from_ymd_opt(y.parse().ok()?, month_of(m)?, d.parse().ok()?)
    };
    let mut days = Vec::new();
    for caps in year_first
        .captures_iter(path)
        .chain(packed.captures_iter(path))
    {
        days.extend(date(&caps[1], &caps[2], &caps[3]));
    }
    for caps in day_first.captures_iter(path) {
        days.extend(date(&caps[3], &caps[2], &caps[1]));
    }
    for caps in short_year.captures_iter(path) {
        let day = || {
            let year = 2000 + caps[1].parse::<i32>().ok()?;
            NaiveDate::from_ymd_opt(
                year,
                crate::lang::month_number(&caps[2])?,
                caps[3].parse().ok()?,
            )
        };
        days.extend(day());
    }
    days
}

/// A day found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    mention: DayMention,
    /// True when the year was written in the text.
    year_written: bool,
    /// The day's weekday, when the phrase names it too ("mercredi 5
    /// janvier"): a text names its own day so more often than a past one.
    weekday: Option<Weekday>,
    /// Byte offset in the text, for ordering.
    offset: usize,
    /// The byte after the phrase.
    end: usize,
}

/// The publication date and the days an article names. `given` is what
/// metadata said (with the day of the page's address, see
/// [`with_url_day`]); when it has no day, the day is inferred from `full_text`
/// (the whole document, boilerplate included, since bylines and captions
/// carry dates): the first day of the given month it names with its
/// weekday (see [`after_lead`]), else the latest day of that month its
/// title or lead names if the lead's weekday allows it (see [`fits_lead`]); or with no
/// metadata at all, the first day named with its weekday in a year the text
/// writes (see [`own_day`]), else the latest day named with its year
/// unless the text shows it is background (see [`latest_written`]). In
/// `article` (the cleaned text), days without a year take the year that puts them nearest
/// to the publication date, and weekday names alone ("Tuesday") become the
/// last such day on or before it; with no publication day, the weekdays its
/// title and lead (the first [`LEAD_BYTES`] of its body) name, alone or
/// with their day, are returned apart, as the only clue to
/// when the article's news happened, and the days named with their weekday
/// ("mercredi 5 janvier") come first.
pub(crate) fn resolve(
    given: Option<Published>,
    full_text: &str,
    article: &str,
    lead_days: Option<RangeInclusive<u32>>,
    profile: &Profile,
) -> (Option<Published>, Vec<DayMention>, Vec<Weekday>) {
    // The weekdays of the whole document, asked only when metadata gives
    // no day.
    let named = || {
        profile
            .dates
            .as_ref()
            .map(|patterns| weekday_names(full_text, patterns))
            .unwrap_or_default()
    };
    let published = match given {
        Some(p) if p.precision >= Precision::Day => Some(p),
        Some(month) => {
            let named = named();
            let found = find(full_text, profile);
            lead_named(month, &found, &named)
                .or_else(|| {
                    weekday_days(&named, month.date())
                        .first()
                        .and_then(|f| f.mention.date())
                        .map(|day| after_lead(day, &named))
                        .filter(|day| day.month() == month.at.month())
                })
                .or_else(|| lead_days.and_then(|days| after_recalled(month, &found, &named, days)))
                .or_else(|| {
                    infer_within_month(month, &found, full_text)
                        .filter(|(at, day)| fits_lead(*at, *day, &named))
                        .map(|(_, day)| day)
                })
                .map(day_published)
                .or(Some(month))
        }
        None => {
            let found = find(full_text, profile);
            own_day(&found)
                .map(|day| day_published(after_lead(day, &named())))
                .or_else(|| latest_written(&found, latest_year(full_text)))
        }
    };
    let mut found = find(article, profile);
    let reference = published
        .filter(|p| p.precision >= Precision::Day)
        .map(|p| p.date());
    let mut unresolved = Vec::new();
    match (reference, &profile.dates) {
        (Some(reference), Some(patterns)) => {
            for f in &mut found {
                if f.mention.year.is_none() {
                    f.mention.year = Some(nearest_year(reference, f.mention.month, f.mention.day));
                }
            }
            let named = weekday_names(article, patterns);
            let numbered: Vec<Found> = weekday_days(&named, reference)
                .into_iter()
                .filter(|n| found.iter().all(|f| f.offset != n.offset))
                .collect();
            found.extend(numbered);
            found.extend(weekdays(&named, reference, &found));
            found.sort_by_key(|f| f.offset);
        }
        (None, Some(patterns)) => {
            // Every weekday the title and lead name, alone ("mardi") or
            // with its day ("Mercredi 5 janvier"): the only clue to when
            // its news happened. Further on, a weekday is the background's
            // ("Lukashenko had announced the drills on Monday").
            let lead = lead_end(article);
            for n in weekday_names(article, patterns)
                .into_iter()
                .filter(|n| n.offset < lead)
            {
                if !unresolved.contains(&n.weekday) {
                    unresolved.push(n.weekday);
                }
            }
            // With no day of its own, the text's days named with their
            // weekday come first: the article's day, not the background's.
            found.sort_by_key(|f| f.weekday.is_none());
        }
        _ => {}
    }
    let mut mentions: Vec<DayMention> = Vec::new();
    for f in found {
        let valid = match f.mention.year {
            Some(_) => f.mention.date().is_some(),
            None => NaiveDate::from_ymd_opt(2000, f.mention.month, f.mention.day).is_some(),
        };
        if valid && !mentions.contains(&f.mention) {
            mentions.push(f.mention);
        }
    }
    (published, mentions, unresolved)
}

/// How many days before its news an article says the happening it
/// recalls came, as a range: any number when its title tells its news as
/// coming after another happening ("Djokovic deported after losing court
/// fight"), else the days its title or lead puts between them ("Biden
/// spoke with Zelensky on Thursday, two days after his call with Putin").
/// Such an article tells a happening of its own, which follows the one it
/// recalls.
pub(crate) fn recalled_before(article: &Article) -> Option<RangeInclusive<i64>> {
    let profile = crate::lang::profile(article.lang);
    if profile.title_says_after(&article.title) {
        return Some(1..=i64::MAX);
    }
    let days = lead_days(&article.title, &article.body, profile)?;
    Some(i64::from(*days.start())..=i64::from(*days.end()))
}

/// The days that a title or a lead (see [`crate::lang::lead`])
/// puts between its news and another happening ("two days after his call
/// with Putin").
pub(crate) fn lead_days(title: &str, body: &str, profile: &Profile) -> Option<RangeInclusive<u32>> {
    let phrases = profile.days_apart.as_ref()?;
    phrases
        .first(title)
        .or_else(|| phrases.first(crate::lang::lead(body)))
}

/// A phrase that names one or more days ("les 9 et 10 janvier") and where
/// it lies in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DaySpan {
    /// The phrase's byte range.
    pub(crate) range: std::ops::Range<usize>,
    /// The days it names, in order; the year is the one written, else the
    /// one nearest to the reference day, else unknown.
    pub(crate) days: Vec<DayMention>,
}

/// The phrases of `text` that name days with their month, each with its
/// days, for the comparison of sources (lone weekdays are left out: they
/// date the news, not the events it announces).
pub(crate) fn day_spans(
    text: &str,
    profile: &Profile,
    reference: Option<NaiveDate>,
) -> Vec<DaySpan> {
    let mut spans: Vec<DaySpan> = Vec::new();
    for f in find(text, profile) {
        let mut mention = f.mention;
        if let (None, Some(reference)) = (mention.year, reference) {
            mention.year = Some(nearest_year(reference, mention.month, mention.day));
        }
        let valid = match mention.year {
            Some(_) => mention.date().is_some(),
            None => NaiveDate::from_ymd_opt(2000, mention.month, mention.day).is_some(),
        };
        if !valid {
            continue;
        }
        match spans.last_mut() {
            Some(last) if last.range.start == f.offset => {
                if !last.days.contains(&mention) {
                    last.days.push(mention);
                }
            }
            _ => spans.push(DaySpan {
                range: f.offset..f.end,
                days: vec![mention],
            }),
        }
    }
    spans
}

/// The days a text names with day and month, in text order.
fn find(text: &str, profile: &Profile) -> Vec<Found> {
    // Every date has a number in it. The patterns need Unicode word
    // boundaries, which send the regex engine to its slow paths on
    // non-ASCII text, so they only run around numbers.
    let mut found = Vec::new();
    for window in digit_windows(text) {
        let part = &text[window.clone()];
        let before = found.len();
        if let Some(patterns) = &profile.dates {
            found.extend(day_month_dates(part, patterns));
        }
        if may_hold_numeric_date(part) {
            found.extend(numeric_dates(part));
        }
        for f in &mut found[before..] {
            f.offset += window.start;
            f.end += window.start;
        }
    }
    found.sort_by_key(|f| f.offset);
    found
}

/// Bytes a date can reach before its first digit ("mercredi 30", "December
/// 30") and after its last ("30 et 31 décembre 2021" has digits at the end,
/// "30 de diciembre" not).
const BEFORE_DIGITS: usize = 40;
const AFTER_DIGITS: usize = 56;

/// Spans of `text` around its digits, widened to whole words and merged
/// where they overlap, in text order.
fn digit_windows(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    loop {
        i = next_digit(bytes, i);
        if i == bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let from = word_start(text, start.saturating_sub(BEFORE_DIGITS));
        let to = word_end(text, (i + AFTER_DIGITS).min(bytes.len()));
        match windows.last_mut() {
            Some(last) if from <= last.end => last.end = last.end.max(to),
            _ => windows.push(from..to),
        }
    }
    windows
}

/// The index of the first ASCII digit of `bytes` at or after `from`, or the
/// length of `bytes`. Most of a text has no digit: it is passed over eight
/// bytes at a time, a word of them tested at once for a byte that is one.
fn next_digit(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        // A digit's byte xor '0' is below 10; "has a byte below n" (n at most
        // 128) is `(x - n·ONES) & !x & 0x80·ONES`, exact as a yes or no.
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ (ONES * u64::from(b'0'));
        if x.wrapping_sub(ONES * 10) & !x & (ONES * 0x80) != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The space before the first whole word at or after byte `at`.
fn word_start(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    let mut at = at;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(k, _)| at + k)
}

/// The end of the word that byte `at` is in.
fn word_end(text: &str, at: usize) -> usize {
    let mut end = at;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[end..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(k, _)| end + k)
}

/// The days of the given month that the text names, in text order, with
/// their offsets.
fn in_month(month: Published, found: &[Found]) -> impl Iterator<Item = (usize, NaiveDate)> + '_ {
    let (year, m) = (month.at.year(), month.at.month());
    found
        .iter()
        .filter(move |f| f.mention.month == m && f.mention.year.is_none_or(|y| y == year))
        .filter_map(move |f| Some((f.offset, NaiveDate::from_ymd_opt(year, m, f.mention.day)?)))
}

/// Where the title and lead of a text end: [`LEAD_BYTES`] after its first
/// line that holds anything (a reader may leave blank lines before it).
fn lead_end(text: &str) -> usize {
    let start = text.len() - text.trim_start().len();
    let title = text[start..].find('\n').unwrap_or(text.len() - start);
    start + title + LEAD_BYTES
}

/// The latest day of the given month that the text names in its title or
/// lead (see [`lead_end`]), with its offset:
/// further on, a day is the background's ("Johnson il primo febbraio,
/// Erdoğan il 3 febbraio. Ora tocca a Scholz").
fn infer_within_month(month: Published, found: &[Found], text: &str) -> Option<(usize, NaiveDate)> {
    let lead = lead_end(text);
    in_month(month, found)
        .filter(|(at, _)| *at < lead)
        .max_by_key(|(at, day)| (*day, std::cmp::Reverse(*at)))
}

/// The first day of the given month that the text names within
/// [`LEAD_REACH`] of its lead's lone weekday and that the calendar makes
/// that weekday ("el pasado domingo. Macron mantuvo el 20 de febrero…"):
/// the lead's day, which a day named with its weekday further on ("el
/// jueves 24", a meeting to come) does not outrank.
fn lead_named(month: Published, found: &[Found], named: &[Named]) -> Option<NaiveDate> {
    let lead = named.first().filter(|n| n.day.is_none())?;
    in_month(month, found)
        .find(|(at, day)| at.abs_diff(lead.offset) <= LEAD_REACH && day.weekday() == lead.weekday)
        .map(|(_, day)| day)
}

/// The day of the given month that lies `days` after a day the text names
/// and falls on its lead's lone weekday: "am Donnerstag … zwei Tage nach
/// seinem Videogespräch … am 7. Dezember" is Thursday 9 December. The
/// calendar must agree, so a day named for another reason rarely fits (of
/// a month's 28 to 31 days, one at most falls on the weekday).
fn after_recalled(
    month: Published,
    found: &[Found],
    named: &[Named],
    days: RangeInclusive<u32>,
) -> Option<NaiveDate> {
    let lead = named.first().filter(|n| n.day.is_none())?;
    found.iter().find_map(|f| {
        let year = f
            .mention
            .year
            .unwrap_or_else(|| nearest_year(month.date(), f.mention.month, f.mention.day));
        let recalled = NaiveDate::from_ymd_opt(year, f.mention.month, f.mention.day)?;
        days.clone().find_map(|days| {
            let own = recalled.checked_add_days(Days::new(u64::from(days)))?;
            (own.weekday() == lead.weekday
                && own.year() == month.at.year()
                && own.month() == month.at.month())
            .then_some(own)
        })
    })
}

/// Bytes around a lead's weekday (two sentences or so) where the day it
/// speaks of is written, if it is. Further on, a day of the same weekday is
/// one the text recalls, a week or more before ("said Wednesday" … "the
/// NATO-Russia Council on Jan. 12", also a Wednesday).
const LEAD_REACH: usize = 300;

/// Whether `day`, a day a text names without its weekday (and away from
/// its lead, see [`lead_named`]), may be the day it was published, given
/// the first weekday it names (`named`, in text order): when that weekday
/// stands alone, the lead's news, `day` must be the day after it ("jeudi"
/// in a text dated "31.12.2021", a Friday), written (at `at`) within
/// [`LEAD_REACH`] of it: paragraphs further on, the day after the lead's
/// weekday is a recalled one too ("am Donnerstag" … "Moskau hatte am 17.
/// Dezember … veröffentlicht", a Friday a week before). A lead's Friday against a
/// Tuesday named further on ("on Friday … the video call on Dec. 7"), or
/// against a Saturday a week before ("samedi" … "le 22 janvier"), says
/// that day is recalled, and which Friday or Saturday is the text's own
/// is unknown.
fn fits_lead(at: usize, day: NaiveDate, named: &[Named]) -> bool {
    match named.first() {
        Some(lead) if lead.day.is_none() => {
            day.weekday().days_since(lead.weekday) == 1 && at.abs_diff(lead.offset) <= LEAD_REACH
        }
        _ => true,
    }
}

/// The day a text gives itself, from `day` (a day it names with its
/// weekday) and the first weekday it names (`named`, in text order): when
/// that weekday stands alone ("ce lundi", "el sábado por la noche") and is
/// not `day`'s, the lead speaks of its own day by weekday and `day` is one
/// it recalls further on ("le mercredi 24 novembre", "el viernes 21 de
/// enero"): its own day is the first of that weekday after `day`.
fn after_lead(day: NaiveDate, named: &[Named]) -> NaiveDate {
    match named.first() {
        Some(lead) if lead.day.is_none() => {
            day + Days::new(u64::from(lead.weekday.days_since(day.weekday())))
        }
        _ => day,
    }
}

/// The first day a text names with its weekday and month ("jeudi 20
/// janvier", "el pasado domingo, 9 de enero") whose weekday the calendar
/// confirms: in the year written with it, or else in the year nearest
/// the latest year the text writes with a day (that one, one before, one
/// to three after: a text recalls past years, as a report of 2022 recalls
/// "le 20 mai 2020", more than it names coming ones) where that day is
/// that weekday. A text names its own day so; a background day written
/// out in full ("le 19 novembre 2021") or a day to come ("27 de febrero de
/// 2022") is not it. With no year written with a day, which year is
/// unknown, so no day: a year written alone is as often the background's
/// ("desde 1997", "la cumbre de Bucarest de 2008"), and a weekday and a
/// day fall together every few years.
fn own_day(found: &[Found]) -> Option<NaiveDate> {
    let latest = found
        .iter()
        .filter(|f| f.year_written)
        .filter_map(|f| f.mention.year)
        .max()?;
    found.iter().find_map(|f| {
        let weekday = f.weekday?;
        let years = match f.mention.year {
            Some(year) => vec![year],
            None => vec![latest, latest - 1, latest + 1, latest + 2, latest + 3],
        };
        years.into_iter().find_map(|year| {
            NaiveDate::from_ymd_opt(year, f.mention.month, f.mention.day)
                .filter(|d| d.weekday() == weekday)
        })
    })
}

/// The latest day the text names with its year written out, unless the
/// text writes a year at least two later (`latest`), even alone, or names
/// a later day without its year (one in the months after: "le 8 février"
/// after "le 25 décembre 2021"): then that day is background (a birth, a
/// treaty, the day a sample was taken), not the text's own. The next year
/// is often one the text looks ahead to ("la présidentielle de 2022").
fn latest_written(found: &[Found], latest: Option<i32>) -> Option<Published> {
    let day = found
        .iter()
        .filter(|f| f.year_written)
        .filter_map(|f| f.mention.date())
        .max()?;
    let later_yearless = found.iter().any(|f| {
        f.mention.year.is_none()
            && NaiveDate::from_ymd_opt(
                nearest_year(day, f.mention.month, f.mention.day),
                f.mention.month,
                f.mention.day,
            )
            .is_some_and(|d| d > day)
    });
    (latest.is_none_or(|year| year <= day.year() + 1) && !later_yearless)
        .then(|| day_published(day))
}

/// The latest year a text writes, alone ("en 2015") or in a date: 1900 to
/// 2099 as a number of its own (not "2.000", "20225" or "1.2015").
fn latest_year(text: &str) -> Option<i32> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| {
        Regex::new(r"(?:^|[^\d.,])((?:19|20)\d\d)(?:[^\d.,]|[.,](?:\D|$)|$)")
            .expect("the year pattern compiles")
    });
    year.captures_iter(text)
        .filter_map(|caps| caps[1].parse::<i32>().ok())
        .max()
}

fn day_published(date: NaiveDate) -> Published {
    Published {
        at: date.and_time(NaiveTime::MIN),
        precision: Precision::Day,
        inferred: true,
    }
}

/// The year that puts day/month nearest to `reference`.
pub(crate) fn nearest_year(reference: NaiveDate, month: u32, day: u32) -> i32 {
    let y = reference.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day).map(|d| (year, d)))
        .min_by_key(|(_, d)| (*d - reference).num_days().abs())
        .map_or(y, |(year, _)| year)
}

fn index_of(alternatives: &[Vec<String>], word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    alternatives
        .iter()
        .position(|alts| alts.contains(&word))
        .map(|i| i as u32 + 1)
}

/// "jeudi 30 décembre 2021", "les 9 et 10 janvier", "December 30, 2021".
fn day_month_dates(text: &str, patterns: &DatePatterns) -> Vec<Found> {
    let mut found = Vec::new();
    let mut push = |caps: &regex::Captures<'_>,
                    days: [Option<u32>; 2],
                    month: Option<u32>,
                    year: Option<i32>| {
        let Some(month) = month else { return };
        let span = caps.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        for day in days.into_iter().flatten().filter(|d| (1..=31).contains(d)) {
            let mention = DayMention { year, month, day };
            found.push(Found {
                mention,
                year_written: year.is_some(),
                weekday: caps
                    .get(1)
                    .and_then(|w| index_of(&patterns.weekdays, w.as_str()))
                    .and_then(|i| Weekday::try_from(i as u8 - 1).ok()),
                offset: span.0,
                end: span.1,
            });
        }
    };
    let parse = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    for caps in patterns.day_month.captures_iter(text) {
        let month = caps
            .get(4)
            .and_then(|m| index_of(&patterns.months, m.as_str()));
        let year = parse(caps.get(5)).map(|y| y as i32);
        push(&caps, [parse(caps.get(2)), parse(caps.get(3))], month, year);
    }
    if let Some(month_day) = &patterns.month_day {
        for caps in month_day.captures_iter(text) {
            let month = caps
                .get(2)
                .and_then(|m| index_of(&patterns.months, m.as_str()));
            let year = parse(caps.get(5)).map(|y| y as i32);
            push(&caps, [parse(caps.get(3)), parse(caps.get(4))], month, year);
        }
    }
    found
}

/// "31.12.2021", "31/12/2021", "2021-12-31" (day first, as most of the world
/// writes it, unless the first number cannot be a day).
fn numeric_dates(text: &str) -> Vec<Found> {
    static NUMERIC: OnceLock<Regex> = OnceLock::new();
    let numeric = NUMERIC.get_or_init(|| {
        Regex::new(r"\b(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})([./])(\d{1,2})[./](\d{4}))\b")
            .expect("the numeric date pattern compiles")
    });
    numeric
        .captures_iter(text)
        .filter_map(|caps| {
            let n = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            let (year, month, day) = match n(1) {
                Some(year) => (year, n(2)?, n(3)?),
                None => {
                    let (a, b) = (n(4)?, n(6)?);
                    let (day, month) = if a > 12 || b <= 12 { (a, b) } else { (b, a) };
                    (n(7)?, month, day)
                }
            };
            let mention = DayMention {
                year: Some(year as i32),
                month,
                day,
            };
            mention.date()?;
            let whole = caps.get(0)?;
            Some(Found {
                mention,
                year_written: true,
                weekday: None,
                offset: whole.start(),
                end: whole.end(),
            })
        })
        .collect()
}

/// False when `text` cannot hold a date that [`numeric_dates`] finds: each
/// of those has a separator between two digits ("31.12", "2021-12"), while
/// most numbers of a text stand alone ("800 people", "in 2021."). The check
/// spares the pattern's search, which its Unicode word boundaries make slow
/// on non-ASCII text. A digit of the pattern may be of any script, so any
/// non-ASCII byte counts as one here.
fn may_hold_numeric_date(text: &str) -> bool {
    let digit = |b: u8| b.is_ascii_digit() || !b.is_ascii();
    text.as_bytes()
        .windows(3)
        .any(|w| matches!(w[1], b'-' | b'.' | b'/') && digit(w[0]) && digit(w[2]))
}

/// A weekday's name in a text, with the day number right after it, if any
/// ("jeudi 30", "Thursday, 30", "sexta-feira (21)").
struct Named {
    weekday: Weekday,
    offset: usize,
    /// Named as the text's own ("ce vendredi").
    this: bool,
    /// The number right after it (a day, if it is one of the month) and
    /// the byte after that.
    day: Option<(u32, usize)>,
}

/// The weekday names of a text, in text order but for the first one the
/// text calls its own ("ce vendredi", "este jueves"), which goes before
/// those it recalls ("depuis mardi"). The text is searched only when a
/// literal search finds a weekday's name in it.
fn weekday_names(text: &str, patterns: &DatePatterns) -> Vec<Named> {
    if !patterns.weekday_names.is_match(text) {
        return Vec::new();
    }
    let mut named: Vec<Named> = patterns
        .weekday
        .captures_iter(text)
        .filter_map(|c| {
            let (whole, name) = (c.get(0)?, c.get(1)?);
            let index = index_of(&patterns.weekdays, name.as_str())?;
            let weekday = Weekday::try_from(index as u8 - 1).ok()?;
            // What follows the name, where a day number may stand.
            let after = text[whole.end()..].trim_start_matches([' ', ',', '(']);
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let day = after[..digits]
                .parse::<u32>()
                .ok()
                .map(|day| (day, text.len() - after.len() + digits));
            // The word before the name.
            let before = text[..whole.start()]
                .trim_end()
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default()
                .to_lowercase();
            Some(Named {
                weekday,
                offset: whole.start(),
                this: patterns.this.contains(&before),
                day,
            })
        })
        .collect();
    if let Some(own) = named.iter().position(|n| n.this) {
        named[..=own].rotate_right(1);
    }
    named
}

/// The days of `month`'s month that the text names by weekday and
/// number, with or without the month ("jeudi 30", "nesta sexta-feira (21)",
/// "este viernes 14 de enero"), where the number is that weekday in that
/// month, in text order: the first is the day the article gives itself,
/// which neither background days ("le 10 janvier") nor days to come ("el
/// lunes 17") outrank.
fn weekday_days(named: &[Named], month: NaiveDate) -> Vec<Found> {
    named
        .iter()
        .filter_map(|n| {
            let (day, end) = n.day?;
            let date = NaiveDate::from_ymd_opt(month.year(), month.month(), day)
                .filter(|d| d.weekday() == n.weekday)?;
            Some(Found {
                mention: DayMention {
                    year: Some(date.year()),
                    month: date.month(),
                    day,
                },
                year_written: false,
                weekday: Some(n.weekday),
                offset: n.offset,
                end,
            })
        })
        .collect()
}

/// Weekday names that stand alone (not "jeudi 30 décembre", nor "jeudi
/// 30"), as the last such day on or before `reference`.
fn weekdays(named: &[Named], reference: NaiveDate, dated: &[Found]) -> Vec<Found> {
    named
        .iter()
        .filter(|n| n.day.is_none() && dated.iter().all(|f| f.offset != n.offset))
        .filter_map(
            |&Named {
                 weekday, offset, ..
             }| {
                let back = reference.weekday().days_since(weekday);
                let date = reference.checked_sub_days(Days::new(u64::from(back)))?;
                let mention = DayMention {
                    year: Some(date.year()),
                    month: date.month(),
                    day: date.day(),
                };
                Some(Found {
                    mention,
                    year_written: false,
                    weekday: Some(weekday),
                    offset,
                    end: offset,
                })
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{profile, Lang};

    fn check(
        given: Option<&str>,
        lang: &str,
        text: &str,
        published: Option<&str>,
        mentions: &[&str],
    ) {
        let given = given.and_then(parse_given);
        let profile = profile(Lang::from_code(lang).expect("lang"));
        let (got, got_mentions, _) =
            resolve(given, text, text, lead_days("", text, profile), profile);
        assert_eq!(
            got.map(|p| p.to_string()).as_deref(),
            published,
            "published of {text}"
        );
        let got_mentions: Vec<String> = got_mentions.iter().map(ToString::to_string).collect();
        assert_eq!(got_mentions, mentions, "mentions of {text}");
    }

    #[test]
    fn a_month_header_takes_the_day_its_lead_puts_after_a_named_one() {
        // Thursday, two days after Tuesday the 7th: the 9th.
        check(
            Some("2021-12"),
            "de",
            "Zwei Tage nach seinem Videogespräch mit Putin hat Biden am Donnerstag mit \
             Selenskyj telefoniert. Das Gespräch am 7. Dezember hatte zwei Stunden gedauert.",
            Some("2021-12-09"),
            &["2021-12-09", "2021-12-07"],
        );
        // Sunday, three days after Thursday 30 December: 2 January, in
        // the month of the header.
        check(
            Some("2022-01"),
            "pt",
            "Biden falou no domingo com Zelensky, três dias depois da conversa com Putin \
             na quinta-feira, 30 de dezembro.",
            Some("2022-01-02"),
            &["2022-01-02", "2021-12-30"],
        );
        // Monday, a month (28 to 31 days) after Saturday 25 December: of
        // those days, 24 January alone is a Monday.
        check(
            Some("2022-01"),
            "de",
            "Einen Monat nach seinem Start ist das Teleskop am Montagabend an seinem Ziel \
             angekommen. Es war am 25. Dezember in Kourou gestartet.",
            Some("2022-01-24"),
            &["2022-01-24", "2021-12-25"],
        );
        // The calendar must agree: two days after the 7th is no Friday.
        check(
            Some("2021-12"),
            "en",
            "On Friday, two days after the talks, he recalled the call of Dec. 7.",
            Some("2021-12"),
            &["--12-07"],
        );
    }

    #[test]
    fn what_came_before_is_read_in_the_title_and_the_lead_only() {
        let article = |title: &str, body: String| Article {
            id: "a".into(),
            path: "a.txt".into(),
            title: title.into(),
            body,
            lang: Lang::from_code("fr").expect("fr"),
            published: None,
            mentions: Vec::new(),
            weekdays: Vec::new(),
            url: None,
            outlet: None,
        };
        let lead = "Joe Biden a appelé Volodymyr Zelensky ce jeudi. ";
        let recalled = "Deux jours après son appel avec Poutine, rien n'a changé.";
        let before = |title: &str, body: &str| recalled_before(&article(title, body.into()));
        assert_eq!(before("Appel", &format!("{lead}{recalled}")), Some(2..=2));
        assert_eq!(before("Trois jours plus tard, l'Otan", lead), Some(3..=3));
        // A title's "after" says some time before, unless a span of time
        // follows it; it says more than a lead's days, which may be those
        // of a happening to come ("a day before the Open").
        assert_eq!(
            before(
                "Biden rassure Zelensky après son échange avec Poutine",
                lead
            ),
            Some(1..=i64::MAX)
        );
        assert_eq!(
            before(
                "Zelensky rassuré après l'appel",
                &format!("{lead}{recalled}")
            ),
            Some(1..=i64::MAX)
        );
        assert_eq!(before("Il prend sa retraite après 15 saisons", lead), None);
        // Paragraphs further on, it is background.
        let far = format!("{}{recalled}", lead.repeat(LEAD_BYTES / lead.len() + 1));
        assert_eq!(before("Appel", &far), None);
    }

    #[test]
    fn day_spans_keep_the_phrase_and_its_days() {
        let profile = profile(Lang::from_code("fr").expect("fr"));
        let text = "une réunion les 9 et 10 janvier, puis le 12 janvier 2022";
        let reference = NaiveDate::from_ymd_opt(2021, 12, 30);
        let got: Vec<(&str, Vec<String>)> = day_spans(text, profile, reference)
            .into_iter()
            .map(|s| {
                let days = s.days.iter().map(ToString::to_string).collect();
                (&text[s.range], days)
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "9 et 10 janvier",
                    vec!["2022-01-09".into(), "2022-01-10".into()]
                ),
                ("12 janvier 2022", vec!["2022-01-12".into()]),
            ]
        );
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(
            parse_given("2017-09-15T00:00:00")
                .map(|p| p.to_string())
                .as_deref(),
            Some("2017-09-15")
        );
        assert_eq!(
            parse_given("2021-12-30T18:05:00+01:00")
                .map(|p| p.to_string())
                .as_deref(),
            Some("2021-12-30T18:05:00")
        );
        assert_eq!(
            parse_given("2021-12").map(|p| p.precision),
            Some(Precision::Month)
        );
        assert_eq!(parse_given("2021-13-45"), None);
        assert_eq!(parse_given("yesterday"), None);
    }

    #[test]
    fn a_month_header_takes_its_day_from_the_text() {
        check(
            Some("2021-12"),
            "fr",
            "Le président s'entretient ce jeudi 30 décembre avec son homologue, a annoncé mercredi 29 décembre la Maison Blanche, avant le 10 janvier.",
            Some("2021-12-30"),
            &["2021-12-30", "2021-12-29", "2022-01-10"],
        );
        check(
            Some("2021-12"),
            "fr",
            "Sputnik 31.12.2021, le 17 décembre",
            Some("2021-12-31"),
            &["2021-12-31", "2021-12-17"],
        );
    }

    #[test]
    fn a_month_header_takes_no_day_the_text_names_only_past_its_lead() {
        let lead = "Il cancelliere tedesco ha incontrato Zelensky alla vigilia della missione \
                    a Mosca e ha promesso un prestito, ma nessuna arma. ";
        let body = lead.repeat(LEAD_BYTES / lead.len() + 1);
        let background = "Prima di lui, Erdoğan il 3 febbraio.";
        check(
            Some("2022-02"),
            "it",
            &format!("\nScholz a Kiev\n\n{body}{background}"),
            Some("2022-02"),
            &["--02-03"],
        );
        check(
            Some("2022-02"),
            "it",
            &format!("Scholz a Kiev\n{background} {body}"),
            Some("2022-02-03"),
            &["2022-02-03"],
        );
        // The lead is counted from the end of the title, wherever the
        // title starts and however long it is.
        let title =
            "Scholz a Kiev: l'adesione della Ucraina alla Nato non è all'ordine del giorno, dice";
        check(
            Some("2022-02"),
            "it",
            &format!("\n{title}\n\n{} {background}", &body[..LEAD_BYTES - 80]),
            Some("2022-02-03"),
            &["2022-02-03"],
        );
    }

    #[test]
    fn a_month_header_takes_the_day_the_text_names_with_its_weekday() {
        // Brazilian papers put the day after its weekday: "sexta-feira
        // (21)". The background's "10 de janeiro" is an earlier day.
        check(
            Some("2022-01"),
            "pt",
            "Blinken e Lavrov reuniram-se nesta sexta-feira (21) em Genebra. Em 10 de janeiro, as delegações passaram oito horas reunidas.",
            Some("2022-01-21"),
            &["2022-01-21", "2022-01-10"],
        );
        // The day to come ("el lunes 17") does not outrank the article's.
        check(
            Some("2022-01"),
            "es",
            "El ministro canceló el visado este viernes 14 de enero, y el torneo empieza el lunes 17 de enero.",
            Some("2022-01-14"),
            &["2022-01-14", "2022-01-17"],
        );
        // A number that is not that weekday in that month is no such day:
        // the 21st of January 2022 is a Friday, not a Thursday.
        check(
            Some("2022-01"),
            "pt",
            "Eles se reuniram nesta quinta-feira (21). Em 10 de janeiro, nada.",
            Some("2022-01-10"),
            &["2022-01-10"],
        );
    }

    #[test]
    fn a_lead_weekday_after_a_recalled_day_is_the_texts_own() {
        // "Ce lundi" opens the text; Wednesday the 24th is recalled: the
        // text's day is the Monday after it.
        check(
            Some("2021-11"),
            "fr",
            "Magdalena Andersson a retrouvé ce lundi son poste. Le mercredi 24 novembre, elle avait démissionné.",
            Some("2021-11-29"),
            &["2021-11-29", "2021-11-24"],
        );
        check(
            Some("2022-01"),
            "es",
            "Londres lanzó el sábado por la noche una acusación. Un día antes, el viernes 21 de enero, se reunieron en Ginebra.",
            Some("2022-01-22"),
            &["2022-01-22", "2022-01-21"],
        );
        // With no header, the same.
        check(
            None,
            "fr",
            "Elle a retrouvé ce lundi son poste. Le mercredi 24 novembre 2021, elle avait démissionné.",
            Some("2021-11-29"),
            &["2021-11-29", "2021-11-24"],
        );
        // A day named without its weekday that the lead's weekday cannot
        // have preceded by a day is a day recalled: which Friday is the
        // text's own is unknown, so it keeps its month only.
        check(
            Some("2021-12"),
            "en",
            "Russia on Friday made public two drafts. Biden warned Putin during their video call on Dec. 7.",
            Some("2021-12"),
            &["--12-07"],
        );
        // A day of the month that is the lead's weekday is the lead's
        // day, before a day named with its weekday further on (a meeting
        // to come).
        check(
            Some("2022-02"),
            "es",
            "Macron volvió a mover ficha el pasado domingo: habló el 20 de febrero con Putin. Blinken y Lavrov se verán el jueves 24.",
            Some("2022-02-20"),
            &["2022-02-20", "2022-02-24"],
        );
        // A day of the lead's weekday named far from the lead is a day
        // recalled, a week or more before: which Saturday is the text's own
        // is unknown.
        check(
            Some("2022-01"),
            "fr",
            "Les grands électeurs ont réélu samedi Sergio Mattarella au huitième tour de scrutin, \
             avec 759 voix. Le président sortant avait pourtant répété qu'il ne souhaitait pas \
             de second mandat, et les partis ont cherché pendant une semaine un autre candidat, \
             sans jamais s'accorder sur un nom, de vote en vote, sous les yeux du pays. \
             Silvio Berlusconi avait renoncé le 22 janvier.",
            Some("2022-01"),
            &["--01-22"],
        );
        // A day named only by its number (a dateline's "31.12.2021") is no
        // recalled day: the lead's Thursday is the day before it.
        check(
            Some("2021-12"),
            "fr",
            "Les deux dirigeants se sont parlé jeudi. 31.12.2021, Sputnik France",
            Some("2021-12-31"),
            &["2021-12-30", "2021-12-31"],
        );
    }

    #[test]
    fn a_weekday_the_text_calls_its_own_outranks_one_named_before() {
        let profile = profile(Lang::from_code("fr").expect("fr"));
        let patterns = profile.dates.as_ref().expect("French dates");
        let text = "La rumeur courait depuis mardi. Elle a été confirmée ce vendredi, \
                    avant l'épreuve de jeudi.";
        let order: Vec<Weekday> = weekday_names(text, patterns)
            .iter()
            .map(|n| n.weekday)
            .collect();
        assert_eq!(order, [Weekday::Fri, Weekday::Tue, Weekday::Thu]);
        // The lead's day is its Friday, not its Tuesday: the page's
        // "11/02/2022", a Friday, is the day the header's month takes, and
        // its Tuesday the one before.
        check(
            Some("2022-02"),
            "fr",
            "Publié le 11/02/2022 à 09h12. La rumeur courait depuis mardi à Pékin. \
             Elle a été confirmée ce vendredi par l'agence de contrôle.",
            Some("2022-02-11"),
            &["2022-02-11", "2022-02-08"],
        );
    }

    #[test]
    fn an_undated_text_puts_the_day_named_with_its_weekday_first() {
        check(
            None,
            "fr",
            "La contestation a éclaté le 2 janvier. Mercredi 5 janvier, le gouvernement a démissionné.",
            None,
            &["--01-05", "--01-02"],
        );
    }

    #[test]
    fn no_metadata_takes_the_first_day_named_with_its_weekday_in_a_written_year() {
        // Thursday 20 January is 2022's (2021's was a Wednesday): the
        // text's own day, not the background day written out in full.
        check(
            None,
            "fr",
            "Le Parlement a adopté, jeudi 20 janvier, la loi. Depuis son annonce, le 19 novembre 2021, on manifeste.",
            Some("2022-01-20"),
            &["2022-01-20", "2021-11-19"],
        );
        // Nor a day to come.
        check(
            None,
            "es",
            "impusieron el pasado domingo, 9 de enero, sanciones; las elecciones eran el 27 de febrero de 2022.",
            Some("2022-01-09"),
            &["2022-01-09", "2022-02-27"],
        );
        // A report recalls years before its own: Wednesday 12 January is
        // 2022's, two years after the 2020 the text writes.
        check(
            None,
            "it",
            "Mercoledì 12 gennaio Johnson ha chiesto scusa per la festa del 20 maggio 2020.",
            Some("2022-01-12"),
            &["2022-01-12", "2020-05-20"],
        );
        // A weekday the calendar denies in the years around (20 January
        // was no Tuesday in 2020–2024) dates nothing, and the day written
        // in full, two months before that 20 January, is background.
        check(
            None,
            "fr",
            "Le Parlement a adopté, mardi 20 janvier, la loi. Depuis son annonce, le 19 novembre 2021, on manifeste.",
            None,
            &["--01-20", "2021-11-19"],
        );
    }

    #[test]
    fn a_day_after_the_leads_weekday_far_from_the_lead_is_recalled() {
        // Thursday's press conference; the drafts of Friday 17 December,
        // recalled paragraphs later, are no publication day.
        let filler =
            "Putin sprach fast vier Stunden lang über die Nato, die Ukraine und die Grenze. "
                .repeat(5);
        check(
            Some("2021-12"),
            "de",
            &format!("Putin hat am Donnerstag Fragen beantwortet. {filler}Moskau hatte am 17. Dezember zwei Vertragsentwürfe veröffentlicht."),
            Some("2021-12"),
            &["--12-17"],
        );
        // Next to the lead, it is the day after the lead's news.
        check(
            Some("2021-12"),
            "de",
            &format!("Putin hat am Donnerstag Fragen beantwortet (Moskau, 17. Dezember). {filler}"),
            Some("2021-12-17"),
            &["2021-12-16", "2021-12-17"],
        );
    }

    #[test]
    fn a_page_address_gives_its_day() {
        let day = |given: Option<&str>, url: &str| {
            with_url_day(given.and_then(parse_given), Some(url)).map(|p| p.to_string())
        };
        let cases = [
            (
                None,
                "https://a.example/world/2021/12/30/biden-putin-call",
                Some("2021-12-30"),
            ),
            (
                None,
                "https://a.example/mundo/2022-01-21/austria-vacina",
                Some("2022-01-21"),
            ),
            (
                None,
                "https://a.example/politics/2022/feb/11/truss-lavrov",
                Some("2022-02-11"),
            ),
            (
                None,
                "https://fr.a.example/20211231/ukraine-1054131967.html",
                Some("2021-12-31"),
            ),
            (
                None,
                "https://a.example/pattinaggio/11-02-2022/valieva",
                Some("2022-02-11"),
            ),
            (
                None,
                "https://a.example/costa-majorite-absolue-31-01-2022-KQ7F2.php",
                Some("2022-01-31"),
            ),
            // A month header keeps the days of its month.
            (
                Some("2022-02"),
                "https://a.example/pattinaggio/11-02-2022/valieva",
                Some("2022-02-11"),
            ),
            (
                Some("2022-03"),
                "https://a.example/pattinaggio/11-02-2022/valieva",
                Some("2022-03"),
            ),
            // Metadata's day wins.
            (
                Some("2022-02-12"),
                "https://a.example/2022/02/11/x",
                Some("2022-02-12"),
            ),
            // Ids, hosts and impossible days are no dates.
            (None, "https://a.example/ausland/putin-17654321.html", None),
            (None, "https://2021.a.example/12/30/x", None),
            (None, "https://a.example/2022/13/45/x", None),
            // A month's name after two digits of the year, as Italian
            // sites write it; a month's number there is no date.
            (
                None,
                "https://a.example/esteri/22_gennaio_19/truppe-russe-bielorussia.shtml",
                Some("2022-01-19"),
            ),
            (
                None,
                "https://a.example/esteri/21_dicembre_30/biden-putin.shtml",
                Some("2021-12-30"),
            ),
            (None, "https://a.example/esteri/22_01_19/x.shtml", None),
            (None, "https://a.example/esteri/22_bidone_19/x.shtml", None),
            // Two different days (the news and a linked archive): none.
            (None, "https://a.example/2022/02/11/from/2021/12/25/x", None),
            (
                None,
                "https://www.nytimes.com/2017/12/29/world/asia/oil.html",
                Some("2017-12-29"),
            ),
            (
                None,
                "https://x.example/a/20211230_call.html",
                Some("2021-12-30"),
            ),
            (
                None,
                "https://x.example/a/20211230.html",
                Some("2021-12-30"),
            ),
            (None, "https://x.example/2021/02/30/no", None),
            (None, "https://x.example/id/1234567890", None),
        ];
        for (given, url, want) in cases {
            assert_eq!(day(given, url).as_deref(), want, "{given:?} {url}");
        }
    }

    #[test]
    fn a_day_written_before_a_day_or_a_year_the_text_writes_is_background() {
        // The sample's day, then the day its result came: the text is
        // later than the only day it writes in full.
        check(
            None,
            "pt",
            "A amostra foi coletada em 25 de dezembro de 2021, mas o resultado só foi comunicado em 8 de fevereiro.",
            None,
            &["2021-12-25", "--02-08"],
        );
        // A day before it takes nothing from it.
        check(
            None,
            "pt",
            "O resultado saiu em 25 de dezembro de 2021; a amostra era de 8 de dezembro.",
            Some("2021-12-25"),
            &["2021-12-25", "2021-12-08"],
        );
        // The birth day is the only full date; the caption's 2015 says
        // the text is later: no day.
        check(
            None,
            "fr",
            "Desmond Tutu, en octobre 2015. Il est mort ce dimanche 26 décembre. Né le 7 octobre 1931 à Klerksdorp.",
            None,
            &["--12-26", "1931-10-07"],
        );
        check(
            None,
            "fr",
            "Né le 7 octobre 1931 à Klerksdorp, prix Nobel en 1984.",
            None,
            &["1931-10-07"],
        );
        check(
            None,
            "fr",
            "Né le 7 octobre 1931 à Klerksdorp, 2.000 personnes.",
            Some("1931-10-07"),
            &["1931-10-07"],
        );
        // The next year is one a text looks ahead to.
        check(
            None,
            "fr",
            "Les deux présidents se sont parlé le 30 décembre 2021, avant la présidentielle de 2022.",
            Some("2021-12-30"),
            &["2021-12-30"],
        );
    }

    #[test]
    fn no_metadata_takes_the_latest_dated_day() {
        check(
            None,
            "fr",
            "conversation, le 30 décembre 2021. Rendez-vous jeudi.",
            Some("2021-12-30"),
            &["2021-12-30"],
        );
        check(
            None,
            "fr",
            "les 9 et 10 janvier, puis le 12 janvier",
            None,
            &["--01-09", "--01-10", "--01-12"],
        );
    }

    #[test]
    fn weekdays_resolve_against_the_publication_date() {
        // 2021-12-09 is a Thursday; "mardi" is the 7th.
        check(
            Some("2021-12-09"),
            "fr",
            "lors d'un appel vidéo mardi",
            Some("2021-12-09"),
            &["2021-12-07"],
        );
        check(
            Some("2018-01-03"),
            "en",
            "The attack happened on Tuesday, police said.",
            Some("2018-01-03"),
            &["2018-01-02"],
        );
        // German writes the time of day into the weekday.
        check(
            Some("2021-12-31"),
            "de",
            "Biden warnte Putin am Donnerstagabend in einem Telefonat.",
            Some("2021-12-31"),
            &["2021-12-30"],
        );
        // Weekdays in any case a text writes them, accents and all.
        for (text, day) in [
            ("Sábado: el acuerdo", "2021-12-25"),
            ("LA CUMBRE DEL MIÉRCOLES", "2021-12-29"),
            ("la cumbre del miércoles", "2021-12-29"),
            ("el Jueves por la noche", "2021-12-30"),
        ] {
            check(Some("2021-12-31"), "es", text, Some("2021-12-31"), &[day]);
        }
        check(
            Some("2021-12-31"),
            "es",
            "la cumbre del mes",
            Some("2021-12-31"),
            &[],
        );
    }

    #[test]
    fn undated_weekdays_are_kept_apart() {
        let profile = profile(Lang::from_code("fr").expect("fr"));
        let (published, mentions, weekdays) = resolve(
            None,
            "",
            "lors d'un appel vidéo mardi, puis jeudi 30 décembre et mardi encore",
            None,
            profile,
        );
        assert_eq!(published, None);
        assert_eq!(
            mentions,
            [DayMention {
                year: None,
                month: 12,
                day: 30
            }]
        );
        // Every weekday named, alone or with its day, once.
        assert_eq!(weekdays, [Weekday::Tue, Weekday::Thu]);
    }

    #[test]
    fn undated_weekdays_are_those_of_the_title_and_lead() {
        let profile = profile(Lang::from_code("it").expect("it"));
        let lead = "Il telescopio è arrivato a destinazione ieri sera. ".repeat(12);
        let weekdays = |body: &str| {
            let text = format!("Il telescopio James Webb è arrivato\n{body}");
            resolve(None, "", &text, None, profile).2
        };
        // A weekday named paragraphs on is the background's: the mirror
        // unfolded "sabato 8 gennaio", a fortnight before the news.
        let background = "Lo specchio si è aperto sabato 8 gennaio.";
        assert_eq!(weekdays(&format!("{lead}\n{background}")), []);
        assert_eq!(weekdays(&format!("{background}\n{lead}")), [Weekday::Sat]);
    }

    #[test]
    fn english_and_other_orders() {
        check(
            Some("2017-12-28"),
            "en",
            "On December 30, 2017 and Dec. 9 and 10",
            Some("2017-12-28"),
            &["2017-12-30", "2017-12-09", "2017-12-10"],
        );
        check(
            Some("2025-03-04"),
            "es",
            "el lunes 3 de marzo de 2025",
            Some("2025-03-04"),
            &["2025-03-03"],
        );
        check(
            Some("2025-03-04"),
            "de",
            "am 3. März",
            Some("2025-03-04"),
            &["2025-03-03"],
        );
    }

    #[test]
    fn names_are_whole_words_in_any_script_around_them() {
        // A weekday ending in a non-ASCII letter, in a text with curly quotes.
        // 2022-01-07 is a Friday; "giovedì" is the 6th.
        check(
            Some("2022-01-07"),
            "it",
            "«Abbiamo parlato giovedì», ha detto il presidente.",
            Some("2022-01-07"),
            &["2022-01-06"],
        );
        // Names inside longer words are not dates, whatever letter is glued on.
        check(
            Some("2021-12-31"),
            "fr",
            "« le 30 décembreux » et les mardis-gras, le 30 décembre",
            Some("2021-12-31"),
            &["2021-12-30"],
        );
        check(
            Some("2018-01-03"),
            "en",
            "“Tuesdays” at the Mayday club, on “Jan. 2”",
            Some("2018-01-03"),
            &["2018-01-02"],
        );
    }

    #[test]
    fn impossible_days_are_dropped() {
        check(
            Some("2021-02-10"),
            "en",
            "on February 30 or the 45 March",
            Some("2021-02-10"),
            &[],
        );
    }

    proptest::proptest! {
        /// An address's day is one its path writes, in one of the forms, and
        /// any address is read without a panic.
        #[test]
        fn an_address_gives_the_day_it_writes(
            day in 0u32..20_000,
            form in 0usize..5,
            noise in "[a-z0-9/_.-]{0,12}",
            any in ".{0,60}",
        ) {
            let date = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a day") + Days::new(u64::from(day));
            let written = match form {
                0 => date.format("/%Y/%m/%d/").to_string(),
                1 => date.format("/%Y-%m-%d-").to_string(),
                2 => date.format("/%Y%m%d/").to_string(),
                3 => date.format("/%d-%m-%Y/").to_string(),
                _ => date.format("/%Y/%b/%d/").to_string().to_lowercase(),
            };
            let url = format!("https://news.example/world{written}story-{noise}");
            let got = url_day(&url);
            // The noise may write a second, different day: then none.
            proptest::prop_assert!(got.is_none_or(|d| d == date), "{url}: {got:?}");
            if !noise.chars().any(|c| c.is_ascii_digit()) {
                proptest::prop_assert_eq!(got, Some(date), "{}", url);
            }
            let _ = url_day(&any);
            let _ = with_url_day(None, Some(&any));
        }

        /// The next digit is found as a byte at a time would find it.
        #[test]
        fn the_next_digit_is_the_first_one(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![b'0', b'9', b'/', b':', 0x3a ^ 0x80, 0xb0, 0xb9, 0xff, 0]),
                    proptest::prelude::any::<u8>(),
                ],
                0..40,
            ),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            let simple = bytes[from..]
                .iter()
                .position(u8::is_ascii_digit)
                .map_or(bytes.len(), |k| from + k);
            proptest::prop_assert_eq!(next_digit(&bytes, from), simple);
        }

        /// Looking for dates only around numbers finds exactly what a search
        /// of the whole text finds.
        #[test]
        fn windows_around_numbers_miss_no_date(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "jeudi", "30", "9", "et", "10", "décembre", "janvier", "2021", "déc.",
                    "31.12.2021", "2021-12-30", "Über", "März", "3.", "a", "l'été", ",",
                    "mercredi,", "\n", "dicembre", "de", "diciembre", "ñandú", "à", "—",
                    "December", "Tuesday", "1", "2022", "3.5", "12/3", "2021-", "٣١.١٢.٢٠٢١",
                    "12.٣.2021", "1-2", "/", ".",
                ]),
                0..60,
            ),
            lang in proptest::sample::select(vec!["fr", "en", "de", "es", "it"]),
        ) {
            let text = parts.join(" ");
            let profile = profile(Lang::from_code(lang).expect("lang"));
            let mut whole = profile
                .dates
                .as_ref()
                .map(|p| day_month_dates(&text, p))
                .unwrap_or_default();
            whole.extend(numeric_dates(&text));
            whole.sort_by_key(|f| f.offset);
            proptest::prop_assert_eq!(find(&text, profile), whole);
        }
    }
}
