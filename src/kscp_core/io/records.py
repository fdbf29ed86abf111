"""Loading and saving a partnership's records as YAML or JSON.

One cattrs converter (:func:`make_converter`) does both ways. It is strict:
dates are ISO 8601 text (``2025-03-31``), enums are their values, unknown keys
are errors, and nothing is coerced (a number where text is expected is an
error, not text). Every error names the file and the path inside it::

    records.yaml: 2 problems in the records
      actions[3].due_on: expected a date written YYYY-MM-DD, got '31/03/2025'
      agencies[0].colour: unknown key (allowed: feedback_mechanisms, id, kind, ...)
"""

from __future__ import annotations

import enum
import json
import math
import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
import yaml
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn
from cattrs.v import transform_error

from kscp_core._collector import collector_paused
from kscp_core.errors import Problem, RecordsError
from kscp_core.io.documents import FORMATS, parse, read_document, yaml_loader
from kscp_core.model.partnership import (
    Partnership,
    date_problems,
    identifying_ids,
    reference_problems,
)
from kscp_core.model.people import is_personal
from kscp_core.model.working_days import EARLIEST_DATE, LATEST_DATE

__all__ = [
    "dump",
    "dumps",
    "load",
    "loads",
    "make_converter",
    "merge_records",
    "structure",
    "structure_record",
    "unstructure",
    "unstructure_record",
]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _describe(value: Any) -> str:
    kind = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kind} ({shown})" if not isinstance(value, list | dict) else kind


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {_describe(value)}")
    return value


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {_describe(value)}")
    return value


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_describe(value)}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def _structure_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_describe(value)}")
    return value


#: whether a date read in this thread since :func:`_dates_read` was outside the
#: dates kscp_core works with (then the records' dates are looked at for where)
_OUTSIDE = threading.local()


def _dates_read() -> None:
    _OUTSIDE.seen = False


def _outside_seen() -> bool:
    return bool(getattr(_OUTSIDE, "seen", True))


def _structure_date(value: Any, _: Any) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"not a real date: {value!r} ({error})") from None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            _OUTSIDE.seen = True
        return day
    raise ValueError(f"expected a date written YYYY-MM-DD, got {_describe(value)}")


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _enum_hook(type_: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    allowed = ", ".join(str(m.value) for m in type_)

    by_value = {m.value: m for m in type_ if isinstance(m.value, str)}

    def structure_enum(value: Any, _: Any) -> enum.Enum:
        if isinstance(value, str):
            member = by_value.get(value)
            if member is not None:
                return member
        raise ValueError(f"expected one of: {allowed}; got {_describe(value)}")

    return structure_enum


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        item_type = get_args(type_)[0]
        item_hook = converter.get_structure_hook(item_type)

        def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {_describe(value)}")
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as error:  # collected, re-raised below with its index
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        cattrs.errors.IterableValidationNote(
                            f"Structuring item @ index {index}", index, item_type
                        ),
                    ]
                    errors.append(error)
            if errors:
                raise IterableValidationError("invalid items", errors, type_)
            return tuple(items)

        return structure_tuple

    return factory


def _is_dict(type_: Any) -> bool:
    return get_origin(type_) is dict


def _make_dict_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        key_type, value_type = get_args(type_)
        key_hook = converter.get_structure_hook(key_type)
        value_hook = converter.get_structure_hook(value_type)

        def structure_dict(value: Any, _: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise TypeError(f"expected a mapping, got {_describe(value)}")
            result: dict[Any, Any] = {}
            errors: list[Exception] = []
            for key, item in value.items():
                try:
                    result[key_hook(key, key_type)] = value_hook(item, value_type)
                except Exception as error:
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        cattrs.errors.AttributeValidationNote(
                            f"Structuring key {key!r}", str(key), value_type
                        ),
                    ]
                    errors.append(error)
            if errors:
                raise ClassValidationError("invalid mapping", errors, type_)
            return result

        return structure_dict

    return factory


