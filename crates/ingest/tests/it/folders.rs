//! Folders: walked recursively in a stable order, only article formats kept,
//! one id per article.

use std::path::{Path, PathBuf};

use ingest::{Input, Options};

use crate::{write, BODY};

/// The files of a small corpus, in the order they are written (not the order
/// they are read).
fn corpus() -> Vec<(&'static str, String)> {
    vec![
        ("z-last.txt", format!("Last\n{BODY}")),
        ("README.md", "# Not an article\n".into()),
        ("labels.tsv", "id\tevent\nz-last\te1\n".into()),
        (
            "b/wire.jsonl",
            format!(
                "{{\"id\": \"w1\", \"text\": \"{body}\"}}\n\n{{\"text\": \"{body}\", \"title\": \"No id\"}}\n",
                body = BODY.replace('\n', " ")
            ),
        ),
        (
            "b/single.json",
            serde_json::json!({"title": "One", "text": BODY, "date": "2025-03-03",
                               "newsCluster": {"EventId": 7}})
            .to_string(),
        ),
        (
            "b/many.json",
            serde_json::json!([{"id": "m-first", "text": BODY}, {"text": BODY}]).to_string(),
        ),
        ("b/deep/er/nested.txt", format!(" date 2025-03 Nested\n{BODY}")),
        ("a.txt", format!("First\n{BODY}")),
        ("b/notes.text", format!("Notes\n{BODY}")),
    ]
}

fn build(root: &Path, files: &[(&str, String)]) {
    for (path, text) in files {
        write(root, path, text);
    }
}

/// (id, file relative to the root) of every article read; the `:LINE` of
/// JSON Lines records is left out.
fn ids(root: &Path, inputs: &[Input]) -> Vec<(String, String)> {
    let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    inputs
        .iter()
        .map(|i| {
            let path = i.doc.path.strip_prefix(&prefix).unwrap_or(&i.doc.path);
            let file = path.rsplit_once(':').map_or(path, |(file, _)| file);
            (i.doc.id.clone(), file.replace('\\', "/"))
        })
        .collect()
}

fn read(root: &Path, options: &Options) -> Vec<Input> {
    let (inputs, errors) = ingest::read_paths(&[root.to_path_buf()], options);
    assert!(errors.is_empty(), "{errors:?}");
    inputs
}

