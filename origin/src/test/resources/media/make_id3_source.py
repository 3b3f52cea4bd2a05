#!/usr/bin/env python3
"""Writes id3_source.ts: a minimal MPEG-TS holding only a timed ID3 metadata stream
(stream_type 0x15 with the metadata_descriptor 0x26 of Apple's "Timed Metadata for
HTTP Live Streaming"), two ID3v2.4 TXXX tags at 0 s and 1 s. ffmpeg cannot encode timed
ID3 from scratch, so this file is only the *source* that ffmpeg then remuxes (see README)."""
import struct, sys, zlib

def crc32_mpeg(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc

def section(table_id, ext, body):
    length = 5 + len(body) + 4
    head = bytes([table_id, 0xB0 | (length >> 8), length & 0xFF]) + struct.pack(">H", ext) + bytes([0xC1, 0, 0])
    s = head + body
    return s + struct.pack(">I", crc32_mpeg(s))

def packets(pid, payload, cc, pusi=True):
    out = []
    first = True
    while payload or first:
        chunk, payload = payload[:184], payload[184:]
        head = bytes([0x47, (0x40 if first and pusi else 0) | (pid >> 8), pid & 0xFF])
        if len(chunk) < 184:  # pad with an adaptation field of stuffing
            stuff = 184 - len(chunk) - 1
            af = bytes([stuff]) + (bytes([0x00]) + b"\xff" * (stuff - 1) if stuff > 0 else b"")
            out.append(head + bytes([0x30 | (cc & 15)]) + af + chunk)
        else:
            out.append(head + bytes([0x10 | (cc & 15)]) + chunk)
        cc += 1
        first = False
    return b"".join(out), cc

def pts_bytes(pts):
    return bytes([0x21 | ((pts >> 29) & 0x0E), (pts >> 22) & 0xFF, 0x01 | ((pts >> 14) & 0xFE),
                  (pts >> 7) & 0xFF, 0x01 | ((pts << 1) & 0xFE)])

def id3_tag(text):
    frame_body = b"\x03" + b"fount\x00" + text.encode()
    def syncsafe(n): return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])
    frame = b"TXXX" + syncsafe(len(frame_body)) + b"\x00\x00" + frame_body
    return b"ID3\x04\x00\x00" + syncsafe(len(frame)) + frame

PMT_PID, ID3_PID = 0x1000, 0x0102
pat = section(0x00, 1, struct.pack(">HH", 1, 0xE000 | PMT_PID))
metadata_descriptor = bytes([0x26, 0x0D, 0xFF, 0xFF]) + b"ID3 " + b"\xff" + b"ID3 " + bytes([0x00, 0x0F])
registration = bytes([0x05, 0x04]) + b"ID3 "
es = bytes([0x15, 0xE0 | (ID3_PID >> 8), ID3_PID & 0xFF, 0xF0, len(metadata_descriptor)]) + metadata_descriptor
pmt = section(0x02, 1, struct.pack(">HH", 0xE000 | 0x1FFF, 0xF000 | len(registration)) + registration + es)
out = b""
out += packets(0, b"\x00" + pat, 0)[0]
out += packets(PMT_PID, b"\x00" + pmt, 0)[0]
cc = 0
for i, pts in enumerate([0, 90000]):
    tag = id3_tag("cue %d" % i)
    # ISO/IEC 13818-1 2.12.4: metadata in a metadata_stream (stream_id 0xFC) PES is wrapped in
    # Metadata AU cells: service_id, sequence_number, flags (complete cell, random access), length.
    cell = bytes([0x00, i, 0xDF]) + struct.pack(">H", len(tag)) + tag
    pes = b"\x00\x00\x01\xfc" + struct.pack(">H", 3 + 5 + len(cell)) + bytes([0x84, 0x80, 5]) + pts_bytes(pts) + cell
    data, cc = packets(ID3_PID, pes, cc)
    out += data
sys.stdout.buffer.write(out)
