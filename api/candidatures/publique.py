"""The applicant's side, without an account: ask for a link, open it, fill in, send, follow.

Nothing here reads or names an existing object: territoires are named by their public code,
every other id is refused by the input models (`extra="forbid"`), and an application is read
only with its own key. The key is handed once, when the e-mailed link (single use, expiring)
is opened; only hashes of links and keys are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from datetime import timedelta
from typing import BinaryIO

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.candidatures import courriels
from api.candidatures.machine import MODIFIABLE, SOUMISSION
from api.candidatures.models import Candidature, CandidatureDocument, CandidatureLien
from api.candidatures.schemas import (
    CHAMPS_DE_VOIE,
    CandidaturePublique,
    CandidatureSaisie,
    DemandeLien,
    DocumentPublic,
    TerritoireCandidature,
)
from api.conventions.documents import sniff
from api.conventions.service import DocumentTropVolumineux, TypeDocumentRefuse, safe_name
from api.core import audit
from api.core.audit import AuditContext
from api.core.db import utcnow
from api.core.errors import DomainError, InvalidField, NotFound, TooManyRequests
from api.core.security import hash_secret, new_secret
from api.core.statemachine import TransitionRefusee
from api.core.storage import DocumentStore
from api.identity.comptes import count_in_hour
from api.referentiel import StatutCandidature, VoieCandidature, libelle
from api.settings import Settings
from api.territoires.models import Territoire

FORMULAIRE_VALIDITE_SECONDES = 24 * 3600


class LienCandidatureInconnu(NotFound):
    code = "lien_invalide"
    title = "Lien invalide"
    detail = (
        "Ce lien n'est pas valide : vérifiez qu'il a été copié en entier, ou demandez-en un "
        "nouveau depuis le formulaire de candidature."
    )


class LienCandidatureExpire(DomainError):
    status = 410
    code = "lien_expire"
    title = "Lien expiré"
    detail = "Ce lien a expiré : demandez-en un nouveau depuis le formulaire de candidature."


class LienCandidatureUtilise(DomainError):
    status = 410
    code = "lien_deja_utilise"
    title = "Lien déjà utilisé"
    detail = (
        "Ce lien a déjà servi : chaque lien ne s'utilise qu'une fois. Revenez depuis le "
        "navigateur où vous l'avez ouvert, ou demandez un nouveau lien depuis le formulaire."
    )


class CleInconnue(NotFound):
    code = "candidature_introuvable"
    title = "Candidature introuvable"
    detail = (
        "Aucune candidature ne correspond à cette clé : demandez un nouveau lien depuis le "
        "formulaire de candidature."
    )


# --- the form's clock (minimum fill time) --------------------------------------------------


def _signature(settings: Settings, moment: str) -> str:
    key = f"candidature-formulaire:{settings.secret_key}".encode()
    return hmac.new(key, moment.encode(), hashlib.sha256).hexdigest()[:32]


def jeton_formulaire(settings: Settings, now: float | None = None) -> str:
    """When the form was shown, signed: the link request must come late enough after it."""
    moment = str(int(now if now is not None else time.time()))
    return f"{moment}.{_signature(settings, moment)}"


def _check_formulaire(settings: Settings, jeton: str, now: float | None = None) -> None:
    field = "body.jeton_formulaire"
    moment, _, signature = jeton.partition(".")
    if not moment.isdigit() or not hmac.compare_digest(signature, _signature(settings, moment)):
        raise InvalidField(field, "Le formulaire n'est pas valide : rechargez la page.")
    elapsed = (now if now is not None else time.time()) - int(moment)
    if elapsed > FORMULAIRE_VALIDITE_SECONDES:
        raise InvalidField(field, "Le formulaire a expiré : rechargez la page.")
    if elapsed < settings.candidature_delai_min_secondes:
        raise InvalidField(
            field, "Envoi trop rapide : relisez votre saisie, puis envoyez à nouveau."
        )


async def territoires_publics(session: AsyncSession) -> list[TerritoireCandidature]:
    rows = await session.execute(
        select(Territoire.code, Territoire.nom, Territoire.statut).order_by(Territoire.nom)
    )
    return [TerritoireCandidature(code=c, nom=n, statut=s) for c, n, s in rows]


# --- the link ------------------------------------------------------------------------------


async def demander_lien(
    session: AsyncSession, settings: Settings, context: AuditContext, data: DemandeLien
) -> uuid.UUID | None:
    """Same answer whatever happens; the outbox event of the e-mail, if any.

    A filled hidden field (a robot): nothing is done. Past the hourly limit per client
    address: 429. Past the limit per e-mail address: the same work, nothing sent.
    """
    if data.site_internet:
        await audit.record(session, context, "candidature_lien", details={"ignore": "champ_cache"})
        return None
    _check_formulaire(settings, data.jeton_formulaire)
    if context.client_address and not await count_in_hour(
        session,
        f"candidature_adresse:{context.client_address}",
        settings.candidature_par_adresse_par_heure,
    ):
        raise TooManyRequests(
            "Trop de demandes de candidature depuis cette adresse : réessayez dans une heure.",
            headers={"Retry-After": "3600"},
        )
    email = data.email.strip().lower()
    within = await count_in_hour(
        session, f"candidature:{email}", settings.candidature_par_courriel_par_heure
    )
    token = new_secret("")
    if within:
        now = utcnow()
        session.add(
            CandidatureLien(
                courriel=email,
                voie=data.voie,
                token_hash=hash_secret(token),
                created_at=now,
                expires_at=now + timedelta(hours=settings.candidature_lien_heures),
            )
        )
        await session.flush()
    event_id = await courriels.lien(session, settings, email if within else None, data.voie, token)
    await audit.record(
        session,
        context,
        "candidature_lien",
        details={"voie": data.voie.value, "envoye": within},
    )
    return event_id


async def _load(session: AsyncSession, candidature_id: uuid.UUID) -> Candidature:
    candidature = await session.scalar(
        select(Candidature)
        .where(Candidature.id == candidature_id)
        .options(selectinload(Candidature.territoires), selectinload(Candidature.documents))
        .execution_options(populate_existing=True)
    )
    assert candidature is not None
    return candidature


async def ouvrir_lien(
    session: AsyncSession, settings: Settings, context: AuditContext, jeton: str
) -> tuple[str, Candidature]:
    """Claim the link (once), confirm the address, and hand the application's key.

    The link opens the latest application of that address on that voie, or a new draft."""
    row = await session.scalar(
        select(CandidatureLien).where(CandidatureLien.token_hash == hash_secret(jeton))
    )
    if row is None:
        raise LienCandidatureInconnu()
    if row.used_at is not None:
        raise LienCandidatureUtilise()
    if row.expires_at <= utcnow():
        raise LienCandidatureExpire()
    claimed = await session.execute(
        update(CandidatureLien)
        .where(CandidatureLien.id == row.id, CandidatureLien.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise LienCandidatureUtilise()
    candidature = await session.scalar(
        select(Candidature)
        .where(Candidature.courriel == row.courriel, Candidature.voie == row.voie)
        .order_by(Candidature.created_at.desc())
        .limit(1)
    )
    if candidature is None:
        candidature = Candidature(
            voie=row.voie,
            statut=StatutCandidature.brouillon,
            courriel=row.courriel,
            contacts=[],
            details={},
            comptes_invites=[],
        )
        candidature.territoires = []
        candidature.documents = []
        session.add(candidature)
    cle = new_secret("")
    candidature.cle_hash = hash_secret(cle)
    candidature.cle_expire_le = utcnow() + timedelta(days=settings.candidature_cle_jours)
    await session.flush()
    await audit.record(
        session, context, "candidature_acces", object_type="candidature", object_id=candidature.id
    )
    return cle, await _load(session, candidature.id)


async def par_cle(session: AsyncSession, cle: str | None) -> Candidature:
    """The application of this key; 404 for any other key (nothing else is readable)."""
    if not cle or len(cle) > 200:
        raise CleInconnue()
    candidature = await session.scalar(
        select(Candidature)
        .where(Candidature.cle_hash == hash_secret(cle), Candidature.cle_expire_le > utcnow())
        .options(selectinload(Candidature.territoires), selectinload(Candidature.documents))
    )
    if candidature is None:
        raise CleInconnue()
    return candidature


def saisie_de(candidature: Candidature) -> CandidatureSaisie:
    return CandidatureSaisie.model_validate(
        {**candidature.details, "contacts": candidature.contacts}
    )


def publique(candidature: Candidature) -> CandidaturePublique:
    modifiable = candidature.statut in MODIFIABLE
    return CandidaturePublique(
        voie=candidature.voie,
        statut=candidature.statut,
        courriel=candidature.courriel,
        saisie=saisie_de(candidature),
        soumise_le=candidature.soumise_le,
        decidee_le=candidature.decidee_le,
        message_decision=candidature.message_decision,
        documents=[
            DocumentPublic(nom_fichier=d.nom_fichier, taille=d.taille)
            for d in candidature.documents
        ],
        actions=["modification", "soumission"] if modifiable else [],
        version=candidature.version,
    )


async def _territoires(session: AsyncSession, codes: list[str], field: str) -> list[Territoire]:
    if not codes:
        return []
    found = list(
        (await session.scalars(select(Territoire).where(Territoire.code.in_(codes)))).all()
    )
    if len(found) != len(set(codes)):
        raise InvalidField(field, "Territoire inconnu : choisissez-le dans la liste.")
    return found


def _check_voie(voie: VoieCandidature, saisie: CandidatureSaisie) -> None:
    others = set().union(*(f for v, f in CHAMPS_DE_VOIE.items() if v != voie))
    given = {k for k in saisie.model_fields_set if getattr(saisie, k) not in (None, [], "")}
    for name in sorted((given & others) - CHAMPS_DE_VOIE[voie]):
        raise InvalidField(
            f"body.{name}", f"Ce champ ne concerne pas une candidature « {libelle(voie)} »."
        )
    if saisie.territoire_code and saisie.nouveau_territoire:
        raise InvalidField(
            "body.nouveau_territoire",
            "Choisissez un territoire existant ou un nouveau territoire, pas les deux.",
        )


async def enregistrer(
    session: AsyncSession,
    context: AuditContext,
    candidature: Candidature,
    saisie: CandidatureSaisie,
) -> Candidature:
    """Replace the draft by what the applicant typed (a draft may be incomplete)."""
    if candidature.statut not in MODIFIABLE:
        raise TransitionRefusee(
            "Modification impossible : la candidature est « "
            f"{libelle(candidature.statut).lower()} »."
        )
    _check_voie(candidature.voie, saisie)
    codes = (
        [saisie.territoire_code]
        if candidature.voie == VoieCandidature.chantier_porteur and saisie.territoire_code
        else saisie.territoires_codes
    )
    field = "body.territoire_code" if saisie.territoire_code else "body.territoires_codes"
    candidature.territoires = await _territoires(session, codes, field)
    candidature.nom = saisie.nom
    candidature.siret = saisie.siret
    candidature.nouveau_territoire = saisie.nouveau_territoire or None
    candidature.details = saisie.model_dump(mode="json", exclude={"contacts"})
    candidature.contacts = [c.model_dump(mode="json") for c in saisie.contacts]
    candidature.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session, context, "update", object_type="candidature", object_id=candidature.id
    )
    return candidature


REQUIS: dict[VoieCandidature, list[tuple[str, str]]] = {
    VoieCandidature.chantier_porteur: [
        ("siret", "Le SIRET du chantier est obligatoire."),
        ("nombre_postes", "Indiquez la capacité d'accueil du chantier."),
    ],
    VoieCandidature.partenaire: [
        ("siret", "Le SIRET de l'organisation est obligatoire."),
        ("type_partenaire", "Choisissez le type d'organisation."),
        ("domaines", "Choisissez au moins un domaine."),
        ("territoires_codes", "Choisissez au moins un territoire."),
        ("delai_reponse_jours", "Indiquez votre délai de réponse aux orientations."),
        ("referent", "Indiquez la personne qui répondra aux orientations."),
    ],
    VoieCandidature.financeur: [
        ("type_soutien", "Choisissez le type de soutien."),
        ("territoires_codes", "Choisissez au moins un territoire."),
    ],
}


async def soumettre(
    session: AsyncSession, settings: Settings, context: AuditContext, candidature: Candidature
) -> uuid.UUID:
    """Send the application to the instructors; returns the receipt e-mail's event."""
    if candidature.statut not in SOUMISSION.depuis:
        raise TransitionRefusee(
            f"{SOUMISSION.libelle} impossible : la candidature est « "
            f"{libelle(candidature.statut).lower()} »."
        )
    saisie = saisie_de(candidature)
    if not saisie.nom:
        raise InvalidField("body.nom", "Le nom de l'organisation est obligatoire.")
    for name, message in REQUIS[candidature.voie]:
        if getattr(saisie, name) in (None, [], ""):
            raise InvalidField(f"body.{name}", message)
    if candidature.voie == VoieCandidature.chantier_porteur and not (
        saisie.territoire_code or saisie.nouveau_territoire
    ):
        raise InvalidField(
            "body.territoire_code", "Choisissez un territoire, ou indiquez un nouveau territoire."
        )
    if not saisie.contacts:
        raise InvalidField("body.contacts", "Indiquez au moins une personne à contacter.")
    candidature.statut = StatutCandidature.soumise
    candidature.soumise_le = utcnow()
    candidature.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session, context, "soumission", object_type="candidature", object_id=candidature.id
    )
    return await courriels.recue(
        session, settings, candidature.courriel, candidature.voie, saisie.nom
    )


