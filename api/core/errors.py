"""RFC 9457 problem+json: domain exceptions carry status and code; one handler renders them."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.routing import Match

logger = logging.getLogger("convergence.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    field: str = Field(description="Chemin du champ en erreur, ex. `body.siret` ou `query.limit`")
    message: str = Field(description="Message en français")


class Problem(BaseModel):
    """An RFC 9457 problem document with the stable `code` extension."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "type": "about:blank",
                "title": "Ressource introuvable",
                "status": 404,
                "detail": "Aucune structure ne correspond à cet identifiant.",
                "code": "not_found",
            }
        }
    )

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[FieldError] | None = None
    candidats: list[str] | None = Field(
        default=None, description="Doublons possibles (création d'une personne déjà connue)"
    )


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "Requête invalide"
    detail: str = "La requête ne peut pas être traitée."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None):
        if detail is not None:
            self.detail = detail
        self.headers = headers or {}
        super().__init__(self.detail)


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = "Ressource introuvable"
    detail = "La ressource demandée n'existe pas."


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflit"
    detail = "La demande entre en conflit avec l'état actuel de la ressource."


class PreconditionFailed(DomainError):
    status = 412
    code = "version_perimee"
    title = "Version périmée"
    detail = (
        "La ressource a été modifiée par quelqu'un d'autre depuis votre lecture : "
        "rechargez-la avant de recommencer."
    )


class PreconditionRequired(DomainError):
    status = 428
    code = "if_match_requis"
    title = "En-tête If-Match requis"
    detail = "Envoyez l'en-tête If-Match avec l'ETag de la version lue."


class PayloadTooLarge(DomainError):
    status = 413
    code = "corps_trop_volumineux"
    title = "Requête trop volumineuse"
    detail = "Le corps de la requête dépasse la taille autorisée."


class CorpsIllisible(DomainError):
    """A body that can't be read at all: JSON that doesn't parse, text that isn't UTF-8,
    a broken multipart form. FastAPI answers these with an English 400 of its own."""

    status = 400
    code = "corps_illisible"
    title = "Requête illisible"
    detail = (
        "Le corps de la requête est illisible : JSON mal formé, texte qui n'est pas en UTF-8 "
        "ou formulaire (multipart) invalide."
    )


class ReferenceInconnue(DomainError):
    """An id in a body that names nothing: the database refused the foreign key."""

    status = 422
    code = "validation_error"
    title = "Données invalides"

    def __init__(self, field: str):
        self.errors = [FieldError(field=field, message="Cet identifiant ne correspond à rien.")]
        super().__init__(f"{field} : cet identifiant ne correspond à rien.")


class ServiceUnavailable(DomainError):
    status = 503
    code = "service_indisponible"
    title = "Service indisponible"
    detail = "Le service est momentanément indisponible. Réessayez dans quelques instants."


class TooManyRequests(DomainError):
    status = 429
    code = "trop_de_requetes"
    title = "Trop de requêtes"
    detail = "Trop de requêtes en peu de temps : patientez avant de recommencer."


