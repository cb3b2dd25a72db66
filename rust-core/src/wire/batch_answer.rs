//! Reading a batch answer (wire protocol §6.3): proto messages holding one AS_MSG per row, each
//! with the row's result code and, in the header's transaction-TTL word, the row's index; then a
//! message with `info3 = LAST` whose result is 0 or a batch-level error. Rows arrive in
//! completion order; the writer only needs each index and result, so nothing else is decoded.

use super::response::{next_message, Message, WireError};
use super::INFO3_LAST;

/// One message of a batch answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer<'a> {
    /// A row's outcome; `detail` is the server's error text when it sent one.
    Row {
        index: u32,
        result: u8,
        detail: Option<&'a [u8]>,
    },
    /// The end of the answer; `result` ≠ 0 means the batch stopped (rows not answered failed).
    Last {
        result: u8,
        detail: Option<&'a [u8]>,
    },
}

/// Calls `each` for every message in one proto message body; returns whether LAST was among
/// them (nothing after it is read).
pub fn read_body<'a>(body: &'a [u8], mut each: impl FnMut(Answer<'a>)) -> Result<bool, WireError> {
    let last = read_rows(body, |index, msg| {
        each(Answer::Row {
            index,
            result: msg.result,
            detail: msg.error_message,
        })
    })?;
    Ok(match last {
        Some(msg) => {
            each(Answer::Last {
                result: msg.result,
                detail: msg.error_message,
            });
            true
        }
        None => false,
    })
}

/// Calls `each` with every row message of one proto message body and its row index (batch
/// reads need the whole message: generation, void time, bins); returns the LAST message when it
/// was among them (nothing after it is read).
pub fn read_rows<'a>(
    body: &'a [u8],
    mut each: impl FnMut(u32, &Message<'a>),
) -> Result<Option<Message<'a>>, WireError> {
    let mut pos = 0;
    while pos < body.len() {
        let start = pos;
        let msg = next_message(body, &mut pos)?;
        if msg.info3 & INFO3_LAST != 0 {
            return Ok(Some(msg));
        }
        // next_message checked that a whole header is there.
        let index = u32::from_be_bytes([
            body[start + 14],
            body[start + 15],
            body[start + 16],
            body[start + 17],
        ]);
        each(index, &msg);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body of the answer the Rust crate got for its 3-row batch write (golden capture
    /// f_batch_write_rust, message #16): three rows echoing bins a and s as NULL WRITE ops.
    const GOLDEN_ROWS: &str = "\
        16000000000000000001000000000000000000000002000000050200000161000000050200000173\
        16000000000000000001000000000000000100000002000000050200000161000000050200000173\
        16000000000000000001000000000000000200000002000000050200000161000000050200000173";
    /// Message #17: LAST, result 0.
    const GOLDEN_LAST: &str = "16000001000000000000000000000000000000000000";

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    fn read_all(body: &[u8]) -> (Vec<Answer<'_>>, bool) {
        let mut out = Vec::new();
        let last = read_body(body, |a| out.push(a)).expect("parses");
        (out, last)
    }

    #[test]
    fn the_golden_answer_gives_each_rows_index_and_result_then_last() {
        let rows = unhex(GOLDEN_ROWS);
        assert_eq!(rows.len(), 120);
        let (answers, last) = read_all(&rows);
        assert!(!last);
        assert_eq!(
            answers,
            (0..3)
                .map(|index| Answer::Row {
                    index,
                    result: 0,
                    detail: None
                })
                .collect::<Vec<_>>()
        );
        let end = unhex(GOLDEN_LAST);
        assert_eq!(
            read_all(&end),
            (
                vec![Answer::Last {
                    result: 0,
                    detail: None
                }],
                true
            )
        );
    }

    /// A row message as aerolite and the server write it: result, index, optional error text.
    fn row(index: u32, result: u8, error: Option<&str>) -> Vec<u8> {
        let mut m = vec![0u8; 22];
        m[0] = 22;
        m[5] = result;
        m[6..10].copy_from_slice(&7u32.to_be_bytes());
        m[14..18].copy_from_slice(&index.to_be_bytes());
        if let Some(e) = error {
            m[18..20].copy_from_slice(&1u16.to_be_bytes());
            m.extend_from_slice(&(e.len() as u32 + 1).to_be_bytes());
            m.push(45);
            m.extend_from_slice(e.as_bytes());
        }
        m
    }

    #[test]
    fn row_errors_out_of_order_and_a_failed_last_are_reported_as_sent() {
        let mut body = row(2, 5, None);
        body.extend(row(0, 0, None));
        body.extend(row(1, 3, Some("generation mismatch")));
        let mut end = vec![0u8; 22];
        end[0] = 22;
        end[3] = INFO3_LAST;
        end[5] = 9;
        body.extend(&end);
        // Bytes after LAST are not read.
        body.extend([0xff; 3]);
        let (answers, last) = read_all(&body);
        assert!(last);
        assert_eq!(
            answers,
            vec![
                Answer::Row {
                    index: 2,
                    result: 5,
                    detail: None
                },
                Answer::Row {
                    index: 0,
                    result: 0,
                    detail: None
                },
                Answer::Row {
                    index: 1,
                    result: 3,
                    detail: Some(&b"generation mismatch"[..])
                },
                Answer::Last {
                    result: 9,
                    detail: None
                },
            ]
        );
    }

    #[test]
    fn a_truncated_row_is_malformed() {
        let body = row(4, 0, Some("x"));
        assert!(read_body(&body[..body.len() - 1], |_| {}).is_err());
        assert!(read_body(&body[..10], |_| {}).is_err());
    }
}
