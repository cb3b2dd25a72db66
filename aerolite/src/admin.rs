//! The admin protocol (type 2): LOGIN with a bcrypt credential, AUTHENTICATE with the session
//! token. Off unless a user is configured; then every connection must authenticate first.

use crate::proto::{rc, Reader, TYPE_ADMIN};
use crate::server::{Session, Shared};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::OnceLock;
use tracing::{info, warn};

const CMD_AUTHENTICATE: u8 = 0;
const CMD_LOGIN: u8 = 20;
const FIELD_USER: u8 = 0;
const FIELD_CREDENTIAL: u8 = 3;
const FIELD_SESSION_TOKEN: u8 = 5;
const FIELD_SESSION_TTL: u8 = 6;
const SESSION_TTL_SECS: u32 = 24 * 3600;

/// The salt and cost every Aerospike client hashes the password with before it sends it as the
/// LOGIN credential (bcrypt's base64 alphabet). The server compares that hash with the one it
/// holds; it never re-hashes what a client sends, so a credential naming a huge cost cannot make
/// it spend minutes of CPU.
const CLIENT_SALT: &str = "7EqJtq98hPqEX7fNZaFWoO";
const CLIENT_COST: u32 = 10;

pub struct Auth {
    user: String,
    password: String,
    /// The credential a client sends for `password`, computed at the first login: bcrypt is
    /// slow on purpose, and most clusters never see one.
    expected: OnceLock<Option<String>>,
    tokens: Mutex<HashMap<Vec<u8>, String>>,
}

impl Auth {
    pub fn new(user: &str, password: &str) -> Auth {
        Auth {
            user: user.into(),
            password: password.into(),
            expected: OnceLock::new(),
            tokens: Mutex::default(),
        }
    }

    /// Like `new`, with the credential clients send already computed (see [`client_hash`]), so
    /// that nothing is hashed at login.
    pub fn with_client_hash(user: &str, hash: String) -> Auth {
        Auth {
            user: user.into(),
            password: String::new(),
            expected: OnceLock::from(Some(hash)),
            tokens: Mutex::default(),
        }
    }

    fn credential_ok(&self, credential: &[u8]) -> bool {
        let expected = self.expected.get_or_init(|| client_hash(&self.password));
        expected.as_deref().map(str::as_bytes) == Some(credential)
    }
}

/// What a client sends as the credential for `password`; None if bcrypt refuses the password.
pub fn client_hash(password: &str) -> Option<String> {
    use base64::Engine;
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::BCRYPT,
        base64::engine::GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let salt: [u8; 16] = engine.decode(CLIENT_SALT).ok()?.try_into().ok()?;
    bcrypt::hash_with_salt(password, CLIENT_COST, salt)
        .ok()
        .map(|h| h.format_for_version(bcrypt::Version::TwoA))
}

/// Answers one admin message.
pub fn answer(shared: &Shared, body: &[u8], session: &mut Session) -> Vec<u8> {
    let Some(auth) = &shared.auth else {
        return reply(rc::SEC_NOT_ENABLED, &[]);
    };
    let mut r = Reader::new(body);
    let Ok(head) = r.bytes(16, "admin header") else {
        return reply(rc::SEC_FIELD, &[]);
    };
    let (command, n_fields) = (head[2], head[3]);
    let mut fields: HashMap<u8, &[u8]> = HashMap::new();
    for _ in 0..n_fields {
        let field = r.u32("admin field size").and_then(|size| {
            let id = r.u8("admin field id")?;
            Ok((
                id,
                r.bytes((size as usize).saturating_sub(1), "admin field")?,
            ))
        });
        match field {
            Ok((id, data)) if size_ok(data) => {
                fields.insert(id, data);
            }
            _ => return reply(rc::SEC_FIELD, &[]),
        }
    }
    let user = fields
        .get(&FIELD_USER)
        .map(|u| String::from_utf8_lossy(u).into_owned());
    match command {
        CMD_LOGIN => {
            let good = user.as_deref() == Some(auth.user.as_str())
                && fields
                    .get(&FIELD_CREDENTIAL)
                    .is_some_and(|c| auth.credential_ok(c));
            if !good {
                warn!(user = ?user, "login refused");
                return reply(rc::INVALID_CREDENTIAL, &[]);
            }
            let token: [u8; 32] = rand::random();
            auth.tokens.lock().insert(token.to_vec(), auth.user.clone());
            session.authenticated = true;
            info!(user = %auth.user, "login");
            reply(
                rc::OK,
                &[
                    (FIELD_SESSION_TOKEN, &token),
                    (FIELD_SESSION_TTL, &SESSION_TTL_SECS.to_be_bytes()),
                ],
            )
        }
        CMD_AUTHENTICATE => {
            let known = fields
                .get(&FIELD_SESSION_TOKEN)
                .and_then(|t| auth.tokens.lock().get(*t).cloned());
            match known {
                Some(u) if user.as_deref().is_none_or(|x| x == u) => {
                    session.authenticated = true;
                    reply(rc::OK, &[])
                }
                _ => reply(rc::INVALID_CREDENTIAL, &[]),
            }
        }
        other => {
            warn!(command = other, "admin command not served by aerolite");
            reply(rc::SEC_NOT_SUPPORTED, &[])
        }
    }
}

