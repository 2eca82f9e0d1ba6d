//! Bilingual dictionaries: the content words and names of other languages
//! carried into one pivot language, English, so that articles written in
//! different languages can be compared word for word.
//!
//! Pure: the caller reads the dictionary files (FreeDict, in the dictd
//! format Debian ships) and hands over their text, or a loader that does,
//! called at most once a language, when an article of that language first
//! needs it.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use fnv::FnvBuildHasher;
use serde::{Deserialize, Serialize};

use crate::analyze::term;
use crate::lang::{self, Lang, Profile};
use crate::model::Term;

/// Pivot terms kept for one source word: its first senses.
const SENSES: usize = 2;

/// The version of [`Dictionary::to_bytes`]; raise it when what a
/// dictionary holds, or how it is built, changes.
const CACHE_VERSION: u32 = 4;

/// Translation phrases read of one entry.
const PHRASES: usize = 4;

/// The text of one dictd dictionary: its index (`headword TAB offset TAB
/// length`, base64 numbers) and its data, uncompressed.
pub struct Dictd<'a> {
    /// The `.index` file.
    pub index: &'a str,
    /// The `.dict` file (the `.dict.dz` file inflated).
    pub data: &'a str,
}

impl Dictd<'_> {
    /// The text of a dictd dictionary (index, data) holding `entries`, each
    /// one whose first line starts with its headword: a glossary of one's
    /// own in the format the readers take.
    pub fn build(entries: &[&str]) -> (String, String) {
        const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let b64 = |mut n: usize| {
            let mut out = Vec::new();
            loop {
                out.push(char::from(DIGITS[n % 64]));
                n /= 64;
                if n == 0 {
                    break;
                }
            }
            out.into_iter().rev().collect::<String>()
        };
        let (mut index, mut data) = (String::new(), String::new());
        for e in entries {
            let head = e
                .split([' ', '\n'])
                .next()
                .unwrap_or_default()
                .to_lowercase();
            index.push_str(&format!("{head}\t{}\t{}\n", b64(data.len()), b64(e.len())));
            data.push_str(e);
        }
        (index, data)
    }
}

/// One language's dictionary into the pivot language.
#[derive(Default, Serialize, Deserialize)]
pub struct Dictionary {
    /// Folded stem of a source word → the pivot terms of its translations.
    words: HashMap<String, Vec<Term>, FnvBuildHasher>,
    /// A proper name (folded words joined by spaces) → its pivot spelling's
    /// folded words: `allemagne` → `germany`, `estados unidos` → `united
    /// states america`.
    names: HashMap<String, Vec<String>, FnvBuildHasher>,
}

impl Dictionary {
    /// A dictionary built from a `lang`→English dictd file, an
    /// English→`lang` one read backwards, or both (entries of the first
    /// come first).
    pub fn from_dictd(lang: Lang, into: Option<Dictd<'_>>, from: Option<Dictd<'_>>) -> Dictionary {
        let source = lang::profile(lang);
        let pivot = lang::profile(PIVOT);
        let mut dict = Dictionary::default();
        if let Some(d) = into {
            for (headword, senses) in entries(&d, useful) {
                for phrase in senses {
                    dict.learn(source, pivot, headword, phrase);
                }
            }
        }
        if let Some(d) = from {
            for (headword, senses) in entries(&d, |_| true) {
                for phrase in senses {
                    dict.learn(source, pivot, phrase, headword);
                }
            }
        }
        dict
    }

