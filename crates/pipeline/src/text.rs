//! Segmentation shared by the stages that read text closely (entity keys in
//! `analyze`, the comparison of sources in `compare`, the summaries): words
//! with their byte offsets, sentences, quoted spans, and runs of capitalised
//! words that may be names.

use std::collections::HashSet;
use std::ops::Range;

use crate::lang::Profile;

/// A word of a text and where it lies (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The word as written.
    pub(crate) text: &'a str,
    /// Its first byte.
    pub(crate) start: usize,
    /// The byte after it.
    pub(crate) end: usize,
}

/// The words of `text`: maximal runs of letters and digits.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token {
                    text: &text[s..i],
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out
}

/// Splits text into sentences (byte ranges) at line breaks and at `.`, `!`,
/// `?`, `…` followed by a space or directly by a capital (scraped text often
/// glues sentences: "50 minutes.Le conseiller"). With `keep_quotes` (close
/// reading), no sentence ends inside a closed quotation, so that a quoted
/// passage of several sentences stays with the words that attribute it, nor
/// after an initial or a short capitalised abbreviation ("U.S.", "Drs."),
/// nor before a lower-case word.
pub(crate) fn sentences(text: &str, keep_quotes: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        let protected = if keep_quotes {
            quote_spans(line)
        } else {
            Vec::new()
        };
        let mut start = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            let Some(&(j, next)) = chars.peek() else {
                continue;
            };
            if !(next.is_whitespace() || next.is_uppercase()) {
                continue;
            }
            if protected.iter().any(|q| q.start < i && i + 1 < q.end) {
                continue;
            }
            // Initials and short abbreviations ("U.S. Naval", "Drs. Mitchell",
            // "Mr. Smith") do not end a sentence, nor does a lower-case word
            // after the stop.
            if keep_quotes && c == '.' {
                let word: &str = line[..i]
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or_default();
                let short = word.chars().count() <= 3 && text_is_capitalised(word);
                let rest = line[j..].trim_start();
                let lower = rest.starts_with(char::is_lowercase);
                // A day before a month is an ordinal ("am 7. April").
                let ordinal = word.len() <= 2
                    && word.bytes().all(|b| b.is_ascii_digit())
                    && rest
                        .split(|c: char| !c.is_alphabetic())
                        .next()
                        .and_then(crate::lang::month_number)
                        .is_some();
                if short || lower || ordinal {
                    continue;
                }
            }
            out.push(base + start..base + i + c.len_utf8());
            start = j;
        }
        out.push(base + start..base + line.len());
    }
    // Ranges are trimmed so that they start and end on text.
    out.into_iter()
        .filter_map(|r| {
            let piece = &text[r.clone()];
            let trimmed = piece.trim_start();
            let start = r.start + (piece.len() - trimmed.len());
            let end = start + trimmed.trim_end().len();
            (end > start).then_some(start..end)
        })
        .collect()
}

/// The closed quotations of a line, marks included: «…», “…”, „…“ and pairs
/// of straight double quotes. An opening mark that is never closed on the
/// line is ignored rather than swallowing the rest of the paragraph.
pub(crate) fn quote_spans(line: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    // Each kind of mark pairs on its own, so that a stray « does not hide
    // the “…” after it; of two openers before a closer, the later one opens.
    for (open, close) in [('«', '»'), ('“', '”'), ('„', '“'), ('"', '"')] {
        let mut start: Option<usize> = None;
        for (i, c) in line.char_indices() {
            if c == close && start.is_some() {
                if let Some(s) = start.take() {
                    out.push(s..i + c.len_utf8());
                }
            } else if c == open {
                start = Some(i);
            }
        }
    }
    // Quotes within quotes are part of the outer one.
    let all = out.clone();
    out.retain(|r| {
        !all.iter()
            .any(|o| o != r && o.start <= r.start && r.end <= o.end)
    });
    out.sort_by_key(|r| r.start);
    out
}

/// A run of adjacent name words ("Iouri Ouchakov", "Maison Blanche").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameRun<'a> {
    /// The words of the run, in order.
    pub(crate) words: Vec<Token<'a>>,
}

#[cfg(test)]
impl NameRun<'_> {
    /// The run's first byte.
    pub(crate) fn start(&self) -> usize {
        self.words.first().map_or(0, |w| w.start)
    }

    /// The byte after the run.
    pub(crate) fn end(&self) -> usize {
        self.words.last().map_or(0, |w| w.end)
    }
}

/// Lower-case words of a text: a capitalised sentence start that the text
/// also writes in lower case is a common word, not a name.
pub(crate) fn lower_case_words(text: &str) -> HashSet<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect()
}

