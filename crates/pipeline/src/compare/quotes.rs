//! Who said what: direct quotes (« », “ ”, "…") and reported speech ("a
//! déclaré que", "said", "selon", "according to"), each with its speaker
//! when the text names one nearby — before the verb ("Ouchakov a déclaré
//! que"), after it ("…, a déclaré Iouri Ouchakov", "…, said Psaki"), or
//! earlier ("a-t-il ajouté", "he said" take the last speaker named).

use std::collections::HashSet;
use std::ops::Range;

use super::entities::{phrase_at, Mention};
use super::rules::Rules;
use crate::lang::{self, Profile};
use crate::text;

/// Who a quote is from, in one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Speaker {
    /// A name the article writes (an index into its mentions).
    Named(usize),
    /// A description without a name ("un haut fonctionnaire").
    Phrase(String),
    /// Nobody the text names.
    Unknown,
}

/// A quote in one article.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct QuoteMention {
    /// Who said it.
    pub(crate) speaker: Speaker,
    /// What was said: the quoted words of a direct quote, else the reported
    /// clause.
    pub(crate) text: String,
    /// True for words in quotation marks.
    pub(crate) direct: bool,
    /// The clause it was found in.
    pub(crate) clause: Range<usize>,
}

/// Quotes shorter than this many words are scare quotes or fragments.
const MIN_WORDS: usize = 4;
/// Reported clauses are cut at this many words.
const MAX_WORDS: usize = 60;
/// "a-t-il dit" refers back to a speaker named at most this many sentences
/// before.
const PRONOUN_REACH: usize = 3;

/// A word of a clause: its folded form and where it lies.
struct Word {
    folded: String,
    start: usize,
    end: usize,
    /// Inside quotation marks.
    quoted: bool,
}

/// What opens reported speech in a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    /// A speech verb (with its auxiliary): `words[first..=last]`.
    Verb { first: usize, last: usize },
    /// "a-t-il dit": the speaker is the last one named.
    Inverted { first: usize, last: usize },
    /// "selon", "according to".
    According { first: usize, last: usize },
}

impl Trigger {
    fn span(self) -> (usize, usize) {
        match self {
            Trigger::Verb { first, last }
            | Trigger::Inverted { first, last }
            | Trigger::According { first, last } => (first, last),
        }
    }
}