def _make_attrs_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        inner = make_dict_structure_fn(type_, converter, _cattrs_forbid_extra_keys=True)

        def structure_record(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError(f"expected a mapping of fields, got {_describe(value)}")
            return inner(value, type_)

        return structure_record

    return factory


def make_converter() -> cattrs.Converter:
    """The one converter for records: strict structuring, tidy unstructuring.

    >>> from kscp_core.model.agencies import Agency, AgencyKind, AgencyId
    >>> c = make_converter()
    >>> c.unstructure(Agency(id=AgencyId("police"), name="Police", kind=AgencyKind.POLICE))
    {'id': 'police', 'name': 'Police', 'kind': 'police'}
    """
    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_factory(converter))
    converter.register_structure_hook_factory(_is_dict, _make_dict_factory(converter))
    converter.register_structure_hook_factory(attrs.has, _make_attrs_factory(converter))
    return converter


_CONVERTER = make_converter()
T = TypeVar("T")


def _message(error: BaseException, type_: Any) -> str:
    if isinstance(error, ForbiddenExtraKeysError):
        allowed = sorted(a.name for a in attrs.fields(error.cl))
        keys = ", ".join(sorted(str(k) for k in error.extra_fields))
        return f"unknown key {keys} (allowed: {', '.join(allowed)})"
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, TypeError | ValueError) and str(error):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _problems(error: Exception, root: type = Partnership) -> list[Problem]:
    problems = []
    for line in transform_error(error, path="$", format_exception=_message):
        message, _, path = line.rpartition(" @ ")
        path = path.removeprefix("$").removeprefix(".")
        if _is_personal_path(root, path):
            message = _without_value(message)
        problems.append(Problem(path=path, message=message))
    return problems


_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[\d+\]")


def _is_personal_path(root: type, path: str) -> bool:
    """Whether a path into the records reaches into a field marked personal."""
    current: Any = root
    for match in _STEP.finditer(path):
        name = match.group(1)
        if name is None:  # a list index: the type of the items
            args = get_args(current)
            current = args[0] if args else Any
            continue
        if not (isinstance(current, type) and attrs.has(current)):
            return False
        attrs.resolve_types(current)
        field = attrs.fields_dict(current).get(name)
        if field is None:
            return False
        if is_personal(field):
            return True
        current = field.type
        options = [a for a in get_args(current) if a is not type(None)]
        if options and get_origin(current) is not tuple:
            current = options[0]  # X | None: X
    # a problem with a whole record that holds personal fields (a person written as
    # text, a key that is not a field) may show what was meant for those fields
    if get_origin(current) is tuple:
        current = (get_args(current) or (Any,))[0]
    if isinstance(current, type) and attrs.has(current):
        attrs.resolve_types(current)
        return any(is_personal(f) for f in attrs.fields(current))
    return False


def _without_value(message: str) -> str:
    """A problem's message with the value left out: the field holds personal data."""
    unknown = re.match(r"unknown keys? .*\(allowed: (.*)\)$", message, flags=re.S)
    if unknown:  # a key written where a person's fields go may itself be a name
        return f"unknown key, not shown: it may be personal data (allowed: {unknown.group(1)})"
    kept = re.split(r", got |: |; got ", message, maxsplit=1)[0]
    return f"{kept} (the value is not shown: it is personal data)"


def structure(data: Any, source: str = "<records>", *, careful: bool = False) -> Partnership:
    """Turn plain data (as read from YAML or JSON) into a checked partnership.

    Every date is checked as it is read; only when one is outside the dates
    kscp_core works with (or with ``careful``) is every record walked to say
    where. ``careful`` gives the same records and the same problems, slower.

    Raises:
        RecordsError: naming every field that is wrong, and every id that
            names no record.
    """
    _dates_read()
    try:
        partnership = _CONVERTER.structure(data, Partnership)
    except (ClassValidationError, IterableValidationError, TypeError, ValueError) as error:
        if isinstance(error, ClassValidationError | IterableValidationError):
            problems = _problems(error)
        else:
            problems = [Problem(path="", message=str(error))]
        if isinstance(data, dict):
            problems += reference_problems(data)
        raise RecordsError(source, problems) from None
    # every date in the records was read by _structure_date: only when one was
    # outside the range is each looked at, to say where
    dated = date_problems(partnership) if careful or _outside_seen() else []
    problems = reference_problems(partnership) + dated + identifying_ids(partnership)
    if problems:
        raise RecordsError(source, problems)
    return partnership


