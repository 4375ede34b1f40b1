"""The French messages to applicants: their link, the receipt, each decision.

They go through the account e-mails' outbox (`api/identity/courriels.py`, type `MESSAGE`):
encrypted payload, sent after the commit, retried by the worker, erased once sent."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import courriels
from api.referentiel import StatutCandidature, VoieCandidature, libelle
from api.settings import Settings

CHEMIN_DE_VOIE: dict[VoieCandidature, str] = {
    VoieCandidature.chantier_porteur: "chantier",
    VoieCandidature.partenaire: "partenaire",
    VoieCandidature.financeur: "financeur",
}
"""The public form of each voie: `/etre-partenaire/<chemin>`."""

SIGNATURE = "\n\nL'équipe Convergence\n"


def _base(settings: Settings) -> str:
    return settings.public_url.rstrip("/")


async def _queue(
    session: AsyncSession, settings: Settings, email: str | None, sujet: str, texte: str
) -> uuid.UUID:
    data: dict[str, Any] = {"email": email, "sujet": sujet, "texte": texte}
    event = await courriels.queue(session, settings, courriels.MESSAGE, data)
    return event.id


async def lien(
    session: AsyncSession,
    settings: Settings,
    email: str | None,
    voie: VoieCandidature,
    jeton: str,
) -> uuid.UUID:
    """The link that confirms the address and opens the application (`email` None: the same
    work, nothing sent)."""
    texte = (
        "Bonjour,\n\n"
        f"Vous avez demandé à candidater à Convergence ({libelle(voie).lower()}). Pour "
        "confirmer votre adresse e-mail et remplir votre candidature, suivez ce lien, valable "
        f"{settings.candidature_lien_heures} heures et utilisable une seule fois :\n\n"
        f"{_base(settings)}/candidature#jeton={jeton}\n\n"
        "Vous pourrez revenir sur votre candidature depuis ce navigateur, ou demander un "
        f"nouveau lien sur {_base(settings)}/etre-partenaire/{CHEMIN_DE_VOIE[voie]}.\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message." + SIGNATURE
    )
    return await _queue(session, settings, email, "Convergence : votre candidature", texte)


async def recue(
    session: AsyncSession, settings: Settings, email: str, voie: VoieCandidature, nom: str
) -> uuid.UUID:
    texte = (
        "Bonjour,\n\n"
        f"Nous avons bien reçu la candidature de {nom} ({libelle(voie).lower()}). L'équipe "
        "Convergence du territoire l'étudie et vous écrira à chaque étape.\n\n"
        f"Pour la suivre : {_base(settings)}/candidature" + SIGNATURE
    )
    return await _queue(session, settings, email, "Convergence : candidature reçue", texte)


async def decision(
    session: AsyncSession,
    settings: Settings,
    email: str,
    statut: StatutCandidature,
    nom: str,
    message: str,
) -> uuid.UUID:
    """The decision and its message (the motif, on a refusal)."""
    if statut == StatutCandidature.acceptee:
        sujet = "Convergence : votre candidature est acceptée"
        debut = (
            f"La candidature de {nom} est acceptée : bienvenue dans le réseau Convergence. "
            "Les personnes que vous avez désignées reçoivent chacune une invitation pour "
            "créer leur accès."
        )
    elif statut == StatutCandidature.refusee:
        sujet = "Convergence : réponse à votre candidature"
        debut = f"Nous ne pouvons pas donner une suite favorable à la candidature de {nom}."
    elif statut == StatutCandidature.sans_suite:
        sujet = "Convergence : votre candidature est classée sans suite"
        debut = f"La candidature de {nom} est classée sans suite."
    else:
        sujet = "Convergence : votre candidature est en cours d'instruction"
        debut = f"La candidature de {nom} est maintenant étudiée par l'équipe Convergence."
    corps = f"\n\nMotif et message de l'équipe :\n{message}" if message else ""
    texte = (
        f"Bonjour,\n\n{debut}{corps}\n\n"
        f"Pour suivre votre candidature : {_base(settings)}/candidature" + SIGNATURE
    )
    return await _queue(session, settings, email, sujet, texte)
