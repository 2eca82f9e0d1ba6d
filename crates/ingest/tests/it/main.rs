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
