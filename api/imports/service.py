"""The import of the programme's history: upload, dry run, confirmation, batches, report.

Every row goes through the services of the API (people, parcours, diagnostics, exit), so
an imported parcours obeys exactly the rules of one entered by hand; exits older than the
follow-up window take the historical path of `parcours.sortie.exit_parcours` (no check-in
planned, known results recorded as given, the file closed). The rows are summarised by one
audit event per import (`AuditContext.bulk`).

The dry run IS the application, in one transaction rolled back at the end (a savepoint per
row): what it reports is what the confirmation will do, rows depending on earlier rows of
the file (a second parcours of a person created above) included. The application then runs
the same code in batches, one transaction each, and is resumable: a batch done is recorded
on its rows, and rows already applied are skipped.

Idempotent by (territoire, external reference): a row whose reference was imported with
the same content changes nothing; with a changed content it corrects its parcours.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.errors import Conflict, DomainError, InvalidField, NotFound
from api.core.permissions import Permission
from api.core.text import normalise
from api.freins import diagnostics as freins
from api.freins.models import Diagnostic
from api.freins.schemas import CorrectionIn, DiagnosticIn, DomaineIn
from api.imports import gabarit
from api.imports.models import (
    ActionLigne,
    ImportFichier,
    ImportLigne,
    ImportReference,
    StatutImport,
)
from api.parcours import service as parcours_service
from api.parcours import sortie as parcours_sortie
from api.parcours.acces import get_parcours
from api.parcours.models import Parcours
from api.parcours.schemas import ParcoursCreate, SortieIn, SuiviHistoriqueIn, TransitionIn
from api.referentiel import (
    EtapeDiagnostic,
    Prescripteur,
    Role,
    StatutDiagnostic,
    TypeConsentement,
    TypeStructure,
)
from api.salaries import service as salaries
from api.salaries.models import Salarie
from api.salaries.schemas import ConsentementCreate, SalarieCreate, SalarieUpdate
from api.structures.models import Structure

logger = logging.getLogger("convergence.imports")

BATCH = 200
IMPORTERS = Permission.imports_historique
PRECISION_INCONNUE = "non renseigné (import historique)"
T = TypeVar("T")


class ImportNotFound(NotFound):
    code = "import_introuvable"
    detail = "Aucun import ne correspond à cet identifiant."


class ImportNonConfirmable(Conflict):
    code = "import_non_confirmable"


class FichierRefuse(InvalidField):
    code = "fichier_refuse"

    def __init__(self, message: str) -> None:
        super().__init__("body.fichier", message)


# --- rows ----------------------------------------------------------------------------------


class Rejet(Exception):
    """A row that can't be imported, with a French reason per cell."""

    def __init__(self, erreurs: list[dict[str, str]]) -> None:
        super().__init__(erreurs)
        self.erreurs = erreurs


def _erreur(colonne: str, message: str) -> dict[str, str]:
    return {"colonne": colonne, "message": message}


def empreinte(donnees: dict[str, str]) -> str:
    """The row's content, whatever the order of the columns or the empty cells."""
    kept = {k: v for k, v in sorted(donnees.items()) if v}
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False).encode()).hexdigest()


class _Cells:
    """Typed reading of a row's cells; each problem is kept against its column."""

    def __init__(self, donnees: dict[str, str]) -> None:
        self.d = donnees
        self.erreurs: list[dict[str, str]] = []

    def text(self, col: str, required: bool = False) -> str | None:
        value = self.d.get(col, "").strip()
        if not value:
            if required:
                self.erreurs.append(_erreur(col, "Valeur obligatoire."))
            return None
        return value

    def date(self, col: str, required: bool = False) -> date | None:
        value = self.text(col, required)
        if value is None:
            return None
        try:
            if "/" in value:
                day, month, year = value.split("/")
                return date(int(year), int(month), int(day))
            return date.fromisoformat(value[:10])
        except ValueError:
            self.erreurs.append(_erreur(col, f"Date invalide « {value} » (AAAA-MM-JJ)."))
            return None

    def choice(self, col: str, allowed: Sequence[str], required: bool = False) -> str | None:
        value = self.text(col, required)
        if value is None:
            return None
        if value not in allowed:
            self.erreurs.append(
                _erreur(col, f"Valeur « {value} » inconnue : voir les valeurs autorisées.")
            )
            return None
        return value

    def integer(self, col: str, low: int, high: int) -> int | None:
        value = self.text(col)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            number = -1
        if not low <= number <= high:
            self.erreurs.append(_erreur(col, f"Nombre entier de {low} à {high} attendu."))
            return None
        return number

    def yes_no(self, col: str) -> bool | None:
        value = self.choice(col, ("oui", "non", "Oui", "Non", "OUI", "NON"))
        return None if value is None else value.lower() == "oui"


