"""The text of a PDF made by core.pdf (WeasyPrint), for tests: every stream inflated, the
glyphs of the text-showing operators mapped back to characters through the fonts' ToUnicode
CMaps. Enough for our own documents (subset fonts, hex glyph strings), not a general reader."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_SHOWN = re.compile(rb"\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _streams(pdf: bytes) -> list[bytes]:
    found = []
    for raw in _STREAM.findall(pdf):
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return found


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")


def pdf_text(pdf: bytes) -> str:
    streams = _streams(pdf)
    glyphs: dict[str, str] = {}
    for stream in streams:
        for block in _BFCHAR.findall(stream):
            for src, dst in _PAIR.findall(block):
                glyphs[src.decode().upper()] = _utf16(dst)
        for block in _BFRANGE.findall(stream):
            for lo, hi, dst in _RANGE.findall(block):
                start, end, first = int(lo, 16), int(hi, 16), _utf16(dst)
                width = len(lo)
                for offset in range(end - start + 1):
                    glyphs[f"{start + offset:0{width}X}"] = chr(ord(first[-1]) + offset)
    out: list[str] = []
    for stream in streams:
        if b"BT" not in stream:
            continue
        for array, single in _SHOWN.findall(stream):
            strings = _HEX.findall(array) if array else [single]
            for hex_text in strings:
                code = hex_text.decode().upper()
                out.extend(glyphs.get(code[i : i + 4], "") for i in range(0, len(code), 4))
            out.append("\n")
    return "".join(out)


def pdftotext(pdf: bytes) -> str:
    """The text of any PDF as poppler's pdftotext reads it (reading order, -raw), with all
    whitespace removed: a table cell wraps its text over lines, so tests look for phrases in
    one run of characters."""
    import shutil
    import subprocess
    import tempfile

    binary = shutil.which("pdftotext")
    if binary is None:
        raise RuntimeError("pdftotext not found: install poppler-utils")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        done = subprocess.run(  # noqa: S603 - poppler's binary on our own temporary file
            [binary, "-raw", file.name, "-"], capture_output=True, check=True, text=True
        )
    return "".join(done.stdout.split())