/// The quotes of one article.
pub(crate) fn quotes(
    text: &str,
    sentences: &[Range<usize>],
    mentions: &[Mention],
    rules: &Rules,
    profile: &Profile,
) -> Vec<QuoteMention> {
    let mut out = Vec::new();
    let mut last: Option<(Speaker, usize)> = None;
    for (si, sentence) in sentences.iter().enumerate() {
        if !text::is_prose(&text[sentence.clone()]) {
            continue;
        }
        for clause in clauses(text, sentence.clone(), rules) {
            let words: Vec<Word> = text::tokens(&text[clause.clone()])
                .into_iter()
                .map(|t| Word {
                    folded: lang::fold(t.text),
                    start: clause.start + t.start,
                    end: clause.start + t.end,
                    quoted: false,
                })
                .collect();
            let quoted: Vec<Range<usize>> = text::quote_spans(&text[clause.clone()])
                .into_iter()
                .map(|q| clause.start + q.start..clause.start + q.end)
                .collect();
            // Speech verbs inside quotation marks are the quoted person's
            // words, not the article's attribution.
            let words: Vec<Word> = words
                .into_iter()
                .map(|mut w| {
                    if quoted.iter().any(|q| q.start < w.start && w.end < q.end) {
                        w.quoted = true;
                    }
                    w
                })
                .collect();
            let Some(trigger) = first_trigger(text, &words, rules, 0) else {
                // A sentence that is only a quotation, right after a quote
                // whose speaker is known, goes on with that speaker.
                let body = text[clause.clone()].trim();
                let whole = quoted.iter().any(|q| {
                    (q.end - q.start) * 10 >= body.len() * 8
                        && text[q.clone()].split_whitespace().count() >= MIN_WORDS
                });
                if let (true, Some((speaker, at))) = (whole, &last) {
                    if si - at == 1 {
                        let spans = quoted
                            .iter()
                            .map(|q| trim_quote(&text[q.clone()]))
                            .collect::<Vec<_>>();
                        out.push(QuoteMention {
                            speaker: speaker.clone(),
                            text: spans.join(" … "),
                            direct: true,
                            clause: clause.clone(),
                        });
                        last = Some((speaker.clone(), si));
                    }
                }
                continue;
            };
            // "he said" refers to the last speaker, else to the last person
            // named in this sentence or the one before.
            let reach = if si > 0 {
                sentences[si - 1].start
            } else {
                sentence.start
            };
            let previous = last
                .as_ref()
                .filter(|(_, at)| si - at <= PRONOUN_REACH)
                .map(|(s, _)| s.clone())
                .or_else(|| {
                    mentions
                        .iter()
                        .enumerate()
                        .rfind(|(_, m)| {
                            m.is_person()
                                && m.range.start >= reach
                                && m.range.end <= words[0].start.max(clause.start)
                        })
                        .map(|(i, _)| Speaker::Named(i))
                })
                .unwrap_or(Speaker::Unknown);
            let (first, end) = trigger.span();
            let (speaker, content) = match trigger {
                Trigger::Inverted { .. } => (previous, clause.start..words[first].start),
                Trigger::Verb { .. } => {
                    match subject_before(text, &clause, &words, first, mentions, rules, profile) {
                        Some((subject, subject_start)) => {
                            let speaker = match subject {
                                Subject::Pronoun => previous,
                                Subject::Is(s) => s,
                            };
                            // "…, he said", "…, the sheriff said later": the
                            // words come before the speaker, unless the verb
                            // opens them ("a déclaré que", "said:").
                            let mut after = content_after(text, &clause, &words, end, rules);
                            // A relative clause ("who said …, was") ends at
                            // its comma.
                            if first > 0 && rules.relatives.contains(&words[first - 1].folded) {
                                if let Some(k) = text[after.clone()].find(',') {
                                    after.end = after.start + k;
                                }
                            }
                            let before = clause.start..subject_start;
                            let lead = text[before.clone()].trim_end();
                            let opens = words
                                .get(end + 1)
                                .is_some_and(|w| rules.complementizers.contains(&w.folded))
                                || text[words[end].end..].trim_start().starts_with(':');
                            let leads = !opens
                                && lead.ends_with([',', '”', '»', '"', '\'', '’'])
                                && lead.split_whitespace().count() >= MIN_WORDS;
                            // "said in prepared remarks": circumstances, not words.
                            let adjunct = words.get(end + 1).is_some_and(|w| {
                                rules.adjuncts.contains(&w.folded)
                                    && words.get(end + 2).is_none_or(|n| {
                                        rules.determiners.contains(&n.folded)
                                            || n.folded.chars().all(|c| c.is_ascii_digit())
                                            || text::is_capitalised(&text[n.start..n.end])
                                    })
                            }) && !words[end + 1..(end + 8).min(words.len())]
                                .iter()
                                .any(|w| rules.complementizers.contains(&w.folded));
                            let short = adjunct
                                || text[after.clone()].split_whitespace().count() < MIN_WORDS;
                            let content = if leads || short { before } else { after };
                            (speaker, content)
                        }
                        None => (
                            subject_after(
                                text, &clause, &words, end, mentions, rules, &previous, false,
                            ),
                            clause.start..words[first].start,
                        ),
                    }
                }
                Trigger::According { .. } => {
                    let source =
                        subject_after(text, &clause, &words, end, mentions, rules, &previous, true);
                    if first == 0 {
                        // "Selon X, …": what follows the source's comma.
                        let after = text[words[end].end..clause.end]
                            .find(',')
                            .map_or(clause.end, |i| words[end].end + i + 1);
                        (source, after..clause.end)
                    } else {
                        // "…, and according to Y, CONTENT": the longer side
                        // of the source is what it says.
                        let before = clause.start..words[first].start;
                        let after = text[words[end].end..clause.end]
                            .find(',')
                            .map(|i| words[end].end + i + 1..clause.end);
                        let count = |r: &Range<usize>| text[r.clone()].split_whitespace().count();
                        match after {
                            Some(a) if count(&a) > count(&before) => (source, a),
                            _ => (source, before),
                        }
                    }
                }
            };
            // "…, his relatives said, and was not known for …": a clause
            // that opens on a conjunction is half of something else.
            let opening = text[content.clone()]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            if rules.coordinators.contains(opening) {
                continue;
            }
            let speaker = resolve_phrase(speaker, mentions, rules);
            let Some(quote) = quote_text(text, &clause, content) else {
                continue;
            };
            if speaker != Speaker::Unknown {
                last = Some((speaker.clone(), si));
            }
            out.push(QuoteMention {
                speaker,
                text: quote.0,
                direct: quote.1,
                clause: clause.clone(),
            });
        }
    }
    out
}

