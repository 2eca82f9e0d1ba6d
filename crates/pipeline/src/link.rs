//! Events → stories, online: a new event joins the story whose actors and
//! subject it shares, close in time, or starts a story of its own. Stories
//! keep learning from every article their events take in.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tracing::debug;

use crate::cluster::{finding_terms, DocVectors, Pivots};
use crate::model::{EventId, StoryId};
use crate::vector::{expire, ActiveIndex, Centroid};

/// Settings of story linking.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSettings {
    /// An event joins a story when its similarity reaches this.
    pub threshold: f32,
    /// Weight of named entities (the actors).
    pub entity_weight: f32,
    /// Weight of the body's content words (the subject).
    pub body_weight: f32,
    /// A story with no new event for this many days is closed.
    pub window_days: i64,
    /// Terms kept in a story's centroids.
    pub centroid_terms: usize,
    /// Terms looked up in, and indexed by, the story index.
    pub index_terms: usize,
    /// Stories an event is compared with at most: those sharing the most
    /// looked-up terms.
    pub candidates: usize,
}

impl Default for LinkSettings {
    fn default() -> Self {
        LinkSettings {
            threshold: 0.25,
            entity_weight: 0.6,
            body_weight: 0.4,
            window_days: 120,
            centroid_terms: 300,
            index_terms: 15,
            candidates: 64,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Story {
    body: Centroid,
    entities: Centroid,
    last: Option<NaiveDate>,
    /// Its words in the pivot language, by language, to meet events in
    /// other languages.
    pivots: Pivots,
}

/// The online story linker. Its state is saved with the engine's; the
/// settings are not part of it.
#[derive(Serialize, Deserialize)]
pub struct Linker {
    #[serde(skip)]
    settings: LinkSettings,
    stories: HashMap<u32, Story>,
    index: ActiveIndex,
    of_event: HashMap<EventId, StoryId>,
    by_last: BTreeSet<(NaiveDate, u32)>,
    count: u32,
}

impl Linker {
    /// A linker with no stories.
    pub fn new(settings: LinkSettings) -> Linker {
        Linker {
            settings,
            stories: HashMap::new(),
            index: ActiveIndex::default(),
            of_event: HashMap::new(),
            by_last: BTreeSet::new(),
            count: 0,
        }
    }

    /// The same linker under other settings (after a restore).
    pub(crate) fn with_settings(self, settings: LinkSettings) -> Linker {
        Linker { settings, ..self }
    }

    /// The story of an event, linking it first when the event is new; the
    /// document's vectors teach the story in both cases.
    pub(crate) fn link(&mut self, event: EventId, v: &DocVectors) -> StoryId {
        let story = match self.of_event.get(&event) {
            Some(story) => *story,
            None => {
                let story = self.best_story(v).unwrap_or_else(|| {
                    let s = StoryId(self.count);
                    self.count += 1;
                    let n = self.settings.centroid_terms;
                    self.stories.insert(
                        s.0,
                        Story {
                            body: Centroid::new(n),
                            entities: Centroid::new(n),
                            last: None,
                            pivots: Pivots::default(),
                        },
                    );
                    s
                });
                debug!(event = %event, story = %story, "linked event");
                self.of_event.insert(event, story);
                story
            }
        };
        self.learn(story, v);
        story
    }

    fn best_story(&self, v: &DocVectors) -> Option<StoryId> {
        let s = &self.settings;
        self.index
            .candidates(v.lookup_terms(s.index_terms), s.candidates)
            .into_iter()
            .filter_map(|id| {
                let story = &self.stories[&id];
                let recent = match (v.date, story.last) {
                    (Some(d), Some(last)) => (d - last).num_days().abs() <= s.window_days,
                    _ => true,
                };
                let mut body = story.body.cosine(&v.body);
                if let Some((pivot, _)) = story.pivots.cross(v) {
                    body = body.max(pivot);
                }
                let score =
                    s.entity_weight * story.entities.cosine(&v.entities) + s.body_weight * body;
                (recent && score >= s.threshold).then_some((id, score))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(id, _)| StoryId(id))
    }

    fn learn(&mut self, story: StoryId, v: &DocVectors) {
        let n = self.settings.index_terms;
        let Some(s) = self.stories.get_mut(&story.0) else {
            return;
        };
        s.body.add(&v.body);
        s.entities.add(&v.entities);
        s.pivots.add(v, self.settings.centroid_terms);
        let terms = finding_terms(
            s.body.top_terms(n),
            s.entities.top_terms(n),
            s.pivots.top_terms(n),
        );
        if let Some(d) = v.date {
            if s.last.is_none_or(|l| d > l) {
                if let Some(old) = s.last {
                    self.by_last.remove(&(old, story.0));
                }
                s.last = Some(d);
                self.by_last.insert((d, story.0));
            }
        }
        self.index.set(story.0, terms);
        self.retire(v.date);
    }

    /// Closes stories quiet for longer than the window.
    fn retire(&mut self, date: Option<NaiveDate>) {
        let Some(date) = date else { return };
        let horizon = date - chrono::Duration::days(self.settings.window_days);
        for id in expire(&mut self.by_last, horizon) {
            self.stories.remove(&id);
            self.index.remove(id);
        }
    }
}
