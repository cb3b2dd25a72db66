//! What identifies a connection to a cluster: seed hosts, credentials and timeouts. Two equal
//! configurations share one client (see `cluster.rs`), so equality is on the normalised form:
//! seeds sorted and deduplicated, since `a:3000,b:3000` and `b:3000,a:3000` reach the same cluster.

use std::fmt;

use aerospike::{AuthMode, ClientPolicy, Host, TlsPolicy};

use crate::error::{Error, Result};
use crate::tls::TlsSettings;

/// The port a seed without one is given, as every Aerospike client does.
pub const DEFAULT_PORT: u16 = 3000;

/// A validated, normalised connection configuration; the key of the client registry.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ConnectionConfig {
    seeds: Vec<Host>,
    credentials: Option<(String, String)>,
    timeout_ms: u32,
    tls: Option<TlsSettings>,
}

impl ConnectionConfig {
    /// Parses `hosts` (`h1:3000,h2:3000`; a missing port means 3000; `host:tls-name:port` is
    /// accepted as the Aerospike clients accept it) and checks the other values.
    /// `user` and `password` come together or not at all; `timeout_ms` must be positive.
    pub fn new(
        hosts: &str,
        user: Option<&str>,
        password: Option<&str>,
        timeout_ms: u32,
    ) -> Result<ConnectionConfig> {
        let invalid_hosts = |reason: String| Error::InvalidArgument {
            what: "seed host list",
            value: hosts.to_string(),
            reason,
        };
        let mut seeds = Vec::new();
        for part in hosts.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            seeds.push(parse_seed(part).map_err(&invalid_hosts)?);
        }
        if seeds.is_empty() {
            return Err(invalid_hosts("no host given".into()));
        }
        seeds.sort_by_key(|h| (h.name.clone(), h.port, h.tls_name.clone()));
        seeds.dedup();
        let credentials = match (user, password) {
            (None, None) => None,
            (Some(""), _) => {
                return Err(Error::InvalidArgument {
                    what: "user",
                    value: String::new(),
                    reason: "a user name cannot be empty".into(),
                })
            }
            (Some(u), Some(p)) => Some((u.to_string(), p.to_string())),
            (Some(u), None) => {
                return Err(Error::InvalidArgument {
                    what: "user",
                    value: u.to_string(),
                    reason: "a user needs a password".into(),
                })
            }
            (None, Some(_)) => {
                return Err(Error::InvalidArgument {
                    what: "password",
                    // Never echo a password, not even a misplaced one.
                    value: "<hidden>".into(),
                    reason: "a password needs a user".into(),
                });
            }
        };
        if timeout_ms == 0 {
            return Err(Error::InvalidArgument {
                what: "timeout in milliseconds",
                value: "0".into(),
                reason: "must be positive".into(),
            });
        }
        Ok(ConnectionConfig {
            seeds,
            credentials,
            timeout_ms,
            tls: None,
        })
    }

    /// The same configuration over TLS. The files are read now, so a missing or damaged one is
    /// reported before anything connects. Every seed's certificate is checked against the TLS
    /// name, or without one against the seed's own host name or address.
    pub fn with_tls(mut self, tls: TlsSettings) -> Result<ConnectionConfig> {
        tls.client_config()?;
        for seed in &mut self.seeds {
            seed.tls_name = Some(tls.name.clone().unwrap_or_else(|| seed.name.clone()));
        }
        self.tls = Some(tls);
        Ok(self)
    }

    pub fn tls(&self) -> Option<&TlsSettings> {
        self.tls.as_ref()
    }

    pub fn seeds(&self) -> &[Host] {
        &self.seeds
    }

    /// The seeds as `host:port,[v6]:port`: the form this parser reads back.
    pub fn seed_list(&self) -> String {
        self.seeds
            .iter()
            .map(|h| {
                if h.name.contains(':') {
                    format!("[{}]:{}", h.name, h.port)
                } else {
                    format!("{}:{}", h.name, h.port)
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn user(&self) -> Option<&str> {
        self.credentials.as_ref().map(|(u, _)| u.as_str())
    }

    /// User and password, when the cluster has security on.
    pub fn credentials(&self) -> Option<(&str, &str)> {
        self.credentials
            .as_ref()
            .map(|(u, p)| (u.as_str(), p.as_str()))
    }

    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// The `aerospike` client policy for this configuration. The timeout bounds each socket
    /// operation of the info commands, the TCP connect and the login exchange.
    pub fn client_policy(&self) -> Result<ClientPolicy> {
        let mut policy = ClientPolicy {
            timeout: self.timeout_ms,
            connect_timeout: self.timeout_ms,
            login_timeout: self.timeout_ms,
            ..ClientPolicy::default()
        };
        if let Some((user, password)) = &self.credentials {
            policy.set_auth_mode(AuthMode::Internal(user.clone(), password.clone()));
        }
        if let Some(tls) = &self.tls {
            policy.tls_policy = Some(TlsPolicy::new(tls.client_config()?));
        }
        Ok(policy)
    }
}

/// One seed: `host`, `host:port`, `[ipv6]` or `[ipv6]:port`. Written here rather than taken from
/// the `aerospike` crate, whose parser reads `host:word` as a TLS name and silently keeps port
/// 3000, so a mistyped port would go unnoticed.
fn parse_seed(seed: &str) -> std::result::Result<Host, String> {
    let (name, port) = if let Some(rest) = seed.strip_prefix('[') {
        let (addr, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("'{seed}' has no closing ']'"))?;
        match after {
            "" => (addr, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (addr, Some(p)),
                None => return Err(format!("'{seed}': expected ':port' after ']'")),
            },
        }
    } else {
        match seed.split_once(':') {
            None => (seed, None),
            Some((_, p)) if p.contains(':') => {
                return Err(format!(
                    "'{seed}': write an IPv6 address in brackets, as [addr]:port"
                ))
            }
            Some((h, p)) => (h, Some(p)),
        }
    };
    // Brackets only enclose an IPv6 address; inside a name they would not survive a round trip
    // through the seed list (found by the connection_config fuzzer: `[[]`).
    if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c == '[' || c == ']') {
        return Err(format!("'{seed}' has no valid host name"));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(format!("'{seed}': port '{p}' is not a number in 1..65535")),
        },
    };
    Ok(Host::new(name, port))
}

/// Shows everything but the password, so a configuration can be logged.
impl fmt::Debug for ConnectionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionConfig")
            .field("seeds", &self.seed_list())
            .field("user", &self.user())
            .field("timeout_ms", &self.timeout_ms)
            .field("tls", &self.tls)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_sorted_deduplicated_and_default_to_port_3000() {
        let c = ConnectionConfig::new("b:4000, a ,b:4000", None, None, 1000).expect("valid");
        assert_eq!(c.seed_list(), "a:3000,b:4000");
    }

    #[test]
    fn seed_order_does_not_change_the_identity() {
        let x = ConnectionConfig::new("a:1,b:2", None, None, 1000).expect("valid");
        let y = ConnectionConfig::new("b:2,a:1", None, None, 1000).expect("valid");
        assert_eq!(x, y);
    }

    #[test]
    fn credentials_and_timeout_are_part_of_the_identity() {
        let plain = ConnectionConfig::new("a:1", None, None, 1000).expect("valid");
        let user = ConnectionConfig::new("a:1", Some("u"), Some("p"), 1000).expect("valid");
        let other_pw = ConnectionConfig::new("a:1", Some("u"), Some("q"), 1000).expect("valid");
        let slower = ConnectionConfig::new("a:1", None, None, 2000).expect("valid");
        assert_ne!(plain, user);
        assert_ne!(user, other_pw);
        assert_ne!(plain, slower);
    }

    #[test]
    fn a_bad_port_is_rejected_naming_the_list() {
        let e = ConnectionConfig::new("a:notaport", None, None, 1000).unwrap_err();
        assert_eq!(e.result_code(), 4);
        assert!(e.to_string().contains("'a:notaport'"), "{e}");
        assert!(e.to_string().contains("port 'notaport'"), "{e}");
        assert!(ConnectionConfig::new("a:0", None, None, 1000).is_err());
        assert!(ConnectionConfig::new("a:70000", None, None, 1000).is_err());
    }

    #[test]
    fn ipv6_seeds_need_brackets() {
        let c = ConnectionConfig::new("[::1]:3100,[::1]", None, None, 1000).expect("valid");
        assert_eq!(c.seed_list(), "[::1]:3000,[::1]:3100");
        // The list reads back as the same configuration (found by the connection_config fuzzer).
        let again = ConnectionConfig::new(&c.seed_list(), None, None, 1000).expect("re-parses");
        assert!(again == c);
        let e = ConnectionConfig::new("[[]", None, None, 1000).unwrap_err();
        assert!(e.to_string().contains("no valid host name"), "{e}");
        let e = ConnectionConfig::new("::1:3000", None, None, 1000).unwrap_err();
        assert!(e.to_string().contains("brackets"), "{e}");
    }

    #[test]
    fn an_empty_list_is_rejected() {
        let e = ConnectionConfig::new("  ", None, None, 1000).unwrap_err();
        assert!(e.to_string().contains("no host given"), "{e}");
    }

    #[test]
    fn a_user_without_password_is_rejected_naming_the_user() {
        let e = ConnectionConfig::new("a", Some("alice"), None, 1000).unwrap_err();
        assert!(e.to_string().contains("'alice'"), "{e}");
        assert_eq!(e.result_code(), 4);
    }

    #[test]
    fn a_password_without_user_is_rejected_without_echoing_it() {
        let e = ConnectionConfig::new("a", None, Some("s3cret"), 1000).unwrap_err();
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }

    #[test]
    fn debug_output_hides_the_password() {
        let c = ConnectionConfig::new("a", Some("alice"), Some("s3cret"), 1000).expect("valid");
        let shown = format!("{c:?}");
        assert!(
            shown.contains("alice") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn the_policy_carries_timeout_and_credentials() {
        let c = ConnectionConfig::new("a", Some("alice"), Some("pw"), 750).expect("valid");
        let p = c.client_policy().expect("policy");
        assert_eq!(
            (p.timeout, p.connect_timeout, p.login_timeout),
            (750, 750, 750)
        );
        assert_eq!(p.auth_mode, AuthMode::Internal("alice".into(), "pw".into()));
    }

    #[test]
    fn zero_timeout_is_rejected() {
        let e = ConnectionConfig::new("a", None, None, 0).unwrap_err();
        assert!(e.to_string().contains("timeout"), "{e}");
    }
}
