//! Sentence embeddings, where a caller can provide them: a model that maps
//! a short text in any language to a unit vector, so that two reports of
//! one happening in two languages come out close. Too slow to run on every
//! article; the clusterer asks for them only to check a link across
//! languages that its words leave in doubt.

use std::fmt;
use std::sync::Arc;

/// A sentence embedding model.
pub trait Embedder: Send + Sync {
    /// The model's name, for reports.
    fn name(&self) -> &str;

    /// The unit vector of a text, or `None` if the model could not read it.
    fn embed(&self, text: &str) -> Option<Vec<f32>>;
}

/// A shared embedder in the settings: equal when it is the same model.
#[derive(Clone)]
pub struct Shared(pub Arc<dyn Embedder>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Embedder({})", self.0.name())
    }
}

/// The cosine of two unit vectors (0 when their lengths differ).
pub(crate) fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The text an article is embedded by: its title and the start of its body.
pub(crate) fn lead(title: &str, body: &str) -> String {
    let body = crate::lang::lead(body);
    format!("{title}\n{body}")
}