class InvalidField(DomainError):
    """A rule checked by a service on one field: rendered exactly like a validation error."""

    status = 422
    code = "validation_error"
    title = "Données invalides"

    def __init__(self, field: str, message: str):
        self.errors = [FieldError(field=field, message=message)]
        super().__init__(f"{field} : {message}")


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
    candidats: list[str] | None = None,
) -> JSONResponse:
    body = Problem(
        title=title,
        status=status,
        detail=detail,
        code=code,
        instance=instance,
        errors=list(errors) if errors is not None else None,
        candidats=candidats,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


# --- French messages for validation errors -------------------------------------------------

_MESSAGES: dict[str, str] = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'est pas accepté.",
    "string_type": "Une chaîne de caractères est attendue.",
    "string_too_short": "Doit contenir au moins {min_length} caractère(s).",
    "string_too_long": "Doit contenir au plus {max_length} caractères.",
    "string_pattern_mismatch": "Le format n'est pas valide.",
    "int_type": "Un nombre entier est attendu.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_from_float": "Un nombre entier est attendu.",
    "float_type": "Un nombre est attendu.",
    "float_parsing": "Un nombre est attendu.",
    "bool_type": "Un booléen (true ou false) est attendu.",
    "bool_parsing": "Un booléen (true ou false) est attendu.",
    "greater_than": "Doit être strictement supérieur à {gt}.",
    "greater_than_equal": "Doit être supérieur ou égal à {ge}.",
    "less_than": "Doit être strictement inférieur à {lt}.",
    "less_than_equal": "Doit être inférieur ou égal à {le}.",
    "decimal_max_places": "Au plus {decimal_places} décimale(s).",
    "decimal_max_digits": "Au plus {max_digits} chiffres.",
    "decimal_parsing": "Un nombre décimal est attendu.",
    "uuid_type": "Un identifiant UUID est attendu.",
    "uuid_parsing": "Un identifiant UUID valide est attendu.",
    "date_type": "Une date AAAA-MM-JJ est attendue.",
    "date_parsing": "Une date AAAA-MM-JJ valide est attendue.",
    "date_from_datetime_parsing": "Une date AAAA-MM-JJ valide est attendue.",
    "datetime_type": "Une date et heure ISO 8601 est attendue.",
    "datetime_parsing": "Une date et heure ISO 8601 valide est attendue.",
    "enum": "Valeur non autorisée ; valeurs possibles : {expected}.",
    "literal_error": "Valeur non autorisée ; valeurs possibles : {expected}.",
    "list_type": "Une liste est attendue.",
    "too_short": "La liste doit contenir au moins {min_length} élément(s).",
    "too_long": "La liste doit contenir au plus {max_length} éléments.",
    "dict_type": "Un objet JSON est attendu.",
    "model_type": "Un objet JSON est attendu.",
    "model_attributes_type": "Un objet JSON est attendu.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
    "value_error": "{error}",
    "assertion_error": "{error}",
    "url_parsing": "Une adresse web valide est attendue.",
    "url_scheme": "L'adresse doit commencer par http:// ou https://.",
}


