"""Tables of the applications: the application, the territoires it names, its e-mailed links
and the instructors' comments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import StatutCandidature, VoieCandidature
from api.territoires.models import Territoire

candidature_territoire = Table(
    "candidature_territoire",
    Base.metadata,
    Column("candidature_id", ForeignKey("candidature.id", ondelete="CASCADE"), primary_key=True),
    Column("territoire_id", ForeignKey("territoire.id", ondelete="CASCADE"), primary_key=True),
)


class Candidature(Entity, Base):
    """One organisation's application on one path (voie).

    Everything the applicant typed is in `contacts` and `details` (checked by
    the schemas of its voie); the columns are what the instruction filters, counts and links.
    """

    __tablename__ = "candidature"
    __table_args__ = (Index("ix_candidature_courriel_voie", "courriel", "voie"),)

    voie: Mapped[VoieCandidature] = mapped_column(str_enum(VoieCandidature, "voie_candidature"))
    statut: Mapped[StatutCandidature] = mapped_column(
        str_enum(StatutCandidature, "statut_candidature"), index=True
    )
    courriel: Mapped[str] = mapped_column(String(254))
    """The applicant's address, confirmed by the link that opened the application."""
    nom: Mapped[str | None] = mapped_column(String(200))
    siret: Mapped[str | None] = mapped_column(String(14), index=True)
    nouveau_territoire: Mapped[str | None] = mapped_column(String(120))
    """A chantier porteur's wish for a territoire that does not exist yet (its name)."""
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cle_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    cle_expire_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    soumise_le: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decidee_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_decision: Mapped[str | None] = mapped_column(Text)
    decidee_par: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # What the acceptance created or updated (every object links back to its application).
    structure_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("structure.id", ondelete="SET NULL"), unique=True
    )
    convention_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("convention.id", ondelete="SET NULL"), unique=True
    )
    territoire_cree_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("territoire.id", ondelete="SET NULL"), unique=True
    )
    comptes_invites: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Ids of the accounts invited at acceptance."""

    territoires: Mapped[list[Territoire]] = relationship(
        secondary=candidature_territoire, lazy="raise", order_by=Territoire.nom
    )
    documents: Mapped[list[CandidatureDocument]] = relationship(
        lazy="raise", order_by="CandidatureDocument.created_at", cascade="all, delete-orphan"
    )


class CandidatureLien(Base):
    """A single-use link e-mailed to an applicant (only its SHA-256 is kept)."""

    __tablename__ = "candidature_lien"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    courriel: Mapped[str] = mapped_column(String(254), index=True)
    voie: Mapped[VoieCandidature] = mapped_column(str_enum(VoieCandidature, "voie_candidature"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CandidatureCommentaire(Base):
    """A comment between instructors (never shown to the applicant)."""

    __tablename__ = "candidature_commentaire"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    candidature_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    auteur_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    texte: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CandidatureDocument(Base):
    """A document joined by the applicant (same formats as convention documents)."""

    __tablename__ = "candidature_document"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    candidature_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), index=True
    )
    nom_fichier: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    taille: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
