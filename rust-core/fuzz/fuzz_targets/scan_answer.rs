//! A node's scan answer, as hostile as the fuzzer makes it, through the reader's parser and
//! re-encoder: nothing may panic, and every record the parser accepts must come out as a frame
//! that the frame decoder (the Java side's twin) reads back as exactly one record.
#![no_main]

use aerohadoop::frame::{decode, FrameBuilder};
use aerohadoop::wire::response::{next_message, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let mut pos = 0;
    let mut frames = FrameBuilder::new(1 << 20);
    while pos < body.len() {
        let Ok(msg) = next_message(body, &mut pos) else {
            return;
        };
        if msg.kind() != Kind::Record {
            continue;
        }
        let before = frames.pending();
        match frames.push_encoded(|out| msg.encode_record(out)) {
            Ok(None) => assert_eq!(frames.pending(), before + 1),
            Ok(Some(_)) => unreachable!("a 1 MiB frame cannot fill from a fuzz input"),
            Err(_) => assert_eq!(frames.pending(), before, "a refused record left bytes"),
        }
    }
    if let Some(frame) = frames.finish() {
        let records = decode(frame.bytes()).expect("the re-encoded records form a valid frame");
        assert_eq!(records.len() as u32, frame.records());
    }
});
