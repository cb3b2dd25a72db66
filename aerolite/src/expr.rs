//! Filter expressions (field 43), as the clients' `Exp` builders encode them: a msgpack tree of
//! `[op_code, args…]` nodes. Compiled once per command, evaluated once per record.
//!
//! Evaluation is three-valued as on a real server: a missing bin or a type mismatch makes the
//! result "unknown", and an unknown filter result excludes the record (27 for single-record
//! commands, skipped in scans).

use crate::proto::particle;
use crate::record::{Clock, Record, CITRUSLEAF_EPOCH};
use rmpv::Value;
use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
pub enum ExprError {
    #[error("malformed filter expression: {0}")]
    Malformed(String),
    #[error("filter expression op {0} is not supported by aerolite")]
    Unsupported(i64),
}

/// A value an expression computes.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Blob(Vec<u8>),
    Geo(Vec<u8>),
    List(Value),
    Map(Value),
}

#[derive(Debug, Clone)]
pub enum Expr {
    Lit(Val),
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Exclusive(Vec<Expr>),
    Arith(Arith, Vec<Expr>),
    Bin { name: Vec<u8>, ty: i64 },
    BinType(Vec<u8>),
    Key(i64),
    KeyExists,
    SetName,
    LastUpdate,
    SinceUpdate,
    VoidTime,
    Ttl,
    IsTombstone,
    DigestModulo(i64),
    Regex(regex::bytes::Regex, Box<Expr>),
}

#[derive(Debug, Clone, Copy)]
pub enum Cmp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Min,
    Max,
}

/// What a record offers to an expression.
pub struct ExprCtx<'a> {
    pub rec: &'a Record,
    pub digest: &'a [u8; 20],
    pub set_name: Option<&'a str>,
    pub now: &'a Clock,
}

impl Expr {
    pub fn compile(bytes: &[u8]) -> Result<Expr, ExprError> {
        let mut rd = bytes;
        let v =
            rmpv::decode::read_value(&mut rd).map_err(|e| ExprError::Malformed(e.to_string()))?;
        if !rd.is_empty() {
            return Err(ExprError::Malformed("bytes after the expression".into()));
        }
        compile(&v, 0)
    }

    /// True only when the expression evaluates to boolean true.
    pub fn matches(&self, ctx: &ExprCtx<'_>) -> bool {
        matches!(self.eval(ctx), Some(Val::Bool(true)))
    }

