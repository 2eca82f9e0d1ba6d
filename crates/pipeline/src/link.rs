//! Events → stories, online: a new event joins the story whose actors and
//! subject it shares, close in time, or starts a story of its own. Stories
//! keep learning from every article their events take in (copies aside, as
//! events do).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tracing::{debug, trace};

use crate::cluster::{finding_terms, Clusterer, DocVectors, Pivots};
use crate::model::{EventId, StoryId};
use crate::vector::{expire, ActiveIndex, Centroid};

/// Settings of story linking.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSettings {
    /// An event joins a story when its similarity reaches this. 0.20: the
    /// generated corpora's stories score far better than at 0.25 (10k
    /// story BCubed 0.83 → 0.93) and a follow-up told in another language
    /// finds its story, while news-cluster-en, read with its broad events
    /// as stories, loses 0.008 (BENCHMARKS "Stories: a lower threshold").
    pub threshold: f32,
    /// Weight of named entities (the actors).
    pub entity_weight: f32,
    /// Weight of the body's content words (the subject).
    pub body_weight: f32,
    /// A story with no new event for this many days is closed.
    pub window_days: i64,
    /// Terms looked up in, and indexed by, the story index (of each kind:
    /// words, names, words in the pivot language). With 15, the first
    /// (German) report of Nord Stream 2 halted shared none of them with its
    /// story's, about Putin's recognition of Donetsk and Luhansk the day
    /// before, and was never compared with it (BENCHMARKS "A fifth
    /// winter").
    pub index_terms: usize,
    /// Stories an event is compared with at most: those sharing the most
    /// looked-up terms.
    pub candidates: usize,
    /// Terms kept in a story's own centroids.
    pub centroid_terms: usize,
}

impl Default for LinkSettings {
    fn default() -> Self {
        LinkSettings {
            threshold: 0.20,
            entity_weight: 0.6,
            body_weight: 0.4,
            window_days: 120,
            index_terms: 20,
            candidates: 64,
            centroid_terms: 150,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Story {
    /// Its first event.
    first: EventId,
    /// Its own centroids once a second event joins. A story of one event
    /// learns from the same articles as that event, so it reads the event's
    /// instead: most stories have a single event, and the copies of their
    /// centroids were a fifth of the engine's memory at 1M articles.
    own: Option<Centroids>,
    last: Option<NaiveDate>,
}

/// What a story learns from its articles.
#[derive(Serialize, Deserialize)]
struct Centroids {
    body: Centroid,
    entities: Centroid,
    /// Its words in the pivot language, by language, to meet events in
    /// other languages.
    pivots: Pivots,
}

/// The centroids a story is compared on: its own, or its single event's.
pub(crate) struct Learned<'a> {
    pub(crate) body: &'a Centroid,
    pub(crate) entities: &'a Centroid,
    pub(crate) pivots: &'a Pivots,
}

impl Learned<'_> {
    /// A story's own copy, keeping `terms` terms a centroid.
    fn copied(self, terms: usize) -> Centroids {
        Centroids {
            body: self.body.trimmed(terms),
            entities: self.entities.trimmed(terms),
            pivots: self.pivots.trimmed(terms),
        }
    }
}

impl Story {
    fn centroids<'a>(&'a self, events: &'a Clusterer) -> Option<Learned<'a>> {
        match &self.own {
            Some(c) => Some(Learned {
                body: &c.body,
                entities: &c.entities,
                pivots: &c.pivots,
            }),
            None => events.learned(self.first),
        }
    }
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
    /// document's vectors teach the story in both cases, unless the
    /// document is a copy. `events` holds the event, the document already
    /// counted in it.
    pub(crate) fn link(
        &mut self,
        event: EventId,
        v: &DocVectors,
        copy: bool,
        events: &Clusterer,
    ) -> StoryId {
        let story = match self.of_event.get(&event) {
            Some(story) => *story,
            None => {
                let story = match self.best_story(v, events) {
                    Some(story) => {
                        // A second event: the story's centroids part from
                        // its first event's, as they were before this one.
                        let s = self
                            .stories
                            .get_mut(&story.0)
                            .expect("a found story exists");
                        if s.own.is_none() {
                            s.own = events
                                .learned(s.first)
                                .map(|learned| learned.copied(self.settings.centroid_terms));
                        }
                        story
                    }
                    None => {
                        let s = StoryId(self.count);
                        self.count += 1;
                        let first = Story {
                            first: event,
                            own: None,
                            last: None,
                        };
                        self.stories.insert(s.0, first);
                        s
                    }
                };
                debug!(event = %event, story = %story, "linked event");
                self.of_event.insert(event, story);
                story
            }
        };
        self.update(story, v, copy, events);
        story
    }

