"""A person's pathway in one chantier: contracts, exit, post-exit follow-up, journal."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import (
    CategorieSortie,
    Confidentialite,
    GroupeLogement,
    MotifSortie,
    Prescripteur,
    ResultatSuivi,
    SituationLogement,
    StatutParcours,
    TypeContrat,
    TypeJournal,
)


class Parcours(Entity, Base):
    __tablename__ = "parcours"
    __table_args__ = (
        # At most one open parcours per person, enforced by the database too.
        Index(
            "uq_parcours_ouvert_par_salarie",
            "salarie_id",
            unique=True,
            postgresql_where=text("statut <> 'clos'"),
            sqlite_where=text("statut <> 'clos'"),
        ),
        # A chantier's open parcours: the caseload and À faire start from there.
        Index(
            "ix_parcours_chantier_ouverts",
            "chantier_id",
            postgresql_where=text("statut <> 'clos'"),
            sqlite_where=text("statut <> 'clos'"),
        ),
    )

    salarie_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("salarie.id", ondelete="CASCADE"), index=True
    )
    chantier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT"), index=True
    )
    referent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    date_entree: Mapped[date] = mapped_column(Date)
    prescripteur: Mapped[Prescripteur] = mapped_column(str_enum(Prescripteur, "prescripteur"))
    prescripteur_precision: Mapped[str | None] = mapped_column(String(200))
    parcours_de_rue: Mapped[bool] = mapped_column(Boolean, default=False)
    duree_rue_mois: Mapped[int | None] = mapped_column(Integer)
    logement_entree: Mapped[SituationLogement] = mapped_column(
        str_enum(SituationLogement, "situation_logement")
    )
    statut: Mapped[StatutParcours] = mapped_column(
        str_enum(StatutParcours, "statut_parcours"), default=StatutParcours.accueil, index=True
    )
    justification_duree: Mapped[str | None] = mapped_column(Text)
    motif_suspension: Mapped[str | None] = mapped_column(String(300))
    date_sortie: Mapped[date | None] = mapped_column(Date)
    motif_sortie: Mapped[MotifSortie | None] = mapped_column(str_enum(MotifSortie, "motif_sortie"))
    categorie_sortie: Mapped[CategorieSortie | None] = mapped_column(
        str_enum(CategorieSortie, "categorie_sortie")
    )
    logement_sortie: Mapped[SituationLogement | None] = mapped_column(
        str_enum(SituationLogement, "situation_logement_sortie")
    )
    employeur_sortie: Mapped[str | None] = mapped_column(String(200))
    contrat_sortie: Mapped[str | None] = mapped_column(String(100))
    date_cloture: Mapped[date | None] = mapped_column(Date)
    # PASS IAE (agrément of Les emplois de l'inclusion): 12 digits, and its dates when known.
    pass_iae: Mapped[str | None] = mapped_column(String(12), index=True)
    pass_iae_debut: Mapped[date | None] = mapped_column(Date)
    pass_iae_fin: Mapped[date | None] = mapped_column(Date)
    # An exit recorded after its follow-up window (historical data): no check-in planned.
    sortie_historique: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Contrat(Entity, Base):
    __tablename__ = "contrat"

    parcours_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("parcours.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[TypeContrat] = mapped_column(str_enum(TypeContrat, "type_contrat"))
    date_debut: Mapped[date] = mapped_column(Date)
    date_fin: Mapped[date] = mapped_column(Date, index=True)
    heures_hebdo: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    renouvellement_de: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contrat.id", ondelete="SET NULL")
    )


class SuiviPostSortie(Base):
    """A planned check-in after an exit to a job or to lasting housing (1, 3, 6, 12 months)."""

    __tablename__ = "suivi_post_sortie"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    parcours_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("parcours.id", ondelete="CASCADE"), index=True
    )
    echeance_mois: Mapped[int] = mapped_column(Integer)
    date_prevue: Mapped[date] = mapped_column(Date, index=True)
    date_realisee: Mapped[date | None] = mapped_column(Date)
    resultat: Mapped[ResultatSuivi | None] = mapped_column(
        str_enum(ResultatSuivi, "resultat_suivi")
    )
    en_emploi: Mapped[bool | None] = mapped_column(Boolean)
    type_contrat: Mapped[str | None] = mapped_column(String(100))
    groupe_logement: Mapped[GroupeLogement | None] = mapped_column(
        str_enum(GroupeLogement, "groupe_logement")
    )
    commentaire: Mapped[str | None] = mapped_column(Text)


class JournalEntree(Base):
    __tablename__ = "journal_entree"
    __table_args__ = (Index("ix_journal_parcours_date", "parcours_id", "date", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    parcours_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("parcours.id", ondelete="CASCADE"))
    type: Mapped[TypeJournal] = mapped_column(str_enum(TypeJournal, "type_journal"))
    date: Mapped[date] = mapped_column(Date)
    auteur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    titre: Mapped[str] = mapped_column(String(200))
    texte: Mapped[str | None] = mapped_column(Text)
    confidentialite: Mapped[Confidentialite] = mapped_column(
        str_enum(Confidentialite, "confidentialite"), default=Confidentialite.normale
    )
    # entretien: type, participants; synthèse: participants, référents externes, décisions, suites
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AFaireVu(Base):
    """When a user last looked at their "À faire": what happened after is new to them."""

    __tablename__ = "a_faire_vu"

    utilisateur_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    vu_le: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
