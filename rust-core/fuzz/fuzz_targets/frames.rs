//! Both frame codecs over arbitrary bytes: a read frame (what Java decodes; rust-core's decoder
//! is its reference) and a write frame (what Java hands the writer). Neither may panic or
//! allocate beyond the input's size; a write frame that decodes must encode back to itself.
//! The export's encoders (JSON, SequenceFile, Avro) read the same bytes as a read frame (record
//! count, records): they may refuse them but never panic, and what they accept gives one line,
//! one record or one datum per record.
#![no_main]

use aerohadoop::{avro_datums, frame, json_lines, seq_records, write_frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let decoded = frame::decode(bytes);
    if let Some((count, records)) = bytes.split_first_chunk::<4>() {
        let count = u32::from_be_bytes(*count);
        let mut lines = Vec::new();
        if json_lines::write_lines(records, count, "ns", 0, &mut lines).is_ok() {
            assert_eq!(
                lines.iter().filter(|&&b| b == b'\n').count(),
                count as usize
            );
        }
        let (mut out, mut starts) = (Vec::new(), Vec::new());
        if avro_datums::write_datums(records, count, "ns", 0, &mut out, &mut starts).is_ok() {
            assert_eq!(starts.len(), count as usize);
        }
        let (mut out, mut starts) = (Vec::new(), Vec::new());
        if seq_records::write_records(records, count, "ns", 0, &mut out, &mut starts).is_ok() {
            assert_eq!(starts.len(), count as usize);
            if let Ok(decoded) = &decoded {
                assert_eq!(decoded.len(), count as usize);
            }
        }
    }
    if let Ok(records) = write_frame::decode(bytes) {
        let again = write_frame::encode(&records).expect("decoded records encode");
        assert_eq!(
            write_frame::decode(&again).expect("re-encoded frame decodes"),
            records
        );
    }
});
