#!/usr/bin/env python3
"""Writes the seed inputs of rust-core's fuzz targets (corpus/<target>/), built by hand from the
protocol reference: a scan answer body with records of every particle type, a partition-done
message and the closing LAST; and read/write frames of a few records."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def field(kind, data):
    return struct.pack(">IB", len(data) + 1, kind) + data


def op(name, ptype, value):
    return struct.pack(">IBBBB", len(name) + 4 + len(value), 1, ptype, 0, len(name)) + name + value


def msg(info3=0, result=0, generation=1, void=0, fields=(), ops=()):
    head = struct.pack(">BBBBBBIIIHH", 22, 0, 0, info3, 0, result, generation, void, 0,
                       len(fields), len(ops))
    return head + b"".join(fields) + b"".join(ops)


def record(i):
    digest = bytes([i, i >> 8 & 0x0f]) + bytes(range(18))
    fields = [field(0, b"test"), field(4, digest), field(1, b"people"),
              field(2, b"\x01" + struct.pack(">q", i))]
    geo = b"\x00\x00\x01" + b"\x07" * 8 + b'{"type":"Point","coordinates":[1.5,2]}'
    ops = [
        op(b"n", 1, struct.pack(">q", -i)),
        op(b"f", 2, struct.pack(">d", i / 4)),
        op(b"s", 3, b"value-%d" % i),
        op(b"b", 4, b"\x00\xff"),
        op(b"t", 17, b"\x01"),
        op(b"g", 23, geo),
        op(b"l", 20, b"\x93\x01\xa2\x03x\x92\xc0\xc3"),
        op(b"m", 19, b"\x82\xc7\x00\x01\xc0\xa2\x03k\xcb" + struct.pack(">d", 2.5)),
        op(b"z", 0, b""),
    ]
    return msg(generation=i, void=12345, fields=fields, ops=ops)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


answer = record(1) + record(2) + msg(info3=4, result=11, generation=77) + msg(info3=1)
write("scan_answer", "records_done_last", answer)
write("scan_answer", "refusal", msg(result=4, fields=[field(45, b"bad filter")]))

# A read frame: count, flags (key + set), digest, generation, void time, set, key, bins.
frame = struct.pack(">I", 1) + b"\x03" + bytes(20) + struct.pack(">II", 2, 0)
frame += struct.pack(">H", 6) + b"people" + b"\x01" + struct.pack(">q", 9)
frame += struct.pack(">H", 2) + struct.pack(">H", 1) + b"s" + b"\x03" + struct.pack(">I", 2) + b"hi"
frame += struct.pack(">H", 1) + b"l" + b"\x06" + struct.pack(">I", 2) + b"\x01" + struct.pack(">q", 1) + b"\x00"
write("frames", "read_frame", frame)
# A write frame: count, flags (user key), key, generation, bins.
wframe = struct.pack(">I", 1) + b"\x01" + b"\x03" + struct.pack(">I", 4) + b"word"
wframe += struct.pack(">I", 0) + struct.pack(">H", 1) + struct.pack(">H", 5) + b"count"
wframe += b"\x01" + struct.pack(">q", 3)
write("frames", "write_frame", wframe)

write("connection_config", "seeds", b"127.0.0.1:3000,[::1]:3010,host\x01alice\x01pw\x01500")
write("connection_config", "bad_port", b"h:http")

# A key list: a MessagePack array of an integer (fixint, int64), a string (fixstr, str32) and a blob.
keys = b"\x96" + b"\x05" + b"\xd3" + struct.pack(">q", -7) + b"\xa3k17" + b"\xdb" + struct.pack(">I", 2) + b"ab"
keys += b"\xc4\x02\x00\xff" + b"\xcd\x01\x00"
write("key_list", "mixed_keys", keys)
# A key split: 'K', namespace, set, node, host (u32 length each), index, of, then a key list.
split = b"K" + b"".join(struct.pack(">I", len(s)) + s for s in (b"test", b"people", b"BB9010", b"127.0.0.1"))
split += struct.pack(">II", 0, 2) + b"\x92\x01\xa1x"
write("key_list", "key_split", split)
