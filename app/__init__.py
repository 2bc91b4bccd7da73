"""PartnerNet's web front end: the Flask application factory.

Example:
    >>> app = create_app(store=store)             # doctest: +SKIP
    >>> app.test_client().get("/").status_code    # doctest: +SKIP
    200
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from app import access, db, errors, headers, i18n, json_provider, templating
from app import logging as request_logging
from app.views import (
    admin,
    assets,
    auth,
    broker,
    competences,
    consortia,
    editing,
    health,
    home,
    imports,
    match_api,
    match_pages,
    metrics_api,
    orgs,
    paths,
    projects,
    regions,
    requests,
    suggest,
)
from graph.config import Settings
from graph.store.driver import Store

csrf = CSRFProtect()


def _secret_key(settings: Settings) -> str:
    """The configured secret, or one generated once and kept 0600 in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.prepare_data_dir() / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    config: dict[str, Any] | None = None,
) -> Flask:
    """Build the app: settings from the environment unless given, then ``config`` on top.

    Pass ``store`` to share an open store (tests do); otherwise the app opens one on
    first use and keeps it for its lifetime.
    """
    app = Flask(__name__)
    settings = settings or Settings.from_env()
    app.config.from_mapping(
        PARTNERNET_SETTINGS=settings,
        SECRET_KEY=_secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        NODE_CAP=settings.node_cap,
        LOGIN_LIMIT_PAIR=settings.login_limit_pair,
        LOGIN_LIMIT_IP=settings.login_limit_ip,
        LOGIN_WINDOW_SECONDS=settings.login_window_seconds,
    )
    if config:
        app.config.update(config)
    db.init_app(app, store)
    errors.init_app(app)
    headers.init_app(app)
    json_provider.init_app(app)
    imports.init_app(app)  # before CSRF, which reads the form: import uploads may be larger
    i18n.init_app(app)
    csrf.init_app(app)
    templating.init_app(app)
    access.init_app(app)
    request_logging.init_app(app)
    views = (
        home,
        assets,
        orgs,
        paths,
        regions,
        competences,
        projects,
        metrics_api,
        match_api,
        health,
        auth,
        editing,
        broker,
        admin,
        imports,
        match_pages,
        consortia,
        requests,
        suggest,
    )
    for view in views:
        app.register_blueprint(view.bp)
    return app
