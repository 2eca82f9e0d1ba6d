//! The OpenAPI document and the router say the same routes.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::{get, seeded, start};

#[test]
fn the_document_lists_exactly_the_routes() {
    let doc: Value = serde_json::from_str(server::OPENAPI).expect("the document is JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = server::api_routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let missing: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.json: {undocumented:?}"
    );
    assert!(missing.is_empty(), "documented but not routed: {missing:?}");
    // Every $ref points at a schema or response that exists.
    let text = server::OPENAPI;
    for piece in text.split("\"$ref\": \"#/components/").skip(1) {
        let target = &piece[..piece.find('"').unwrap()];
        let (kind, name) = target.split_once('/').unwrap();
        assert!(
            doc["components"][kind][name].is_object(),
            "dangling $ref {target}"
        );
    }
}

#[test]
fn every_documented_route_answers() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |_| {});
    let served = get(server.addr, "/api/openapi.json");
    assert_eq!(served.status, 200);
    assert_eq!(
        served.json(),
        serde_json::from_str::<Value>(server::OPENAPI).unwrap()
    );
    for (method, path) in server::api_routes() {
        let target = path
            .replace("{id}", "none")
            .replace("/api/search", "/api/search?q=a");
        let r = crate::request(server.addr, &method.to_uppercase(), &target, &[], b"");
        // A route that exists answers with its own status, never "no such route".
        let body = r.text();
        assert!(
            !body.contains("no such route"),
            "{method} {path}: {}",
            r.status
        );
        assert_ne!(r.status, 405, "{method} {path}");
    }
}
