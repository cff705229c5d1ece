"""`python -m benchmarks.child module:function JSON`: one measurement in its own process."""

from __future__ import annotations

import sys

from benchmarks.harness import child_main

if __name__ == "__main__":
    child_main(sys.argv[1:])
