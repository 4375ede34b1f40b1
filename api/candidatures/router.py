"""Applications: the anonymous routes of the applicant (`/candidature-publique`) and the
instruction routes of the staff (`/candidatures`)."""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    File,
    Header,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi.responses import StreamingResponse

from api.candidatures import acceptation, donnees, indicateurs, publique, service
from api.candidatures.schemas import (
    AcceptationIn,
    AccesCandidatureOut,
    CandidatureDetail,
    CandidatureOut,
    CandidaturePublique,
    CandidatureSaisie,
    CommentaireIn,
    CompteursOut,
    CourrielPersonne,
    DecisionIn,
    DemandeLien,
    DonneesCandidat,
    EffacementCandidatOut,
    FormulaireOut,
    IndicateursCandidaturesOut,
    JetonCandidature,
    RefusCandidatureIn,
)
from api.core.auth import Actor, actor_context, anonymous_context, requires
from api.core.concurrency import etag
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.core.permissions import Permission
from api.core.storage import DocumentStore, LocalDocumentStore
from api.identity import courriels
from api.identity.schemas import DemandeAcceptee
from api.referentiel import StatutCandidature, VoieCandidature
from api.settings import Settings

public_router = APIRouter(prefix="/api/v1/candidature-publique", tags=["candidature_publique"])
router = APIRouter(prefix="/api/v1/candidatures", tags=["candidatures"])

Instructeur = Annotated[Actor, Depends(requires(Permission.candidatures_instruire))]
Cle = Annotated[
    str | None,
    Header(
        alias="X-Candidature-Cle",
        max_length=200,
        description="La clé reçue à l'ouverture du lien (`POST /candidature-publique/acces`).",
    ),
]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _deliver(background: BackgroundTasks, request: Request, event_ids: list[uuid.UUID]) -> None:
    """Send the e-mails once the transaction is committed (the worker retries them)."""
    if event_ids:
        background.add_task(
            courriels.deliver_pending, request.app.state.sessionmaker, _settings(request), event_ids
        )


# --- anonymous -----------------------------------------------------------------------------

LIEN_DEMANDE = (
    "Si cette adresse peut recevoir un lien, un e-mail vient de lui être envoyé : suivez-le "
    "pour confirmer votre adresse et remplir votre candidature."
)


@public_router.get(
    "/formulaire",
    summary="Préparer un formulaire de candidature (territoires, jeton de formulaire)",
    description=(
        "Sans authentification. Le `jeton_formulaire` date l'affichage du formulaire : la "
        "demande de lien doit arriver quelques secondes après au moins."
    ),
    response_model=FormulaireOut,
)
async def formulaire(request: Request, session: SessionDep) -> FormulaireOut:
    return FormulaireOut(
        jeton_formulaire=publique.jeton_formulaire(_settings(request)),
        territoires=await publique.territoires_publics(session),
    )


@public_router.post(
    "/lien",
    summary="Demander le lien qui ouvre une candidature (e-mail à confirmer)",
    description=(
        "Répond toujours 202, qu'un e-mail parte ou non. Limité par adresse e-mail (au-delà, "
        "rien n'est envoyé) et par adresse du client (429). Le champ caché `site_internet` "
        "doit rester vide ; un envoi trop rapide après l'affichage du formulaire est refusé "
        "(422)."
    ),
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DemandeAcceptee,
    responses=problem_responses(413, 422, 429),
)
async def demander_lien(
    request: Request, background: BackgroundTasks, session: SessionDep, data: DemandeLien
) -> DemandeAcceptee:
    event_id = await publique.demander_lien(
        session, _settings(request), anonymous_context(request), data
    )
    _deliver(background, request, [event_id] if event_id else [])
    return DemandeAcceptee(detail=LIEN_DEMANDE)


@public_router.post(
    "/acces",
    summary="Ouvrir sa candidature avec le lien reçu (usage unique) : la clé de la candidature",
    description="Lien inconnu : 404 ; expiré ou déjà utilisé : 410.",
    response_model=AccesCandidatureOut,
    responses=problem_responses(404, 410, 422),
)
async def ouvrir(
    request: Request, session: SessionDep, data: JetonCandidature
) -> AccesCandidatureOut:
    cle, candidature = await publique.ouvrir_lien(
        session, _settings(request), anonymous_context(request), data.jeton
    )
    return AccesCandidatureOut(cle=cle, candidature=publique.publique(candidature))


@public_router.get(
    "",
    summary="Lire sa candidature (avec sa clé)",
    response_model=CandidaturePublique,
    responses=problem_responses(404, 422),
)
async def lire(session: SessionDep, cle: Cle = None) -> CandidaturePublique:
    return publique.publique(await publique.par_cle(session, cle))


