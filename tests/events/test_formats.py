"""Format detection by content and extension, and `--format` overrides."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from journeymap.events.errors import IngestError
from journeymap.events.formats import detect_format


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", b'{"event": "x"}\n{"event": "y"}\n', "jsonl"),
        ("a.json", b'{"event": "x"}\n', "jsonl"),
        ("a.json", b'{\n  "batch": []\n}\n', "json"),
        ("a.json", b'[{"event": "x"}]', "json"),
        ("events.txt", b'{"event": "x"}\n', "jsonl"),
        ("a.csv", b"user_id,event,timestamp\n1,x,2024-01-01\n", "csv"),
        ("a.tsv", b"user_id\tevent\ttimestamp\n", "tsv"),
        ("noext", b"user_id;event;timestamp\n1;x;2024-01-01\n", "csv"),
        ("log.xes", b'<?xml version="1.0"?><log></log>', "xes"),
        ("log.xml", b"<log xes.version='1.0'></log>", "xes"),
        ("data.bin", b"PAR1\x00\x00", "parquet"),
        ("hits.csv", b"fullVisitorId,visitId,hits.type\n", "ga"),
        ("ga4.csv", b"event_date,event_timestamp,event_name,user_pseudo_id\n", "ga"),
        ("empty.csv", b"", "csv"),
    ],
)
def test_detection(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_gzip_is_looked_through(tmp_path: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(b'<?xml version="1.0"?><log></log>'))
    assert detect_format(path) == "xes"


def test_forced_format_wins_and_unknown_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("user_id,event,timestamp\n", encoding="utf-8")
    assert detect_format(path, "tsv") == "tsv"
    with pytest.raises(IngestError, match="unknown format 'excel'"):
        detect_format(path, "excel")


def test_binary_garbage_without_a_json_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blob.dat"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestError, match="binary data"):
        detect_format(path)


def test_folders(tmp_path: Path) -> None:
    (tmp_path / "tracks.csv").write_text("id\n", encoding="utf-8")
    assert detect_format(tmp_path) == "segment-warehouse"
    with pytest.raises(IngestError, match="folder"):
        detect_format(_empty(tmp_path))


def _empty(root: Path) -> Path:
    folder = root / "empty"
    folder.mkdir()
    return folder
