"""The reference host: a partnership action tracker on SQLite, served over HTTP.

Real SQLite files in a temporary folder, an HTTP test client, several threads
posting at once, and a restart that rebuilds the Session from the database.
"""

from __future__ import annotations

import datetime
import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

import kscp_core

from .conftest import EXAMPLE, ROOT

AS_OF = "2025-11-14"


def _tracker_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "tracker", ROOT / "examples" / "host" / "tracker.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["tracker"] = module  # its mapped classes look their names up there
    spec.loader.exec_module(module)
    return module


TRACKER = _tracker_module()
RECORDS: dict[str, Any] = kscp_core.unstructure(kscp_core.load(EXAMPLE))


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    with TestClient(TRACKER.create_app(database)) as client:
        loaded = client.post("/records", params={"as_of": AS_OF}, json=RECORDS)
        assert loaded.status_code == 200, loaded.text
        yield client


def _open_overdue(client: TestClient) -> dict[str, Any]:
    return next(f for f in client.get("/findings").json() if f["rule"] == "actions.overdue")


def test_completing_an_action_answers_with_the_findings_it_resolved(client: TestClient) -> None:
    overdue = _open_overdue(client)
    action = overdue["subject"]["id"]
    answer = client.put(f"/actions/{action}", json={"completed_on": AS_OF})
    assert answer.status_code == 200, answer.text
    assert overdue["id"] in {f["id"] for f in answer.json()["resolved"]}
    assert overdue["id"] not in {f["id"] for f in client.get("/findings").json()}


def test_moving_a_due_date_is_told_as_a_changed_finding(client: TestClient) -> None:
    overdue = _open_overdue(client)
    action = overdue["subject"]["id"]
    due = next(a for a in RECORDS["actions"] if a["id"] == action)["due_on"]
    earlier = datetime.date.fromisoformat(due) - datetime.timedelta(days=30)
    answer = client.put(f"/actions/{action}", json={"due_on": earlier.isoformat()}).json()
    (changed,) = [c for c in answer["changed"] if c["after"]["id"] == overdue["id"]]
    assert changed["before"]["message"] != changed["after"]["message"]


def test_a_refused_change_is_a_422_with_the_path_and_changes_nothing(client: TestClient) -> None:
    before = client.get("/findings").json()
    action = _open_overdue(client)["subject"]["id"]
    answer = client.put(f"/actions/{action}", json={"subgroup": "nope"})
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        {"path": "actions.subgroup", "message": "'nope' is not the id of any subgroups record"}
    ]
    answer = client.put(f"/actions/{action}", json={"due_on": "31/03/2025"})
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["path"] == "due_on"
    assert client.get("/findings").json() == before


def test_a_meeting_held_and_the_date_moving_on(client: TestClient) -> None:
    answer = client.put("/meetings/se-extra", json={"subgroup": "se", "held_on": "2025-11-13"})
    assert answer.status_code == 200, answer.text
    moved = client.post("/date", params={"as_of": "2026-01-31"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["raised"] or moved.json()["resolved"] or moved.json()["changed"]


def test_several_threads_posting_at_once_leave_the_database_and_findings_agreeing(
    client: TestClient, database: str
) -> None:
    open_actions = [
        a["id"]
        for a in RECORDS["actions"]
        if not a.get("completed_on") and not a.get("closure") and a["raised_on"] <= AS_OF
    ][:16]
    failures: list[str] = []

    def complete(action_id: str) -> None:
        answer = client.put(f"/actions/{action_id}", json={"completed_on": AS_OF})
        if answer.status_code != 200:
            failures.append(answer.text)

    threads = [threading.Thread(target=complete, args=(a,)) for a in open_actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    served = client.get("/findings").json()
    # a second tracker over the same database rebuilds the same findings
    with TestClient(TRACKER.create_app(database)) as again:
        assert again.get("/findings").json() == served
    assert not [
        f
        for f in served
        if f["subject"]["id"] in open_actions and f["rule"].startswith(("actions.", "escalation."))
    ]


def test_a_restart_rebuilds_the_session_from_the_database(
    client: TestClient, database: str
) -> None:
    action = _open_overdue(client)["subject"]["id"]
    client.put(f"/actions/{action}", json={"updates": [{"on": AS_OF, "note": "on track"}]})
    served = client.get("/findings").json()
    with TestClient(TRACKER.create_app(database)) as restarted:
        assert restarted.get("/findings").json() == served


def test_a_malformed_request_is_a_422_that_echoes_nothing_it_was_sent(client: TestClient) -> None:
    """Found by a review: the framework's own validation error returned the body as sent."""
    sent = [{"name": "Jaxon Pell", "nhs_number": "9434765919", "date_of_birth": "2024-02-11"}]
    answer = client.put("/people/child-1", json=sent)
    assert answer.status_code == 422
    assert "Jaxon" not in answer.text
    assert "9434765919" not in answer.text
    answer = client.put("/people/child-1", json={"name": "Childrens Services"})
    assert answer.status_code == 422  # it would make an agency's id name a person
    assert "Childrens" not in answer.text
