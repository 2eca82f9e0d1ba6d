//! People, organisations and places named in an event's articles, with
//! their spellings merged: a name's key folds accents, applies the alias
//! table (`data/aliases.toml`) and the transliteration rewrites of
//! `data/names.toml`, so Iouri Ouchakov and Yuri Ushakov are one person; a
//! surname alone joins the full name it belongs to.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::rules::{self, Names, Phrase, Rules};
use crate::analyze;
use crate::lang::{self, Profile};
use crate::lexicon::Dictionary;
use crate::text::{self, Token};

/// What a named entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A person.
    Person,
    /// An organisation (a government seat such as the Kremlin counts as one).
    Org,
    /// A place.
    Place,
    /// Nothing in the text or the data says which.
    Other,
}

impl Kind {
    /// The kind's name, as the outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Org => "org",
            Kind::Place => "place",
            Kind::Other => "other",
        }
    }
}

/// One entity of an event, over all its articles.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// The name as most often written in full.
    pub name: String,
    /// The key its spellings share (`yuri ushakov`).
    pub key: String,
    /// Person, organisation, place or other.
    pub kind: Kind,
    /// Its role as a text states it ("conseiller du Kremlin"), the most
    /// frequent one.
    pub role: Option<String>,
    /// Every spelling met, in order of first appearance.
    pub variants: Vec<String>,
    /// The articles that name it, in the event's order.
    pub articles: Vec<String>,
    /// How many times it is named.
    pub mentions: usize,
}

/// A name in one article.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Mention {
    /// The name's key.
    pub(crate) key: String,
    /// The name as written.
    pub(crate) surface: String,
    /// Where it lies in the text.
    pub(crate) range: Range<usize>,
    /// Votes for each kind, from the data lists and the words around it.
    pub(crate) votes: [u32; 3],
    /// A role stated next to it.
    pub(crate) role: Option<String>,
}

impl Mention {
    /// True when the cues say person and nothing says otherwise.
    pub(crate) fn is_person(&self) -> bool {
        self.votes[0] > 0 && self.votes[0] >= self.votes[1] && self.votes[0] >= self.votes[2]
    }
}

