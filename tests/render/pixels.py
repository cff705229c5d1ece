"""Just enough PNG reading to tell a real screenshot from a blank one (Pillow when available)."""

from __future__ import annotations

import io
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def distinct_colours(data: bytes, limit: int = 64) -> int:
    """How many different pixel values the PNG has (counting stops at `limit`)."""
    try:
        from PIL import Image
    except ImportError:
        return _distinct_colours_zlib(data, limit)
    with Image.open(io.BytesIO(data)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=limit)
    return limit if colours is None else len(colours)


def _distinct_colours_zlib(data: bytes, limit: int) -> int:
    width, height = png_size(data)
    depth, colour_type, interlace = data[24], data[25], data[28]
    assert depth == 8, "only 8-bit PNGs are read"
    assert colour_type in (2, 6), "only RGB and RGBA PNGs are read"
    assert interlace == 0, "interlaced PNGs are not read"
    channels = 3 if colour_type == 2 else 4
    stride = width * channels
    raw = zlib.decompress(_idat(data))
    previous = bytearray(stride)
    seen: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        line = _unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        for x in range(0, stride, channels * 7):
            seen.add(bytes(line[x : x + 3]))
        if len(seen) >= limit:
            return limit
        previous = line
    return len(seen)


def _idat(data: bytes) -> bytes:
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return b"".join(chunks)


def _unfilter(kind: int, line: bytearray, above: bytearray, bpp: int) -> bytearray:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = above[i]
        corner = above[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            guess = left + up - corner
            pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + predictor) & 0xFF
    return line
