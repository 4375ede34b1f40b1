"""Webhook endpoints (with SSRF guards), fan-out of outbox events, signed deliveries."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import json
import logging
import random
import socket
import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core import audit, mail
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.observabilite import traces
from api.core.outbox import OutboxEvent
from api.identity import courriels
from api.identity.models import UserAccount
from api.referentiel import Role, StatutLivraison, TypeStructure
from api.settings import Settings
from api.structures.models import Structure
from api.webhooks import signing
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from api.webhooks.schemas import AttemptOut, DeliveryOut, EndpointCreate

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger("convergence.webhooks")

MAX_AGE = timedelta(days=3)
# Events a partner without webhook hears of by e-mail (no personal data in the message).
NOTICES = ("orientation.envoyee", "orientation.message", "orientation.effacee")
TIMEOUT_SECONDS = 10.0
LEASE = timedelta(seconds=60)
ROTATION_OVERLAP = timedelta(hours=24)


class EndpointNotFound(NotFound):
    code = "webhook_introuvable"
    detail = "Aucun point de réception ne correspond à cet identifiant."


class UnsafeUrl(Exception):
    """The URL points at this platform's own network (loopback, private, metadata...)."""


# --- secrets at rest -----------------------------------------------------------------------


def _fernet(settings: Settings) -> Fernet:
    key = hashlib.sha256(f"webhooks:{settings.secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _encrypt(settings: Settings, secret: str) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode()


def _decrypt(settings: Settings, token: str) -> str:
    return _fernet(settings).decrypt(token.encode()).decode()


# --- SSRF guard ----------------------------------------------------------------------------


def _forbidden_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (
            isinstance(ip, ipaddress.IPv6Address)
            and ip.ipv4_mapped is not None
            and _forbidden_address(str(ip.ipv4_mapped))
        )
    )


