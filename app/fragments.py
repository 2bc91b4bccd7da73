"""Parts of pages rendered once per cached value: the long tables of data pages.

A view's data from :mod:`graph.store.cache` is one object, shared by every request, until a
write or its time-to-live replaces it. HTML rendered from that object alone is the same
for every request in the same interface language, so :func:`fragment` keeps it with the
object and lets it go with it: no staleness of its own, no invalidation to get wrong.
Rendering a table of hundreds of rows in Jinja cost more CPU than everything else those
pages do; a kept fragment costs a dictionary look-up.

A fragment template may use only its context, translations and ``url_for``: never the
session, the signed-in account or a CSRF token (those vary per request, and the first
request's would be shown to everyone), nor the request beyond what its key names (the
query string, for links to the same page with one parameter changed: ``page_url``).
Contact fields must not be in it.

Example:
    >>> fragment(report, "_metrics_rows.html",
    ...          lambda: {"rows": report.nodes[:200]}, "betweenness")  # doctest: +SKIP
    Markup('<tr>...')
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup


@dataclass
class _Kept:
    """The fragments rendered from one living object."""

    owner: weakref.ref[Any]
    html: dict[Hashable, Markup] = field(default_factory=dict)


# id(owner) -> its fragments; an entry goes when its owner is collected. Owners need not
# be hashable (pydantic models are not), hence ids and weak references, not a WeakKeyDict.
_kept: dict[int, _Kept] = {}
# Fragments kept per owner, the oldest dropped first: keys come from the URL (a sort
# order, say), so a stream of odd requests must not grow one owner's share without end.
PER_OWNER = 64
# Re-entrant: a weak reference's callback may run on this thread while it holds the lock.
_lock = threading.RLock()


def _forget(ident: int, ref: weakref.ref[Any]) -> None:
    with _lock:
        kept = _kept.get(ident)
        if kept is not None and kept.owner is ref:
            del _kept[ident]


def fragment(owner: object, template: str, context: Callable[[], Mapping[str, Any]], *key: Hashable) -> Markup:
    """``template`` rendered with ``context()``, kept with ``owner`` (see module docs).

    ``owner`` must allow weak references (pydantic models do). ``key`` names what else
    the context depends on besides ``owner`` (a sort order, say); the interface language
    and the app's URL root are added to it. ``context`` is called only when the fragment
    is rendered.
    """
    ident = id(owner)
    full_key = (template, key, str(get_locale()), request.script_root)
    with _lock:
        kept = _kept.get(ident)
        if kept is None or kept.owner() is not owner:
            ref = weakref.ref(owner, lambda dead: _forget(ident, dead))
            kept = _kept[ident] = _Kept(ref)
        html = kept.html.get(full_key)
    if html is None:
        html = Markup(current_app.jinja_env.get_template(template).render(**context()))
        with _lock:
            kept.html[full_key] = html
            while len(kept.html) > PER_OWNER:
                del kept.html[next(iter(kept.html))]
    return html
