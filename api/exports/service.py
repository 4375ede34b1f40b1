"""Exports: indicators (CSV, Excel), parcours for payroll reconciliation, evaluation dataset.

Row exports are streamed in keyset batches read by a session of the stream's own
(the request's session is committed before the body is sent): memory stays flat
whatever the number of rows.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.auth import Actor
from api.core.db import allow_long_statements, utcnow
from api.identity.models import UserAccount
from api.indicateurs import definitions
from api.indicateurs.schemas import Cellule, IndicateursOut
from api.parcours.acces import visible_parcours
from api.parcours.models import Contrat, Parcours
from api.referentiel import SEUIL_SECRET, CategorieSortie, Domaine, StatutParcours, TypeConsentement
from api.referentiel import SORTIES_DYNAMIQUES as DYNAMIQUES
from api.salaries.models import Consentement, Salarie
from api.statistiques.models import StatistiqueParcours
from api.structures.models import Structure
from api.territoires.models import Territoire

BATCH = 1000
# Each batch is one short statement; the stream's transaction may last longer than a request.
EXPORT_STATEMENT_TIMEOUT_MS = 300_000
CSV_DIALECT = {"delimiter": ";", "lineterminator": "\r\n"}
BOM = "\ufeff"  # Excel opens UTF-8 CSV files correctly with it


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{utcnow().date().isoformat()}.{extension}"


def disposition(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def _csv_line(writer: Any, buffer: io.StringIO, row: Sequence[Any]) -> None:
    writer.writerow(["" if v is None else v for v in row])


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".replace(".", ",")


# --- indicators ---------------------------------------------------------------------------

INDICATOR_HEADER = [
    "Regroupement",
    "Clé",
    "Libellé",
    "Indicateur",
    "Code",
    "Numérateur",
    "Dénominateur",
    "Taux",
    "Masqué",
]


def indicator_rows(cells: Iterable[Cellule]) -> Iterable[list[Any]]:
    for cell in cells:
        for item in cell.indicateurs:
            yield [
                cell.type.value,
                cell.cle or "",
                cell.libelle,
                item.libelle,
                item.code.value,
                f"< {SEUIL_SECRET}" if item.numerateur is None else item.numerateur,
                f"< {SEUIL_SECRET}"
                if item.denominateur is None and item.masque and item.numerateur is not None
                else item.denominateur,
                _rate(item.taux),
                "oui" if item.masque else "non",
            ]


async def indicators_csv(result: IndicateursOut) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, **CSV_DIALECT)  # type: ignore[arg-type]
    buffer.write(BOM)
    writer.writerow(INDICATOR_HEADER)
    for row in indicator_rows([result.total, *result.groupes]):
        _csv_line(writer, buffer, row)
    yield buffer.getvalue()


def indicators_xlsx(sheets: list[tuple[str, IndicateursOut]]) -> bytes:
    """One sheet per grouping, then the definitions."""
    from openpyxl import Workbook  # imported on first use: API processes start without it

    book = Workbook(write_only=True)
    for title, result in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(INDICATOR_HEADER)
        for row in indicator_rows([result.total, *result.groupes]):
            sheet.append(row)
    sheet = book.create_sheet(title="Définitions")
    sheet.append(["Code", "Indicateur", "Dénominateur", "Règle"])
    for d in definitions.DEFINITIONS:
        denominator = definitions.BY_CODE[d.denominateur].libelle if d.denominateur else ""
        sheet.append([d.code.value, d.libelle, denominator, d.regle])
    for note in (definitions.PERIODES, definitions.DUREE, definitions.DELAI, definitions.MASQUAGE):
        sheet.append(["", "", "", note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- parcours (nominative, no health details) -----------------------------------------------

PARCOURS_HEADER = [
    "Parcours",
    "Nom",
    "Prénoms",
    "Nom d'usage",
    "Date de naissance",
    "Territoire",
    "Chantier",
    "Statut",
    "Date d'entrée",
    "Date de sortie",
    "Motif de sortie",
    "Catégorie de sortie",
    "Contrat en cours",
    "Début du contrat",
    "Fin du contrat",
    "Heures hebdomadaires",
    "Référent",
    "PASS IAE",
    "Fin du PASS IAE",
]


def parcours_query(
    actor: Actor,
    territoire: uuid.UUID | None,
    chantier: uuid.UUID | None,
    statut: StatutParcours | None,
) -> Any:
    visible = visible_parcours(actor).with_only_columns(Parcours.id).scalar_subquery()
    stmt: Any = (
        select(
            Parcours.id,
            Salarie.nom,
            Salarie.prenoms,
            Salarie.nom_usage,
            Salarie.date_naissance,
            Territoire.nom.label("territoire"),
            Structure.nom.label("chantier"),
            Parcours.statut,
            Parcours.date_entree,
            Parcours.date_sortie,
            Parcours.motif_sortie,
            Parcours.categorie_sortie,
            UserAccount.prenom.label("referent_prenom"),
            UserAccount.nom.label("referent_nom"),
            Parcours.pass_iae,
            Parcours.pass_iae_fin,
        )
        .join(Salarie, Salarie.id == Parcours.salarie_id)
        .join(Structure, Structure.id == Parcours.chantier_id)
        .join(Territoire, Territoire.id == Salarie.territoire_id)
        .outerjoin(UserAccount, UserAccount.id == Parcours.referent_id)
        .where(Parcours.id.in_(visible))
        .order_by(Parcours.id)
    )
    if territoire is not None:
        stmt = stmt.where(Salarie.territoire_id == territoire)
    if chantier is not None:
        stmt = stmt.where(Parcours.chantier_id == chantier)
    if statut is not None:
        stmt = stmt.where(Parcours.statut == statut)
    return stmt


async def _latest_contracts(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    ranked = (
        select(
            Contrat.parcours_id,
            Contrat.type,
            Contrat.date_debut,
            Contrat.date_fin,
            Contrat.heures_hebdo,
            func.row_number()
            .over(partition_by=Contrat.parcours_id, order_by=Contrat.date_debut.desc())
            .label("rang"),
        )
        .where(Contrat.parcours_id.in_(ids))
        .subquery()
    )
    rows = await session.execute(select(ranked).where(ranked.c.rang == 1))
    return {r.parcours_id: r for r in rows}


async def parcours_csv(
    maker: async_sessionmaker[AsyncSession], stmt: Select[Any]
) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, **CSV_DIALECT)  # type: ignore[arg-type]
    buffer.write(BOM)
    writer.writerow(PARCOURS_HEADER)
    yield buffer.getvalue()
    last: uuid.UUID | None = None
    async with maker() as session:
        await allow_long_statements(session, EXPORT_STATEMENT_TIMEOUT_MS)
        while True:
            page = stmt if last is None else stmt.where(Parcours.id > last)
            rows = (await session.execute(page.limit(BATCH))).all()
            if not rows:
                return
            contracts = await _latest_contracts(session, [r.id for r in rows])
            buffer.seek(0)
            buffer.truncate()
            for r in rows:
                c = contracts.get(r.id)
                referent = f"{r.referent_prenom} {r.referent_nom}" if r.referent_nom else ""
                _csv_line(
                    writer,
                    buffer,
                    [
                        r.id,
                        r.nom,
                        r.prenoms,
                        r.nom_usage,
                        r.date_naissance,
                        r.territoire,
                        r.chantier,
                        r.statut,
                        r.date_entree,
                        r.date_sortie,
                        r.motif_sortie,
                        r.categorie_sortie,
                        c.type if c else "",
                        c.date_debut if c else "",
                        c.date_fin if c else "",
                        str(c.heures_hebdo).replace(".", ",") if c else "",
                        referent,
                        r.pass_iae or "",
                        r.pass_iae_fin or "",
                    ],
                )
            last = rows[-1].id
            yield buffer.getvalue()


# --- evaluation dataset (pseudonymised, consented) ------------------------------------------


def pseudonym(key: bytes, salarie_id: uuid.UUID) -> str:
    """Keyed HMAC of the person's id: stable across exports, useless without the key."""
    return hmac.new(key, salarie_id.bytes, hashlib.sha256).hexdigest()[:20]


