//! RawDoc → Article: the title, the body without boilerplate, the language,
//! the outlet and the dates.

use std::borrow::Cow;

use crate::dates;
use crate::lang::{self, Lang};
use crate::model::{Article, RawDoc, Rejection};

/// Settings of the extraction stage.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtractSettings {
    /// Texts longer than this many bytes are cut (at a char boundary); news
    /// articles are far shorter, and this bounds the work a huge file can cause.
    pub max_bytes: usize,
    /// Fewer words than this once cleaned and the document is rejected as empty.
    pub min_words: usize,
}

impl Default for ExtractSettings {
    fn default() -> Self {
        ExtractSettings {
            max_bytes: 512 * 1024,
            min_words: 3,
        }
    }
}

/// Cleans a raw document into an article, or says why it cannot be one.
pub fn extract(raw: &RawDoc, settings: &ExtractSettings) -> Result<Article, Rejection> {
    let text = lang::prefix(&raw.text, settings.max_bytes);
    if !looks_like_text(text) {
        return Err(if text.trim().is_empty() {
            Rejection::Empty
        } else {
            Rejection::NotText
        });
    }
    let lines: Vec<Cow<'_, str>> = text
        .lines()
        .map(collapse_spaces)
        .filter(|l| !l.is_empty())
        .collect();
    let given_title = raw
        .title
        .as_deref()
        .map(collapse_spaces)
        .filter(|t| !t.is_empty())
        .map(Cow::into_owned);
    let sample = lang::prefix(text, 4096);
    let lang = match raw.lang.as_deref().and_then(Lang::from_code) {
        Some(given) if lang::reads_as(given, sample) => given,
        // Pages are often labelled by their site's country, not their text
        // (an English page of a German site as "de"): the text decides,
        // when it can tell.
        Some(given) => lang::detect_reliably(sample).unwrap_or(given),
        None => lang::detect(&format!(
            "{}\n{sample}",
            given_title.as_deref().unwrap_or_default()
        )),
    };
    let profile = lang::profile(lang);
    let mut kept = drop_related_blocks(lines, profile)
        .into_iter()
        .filter(|l| !profile.boilerplate.is_match(l))
        .peekable();
    let title = given_title
        .or_else(|| kept.next().map(Cow::into_owned))
        .unwrap_or_default();
    // The title is often repeated at the top of the text, sometimes twice.
    while kept.peek().is_some_and(|l| lang::fold_alike(l, &title)) {
        kept.next();
    }
    let body = kept.collect::<Vec<_>>().join("\n");
    if lang::words(&body, profile, true)
        .take(settings.min_words)
        .count()
        < settings.min_words
    {
        return Err(Rejection::Empty);
    }

    let given = dates::with_url_day(
        raw.date.as_deref().and_then(dates::parse_given),
        raw.url.as_deref(),
    );
    let (published, mentions, weekdays) = dates::resolve(
        given,
        text,
        &format!("{title}\n{body}"),
        dates::lead_days(&title, &body, profile),
        profile,
    );
    let outlet = raw
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .or_else(|| raw.url.as_deref().and_then(host));
    Ok(Article {
        id: raw.id.clone(),
        path: raw.path.clone(),
        title,
        body,
        lang,
        published,
        mentions,
        weekdays,
        url: raw.url.clone(),
        outlet,
    })
}

/// Drops each heading of a related-articles block ("More great stories",
/// "Lire aussi") with the lines after it that are not sentences (the
/// headlines it lists), up to the next sentence.
fn drop_related_blocks<'t>(lines: Vec<Cow<'t, str>>, profile: &lang::Profile) -> Vec<Cow<'t, str>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_block = false;
    for line in lines {
        if profile.related.is_match(&line) {
            in_block = true;
        } else if in_block && !is_sentence(&line) {
            // A headline of the list.
        } else {
            in_block = false;
            out.push(line);
        }
    }
    out
}

/// A line of running text: at least eight words, ending as sentences end.
fn is_sentence(line: &str) -> bool {
    line.split_whitespace().count() >= 8
        && line.ends_with(['.', '!', '?', '…', '"', '”', '»', ')', ':', ';'])
}