    /// Fills the gaps of this `lang` dictionary through a bridge language:
    /// each entry of a `lang`→`bridge` dictd file whose word (or name) this
    /// one lacks takes the pivot terms the bridge's own dictionary gives its
    /// translations. French has a small dictionary into English and a
    /// larger one into German, whose dictionary into English is the largest.
    pub fn fill_via(&mut self, lang: Lang, d: Dictd<'_>, bridge: &Dictionary, bridge_lang: Lang) {
        let (source, via) = (lang::profile(lang), lang::profile(bridge_lang));
        let known_words: std::collections::HashSet<String> = self.words.keys().cloned().collect();
        let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        for (headword, senses) in entries(&d, useful) {
            let words: Vec<&str> = headword.split_whitespace().collect();
            for phrase in senses {
                let bridged: Vec<String> = lang::words(phrase, via, false).collect();
                let Some(last) = bridged.last() else { continue };
                if capital(headword) && capital(phrase) {
                    let key = name_key(headword);
                    if let Some(pivot) = bridge.name(&name_key(phrase)) {
                        if !key.is_empty() && !self.names.contains_key(&key) {
                            self.names.insert(key, pivot.to_vec());
                        }
                    }
                }
                let [word] = words[..] else { continue };
                let word = word.to_lowercase();
                if source.is_stop_word(&word) {
                    continue;
                }
                let key = lang::fold(&source.stem(&word));
                if known_words.contains(&key) {
                    continue;
                }
                let Some(pivot) = bridge.word(&lang::fold(&via.stem(&last.to_lowercase()))) else {
                    continue;
                };
                let terms = self.words.entry(key).or_default();
                for t in pivot {
                    if terms.len() < SENSES && !terms.contains(t) {
                        terms.push(*t);
                    }
                }
            }
        }
    }

    /// A dictionary from pairs (a word or name of `lang`, its English
    /// translation): a glossary of one's own.
    pub fn from_pairs(lang: Lang, pairs: &[(&str, &str)]) -> Dictionary {
        let (source, pivot) = (lang::profile(lang), lang::profile(PIVOT));
        let mut dict = Dictionary::default();
        for (from, to) in pairs {
            dict.learn(source, pivot, from, to);
        }
        dict
    }

    /// Records that `source` (in the source language) translates as `target`.
    fn learn(&mut self, source: &Profile, pivot: &Profile, from: &str, to: &str) {
        let from_words: Vec<&str> = from.split_whitespace().collect();
        let to_words: Vec<String> = lang::words(to, pivot, false).collect();
        if from_words.is_empty() || to_words.is_empty() {
            return;
        }
        let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        if capital(from) && capital(to) {
            let key = name_key(from);
            if !key.is_empty() {
                self.names
                    .entry(key)
                    .or_insert_with(|| to_words.iter().map(|w| lang::fold(w)).collect());
            }
        }
        // A single source word gives the pivot terms of its translation's
        // words; phrases only name things.
        let [word] = from_words[..] else { return };
        let word = word.to_lowercase();
        if source.is_stop_word(&word) {
            return;
        }
        let terms = self
            .words
            .entry(lang::fold(&source.stem(&word)))
            .or_default();
        if terms.len() >= SENSES {
            return;
        }
        // Of a phrase ("telephone call"), its last word is the head.
        let Some(last) = to_words.last() else { return };
        let t = term(&lang::fold(&pivot.stem(last)));
        if !terms.contains(&t) {
            terms.push(t);
        }
    }

    /// The pivot terms of a folded stem, if the dictionary knows it.
    pub(crate) fn word(&self, stem: &str) -> Option<&[Term]> {
        self.words.get(stem).map(Vec::as_slice)
    }

    /// The pivot words of a name (folded words joined by spaces).
    pub(crate) fn name(&self, key: &str) -> Option<&[String]> {
        self.names.get(key).map(Vec::as_slice)
    }

    /// The dictionary as bytes, for a cache: reading a big dictd file takes
    /// a second, reading these a few milliseconds.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(&(CACHE_VERSION, self)).expect("a dictionary serialises to memory")
    }

    /// A dictionary saved by [`Dictionary::to_bytes`], if the bytes are one
    /// of this version.
    pub fn from_bytes(bytes: &[u8]) -> Option<Dictionary> {
        match postcard::from_bytes::<(u32, Dictionary)>(bytes) {
            Ok((CACHE_VERSION, dict)) => Some(dict),
            _ => None,
        }
    }

    /// How many source stems it translates.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when it translates nothing.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The pivot language.
pub const PIVOT: Lang = Lang::ENGLISH;

