"""The write generation shared through a file: atomic across processes, private when
the data directory cannot hold it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.store.generation import Generation
from tests.support.graph import ROOT

BUMPER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from graph.store.generation import Generation\n"
    "generation = Generation.open(Path(sys.argv[1]))\n"
    "for _ in range(int(sys.argv[2])):\n"
    "    generation.bump()\n"
)


def test_two_counters_on_one_file_see_each_others_bumps(tmp_path: Path) -> None:
    one, two = Generation.open(tmp_path / "generation"), Generation.open(tmp_path / "generation")
    assert one.shared and two.shared
    one.bump()
    two.bump()
    assert one.value == two.value == 2


def test_a_closed_counter_lets_go_of_its_file_and_keeps_counting(tmp_path: Path) -> None:
    generation = Generation.open(tmp_path / "generation")
    generation.bump()
    generation.close()
    assert not generation.shared and generation.value == 1
    generation.bump()
    assert generation.value == 2
    assert str(tmp_path / "generation") not in Path("/proc/self/maps").read_text()
    assert Generation.open(tmp_path / "generation").value == 1  # the file saw no more


def test_bumps_from_concurrent_processes_are_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "generation"
    watcher = Generation.open(path)
    writers = [subprocess.Popen([sys.executable, "-c", BUMPER, str(path), "2000"], cwd=ROOT) for _ in range(3)]
    assert [w.wait(timeout=60) for w in writers] == [0, 0, 0]
    assert watcher.value == 6000


def test_a_missing_directory_gives_a_private_counter(tmp_path: Path) -> None:
    generation = Generation.open(tmp_path / "absent" / "generation")
    assert not generation.shared
    generation.bump()
    assert generation.value == 1
    assert not (tmp_path / "absent").exists()


def test_a_path_that_cannot_hold_the_file_gives_a_private_counter_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "data").write_text("a file where the data directory should be")
    generation = Generation.open(tmp_path / "data" / "generation")
    assert not generation.shared
    assert "cannot open" in caplog.text
    generation.bump()
    assert generation.value == 1
