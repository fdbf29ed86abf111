"""Files that try to exhaust the machine are refused, saying which bound and where."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import kscp_core
from kscp_core.cli import main
from kscp_core.errors import RecordsError
from kscp_core.io.documents import MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_BYTES, read_document

from .conftest import EXAMPLE


def _bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["name: Bomb", "chair: {name: C}", "x0: &x0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"x{level}: &x{level} [" + ", ".join([f"*x{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_by_its_expanded_size() -> None:
    text = _bomb()
    assert len(text.encode()) < 600  # 9**9 values, in a few hundred bytes
    with pytest.raises(RecordsError, match=f"more than {MAX_NODES} values once YAML aliases"):
        kscp_core.loads(text)


def test_aliases_that_expand_to_little_are_read(tmp_path: Path) -> None:
    # anchors are allowed: only the expanded size is bounded
    with pytest.raises(RecordsError) as raised:
        kscp_core.loads(_bomb(levels=3, width=3))
    assert "aliases are expanded" not in str(raised.value)  # refused for its unknown keys only
    assert "x2" in str(raised.value)


def test_a_value_that_contains_itself_is_refused() -> None:
    with pytest.raises(RecordsError, match="contains itself"):
        kscp_core.loads("name: &a [*a]\nchair: {name: C}\n")


def test_a_link_to_a_device_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(RecordsError, match="not a regular file"):
        read_document(link)
    assert main(["validate", str(link)]) == 2


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "records.yaml"
    os.mkfifo(pipe)
    with pytest.raises(RecordsError, match="not a regular file"):
        read_document(pipe)


def test_a_file_over_the_size_bound_is_refused_from_what_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(RecordsError, match=f"larger than {MAX_FILE_BYTES} bytes"):
        read_document(big)


def test_json_with_a_byte_order_mark_reads_as_yaml_with_one_does(tmp_path: Path) -> None:
    expected = kscp_core.load(EXAMPLE)
    for suffix in (".json", ".yaml"):
        file = tmp_path / f"records{suffix}"
        text = kscp_core.dumps(expected, "json" if suffix == ".json" else "yaml")
        file.write_bytes("\ufeff".encode() + text.encode())
        assert kscp_core.load(file) == expected


def test_a_lone_surrogate_is_refused_with_its_path() -> None:
    text = json.dumps({"name": "P", "chair": {"name": "C\ud800"}})
    with pytest.raises(RecordsError, match=r"chair\.name: text with a lone surrogate"):
        kscp_core.loads(text, "json")


def test_a_text_longer_than_the_engine_keeps_is_refused_with_its_path() -> None:
    text = json.dumps({"name": "P" * (MAX_TEXT_BYTES + 1), "chair": {"name": "C"}})
    with pytest.raises(RecordsError, match=f"name: text longer than {MAX_TEXT_BYTES} bytes"):
        kscp_core.loads(text, "json")
    # bytes, not characters: three bytes each in UTF-8
    text = json.dumps({"name": "é" * (MAX_TEXT_BYTES // 2 + 1), "chair": {"name": "C"}})
    with pytest.raises(RecordsError, match="text longer than"):
        kscp_core.loads(text, "json")
