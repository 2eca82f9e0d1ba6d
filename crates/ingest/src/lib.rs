//! Readers: files and folders of plain text, JSON and JSON Lines articles,
//! HTML pages, RSS/Atom feeds and OPML lists of feeds, turned into
//! [`RawDoc`]s for the pipeline. Every bad file (or feed item) becomes an
//! [`Error`] naming it; the others are read all the same.
//!
//! ```no_run
//! let (inputs, errors) = ingest::read_paths(&["articles/".into()], &ingest::Options::default());
//! for e in &errors {
//!     eprintln!("{e}");
//! }
//! println!("{} articles", inputs.len());
//! ```

mod feed;
mod html;
mod json;
pub mod lexicon;
mod text;

pub use feed::{
    is_feed, is_opml, parse_feed, parse_opml, read_feed, read_opml, resolve_in, sniff, url_id,
    with_page, Location, Markup,
};
pub use html::{
    baseline_body, extract as extract_html, is_page, page_bytes, page_id, read_page, Page,
};
pub use json::from_value as from_json_value;

use std::path::{Path, PathBuf};

use pipeline::RawDoc;
use walkdir::WalkDir;

/// One article read, with its gold label when one was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The document.
    pub doc: RawDoc,
    /// The value of [`Options::label_field`] in the article's JSON, if any.
    pub label: Option<String>,
}

/// How to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// A dotted path (`newsCluster.EventId`) whose value in each JSON article
    /// is returned as its label.
    pub label_field: Option<String>,
}

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file, or one record of it, could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file or folder could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is empty or only white space.
    #[error("{path}: empty file")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds binary data.
    #[error("{path}: binary data, not text")]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is not UTF-8.
    #[error("{path}: not valid UTF-8 (first bad byte at offset {offset})")]
    Utf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The file is too large to be an article or a batch of them.
    #[error("{path}: too large ({size} bytes; the limit is {MAX_FILE_BYTES})")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// An HTML page with no article in it, or a broken gzip file.
    #[error("{path}: {message}")]
    Html {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A feed or OPML list that does not parse, or a feed item with nothing
    /// in it; `origin` is the file or URL.
    #[error("{origin}: {message}")]
    Feed {
        /// The file or URL.
        origin: String,
        /// What is wrong (naming the item, for one item).
        message: String,
    },
    /// A JSON document or line that does not parse, or is not an article.
    #[error("{path}:{line}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The line (1 for a whole-file JSON document).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The format of a file, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    JsonLines,
    Html,
    Feed,
    Opml,
}

fn format_of(path: &Path) -> Option<Format> {
    if html::is_page(path) {
        return Some(Format::Html);
    }
    if feed::is_feed(path) {
        return Some(Format::Feed);
    }
    if feed::is_opml(path) {
        return Some(Format::Opml);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text),
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        _ => None,
    }
}

/// The article files under `paths`, in a stable order: folders are walked
/// recursively and keep only files of a known format (`.txt`, `.text`, `.json`,
/// `.jsonl`, `.ndjson`, `.html`, `.htm`, `.html.gz`, feeds `.rss`, `.atom`,
/// `.rdf`, `.xml` and OPML lists `.opml`); files named directly are taken
/// whatever their name (an unknown extension is read as text).
pub fn files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let (mut found, mut errors) = (Vec::new(), Vec::new());
    for path in paths {
        if !path.is_dir() {
            found.push(path.clone());
            continue;
        }
        for entry in WalkDir::new(path).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() && format_of(e.path()).is_some() => {
                    found.push(e.into_path());
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map_or_else(|| path.clone(), Path::to_path_buf);
                    errors.push(Error::Io {
                        path,
                        source: e.into(),
                    });
                }
            }
        }
    }
    (found, errors)
}

/// Reads every article under `paths`: the articles, and an error for each
/// file or record that could not be read.
pub fn read_paths(paths: &[PathBuf], options: &Options) -> (Vec<Input>, Vec<Error>) {
    let (files, mut errors) = files(paths);
    let mut inputs = Vec::new();
    for file in files {
        for item in read_file(&file, options) {
            match item {
                Ok(input) => inputs.push(input),
                Err(e) => errors.push(e),
            }
        }
    }
    make_ids_unique(&mut inputs);
    (inputs, errors)
}

