//! Bilingual dictionaries from disk: FreeDict's dictd files, as Debian's
//! `dict-freedict-*` packages install them (`/usr/share/dictd`), read when
//! an article of their language first needs them.

use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};

use pipeline::{Dictd, Dictionary, Lang, Lexicon};
use tracing::{debug, warn};

/// Where Debian puts dictd dictionaries.
pub const SYSTEM_DIR: &str = "/usr/share/dictd";

/// An index of this many bytes (some 60,000 entries) makes a dictionary big.
const BIG_INDEX: usize = 2 << 20;

/// The languages FreeDict pairs with English that the engine has profiles for.
const LANGS: &[&str] = &["fr", "de", "es", "it", "pt", "nl"];

/// A lexicon whose dictionaries are read from `dir`: for a language `xxx`
/// (ISO 639-3), `freedict-xxx-eng` and `freedict-eng-xxx` (`.index` and
/// `.dict.dz` or `.dict`), whichever exist. A language with neither has no
/// dictionary; a file that cannot be read is reported and left out.
///
/// What a dictionary becomes is kept in `cache` (when given) and read from
/// there on the next run, as long as the dictionary files are unchanged.
pub fn lexicon(dir: &Path, cache: Option<&Path>) -> Lexicon {
    let langs: Vec<Lang> = LANGS.iter().filter_map(|c| Lang::from_code(c)).collect();
    let dir = dir.to_path_buf();
    let cache = cache.map(Path::to_path_buf);
    Lexicon::new(
        &langs,
        Box::new(move |lang| load(&dir, cache.as_deref(), lang)),
    )
}

/// The user's cache folder for Storyline: `$XDG_CACHE_HOME/storyline`, else
/// `$HOME/.cache/storyline`.
pub fn user_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("storyline"))
}

fn load(dir: &Path, cache: Option<&Path>, lang: Lang) -> Option<Dictionary> {
    let code = lang.iso639_3()?;
    let cached = cache.and_then(|c| cache_file(c, dir, code));
    if let Some(dict) = cached
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| Dictionary::from_bytes(&b))
    {
        debug!(lang = %lang, words = dict.len(), "dictionary read from the cache");
        return Some(dict);
    }
    let mut dict = parse(dir, lang, code)?;
    bridge(dir, cache, lang, code, &mut dict);
    if let Some(path) = cached {
        save(&path, &dict.to_bytes());
    }
    Some(dict)
}

/// Writes a cache file whole (a temporary file renamed), or says why not.
fn save(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp");
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        debug!(cache = %path.display(), error = %e, "dictionary not cached");
    }
}

/// The cache file of a language's dictionaries: named after the sizes and
/// times of the files it was built from, so that an updated package is
/// read again, and after the version of its format, so that two builds of
/// different versions do not take turns rebuilding one file.
fn cache_file(cache: &Path, dir: &Path, code: &str) -> Option<PathBuf> {
    let mut key = fnv::FnvHasher::default();
    let mut found = false;
    for stem in [
        format!("freedict-{code}-eng"),
        format!("freedict-eng-{code}"),
        format!("freedict-{code}-{}", bridge_code()),
        format!("freedict-{}-{code}", bridge_code()),
        format!("freedict-{}-eng", bridge_code()),
    ] {
        for ext in ["index", "dict.dz", "dict"] {
            let path = dir.join(format!("{stem}.{ext}"));
            if let Ok(meta) = std::fs::metadata(&path) {
                found = true;
                path.hash(&mut key);
                meta.len().hash(&mut key);
                meta.modified().ok().hash(&mut key);
            }
        }
    }
    found.then(|| {
        cache.join(format!(
            "dict-{code}-v{}-{:016x}.bin",
            pipeline::lexicon::CACHE_VERSION,
            key.finish()
        ))
    })
}

fn parse(dir: &Path, lang: Lang, code: &str) -> Option<Dictionary> {
    let into = read_pair(dir, &format!("freedict-{code}-eng"));
    // A dictionary into English read backwards fills the gaps of a small
    // one; a big one (German's half a million entries) needs no help, and
    // reading both would take seconds.
    let from = match &into {
        Some((index, _)) if index.len() > BIG_INDEX => None,
        _ => read_pair(dir, &format!("freedict-eng-{code}")),
    };
    if into.is_none() && from.is_none() {
        warn!(
            lang = %lang,
            dir = %dir.display(),
            "no bilingual dictionary: articles in this language meet others on names, numbers \
             and days only (Debian: apt-get install dict-freedict-{code}-eng)"
        );
        return None;
    }
    let dict = Dictionary::from_dictd(lang, into.as_ref().map(dictd), from.as_ref().map(dictd));
    debug!(lang = %lang, words = dict.len(), "dictionary loaded");
    Some(dict)
}

/// The bridge language: German's dictionary into English is FreeDict's
/// largest, and several languages have a larger one into German than into
/// English (French: 1.9 MB against 0.4 MB).
const BRIDGE: Lang = Lang::GERMAN;

/// The bridge language's code in FreeDict's file names.
fn bridge_code() -> &'static str {
    BRIDGE.iso639_3().unwrap_or_default()
}

/// Fills the gaps of a language's dictionary through German, when its
/// dictionary into English is small and one into German, or one from
/// German (read backwards), is there.
fn bridge(dir: &Path, cache: Option<&Path>, lang: Lang, code: &str, dict: &mut Dictionary) {
    let (into, from) = (
        format!("freedict-{code}-{}", bridge_code()),
        format!("freedict-{}-{code}", bridge_code()),
    );
    let small = std::fs::metadata(dir.join(format!("freedict-{code}-eng.index")))
        .map_or(true, |m| m.len() <= BIG_INDEX as u64);
    let there = |stem: &str| dir.join(format!("{stem}.index")).is_file();
    if lang == BRIDGE || !small || !(there(&into) || there(&from)) {
        return;
    }
    let Some(german) = load(dir, cache, BRIDGE) else {
        return;
    };
    let before = dict.len();
    if let Some(pair) = read_pair(dir, &into) {
        dict.fill_via(lang, dictd(&pair), &german, BRIDGE);
    }
    if let Some(pair) = read_pair(dir, &from) {
        dict.fill_via_backwards(lang, dictd(&pair), &german, BRIDGE);
    }
    debug!(lang = %lang, words = dict.len() - before, "words learnt through German");
}

/// The index and data of one dictd dictionary, if its files are there.
fn read_pair(dir: &Path, stem: &str) -> Option<(String, String)> {
    let index = dir.join(format!("{stem}.index"));
    if !index.is_file() {
        return None;
    }
    let result = (|| -> std::io::Result<(String, String)> {
        let index = std::fs::read_to_string(&index)?;
        let data = match data_file(dir, stem) {
            Some(path) if path.extension().is_some_and(|e| e == "dz") => {
                let mut text = String::new();
                flate2::read::GzDecoder::new(std::fs::File::open(path)?)
                    .read_to_string(&mut text)?;
                text
            }
            Some(path) => std::fs::read_to_string(path)?,
            None => {
                return Err(std::io::Error::other(
                    "no .dict or .dict.dz beside the index",
                ))
            }
        };
        Ok((index, data))
    })();
    match result {
        Ok(pair) => Some(pair),
        Err(e) => {
            warn!(dictionary = %dir.join(stem).display(), error = %e, "dictionary left out");
            None
        }
    }
}

fn dictd((index, data): &(String, String)) -> Dictd<'_> {
    Dictd { index, data }
}

fn data_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    [format!("{stem}.dict.dz"), format!("{stem}.dict")]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}