/// Runs of name words in one sentence (`range` of `text`): capitalised words
/// of two letters or more that are not stop words, calendar words or
/// sentence-initial common words (`lower`). Words joined by spaces or
/// hyphens form one run; any other character or skipped word ends it. Title
/// Case and ALL CAPS sentences say nothing about which words are names, so
/// a sentence of six words or more of which `headline_percent` are
/// capitalised gives no runs (clustering uses 70; reading a sentence
/// closely, 90, since "Selon Ouchakov, Vladimir Poutine a prévenu Joe
/// Biden." is three quarters names).
pub(crate) fn name_runs<'a>(
    text: &'a str,
    range: Range<usize>,
    profile: &Profile,
    lower: &HashSet<&str>,
    headline_percent: usize,
) -> Vec<NameRun<'a>> {
    let sentence = &text[range.clone()];
    let tokens: Vec<Token<'a>> = tokens(sentence)
        .into_iter()
        .map(|t| Token {
            text: &text[range.start + t.start..range.start + t.end],
            start: range.start + t.start,
            end: range.start + t.end,
        })
        .collect();
    let capitalised = tokens.iter().filter(|w| is_capitalised(w.text)).count();
    if tokens.len() >= 6 && capitalised * 100 >= tokens.len() * headline_percent {
        return Vec::new();
    }
    let mut runs: Vec<NameRun<'a>> = Vec::new();
    let mut current: Vec<Token<'a>> = Vec::new();
    let mut first = true;
    for word in tokens {
        let initial = std::mem::replace(&mut first, false);
        let lowered = word.text.to_lowercase();
        if profile.is_elision(&lowered) {
            first = initial;
            flush(&mut runs, &mut current);
            continue;
        }
        let name = is_capitalised(word.text)
            && word.text.chars().count() >= 2
            && !profile.is_stop_word(&lowered)
            && !is_calendar_word(&lowered, profile)
            && !(initial && lower.contains(lowered.as_str()));
        if !name {
            flush(&mut runs, &mut current);
            continue;
        }
        if let Some(prev) = current.last() {
            let gap = &text[prev.end..word.start];
            if !gap.chars().all(|c| c == ' ' || c == '-' || c == '\u{a0}') {
                flush(&mut runs, &mut current);
            }
        }
        current.push(word);
    }
    flush(&mut runs, &mut current);
    runs
}

fn flush<'a>(runs: &mut Vec<NameRun<'a>>, current: &mut Vec<Token<'a>>) {
    if !current.is_empty() {
        runs.push(NameRun {
            words: std::mem::take(current),
        });
    }
}

/// True for a sentence of running text: at least three words with lower
/// case letters, and not Title Case or ALL CAPS (headlines, tables and
/// shouting state nothing the comparison should read).
pub(crate) fn is_prose(sentence: &str) -> bool {
    let tokens = tokens(sentence);
    let lower = tokens
        .iter()
        .filter(|t| t.text.chars().any(char::is_lowercase))
        .count();
    let capitalised = tokens.iter().filter(|w| is_capitalised(w.text)).count();
    lower >= 3 && !(tokens.len() >= 6 && capitalised * 10 >= tokens.len() * 7)
}

fn text_is_capitalised(word: &str) -> bool {
    is_capitalised(word)
}

/// Where a phrase that starts `text` ends: at the first of `stops`, except
/// a full stop that closes an initial or a short abbreviation ("the U.S.
/// Naval Observatory", "Dr. Smith").
pub(crate) fn phrase_end(text: &str, stops: &[char]) -> usize {
    for (i, c) in text.char_indices() {
        if !stops.contains(&c) {
            continue;
        }
        if c == '.' {
            let word = text[..i]
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default();
            let next = text[i + 1..].chars().next();
            let abbreviation = word.chars().count() <= 3
                && is_capitalised(word)
                && next.is_some_and(|n| n.is_alphanumeric() || n == ' ')
                && !text[i + 1..].trim_start().is_empty();
            if abbreviation {
                continue;
            }
        }
        return i;
    }
    text.len()
}

/// True when the word starts with a capital letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True for a month or weekday name of the profile's language.
pub(crate) fn is_calendar_word(lowered: &str, profile: &Profile) -> bool {
    profile.dates.as_ref().is_some_and(|d| {
        d.months
            .iter()
            .chain(&d.weekdays)
            .flatten()
            .any(|w| w == lowered)
    })
}

/// Words of a URL's slug: the path segment that spells a headline
/// (`/2018/01/14/russian-space-experts-regain-control-1st-angola-satellite-52044233`),
/// without its extension and its numeric parts. Many pages carry their
/// headline there when their title is the site's name or a search page's.
/// `None` when no segment has three words or more.
pub(crate) fn url_slug(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let words = |segment: &str| -> Vec<String> {
        let segment = segment
            .rsplit_once('.')
            .filter(|(_, ext)| ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphabetic()))
            .map_or(segment, |(stem, _)| stem);
        segment
            .split(['-', '_', '+'])
            .filter(|w| {
                let hex_id = w.chars().all(|c| c.is_ascii_hexdigit())
                    && w.chars().any(|c| c.is_ascii_digit());
                w.chars().any(char::is_alphabetic) && !hex_id
            })
            .map(str::to_string)
            .collect()
    };
    path.split('/')
        .skip(1)
        .map(words)
        .filter(|w| w.len() >= 3)
        .max_by_key(Vec::len)
        .map(|w| w.join(" "))
}

