//! Bilingual dictionaries: the content words and names of other languages
//! carried into one pivot language, English, so that articles written in
//! different languages can be compared word for word.
//!
//! Pure: the caller reads the dictionary files (FreeDict, in the dictd
//! format Debian ships) and hands over their text, or a loader that does,
//! called at most once a language, when an article of that language first
//! needs it.
//!
//! A dictionary keeps its words and names by the 64-bit hashes of their
//! text, as the word cache of the analysis does, in flat tables
//! (`table.rs`) that a lookup reads once and a cache file restores whole.

#[cfg(test)]
mod reference;
mod table;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use crate::analyze::{key_of, term};
use crate::lang::{self, Lang, Profile};
use crate::model::Term;

use table::{take, Table};

/// Pivot terms kept for one source word: its first senses.
pub(crate) const SENSES: usize = 2;

/// The version of [`Dictionary::to_bytes`]; raise it when what a
/// dictionary holds, how it is built, or how its tables are laid out
/// changes (a change of the key hash is caught by itself: the bytes carry
/// a key made when they were written). Written as four bytes,
/// little-endian: the versions up to 4 were a postcard number, a first byte
/// that no later version has. A cache file's name carries it too, so
/// that builds of two versions keep a file each.
pub const CACHE_VERSION: u32 = 6;

/// The word whose key the bytes of a dictionary carry, to tell keys
/// hashed otherwise.
const KEY_CHECK: &str = "storyline";

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
#[derive(Default)]
pub struct Dictionary {
    /// The key ([`key_of`]) of a source word's folded stem → the pivot
    /// terms of its translations: one to [`SENSES`], all different, kept in
    /// a pair ([`terms_of`]).
    words: Table,
    /// The key of a proper name (folded words joined by spaces) → where
    /// its pivot spelling lies in `spellings` (from, to).
    names: Table,
    /// The pivot spellings of the names, one after another, each its
    /// folded words joined by spaces: `allemagne` → `germany`, `estados
    /// unidos` → `united states america`.
    spellings: String,
}

/// The pivot terms a pair of [`Dictionary::words`] holds: a word of one
/// term holds it twice (the terms of a word differ).
fn terms_of(pair: &[Term; SENSES]) -> &[Term] {
    &pair[..1 + usize::from(pair[0] != pair[1])]
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
                    learn(&mut dict, source, pivot, headword, phrase);
                }
            }
        }
        if let Some(d) = from {
            for (headword, senses) in entries(&d, |_| true) {
                for phrase in senses {
                    learn(&mut dict, source, pivot, phrase, headword);
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
        fill_via(self, lang, d, false, bridge, bridge_lang);
    }

    /// As [`Dictionary::fill_via`], from a `bridge`→`lang` dictd file read
    /// backwards: German→Spanish (2.5 MB) knows far more Spanish words
    /// than Spanish→English.
    pub fn fill_via_backwards(
        &mut self,
        lang: Lang,
        d: Dictd<'_>,
        bridge: &Dictionary,
        bridge_lang: Lang,
    ) {
        fill_via(self, lang, d, true, bridge, bridge_lang);
    }

    /// A dictionary from pairs (a word or name of `lang`, its English
    /// translation): a glossary of one's own.
    pub fn from_pairs(lang: Lang, pairs: &[(&str, &str)]) -> Dictionary {
        from_pairs(lang, pairs)
    }

    /// The pivot terms of a folded stem, if the dictionary knows it.
    pub(crate) fn word(&self, stem: &str) -> Option<&[Term]> {
        self.words.get(key_of(stem)).map(terms_of)
    }

    /// The pivot spelling of a name (folded words joined by spaces): its
    /// folded words joined by spaces.
    pub(crate) fn name(&self, key: &str) -> Option<&str> {
        let [start, end] = *self.names.get(key_of(key))?;
        self.spellings.get(start as usize..end as usize)
    }

    /// The dictionary as bytes, for a cache: reading a big dictd file takes
    /// a second, reading these a millisecond. Its tables as they lie in
    /// memory, after the version and the key of [`KEY_CHECK`]; then the
    /// spellings of the names. Numbers are little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&CACHE_VERSION.to_le_bytes());
        out.extend_from_slice(&key_of(KEY_CHECK).to_le_bytes());
        self.words.write(&mut out);
        self.names.write(&mut out);
        out.extend_from_slice(&(self.spellings.len() as u64).to_le_bytes());
        out.extend_from_slice(self.spellings.as_bytes());
        out
    }

    /// A dictionary saved by [`Dictionary::to_bytes`], if the bytes are one
    /// of this version whose keys were hashed as this build hashes them,
    /// and whole.
    pub fn from_bytes(mut bytes: &[u8]) -> Option<Dictionary> {
        let version = u32::from_le_bytes(take(&mut bytes)?);
        let check = u64::from_le_bytes(take(&mut bytes)?);
        if version != CACHE_VERSION || check != key_of(KEY_CHECK) {
            return None;
        }
        let words = Table::read(&mut bytes)?;
        let names = Table::read(&mut bytes)?;
        let len = usize::try_from(u64::from_le_bytes(take(&mut bytes)?)).ok()?;
        let spellings = std::str::from_utf8(bytes.get(..len)?).ok()?;
        let dict = Dictionary {
            words,
            names,
            spellings: spellings.to_string(),
        };
        // Nothing after; every spelling within the text, on characters.
        let whole = bytes.len() == len
            && dict
                .names
                .values()
                .all(|[start, end]| dict.spellings.get(*start as usize..*end as usize).is_some());
        whole.then_some(dict)
    }

    /// How many source stems it translates.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when it translates nothing.
    pub fn is_empty(&self) -> bool {
        self.words.len() == 0
    }
}

