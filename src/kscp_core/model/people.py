"""The people in case records, and which of their details are personal data.

A field marked personal (:func:`personal_field`) identifies a child, a family
member or a practitioner. Nothing kscp_core builds for sharing (findings,
explanations, JSON output, documentation) contains the value of such a field;
publication rules search learning outputs for these values before release.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any, NewType

import attrs

__all__ = [
    "PERSONAL",
    "Person",
    "PersonId",
    "PersonRole",
    "is_personal",
    "personal_field",
]

PersonId = NewType("PersonId", str)

#: Metadata key that marks an attrs field as personal data.
PERSONAL = "kscp_core.personal"


def personal_field(**kwargs: Any) -> Any:
    """An attrs field whose value is personal data."""
    metadata = dict(kwargs.pop("metadata", {}))
    metadata[PERSONAL] = True
    return attrs.field(metadata=metadata, **kwargs)


def is_personal(field: attrs.Attribute[Any]) -> bool:
    """Whether an attrs field is marked as personal data."""
    return bool(field.metadata.get(PERSONAL, False))


class PersonRole(enum.Enum):
    """How a person appears in a case."""

    CHILD = "child"
    SIBLING = "sibling"
    PARENT = "parent"
    FAMILY_MEMBER = "family_member"
    PRACTITIONER = "practitioner"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Person:
    """A person named in case records: a child, a family member or a practitioner.

    Every identifying detail is personal data. ``cases`` are the ids of the
    serious incidents (cases) the person appears in.
    """

    id: PersonId
    role: PersonRole
    name: str = personal_field()
    other_names: tuple[str, ...] = personal_field(default=())
    date_of_birth: date | None = personal_field(default=None)
    address: str | None = personal_field(default=None)
    postcode: str | None = personal_field(default=None)
    nhs_number: str | None = personal_field(default=None)
    school: str | None = personal_field(default=None)
    cases: tuple[str, ...] = ()