    pub fn eval(&self, ctx: &ExprCtx<'_>) -> Option<Val> {
        match self {
            Expr::Lit(v) => Some(v.clone()),
            Expr::Cmp(op, a, b) => {
                let (a, b) = (a.eval(ctx)?, b.eval(ctx)?);
                compare(*op, &a, &b).map(Val::Bool)
            }
            Expr::And(xs) => {
                let mut unknown = false;
                for x in xs {
                    match x.eval(ctx) {
                        Some(Val::Bool(false)) => return Some(Val::Bool(false)),
                        Some(Val::Bool(true)) => {}
                        _ => unknown = true,
                    }
                }
                if unknown {
                    None
                } else {
                    Some(Val::Bool(true))
                }
            }
            Expr::Or(xs) => {
                let mut unknown = false;
                for x in xs {
                    match x.eval(ctx) {
                        Some(Val::Bool(true)) => return Some(Val::Bool(true)),
                        Some(Val::Bool(false)) => {}
                        _ => unknown = true,
                    }
                }
                if unknown {
                    None
                } else {
                    Some(Val::Bool(false))
                }
            }
            Expr::Not(x) => match x.eval(ctx)? {
                Val::Bool(b) => Some(Val::Bool(!b)),
                _ => None,
            },
            Expr::Exclusive(xs) => {
                let mut n = 0;
                for x in xs {
                    match x.eval(ctx)? {
                        Val::Bool(true) => n += 1,
                        Val::Bool(false) => {}
                        _ => return None,
                    }
                }
                Some(Val::Bool(n == 1))
            }
            Expr::Arith(op, xs) => {
                let vals: Option<Vec<Val>> = xs.iter().map(|x| x.eval(ctx)).collect();
                arith(*op, &vals?)
            }
            Expr::Bin { name, ty } => {
                let bin = ctx.rec.bin(name)?;
                let v = particle_to_val(bin.particle, bin.value)?;
                if type_matches(*ty, &v) {
                    Some(v)
                } else {
                    None
                }
            }
            Expr::BinType(name) => Some(Val::Int(
                ctx.rec.bin(name).map(|b| b.particle as i64).unwrap_or(0),
            )),
            Expr::Key(ty) => {
                let key = ctx.rec.key.as_ref()?;
                let v = particle_to_val(*key.first()?, &key[1..])?;
                if type_matches(*ty, &v) {
                    Some(v)
                } else {
                    None
                }
            }
            Expr::KeyExists => Some(Val::Bool(ctx.rec.key.is_some())),
            Expr::SetName => Some(Val::Str(ctx.set_name.unwrap_or("").as_bytes().to_vec())),
            Expr::LastUpdate => Some(Val::Int(ctx.rec.last_update_ns as i64)),
            Expr::SinceUpdate => Some(Val::Int(
                (ctx.now.unix_ns.saturating_sub(ctx.rec.last_update_ns) / 1_000_000) as i64,
            )),
            Expr::VoidTime => Some(Val::Int(if ctx.rec.void_time == 0 {
                -1
            } else {
                ((ctx.rec.void_time as u64 + CITRUSLEAF_EPOCH) * 1_000_000_000) as i64
            })),
            Expr::Ttl => Some(Val::Int(if ctx.rec.void_time == 0 {
                -1
            } else {
                ctx.rec.void_time.saturating_sub(ctx.now.void_secs) as i64
            })),
            Expr::IsTombstone => Some(Val::Bool(false)),
            Expr::DigestModulo(n) => {
                // The server takes the digest's bytes 16..20 as a little-endian u32.
                let v = u32::from_le_bytes([
                    ctx.digest[16],
                    ctx.digest[17],
                    ctx.digest[18],
                    ctx.digest[19],
                ]);
                Some(Val::Int((v as i64) % *n))
            }
            Expr::Regex(re, x) => match x.eval(ctx)? {
                Val::Str(s) => Some(Val::Bool(re.is_match(&s))),
                _ => None,
            },
        }
    }
}

const MAX_DEPTH: usize = 64;