/// A sentence split where a clause with its own speaker begins (", tandis
/// que", ", while", ";"), never inside quotation marks.
fn clauses(text: &str, sentence: Range<usize>, rules: &Rules) -> Vec<Range<usize>> {
    let body = &text[sentence.clone()];
    let protected = text::quote_spans(body);
    let tokens = text::tokens(body);
    let folded: Vec<String> = tokens.iter().map(|t| lang::fold(t.text)).collect();
    let mut cuts = Vec::new();
    for i in 1..tokens.len() {
        let gap = &body[tokens[i - 1].end..tokens[i].start];
        let inside = protected
            .iter()
            .any(|q| q.start < tokens[i].start && tokens[i].start < q.end);
        if inside {
            continue;
        }
        let breaks = gap.contains(';')
            || (gap.contains(',') && rules.clause_breaks.iter().any(|p| phrase_at(&folded, i, p)));
        if breaks {
            cuts.push(tokens[i].start);
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        out.push(sentence.start + start..sentence.start + cut);
        start = cut;
    }
    out.push(sentence.start + start..sentence.end);
    out
}

/// True when only spaces (and hyphens, apostrophes) separate two words.
fn joined(text: &str, a: &Word, b: &Word) -> bool {
    text[a.end..b.start]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '\'' | '’'))
}

/// The first speech trigger of a clause at or after word `from`.
fn first_trigger(text: &str, words: &[Word], rules: &Rules, from: usize) -> Option<Trigger> {
    let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
    let passive = |i: usize| i > 0 && rules.passive_markers.contains(&folded[i - 1]);
    for i in from..words.len() {
        if words[i].quoted {
            continue;
        }
        let aux = rules
            .auxiliaries
            .iter()
            .find(|p| phrase_at(&folded, i, p))
            .map(Vec::len);
        if rules.inversion
            && (aux.is_some() || rules.speech_present.contains(&folded[i]))
            && i + 2 < words.len()
            && words[i + 1].folded == "t"
            && rules.pronouns.contains(&words[i + 2].folded)
            && text[words[i].end..words[i + 2].start]
                .chars()
                .all(|c| c == '-' || c == 't')
        {
            let last = if i + 3 < words.len() && rules.speech_verbs.contains(&folded[i + 3]) {
                i + 3
            } else {
                i + 2
            };
            return Some(Trigger::Inverted { first: i, last });
        }
        if let Some(len) = aux {
            // Up to three words may come between the auxiliary and the
            // participle ("a quant à lui prévenu").
            for j in i + len..(i + len + 4).min(words.len()) {
                if j > i + len && !joined(text, &words[j - 1], &words[j]) {
                    break;
                }
                if rules.speech_verbs.contains(&folded[j]) {
                    return Some(Trigger::Verb { first: i, last: j });
                }
            }
        }
        if rules.auxiliaries.is_empty() && rules.speech_verbs.contains(&folded[i]) && !passive(i) {
            return Some(Trigger::Verb { first: i, last: i });
        }
        if rules.speech_present.contains(&folded[i]) {
            let after_comma = i > 0 && text[words[i - 1].end..words[i].start].contains(',');
            let before_que = words
                .get(i + 1)
                .is_some_and(|w| rules.complementizers.contains(&w.folded));
            if after_comma || before_que {
                return Some(Trigger::Verb { first: i, last: i });
            }
        }
        if let Some(p) = rules.according.iter().find(|p| phrase_at(&folded, i, p)) {
            return Some(Trigger::According {
                first: i,
                last: i + p.len() - 1,
            });
        }
    }
    None
}

