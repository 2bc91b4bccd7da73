"""Benchmark the consortium integer program against the old beam search; prints JSON per size.

For each size: generate a dataset (seed 42) and load it into its own embedded server
(both reused when ``--work DIR/<size>`` already holds them), build the matching index,
then for each call of :data:`CALLS` (the demo's Danube call and five others of
different shapes) time :func:`graph.matching.consortium.build` (pruning and every
``milp`` solve for three proposals), and report its status ("optimal" or the gap),
coverage and size next to the beam search it replaced. The beam search is read from
git as it was at :data:`BASELINE` (the library no longer carries it), so the comparison
needs a git checkout. One JSON object per size is printed as soon as it is done;
progress goes to stderr.

    .venv/bin/python bench/consortium.py --sizes 5000,50000 --work /tmp/consortium-bench
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import Settings  # noqa: E402
from graph.explore.counts import stats  # noqa: E402
from graph.matching.consortium import Call, build  # noqa: E402
from graph.matching.index import MatchIndex  # noqa: E402
from graph.readwrite.generator import generate  # noqa: E402
from graph.readwrite.importer import load_path  # noqa: E402
from graph.resources import CALLS_DIR  # noqa: E402
from graph.store.driver import Store  # noqa: E402

BASELINE = "c146338"  # the last commit with the beam search


def _call(title: str, levels: dict[str, int], **rules: Any) -> dict[str, Any]:
    return {"title": title, "competences": [{"id": c, "min_level": n} for c, n in levels.items()], **rules}


CALLS: list[dict[str, Any]] = [
    Call.from_yaml(CALLS_DIR / "ro-bg-libraries.yaml").model_dump(mode="json", exclude={"prefer_known", "time_limit"}),
    _call(
        "Balkan social economy (8 competences, 3 countries)",
        {
            "social-economy": 3,
            "socio-professional-integration": 3,
            "mentoring-coaching": 3,
            "fundraising": 2,
            "project-management": 3,
            "monitoring-evaluation": 2,
            "communication-social-media": 2,
            "needs-assessment": 2,
        },
        min_countries=3,
        kinds={"ngo": 2, "authority": 1, "business": 1},
        max_size=7,
        experienced_coordinator=True,
    ),
    _call(
        "Greece–Bulgaria heritage (GR, BG only)",
        {"heritage-digitisation": 3, "library-services": 3, "ict-web-development": 3, "event-organisation": 2},
        min_countries=2,
        countries=["GR", "BG"],
        kinds={"library": 1, "university": 1},
        max_size=5,
        experienced_coordinator=True,
    ),
    _call(
        "Western Balkans youth (12 competences, 4 countries, up to 10 members)",
        {
            c: 3
            for c in (
                "intercultural-education",
                "volunteering",
                "community-organising",
                "adult-education",
                "training-of-trainers",
                "digital-skills-training",
                "advocacy",
                "public-policy",
                "research",
                "strategic-planning",
                "best-practice-transfer",
                "cross-border-cooperation",
            )
        },
        min_countries=4,
        countries=["RS", "BA", "AL", "MK", "ME", "XK", "HR"],
        kinds={"ngo": 3, "authority": 1},
        max_size=10,
    ),
    _call(
        "Small twinning (3 competences at level 5, 2 members)",
        {"partnership-brokering": 5, "local-governance": 4, "child-protection": 4},
        min_countries=2,
        max_size=2,
    ),
    _call(
        "Library hubs network (6 competences, 5 countries, 3 libraries)",
        {
            "library-service-hubs": 3,
            "information-literacy": 3,
            "reading-promotion": 4,
            "digital-skills-training": 4,
            "social-marketing": 2,
            "eu-project-writing": 4,
        },
        min_countries=5,
        kinds={"library": 3},
        max_size=8,
        experienced_coordinator=True,
    ),
]


def _beam() -> types.ModuleType:
    """The beam-search consortium module as it was at :data:`BASELINE`."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{BASELINE}:graph/matching/consortium.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("beam_baseline")
    sys.modules[module.__name__] = module
    exec(compile(source, f"{BASELINE}:graph/matching/consortium.py", "exec"), module.__dict__)
    return module


def _timed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - started, 3)


def run(size: int, work: Path, beam: types.ModuleType) -> dict[str, Any]:
    csv_dir, data_dir = work / str(size) / "csv", work / str(size) / "data"
    if not (csv_dir / "organisations.csv").exists():
        generate(csv_dir, orgs=size, seed=42)
    store = Store.open(Settings.from_env(data_dir=data_dir, heap="2g"))
    try:
        if stats(store).organisations != size:
            load_path(store, csv_dir)
        index, index_s = _timed(lambda: MatchIndex.build(store))
        rows: list[dict[str, Any]] = []
        for raw in CALLS:
            call = Call.model_validate(raw)
            _progress(f"{size}: {call.title}")
            result, solve_s = _timed(lambda call=call: build(store, call, index=index))
            old, beam_s = _timed(lambda raw=raw: beam.build(store, beam.Call.model_validate(raw), index=index))
            best = result.consortia[0] if result.consortia else None
            old_best = old.consortia[0] if old.consortia else None
            rows.append(
                {
                    "call": call.title,
                    "solve_s": solve_s,
                    "proposals": len(result.consortia),
                    "status": [c.status for c in result.consortia] or [p.text for p in result.problems],
                    "gap": max((c.gap for c in result.consortia), default=None),
                    "coverage": [c.score for c in result.consortia],
                    "members": len(best.members) if best else None,
                    "beam_s": beam_s,
                    "beam_coverage": [c.score for c in old.consortia] or [p.text for p in old.problems],
                    "beam_members": len(old_best.members) if old_best else None,
                }
            )
    finally:
        store.close()
    return {
        "organisations": size,
        "index_build_s": index_s,
        "all_optimal": all(r["status"] and all(s == "optimal" for s in r["status"]) for r in rows),
        "max_solve_s": max(r["solve_s"] for r in rows),
        "calls": rows,
    }


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep data here and reuse it (default: a temporary directory)"
    )
    args = parser.parse_args()
    beam = _beam()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            print(json.dumps(run(size, args.work or Path(tmp), beam), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
