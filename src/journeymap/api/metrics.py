"""Prometheus text metrics of this process, plus the loader's counters from its state file."""

from __future__ import annotations

import threading
from bisect import bisect_left
from pathlib import Path

from journeymap.service.loader import read_state
from journeymap.service.spool import pending_bytes

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.accepted = 0
        self.spooled = 0
        self.quarantined = 0
        self.requests: dict[tuple[str, int], int] = {}
        self._buckets = [0] * (len(BUCKETS) + 1)
        self._sum = 0.0
        self._count = 0

    def count_events(self, accepted: int, quarantined: int, spooled: int) -> None:
        with self._lock:
            self.accepted += accepted
            self.quarantined += quarantined
            self.spooled += spooled

    def observe(self, path: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(path, status)] = self.requests.get((path, status), 0) + 1
            self._buckets[bisect_left(BUCKETS, seconds)] += 1
            self._sum += seconds
            self._count += 1

    def render(self, spool: Path) -> str:
        lines = []

        def counter(name: str, help_text: str, value: float) -> None:
            lines.extend(
                [f"# HELP {name} {help_text}", f"# TYPE {name} counter", f"{name} {value}"]
            )

        with self._lock:
            counter(
                "journeymap_events_accepted_total",
                "Events accepted by this process.",
                self.accepted,
            )
            counter(
                "journeymap_events_spooled_total",
                "Spool lines fsynced by this process.",
                self.spooled,
            )
            counter(
                "journeymap_events_refused_total",
                "Events of batches quarantined by this process.",
                self.quarantined,
            )
            lines += [
                "# HELP journeymap_requests_total Requests.",
                "# TYPE journeymap_requests_total counter",
            ]
            for (path, status), value in sorted(self.requests.items()):
                lines.append(
                    f'journeymap_requests_total{{path="{path}",status="{status}"}} {value}'
                )
            name = "journeymap_request_seconds"
            lines += [f"# HELP {name} Request latency.", f"# TYPE {name} histogram"]
            total = 0
            for bound, count in zip((*BUCKETS, float("inf")), self._buckets, strict=True):
                total += count
                label = "+Inf" if bound == float("inf") else str(bound)
                lines.append(f'{name}_bucket{{le="{label}"}} {total}')
            lines += [f"{name}_sum {self._sum}", f"{name}_count {self._count}"]
        state = read_state(spool)
        if state is not None:
            counter("journeymap_events_loaded_total", "Events the loader stored.", state.loaded)
            counter(
                "journeymap_events_duplicate_total", "Replayed events skipped.", state.duplicates
            )
            counter("journeymap_events_quarantined_total", "Events quarantined.", state.quarantined)
            counter("journeymap_spool_files_loaded_total", "Spool files loaded.", state.files)
        lines += [
            "# HELP journeymap_spool_pending_bytes Bytes in the spool not loaded yet.",
            "# TYPE journeymap_spool_pending_bytes gauge",
            f"journeymap_spool_pending_bytes {pending_bytes(spool)}",
        ]
        return "\n".join(lines) + "\n"