/// The key of a name: its folded words joined by single spaces.
pub(crate) fn name_key(name: &str) -> String {
    let folded = lang::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// Whether a headword can teach anything: a single word, or a name.
fn useful(headword: &str) -> bool {
    !headword.contains(' ') || headword.starts_with(char::is_uppercase)
}

/// The entries of a dictd file whose headword passes `keep`: each headword
/// with its first translation phrases, senses in order.
fn entries<'a>(
    d: &Dictd<'a>,
    keep: impl Fn(&str) -> bool + 'a,
) -> impl Iterator<Item = (&'a str, Vec<&'a str>)> {
    let data = d.data;
    d.index.lines().filter_map(move |line| {
        let mut fields = line.split('\t');
        let (headword, offset, length) = (fields.next()?, fields.next()?, fields.next()?);
        if headword.starts_with("00") || !keep(headword) {
            return None; // the database's own header entries, or no use
        }
        let start = base64(offset)?;
        let entry = data.get(start..start + base64(length)?)?;
        // The index keeps headwords in lower case; the entry's first line
        // has them as written, which tells names ("Moscou") from words.
        let written = entry.lines().next().map(strip_marks).unwrap_or_default();
        let written = written.split(" /").next().unwrap_or_default().trim();
        let headword = if written.to_lowercase() == headword.to_lowercase() {
            written
        } else {
            headword
        };
        Some((headword, senses(entry)))
    })
}

/// The translation phrases of one entry: the lines after the headword line
/// that do not start with a blank (notes, cross references, synonyms), sense
/// numbers, tags (`<n, fem>`), labels (`[geol.]`) and glosses (`(fig.)`)
/// removed, split at commas and semicolons.
fn senses(entry: &str) -> Vec<&str> {
    entry
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with([' ', '\t']) && !l.is_empty())
        .map(|l| {
            let l = l.trim_start_matches(|c: char| c.is_ascii_digit());
            l.strip_prefix(". ").unwrap_or(l)
        })
        .flat_map(|l| l.split([',', ';']))
        .map(strip_marks)
        .filter(|p| !p.is_empty())
        .take(PHRASES)
        .collect()
}

/// A phrase without its bracketed marks: the text before the first of `<`,
/// `[`, `(` or `{`, trimmed.
fn strip_marks(phrase: &str) -> &str {
    let end = phrase.find(['<', '[', '(', '{']).unwrap_or(phrase.len());
    phrase[..end].trim()
}

/// A dictd number: base64 digits, most significant first.
fn base64(s: &str) -> Option<usize> {
    s.bytes().try_fold(0usize, |n, b| {
        let digit = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        n.checked_mul(64)?.checked_add(digit as usize)
    })
}

/// Reads one language's dictionary, or says there is none.
pub type Loader = dyn Fn(Lang) -> Option<Dictionary> + Send + Sync;

/// The dictionaries of every language, each loaded on first use.
pub struct Lexicon {
    loader: Box<Loader>,
    loaded: HashMap<Lang, OnceLock<Option<Dictionary>>>,
}

impl Lexicon {
    /// A lexicon for `langs`, whose dictionaries `loader` reads when an
    /// article of their language first needs one.
    pub fn new(langs: &[Lang], loader: Box<Loader>) -> Lexicon {
        let loaded = langs
            .iter()
            .filter(|l| **l != PIVOT)
            .map(|l| (*l, OnceLock::new()))
            .collect();
        Lexicon { loader, loaded }
    }

    /// The dictionary of a language, loading it on first use.
    pub fn get(&self, lang: Lang) -> Option<&Dictionary> {
        self.loaded
            .get(&lang)?
            .get_or_init(|| (self.loader)(lang))
            .as_ref()
    }