#[test]
fn a_folder_is_read_recursively_in_name_order() {
    let dir = tempfile::tempdir().expect("a temp dir");
    build(dir.path(), &corpus());
    let got = ids(dir.path(), &read(dir.path(), &Options::default()));
    let want = [
        ("a", "a.txt"),
        ("nested", "b/deep/er/nested.txt"),
        ("m-first", "b/many.json"),
        ("many:2", "b/many.json"),
        ("notes", "b/notes.text"),
        ("single", "b/single.json"),
        ("w1", "b/wire.jsonl"),
        ("wire:3", "b/wire.jsonl"),
        ("z-last", "z-last.txt"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(id, path)| (id.to_string(), path.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_order_does_not_depend_on_how_files_were_written() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let files = corpus();
    build(one.path(), &files);
    let reversed: Vec<_> = files.iter().rev().cloned().collect();
    build(two.path(), &reversed);
    let first = ids(one.path(), &read(one.path(), &Options::default()));
    let again = ids(one.path(), &read(one.path(), &Options::default()));
    let other = ids(two.path(), &read(two.path(), &Options::default()));
    assert_eq!(first, again);
    assert_eq!(first, other);

    let relative = |root: &Path, files: Vec<PathBuf>| -> Vec<PathBuf> {
        files
            .into_iter()
            .map(|f| f.strip_prefix(root).expect("under the root").to_path_buf())
            .collect()
    };
    let (listed_one, e1) = ingest::files(&[one.path().to_path_buf()]);
    let (listed_two, e2) = ingest::files(&[two.path().to_path_buf()]);
    assert!(e1.is_empty() && e2.is_empty());
    assert_eq!(
        relative(one.path(), listed_one),
        relative(two.path(), listed_two)
    );
}

#[test]
fn json_fields_are_mapped() {
    let dir = tempfile::tempdir().expect("a temp dir");
    build(dir.path(), &corpus());
    let options = Options {
        label_field: Some("newsCluster.EventId".into()),
    };
    let inputs = read(dir.path(), &options);
    let single = inputs
        .iter()
        .find(|i| i.doc.id == "single")
        .expect("the single-object JSON article");
    assert_eq!(single.doc.title.as_deref(), Some("One"));
    assert_eq!(single.doc.date.as_deref(), Some("2025-03-03"));
    assert_eq!(single.doc.text, BODY);
    assert_eq!(single.label.as_deref(), Some("7"));
    let labelled: Vec<&str> = inputs
        .iter()
        .filter(|i| i.label.is_some())
        .map(|i| i.doc.id.as_str())
        .collect();
    assert_eq!(labelled, ["single"]);
    let no_id = inputs
        .iter()
        .find(|i| i.doc.id == "wire:3")
        .expect("wire:3");
    assert_eq!(no_id.doc.title.as_deref(), Some("No id"));
    assert!(
        no_id.doc.path.ends_with("wire.jsonl:3"),
        "{}",
        no_id.doc.path
    );
}

#[test]
fn a_file_named_directly_is_read_whatever_its_extension() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(dir.path(), "story.md", &format!("Title\n{BODY}"));
    let (inputs, errors) = ingest::read_paths(&[dir.path().join("story.md")], &Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].doc.id, "story");
    assert!(inputs[0].doc.text.starts_with("Title\n"));
}

#[test]
fn bad_files_are_errors_naming_them_and_the_rest_is_read() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(dir.path(), "good.txt", &format!("Good\n{BODY}"));
    write(dir.path(), "blank.txt", " \n\t\n");
    write(dir.path(), "broken.json", "{oops");
    write(
        dir.path(),
        "list.jsonl",
        "{\"text\": \"fine words here\"}\n[1, 2]\n",
    );
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9").unwrap();
    let (inputs, errors) = ingest::read_paths(&[dir.path().to_path_buf()], &Options::default());
    let ids: Vec<&str> = inputs.iter().map(|i| i.doc.id.as_str()).collect();
    assert_eq!(ids, ["good", "list:1"]);
    let errors: Vec<String> = errors
        .iter()
        .map(|e| {
            let text = e.to_string();
            let prefix = format!("{}{}", dir.path().display(), std::path::MAIN_SEPARATOR);
            text.strip_prefix(&prefix).unwrap_or(&text).to_string()
        })
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(errors[0], "blank.txt: empty file");
    assert!(
        errors[1].starts_with("broken.json:1: invalid JSON"),
        "{}",
        errors[1]
    );
    assert_eq!(
        errors[2],
        "latin1.txt: not valid UTF-8 (first bad byte at offset 3)"
    );
    assert_eq!(errors[3], "list.jsonl:2: not a JSON object");
}

#[test]
fn the_same_stem_in_two_folders_gets_two_ids() {
    let dir = tempfile::tempdir().expect("a temp dir");
    build(
        dir.path(),
        &[
            ("x/story.txt", format!("One\n{BODY}")),
            ("y/story.txt", format!("Two\n{BODY}")),
            ("y/story~2.txt", format!("Three\n{BODY}")),
            (
                "z/story.json",
                serde_json::json!({"text": BODY}).to_string(),
            ),
        ],
    );
    let got = ids(dir.path(), &read(dir.path(), &Options::default()));
    let got: Vec<(&str, &str)> = got.iter().map(|(i, p)| (i.as_str(), p.as_str())).collect();
    assert_eq!(
        got,
        [
            ("story", "x/story.txt"),
            ("story~2", "y/story.txt"),
            ("story~2~2", "y/story~2.txt"),
            ("story~3", "z/story.json"),
        ]
    );
}