/// Where a dictionary's builders put what they learn: the flat tables of
/// a [`Dictionary`], or (in a test) the plain maps they replaced. The rules
/// of [`learn`] and [`fill_via`] are written once, for both.
trait Learner: Default {
    /// The pivot terms of a folded stem, if known.
    fn senses(&self, stem: &str) -> Option<&[Term]>;
    /// The pivot spelling of a name key, if known.
    fn spelling(&self, key: &str) -> Option<&str>;
    /// Adds `term` to the senses of the folded stem `stem`, unless it has
    /// it or has [`SENSES`] already.
    fn add_sense(&mut self, stem: &str, term: Term);
    /// Gives the name `key` (folded words joined by spaces) the pivot
    /// `spelling`, unless it has one: the first translation of a name is
    /// kept.
    fn add_name(&mut self, key: &str, spelling: &str);
}

impl Learner for Dictionary {
    fn senses(&self, stem: &str) -> Option<&[Term]> {
        self.word(stem)
    }

    fn spelling(&self, key: &str) -> Option<&str> {
        self.name(key)
    }

    fn add_sense(&mut self, stem: &str, term: Term) {
        let key = key_of(stem);
        match self.words.get_mut(key) {
            None => self.words.insert(key, [term; SENSES]),
            Some(pair) if pair[0] == pair[1] && pair[0] != term => pair[1] = term,
            Some(_) => {}
        }
    }

    fn add_name(&mut self, key: &str, spelling: &str) {
        let key = key_of(key);
        if self.names.get(key).is_some() {
            return;
        }
        let start = self.spellings.len();
        self.spellings.push_str(spelling);
        let at = |n: usize| u32::try_from(n).expect("the names of a dictionary take under 4 GB");
        self.names
            .insert(key, [at(start), at(self.spellings.len())]);
    }
}

/// A dictionary of `lang` from pairs (a word or name, its English
/// translation).
fn from_pairs<L: Learner>(lang: Lang, pairs: &[(&str, &str)]) -> L {
    let (source, pivot) = (lang::profile(lang), lang::profile(PIVOT));
    let mut dict = L::default();
    for (from, to) in pairs {
        learn(&mut dict, source, pivot, from, to);
    }
    dict
}

/// Records that `from` (in the source language) translates as `to`.
fn learn(dict: &mut impl Learner, source: &Profile, pivot: &Profile, from: &str, to: &str) {
    let from_words: Vec<&str> = from.split_whitespace().collect();
    let to_words: Vec<String> = lang::words(to, pivot, false).collect();
    if from_words.is_empty() || to_words.is_empty() {
        return;
    }
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if capital(from) && capital(to) {
        let key = name_key(from);
        if !key.is_empty() {
            let folded: Vec<String> = to_words.iter().map(|w| lang::fold(w)).collect();
            dict.add_name(&key, &folded.join(" "));
        }
    }
    // A single source word gives the pivot terms of its translation's
    // words; phrases only name things.
    let [word] = from_words[..] else { return };
    let word = word.to_lowercase();
    if source.is_stop_word(&word) {
        return;
    }
    // Of a phrase ("telephone call"), its last word is the head, but for
    // the placeholders of objects ("send sb.", "inform sb. about sth.":
    // a seventh of German's translations into English).
    let Some(last) = to_words
        .iter()
        .rev()
        .find(|w| !PLACEHOLDERS.contains(&w.as_str()))
    else {
        return;
    };
    let t = term(&lang::fold(&pivot.stem(last)));
    dict.add_sense(&lang::fold(&source.stem(&word)), t);
}

