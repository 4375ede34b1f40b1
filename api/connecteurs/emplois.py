"""A chantier's Les emplois connection: credentials, synchronisation, arrivals to welcome."""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.connecteurs import fiches as fs
from api.connecteurs.chiffrement import chiffrer, dechiffrer
from api.connecteurs.les_emplois import (
    Identifiants,
    LesEmploisClient,
    LesEmploisError,
    Panne,
)
from api.connecteurs.models import (
    ArriveeEmplois,
    ConnexionEmplois,
    IssueSynchro,
    StatutArrivee,
)
from api.connecteurs.schemas import (
    AccueilIn,
    ArriveeOut,
    ConnexionIn,
    ConnexionOut,
    RapportSynchro,
    TestConnexionOut,
)
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor, Forbidden
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, PreconditionRequired
from api.core.permissions import Permission
from api.freins import diagnostics as freins_diagnostics
from api.freins.schemas import DiagnosticIn, DomaineIn
from api.parcours import service as parcours_service
from api.parcours.models import Parcours
from api.parcours.schemas import AFaireItem, ParcoursCreate
from api.referentiel import Domaine, EtapeDiagnostic, Role, Sexe, StatutParcours, TypeStructure
from api.salaries import service as salaries_service
from api.salaries.models import Salarie
from api.salaries.schemas import SalarieCreate
from api.settings import Settings
from api.structures.models import Structure
from api.structures.schemas import Telephone

logger = logging.getLogger("convergence.connecteurs")

SYSTEME = AuditContext("systeme", None)
# Who sets a chantier's connection and runs its synchronisation; who welcomes the arrivals
# (the chantier's caseworkers).
CONNECTION = Permission.emplois_connexion
ARRIVALS = Permission.parcours_write

MESSAGES = {
    IssueSynchro.reussie: "Synchronisation réussie.",
    IssueSynchro.identifiants_refuses: (
        "Les emplois refuse les identifiants : renseignez à nouveau le compte employeur."
    ),
    IssueSynchro.acces_refuse: (
        "Le compte n'est pas administrateur d'une structure active sur Les emplois."
    ),
    IssueSynchro.limite_atteinte: (
        "Les emplois limite le nombre d'appels : nouvel essai au prochain passage."
    ),
    IssueSynchro.indisponible: "Les emplois ne répond pas : nouvel essai au prochain passage.",
}

_telephone = TypeAdapter(Telephone)


class ConnexionIntrouvable(NotFound):
    code = "connexion_introuvable"
    detail = "Ce chantier n'a pas de connexion aux emplois de l'inclusion."


class SynchroEnCours(Conflict):
    code = "synchronisation_en_cours"
    detail = "Une synchronisation de ce chantier est déjà en cours."


class ArriveeIntrouvable(NotFound):
    code = "arrivee_introuvable"
    detail = "Aucune arrivée ne correspond à cet identifiant."


class ArriveeDejaAccueillie(Conflict):
    code = "arrivee_deja_accueillie"
    detail = "Cette personne a déjà été accueillie."


# --- perimeter --------------------------------------------------------------------------------


def _sees_chantier(actor: Actor, chantier: Structure) -> bool:
    if actor.role == Role.admin_national:
        return True
    if actor.role == Role.coordinateur:
        return chantier.territoire_id in actor.territoire_ids
    return chantier.id in actor.chantier_ids


async def _chantier(
    session: AsyncSession, actor: Actor, chantier_id: uuid.UUID, permission: Permission
) -> Structure:
    """The chantier if the caller may act on it; 404 outside the perimeter."""
    if not actor.can(permission):
        raise Forbidden()
    chantier = await session.get(Structure, chantier_id)
    if chantier is None or chantier.type != TypeStructure.chantier:
        raise NotFound("Aucun chantier ne correspond à cet identifiant.")
    if not _sees_chantier(actor, chantier):
        raise NotFound("Aucun chantier ne correspond à cet identifiant.")
    return chantier


# --- connection -------------------------------------------------------------------------------


