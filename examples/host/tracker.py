"""A partnership action tracker, as a host team would write it on kscp_core.

One partnership's records live in a database (SQLite by default, embedded;
any SQLAlchemy URL works, PostgreSQL included): each record one row, its
collection and id as the key and the record itself as JSON, written and read
with the library's own strict conversion. A web service (FastAPI) lists the
findings, takes changed records (an action completed, updated or moved; a
meeting held), moves the date, and answers each change with what it changed.

The concurrency model is a lock: one shared Engine, one Session for the
partnership, rebuilt from the database when the service starts, and one lock
around every change, so that the database and the Session change together (a
post that the library refuses changes neither). Reads take the lock too; a
post takes about a millisecond, so a queue would buy nothing here.

Run it::

    pip install -e '.[host]'
    KSCP_DATABASE=sqlite:///tracker.db uvicorn --factory --app-dir examples/host tracker:app_from_env
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import attrs
import sqlalchemy as sa
from fastapi import Body, FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

import kscp_core
from kscp_core import Engine, KscpError, NewDate
from kscp_core.model.partnership import COLLECTIONS

__all__ = ["Tracker", "app_from_env", "create_app"]


#: collections whose records have no id of their own (advocacy services)
_WITHOUT_IDS = {
    name for name, kind in COLLECTIONS.items() if "id" not in {f.name for f in attrs.fields(kind)}
}


class Base(DeclarativeBase):
    pass


class Row(Base):
    """One record of the partnership: its collection, its id, the record as JSON."""

    __tablename__ = "records"
    collection: Mapped[str] = mapped_column(sa.String, primary_key=True)
    id: Mapped[str] = mapped_column(sa.String, primary_key=True)  # ids have no length bound
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)


class Setting(Base):
    """The partnership's own fields (name, chair, strategy) and the date findings are as of."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(sa.JSON)


class Tracker:
    """The database and the library's Session, kept in step under one lock."""

    def __init__(self, database_url: str, engine: Engine | None = None) -> None:
        self.db = sa.create_engine(database_url)
        Base.metadata.create_all(self.db)
        self.rules = engine or Engine()
        self.lock = threading.Lock()
        self.session: kscp_core.Session | None = None
        self._start()

    def _start(self) -> None:
        """Rebuild the Session from the database (nothing to do for an empty one)."""
        with Session(self.db) as db:
            settings = {s.key: s.value for s in db.scalars(sa.select(Setting))}
            if "partnership" not in settings:
                return
            data: dict[str, Any] = dict(settings["partnership"])
            for row in db.scalars(sa.select(Row).order_by(Row.collection, Row.id)):
                data.setdefault(row.collection, []).append(row.data)
        records = kscp_core.structure(data, "the database")
        as_of = datetime.date.fromisoformat(settings["as_of"])
        self.session = self.rules.session(records, as_of)

    def load(self, data: Any, as_of: datetime.date) -> int:
        """Replace the partnership with these records (plain data, checked as a file is)."""
        records = kscp_core.structure(data, "the records posted")
        plain = kscp_core.unstructure(records)
        with self.lock, Session(self.db) as db, db.begin():
            db.execute(sa.delete(Row))
            db.execute(sa.delete(Setting))
            for collection in COLLECTIONS:
                if collection in _WITHOUT_IDS:
                    continue  # kept with the partnership's own fields
                for item in plain.pop(collection, []):
                    db.add(Row(collection=collection, id=item["id"], data=item))
            db.add(Setting(key="partnership", value=plain))
            db.add(Setting(key="as_of", value=as_of.isoformat()))
            if self.session is not None:
                self.session.close()
            self.session = self.rules.session(records, as_of)
            return len(self.session.findings)

    def _live(self) -> kscp_core.Session:
        if self.session is None:
            raise HTTPException(409, "no partnership loaded: POST /records first")
        return self.session

    def findings(self) -> list[dict[str, Any]]:
        with self.lock:
            return [f.to_json() for f in self._live().findings]

    def put(self, collection: str, record_id: str, patch: dict[str, Any]) -> dict[str, Any]:
        """Add or change one record: the fields given replace the record's, the rest stay."""
        kind = COLLECTIONS.get(collection)
        if kind is None or collection in _WITHOUT_IDS:
            raise HTTPException(404, f"no collection {collection!r}")
        with self.lock:
            session = self._live()
            current = session.partnership.get(collection, record_id)
            data = {**(kscp_core.unstructure_record(current) if current else {}), **patch}
            data["id"] = record_id
            record = kscp_core.structure_record(data, kind, f"{collection}/{record_id}")
            with Session(self.db) as db, db.begin():
                db.merge(Row(collection=collection, id=record_id, data=data))
                # the Session first: if the library refuses the record, the
                # transaction rolls back and neither has changed
                changes = session.post(record)
            return changes.to_json()

    def move_date(self, as_of: datetime.date) -> dict[str, Any]:
        with self.lock:
            session = self._live()
            with Session(self.db) as db, db.begin():
                db.merge(Setting(key="as_of", value=as_of.isoformat()))
                changes = session.post(NewDate(as_of))
            return changes.to_json()


def create_app(database_url: str) -> FastAPI:
    """The web service over a database of one partnership's records."""
    state: dict[str, Tracker] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["tracker"] = Tracker(database_url)
        yield
        if state["tracker"].session is not None:
            state["tracker"].session.close()

    app = FastAPI(title="Partnership action tracker", lifespan=lifespan)

    @app.exception_handler(KscpError)
    async def refused(_: Any, error: KscpError) -> JSONResponse:
        # the library's words, with the path to the field; never a value of a personal field
        problems = [{"path": p.path, "message": p.message} for p in getattr(error, "problems", ())]
        return JSONResponse({"error": str(error), "problems": problems}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def malformed(_: Any, error: RequestValidationError) -> JSONResponse:
        # where and what, never the input itself: a body may hold a child's details
        problems = [
            {"path": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors()
        ]
        return JSONResponse({"error": "the request is malformed", "problems": problems}, 422)

    @app.post("/records")
    def load(body: dict[str, Any] = Body(...), as_of: datetime.date = ...) -> dict[str, int]:  # noqa: B008
        return {"findings": state["tracker"].load(body, as_of)}

    @app.get("/findings")
    def findings() -> list[dict[str, Any]]:
        return state["tracker"].findings()

    @app.put("/{collection}/{record_id}")
    def put(collection: str, record_id: str, patch: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        return state["tracker"].put(collection, record_id, patch)

    @app.post("/date")
    def move_date(as_of: datetime.date) -> dict[str, Any]:
        return state["tracker"].move_date(as_of)

    return app


def app_from_env() -> FastAPI:
    """The service over ``$KSCP_DATABASE`` (a SQLite file in the working folder by default)."""
    return create_app(os.environ.get("KSCP_DATABASE", "sqlite:///tracker.db"))
