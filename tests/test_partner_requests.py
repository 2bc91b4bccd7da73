"""Partner requests: publishing, who may fit, open ones only, visitors without contacts."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

from graph.config import Settings
from graph.matching.index import MatchIndex
from graph.matching.model import MatchFilters, Weights
from graph.matching.requests import PRIORITY, rank_for_request
from graph.matching.scoring import rank
from graph.members import audit
from graph.members.accounts import AccessRole
from graph.members.editing import EditError, remove_link, set_need, update_org
from graph.members.requests import RequestFilters, list_requests, open_requests, publish
from graph.models import Need
from graph.store.driver import Store
from tests.support.accounts import sign_in

SOON = date.today() + timedelta(days=30)
BLIA = "Bulgarian Library and Information Association (BLIA)"
ANBPR = "Asociația Națională a Bibliotecarilor și Bibliotecilor Publice din România (ANBPR)"


def _publish(store: Store, **changes: object) -> str:
    fields = {
        "org": "blia",
        "title": "Erasmus+ adult education: digital skills for librarians",
        "competences": ["digital-skills-training", "eu-project-writing"],
        "countries": ["RO", "BG"],
        "kinds": [],
        "deadline": SOON,
        "text": "We look for a Romanian partner with training experience.",
        **changes,
    }
    return publish(store, "mara-member", fields).id


def test_publish_list_filter_and_expire(demo_accounts: Store) -> None:
    first = _publish(demo_accounts)
    hidden = _publish(
        demo_accounts, title="Members only", public=False, countries=["GR"], deadline=SOON + timedelta(days=5)
    )
    assert [e.action for e in audit.list_events(demo_accounts, target_id=first)] == ["request.publish"]
    everything = list_requests(demo_accounts)
    assert [r.id for r in everything][:2] == [first, hidden]  # soonest deadline first
    assert [r.id for r in list_requests(demo_accounts, public_only=True)] == [first]
    assert [r.id for r in list_requests(demo_accounts, RequestFilters(country="GR"))] == [hidden]
    assert [r.id for r in list_requests(demo_accounts, RequestFilters(competence="eu-project-writing"))][:2] == [
        first,
        hidden,
    ]
    assert list_requests(demo_accounts, RequestFilters(competence="reading-promotion")) == []
    assert [r.id for r in list_requests(demo_accounts, RequestFilters(until=SOON))] == [first]
    assert list_requests(demo_accounts, today=SOON + timedelta(days=1))[0].id == hidden  # expired ones leave
    assert list_requests(demo_accounts, today=SOON + timedelta(days=6)) == []
    assert everything[0].contact is None and list_requests(demo_accounts, contacts=True)[0].contact is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"deadline": date.today() - timedelta(days=1)}, "deadline"),
        ({"competences": []}, "competences"),
        ({"countries": ["Bulgaria"]}, "countries"),
        ({"competences": ["no-such"]}, "competences"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(demo_accounts: Store, change: dict[str, object], field: str) -> None:
    before = len(list_requests(demo_accounts))
    with pytest.raises(EditError) as err:
        _publish(demo_accounts, **change)
    assert field in err.value.errors and len(list_requests(demo_accounts)) == before


def test_fits_are_the_matching_ranking_with_the_request_as_needs(demo_accounts: Store) -> None:
    ix = MatchIndex.current(demo_accounts)
    fits = rank_for_request(ix, "blia", ["reading-promotion"], MatchFilters(countries=["RO"], top=5))
    assert fits and all(f.country == "RO" and f.via.need_coverage for f in fits)
    assert {i.competence for f in fits for i in f.via.need_coverage} == {"reading-promotion"}
    assert fits == sorted(fits, key=lambda f: (-f.score, f.id))
    assert ix.need[ix.pos["blia"]].any()  # the index itself is untouched


def test_a_request_ranks_as_its_requester_needing_just_what_it_seeks(demo_accounts: Store) -> None:
    """The reference: the same ranking after the requester's needs are edited to be the
    request's competences (at the request's priority); the index is left as it was."""
    sought = ["reading-promotion", "eu-project-writing"]
    filters = MatchFilters(countries=["RO", "BG"], top=8)
    ix = MatchIndex.current(demo_accounts)
    needs_before = ix.need.copy()
    fits = rank_for_request(ix, "blia", sought, filters)
    assert fits and (ix.need == needs_before).all()  # the requester's own needs are back

    for c in np.flatnonzero(ix.need[ix.pos["blia"]]).tolist():
        remove_link(demo_accounts, "test", "need", "blia", ix.comps[c])
    for c in sought:
        set_need(demo_accounts, "test", Need(org="blia", competence=c, priority=PRIORITY))
    edited = MatchIndex.current(demo_accounts)
    assert [(f.id, f.score) for f in rank(edited, "blia", filters, Weights())[1]] == [(f.id, f.score) for f in fits]


def test_pages_for_visitors_members_and_brokers(demo_accounts: Store, settings: Settings) -> None:
    public = _publish(demo_accounts, title="Public request for web")
    app: Flask = __import__("app").create_app(
        settings, store=demo_accounts, config={"TESTING": True, "WTF_CSRF_ENABLED": False}
    )
    visitor: FlaskClient = app.test_client()
    listed = visitor.get("/requests").get_data(as_text=True)
    assert "Public request for web" in listed and "Members only" not in listed
    page = visitor.get(f"/requests/{public}")
    assert page.status_code == 200 and "office@blia.example.org" not in page.get_data(as_text=True)
    data = visitor.get(f"/api/requests/{public}").get_json()
    assert data["request"]["contact"] is None and data["fits"]
    best = data["fits"][0]["id"]
    assert "Public request for web" in visitor.get(f"/orgs/{best}").get_data(as_text=True)  # "you may fit"
    assert "Public request for web" in visitor.get("/orgs/blia").get_data(as_text=True)  # the requester's own
    assert visitor.get("/requests?until=tomorrow").status_code == 400
    member = app.test_client()
    sign_in(member, AccessRole.MEMBER)
    form = {"title": "From the web", "competences": ["advocacy-training"], "deadline": SOON.isoformat(), "public": "y"}
    other = member.post("/requests/new", data={**form, "org": ANBPR})
    assert other.status_code == 400 and "their own organisation only" in other.get_data(as_text=True)
    made = member.post("/requests/new", data={**form, "org": BLIA})
    assert made.status_code == 302
    assert "office@blia.example.org" in member.get(made.headers["Location"]).get_data(as_text=True)
    bad = member.post("/requests/new", data={**form, "org": "blia", "deadline": "2000-01-01"})
    assert bad.status_code == 400 and "No organisation is called" in bad.get_data(as_text=True)  # names, not ids
    late = member.post("/requests/new", data={**form, "org": BLIA, "deadline": "2000-01-01"})
    assert late.status_code == 400 and "deadline has passed" in late.get_data(as_text=True)
    broker = app.test_client()
    sign_in(broker, AccessRole.BROKER)
    assert (
        broker.post(
            "/requests/new",
            data={**form, "org": "asociatia nationala a bibliotecarilor si bibliotecilor publice din romania (anbpr)"},
        ).status_code
        == 302
    )


def test_profiles_share_one_list_of_open_requests_until_a_write_changes_it(
    demo_accounts: Store, settings: Settings
) -> None:
    """Every profile lists the open requests (its own, and those it may fit) from one
    list kept per process; publishing a request or renaming its requester shows at once."""
    app: Flask = __import__("app").create_app(
        settings, store=demo_accounts, config={"TESTING": True, "WTF_CSRF_ENABLED": False}
    )
    web: FlaskClient = app.test_client()
    kept = open_requests.cache_for(demo_accounts)  # type: ignore[attr-defined]
    web.get("/orgs/blia")
    computed = kept.computations
    assert "Fresh request for web" not in web.get("/orgs/anbpr").get_data(as_text=True)
    assert kept.computations == computed  # another profile, the same list

    fresh = _publish(demo_accounts, title="Fresh request for web")
    own = web.get("/orgs/blia").get_data(as_text=True)
    assert "Fresh request for web" in own  # the requester's own
    assert f'href="/requests/{fresh}"' in own  # its page, not its JSON twin
    best = web.get(f"/api/requests/{fresh}").get_json()["fits"][0]["id"]
    assert "Fresh request for web" in web.get(f"/orgs/{best}").get_data(as_text=True)  # "you may fit"

    computed = kept.computations
    set_need(demo_accounts, "test", Need(org="blia", competence="reading-promotion", priority=2))
    web.get(f"/orgs/{best}")
    assert kept.computations == computed  # what it needs is not in the list
    kind = web.get("/api/orgs/blia").get_json()["kind"]
    update_org(demo_accounts, "test", "blia", {"kind": "ngo" if kind != "ngo" else "library"})
    web.get(f"/orgs/{best}")
    assert kept.computations == computed + 1  # an organisation changed: read again