def _french_message(err: dict[str, Any]) -> str:
    template = _MESSAGES.get(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if template is None:
        return "Valeur invalide."
    try:
        message = template.format(**{k: str(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        message = "Valeur invalide."
    return message


def _field_path(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


def validation_errors(raw: Sequence[Any]) -> list[FieldError]:
    return [
        FieldError(field=_field_path(e.get("loc", ())), message=_french_message(e)) for e in raw
    ]


# --- the database is down, restarting, saturated or too slow -------------------------------

# SQLSTATEs of PostgreSQL that mean "try again later": connection exceptions (class 08),
# a server shutting down or starting up (57P01-57P03), too many connections (53300).
_UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})
_STATEMENT_TIMEOUT = "57014"
_CLOSED_MESSAGES = ("connection is closed", "connection was closed", "database is locked")


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, what the driver raised under it, and what caused them."""
    chain: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or any(current is seen for seen in chain) or len(chain) > 10:
            continue
        chain.append(current)
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return chain


def database_failure(exc: BaseException) -> ServiceUnavailable | None:
    """A 503 to retry later when `exc` says the database is unavailable, saturated or too
    slow (never a 500: the request was fine); None for any other error."""
    for cause in _causes(exc):
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(cause, PoolTimeout):
            return ServiceUnavailable(
                "Le service est saturé (trop de requêtes simultanées). "
                "Réessayez dans quelques instants.",
                headers={"Retry-After": "2"},
            )
        if sqlstate == _STATEMENT_TIMEOUT:
            return ServiceUnavailable(
                "La requête a pris trop de temps et a été interrompue. "
                "Réessayez dans quelques instants ou restreignez-la.",
                headers={"Retry-After": "5"},
            )
        if (
            (isinstance(sqlstate, str) and sqlstate.startswith("08"))
            or sqlstate in _UNAVAILABLE_SQLSTATES
            or (isinstance(cause, DBAPIError) and cause.connection_invalidated)
            or isinstance(cause, ConnectionError | TimeoutError)
            or any(message in str(cause) for message in _CLOSED_MESSAGES)
        ):
            return ServiceUnavailable(
                "La base de données est momentanément indisponible. "
                "Réessayez dans quelques instants.",
                headers={"Retry-After": "5"},
            )
    return None


# --- handlers ------------------------------------------------------------------------------


def domain_problem(exc: DomainError, instance: str | None) -> JSONResponse:
    """The problem+json response of a domain error (also used by the ASGI middleware)."""
    return problem_response(
        exc.status,
        exc.code,
        exc.title,
        exc.detail,
        errors=getattr(exc, "errors", None),
        headers=exc.headers,
        instance=instance,
        candidats=getattr(exc, "candidats", None),
    )


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return domain_problem(exc, request.url.path)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return domain_problem(CorpsIllisible(), request.url.path)
    errors = validation_errors(exc.errors())
    summary = " ; ".join(f"{e.field} : {e.message}" for e in errors[:5])
    return problem_response(
        422,
        "validation_error",
        "Données invalides",
        f"La requête contient des données invalides — {summary}",
        errors=errors,
        instance=request.url.path,
    )


_HTTP_TITLES = {
    400: ("bad_request", "Requête invalide", "La requête est mal formée."),
    401: ("non_authentifie", "Authentification requise", "Authentifiez-vous pour continuer."),
    403: ("interdit", "Accès refusé", "Vous n'avez pas le droit d'effectuer cette action."),
    404: ("not_found", "Ressource introuvable", "La ressource demandée n'existe pas."),
    405: (
        "methode_non_autorisee",
        "Méthode non autorisée",
        "Cette méthode HTTP n'est pas acceptée pour cette adresse.",
    ),
    406: ("non_acceptable", "Format non disponible", "Le format demandé n'est pas disponible."),
    413: (PayloadTooLarge.code, PayloadTooLarge.title, PayloadTooLarge.detail),
    415: (
        "type_non_supporte",
        "Type de contenu non supporté",
        "Le type de contenu de la requête n'est pas accepté.",
    ),
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        # Only the framework raises a bare 400 (the body could not be parsed).
        return domain_problem(CorpsIllisible(), request.url.path)
    code, title, default_detail = _HTTP_TITLES.get(
        exc.status_code, ("http_error", "Erreur", "La requête n'a pas pu aboutir.")
    )
    detail = (
        exc.detail if isinstance(exc.detail, str) and exc.status_code not in (404, 405) else None
    )
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(
        exc.status_code,
        code,
        title,
        detail or default_detail,
        headers=headers or None,
        instance=request.url.path,
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> list[str]:
    """Every method the path answers (one route per method: the router names the first's)."""
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL
            for route in request.app.router.routes
        )
    ]


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        500,
        "erreur_interne",
        "Erreur interne",
        "Une erreur inattendue s'est produite. L'équipe technique a été prévenue.",
        instance=request.url.path,
    )


_FOREIGN_KEY_VIOLATION = "23503"
_FOREIGN_KEY_COLUMN = re.compile(r"Key \((\w+)\)=")


def foreign_key_failure(exc: BaseException) -> ReferenceInconnue | None:
    """A 422 naming the field when an id given in a body names nothing (a backstop: the
    services check the ids they accept before writing)."""
    for cause in _causes(exc):
        sqlstate = getattr(cause, "sqlstate", None)
        if sqlstate == _FOREIGN_KEY_VIOLATION:
            match = _FOREIGN_KEY_COLUMN.search(str(getattr(cause, "detail", "") or cause))
            return ReferenceInconnue(f"body.{match.group(1)}" if match else "body")
        if "FOREIGN KEY constraint failed" in str(cause):
            return ReferenceInconnue("body")
    return None


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """Database errors: a 503 with Retry-After when the database is the cause, a 422 for an
    unknown foreign key, else a 500."""
    reference = foreign_key_failure(exc)
    if reference is not None:
        return domain_problem(reference, request.url.path)
    failure = database_failure(exc)
    if failure is None:
        return await _unexpected_error(request, exc)
    request.state.database_error = exc  # counted by kind in the metrics
    logger.warning(
        "database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__
    )
    return await _domain_error(request, failure)


async def _stale_row(request: Request, exc: Exception) -> JSONResponse:
    """Two writers read the same version: the second UPDATE matched no row."""
    error = PreconditionFailed()
    return problem_response(
        error.status, error.code, error.title, error.detail, instance=request.url.path
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StaleDataError, _stale_row)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(OSError, _database_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry of a route that may answer these problems."""
    descriptions = {
        400: "Requête illisible (JSON, UTF-8 ou multipart)",
        401: "Authentification requise",
        403: "Accès refusé",
        404: "Ressource introuvable (ou hors de votre périmètre)",
        409: "Conflit avec l'état actuel",
        412: "Version périmée (If-Match)",
        413: "Requête trop volumineuse",
        422: "Données invalides",
        428: "En-tête If-Match requis",
        429: "Trop de requêtes",
        503: "Service indisponible",
    }
    if 422 in statuses and 400 not in statuses:
        # Whatever takes input may receive a body that can't be read at all.
        statuses = (400, *statuses)
    return {
        s: {
            "description": descriptions.get(s, "Erreur"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