enum Subject {
    Is(Speaker),
    Pronoun,
}

/// The speaker named right before the verb at word `first`: a name
/// separated from it only by spaces or an appositive between commas, a
/// pronoun, or a short description.
fn subject_before(
    text: &str,
    clause: &Range<usize>,
    words: &[Word],
    first: usize,
    mentions: &[Mention],
    rules: &Rules,
    profile: &Profile,
) -> Option<(Subject, usize)> {
    let verb_start = words[first].start;
    let near = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.range.start >= clause.start && m.range.end <= verb_start)
        .max_by_key(|(_, m)| m.range.end);
    // Small words may stand between a name and its verb: "Wolfson also
    // said", "Equifax previously said", "Equifax has said".
    let filler =
        |w: &Word| !w.quoted && (profile.is_stop_word(&w.folded) || w.folded.ends_with("ly"));
    if let Some((i, m)) = near {
        let between: Vec<&Word> = words
            .iter()
            .filter(|w| w.start >= m.range.end && w.end <= verb_start)
            .collect();
        let plain = between.len() <= 2
            && between.iter().all(|w| filler(w))
            && !text[m.range.end..verb_start].contains([',', ';', ':', '«', '»', '“', '”', '"']);
        let gap = if plain && !between.is_empty() {
            ""
        } else {
            text[m.range.end..verb_start].trim()
        };
        // "BIS head says", "an Equifax spokesman said": the name qualifies
        // the role that speaks.
        let folded: Vec<String> = between.iter().map(|w| w.folded.clone()).collect();
        let role_after = !between.is_empty()
            && between.len() <= 3
            && !text[m.range.end..verb_start].contains([',', ';', ':', '«', '»', '“', '”', '"'])
            && (0..folded.len()).any(|at| {
                rules
                    .role_nouns
                    .iter()
                    .any(|p| at + p.len() == folded.len() && phrase_at(&folded, at, p))
            });
        if role_after {
            let end = between[between.len() - 1].end;
            return Some((
                Subject::Is(Speaker::Phrase(text[m.range.start..end].to_string())),
                m.range.start,
            ));
        }
        let appositive = gap.len() > 1
            && gap.starts_with(',')
            && gap.ends_with(',')
            && gap.split_whitespace().count() <= 8
            && !gap.contains(['«', '»', '“', '”', '"']);
        // "Le conseiller du Kremlin, Yuri Ushakov, a déclaré": a name
        // between commas is the subject; "… en Ukraine, a prévenu X" is not.
        let lead = text[clause.start..m.range.start].trim_end();
        let set_apart = gap == "," && (lead.is_empty() || lead.ends_with(','));
        if gap.is_empty() || set_apart || appositive {
            // "Le chef du Kremlin s'est dit": a role of an organisation
            // names a person, not the organisation.
            if !m.is_person() {
                if let Some(start) = role_of(text, clause, m, rules, profile) {
                    let phrase = text[start..m.range.end].to_string();
                    return Some((Subject::Is(Speaker::Phrase(phrase)), start));
                }
            }
            return Some((Subject::Is(Speaker::Named(i)), m.range.start));
        }
    }
    if first == 0 {
        return None;
    }
    if rules.pronouns.contains(&words[first - 1].folded) {
        return Some((Subject::Pronoun, words[first - 1].start));
    }
    // "Eric Paddock, who said …": the name before the relative pronoun.
    if rules.relatives.contains(&words[first - 1].folded) {
        let at = words[first - 1].start;
        let antecedent = mentions
            .iter()
            .enumerate()
            .find(|(_, m)| m.range.end <= at && matches!(text[m.range.end..at].trim(), "" | ","));
        return Some(match antecedent {
            Some((i, m)) => (Subject::Is(Speaker::Named(i)), m.range.start),
            None => (Subject::Is(Speaker::Unknown), at),
        });
    }
    // A description: the words since the last punctuation, if few.
    let mut start = first;
    while start > 0 && joined(text, &words[start - 1], &words[start]) {
        start -= 1;
    }
    let gap_before = if start == 0 {
        &text[clause.start..words[0].start]
    } else {
        &text[words[start - 1].end..words[start].start]
    };
    if first == start || gap_before.contains(['«', '“', '"']) {
        return None;
    }
    // "… were called to the scene and police said": the words after the
    // last conjunction.
    if first - start > 5 {
        let cut = (start..first)
            .rev()
            .find(|&k| rules.coordinators.contains(&words[k].folded))?;
        if first - cut - 1 == 0 || first - cut - 1 > 4 {
            return None;
        }
        start = cut + 1;
    }
    if (start..first).all(|k| profile.is_stop_word(&words[k].folded)) {
        return None;
    }
    while start + 1 < first
        && profile.is_stop_word(&words[start].folded)
        && profile.is_stop_word(&words[start + 1].folded)
    {
        start += 1;
    }
    // "he apologized and said": a pronoun opening the description.
    if rules.pronouns.contains(&words[start].folded) {
        return Some((Subject::Pronoun, words[start].start));
    }
    // Trailing small words are not part of it ("The company also").
    let mut last = first - 1;
    while last > start && filler(&words[last]) {
        last -= 1;
    }
    let phrase = text[words[start].start..words[last].end].to_string();
    Some((Subject::Is(Speaker::Phrase(phrase)), words[start].start))
}

