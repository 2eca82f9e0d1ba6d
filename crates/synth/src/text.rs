//! Writing one article: sentences of Zipfian background words with the
//! event's and the story's topical words, names, day and figure woven in.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::words::{self, Lexicon, Words};
use crate::{rng, Stream};

/// What an article is about.
pub(crate) struct Scene<'w> {
    pub(crate) words: &'w Words,
    pub(crate) lexicon: &'w Lexicon,
    pub(crate) seed: u64,
    pub(crate) event: u32,
    pub(crate) story: u32,
    /// The day the event happened.
    pub(crate) day: NaiveDate,
    /// Target body size in bytes.
    pub(crate) bytes: usize,
}

/// A written article.
pub(crate) struct Text {
    pub(crate) title: String,
    pub(crate) body: String,
}

/// Topical words an event has in each language, and a story.
const EVENT_TOPIC: usize = 12;
const STORY_TOPIC: usize = 6;
/// Chances that a word is the event's, the story's, or a name.
const P_EVENT_WORD: f64 = 0.09;
const P_STORY_WORD: f64 = 0.04;
const P_NAME: f64 = 0.05;
/// Chance that a copy replaces a given word.
const P_REWRITE: f64 = 0.04;

/// The names and words an event shares across its articles.
struct Cast {
    topic: Vec<String>,
    story_topic: Vec<String>,
    /// People (given name and surname), then places.
    names: Vec<String>,
    figure: u32,
}

impl Cast {
    fn new(scene: &Scene<'_>) -> Cast {
        let mut story = rng(scene.seed, Stream::Story, scene.story.into());
        let mut event = rng(scene.seed, Stream::Event, scene.event.into());
        // Names are drawn before any language-dependent word so that every
        // language's articles of the event share them.
        let person = |r: &mut ChaCha8Rng| {
            format!(
                "{} {}",
                words::name(scene.words, r),
                words::name(scene.words, r)
            )
        };
        let mut names = vec![person(&mut story), person(&mut event), person(&mut event)];
        names.push(words::name(scene.words, &mut story).to_string());
        names.push(words::name(scene.words, &mut event).to_string());
        let figure = event.gen_range(2..200) * 10u32.pow(event.gen_range(0..4));
        // Topical words depend on the language: one stream per language.
        let lang_item =
            |item: u32| (u64::from(item) << 8) | u64::from(scene.lexicon.lang.as_bytes()[0]);
        let mut story = rng(scene.seed, Stream::Story, lang_item(scene.story) | 1 << 63);
        let mut event = rng(scene.seed, Stream::Event, lang_item(scene.event) | 1 << 63);
        Cast {
            topic: (0..EVENT_TOPIC)
                .map(|_| scene.lexicon.topical(&mut event).to_string())
                .collect(),
            story_topic: (0..STORY_TOPIC)
                .map(|_| scene.lexicon.topical(&mut story).to_string())
                .collect(),
            names,
            figure,
        }
    }

    fn word<'a>(&'a self, lexicon: &'a Lexicon, rng: &mut ChaCha8Rng) -> &'a str {
        let roll: f64 = rng.gen();
        if roll < P_EVENT_WORD {
            &self.topic[rng.gen_range(0..self.topic.len())]
        } else if roll < P_EVENT_WORD + P_STORY_WORD {
            &self.story_topic[rng.gen_range(0..self.story_topic.len())]
        } else if roll < P_EVENT_WORD + P_STORY_WORD + P_NAME {
            let name = &self.names[rng.gen_range(0..self.names.len())];
            // A person is named in full or by surname.
            match name.split_once(' ') {
                Some((_, surname)) if rng.gen_bool(0.5) => surname,
                _ => name,
            }
        } else {
            lexicon.word(rng)
        }
    }
}

