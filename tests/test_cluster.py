"""The scaling checks of docs/scaling.md, run for real: bench/cluster.py on loopback (~80 s).

Needs Debian's PostgreSQL 15 binaries and redis-server. Where they are missing the test is
skipped, unless BOARD_REQUIRE_CLUSTER=1 (CI sets it), which turns that into a failure.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("BOARD_PG_BIN", "/usr/lib/postgresql/15/bin"))


def test_the_loopback_cluster_passes_every_scaling_check(tmp_path):
    missing = [
        str(path) for path in (PG_BIN / "initdb", PG_BIN / "pg_basebackup") if not path.exists()
    ] + [name for name in ("redis-server", "runuser") if not shutil.which(name)]
    if missing and os.environ.get("BOARD_REQUIRE_CLUSTER") != "1":
        pytest.skip(f"missing for the cluster: {', '.join(missing)}")
    report = tmp_path / "cluster.md"

    done = subprocess.run(
        [sys.executable, "bench/cluster.py", "--output", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert report.read_text().count("| pass |") == 6
