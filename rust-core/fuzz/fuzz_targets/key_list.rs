//! The key-list codecs over arbitrary bytes: a key list (the MessagePack array Java sends) and a
//! key split (the planner's bytes a task hands back). Neither decoder panics; a key list it
//! accepts re-encodes to a list that decodes to the same keys, and an accepted split's bytes are
//! its own.
#![no_main]

use aerohadoop::key_split::KeySplit;
use aerohadoop::user_key::{decode_keys, encode_keys};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    if let Ok(keys) = decode_keys(input) {
        let again = decode_keys(&encode_keys(&keys)).expect("an encoded key list decodes");
        assert!(again == keys, "{keys:?} re-read as {again:?}");
    }
    if let Ok(split) = KeySplit::from_bytes(input) {
        let again = KeySplit::from_bytes(&split.to_bytes()).expect("a split's bytes decode");
        assert!(again == split, "{split:?} re-read as {again:?}");
    }
});