def connexion_out(
    settings: Settings, chantier_id: uuid.UUID, connexion: ConnexionEmplois | None
) -> ConnexionOut:
    if connexion is None:
        return ConnexionOut(
            chantier_id=chantier_id,
            configuree=False,
            synchro_toutes_les_minutes=settings.emplois_sync_minutes,
        )
    return ConnexionOut(
        chantier_id=chantier_id,
        configuree=True,
        base_url=connexion.base_url,
        identifiants_renseignes=dechiffrer(settings, connexion.identifiants_chiffres) is not None,
        derniere_synchro_le=connexion.derniere_synchro_le,
        derniere_issue=connexion.derniere_issue,
        derniere_reussite_le=connexion.derniere_reussite_le,
        dernier_rapport=(
            RapportSynchro.model_validate(connexion.dernier_rapport)
            if connexion.dernier_rapport
            else None
        ),
        synchro_toutes_les_minutes=settings.emplois_sync_minutes,
        version=connexion.version,
    )


async def _connexion(session: AsyncSession, chantier_id: uuid.UUID) -> ConnexionEmplois | None:
    return await session.scalar(
        select(ConnexionEmplois).where(ConnexionEmplois.chantier_id == chantier_id)
    )


async def get_connexion(
    session: AsyncSession, actor: Actor, chantier_id: uuid.UUID
) -> ConnexionEmplois | None:
    await _chantier(session, actor, chantier_id, CONNECTION)
    return await _connexion(session, chantier_id)


async def set_connexion(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    context: AuditContext,
    chantier_id: uuid.UUID,
    data: ConnexionIn,
    expected_version: int | None,
) -> ConnexionEmplois:
    """Create or replace the connection (If-Match required to replace one)."""
    await _chantier(session, actor, chantier_id, CONNECTION)
    connexion = await _connexion(session, chantier_id)
    secret = chiffrer(settings, Identifiants(data.username, data.password))
    if connexion is None:
        connexion = ConnexionEmplois(
            chantier_id=chantier_id, base_url=data.base_url, identifiants_chiffres=secret
        )
        session.add(connexion)
        action = "create"
    else:
        if expected_version is None:
            raise PreconditionRequired()
        check_version(connexion.version, expected_version)
        connexion.base_url = data.base_url
        connexion.identifiants_chiffres = secret
        connexion.updated_at = utcnow()
        action = "update"
    await session.flush()
    # Never the credentials: which connection, and that they were (re)entered.
    await audit.record(
        session,
        context,
        action,
        object_type="connexion_emplois",
        object_id=connexion.id,
        details={"chantier_id": str(chantier_id), "champs": ["base_url", "identifiants"]},
    )
    return connexion


async def delete_connexion(
    session: AsyncSession, actor: Actor, context: AuditContext, chantier_id: uuid.UUID
) -> None:
    await _chantier(session, actor, chantier_id, CONNECTION)
    connexion = await _connexion(session, chantier_id)
    if connexion is None:
        raise ConnexionIntrouvable()
    await session.delete(connexion)
    await session.flush()
    await audit.record(
        session,
        context,
        "delete",
        object_type="connexion_emplois",
        object_id=connexion.id,
        details={"chantier_id": str(chantier_id)},
    )


async def tester_connexion(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    chantier_id: uuid.UUID,
    client: httpx.AsyncClient,
) -> TestConnexionOut:
    """Obtain a token and read the first page: nothing is written."""
    await _chantier(session, actor, chantier_id, CONNECTION)
    connexion = await _connexion(session, chantier_id)
    if connexion is None:
        raise ConnexionIntrouvable()
    identifiants = dechiffrer(settings, connexion.identifiants_chiffres)
    if identifiants is None:
        issue = IssueSynchro.identifiants_refuses
        return TestConnexionOut(reussi=False, issue=issue, message=MESSAGES[issue])
    api = LesEmploisClient(connexion.base_url, client)
    try:
        token = await api.token(identifiants)
        async for _page in api.fiches(token):
            break
    except LesEmploisError as exc:
        issue = IssueSynchro(exc.panne.value)
        return TestConnexionOut(reussi=False, issue=issue, message=MESSAGES[issue])
    return TestConnexionOut(
        reussi=True, issue=IssueSynchro.reussie, message="Connexion réussie aux emplois."
    )


# --- synchronisation --------------------------------------------------------------------------


async def _lock_connexion(session: AsyncSession, chantier_id: uuid.UUID) -> ConnexionEmplois | None:
    """The connection row, locked for the run; None when another worker holds it.

    PostgreSQL: `FOR UPDATE SKIP LOCKED`, held until the run's transaction ends. SQLite has one
    writer at a time anyway.
    """
    stmt = select(ConnexionEmplois).where(ConnexionEmplois.chantier_id == chantier_id)
    if session.get_bind().dialect.name == "postgresql":
        return await session.scalar(stmt.with_for_update(skip_locked=True))
    return await session.scalar(stmt)


