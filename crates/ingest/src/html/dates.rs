//! The publication and update dates of a page, from an ordered chain of
//! sources; the first that gives a plausible date wins:
//!
//! 1. JSON-LD `datePublished` / `dateModified` (in `@graph` arrays and
//!    nested objects; an `Article`-like type first);
//! 2. meta tags (`article:published_time`, `og:published_time`,
//!    `datePublished`, `pubdate`, `publishdate`, `date`, `DC.date.issued`,
//!    `parsely-pub-date`, `sailthru.date`...; `article:modified_time`,
//!    `og:updated_time`, `dateModified` for the update);
//! 3. `<time datetime>`: one marked `pubdate` or `itemprop="datePublished"`,
//!    else the first after the headline (`<h1>`), so that the dates of a
//!    list of related articles above or below do not count;
//! 4. a date in the URL (`/2021/12/30/`);
//! 5. the text of the page from the headline on: "Publié le 30 décembre
//!    2021 à 18h05", "Published Dec. 30, 2021", "December 30, 2021 at
//!    5:05 p.m. EST", "30/12/2021"; "Mis à jour le", "Updated" give the
//!    update.
//!
//! rs-trafilatura's own date is not used: it takes the first date-like meta
//! tag in page order, which is often the update (`og:updated_time`).
//!
//! A date before 1995 (the epoch's 1970, a CMS default) or later than the
//! day after `now` is not plausible: the chain goes on to the next source.
//! Dates with a zone are given in UTC; others as the page writes them.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;
use serde_json::Value;

/// The dates a page gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PageDates {
    pub(crate) published: Option<NaiveDateTime>,
    pub(crate) updated: Option<NaiveDateTime>,
}

/// The page's dates; `url` is its address, `now` the present moment
/// (nothing is published after it).
pub(crate) fn page_dates(html: &str, url: Option<&str>, now: NaiveDateTime) -> PageDates {
    let plausible = |d: &NaiveDateTime| {
        d.date() >= NaiveDate::from_ymd_opt(1995, 1, 1).expect("a date")
            && *d <= now + Duration::days(1)
    };
    let mut dates = PageDates::default();
    let sources: [&dyn Fn() -> PageDates; 4] = [
        &|| json_ld(html),
        &|| meta(html),
        &|| time_elements(html),
        &|| PageDates {
            published: url.and_then(pipeline::dates::url_day).map(midnight),
            updated: None,
        },
    ];
    for source in sources {
        dates.fill(source(), plausible);
        if dates.published.is_some() {
            break;
        }
    }
    // The text comes last, and gives the update when nothing else did.
    if dates.published.is_none() || dates.updated.is_none() {
        dates.fill(in_text(html), plausible);
    }
    dates
}

impl PageDates {
    /// Takes from `other` the dates still missing, when plausible.
    fn fill(&mut self, other: PageDates, plausible: impl Fn(&NaiveDateTime) -> bool) {
        if self.published.is_none() {
            self.published = other.published.filter(&plausible);
        }
        if self.updated.is_none() {
            self.updated = other.updated.filter(&plausible);
        }
    }
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

/// A date as metadata writes it: RFC 3339 / ISO 8601 with or without time
/// and zone (`2021-12-30T18:05:00+01:00`, `2021-12-30 18:05`, `20211230`),
/// in UTC when a zone is given.
pub(crate) fn parse_iso(text: &str) -> Option<NaiveDateTime> {
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?",
        )
        .expect("the ISO pattern compiles")
    });
    let c = ISO.captures(text.trim())?;
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, n(2)?, n(3)?)?;
    let Some(hour) = n(4) else {
        return Some(midnight(date));
    };
    let at = date.and_time(NaiveTime::from_hms_opt(hour, n(5)?, n(6).unwrap_or(0))?);
    match c.get(7).map(|m| m.as_str()) {
        None => Some(at),
        Some("Z") => Some(at),
        Some(zone) => {
            let zone = zone.replace(':', "");
            let minutes = zone[1..3].parse::<i64>().ok()? * 60 + zone[3..5].parse::<i64>().ok()?;
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            Some(at - Duration::minutes(sign * minutes))
        }
    }
}

/// JSON-LD: the dates of the first object of an article type, else of the
/// first object that has any.
fn json_ld(html: &str) -> PageDates {
    let values: Vec<Value> = ld_json_scripts(html)
        .filter_map(|text| serde_json::from_str(text.trim()).ok())
        .collect();
    let mut objects = Vec::new();
    for value in &values {
        collect_dated(value, &mut objects);
    }
    let chosen = objects
        .iter()
        .find(|o| is_article(o))
        .or_else(|| objects.first());
    let Some(object) = chosen else {
        return PageDates::default();
    };
    let date = |key: &str| object.get(key).and_then(Value::as_str).and_then(parse_iso);
    PageDates {
        published: date("datePublished").or_else(|| date("dateCreated")),
        updated: date("dateModified"),
    }
}

