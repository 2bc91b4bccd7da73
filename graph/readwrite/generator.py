"""A deterministic generator of synthetic Balkan-wide datasets, at any scale.

It writes the same dataset format as ``graph/seeds/demo`` (CSV tables, see
:mod:`graph.readwrite.dataset`), reusing the demo's competence vocabulary and regions so that
generated organisations speak the same language as the real ones. The same ``seed``
always gives byte-identical files, so tests, benchmarks and docs share fixtures.

Shape, chosen to look like a real partner network:
- kinds skewed towards libraries and NGOs; countries skewed towards Romania, then
  Bulgaria, Greece and Serbia, with every Balkan country present;
- 2-5 offers (levels skewed high) and 1-3 needs per organisation, with a Zipf-like
  skew over the vocabulary (a few competences are common, most are rare);
- one project for every five organisations, with 2-12 partners, a coordinator, mostly
  within one country but about a third cross-border;
- network memberships, service hubs, practices and recorded introductions.

Example:
    >>> counts = generate(Path("/tmp/gen"), orgs=100, seed=7)    # doctest: +SKIP
    >>> counts["organisations"]                                   # doctest: +SKIP
    100
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph.readwrite.csvfile import write_dicts
from graph.readwrite.dataset import TABLES, read_dataset
from graph.resources import DEMO_DIR

PROGRESS_EVERY = 1000  # organisations made between two progress reports
COUNTRY_WEIGHTS = {
    "RO": 30,
    "BG": 14,
    "GR": 14,
    "RS": 10,
    "HR": 6,
    "BA": 5,
    "AL": 5,
    "MK": 5,
    "SI": 4,
    "ME": 3,
    "XK": 3,
    "MD": 1,
}
KIND_WEIGHTS = {
    "library": 34,
    "ngo": 26,
    "authority": 15,
    "business": 10,
    "university": 5,
    "network": 3,
    "other": 7,
}
KIND_NAMES = {
    "library": ["Public Library", "Municipal Library", "County Library", "Town Library"],
    "ngo": ["Association", "Foundation", "Civic Centre", "Youth Initiative"],
    "authority": ["Municipality", "Social Services Directorate", "County Council"],
    "business": ["Digital Studio", "Consulting", "Social Enterprise", "Print House"],
    "university": ["University", "Faculty of Letters", "Institute"],
    "network": ["Library Network", "NGO Federation", "Cluster"],
    "other": ["Community Centre", "Museum", "Cultural Centre"],
}
LANGUAGES = {
    "RO": "ro",
    "BG": "bg",
    "GR": "el",
    "RS": "sr",
    "HR": "hr",
    "BA": "bs",
    "AL": "sq",
    "MK": "mk",
    "SI": "sl",
    "ME": "sr",
    "XK": "sq",
    "MD": "ro",
}
# Subdivisions used where the demo vocabulary has none (ISO 3166-2).
EXTRA_REGIONS = {
    "BG": [
        ("BG-01", "Blagoevgrad"),
        ("BG-02", "Burgas"),
        ("BG-03", "Varna"),
        ("BG-04", "Veliko Tarnovo"),
        ("BG-09", "Kardzhali"),
        ("BG-15", "Pleven"),
        ("BG-16", "Plovdiv"),
        ("BG-18", "Ruse"),
        ("BG-22", "Sofia-Grad"),
        ("BG-24", "Stara Zagora"),
    ],
    "GR": [
        ("GR-A", "Anatolikí Makedonía kai Thráki"),
        ("GR-B", "Kentrikí Makedonía"),
        ("GR-C", "Dytikí Makedonía"),
        ("GR-D", "Ípeiros"),
        ("GR-E", "Thessalía"),
        ("GR-I", "Attikí"),
        ("GR-M", "Kríti"),
    ],
    "RS": [
        ("RS-00", "Beograd"),
        ("RS-06", "Južnobački okrug"),
        ("RS-12", "Šumadijski okrug"),
        ("RS-20", "Nišavski okrug"),
        ("RS-14", "Borski okrug"),
    ],
    "HR": [
        ("HR-21", "Grad Zagreb"),
        ("HR-17", "Splitsko-dalmatinska"),
        ("HR-08", "Primorsko-goranska"),
        ("HR-14", "Osječko-baranjska"),
    ],
    "AL": [("AL-11", "Tiranë"), ("AL-02", "Durrës"), ("AL-12", "Vlorë"), ("AL-10", "Shkodër")],
    "BA": [("BA-BIH", "Federacija Bosne i Hercegovine"), ("BA-SRP", "Republika Srpska")],
}


def _zipf_weights(n: int, exponent: float = 1.0) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, n + 1)]


class _Vocabulary:
    """Regions and competences the generated rows may use."""

    def __init__(self, demo_dir: Path) -> None:
        demo = read_dataset(demo_dir)
        self.competences = sorted(c.id for c in demo.rows("competences"))
        self.broader = {c.id: c.broader or "" for c in demo.rows("competences")}
        self.regions: list[dict[str, Any]] = [
            {"id": r.id, "name": r.name, "parent": r.parent or "", "tags": ";".join(r.tags)}
            for r in demo.rows("regions")
        ]
        known = {r["id"] for r in self.regions}
        for country, subdivisions in EXTRA_REGIONS.items():
            for code, name in subdivisions:
                if code not in known:
                    self.regions.append({"id": code, "name": name, "parent": country, "tags": ""})
        self.places: dict[str, list[tuple[str, str]]] = {}
        for region in self.regions:
            if region["parent"]:
                self.places.setdefault(region["parent"], []).append((region["id"], region["name"]))
        countries = {r["id"] for r in self.regions if not r["parent"]}
        missing = sorted(set(COUNTRY_WEIGHTS) - countries)
        if missing:
            raise ValueError(f"the demo regions lack countries {missing}")


def generate(
    out_dir: Path,
    orgs: int,
    seed: int = 42,
    demo_dir: Path = DEMO_DIR,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write a synthetic dataset of ``orgs`` organisations to ``out_dir``; return counts.

    ``progress(n)`` hears of every ``n`` organisations made (the files are written last).
    """
    if orgs < 1:
        raise ValueError("orgs must be at least 1")
    rng = random.Random(seed)
    vocab = _Vocabulary(demo_dir)
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    tables["regions"] = vocab.regions
    # The demo's vocabulary, BROADER links included, so both datasets share structure.
    tables["competences"] = [
        {"id": c, "name": c.replace("-", " ").capitalize(), "broader": vocab.broader[c]} for c in vocab.competences
    ]

    countries = list(COUNTRY_WEIGHTS)
    country_w = list(COUNTRY_WEIGHTS.values())
    kinds = list(KIND_WEIGHTS)
    kind_w = list(KIND_WEIGHTS.values())
    comp_order = vocab.competences[:]
    rng.shuffle(comp_order)  # which competences are common depends on the seed
    comp_w = _zipf_weights(len(comp_order), 0.9)

    org_country: list[str] = []
    for i in range(orgs):
        org_id = f"org-{i:06d}"
        country = rng.choices(countries, country_w)[0]
        kind = rng.choices(kinds, kind_w)[0]
        region, place = rng.choice(vocab.places.get(country, [(country, country)]))
        org_country.append(country)
        tables["organisations"].append(
            {
                "id": org_id,
                "name": f"{rng.choice(KIND_NAMES[kind])} {place} {i}",
                "kind": kind,
                "region": region,
                "city": place,
                "languages": ";".join(sorted({LANGUAGES[country], "en"})),
                "size": rng.randint(2, 400),
                "email": f"contact{i}@example.org",
            }
        )
        offered = _sample(rng, comp_order, comp_w, rng.randint(2, 5))
        needed = _sample(rng, comp_order, comp_w, rng.randint(1, 3), exclude=offered)
        for comp in offered:
            level = rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 3, 2])[0]
            tables["offers"].append({"org": org_id, "competence": comp, "level": level})
        for comp in needed:
            priority = rng.choices([1, 2, 3, 4, 5], [1, 2, 3, 3, 2])[0]
            tables["needs"].append({"org": org_id, "competence": comp, "priority": priority})
        if progress is not None and (i + 1) % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)

    _projects(rng, tables, orgs, org_country, comp_order, comp_w)
    _network_extras(rng, tables, orgs, comp_order)
    out_dir.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        _write_csv(out_dir / f"{table}.csv", rows)
    if progress is not None:
        progress(orgs % PROGRESS_EVERY)
    return {table: len(rows) for table, rows in tables.items()}