@dataclass
class Chantiers:
    """The chantiers a row may name, by normalised name and by SIRET."""

    par_nom: dict[str, Structure] = field(default_factory=dict)
    par_siret: dict[str, Structure] = field(default_factory=dict)

    @classmethod
    async def load(cls, session: AsyncSession) -> Chantiers:
        found = cls()
        rows = await session.scalars(
            select(Structure).where(Structure.type == TypeStructure.chantier)
        )
        for s in rows:
            found.par_nom[normalise(s.nom)] = s
            if s.siret:
                found.par_siret[s.siret] = s
        return found

    def find(self, value: str) -> Structure | None:
        compact = value.replace(" ", "")
        if compact.isdigit():
            return self.par_siret.get(compact)
        return self.par_nom.get(normalise(value))


@dataclass
class Plan:
    """A valid row, as the inputs of the services."""

    reference: str
    chantier: Structure
    identite: dict[str, Any]
    entree: dict[str, Any]
    diagnostic_entree: list[DomaineIn]
    diagnostic_sortie: list[DomaineIn]
    sortie: SortieIn | None
    consentement: bool


# Pydantic field of an input model -> column of the template.
_SALARIE_COLUMNS = {k: k for k in ("nom", "prenoms", "nom_usage", "date_naissance", "sexe")}
_SORTIE_COLUMNS = {
    "date": "date_sortie",
    "motif": "motif_sortie",
    "logement_sortie": "logement_sortie",
    "employeur": "employeur_sortie",
    "justification_duree": "justification_duree",
    "suivis": "suivi6_resultat",
}


def _validation(exc: ValidationError, columns: dict[str, str], default: str) -> Rejet:
    erreurs = []
    for e in exc.errors():
        loc = [str(p) for p in e["loc"]]
        col = next((columns[p] for p in loc if p in columns), default)
        erreurs.append(_erreur(col, str(e["msg"]).removeprefix("Value error, ")))
    return Rejet(erreurs)


def _diagnostic(cells: _Cells, etape: str, logement: str | None) -> list[DomaineIn]:
    items: list[DomaineIn] = []
    for domaine in gabarit.DOMAINES_DIAGNOSTIC:
        niveau = cells.integer(f"niveau_{domaine}_{etape}", 0, 3)
        if domaine == "logement":
            situations = [logement] if logement else []
        else:
            raw = cells.text(f"situations_{domaine}_{etape}") or ""
            situations = [s.strip() for s in raw.split(gabarit.SEPARATEUR_SITUATIONS) if s.strip()]
            if situations and not cells.text(f"niveau_{domaine}_{etape}"):
                cells.erreurs.append(
                    _erreur(f"niveau_{domaine}_{etape}", "Niveau obligatoire avec des situations.")
                )
        if niveau is None:
            continue
        try:
            items.append(DomaineIn(domaine=domaine, niveau=niveau, situations=situations))
        except ValidationError as exc:
            cells.erreurs.extend(_validation(exc, {}, f"situations_{domaine}_{etape}").erreurs)
    return items


# The fixed lists of the template (situations of the diagnostics are checked by the service).
_CODES = {n: [c for c, _ in items] for n, items in gabarit.valeurs_autorisees({}).items()}


