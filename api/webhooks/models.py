"""Partner webhook endpoints and the deliveries of outbox events to them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import StatutLivraison


class WebhookEndpoint(Entity, Base):
    __tablename__ = "webhook_endpoint"

    structure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    evenements: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Secrets are stored encrypted with the server key (they are needed to sign).
    secret_chiffre: Mapped[str] = mapped_column(Text)
    ancien_secret_chiffre: Mapped[str | None] = mapped_column(Text)
    ancien_secret_expire_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actif: Mapped[bool] = mapped_column(Boolean, default=True)
    motif_desactivation: Mapped[str | None] = mapped_column(String(200))


class WebhookDelivery(Base):
    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "statut", "prochaine_tentative_le"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outbox_event.id", ondelete="CASCADE"), index=True
    )
    statut: Mapped[StatutLivraison] = mapped_column(
        str_enum(StatutLivraison, "statut_livraison"), default=StatutLivraison.en_attente
    )
    tentatives: Mapped[int] = mapped_column(Integer, default=0)
    prochaine_tentative_le: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A worker holds a delivery until this moment; if it dies, another one takes it over.
    verrou_jusqu_a: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dernier_code: Mapped[int | None] = mapped_column(Integer)
    derniere_erreur: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    livree_le: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempt"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    code: Mapped[int | None] = mapped_column(Integer)
    erreur: Mapped[str | None] = mapped_column(String(300))
    duree_ms: Mapped[int] = mapped_column(Integer, default=0)
