"""The comparator of `bench_read_latency`: a bare FastAPI endpoint returning a constant list,
served by uvicorn with one worker like `journeymap serve`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

app = FastAPI()
ITEMS: list[dict[str, Any]] = [
    {"item": f"item-{i}", "score": 1.0 / i, "rank": i, "reason": {"kind": "popular", "text": "x"}}
    for i in range(1, 11)
]


@app.get("/v1/recommendations/{person}")
def constant(person: str) -> dict[str, Any]:
    return {"person": person, "stage": None, "items": ITEMS}
