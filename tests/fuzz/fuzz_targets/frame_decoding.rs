//! Any bytes a client could send as a text frame: parsing must return a
//! frame or a documented error, never panic.

#![no_main]

use hybridhub::protocol::parse_client_frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Tungstenite refuses text frames that are not UTF-8 before we see them.
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = parse_client_frame(text);
        if let Err(error) = parsed.frame {
            assert!(!error.code.as_str().is_empty());
        }
    }
});