/// The words that stand for an object in a dictionary's English phrases.
const PLACEHOLDERS: &[&str] = &["sb", "sth", "somebody", "something", "someone", "oneself"];

/// [`Dictionary::fill_via`] (`backwards`: [`Dictionary::fill_via_backwards`]),
/// for any learner.
fn fill_via<L: Learner>(
    dict: &mut L,
    lang: Lang,
    d: Dictd<'_>,
    backwards: bool,
    bridge: &L,
    bridge_lang: Lang,
) {
    let (source, via) = (lang::profile(lang), lang::profile(bridge_lang));
    // The words first learnt here: one takes the senses of every entry of
    // it, up to SENSES; a word known before takes none.
    let mut learnt: HashSet<String> = HashSet::new();
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    // Pairs of a `lang` phrase and its translation into the bridge.
    let keep = move |headword: &str| backwards || useful(headword);
    let pairs = entries(&d, keep).flat_map(|(headword, senses)| {
        senses.into_iter().map(move |phrase| match backwards {
            false => (headword, phrase),
            true => (phrase, headword),
        })
    });
    for (own, phrase) in pairs {
        let bridged: Vec<String> = lang::words(phrase, via, false).collect();
        let Some(last) = bridged.last() else { continue };
        if capital(own) && capital(phrase) {
            let key = name_key(own);
            if let Some(pivot) = bridge.spelling(&name_key(phrase)) {
                if !key.is_empty() {
                    dict.add_name(&key, pivot);
                }
            }
        }
        let [word] = own.split_whitespace().collect::<Vec<_>>()[..] else {
            continue;
        };
        let word = word.to_lowercase();
        if source.is_stop_word(&word) {
            continue;
        }
        let stem = lang::fold(&source.stem(&word));
        if dict.senses(&stem).is_some() && !learnt.contains(&stem) {
            continue;
        }
        let Some(pivot) = bridge.senses(&lang::fold(&via.stem(&last.to_lowercase()))) else {
            continue;
        };
        for t in pivot {
            dict.add_sense(&stem, *t);
        }
        learnt.insert(stem);
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
/// that do not start with a blank (notes, cross references, synonyms) but
/// for one blank before a label (" [geogr.] Germany", as German's
/// dictionary into English writes a fifth of its translations), sense
/// numbers, tags (`<n, fem>`), labels (`[geol.]`) and glosses (`(fig.)`)
/// removed, split at commas and semicolons.
fn senses(entry: &str) -> Vec<&str> {
    entry
        .lines()
        .skip(1)
        .filter_map(|l| match l.strip_prefix(' ') {
            Some(labelled) if labelled.starts_with('[') => Some(without_labels(labelled)),
            Some(_) => None,
            None if l.starts_with('\t') || l.is_empty() => None,
            None => Some(l),
        })
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

/// A line without the labels it opens with ("[Ös.] [ugs.] Mistkübel").
fn without_labels(mut line: &str) -> &str {
    while let Some(rest) = line.strip_prefix('[') {
        match rest.split_once(']') {
            Some((_, after)) => line = after.trim_start(),
            None => return "",
        }
    }
    line
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

    /// Fills a French dictionary through German from dictd `entries`:
    /// French→German ones, or German→French ones read `backwards`.
    fn fill(french: &mut Dictionary, entries: &[&str], german: &Dictionary, backwards: bool) {
        let (index, data) = dictd(entries);
        let d = Dictd {
            index: &index,
            data: &data,
        };
        match backwards {
            false => french.fill_via(fr(), d, german, Lang::GERMAN),
            true => french.fill_via_backwards(fr(), d, german, Lang::GERMAN),
        }
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
        assert_eq!(d.name("allemagne"), Some("germany"));
        assert_eq!(d.len(), 4);
        let back = Dictionary::from_bytes(&d.to_bytes()).expect("round trip");
        assert_eq!(back.word("troup"), d.word("troup"));
        assert_eq!(back.name("allemagne"), d.name("allemagne"));
        assert_eq!(back.len(), 4);
        assert!(Dictionary::from_bytes(b"nonsense").is_none());
    }

    #[test]
    fn labelled_translations_one_blank_in_are_translations() {
        let de = Lang::from_code("de").expect("de");
        let (index, data) = dictd(&[
            "Deutschland /dˈɔøtʃlant/ <neut, n, sg>\n [geogr.] Germany <n>\n see: {Ostdeutschland}\n\n         Note: Kfz:\n",
            "Mülleimer /mˈylaɪmɐ/ <masc, n, sg>\n [Ös.] [ugs.] waste bin <n> [Br.], bin\n",
            "entsenden /ɛntzˈɛndən/ <v, trans>\n [adm.] send sb. <v>\n   Synonym: {abordnen}\n",
        ]);
        let d = Dictionary::from_dictd(
            de,
            Some(Dictd {
                index: &index,
                data: &data,
            }),
            None,
        );
        assert_eq!(d.name("deutschland"), Some("germany"));
        assert_eq!(d.word("mulleim"), Some(&[term("bin")][..]));
        assert_eq!(d.word("entsend"), Some(&[term("send")][..]));
        // What is indented further (notes, cross references, synonyms)
        // is no translation.
        assert_eq!(d.word("ostdeutschland"), None);
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn bytes_of_another_version_or_not_whole_are_refused() {
        let d = Dictionary::from_pairs(fr(), &[("chat", "cat"), ("Allemagne", "Germany")]);
        let bytes = d.to_bytes();
        let read = |bytes: &[u8]| Dictionary::from_bytes(bytes).map(|d| d.len());
        assert_eq!(read(&bytes), Some(2));
        // Another version, or the postcard bytes of an empty dictionary of
        // version 4 (the version, then two empty maps).
        let mut other = bytes.clone();
        other[..4].copy_from_slice(&(CACHE_VERSION + 1).to_le_bytes());
        assert_eq!(read(&other), None);
        assert_eq!(read(&[4, 0, 0]), None);
        // Keys hashed otherwise.
        let mut hashed = bytes.clone();
        hashed[4] ^= 1;
        assert_eq!(read(&hashed), None);
        // Cut short, or followed by more.
        assert_eq!(read(&bytes[..bytes.len() - 1]), None);
        assert_eq!(read(&[&bytes[..], b"x"].concat()), None);
        // Spellings that are not UTF-8, or one that ends within a
        // character.
        let d = Dictionary::from_pairs(fr(), &[("Moscou", "Москва")]);
        assert_eq!(d.name("moscou"), Some("москва"));
        let mut bytes = d.to_bytes();
        assert_eq!(read(&bytes), Some(1));
        let last = bytes.len() - 1;
        bytes[last] = b'a';
        assert_eq!(read(&bytes), None);
        let mut d = Dictionary::default();
        d.spellings.push('м');
        d.names.insert(key_of("moscou"), [0, 1]);
        assert_eq!(read(&d.to_bytes()), None);
        d.names.get_mut(key_of("moscou")).expect("held")[1] = 2;
        assert_eq!(read(&d.to_bytes()), Some(0));
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
        fill(
            &mut french,
            &[
                "entretien /ɑ̃tʀətjɛ̃/ <n, masc>\nGespräch <n>\nConversation entre personnes\n",
                "troupe /tʀup/ <n, fem>\nTruppe <f>\n",
                "Allemagne /almaɲ/\nDeutschland\n",
                "inconnu /ɛ̃kɔny/ <adj>\nunbekannt\n",
            ],
            &german,
            false,
        );
        // A word the French dictionary lacked takes the German's English.
        assert_eq!(french.word("entretien"), Some(&[term("convers")][..]));
        // One it had keeps its own senses only.
        assert_eq!(french.word("troup"), Some(&[term("troop")][..]));
        assert_eq!(french.name("allemagne"), Some("germany"));
        // A translation the German dictionary does not know teaches nothing.
        assert_eq!(french.word("inconnu"), None);
    }

    #[test]
    fn a_dictionary_from_the_bridge_language_read_backwards_fills_the_gaps() {
        let de = Lang::from_code("de").expect("de");
        let german = Dictionary::from_pairs(
            de,
            &[("Gespräch", "conversation"), ("Deutschland", "Germany")],
        );
        let mut french = Dictionary::from_dictd(fr(), None, None);
        fill(
            &mut french,
            &[
                "Gespräch /ɡəˈʃpʁɛːç/ <n, neut>\nentretien, conversation\n",
                "Deutschland /ˈdɔʏtʃlant/\nAllemagne\n",
                "unbekannt /ˈʊnbəkant/ <adj>\ninconnu\n",
            ],
            &german,
            true,
        );
        // The French words of a German entry take the German's English.
        assert_eq!(french.word("entretien"), Some(&[term("convers")][..]));
        assert_eq!(french.name("allemagne"), Some("germany"));
        // A German word its own dictionary does not know teaches nothing.
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