@public_router.put(
    "",
    summary="Enregistrer le brouillon de sa candidature (avec sa clé)",
    description=(
        "Remplace la saisie (un brouillon peut être incomplet). Les territoires se désignent "
        "par leur code public ; aucun autre identifiant n'est accepté."
    ),
    response_model=CandidaturePublique,
    responses=problem_responses(404, 409, 413, 422),
)
async def enregistrer(
    request: Request, session: SessionDep, data: CandidatureSaisie, cle: Cle = None
) -> CandidaturePublique:
    candidature = await publique.par_cle(session, cle)
    await publique.enregistrer(session, anonymous_context(request), candidature, data)
    return publique.publique(candidature)


@public_router.post(
    "/soumission",
    summary="Envoyer sa candidature à l'équipe Convergence (avec sa clé)",
    description="Vérifie ce que la voie exige (422 sur le premier champ manquant).",
    response_model=CandidaturePublique,
    responses=problem_responses(404, 409, 422),
)
async def soumettre(
    request: Request, background: BackgroundTasks, session: SessionDep, cle: Cle = None
) -> CandidaturePublique:
    candidature = await publique.par_cle(session, cle)
    event_id = await publique.soumettre(
        session, _settings(request), anonymous_context(request), candidature
    )
    _deliver(background, request, [event_id])
    return publique.publique(candidature)


def document_store(request: Request) -> DocumentStore:
    return LocalDocumentStore(request.app.state.settings.documents_dir)


@public_router.post(
    "/documents",
    summary="Joindre un document à sa candidature (PDF, ODT ou DOCX ; 5 Mo, 5 documents au plus)",
    status_code=status.HTTP_201_CREATED,
    response_model=CandidaturePublique,
    responses=problem_responses(404, 409, 413, 422),
)
async def ajouter_document(
    request: Request,
    session: SessionDep,
    fichier: Annotated[UploadFile, File(description="Le document (PDF, ODT, DOCX)")],
    store: Annotated[DocumentStore, Depends(document_store)],
    cle: Cle = None,
) -> CandidaturePublique:
    candidature = await publique.par_cle(session, cle)
    await publique.ajouter_document(
        session,
        anonymous_context(request),
        store,
        candidature,
        filename=fichier.filename,
        source=fichier.file,
        max_bytes=_settings(request).candidature_document_max_bytes,
    )
    return publique.publique(candidature)


# --- instruction ---------------------------------------------------------------------------