async def _fetch_all(
    connexion: ConnexionEmplois, settings: Settings, client: httpx.AsyncClient
) -> list[Any]:
    identifiants = dechiffrer(settings, connexion.identifiants_chiffres)
    if identifiants is None:
        raise LesEmploisError(Panne.identifiants_refuses)
    api = LesEmploisClient(connexion.base_url, client)
    token = await api.token(identifiants)
    rows: list[Any] = []
    async for page in api.fiches(token):
        rows.extend(page)
    return rows


async def synchroniser(
    session: AsyncSession,
    settings: Settings,
    chantier_id: uuid.UUID,
    client: httpx.AsyncClient,
    context: AuditContext = SYSTEME,
) -> ConnexionEmplois:
    """One run for one chantier, in the caller's transaction.

    Every page is read before anything is written: a failure on page 3 applies nothing. Each
    record is applied in its own savepoint: a record is applied whole or not at all.
    """
    connexion = await _lock_connexion(session, chantier_id)
    if connexion is None:
        if await _connexion(session, chantier_id) is not None:
            raise SynchroEnCours()
        raise ConnexionIntrouvable()
    chantier = await session.get(Structure, chantier_id)
    assert chantier is not None and chantier.territoire_id is not None
    rapport = RapportSynchro()
    try:
        rows = await _fetch_all(connexion, settings, client)
    except LesEmploisError as exc:
        issue = IssueSynchro(exc.panne.value)
        rapport.message = MESSAGES[issue]
        # The status code only: never the URL's query, the token nor the answer's body.
        logger.warning(
            "les emplois sync failed chantier=%s panne=%s status=%s",
            chantier_id,
            exc.panne.value,
            exc.status,
        )
    else:
        issue = IssueSynchro.reussie
        rapport.fiches_lues = len(rows)
        for rang, raw in enumerate(rows, start=1):
            try:
                fiche = fs.FicheSalarie.model_validate(raw)
            except ValidationError as err:
                rapport.ignorees += 1
                rapport.rejets.append({"rang": rang, "raison": fs.raison(err)})
                continue
            if fiche.siret != chantier.siret:
                rapport.hors_chantier += 1
                continue
            try:
                async with session.begin_nested():
                    await _apply(session, context, chantier, fiche, rapport)
            except ValueError as err:
                rapport.ignorees += 1
                rapport.rejets.append({"rang": rang, "raison": str(err)[:300]})
        rapport.message = MESSAGES[issue]
    now = utcnow()
    connexion.derniere_synchro_le = now
    connexion.derniere_issue = issue
    connexion.dernier_rapport = rapport.model_dump(mode="json")
    if issue == IssueSynchro.reussie:
        connexion.derniere_reussite_le = now
    await session.flush()
    await audit.record(
        session,
        context,
        "synchronisation",
        object_type="connexion_emplois",
        object_id=connexion.id,
        details={
            "chantier_id": str(chantier_id),
            "issue": issue.value,
            **rapport.model_dump(exclude={"rejets", "changements", "message"}),
        },
    )
    return connexion


def _identite(fiche: fs.FicheSalarie) -> dict[str, Any]:
    p = fiche.personnePhysique
    telephone = fiche.adresse.adrTelephone
    try:
        telephone = _telephone.validate_python(telephone) if telephone else None
    except ValidationError:
        telephone = None
    courriel = fiche.adresse.adrMail or None
    if courriel and "@" not in courriel:
        courriel = None
    return {
        "id_itou": p.idItou,
        "pass_iae": p.passIae,
        "pass_iae_debut": p.passDateDeb,
        "pass_iae_fin": p.passDateFin,
        "nom": p.nomUsage.upper(),
        "prenoms": p.prenom.title(),
        "date_naissance": p.dateNaissance,
        "sexe": {"M": Sexe.homme, "MME": Sexe.femme}.get(p.civilite or ""),
        "telephone": telephone,
        "courriel": courriel,
        "adresse": fs.adresse(fiche),
        "situation": fs.situation(fiche),
    }


