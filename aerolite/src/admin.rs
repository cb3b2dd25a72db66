//! The admin protocol (type 2): LOGIN with a bcrypt credential, AUTHENTICATE with the session
//! token. Off unless a user is configured; then every connection must authenticate first.

use crate::proto::{rc, Reader, TYPE_ADMIN};
use crate::server::{Session, Shared};
use parking_lot::Mutex;
use std::collections::{HashMap, HashSet};
use tracing::{info, warn};

const CMD_AUTHENTICATE: u8 = 0;
const CMD_LOGIN: u8 = 20;
const FIELD_USER: u8 = 0;
const FIELD_CREDENTIAL: u8 = 3;
const FIELD_SESSION_TOKEN: u8 = 5;
const FIELD_SESSION_TTL: u8 = 6;
const SESSION_TTL_SECS: u32 = 24 * 3600;

pub struct Auth {
    user: String,
    password: String,
    /// Credentials already checked against the password: bcrypt is slow on purpose, and every
    /// client sends the same hash again on each reconnect.
    verified: Mutex<HashSet<Vec<u8>>>,
    tokens: Mutex<HashMap<Vec<u8>, String>>,
}

impl Auth {
    pub fn new(user: &str, password: &str) -> Auth {
        Auth {
            user: user.into(),
            password: password.into(),
            verified: Mutex::default(),
            tokens: Mutex::default(),
        }
    }

    fn credential_ok(&self, credential: &[u8]) -> bool {
        if self.verified.lock().contains(credential) {
            return true;
        }
        let ok = std::str::from_utf8(credential)
            .ok()
            .and_then(|c| bcrypt::verify(&self.password, c).ok())
            .unwrap_or(false);
        if ok {
            self.verified.lock().insert(credential.to_vec());
        }
        ok
    }
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