/// The text with each run of whitespace made one space and none at either
/// end. Most lines already are so: they are lent back as they are, which
/// spares a copy of nearly every line of every article.
fn collapse_spaces(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// True when `text` has no whitespace but single spaces between words, so
/// that collapsing its spaces would not change it.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    // One pass over the bytes with no early exit, which the compiler turns
    // into vector instructions: a double space, an ASCII control character
    // (whitespace among them), or the first byte of a non-ASCII whitespace
    // character. Those are U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
    // U+2029, U+202F, U+205F and U+3000, which begin with C2, E1, E2 or E3.
    let (mut double, mut suspect) = (false, false);
    for (&a, &b) in bytes.iter().zip(bytes.get(1..).unwrap_or_default()) {
        double |= (a == b' ') & (b == b' ');
    }
    for &b in bytes {
        suspect |= (b < b' ') | (b == 0xC2) | (b.wrapping_sub(0xE1) < 3);
    }
    if double || bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    !suspect || !text.contains(|c: char| c.is_whitespace() && c != ' ')
}

/// True when at least half the visible characters are letters: rejects binary
/// noise, markup dumps and tables of numbers.
fn looks_like_text(text: &str) -> bool {
    let (mut letters, mut visible) = (0usize, 0usize);
    let mut rest = text;
    while !rest.is_empty() {
        let (run, tail) = rest.split_at(ascii_len(rest.as_bytes()));
        // A run of ASCII, most of most texts, is counted a byte at a time
        // without branches, in blocks whose counts fit a byte (the same
        // answers `char`'s Unicode tables give): visible above the space, a
        // letter when a to z in either case, and a control character that
        // is not whitespace refuses the text.
        for block in run.as_bytes().chunks(255) {
            let (mut v, mut l, mut control) = (0u8, 0u8, false);
            for &b in block {
                v += u8::from(b > b' ');
                l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
                control |= (b == 0x7f) | ((b < b' ') & (b.wrapping_sub(b'\t') > 4));
            }
            if control {
                return false;
            }
            visible += usize::from(v);
            letters += usize::from(l);
        }
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        if c.is_whitespace() {
            continue;
        }
        visible += 1;
        if lang::is_alphabetic(c) {
            letters += 1;
        } else if c.is_control() || c == char::REPLACEMENT_CHARACTER {
            return false;
        }
    }
    visible > 0 && letters * 2 >= visible
}

/// The length of the ASCII run that `bytes` begin with, found eight bytes
/// at a time.
fn ascii_len(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut len = 0;
    for word in words.by_ref() {
        let high = u64::from_le_bytes(word.try_into().unwrap_or_default()) & 0x8080_8080_8080_8080;
        if high != 0 {
            return len + high.trailing_zeros() as usize / 8;
        }
        len += 8;
    }
    len + words
        .remainder()
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(words.remainder().len())
}

