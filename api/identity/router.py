"""Token endpoint, "moi", users and API clients."""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Cookie, Depends, Form, Header, Query, Request, Response, status
from starlette.responses import JSONResponse

from api.core.auth import (
    Actor,
    Role,
    actor_context,
    anonymous_context,
    requires,
)
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_response, problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.identity import service, tokens
from api.identity.models import ApiClient, UserAccount
from api.identity.schemas import (
    ClientApiCreate,
    ClientApiOut,
    ClientApiSecretOut,
    MoiOut,
    MotDePasseChange,
    PerimetreOut,
    TokenOut,
    TotpCode,
    TotpEnrolmentOut,
    UtilisateurCreate,
    UtilisateurOut,
    UtilisateurUpdate,
)
from api.settings import Settings

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
moi_router = APIRouter(prefix="/api/v1/moi", tags=["moi"])
users_router = APIRouter(prefix="/api/v1/utilisateurs", tags=["utilisateurs"])
clients_router = APIRouter(prefix="/api/v1/clients-api", tags=["clients_api"])

REFRESH_COOKIE = "convergence_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"

AnyActor = Annotated[Actor, Depends(requires(allow_without_totp=True, any_client=True))]
UserActor = Annotated[Actor, Depends(requires(allow_without_totp=True))]
AccountAdmin = Annotated[Actor, Depends(requires(Role.admin_national, Role.coordinateur))]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def _failure(failure: tokens.GrantFailure, request: Request) -> JSONResponse:
    headers = {}
    if failure.retry_after is not None:
        headers["Retry-After"] = str(failure.retry_after)
    if failure.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="convergence", error="invalid_grant"'
    titles = {401: "Authentification refusée", 400: "Requête invalide", 429: "Trop de tentatives"}
    return problem_response(
        failure.status,
        failure.code,
        titles.get(failure.status, "Erreur"),
        failure.detail,
        headers=headers,
        instance=request.url.path,
    )


@auth_router.post(
    "/token",
    summary="Obtenir un jeton d'accès (OAuth2 : password, refresh_token, client_credentials)",
    description=(
        "Formulaire `application/x-www-form-urlencoded`. Personnes : `grant_type=password` "
        "(`username` = e-mail, `password`, `totp` si la double authentification est active). "
        "Renouvellement : `grant_type=refresh_token` (chaque jeton de renouvellement ne sert "
        "qu'une fois ; un jeton réutilisé révoque toute la session). Systèmes des partenaires "
        "et scripts FAS : `grant_type=client_credentials` (`client_id`, `client_secret`, "
        "`scope` facultatif, ou en-tête HTTP Basic). Le SPA demande "
        "`refresh_token_transport=cookie` et reçoit le jeton de renouvellement en cookie httpOnly."
    ),
    response_model=TokenOut,
    responses=problem_responses(400, 401, 422, 429),
)
async def token(
    request: Request,
    response: Response,
    session: SessionDep,
    grant_type: Annotated[Literal["password", "refresh_token", "client_credentials"], Form()],
    username: Annotated[str | None, Form(max_length=254)] = None,
    password: Annotated[str | None, Form(max_length=128)] = None,
    totp: Annotated[str | None, Form(max_length=6, pattern=r"^\d{6}$")] = None,
    refresh_token: Annotated[str | None, Form(max_length=200)] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=200)] = None,
    scope: Annotated[str | None, Form(max_length=200)] = None,
    refresh_token_transport: Annotated[Literal["body", "cookie"], Form()] = "body",
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    refresh_cookie: Annotated[
        str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)
    ] = None,
) -> TokenOut | JSONResponse:
    settings = _settings(request)
    context = anonymous_context(request)
    result: tokens.TokenGrant | tokens.GrantFailure
    if grant_type == "password":
        if not username or not password:
            return _failure(
                tokens.GrantFailure(400, "champs_manquants", "E-mail et mot de passe requis."),
                request,
            )
        result = await tokens.password_grant(
            session, settings, context, email=username, password=password, totp=totp
        )
    elif grant_type == "refresh_token":
        presented = refresh_token or refresh_cookie
        if not presented:
            return _failure(
                tokens.GrantFailure(
                    401, "jeton_renouvellement_invalide", "Session expirée : reconnectez-vous."
                ),
                request,
            )
        result = await tokens.refresh_grant(session, settings, context, token=presented)
        if refresh_cookie and not refresh_token:
            refresh_token_transport = "cookie"
    else:
        basic = _basic_credentials(authorization)
        cid, secret = basic if basic else (client_id, client_secret)
        if not cid or not secret:
            return _failure(
                tokens.GrantFailure(400, "champs_manquants", "client_id et client_secret requis."),
                request,
            )
        result = await tokens.client_credentials_grant(
            session, settings, context, client_id=cid, client_secret=secret, scope=scope
        )
    if isinstance(result, tokens.GrantFailure):
        failed = _failure(result, request)
        if grant_type == "refresh_token" and refresh_cookie:
            failed.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
        return failed
    response.headers["Cache-Control"] = "no-store"
    body = TokenOut(
        access_token=result.access_token, expires_in=result.expires_in, scope=result.scope
    )
    if result.refresh_token and refresh_token_transport == "cookie":
        response.set_cookie(
            REFRESH_COOKIE,
            result.refresh_token,
            max_age=settings.refresh_token_days * 86400,
            path=REFRESH_COOKIE_PATH,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="strict",
        )
    else:
        body.refresh_token = result.refresh_token
    return body


