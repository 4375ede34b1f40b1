"""Demo applications to join the network: a few in every statut, in Paris, Grand Lyon and for
a new territoire, so that the instructors' list shows a living queue."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.candidatures.models import Candidature, CandidatureCommentaire
from api.core.db import utcnow
from api.identity.models import UserAccount
from api.referentiel import StatutCandidature, VoieCandidature
from api.territoires.models import Territoire

S, V = StatutCandidature, VoieCandidature


def _siret(serial: int) -> str:
    base = f"999{serial:010d}"
    for check in range(10):
        candidate = base + str(check)
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


# (nom, voie, statut, territoire codes or a new territoire's name, days since it was sent)
DEMO_CANDIDATURES: list[tuple[str, VoieCandidature, StatutCandidature, list[str] | str, int]] = [
    ("Épicerie Solidaire du 20e", V.partenaire, S.en_instruction, ["paris"], 9),
    ("Relais Santé Belleville", V.partenaire, S.soumise, ["paris"], 2),
    ("Maison des Droits Rhône", V.partenaire, S.en_instruction, ["grand-lyon"], 12),
    ("Restos Solidaires Lyon", V.partenaire, S.soumise, ["grand-lyon"], 1),
    ("Jardins de Ménilmontant", V.chantier_porteur, S.soumise, ["paris"], 4),
    ("Ateliers du Littoral", V.chantier_porteur, S.soumise, "Dunkerque", 6),
    ("Fondation Horizon Démo", V.financeur, S.en_instruction, ["paris", "grand-lyon"], 20),
    ("Accueil de Jour Ourcq", V.partenaire, S.acceptee, ["paris"], 60),
    ("Club Loisirs Démo", V.partenaire, S.refusee, ["grand-lyon"], 75),
    ("Mécène Pressé Démo", V.financeur, S.sans_suite, ["paris"], 90),
    ("Recyclerie en projet", V.chantier_porteur, S.brouillon, ["paris"], 0),
]


def _details(nom: str, voie: VoieCandidature, codes: list[str] | str) -> dict[str, Any]:
    details: dict[str, Any] = {
        "nom": nom,
        "adresse": "1 rue de l'Exemple",
        "code_postal": "75020" if codes == ["paris"] else "69003",
        "commune": "Paris" if codes == ["paris"] else "Lyon",
        "presentation": f"{nom} souhaite rejoindre le programme Convergence.",
    }
    if voie == V.chantier_porteur:
        if isinstance(codes, str):
            details |= {"nouveau_territoire": codes, "code_postal": "59140", "commune": "Dunkerque"}
        else:
            details["territoire_code"] = codes[0]
        details |= {"nombre_postes": 12, "salaries_insertion": 30}
    elif voie == V.partenaire:
        details |= {
            "territoires_codes": codes,
            "type_partenaire": "association",
            "domaines": ["droits", "logement"],
            "services": [
                {
                    "nom": "Accompagnement aux démarches",
                    "description": "Permanences sans rendez-vous.",
                    "modes_accueil": ["en-presentiel"],
                }
            ],
            "delai_reponse_jours": 10,
            "referent": "Accueil de la structure",
        }
    else:
        details |= {"territoires_codes": codes, "type_soutien": "financier"}
    return details


async def seed_candidatures(session: AsyncSession) -> dict[str, int]:
    territoires = {t.code: t for t in (await session.scalars(select(Territoire))).all()}
    admin = await session.scalar(
        select(UserAccount.id).where(UserAccount.email.like("admin@%")).limit(1)
    )
    now = utcnow()
    for serial, (nom, voie, statut, codes, days) in enumerate(DEMO_CANDIDATURES, start=900):
        folded = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().lower()
        slug = "".join(c for c in folded if c.isalnum())[:20]
        details = _details(nom, voie, codes) | {"siret": _siret(serial)}
        soumise = now - timedelta(days=days) if statut != S.brouillon else None
        decided = statut in (S.acceptee, S.refusee, S.sans_suite)
        candidature = Candidature(
            voie=voie,
            statut=statut,
            courriel=f"contact@{slug}.demo.example.org",
            nom=nom,
            siret=details["siret"],
            nouveau_territoire=codes if isinstance(codes, str) else None,
            contacts=[
                {
                    "prenom": "Dominique",
                    "nom": f"Candidat {serial - 899}",
                    "courriel": f"direction@{slug}.demo.example.org",
                    "telephone": None,
                    "fonction": "Direction",
                    "compte": True,
                }
            ],
            details=details,
            comptes_invites=[],
            soumise_le=soumise,
            decidee_le=now - timedelta(days=days - 15) if decided else None,
            decidee_par=admin if decided else None,
            message_decision=(
                "Votre activité ne répond pas aux besoins des salariés du programme."
                if statut == S.refusee
                else None
            ),
        )
        candidature.territoires = [] if isinstance(codes, str) else [territoires[c] for c in codes]
        session.add(candidature)
        await session.flush()
        if statut == S.en_instruction and admin is not None:
            session.add(
                CandidatureCommentaire(
                    candidature_id=candidature.id,
                    auteur_id=admin,
                    texte=(
                        "Structure connue du SIAO : avis favorable, à vérifier avec le territoire."
                    ),
                    created_at=now - timedelta(days=max(days - 2, 0)),
                )
            )
    await session.flush()
    return {"candidatures": len(DEMO_CANDIDATURES)}