/// The text of each `<script type="application/ld+json">` of a page. A
/// plain search for the type, not a pattern over the page: a page is large,
/// and a lazy pattern across it costs more than all the rest of the chain.
fn ld_json_scripts(html: &str) -> impl Iterator<Item = &str> {
    const TYPE: &str = "application/ld+json";
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let at = rest.find(TYPE)?;
        let tag_start = rest[..at].rfind('<')?;
        let in_script = rest[tag_start..at]
            .get(..7)
            .is_some_and(|t| t.eq_ignore_ascii_case("<script"))
            && !rest[tag_start..at].contains('>');
        rest = &rest[at + TYPE.len()..];
        if !in_script {
            continue;
        }
        let open = rest.find('>')? + 1;
        let len = find_ascii_ci(&rest[open..], "</script")?;
        let text = &rest[open..open + len];
        rest = &rest[open + len..];
        return Some(text);
    })
}

/// The byte offset of `needle` (ASCII, lower case) in `hay`, in any case.
pub(super) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = needle[0];
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).find(|&at| {
        hay.get(at..at + needle.len())
            .is_some_and(|there| there.eq_ignore_ascii_case(needle))
    })
}

/// Whether a JSON-LD object is of an article type (`NewsArticle`,
/// `BlogPosting`, `Report`...).
pub(super) fn is_article(object: &serde_json::Map<String, Value>) -> bool {
    let names = match object.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    names
        .iter()
        .any(|t| t.ends_with("Article") || *t == "BlogPosting" || *t == "Report")
}

/// Every object in `value` (at any depth: `@graph`, `mainEntity`, arrays)
/// that has a `datePublished` or `dateModified`.
fn collect_dated<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("datePublished") || map.contains_key("dateModified") {
                out.push(map);
            }
            map.values().for_each(|v| collect_dated(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_dated(v, out)),
        _ => {}
    }
}

/// Meta names for the publication date, best first.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
];

/// Meta names for the update date, best first.
const UPDATED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
];

fn meta(html: &str) -> PageDates {
    let mut named = Vec::new();
    for (_, tag) in tags(html, "<meta") {
        let attrs = attributes(tag);
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let Some(content) = get("content") else {
            continue;
        };
        for key in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(name) = get(key) {
                named.push((name.to_ascii_lowercase(), content.to_string()));
            }
        }
    }
    let first = |names: &[&str]| {
        names.iter().find_map(|want| {
            named
                .iter()
                .filter(|(name, _)| name == want)
                .find_map(|(_, content)| parse_iso(content))
        })
    };
    PageDates {
        published: first(PUBLISHED_META),
        updated: first(UPDATED_META),
    }
}

/// `<time datetime>`: a marked one, else the first after the headline,
/// else the first.
fn time_elements(html: &str) -> PageDates {
    let headline = headline_at(html);
    let mut dates = PageDates::default();
    let (mut marked, mut after, mut first) = (None, None, None);
    for (start, tag) in tags(html, "<time") {
        let attrs = attributes(tag);
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let Some(at) = get("datetime").and_then(parse_iso) else {
            continue;
        };
        let itemprop = get("itemprop").unwrap_or_default().to_ascii_lowercase();
        if itemprop == "datemodified" {
            dates.updated.get_or_insert(at);
            continue;
        }
        if itemprop == "datepublished" || get("pubdate").is_some() {
            marked.get_or_insert(at);
        }
        if headline.is_some_and(|h| start > h) {
            after.get_or_insert(at);
        }
        first.get_or_insert(at);
    }
    dates.published = marked.or(after).or(first);
    dates
}

/// Where the headline starts: the first `<h1`.
fn headline_at(html: &str) -> Option<usize> {
    tags(html, "<h1").next().map(|(start, _)| start)
}

/// Each start tag `open` (`"<meta"`, in lower case) of a page, in any case,
/// with its offset: `<meta …>` but not `<metadata>`. A plain search, not a
/// pattern: a page is large and these are read on every page.
fn tags<'a>(html: &'a str, open: &'static str) -> impl Iterator<Item = (usize, &'a str)> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + find_ascii_ci(&html[from..], open)?;
        let after = start + open.len();
        from = after;
        let next = html.as_bytes().get(after).copied()?;
        if !(next.is_ascii_whitespace() || next == b'>' || next == b'/') {
            continue;
        }
        let end = after + html[after..].find('>')?;
        from = end + 1;
        return Some((start, &html[start..=end]));
    })
}