@auth_router.post(
    "/revocation",
    summary="Se déconnecter : révoquer un jeton de renouvellement (RFC 7009)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(422),
)
async def revocation(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Form(max_length=200)] = None,
    refresh_cookie: Annotated[
        str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)
    ] = None,
) -> Response:
    presented = token or refresh_cookie
    if presented:
        await tokens.revoke(session, anonymous_context(request), token=presented)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
    return response


# --- moi -----------------------------------------------------------------------------------


@moi_router.get(
    "",
    summary="Qui suis-je : rôle, structure, périmètre, portées",
    response_model=MoiOut,
    responses=problem_responses(401),
)
async def moi(session: SessionDep, actor: AnyActor) -> MoiOut:
    perimetre = PerimetreOut(
        national=actor.national,
        territoire_ids=sorted(actor.territoire_ids),
        chantier_ids=sorted(actor.chantier_ids),
    )
    user = await service.get_user_self(session, actor)
    structure_nom = await service.structure_name(session, actor.structure_id)
    if user is not None:
        return MoiOut(
            type="utilisateur",
            id=actor.id,
            role=actor.role,
            structure_id=actor.structure_id,
            structure_nom=structure_nom,
            email=user.email,
            nom=user.nom,
            prenom=user.prenom,
            perimetre=perimetre,
            scopes=[],
            totp_active=user.totp_active,
            totp_requis=actor.must_enroll_totp,
        )
    return MoiOut(
        type="client_api",
        id=actor.id,
        role=actor.role,
        structure_id=actor.structure_id,
        structure_nom=structure_nom,
        perimetre=perimetre,
        scopes=sorted(actor.scopes),
    )


@moi_router.post(
    "/mot-de-passe",
    summary="Changer mon mot de passe (met fin à toutes mes sessions : reconnexion nécessaire)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 422, 429),
)
async def changer_mot_de_passe(
    request: Request, session: SessionDep, actor: UserActor, data: MotDePasseChange
) -> Response:
    try:
        await service.change_password(
            session, request.app.state.settings, actor, actor_context(request, actor), data
        )
    except service.WrongCurrentPassword:
        await session.commit()  # the failure counts (throttling, audit) even though we refuse
        raise
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@moi_router.post(
    "/totp",
    summary="Commencer l'activation de la double authentification (secret et QR code)",
    response_model=TotpEnrolmentOut,
    responses=problem_responses(401, 403, 409),
)
async def demarrer_totp(session: SessionDep, actor: UserActor) -> TotpEnrolmentOut:
    secret, uri = await service.start_totp(session, actor)
    return TotpEnrolmentOut(secret=secret, otpauth_uri=uri)