/// The key of a name given as folded words: each word goes through the
/// alias table, then the rewrites (the alias of the rewritten word counts
/// too, so "poutine" meets "putin"); a name of several words is first
/// looked up whole ("maison blanche" → "white house").
pub(crate) fn key_with(words: &[String], names: &Names) -> String {
    let whole = words.join(" ");
    let aliased = analyze::alias(&whole);
    let words: Vec<String> = if aliased != whole {
        aliased.split(' ').map(str::to_string).collect()
    } else {
        words.to_vec()
    };
    words
        .iter()
        .map(|w| {
            let direct = analyze::alias(w);
            let base = if direct != w {
                direct.to_string()
            } else {
                let rewritten = rewrite(w, names);
                analyze::alias(&rewritten).to_string()
            };
            rewrite(&base, names)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keys names in the pivot language where the dictionary knows them
/// ("Italie", "Italien", "Italia" → `italy`), through the aliases and
/// rewrites as any key, so that they meet the name as English writes it.
pub(crate) fn pivot_keys(mentions: &mut [Mention], dict: &Dictionary) {
    let names = rules::names();
    for m in mentions {
        if let Some(spelling) = dict.name(&crate::lexicon::name_key(&m.surface)) {
            let words: Vec<String> = spelling.split(' ').map(str::to_string).collect();
            m.key = key_with(&words, names);
        }
    }
}

/// Where every noun is capitalised, drops the words opening a name that
/// the dictionary knows as common words and not as names ("Kleinstadt
/// Montebravo" → "Montebravo"), and names made only of such words
/// ("Menschen"), unless a title or role says they are a person.
pub(crate) fn drop_common_nouns(
    mentions: Vec<Mention>,
    dict: &Dictionary,
    profile: &Profile,
) -> Vec<Mention> {
    let names = rules::names();
    let common = |w: &str| {
        let folded = lang::fold(w);
        dict.name(&folded).is_none()
            && dict
                .word(&lang::fold(&profile.stem(&w.to_lowercase())))
                .is_some()
    };
    mentions
        .into_iter()
        .filter_map(|mut m| {
            let words: Vec<(usize, &str)> = m
                .surface
                .split_whitespace()
                .map(|w| (w.as_ptr() as usize - m.surface.as_ptr() as usize, w))
                .collect();
            let lead = words.iter().take_while(|(_, w)| common(w)).count();
            if lead == 0 {
                return Some(m);
            }
            if lead == words.len() {
                return (m.votes[PERSON] > 0).then_some(m);
            }
            let at = words[lead].0;
            m.surface = m.surface[at..].to_string();
            m.range.start += at;
            m.key = key_with(&rules::phrase(&m.surface), names);
            Some(m)
        })
        .collect()
}

/// The key of a name as written ("Iouri Ouchakov" → "yuri ushakov").
pub fn key(name: &str) -> String {
    key_with(&rules::phrase(name), rules::names())
}

fn rewrite(word: &str, names: &Names) -> String {
    let mut out = word.to_string();
    for (from, to) in &names.rewrites {
        // Most rules match no word: only those that do build a new string.
        if out.contains(from.as_str()) {
            out = out.replace(from.as_str(), to);
        }
    }
    for (from, to) in &names.endings {
        if out.len() > from.len() + 1 && out.ends_with(from.as_str()) {
            out.truncate(out.len() - from.len());
            out.push_str(to);
        }
    }
    out
}

const PERSON: usize = 0;
const ORG: usize = 1;
const PLACE: usize = 2;

/// The names of one article (`text` split into `sentences`); `lower` holds
/// the words the event's articles write in lower case (see
/// [`text::name_runs`]).
pub(crate) fn mentions(
    text: &str,
    sentences: &[Range<usize>],
    lower: &HashSet<&str>,
    profile: &Profile,
    rules: &Rules,
) -> Vec<Mention> {
    let names = rules::names();
    let mut out = Vec::new();
    for sentence in sentences {
        let tokens = text::tokens(&text[sentence.clone()]);
        let shift = |t: &Token<'_>| (sentence.start + t.start, sentence.start + t.end);
        for run in text::name_runs(text, sentence.clone(), profile, lower, 90) {
            let mut run = run.words;
            // A capitalised sentence start that the rules know as a function
            // word ("Selon Washington") is not part of the name.
            if run.len() > 1
                && run[0].start == sentence.start
                && rules.openers.contains(&lang::fold(run[0].text))
            {
                run.remove(0);
            }
            // Shouted words opening a run ("FRAUD ALERTS Equifax") are a
            // kicker, not part of the name.
            let shouted = run
                .iter()
                .take_while(|w| {
                    w.text.chars().count() >= 3 && !w.text.chars().any(char::is_lowercase)
                })
                .count();
            if shouted < run.len() {
                run.drain(..shouted);
            }
            let role_words = role_prefix(&run, &tokens, sentence.start, rules);
            run.drain(..role_words);
            if run.is_empty() {
                continue;
            }
            for mut words in split_run(&run, names) {
                let mut votes = [0u32; 3];
                if role_words > 0 {
                    votes[PERSON] += 5;
                }
                // A title inside the run ("President Joe Biden", "Mme Merkel")
                // is a cue, not part of the name.
                while words.len() > 1 && rules.is_title(&lang::fold(words[0].text)) {
                    words.remove(0);
                    votes[PERSON] += 5;
                }
                // A lone "President" or "Secretary" is a role, not a name.
                if words.len() == 1 {
                    let w = lang::fold(words[0].text);
                    let role = rules.role_nouns.iter().any(|p| p.len() == 1 && p[0] == w);
                    if role || rules.is_title(&w) {
                        continue;
                    }
                }
                let range = words[0].start..words[words.len() - 1].end;
                let folded: Vec<String> = words.iter().map(|w| lang::fold(w.text)).collect();
                let key = key_with(&folded, names);
                let before = tokens
                    .iter()
                    .rev()
                    .find(|t| shift(t).1 <= range.start)
                    .map(|t| lang::fold(t.text));
                let known = names.places.contains(&key) || names.orgs.contains(&key);
                if names.places.contains(&key) {
                    votes[PLACE] += 10;
                }
                if names.orgs.contains(&key) {
                    votes[ORG] += 10;
                }
                if before.as_ref().is_some_and(|b| rules.titles.contains(b)) {
                    votes[PERSON] += 5;
                }
                let acronym = words.len() == 1
                    && words[0].text.chars().count() >= 2
                    && words[0]
                        .text
                        .chars()
                        .all(|c| c.is_uppercase() || c.is_numeric());
                if acronym || folded.iter().any(|w| names.org_words.contains(w)) {
                    votes[ORG] += 3;
                }
                if before.as_ref().is_some_and(|b| rules.org_nouns.contains(b)) {
                    votes[ORG] += 5;
                }
                if words.len() == 1
                    && before
                        .as_ref()
                        .is_some_and(|b| rules.place_prepositions.contains(b))
                {
                    votes[PLACE] += 1;
                }
                if (2..=3).contains(&words.len()) && !acronym {
                    votes[PERSON] += 1;
                }
                let role = if known {
                    None
                } else {
                    role(text, sentence.clone(), range.clone(), rules, profile)
                };
                if role.is_some() {
                    votes[PERSON] += 5;
                }
                out.push(Mention {
                    key,
                    surface: text[range.clone()].to_string(),
                    range,
                    votes,
                    role,
                });
            }
        }
    }
    out
}

/// How many words at the start of a run end a role that began before it
/// ("le secrétaire d'État Antony Blinken", "Secretary of State Antony
/// Blinken"): they are the role's, not the name's.
fn role_prefix(
    run: &[Token<'_>],
    sentence_tokens: &[Token<'_>],
    offset: usize,
    rules: &Rules,
) -> usize {
    let before: Vec<String> = sentence_tokens
        .iter()
        .filter(|t| offset + t.end <= run.first().map_or(0, |w| w.start))
        .map(|t| lang::fold(t.text))
        .collect();
    let inside: Vec<String> = run.iter().map(|w| lang::fold(w.text)).collect();
    for p in rules.role_nouns.iter().filter(|p| p.len() >= 2) {
        for k in (1..p.len()).rev() {
            let lead = p.len() - k;
            if k <= inside.len()
                && inside[..k] == p[lead..]
                && before.len() >= lead
                && before[before.len() - lead..] == p[..lead]
            {
                return k;
            }
        }
    }
    0
}

/// Splits a run where a word is on its own a well-known place or
/// organisation ("Kremlin Iouri Ouchakov", "Russie-OTAN"), unless the whole
/// run is one ("White House").
fn split_run<'a>(words: &[Token<'a>], names: &Names) -> Vec<Vec<Token<'a>>> {
    let known = |ws: &[Token<'_>]| {
        let folded: Vec<String> = ws.iter().map(|w| lang::fold(w.text)).collect();
        let key = key_with(&folded, names);
        names.places.contains(&key) || names.orgs.contains(&key)
    };
    let repeats = words.windows(2).any(|p| p[0].text == p[1].text);
    // "London Fire Brigade" is one organisation, not London and a brigade.
    let organisation = words
        .last()
        .is_some_and(|w| names.org_words.contains(&lang::fold(w.text)));
    if words.len() < 2 || ((known(words) || organisation) && !repeats) {
        return vec![words.to_vec()];
    }
    let mut out: Vec<Vec<Token<'a>>> = Vec::new();
    let mut current: Vec<Token<'a>> = Vec::new();
    for w in words {
        // "Equifax Equifax": a word repeated is two names (scraped bylines
        // and captions glue them), not one.
        if current.last().is_some_and(|p: &Token<'_>| p.text == w.text) {
            out.push(std::mem::take(&mut current));
        }
        if known(std::slice::from_ref(w)) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(vec![*w]);
        } else {
            current.push(*w);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Where a phrase of folded words occurs in `words` at `at`.
pub(crate) fn phrase_at(words: &[String], at: usize, phrase: &Phrase) -> bool {
    at + phrase.len() <= words.len() && words[at..at + phrase.len()] == phrase[..]
}

/// The role a sentence states for the name at `name`: the words from the
/// last role noun before it in its clause ("le conseiller du Kremlin Iouri
/// Ouchakov", "White House press secretary Jen Psaki"), or an appositive
/// after it that opens with a role ("Jen Psaki, porte-parole de …").
fn role(
    text: &str,
    sentence: Range<usize>,
    name: Range<usize>,
    rules: &Rules,
    profile: &Profile,
) -> Option<String> {
    const CLAUSE: &[char] = &[',', ';', ':', '(', ')', '«', '»', '“', '”', '"', '.'];
    let before = text[sentence.start..name.start].trim_end();
    let before = before.strip_suffix(',').unwrap_or(before);
    let clause_start = before.rfind(CLAUSE).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let segment = &before[clause_start..];
    let tokens = text::tokens(segment);
    let folded: Vec<String> = tokens.iter().map(|t| lang::fold(t.text)).collect();
    for end in (0..folded.len()).rev() {
        if folded.len() - end > 5 {
            break;
        }
        // Longest role first: "press secretary" before "secretary".
        let Some(at) = rules
            .role_nouns
            .iter()
            .filter(|p| p.len() <= end + 1)
            .map(|p| end + 1 - p.len())
            .find(|&at| {
                rules
                    .role_nouns
                    .iter()
                    .any(|p| at + p.len() == end + 1 && phrase_at(&folded, at, p))
            })
        else {
            continue;
        };
        // The words between the role and the name qualify the role ("du
        // Kremlin", "russe"); a name of its own there ("President Joe
        // Biden met Mr Smith") or a preposition right before the name
        // ("official at the Acme Group") means the role is someone else's.
        let between = &tokens[end + 1..];
        let foreign = between.iter().enumerate().any(|(k, t)| {
            text::is_capitalised(t.text)
                && (k == 0 || !profile.is_stop_word(&between[k - 1].text.to_lowercase()))
                && !(k > 0 && text::is_capitalised(between[k - 1].text))
        });
        let dangling = between
            .last()
            .is_some_and(|t| profile.is_stop_word(&t.text.to_lowercase()));
        if foreign || dangling {
            break;
        }
        // Capitalised words right before the noun belong to the role in
        // languages that put the modifier first ("White House press").
        let mut first = at;
        while first > 0
            && at - first < 3
            && text::is_capitalised(tokens[first - 1].text)
            && !profile.is_stop_word(&tokens[first - 1].text.to_lowercase())
        {
            first -= 1;
        }
        let role = segment[tokens[first].start..].trim();
        return (!role.is_empty()).then(|| role.to_string());
    }
    let after = &text[name.end..sentence.end];
    let rest = after.strip_prefix(',')?;
    let end = rest.find(CLAUSE).unwrap_or(rest.len());
    let segment = rest[..end].trim();
    let tokens = text::tokens(segment);
    let folded: Vec<String> = tokens.iter().map(|t| lang::fold(t.text)).collect();
    let opens = (0..folded.len().min(4))
        .any(|at| rules.role_nouns.iter().any(|p| phrase_at(&folded, at, p)));
    if !opens || tokens.len() > 12 {
        return None;
    }
    let cut = tokens.get(8).map_or(segment.len(), |t| t.start);
    Some(segment[..cut].trim().to_string())
}

/// Orders entities for display: the most widely named first.
pub(crate) fn sort(entities: &mut [Entity]) {
    entities.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.mentions.cmp(&a.mentions))
            .then(a.name.cmp(&b.name))
    });
}

/// The entities of an event, built from the mentions of its articles.
pub(crate) struct Registry {
    pub(crate) entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
}

impl Registry {
    /// Merges the mentions of all articles (`(article id, mentions)`, in the
    /// event's order): every key is one entity, and a shorter key that ends
    /// a longer one the cues call a person (a surname) joins it, unless it
    /// is a well-known place or organisation.
    pub(crate) fn build(articles: &[(&str, &[Mention])]) -> Registry {
        let names = rules::names();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut votes: HashMap<&str, [u32; 3]> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for (_, mentions) in articles {
            for m in *mentions {
                let n = counts.entry(&m.key).or_default();
                if *n == 0 {
                    order.push(&m.key);
                }
                *n += 1;
                let v = votes.entry(&m.key).or_default();
                for (total, x) in v.iter_mut().zip(m.votes) {
                    *total += x;
                }
            }
        }
        let person = |k: &str| {
            let [p, o, l] = votes.get(k).copied().unwrap_or_default();
            p > 0 && p >= o && p >= l
        };
        let mut keys = order.clone();
        keys.sort_by(|a, b| {
            let words = |k: &str| k.split(' ').count();
            words(b)
                .cmp(&words(a))
                .then(counts[b].cmp(&counts[a]))
                .then(a.cmp(b))
        });
        let mut full: Vec<(String, usize)> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for key in keys {
            let words: Vec<&str> = key.split(' ').collect();
            let known = names.places.contains(key) || names.orgs.contains(key);
            let host = (!known)
                .then(|| {
                    full.iter()
                        .enumerate()
                        .filter(|(_, (f, _))| {
                            // A surname joins a person's full name
                            // ("Biden" → "Joe Biden"); a word that opens a
                            // longer name ("Equifax Inc") does not.
                            let fw: Vec<&str> = f.split(' ').collect();
                            fw.len() > words.len() && fw.ends_with(&words) && person(f)
                        })
                        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
                        .map(|(i, _)| i)
                })
                .flatten();
            let index = match host {
                Some(i) => {
                    full[i].1 += counts[key];
                    i
                }
                None => {
                    full.push((key.to_string(), counts[key]));
                    full.len() - 1
                }
            };
            by_key.insert(key.to_string(), index);
        }
        let mut builds: Vec<Build> = full.iter().map(|(k, _)| Build::new(k)).collect();
        for (article, mentions) in articles {
            for m in *mentions {
                builds[by_key[&m.key]].add(article, m);
            }
        }
        let entities = builds.into_iter().map(Build::finish).collect();
        Registry { entities, by_key }
    }

    /// The entity of a key, if any mention had it.
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }
}

