//! The JSON API against a real server on the seeds.

use serde_json::{json, Value};

use crate::{call_event, get, post, seeded, start};

#[test]
fn listings_filter_and_page() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |_| {});
    let all = get(server.addr, "/api/events");
    assert_eq!(all.status, 200);
    assert_eq!(all.header("content-type"), Some("application/json"));
    let all = all.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 2, "{all}");
    assert_eq!(all["items"].as_array().unwrap().len() as u64, total);
    assert_eq!(all["limit"], 50);

    // Paging: one at a time, the same events in the same order.
    let mut paged = Vec::new();
    for offset in 0..total {
        let page = get(server.addr, &format!("/api/events?limit=1&offset={offset}")).json();
        assert_eq!(page["total"].as_u64(), Some(total));
        paged.push(page["items"][0]["id"].clone());
    }
    let ids: Vec<Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(paged, ids);
    let newest = get(server.addr, "/api/events?order=newest").json();
    let mut reversed = ids.clone();
    reversed.reverse();
    let newest: Vec<Value> = newest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(newest, reversed);
    let past = get(server.addr, &format!("/api/events?offset={total}")).json();
    assert_eq!(past["items"], json!([]));
    assert_eq!(past["total"].as_u64(), Some(total));

    // Days: only the 30 December call and what overlaps it.
    let late = get(server.addr, "/api/events?since=2021-12-29&until=2021-12-31").json();
    let n = late["total"].as_u64().unwrap();
    assert!(n >= 1 && n < total, "{late}");
    for e in late["items"].as_array().unwrap() {
        assert!(e["end"].as_str().unwrap() >= "2021-12-29", "{e}");
        assert!(e["start"].as_str().unwrap() <= "2021-12-31", "{e}");
    }
    // Language and outlet.
    let fr = get(server.addr, "/api/events?lang=fr").json();
    for e in fr["items"].as_array().unwrap() {
        assert!(e["langs"].as_array().unwrap().contains(&json!("fr")), "{e}");
    }
    let none = get(server.addr, "/api/events?lang=xx").json();
    assert_eq!(none["total"], 0);
    let outlet = all["items"][0]["outlets"][0].as_str().unwrap().to_string();
    let by_outlet = get(
        server.addr,
        &format!("/api/events?outlet={}", outlet.replace(' ', "%20")),
    )
    .json();
    assert!(by_outlet["total"].as_u64().unwrap() >= 1);
    // Full text: the video call of 7 December is the only one with "vidéo"?
    // Whatever the words, q keeps only events with a matching article.
    let q = get(server.addr, "/api/events?q=Poutine").json();
    let found = q["total"].as_u64().unwrap();
    assert!(found >= 1 && found <= total, "{q}");
    assert_eq!(
        get(server.addr, "/api/events?q=zzzzunknownword").json()["total"],
        0
    );

    let stories = get(server.addr, "/api/stories").json();
    assert!(stories["total"].as_u64().unwrap() >= 1);
    let story = stories["items"][0]["id"].as_str().unwrap().to_string();
    let view = get(server.addr, &format!("/api/stories/{story}")).json();
    assert_eq!(view["id"], story.as_str());
    assert!(!view["timeline"].as_array().unwrap().is_empty());
    assert!(!view["items"][0]["items"].as_array().unwrap().is_empty());
}

