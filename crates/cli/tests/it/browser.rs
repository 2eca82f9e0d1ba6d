//! The web page in a real browser: `storyline serve` on a store built from
//! the seeds, then headless Chromium (Debian's `chromium`, driven by
//! playwright-core from `tests/browser`) loads the story list, opens the
//! seeds' story and its 30 December event, and finds the troop figures
//! marked as a conflict; the screenshot goes to `target/browser/event.png`.
//! `scripts/setup` installs what it needs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::{empty_dir, seeds, storyline};

fn repo() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .expect("the repository")
}

/// Stops the server when the test ends, passed or not.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_event_page_shows_the_troop_conflict_in_chromium() {
    let root = repo();
    let browser_dir = root.join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} is missing: run scripts/setup (installs Debian's chromium, and wrk)"
    );
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir(),
        "{}/node_modules is missing: run scripts/setup (npm ci in tests/browser)",
        browser_dir.display()
    );
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    let d = data.display().to_string();
    let s = seeds().display().to_string();
    let out = storyline(tmp.path(), ["ingest", "--data", &d, &s]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["serve", "--data", &d, "--addr", "127.0.0.1:0"])
        .current_dir(tmp.path())
        .env_remove("STORYLINE_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("storyline serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let serving = Serving(child);
    // "storyline: serving DIR on http://127.0.0.1:PORT/"
    let mut lines = BufReader::new(stderr).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("storyline serve says where it listens")
            .expect("a line");
        if let Some(at) = line.find("http://") {
            break line[at..].trim_end_matches('/').to_string();
        }
    };
    // Keep reading the server's log so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});

    let shot = root.join("target/browser/event.png");
    let _ = std::fs::remove_file(&shot);
    let run = Command::new("node")
        .arg("event.mjs")
        .current_dir(&browser_dir)
        .env("STORYLINE_URL", &url)
        .env("STORYLINE_SCREENSHOT", &shot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs (scripts/setup installs what the browser test needs)");
    drop(serving);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("browser test passed"), "{stdout}");
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "no screenshot at {}", shot.display());
}
