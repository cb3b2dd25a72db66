//! Cases C01–C16 and C19 of `integration-tests/conformance/CASES.md`: each runs once against the
//! shared 1-node cluster and once against the shared 3-node RF-2 cluster of this test binary.
//! C17 (node loss) and C18 (login) need clusters of their own and live in `node_loss.rs` and
//! `login.rs`.

/// Turns each `async fn case(fx: &Fixture)` named here into two tests, `<case>::one_node` and
/// `<case>::three_nodes_rf2`.
macro_rules! on_both_clusters {
    ($($case:ident),+ $(,)?) => {$(
        mod $case {
            #[test]
            fn one_node() {
                conformance_rust::block_on(super::$case(conformance_rust::one_node()))
            }

            #[test]
            fn three_nodes_rf2() {
                conformance_rust::block_on(super::$case(conformance_rust::three_nodes()))
            }
        }
    )+};
}

mod c01_cluster;
mod c02_particles;
mod c03_reads;
mod c04_exists_actions;
mod c05_generation;
mod c06_ttl;
mod c07_send_key;
mod c08_delete;
mod c09_touch;
mod c10_operate;
mod c11_batch;
mod c12_scan;
mod c13_sindex;
mod c14_filters;
mod c15_truncate;
mod c16_info;
mod c19_errors;
