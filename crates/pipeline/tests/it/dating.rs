//! Dates that mislead: a page dated when it was crawled, weeks after its
//! news, finds its event on content alone without dragging the event's span
//! to its date; a day that several live events name (a holiday) tells them
//! apart less than a day only one names.

use pipeline::{RawDoc, Settings};

use crate::archive::{article, events_of};

const STORM: &str = "Storm Ilona kills fisherman in Kerbrieuc\n\
     Storm Ilona hit the Breton port of Kerbrieuc on Monday night, killing a fisherman \
     and injuring two others, the prefecture said. Winds tore roofs off harbour houses \
     and firefighters evacuated two hundred residents of the flooded lower town. \
     Mayor Anne Le Goff asked the government for emergency aid.";

const STORM_AGAIN: &str = "One fisherman dead, two hurt: a night of terror in Kerbrieuc\n\
     A fisherman was killed and two were injured when Storm Ilona struck Kerbrieuc, \
     the Breton port, on Monday night. Firefighters evacuated two hundred residents as \
     the lower town flooded and roofs were torn off harbour houses, said the \
     prefecture. Mayor Anne Le Goff wants emergency aid from the government.";

const AID: &str = "Kerbrieuc gets state aid to rebuild its harbour\n\
     The government on Friday granted Kerbrieuc four million euros to rebuild the \
     harbour houses and the sea wall of the lower town, Mayor Anne Le Goff said. \
     Work on the roofs will start in July, and the fishermen's cooperative will get \
     new moorings before the winter.";

#[test]
fn a_page_dated_at_its_crawl_joins_its_event_without_stretching_it() {
    let got = events_of(
        vec![
            article("storm", "2025-03-04", STORM),
            article("crawled", "2025-05-30", STORM_AGAIN),
            article("aid", "2025-06-01", AID),
        ],
        Settings::default(),
    );
    assert_eq!(got[1], got[0], "the crawl-dated rewrite finds its event");
    assert_ne!(
        got[2], got[0],
        "the aid of June is its own happening: the crawl date did not make the storm recent"
    );
    // The same aid article dated the storm's day does join it: what keeps
    // it apart above is the time, not its words.
    let soon = events_of(
        vec![
            article("storm", "2025-03-04", STORM),
            article("aid", "2025-03-04", AID),
        ],
        Settings::default(),
    );
    assert_eq!(soon[1], soon[0]);
}

fn page(id: &str, date: &str, title: &str, body: &str) -> RawDoc {
    article(id, date, &format!("{title}\n{body}"))
}

fn berlin() -> RawDoc {
    page(
        "berlin",
        "2025-12-29",
        "Berlin sets up a safe zone for women at its New Year's Eve party",
        "Berlin will set up a safe zone for women at the Brandenburg Gate party on 31 \
         December, the city's police said. Hundreds of officers will patrol the crowd of \
         thousands expected for the celebrations, and counsellors will staff a tent near \
         the stage, police spokesman Thilo Cablitz said.",
    )
}

fn bondi() -> RawDoc {
    page(
        "bondi",
        "2026-01-01",
        "Fireworks malfunction injures two at Bondi party",
        "Two people were injured and thousands fled the party when fireworks \
         malfunctioned at Bondi on 31 December, police said. Officers closed the \
         promenade while the crowd left the celebrations.",
    )
}

#[test]
fn a_day_that_many_live_events_name_counts_for_less() {
    // Alone, Berlin's party and the Bondi accident share a few words and
    // their one day: enough to join.
    let alone = events_of(vec![berlin(), bondi()], Settings::default());
    assert_eq!(alone[1], alone[0]);
    // When other live events name that day too, the day says less, and the
    // few shared words are not enough.
    let tokyo = page(
        "tokyo",
        "2025-12-30",
        "Tokyo temples prepare the midnight bells",
        "Buddhist temples across Tokyo are preparing to ring their bells 108 times on 31 \
         December, as every year, monks at Zojoji said. Visitors will queue from the \
         evening and the temple will hand out hot sake.",
    );
    let rio = page(
        "rio",
        "2025-12-30",
        "Rio expects two million people on Copacabana beach",
        "Rio de Janeiro expects two million people on Copacabana beach on 31 December, the \
         city hall said. Twelve stages will host concerts and the navy will close the bay \
         to boats for the night.",
    );
    let busy = events_of(vec![berlin(), tokyo, rio, bondi()], Settings::default());
    assert_eq!(busy.len(), 4);
    assert!(
        busy[..3].iter().all(|e| *e != busy[3]),
        "the accident is news of its own: {busy:?}"
    );
}