def evaluation_key(secret_key: str, configured: str) -> bytes:
    if configured:
        return configured.encode()
    return hmac.new(secret_key.encode(), b"convergence-evaluation", hashlib.sha256).digest()


SP = StatistiqueParcours

# The indicators' per-parcours flags, exported as they are stored in the statistical records
# (computed once, by `api/statistiques/service._record` with the rules of
# `api/freins/evolution.py`): the dataset and the indicators can't disagree.
EVALUATION_FLAGS = (
    "en_logement_sortie",
    "logement_ameliore",
    "sante_amelioree",
    "droits_accrus",
)
SUIVI_COLUMNS = tuple(
    f"suivi{n}_{key}" for n in (6, 12) for key in ("mois_prevu", "tenu", "emploi", "logement")
)
EVALUATION_HEADER = [
    "pseudonyme",
    "tranche_age_entree",
    "sexe",
    "territoire",
    "chantier",
    "annee_entree",
    "mois_entree",
    "annee_sortie",
    "mois_sortie",
    "parcours_de_rue",
    "duree_rue_mois",
    *[f"niveau_entree_{d.value}" for d in Domaine],
    *[f"niveau_sortie_{d.value}" for d in Domaine],
    "groupe_logement_entree",
    "groupe_logement_sortie",
    "motif_sortie",
    "categorie_sortie",
    "sortie_comptee",
    "sortie_dynamique",
    *EVALUATION_FLAGS,
    "duree_mois",
    *SUIVI_COLUMNS,
]