def _sample(
    rng: random.Random,
    items: list[str],
    weights: list[float],
    k: int,
    exclude: tuple[str, ...] | list[str] = (),
) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        item = rng.choices(items, weights)[0]
        if item not in chosen and item not in exclude:
            chosen.append(item)
    return chosen


def _projects(
    rng: random.Random,
    tables: dict[str, list[dict[str, Any]]],
    orgs: int,
    org_country: list[str],
    comp_order: list[str],
    comp_w: list[float],
) -> None:
    by_country: dict[str, list[int]] = {}
    for index, country in enumerate(org_country):
        by_country.setdefault(country, []).append(index)
    programmes = ["Erasmus+", "Interreg", "Creative Europe", "CERV", "ESF+", "EEA Grants"]
    for p in range(max(1, orgs // 5)):
        project_id = f"proj-{p:06d}"
        start = date(2008, 1, 1) + timedelta(days=rng.randrange(17 * 365))
        size = min(orgs, rng.choices(range(2, 13), [8, 9, 8, 6, 5, 3, 2, 2, 1, 1, 1])[0])
        home = org_country[rng.randrange(orgs)]
        local = by_country[home]
        members: list[int] = []
        while len(members) < size:
            pool = local if rng.random() > 0.35 and len(local) >= size else range(orgs)
            candidate = rng.choice(pool)
            if candidate not in members:
                members.append(candidate)
        tables["projects"].append(
            {
                "id": project_id,
                "title": f"{rng.choice(programmes)} partnership {p}",
                "programme": rng.choice(programmes),
                "start": start.isoformat(),
                "end": (start + timedelta(days=rng.randint(180, 1460))).isoformat(),
                "budget": rng.randrange(5, 500) * 1000,
                "currency": "EUR",
            }
        )
        for position, member in enumerate(members):
            role = "coordinator" if position == 0 else rng.choices(["partner", "stakeholder"], [5, 1])[0]
            tables["participations"].append({"org": f"org-{member:06d}", "project": project_id, "role": role})
        for comp in _sample(rng, comp_order, comp_w, rng.randint(1, 3)):
            tables["project_competences"].append({"project": project_id, "competence": comp})


def _network_extras(
    rng: random.Random,
    tables: dict[str, list[dict[str, Any]]],
    orgs: int,
    comp_order: list[str],
) -> None:
    networks = [o["id"] for o in tables["organisations"] if o["kind"] == "network"]
    for org in tables["organisations"]:
        if networks and org["kind"] in ("library", "ngo") and rng.random() < 0.3:
            network = rng.choice(networks)
            if network != org["id"]:
                tables["memberships"].append({"org": org["id"], "network": network})
    brokers = max(1, orgs // 1000)
    for b in range(brokers):
        tables["people"].append(
            {
                "id": f"broker-{b:04d}",
                "name": f"Broker {b}",
                "org": f"org-{rng.randrange(orgs):06d}",
                "role": "broker",
                "email": f"broker{b}@example.org",
            }
        )
    for h in range(max(1, orgs // 200)):
        tables["hubs"].append(
            {
                "id": f"hub-{h:05d}",
                "org": f"org-{rng.randrange(orgs):06d}",
                "competence": rng.choice(comp_order),
                "since": rng.randint(2010, 2025),
            }
        )
        tables["practices"].append(
            {
                "id": f"practice-{h:05d}",
                "org": f"org-{rng.randrange(orgs):06d}",
                "title": f"Practice {h}",
                "year": rng.randint(2010, 2025),
                "competences": ";".join(rng.sample(comp_order, 2)),
            }
        )
    statuses = ["proposed", "contacted", "accepted", "declined", "partnership"]
    seen: set[tuple[int, int]] = set()
    for i in range(max(1, orgs // 100) if orgs > 1 else 0):
        a, b = rng.sample(range(orgs), 2)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        tables["introductions"].append(
            {
                "id": f"intro-{i:06d}",
                "broker": f"broker-{rng.randrange(brokers):04d}",
                "source": f"org-{a:06d}",
                "target": f"org-{b:06d}",
                "status": rng.choice(statuses),
                "at": (date(2020, 1, 1) + timedelta(days=rng.randrange(2000))).isoformat(),
            }
        )


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    fields: list[str] = []
    for row in rows:
        fields.extend(k for k in row if k not in fields)
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_dicts(handle, fields or ["id"], rows)
