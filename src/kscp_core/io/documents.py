"""Reading YAML and JSON files safely, within bounds a machine can keep.

Every file kscp_core reads (records, rules, overlays, scenarios) comes through
here. It must be a regular file (not a device, a pipe or a directory), no
larger than :data:`MAX_FILE_BYTES`, UTF-8 (a byte-order mark is allowed), and
hold plain data: mappings with text or number keys (none twice), lists, text,
numbers, true/false and null. YAML anchors are allowed, but a document may
hold at most :data:`MAX_NODES` values once its aliases are expanded, nested at
most :data:`MAX_DEPTH` deep; no text may be longer than :data:`MAX_TEXT_BYTES`
in UTF-8 or hold a lone surrogate. A file outside these bounds is refused with
a :class:`~kscp_core.errors.RecordsError` saying which bound and where.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from kscp_core.errors import Problem, RecordsError

__all__ = [
    "FORMATS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_TEXT_BYTES",
    "parse",
    "read_document",
]

#: The largest file kscp_core reads, in bytes. Its peak memory is measured on
#: the documentation's safety page.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: The deepest nesting of lists and mappings kscp_core reads.
MAX_DEPTH = 32
#: The most values (mappings, lists, texts, numbers) one document may hold, once
#: YAML aliases are expanded: a few hundred bytes cannot stand for billions.
MAX_NODES = 4_000_000
#: The longest text, in UTF-8 bytes; durable-rules keeps text lengths in 16 bits.
MAX_TEXT_BYTES = 60_000
#: File suffixes and the format each is read as (any case).
FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}

_DROPPED_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """YAML's implicit types less timestamps, and only true/false as booleans."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag not in _DROPPED_TAGS]
        for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    boolean = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        resolvers.setdefault(first, []).append(("tag:yaml.org,2002:bool", boolean))
    return resolvers


class _Strict:
    """Safe YAML: no object tags, dates kept as text, duplicate keys refused.

    Only ``true`` and ``false`` are true/false: YAML 1.1 would also read
    ``on``, ``off``, ``yes`` and ``no`` so, turning a key written ``on:`` into
    ``true``.
    """

    yaml_implicit_resolvers = _resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[attr-defined]
            if isinstance(key, list | dict):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be text or a number", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, _duplicate_key(key), key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        return mapping


class _Loader(_Strict, yaml.SafeLoader):
    """The strict rules on PyYAML's parser written in Python."""


# libyaml's parser, where PyYAML was built with it, reads YAML several times
# faster; the strict rules (resolvers, the mapping check) are the same Python.
yaml_loader: type[Any] = (
    type("FastLoader", (_Strict, yaml.CSafeLoader), {}) if hasattr(yaml, "CSafeLoader") else _Loader
)


_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _duplicate_key(key: object) -> str:
    """The problem of a key given twice, showing it only when it is a field's name.

    Records are written with lower-case field names as keys; any other key
    given twice may be something meant for a value (a person's name written as
    a key), so it is not shown.
    """
    if isinstance(key, str) and _FIELD_NAME.fullmatch(key):
        return f"duplicate key {key!r}"
    return "a key given twice (not shown: it may be personal data)"


def _refuse(source: str, path: str, message: str) -> RecordsError:
    return RecordsError(source, [Problem(path=path, message=message)])


def _plainly_within_bounds(data: Any) -> bool:
    """Whether a document is within the bounds, by one quick walk that builds no paths.

    It counts a value each time it appears, so a document with YAML aliases
    may count more than :func:`_check_bounds` would; it gives up (False) at
    the first doubt, within the bounds' own number of steps, and the careful
    walk then decides and names the place. True is always right.
    """
    if not isinstance(data, dict | list):
        return _plain_text(data)
    seen = 1
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if level > MAX_DEPTH:
            return False
        if isinstance(value, dict):
            items: Any = value.values()
            seen += 2 * len(value)
            try:
                keys = "".join(value)  # one look at every key, when all are text
            except TypeError:
                keys = "\udc80"  # keys that are not text (YAML): each looked at below
            doubtful = not keys.isascii() or len(keys) > MAX_TEXT_BYTES
            if doubtful and not all(_plain_text(key) for key in value):
                return False
        else:
            items = value
            seen += len(value)
        if seen > MAX_NODES:
            return False
        for item in items:
            if isinstance(item, str):
                long = not item.isascii() or len(item) > MAX_TEXT_BYTES
                if long and not _plain_text(item):
                    return False
            elif isinstance(item, dict | list):
                stack.append((item, level + 1))
    return True


