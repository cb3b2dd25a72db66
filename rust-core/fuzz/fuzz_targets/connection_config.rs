//! The connection configuration parser (seed list, user, password, timeout) over arbitrary text:
//! it never panics, and a configuration it accepts is a fixed point — parsing its own seed list
//! again gives the same configuration.
#![no_main]

use aerohadoop::connection::ConnectionConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let text = String::from_utf8_lossy(input);
    let mut parts = text.splitn(4, '\u{1}');
    let hosts = parts.next().unwrap_or_default();
    let user = parts.next().filter(|u| !u.is_empty());
    let password = parts.next().filter(|p| !p.is_empty());
    let timeout = parts
        .next()
        .and_then(|t| t.trim().parse::<u32>().ok())
        .unwrap_or(1000);
    let Ok(config) = ConnectionConfig::new(hosts, user, password, timeout) else {
        return;
    };
    let again = ConnectionConfig::new(&config.seed_list(), user, password, timeout)
        .expect("a configuration's own seed list parses");
    assert!(again == config, "{config:?} re-parsed as {again:?}");
});