def consented(today: date) -> Any:
    """People whose consent to evaluation use is on file and not withdrawn."""
    return (
        select(Consentement.salarie_id)
        .where(
            Consentement.type == TypeConsentement.usage_evaluation,
            Consentement.revoque_le.is_(None),
            Consentement.date_recueil <= today,
        )
        .scalar_subquery()
    )


def evaluation_population(today: date) -> Any:
    """Records in the evaluation dataset: people who consent now, and the rows retention kept.

    Retention keeps the pseudonymised row of a person whose consent was active when the file
    was anonymised (`pseudonyme_evaluation`); an erasure on request takes it with the file.
    """
    return or_(
        and_(SP.salarie_id.is_not(None), SP.salarie_id.in_(consented(today))),
        and_(SP.salarie_id.is_(None), SP.pseudonyme_evaluation.is_not(None)),
    )


def evaluation_selection(
    annee_sortie: int | None = None, cohorte_entree: int | None = None
) -> list[Any]:
    """The evaluator's choice: the exits of a year, or the people who entered in a year."""
    where: list[Any] = []
    if annee_sortie is not None:
        where.append(SP.annee_sortie == annee_sortie)
    if cohorte_entree is not None:
        where.append(SP.annee_entree == cohorte_entree)
    return where


def _flag(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


def _month(value: date | None) -> str:
    return "" if value is None else f"{value.year:04d}-{value.month:02d}"


def evaluation_row(r: StatistiqueParcours, key: bytes, chantier: str, territoire: str) -> list[Any]:
    if r.salarie_id is not None:
        pseudo = pseudonym(key, r.salarie_id)
    else:
        pseudo = r.pseudonyme_evaluation or ""
    months = round(r.duree_jours / 30.4375, 1) if r.duree_jours is not None else None
    counted = r.categorie_sortie is not None and r.categorie_sortie != CategorieSortie.retrait
    return [
        pseudo,
        r.tranche_age,
        r.sexe,
        territoire,
        chantier,
        r.annee_entree,
        _month(r.mois_entree),
        r.annee_sortie,
        _month(r.mois_sortie),
        _flag(r.parcours_de_rue),
        r.duree_rue_mois,
        *[r.niveaux_entree.get(d.value) for d in Domaine],
        *[r.niveaux_sortie.get(d.value) for d in Domaine],
        r.groupe_logement_entree,
        r.groupe_logement_sortie,
        r.motif_sortie,
        r.categorie_sortie,
        _flag(counted) if r.categorie_sortie is not None else "",
        _flag(r.categorie_sortie in DYNAMIQUES) if r.categorie_sortie is not None else "",
        *[_flag(getattr(r, name)) for name in EVALUATION_FLAGS],
        "" if months is None else str(months).replace(".", ","),
        _month(r.suivi6_prevu),
        _flag(r.suivi6_tenu),
        _flag(r.suivi6_emploi),
        _flag(r.suivi6_logement),
        _month(r.suivi12_prevu),
        _flag(r.suivi12_tenu),
        _flag(r.suivi12_emploi),
        _flag(r.suivi12_logement),
    ]


async def evaluation_csv(
    maker: async_sessionmaker[AsyncSession], key: bytes, selection: Sequence[Any] = ()
) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, **CSV_DIALECT)  # type: ignore[arg-type]
    buffer.write(BOM)
    writer.writerow(EVALUATION_HEADER)
    yield buffer.getvalue()
    population = and_(evaluation_population(utcnow().date()), *selection)
    async with maker() as session:
        await allow_long_statements(session, EXPORT_STATEMENT_TIMEOUT_MS)
        sizes = await session.execute(
            select(SP.chantier_id, func.count()).where(population).group_by(SP.chantier_id)
        )
        large = {cid for cid, n in sizes if n >= SEUIL_SECRET}
        chantiers = select(Structure.id, Structure.nom).where(Structure.id.in_(large))
        names = {cid: nom for cid, nom in await session.execute(chantiers)}
        territoires = select(Territoire.id, Territoire.code)
        codes = {tid: code for tid, code in await session.execute(territoires)}
        stmt = select(SP).where(population).order_by(SP.parcours_id)
        last: uuid.UUID | None = None
        while True:
            page = stmt if last is None else stmt.where(SP.parcours_id > last)
            records = (await session.scalars(page.limit(BATCH))).all()
            if not records:
                return
            buffer.seek(0)
            buffer.truncate()
            for r in records:
                row = evaluation_row(
                    r, key, names.get(r.chantier_id, "autres"), codes.get(r.territoire_id, "")
                )
                _csv_line(writer, buffer, row)
            last = records[-1].parcours_id
            yield buffer.getvalue()