/// The host of a URL without `www.`: the outlet when nothing better is known.
pub fn host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .split_once("://")
        .map_or(url.trim(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (host.contains('.') && !host.contains(char::is_whitespace)).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(title: Option<&str>, text: &str) -> RawDoc {
        RawDoc {
            id: "t".into(),
            title: title.map(String::from),
            text: text.into(),
            ..RawDoc::default()
        }
    }

    fn check(raw: RawDoc, title: &str, body: &str) {
        let article = extract(&raw, &ExtractSettings::default()).expect("an article");
        assert_eq!(article.title, title);
        assert_eq!(article.body, body);
    }

    #[test]
    fn a_language_label_the_text_belies_gives_way_to_the_text() {
        let english = "Bitcoin is getting sold off in Asian trade, as regional stock markets \
            crash in the wake of the huge falls overnight on Wall Street. The cryptocurrency saw \
            a brief rally earlier this morning as US stocks were sold off into the close, with \
            prices rising six percent from their lows of the day to back above seven thousand \
            dollars. But the selloff has resumed and a short time ago it was trading at the \
            lowest level since the middle of November, when a surge in a rival coin saw its \
            price fall below six thousand dollars for the first time in months.";
        let german = "Die Preise für die Kryptowährung sind am Dienstag in Asien weiter \
            gefallen, nachdem die Börsen in der Region nach den schweren Verlusten an der Wall \
            Street eingebrochen waren. Am Morgen hatte es noch eine kurze Erholung gegeben, als \
            die Kurse in New York zum Handelsschluss nachgaben und der Preis um sechs Prozent \
            stieg. Doch der Ausverkauf ging weiter, und vor kurzem lag der Kurs auf dem \
            tiefsten Stand seit Mitte November, als er zum ersten Mal seit Monaten unter \
            sechstausend Dollar gefallen war.";
        let lang_of = |label: &str, text: &str| {
            let raw = RawDoc {
                lang: Some(label.into()),
                ..raw(Some("Bitcoin"), text)
            };
            extract(&raw, &ExtractSettings::default())
                .expect("an article")
                .lang
                .code()
        };
        assert_eq!(lang_of("de", english), "en");
        assert_eq!(lang_of("de", german), "de");
        assert_eq!(lang_of("en", english), "en");
        // Too short to tell: the label stands.
        assert_eq!(
            lang_of("de", "Bitcoin is getting sold off in Asian trade today."),
            "de"
        );
    }

    #[test]
    fn a_repeated_title_is_kept_once() {
        check(
            raw(None, "Biden et Poutine parlent\n\nBiden et Poutine parlent\n\nLes deux dirigeants se sont entretenus jeudi."),
            "Biden et Poutine parlent",
            "Les deux dirigeants se sont entretenus jeudi.",
        );
        check(
            raw(
                Some("China opposes the launch"),
                "China opposes the launch\nBEIJING -- China on Friday said it opposes the launch.",
            ),
            "China opposes the launch",
            "BEIJING -- China on Friday said it opposes the launch.",
        );
    }

    #[test]
    fn french_boilerplate_is_dropped() {
        let text = "Cet article date de plus de deux ans.\n\nCrise en Ukraine\n\nArticle rédigé par franceinfo avec AFP\nPublié Mis à jour\nTemps de lecture : 2min\nLes deux dirigeants se sont parlé jeudi soir pendant une heure.\nLe président, à Wilmington, le 30 décembre 2021. (- / WHITE HOUSE / AFP)\nCommentaires\nConnectez-vous à votre compte franceinfo pour participer à la conversation.\nSource link";
        check(
            raw(None, text),
            "Crise en Ukraine",
            "Les deux dirigeants se sont parlé jeudi soir pendant une heure.",
        );
    }

    #[test]
    fn english_boilerplate_is_dropped() {
        let text = "Xinhua | Updated: 2017-09-15 17:52\nChina on Friday said it opposes the launch.\nRead more: other news\nShare this article\n© 2017 Xinhua. All rights reserved.";
        check(
            raw(Some("Launch"), text),
            "Launch",
            "China on Friday said it opposes the launch.",
        );
    }

    #[test]
    fn related_headings_bylines_and_credits_are_dropped() {
        let text = "By Jane Roe\nPolice arrested a man on Tuesday.\nDON'T MISS\nMore:\nBy then, the crowd had left the square in silence.\n11/20/2019 01:14 PM\nReporting by Jane Roe; Editing by John Doe\nOur Standards: The Thomson Reuters Trust Principles.";
        check(
            raw(Some("Arrest"), text),
            "Arrest",
            "Police arrested a man on Tuesday.\nBy then, the crowd had left the square in silence.",
        );
        let texte = "Par Anne Martin\nLa tempête a frappé le port lundi soir.\nSur le même sujet\nPhoto : AFP";
        check(
            raw(Some("Tempête"), texte),
            "Tempête",
            "La tempête a frappé le port lundi soir.",
        );
    }

    #[test]
    fn related_blocks_go_with_their_headlines() {
        let text = "The storm hit the harbour on Monday night, officials said on Tuesday.\n\
            More Great Stories\n\
            The strange life of a virtuoso coder\n\
            How the sea wall was built\n\
            The mayor asked the government for emergency funds to rebuild the wall.\n\
            Read more:\n\
            A headline at the end";
        check(
            raw(Some("Storm"), text),
            "Storm",
            "The storm hit the harbour on Monday night, officials said on Tuesday.\n\
             The mayor asked the government for emergency funds to rebuild the wall.",
        );
    }

    #[test]
    fn calls_to_action_and_breadcrumbs_are_dropped() {
        let text = "News >\n<The Palace: a review>\nThe show opened on Friday to a full house.\nLearn more\nGet the day's top headlines delivered to your inbox every morning.\nYou have been successfully subscribed!";
        check(
            raw(Some("Review"), text),
            "Review",
            "<The Palace: a review>\nThe show opened on Friday to a full house.",
        );
    }

    #[test]
    fn empty_and_binary_texts_are_rejected() {
        let settings = ExtractSettings::default();
        assert_eq!(
            extract(&raw(None, "  \n "), &settings),
            Err(Rejection::Empty)
        );
        assert_eq!(
            extract(&raw(None, "\u{1}\u{2}ELF\u{0}"), &settings),
            Err(Rejection::NotText)
        );
        assert_eq!(
            extract(&raw(None, "12 34 56 78 90 12.5 33.1"), &settings),
            Err(Rejection::NotText)
        );
        assert_eq!(
            extract(&raw(None, "Title only"), &settings),
            Err(Rejection::Empty)
        );
    }

    #[test]
    fn the_publication_day_may_come_from_a_dropped_caption() {
        let text = "Crise en Ukraine\nLe président, à Wilmington, le 30 décembre 2021. (- / WHITE HOUSE / AFP)\nLes deux dirigeants se sont parlé jeudi soir pendant une heure.";
        let article = extract(&raw(None, text), &ExtractSettings::default()).expect("an article");
        assert_eq!(
            article.published.map(|p| p.to_string()).as_deref(),
            Some("2021-12-30")
        );
        assert!(article.published.is_some_and(|p| p.inferred));
        assert!(!article.body.contains("AFP"));
        // "jeudi" is resolved against the inferred day: Thursday 30 December.
        assert_eq!(
            article
                .mentions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["2021-12-30"]
        );
    }

    #[test]
    fn a_month_header_takes_its_day_from_the_page_address() {
        // The text alone would take Tuesday 15, a day it announces.
        let text = "Valieva positiva, l'ITA conferma\nLo ha confermato venerdì l'agenzia. La cerimonia di martedì 15 febbraio è rinviata.";
        let doc = RawDoc {
            date: Some("2022-02".into()),
            url: Some("https://www.gazzetta.example/pechino-2022/11-02-2022/valieva".into()),
            ..raw(None, text)
        };
        let article = extract(&doc, &ExtractSettings::default()).expect("an article");
        assert_eq!(
            article.published.map(|p| p.to_string()).as_deref(),
            Some("2022-02-11")
        );
        let without = RawDoc { url: None, ..doc };
        let without = extract(&without, &ExtractSettings::default()).expect("an article");
        assert_ne!(
            without.published.map(|p| p.to_string()).as_deref(),
            Some("2022-02-11")
        );
    }

    /// Pieces of text that test the byte-level shortcuts: ASCII and Unicode
    /// whitespace, control characters, Latin-1 and other letters.
    fn tricky_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = proptest::sample::select(vec![
            " ", "  ", "\t", "\r", "\n", "\u{b}", "\u{c}", "\u{a0}", "\u{85}", "\u{1680}",
            "\u{2003}", "\u{200a}", "\u{200b}", "\u{2028}", "\u{202f}", "\u{205f}", "\u{3000}",
            "\u{1}", "\u{7f}", "\u{9f}", "\u{fffd}", "a", "Z", "9", ".", "é", "É", "×", "÷", "ª",
            "²", "ß", "中", "٣", "’", "—", "Word", "mot",
        ]);
        prop_oneof![
            proptest::collection::vec(pieces, 0..40).prop_map(|p| p.concat()),
            any::<String>(),
        ]
    }

    proptest::proptest! {
        #[test]
        fn collapsing_spaces_lends_only_collapsed_lines(text in tricky_text()) {
            let simple = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = collapse_spaces(&text);
            proptest::prop_assert_eq!(matches!(got, Cow::Borrowed(_)), simple == text);
            proptest::prop_assert_eq!(got, simple);
        }

        #[test]
        fn the_text_check_reads_bytes_as_chars_would(text in tricky_text()) {
            // The check as it reads in plain `char` terms.
            let simple = |text: &str| {
                let (mut letters, mut visible) = (0usize, 0usize);
                for c in text.chars().filter(|c| !c.is_whitespace()) {
                    visible += 1;
                    if c.is_alphabetic() {
                        letters += 1;
                    } else if c.is_control() || c == char::REPLACEMENT_CHARACTER {
                        return false;
                    }
                }
                visible > 0 && letters * 2 >= visible
            };
            proptest::prop_assert_eq!(looks_like_text(&text), simple(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_runs_end_at_the_first_other_byte(text in tricky_text()) {
            let simple = text.bytes().position(|b| !b.is_ascii()).unwrap_or(text.len());
            proptest::prop_assert_eq!(ascii_len(text.as_bytes()), simple);
        }
    }

    #[test]
    fn every_char_is_collapsed_as_split_whitespace_says() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            for text in [format!("a{c}b"), format!("{c}"), format!("a {c}")] {
                let simple = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(is_collapsed(&text), simple == text, "{text:?}");
            }
        }
    }

    #[test]
    fn outlet_from_source_or_url() {
        assert_eq!(
            host("https://www.lemonde.fr/international/article.html").as_deref(),
            Some("lemonde.fr")
        );
        assert_eq!(
            host("http://africa.chinadaily.com.cn:80/x?y").as_deref(),
            Some("africa.chinadaily.com.cn")
        );
        assert_eq!(host("Crise en Ukraine"), None);
    }
}