#[test]
fn the_call_event_shows_the_troop_conflict() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |_| {});
    let id = call_event(server.addr);
    let view = get(server.addr, &format!("/api/events/{id}"));
    assert_eq!(view.status, 200);
    let view = view.json();
    for key in [
        "items", "entities", "quotes", "facts", "summary", "timeline", "first",
    ] {
        assert!(view.get(key).is_some(), "{key} missing");
    }
    let troops: Vec<&Value> = view["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "count" && f["subject"] == "soldiers")
        .collect();
    assert_eq!(troops.len(), 1, "{troops:?}");
    assert_eq!(troops[0]["status"], "conflict");
    let values: Vec<&Value> = troops[0]["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["value"])
        .collect();
    assert!(values.contains(&&json!(100000.0)), "{values:?}");
    assert!(
        values.contains(&&json!({"min": 60000.0, "max": 90000.0})),
        "{values:?}"
    );
    assert!(!view["summary"].as_array().unwrap().is_empty());

    // The same view as `storyline show --format json` builds: one code path.
    let data = tmp.path().join("data");
    let store = store::Store::open(&data, store::Mode::Read).unwrap();
    let event = store.event(&id).unwrap().unwrap();
    let expected = serde_json::to_value(server::view::event(&store, event, None).unwrap()).unwrap();
    assert_eq!(view, expected);

    // An article of it.
    let article = view["items"][0]["id"].as_str().unwrap().to_string();
    let a = get(server.addr, &format!("/api/articles/{article}")).json();
    assert_eq!(a["id"], article.as_str());
    assert_eq!(a["event"], id.as_str());
    assert!(a["body"].as_str().unwrap().len() > 200);
}

#[test]
fn search_groups_by_event_and_health_counts() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |_| {});
    let found = get(server.addr, "/api/search?q=n%C3%A9gociation").json();
    assert_eq!(found["query"], "négociation");
    let groups = found["groups"].as_array().unwrap();
    assert!(!groups.is_empty(), "{found}");
    for g in groups {
        assert!(g["event"]["id"].as_str().unwrap().starts_with('e'));
        let hit = &g["hits"][0];
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert_eq!(hit["event"], g["event"]["id"]);
    }
    let health = get(server.addr, "/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["articles"], 5);
    assert_eq!(health.json()["status"], "ok");
}

fn article(n: usize) -> Value {
    json!({
        "id": format!("posted-{n}"),
        "title": format!("Harbour cranes of Kerbrieuc stopped by storm number {n}"),
        "text": format!("The storm stopped the {n} harbour cranes of Kerbrieuc on Tuesday, the port authority said. \
                 Dockers waited for the wind to drop before the ships could be unloaded again, and \
                 the authority counted {n} containers left on the quay overnight."),
        "date": "2024-03-05",
        "url": format!("https://example.invalid/news/cranes-{n}"),
        "source": "example.invalid"
    })
}

#[test]
fn posted_articles_are_stored_and_listed() {
    let tmp = seeded();
    let data = tmp.path().join("data");
    let server = start(&data, |c| c.token = Some("s3cret".into()));
    // One object.
    let one = post(server.addr, "s3cret", &article(1));
    assert_eq!(one.status, 201, "{}", one.text());
    assert_eq!(one.json()["added"], 1);
    assert_eq!(one.json()["articles"], 6);
    // A batch with a repeat and a bad item.
    let batch = json!([article(2), article(3), article(1), {"title": "no text"}]);
    let many = post(server.addr, "s3cret", &batch);
    assert_eq!(many.status, 201, "{}", many.text());
    let report = many.json();
    assert_eq!(report["added"], 2);
    assert_eq!(report["repeats"], 1);
    assert_eq!(report["rejected"].as_array().unwrap().len(), 1);
    assert!(report["rejected"][0]
        .as_str()
        .unwrap()
        .contains("no article text"));
    // Listed at once, readable, and the store is sound.
    let posted = get(server.addr, "/api/articles/posted-2").json();
    assert_eq!(posted["outlet"], "example.invalid");
    let events = get(server.addr, "/api/events?since=2024-01-01").json();
    assert!(events["total"].as_u64().unwrap() >= 1, "{events}");
    assert_eq!(get(server.addr, "/healthz").json()["articles"], 8);
    let store = store::Store::open(&data, store::Mode::Read).unwrap();
    let problems = store.check(&pipeline::Settings::default()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    // Only repeats: 200, nothing added.
    let again = post(server.addr, "s3cret", &article(3));
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json()["added"], 0);
}

