"""CSV formula injection: no cell of any CSV (web, API, CLI) starts a spreadsheet formula,
and numbers, negative ones included, stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app.cli import cli
from graph.config import Settings
from graph.readwrite.csvfile import safe_cell, write_rows
from graph.readwrite.importer import load_path
from graph.store.driver import Store

FORMULAS = ['=HYPERLINK("http://evil.test","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
TABLES = {
    "regions.csv": "id,name,parent,tags\nRO,Romania,,balkan\nBG,Bulgaria,,balkan\n",
    "organisations.csv": "id,name,kind,region,city\n"
    + "".join(
        f'o{i},"{name.replace(chr(34), chr(34) * 2)}",library,{"RO" if i % 2 else "BG"},=1+1\n'
        for i, name in enumerate(FORMULAS)
    ),
    "projects.csv": "id,title,budget\np1,@Reading,1000\n",
    "participations.csv": "org,project,role\n" + "".join(f"o{i},p1,partner\n" for i in range(len(FORMULAS))),
}


@pytest.mark.parametrize(
    "value,cell",
    [
        ("=1+1", "'=1+1"),
        ("+40 256 123", "'+40 256 123"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),
        ("+4.5", "+4.5"),
        ("-1e-3", "-1e-3"),
        (-7, -7),
        (-0.25, -0.25),
        (True, "True"),
        (None, ""),
        ("Timișoara", "Timișoara"),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(value: object, cell: object) -> None:
    assert safe_cell(value) == cell


def test_write_rows_quotes_and_neutralises() -> None:
    out = io.StringIO()
    write_rows(out, ["=h"], [["=x,y"], [-1]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=h"], ["'=x,y"], ["-1"]]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_safe(text: str) -> None:
    cells = _cells(text)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells), text[:300]
    for cell in cells:
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
            float(cell)  # only a plain number may start so


@pytest.fixture()
def hostile_graph(empty_graph: Store, tmp_path: Path) -> Store:
    for name, text in TABLES.items():
        (tmp_path / name).write_text(text, "utf-8")
    load_path(empty_graph, tmp_path)
    return empty_graph


def test_every_csv_is_safe(
    hostile_graph: Store, client: FlaskClient, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = ["/orgs?format=csv", "/api/metrics?format=csv", "/api/export?format=csv", "/regions/RO?format=csv"]
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.get_data(as_text=True))
    monkeypatch.setenv("PARTNERNET_DATA", str(settings.data_dir))
    for command in (["metrics", "--format", "csv"], ["export", "--format", "csv"]):
        out = tmp_path / "out.csv"
        result = CliRunner().invoke(cli, [*command, "-o", str(out)])
        assert result.exit_code == 0, result.output
        texts.append(out.read_text("utf-8"))
    for text in texts[:2] + texts[3:5]:  # organisations, metrics (web and CLI), the region's ties
        _assert_safe(text)
    organisations = list(csv.DictReader(io.StringIO(texts[0])))
    assert {row["city"] for row in organisations} == {"'=1+1"}
    assert {row["name"] for row in organisations} == {"'" + name for name in FORMULAS}
