"""A seed-shop workspace with a few customers' events in its store (channels, traits with an
e-mail, one survey answer) and one admin: what the analytics, customer 360 and
personalization pages read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from journeymap.events.ingest import ingest
from journeymap.model.workspace import load_workspace
from journeymap.service.accounts import Accounts
from journeymap.store import Store

SEED_SHOP = Path(__file__).resolve().parents[2] / "examples" / "seed-shop"
ITEMS = ("tomato-siberian-early", "tomato-black-prince", "cucumber-kustovoy")
STEPS = ("Product List Viewed", "Product Viewed", "Product Added", "Order Completed")
CHANNELS = ("web", "email", "ads")
PASSWORD = "correct-horse"


def _events() -> list[dict[str, Any]]:
    """Customer u{n} walks the first n % 4 + 1 steps of the shop, viewing items in turn; u3
    answers a survey."""
    rows: list[dict[str, Any]] = []
    for person in range(8):
        for step, name in enumerate(STEPS[: person % 4 + 1]):
            rows.append(
                {
                    "messageId": f"m{person}-{step}",
                    "type": "track",
                    "userId": f"u{person}",
                    "event": name,
                    "channel": CHANNELS[(person + step) % len(CHANNELS)],
                    "properties": {"product_id": ITEMS[(person + step) % len(ITEMS)]},
                    "context": {"traits": {"email": f"buyer{person}@example.org"}},
                    "timestamp": f"2026-03-{person + 1:02d}T10:{step:02d}:00Z",
                }
            )
    rows.append(
        {
            "messageId": "survey-u3",
            "type": "track",
            "userId": "u3",
            "event": "Survey Answered",
            "properties": {"kind": "csat", "score": 4, "text": "Fast delivery"},
            "timestamp": "2026-03-04T12:00:00Z",
        }
    )
    return rows


def make_analytics_workspace(root: Path) -> Path:
    shutil.copytree(SEED_SHOP, root, ignore=shutil.ignore_patterns("automations", ".journeymap"))
    events = root / "events.jsonl"
    events.write_text("".join(json.dumps(r) + "\n" for r in _events()), encoding="utf-8")
    with Store.open(load_workspace(root)) as store:
        ingest(store, [events])
    Accounts(root).add("olga", "admin", PASSWORD)
    return root
