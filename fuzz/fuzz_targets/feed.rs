//! Feed and OPML parsing on arbitrary bytes: an error is fine, a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ingest::sniff(data);
    let _ = ingest::parse_feed(data, "https://example.invalid/feed.xml");
    let _ = ingest::parse_opml(data, "list.opml");
});
