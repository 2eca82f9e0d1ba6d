//! HTML page extraction on arbitrary bytes: an error is fine, a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ingest::extract_html(data, None);
    let _ = ingest::extract_html(data, Some("https://example.invalid/2025/03/03/page.html"));
});