async def _match(
    session: AsyncSession, territoire_id: uuid.UUID, identite: dict[str, Any]
) -> Salarie | None:
    """idItou, then PASS IAE, then name + birth date (the duplicate rule of api/salaries)."""
    found = await session.scalar(
        select(Salarie).where(
            Salarie.territoire_id == territoire_id, Salarie.id_itou == identite["id_itou"]
        )
    )
    if found is not None:
        return found
    if identite["pass_iae"]:
        found = await session.scalar(
            select(Salarie)
            .join(Parcours, Parcours.salarie_id == Salarie.id)
            .where(
                Salarie.territoire_id == territoire_id, Parcours.pass_iae == identite["pass_iae"]
            )
            .limit(1)
        )
        if found is not None:
            return found
    candidats = await salaries_service.find_duplicates(
        session, territoire_id, identite["date_naissance"], identite["nom"], identite["prenoms"]
    )
    # Several look-alikes: no guess; the caseworker decides when welcoming the arrival.
    if len(candidats) == 1:
        return await session.get(Salarie, candidats[0])
    return None


async def _apply(
    session: AsyncSession,
    context: AuditContext,
    chantier: Structure,
    fiche: fs.FicheSalarie,
    rapport: RapportSynchro,
) -> None:
    assert chantier.territoire_id is not None
    identite = _identite(fiche)
    if identite["date_naissance"] >= date.today():
        raise ValueError("personnePhysique.dateNaissance : date de naissance future")
    salarie = await _match(session, chantier.territoire_id, identite)
    if salarie is not None:
        await _refresh(session, context, chantier, salarie, identite, rapport)
        return
    arrivee = await session.scalar(
        select(ArriveeEmplois).where(
            ArriveeEmplois.chantier_id == chantier.id,
            ArriveeEmplois.id_itou == identite["id_itou"],
        )
    )
    if arrivee is None:
        session.add(ArriveeEmplois(chantier_id=chantier.id, **identite))
        await session.flush()
        rapport.arrivees_creees += 1
        return
    if arrivee.statut != StatutArrivee.a_accueillir:
        rapport.inchanges += 1
        return
    changed = [k for k, v in identite.items() if getattr(arrivee, k) != v]
    if not changed:
        rapport.inchanges += 1
        return
    for key in changed:
        setattr(arrivee, key, identite[key])
    arrivee.updated_at = utcnow()
    await session.flush()
    rapport.arrivees_mises_a_jour += 1


async def _refresh(
    session: AsyncSession,
    context: AuditContext,
    chantier: Structure,
    salarie: Salarie,
    identite: dict[str, Any],
    rapport: RapportSynchro,
) -> None:
    """A known person: idItou, PASS IAE and contact refreshed, the changed fields audited."""
    champs: list[str] = []
    if salarie.id_itou != identite["id_itou"]:
        salarie.id_itou = identite["id_itou"]
        champs.append("id_itou")
    for key in ("telephone", "courriel"):
        if identite[key] and getattr(salarie, key) != identite[key]:
            setattr(salarie, key, identite[key])
            champs.append(key)
    parcours = await session.scalar(
        select(Parcours).where(
            Parcours.salarie_id == salarie.id,
            Parcours.chantier_id == chantier.id,
            Parcours.statut != StatutParcours.clos,
        )
    )
    if parcours is not None and identite["pass_iae"]:
        for key in ("pass_iae", "pass_iae_debut", "pass_iae_fin"):
            if identite[key] is not None and getattr(parcours, key) != identite[key]:
                setattr(parcours, key, identite[key])
                champs.append(key)
        if any(c.startswith("pass_iae") for c in champs):
            parcours.updated_at = utcnow()
            parcours.version += 1
    if not champs:
        rapport.inchanges += 1
        return
    if any(c in champs for c in ("id_itou", "telephone", "courriel")):
        salarie.updated_at = utcnow()
        salarie.version += 1
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="salarie",
        object_id=salarie.id,
        salarie_id=salarie.id,
        details={"champs": champs, "source": "les_emplois"},
    )
    rapport.salaries_mis_a_jour += 1
    rapport.changements.append({"salarie_id": str(salarie.id), "champs": champs})


async def synchroniser_dues(
    maker: async_sessionmaker[AsyncSession], settings: Settings, client: httpx.AsyncClient
) -> dict[str, int]:
    """The worker's pass: every connection whose last run is older than the interval.

    One transaction per chantier; a chantier another worker is running is skipped.
    """
    due_before = utcnow() - timedelta(minutes=settings.emplois_sync_minutes)
    async with maker() as session:
        rows = (
            await session.execute(
                select(ConnexionEmplois.chantier_id).where(
                    (ConnexionEmplois.derniere_synchro_le.is_(None))
                    | (ConnexionEmplois.derniere_synchro_le < due_before)
                )
            )
        ).all()
    done = skipped = 0
    for (chantier_id,) in rows:
        async with maker() as session, session.begin():
            try:
                await synchroniser(session, settings, chantier_id, client)
                done += 1
            except (SynchroEnCours, ConnexionIntrouvable):
                skipped += 1
    return {"synchronisations": done, "ignorees": skipped}


