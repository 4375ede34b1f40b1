"""An import: the file's rows, what the dry run found, what was applied, and the references."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum


class StatutImport(enum.StrEnum):
    analyse = "analyse"  # dry run under way
    analyse_terminee = "analyse_terminee"  # the report is ready, waiting for confirmation
    application = "application"  # applied in batches
    terminee = "terminee"
    echouee = "echouee"


class ActionLigne(enum.StrEnum):
    creer = "creer"  # a new person and a new parcours
    rapprocher = "rapprocher"  # an existing person (duplicate rules), a new parcours
    mettre_a_jour = "mettre_a_jour"  # a known reference whose row changed
    inchange = "inchange"  # a known reference, the same row
    rejeter = "rejeter"


class ImportFichier(Entity, Base):
    __tablename__ = "import_fichier"

    auteur_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), index=True
    )
    # The author's territoires when the import was made (None: national).
    territoire_ids: Mapped[list[str] | None] = mapped_column(JSON)
    nom_fichier: Mapped[str] = mapped_column(String(200))
    statut: Mapped[StatutImport] = mapped_column(str_enum(StatutImport, "statut_import"))
    total: Mapped[int] = mapped_column(Integer, default=0)
    traitees: Mapped[int] = mapped_column(Integer, default=0)
    # {action: count} of the dry run, then of the application.
    analyse: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    resultat: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    termine_le: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportLigne(Base):
    __tablename__ = "import_ligne"
    __table_args__ = (Index("ix_import_ligne_import_numero", "import_id", "numero"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    import_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("import_fichier.id", ondelete="CASCADE")
    )
    numero: Mapped[int] = mapped_column(Integer)  # the row of the file (header = 1)
    reference_externe: Mapped[str | None] = mapped_column(String(100))
    # The row as read. Personal data: the import is deleted with its rows once applied
    # for 30 days (docs/import.md), and the rows hold nothing the file doesn't.
    donnees: Mapped[dict[str, str]] = mapped_column(JSON)
    empreinte: Mapped[str] = mapped_column(String(64))
    action: Mapped[ActionLigne | None] = mapped_column(str_enum(ActionLigne, "action_ligne"))
    # [{"colonne": ..., "message": ...}] for a rejected row.
    erreurs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The action applied (None until applied) and the parcours it touched.
    appliquee: Mapped[ActionLigne | None] = mapped_column(
        str_enum(ActionLigne, "action_ligne_appliquee")
    )
    parcours_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class ImportReference(Base):
    """An external reference already imported, and the parcours it became (idempotency)."""

    __tablename__ = "import_reference"
    __table_args__ = (UniqueConstraint("territoire_id", "reference_externe"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    territoire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("territoire.id", ondelete="RESTRICT")
    )
    reference_externe: Mapped[str] = mapped_column(String(100))
    parcours_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("parcours.id", ondelete="CASCADE"), index=True
    )
    empreinte: Mapped[str] = mapped_column(String(64))
    maj_le: Mapped[datetime] = mapped_column(UTCDateTime)