    fn best_story(&self, v: &DocVectors, events: &Clusterer) -> Option<StoryId> {
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
                let c = story.centroids(events)?;
                let mut body = c.body.cosine(&v.body);
                // A match in the pivot language counts as it does for events.
                if let Some((pivot, _)) = c.pivots.cross(v) {
                    body = body.max(events.pivot_weight() * pivot);
                }
                let names = c.entities.cosine(&v.entities);
                let score = s.entity_weight * names + s.body_weight * body;
                trace!(story = %StoryId(id), score, names, body, recent, "story compared");
                (recent && score >= s.threshold).then_some((id, score))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(id, _)| StoryId(id))
    }

    /// Teaches a story a document of one of its events (its own centroids,
    /// if it has them), and re-indexes it.
    fn update(&mut self, story: StoryId, v: &DocVectors, copy: bool, events: &Clusterer) {
        let n = self.settings.index_terms;
        let Some(s) = self.stories.get_mut(&story.0) else {
            return;
        };
        if let (Some(own), false) = (&mut s.own, copy) {
            own.body.add(&v.body.vec);
            own.entities.add(&v.entities.vec);
            own.pivots.add(v, self.settings.centroid_terms);
        }
        // A copy changes no centroid, so not the terms the story is indexed by.
        let terms = match (copy, s.centroids(events)) {
            (false, Some(c)) => Some(finding_terms(
                c.body.top_terms(n),
                c.entities.top_terms(n),
                c.pivots.top_terms(n),
            )),
            _ => None,
        };
        if let Some(d) = v.date {
            if s.last.is_none_or(|l| d > l) {
                if let Some(old) = s.last {
                    self.by_last.remove(&(old, story.0));
                }
                s.last = Some(d);
                self.by_last.insert((d, story.0));
            }
        }
        if let Some(terms) = terms {
            self.index.set(story.0, terms);
        }
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

#[cfg(test)]
mod tests {
    use crate::{Engine, Outcome, RawDoc, Settings};

    fn placed(engine: &mut Engine, id: &str, date: &str, url: &str, text: &str) -> (u32, u32) {
        let raw = RawDoc {
            id: id.into(),
            path: format!("{id}.txt"),
            text: text.into(),
            date: Some(date.into()),
            url: Some(url.into()),
            ..RawDoc::default()
        };
        match engine.process(raw) {
            Outcome::Placed(p) => (p.event.0, p.story.0),
            Outcome::Rejected { id, reason } => panic!("{id} rejected: {reason}"),
        }
    }

    const STORM: &str = "Storm Ilona hits Kerbrieuc\n\
        A violent storm hit the Breton port of Kerbrieuc on Monday night, the prefecture said, \
        leaving one fisherman dead and two others injured. Winds of up to 150 kilometres an \
        hour tore roofs off houses along the harbour and flooded the lower town, where \
        firefighters evacuated more than two hundred residents. The mayor of Kerbrieuc, \
        Anne Le Goff, said the town would ask the government for emergency aid.";

    const VOTE: &str = "Kerbrieuc re-elects Anne Le Goff\n\
        The voters of Kerbrieuc re-elected their mayor, Anne Le Goff, on Sunday with 61 \
        percent of the ballots. Her list promised cheaper school meals, a new library and \
        more buses to the railway station, and the opposition conceded before midnight.";

    #[test]
    fn a_story_of_one_event_reads_the_events_centroids_and_copies_teach_it_nothing() {
        let mut engine = Engine::new(Settings::default());
        let (storm, story) = placed(
            &mut engine,
            "wire",
            "2025-03-03",
            "https://wire.example/a",
            STORM,
        );
        let copy = placed(
            &mut engine,
            "copy",
            "2025-03-04",
            "https://paper.example/b",
            STORM,
        );
        assert_eq!(copy, (storm, story));
        assert!(engine.links.stories[&story].own.is_none());

        let (vote, linked) = placed(
            &mut engine,
            "vote",
            "2025-06-20",
            "https://radio.example/c",
            VOTE,
        );
        assert_ne!(vote, storm, "a happening of its own");
        assert_eq!(linked, story, "the same story");
        let late = placed(
            &mut engine,
            "late",
            "2025-06-21",
            "https://late.example/d",
            STORM,
        );
        assert_eq!(late, (storm, story));
        // Its own centroids now: both events' articles, the copy not counted.
        let own = engine.links.stories[&story]
            .own
            .as_ref()
            .expect("two events");
        let learned = |e: u32| {
            engine
                .clusters
                .learned(crate::EventId(e))
                .expect("an event")
        };
        let (a, b) = (learned(storm).body.weights(), learned(vote).body.weights());
        let mut sum = a.clone();
        for (t, w) in &b {
            *sum.entry(*t).or_default() += w;
        }
        let got = own.body.weights();
        assert_eq!(got.len(), sum.len());
        for (t, w) in &sum {
            assert!((got[t] - w).abs() < 1e-5, "{t}: {} against {w}", got[t]);
        }
    }
}
