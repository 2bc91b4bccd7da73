"""The hand-made CORDIS fixture (tests/fixtures/cordis) as the zip CORDIS serves."""

from __future__ import annotations

import csv
import io
import zipfile

from tests.support.graph import ROOT

CORDIS_DIR = ROOT / "tests" / "fixtures" / "cordis"


def cordis_zip(drop: tuple[str, ...] = (), folder: str = "", blank: tuple[str, ...] = ()) -> bytes:
    """The fixture's project.csv and organization.csv zipped, without the columns in ``drop``
    and with the columns in ``blank`` kept but empty."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("project.csv", "organization.csv"):
            text = (CORDIS_DIR / name).read_text(encoding="utf-8")
            if drop or blank:
                rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
                rows = [{k: "" if k in blank else v for k, v in row.items()} for row in rows]
                out = io.StringIO()
                fields = [f for f in rows[0] if f not in drop]
                writer = csv.DictWriter(out, fields, delimiter=";", quoting=csv.QUOTE_ALL, extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)
                text = out.getvalue()
            archive.writestr(folder + name, text)
    return buffer.getvalue()
