"""Checking a portfolio of records files: one partnership at a time, across processes.

:func:`check_files` loads, evaluates and lets go of one partnership's records
at a time, so memory is bounded by the largest partnership, not the
portfolio. With ``workers`` above one, worker processes each load and check
their own files and send back a compact result (the partnership's shown name
and its findings in their JSON form: plain data, never pickled object
graphs); results come back in the order of the files, whatever order the
workers finish in.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import Any

import attrs

from kscp_core.engine import Engine, Method
from kscp_core.engine.findings import document_text
from kscp_core.errors import KscpError
from kscp_core.io.records import load
from kscp_core.model.identifiers import Redactor, redact_patterns
from kscp_core.rulebook import RuleBook

__all__ = ["FileResult", "WorkerError", "check_files", "default_workers"]


@attrs.frozen(kw_only=True)
class FileResult:
    """What checking one records file gave: plain data, cheap to send between processes."""

    file: str
    #: the partnership's name as output shows it (nobody in the records identified)
    name: str
    #: the findings in their JSON form (:meth:`kscp_core.engine.Finding.to_json`),
    #: unless ``document`` was asked for
    findings: tuple[dict[str, Any], ...]
    #: the most severe finding's rank (lower is worse), or None when there is none
    worst: int | None
    #: with ``document`` asked for: the partnership's JSON document, written out
    #: (one text to send back, not the findings' many small objects)
    document: str | None = None


class WorkerError(KscpError):
    """A records or rules problem met in a worker process, as its message said it."""


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


#: the fields of a partnership's JSON document besides its name and findings
Header = dict[str, Any]


def _check_one(
    engine: Engine, file: str, as_of: date, method: Method, redact: bool, header: Header | None
) -> FileResult:
    partnership = load(file)
    findings = engine.evaluate(partnership, as_of, method=method)
    name = (
        Redactor(partnership.people)(partnership.name) if partnership.people else partnership.name
    )
    shown = tuple(f.to_json(redact=redact) for f in findings)
    worst = min((f.severity.rank for f in findings), default=None)
    del partnership, findings
    if header is None:
        return FileResult(file=file, name=name, findings=shown, worst=worst)
    document = {
        "schema_version": header["schema_version"],
        "partnership": redact_patterns(name) if redact else name,
        **{k: v for k, v in header.items() if k != "schema_version"},
        "findings": list(shown),
    }
    # each text was cleared as it was placed: the findings' in to_json, the name here
    text = document_text(document)
    return FileResult(file=file, name=name, findings=(), worst=worst, document=text)


# each worker process builds its engine once, from the same rules as the parent
_WORKER: dict[str, Engine] = {}


def _start_worker(overlay: str | None) -> None:
    _WORKER["engine"] = Engine(RuleBook.load(overlay=overlay))


def _in_worker(
    file: str, as_of: date, method: Method, redact: bool, header: Header | None
) -> FileResult | str:
    try:
        return _check_one(_WORKER["engine"], file, as_of, method, redact, header)
    except KscpError as error:
        return str(error)  # exceptions with fields do not cross processes whole


def check_files(
    files: Sequence[str],
    as_of: date,
    *,
    overlay: str | None = None,
    method: Method = "auto",
    redact: bool = True,
    workers: int = 1,
    done: Callable[[int, int], None] | None = None,
    document: Header | None = None,
) -> Iterator[FileResult]:
    """Check each records file in turn, as of a date; yield each result in file order.

    With ``method="auto"`` the path is chosen for each partnership by its size.
    ``done`` is called with the files checked so far and the total. With
    ``document`` (the fields of a JSON document besides ``partnership`` and
    ``findings``, ``schema_version`` first), each result carries its
    partnership's document written out as JSON text, redacted with ``redact``
    as ``kscp check --format json`` writes it.

    Raises:
        RecordsError, RuleBookError: a file cannot be used (in a worker process,
            :class:`WorkerError` with the same message).
    """
    if workers <= 1 or len(files) <= 1:
        engine = Engine(RuleBook.load(overlay=overlay))
        for count, file in enumerate(files, 1):
            yield _check_one(engine, file, as_of, method, redact, document)
            if done is not None:
                done(count, len(files))
        return
    RuleBook.load(overlay=overlay)  # a broken overlay is reported here, once
    with ProcessPoolExecutor(
        max_workers=min(workers, len(files)), initializer=_start_worker, initargs=(overlay,)
    ) as pool:
        results = pool.map(
            _in_worker,
            files,
            [as_of] * len(files),
            [method] * len(files),
            [redact] * len(files),
            [document] * len(files),
        )
        for count, result in enumerate(results, 1):
            if isinstance(result, str):
                raise WorkerError(result)
            yield result
            if done is not None:
                done(count, len(files))
