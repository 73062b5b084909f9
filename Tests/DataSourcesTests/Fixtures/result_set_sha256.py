#!/usr/bin/env python3
"""The SHA-256 of a small result set, computed independently of Assay.

Writes result_set_sha256.json: the rows of a table (row key `id`, an integer
column, a real column with a null, a text column), and the SHA-256 and byte
count of the canonical serialization documented in docs/data-sources.md
("Provenance") and in Sources/Tabular/Hashing/ResultSetHasher.swift:

    column name: 0x03, u32 little-endian UTF-8 length, the bytes
    null:        0x00
    number:      0x01, IEEE 754 binary64 little-endian
    text:        0x02, u32 little-endian UTF-8 length, the bytes

The tests build the table in SQLite and in PostgreSQL from `sql_values` (the
rows as SQL literals, reals in Python's shortest round-trip form), read it
back with `SELECT id, t, y, w, g ... ORDER BY id` and compare the hash.
Run: python3 result_set_sha256.py (Python 3, standard library only).
"""
import hashlib
import json
import struct

COLUMNS = ["id", "t", "y", "w", "g"]
# Stored out of key order on purpose: the result set is in row-key order.
ROWS = [
    [3, 0, -0.1, 1e-07, "a"],
    [1, 0, 1.5, 0.25, "a"],
    [2, 1, 2.75, None, "b"],
    [4, 1, 3.0, 2.0, "c"],
    [10, 1, 123456.789, -0.5, "b"],
    [7, 0, 0.30000000000000004, 12.0, "Ärger"],
]


def serialize(columns, rows):
    out = bytearray()
    for name in columns:
        b = name.encode("utf-8")
        out += struct.pack("<BI", 3, len(b)) + b
    for row in sorted(rows, key=lambda r: r[0]):
        for v in row:
            if v is None:
                out += b"\x00"
            elif isinstance(v, (int, float)):
                out += struct.pack("<Bd", 1, float(v))
            else:
                b = v.encode("utf-8")
                out += struct.pack("<BI", 2, len(b)) + b
    return bytes(out)


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return repr(v)


data = serialize(COLUMNS, ROWS)
sql_values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in ROWS)
with open("result_set_sha256.json", "w") as f:
    json.dump(
        {"columns": COLUMNS, "sql_values": sql_values, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)},
        f, indent=1, ensure_ascii=False)
    f.write("\n")