def plan(donnees: dict[str, str], chantiers: Chantiers) -> Plan:
    """Read and check a row's cells (types, vocabulary, what goes together)."""
    cells = _Cells(donnees)
    codes = _CODES
    reference = cells.text("reference_externe", required=True)
    if reference is not None and len(reference) > 100:
        cells.erreurs.append(_erreur("reference_externe", "100 caractères au plus."))
    chantier = None
    nom_chantier = cells.text("chantier", required=True)
    if nom_chantier is not None:
        chantier = chantiers.find(nom_chantier)
        if chantier is None:
            cells.erreurs.append(
                _erreur("chantier", f"Chantier « {nom_chantier} » inconnu (nom exact ou SIRET).")
            )
    identite = {
        "nom": cells.text("nom", required=True),
        "prenoms": cells.text("prenoms", required=True),
        "nom_usage": cells.text("nom_usage"),
        "date_naissance": cells.date("date_naissance", required=True),
        "sexe": cells.choice("sexe", codes["sexe"]),
    }
    rue = cells.yes_no("parcours_de_rue")
    prescripteur = cells.choice("prescripteur", codes["prescripteur"])
    logement_entree = cells.choice("logement_entree", codes["situation_logement"], required=True)
    entree = {
        "date_entree": cells.date("date_entree", required=True),
        "prescripteur": prescripteur or Prescripteur.autre.value,
        "prescripteur_precision": None if prescripteur else PRECISION_INCONNUE,
        "parcours_de_rue": bool(rue),
        "duree_rue_mois": cells.integer("duree_rue_mois", 0, 600),
        "logement_entree": logement_entree,
    }
    date_sortie = cells.date("date_sortie")
    logement_sortie = cells.choice("logement_sortie", codes["situation_logement"])
    diagnostic_entree = _diagnostic(cells, "entree", logement_entree)
    diagnostic_sortie = _diagnostic(cells, "sortie", logement_sortie)
    suivis: list[dict[str, Any]] = []
    for n in gabarit.ECHEANCES:
        resultat = cells.choice(f"suivi{n}_resultat", codes["resultat_suivi"])
        en_emploi = cells.yes_no(f"suivi{n}_en_emploi")
        groupe = cells.choice(f"suivi{n}_logement", codes["groupe_logement"])
        if resultat is None and (en_emploi is not None or groupe is not None):
            cells.erreurs.append(
                _erreur(f"suivi{n}_resultat", "Indiquez le résultat du suivi (joint ou non).")
            )
        if resultat is not None:
            suivis.append(
                {
                    "echeance_mois": n,
                    "resultat": resultat,
                    "en_emploi": en_emploi,
                    "groupe_logement": groupe,
                }
            )
    sortie_cols = ("motif_sortie", "logement_sortie", "employeur_sortie", "justification_duree")
    if date_sortie is None and not cells.text("date_sortie"):
        for col in (*sortie_cols[:3], "suivi6_resultat", "suivi12_resultat"):
            if cells.text(col):
                cells.erreurs.append(_erreur(col, "Sans date de sortie, pas de sortie."))
        if diagnostic_sortie:
            cells.erreurs.append(
                _erreur("date_sortie", "Un diagnostic de sortie suppose une date de sortie.")
            )
    elif date_sortie is not None:
        cells.text("motif_sortie", required=True)
        if not cells.text("logement_sortie"):
            cells.erreurs.append(_erreur("logement_sortie", "Valeur obligatoire."))
        given = any(cells.text(f"niveau_{d}_sortie") for d in gabarit.DOMAINES_DIAGNOSTIC)
        if not given:
            cells.erreurs.append(
                _erreur(
                    "niveau_logement_sortie",
                    "Une sortie suppose un diagnostic de sortie : au moins un niveau à la sortie.",
                )
            )
        if suivis and not parcours_sortie.sortie_historique(date_sortie):
            cells.erreurs.append(
                _erreur(
                    "suivi6_resultat",
                    "Sortie de moins de 12 mois : les suivis seront planifiés et se "
                    "renseignent dans le dossier.",
                )
            )
    consentement = cells.yes_no("consentement_evaluation")
    if cells.erreurs:
        raise Rejet(cells.erreurs)
    assert reference is not None and chantier is not None
    try:
        SalarieCreate(chantier_id=chantier.id, confirm_distinct=True, **identite)
        ParcoursCreate(salarie_id=uuid.uuid4(), chantier_id=chantier.id, **entree)
    except ValidationError as exc:
        raise _validation(
            exc, {**_SALARIE_COLUMNS, **{k: k for k in entree}}, "reference_externe"
        ) from None
    sortie = None
    if date_sortie is not None:
        try:
            sortie = SortieIn(
                date=date_sortie,
                motif=donnees["motif_sortie"].strip(),
                logement_sortie=logement_sortie,
                employeur=cells.text("employeur_sortie"),
                justification_duree=cells.text("justification_duree"),
                historique=parcours_sortie.sortie_historique(date_sortie),
                suivis=[SuiviHistoriqueIn.model_validate(s) for s in suivis],
            )
        except ValidationError as exc:
            raise _validation(exc, _SORTIE_COLUMNS, "date_sortie") from None
    return Plan(
        reference=reference,
        chantier=chantier,
        identite=identite,
        entree=entree,
        diagnostic_entree=diagnostic_entree,
        diagnostic_sortie=diagnostic_sortie,
        sortie=sortie,
        consentement=bool(consentement),
    )