async def check_url(url: str, settings: Settings) -> None:
    """HTTPS to a public address; demo mode also allows HTTP and this machine (for tests)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeUrl("L'adresse doit être une URL https:// complète.")
    if parts.scheme == "http" and not settings.demo:
        raise UnsafeUrl("Seules les adresses https:// sont acceptées.")
    if parts.username or parts.password:
        raise UnsafeUrl("L'adresse ne doit pas contenir d'identifiants.")
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname,
            parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except OSError:
        raise UnsafeUrl("Cette adresse ne se résout pas.") from None
    addresses = {str(info[4][0]) for info in infos}
    if settings.demo:
        return
    if any(_forbidden_address(a) for a in addresses):
        raise UnsafeUrl("Cette adresse désigne un réseau interne : elle est refusée.")


# --- endpoints -----------------------------------------------------------------------------


def visible_endpoints(actor: Actor) -> Select[WebhookEndpoint]:
    stmt = select(WebhookEndpoint)
    if actor.role == Role.admin_national:
        return stmt
    if actor.role == Role.partenaire:
        return stmt.where(WebhookEndpoint.structure_id == actor.structure_id)
    return stmt.where(WebhookEndpoint.id.is_(None))


async def list_endpoints(session: AsyncSession, actor: Actor) -> list[WebhookEndpoint]:
    return list(
        (await session.scalars(visible_endpoints(actor).order_by(WebhookEndpoint.created_at))).all()
    )


async def get_endpoint(
    session: AsyncSession, actor: Actor, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    endpoint = await session.scalar(
        visible_endpoints(actor).where(WebhookEndpoint.id == endpoint_id)
    )
    if endpoint is None:
        raise EndpointNotFound()
    return endpoint


async def create_endpoint(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    data: EndpointCreate,
) -> tuple[WebhookEndpoint, str]:
    if actor.role == Role.partenaire:
        structure_id = actor.structure_id
    elif data.structure_id is not None:
        structure_id = data.structure_id
    else:
        raise InvalidField("body.structure_id", "Nommez le partenaire concerné.")
    structure = await session.get(Structure, structure_id)
    if structure is None or structure.type != TypeStructure.partenaire:
        raise InvalidField("body.structure_id", "Partenaire inconnu.")
    try:
        await check_url(data.url, settings)
    except UnsafeUrl as exc:
        raise InvalidField("body.url", str(exc)) from None
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        structure_id=structure.id,
        url=data.url,
        evenements=sorted(set(data.evenements)),
        secret_chiffre=_encrypt(settings, secret),
        actif=True,
    )
    session.add(endpoint)
    await session.flush()
    await audit.record(
        session, context, "create", object_type="webhook_endpoint", object_id=endpoint.id
    )
    return endpoint, secret


async def rotate_secret(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    endpoint_id: uuid.UUID,
) -> tuple[WebhookEndpoint, str, datetime]:
    endpoint = await get_endpoint(session, actor, endpoint_id)
    secret = signing.new_secret()
    until = utcnow() + ROTATION_OVERLAP
    endpoint.ancien_secret_chiffre = endpoint.secret_chiffre
    endpoint.ancien_secret_expire_le = until
    endpoint.secret_chiffre = _encrypt(settings, secret)
    endpoint.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session, context, "secret_rotation", object_type="webhook_endpoint", object_id=endpoint.id
    )
    return endpoint, secret, until


async def disable_endpoint(
    session: AsyncSession, actor: Actor, context: AuditContext, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    endpoint = await get_endpoint(session, actor, endpoint_id)
    endpoint.actif = False
    endpoint.motif_desactivation = "désactivé par le partenaire"
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="webhook_endpoint",
        object_id=endpoint.id,
        details={"transition": "desactivation"},
    )
    return endpoint


async def list_deliveries(
    session: AsyncSession, actor: Actor, endpoint_id: uuid.UUID, limit: int = 50
) -> list[DeliveryOut]:
    endpoint = await get_endpoint(session, actor, endpoint_id)
    rows = (
        await session.execute(
            select(WebhookDelivery, OutboxEvent.type)
            .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.endpoint_id == endpoint.id)
            .order_by(WebhookDelivery.created_at.desc())
            .limit(limit)
        )
    ).all()
    attempts: dict[uuid.UUID, list[AttemptOut]] = defaultdict(list)
    if rows:
        for attempt in await session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_([d.id for d, _ in rows]))
            .order_by(WebhookAttempt.at)
        ):
            attempts[attempt.delivery_id].append(AttemptOut.model_validate(attempt))
    return [
        DeliveryOut(
            id=d.id,
            endpoint_id=d.endpoint_id,
            event_id=d.event_id,
            type=type_,
            statut=d.statut,
            tentatives=d.tentatives,
            prochaine_tentative_le=d.prochaine_tentative_le,
            dernier_code=d.dernier_code,
            derniere_erreur=d.derniere_erreur,
            created_at=d.created_at,
            livree_le=d.livree_le,
            essais=attempts[d.id],
        )
        for d, type_ in rows
    ]


async def replay_delivery(
    session: AsyncSession, actor: Actor, context: AuditContext, delivery_id: uuid.UUID
) -> WebhookDelivery:
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound("Aucune livraison ne correspond à cet identifiant.")
    endpoint = await get_endpoint(session, actor, delivery.endpoint_id)
    if delivery.statut != StatutLivraison.echouee:
        raise Conflict("Seule une livraison échouée se rejoue.")
    if not endpoint.actif:
        raise Conflict("Réactivez d'abord ce point de réception (enregistrez-le à nouveau).")
    delivery.statut = StatutLivraison.en_attente
    delivery.tentatives = 0
    delivery.created_at = utcnow()
    delivery.prochaine_tentative_le = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="webhook_delivery",
        object_id=delivery.id,
        details={"transition": "rejeu"},
    )
    return delivery


# --- the worker's side ---------------------------------------------------------------------


async def dispatch_outbox(session: AsyncSession, settings: Settings, batch: int = 100) -> int:
    """Turn new outbox events into deliveries (or e-mail notices when no webhook listens)."""
    stmt = (
        select(OutboxEvent)
        .where(
            OutboxEvent.processed_at.is_(None),
            # Account e-mails are delivered by api.identity.courriels.
            OutboxEvent.type.not_like(f"{courriels.PREFIX}%"),
        )
        .order_by(OutboxEvent.created_at)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    events = list((await session.scalars(stmt)).all())
    for event in events:
        endpoints = (
            await session.scalars(
                select(WebhookEndpoint).where(
                    WebhookEndpoint.structure_id == event.destinataire_id,
                    WebhookEndpoint.actif.is_(True),
                )
            )
        ).all()
        listening = [e for e in endpoints if event.type in e.evenements]
        for endpoint in listening:
            session.add(WebhookDelivery(endpoint_id=endpoint.id, event_id=event.id))
        if not endpoints and event.type in NOTICES:
            await _email_notice(session, settings, event)
        event.processed_at = utcnow()
    await session.flush()
    return len(events)


async def _email_notice(session: AsyncSession, settings: Settings, event: OutboxEvent) -> None:
    """No personal data: a link to the orientation only."""
    recipients = (
        await session.scalars(
            select(UserAccount.email).where(
                UserAccount.structure_id == event.destinataire_id,
                UserAccount.role == Role.partenaire,
                UserAccount.actif.is_(True),
            )
        )
    ).all()
    if not recipients:
        return
    orientation_id = event.payload.get("orientation_id")
    if event.type == "orientation.effacee":
        subject = "Convergence : données d'une personne effacées"
        text = (
            "Bonjour,\n\nUne personne que Convergence vous a orientée a demandé l'effacement "
            "de ses données. Supprimez les informations reçues avec l'orientation de référence "
            f"{orientation_id} (sauf obligation légale qui vous serait propre).\n\n"
            "Ce message ne contient aucune donnée personnelle.\n"
        )
    else:
        subject = (
            "Convergence : nouvelle orientation"
            if event.type == "orientation.envoyee"
            else "Convergence : nouveau message sur une orientation"
        )
        text = (
            "Bonjour,\n\nUne orientation vous attend sur Convergence :\n"
            f"{settings.public_url.rstrip('/')}/orientations/{orientation_id}\n\n"
            "Ce message ne contient aucune donnée personnelle ; connectez-vous pour la consulter.\n"
        )
    from api.core.observabilite.metriques import EMAILS

    message = mail.build_message(settings, to=", ".join(recipients), subject=subject, text=text)
    try:
        await asyncio.to_thread(mail.send, settings, message, str(event.id))
    except Exception:
        EMAILS.labels("echec").inc()
        raise
    EMAILS.labels("envoye").inc()


def next_attempt(attempts: int, now: datetime) -> datetime:
    """Exponential backoff with jitter: 5 s, 10 s, 20 s... at most 6 hours apart."""
    delay = min(5 * 2 ** max(attempts - 1, 0), 6 * 3600)
    return now + timedelta(seconds=delay * random.uniform(0.5, 1.5))  # noqa: S311


async def claim_due(session: AsyncSession, batch: int = 20) -> list[WebhookDelivery]:
    """Take due deliveries for a while (a lease): several workers never send one twice at
    once, and a worker that dies leaves them to be retried when the lease ends."""
    now = utcnow()
    stmt = (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.statut == StatutLivraison.en_attente,
            WebhookDelivery.prochaine_tentative_le <= now,
            (WebhookDelivery.verrou_jusqu_a.is_(None)) | (WebhookDelivery.verrou_jusqu_a < now),
        )
        .order_by(WebhookDelivery.prochaine_tentative_le)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list((await session.scalars(stmt)).all())
    for row in rows:
        row.verrou_jusqu_a = now + LEASE
    await session.flush()
    return rows


async def release(maker: async_sessionmaker[AsyncSession], ids: list[uuid.UUID]) -> None:
    """Give up the lease of these deliveries (a stopping worker)."""
    if not ids:
        return
    async with maker() as session, session.begin():
        await session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id.in_(ids),
                WebhookDelivery.statut == StatutLivraison.en_attente,
            )
            .values(verrou_jusqu_a=None)
        )


async def deliver(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    delivery_id: uuid.UUID,
    client: httpx.AsyncClient,
    traceparent: str | None = None,
) -> StatutLivraison:
    """One attempt: sign, POST (10 s, no redirects), record the outcome; traced as a span
    of the trace that wrote the event (`traceparent`), when tracing is on."""
    attributes = {"convergence.livraison_id": str(delivery_id)}
    with traces.consumer_span("webhook livraison", traceparent, attributes) as span:
        statut = await _deliver(maker, settings, delivery_id, client)
        span.set_attribute("convergence.livraison_statut", statut.value)
        return statut


async def _deliver(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    delivery_id: uuid.UUID,
    client: httpx.AsyncClient,
) -> StatutLivraison:
    from httpx import HTTPError  # the worker's import: API processes start without httpx

    async with maker() as session:
        delivery = await session.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id)
        event = await session.get(OutboxEvent, delivery.event_id)
        assert endpoint is not None and event is not None
        body = json.dumps(
            {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.payload},
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()
        secrets_ = [_decrypt(settings, endpoint.secret_chiffre)]
        if (
            endpoint.ancien_secret_chiffre
            and (endpoint.ancien_secret_expire_le or utcnow()) > utcnow()
        ):
            secrets_.append(_decrypt(settings, endpoint.ancien_secret_chiffre))
        url, active = endpoint.url, endpoint.actif
        attempts_before = delivery.tentatives
        created = delivery.created_at
    msg_id = f"msg_{event.id.hex}"
    timestamp = int(time.time())
    code: int | None = None
    error: str | None = None
    started = time.monotonic()
    if not active:
        error = "point de réception désactivé"
    else:
        try:
            await check_url(url, settings)
            response = await client.post(
                url,
                content=body,
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,
                headers={
                    "content-type": "application/json",
                    "webhook-id": msg_id,
                    "webhook-timestamp": str(timestamp),
                    "webhook-signature": signing.signature_header(
                        secrets_, msg_id, timestamp, body
                    ),
                    "user-agent": "Convergence-Webhooks/1",
                },
            )
            code = response.status_code
        except UnsafeUrl as exc:
            error = str(exc)[:300]
        except HTTPError as exc:
            error = type(exc).__name__
    elapsed = int((time.monotonic() - started) * 1000)
    now = utcnow()
    async with maker() as session:
        delivery = await session.get(WebhookDelivery, delivery_id)
        endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id) if delivery else None
        assert delivery is not None and endpoint is not None
        session.add(
            WebhookAttempt(delivery_id=delivery.id, code=code, erreur=error, duree_ms=elapsed)
        )
        delivery.tentatives = attempts_before + 1
        delivery.dernier_code = code
        delivery.derniere_erreur = error
        delivery.verrou_jusqu_a = None
        if code is not None and 200 <= code < 300:
            delivery.statut = StatutLivraison.livree
            delivery.livree_le = now
        elif code == 410:
            delivery.statut = StatutLivraison.echouee
            endpoint.actif = False
            endpoint.motif_desactivation = "le partenaire a répondu 410 Gone"
        else:
            following = next_attempt(delivery.tentatives, now)
            if following - created > MAX_AGE or not endpoint.actif:
                delivery.statut = StatutLivraison.echouee
            else:
                delivery.prochaine_tentative_le = following
        await session.commit()
        return delivery.statut


async def run_once(
    maker: async_sessionmaker[AsyncSession], settings: Settings, client: httpx.AsyncClient
) -> dict[str, int]:
    """One pass of the worker: dispatch the outbox, then attempt every due delivery."""
    async with maker() as session, session.begin():
        dispatched = await dispatch_outbox(session, settings)
    dispatched += await courriels.deliver_pending(maker, settings)
    async with maker() as session, session.begin():
        claimed = await claim_due(session)
        # The trace each event was written in: its deliveries continue it.
        parents = (
            dict(
                (
                    await session.execute(
                        select(OutboxEvent.id, OutboxEvent.traceparent).where(
                            OutboxEvent.id.in_({d.event_id for d in claimed}),
                            OutboxEvent.traceparent.is_not(None),
                        )
                    )
                ).all()
            )
            if claimed and traces.enabled()
            else {}
        )
        due = [(d.id, parents.get(d.event_id)) for d in claimed]
    outcomes: dict[str, int] = defaultdict(int)
    waiting = [delivery_id for delivery_id, _ in due]
    try:
        for delivery_id, traceparent in due:
            statut = await deliver(maker, settings, delivery_id, client, traceparent)
            waiting.remove(delivery_id)
            outcomes[statut.value] += 1
    except asyncio.CancelledError:
        # The worker is stopping past its deadline: the deliveries it still held are free
        # for the next worker now rather than when their lease ends (the one in progress
        # may reach the partner twice, with the same webhook-id).
        await release(maker, waiting)
        raise
    return {"evenements": dispatched, **outcomes}