/// An entity being gathered.
struct Build {
    key: String,
    surfaces: Vec<(String, usize, bool)>,
    roles: Vec<(String, usize)>,
    votes: [u32; 3],
    articles: Vec<String>,
    mentions: usize,
}

impl Build {
    fn new(key: &str) -> Build {
        Build {
            key: key.to_string(),
            surfaces: Vec::new(),
            roles: Vec::new(),
            votes: [0; 3],
            articles: Vec::new(),
            mentions: 0,
        }
    }

    fn add(&mut self, article: &str, m: &Mention) {
        let full = m.key == self.key;
        match self.surfaces.iter_mut().find(|(s, _, _)| *s == m.surface) {
            Some(s) => s.1 += 1,
            None => self.surfaces.push((m.surface.clone(), 1, full)),
        }
        if let Some(role) = &m.role {
            match self.roles.iter_mut().find(|(r, _)| r == role) {
                Some(r) => r.1 += 1,
                None => self.roles.push((role.clone(), 1)),
            }
        }
        for (total, v) in self.votes.iter_mut().zip(m.votes) {
            *total += v;
        }
        if !self.articles.iter().any(|a| a == article) {
            self.articles.push(article.to_string());
        }
        self.mentions += 1;
    }

    fn finish(self) -> Entity {
        // The full name most often written; the first on ties.
        let name = self
            .surfaces
            .iter()
            .enumerate()
            .filter(|(_, s)| s.2)
            .max_by_key(|(i, s)| (s.1, std::cmp::Reverse(*i)))
            .or_else(|| self.surfaces.iter().enumerate().next())
            .map(|(_, s)| s.0.clone())
            .unwrap_or_default();
        let role = self
            .roles
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| (r.1, std::cmp::Reverse(*i)))
            .map(|(_, r)| r.0.clone());
        let [person, org, place] = self.votes;
        let kind = if person == 0 && org == 0 && place == 0 {
            Kind::Other
        } else if person >= org && person >= place {
            Kind::Person
        } else if org >= place {
            Kind::Org
        } else {
            Kind::Place
        };
        Entity {
            name,
            key: self.key,
            kind,
            role,
            variants: self.surfaces.into_iter().map(|s| s.0).collect(),
            articles: self.articles,
            mentions: self.mentions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{profile, Lang};

    #[test]
    fn keys_merge_spellings_across_languages() {
        let check = |a: &str, b: &str| assert_eq!(key(a), key(b), "{a} = {b}");
        check("Iouri Ouchakov", "Yuri Ushakov");
        check("Juri Uschakow", "Yuri Ushakov");
        check("Poutine", "Putin");
        check("Kiev", "Kyiv");
        check("Otan", "NATO");
        check("OTAN", "Nato");
        check("Maison Blanche", "White House");
        check("Dmitrij Peskow", "Dmitri Peskov");
        check("Sergej Lawrow", "Sergei Lavrov");
        check("Serguei Lavrov", "Sergei Lavrov");
        check("Rjabkow", "Ryabkov");
        check("Tokajew", "Tokayev");
        check("Tokaïev", "Tokayev");
        check("Selenskyj", "Zelensky");
        assert_ne!(key("Biden"), key("Putin"));
        assert_ne!(key("Lavrov"), key("Ryabkov"));
    }

    /// The entities of one article: `(name, kind, role)`.
    fn check(lang: &str, text: &str, expected: &[(&str, &str, Option<&str>)]) {
        let lang = Lang::from_code(lang).expect("lang");
        let rules = rules::rules(lang).expect("rules");
        let sentences = text::sentences(text, true);
        let lower = text::lower_case_words(text);
        let mentions = mentions(text, &sentences, &lower, profile(lang), rules);
        let mut entities = Registry::build(&[("a", &mentions)]).entities;
        sort(&mut entities);
        let got: Vec<(&str, &str, Option<&str>)> = entities
            .iter()
            .map(|e| (e.name.as_str(), e.kind.as_str(), e.role.as_deref()))
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn french_names_kinds_and_roles() {
        check(
            "fr",
            "Le conseiller du Kremlin Iouri Ouchakov a parlé. Selon Ouchakov, Vladimir Poutine a prévenu Joe Biden. L'attachée de presse de la Maison Blanche, Jen Psaki, a répondu à Kiev.",
            &[
                ("Iouri Ouchakov", "person", Some("conseiller du Kremlin")),
                ("Jen Psaki", "person", Some("attachée de presse de la Maison Blanche")),
                ("Joe Biden", "person", None),
                ("Kiev", "place", None),
                ("Kremlin", "org", None),
                ("Maison Blanche", "org", None),
                ("Vladimir Poutine", "person", None),
            ],
        );
    }

    #[test]
    fn english_titles_and_roles() {
        check(
            "en",
            "White House press secretary Jen Psaki spoke in Geneva. President Joe Biden met Mr Smith, a senior official at the Acme Group. \
             The credit agency Zentrix was hacked.",
            &[
                ("Acme Group", "org", None),
                ("Geneva", "place", None),
                ("Jen Psaki", "person", Some("White House press secretary")),
                ("Joe Biden", "person", Some("President")),
                ("Smith", "person", Some("a senior official at the Acme Group")),
                ("White House", "org", None),
                ("Zentrix", "org", None),
            ],
        );
    }
}