async def _step(call: Awaitable[T], columns: dict[str, str], default: str) -> T:
    """Run one service; its refusals become reasons against the template's columns."""
    try:
        return await call
    except InvalidField as exc:
        raise Rejet(
            [_erreur(columns.get(e.field, default), e.message) for e in exc.errors]
        ) from None
    except DomainError as exc:
        raise Rejet([_erreur(default, exc.detail)]) from None


def _diagnostic_columns(items: list[DomaineIn], etape: str, date_col: str) -> dict[str, str]:
    columns = {"body.date": date_col}
    for i, item in enumerate(items):
        d = item.domaine.value
        columns[f"body.domaines.{i}.situations"] = (
            f"niveau_{d}_{etape}" if d == "logement" else f"situations_{d}_{etape}"
        )
        columns[f"body.domaines.{i}.domaine"] = f"niveau_{d}_{etape}"
    return columns


_PARCOURS_COLUMNS = {
    "body.date_entree": "date_entree",
    "body.duree_rue_mois": "duree_rue_mois",
    "body.chantier_id": "chantier",
    "body.justification_duree": "justification_duree",
}
_EXIT_COLUMNS = {f"body.{k}": v for k, v in _SORTIE_COLUMNS.items()}


async def _diagnose(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    etape: EtapeDiagnostic,
    when: date,
    items: list[DomaineIn],
) -> None:
    date_col = "date_entree" if etape == EtapeDiagnostic.entree else "date_sortie"
    data = DiagnosticIn(etape=etape, date=when, domaines=items, valider=True)
    await _step(
        freins.create_diagnostic(session, actor, context, parcours_id, data),
        _diagnostic_columns(items, etape.value, date_col),
        date_col,
    )


async def _exit(
    session: AsyncSession, actor: Actor, context: AuditContext, p: Plan, parcours_id: uuid.UUID
) -> None:
    assert p.sortie is not None
    await _diagnose(
        session,
        actor,
        context,
        parcours_id,
        EtapeDiagnostic.sortie,
        p.sortie.date,
        p.diagnostic_sortie,
    )
    await _step(
        parcours_sortie.exit_parcours(session, actor, context, parcours_id, p.sortie),
        _EXIT_COLUMNS,
        "date_sortie",
    )


