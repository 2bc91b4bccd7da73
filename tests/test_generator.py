"""The synthetic generator: valid, Balkan-wide, projects of 2-12 partners, some cross-border."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from graph.explore.counts import stats
from graph.readwrite.dataset import read_dataset
from graph.readwrite.generator import COUNTRY_WEIGHTS, generate
from graph.readwrite.importer import load_path
from graph.store.driver import Store


def test_generated_data_is_valid_and_shaped_like_a_network(tmp_path: Path) -> None:
    counts = generate(tmp_path, orgs=1500, seed=3)
    data = read_dataset(tmp_path)  # validates every row and reference
    assert counts["organisations"] == 1500
    countries = Counter(o.country for o in data.rows("organisations"))
    assert set(countries) == set(COUNTRY_WEIGHTS)
    assert countries.most_common(1)[0][0] == "RO"
    members: dict[str, list[str]] = defaultdict(list)
    for p in data.rows("participations"):
        members[p.project].append(p.org)
    sizes = [len(v) for v in members.values()]
    assert min(sizes) >= 2 and max(sizes) <= 12
    country_of = {o.id: o.country for o in data.rows("organisations")}
    cross = sum(1 for orgs in members.values() if len({country_of[o] for o in orgs}) > 1)
    assert 0.1 < cross / len(members) < 0.9
    offers = Counter(o.competence for o in data.rows("offers"))
    top, *_, bottom = offers.most_common()
    assert top[1] > 4 * bottom[1]  # a skewed vocabulary, not a uniform one


def test_generated_data_loads(empty_graph: Store, tmp_path: Path) -> None:
    generate(tmp_path, orgs=300, seed=11)
    load_path(empty_graph, tmp_path, batch_size=100)
    assert stats(empty_graph).organisations == 300
