from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.core.auth import Actor, requires
from api.core.errors import problem_responses
from api.core.permissions import Permission
from api.core.replica import ReadSessionDep
from api.core.validators import Date
from api.indicateurs import service
from api.indicateurs.schemas import IndicateursOut
from api.referentiel import GroupePar

router = APIRouter(prefix="/api/v1/indicateurs", tags=["indicateurs"])

Readers = Annotated[Actor, Depends(requires(Permission.indicateurs_read))]


def demande(
    territoire: Annotated[uuid.UUID | None, Query(description="Un territoire")] = None,
    chantier: Annotated[uuid.UUID | None, Query(description="Un chantier")] = None,
    periode_sortie_debut: Annotated[
        Date | None, Query(description="Sorties à partir de ce mois (inclus)")
    ] = None,
    periode_sortie_fin: Annotated[
        Date | None, Query(description="Sorties jusqu'à cette date (incluse)")
    ] = None,
    cohorte_entree: Annotated[
        int | None, Query(ge=2000, le=2100, description="Parcours entrés cette année-là")
    ] = None,
    groupe_par: Annotated[GroupePar | None, Query(description="Regroupement des cellules")] = None,
) -> service.Demande:
    return service.Demande(
        territoire=territoire,
        chantier=chantier,
        periode_sortie_debut=periode_sortie_debut,
        periode_sortie_fin=periode_sortie_fin,
        cohorte_entree=cohorte_entree,
        groupe_par=groupe_par,
    )


DemandeDep = Annotated[service.Demande, Depends(demande)]


@router.get(
    "",
    summary="Indicateurs du programme (secret statistique selon le rôle)",
    description=(
        "Sorties d'une période ou cohorte d'entrée, par territoire, chantier ou année. "
        "Définitions : docs/indicateurs.md. Pour les rôles sans accès nominatif, tout "
        "effectif de 1 à 10 est masqué (`null`, `masque: true`), avec masquage complémentaire."
    ),
    response_model=IndicateursOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_indicateurs(session: ReadSessionDep, actor: Readers, q: DemandeDep) -> IndicateursOut:
    # Read on the replica when one is configured (a bounded staleness): api/core/replica.py
    return await service.indicateurs(session, actor, q)
