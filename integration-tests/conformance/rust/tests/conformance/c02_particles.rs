//! C02: every particle type round-trips exactly through put and get; writing nil deletes a bin,
//! and deleting the last bin deletes the record.

use aerospike::{
    as_bin, as_blob, as_geo, as_list, as_map, as_val, Bin, Bins, ReadPolicy, Value, WritePolicy,
};
use conformance_rust::codes::{expect_server_code, KEY_NOT_FOUND};
use conformance_rust::data::key;
use conformance_rust::Fixture;

on_both_clusters!(
    put_get_round_trips_every_particle_type,
    nil_write_deletes_the_bin_and_the_last_bin_the_record
);

const GEO: &str = r#"{"type":"Point","coordinates":[13.4050,52.5200]}"#;

fn every_type() -> Vec<Bin> {
    vec![
        as_bin!("int", -1_234_567_890_123_i64),
        as_bin!("int_max", i64::MAX),
        as_bin!("int_min", i64::MIN),
        as_bin!("float", std::f64::consts::PI),
        as_bin!("float_neg", -0.000_123_5_f64),
        as_bin!("str", "héllo ✓ wörld"),
        as_bin!("str_empty", ""),
        as_bin!("blob", as_blob!((0..=255u8).collect::<Vec<u8>>())),
        as_bin!("bool_t", true),
        as_bin!("bool_f", false),
        as_bin!(
            "list",
            as_list!(
                1,
                -2,
                "three",
                4.5,
                true,
                as_blob!(vec![0u8, 1, 2]),
                as_list!("nested", 7),
                as_map!("k" => 1)
            )
        ),
        as_bin!(
            "map",
            as_map!(
                "y" => as_list!(1, 2),
                "x" => 1,
                "z" => as_map!("b" => 2, "a" => 1),
                "w" => 2.5
            )
        ),
        as_bin!("map_int", as_map!(30 => "c", 10 => "a", 20 => "b")),
        as_bin!("geo", as_geo!(GEO)),
    ]
}

/// The keys of a map value in the order the server sent them.
fn key_order(v: &Value) -> Vec<Value> {
    match v {
        Value::OrderedMap(m) => m.keys().cloned().collect(),
        Value::SortedMap(m) => m.keys().cloned().collect(),
        other => panic!("expected a map as the server returns it, got {other:?}"),
    }
}

async fn put_get_round_trips_every_particle_type(fx: &Fixture) {
    let key = key("c02_types", 1);
    let bins = every_type();
    fx.client
        .put(&WritePolicy::default(), &key, &bins)
        .await
        .expect("put");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::All)
        .await
        .expect("get");
    assert_eq!(
        rec.bins.len(),
        bins.len(),
        "{}: bins {:?}",
        fx.label(),
        rec.bins
    );
    for b in &bins {
        let got = rec
            .bins
            .get(&b.name)
            .unwrap_or_else(|| panic!("{}: bin {} missing", fx.label(), b.name));
        assert_eq!(got, &b.value, "{}: bin {}", fx.label(), b.name);
    }
    assert_eq!(rec.generation, 1);

    // A real server stores every map key-sorted, nested maps too, and returns it that way.
    let map = &rec.bins["map"];
    assert_eq!(
        key_order(map),
        vec![as_val("w"), as_val("x"), as_val("y"), as_val("z")],
        "{}: map {map:?}",
        fx.label()
    );
    let inner = match map {
        Value::OrderedMap(m) => m.get(&as_val("z")).cloned(),
        Value::SortedMap(m) => m.get(&as_val("z")).cloned(),
        _ => None,
    }
    .expect("nested map z");
    assert_eq!(key_order(&inner), vec![as_val("a"), as_val("b")]);
    assert_eq!(
        key_order(&rec.bins["map_int"]),
        vec![Value::from(10), Value::from(20), Value::from(30)]
    );
    // The geo bin comes back as GeoJSON, not as a plain string.
    assert!(
        matches!(&rec.bins["geo"], Value::GeoJson(s) if s == GEO),
        "{}: geo bin {:?}",
        fx.label(),
        rec.bins["geo"]
    );
}

fn as_val(s: &str) -> Value {
    Value::from(s)
}

async fn nil_write_deletes_the_bin_and_the_last_bin_the_record(fx: &Fixture) {
    let key = key("c02_nil", 1);
    let wp = WritePolicy::default();
    fx.client
        .put(
            &wp,
            &key,
            &[as_bin!("a", 1), as_bin!("b", "two"), as_bin!("c", 3.0)],
        )
        .await
        .expect("put");
    fx.client
        .put(&wp, &key, &[as_bin!("b", None)])
        .await
        .expect("nil write");
    let rec = fx
        .client
        .get(&ReadPolicy::default(), &key, Bins::All)
        .await
        .expect("get");
    let mut names: Vec<&str> = rec.bins.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["a", "c"], "{}", fx.label());
    assert_eq!(rec.bins["a"], Value::from(1));
    assert_eq!(rec.generation, 2);

    fx.client
        .put(&wp, &key, &[as_bin!("a", None), as_bin!("c", None)])
        .await
        .expect("nil write of every bin");
    let code = expect_server_code(fx.client.get(&ReadPolicy::default(), &key, Bins::All).await);
    assert_eq!(code, KEY_NOT_FOUND, "{}", fx.label());
    assert!(!fx
        .client
        .exists(&ReadPolicy::default(), &key)
        .await
        .expect("exists"));
}
