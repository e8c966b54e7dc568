"""A Display P3 ICC profile (v2, matrix and gamma), written here byte by byte for the tests: the
colour space of most phone cameras. Our own construction from the published primaries (D50-adapted
as the ICC connection space wants), not a copy of any vendor's file."""

import struct

P3_RED = (0.5151, 0.2412, -0.0011)
P3_GREEN = (0.2920, 0.6922, 0.0419)
P3_BLUE = (0.1571, 0.0666, 0.7841)
D50 = (0.9642, 1.0, 0.8249)


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(values):
    return b"XYZ " + b"\0" * 4 + b"".join(_s15(v) for v in values)


def _gamma(value):
    return b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", round(value * 256))


def _text(value):
    ascii_text = value.encode("ascii") + b"\0"
    return b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_text)) + ascii_text + b"\0" * (4 + 4 + 2 + 1 + 67)


def display_p3_profile():
    tags = [
        (b"desc", _text("Newsroom test Display P3")),
        (b"wtpt", _xyz(D50)),
        (b"rXYZ", _xyz(P3_RED)),
        (b"gXYZ", _xyz(P3_GREEN)),
        (b"bXYZ", _xyz(P3_BLUE)),
        (b"rTRC", _gamma(2.2)),
        (b"gTRC", _gamma(2.2)),
        (b"bTRC", _gamma(2.2)),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright: test data\0"),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, data = [], b""
    for signature, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table.append(signature + struct.pack(">II", offset + len(data), len(body)))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
    header += struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acspAPPL" + struct.pack(">I", 0) + b"\0" * 8
    header += b"\0" * 8 + struct.pack(">I", 0) + _s15(D50[0]) + _s15(D50[1]) + _s15(D50[2]) + b"lcms"
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + b"".join(table) + data