def _plain_text(value: Any) -> bool:
    """Whether a value, when it is text, is within the length bound (and has no lone surrogate)."""
    if not isinstance(value, str) or (value.isascii() and len(value) <= MAX_TEXT_BYTES):
        return True
    try:
        return len(value.encode("utf-8")) <= MAX_TEXT_BYTES
    except UnicodeEncodeError:
        return False


def _check_bounds(data: Any, source: str) -> None:
    """Refuse a document past the bounds, looking at each distinct value once.

    YAML aliases make one value appear in many places; the expanded size and
    depth of each value are worked out once and reused, so a bomb of aliases is
    measured in the time its few real values take.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    # iterative post-order walk over distinct containers
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    on_path: set[int] = set()
    while stack:
        value, path, done = stack.pop()
        key = id(value)
        if isinstance(value, str):
            if not value.isascii() or len(value) > MAX_TEXT_BYTES:
                try:
                    encoded = len(value.encode("utf-8"))
                except UnicodeEncodeError:
                    raise _refuse(source, path, "text with a lone surrogate") from None
                if encoded > MAX_TEXT_BYTES:
                    raise _refuse(
                        source, path, f"text longer than {MAX_TEXT_BYTES} bytes ({encoded})"
                    )
            continue
        if not isinstance(value, dict | list):
            continue
        if key in size:
            continue
        if isinstance(value, dict):
            children = [(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()]
            children += [(k, path) for k in value if isinstance(k, str)]
        else:
            children = [(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if not done:
            if key in on_path:  # a document cannot contain itself
                raise _refuse(source, path, "a value that contains itself")
            on_path.add(key)
            stack.append((value, path, True))
            stack.extend((child, where, False) for child, where in children)
            continue
        on_path.discard(key)
        total = 1
        deepest = 0
        for child, _ in children:
            total += size.get(id(child), 1)
            deepest = max(deepest, depth.get(id(child), 0))
        size[key] = total
        depth[key] = deepest + 1
        if depth[key] > MAX_DEPTH:
            raise _refuse(source, path, f"nested deeper than {MAX_DEPTH} levels")
        if total > MAX_NODES:
            raise _refuse(
                source, path, f"more than {MAX_NODES} values once YAML aliases are expanded"
            )


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):  # a key given twice: say which, the first such
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(_duplicate_key(key))
            seen.add(key)
    return result


def parse(text: str, source: str, fmt: str, *, careful: bool = False) -> Any:
    """Plain data from YAML or JSON text, checked against the bounds.

    A quick walk checks the bounds; where it has any doubt (or with
    ``careful``), a walk that knows each value's place decides and says where.

    Raises:
        RecordsError: the text is too large, not valid, or past a bound.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark, in YAML and JSON alike
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _refuse(source, "", f"larger than {MAX_FILE_BYTES} bytes")
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_json_pairs)
        else:
            data = yaml.load(text, Loader=yaml_loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _refuse(source, where, str(error.problem or error)) from None
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise _refuse(source, "", f"not valid {fmt.upper()}: {error}") from None
    if careful or not _plainly_within_bounds(data):
        _check_bounds(data, source)
    return data


def _format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _refuse(str(path), "", "expected a .yaml, .yml or .json file")
    return fmt


def read_document(path: str | Path, *, careful: bool = False) -> Any:
    """Read a YAML or JSON file safely into plain data.

    Only a regular file is read (a link to one is followed), and no more than
    :data:`MAX_FILE_BYTES` of it. ``careful``: as for :func:`parse`.

    Raises:
        RecordsError: the file cannot be read, is not a regular file, is too
            large, or is not valid YAML or JSON within the bounds.
    """
    file = Path(path)
    fmt = _format(file)
    try:
        # non-blocking, so that a named pipe is refused rather than waited on
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise _refuse(str(file), "", "not a regular file")
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise _refuse(str(file), "", f"larger than {MAX_FILE_BYTES} bytes")
        text = raw.decode("utf-8-sig")
    except OSError as error:
        raise _refuse(str(file), "", f"cannot read the file: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise _refuse(str(file), "", f"not UTF-8 text (byte {error.start})") from None
    return parse(text, str(file), fmt, careful=careful)