const GENEVA: &str = "US and Russia hold eight hours of talks on Ukraine in Geneva\n\
     US Deputy Secretary of State Wendy Sherman and Russian Deputy Foreign Minister \
     Sergei Ryabkov met in Geneva on Monday for talks on Ukraine and NATO. Russia has \
     massed 100,000 troops near the Ukrainian border. Ryabkov said Moscow had no \
     intention of attacking Ukraine and demanded guarantees that NATO would not expand.";

const GENEVA_AGAIN: &str = "No breakthrough in Geneva as Russia presses NATO demands\n\
     Russian Deputy Foreign Minister Sergei Ryabkov told reporters in Geneva on Monday \
     that Moscow had no intention of attacking Ukraine, after talks with US Deputy \
     Secretary of State Wendy Sherman. He demanded guarantees that NATO would not \
     expand. Russia has 100,000 troops near the border of Ukraine.";

const BRUSSELS: &str = "NATO warns of real risk of conflict after Russia council\n\
     NATO Secretary General Jens Stoltenberg said on Wednesday that there was a real \
     risk of a new armed conflict in Europe, after four hours of talks with Russia in \
     Brussels. Deputy Foreign Minister Alexander Grushko led the Russian delegation and \
     again demanded guarantees on Ukraine, as in Geneva earlier in the week.";

/// Two rounds of talks of one story, two days apart, with the same people
/// and the same demands: each report names its own day first, and the
/// second round, whose day is none of the first's, is a happening of its
/// own, even within days of the first.
#[test]
fn a_round_of_talks_two_days_after_another_is_an_event_of_its_own() {
    let docs = || {
        vec![
            article("geneva", "2022-01-10", GENEVA),
            article("geneva-again", "2022-01-11", GENEVA_AGAIN),
            article("brussels", "2022-01-12", BRUSSELS),
        ]
    };
    let got = events_of(docs(), Settings::default());
    assert_eq!(
        got[1], got[0],
        "a second report of Monday's talks joins them"
    );
    // What keeps them apart is the day (and the council's title, "after
    // Russia council"), not the words.
    apart_unless(docs, 2, "Wednesday's talks are another happening", |s| {
        s.cluster.news_day_mismatch = 1.0;
        s.cluster.follow_up = 1.0;
    });
}

const VIDEO: &str = "Biden and Putin clash over Ukraine in two-hour video call\n\
     President Joe Biden warned Vladimir Putin of strong economic measures if Russia \
     attacked Ukraine, during a two-hour video call on Tuesday, the White House said. \
     Putin demanded guarantees that NATO would not expand eastward, the Kremlin said.";

const VIDEO_AGAIN: &str = "Putin and Biden hold video summit on Ukraine\n\
     Vladimir Putin demanded guarantees on NATO in a two-hour video call with Joe Biden \
     on Tuesday, the Kremlin said. Biden warned of strong economic measures if Russia \
     attacked Ukraine, the White House said.";

const CALL: &str = "Putin warns of a colossal mistake in phone call\n\
     Vladimir Putin told his American counterpart that new sanctions would be a \
     colossal mistake, in a 50-minute phone call on Thursday that Moscow had requested, \
     adviser Yuri Ushakov said. Washington would respond decisively to an invasion, \
     the US president replied from his home in Delaware.";

/// A header that gives only the month ("2021-12") says nothing of the day:
/// the article's weekday names tell its news from another day's, as they
/// do for an undated article.
#[test]
fn an_article_dated_to_its_month_is_held_to_its_weekdays() {
    let got = events_of(
        vec![
            article("video", "2021-12-07", VIDEO),
            article("video-again", "2021-12", VIDEO_AGAIN),
            article("call", "2021-12", CALL),
        ],
        Settings::default(),
    );
    assert_eq!(
        got[1], got[0],
        "Tuesday's report of the video call joins it"
    );
    assert_ne!(got[2], got[0], "Thursday's phone call is another happening");
}

