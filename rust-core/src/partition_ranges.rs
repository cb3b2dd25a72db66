//! Partition id lists as runs of consecutive ids. Splits store their partitions this way (a
//! contiguous split is one run, a node's share a few hundred), and error messages name
//! partitions this way, so that "partitions 0-1023 are unavailable" stays one readable line.

/// The runs of `ids` as inclusive `(first, last)` pairs. `ids` must be sorted and free of
/// duplicates.
pub fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, last)) if u32::from(*last) + 1 == u32::from(id) => *last = id,
            _ => out.push((id, id)),
        }
    }
    out
}

/// `ids` (sorted, no duplicates) as `0-5, 17, 4000-4095`; `none` when empty.
pub fn describe(ids: &[u16]) -> String {
    describe_runs(&runs(ids), usize::MAX)
}

/// Like [`describe`], but shows at most `max_runs` runs and then says how many more there are,
/// for one-line summaries of scattered sets (a node's share of a namespace).
pub fn describe_brief(ids: &[u16], max_runs: usize) -> String {
    describe_runs(&runs(ids), max_runs)
}

fn describe_runs(runs: &[(u16, u16)], max_runs: usize) -> String {
    if runs.is_empty() {
        return "none".into();
    }
    let mut parts: Vec<String> = runs
        .iter()
        .take(max_runs)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    if runs.len() > max_runs {
        parts.push(format!("and {} more runs", runs.len() - max_runs));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_ids_collapse_into_runs() {
        assert_eq!(
            runs(&[0, 1, 2, 5, 7, 8, 4095]),
            vec![(0, 2), (5, 5), (7, 8), (4095, 4095)]
        );
        assert_eq!(runs(&[]), vec![]);
    }

    #[test]
    fn runs_are_shown_as_ranges_and_single_ids() {
        assert_eq!(
            describe(&[0, 1, 2, 3, 4, 5, 17, 4000, 4001]),
            "0-5, 17, 4000-4001"
        );
        assert_eq!(describe(&[9]), "9");
        assert_eq!(describe(&[]), "none");
    }

    #[test]
    fn a_brief_description_counts_the_runs_it_leaves_out() {
        assert_eq!(describe_brief(&[1, 3, 5, 7], 2), "1, 3, and 2 more runs");
        assert_eq!(describe_brief(&[1, 2, 3], 2), "1-3");
    }
}
