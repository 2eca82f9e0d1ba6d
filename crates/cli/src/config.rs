//! Settings: defaults, overridden by a `storyline.toml` file. Only the knobs a
//! user may reasonably turn are exposed; every field is optional.

use std::path::Path;

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
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Link {
    threshold: Option<f32>,
    window_days: Option<i64>,
    candidates: Option<usize>,
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
        None => {
            return Ok(Config {
                settings: Settings::default(),
                token: None,
            })
        }
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
    set(&mut s.link.threshold, file.link.threshold);
    set(&mut s.link.candidates, file.link.candidates);
    set(&mut s.link.window_days, file.link.window_days);
    set(&mut s.dedup.threshold, file.dedup.threshold);
    Ok(Config {
        settings: s,
        token: file.serve.token,
    })
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