async def _create(
    session: AsyncSession, actor: Actor, context: AuditContext, p: Plan
) -> tuple[ActionLigne, uuid.UUID]:
    territoire = p.chantier.territoire_id
    assert territoire is not None
    await _step(salaries.chantier_in_perimeter(session, actor, p.chantier.id), {}, "chantier")
    candidats = await salaries.find_duplicates(
        session, territoire, p.identite["date_naissance"], p.identite["nom"], p.identite["prenoms"]
    )
    if len(candidats) > 1:
        raise Rejet(
            [
                _erreur(
                    "nom",
                    "Plusieurs personnes du territoire ont cette date de naissance et un nom "
                    "proche : rapprochement impossible, vérifiez les doublons dans Convergence.",
                )
            ]
        )
    if candidats:
        action, salarie_id = ActionLigne.rapprocher, candidats[0]
    else:
        data = SalarieCreate(chantier_id=p.chantier.id, confirm_distinct=True, **p.identite)
        salarie = await _step(
            salaries.create_salarie(session, actor, context, data), _SALARIE_COLUMNS, "nom"
        )
        action, salarie_id = ActionLigne.creer, salarie.id
    if p.consentement and (
        action == ActionLigne.creer
        or await salaries.active_consent(session, salarie_id, TypeConsentement.usage_evaluation)
        is None
    ):
        consent = ConsentementCreate(
            type=TypeConsentement.usage_evaluation, date_recueil=p.entree["date_entree"]
        )
        await _step(
            salaries.add_consentement(session, actor, context, salarie_id, consent),
            {},
            "consentement_evaluation",
        )
    creation = ParcoursCreate(salarie_id=salarie_id, chantier_id=p.chantier.id, **p.entree)
    parcours = await _step(
        parcours_service.create_parcours(session, actor, context, creation),
        _PARCOURS_COLUMNS,
        "reference_externe",
    )
    if p.diagnostic_entree:
        await _diagnose(
            session,
            actor,
            context,
            parcours.id,
            EtapeDiagnostic.entree,
            p.entree["date_entree"],
            p.diagnostic_entree,
        )
        start = TransitionIn(date=p.entree["date_entree"])
        await _step(
            parcours_service.transition(session, actor, context, parcours.id, "demarrage", start),
            _PARCOURS_COLUMNS,
            "date_entree",
        )
    if p.sortie is not None:
        await _exit(session, actor, context, p, parcours.id)
    return action, parcours.id


async def _current_diagnostic(
    session: AsyncSession, parcours_id: uuid.UUID, etape: EtapeDiagnostic
) -> Diagnostic | None:
    rows = (
        await session.scalars(
            select(Diagnostic)
            .options(selectinload(Diagnostic.domaines))
            .where(
                Diagnostic.parcours_id == parcours_id,
                Diagnostic.etape == etape,
                Diagnostic.statut == StatutDiagnostic.valide,
            )
        )
    ).all()
    replaced = {d.remplace_id for d in rows if d.remplace_id}
    current = [d for d in rows if d.id not in replaced]
    return current[-1] if current else None


def _same_items(diagnostic: Diagnostic, items: list[DomaineIn]) -> bool:
    def key(domaine: str, niveau: int | None, situations: list[str]) -> tuple[Any, ...]:
        return (str(domaine), niveau, tuple(sorted(situations)))

    old = sorted(key(i.domaine, i.niveau, list(i.situations)) for i in diagnostic.domaines)
    new = sorted(key(i.domaine, i.niveau, list(i.situations)) for i in items)
    return old == new


