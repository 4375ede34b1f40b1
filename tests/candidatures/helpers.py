"""Going through the anonymous flow as an applicant would: the form, the e-mail, the link."""

from __future__ import annotations

import email
import email.policy
import re
import time
from typing import Any

import httpx

from api.candidatures.publique import jeton_formulaire
from api.settings import DEMO_SECRET_KEY, Settings
from tests.conftest import MAIL_DIR

SETTINGS = Settings(env="demo", secret_key=DEMO_SECRET_KEY)


def formulaire(seconds_ago: float = 60) -> str:
    """A form token as if the form had been shown `seconds_ago`."""
    return jeton_formulaire(SETTINGS, now=time.time() - seconds_ago)


def mail_to(address: str, subject_part: str) -> email.message.EmailMessage:
    found = []
    for path in MAIL_DIR.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and subject_part in str(message["Subject"]):
            found.append((path.stat().st_mtime_ns, message))
    assert found, f"no message to {address} about {subject_part}"
    return max(found, key=lambda f: f[0])[1]  # type: ignore[return-value]


def mails_to(address: str) -> int:
    count = 0
    for path in MAIL_DIR.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        count += message["To"] == address
    return count


def text(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def token(message: email.message.EmailMessage) -> str:
    match = re.search(r"/candidature#jeton=([\w-]+)", text(message))
    assert match, text(message)
    return match.group(1)


async def demander(
    anonymous: httpx.AsyncClient, address: str, voie: str, **over: Any
) -> httpx.Response:
    body = {"email": address, "voie": voie, "jeton_formulaire": formulaire()} | over
    return await anonymous.post("/api/v1/candidature-publique/lien", json=body)


async def ouvrir(anonymous: httpx.AsyncClient, address: str, voie: str) -> str:
    """Ask for a link, follow it from the e-mail: the application's key."""
    response = await demander(anonymous, address, voie)
    assert response.status_code == 202, response.text
    opened = await anonymous.post(
        "/api/v1/candidature-publique/acces",
        json={"jeton": token(mail_to(address, "votre candidature"))},
    )
    assert opened.status_code == 200, opened.text
    return str(opened.json()["cle"])


def partenaire(nom: str, siret: str, territoires: list[str], contact: str) -> dict[str, Any]:
    return {
        "nom": nom,
        "siret": siret,
        "adresse": "3 rue du Test",
        "code_postal": "75011",
        "commune": "Paris",
        "presentation": "Une association d'accès aux droits.",
        "contacts": [
            {"prenom": "Alix", "nom": "Candidate", "courriel": contact, "fonction": "Directrice"}
        ],
        "territoires_codes": territoires,
        "type_partenaire": "association",
        "domaines": ["droits"],
        "services": [{"nom": "Permanence droits", "modes_accueil": ["en-presentiel"]}],
        "delai_reponse_jours": 7,
        "referent": "Alix Candidate",
    }


async def deposer(
    anonymous: httpx.AsyncClient, address: str, voie: str, saisie: dict[str, Any]
) -> str:
    """The whole applicant's side: link, draft, sending. Returns the key."""
    cle = await ouvrir(anonymous, address, voie)
    headers = {"X-Candidature-Cle": cle}
    saved = await anonymous.put("/api/v1/candidature-publique", json=saisie, headers=headers)
    assert saved.status_code == 200, saved.text
    sent = await anonymous.post("/api/v1/candidature-publique/soumission", headers=headers)
    assert sent.status_code == 200, sent.text
    return cle
