"""The one query-string parser: its rules, and every route and CLI command following them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from pydantic import BaseModel

from app.cli import cli
from graph.explore.network import EgoFilters
from graph.explore.paths import PathQuery
from graph.matching.model import MatchFilters, Weights
from graph.metrics.subgraph import SubgraphFilter
from graph.models import OrgKind
from graph.params import BadParameter, param_names, parse_params, reject_unknown
from graph.store.driver import Store


def test_repeats_and_commas_are_the_same_list() -> None:
    repeated = parse_params(MatchFilters, {"kinds": ["library", "ngo"], "countries": ["RO", "bg"]})
    commas = parse_params(MatchFilters, {"kinds": ["library,ngo"], "countries": [" RO , bg "]})
    both = parse_params(MatchFilters, {"kinds": ["library", " ngo,"], "countries": ["RO,", "bg"]})
    assert repeated == commas == both
    assert repeated.kinds == [OrgKind.LIBRARY, OrgKind.NGO] and repeated.countries == ["RO", "BG"]


def test_blank_values_mean_the_default() -> None:
    blank = {"kinds": ["", " "], "top": [""], "min_score": ["  "], "balkan": [""]}
    assert parse_params(MatchFilters, blank) == MatchFilters()
    assert parse_params(EgoFilters, {"rels": [","], "depth": [""]}) == EgoFilters()


def test_one_value_fields_refuse_two_different_values() -> None:
    assert parse_params(MatchFilters, {"top": ["5", " 5"]}).top == 5
    with pytest.raises(BadParameter, match="given more than once") as caught:
        parse_params(MatchFilters, {"top": ["5", "50"]})
    assert caught.value.parameter == "top"


def test_errors_name_the_parameter_as_the_url_spells_it() -> None:
    cases: list[tuple[type[BaseModel], dict[str, list[str]], str, str]] = [
        (MatchFilters, {"kinds": ["ngo,castle"]}, "", "kinds"),  # not "kinds.1"
        (PathQuery, {"from": ["anbpr"]}, "", "to"),  # the alias, not the field's name
        (Weights, {"w.need": ["-2"]}, "w.", "w.need"),
        (Weights, {"w.need": ["0"], "w.reciprocity": ["0"]}, "w.", "w"),  # the whole model
        (SubgraphFilter, {"since": ["2021-01-01"], "until": ["2020-01-01"]}, "", "query"),
    ]
    for model, params, prefix, parameter in cases:
        with pytest.raises(BadParameter) as caught:
            parse_params(model, params, prefix)
        assert caught.value.parameter == parameter
        assert str(caught.value).startswith(f"invalid parameter {parameter!r}: ")


def test_other_models_parameters_are_left_alone_unless_refused() -> None:
    params = {"kinds": ["ngo"], "w.need": ["2"], "format": ["csv"]}
    assert parse_params(MatchFilters, params).kinds == [OrgKind.NGO]
    assert parse_params(Weights, params, "w.").need == 2
    assert "from" in param_names(PathQuery) and "w.need" in param_names(Weights, "w.")
    reject_unknown(params, param_names(MatchFilters) | param_names(Weights, "w.") | {"format"})
    with pytest.raises(BadParameter, match="unknown parameter") as caught:
        reject_unknown({**params, "colour": ["red"]}, param_names(MatchFilters) | {"w.need", "format"})
    assert caught.value.parameter == "colour"


# -- every route and the CLI follow the same rules ------------------------------------------


@pytest.mark.parametrize(
    ("repeated", "commas"),
    [
        ("/api/orgs/anbpr/network?kinds=library&kinds=ngo", "/api/orgs/anbpr/network?kinds=library,ngo"),
        ("/api/match/blia?kinds=library&kinds=ngo&countries=RO", "/api/match/blia?kinds=library,ngo&countries=RO,"),
        ("/orgs/blia/match?kinds=library&kinds=ngo&format=json", "/orgs/blia/match?kinds=library,ngo&format=json"),
        ("/api/metrics?kinds=library&kinds=ngo&regions=RO", "/api/metrics?kinds=library,ngo&regions=RO"),
    ],
)
def test_routes_read_repeats_and_commas_alike(
    demo_graph: Store, broker_client: FlaskClient, repeated: str, commas: str
) -> None:
    first, second = broker_client.get(repeated), broker_client.get(commas)
    assert first.status_code == second.status_code == 200
    timeless = [{k: v for k, v in answer.get_json().items() if k != "info"} for answer in (first, second)]
    assert timeless[0] == timeless[1]


def test_routes_take_blank_values_as_the_default(demo_graph: Store, client: FlaskClient) -> None:
    assert client.get("/api/orgs?q=&kind=&region=&page=").get_json() == client.get("/api/orgs").get_json()
    assert client.get("/api/regions?balkan=").get_json() == client.get("/api/regions").get_json()


def test_routes_refuse_two_values_for_one(demo_graph: Store, client: FlaskClient) -> None:
    answer = client.get("/api/orgs?kind=library&kind=ngo")
    assert answer.status_code == 400 and answer.get_json()["parameter"] == "kind"


def test_cli_filters_follow_the_same_rules(
    demo_graph: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))  # type: ignore[attr-defined]
    runner = CliRunner()
    outputs = []
    for args in (["--kinds", "library", "--kinds", "ngo"], ["--kinds", "library,ngo"]):
        out = tmp_path / "metrics.json"
        done = runner.invoke(cli, ["metrics", *args, "--regions", "RO", "--format", "json", "-o", str(out)])
        assert done.exit_code == 0, done.output
        outputs.append(json.loads(out.read_text())["nodes"])
    assert outputs[0] == outputs[1] and outputs[0]
    matches = [
        runner.invoke(cli, ["match", "blia", "--json", *args])
        for args in (["--kinds", "library", "--kinds", "ngo"], ["--kinds", "library,ngo"])
    ]
    assert matches[0].exit_code == matches[1].exit_code == 0
    assert json.loads(matches[0].output)["results"] == json.loads(matches[1].output)["results"]
    refused = runner.invoke(cli, ["match", "blia", "--kinds", "castle"])
    assert refused.exit_code == 1 and "invalid parameter 'kinds'" in refused.output