/// Where "le chef du", "a spokesman for the" starts when it comes right
/// before the name `m`: a role noun and at most three small words.
fn role_of(
    text: &str,
    clause: &Range<usize>,
    m: &Mention,
    rules: &Rules,
    profile: &Profile,
) -> Option<usize> {
    let lead = &text[clause.start..m.range.start];
    let tokens = text::tokens(lead);
    let folded: Vec<String> = tokens.iter().map(|t| lang::fold(t.text)).collect();
    let mut k = folded.len();
    while k > 0 && folded.len() - k < 3 && profile.is_stop_word(&folded[k - 1]) {
        k -= 1;
    }
    if k == folded.len() || k == 0 {
        return None;
    }
    let noun = rules
        .role_nouns
        .iter()
        .find(|p| p.len() <= k && phrase_at(&folded, k - p.len(), p))?;
    let mut first = k - noun.len();
    if first > 0 && profile.is_stop_word(&folded[first - 1]) {
        first -= 1;
    }
    Some(clause.start + tokens[first].start)
}

/// The speaker named after the verb or "selon" ending at word `end`: a
/// person named in the phrase up to the next punctuation, else any name
/// there, else a name in apposition after a described role ("la
/// porte-parole de la Maison Blanche, Jen Psaki"), else the description.
#[allow(clippy::too_many_arguments)]
fn subject_after(
    text: &str,
    clause: &Range<usize>,
    words: &[Word],
    end: usize,
    mentions: &[Mention],
    rules: &Rules,
    previous: &Speaker,
    according: bool,
) -> Speaker {
    const STOP: &[char] = &[
        ',', '.', ';', ':', '!', '?', '«', '»', '“', '”', '"', '(', ')',
    ];
    let from = words[end].end;
    let rest = &text[from..clause.end];
    let stop = from + text::phrase_end(rest, STOP);
    let phrase = from..stop;
    let Some(next) = words.get(end + 1).filter(|w| w.start < stop) else {
        return Speaker::Unknown;
    };
    if rules.complementizers.contains(&next.folded) {
        return Speaker::Unknown;
    }
    if rules.pronouns.contains(&next.folded) {
        return previous.clone();
    }
    // A name after "in", "at" places the source ("a rabbi in Scarsdale");
    // it is not the source.
    let inside: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.range.start >= phrase.start && m.range.end <= phrase.end)
        .filter(|(_, m)| {
            !words
                .iter()
                .rev()
                .find(|w| w.end <= m.range.start)
                .is_some_and(|w| {
                    w.start >= phrase.start && rules.place_prepositions.contains(&w.folded)
                })
        })
        .map(|(i, _)| i)
        .collect();
    let described: Vec<String> = words
        .iter()
        .filter(|w| w.start >= phrase.start && w.end <= phrase.end)
        .map(|w| w.folded.clone())
        .collect();
    let has_role = (0..described.len()).any(|at| {
        rules
            .role_nouns
            .iter()
            .any(|p| phrase_at(&described, at, p))
    });
    if has_role && text[stop..].starts_with(',') {
        let apposed = mentions
            .iter()
            .enumerate()
            .find(|(_, m)| m.range.start > stop && text[stop + 1..m.range.start].trim().is_empty());
        if let Some((i, m)) = apposed {
            if m.is_person() {
                return Speaker::Named(i);
            }
        }
    }
    if let Some(&i) = inside.iter().find(|&&i| mentions[i].is_person()) {
        return Speaker::Named(i);
    }

    if has_role {
        // The description from its determiner: "une porte-parole de la
        // Maison Blanche", not the organisation it works for.
        let at = (0..described.len())
            .find(|&at| {
                rules
                    .role_nouns
                    .iter()
                    .any(|p| phrase_at(&described, at, p))
            })
            .unwrap_or(0);
        let phrase_words: Vec<&Word> = words
            .iter()
            .filter(|w| w.start >= phrase.start && w.end <= phrase.end)
            .collect();
        let from = if at > 0 && rules.determiners.contains(&phrase_words[at - 1].folded) {
            at - 1
        } else {
            at
        };
        let to = (from + 6).min(phrase_words.len()) - 1;
        // A name cut in two is kept whole ("de la Maison Blanche").
        let mut end = phrase_words[to].end;
        if let Some(m) = mentions
            .iter()
            .find(|m| m.range.start < end && end < m.range.end)
        {
            end = m.range.end;
        }
        return Speaker::Phrase(text[phrase_words[from].start..end].to_string());
    }
    if let Some(&i) = inside.first() {
        // "British rail investigators", "US intelligence": a name that
        // qualifies a noun is not the source; the words are.
        let m = &mentions[i];
        let qualifies = words
            .iter()
            .find(|w| w.start >= m.range.end && w.end <= phrase.end)
            .is_some_and(|w| text[w.start..w.end].starts_with(char::is_lowercase));
        if !qualifies {
            return Speaker::Named(i);
        }
    }
    if according || !inside.is_empty() {
        let words: Vec<&str> = text[phrase].split_whitespace().take(8).collect();
        return Speaker::Phrase(words.join(" "));
    }
    Speaker::Unknown
}