# --- arrivals ---------------------------------------------------------------------------------


def arrivee_out(arrivee: ArriveeEmplois) -> ArriveeOut:
    out = ArriveeOut.model_validate(arrivee)
    out.situation_libelles = [
        fs.SITUATION_LIBELLES[k] for k, v in sorted(arrivee.situation.items()) if v
    ]
    return out


async def list_arrivees(
    session: AsyncSession, actor: Actor, chantier_id: uuid.UUID
) -> list[ArriveeEmplois]:
    await _chantier(session, actor, chantier_id, ARRIVALS)
    return list(
        (
            await session.scalars(
                select(ArriveeEmplois)
                .where(
                    ArriveeEmplois.chantier_id == chantier_id,
                    ArriveeEmplois.statut == StatutArrivee.a_accueillir,
                )
                .order_by(ArriveeEmplois.created_at, ArriveeEmplois.id)
            )
        ).all()
    )


async def get_arrivee(session: AsyncSession, actor: Actor, arrivee_id: uuid.UUID) -> ArriveeEmplois:
    arrivee = await session.get(ArriveeEmplois, arrivee_id)
    if arrivee is None:
        raise ArriveeIntrouvable()
    try:
        await _chantier(session, actor, arrivee.chantier_id, ARRIVALS)
    except NotFound:
        raise ArriveeIntrouvable() from None
    return arrivee


# Eligibility situation -> the draft entry diagnostic (droits, emploi): situation codes of the
# freins referentiel. ASS, ATA, RQTH and "sans ressource" have no code there: they go in the
# comment. Level 1 is a placeholder the caseworker reviews (the diagnostic stays a draft).
_DROITS_CODES = {"rsa": "rsa_prime_activite", "aah": "aah"}
_DROITS_COMMENT = ("rsa", "ass", "aah", "ata", "sans_ressource", "rqth", "aide_sociale")
_EMPLOI_CODES = {"inscrit_france_travail": "inscrit_france_travail"}
_PREFILL_NOTE = "Pré-rempli depuis Les emplois de l'inclusion, à vérifier avec la personne"


def _diagnostic_prefill(situation: dict[str, bool]) -> list[DomaineIn]:
    domaines: list[DomaineIn] = []
    droits = [c for k, c in _DROITS_CODES.items() if situation.get(k)]
    droits_notes = [fs.SITUATION_LIBELLES[k] for k in _DROITS_COMMENT if situation.get(k)]
    if droits or droits_notes:
        domaines.append(
            DomaineIn(
                domaine=Domaine.droits,
                niveau=1,
                situations=droits,
                commentaire=f"{_PREFILL_NOTE} : {', '.join(droits_notes)}.",
            )
        )
    if situation.get("inscrit_france_travail") or situation.get("en_emploi"):
        notes = [
            fs.SITUATION_LIBELLES[k]
            for k in ("inscrit_france_travail", "en_emploi")
            if situation.get(k)
        ]
        domaines.append(
            DomaineIn(
                domaine=Domaine.emploi,
                niveau=1,
                situations=[c for k, c in _EMPLOI_CODES.items() if situation.get(k)],
                commentaire=f"{_PREFILL_NOTE} : {', '.join(notes)}.",
            )
        )
    return domaines


