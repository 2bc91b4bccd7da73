"""An in-memory index of the facts matching and consortium building read, kept fresh in place.

Why: ArcadeDB's Cypher spends tens of microseconds per row and about a millisecond per
subquery, so at 50,000 organisations even explaining ten candidates in Cypher takes
60–120 ms, and a seeker who needs a common competence has tens of thousands of
complementary organisations. The index holds every organisation's offers, needs, kind,
place, projects, memberships and introductions in numpy arrays (sparse ties as CSR
adjacency), and who offers and who needs each competence (the inverted index), so
:mod:`graph.matching.scoring` scores only the organisations that share a competence with
the seeker and explains the top k from memory, and :mod:`graph.matching.consortium` takes
its candidates from it.

Building: eight queries run side by side, most returning one record of parallel lists
(``collect``), which Bolt transfers several times faster than one record per row and the
store hands over as decoded (``Store.columns``); numpy arrays are built from those lists
directly (about 2 s at 50,000 organisations).

Freshness (:meth:`MatchIndex.current`): the index follows the change log
(:mod:`graph.store.follow`): every write that changes what it holds records which
organisations it changed, and the index re-reads just those (:meth:`MatchIndex.update`,
one query) before its next match, in every process reading the graph; in the process that
wrote, an edit's own facts are put in place with no query at all (:meth:`MatchIndex.apply`).
A bulk load rebuilds it in the background while it keeps serving, marked ``refreshing``.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from graph.matching.model import Seeker
from graph.store.changes import Fact, Introduced, Link, Topic, apply_facts
from graph.store.driver import Store
from graph.store.follow import Follower, log_position
from graph.store.queries import Query, query

INDEX_ORGS = query("match/index_orgs")
INDEX_COMPETENCES = query("match/index_competences")
INDEX_OFFERS = query("match/index_offers")
INDEX_NEEDS = query("match/index_needs")
INDEX_PARTICIPATIONS = query("match/index_participations")
INDEX_MEMBERSHIPS = query("match/index_memberships")
INDEX_INTRODUCTIONS = query("match/index_introductions")
INDEX_BALKAN = query("match/index_balkan")
INDEX_DELTA = query("match/index_delta")
# The topics of the change log that the index holds.
TOPICS = frozenset({Topic.ORGS, Topic.LINKS, Topic.TIES, Topic.INTRODUCTIONS})
EMPTY = np.zeros(0, dtype=np.int64)


class Csr:
    """Sparse rows: the row ``i`` of a relation is ``indices[indptr[i]:indptr[i+1]]``,
    or the array :meth:`set_row` gave it since the build."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n_rows: int) -> None:
        order = np.argsort(rows, kind="stable")
        self.indices = cols[order].astype(np.int64)
        self.indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=self.indptr[1:])
        self.patched: dict[int, np.ndarray] = {}

    def row(self, i: int) -> np.ndarray:
        got = self.patched.get(i)
        if got is not None:
            return got
        if i >= len(self.indptr) - 1:
            return EMPTY
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def set_row(self, i: int, values: np.ndarray) -> None:
        self.patched[i] = values.astype(np.int64)

    def _split(self, rows: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """``rows`` read from the build's arrays, and those read one by one."""
        special = rows >= len(self.indptr) - 1
        if self.patched:
            special |= np.isin(rows, np.fromiter(self.patched, dtype=np.int64))
        return rows[~special], rows[special].tolist()

    def gather(self, rows: np.ndarray) -> np.ndarray:
        """The concatenated rows ``rows`` (with repeats; the order is not kept)."""
        base, special = self._split(rows)
        starts, ends = self.indptr[base], self.indptr[base + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        return np.concatenate([self.indices[np.arange(lengths.sum()) + offsets], *(self.row(i) for i in special)])

    def lengths(self, rows: np.ndarray) -> np.ndarray:
        """The length of each row ``rows``."""
        out = np.zeros(len(rows), dtype=np.int64)
        inside = rows < len(self.indptr) - 1
        out[inside] = self.indptr[rows[inside] + 1] - self.indptr[rows[inside]]
        for k in np.nonzero(np.isin(rows, np.fromiter(self.patched, dtype=np.int64)) | ~inside)[0]:
            out[k] = len(self.row(int(rows[k])))
        return out


def _relink(fwd: Csr, back: Csr, x: int, new: np.ndarray) -> None:
    """Make ``new`` the row ``x`` of ``fwd`` and keep ``back``, its transpose, in step
    (a row may repeat a value: two introductions between the same organisations). When
    ``fwd`` is its own transpose (introductions), row ``x`` was just set and is skipped;
    otherwise ``y`` counts other things (projects) and may equal ``x`` by number only."""
    old = fwd.row(x)
    fwd.set_row(x, new)
    for y in np.union1d(old, new).tolist():
        if fwd is not back or y != x:
            kept = back.row(y)
            back.set_row(y, np.concatenate([kept[kept != x], np.full(int((new == y).sum()), x, dtype=np.int64)]))


# Queries returning one record of parallel lists (most of them), and rows.
LISTS = (INDEX_OFFERS, INDEX_NEEDS, INDEX_ORGS, INDEX_PARTICIPATIONS, INDEX_MEMBERSHIPS, INDEX_INTRODUCTIONS)
ROWS = (INDEX_COMPETENCES, INDEX_BALKAN)
# What each query answered: its parallel lists (name -> list), or its rows.
Rows = dict[Query, Any]


def _read(store: Store, q: Query) -> Any:
    return store.columns(q) if q in LISTS else store.read(q)


def _fetch(store: Store) -> Rows:
    """The answer of every index query, run side by side (the server works while the
    driver decodes another answer)."""
    queries = LISTS + ROWS
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="match-index") as pool:
        return dict(zip(queries, pool.map(lambda q: _read(store, q), queries), strict=True))


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values (sorted) and each value's position among them."""
    table, codes = np.unique(np.array(values, dtype=object).astype(str), return_inverse=True)
    return table.tolist(), codes.astype(np.int32)


def _code(table: list[str], value: str) -> int:
    """The position of ``value`` in ``table``, appended when new."""
    if value not in table:
        table.append(value)
    return table.index(value)


class MatchIndex:
    """Offers, needs, places and ties of every organisation, as numpy arrays.

    Rows are organisations in id order as built; organisations created since are
    appended, and removed ones keep their row, emptied (``alive`` is False). Updates
    (:meth:`update`) hold ``lock``; so does scoring, which reads several arrays at once.
    """

    def __init__(self, store: Store) -> None:
        self.built_at = time.monotonic()
        # Changes since (less the log's lag) are applied after, but for those it holds already.
        self.read_at, self.included = log_position(store)
        self.refreshing = False  # set while a newer index is built in the background
        self.lock = threading.RLock()
        data = _fetch(store)
        orgs = data[INDEX_ORGS]
        ids = orgs.get("id", [])
        order = np.argsort(np.array(ids, dtype=str), kind="stable")
        self.ids: list[str] = [ids[i] for i in order]
        self.id_array = np.array(self.ids, dtype=str)
        self.pos = {x: i for i, x in enumerate(self.ids)}
        self.alive = np.ones(len(self.ids), dtype=bool)
        self.names: list[str] = [orgs["name"][i] for i in order] if ids else []
        self.kinds, self.kind = _codes([orgs["kind"][i] for i in order])
        self.countries, self.country = _codes([orgs["country"][i] for i in order])
        self.regions, self.region = _codes([orgs["region"][i] for i in order])
        self.balkan_countries = {r["id"] for r in data[INDEX_BALKAN]}
        self.balkan = np.isin(self.country, [i for i, c in enumerate(self.countries) if c in self.balkan_countries])
        self._competences(data)
        self._ties(data)

    def __len__(self) -> int:
        return len(self.ids)

    def knows(self, org_id: str) -> bool:
        """True when ``org_id`` is an organisation the index holds."""
        i = self.pos.get(org_id)
        return i is not None and bool(self.alive[i])

    def levels(self, rows: slice | int | np.ndarray, c: Any, discount: float) -> tuple[np.ndarray, ...]:
        """(offered?, level, factor) of competence ``c`` for the organisations ``rows``.

        The one statement of the narrower-competence rule (DESIGN.md, matching): the level
        offered directly (factor 1), else the best level of a directly narrower competence
        with factor ``discount``. Scoring, its explanations and consortia all read it here.
        """
        direct = self.direct[rows, c].astype(np.float64)
        narrow = self.narrow[rows, c].astype(np.float64)
        has_direct = direct > 0
        return has_direct | (narrow > 0), np.where(has_direct, direct, narrow), np.where(has_direct, 1.0, discount)

    def providers(self, c: int) -> np.ndarray:
        """The rows offering competence ``c`` directly or through a narrower one, once each."""
        rows = [self.offerers[c]]
        for k in self.children.get(c, []):  # each once: through the narrower one it counts by
            kid = self.offerers[k]
            rows.append(kid[(self.direct[kid, c] == 0) & (self.through[kid, c] == k)])
        return np.concatenate(rows) if len(rows) > 1 else rows[0]

    def seeker(self, org_id: str) -> Seeker:
        """The summary of a known organisation, as :func:`graph.matching.match.seeker` gives it."""
        i = self.pos[org_id]
        return Seeker(
            id=org_id,
            name=self.names[i],
            kind=self.kinds[self.kind[i]],
            country=self.countries[self.country[i]],
            region=self.regions[self.region[i]],
        )

    def _known(self, *columns: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Which rows of parallel id ``columns`` name only organisations the index holds,
        and the positions of the ids (another process may write between the index's
        queries; rows about organisations it has not seen come with the change log)."""
        ok = np.ones(len(columns[0]), dtype=bool)
        out = []
        for column in columns:
            ids = np.array(column, dtype=str)
            pos = np.searchsorted(self.id_array, ids).clip(0, max(len(self.ids) - 1, 0))
            ok &= (self.id_array[pos] == ids) if self.ids else False
            out.append(pos.astype(np.int64))
        return ok, out

    def _competences(self, data: Rows) -> None:
        comps = sorted(data[INDEX_COMPETENCES], key=lambda r: r["id"])
        self.comps: list[str] = [r["id"] for r in comps]
        self.comp = {c: j for j, c in enumerate(self.comps)}
        self.comp_names: list[str] = [r["name"] for r in comps]
        n, m = len(self.ids), max(1, len(comps))
        # Stored column by column (Fortran order): scoring reads one competence of many rows.
        self.direct = np.zeros((n, m), dtype=np.int8, order="F")  # level offered directly, 0 = none
        self.need = np.zeros((n, m), dtype=np.int8, order="F")  # priority, 0 = none
        for table, rows, value in (
            (self.direct, data[INDEX_OFFERS], "level"),
            (self.need, data[INDEX_NEEDS], "priority"),
        ):
            if rows.get("org"):
                ok, (org,) = self._known(rows["org"])
                cols = np.array([self.comp.get(c, -1) for c in rows["competence"]], dtype=np.int64)
                ok &= cols >= 0
                table[org[ok], cols[ok]] = np.array(rows[value], dtype=np.int8)[ok]
        self.children: dict[int, list[int]] = {}
        for j, r in enumerate(comps):
            if r["broader"] in self.comp:
                self.children.setdefault(self.comp[r["broader"]], []).append(j)
        self.narrow = np.zeros((n, m), dtype=np.int8, order="F")
        self.through = np.full((n, m), -1, dtype=np.int16, order="F")
        self._narrow(slice(None))
        # The inverted index: who offers (directly) and who needs each competence.
        self.offerers = [np.flatnonzero(self.direct[:, j]) for j in range(m)]
        self.needers = [np.flatnonzero(self.need[:, j]) for j in range(m)]

    def _narrow(self, rows: slice | int) -> None:
        """The best level ``rows`` offer through a narrower competence, and which one (the
        first by id among equals: children are in id order and argmax keeps the first)."""
        for up, kids in self.children.items():
            levels = self.direct[rows][..., kids]
            best = levels.argmax(axis=-1)
            top = np.take_along_axis(levels, best[..., None], axis=-1)[..., 0]
            self.narrow[rows, up] = top
            self.through[rows, up] = np.where(top > 0, np.array(kids, dtype=np.int16)[best], -1)

    def _ties(self, data: Rows) -> None:
        n = len(self.ids)
        parts = data[INDEX_PARTICIPATIONS]
        ok, (org,) = self._known(parts.get("org", []))
        projects, proj = _codes(np.array(parts.get("project", []), dtype=object)[ok].tolist())
        self.projects: list[str] = projects
        self.project = {p: j for j, p in enumerate(projects)}
        org = org[ok]
        self.org_proj = Csr(org, proj.astype(np.int64), n)
        self.proj_org = Csr(proj.astype(np.int64), org, len(projects))
        self.coordinated = np.zeros(n, dtype=bool)
        self.coordinated[org[np.array(parts.get("coordinator", []), dtype=bool)[ok]]] = True
        mem = data[INDEX_MEMBERSHIPS]
        ok, (member, network) = self._known(mem.get("org", []), mem.get("network", []))
        member, network = member[ok], network[ok]
        self.member_of = Csr(member, network, n)  # member -> networks
        self.members = Csr(network, member, n)  # network -> members
        intro = data[INDEX_INTRODUCTIONS]
        ok, (src, dst) = self._known(intro.get("source", []), intro.get("target", []))
        src, dst = src[ok], dst[ok]
        self.intros = Csr(np.concatenate([src, dst]), np.concatenate([dst, src]), n)

    # -- updates in place ---------------------------------------------------------------

    def update(self, store: Store, org_ids: list[str]) -> None:
        """Re-read the organisations ``org_ids`` (one query) and put their facts in place:
        new ones are appended, removed ones emptied."""
        rows = {r["id"]: r for r in store.read(INDEX_DELTA, ids=org_ids)}
        with self.lock:
            for org_id in org_ids:
                row = rows.get(org_id)
                if row is None and org_id not in self.pos:
                    continue
                self._put(self._row_of(org_id), row)

    def _row_of(self, org_id: str) -> int:
        """The row of ``org_id``, appended (empty) when new."""
        i = self.pos.get(org_id)
        if i is not None:
            return i
        i = len(self.ids)
        grow = {"alive": False, "kind": 0, "country": 0, "region": 0, "balkan": False, "coordinated": False}
        for name, blank in grow.items():
            setattr(self, name, np.append(getattr(self, name), np.array([blank], dtype=getattr(self, name).dtype)))
        for name, blank in (("direct", 0), ("need", 0), ("narrow", 0), ("through", -1)):
            table = getattr(self, name)
            grown = np.full((i + 1, table.shape[1]), blank, dtype=table.dtype, order="F")
            grown[:i] = table
            setattr(self, name, grown)
        self.id_array = np.append(self.id_array, np.array([org_id], dtype=str))
        self.names.append(org_id)
        self.ids.append(org_id)
        self.pos[org_id] = i
        return i

    def _put(self, i: int, row: dict[str, Any] | None) -> None:
        """Organisation ``i``'s facts from an index_delta ``row`` (None: it is gone)."""
        row = row or {"offers": [], "needs": [], "projects": [], "networks": [], "members": [], "introduced": []}
        self.alive[i] = "name" in row
        if self.alive[i]:
            self._props(i, {k: row[k] for k in ("name", "kind", "country", "region")})
        for relation, items in (("offers", row["offers"]), ("needs", row["needs"])):
            values = {self.comp[x["competence"]]: x["value"] for x in items if x["competence"] in self.comp}
            for c in set(np.flatnonzero(self._table(relation)[i]).tolist()) | set(values):
                self._link(i, relation, c, values.get(c, 0))
        self._narrow(i)
        projects = []
        for p in row["projects"]:
            if p["project"] not in self.project:
                self.project[p["project"]] = len(self.projects)
                self.projects.append(p["project"])
            projects.append(self.project[p["project"]])
        _relink(self.org_proj, self.proj_org, i, np.array(projects, dtype=np.int64))
        self.coordinated[i] = any(p["coordinator"] for p in row["projects"])
        _relink(self.member_of, self.members, i, self._rows(row["networks"]))
        _relink(self.members, self.member_of, i, self._rows(row["members"]))
        _relink(self.intros, self.intros, i, self._rows(row["introduced"]))

    def _table(self, relation: str) -> np.ndarray:
        return self.direct if relation == "offers" else self.need

    def _link(self, i: int, relation: str, c: int, value: int) -> None:
        """Organisation ``i`` offers (``relation`` "offers") or needs competence ``c`` with
        ``value`` (0: not): the table and the inverted index (not ``narrow``)."""
        table, lists = (self.direct, self.offerers) if relation == "offers" else (self.need, self.needers)
        if table[i, c] == value:
            return
        table[i, c] = value
        others = lists[c][lists[c] != i]
        lists[c] = np.append(others, i) if value > 0 else others

    def apply(self, facts: tuple[Fact, ...]) -> set[str]:
        """Put in place the facts of a write made by this process (graph.store.journal),
        without a query; the organisations it does not hold are returned, to be re-read."""

        def link(i: int, fact: Link) -> None:
            if fact.competence in self.comp:
                self._link(i, fact.relation, self.comp[fact.competence], fact.value)
                if fact.relation == "offers":
                    self._narrow(i)

        def introduced(i: int, fact: Introduced) -> None:
            _relink(self.intros, self.intros, i, self._rows(list(fact.partners)))

        with self.lock:
            return apply_facts(facts, self._row, link, lambda i, fact: self._props(i, fact.values), introduced)

    def _row(self, org: str) -> int | None:
        """``org``'s row, if it holds it (and it was not removed)."""
        i = self.pos.get(org)
        return i if i is not None and self.alive[i] else None

    def _props(self, i: int, values: dict[str, Any]) -> None:
        """Organisation ``i``'s name, kind and place from the properties ``values`` that a
        write set (those it did not set stay)."""
        if "name" in values:
            self.names[i] = values["name"] or self.ids[i]
        for field, table in (("kind", self.kinds), ("region", self.regions), ("country", self.countries)):
            if field in values:
                getattr(self, field)[i] = _code(table, values[field] or "")
        if "country" in values:
            self.balkan[i] = values["country"] in self.balkan_countries

    def _rows(self, org_ids: list[str]) -> np.ndarray:
        """The rows of ``org_ids`` (appended when new: their own facts follow in the log)."""
        return np.array([self._row_of(x) for x in org_ids], dtype=np.int64)

    # -- the current index of a store ----------------------------------------------------

    @classmethod
    def build(cls, store: Store) -> MatchIndex:
        """A fresh index of the graph in ``store``."""
        return cls(store)

    @classmethod
    def current(cls, store: Store) -> MatchIndex:
        """The index for ``store``, fresh under the rule of the module doc."""
        return FOLLOWER.current(store)

    # -- ties -------------------------------------------------------------------------

    def tied(self, a: int) -> np.ndarray:
        """Organisations with a joint project or a membership (either way) with ``a``."""
        near = np.concatenate([self.proj_org.gather(self.org_proj.row(a)), self.member_of.row(a), self.members.row(a)])
        near = np.unique(near)
        return near[near != a]

    def ties(self, a: int) -> list[tuple[str, str, str]]:
        """(other, via, ref) for ``a``'s joint projects, then memberships, in path order."""
        ids = self.ids
        projects = sorted(
            (ids[x], "project", self.projects[p]) for p in self.org_proj.row(a) for x in self.proj_org.row(p) if x != a
        )
        memberships = sorted(
            {(ids[x], "membership", ids[x]) for x in self.member_of.row(a)}
            | {(ids[x], "membership", ids[a]) for x in self.members.row(a)}
        )
        return projects + memberships


# The index of each store, following the change log (tests read how often it polled).
FOLLOWER: Follower[MatchIndex] = Follower(MatchIndex.build, TOPICS)
