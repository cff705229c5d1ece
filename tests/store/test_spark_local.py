"""A local Spark session gets settings sized to its threads; a cluster's are left alone."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest

from journeymap.store.spark import PARTITION_LISTING_THRESHOLD, local_threads, tune_local


@pytest.mark.parametrize(
    ("master", "threads"),
    [
        ("local", 1),
        ("local[2]", 2),
        ("local[8,3]", 8),
        ("local[*]", os.cpu_count() or 1),
        ("spark://host:7077", None),
        ("yarn", None),
        ("local-cluster[2,1,1024]", None),
    ],
)
def test_local_threads(master: str, threads: int | None) -> None:
    assert local_threads(master) == threads


@dataclass
class _Given:
    keys: dict[str, str]

    def contains(self, key: str) -> bool:
        return key in self.keys


@dataclass
class _RuntimeConf:
    values: dict[str, str] = field(default_factory=dict)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value


@dataclass
class _Context:
    master: str
    given: dict[str, str]

    def getConf(self) -> _Given:
        return _Given(self.given)


@dataclass
class _Session:
    """What `tune_local` uses of a SparkSession."""

    sparkContext: _Context  # noqa: N815 - pyspark's name
    conf: _RuntimeConf = field(default_factory=_RuntimeConf)


def _tuned(master: str, given: dict[str, str] | None = None) -> dict[str, str]:
    session = _Session(_Context(master, given or {}))
    tune_local(session)
    return session.conf.values


def test_a_local_session_gets_few_shuffle_partitions_and_lists_partitions_itself() -> None:
    assert _tuned("local[3]") == {
        "spark.sql.shuffle.partitions": "3",
        "spark.sql.sources.parallelPartitionDiscovery.threshold": PARTITION_LISTING_THRESHOLD,
    }


def test_what_the_user_set_and_cluster_sessions_are_left_alone() -> None:
    given = {"spark.sql.shuffle.partitions": "64"}
    assert "spark.sql.shuffle.partitions" not in _tuned("local[2]", given)
    assert _tuned("spark://host:7077") == {}
