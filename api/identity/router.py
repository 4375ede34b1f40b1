"""Token endpoint, "moi", users and API clients."""

from __future__ import annotations

import asyncio
import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Cookie,
    Depends,
    Form,
    Header,
    Query,
    Request,
    Response,
    status,
)
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse

from api.core import mail
from api.core.auth import Actor, actor_context, anonymous_context, requires
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep, utcnow
from api.core.errors import NotFound, problem_response, problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.core.permissions import Permission, idle_minutes, second_factor_roles
from api.identity import comptes, courriels, proconnect, service, sessions, tokens
from api.identity.models import AccountToken, ApiClient, UserAccount
from api.identity.schemas import (
    ClientApiCreate,
    ClientApiOut,
    ClientApiSecretOut,
    CourrielDemoOut,
    Deconnexion,
    DemandeAcceptee,
    InvitationEtat,
    InvitationOut,
    JetonLien,
    MethodesConnexionOut,
    MoiOut,
    MotDePasseChange,
    MotDePasseOublie,
    NouveauMotDePasse,
    PerimetreOut,
    SessionOut,
    SessionsFin,
    TokenOut,
    TotpActivation,
    TotpEnrolmentOut,
    TotpProConnect,
    UtilisateurCreate,
    UtilisateurOut,
    UtilisateurUpdate,
)
from api.referentiel import Role
from api.settings import Settings

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
moi_router = APIRouter(prefix="/api/v1/moi", tags=["moi"])
users_router = APIRouter(prefix="/api/v1/utilisateurs", tags=["utilisateurs"])
clients_router = APIRouter(prefix="/api/v1/clients-api", tags=["clients_api"])
demo_router = APIRouter(prefix="/api/v1/demo", tags=["demo"])

REFRESH_COOKIE = "convergence_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"

AnyActor = Annotated[Actor, Depends(requires(Permission.compte, allow_without_totp=True))]
UserActor = Annotated[Actor, Depends(requires(Permission.compte_securite, allow_without_totp=True))]
AccountAdmin = Annotated[Actor, Depends(requires(Permission.utilisateurs_admin))]
ClientAdmin = Annotated[Actor, Depends(requires(Permission.clients_admin))]


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
    user_agent: Annotated[str | None, Header(include_in_schema=False)] = None,
    refresh_cookie: Annotated[
        str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)
    ] = None,
    device_cookie: Annotated[
        str | None, Cookie(alias=tokens.DEVICE_COOKIE, include_in_schema=False)
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
            session,
            settings,
            context,
            email=username,
            password=password,
            totp=totp,
            user_agent=user_agent,
            device_cookie_value=device_cookie,
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
    return _grant_out(response, settings, result, refresh_token_transport)


def _grant_out(
    response: Response,
    settings: Settings,
    result: tokens.TokenGrant,
    transport: Literal["body", "cookie"],
) -> TokenOut:
    """The token response: the refresh token in the body or a cookie that dies with the
    session, and the device cookie of a password sign-in (docs/securite.md)."""
    response.headers["Cache-Control"] = "no-store"
    body = TokenOut(
        access_token=result.access_token,
        expires_in=result.expires_in,
        scope=result.scope,
        session_expire_le=result.session_expire_le,
        inactivite_expire_le=result.inactivite_expire_le,
    )
    if result.refresh_token and transport == "cookie":
        _set_refresh_cookie(response, settings, result.refresh_token, result.session_expire_le)
    else:
        body.refresh_token = result.refresh_token
    if result.device_cookie:
        response.set_cookie(
            tokens.DEVICE_COOKIE,
            result.device_cookie,
            max_age=settings.device_cookie_days * 86400,
            path=REFRESH_COOKIE_PATH,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="strict",
        )
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


@auth_router.post(
    "/deconnexion",
    summary="Se déconnecter (termine la session, et la session ProConnect s'il y a lieu)",
    description=(
        "Révoque le jeton de renouvellement (cookie du SPA ou champ `token`) et termine la "
        "session. Si la session venait de ProConnect, `redirection` est l'adresse de fin de "
        "session du fournisseur, que le navigateur doit ouvrir."
    ),
    response_model=Deconnexion,
    responses=problem_responses(422),
)
async def deconnexion(
    request: Request,
    response: Response,
    session: SessionDep,
    token: Annotated[str | None, Form(max_length=200)] = None,
    refresh_cookie: Annotated[
        str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)
    ] = None,
) -> Deconnexion:
    presented = token or refresh_cookie
    ended = None
    if presented:
        ended = await tokens.revoke(session, anonymous_context(request), token=presented)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
    redirection = None
    if ended is not None and ended.methode == "proconnect":
        redirection = await proconnect.end_session_url(_settings(request), ended.id_token)
    return Deconnexion(redirection=redirection)