/// What follows a speech verb: after "que"/"that" when it comes within a
/// few words ("a prévenu Joe Biden que"), up to a later ", a déclaré X".
fn content_after(
    text: &str,
    clause: &Range<usize>,
    words: &[Word],
    end: usize,
    rules: &Rules,
) -> Range<usize> {
    let mut start = words[end].end;
    if let Some(k) = (end + 1..(end + 7).min(words.len()))
        .find(|&k| rules.complementizers.contains(&words[k].folded))
    {
        start = words[k].end;
    }
    let mut stop = clause.end;
    if let Some(next) = first_trigger(text, words, rules, end + 1) {
        let (first, _) = next.span();
        let before = &text[start.min(words[first].start)..words[first].start];
        if before.trim_end().ends_with(',') {
            stop = words[first].start;
        }
    }
    start.min(stop)..stop
}

/// The quote's text and whether it is direct: the quoted words when quotes
/// make up most of the content, else the content itself. `None` when too
/// short to be a statement.
fn quote_text(text: &str, clause: &Range<usize>, content: Range<usize>) -> Option<(String, bool)> {
    let spans: Vec<&str> = text::quote_spans(&text[clause.clone()])
        .into_iter()
        .map(|r| {
            let q = &text[clause.start + r.start..clause.start + r.end];
            trim_quote(q)
        })
        .filter(|q| q.split_whitespace().count() >= 3)
        .collect();
    let content = trim_quote(&text[content]);
    let quoted: usize = spans.iter().map(|q| q.split_whitespace().count()).sum();
    let total = content.split_whitespace().count();
    let (text, direct) = if quoted >= 5 && quoted * 10 >= total * 4 {
        (spans.join(" … "), true)
    } else {
        (content.to_string(), false)
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < MIN_WORDS {
        return None;
    }
    if words.len() > MAX_WORDS {
        return Some((format!("{} …", words[..MAX_WORDS].join(" ")), direct));
    }
    Some((words.join(" "), direct))
}

fn trim_quote(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '«' | '»' | '“' | '”' | '"' | '„' | ',' | ':' | '.' | '\'' | '’'
            )
    })
}