@moi_router.post(
    "/totp/activation",
    summary="Activer la double authentification avec un premier code",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 409, 422),
)
async def activer_totp(
    request: Request, session: SessionDep, actor: UserActor, data: TotpCode
) -> Response:
    await service.activate_totp(session, actor, actor_context(request, actor), data.code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- users ---------------------------------------------------------------------------------


def user_out(user: UserAccount) -> UtilisateurOut:
    return UtilisateurOut(
        id=user.id,
        email=user.email,
        nom=user.nom,
        prenom=user.prenom,
        role=user.role,
        structure_id=user.structure_id,
        territoire_ids=sorted(t.id for t in user.territoires),
        actif=user.actif,
        totp_active=user.totp_active,
        last_login_at=user.last_login_at,
        created_at=user.created_at,
        updated_at=user.updated_at,
        version=user.version,
    )


@users_router.get(
    "",
    summary="Lister les comptes (administration)",
    response_model=Page[UtilisateurOut],
    responses=problem_responses(401, 403, 422),
)
async def list_utilisateurs(
    session: SessionDep,
    actor: AccountAdmin,
    params: Annotated[PageParams, Depends(page_params)],
    role: Annotated[Role | None, Query(description="Filtrer par rôle")] = None,
    structure_id: Annotated[uuid.UUID | None, Query(description="Filtrer par structure")] = None,
) -> Page[UtilisateurOut]:
    users, cursor = await service.list_users(
        session, actor, params, role=role, structure_id=structure_id
    )
    return Page[UtilisateurOut](items=[user_out(u) for u in users], next_cursor=cursor)


@users_router.post(
    "",
    summary="Créer un compte",
    status_code=status.HTTP_201_CREATED,
    response_model=UtilisateurOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_utilisateur(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: AccountAdmin,
    data: UtilisateurCreate,
) -> UtilisateurOut:
    user = await service.create_user(session, actor, actor_context(request, actor), data)
    response.headers["Location"] = f"/api/v1/utilisateurs/{user.id}"
    response.headers["ETag"] = etag(user.version)
    return user_out(user)


@users_router.get(
    "/{utilisateur_id}",
    summary="Lire un compte",
    response_model=UtilisateurOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_utilisateur(
    response: Response, session: SessionDep, actor: AccountAdmin, utilisateur_id: uuid.UUID
) -> UtilisateurOut:
    user = await service.get_user(session, actor, utilisateur_id)
    response.headers["ETag"] = etag(user.version)
    return user_out(user)


@users_router.patch(
    "/{utilisateur_id}",
    summary="Modifier un compte (rôle, rattachement, désactivation)",
    response_model=UtilisateurOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_utilisateur(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: AccountAdmin,
    utilisateur_id: uuid.UUID,
    data: UtilisateurUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> UtilisateurOut:
    user = await service.update_user(
        session, actor, actor_context(request, actor), utilisateur_id, version, data
    )
    response.headers["ETag"] = etag(user.version)
    return user_out(user)


# --- API clients ---------------------------------------------------------------------------


def client_out(client: ApiClient) -> ClientApiOut:
    return ClientApiOut(
        id=client.id,
        client_id=client.client_id,
        nom=client.nom,
        role=client.role,
        structure_id=client.structure_id,
        territoire_ids=sorted(t.id for t in client.territoires),
        scopes=list(client.scopes),
        actif=client.actif,
        revoked_at=client.revoked_at,
        created_at=client.created_at,
        version=client.version,
    )


@clients_router.get(
    "",
    summary="Lister les clients d'API (partenaires, FAS)",
    response_model=Page[ClientApiOut],
    responses=problem_responses(401, 403, 422),
)
async def list_clients(
    session: SessionDep, actor: AccountAdmin, params: Annotated[PageParams, Depends(page_params)]
) -> Page[ClientApiOut]:
    clients, cursor = await service.list_clients(session, actor, params)
    return Page[ClientApiOut](items=[client_out(c) for c in clients], next_cursor=cursor)


@clients_router.post(
    "",
    summary="Créer un client d'API (le secret n'est affiché qu'une fois)",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientApiSecretOut,
    responses=problem_responses(401, 403, 422),
)
async def create_client(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: AccountAdmin,
    data: ClientApiCreate,
) -> ClientApiSecretOut:
    client, secret = await service.create_client(
        session, actor, actor_context(request, actor), data
    )
    response.headers["Location"] = f"/api/v1/clients-api/{client.id}"
    response.headers["Cache-Control"] = "no-store"
    return ClientApiSecretOut(client=client_out(client), client_secret=secret)


@clients_router.get(
    "/{client_api_id}",
    summary="Lire un client d'API",
    response_model=ClientApiOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_client(
    session: SessionDep, actor: AccountAdmin, client_api_id: uuid.UUID
) -> ClientApiOut:
    return client_out(await service.get_client(session, actor, client_api_id))


@clients_router.post(
    "/{client_api_id}/rotation",
    summary="Renouveler le secret (l'ancien reste valide pendant la période de recouvrement)",
    response_model=ClientApiSecretOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def rotate_client_secret(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: AccountAdmin,
    client_api_id: uuid.UUID,
) -> ClientApiSecretOut:
    client, secret, overlap_end = await service.rotate_client_secret(
        session, actor, actor_context(request, actor), _settings(request), client_api_id
    )
    response.headers["Cache-Control"] = "no-store"
    return ClientApiSecretOut(
        client=client_out(client), client_secret=secret, ancien_secret_valide_jusqu_a=overlap_end
    )


@clients_router.post(
    "/{client_api_id}/revocation",
    summary="Révoquer un client d'API (définitif)",
    response_model=ClientApiOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def revoke_client(
    request: Request, session: SessionDep, actor: AccountAdmin, client_api_id: uuid.UUID
) -> ClientApiOut:
    client = await service.revoke_client(
        session, actor, actor_context(request, actor), client_api_id
    )
    return client_out(client)
