"""The app's one graph store: opened once per process, shared by all requests."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from graph.config import Settings
from graph.store.driver import Store

_EXTENSION = "partnernet.store"
_lock = threading.Lock()


def init_app(app: Flask, store: Store | None = None) -> None:
    """Register the store (given, or opened lazily from the app's settings)."""
    app.extensions[_EXTENSION] = store


def get_store() -> Store:
    """The app's store, opening it on first use (StoreUnavailable if unreachable)."""
    app = current_app
    store = app.extensions.get(_EXTENSION)
    if store is None:
        with _lock:
            store = app.extensions.get(_EXTENSION)
            if store is None:
                settings: Settings = app.config["PARTNERNET_SETTINGS"]
                store = Store.open(settings)
                app.extensions[_EXTENSION] = store
    return store
