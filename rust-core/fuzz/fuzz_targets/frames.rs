//! Both frame codecs over arbitrary bytes: a read frame (what Java decodes; rust-core's decoder
//! is its reference) and a write frame (what Java hands the writer). Neither may panic or
//! allocate beyond the input's size; a write frame that decodes must encode back to itself.
#![no_main]

use aerohadoop::{frame, write_frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = frame::decode(bytes);
    if let Ok(records) = write_frame::decode(bytes) {
        let again = write_frame::encode(&records).expect("decoded records encode");
        assert_eq!(
            write_frame::decode(&again).expect("re-encoded frame decodes"),
            records
        );
    }
});
