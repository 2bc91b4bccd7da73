"""Property values between the driver and plain data: temporal types, and their JSON tags.

:func:`plain` turns the driver's temporal values into Python's for the rest of the
library; :func:`tagged` and :func:`untagged` carry them through portable JSON (backups)
with their exact stored type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytz
from neo4j.time import Date, DateTime, Duration, Time


def plain(value: Any) -> Any:
    """Return ``value`` with neo4j's temporal types turned into Python's, recursively."""
    if isinstance(value, (Date, DateTime, Time)):
        return value.to_native()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# Type tags of temporal values in portable JSON (backups): {"$date": "2017-01-01"}.
_TAGS: dict[str, Callable[[str], Any]] = {
    "$date": Date.from_iso_format,
    "$localdatetime": DateTime.from_iso_format,
    "$datetime": DateTime.from_iso_format,
    "$localtime": Time.from_iso_format,
    "$time": Time.from_iso_format,
    "$duration": Duration.from_iso_format,
}

_PLAIN = frozenset({str, int, float, bool})


def tagged(value: Any) -> Any:
    """Return ``value`` as JSON-ready data, temporal values as type-tagged strings.

    Nanoseconds and the kind of time zone are kept: a date-time in a named zone
    ("Etc/UTC") carries the zone's name, one with a fixed offset carries the offset,
    a local one neither, so that :func:`untagged` gives back the same stored type.
    """
    if value is None or type(value) in _PLAIN:  # most values: tested first (checksums)
        return value
    if isinstance(value, DateTime):
        if value.tzinfo is None:
            return {"$localdatetime": value.iso_format()}
        zone = getattr(value.tzinfo, "zone", None)
        if zone:
            return {"$datetime": value.replace(tzinfo=None).iso_format(), "zone": zone}
        return {"$datetime": value.iso_format()}
    if isinstance(value, Date):
        return {"$date": value.iso_format()}
    if isinstance(value, Time):
        return {"$time" if value.tzinfo else "$localtime": value.iso_format()}
    if isinstance(value, Duration):
        return {"$duration": value.iso_format()}
    if isinstance(value, dict):
        return {k: tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError(f"a property of type {type(value).__name__} cannot be backed up")


def untagged(value: Any) -> Any:
    """Invert :func:`tagged`: type-tagged strings back to the driver's temporal values.

    Raises ValueError for an unknown tag or a malformed value.
    """
    if isinstance(value, list):
        return [untagged(v) for v in value]
    if not isinstance(value, dict):
        return value
    tags = [key for key in value if key in _TAGS]
    if len(tags) != 1 or set(value) - {tags[0], "zone"} or not isinstance(value[tags[0]], str):
        raise ValueError(f"not a tagged property value: {value!r}")
    parsed = _TAGS[tags[0]](value[tags[0]])
    zone = value.get("zone")
    if zone is not None:
        try:
            parsed = pytz.timezone(zone).localize(parsed)
        except pytz.UnknownTimeZoneError as exc:
            raise ValueError(f"unknown time zone {zone!r}") from exc
    return parsed
