//! An info request's memory stays in proportion to what it answers, whatever its size: measured
//! with a counting allocator, so this file is its own test binary with a single test.

use aerolite::cluster::Topology;
use aerolite::server::{NodeCtl, Session, Shared};
use aerolite::store::{NamespaceConfig, Store};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn an_info_request_of_blank_lines_needs_no_memory_per_line() {
    let shared = Arc::new(Shared {
        store: Store::new(&[NamespaceConfig {
            name: "test".into(),
            replication_factor: 1,
            default_ttl: 0,
        }]),
        topology: parking_lot::RwLock::new(Topology::new(&[(0xA1, 3000)], 1)),
        cluster_name: "aerolite".into(),
        auth: None,
        nodes: vec![Arc::new(NodeCtl::new(0, 3000))],
        started: Instant::now(),
        connections: Default::default(),
        control: false,
        tls: None,
    });
    let mut session = Session {
        authenticated: true,
        user_agent_set: false,
    };
    // 16 Mi blank lines, then one command.
    let mut body = vec![b'\n'; 16 * 1024 * 1024];
    body.extend_from_slice(b"build\n");
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let answer = aerolite::info::answer(&shared, 0, &body, &mut session);
    let grown = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(
        String::from_utf8(answer).unwrap(),
        format!("build\t{}\n", aerolite::info::BUILD)
    );
    // Collecting the lines took 16 bytes per line: 256 MiB here.
    assert!(grown < 1024 * 1024, "{grown} bytes allocated");
}