async def _update(
    session: AsyncSession, actor: Actor, context: AuditContext, p: Plan, ref: ImportReference
) -> uuid.UUID:
    """A corrected row: each part that changed goes through the service that owns it."""
    parcours: Parcours = await _step(
        get_parcours(session, actor, ref.parcours_id), {}, "reference_externe"
    )
    if parcours.chantier_id != p.chantier.id:
        raise Rejet([_erreur("chantier", "Le chantier d'un parcours importé ne change pas.")])
    if parcours.date_entree != p.entree["date_entree"]:
        raise Rejet(
            [
                _erreur(
                    "date_entree",
                    "La date d'entrée d'un parcours importé ne se corrige pas par import : "
                    "corrigez le dossier dans Convergence.",
                )
            ]
        )
    salarie = await session.get(Salarie, parcours.salarie_id)
    assert salarie is not None
    identity = {k: v for k, v in p.identite.items() if getattr(salarie, k) != v}
    if identity:
        await _step(
            salaries.update_salarie(
                session, actor, context, salarie.id, salarie.version, SalarieUpdate(**identity)
            ),
            {f"body.{k}": k for k in _SALARIE_COLUMNS},
            "nom",
        )
    entree = {k: v for k, v in p.entree.items() if k != "date_entree"}
    sortie = p.sortie if parcours.date_sortie is not None else None
    if parcours.date_sortie is not None and p.sortie is None:
        raise Rejet([_erreur("date_sortie", "Une sortie enregistrée ne s'annule pas par import.")])
    for etape, items in (
        (EtapeDiagnostic.entree, p.diagnostic_entree),
        (EtapeDiagnostic.sortie, p.diagnostic_sortie if sortie is not None else []),
    ):
        if not items:
            continue
        current = await _current_diagnostic(session, parcours.id, etape)
        date_col = "date_entree" if etape == EtapeDiagnostic.entree else "date_sortie"
        if current is None:
            when = (
                p.entree["date_entree"] if etape == EtapeDiagnostic.entree else parcours.date_sortie
            )
            assert when is not None
            await _diagnose(session, actor, context, parcours.id, etape, when, items)
        elif not _same_items(current, items):
            await _step(
                freins.correct_diagnostic(
                    session, actor, context, current.id, CorrectionIn(domaines=items)
                ),
                _diagnostic_columns(items, etape.value, date_col),
                date_col,
            )
    await _step(
        parcours_sortie.correct_historical(session, actor, context, parcours.id, entree, sortie),
        {**_PARCOURS_COLUMNS, **_EXIT_COLUMNS},
        "date_sortie",
    )
    if parcours.date_sortie is None and p.sortie is not None:
        await _exit(session, actor, context, p, parcours.id)
    return parcours.id


async def run_row(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    donnees: dict[str, str],
    chantiers: Chantiers,
    seen: dict[tuple[uuid.UUID, str], int],
    numero: int,
) -> tuple[ActionLigne, uuid.UUID | None]:
    """One row, in a savepoint: applied whole, or rejected (Rejet) with nothing written."""
    p = plan(donnees, chantiers)
    territoire = p.chantier.territoire_id
    assert territoire is not None
    key = (territoire, p.reference)
    if key in seen:
        raise Rejet([_erreur("reference_externe", f"Référence déjà présente ligne {seen[key]}.")])
    seen[key] = numero
    fingerprint = empreinte(donnees)
    async with session.begin_nested():
        ref = await session.scalar(
            select(ImportReference).where(
                ImportReference.territoire_id == territoire,
                ImportReference.reference_externe == p.reference,
            )
        )
        if ref is not None and ref.empreinte == fingerprint:
            return ActionLigne.inchange, ref.parcours_id
        if ref is not None:
            parcours_id = await _update(session, actor, context, p, ref)
            ref.empreinte, ref.maj_le = fingerprint, utcnow()
            await session.flush()
            return ActionLigne.mettre_a_jour, parcours_id
        action, parcours_id = await _create(session, actor, context, p)
        session.add(
            ImportReference(
                territoire_id=territoire,
                reference_externe=p.reference,
                parcours_id=parcours_id,
                empreinte=fingerprint,
                maj_le=utcnow(),
            )
        )
        await session.flush()
        return action, parcours_id


# --- the import's life ---------------------------------------------------------------------


def visible_imports(actor: Actor) -> Select[ImportFichier]:
    stmt = select(ImportFichier)
    if actor.role == Role.admin_national:
        return stmt
    return stmt.where(ImportFichier.auteur_id == actor.id)


async def get_import(session: AsyncSession, actor: Actor, import_id: uuid.UUID) -> ImportFichier:
    found = await session.scalar(visible_imports(actor).where(ImportFichier.id == import_id))
    if found is None:
        raise ImportNotFound()
    return found


