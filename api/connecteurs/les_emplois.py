"""HTTP client of the employee records API of Les emplois de l'inclusion (fiches salarié).

Contract, from the current source of gip-inclusion/les-emplois (`itou/api/`):
- `POST {base}/api/v1/token-auth/` with form fields `username`, `password` answers
  `{"token": "..."}`; wrong credentials answer **400** (DRF's AuthTokenSerializer), not 401.
  Accounts that sign in through ProConnect send `username=__token__` and an API token
  (created in "Accès aux API") as `password`.
- `GET {base}/api/v1/employee-records/` with `Authorization: Token <token>`: DRF page-number
  pagination (`count`, `next`, `previous`, `results`), 20 per page unless `page_size` is given;
  only `PROCESSED` records unless `status` is repeated; newest first; throttled to 60 calls a
  minute (429 with `Retry-After`); 401 on an unknown token, 403 when the account is not an
  active administrator of a structure.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

# Every status but DISABLED / ARCHIVED: a hire shows from its first record (NEW), not only once
# the ASP has processed it (the API's default).
STATUTS_FICHES = ("NEW", "READY", "SENT", "PROCESSED", "REJECTED")
PAGE_SIZE = 100
# At most this many pages per run (60 calls a minute on their side; 100 000 records).
MAX_PAGES = 1000
TIMEOUT = httpx.Timeout(20.0, connect=5.0)


class Panne(enum.StrEnum):
    """How a call failed, as the synchronisation reports it."""

    identifiants_refuses = "identifiants_refuses"  # token-auth 400/401, or records 401
    acces_refuse = "acces_refuse"  # 403: not an administrator of the structure
    limite_atteinte = "limite_atteinte"  # 429: retried at the next run
    indisponible = "indisponible"  # 5xx, network, unreadable answer: retried at the next run


class LesEmploisError(Exception):
    def __init__(self, panne: Panne, status: int | None = None, retry_after: str | None = None):
        super().__init__(panne.value)
        self.panne = panne
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Identifiants:
    username: str
    password: str

    def __repr__(self) -> str:  # never print the secret, even in a traceback
        return "Identifiants(***)"


def _classify(response: httpx.Response, *, token_auth: bool = False) -> LesEmploisError:
    code = response.status_code
    if code == 401 or (token_auth and code == 400):
        return LesEmploisError(Panne.identifiants_refuses, code)
    if code == 403:
        return LesEmploisError(Panne.acces_refuse, code)
    if code == 429:
        return LesEmploisError(Panne.limite_atteinte, code, response.headers.get("Retry-After"))
    return LesEmploisError(Panne.indisponible, code)


class LesEmploisClient:
    def __init__(self, base_url: str, client: httpx.AsyncClient) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.client = client

    async def token(self, identifiants: Identifiants) -> str:
        try:
            response = await self.client.post(
                urljoin(self.base_url, "api/v1/token-auth/"),
                data={"username": identifiants.username, "password": identifiants.password},
                headers={"Accept": "application/json"},
                timeout=TIMEOUT,
            )
        except httpx.HTTPError as exc:
            raise LesEmploisError(Panne.indisponible) from exc
        if response.status_code != 200:
            raise _classify(response, token_auth=True)
        try:
            token = response.json()["token"]
        except (ValueError, KeyError, TypeError) as exc:
            raise LesEmploisError(Panne.indisponible, 200) from exc
        if not isinstance(token, str) or not token:
            raise LesEmploisError(Panne.indisponible, 200)
        return token

    def _same_origin(self, url: str) -> bool:
        # Host only: behind their proxy the scheme of `next` may differ from ours.
        return urlsplit(self.base_url).netloc == urlsplit(url).netloc

    async def fiches(self, token: str) -> AsyncIterator[list[Any]]:
        """Every page of employee records, following `next` (a page at a time)."""
        url: str | None = urljoin(self.base_url, "api/v1/employee-records/")
        params: list[tuple[str, str | int | float | bool | None]] | None = [
            *(("status", s) for s in STATUTS_FICHES),
            ("page_size", PAGE_SIZE),
        ]
        headers = {
            "Authorization": f"Token {token}",
            "Accept": "application/json",
            # The new meaning of salarieLangueFrancaise (not imported; avoids their warning).
            "X-API-salarieLangueFrancaise-like-asp": "1",
        }
        pages = 0
        while url is not None:
            pages += 1
            if pages > MAX_PAGES:
                raise LesEmploisError(Panne.indisponible)
            try:
                response = await self.client.get(
                    url, params=params, headers=headers, timeout=TIMEOUT
                )
            except httpx.HTTPError as exc:
                raise LesEmploisError(Panne.indisponible) from exc
            if response.status_code != 200:
                raise _classify(response)
            try:
                body = response.json()
                results = body["results"]
                following = body.get("next")
            except (ValueError, KeyError, TypeError) as exc:
                raise LesEmploisError(Panne.indisponible, 200) from exc
            if not isinstance(results, list):
                raise LesEmploisError(Panne.indisponible, 200)
            yield results
            # `next` carries the query string; never follow it to another host (the token).
            if following is not None and (
                not isinstance(following, str) or not self._same_origin(following)
            ):
                raise LesEmploisError(Panne.indisponible, 200)
            url, params = following, None