/// A description with a role (\"le dirigeant américain\") is the person the
/// article gave that kind of role (\"le président américain, Joe Biden\"):
/// same last word, one person only.
fn resolve_phrase(speaker: Speaker, mentions: &[Mention], rules: &Rules) -> Speaker {
    let Speaker::Phrase(phrase) = &speaker else {
        return speaker;
    };
    let roles = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_person())
        .filter_map(|(i, m)| Some((m.key.as_str(), m.role.as_deref()?, i)));
    match role_match(phrase, roles, rules) {
        Some(i) => Speaker::Named(i),
        None => speaker,
    }
}

/// The one person whose stated role ends like the description `phrase`
/// ("le dirigeant américain" ↔ "président américain"): `roles` gives each
/// candidate's key, role and what to return for it.
pub(crate) fn role_match<'a, T: Copy>(
    phrase: &str,
    roles: impl Iterator<Item = (&'a str, &'a str, T)>,
    rules: &Rules,
) -> Option<T> {
    let tokens = text::tokens(phrase);
    // Only a role qualified by a common word ("américain") is matched; a
    // role of an organisation ("de la Maison Blanche") has many holders.
    if tokens.iter().skip(1).any(|t| text::is_capitalised(t.text)) {
        return None;
    }
    let words: Vec<String> = tokens.iter().map(|t| lang::fold(t.text)).collect();
    let has_role =
        (0..words.len()).any(|at| rules.role_nouns.iter().any(|p| phrase_at(&words, at, p)));
    let last = words.last().filter(|_| has_role && words.len() >= 2)?;
    if rules
        .role_nouns
        .iter()
        .any(|p| p.len() == 1 && p[0] == *last)
    {
        return None;
    }
    let mut keys: HashSet<&str> = HashSet::new();
    let mut found = None;
    for (key, role, value) in roles {
        let role_last = text::tokens(role).last().map(|t| lang::fold(t.text));
        if role_last.as_deref() == Some(last.as_str()) {
            keys.insert(key);
            found.get_or_insert(value);
        }
    }
    (keys.len() == 1).then_some(found).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::entities;
    use crate::compare::rules;
    use crate::lang::{profile, Lang};

    /// The quotes of a text as `(speaker, text)`; a named speaker is shown
    /// as written, a description in brackets.
    fn check(lang: &str, input: &str, expected: &[(&str, &str)]) {
        let lang = Lang::from_code(lang).expect("lang");
        let rules = rules::rules(lang).expect("rules");
        let p = profile(lang);
        let sentences = text::sentences(input, true);
        let lower = text::lower_case_words(input);
        let mentions = entities::mentions(input, &sentences, &lower, p, rules);
        let got: Vec<(String, String)> = quotes(input, &sentences, &mentions, rules, p)
            .into_iter()
            .map(|q| {
                let who = match q.speaker {
                    Speaker::Named(i) => mentions[i].surface.clone(),
                    Speaker::Phrase(s) => format!("[{s}]"),
                    Speaker::Unknown => "?".into(),
                };
                (who, q.text)
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn french_speakers_before_and_after_the_verb() {
        check(
            "fr",
            "Le conseiller du Kremlin, Yuri Ushakov, a déclaré que l'appel avait créé un bon climat. \
             “Le président a réitéré que des progrès sont possibles”, a déclaré l'attachée de presse de la Maison Blanche, Jen Psaki.",
            &[
                ("Yuri Ushakov", "l'appel avait créé un bon climat"),
                ("Jen Psaki", "Le président a réitéré que des progrès sont possibles"),
            ],
        );
    }

    #[test]
    fn french_inversion_and_clauses() {
        check(
            "fr",
            "Le président américain, Joe Biden, est arrivé. Tout progrès passera par une désescalade, a prévenu le dirigeant américain. \
             Washington répondra de façon résolue, a-t-il dit. Biden a déclaré qu'il voulait un geste, tandis que Poutine a déclaré que les sanctions seraient une erreur. \
             Les États-Unis sont prêts à répondre, selon un responsable de la Maison Blanche.",
            &[
                ("Joe Biden", "Tout progrès passera par une désescalade"),
                ("Joe Biden", "Washington répondra de façon résolue"),
                ("Biden", "il voulait un geste"),
                ("Poutine", "les sanctions seraient une erreur"),
                ("[un responsable de la Maison Blanche]", "Les États-Unis sont prêts à répondre"),
            ],
        );
    }

    #[test]
    fn french_selon_and_the_kremlin() {
        check(
            "fr",
            "Selon Washington, la Russie a massé plus de 100.000 soldats. Un communiqué du Kremlin a déclaré que le président avait répété ses accusations.",
            &[
                ("Washington", "la Russie a massé plus de 100.000 soldats"),
                ("Kremlin", "le président avait répété ses accusations"),
            ],
        );
    }

    #[test]
    fn english_speakers_after_their_words_and_relatives() {
        check(
            "en",
            "The gunman fired from the 32nd floor for several minutes, the sheriff said later at a news conference. \
             His brother Eric Paddock, who said their father had been in prison, was stunned. \
             Sheriff Joseph Lombardo said: the suspect acted alone in the hotel.",
            &[
                ("[the sheriff]", "The gunman fired from the 32nd floor for several minutes"),
                ("Eric Paddock", "their father had been in prison"),
                ("Joseph Lombardo", "the suspect acted alone in the hotel"),
            ],
        );
    }

    #[test]
    fn english_said_and_according_to() {
        check(
            "en",
            "\"We will respond decisively to any invasion,\" White House press secretary Jen Psaki said. \
             The talks were serious, he said. According to US intelligence, Russia has massed more than 100,000 troops. \
             Police said the man was arrested on Monday. The suspect was told to leave the building at once.",
            &[
                ("Jen Psaki", "We will respond decisively to any invasion"),
                ("Jen Psaki", "The talks were serious"),
                ("[US intelligence]", "Russia has massed more than 100,000 troops"),
                ("Police", "the man was arrested on Monday"),
            ],
        );
    }
}