@router.get(
    "",
    summary="Lister les candidatures à instruire (filtres : statut, voie, territoire)",
    response_model=Page[CandidatureOut],
    responses=problem_responses(401, 403, 422),
)
async def list_candidatures(
    session: SessionDep,
    actor: Instructeur,
    params: Annotated[PageParams, Depends(page_params)],
    statut: Annotated[StatutCandidature | None, Query()] = None,
    voie: Annotated[VoieCandidature | None, Query()] = None,
    territoire_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[CandidatureOut]:
    items, cursor = await service.list_candidatures(
        session, actor, params, statut=statut, voie=voie, territoire_id=territoire_id
    )
    return Page[CandidatureOut](items=items, next_cursor=cursor)


@router.get(
    "/compteurs",
    summary="Compter les candidatures par statut et par voie",
    response_model=CompteursOut,
    responses=problem_responses(401, 403, 422),
)
async def compteurs(
    session: SessionDep,
    actor: Instructeur,
    voie: Annotated[VoieCandidature | None, Query()] = None,
    territoire_id: Annotated[uuid.UUID | None, Query()] = None,
) -> CompteursOut:
    return await service.compteurs(session, actor, voie=voie, territoire_id=territoire_id)


@router.get(
    "/indicateurs",
    summary="Croissance du réseau : candidatures par voie, territoire et mois, délais, taux",
    response_model=IndicateursCandidaturesOut,
    responses=problem_responses(401, 403),
)
async def indicateurs_candidatures(
    session: SessionDep, actor: Instructeur
) -> IndicateursCandidaturesOut:
    return await indicateurs.indicateurs(session, actor)


@router.get(
    "/donnees-personnelles",
    summary="Droit d'accès : ce que les candidatures disent d'une personne (par e-mail)",
    description="Candidatures où l'adresse est celle de la demande ou d'une personne à contacter, "
    "dans le périmètre de l'appelant.",
    response_model=list[DonneesCandidat],
    responses=problem_responses(401, 403, 422),
)
async def donnees_personnelles(
    request: Request,
    session: SessionDep,
    actor: Annotated[Actor, Depends(requires(Permission.rgpd_donnees))],
    courriel: Annotated[str, Query(max_length=254, description="Adresse e-mail de la personne")],
) -> list[DonneesCandidat]:
    return await donnees.exporter(session, actor, actor_context(request, actor), courriel)


@router.post(
    "/donnees-personnelles/effacement",
    summary="Droit à l'effacement : retirer une personne des candidatures (par e-mail)",
    response_model=EffacementCandidatOut,
    responses=problem_responses(401, 403, 422),
)
async def effacer_personne(
    request: Request,
    session: SessionDep,
    actor: Annotated[Actor, Depends(requires(Permission.rgpd_effacement))],
    data: CourrielPersonne,
) -> EffacementCandidatOut:
    return await donnees.effacer(session, actor, actor_context(request, actor), data.courriel)


async def _detail(
    session: SessionDep, actor: Actor, candidature_id: uuid.UUID, response: Response
) -> CandidatureDetail:
    candidature = await service.get_candidature(session, actor, candidature_id)
    out = await service.detail(session, actor, candidature)
    response.headers["ETag"] = etag(out.version)
    return out


@router.get(
    "/{candidature_id}",
    summary="Lire une candidature",
    response_model=CandidatureDetail,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_candidature(
    session: SessionDep, actor: Instructeur, candidature_id: uuid.UUID, response: Response
) -> CandidatureDetail:
    return await _detail(session, actor, candidature_id, response)


@router.get(
    "/{candidature_id}/documents/{document_id}",
    summary="Télécharger un document d'une candidature",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Le document, avec son type de contenu",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.oasis.opendocument.text": {
                    "schema": {"type": "string", "format": "binary"}
                },
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        },
        **problem_responses(401, 403, 404, 422),
    },
)
async def telecharger_document(
    session: SessionDep,
    actor: Instructeur,
    candidature_id: uuid.UUID,
    document_id: uuid.UUID,
    store: Annotated[DocumentStore, Depends(document_store)],
) -> StreamingResponse:
    document = await service.get_document(session, actor, candidature_id, document_id)
    ascii_name = document.nom_fichier.encode("ascii", "replace").decode().replace("?", "_")
    disposition = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document.nom_fichier)}"
    )
    return StreamingResponse(
        store.open(document.storage_key),
        media_type=document.content_type,
        headers={
            "Content-Disposition": disposition,
            "Content-Length": str(document.taille),
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post(
    "/{candidature_id}/commentaires",
    summary="Commenter une candidature (entre instructeurs)",
    status_code=status.HTTP_201_CREATED,
    response_model=CandidatureDetail,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def commenter(
    request: Request,
    session: SessionDep,
    actor: Instructeur,
    candidature_id: uuid.UUID,
    data: CommentaireIn,
    response: Response,
) -> CandidatureDetail:
    await service.commenter(
        session, actor, actor_context(request, actor), candidature_id, data.texte
    )
    return await _detail(session, actor, candidature_id, response)


async def _decider(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    actor: Actor,
    candidature_id: uuid.UUID,
    verbe: str,
    message: str | None,
    response: Response,
) -> CandidatureDetail:
    _, event_id = await service.decider(
        session,
        actor,
        actor_context(request, actor),
        _settings(request),
        candidature_id,
        verbe,
        message,
    )
    _deliver(background, request, [event_id])
    return await _detail(session, actor, candidature_id, response)


@router.post(
    "/{candidature_id}/instruction",
    summary="Prendre une candidature en instruction (la personne est prévenue)",
    response_model=CandidatureDetail,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def instruire(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    actor: Instructeur,
    candidature_id: uuid.UUID,
    response: Response,
) -> CandidatureDetail:
    return await _decider(
        request, background, session, actor, candidature_id, "instruction", None, response
    )


@router.post(
    "/{candidature_id}/refus",
    summary="Refuser une candidature (motif obligatoire, envoyé par e-mail)",
    response_model=CandidatureDetail,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def refuser(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    actor: Instructeur,
    candidature_id: uuid.UUID,
    data: RefusCandidatureIn,
    response: Response,
) -> CandidatureDetail:
    return await _decider(
        request, background, session, actor, candidature_id, "refus", data.motif, response
    )


@router.post(
    "/{candidature_id}/classement",
    summary="Classer une candidature sans suite (la personne est prévenue)",
    response_model=CandidatureDetail,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def classer(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    actor: Instructeur,
    candidature_id: uuid.UUID,
    data: DecisionIn,
    response: Response,
) -> CandidatureDetail:
    return await _decider(
        request, background, session, actor, candidature_id, "classement", data.message, response
    )


@router.post(
    "/{candidature_id}/acceptation",
    summary="Accepter une candidature : créer la structure, la convention et les invitations",
    description=(
        "Dans une seule transaction, et une seule fois (un second appel rend la candidature "
        "acceptée sans rien recréer). Une structure de même SIRET est mise à jour : si ses "
        "informations diffèrent, `confirmer_mise_a_jour` est exigé (409 sinon). Un chantier "
        "porteur d'un nouveau territoire : `densite` est exigée."
    ),
    response_model=CandidatureDetail,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def accepter(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    actor: Instructeur,
    candidature_id: uuid.UUID,
    data: AcceptationIn,
    response: Response,
) -> CandidatureDetail:
    _, events = await acceptation.accepter(
        session, actor, actor_context(request, actor), _settings(request), candidature_id, data
    )
    _deliver(background, request, events)
    return await _detail(session, actor, candidature_id, response)