fn compile(v: &Value, depth: usize) -> Result<Expr, ExprError> {
    if depth > MAX_DEPTH {
        return Err(ExprError::Malformed("expression nested too deeply".into()));
    }
    let arr = match v {
        Value::Array(a) => a,
        other => return literal(other).map(Expr::Lit),
    };
    let code = arr
        .first()
        .and_then(Value::as_i64)
        .ok_or_else(|| ExprError::Malformed("expression node without an op code".into()))?;
    let args = &arr[1..];
    let sub = |i: usize| -> Result<Box<Expr>, ExprError> {
        args.get(i)
            .ok_or_else(|| ExprError::Malformed(format!("op {code} lacks argument {i}")))
            .and_then(|a| compile(a, depth + 1))
            .map(Box::new)
    };
    let all =
        || -> Result<Vec<Expr>, ExprError> { args.iter().map(|a| compile(a, depth + 1)).collect() };
    let int_arg = |i: usize| -> Result<i64, ExprError> {
        args.get(i).and_then(Value::as_i64).ok_or_else(|| {
            ExprError::Malformed(format!("op {code}: argument {i} is not an integer"))
        })
    };
    let name_arg = |i: usize| -> Result<Vec<u8>, ExprError> {
        match args.get(i) {
            Some(Value::String(s)) => Ok(s.as_bytes().to_vec()),
            Some(Value::Binary(b)) => Ok(b.clone()),
            _ => Err(ExprError::Malformed(format!(
                "op {code}: argument {i} is not a name"
            ))),
        }
    };
    let cmp = |c: Cmp| -> Result<Expr, ExprError> { Ok(Expr::Cmp(c, sub(0)?, sub(1)?)) };
    Ok(match code {
        1 => cmp(Cmp::Eq)?,
        2 => cmp(Cmp::Ne)?,
        3 => cmp(Cmp::Gt)?,
        4 => cmp(Cmp::Ge)?,
        5 => cmp(Cmp::Lt)?,
        6 => cmp(Cmp::Le)?,
        7 => {
            let flags = int_arg(0)?;
            let pattern = match args.get(1) {
                Some(Value::String(s)) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                _ => return Err(ExprError::Malformed("regex without a pattern".into())),
            };
            // POSIX REG_ICASE is 2.
            let re = regex::bytes::RegexBuilder::new(&pattern)
                .case_insensitive(flags & 2 != 0)
                .build()
                .map_err(|e| ExprError::Malformed(format!("bad regex: {e}")))?;
            Expr::Regex(re, sub(2)?)
        }
        16 => Expr::And(all()?),
        17 => Expr::Or(all()?),
        18 => Expr::Not(sub(0)?),
        19 => Expr::Exclusive(all()?),
        20 => Expr::Arith(Arith::Add, all()?),
        21 => Expr::Arith(Arith::Sub, all()?),
        22 => Expr::Arith(Arith::Mul, all()?),
        23 => Expr::Arith(Arith::Div, all()?),
        26 => Expr::Arith(Arith::Mod, all()?),
        50 => Expr::Arith(Arith::Min, all()?),
        51 => Expr::Arith(Arith::Max, all()?),
        64 => {
            let n = int_arg(0)?;
            if n <= 0 {
                return Err(ExprError::Malformed(
                    "digest modulo must be positive".into(),
                ));
            }
            Expr::DigestModulo(n)
        }
        66 => Expr::LastUpdate,
        67 => Expr::SinceUpdate,
        68 => Expr::VoidTime,
        69 => Expr::Ttl,
        70 => Expr::SetName,
        71 => Expr::KeyExists,
        72 => Expr::IsTombstone,
        80 => Expr::Key(int_arg(0)?),
        81 => Expr::Bin {
            ty: int_arg(0)?,
            name: name_arg(1)?,
        },
        82 => Expr::BinType(name_arg(0)?),
        126 => Expr::Lit(Val::List(args.first().cloned().unwrap_or(Value::Nil))),
        other => return Err(ExprError::Unsupported(other)),
    })
}

/// A literal inside an expression. Strings carry the particle type as their first byte.
fn literal(v: &Value) -> Result<Val, ExprError> {
    Ok(match v {
        Value::Nil => Val::Nil,
        Value::Boolean(b) => Val::Bool(*b),
        Value::Integer(i) => Val::Int(
            i.as_i64()
                .ok_or_else(|| ExprError::Malformed("integer out of range".into()))?,
        ),
        Value::F32(f) => Val::Float(*f as f64),
        Value::F64(f) => Val::Float(*f),
        Value::String(s) => prefixed(s.as_bytes())?,
        Value::Binary(b) => Val::Blob(b.clone()),
        Value::Map(_) => Val::Map(v.clone()),
        Value::Array(_) => Val::List(v.clone()),
        Value::Ext(..) => return Err(ExprError::Malformed("unexpected ext value".into())),
    })
}

fn prefixed(b: &[u8]) -> Result<Val, ExprError> {
    match b.split_first() {
        Some((&particle::STRING, rest)) => Ok(Val::Str(rest.to_vec())),
        Some((&particle::BLOB, rest)) => Ok(Val::Blob(rest.to_vec())),
        Some((&particle::GEOJSON, rest)) => Ok(Val::Geo(rest.to_vec())),
        _ => Err(ExprError::Malformed(
            "string literal without a particle type".into(),
        )),
    }
}