fn size_ok(data: &[u8]) -> bool {
    data.len() < 64 * 1024
}

fn reply(result: u8, fields: &[(u8, &[u8])]) -> Vec<u8> {
    let mut body = vec![0u8; 16];
    body[1] = result;
    body[3] = fields.len() as u8;
    for (id, data) in fields {
        body.extend_from_slice(&((data.len() + 1) as u32).to_be_bytes());
        body.push(*id);
        body.extend_from_slice(data);
    }
    let mut out = crate::proto::ProtoHeader::encode(TYPE_ADMIN, body.len()).to_vec();
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;
    use std::time::{Duration, Instant};

    /// The credential the Rust client 3.0.0 sent for password "admin" (golden j_login_rust).
    const GOLDEN_ADMIN_CREDENTIAL: &str =
        "$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa";

    fn login(user: &str, credential: &str) -> Vec<u8> {
        let mut body = vec![0u8; 16];
        body[2] = CMD_LOGIN;
        body[3] = 2;
        for (id, data) in [(FIELD_USER, user), (FIELD_CREDENTIAL, credential)] {
            body.extend_from_slice(&(data.len() as u32 + 1).to_be_bytes());
            body.push(id);
            body.extend_from_slice(data.as_bytes());
        }
        body
    }

    fn session() -> Session {
        Session {
            authenticated: false,
            user_agent_set: false,
        }
    }

    #[test]
    fn client_hash_is_the_credential_a_real_client_sends() {
        assert_eq!(
            client_hash("admin").as_deref(),
            Some(GOLDEN_ADMIN_CREDENTIAL)
        );
    }

    #[test]
    fn login_with_the_client_hash_authenticates_and_returns_a_token() {
        let shared = test_support::shared(
            1,
            Some(Auth::with_client_hash(
                "admin",
                GOLDEN_ADMIN_CREDENTIAL.into(),
            )),
        );
        let mut s = session();
        let out = answer(&shared, &login("admin", GOLDEN_ADMIN_CREDENTIAL), &mut s);
        assert_eq!(out[8 + 1], rc::OK);
        assert_eq!(out[8 + 3], 2, "session token and ttl fields");
        assert!(s.authenticated);
    }

    #[test]
    fn login_with_a_credential_naming_a_huge_cost_is_refused_without_hashing() {
        // A well-formed bcrypt hash of cost 20: verifying the password against it would keep a
        // runtime thread busy for minutes, stalling every connection scheduled on it.
        let costly = "$2a$20$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa";
        let shared = test_support::shared(
            1,
            Some(Auth::with_client_hash(
                "admin",
                GOLDEN_ADMIN_CREDENTIAL.into(),
            )),
        );
        let mut s = session();
        let started = Instant::now();
        let out = answer(&shared, &login("admin", costly), &mut s);
        assert_eq!(out[8 + 1], rc::INVALID_CREDENTIAL);
        assert!(!s.authenticated);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
