"""Privacy requests made through the API, queued for the loader (the store's only writer).

The API writes `privacy/<id>.request.json` (fsynced); the loader runs it after the spool files
sealed before it and writes `<id>.result.json`; the API reads that back.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Literal

from journeymap.service.privacy import PersonNotFoundError, delete_person, export_person
from journeymap.store import Store

Action = Literal["delete", "export"]
FOLDER = "privacy"


def _write(path: Path, data: dict[str, Any]) -> None:
    temp = path.with_name(path.name + ".tmp")
    with temp.open("w", encoding="utf-8") as file:
        json.dump(data, file)
        file.flush()
        os.fsync(file.fileno())
    temp.replace(path)


def submit(spool: Path, action: Action, person: str) -> str:
    """Queue a request; returns its id."""
    folder = spool / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    request_id = secrets.token_hex(8)
    _write(folder / f"{request_id}.request.json", {"action": action, "person": person})
    return request_id


def status(spool: Path, request_id: str) -> dict[str, Any] | None:
    """`{"status": "pending"}`, `{"status": "done", ...}`, or None for an unknown id."""
    if not request_id.isalnum():
        return None
    folder = spool / FOLDER
    result = folder / f"{request_id}.result.json"
    if result.is_file():
        data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        if data.get("action") == "export":
            result.unlink()  # personal data: handed over once, not kept in the spool
        return data
    if (folder / f"{request_id}.request.json").is_file():
        return {"status": "pending"}
    return None


def run_pending(store: Store, spool: Path, before_ns: int | None = None) -> int:
    """Carry out the queued requests, oldest first; returns how many ran.

    Requests made after `before_ns` (the start of the oldest spool file still open) wait, so
    events accepted before a delete are loaded, and deleted, first."""
    folder = spool / FOLDER
    if not folder.is_dir():
        return 0
    requests = sorted(folder.glob("*.request.json"), key=lambda p: p.stat().st_mtime_ns)
    if before_ns is not None:
        requests = [p for p in requests if p.stat().st_mtime_ns < before_ns]
    for path in requests:
        request = json.loads(path.read_text(encoding="utf-8"))
        result: dict[str, Any] = {"status": "done", "action": request["action"]}
        try:
            if request["action"] == "delete":
                result["deleted"] = delete_person(store, request["person"])
            else:
                result["data"] = export_person(store, request["person"])
        except PersonNotFoundError:
            result["error"] = "person_not_found"
        _write(path.with_name(path.name.replace(".request.", ".result.")), result)
        path.unlink()
    return len(requests)
