//! Dictionaries read from a folder of dictd files: a language with a small
//! dictionary into English learns more words through German (from its
//! dictionary into German, and from German's into it read backwards), and
//! what was learnt is cached under the files it came from.

use std::path::Path;

use pipeline::Lang;

use crate::write;

/// Writes a dictd dictionary (`stem.index` and `stem.dict`) of entries
/// whose first line starts with the headword.
fn dictd(dir: &Path, stem: &str, entries: &[&str]) {
    let (index, data) = pipeline::Dictd::build(entries);
    write(dir, &format!("{stem}.index"), &index);
    write(dir, &format!("{stem}.dict"), &data);
}

fn french_words(dir: &Path, cache: &Path) -> usize {
    let fr = Lang::from_code("fr").expect("fr");
    ingest::lexicon::lexicon(dir, Some(cache))
        .get(fr)
        .map_or(0, pipeline::Dictionary::len)
}

#[test]
fn a_small_dictionary_learns_through_german_and_is_cached() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let (dir, cache) = (tmp.path().join("dictd"), tmp.path().join("cache"));
    dictd(
        &dir,
        "freedict-fra-eng",
        &["troupe /tʀup/ <n, fem>\ntroop\n"],
    );
    dictd(
        &dir,
        "freedict-deu-eng",
        &[
            "Gespräch /ɡəˈʃpʁɛːç/ <n>\nconversation\n",
            "Grenze /ˈɡʁɛnt͡sə/ <f>\nborder\n",
        ],
    );
    assert_eq!(french_words(&dir, &cache), 1);
    dictd(
        &dir,
        "freedict-fra-deu",
        &[
            "entretien /ɑ̃tʀətjɛ̃/ <n, masc>\nGespräch\n",
            "frontière /fʀɔ̃tjɛʀ/ <n, fem>\nGrenze\n",
        ],
    );
    // A new file beside the others: the cache of the French dictionary is
    // built again, with the two words German knows.
    assert_eq!(french_words(&dir, &cache), 3);
    dictd(
        &dir,
        "freedict-deu-fra",
        &["Grenze /ˈɡʁɛnt͡sə/ <f>\nlimite, borne\n"],
    );
    // A dictionary from German is read backwards: two more French words.
    assert_eq!(french_words(&dir, &cache), 5);
    let cached = std::fs::read_dir(&cache).expect("a cache").count();
    assert!(cached >= 2, "the French and German dictionaries are cached");
    // Without the bridge files the key changes: the French dictionary is
    // read from its own file again, not from the bridged cache.
    std::fs::remove_file(dir.join("freedict-deu-eng.dict")).expect("removed");
    std::fs::remove_file(dir.join("freedict-deu-eng.index")).expect("removed");
    std::fs::remove_file(dir.join("freedict-fra-deu.dict")).expect("removed");
    std::fs::remove_file(dir.join("freedict-fra-deu.index")).expect("removed");
    std::fs::remove_file(dir.join("freedict-deu-fra.dict")).expect("removed");
    std::fs::remove_file(dir.join("freedict-deu-fra.index")).expect("removed");
    assert_eq!(
        french_words(&dir, &cache),
        1,
        "the files changed, so the cache is not used"
    );
}