/// Writes an article. A copy passes the original's generator (so it draws
/// the same words) and its own `rewrite` generator, which replaces a few
/// words and may drop the last paragraph.
pub(crate) fn write(
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
    mut rewrite: Option<&mut ChaCha8Rng>,
) -> Text {
    let cast = Cast::new(scene);
    let lexicon = scene.lexicon;
    let mut title = String::new();
    let title_words = rng.gen_range(6..11);
    // A copy gets a headline of its own: one of its words at least differs.
    let retitled = rewrite.as_deref_mut().map(|r| r.gen_range(0..title_words));
    for k in 0..title_words {
        let word = if k < 3 {
            &cast.topic[rng.gen_range(0..cast.topic.len())]
        } else if k == 3 {
            &cast.names[rng.gen_range(0..cast.names.len())]
        } else {
            lexicon.word(rng)
        };
        let word = match (retitled, rewrite.as_deref_mut()) {
            (Some(at), Some(r)) if at == k => other_word(word, lexicon, r),
            _ => edit(word, lexicon, &mut rewrite),
        };
        push_word(&mut title, word);
    }
    let target = scene.bytes * rng.gen_range(80..120) / 100;
    let mut body = String::with_capacity(target + 200);
    let mut paragraph_start = 0;
    let mut sentences = 0;
    while body.len() < target {
        let mut sentence = String::new();
        let len = rng.gen_range(8..27);
        for _ in 0..len {
            let word = cast.word(lexicon, rng);
            push_word(&mut sentence, edit(word, lexicon, &mut rewrite));
        }
        match sentences {
            1 => sentence.push_str(&format!(" {}", day_phrase(&lexicon.lang, scene.day))),
            3 => sentence.push_str(&format!(" {}", cast.figure)),
            _ => {}
        }
        sentence.push('.');
        sentences += 1;
        if !body.is_empty() && !body.ends_with('\n') {
            body.push(' ');
        }
        body.push_str(&capitalise(&sentence));
        if rng.gen_range(0..4) == 0 {
            body.push('\n');
            paragraph_start = body.len();
        }
    }
    // A copy may lose its last paragraph, but never most of its text.
    if let Some(r) = rewrite {
        if paragraph_start > body.len() / 2 && r.gen_bool(0.5) {
            body.truncate(paragraph_start);
        }
    }
    Text {
        title: capitalise(&title),
        body: body.trim_end().to_string(),
    }
}

/// The word, or in a copy now and then another.
fn edit<'a>(word: &'a str, lexicon: &'a Lexicon, rewrite: &mut Option<&mut ChaCha8Rng>) -> &'a str {
    match rewrite.as_deref_mut() {
        Some(r) => {
            if r.gen_bool(P_REWRITE) {
                lexicon.word(r)
            } else {
                word
            }
        }
        None => word,
    }
}

/// A word drawn until it differs from `word`.
fn other_word<'a>(word: &str, lexicon: &'a Lexicon, rewrite: &mut ChaCha8Rng) -> &'a str {
    loop {
        let other = lexicon.word(rewrite);
        if other != word {
            return other;
        }
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The event's day as the language writes it ("30 décembre 2021").
fn day_phrase(lang: &str, day: NaiveDate) -> String {
    let (d, m, y) = (day.day(), day.month0() as usize, day.year());
    let months = |names: &str| names.split(' ').nth(m).unwrap_or_default().to_string();
    match lang {
        "fr" => format!("{d} {} {y}", months("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")),
        "de" => format!("{d}. {} {y}", months("Januar Februar März April Mai Juni Juli August September Oktober November Dezember")),
        "es" => format!("{d} de {} de {y}", months("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre")),
        "it" => format!("{d} {} {y}", months("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre")),
        "pt" => format!("{d} de {} de {y}", months("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro")),
        "nl" => format!("{d} {} {y}", months("januari februari maart april mei juni juli augustus september oktober november december")),
        _ => format!("{} {d}, {y}", months("January February March April May June July August September October November December")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_as_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2021, 12, 30).unwrap();
        let check = |lang: &str, expected: &str| assert_eq!(day_phrase(lang, day), expected);
        check("fr", "30 décembre 2021");
        check("de", "30. Dezember 2021");
        check("es", "30 de diciembre de 2021");
        check("en", "December 30, 2021");
    }
}