async def create_import(
    session: AsyncSession, actor: Actor, filename: str, content: bytes
) -> ImportFichier:
    """Read the file and keep its rows; the dry run follows (`analyse`)."""
    if len(content) > gabarit.MAX_OCTETS:
        raise FichierRefuse("Fichier trop volumineux (10 Mo au plus).")
    try:
        rows = list(gabarit.read(content, filename))
    except gabarit.FichierIllisible as exc:
        raise FichierRefuse(str(exc)) from None
    if not rows:
        raise FichierRefuse("Le fichier ne contient aucune ligne.")
    if len(rows) > gabarit.MAX_LIGNES:
        raise FichierRefuse(f"{gabarit.MAX_LIGNES} lignes au plus par import.")
    fichier = ImportFichier(
        auteur_id=actor.id,
        territoire_ids=None if actor.national else sorted(str(t) for t in actor.territoire_ids),
        nom_fichier=filename[:200] or "import",
        statut=StatutImport.analyse,
        total=len(rows),
        traitees=0,
        analyse={},
        resultat={},
    )
    session.add(fichier)
    await session.flush()
    lines: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "import_id": fichier.id,
            "numero": index + 2,  # the header is row 1
            "reference_externe": (row.get("reference_externe") or "")[:100] or None,
            "donnees": row,
            "empreinte": empreinte(row),
            "erreurs": [],
        }
        for index, row in enumerate(rows)
    ]
    for start in range(0, len(lines), 1000):
        await session.execute(insert(ImportLigne), lines[start : start + 1000])
    return fichier


def _bulk_context(actor: Actor) -> AuditContext:
    return AuditContext(actor.kind, actor.id, bulk=True)


async def _lines(
    session: AsyncSession, import_id: uuid.UUID, after: int, only_pending: bool
) -> list[ImportLigne]:
    stmt = (
        select(ImportLigne)
        .where(ImportLigne.import_id == import_id, ImportLigne.numero > after)
        .order_by(ImportLigne.numero)
        .limit(BATCH)
    )
    if only_pending:
        stmt = stmt.where(ImportLigne.appliquee.is_(None))
    return list((await session.scalars(stmt)).all())


async def _run_lines(
    session: AsyncSession,
    actor: Actor,
    lines: list[ImportLigne],
    chantiers: Chantiers,
    seen: dict[tuple[uuid.UUID, str], int],
) -> list[tuple[ImportLigne, ActionLigne, list[dict[str, str]], uuid.UUID | None]]:
    context = _bulk_context(actor)
    out: list[tuple[ImportLigne, ActionLigne, list[dict[str, str]], uuid.UUID | None]] = []
    for line in lines:
        try:
            action, parcours_id = await run_row(
                session, actor, context, dict(line.donnees), chantiers, seen, line.numero
            )
            out.append((line, action, [], parcours_id))
        except Rejet as exc:
            out.append((line, ActionLigne.rejeter, exc.erreurs, None))
    return out


async def analyse(
    maker: async_sessionmaker[AsyncSession], import_id: uuid.UUID, actor: Actor
) -> None:
    """The dry run: every row through the services in one transaction, rolled back."""
    results: list[tuple[uuid.UUID, ActionLigne, list[dict[str, str]]]] = []
    try:
        async with maker() as session:
            transaction = await session.begin()
            try:
                chantiers = await Chantiers.load(session)
                seen: dict[tuple[uuid.UUID, str], int] = {}
                after = 0
                while lines := await _lines(session, import_id, after, only_pending=False):
                    for line, action, erreurs, _ in await _run_lines(
                        session, actor, lines, chantiers, seen
                    ):
                        results.append((line.id, action, erreurs))
                    after = lines[-1].numero
                    session.expunge_all()
                    chantiers = await Chantiers.load(session)
            finally:
                await transaction.rollback()
        async with maker() as session, session.begin():
            for start in range(0, len(results), 1000):
                chunk = results[start : start + 1000]
                await session.execute(
                    update(ImportLigne),
                    [{"id": i, "action": a, "erreurs": e} for i, a, e in chunk],
                )
            fichier = await session.get(ImportFichier, import_id)
            assert fichier is not None
            fichier.analyse = dict(Counter(str(a) for _, a, _ in results))
            fichier.statut = StatutImport.analyse_terminee
    except Exception:
        logger.exception("import analysis failed", extra={"import_id": str(import_id)})
        await _fail(maker, import_id)
        raise