/// The attributes of one tag, names in lower case.
fn attributes(tag: &str) -> Vec<(String, String)> {
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?s)([A-Za-z_:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#)
            .expect("the attribute pattern compiles")
    });
    ATTR.captures_iter(tag.trim_start_matches('<'))
        .skip(1)
        .map(|c| {
            let value = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str());
            (c[1].to_ascii_lowercase(), value.trim().to_string())
        })
        .collect()
}

/// How much text after the headline is read for a date.
const TEXT_WINDOW: usize = 3000;

/// Dates written in the text from the headline on: with a word that says
/// which ("Publié le", "Updated"), else the first date there as the
/// publication date.
fn in_text(html: &str) -> PageDates {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            // The words start with an ASCII letter and are followed by a
            // space or a colon: ASCII word boundaries say as much as
            // Unicode ones here, and keep the regex crate on its fast engine
            // (a Unicode `\b` made it 60 times slower on non-ASCII text).
            r"(?i)(?:(?-u:\b)(publié|mis à jour|modifié|actualisé|published|posted|updated|last updated|veröffentlicht|aktualisiert|publicado|actualizado)(?:\s+(?:le|on|am|el))?[\s:]+)?",
            r"(?:(?:\p{L}+\.?,?\s+)?",
            // 30 décembre 2021 | 30. Dezember 2021 | 30 de diciembre de 2021
            r"(\d{1,2})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?(\p{L}{3,10})\.?\s+(?:de\s+)?(\d{4})",
            // December 30, 2021 | Dec. 30, 2021
            r"|(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})",
            // 30/12/2021 | 30.12.2021
            r"|(\d{1,2})[./](\d{1,2})[./](\d{4}))",
            // à 18h05 | at 5:05 p.m. EST | um 18:05 Uhr | - 18:05
            r"(?:,?\s*(?:à|at|um|a las|-|\|)?\s*(\d{1,2})\s*(?:h|:)\s*(\d{2})(?:\s*(a|p)\.?\s*m\.?)?(?:\s+(UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST))?)?",
        ))
        .expect("the text date pattern compiles")
    });
    let text = visible_text(html, headline_at(html).unwrap_or(0));
    let mut dates = PageDates::default();
    let mut marked = false;
    for c in DATE.captures_iter(&text) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let month_of = |i: usize| {
            c.get(i)
                .and_then(|m| pipeline::lang::month_number(m.as_str()))
        };
        let (year, month, day) = if let Some(day) = n(2) {
            (n(4), month_of(3), Some(day))
        } else if let Some(day) = n(6) {
            (n(7), month_of(5), Some(day))
        } else {
            // Numbers: day first, unless the first cannot be a day of a month.
            let (a, b) = (n(8), n(9));
            let (day, month) = match (a, b) {
                (Some(a), Some(b)) if a <= 12 && b > 12 => (Some(b), Some(a)),
                _ => (a, b),
            };
            (n(10), month, day)
        };
        let (Some(year), Some(month), Some(day)) = (year, month, day) else {
            continue;
        };
        let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
            continue;
        };
        let mut at = midnight(date);
        if let (Some(mut hour), Some(minute)) = (n(11), n(12)) {
            match c.get(13).map(|m| m.as_str().to_ascii_lowercase()) {
                Some(p) if p == "p" && hour < 12 => hour += 12,
                Some(a) if a == "a" && hour == 12 => hour = 0,
                _ => {}
            }
            if let Some(time) = NaiveTime::from_hms_opt(hour, minute, 0) {
                at = date.and_time(time);
                if let Some(offset) = c.get(14).and_then(|z| zone_hours(z.as_str())) {
                    at += Duration::hours(offset);
                }
            }
        }
        let word = c.get(1).map(|m| m.as_str().to_lowercase());
        let is_update = word.as_deref().is_some_and(|w| UPDATE_WORDS.contains(&w));
        if is_update {
            dates.updated.get_or_insert(at);
        } else if word.is_some() {
            // A date the text says is the publication's beats an unmarked one.
            if !marked {
                dates.published = Some(at);
                marked = true;
            }
        } else {
            dates.published.get_or_insert(at);
        }
        if marked && dates.updated.is_some() {
            break;
        }
    }
    dates
}

/// The words in `in_text`'s pattern that announce an update.
const UPDATE_WORDS: &[&str] = &[
    "mis à jour",
    "modifié",
    "actualisé",
    "updated",
    "last updated",
    "aktualisiert",
    "actualizado",
];

