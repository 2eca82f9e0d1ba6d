//! Bad input: every file that cannot be used is named on standard error, the
//! good ones are clustered all the same, and the exit code says so.

use std::fs;

use crate::{empty_dir, storyline};

const GOOD: &str = "Storm floods the harbour of Kerbrieuc\n\
A violent storm hit the harbour of Kerbrieuc on Monday night, officials said.\n\
One fisherman died when his boat capsized near the breakwater.\n\
The coastguard rescued two other sailors and took them to the hospital in Brest.\n";

#[test]
fn bad_files_are_named_and_good_ones_kept() {
    let input = tempfile::tempdir().expect("a temp dir");
    let dir = input.path();
    fs::write(dir.join("empty.txt"), b"").unwrap();
    fs::write(dir.join("binary.txt"), b"\x7fELF\x02\x01\x01\0\0\0text").unwrap();
    fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 au lait pour tout le monde.\n",
    )
    .unwrap();
    fs::write(dir.join("broken.json"), b"{oops").unwrap();
    // Readable, but not natural language: rejected by the pipeline rather
    // than by the reader.
    fs::write(dir.join("numbers.txt"), b"12 34 56 78 90 12.5 33.1\n").unwrap();
    // Not an article format: skipped without a word.
    fs::write(dir.join("notes.md"), b"# Notes\n").unwrap();
    fs::write(dir.join("good.txt"), GOOD).unwrap();

    let run_dir = empty_dir();
    let out = storyline(
        run_dir.path(),
        [
            "cluster".as_ref(),
            dir.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ],
    );
    assert_eq!(out.code, 3, "stderr: {}", out.stderr);

    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    let good: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON");
    assert_eq!(good["id"], "good");
    assert_eq!(good["title"], "Storm floods the harbour of Kerbrieuc");
    assert_eq!(good["lang"], "en");

    let path = |name: &str| dir.join(name).display().to_string();
    let rejected: Vec<&str> = out.stderr.lines().collect();
    let expected = [
        format!("rejected: {}: binary data, not text", path("binary.txt")),
        format!("rejected: {}:1: invalid JSON", path("broken.json")),
        format!("rejected: {}: empty file", path("empty.txt")),
        format!(
            "rejected: {}: not valid UTF-8 (first bad byte at offset 3)",
            path("latin1.txt")
        ),
        format!(
            "rejected: {}: the text does not look like natural language",
            path("numbers.txt")
        ),
    ];
    assert_eq!(rejected.len(), expected.len(), "stderr: {}", out.stderr);
    for (line, want) in rejected.iter().zip(&expected) {
        assert!(line.starts_with(want.as_str()), "{line:?} is not {want:?}…");
    }
}

#[test]
fn a_missing_path_is_rejected_not_fatal() {
    let input = tempfile::tempdir().expect("a temp dir");
    fs::write(input.path().join("good.txt"), GOOD).unwrap();
    let missing = input.path().join("no-such-file.txt");
    let out = storyline(
        input.path(),
        [
            "cluster".as_ref(),
            input.path().as_os_str(),
            missing.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ],
    );
    assert_eq!(out.code, 3, "stderr: {}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    let want = format!("rejected: {}: cannot read", missing.display());
    assert!(out.stderr.starts_with(&want), "{}", out.stderr);
}