/// Gives every article a distinct id: a later article whose id was already
/// taken (two folders holding `a.txt`, a JSON Lines `id` used twice) becomes
/// `ID~2`, `ID~3`…, with a warning naming both.
pub fn make_ids_unique(inputs: &mut [Input]) {
    UniqueIds::default().apply(inputs);
}

/// [`make_ids_unique`] across calls: articles read a batch at a time get
/// the ids they would get read all at once.
#[derive(Debug, Default)]
pub struct UniqueIds {
    /// Every id taken so far, with the path that took it.
    taken: std::collections::HashMap<String, String>,
    /// The last suffix tried for an id.
    suffix: std::collections::HashMap<String, u32>,
}

impl UniqueIds {
    /// Renames the articles of `inputs` whose id an earlier article (of
    /// this call or an earlier one) took.
    pub fn apply(&mut self, inputs: &mut [Input]) {
        let UniqueIds { taken, suffix } = self;
        for input in inputs.iter_mut() {
            let doc = &mut input.doc;
            if let Some(first) = taken.get(&doc.id) {
                let first = first.clone();
                let n = suffix.entry(doc.id.clone()).or_insert(1);
                let fresh = loop {
                    *n += 1;
                    let candidate = format!("{}~{}", doc.id, n);
                    if !taken.contains_key(&candidate) {
                        break candidate;
                    }
                };
                tracing::warn!(id = %doc.id, path = %doc.path, first = %first, new_id = %fresh,
                    "duplicate article id renamed");
                doc.id = fresh;
            }
            taken.insert(doc.id.clone(), doc.path.clone());
        }
    }
}

/// Reads one file: one article for text and single-object JSON, one per
/// element or line for JSON arrays and JSON Lines, one per item for feeds.
/// An OPML list gives the items of the feeds it names that are on disk (a
/// feed on the web is an error: `storyline fetch` reads those).
pub fn read_file(path: &Path, options: &Options) -> Vec<Result<Input, Error>> {
    match format_of(path).unwrap_or(Format::Text) {
        Format::Html => vec![html::read_page(path).map(|page| Input {
            doc: page.into_raw(html::page_id(path), path.display().to_string()),
            label: None,
        })],
        Format::Feed => feed::read_feed(path)
            .into_iter()
            .map(|item| item.map(|doc| Input { doc, label: None }))
            .collect(),
        Format::Opml => feed::read_listed_feeds(path)
            .into_iter()
            .map(|item| item.map(|doc| Input { doc, label: None }))
            .collect(),
        Format::Text => with_text(path, |text| {
            vec![Ok(Input {
                doc: text::parse(path, &text),
                label: None,
            })]
        }),
        Format::Json => with_text(path, |text| json::parse_document(path, &text, options)),
        Format::JsonLines => match read_in_halves(path) {
            Ok((head, tail, cut)) => {
                match json::parse_lines(path, [&head, &tail[cut..]], options) {
                    items if items.is_empty() => vec![Err(Error::Empty {
                        path: path.to_path_buf(),
                    })],
                    items => items,
                }
            }
            Err(e) => vec![Err(e)],
        },
    }
}

/// Loads a file as text and reads its articles with `read`.
fn with_text(
    path: &Path,
    read: impl FnOnce(String) -> Vec<Result<Input, Error>>,
) -> Vec<Result<Input, Error>> {
    match load(path) {
        Ok(text) => read(text),
        Err(e) => vec![Err(e)],
    }
}

/// Reads a file as UTF-8 text, refusing what cannot be an article.
fn load(path: &Path) -> Result<String, Error> {
    decode(path, read_bytes(path)?)
}

/// Reads a file whole, refusing one too large to be an article or a batch.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    checked_size(path)?;
    std::fs::read(path).map_err(|source| io_error(path, source))
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The size of a file that is not too large to read.
fn checked_size(path: &Path) -> Result<u64, Error> {
    let size = std::fs::metadata(path)
        .map_err(|source| io_error(path, source))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    Ok(size)
}

/// Files this large or larger are read in two halves at once. Tests read
/// small files so.
const HALVES_FROM: u64 = if cfg!(test) { 64 } else { 8 << 20 };