const COUNCIL: &str = "NATO warns of real risk of conflict after Russia council\n\
     NATO Secretary General Jens Stoltenberg said on Wednesday that there was a real \
     risk of a new armed conflict in Europe, after four hours of talks with Russia in \
     Brussels. Deputy Foreign Minister Alexander Grushko again demanded guarantees on \
     Ukraine. The talks of Sergei Ryabkov and Wendy Sherman in Geneva on Monday had \
     ended without result.";

/// An event's weekdays are those of its news days, not of every day its
/// reports recall: a report dated only "2022-01" of Monday's talks does not
/// join the council of Wednesday, whose reports name that Monday.
#[test]
fn an_events_weekdays_are_its_news_days() {
    apart_by_weekday(
        || {
            vec![
                article("council", "2022-01-12", COUNCIL),
                article("geneva", "2022-01", GENEVA),
            ]
        },
        "Monday's talks are not Wednesday's council",
    );
}

/// Asserts that the second of `docs` stands apart from the first's event,
/// and that the weekday check is what keeps them apart, not the words.
fn apart_by_weekday(docs: impl Fn() -> Vec<RawDoc>, why: &str) {
    apart_unless(docs, 1, why, |s| s.cluster.weekday_mismatch = 1.0);
}

/// Asserts that `docs[at]` stands apart from the first's event, and joins
/// it once `lift` has turned off what keeps them apart: their words alone
/// would join them.
fn apart_unless(
    docs: impl Fn() -> Vec<RawDoc>,
    at: usize,
    why: &str,
    lift: impl Fn(&mut Settings),
) {
    let got = events_of(docs(), Settings::default());
    assert_ne!(got[at], got[0], "{why}: {got:?}");
    let mut blind = Settings::default();
    lift(&mut blind);
    let words_only = events_of(docs(), blind);
    assert_eq!(words_only[at], words_only[0], "{words_only:?}");
}

const CALL_RECALLING: &str = "Putin warns of a colossal mistake in phone call\n\
     Vladimir Putin told his American counterpart that new sanctions would be a \
     colossal mistake, in a 50-minute phone call on Thursday that Moscow had requested, \
     adviser Yuri Ushakov said. Joe Biden answered that Washington would respond \
     decisively if Russia attacked Ukraine, as in their video call on Tuesday.";

/// A report dated only to its month speaks of its news in its first
/// weekday: a phone call on Thursday that recalls Tuesday's video call
/// further on is not the video call's.
#[test]
fn a_report_without_its_day_is_held_to_its_leads_weekday() {
    apart_by_weekday(
        || {
            vec![
                article("video", "2021-12-07", VIDEO),
                article("call", "2021-12", CALL_RECALLING),
            ]
        },
        "Thursday's call is another happening",
    );
}

const MACRON_SATURDAY: &str = "Macron and Putin talk for nearly two hours on Ukraine\n\
     French President Emmanuel Macron spoke with Vladimir Putin by phone for an hour and \
     forty minutes on Saturday 12 February, the Elysee said. Nothing Putin said suggested \
     that an offensive was being prepared, but France remained extremely vigilant about \
     the Russian troops massed on the border of Ukraine, an adviser of the president said.";

const SUMMIT_SUNDAY: &str = "Biden and Putin accept the principle of a summit\n\
     Joe Biden and Vladimir Putin accepted on Sunday 20 February the principle of a summit \
     on security in Europe, the Elysee said after Emmanuel Macron's calls with both \
     leaders. The summit will only take place if Russia does not invade Ukraine.";

const MACRON_SUNDAY: &str = "Macron talks to Putin for nearly two hours again\n\
     French President Emmanuel Macron spoke with Vladimir Putin by phone for nearly two \
     hours on Sunday 20 February, the Elysee said, as he had for an hour and forty minutes \
     on Saturday 12 February. France remained extremely vigilant about the Russian troops \
     massed on the border of Ukraine, an adviser of the president said. Biden and Putin \
     accepted the principle of a summit, if Russia does not invade.";

