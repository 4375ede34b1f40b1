"""The public pages' data: the territoires, the contacts and the figures an anonymous reader
may see. Nothing here reads a person's data: territoires, structures' postal codes (for the
region) and the statistical records through the indicators' masked computation."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.indicateurs import service as indicateurs
from api.indicateurs.schemas import Cellule
from api.public.schemas import (
    ChiffrePublic,
    ContactPublic,
    PeriodePublique,
    ProgrammeOut,
    ResultatsOut,
    TerritoirePublic,
)
from api.referentiel import SEUIL_SECRET, BaseCalcul, CodeIndicateur, Masquage, TypeStructure
from api.referentiel import libelle as libelle_de
from api.referentiel.geographie import REGIONS, region_du_code_postal
from api.settings import Settings
from api.structures.models import Structure
from api.territoires.models import Territoire

C = CodeIndicateur

# The figures of the public results page: the brochure's, by exit category.
CHIFFRES_SORTIES = (
    C.sorties,
    C.sorties_dynamiques,
    C.emploi_durable,
    C.emploi_transition,
    C.sortie_positive,
    C.en_logement,
    C.logement_ameliore,
    C.sante_amelioree,
    C.droits_accrus,
    C.public_rue,
)
CHIFFRES_COHORTE = (C.effectif, *CHIFFRES_SORTIES)
NOMBRE_COHORTES = 3

MENTIONS = {
    Masquage.petit_effectif: f"moins de {SEUIL_SECRET}",
    Masquage.complementaire: "non publié",
}
REGLE = (
    f"Secret statistique : aucun effectif de 1 à {SEUIL_SECRET - 1} n'est publié (« moins de "
    f"{SEUIL_SECRET} »), et d'autres cases sont cachées en complément (« non publié ») pour "
    "qu'aucune ne puisse être recalculée par différence. Les pourcentages ne sont calculés "
    "qu'entre effectifs publiés."
)

# Which of a territoire's structures tells its region, best first.
_RANG = {TypeStructure.chantier: 0, TypeStructure.fas: 1}


async def programme(session: AsyncSession, settings: Settings) -> ProgrammeOut:
    territoires = list(
        await session.scalars(
            select(Territoire).order_by(Territoire.date_demarrage, Territoire.nom)
        )
    )
    regions = await _regions(session, [t.id for t in territoires])
    items = []
    for t in territoires:
        region = REGIONS.get(regions.get(t.id, ""))
        items.append(
            TerritoirePublic(
                code=t.code,
                nom=t.nom,
                region=region.nom if region else None,
                statut=t.statut,
                statut_libelle=libelle_de(t.statut),
                densite=t.densite,
                densite_libelle=libelle_de(t.densite),
                annee_ouverture=t.date_demarrage.year,
                longitude=region.longitude if region else None,
                latitude=region.latitude if region else None,
            )
        )
    return ProgrammeOut(
        territoires=items,
        contacts=[ContactPublic(nom=c.nom, email=c.email) for c in settings.contacts_publics],
        email=settings.contact_email or None,
        site=settings.contact_site or None,
    )


async def _regions(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each territoire's region: that of its porteur, else a chantier, a FAS, any structure."""
    if not ids:
        return {}
    rows = await session.execute(
        select(
            Structure.territoire_id,
            Structure.code_postal,
            Structure.type,
            Structure.porteur_coordination,
        ).where(Structure.territoire_id.in_(ids), Structure.code_postal.is_not(None))
    )
    best: dict[uuid.UUID, tuple[tuple[int, int, str], str]] = {}
    for territoire_id, code_postal, type_, porteur in rows:
        region = region_du_code_postal(code_postal)
        if territoire_id is None or region is None:
            continue
        rang = (0 if porteur else 1, _RANG.get(type_, 2), code_postal or "")
        if territoire_id not in best or rang < best[territoire_id][0]:
            best[territoire_id] = (rang, region)
    return {tid: region for tid, (_, region) in best.items()}


def _chiffres(cell: Cellule, codes: tuple[CodeIndicateur, ...]) -> list[ChiffrePublic]:
    by_code = {i.code: i for i in cell.indicateurs}
    chiffres = []
    for code in codes:
        i = by_code[code]
        chiffres.append(
            ChiffrePublic(
                code=i.code,
                libelle=i.libelle,
                nombre=i.numerateur,
                base=i.denominateur,
                taux=i.taux,
                publie=i.numerateur is not None,
                masquage=i.masquage_numerateur,
                mention=MENTIONS[i.masquage_numerateur] if i.masquage_numerateur else None,
            )
        )
    return chiffres


def _sans_part(chiffre: ChiffrePublic) -> ChiffrePublic:
    return chiffre.model_copy(update={"base": None, "taux": None})


async def resultats(session: AsyncSession, today: date) -> ResultatsOut:
    """The exits of the last complete year and the last entry cohorts, nationally, as an
    anonymous reader may see them (the indicators' masked computation, no filter)."""
    annee = today.year - 1
    sorties = await indicateurs.national_anonyme(
        session,
        indicateurs.Demande(
            periode_sortie_debut=date(annee, 1, 1), periode_sortie_fin=date(annee, 12, 31)
        ),
    )
    # In the exits of a year, the exits are the whole population: no share of themselves.
    chiffres = _chiffres(sorties, CHIFFRES_SORTIES)
    cohortes = []
    for entree in await indicateurs.cohortes(session, annee, NOMBRE_COHORTES):
        cell = await indicateurs.national_anonyme(
            session, indicateurs.Demande(cohorte_entree=entree)
        )
        cohortes.append(
            PeriodePublique(
                base_calcul=BaseCalcul.cohorte,
                annee=entree,
                libelle=f"Personnes entrées en {entree}",
                chiffres=_chiffres(cell, CHIFFRES_COHORTE),
            )
        )
    return ResultatsOut(
        regle=REGLE,
        national=PeriodePublique(
            base_calcul=BaseCalcul.sorties,
            annee=annee,
            libelle=f"Sorties de {annee}",
            chiffres=[_sans_part(c) if c.code == C.sorties else c for c in chiffres],
        ),
        cohortes=cohortes,
    )