async def confirm(session: AsyncSession, actor: Actor, import_id: uuid.UUID) -> ImportFichier:
    fichier = await get_import(session, actor, import_id)
    moved = await session.execute(
        update(ImportFichier)
        .where(
            ImportFichier.id == fichier.id, ImportFichier.statut == StatutImport.analyse_terminee
        )
        .values(statut=StatutImport.application, traitees=0, version=ImportFichier.version + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportNonConfirmable(
            "Seul un import dont l'analyse est terminée, et qui n'est pas déjà appliqué, "
            "peut être confirmé."
        )
    await session.refresh(fichier)
    return fichier


async def apply(
    maker: async_sessionmaker[AsyncSession],
    import_id: uuid.UUID,
    actor: Actor,
    context: AuditContext,
) -> None:
    """The confirmed import, in batches of one transaction each (resumable)."""
    try:
        seen: dict[tuple[uuid.UUID, str], int] = {}
        after = 0
        while True:
            async with maker() as session, session.begin():
                lines = await _lines(session, import_id, after, only_pending=True)
                if not lines:
                    break
                chantiers = await Chantiers.load(session)
                for line, action, erreurs, parcours_id in await _run_lines(
                    session, actor, lines, chantiers, seen
                ):
                    line.appliquee, line.erreurs, line.parcours_id = action, erreurs, parcours_id
                await session.execute(
                    update(ImportFichier)
                    .where(ImportFichier.id == import_id)
                    .values(traitees=ImportFichier.traitees + len(lines))
                )
                after = lines[-1].numero
        async with maker() as session, session.begin():
            counts = await session.execute(
                select(ImportLigne.appliquee, func.count())
                .where(ImportLigne.import_id == import_id)
                .group_by(ImportLigne.appliquee)
            )
            resultat = {str(a): n for a, n in counts if a is not None}
            fichier = await session.get(ImportFichier, import_id)
            assert fichier is not None
            fichier.resultat = resultat
            fichier.traitees = fichier.total
            fichier.statut = StatutImport.terminee
            fichier.termine_le = utcnow()
            # The file's content is not kept once applied: the report needs only the
            # row numbers, references, actions and reasons.
            await session.execute(
                update(ImportLigne).where(ImportLigne.import_id == import_id).values(donnees={})
            )
            await audit.record(
                session,
                context,
                "import",
                object_type="import",
                object_id=import_id,
                details={"lignes": fichier.total, **resultat},
            )
    except Exception:
        logger.exception("import application failed", extra={"import_id": str(import_id)})
        await _fail(maker, import_id)
        raise


async def _fail(maker: async_sessionmaker[AsyncSession], import_id: uuid.UUID) -> None:
    async with maker() as session, session.begin():
        await session.execute(
            update(ImportFichier)
            .where(ImportFichier.id == import_id)
            .values(statut=StatutImport.echouee, termine_le=utcnow())
        )


async def list_lignes(
    session: AsyncSession,
    actor: Actor,
    import_id: uuid.UUID,
    *,
    action: ActionLigne | None,
    after: int,
    limit: int,
) -> tuple[list[ImportLigne], int | None]:
    fichier = await get_import(session, actor, import_id)
    stmt = select(ImportLigne).where(
        ImportLigne.import_id == fichier.id, ImportLigne.numero > after
    )
    if action is not None:
        done = fichier.statut == StatutImport.terminee
        stmt = stmt.where((ImportLigne.appliquee if done else ImportLigne.action) == action)
    rows = list((await session.scalars(stmt.order_by(ImportLigne.numero).limit(limit + 1))).all())
    next_after = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_after = rows[-1].numero
    return rows, next_after


def started(fichier: ImportFichier) -> datetime:
    return fichier.created_at
