"""The À faire's output: every item of the caller's inbox, and the same grouped by person.

The item itself (`AFaireItem`) is declared by the parcours package, the lowest of its sources:
the connectors build theirs with it too.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from api.parcours.schemas import AFaireItem


class AFairePersonne(BaseModel):
    """One person's items, most urgent first."""

    parcours_id: uuid.UUID
    salarie_id: uuid.UUID
    nom: str
    prenoms: str
    lien: str
    nouveaux: int
    en_retard: int
    items: list[AFaireItem]


class AFaireOut(BaseModel):
    items: list[AFaireItem] = Field(
        description="Every item, most urgent first: overdue (oldest deadline first), then "
        "partner news (newest first), then what is due soon."
    )
    personnes: list[AFairePersonne] = Field(
        description="The same items grouped by person, the person with the most urgent item first."
    )
    nouveaux: int = Field(description="Items that arrived since the last visit.")
    vu_le: datetime | None = Field(description="When the caller last marked it as seen.")
    candidatures_a_instruire: int = Field(
        default=0,
        description="Applications to join the network received or under instruction in the "
        "caller's perimeter (instructors only; 0 for others).",
    )


class AFaireVuOut(BaseModel):
    vu_le: datetime