/// A file of lines that may be text, as two pieces that each end at a line
/// break: the first half through the line that crosses the middle, and the
/// second half from `cut` on (empty for a small file). Reading a large file took one core as
/// long as parsing it took two: most of it the kernel's zeroing and
/// copying of fresh pages, which two threads share.
fn read_in_halves(path: &Path) -> Result<(Vec<u8>, Vec<u8>, usize), Error> {
    let size = checked_size(path)?;
    if size < HALVES_FROM {
        let bytes = std::fs::read(path).map_err(|source| io_error(path, source))?;
        return Ok((not_binary(path, bytes)?, Vec::new(), 0));
    }
    let middle = size / 2;
    let (head, tail) = rayon::join(
        || read_from(path, 0, Some(middle)),
        || read_from(path, middle, None),
    );
    let (mut head, tail) = (
        head.map_err(|source| io_error(path, source))?,
        tail.map_err(|source| io_error(path, source))?,
    );
    // The line that crosses the middle goes whole to the first half.
    let cut = memchr::memchr(b'\n', &tail).map_or(tail.len(), |i| i + 1);
    head.extend_from_slice(&tail[..cut]);
    Ok((not_binary(path, head)?, not_binary(path, tail)?, cut))
}

/// The bytes of `path` from `start` on, `len` of them or to its end.
fn read_from(path: &Path, start: u64, len: Option<u64>) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::with_capacity(len.unwrap_or_default() as usize + (1 << 20));
    match len {
        Some(len) => file.take(len).read_to_end(&mut bytes)?,
        None => file.read_to_end(&mut bytes)?,
    };
    Ok(bytes)
}

/// The bytes of a file that may hold text: a NUL byte is never in one.
fn not_binary(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    if bytes.contains(&0) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
}

fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    let bytes = not_binary(path, bytes)?;
    let path = path.to_path_buf();
    let text = String::from_utf8(bytes).map_err(|e| Error::Utf8 {
        path: path.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { path });
    }
    Ok(text)
}

/// The id of a file's article: its stem.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_read_in_halves_keep_their_lines_and_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let line = |n: usize| format!("{{\"body\": \"article number {n} of the file\"}}\n");
        for (name, lines) in [("three.jsonl", 3), ("four.jsonl", 4), ("nine.jsonl", 9)] {
            let mut text: Vec<u8> = (1..=lines).flat_map(|n| line(n).into_bytes()).collect();
            // The last line unfinished, and one that is not UTF-8.
            text.extend_from_slice(b"{\"body\": \"caf\xe9\"}\n\n{\"body\": \"last\"}");
            let path = dir.path().join(name);
            std::fs::write(&path, &text).unwrap();
            assert!(text.len() as u64 >= HALVES_FROM);
            let read = read_file(&path, &Options::default());
            let stem = name.trim_end_matches(".jsonl");
            let ids: Vec<String> = read
                .iter()
                .map(|r| match r {
                    Ok(input) => input.doc.id.clone(),
                    Err(e) => e.to_string(),
                })
                .collect();
            let mut expected: Vec<String> = (1..=lines).map(|n| format!("{stem}:{n}")).collect();
            expected.push(format!(
                "{}:{}: not valid UTF-8 (first bad byte at column 14)",
                path.display(),
                lines + 1
            ));
            expected.push(format!("{stem}:{}", lines + 3));
            assert_eq!(ids, expected);
        }
    }

    #[test]
    fn bad_bytes_are_named() {
        let p = Path::new("x.txt");
        assert!(matches!(
            decode(p, vec![0x66, 0xff, 0x66]),
            Err(Error::Utf8 { offset: 1, .. })
        ));
        assert!(matches!(
            decode(p, vec![0x7f, b'E', b'L', b'F', 0]),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            decode(p, b"  \n".to_vec()),
            Err(Error::Empty { .. })
        ));
        assert_eq!(
            decode(p, "\u{feff}hé".as_bytes().to_vec()).ok().as_deref(),
            Some("hé")
        );
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(format_of(Path::new("b.jsonl")), Some(Format::JsonLines));
        assert_eq!(format_of(Path::new("labels.tsv")), None);
        assert_eq!(format_of(Path::new("world.RSS")), Some(Format::Feed));
        assert_eq!(format_of(Path::new("news.opml")), Some(Format::Opml));
    }
}