def structure_record(data: Any, cls: type[T], source: str = "<record>") -> T:
    """Turn plain data into one checked record of a type (an action, a meeting, ...).

    The same strictness as loading a file; references to other records are not
    checked (one record alone cannot say whether they exist).

    Raises:
        RecordsError: naming every field that is wrong, with its path.
    """
    _dates_read()
    try:
        record: T = _CONVERTER.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as error:
        raise RecordsError(source, _problems(error, cls)) from None
    except (TypeError, ValueError, AttributeError) as error:
        personal = attrs.has(cls) and any(is_personal(f) for f in attrs.fields(cls))
        message = _without_value(str(error)) if personal else str(error)
        raise RecordsError(source, [Problem(path="", message=message)]) from None
    problems = date_problems(record) if _outside_seen() else []
    if problems:
        raise RecordsError(source, problems)
    return record


def unstructure_record(record: Any) -> Any:
    """Plain data for one record, as it is written in a records file.

    Raises:
        RecordsError: the record holds something no records file could.
    """
    try:
        return _CONVERTER.unstructure(record)
    except (TypeError, ValueError, AttributeError) as error:
        where = type(record).__name__
        raise RecordsError(f"<{where}>", [Problem(path="", message=str(error))]) from None


def merge_records(base: dict[str, Any] | Any, extra: dict[str, Any] | Any) -> dict[str, Any]:
    """Plain records data with more records added; a record with the same id replaces one.

    Used by worked examples and scenarios, which add their own records to shared ones.

    >>> merge_records({"actions": [{"id": "A"}, {"id": "B"}]}, {"actions": [{"id": "B", "x": 1}]})
    {'actions': [{'id': 'A'}, {'id': 'B', 'x': 1}]}
    """
    merged = {
        key: (list(value) if isinstance(value, list) else value) for key, value in base.items()
    }
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            ids = {r.get("id") for r in value if isinstance(r, dict)}
            kept = [r for r in merged[key] if not (isinstance(r, dict) and r.get("id") in ids)]
            merged[key] = kept + list(value)
        else:
            merged[key] = value
    return merged


def unstructure(partnership: Partnership) -> dict[str, Any]:
    """Plain data for a partnership, as written to YAML or JSON."""
    data: dict[str, Any] = _CONVERTER.unstructure(partnership)
    return data


def load(path: str | Path, *, careful: bool = False) -> Partnership:
    """Load a partnership's records from a YAML or JSON file.

    ``careful`` takes the slower way through every check (each value walked
    with its place, each date looked at) instead of quick checks that fall
    back to it: the same records and the same problems either way.

    Raises:
        RecordsError: naming the file, the path inside it and what was expected.
    """
    with collector_paused():
        return structure(read_document(path, careful=careful), str(path), careful=careful)


def loads(
    text: str, fmt: str = "yaml", source: str = "<records>", *, careful: bool = False
) -> Partnership:
    """Load a partnership's records from YAML or JSON text (``careful``: as for :func:`load`)."""
    with collector_paused():
        return structure(parse(text, source, fmt, careful=careful), source, careful=careful)


def dumps(partnership: Partnership, fmt: str = "yaml") -> str:
    """A partnership's records as YAML or JSON text; :func:`loads` gives them back equal."""
    data = unstructure(partnership)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    # PyYAML writes some line-break characters (U+0085) raw inside quotes and
    # reads them back as spaces; escaped output keeps them, so use it then.
    if yaml.load(text, Loader=yaml_loader) != data:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=100)
    return text


def dump(partnership: Partnership, path: str | Path) -> None:
    """Write a partnership's records to a YAML or JSON file (by its suffix)."""
    file = Path(path)
    fmt = FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise RecordsError(
            str(file), [Problem(path="", message="expected a .yaml, .yml or .json file")]
        )
    file.write_text(dumps(partnership, fmt), encoding="utf-8")
