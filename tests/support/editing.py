"""Editing through the JSON API as a client does: read the version, send it back."""

from __future__ import annotations

from flask.testing import FlaskClient


def if_match(client: FlaskClient, org_id: str) -> dict[str, str]:
    """The ``If-Match`` header for an edit of ``org_id``: its current version (ETag)."""
    etag = client.get(f"/api/orgs/{org_id}/profile").headers.get("ETag")
    assert etag, f"no ETag for {org_id}"
    return {"If-Match": etag}
