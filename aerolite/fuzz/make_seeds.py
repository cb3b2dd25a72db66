#!/usr/bin/env python3
"""Builds the seed corpus of the `connection` fuzz target from the golden captures.

Each seed is one flags byte (bit 0: node index, bit 1: login required) followed by every byte
one client sent on one TCP connection, in order: real requests exactly as the official clients
send them. Usage: make_seeds.py GOLDEN_DIR OUT_DIR
"""
import os
import struct
import sys

# Scenario files and the flags their seeds run with.
SCENARIOS = {
    "c_crud_rust": 0,  # put, get, get bin, exists, touch, operate, delete
    "d_errors_python": 0,  # create-only, generation mismatch, ttl
    "e_batch_read_rust": 0,  # batch read
    "f_batch_write_python": 0,  # batch write, full rows
    "f_batch_write_rust": 0,  # batch write, REPEAT rows
    "g_scan_rust": 1,  # partition scans with PID arrays, on the node that holds half
    "h_sindex_query_rust": 0,  # sindex-create / query with an index range / sindex-delete
    "i_info_raw": 0,  # 27 info commands, a 3-name request and an empty one
    "j_login_rust": 2,  # admin LOGIN
}


def tcp_streams(path, server_port=3000):
    """Client-to-server payloads per client port, deduplicated by sequence number."""
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    link_len = {1: 14, 113: 16, 0: 4}[linktype]
    pos, streams = 24, {}
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        ip = frame[link_len:]
        if not ip or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:total]
        sport, dport, seq = struct.unpack(">HHI", tcp[:8])
        payload = tcp[(tcp[12] >> 4) * 4:]
        if dport != server_port or not payload:
            continue
        streams.setdefault(sport, {})[seq] = payload
    return {port: b"".join(p for _, p in sorted(segs.items())) for port, segs in streams.items()}


# Seeds stay small so the fuzzer's mutations stay fast: longer streams are cut between messages.
MAX_SEED = 12 * 1024


def messages(stream):
    pos = 0
    while pos + 8 <= len(stream):
        size = int.from_bytes(stream[pos + 2:pos + 8], "big")
        yield stream[pos:pos + 8 + size]
        pos += 8 + size


def chunks(stream):
    chunk = b""
    for m in messages(stream):
        if chunk and len(chunk) + len(m) > MAX_SEED:
            yield chunk
            chunk = b""
        chunk += m
    if chunk:
        yield chunk


def main():
    golden, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seen = set()
    for name, flags in SCENARIOS.items():
        n = 0
        for _, stream in sorted(tcp_streams(os.path.join(golden, name + ".pcap")).items()):
            for chunk in chunks(stream):
                seed = bytes([flags]) + chunk
                if seed in seen:
                    continue
                seen.add(seed)
                path = os.path.join(out, f"{name}-{n}")
                n += 1
                with open(path, "wb") as f:
                    f.write(seed)
                print(f"{path}: {len(seed)} bytes")
    # A login followed by data commands, on a cluster that requires it.
    login = tcp_streams(os.path.join(golden, "j_login_rust.pcap"))
    crud = tcp_streams(os.path.join(golden, "c_crud_rust.pcap"))
    data_conn = max(crud.values(), key=lambda s: s.count(b"\x02\x03"))
    path = os.path.join(out, "login_then_crud")
    with open(path, "wb") as f:
        f.write(bytes([2]) + min(login.values()) + data_conn)
    print(f"{path}")
    write_regressions(out)


def as_msg_write(namespace, set_name, digest, ops):
    """A single-record write as clients send it (proto header included)."""
    fields = [(0, namespace), (1, set_name), (4, digest)]
    body = bytes([22, 0, 1, 0, 0, 0]) + bytes(12) + len(fields).to_bytes(2, "big") + len(ops).to_bytes(2, "big")
    body = body[:14] + (1000).to_bytes(4, "big") + body[18:]
    for ty, data in fields:
        body += (len(data) + 1).to_bytes(4, "big") + bytes([ty]) + data
    for op, particle, name, value in ops:
        body += (4 + len(name) + len(value)).to_bytes(4, "big") + bytes([op, particle, 0, len(name)]) + name + value
    return bytes([2, 3]) + len(body).to_bytes(6, "big") + body


# Inputs that once crashed aerolite, kept so every run replays them.
REGRESSIONS = {
    # A map bin whose map32 header announces 4 billion pairs: map key sorting reserved room for
    # all of them and the allocation aborted the process.
    "regress-map32-count": as_msg_write(b"test", b"golden", bytes(range(20)), [(2, 19, b"m", b"\xdf\xff\xff\xff\xff")]),
}


def write_regressions(out):
    for name, stream in REGRESSIONS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes([0]) + stream)
        print(os.path.join(out, name))


if __name__ == "__main__":
    main()
