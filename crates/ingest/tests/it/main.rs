//! Integration tests of the readers on real folders in a temp dir.

mod dates;
mod feeds;
mod folders;
mod headers;
mod lexicon;
mod pages;

use std::fs;
use std::path::Path;

/// Writes `text` to `root/relative`, creating the folders on the way.
pub(crate) fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    fs::write(path, text).expect("a file");
}

/// Article text long enough to be an article.
pub(crate) const BODY: &str = "A violent storm hit the harbour on Monday night, officials said.\n\
One fisherman died when his boat capsized near the breakwater.";

/// Malformed files: a name, the bytes, and the start of the error it must give.
pub(crate) type Malformed = Vec<(&'static str, Vec<u8>, &'static str)>;

/// Writes `cases` (and nothing else) into `dir`, reads the folder, and checks
/// that each case gave one error naming its file and starting with its
/// message; returns the articles read.
pub(crate) fn read_with_one_error_each(dir: &Path, cases: &Malformed) -> Vec<ingest::Input> {
    for (name, bytes, _) in cases {
        fs::write(dir.join(name), bytes).expect("a file");
    }
    let (inputs, errors) = ingest::read_paths(&[dir.to_path_buf()], &ingest::Options::default());
    let mut errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    errors.sort();
    let mut expected: Vec<(String, &str)> = cases
        .iter()
        .map(|(name, _, message)| (dir.join(name).display().to_string(), *message))
        .collect();
    expected.sort();
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, (path, message)) in errors.iter().zip(&expected) {
        assert!(
            error.starts_with(&format!("{path}: {message}")),
            "{error:?} should be {path}: {message}…"
        );
    }
    inputs
}
