"""The JSON Schema of a records file, and of one record of each kind, made from the model.

For a host that checks data before it reaches the library (a form, another
service, an editor). The schema says every field, its type and which are
required, as the loader reads them; some checks need the whole file or the
calendar, and the schema cannot say them: that an id names a record that
exists, that ids are unique, that a date is a real one (30 February has the
shape of a date), that an id names nobody in the records, a record's own
rules across its fields (an action completed before it was raised, a duty
that ends before it starts, a Section 11 audit issued to exactly one agency,
trained staff no more than the staff), that a whole number is written without
a decimal point (``2.0`` is an integer to JSON Schema), that a text holds no
lone surrogate (``"\\ud800"`` in JSON), and the bounds on a file's size and a
text's length. The loader checks those too, so a file the schema
refuses the loader refuses, and the loader may refuse a file the schema
accepts only for those reasons.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date
from typing import Any, get_args, get_origin

import attrs

from kscp_core.model.partnership import COLLECTIONS, Partnership
from kscp_core.model.people import is_personal

__all__ = ["DATE_PATTERN", "record_schema", "records_schema"]

#: the shape of a date as the loader reads it, written YYYY-MM-DD, from 1900 to 2199
DATE_PATTERN = r"^(19\d\d|2[01]\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _first_line(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


_BOUNDS = {">=": "minimum", ">": "exclusiveMinimum", "<=": "maximum", "<": "exclusiveMaximum"}


def _bounds(validator: Any) -> dict[str, Any]:
    """A number's bounds from its field's attrs validators (``ge(0)``: minimum 0)."""
    found: dict[str, Any] = {}
    parts = getattr(validator, "_validators", None) or [validator]
    for part in parts:
        op = getattr(part, "compare_op", None)
        if op in _BOUNDS:
            found[_BOUNDS[op]] = part.bound
    return found


def _schema(type_: Any, defs: dict[str, Any]) -> dict[str, Any]:
    supertype = getattr(type_, "__supertype__", None)  # a NewType: its type
    if supertype is not None:
        return _schema(supertype, defs)
    if type_ is str:
        return {"type": "string"}
    if type_ is bool:
        return {"type": "boolean"}
    if type_ is int:
        return {"type": "integer"}
    if type_ is float:
        return {"type": "number"}
    if type_ is date:
        return {"type": "string", "pattern": DATE_PATTERN}
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"enum": [member.value for member in type_]}
    origin, args = get_origin(type_), get_args(type_)
    if origin in (types.UnionType, typing.Union):
        options = [_schema(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _schema(args[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(args[1], defs)}
    if attrs.has(type_):
        name = type_.__name__
        if name not in defs:
            defs[name] = {}  # taken, for a record that holds its own kind
            attrs.resolve_types(type_)
            properties: dict[str, Any] = {}
            required: list[str] = []
            for field in attrs.fields(type_):
                properties[field.name] = _schema(field.type, defs)
                if field.name == "id":  # it joins ids in what a finding is about
                    properties[field.name]["pattern"] = "^[^/]*$"
                properties[field.name].update(_bounds(field.validator))
                if is_personal(field):
                    properties[field.name]["description"] = "personal data"
                if field.default is attrs.NOTHING:
                    required.append(field.name)
            defs[name] = {
                "type": "object",
                "description": _first_line(type_),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {type_!r}")  # a model type the schema does not know


def records_schema() -> dict[str, Any]:
    """The JSON Schema of a records file (YAML or JSON): a whole partnership.

    >>> schema = records_schema()
    >>> schema["$ref"], sorted(schema["$defs"]["Partnership"]["required"])
    ('#/$defs/Partnership', ['chair', 'name'])
    """
    defs: dict[str, Any] = {}
    root = _schema(Partnership, defs)
    return {"$schema": _DRAFT, "title": "kscp_core records", **root, "$defs": defs}


def record_schema(collection: str) -> dict[str, Any]:
    """The JSON Schema of one record of a collection (``actions``, ``meetings``, ...).

    Raises:
        KeyError: there is no such collection.

    >>> record_schema("actions")["$ref"]
    '#/$defs/Action'
    """
    defs: dict[str, Any] = {}
    root = _schema(COLLECTIONS[collection], defs)
    return {"$schema": _DRAFT, "title": f"kscp_core: one of {collection}", **root, "$defs": defs}
