"""Display names (labels) for ids, so pages and messages speak of organisations, people, projects and
competences by name: explanations, introducer paths, the audit trail. A competence is named
in the reader's language when the vocabulary has that name (:func:`competence_name`).

Example:
    >>> names_of(store, ["anbpr", "advocacy"])                    # doctest: +SKIP
    {'advocacy': 'Advocacy', 'anbpr': 'Asociația Națională ... (ANBPR)'}
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.outputs import Ref
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query

NAME_IDS = query("names/name_ids")
JOINT_PROJECTS = query("names/joint_projects")
COMPETENCE_NAMES = query("names/competence_names")


def names_of(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The display name of each id that names a node (an account by its person's name);
    ids of nothing (deleted since) are left out."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {row["id"]: row["name"] for row in store.read(NAME_IDS, ids=wanted) if row["name"]}


def joint_projects(store: Store, org: str, others: Iterable[str]) -> dict[str, list[Ref]]:
    """The projects ``org`` already shares with each of ``others`` (those with none are left out)."""
    rows = store.read(JOINT_PROJECTS, org=org, others=sorted(set(others)))
    return {row["id"]: [Ref.model_validate(p) for p in row["projects"]] for row in rows}


@cached(maxsize=1, depends=frozenset({Topic.BULK}))
def competence_names(store: Store) -> dict[str, dict[str, str]]:
    """Every competence's names by language ("en" always; the vocabulary changes only by loads)."""
    names: dict[str, dict[str, str]] = {}
    for row in store.read(COMPETENCE_NAMES):
        competence = row.pop("id")
        names[competence] = {language: name for language, name in row.items() if name}
    return names


def competence_name(store: Store, competence: str, language: str, fallback: str | None = None) -> str:
    """The name of ``competence`` in ``language``, else its English name, else ``fallback`` (or the id)."""
    names = competence_names(store).get(competence, {})
    return names.get(language) or names.get("en") or fallback or competence
