"""Accounts of people and machine clients, refresh tokens and login throttling."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
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
    # None until the invitation is accepted (an administrator never sets a password).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_active: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last 30-second step accepted: a code is good once (no replay within its window).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The ProConnect subject, linked at the first ProConnect sign-in.
    proconnect_sub: Mapped[str | None] = mapped_column(String(255), unique=True)

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


class TypeJeton(enum.StrEnum):
    invitation = "invitation"
    reinitialisation = "reinitialisation"


class AccountToken(Base):
    """A single-use link sent by e-mail (invitation, password reset): only its hash is kept."""

    __tablename__ = "account_token"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[TypeJeton] = mapped_column(str_enum(TypeJeton, "type_jeton"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(Base):
    """One sign-in of a person, from the login to its end.

    Its id is the `sid` claim of every access token of that sign-in and the `family_id` of
    its refresh tokens. A session is active while `ended_at` is null; later lifetimes (idle,
    absolute) can be enforced from `created_at` and `last_used_at` (updated at each refresh).
    """

    __tablename__ = "user_session"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Firefox sur Linux": derived from the User-Agent at login, never the raw header.
    appareil: Mapped[str] = mapped_column(String(120), default="")
    client_address: Mapped[str | None] = mapped_column(String(64))
    methode: Mapped[str] = mapped_column(String(20), default="mot_de_passe")
    # The ProConnect ID token, kept to end the provider's session at logout (id_token_hint).
    id_token: Mapped[str | None] = mapped_column(Text)


class RefreshToken(Base):
    """One opaque refresh token; rotation links tokens of one login (one session) into a
    family whose id is the session's id."""

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