    /// The languages whose dictionary has been loaded, with its size: what
    /// the run used.
    pub fn used(&self) -> Vec<(Lang, usize)> {
        let mut used: Vec<(Lang, usize)> = self
            .loaded
            .iter()
            .filter_map(|(l, d)| Some((*l, d.get()?.as_ref()?.len())))
            .collect();
        used.sort();
        used
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut langs: Vec<&Lang> = self.loaded.keys().collect();
        langs.sort();
        f.debug_struct("Lexicon").field("langs", &langs).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictd(entries: &[&str]) -> (String, String) {
        Dictd::build(entries)
    }

    fn fr() -> Lang {
        Lang::from_code("fr").expect("fr")
    }

    #[test]
    fn reads_entries_and_reverse_entries() {
        let (index, data) = dictd(&[
            "troupe /tʀup/ <n, fem>\n1. troop, troupe\n2. bevy, group\n",
            "Allemagne /almaɲ/\nGermany\n",
            "appel /apɛl/ <n>\ncall [telephone], appeal\n   Note: a note\n",
        ]);
        let (rindex, rdata) = dictd(&["soldier /ˈsəʊldʒə/ <n>\nsoldat <masc>\n"]);
        let d = Dictionary::from_dictd(
            fr(),
            Some(Dictd {
                index: &index,
                data: &data,
            }),
            Some(Dictd {
                index: &rindex,
                data: &rdata,
            }),
        );
        // "troupes" stems as "troupe" does; its first senses are kept.
        assert_eq!(d.word("troup"), Some(&[term("troop"), term("troup")][..]));
        assert_eq!(d.word("appel"), Some(&[term("call"), term("appeal")][..]));
        assert_eq!(d.word("soldat"), Some(&[term("soldier")][..]));
        assert_eq!(d.name("allemagne"), Some(&["germany".to_string()][..]));
        assert_eq!(d.len(), 4);
        let back = Dictionary::from_bytes(&d.to_bytes()).expect("round trip");
        assert_eq!(back.word("troup"), d.word("troup"));
        assert_eq!(back.name("allemagne"), d.name("allemagne"));
        assert!(Dictionary::from_bytes(b"nonsense").is_none());
    }

    #[test]
    fn a_bridge_language_fills_the_gaps() {
        let de = Lang::from_code("de").expect("de");
        let german = Dictionary::from_pairs(
            de,
            &[
                ("Gespräch", "conversation"),
                ("Truppe", "troop"),
                ("Deutschland", "Germany"),
            ],
        );
        let (index, data) = dictd(&["troupe /tʀup/ <n, fem>\ntroop\n"]);
        let mut french = Dictionary::from_dictd(
            fr(),
            Some(Dictd {
                index: &index,
                data: &data,
            }),
            None,
        );
        let (index, data) = dictd(&[
            "entretien /ɑ̃tʀətjɛ̃/ <n, masc>\nGespräch <n>\nConversation entre personnes\n",
            "troupe /tʀup/ <n, fem>\nTruppe <f>\n",
            "Allemagne /almaɲ/\nDeutschland\n",
            "inconnu /ɛ̃kɔny/ <adj>\nunbekannt\n",
        ]);
        french.fill_via(
            fr(),
            Dictd {
                index: &index,
                data: &data,
            },
            &german,
            de,
        );
        // A word the French dictionary lacked takes the German's English.
        assert_eq!(french.word("entretien"), Some(&[term("convers")][..]));
        // One it had keeps its own senses only.
        assert_eq!(french.word("troup"), Some(&[term("troop")][..]));
        assert_eq!(french.name("allemagne"), Some(&["germany".to_string()][..]));
        // A translation the German dictionary does not know teaches nothing.
        assert_eq!(french.word("inconnu"), None);
    }

    #[test]
    fn bad_index_lines_are_skipped() {
        let (index, data) = dictd(&["chat\ncat\n"]);
        let index = format!("00databaseinfo\tA\tB\nbroken\t!!\tA\nlong\tA\tZZZZ\n{index}");
        let d = Dictionary::from_dictd(
            fr(),
            Some(Dictd {
                index: &index,
                data: &data,
            }),
            None,
        );
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn loads_each_language_once_and_reports_it() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let lexicon = Lexicon::new(
            &[fr(), PIVOT],
            Box::new(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
                let (index, data) = dictd(&["chat\ncat\n"]);
                Some(Dictionary::from_dictd(
                    fr(),
                    Some(Dictd {
                        index: &index,
                        data: &data,
                    }),
                    None,
                ))
            }),
        );
        assert!(lexicon.used().is_empty());
        assert!(lexicon.get(fr()).is_some());
        assert!(lexicon.get(fr()).is_some());
        assert!(lexicon.get(PIVOT).is_none());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(lexicon.used(), [(fr(), 1)]);
    }
}
