//! Integration tests of the `storyline` binary: the built executable is run
//! on real folders (the seeds and the data set in `../shared`, the sample
//! corpus in `samples/`, temp dirs of bad files) and its exit code, standard
//! output and standard error are checked.

mod browser;
mod cluster;
mod demo;
mod eval;
mod fetch;
mod gen;
mod languages;
mod pages;
mod rejects;
mod settings;
mod show;
mod store;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary produced.
#[derive(Debug)]
pub(crate) struct Output {
    /// The exit code (`-1` when killed by a signal).
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `storyline ARGS...` in `dir` (so that only a `storyline.toml` in
/// `dir` can be picked up) with logging at its default level.
pub(crate) fn storyline<I, S>(dir: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    storyline_with(dir, args, &[])
}

/// [`storyline`] with extra environment variables.
pub(crate) fn storyline_with<I, S>(dir: &Path, args: I, env: &[(&str, &str)]) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_storyline"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("RAYON_NUM_THREADS");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("the storyline binary runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The `shared` folder beside the repository (seeds and data sets). CI always
/// has it, so a missing folder fails the test rather than skipping it.
pub(crate) fn shared() -> PathBuf {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        path.join("seeds").is_dir(),
        "the shared folder is missing: expected {} (with seeds/ and data/) beside the \
         repository; the integration tests need it",
        path.display()
    );
    path.canonicalize().expect("the shared folder resolves")
}

/// The five seed articles and their labels.
pub(crate) fn seeds() -> PathBuf {
    shared().join("seeds")
}

/// The repository's sample corpus (`articles/` and `labels.tsv`).
pub(crate) fn samples() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"))
        .canonicalize()
        .expect("the samples folder exists")
}

/// An empty temp dir to run in: no `storyline.toml` there.
pub(crate) fn empty_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}