/// True when a title names the site it comes from rather than the news
/// ("ABC News", "World news - RT International", "NPR Search : NPR"): it
/// holds the main label of the URL's host ("abcnews" of abcnews.go.com),
/// as a word, or spelled without its spaces when that label is long enough
/// not to hide inside another word.
pub(crate) fn title_names_site(title: &str, url: &str) -> bool {
    let host = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = host.split(['/', '?', '#', ':']).next().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').filter(|l| *l != "www").collect();
    let Some(brand) = labels.first().map(|l| l.to_lowercase()) else {
        return false;
    };
    if brand.is_empty() || labels.len() < 2 {
        return false;
    }
    let lower = title.to_lowercase();
    let as_word = tokens(&lower).iter().any(|t| t.text == brand);
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    as_word || (brand.len() >= 5 && squashed.contains(&brand))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{profile, Lang};

    #[test]
    fn url_slugs_spell_the_headline_without_ids_or_extensions() {
        let slug = |url| url_slug(url);
        assert_eq!(
            slug("http://abcnews.go.com/Technology/wireStory/russian-space-experts-regain-control-1st-angola-satellite-52044233").as_deref(),
            Some("russian space experts regain control 1st angola satellite")
        );
        assert_eq!(
            slug("https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/").as_deref(),
            Some("angola satellite launch baikonur")
        );
        assert_eq!(
            slug("https://www.lemonde.fr/international/article/2021/12/30/biden-et-poutine-se-parlent_6107.html?xtor=RSS").as_deref(),
            Some("biden et poutine se parlent")
        );
        // Query strings, short segments and bare ids are no headline.
        assert_eq!(
            slug("https://example.org/search?q=costa-rica-plane-crash"),
            None
        );
        assert_eq!(slug("https://example.org/world/asia/12345"), None);
        assert_eq!(
            slug("https://example.org/a3f9c2d1-77be-4e0f-9d1a-0b2c3d4e5f60"),
            None
        );
        assert_eq!(slug("not a url"), None);
        // Words spelled with the letters a to f are words, not ids.
        assert_eq!(
            slug("https://example.org/a-bad-decade-faced-0b2c3d").as_deref(),
            Some("a bad decade faced")
        );
    }

    #[test]
    fn titles_that_name_their_site() {
        let names = title_names_site;
        assert!(names(
            "ABC News",
            "http://abcnews.go.com/Technology/wireStory/x-1"
        ));
        assert!(names(
            "World news - RT International",
            "https://www.rt.com/on-air/1-a-b-c/"
        ));
        assert!(names(
            "NPR Search : NPR",
            "https://www.npr.org/templates/search/index.php"
        ));
        assert!(!names(
            "Equifax hack attack",
            "https://www.rt.com/shows/boom-bust/1-a-b-c/"
        ));
        // A short label counts only as a whole word.
        assert!(!names(
            "A heartbreaking start",
            "https://www.rt.com/news/1-a-b-c/"
        ));
        assert!(!names("ABC News", "not a url"));
    }

    fn check_sentences(text: &str, keep_quotes: bool, expected: &[&str]) {
        let got: Vec<&str> = sentences(text, keep_quotes)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn sentences_split_glued_text_and_keep_quotes_whole() {
        check_sentences(
            "Un appel de 50 minutes.Le conseiller a parlé.  Fin",
            false,
            &["Un appel de 50 minutes.", "Le conseiller a parlé.", "Fin"],
        );
        check_sentences(
            "« Deux heures. Mais loin. », a déclaré Olga Oliker. Ensuite.",
            true,
            &[
                "« Deux heures. Mais loin. », a déclaré Olga Oliker.",
                "Ensuite.",
            ],
        );
    }

    #[test]
    fn an_ordinal_day_before_a_month_ends_no_sentence() {
        check_sentences(
            "Das Beben kam am Montag, dem 7. April, im Morgengrauen. Es gab 14 Tote. Danach kam Regen.",
            true,
            &[
                "Das Beben kam am Montag, dem 7. April, im Morgengrauen.",
                "Es gab 14 Tote.",
                "Danach kam Regen.",
            ],
        );
    }

    #[test]
    fn quote_spans_pair_marks_and_ignore_stray_ones() {
        let line = "« Les deux. Ouchakov a dit que Poutine “a réagi” et \"vite\"";
        let got: Vec<&str> = quote_spans(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(got, ["“a réagi”", "\"vite\""]);
    }

    #[test]
    fn runs_join_adjacent_names_only() {
        let p = profile(Lang::from_code("fr").expect("fr"));
        let text = "Le conseiller du Kremlin Iouri Ouchakov a parlé à Joe Biden, Jen Psaki et Russie-OTAN.";
        let lower = lower_case_words(text);
        let got: Vec<&str> = name_runs(text, 0..text.len(), p, &lower, 70)
            .iter()
            .map(|r| &text[r.start()..r.end()])
            .collect();
        assert_eq!(
            got,
            [
                "Kremlin Iouri Ouchakov",
                "Joe Biden",
                "Jen Psaki",
                "Russie-OTAN"
            ]
        );
    }
}