async def accueillir(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    arrivee_id: uuid.UUID,
    expected_version: int,
    data: AccueilIn,
) -> tuple[ArriveeEmplois, uuid.UUID | None]:
    """Enrol the person: salarié, parcours (with its PASS IAE), draft entry diagnostic.

    Consents are not imported: the caseworker collects them with the person.
    """
    arrivee = await get_arrivee(session, actor, arrivee_id)
    check_version(arrivee.version, expected_version)
    if arrivee.statut != StatutArrivee.a_accueillir:
        raise ArriveeDejaAccueillie()
    salarie = await salaries_service.create_salarie(
        session,
        actor,
        context,
        SalarieCreate(
            chantier_id=arrivee.chantier_id,
            nom=data.nom or arrivee.nom,
            prenoms=data.prenoms or arrivee.prenoms,
            date_naissance=arrivee.date_naissance,
            sexe=arrivee.sexe,
            telephone=arrivee.telephone,
            courriel=arrivee.courriel,
            adresse=arrivee.adresse,
            confirm_distinct=data.confirm_distinct,
        ),
    )
    salarie.id_itou = arrivee.id_itou
    parcours = await parcours_service.create_parcours(
        session,
        actor,
        context,
        ParcoursCreate(
            salarie_id=salarie.id,
            chantier_id=arrivee.chantier_id,
            referent_id=data.referent_id,
            date_entree=data.date_entree,
            prescripteur=data.prescripteur,
            prescripteur_precision=data.prescripteur_precision,
            parcours_de_rue=data.parcours_de_rue,
            duree_rue_mois=data.duree_rue_mois,
            logement_entree=data.logement_entree,
        ),
    )
    parcours.pass_iae = arrivee.pass_iae
    parcours.pass_iae_debut = arrivee.pass_iae_debut
    parcours.pass_iae_fin = arrivee.pass_iae_fin
    diagnostic_id: uuid.UUID | None = None
    domaines = _diagnostic_prefill(arrivee.situation)
    if domaines:
        diagnostic = await freins_diagnostics.create_diagnostic(
            session,
            actor,
            context,
            parcours.id,
            DiagnosticIn(
                etape=EtapeDiagnostic.entree,
                date=data.date_entree,
                domaines=domaines,
                valider=False,
            ),
        )
        diagnostic_id = diagnostic.id
    arrivee.statut = StatutArrivee.accueillie
    arrivee.salarie_id = salarie.id
    arrivee.parcours_id = parcours.id
    arrivee.updated_at = utcnow()
    arrivee.version += 1
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="arrivee_emplois",
        object_id=arrivee.id,
        salarie_id=salarie.id,
        details={"transition": "accueil", "source": "les_emplois"},
    )
    return arrivee, diagnostic_id


async def arrivees_a_faire(session: AsyncSession, actor: Actor) -> list[ArriveeEmplois]:
    """Arrivals to welcome in the caller's chantiers (the À faire's share)."""
    stmt = select(ArriveeEmplois).where(ArriveeEmplois.statut == StatutArrivee.a_accueillir)
    if actor.role == Role.admin_national:
        pass
    elif actor.role == Role.coordinateur:
        stmt = stmt.join(Structure, Structure.id == ArriveeEmplois.chantier_id).where(
            Structure.territoire_id.in_(actor.territoire_ids)
        )
    else:
        stmt = stmt.where(ArriveeEmplois.chantier_id.in_(actor.chantier_ids))
    return list((await session.scalars(stmt.order_by(ArriveeEmplois.created_at).limit(500))).all())


async def connexions_a_renouveler(session: AsyncSession, actor: Actor) -> list[ConnexionEmplois]:
    """Connections whose credentials Les emplois refused (told to the direction)."""
    if not actor.can(Permission.emplois_connexion):
        return []
    stmt = select(ConnexionEmplois).where(
        ConnexionEmplois.derniere_issue.in_(
            [IssueSynchro.identifiants_refuses, IssueSynchro.acces_refuse]
        )
    )
    if actor.role == Role.direction_chantier:
        stmt = stmt.where(ConnexionEmplois.chantier_id.in_(actor.chantier_ids))
    return list((await session.scalars(stmt.limit(100))).all())


async def a_faire_items(session: AsyncSession, actor: Actor) -> list[AFaireItem]:
    """The À faire's share: arrivals to welcome, and connections whose account was refused."""
    items: list[AFaireItem] = []
    for connexion in await connexions_a_renouveler(session, actor):
        items.append(
            AFaireItem(
                type="connexion_emplois_a_renouveler",
                libelle=MESSAGES[connexion.derniere_issue or IssueSynchro.identifiants_refuses],
                echeance=None,
                nom="Connexion aux emplois de l'inclusion",
                prenoms="",
                objet_id=connexion.chantier_id,
                lien=f"/chantiers/{connexion.chantier_id}/emplois",
            )
        )
    if actor.can(ARRIVALS):
        for arrivee in await arrivees_a_faire(session, actor):
            items.append(
                AFaireItem(
                    type="arrivee_a_accueillir",
                    libelle="Arrivée à accueillir (embauche sur Les emplois de l'inclusion)",
                    echeance=None,
                    survenu_le=arrivee.created_at,
                    nom=arrivee.nom,
                    prenoms=arrivee.prenoms,
                    objet_id=arrivee.id,
                    lien=f"/chantiers/{arrivee.chantier_id}/emplois",
                )
            )
    return items