/// A bin's stored bytes as an expression value.
pub fn particle_to_val(ptype: u8, value: &[u8]) -> Option<Val> {
    Some(match ptype {
        particle::NULL => Val::Nil,
        particle::INTEGER => Val::Int(i64::from_be_bytes(value.try_into().ok()?)),
        particle::FLOAT => Val::Float(f64::from_be_bytes(value.try_into().ok()?)),
        particle::STRING => Val::Str(value.to_vec()),
        particle::BLOB => Val::Blob(value.to_vec()),
        particle::BOOL => Val::Bool(*value.first()? != 0),
        particle::GEOJSON => {
            let cells = u16::from_be_bytes([*value.get(1)?, *value.get(2)?]) as usize;
            Val::Geo(value.get(3 + cells * 8..)?.to_vec())
        }
        particle::LIST => Val::List(rmpv::decode::read_value(&mut &value[..]).ok()?),
        particle::MAP => Val::Map(rmpv::decode::read_value(&mut &value[..]).ok()?),
        _ => return None,
    })
}

/// Expression value types: 0 nil, 1 bool, 2 int, 3 string, 4 list, 5 map, 6 blob, 7 float, 8 geo.
fn type_matches(ty: i64, v: &Val) -> bool {
    matches!(
        (ty, v),
        (0, Val::Nil)
            | (1, Val::Bool(_))
            | (2, Val::Int(_))
            | (3, Val::Str(_))
            | (4, Val::List(_))
            | (5, Val::Map(_))
            | (6, Val::Blob(_))
            | (7, Val::Float(_))
            | (8, Val::Geo(_))
    )
}

fn compare(op: Cmp, a: &Val, b: &Val) -> Option<bool> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Float(x), Val::Float(y)) => x.partial_cmp(y),
        (Val::Str(x), Val::Str(y)) | (Val::Blob(x), Val::Blob(y)) | (Val::Geo(x), Val::Geo(y)) => {
            Some(x.cmp(y))
        }
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        (Val::Nil, Val::Nil) => Some(Ordering::Equal),
        (Val::List(x), Val::List(y)) | (Val::Map(x), Val::Map(y)) => {
            return match op {
                Cmp::Eq => Some(x == y),
                Cmp::Ne => Some(x != y),
                _ => None,
            }
        }
        _ => None,
    };
    let ord = ord?;
    Some(match op {
        Cmp::Eq => ord == Ordering::Equal,
        Cmp::Ne => ord != Ordering::Equal,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Ge => ord != Ordering::Less,
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Le => ord != Ordering::Greater,
    })
}