/// A report of Sunday's calls that recalls Saturday's, a week before,
/// reads more like the reports of Saturday than like those of Sunday; its
/// news day is Sunday's, and so is its event.
#[test]
fn a_report_joins_the_event_of_its_news_day_over_a_closer_one() {
    let got = events_of(
        vec![
            article("saturday", "2022-02-12", MACRON_SATURDAY),
            article("summit", "2022-02-20", SUMMIT_SUNDAY),
            article("sunday", "2022-02-20", MACRON_SUNDAY),
        ],
        Settings::default(),
    );
    assert_ne!(got[1], got[0], "Sunday's summit is not Saturday's call");
    assert_eq!(
        got[2], got[1],
        "Sunday's call joins Sunday's event: {got:?}"
    );
}

const BRIEFING: &str = "Biden briefs Zelensky on Putin video call, warns of strong measures\n\
     President Joe Biden spoke by phone with Volodymyr Zelensky on Thursday, two days \
     after his video call with Vladimir Putin, and told him he had warned Putin of \
     strong economic measures if Russia attacked Ukraine. He assured Zelensky of the \
     support of the United States for Ukraine's sovereignty, the White House said. \
     Zelensky thanked him on Twitter.";

/// A report whose lead puts two days between its news and the happening
/// it recalls ("on Thursday, two days after his video call") tells a
/// happening of its own: it keeps out of the recalled one's event, which
/// its words and names alone would have it join.
#[test]
fn a_lead_that_says_two_days_after_tells_a_happening_of_its_own() {
    let docs = || {
        vec![
            article("video", "2021-12-07", VIDEO),
            article("video-again", "2021-12-07", VIDEO_AGAIN),
            article("briefing", "2021-12-09", BRIEFING),
        ]
    };
    let got = events_of(docs(), Settings::default());
    assert_eq!(got[1], got[0]);
    apart_unless(docs, 2, "Thursday's call follows Tuesday's", |s| {
        s.cluster.follow_up = 1.0
    });
}

const WEBB_LAUNCH: &str = "James Webb Space Telescope lifts off on Ariane rocket\n\
     The James Webb Space Telescope lifted off on Saturday from Kourou in French Guiana \
     on an Ariane 5 rocket, NASA administrator Bill Nelson said. The $10 billion \
     observatory of NASA, the European Space Agency and the Canadian Space Agency will \
     travel to the Lagrange point L2, 1.5 million kilometres from Earth, and unfold its \
     golden mirror and its sunshield on the way.";

const WEBB_ARRIVAL: &str = "James Webb telescope reaches its orbit around L2\n\
     A thruster burn on Monday put the James Webb Space Telescope in orbit around the \
     Lagrange point L2, 1.5 million kilometres from Earth, a month after its Ariane 5 \
     rocket lifted off from Kourou, flight controllers in Baltimore said. Its golden \
     mirror will now be aligned before the first images of distant galaxies, expected \
     in the summer.";

/// A lead that puts a month between its news and the happening it recalls
/// ("a month after its rocket lifted off") counts it as 28 to 31 days:
/// the telescope's arrival, 30 days after its launch, keeps out of the
/// launch's event.
#[test]
fn a_lead_that_says_a_month_after_tells_a_happening_of_its_own() {
    apart_unless(
        || {
            vec![
                article("launch", "2021-12-25", WEBB_LAUNCH),
                article("arrival", "2022-01-24", WEBB_ARRIVAL),
            ]
        },
        1,
        "Monday's arrival follows the launch",
        |s| s.cluster.follow_up = 1.0,
    );
}

const TROOPS: &str = "Russian troops arrive in Belarus for joint drills\n\
     Russian troops and armour arrived in Belarus on Tuesday for joint exercises near \
     the border of Ukraine, the defence ministry in Minsk said. Deputy defence minister \
     Alexander Fomin said the drills would test a defensive operation. Western capitals \
     fear a northern front against Kyiv.";

const TROOPS_AHEAD: &str = "Moscow sends soldiers to Belarus ahead of February exercises\n\
     The drills, from 10 to 20 February, will rehearse the defence of the union state, \
     Alexander Fomin told foreign military attaches in Moscow. Trains carrying tanks \
     have reached Belarus, and Western capitals fear a northern front against Kyiv.";

