"""Accounts of people and machine clients, refresh tokens and login throttling."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import Role
from api.territoires.models import Territoire

user_territoire = Table(
    "user_territoire",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("territoire_id", ForeignKey("territoire.id", ondelete="CASCADE"), primary_key=True),
)

api_client_territoire = Table(
    "api_client_territoire",
    Base.metadata,
    Column("api_client_id", ForeignKey("api_client.id", ondelete="CASCADE"), primary_key=True),
    Column("territoire_id", ForeignKey("territoire.id", ondelete="CASCADE"), primary_key=True),
)


class UserAccount(Entity, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    nom: Mapped[str] = mapped_column(String(100))
    prenom: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    structure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT"), index=True
    )
    actif: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_active: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last 30-second step accepted: a code is good once (no replay within its window).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    territoires: Mapped[list[Territoire]] = relationship(secondary=user_territoire, lazy="raise")


class ApiClient(Entity, Base):
    __tablename__ = "api_client"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    nom: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, "client_role"))
    structure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT"), index=True
    )
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    actif: Mapped[bool] = mapped_column(Boolean, default=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    territoires: Mapped[list[Territoire]] = relationship(
        secondary=api_client_territoire, lazy="raise"
    )
    secrets: Mapped[list[ApiClientSecret]] = relationship(
        back_populates="client", lazy="raise", cascade="all, delete-orphan"
    )


class ApiClientSecret(Base):
    __tablename__ = "api_client_secret"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    api_client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("api_client.id", ondelete="CASCADE"), index=True
    )
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[ApiClient] = relationship(back_populates="secrets", lazy="raise")


class RefreshToken(Base):
    """One opaque refresh token; rotation links tokens of one login into a family."""

    __tablename__ = "refresh_token"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(Base):
    """Failed logins per account and per client address, shared by every API process."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