#[test]
fn a_write_while_another_writer_holds_the_lock_is_a_409() {
    let tmp = seeded();
    let data = tmp.path().join("data");
    let server = start(&data, |c| c.token = Some("t".into()));
    let writer = store::Store::open(&data, store::Mode::Write).unwrap();
    let r = post(server.addr, "t", &article(9));
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("one writer at a time"));
    // Reads go on meanwhile.
    assert_eq!(get(server.addr, "/api/events").status, 200);
    drop(writer);
    let r = post(server.addr, "t", &article(9));
    assert_eq!(r.status, 201, "{}", r.text());
}

#[test]
fn listings_follow_another_writer() {
    let tmp = seeded();
    let data = tmp.path().join("data");
    let server = start(&data, |_| {});
    let before = get(server.addr, "/api/events").json()["total"]
        .as_u64()
        .unwrap();
    // Another process's kind of write: the store directly, not the server.
    let text = tmp.path().join("more");
    std::fs::create_dir(&text).unwrap();
    std::fs::write(
        text.join("a.json"),
        json!([article(21), article(22)]).to_string(),
    )
    .unwrap();
    crate::ingest(&data, &[text]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let health = get(server.addr, "/healthz").json();
        let listed = get(server.addr, "/api/events").json()["total"]
            .as_u64()
            .unwrap();
        if health["articles"] == 7 && listed > before {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the listing never caught up"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The listings answered from memory keep exactly the events the store's
/// own query keeps (what `storyline events` prints), for every filter: the
/// load run's route reads only this snapshot.
#[test]
fn listings_from_memory_match_the_store_query() {
    let tmp = seeded();
    let data = tmp.path().join("data");
    // More events: the repository's sample corpus too (four languages).
    let samples = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/articles"
    ));
    crate::ingest(&data, &[samples.to_path_buf()]);
    let server = start(&data, |_| {});
    let store = store::Store::open(&data, store::Mode::Read).unwrap();
    let day = |s: &str| Some(s.parse::<chrono::NaiveDate>().unwrap());
    let filters = [
        store::Filter::default(),
        store::Filter {
            since: day("2021-12-29"),
            ..Default::default()
        },
        store::Filter {
            until: day("2021-12-10"),
            ..Default::default()
        },
        store::Filter {
            since: day("2021-12-01"),
            until: day("2021-12-31"),
            ..Default::default()
        },
        store::Filter {
            lang: Some("de".into()),
            ..Default::default()
        },
        store::Filter {
            lang: Some("fr".into()),
            since: day("2021-12-30"),
            ..Default::default()
        },
        store::Filter {
            outlet: Some("fr.sputniknews.com".into()),
            ..Default::default()
        },
    ];
    for f in filters {
        let mut query = vec!["limit=2".to_string()];
        if let Some(d) = f.since {
            query.push(format!("since={d}"));
        }
        if let Some(d) = f.until {
            query.push(format!("until={d}"));
        }
        if let Some(l) = &f.lang {
            query.push(format!("lang={l}"));
        }
        if let Some(o) = &f.outlet {
            query.push(format!("outlet={o}"));
        }
        let expected: Vec<String> = store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        let mut listed = Vec::new();
        loop {
            let page = get(
                server.addr,
                &format!("/api/events?{}&offset={}", query.join("&"), listed.len()),
            )
            .json();
            assert_eq!(
                page["total"].as_u64().unwrap() as usize,
                expected.len(),
                "{f:?}"
            );
            let items = page["items"].as_array().unwrap();
            if items.is_empty() {
                break;
            }
            listed.extend(items.iter().map(|e| e["id"].as_str().unwrap().to_string()));
        }
        assert_eq!(listed, expected, "{f:?}");
        let stories: Vec<String> = store
            .stories(&f)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        let page = get(
            server.addr,
            &format!(
                "/api/stories?{}",
                query.join("&").replace("limit=2", "limit=500")
            ),
        )
        .json();
        let listed: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(listed, stories, "{f:?}");
    }
}