/// A report dated only to January tells January's news: the days of
/// February it names first are the drills to come, not its news day, and
/// it joins the troops' arrival of 18 January, which the news-day factor
/// (its "news" on 10 February against theirs) would keep it from.
#[test]
fn a_day_after_the_month_of_a_report_is_no_news_day_of_it() {
    let got = events_of(
        vec![
            article("troops", "2022-01-18", TROOPS),
            article("ahead", "2022-01", TROOPS_AHEAD),
        ],
        Settings::default(),
    );
    assert_eq!(got[1], got[0], "{got:?}");
}

const CANCELLED: &str = "Australia cancels Djokovic's visa for a second time\n\
     Immigration Minister Alex Hawke cancelled the visa of Novak Djokovic on Friday on \
     grounds of health and good order, days before the Australian Open in Melbourne. \
     The lawyers of the world No. 1 went to the Federal Court to fight the decision.";

const DEPORTED: &str = "Djokovic deported after losing court fight\n\
     Novak Djokovic left Australia on Sunday night on a flight to Dubai, after three \
     judges of the Federal Court in Melbourne upheld the decision of Immigration \
     Minister Alex Hawke to cancel his visa. The world No. 1 will miss the Australian \
     Open, which starts on Monday.";

/// A title that tells its news as after another happening ("deported
/// after losing court fight") keeps the report out of an event two days
/// older, which its words and names alone would have it join.
#[test]
fn a_title_that_says_after_tells_a_happening_of_its_own() {
    apart_unless(
        || {
            vec![
                article("cancelled", "2022-01-14", CANCELLED),
                article("deported", "2022-01-16", DEPORTED),
            ]
        },
        1,
        "Sunday's deportation follows Friday's decision",
        |s| s.cluster.follow_up = 1.0,
    );
}

const CALL_AGAIN: &str = "Biden and Putin speak again as tensions over Ukraine run high\n\
     Joe Biden and Vladimir Putin spoke by phone on Thursday evening, their second talk \
     since the video call of 7 December. Putin warned that new sanctions would be a \
     colossal mistake, adviser Yuri Ushakov said, while the US president said Washington \
     would respond decisively to an invasion of Ukraine.";

/// An article dated only to its month that speaks of its news by a weekday
/// ("on Thursday evening") and names first a day on another weekday (the
/// video call "of 7 December", a Tuesday) has no news day: that day is
/// one it recalls. Its Thursday holds it to Thursday's call.
#[test]
fn a_recalled_day_is_no_news_day_for_an_article_without_its_day() {
    let got = events_of(
        vec![
            article("video", "2021-12-07", VIDEO),
            article("call", "2021-12-30", CALL),
            article("again", "2021-12", CALL_AGAIN),
        ],
        Settings::default(),
    );
    assert_ne!(got[1], got[0]);
    assert_eq!(got[2], got[1], "{got:?}");
}

const NO_TROOPS: &str = "Biden rules out sending US troops to defend Ukraine\n\
     President Joe Biden said on Wednesday that sending American troops to Ukraine was \
     not on the table, a day after warning Vladimir Putin of strong economic measures if \
     Russia attacked Ukraine in their video call.";

const MOVE_IN: &str = "Biden expects Moscow to move in on its neighbour\n\
     President Joe Biden said on Wednesday that he expected Moscow to move in on \
     Ukraine. A minor incursion would bring a lesser answer than an invasion, he told a \
     news conference marking his first year in office.";

/// An article dated only to January that speaks of a Wednesday and names
/// no day is not the news of a December event, though that event holds a
/// Wednesday: its month and its weekday name the days it may speak of,
/// and none is the event's.
#[test]
fn a_month_and_a_weekday_name_the_days_an_article_may_speak_of() {
    apart_unless(
        || {
            vec![
                article("video", "2021-12-07", VIDEO),
                article("no-troops", "2021-12-08", NO_TROOPS),
                article("move-in", "2022-01", MOVE_IN),
            ]
        },
        2,
        "January's Wednesday is none of December's",
        |s| s.cluster.news_day_mismatch = 1.0,
    );
}