@auth_router.get(
    "/methodes",
    summary="Moyens de connexion proposés (ProConnect, boîte de démonstration)",
    response_model=MethodesConnexionOut,
)
async def methodes(request: Request) -> MethodesConnexionOut:
    settings = _settings(request)
    return MethodesConnexionOut(proconnect=settings.oidc_enabled, boite_demo=settings.demo)


@auth_router.post(
    "/invitation/lecture",
    summary="Lire une invitation (le jeton du lien reçu par e-mail)",
    description="Lien inconnu : 404 ; expiré, déjà utilisé ou annulé : 410, avec un `detail`.",
    response_model=InvitationOut,
    responses=problem_responses(404, 410, 422),
)
async def lire_invitation(request: Request, session: SessionDep, data: JetonLien) -> InvitationOut:
    settings = _settings(request)
    user, row = await comptes.read_invitation(session, settings, data.jeton)
    return InvitationOut(
        email=user.email,
        prenom=user.prenom,
        nom=user.nom,
        role=user.role,
        structure_nom=await service.structure_name(session, user.structure_id),
        expire_le=row.expires_at,
        totp_requis=user.role.value in second_factor_roles(settings),
    )


@auth_router.post(
    "/invitation/acceptation",
    summary="Accepter une invitation : choisir son mot de passe",
    description=(
        "Le lien ne sert qu'une fois. Ensuite, la personne se connecte avec son e-mail et ce "
        "mot de passe ; les rôles qui l'exigent activent alors la double authentification."
    ),
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 410, 422),
)
async def accepter_invitation(
    request: Request, session: SessionDep, data: NouveauMotDePasse
) -> Response:
    await comptes.accept_invitation(
        session,
        _settings(request),
        anonymous_context(request),
        token=data.jeton,
        password=data.mot_de_passe,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


RESET_ACCEPTED = (
    "Si un compte actif correspond à cette adresse, un e-mail vient de lui être envoyé avec "
    "un lien valable une heure."
)


@auth_router.post(
    "/mot-de-passe-oublie",
    summary="Demander un lien pour choisir un nouveau mot de passe",
    description=(
        "Répond toujours 202, que l'adresse corresponde à un compte ou non. Limité par adresse "
        "e-mail (au-delà, rien n'est envoyé) et par adresse du client (429)."
    ),
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DemandeAcceptee,
    responses=problem_responses(422, 429),
)
async def mot_de_passe_oublie(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    data: MotDePasseOublie,
) -> DemandeAcceptee:
    event_id = await comptes.request_reset(
        session, _settings(request), anonymous_context(request), data.email
    )
    if event_id is not None:
        _deliver_after_response(background, request, event_id)
    return DemandeAcceptee(detail=RESET_ACCEPTED)


@auth_router.post(
    "/reinitialisation",
    summary="Choisir un nouveau mot de passe avec le lien reçu (ferme toutes les sessions)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 410, 422),
)
async def reinitialiser_mot_de_passe(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    data: NouveauMotDePasse,
) -> Response:
    event_id = await comptes.reset_password(
        session,
        _settings(request),
        anonymous_context(request),
        token=data.jeton,
        password=data.mot_de_passe,
    )
    _deliver_after_response(background, request, event_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


OIDC_COOKIE = "convergence_proconnect"
OIDC_TOTP_COOKIE = "convergence_proconnect_totp"
OIDC_COOKIE_PATH = "/api/v1/auth/proconnect"


def _set_refresh_cookie(
    response: Response, settings: Settings, refresh: str, until: datetime | None = None
) -> None:
    """The refresh cookie lives as long as its token, never past the session's absolute end."""
    max_age = settings.refresh_token_days * 86400
    if until is not None:
        max_age = min(max_age, max(0, int((until - utcnow()).total_seconds())))
    response.set_cookie(
        REFRESH_COOKIE,
        refresh,
        max_age=max_age,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
    )


def _proconnect_settings(request: Request) -> Settings:
    settings = _settings(request)
    if not settings.oidc_enabled:
        raise NotFound("La connexion avec ProConnect n'est pas activée sur cette plateforme.")
    return settings


@auth_router.get(
    "/proconnect/connexion",
    summary="Se connecter avec ProConnect : redirige vers le fournisseur",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses=problem_responses(404),
)
async def proconnect_connexion(request: Request) -> RedirectResponse:
    settings = _proconnect_settings(request)
    url, flow = await proconnect.start(settings)
    response = RedirectResponse(url, status_code=status.HTTP_302_FOUND)
    # SameSite=Lax: the provider's redirect back is a top-level cross-site navigation.
    response.set_cookie(
        OIDC_COOKIE,
        flow,
        max_age=proconnect.FLOW_TTL_SECONDS,
        path=OIDC_COOKIE_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )
    return response


@auth_router.get(
    "/proconnect/retour",
    summary="Retour de ProConnect (redirect_uri) : ouvre la session et revient au SPA",
    description=(
        "Vérifie `state` (contre le cookie posé au départ), échange le code avec le "
        "vérificateur PKCE, vérifie le jeton d'identité (signature, émetteur, audience, "
        "expiration, nonce). Un refus répond 400 avec une page HTML en français (le "
        "navigateur y arrive par redirection : pas de problem+json)."
    ),
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses=problem_responses(404, 422),
)
async def proconnect_retour(
    request: Request,
    session: SessionDep,
    code: Annotated[str | None, Query(max_length=500)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    flow_cookie: Annotated[str | None, Cookie(alias=OIDC_COOKIE, include_in_schema=False)] = None,
    user_agent: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    settings = _proconnect_settings(request)
    try:
        if error or not code or not state:
            raise proconnect.ECHEC
        outcome = await proconnect.finish(
            session,
            settings,
            anonymous_context(request),
            code=code,
            state=state,
            flow_cookie=flow_cookie,
            user_agent=user_agent,
        )
    except proconnect.ProConnectError as refused:
        page = HTMLResponse(
            proconnect.error_page(refused, settings.public_url),
            status_code=status.HTTP_400_BAD_REQUEST,
        )
        page.delete_cookie(OIDC_COOKIE, path=OIDC_COOKIE_PATH)
        return page
    # A signed-in person goes to their role's home; a TOTP code still to give, to the login page.
    target = "/espace" if outcome.grant is not None else "/connexion?proconnect=totp"
    response = RedirectResponse(target, status_code=status.HTTP_302_FOUND)
    response.delete_cookie(OIDC_COOKIE, path=OIDC_COOKIE_PATH)
    if outcome.grant is not None and outcome.grant.refresh_token:
        _set_refresh_cookie(
            response, settings, outcome.grant.refresh_token, outcome.grant.session_expire_le
        )
    if outcome.pending is not None:
        response.set_cookie(
            OIDC_TOTP_COOKIE,
            outcome.pending,
            max_age=proconnect.TOTP_TTL_SECONDS,
            path=OIDC_COOKIE_PATH,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="strict",
        )
    return response


@auth_router.post(
    "/proconnect/totp",
    summary="Finir une connexion ProConnect par le code TOTP (sans double facteur ProConnect)",
    response_model=TokenOut,
    responses=problem_responses(401, 404, 422, 429),
)
async def proconnect_totp(
    request: Request,
    response: Response,
    session: SessionDep,
    data: TotpProConnect,
    pending: Annotated[str | None, Cookie(alias=OIDC_TOTP_COOKIE, include_in_schema=False)] = None,
    user_agent: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> TokenOut | Response:
    settings = _proconnect_settings(request)
    try:
        result = await proconnect.finish_with_totp(
            session,
            settings,
            anonymous_context(request),
            pending_cookie=pending,
            code=data.code,
            user_agent=user_agent,
        )
    except proconnect.ProConnectError as refused:
        result = tokens.GrantFailure(401, refused.code, refused.message)
    if isinstance(result, tokens.GrantFailure):
        return _failure(result, request)
    response.headers["Cache-Control"] = "no-store"
    response.delete_cookie(OIDC_TOTP_COOKIE, path=OIDC_COOKIE_PATH)
    return _grant_out(response, settings, result, "cookie")


# --- moi -----------------------------------------------------------------------------------


@moi_router.get(
    "",
    summary="Qui suis-je : rôle, structure, périmètre, portées",
    response_model=MoiOut,
    responses=problem_responses(401),
)
async def moi(request: Request, session: SessionDep, actor: AnyActor) -> MoiOut:
    settings = _settings(request)
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
            permissions=sorted(actor.permissions),
            totp_active=user.totp_active,
            totp_requis=actor.must_enroll_totp,
            session_expire_le=actor.session_ends[0] if actor.session_ends else None,
            inactivite_expire_le=actor.session_ends[1] if actor.session_ends else None,
            inactivite_secondes=round(idle_minutes(settings, actor.role) * 60),
        )
    return MoiOut(
        type="client_api",
        id=actor.id,
        role=actor.role,
        structure_id=actor.structure_id,
        structure_nom=structure_nom,
        perimetre=perimetre,
        scopes=sorted(actor.scopes),
        permissions=sorted(actor.permissions),
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
    summary="Activer la double authentification avec un premier code (nouvelle session)",
    description=(
        "La session d'enrôlement (qui ne pouvait qu'activer la double authentification) prend "
        "fin : ses jetons ne valent plus. La réponse porte les jetons d'une session neuve ; le "
        "jeton de renouvellement en cookie httpOnly (SPA) ou, sur demande, dans la réponse."
    ),
    response_model=TokenOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def activer_totp(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: UserActor,
    data: TotpActivation,
    user_agent: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> TokenOut:
    settings = _settings(request)
    grant = await service.activate_totp(
        session, settings, actor, actor_context(request, actor), data.code, user_agent=user_agent
    )
    return _grant_out(response, settings, grant, data.refresh_token_transport)


@moi_router.get(
    "/sessions",
    summary="Mes sessions actives (appareil, adresse, début, dernière activité)",
    response_model=list[SessionOut],
    responses=problem_responses(401, 403),
)
async def mes_sessions(session: SessionDep, actor: UserActor) -> list[SessionOut]:
    rows = await sessions.list_active(session, actor.id)
    return [
        SessionOut(
            id=row.id,
            appareil=row.appareil,
            adresse=row.client_address,
            methode=row.methode,
            debut=row.created_at,
            derniere_activite=row.last_used_at,
            courante=row.id == actor.session_id,
        )
        for row in rows
    ]


@moi_router.post(
    "/sessions/{session_id}/fin",
    summary="Mettre fin à l'une de mes sessions (elle échoue à son prochain appel)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 422),
)
async def terminer_ma_session(
    request: Request, session: SessionDep, actor: UserActor, session_id: uuid.UUID
) -> Response:
    await service.end_own_sessions(session, actor, actor_context(request, actor), session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@moi_router.post(
    "/sessions/fin",
    summary="Mettre fin à toutes mes sessions, celle-ci comprise",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403),
)
async def terminer_mes_sessions(
    request: Request, session: SessionDep, actor: UserActor
) -> Response:
    await service.end_own_sessions(session, actor, actor_context(request, actor), None)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- demo mailbox --------------------------------------------------------------------------


@demo_router.get(
    "/courriels",
    summary="Boîte de démonstration : les e-mails écrits dans var/mail/ (démo uniquement)",
    description="N'existe qu'en mode démonstration (404 ailleurs) ; 50 messages au plus.",
    response_model=list[CourrielDemoOut],
    responses=problem_responses(404),
)
async def courriels_demo(request: Request) -> list[CourrielDemoOut]:
    settings = _settings(request)
    if not settings.demo:
        raise NotFound("La boîte de démonstration n'existe qu'en mode démonstration.")
    messages = await asyncio.to_thread(mail.demo_messages, settings)
    return [CourrielDemoOut(**vars(m)) for m in messages]


# --- users ---------------------------------------------------------------------------------


def user_out(user: UserAccount, latest: AccountToken | None) -> UtilisateurOut:
    statut = comptes.invitation_status(user, latest)
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
        invitation=InvitationEtat(
            statut=statut,
            expire_le=latest.expires_at if latest is not None and latest.used_at is None else None,
            actions=comptes.invitation_actions(user, statut),
        ),
        created_at=user.created_at,
        updated_at=user.updated_at,
        version=user.version,
    )


async def _user_out(session: AsyncSession, user: UserAccount) -> UtilisateurOut:
    latest = await comptes.latest_invitations(session, [user.id])
    return user_out(user, latest.get(user.id))


def _deliver_after_response(
    background: BackgroundTasks, request: Request, event_id: uuid.UUID
) -> None:
    """Send the account e-mail once the transaction is committed (the worker retries it)."""
    background.add_task(
        courriels.deliver_pending,
        request.app.state.sessionmaker,
        _settings(request),
        [event_id],
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
    latest = await comptes.latest_invitations(session, [u.id for u in users])
    return Page[UtilisateurOut](
        items=[user_out(u, latest.get(u.id)) for u in users], next_cursor=cursor
    )


@users_router.post(
    "",
    summary="Créer un compte et envoyer son invitation",
    description=(
        "Le compte est créé sans mot de passe : la personne reçoit par e-mail un lien à usage "
        "unique (valable 72 h par défaut) pour choisir le sien. Personne d'autre ne connaît "
        "ni ne fixe son mot de passe."
    ),
    status_code=status.HTTP_201_CREATED,
    response_model=UtilisateurOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_utilisateur(
    request: Request,
    response: Response,
    background: BackgroundTasks,
    session: SessionDep,
    actor: AccountAdmin,
    data: UtilisateurCreate,
) -> UtilisateurOut:
    user, event_id = await service.create_user(
        session, actor, actor_context(request, actor), _settings(request), data
    )
    _deliver_after_response(background, request, event_id)
    response.headers["Location"] = f"/api/v1/utilisateurs/{user.id}"
    response.headers["ETag"] = etag(user.version)
    return await _user_out(session, user)


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
    return await _user_out(session, user)


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
    return await _user_out(session, user)


@users_router.post(
    "/{utilisateur_id}/invitation",
    summary="Renvoyer l'invitation (un nouveau lien ; l'ancien cesse de valoir)",
    response_model=UtilisateurOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def renvoyer_invitation(
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    actor: AccountAdmin,
    utilisateur_id: uuid.UUID,
) -> UtilisateurOut:
    user, event_id = await service.resend_invitation(
        session, actor, actor_context(request, actor), _settings(request), utilisateur_id
    )
    _deliver_after_response(background, request, event_id)
    return await _user_out(session, user)


@users_router.post(
    "/{utilisateur_id}/invitation/revocation",
    summary="Annuler l'invitation en attente (le lien envoyé ne vaut plus)",
    response_model=UtilisateurOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def revoquer_invitation(
    request: Request, session: SessionDep, actor: AccountAdmin, utilisateur_id: uuid.UUID
) -> UtilisateurOut:
    user = await service.revoke_invitation(
        session, actor, actor_context(request, actor), utilisateur_id
    )
    return await _user_out(session, user)


@users_router.post(
    "/{utilisateur_id}/sessions/fin",
    summary="Mettre fin à toutes les sessions d'un compte (reconnexion nécessaire)",
    response_model=SessionsFin,
    responses=problem_responses(401, 403, 404, 422),
)
async def terminer_sessions_utilisateur(
    request: Request, session: SessionDep, actor: AccountAdmin, utilisateur_id: uuid.UUID
) -> SessionsFin:
    count = await service.end_user_sessions(
        session, actor, actor_context(request, actor), utilisateur_id
    )
    return SessionsFin(sessions_terminees=count)


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
    session: SessionDep, actor: ClientAdmin, params: Annotated[PageParams, Depends(page_params)]
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
    actor: ClientAdmin,
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
    session: SessionDep, actor: ClientAdmin, client_api_id: uuid.UUID
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
    actor: ClientAdmin,
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
    request: Request, session: SessionDep, actor: ClientAdmin, client_api_id: uuid.UUID
) -> ClientApiOut:
    client = await service.revoke_client(
        session, actor, actor_context(request, actor), client_api_id
    )
    return client_out(client)
