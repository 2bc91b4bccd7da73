"""Writing small spreadsheets for import tests and benchmarks: .xlsx (openpyxl) and .ods.

The .ods writer is hand-made (a zip with the OpenDocument mimetype, manifest and one
table in content.xml), enough for a reader to meet what LibreOffice saves.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook

_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIME}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="{sheet}">{rows}</table:table>
</office:spreadsheet></office:body>
</office:document-content>"""


def xlsx_bytes(rows: Iterable[Sequence[object]], sheet: str = "Parteneri") -> bytes:
    """An .xlsx workbook with one sheet holding ``rows`` (the first is the header)."""
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    for row in rows:
        page.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_bytes(rows: Iterable[Sequence[str]], sheet: str = "Parteneri") -> bytes:
    """An .ods spreadsheet with one sheet of text cells."""
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(c))}</text:p></table:table-cell>'
            for c in row
        )
        + "</table:table-row>"
        for row in rows
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIME)  # stored, first, as the format asks
        archive.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", _CONTENT.format(sheet=escape(sheet), rows=body), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
