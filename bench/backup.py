"""Backup and restore of a generated network: seconds each, file size, identical checksums.

Generates and loads N organisations into an embedded server (unless the data
directory already holds a graph), writes a backup, empties the graph, restores the
backup into it, and prints JSON. Target: under 60 s each at 50,000 organisations.
``restore_phases`` gives the seconds of each step of the restore: verifying the file,
writing nodes, writing relationships (the nodes are read back for the checksum
meanwhile), then reading the relationships back for the checksum.

Usage: .venv/bin/python bench/backup.py [--orgs 50000] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from graph.backup.archive import COUNT_ALL, backup, graph_checksum, restore
from graph.config import Settings
from graph.explore.counts import stats
from graph.readwrite.generator import generate
from graph.readwrite.importer import load_path
from graph.store.driver import Store
from graph.store.queries import query

DELETE_BATCH = query("backup/delete_batch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: temporary)")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="partnernet-backup-"))
    with Store.open(Settings.from_env(data_dir=data)) as store:
        load_seconds = None
        if not store.read(COUNT_ALL)[0]["nodes"]:
            dataset = data / f"generated-{args.orgs}"
            generate(dataset, args.orgs, 42)
            load_seconds = round(load_path(store, dataset).seconds, 1)
        organisations = stats(store).organisations
        path = data / "bench.backup.gz"
        made = backup(store, path)
        started = time.perf_counter()
        while store.write(DELETE_BATCH, limit=5000)[0]["deleted"]:
            pass
        delete_seconds = time.perf_counter() - started
        restored = restore(store, path)
        identical = restored.checksum == made.checksum == graph_checksum(store)
    print(
        json.dumps(
            {
                "orgs": organisations,
                "nodes": made.nodes,
                "relationships": made.relationships,
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "load_seconds": load_seconds,
                "backup_seconds": round(made.seconds, 1),
                "delete_seconds": round(delete_seconds, 1),
                "restore_seconds": round(restored.seconds, 1),
                "restore_phases": restored.phases,
                "identical": identical,
                "targets": {
                    "backup_below_60_s": made.seconds < 60,
                    "restore_below_60_s": restored.seconds < 60,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
