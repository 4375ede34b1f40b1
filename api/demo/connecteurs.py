"""Demo: a chantier connected to Les emplois, its recorded last synchronisation, two arrivals.

The demo reaches no outside server: the last run is recorded as it would have been.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.connecteurs.chiffrement import chiffrer_avec, fernet
from api.connecteurs.les_emplois import Identifiants
from api.connecteurs.models import ArriveeEmplois, ConnexionEmplois, IssueSynchro
from api.core.db import utcnow
from api.referentiel import Sexe
from api.settings import DEMO_SECRET_KEY
from api.structures.models import Structure

DEMO_CHANTIER = "Ateliers de Belleville"
DEMO_CHANTIER_LYON = "Atelier Rhône Insertion"
DEMO_BASE_URL = "https://demo.emplois.inclusion.beta.gouv.fr"
SITUATION_VIDE = {
    "rsa": False,
    "ass": False,
    "aah": False,
    "ata": False,
    "sans_ressource": False,
    "rqth": False,
    "oeth": False,
    "aide_sociale": False,
    "inscrit_france_travail": False,
    "en_emploi": False,
}


def _connexion(chantier: Structure, compte: str, last: datetime) -> ConnexionEmplois:
    return ConnexionEmplois(
        chantier_id=chantier.id,
        base_url=DEMO_BASE_URL,
        # Encrypted with the demo key (make run's); a fictitious account.
        identifiants_chiffres=chiffrer_avec(
            fernet(DEMO_SECRET_KEY), Identifiants(compte, "Demo-Emplois-2026")
        ),
        derniere_synchro_le=last,
        derniere_issue=IssueSynchro.reussie,
        derniere_reussite_le=last,
    )


async def seed_connecteurs(session: AsyncSession) -> dict[str, int]:
    chantier = await session.scalar(select(Structure).where(Structure.nom == DEMO_CHANTIER))
    lyon = await session.scalar(select(Structure).where(Structure.nom == DEMO_CHANTIER_LYON))
    assert chantier is not None and lyon is not None
    last = utcnow().replace(microsecond=0) - timedelta(minutes=20)
    connexion = _connexion(chantier, "direction.belleville@demo.example.org", last)
    connexion.dernier_rapport = {
        "fiches_lues": 14,
        "hors_chantier": 2,
        "arrivees_creees": 2,
        "arrivees_mises_a_jour": 0,
        "salaries_mis_a_jour": 1,
        "inchanges": 8,
        "ignorees": 1,
        "rejets": [
            {
                "rang": 9,
                "raison": "personnePhysique.dateNaissance : date attendue au format JJ/MM/AAAA",
            }
        ],
        "changements": [],
        "message": "Synchronisation réussie.",
    }
    lyon_connexion = _connexion(lyon, "direction.rhone@demo.example.org", last)
    lyon_connexion.dernier_rapport = {
        "fiches_lues": 6,
        "arrivees_creees": 1,
        "inchanges": 5,
        "message": "Synchronisation réussie.",
    }
    session.add_all([connexion, lyon_connexion])
    today = date.today()
    arrivals = [
        ArriveeEmplois(
            chantier_id=chantier.id,
            id_itou="demo-itou-0000000000000000001",
            pass_iae="999992600001",
            pass_iae_debut=today - timedelta(days=6),
            pass_iae_fin=today - timedelta(days=6) + timedelta(days=730),
            nom="MARCHAND",
            prenoms="Aline",
            date_naissance=date(1979, 4, 17),
            sexe=Sexe.femme,
            telephone="0600000101",
            courriel="aline.marchand@demo.example.org",
            adresse="12 RUE DES LILAS, 75019",
            situation={
                "rsa": True,
                "ass": False,
                "aah": False,
                "ata": False,
                "sans_ressource": False,
                "rqth": False,
                "oeth": False,
                "aide_sociale": False,
                "inscrit_france_travail": True,
                "en_emploi": False,
            },
        ),
        ArriveeEmplois(
            chantier_id=chantier.id,
            id_itou="demo-itou-0000000000000000002",
            pass_iae="999992600002",
            pass_iae_debut=today - timedelta(days=2),
            pass_iae_fin=today - timedelta(days=2) + timedelta(days=730),
            nom="KONATE",
            prenoms="Ibrahim",
            date_naissance=date(1986, 11, 3),
            sexe=Sexe.homme,
            telephone=None,
            courriel=None,
            adresse=None,
            situation={
                "rsa": False,
                "ass": False,
                "aah": False,
                "ata": False,
                "sans_ressource": True,
                "rqth": False,
                "oeth": False,
                "aide_sociale": False,
                "inscrit_france_travail": False,
                "en_emploi": False,
            },
        ),
    ]
    arrivals.append(
        ArriveeEmplois(
            chantier_id=lyon.id,
            id_itou="demo-itou-0000000000000000003",
            pass_iae="999992600003",
            pass_iae_debut=today - timedelta(days=4),
            pass_iae_fin=today - timedelta(days=4) + timedelta(days=730),
            nom="ROCHE",
            prenoms="Maelle",
            date_naissance=date(1992, 1, 28),
            sexe=Sexe.femme,
            situation={**SITUATION_VIDE, "aah": True, "inscrit_france_travail": True},
        )
    )
    session.add_all(arrivals)
    await session.flush()
    return {"connexions_emplois": 2, "arrivees_emplois": len(arrivals)}