/// Hours to add to a time in a named zone to get UTC.
fn zone_hours(zone: &str) -> Option<i64> {
    const ZONES: &[(&str, i64)] = &[
        ("UTC", 0),
        ("GMT", 0),
        ("EST", 5),
        ("EDT", 4),
        ("CST", 6),
        ("CDT", 5),
        ("MST", 7),
        ("MDT", 6),
        ("PST", 8),
        ("PDT", 7),
        ("BST", -1),
        ("CET", -1),
        ("CEST", -2),
    ];
    ZONES
        .iter()
        .find(|(name, _)| zone.eq_ignore_ascii_case(name))
        .map(|(_, hours)| *hours)
}

/// The text of the page from byte `from` on, tags, scripts and styles
/// removed, the commonest entities decoded, at most `TEXT_WINDOW` bytes.
fn visible_text(html: &str, from: usize) -> String {
    static SKIP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<script(?-u:\b).*?</script>|<style(?-u:\b).*?</style>|<!--.*?-->|<[^>]*>")
            .expect("the tag pattern compiles")
    });
    let mut end = (from + TEXT_WINDOW * 20).min(html.len());
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let text = SKIP.replace_all(&html[from..end], " ");
    let text = text
        .replace("&nbsp;", " ")
        .replace("&#160;", " ")
        .replace("&amp;", "&")
        .replace("&eacute;", "é")
        .replace("&#233;", "é")
        .replace("&agrave;", "à")
        .replace("&#224;", "à")
        .replace("&ucirc;", "û")
        .replace("&#251;", "û");
    let mut text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut = TEXT_WINDOW.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

/// The present moment, in UTC.
pub(crate) fn now() -> NaiveDateTime {
    let now: DateTime<chrono::Utc> = chrono::Utc::now();
    now.naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ld_json_scripts_are_found_by_their_type() {
        let html = r#"<p>We publish application/ld+json data.</p>
            <script type="application/ld+json">{"a": 1}</script>
            <script>var t = "x";</script>
            <SCRIPT data-x="1" type='application/ld+json' >{"b": 2}</Script>"#;
        let found: Vec<&str> = ld_json_scripts(html).collect();
        assert_eq!(found, [r#"{"a": 1}"#, r#"{"b": 2}"#]);
        assert_eq!(
            ld_json_scripts("<script type=\"application/ld+json\">{").count(),
            0
        );
        assert_eq!(find_ascii_ci("ab</SCRIPT>", "</script"), Some(2));
    }

    #[test]
    fn start_tags_are_found_in_any_case_and_not_inside_longer_names() {
        let html = "<metadata x><META name=a content=b><meta\ncontent=c/><h1>T</h1><meta";
        let found: Vec<(usize, &str)> = tags(html, "<meta").collect();
        assert_eq!(
            found,
            [(12, "<META name=a content=b>"), (35, "<meta\ncontent=c/>")]
        );
        assert_eq!(headline_at(html), Some(52));
        assert_eq!(headline_at("<h10><h1x>"), None);
    }
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "<meta property=\"article:published_time\" content=\"",
        "<meta name=date content=",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"",
        "\"}</script>",
        "<time datetime=\"",
        "<time pubdate datetime=",
        "\">",
        "<h1>",
        "</h1>",
        "2021-12-30T18:05:00+01:00",
        "1970-01-01",
        "2091-12-30",
        "9999-99-99T99:99",
        "Publié le ",
        "Mis à jour le ",
        "30 décembre 2021 à 18h05",
        "Dec. 30, 2021 at 5:05 p.m. EST",
        "31/02/2021",
        "12:61",
        "é",
        "<",
        ">",
        " ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the page, no panic, and any date given is plausible.
        #[test]
        fn any_page_gives_plausible_dates_or_none(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            url in proptest::option::of("https://x\\.example/(19|20|21)[0-9]{2}/[01][0-9]/[0-3][0-9]/a"),
        ) {
            let html: String = picks.iter().map(|&i| PIECES[i]).collect();
            let now = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_time(NaiveTime::MIN);
            let dates = page_dates(&html, url.as_deref(), now);
            for d in [dates.published, dates.updated].into_iter().flatten() {
                prop_assert!(d.date() >= NaiveDate::from_ymd_opt(1995, 1, 1).unwrap(), "{d} from {html}");
                prop_assert!(d <= now + Duration::days(1), "{d} from {html}");
            }
        }
    }

    #[test]
    fn iso_dates_and_zones() {
        let check = |text: &str, want: Option<&str>| {
            assert_eq!(
                parse_iso(text)
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
                    .as_deref(),
                want,
                "{text}"
            );
        };
        check("2021-12-30T18:05:00+01:00", Some("2021-12-30T17:05:00"));
        check("2021-12-30T18:05:00.123-0500", Some("2021-12-30T23:05:00"));
        check("2021-12-30 18:05", Some("2021-12-30T18:05:00"));
        check("20211230", Some("2021-12-30T00:00:00"));
        check("2021-02-30", None);
        check("yesterday", None);
    }
}