MAX_DOCUMENTS = 5


async def ajouter_document(
    session: AsyncSession,
    context: AuditContext,
    store: DocumentStore,
    candidature: Candidature,
    *,
    filename: str | None,
    source: BinaryIO,
    max_bytes: int,
) -> CandidatureDocument:
    """A document joined to a draft: the rules of convention documents (PDF, ODT or DOCX read
    from the bytes, a safe name, a size limit), five at most."""
    if candidature.statut not in MODIFIABLE:
        raise TransitionRefusee(
            f"Ajout impossible : la candidature est « {libelle(candidature.statut).lower()} »."
        )
    if len(candidature.documents) >= MAX_DOCUMENTS:
        raise InvalidField("body.fichier", f"{MAX_DOCUMENTS} documents au plus par candidature.")
    digest = hashlib.sha256()
    size = 0
    source.seek(0)
    while chunk := source.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise DocumentTropVolumineux(
                f"Le document dépasse la taille maximale ({max_bytes // (1024 * 1024)} Mo)."
            )
        digest.update(chunk)
    if size == 0:
        raise InvalidField("body.fichier", "Le fichier est vide.")
    content_type = sniff(source)
    if content_type is None:
        raise TypeDocumentRefuse(
            "body.fichier", "Seuls les documents PDF, ODT et DOCX sont acceptés."
        )
    document = CandidatureDocument(
        candidature_id=candidature.id,
        nom_fichier=safe_name(filename, content_type),
        content_type=content_type,
        taille=size,
        sha256=digest.hexdigest(),
        storage_key=uuid.uuid4().hex,
        created_at=utcnow(),
    )
    source.seek(0)
    store.put(document.storage_key, source)
    candidature.documents.append(document)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="candidature_document",
        object_id=document.id,
        details={"candidature_id": str(candidature.id)},
    )
    return document
