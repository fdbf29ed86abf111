"""The Session: a partnership loaded once, kept up to date by posted changes.

A post answers with the findings raised and resolved; the Session's findings
always equal a full evaluation of the same records on the same date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from kscp_core.engine.backend import BackendName, Store
from kscp_core.engine.findings import Finding, FindingBuilder
from kscp_core.engine.run import Run, Slot, in_order
from kscp_core.errors import EvaluationError, KscpError, Problem, RecordsError, UsageError
from kscp_core.facts import (
    PROJECTORS,
    ActionFacts,
    ActionFollower,
    Fact,
    FactKey,
    Projector,
    iter_facts,
    projectors_reading,
)
from kscp_core.io.records import structure_record, unstructure_record
from kscp_core.model.actions import Action
from kscp_core.model.identifiers import Redactor
from kscp_core.model.partnership import (
    COLLECTIONS,
    Partnership,
    identifying_ids,
    record_count,
    record_ids,
    record_reference_problems,
    record_references,
    referring_records,
)
from kscp_core.model.working_days import EARLIEST_DATE, LATEST_DATE

if TYPE_CHECKING:
    from kscp_core.engine.evaluation import Engine

__all__ = ["Changed", "Changes", "NewDate", "Removed", "Session", "apply_change"]


@attrs.frozen
class NewDate:
    """The date moves on (or back): evaluate as of this date from now on."""

    as_of: date


@attrs.frozen
class Removed:
    """A record taken out of the records: its collection (``actions``, ...) and id."""

    collection: str
    id: str


@attrs.frozen(kw_only=True)
class Changed:
    """A finding that stands after a post, told differently.

    Its message, date, severity or recipient moved (an action's due date moved,
    say: "7 days" became "74 days past due").
    """

    before: Finding
    after: Finding

    def to_json(self, *, redact: bool = True) -> dict[str, Any]:
        """Both findings as JSON-ready data.

        Each as :meth:`~kscp_core.engine.findings.Finding.to_json` gives it.
        """
        return {
            "before": self.before.to_json(redact=redact),
            "after": self.after.to_json(redact=redact),
        }


@attrs.frozen(kw_only=True)
class Changes:
    """What a post changed: findings raised, findings resolved, and findings told anew."""

    raised: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    changed: tuple[Changed, ...] = ()

    def to_json(self, *, redact: bool = True) -> dict[str, Any]:
        """JSON-ready data: the lists ``raised``, ``resolved`` and ``changed``.

        Each finding as :meth:`~kscp_core.engine.findings.Finding.to_json` gives
        it (redacted alike by default); ``changed`` holds ``{"before": ...,
        "after": ...}`` pairs.
        """
        return {
            "raised": [f.to_json(redact=redact) for f in self.raised],
            "resolved": [f.to_json(redact=redact) for f in self.resolved],
            "changed": [c.to_json(redact=redact) for c in self.changed],
        }

    def __bool__(self) -> bool:
        return bool(self.raised or self.resolved or self.changed)


_COLLECTION_OF: dict[type, str] = {kind: name for name, kind in COLLECTIONS.items()}


def collection_of(change: object) -> str:
    """The collection a posted change belongs to.

    Raises:
        UsageError: the change is not a record of a partnership, nor a
            :class:`Removed` naming one of its collections.
    """
    if isinstance(change, Removed):
        if change.collection not in COLLECTIONS:
            raise UsageError(f"no collection {change.collection!r} in a partnership")
        return change.collection
    name = _COLLECTION_OF.get(type(change))
    if name is None:
        raise UsageError(f"cannot post a {type(change).__name__}: not a partnership record")
    return name


def apply_change(partnership: Partnership, change: object) -> Partnership:
    """The partnership with one record added, replaced (same id) or removed.

    Raises:
        UsageError: the change is not a record of a partnership.
    """
    name = collection_of(change)
    records = getattr(partnership, name)
    if isinstance(change, Removed):
        kept: dict[str, Any] = {name: tuple(r for r in records if r.id != change.id)}
        return attrs.evolve(partnership, **kept)
    record_id = getattr(change, "id", None)
    replaced = [change if r.id == record_id else r for r in records]
    if not any(r.id == record_id for r in records):
        replaced.append(change)
    update: dict[str, Any] = {name: tuple(replaced)}
    return attrs.evolve(partnership, **update)


#: collections whose records findings name (recipients, and the people cleared from
#: text): a post of these rebuilds every finding
_NAMED_IN_FINDINGS = frozenset({"agencies", "subgroups", "people"})


class Session:
    """A partnership loaded once into the engine, kept up to date by posted changes.

    A Session is single-writer: post from one thread at a time (its engine
    keeps itself safe). Close it (or use ``with``) to free what it holds in
    the engine.

    A post that only adds, changes or removes actions re-derives the facts of
    those actions and of the few records that count them (each projector that
    counts actions says how); a post of other records re-derives only the
    facts of the projectors that read those records; a new date re-derives
    everything and keeps what did not change.

    Like an evaluation with ``method="auto"``, a Session runs on durable-rules
    for a partnership of up to :data:`~kscp_core.engine.evaluation.AUTO_PYTHON_FROM`
    records (where durable-rules runs) and on the fast path for a larger one,
    unless ``backend`` says which; the findings are the same.
    """

    def __init__(
        self,
        engine: Engine,
        partnership: Partnership,
        as_of: date,
        *,
        backend: BackendName | None = None,
    ) -> None:
        self.engine = engine
        self.as_of = as_of
        if backend is None:  # as the Engine's evaluations: durable-rules for small ones
            backend = engine.choose("auto", record_count(partnership))
        self._backend = engine.backend(backend)
        self._partnership: Partnership | None = partnership
        self._store: Store | None = None
        self._slots: dict[Slot, Finding] = {}
        self._by_subject: dict[str, set[Slot]] = defaultdict(set)
        self._sorted: list[Finding] | None = None
        self._closed = False
        self._load(partnership, as_of)

    # -- the records ---------------------------------------------------------------------

    @property
    def partnership(self) -> Partnership:
        """The records as they now stand."""
        if self._partnership is None:
            self._partnership = attrs.evolve(self._base, actions=tuple(self._actions.values()))
        return self._partnership

    @property
    def findings(self) -> list[Finding]:
        """The findings as the records and date now stand, sorted by rule and record."""
        if self._sorted is None:
            self._sorted = in_order(self._slots.values())
        return list(self._sorted)

    def _index(self, partnership: Partnership) -> None:
        """What an actions-only post needs to know about the other records."""
        self._base = partnership
        self._actions: dict[str, Action] = {a.id: a for a in partnership.actions}
        self._quick = len(self._actions) == len(partnership.actions)  # ids are unique
        ctx = self._run.ctx
        self._action_facts = ActionFacts(ctx)
        self._followers: list[ActionFollower] = [
            p.follows_actions(ctx) for p in PROJECTORS if p.follows_actions is not None
        ]
        self._builder: FindingBuilder = self._run.builder(self.engine.rulebook)
        self._ids = Redactor(partnership.people) if partnership.people else None

    # -- loading -------------------------------------------------------------------------

    def _load(self, partnership: Partnership, as_of: date) -> None:
        """Load every fact afresh into a new store."""
        ctx = self.engine.context(partnership, as_of, gated=self.engine.gate)
        facts = list(iter_facts(ctx))
        if self._store is not None:
            self._store.close()
        self._epoch = self.engine.rulebook.epoch(as_of)
        self._run: Run = self.engine.new_run(ctx)
        self._store = self._backend.store(self._run, len(facts))
        self._store.add(facts)
        self._index(partnership)
        self._set_findings(self._run.findings(self._builder))

    def _replace(self, changed: Mapping[FactKey, Fact | None]) -> set[str]:
        """Take out the facts under these keys (and their chained facts); add the new ones.

        Returns the subjects whose findings may have changed.
        """
        run, store = self._run, self._live_store()
        subjects: set[str] = set()
        for key in sorted(changed):
            old = run.facts.get(key)
            if old is not None and key in run.projected:
                subjects.add(old.subject)
                for dropped in run.forget(key):
                    store.remove(dropped)
        fresh = [fact for fact in changed.values() if fact is not None]
        subjects.update(f.subject for f in fresh)
        store.add(fresh)
        return subjects

    def _live_store(self) -> Store:
        if self._closed or self._store is None:
            raise UsageError("this Session is closed: open a new one to post changes")
        return self._store

    # -- posting -------------------------------------------------------------------------

    def post(self, *changes: object) -> Changes:
        """Apply changes (records added or replaced, :class:`Removed`, :class:`NewDate`).

        A post applies whole or not at all: when it is refused, the Session is
        left exactly as it was.

        Returns:
            The findings raised and resolved by the changes.

        Raises:
            UsageError: a change is not a record or a date, or the Session is closed.
            RecordsError: a posted record is not a valid record (a field of the
                wrong type, say); nothing was changed.
        """
        self._live_store()
        for change in changes:
            self._check(change)
        self._check_references(changes)
        # what to put back if the post fails: the actions it replaced are noted as it
        # goes (an actions-only post must not copy 100k records to be safe)
        as_of, slots, base, actions = self.as_of, self._slots, self._base, self._actions
        kept = self._partnership
        self._undo: dict[str, Action | None] = {}
        try:
            return self._post(changes)
        except BaseException as error:
            # put everything back as it was, then say why
            for action_id, action in self._undo.items():
                if action is None:
                    actions.pop(action_id, None)
                else:
                    actions[action_id] = action
            self._base, self._actions, self.as_of = base, actions, as_of
            self._partnership = kept
            records = self.partnership
            self._load(records, as_of)
            self._set_findings(slots)
            if isinstance(error, KscpError) or not isinstance(error, Exception):
                raise
            raise EvaluationError(
                f"the post could not be applied, and nothing changed ({type(error).__name__})"
            ) from error

    def _check(self, change: object) -> None:
        """Refuse, before anything changes, what the records could not hold."""
        if isinstance(change, NewDate):
            if not isinstance(change.as_of, date) or not (
                EARLIEST_DATE <= change.as_of <= LATEST_DATE
            ):
                raise UsageError(
                    f"a new date must be a date from {EARLIEST_DATE.isoformat()} to "
                    f"{LATEST_DATE.isoformat()}"
                )
            return
        name = collection_of(change)
        if isinstance(change, Removed):
            return
        checked: object = structure_record(unstructure_record(change), COLLECTIONS[name], name)
        record_id = getattr(change, "id", None)
        if isinstance(record_id, str) and "/" in record_id:
            raise RecordsError(
                f"<posted {name}>",
                [Problem(path=f"{name}.id", message="an id may not contain '/'")],
            )
        if name == "people":
            # a person's names and details may be what another record's id holds:
            # every id is looked at again, with the person as posted
            with_person = apply_change(self.partnership, change)
            problems = identifying_ids(with_person)
        else:
            problems = identifying_ids(self._base, [change], redactor=self._ids)
        if problems:
            raise RecordsError(f"<posted {name}>", problems)
        if checked != change:
            raise RecordsError(
                f"<posted {name}>",
                [Problem(path=name, message="a field holds a value of the wrong type")],
            )

    def _check_references(self, changes: tuple[object, ...]) -> None:
        """Refuse a post that would leave an id naming no record, as loading would.

        A posted record's own references are looked up among the records as
        they stand with the post's earlier changes; a removal is refused while
        another record, as the records stand before the post, names it.
        """
        added: dict[str, set[str]] = defaultdict(set)
        gone: dict[str, set[str]] = defaultdict(set)
        cache: dict[str, set[str]] = {}

        def exists(collection: str, record_id: str) -> bool:
            if record_id in added[collection]:
                return True
            if record_id in gone[collection]:
                return False
            if collection == "actions":
                return record_id in self._actions
            if collection not in cache:
                cache[collection] = record_ids(self._base, collection)
            return record_id in cache[collection]

        # what the post's own records name, to refuse removing it in the same post
        named_here: dict[tuple[str, str], str] = {}
        for change in changes:
            if isinstance(change, NewDate):
                continue
            name = collection_of(change)
            if isinstance(change, Removed):
                where_here = named_here.get((name, change.id))
                if where_here is not None:
                    raise RecordsError(
                        f"<removed {name}>",
                        [
                            Problem(
                                path=where_here,
                                message=f"names {change.id!r}, which the same post removes",
                            )
                        ],
                    )
                where = referring_records(self._without_actions(name), name, change.id)
                if where:
                    raise RecordsError(
                        f"<removed {name}>",
                        [
                            Problem(
                                path=w,
                                message=f"names {change.id!r}, which the post removes: change "
                                "or remove this record first",
                            )
                            for w in where
                        ],
                    )
                gone[name].add(change.id)
                added[name].discard(change.id)
                continue
            problems = record_reference_problems(exists, name, change)
            if problems:
                raise RecordsError(f"<posted {name}>", problems)
            for place, targets, ref in record_references(name, change):
                for target in targets:
                    named_here[(target, ref)] = place
            added[name].add(getattr(change, "id", ""))
            gone[name].discard(getattr(change, "id", ""))

    def _without_actions(self, removed: str) -> Partnership:
        """The records that may name a removed record (actions name only agencies and subgroups)."""
        if removed in ("agencies", "subgroups"):
            return self.partnership
        return self._base

    def _post(self, changes: tuple[object, ...]) -> Changes:
        touched = {collection_of(c) for c in changes if not isinstance(c, NewDate)}
        dated = any(isinstance(c, NewDate) for c in changes)
        if self._quick and touched == {"actions"} and not dated:
            return self._post_actions(changes)
        partnership = self.partnership
        as_of = self.as_of
        for change in changes:
            if isinstance(change, NewDate):
                as_of = change.as_of
            else:
                partnership = apply_change(partnership, change)
        before = self._slots
        self._partnership = partnership
        moved = as_of != self.as_of
        self.as_of = as_of
        if self.engine.rulebook.epoch(as_of) != self._epoch or self._live_store().crowded():
            self._load(partnership, as_of)
        elif (
            self._quick
            and not moved
            and touched.isdisjoint(_NAMED_IN_FINDINGS)
            and "actions" not in touched
        ):
            return self._post_records(partnership, touched, changes)
        else:
            ctx = self.engine.context(partnership, as_of, gated=self.engine.gate)
            self._run.ctx = ctx
            projectors = PROJECTORS if moved else projectors_reading(touched)
            self._sync(projectors, iter_facts(ctx, projectors=projectors), date_moved=moved)
            self._index(partnership)
            self._set_findings(self._run.findings(self._builder))
        return _changes(before, self._slots)

    def _post_records(
        self, partnership: Partnership, touched: set[str], changes: tuple[object, ...]
    ) -> Changes:
        """A post of records other than actions, on the same date, naming no one anew.

        Only the facts of the projectors reading those records are derived
        again, and of actions only those whose subgroup's meetings changed (an
        action's facts read no other meeting); only the findings about records
        whose facts changed are rebuilt.
        """
        ctx = self.engine.context(partnership, self.as_of, gated=self.engine.gate)
        self._run.ctx = ctx
        reading = projectors_reading(touched)
        others = [p for p in reading if "action" not in p.gives]
        subjects = self._sync(others, iter_facts(ctx, projectors=others), date_moved=False)
        if len(others) < len(reading):  # the actions' projector reads meetings
            was = {str(m.id): str(m.subgroup) for m in self._base.meetings}
            subgroups: set[str | None] = set()
            for change in changes:
                if not isinstance(change, NewDate) and collection_of(change) == "meetings":
                    subgroups.add(was.get(str(getattr(change, "id", ""))))
                    if not isinstance(change, Removed):
                        subgroups.add(getattr(change, "subgroup", None))
            derive = ActionFacts(ctx)
            run = self._run
            changed: dict[FactKey, Fact | None] = {}
            for action in self._actions.values():
                if action.subgroup is None or action.subgroup not in subgroups:
                    continue
                fresh = {f.key: f for f in derive.facts(action)}
                for key in ActionFacts.keys(action.id):
                    if fresh.get(key) != run.facts.get(key) or (
                        key not in fresh and key in run.projected
                    ):
                        changed[key] = fresh.get(key)
            subjects |= self._replace(changed)
        self._index(partnership)
        return self._refresh(subjects)

    def _post_actions(self, changes: tuple[object, ...]) -> Changes:
        run = self._run
        changed: dict[FactKey, Fact | None] = {}

        def current(key: FactKey) -> Fact | None:
            return changed[key] if key in changed else run.facts.get(key)

        for change in changes:
            if isinstance(change, Removed):
                old, new = self._actions.pop(change.id, None), None
            else:
                assert isinstance(change, Action)
                old, new = self._actions.get(change.id), change
                self._actions[change.id] = change
            self._undo.setdefault(change.id, old)
            moved = new if new is not None else old
            if moved is None:
                continue
            # the action's own facts go, whatever earlier changes in this post derived
            for key in self._action_facts.keys(moved.id):
                changed[key] = None
            if new is not None:
                for fact in self._action_facts.facts(new):
                    changed[fact.key] = fact
            for follower in self._followers:
                for fact in follower.changed(old, new, self._actions, current):
                    changed[fact.key] = fact
        self._partnership = None
        subjects = self._replace(changed)
        result = self._refresh(subjects)
        if self._live_store().crowded():  # new actions have filled the store: spread wider
            self._load(self.partnership, self.as_of)
        return result

    def _set_findings(self, slots: dict[Slot, Finding]) -> None:
        self._slots = slots
        self._by_subject = defaultdict(set)
        for slot in slots:
            self._by_subject[slot[1]].add(slot)
        self._sorted = None

    def _refresh(self, subjects: set[str]) -> Changes:
        """Rebuild the findings about these subjects; the others stand."""
        old: dict[Slot, Finding] = {}
        for subject in subjects:
            for slot in self._by_subject.pop(subject, set()):
                old[slot] = self._slots.pop(slot)
        new = self._run.findings(self._builder, subjects)
        for slot, finding in new.items():
            self._slots[slot] = finding
            self._by_subject[slot[1]].add(slot)
        self._sorted = None
        return _changes(old, new)

    def _sync(
        self, projectors: Iterable[Projector], facts: Iterable[Fact], *, date_moved: bool
    ) -> set[str]:
        """Make the facts of these projectors what they derive now, touching only what changed.

        Returns the subjects of the facts that went or came.
        """
        run, store = self._run, self._live_store()
        kinds = {kind for p in projectors for kind in p.gives}
        new_facts = {f.key: f for f in facts}
        # A chained fact can depend on the date as well as on its parent (an incident's
        # notification deadline does): when the date moves, derive them all again.
        gone = [
            k
            for k in sorted(run.projected)
            if k.kind in kinds
            and (new_facts.get(k) != run.facts[k] or (date_moved and run.children.get(k)))
        ]
        subjects = {run.facts[k].subject for k in gone}
        for key in gone:
            for dropped in run.forget(key):
                store.remove(dropped)
        added = [f for k, f in new_facts.items() if k not in run.facts]
        subjects.update(f.subject for f in added)
        store.add(added)
        return subjects

    def close(self) -> None:
        """Free what the Session holds in the engine (idempotent)."""
        self._closed = True
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _told(finding: Finding) -> tuple[object, ...]:
    """What a reader is told by a finding: what a post that changes it should report."""
    return (
        finding.message,
        finding.falls_due,
        finding.deadline,
        finding.severity,
        finding.recipient,
    )


def _changes(before: Mapping[Slot, Finding], after: Mapping[Slot, Finding]) -> Changes:
    """Findings raised, resolved and told anew between two sets of findings."""
    told_anew = [
        Changed(before=before[slot], after=f)
        for slot, f in after.items()
        if slot in before and _told(before[slot]) != _told(f)
    ]
    return Changes(
        raised=tuple(in_order(f for s, f in after.items() if s not in before)),
        resolved=tuple(in_order(f for s, f in before.items() if s not in after)),
        changed=tuple(sorted(told_anew, key=lambda c: (c.after.rule, c.after.subject))),
    )