fn arith(op: Arith, vals: &[Val]) -> Option<Val> {
    let (first, rest) = vals.split_first()?;
    match first {
        Val::Int(_) => {
            let mut acc = if let Val::Int(i) = first { *i } else { 0 };
            for v in rest {
                let Val::Int(x) = v else { return None };
                acc = match op {
                    Arith::Add => acc.wrapping_add(*x),
                    Arith::Sub => acc.wrapping_sub(*x),
                    Arith::Mul => acc.wrapping_mul(*x),
                    Arith::Div => acc.checked_div(*x)?,
                    Arith::Mod => acc.checked_rem(*x)?,
                    Arith::Min => acc.min(*x),
                    Arith::Max => acc.max(*x),
                };
            }
            if rest.is_empty() && matches!(op, Arith::Sub) {
                acc = acc.wrapping_neg();
            }
            Some(Val::Int(acc))
        }
        Val::Float(f) => {
            let mut acc = *f;
            for v in rest {
                let Val::Float(x) = v else { return None };
                acc = match op {
                    Arith::Add => acc + x,
                    Arith::Sub => acc - x,
                    Arith::Mul => acc * x,
                    Arith::Div => acc / x,
                    Arith::Mod => acc % x,
                    Arith::Min => acc.min(*x),
                    Arith::Max => acc.max(*x),
                };
            }
            if rest.is_empty() && matches!(op, Arith::Sub) {
                acc = -acc;
            }
            Some(Val::Float(acc))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Bin;

    fn pack(v: &Value) -> Vec<u8> {
        let mut b = Vec::new();
        rmpv::encode::write_value(&mut b, v).unwrap();
        b
    }
    fn s(x: &str) -> Value {
        let mut b = vec![particle::STRING];
        b.extend_from_slice(x.as_bytes());
        Value::String(rmpv::Utf8String::from(unsafe_utf8(b)))
    }
    // Prefixed strings are valid UTF-8 because the prefix byte 3 is ASCII.
    fn unsafe_utf8(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }
    fn bin(name: &str, ty: i64) -> Value {
        Value::Array(vec![81.into(), ty.into(), Value::String(name.into())])
    }
    fn rec() -> Record {
        let stored = Record::of_set(
            0,
            &[
                Bin {
                    name: b"i".to_vec(),
                    particle: particle::INTEGER,
                    value: 7i64.to_be_bytes().to_vec(),
                },
                Bin {
                    name: b"f".to_vec(),
                    particle: particle::FLOAT,
                    value: 2.5f64.to_be_bytes().to_vec(),
                },
                Bin {
                    name: b"s".to_vec(),
                    particle: particle::STRING,
                    value: b"abc".to_vec(),
                },
                Bin {
                    name: b"b".to_vec(),
                    particle: particle::BOOL,
                    value: vec![1],
                },
            ],
        );
        Record {
            last_update_ns: 5_000,
            ..stored
        }
    }
    fn eval(v: Value) -> Option<Val> {
        let e = Expr::compile(&pack(&v)).unwrap();
        let r = rec();
        let now = Clock {
            unix_ns: 10_000_000,
            void_secs: 100,
        };
        e.eval(&ExprCtx {
            rec: &r,
            digest: &[0; 20],
            set_name: Some("set"),
            now: &now,
        })
    }

    #[test]
    fn compares_each_bin_type() {
        assert_eq!(
            eval(Value::Array(vec![3.into(), bin("i", 2), 5.into()])),
            Some(Val::Bool(true))
        );
        assert_eq!(
            eval(Value::Array(vec![5.into(), bin("f", 7), Value::F64(2.0)])),
            Some(Val::Bool(false))
        );
        assert_eq!(
            eval(Value::Array(vec![1.into(), bin("s", 3), s("abc")])),
            Some(Val::Bool(true))
        );
        assert_eq!(
            eval(Value::Array(vec![1.into(), bin("b", 1), true.into()])),
            Some(Val::Bool(true))
        );
    }

    #[test]
    fn missing_bins_and_type_mismatches_are_unknown_and_not_is_still_unknown() {
        let missing = Value::Array(vec![1.into(), bin("zz", 2), 1.into()]);
        assert_eq!(eval(missing.clone()), None);
        assert_eq!(eval(Value::Array(vec![18.into(), missing])), None);
        assert_eq!(
            eval(Value::Array(vec![1.into(), bin("s", 2), 1.into()])),
            None
        );
    }

    #[test]
    fn and_or_not_and_metadata() {
        let gt = Value::Array(vec![3.into(), bin("i", 2), 5.into()]);
        let lt = Value::Array(vec![5.into(), bin("i", 2), 5.into()]);
        assert_eq!(
            eval(Value::Array(vec![16.into(), gt.clone(), lt.clone()])),
            Some(Val::Bool(false))
        );
        assert_eq!(
            eval(Value::Array(vec![17.into(), gt.clone(), lt.clone()])),
            Some(Val::Bool(true))
        );
        assert_eq!(
            eval(Value::Array(vec![18.into(), lt])),
            Some(Val::Bool(true))
        );
        assert_eq!(
            eval(Value::Array(vec![Value::from(66)])),
            Some(Val::Int(5_000))
        );
        assert_eq!(
            eval(Value::Array(vec![Value::from(69)])),
            Some(Val::Int(-1))
        );
        assert_eq!(
            eval(Value::Array(vec![
                1.into(),
                Value::Array(vec![70.into()]),
                s("set")
            ])),
            Some(Val::Bool(true))
        );
    }

    #[test]
    fn malformed_and_unsupported_expressions_are_errors() {
        assert!(matches!(
            Expr::compile(&[0x93, 0x01]),
            Err(ExprError::Malformed(_))
        ));
        assert!(matches!(
            Expr::compile(&pack(&Value::Array(vec![]))),
            Err(ExprError::Malformed(_))
        ));
        assert_eq!(
            Expr::compile(&pack(&Value::Array(vec![127.into(), 1.into()]))).unwrap_err(),
            ExprError::Unsupported(127)
        );
    }
}
