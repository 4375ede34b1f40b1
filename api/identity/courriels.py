"""Account e-mails (invitation, password reset, password changed) through the outbox.

The event is written in the transaction that creates the link; its payload is encrypted with
the server key (the link is a credential) and erased once the message is sent. Delivery runs
right after the response (a background task) and, should the process die first, in the
worker's next pass: a claimed event is sent once.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import uuid
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core import mail
from api.core.db import utcnow
from api.core.outbox import OutboxEvent, publish
from api.settings import Settings

logger = logging.getLogger("convergence.identity.mail")

PREFIX = "compte."
INVITATION = "compte.invitation"
REINITIALISATION = "compte.reinitialisation"
MOT_DE_PASSE_CHANGE = "compte.mot_de_passe_change"
MESSAGE = "compte.message"
"""A message composed by another feature (`sujet`, `texte`): applications' links and decisions."""
MAX_ATTEMPTS = 10

_ROLE_LABELS = {
    "admin_national": "administration nationale",
    "coordinateur": "coordination territoriale",
    "charge_partenariat": "chargé·e de partenariat",
    "direction_chantier": "direction de chantier",
    "accompagnateur": "accompagnement socioprofessionnel",
    "encadrant_technique": "encadrement technique",
    "partenaire": "partenaire",
    "fas": "FAS",
    "evaluateur": "évaluation",
    "financeur": "financeur",
}


def _fernet(settings: Settings) -> Fernet:
    key = hashlib.sha256(f"courriels:{settings.secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


async def queue(
    session: AsyncSession, settings: Settings, type_: str, data: dict[str, Any]
) -> OutboxEvent:
    """Write the message's event in the caller's transaction (payload encrypted)."""
    sealed = _fernet(settings).encrypt(json.dumps(data).encode()).decode()
    return await publish(session, type_, {"chiffre": sealed}, None)


def render(settings: Settings, type_: str, data: dict[str, Any]) -> tuple[str, str]:
    """Subject and plain text of a message (French; only the staff member's own data)."""
    base = settings.public_url.rstrip("/")
    bonjour = f"Bonjour {data['prenom']}," if data.get("prenom") else "Bonjour,"
    if type_ == INVITATION:
        role = _ROLE_LABELS.get(str(data.get("role")), str(data.get("role")))
        return (
            "Convergence : votre invitation",
            f"{bonjour}\n\n"
            f"Un compte Convergence a été créé pour vous ({role}). Pour l'activer, choisissez "
            f"votre mot de passe en suivant ce lien, valable {data['heures']} heures et "
            f"utilisable une seule fois :\n\n{base}/invitation#jeton={data['jeton']}\n\n"
            "Si vous n'attendiez pas cette invitation, ignorez ce message : le compte restera "
            "inactif.\n\nL'équipe Convergence\n",
        )
    if type_ == REINITIALISATION:
        return (
            "Convergence : choisir un nouveau mot de passe",
            f"{bonjour}\n\n"
            "Une demande de nouveau mot de passe a été faite pour votre compte Convergence. "
            f"Ce lien est valable {data['minutes']} minutes et utilisable une seule fois :\n\n"
            f"{base}/mot-de-passe/nouveau#jeton={data['jeton']}\n\n"
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot "
            "de passe actuel reste valable.\n\nL'équipe Convergence\n",
        )
    if type_ == MOT_DE_PASSE_CHANGE:
        return (
            "Convergence : votre mot de passe a été changé",
            f"{bonjour}\n\n"
            "Le mot de passe de votre compte Convergence vient d'être changé et toutes vos "
            "sessions ont été fermées.\n\nSi vous n'êtes pas à l'origine de ce changement, "
            f"demandez un nouveau mot de passe sur {base}/mot-de-passe-oublie et prévenez "
            "votre coordination.\n\nL'équipe Convergence\n",
        )
    if type_ == MESSAGE:
        return str(data["sujet"]), str(data["texte"])
    raise ValueError(f"unknown account e-mail {type_}")


async def deliver_pending(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    event_ids: list[uuid.UUID] | None = None,
) -> int:
    """Send the account e-mails not sent yet (those given, or every pending one)."""
    async with maker() as session:
        stmt = select(OutboxEvent.id).where(
            OutboxEvent.processed_at.is_(None),
            OutboxEvent.type.like(f"{PREFIX}%"),
            OutboxEvent.attempts < MAX_ATTEMPTS,
        )
        if event_ids is not None:
            stmt = stmt.where(OutboxEvent.id.in_(event_ids))
        ids = list((await session.scalars(stmt.order_by(OutboxEvent.created_at))).all())
    sent = 0
    for event_id in ids:
        sent += await _deliver_one(maker, settings, event_id)
    return sent


async def _deliver_one(
    maker: async_sessionmaker[AsyncSession], settings: Settings, event_id: uuid.UUID
) -> int:
    async with maker() as session, session.begin():
        # Claim: only one process sends a given message.
        claimed = await session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event_id, OutboxEvent.processed_at.is_(None))
            .values(processed_at=utcnow(), attempts=OutboxEvent.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return 0
        event = await session.get(OutboxEvent, event_id)
        assert event is not None
        type_, sealed = event.type, str(event.payload.get("chiffre", ""))
    try:
        data = json.loads(_fernet(settings).decrypt(sealed.encode()))
    except (InvalidToken, ValueError):
        logger.error("account e-mail %s cannot be decrypted: dropped", event_id)
        return 0
    if not data.get("email"):
        # A reset asked for an unknown address: nothing to send, same work as for a known one.
        await _erase(maker, event_id)
        return 0
    subject, text = render(settings, type_, data)
    message = mail.build_message(settings, to=data["email"], subject=subject, text=text)
    try:
        await asyncio.to_thread(mail.send, settings, message, str(event_id))
    except OSError as exc:
        logger.warning("account e-mail %s not sent (%s): retried later", event_id, exc)
        async with maker() as session, session.begin():
            await session.execute(
                update(OutboxEvent).where(OutboxEvent.id == event_id).values(processed_at=None)
            )
        return 0
    await _erase(maker, event_id)
    return 1


async def _erase(maker: async_sessionmaker[AsyncSession], event_id: uuid.UUID) -> None:
    """The link is a credential: once sent, the outbox keeps no copy of it."""
    async with maker() as session, session.begin():
        await session.execute(
            update(OutboxEvent).where(OutboxEvent.id == event_id).values(payload={})
        )
