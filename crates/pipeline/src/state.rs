//! Saving and restoring the engine's state, so that a later run goes on
//! exactly where an earlier one stopped. The bytes are private to the engine:
//! a version number comes first, and a state of another version is refused
//! rather than misread.

use crate::cluster::Weights;
use crate::dedup::{DedupState, Deduper};
use crate::model::EventId;
use crate::{Clusterer, Engine, Linker, Settings};

/// The version of the saved form; raise it whenever that form changes, or
/// what its values mean (4: sketches by one permutation hashing, which
/// earlier sketches never match; 5: an event keeps its articles' cities).
const VERSION: u32 = 5;

/// Why a saved state cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The state was saved by another version of the engine.
    #[error("engine state of version {found}, this engine reads version {VERSION}")]
    Version {
        /// The version found.
        found: u32,
    },
    /// The bytes are not a saved state.
    #[error("engine state unreadable: {0}")]
    Corrupt(#[from] postcard::Error),
}

/// The weights come first, then the clusterer: they were the clusterer's
/// first fields, and the bytes are the same as when they were.
type Saved = (
    u32,
    Weights,
    Clusterer,
    Linker,
    DedupState<'static>,
    Vec<(String, EventId)>,
);

impl Engine {
    /// The engine's whole state as bytes.
    pub fn save(&self) -> Vec<u8> {
        let saved = (
            VERSION,
            &self.weights,
            &self.clusters,
            &self.links,
            self.dedup.state(),
            &self.placed,
        );
        postcard::to_stdvec(&saved).expect("engine state serialises to memory")
    }

    /// An engine in the state `bytes` recorded, running under `settings`
    /// (settings changed since the save apply from the next document on).
    pub fn restore(settings: Settings, bytes: &[u8]) -> Result<Engine, StateError> {
        let found: u32 = postcard::take_from_bytes::<u32>(bytes)?.0;
        if found != VERSION {
            return Err(StateError::Version { found });
        }
        let (_, weights, clusters, links, dedup, placed): Saved = postcard::from_bytes(bytes)?;
        let dedup = Deduper::from_state(&settings.dedup, dedup)
            .ok_or(StateError::Corrupt(postcard::Error::DeserializeBadEncoding))?;
        Ok(Engine {
            dedup,
            weights,
            clusters: clusters.with_settings(settings.cluster.clone()),
            links: links.with_settings(settings.link.clone()),
            placed,
            settings,
        })
    }

    /// How many documents have been placed.
    pub fn placed(&self) -> usize {
        self.placed.len()
    }
}
