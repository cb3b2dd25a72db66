//! The `long` a Java object holds for its native half. It is a number looked up in a table, never
//! a pointer: a stale, doubled or forged handle (use after `close()`, a `close()` racing a call)
//! then finds nothing and becomes an exception instead of a use-after-free that kills the JVM.
//! Numbers are never reused, so a stale handle cannot reach a newer object.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::Error;

pub(crate) struct Handles<T> {
    /// What the handles point to, for messages ("NativeCluster").
    kind: &'static str,
    next: AtomicI64,
    live: Mutex<HashMap<i64, Arc<T>>>,
}

impl<T> Handles<T> {
    pub(crate) fn new(kind: &'static str) -> Handles<T> {
        Handles {
            kind,
            // 0 stays free: it is what Java sees if a failed call returns a default value.
            next: AtomicI64::new(1),
            live: Mutex::new(HashMap::new()),
        }
    }

    fn live(&self) -> MutexGuard<'_, HashMap<i64, Arc<T>>> {
        // Each update is one insert or remove, so a poisoned map is still consistent.
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn insert(&self, value: T) -> i64 {
        let handle = self.next.fetch_add(1, Ordering::Relaxed);
        self.live().insert(handle, Arc::new(value));
        handle
    }

    /// The object behind `handle`. The `Arc` keeps it alive for the caller even if another thread
    /// closes the handle meanwhile.
    pub(crate) fn get(&self, handle: i64) -> Result<Arc<T>, Error> {
        self.live()
            .get(&handle)
            .cloned()
            .ok_or_else(|| Error::Closed {
                what: format!("{} handle {handle}", self.kind),
            })
    }

    /// Forgets `handle`; the object is dropped once no call is using it. False if it was not live.
    pub(crate) fn remove(&self, handle: i64) -> bool {
        // Dropped outside the lock: dropping may take other locks (the client registry).
        let removed = self.live().remove(&handle);
        removed.is_some()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.live().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_finds_its_object_until_removed() {
        let h = Handles::new("Thing");
        let a = h.insert("a".to_string());
        let b = h.insert("b".to_string());
        assert_ne!(a, b);
        assert_ne!(a, 0);
        assert_eq!(*h.get(a).expect("live"), "a");
        assert!(h.remove(a));
        assert!(!h.remove(a), "second remove finds nothing");
        assert_eq!(*h.get(b).expect("still live"), "b");
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn a_removed_or_forged_handle_is_a_closed_error_naming_it() {
        let h = Handles::new("NativeCluster");
        let a = h.insert(1u8);
        h.remove(a);
        let e = h.get(a).unwrap_err();
        assert_eq!(e.to_string(), format!("NativeCluster handle {a} is closed"));
        assert_eq!(e.result_code(), -1);
        assert!(h.get(9_999).is_err());
    }

    #[test]
    fn numbers_are_not_reused() {
        let h = Handles::new("Thing");
        let a = h.insert(1u8);
        h.remove(a);
        let b = h.insert(2u8);
        assert_ne!(a, b);
        assert!(h.get(a).is_err());
    }

    #[test]
    fn an_object_in_use_outlives_the_removal_of_its_handle() {
        let h = Handles::new("Thing");
        let a = h.insert(vec![1, 2, 3]);
        let in_use = h.get(a).expect("live");
        h.remove(a);
        assert_eq!(in_use.iter().sum::<i32>(), 6);
    }
}
