//! The naive baseline of `storyline bench --baselines`: the engine's own
//! reading, extraction and analysis, then each article compared with
//! **every** event so far: no inverted index, no candidate limit, no time
//! window. The score is the engine's main terms with its default weights
//! (TF-IDF cosines of body, title and names against each event's
//! centroids, document frequencies counted online per language), without
//! its refinements (member comparisons, named days, time decay, copies,
//! stories), so it measures what an exhaustive comparison costs, not a
//! better or worse clusterer.

use std::collections::HashMap;

use pipeline::model::Term;
use pipeline::{Doc, EventId, Placement, Settings, StoryId};

type Sparse = Vec<(Term, f32)>;

/// Online document frequencies of one language.
#[derive(Default)]
struct Freq {
    docs: u32,
    counts: HashMap<Term, u32>,
}

impl Freq {
    /// Counts one more document holding `terms`.
    fn add(&mut self, terms: &[(Term, u32)]) {
        self.docs += 1;
        for (t, _) in terms {
            *self.counts.entry(*t).or_default() += 1;
        }
    }

    /// The unit vector of `terms`: sublinear TF × smoothed IDF, as the
    /// engine weighs them.
    fn weigh(&self, terms: &[(Term, u32)]) -> Sparse {
        let n = self.docs as f32 + 1.0;
        let mut v: Sparse = terms
            .iter()
            .map(|(t, tf)| {
                let df = self.counts.get(t).copied().unwrap_or(0) as f32 + 1.0;
                (*t, (1.0 + (*tf as f32).ln()) * ((n / df).ln() + 1.0))
            })
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v
    }
}

/// The sum of member vectors and its squared norm.
#[derive(Default)]
struct Sum {
    weights: HashMap<Term, f32>,
    norm2: f32,
}

impl Sum {
    fn cosine(&self, v: &Sparse) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        let dot: f32 = v
            .iter()
            .filter_map(|(t, w)| self.weights.get(t).map(|c| c * w))
            .sum();
        dot / self.norm2.sqrt()
    }

    fn add(&mut self, v: &Sparse) {
        for (t, w) in v {
            *self.weights.entry(*t).or_default() += w;
        }
        self.norm2 = self.weights.values().map(|w| w * w).sum();
    }
}

#[derive(Default)]
struct Event {
    body: Sum,
    title: Sum,
    names: Sum,
}

/// The exhaustive clusterer.
pub(super) struct Naive {
    settings: pipeline::ClusterSettings,
    words: HashMap<&'static str, Freq>,
    names: HashMap<&'static str, Freq>,
    events: Vec<Event>,
}

impl Naive {
    pub(super) fn new(settings: &Settings) -> Naive {
        Naive {
            settings: settings.cluster.clone(),
            words: HashMap::new(),
            names: HashMap::new(),
            events: Vec::new(),
        }
    }

    /// Places a document in the most similar of all events, or a new one.
    pub(super) fn place(&mut self, doc: Doc) -> Placement {
        let s = &self.settings;
        let lang = doc.article.lang.code();
        let words = self.words.entry(lang).or_default();
        let mut text: HashMap<Term, u32> = doc.body_terms.iter().copied().collect();
        for (t, n) in &doc.title_terms {
            *text.entry(*t).or_default() += n * s.title_boost;
        }
        let text: Vec<(Term, u32)> = text.into_iter().collect();
        words.add(&text);
        let body = words.weigh(&text);
        let title = words.weigh(&doc.title_terms);
        let names: Vec<(Term, u32)> = doc
            .entities
            .iter()
            .map(|(k, n)| (pipeline::analyze::term(k), *n))
            .collect();
        let name_freq = self.names.entry(lang).or_default();
        name_freq.add(&names);
        let names = name_freq.weigh(&names);
        let best = self
            .events
            .iter()
            .enumerate()
            .map(|(e, event)| {
                let score = s.body_weight * event.body.cosine(&body)
                    + s.title_weight * event.title.cosine(&title)
                    + s.entity_weight * event.names.cosine(&names);
                (e, score)
            })
            .filter(|(_, score)| *score >= s.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let (e, new_event) = match best {
            Some((e, _)) => (e, false),
            None => {
                self.events.push(Event::default());
                (self.events.len() - 1, true)
            }
        };
        let event = &mut self.events[e];
        event.body.add(&body);
        event.title.add(&title);
        event.names.add(&names);
        Placement {
            doc,
            event: EventId(e as u32),
            story: StoryId(0),
            copy_of: None,
            new_event,
        }
    }
}
