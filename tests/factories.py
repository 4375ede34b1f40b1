"""Small async factories: the few rows a test needs, built directly in its session.

For tests of a rule that do not need the demo data: each call adds one row with plausible
defaults (override any column by keyword) and flushes, so the row has its id. Names are unique
per call, so two tests (or two calls) never collide on a unique column. The rows live in the
test's rolled-back transaction like everything else.

    territoire = await factories.territoire(session)
    chantier = await factories.structure(session, territoire)
    referent = await factories.user(session, chantier, Role.accompagnateur)
    parcours = await factories.parcours(session, chantier, referent_id=referent.id)
    actor = factories.actor(referent, chantier_ids={chantier.id})
"""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.text import normalise
from api.identity.models import UserAccount
from api.orientations.models import Orientation, OrientationEvenement
from api.parcours.models import Parcours
from api.referentiel import (
    Densite,
    Domaine,
    Prescripteur,
    Role,
    SituationLogement,
    StatutOrientation,
    StatutParcours,
    StatutTerritoire,
    TypeConsentement,
    TypeStructure,
)
from api.salaries.models import Consentement, Salarie
from api.structures.models import Structure
from api.territoires.models import Territoire

_numbers = itertools.count(1)


def _n() -> str:
    """A short unique suffix (unique columns: codes, e-mails)."""
    return f"{next(_numbers)}-{uuid.uuid4().hex[:6]}"


async def _add(session: AsyncSession, row: Any) -> Any:
    session.add(row)
    await session.flush()
    return row


async def territoire(session: AsyncSession, **over: Any) -> Territoire:
    n = _n()
    values: dict[str, Any] = {
        "code": f"t-{n}",
        "nom": f"Territoire {n}",
        "date_demarrage": date(2024, 1, 1),
        "densite": Densite.dense,
        "statut": StatutTerritoire.operationnel,
    }
    return await _add(session, Territoire(**(values | over)))  # type: ignore[no-any-return]


async def structure(
    session: AsyncSession,
    territoire: Territoire | None,
    type_: TypeStructure = TypeStructure.chantier,
    **over: Any,
) -> Structure:
    """A chantier by default (a partner with `type_=TypeStructure.partenaire`)."""
    values: dict[str, Any] = {
        "type": type_,
        "nom": f"{type_.value.capitalize()} {_n()}",
        "territoire_id": territoire.id if territoire is not None else None,
    }
    return await _add(session, Structure(**(values | over)))  # type: ignore[no-any-return]


async def user(
    session: AsyncSession, structure: Structure, role: Role = Role.accompagnateur, **over: Any
) -> UserAccount:
    n = _n()
    values: dict[str, Any] = {
        "email": f"personne-{n}@exemple.test",
        "nom": f"Nom {n}",
        "prenom": "Camille",
        "role": role,
        "structure_id": structure.id,
    }
    return await _add(session, UserAccount(**(values | over)))  # type: ignore[no-any-return]


def actor(account: UserAccount, **over: Any) -> Actor:
    """The Actor of a user account, with the perimeter given (`chantier_ids`, `territoire_ids`):
    what the token and the database would give it, without either."""
    values: dict[str, Any] = {
        "kind": "user",
        "id": account.id,
        "role": account.role,
        "structure_id": account.structure_id,
    }
    for key in ("chantier_ids", "territoire_ids"):
        if key in over:
            over[key] = frozenset(over[key])
    return Actor(**(values | over))


def context(who: UserAccount | None = None) -> AuditContext:
    """Who acts, for the audit trail: a user, or the system."""
    if who is None:
        return AuditContext(actor_type="systeme", actor_id=None)
    return AuditContext(actor_type="user", actor_id=who.id)


async def salarie(session: AsyncSession, chantier: Structure, **over: Any) -> Salarie:
    assert chantier.territoire_id is not None, "a person is followed on a territoire"
    n = _n()
    values: dict[str, Any] = {
        "territoire_id": chantier.territoire_id,
        "chantier_id": chantier.id,
        "nom": f"Personne {n}",
        "prenoms": "Dominique",
        "date_naissance": date(1980, 5, 17),
    }
    values |= over
    values.setdefault("recherche", normalise(values["nom"], values["prenoms"]))
    return await _add(session, Salarie(**values))  # type: ignore[no-any-return]


async def parcours(
    session: AsyncSession, chantier: Structure, salarie_: Salarie | None = None, **over: Any
) -> Parcours:
    """A parcours en_cours entered 60 days ago (a new person of the chantier unless given)."""
    person = salarie_ or await salarie(session, chantier)
    values: dict[str, Any] = {
        "salarie_id": person.id,
        "chantier_id": chantier.id,
        "date_entree": date.today() - timedelta(days=60),
        "prescripteur": Prescripteur.maraude,
        "logement_entree": SituationLogement.sans_abri,
        "statut": StatutParcours.en_cours,
    }
    return await _add(session, Parcours(**(values | over)))  # type: ignore[no-any-return]


async def consentement(
    session: AsyncSession,
    salarie_: Salarie,
    partenaire: Structure | None = None,
    type_: TypeConsentement = TypeConsentement.partage_partenaire,
    **over: Any,
) -> Consentement:
    values: dict[str, Any] = {
        "salarie_id": salarie_.id,
        "type": type_,
        "partenaire_id": partenaire.id if partenaire is not None else None,
        "date_recueil": date.today() - timedelta(days=10),
    }
    return await _add(session, Consentement(**(values | over)))  # type: ignore[no-any-return]


async def orientation(
    session: AsyncSession,
    parcours_: Parcours,
    partenaire: Structure,
    statut: StatutOrientation = StatutOrientation.envoyee,
    **over: Any,
) -> Orientation:
    """An orientation to the partner, in the given statut (with its one event)."""
    values: dict[str, Any] = {
        "parcours_id": parcours_.id,
        "salarie_id": parcours_.salarie_id,
        "partenaire_id": partenaire.id,
        "domaine": Domaine.logement,
        "motif": "Recherche d'hébergement",
        "statut": statut,
    }
    row: Orientation = await _add(session, Orientation(**(values | over)))
    session.add(OrientationEvenement(orientation_id=row.id, statut=statut, acteur_type="user"))
    await session.flush()
    return row
