"""A fake Les emplois de l'inclusion: a real HTTP server on 127.0.0.1 (free port) implementing
the employee records contract of `itou/api/` (gip-inclusion/les-emplois):

- `POST /api/v1/token-auth/` (form `username`, `password`; `__token__` + an API token too):
  `{"token": ...}`, or 400 `{"non_field_errors": [...]}` on wrong credentials (DRF);
- `GET /api/v1/employee-records/` with `Authorization: Token ...`: 401 on an unknown token,
  403 when the account administers no structure, `status` repeated (default `PROCESSED`),
  DRF page-number pagination (`page`, `page_size`, default 20, `count` / `next` / `previous` /
  `results`, `next` an absolute URL keeping the query), newest first; scripted 429 (with
  `Retry-After`) or 5xx answers for the next calls.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

PAGE_SIZE = 20


def fiche(
    *,
    siret: str,
    pass_iae: str,
    id_itou: str,
    nom: str,
    prenom: str,
    naissance: str,
    statut: str = "PROCESSED",
    civilite: str = "MME",
    telephone: str = "0600000000",
    courriel: str = "personne@example.org",
    rsa: str = "NON",
    ass: bool = False,
    aah: bool = False,
    inscrit_ft: bool = True,
    sans_ressource: bool = False,
) -> dict[str, Any]:
    """A record shaped like EmployeeRecordAPISerializer's output (upper case names, no
    diacritics, dd/mm/yyyy dates, nomNaissance null); `_status` is the fake's own."""
    return {
        "_status": statut,
        "numLigne": None,
        "typeMouvement": "C",
        "siret": siret,
        "mesure": "ACI_DC",
        "personnePhysique": {
            "NIR": "",
            "NTT": None,
            "passIae": pass_iae,
            "sufPassIae": None,
            "idItou": id_itou,
            "civilite": civilite,
            "nomUsage": nom,
            "nomNaissance": None,
            "prenom": prenom,
            "dateNaissance": naissance,
            "codeInseePays": "100",
            "codeGroupePays": "1",
            "codeComInsee": {"codeComInsee": "75056", "codeDpt": "075"},
            "passDateDeb": "01/09/2026",
            "passDateFin": "31/08/2028",
            "salarieNIR": "",
        },
        "adresse": {
            "adrTelephone": telephone,
            "adrMail": courriel,
            "adrNumeroVoie": "12",
            "codeextensionvoie": None,
            "codetypevoie": "RUE",
            "adrLibelleVoie": "DES LILAS",
            "adrCpltDistribution": None,
            "codeinseecom": "75119",
            "codepostalcedex": "75019",
        },
        "situationSalarie": {
            "orienteur": "PRESCRIPTEUR",
            "niveauFormation": "00",
            "salarieEnEmploi": False,
            "salarieTypeEmployeur": None,
            "salarieSansEmploiDepuis": "03",
            "salarieSansRessource": sans_ressource,
            "inscritPoleEmploi": inscrit_ft,
            "inscritPoleEmploiDepuis": "04" if inscrit_ft else None,
            "numeroIDE": "1234567A" if inscrit_ft else "",
            "salarieRQTH": False,
            "salarieOETH": False,
            "salarieAideSociale": False,
            "salarieBenefRSA": rsa,
            "salarieBenefRSADepuis": "02" if rsa != "NON" else None,
            "salarieBenefASS": ass,
            "salarieBenefASSDepuis": None,
            "salarieBenefAAH": aah,
            "salarieBenefAAHDepuis": None,
            "salarieBenefATA": False,
            "salarieBenefATADepuis": None,
            "salarieSortantASE": False,
            "salarieParentIsole": False,
            "salarieHebergement": True,
            "salarieRefugie": False,
            "salarieSortantDetention": False,
            "salarieLangueFrancaise": False,
            "salarieMobilite": False,
        },
        "codeTraitement": "0000",
        "libelleTraitement": "La ligne de la fiche salarié a été enregistrée avec succès.",
        "numeroAnnexe": "ACI075260001A0M0",
    }


@dataclass
class FakeLesEmplois:
    # username -> (password, is_admin_of_a_structure)
    accounts: dict[str, tuple[str, bool]] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    # Answers served instead of the next employee-records calls (e.g. [429] or [503]).
    scripted: list[int] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> username
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    # A server-side cap on `page_size` (DRF's max_page_size; Les emplois sets none): lets the
    # tests see several pages with a handful of records.
    max_page_size: int | None = None
    # page number -> status served for that page (a failure in the middle of a run).
    fail_pages: dict[int, int] = field(default_factory=dict)

    def add_account(self, username: str, password: str, admin: bool = True) -> None:
        self.accounts[username] = (password, admin)


def _handler(fake: FakeLesEmplois) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            fake.requests.append({"method": "POST", "path": self.path, "form": form})
            if path != "/api/v1/token-auth/":
                return self._send(404, {"detail": "Pas trouvé."})
            username, password = form.get("username"), form.get("password")
            if username == "__token__" and password in fake.tokens:
                return self._send(200, {"token": password})
            account = fake.accounts.get(username or "")
            if account is None or account[0] != password:
                return self._send(
                    400,
                    {"non_field_errors": ["Impossible de se connecter avec les identifiants."]},
                )
            token = next((t for t, u in fake.tokens.items() if u == username), None)
            if token is None:
                token = secrets.token_hex(20)
                fake.tokens[token] = str(username)
            return self._send(200, {"token": token})

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            fake.requests.append(
                {
                    "method": "GET",
                    "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                }
            )
            if parts.path != "/api/v1/employee-records/":
                return self._send(404, {"detail": "Pas trouvé."})
            auth = self.headers.get("Authorization") or ""
            token = auth.removeprefix("Token ").strip()
            if not auth.startswith("Token ") or token not in fake.tokens:
                return self._send(401, {"detail": "Token invalide."}, {"WWW-Authenticate": "Token"})
            if not fake.accounts.get(fake.tokens[token], ("", True))[1]:
                return self._send(
                    403, {"detail": "Vous n'avez pas la permission d'effectuer cette action."}
                )
            if fake.scripted:
                status = fake.scripted.pop(0)
                headers = {"Retry-After": "30"} if status == 429 else {}
                return self._send(status, {"detail": "Requête ralentie."}, headers)
            if (failing := fake.fail_pages.get(int(query.get("page", ["1"])[0]))) is not None:
                return self._send(failing, {"detail": "Erreur du serveur."})
            wanted = {s.upper() for s in query.get("status", ["PROCESSED"])}
            rows = [
                {k: v for k, v in r.items() if k != "_status"}
                for r in fake.records
                if r.get("_status", "PROCESSED") in wanted
            ]
            size = int(query.get("page_size", [str(PAGE_SIZE)])[0])
            if fake.max_page_size is not None:
                size = min(size, fake.max_page_size)
            page = int(query.get("page", ["1"])[0])
            start = (page - 1) * size
            if start >= len(rows) and page != 1:
                return self._send(404, {"detail": "Page non valide."})

            def link(n: int) -> str:
                q = {**query, "page": [str(n)]}
                return f"{fake.base_url}{parts.path}?{urlencode(q, doseq=True)}"

            return self._send(
                200,
                {
                    "count": len(rows),
                    "next": link(page + 1) if start + size < len(rows) else None,
                    "previous": link(page - 1) if page > 1 else None,
                    "results": rows[start : start + size],
                },
            )

    return Handler


@contextmanager
def serve(fake: FakeLesEmplois) -> Iterator[FakeLesEmplois]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
