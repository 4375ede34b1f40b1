"""data·inclusion: the partner directory in (structures and services), and ours out.

Rows are validated by the schema's own models (`data-inclusion-schema`, v1), never rewritten
here. An import is a dry run first (creations, updates, rejects with their reason), confirmed
by a chargé de partenariat; confirming plans again against the current directory and applies.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Any

from data_inclusion.schema import v1 as di
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.connecteurs.models import ImportDataInclusion, ServicePartenaire, StatutImport
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor, Forbidden
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound, validation_errors
from api.core.permissions import Permission
from api.referentiel import Domaine, Engagement, TypePartenaire, TypeStructure, libelle
from api.structures.models import Structure
from api.territoires.models import Territoire

SOURCE = "convergence"
IMPORT = Permission.structures_write  # who imports the directory of their territoires

# data·inclusion thématique (its category, the part before "--") -> our domaine.
# One table, documented in docs/connecteurs.md. Categories absent here map to nothing.
THEMATIQUES_DOMAINES: dict[str, Domaine] = {
    "choisir-un-metier": Domaine.emploi,
    "creer-une-entreprise": Domaine.emploi,
    "preparer-sa-candidature": Domaine.emploi,
    "trouver-un-emploi": Domaine.emploi,
    "se-former": Domaine.emploi,
    "remobilisation": Domaine.emploi,
    "difficultes-administratives-ou-juridiques": Domaine.droits,
    "difficultes-financieres": Domaine.finances,
    "equipement-et-alimentation": Domaine.finances,
    "famille": Domaine.famille,
    "lecture-ecriture-calcul": Domaine.langue,
    "logement-hebergement": Domaine.logement,
    "mobilite": Domaine.mobilite,
    "numerique": Domaine.numerique,
    "sante": Domaine.sante,
    # "souvrir-a-linternational": no domaine of ours.
}
# The thématiques of the service each chantier publishes (export): a paid job with a global
# accompaniment to get back on one's feet.
CHANTIER_THEMATIQUES = [
    "remobilisation--bien-etre-confiance-en-soi",
    "remobilisation--lien-social",
]


def domaines_of(thematiques: list[str]) -> list[Domaine]:
    found = {THEMATIQUES_DOMAINES.get(t.split("--", 1)[0]) for t in thematiques}
    return sorted((d for d in found if d is not None), key=lambda d: d.value)


class ImportIntrouvable(NotFound):
    code = "import_introuvable"
    detail = "Aucun import ne correspond à cet identifiant."


class ImportDejaApplique(Conflict):
    code = "import_deja_applique"
    detail = "Cet import a déjà été appliqué."


_DEPARTEMENT = re.compile(r"^(\d{2}|2A|2B|97\d)$")
_CODE_INSEE = re.compile(r"^[0-9AB]{5}$")


def lire_filtre(departements: str, codes_insee: str) -> tuple[list[str], list[str]]:
    """The territoire's filter from the form: comma-separated codes, checked."""
    deps = [d.strip().upper() for d in departements.split(",") if d.strip()]
    communes = [c.strip().upper() for c in codes_insee.split(",") if c.strip()]
    if any(not _DEPARTEMENT.match(d) for d in deps):
        raise InvalidField("body.departements", "Codes de département attendus, ex. 75, 2A, 974.")
    if any(not _CODE_INSEE.match(c) for c in communes):
        raise InvalidField("body.codes_insee", "Codes INSEE de communes attendus (5 caractères).")
    if not deps and not communes:
        raise InvalidField("body.departements", "Indiquez les départements ou les communes.")
    return deps, communes


def lire_fichier(content: bytes, field: str) -> list[Any]:
    """A published data·inclusion file: a JSON list of rows."""
    rows = _json(content, field)
    if not isinstance(rows, list):
        raise InvalidField(field, "Une liste de lignes du schéma data·inclusion est attendue.")
    return rows


def lire_fichiers(structures: bytes, services: bytes | None) -> tuple[list[Any], list[Any]]:
    """The published files as they are (`structures.json`, `services.json`: JSON lists), or one
    file holding both, `{"structures": [...], "services": [...]}` (what our export publishes)."""
    data = _json(structures, "body.structures")
    if isinstance(data, dict) and services is None:
        rows, service_rows = data.get("structures"), data.get("services", [])
        if not isinstance(rows, list) or not isinstance(service_rows, list):
            raise InvalidField(
                "body.structures",
                "Le fichier doit contenir les listes « structures » et « services » du schéma "
                "data·inclusion.",
            )
        return rows, service_rows
    if not isinstance(data, list):
        raise InvalidField(
            "body.structures", "Une liste de lignes du schéma data·inclusion est attendue."
        )
    return data, lire_fichier(services, "body.services") if services is not None else []


def _json(content: bytes, field: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise InvalidField(field, "Fichier JSON illisible.") from None


def _departement(code_insee: str | None, code_postal: str | None) -> str | None:
    if code_insee:
        return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]
    if code_postal:
        return code_postal[:3] if code_postal.startswith("97") else code_postal[:2]
    return None


# The schema's fields as the chargé de partenariat reads them in a reject's reason.
CHAMPS: dict[str, str] = {
    "source": "source",
    "id": "identifiant",
    "structure_id": "structure",
    "nom": "nom",
    "date_maj": "date de mise à jour",
    "description": "description",
    "lien_source": "lien vers la source",
    "siret": "SIRET",
    "commune": "commune",
    "code_postal": "code postal",
    "code_insee": "code INSEE de la commune",
    "adresse": "adresse",
    "complement_adresse": "complément d'adresse",
    "telephone": "téléphone",
    "courriel": "courriel",
    "site_web": "site web",
    "type": "type de service",
    "thematiques": "thématiques",
    "publics": "publics",
    "modes_accueil": "modes d'accueil",
    "frais": "frais",
    "reseaux_porteurs": "réseaux porteurs",
}


def _raison(exc: ValidationError) -> str:
    """The first errors of a row, in French: the field's name, then what is wrong."""
    raw = exc.errors(include_input=False, include_url=False)[:3]
    parts = []
    for err, field_error in zip(raw, validation_errors(raw), strict=True):
        names = [p for p in err["loc"] if isinstance(p, str)]
        champ = CHAMPS.get(names[0], names[0].replace("_", " ")) if names else "ligne"
        message = field_error.message
        if err["type"] in ("enum", "literal_error"):
            message = "Valeur inconnue du schéma data·inclusion."
        parts.append(f"{champ} : {message}")
    return " ; ".join(parts)[:300]


def _ident(row: Any) -> str:
    if isinstance(row, dict):
        return str(row.get("id") or "?")[:250]
    return "?"


def _nom(row: Any) -> str | None:
    nom = row.get("nom") if isinstance(row, dict) else None
    return nom[:200] if isinstance(nom, str) and nom.strip() else None


def _rejet(type_: str, row: Any, rang: int, raison: str) -> dict[str, Any]:
    return {"type": type_, "id": _ident(row), "nom": _nom(row), "rang": rang, "raison": raison}


def filtrer_et_valider(
    structures: list[Any],
    services: list[Any],
    departements: list[str],
    codes_insee: list[str],
) -> tuple[list[di.Structure], list[di.Service], list[dict[str, Any]], int]:
    """Rows of the territoire's départements or communes, validated by the schema's models."""
    rejets: list[dict[str, Any]] = []
    kept: list[di.Structure] = []
    hors = 0
    for rang, row in enumerate(structures, start=1):
        try:
            structure = di.Structure.model_validate(row)
        except ValidationError as exc:
            rejets.append(_rejet("structure", row, rang, _raison(exc)))
            continue
        dep = _departement(structure.code_insee, structure.code_postal)
        if dep in departements or (structure.code_insee or "") in codes_insee:
            kept.append(structure)
        else:
            hors += 1
    kept_ids = {s.id for s in kept}
    kept_services: list[di.Service] = []
    for rang, row in enumerate(services, start=1):
        try:
            service = di.Service.model_validate(row)
        except ValidationError as exc:
            rejets.append(_rejet("service", row, rang, _raison(exc)))
            continue
        if service.structure_id in kept_ids:
            kept_services.append(service)
        else:
            hors += 1
    return kept, kept_services, rejets, hors


async def _territoire(session: AsyncSession, actor: Actor, territoire_id: uuid.UUID) -> Territoire:
    if not actor.can(IMPORT):
        raise Forbidden()
    territoire = await session.get(Territoire, territoire_id)
    if territoire is None or (not actor.national and territoire_id not in actor.territoire_ids):
        raise NotFound("Aucun territoire ne correspond à cet identifiant.")
    return territoire


async def _existing(
    session: AsyncSession, structures: list[di.Structure], services: list[di.Service]
) -> tuple[dict[tuple[str, str], Structure], dict[str, Structure], dict[tuple[str, str], Any]]:
    """Existing structures by (source, id) and by SIRET, services by (source, id): 3 queries."""
    keys = {s.id for s in structures}
    sirets = {s.siret for s in structures if s.siret}
    by_key: dict[tuple[str, str], Structure] = {}
    by_siret: dict[str, Structure] = {}
    if keys or sirets:
        rows = (
            await session.scalars(
                select(Structure)
                .options(selectinload(Structure.domaine_rows))
                .where(Structure.di_id.in_(keys) | Structure.siret.in_(sirets))
            )
        ).all()
        for row in rows:
            if row.di_source and row.di_id:
                by_key[(row.di_source, row.di_id)] = row
            if row.siret:
                by_siret[row.siret] = row
    service_keys = {s.id for s in services}
    by_service: dict[tuple[str, str], ServicePartenaire] = {}
    if service_keys:
        for svc in (
            await session.scalars(
                select(ServicePartenaire).where(ServicePartenaire.source_id.in_(service_keys))
            )
        ).all():
            by_service[(svc.source, svc.source_id)] = svc
    return by_key, by_siret, by_service


# What an update changes, as the chargé de partenariat reads it in the dry run.
CHAMPS_STRUCTURE: dict[str, str] = {
    "nom": "Nom",
    "siret": "SIRET",
    "adresse": "Adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "courriel": "Courriel",
    "telephone": "Téléphone",
    "site_web": "Site web",
}
CHAMPS_SERVICE: dict[str, str] = {
    "nom": "Nom",
    "description": "Description",
    "type": "Type de service",
    "thematiques": "Thématiques",
    "publics": "Publics",
    "modes_accueil": "Modes d'accueil",
    "frais": "Frais",
}
_SERVICE_ENUMS: dict[str, type[Any]] = {
    "type": di.TypeService,
    "thematiques": di.Thematique,
    "publics": di.Public,
    "modes_accueil": di.ModeAccueil,
    "frais": di.Frais,
}


def _difference(champ: str, libelle_: str, avant: str | None, apres: str | None) -> dict[str, Any]:
    return {"champ": champ, "libelle": libelle_, "avant": avant, "apres": apres}


def _domaines_libelles(values: set[str]) -> str | None:
    return ", ".join(sorted(libelle(Domaine(v)) for v in values)) or None


def _differences_structure(
    found: Structure, s: di.Structure, domaines: set[str], siret_libre: bool
) -> list[dict[str, Any]]:
    values = _structure_values(s)
    if found.siret is None and s.siret and siret_libre:
        values["siret"] = s.siret
    diffs = [
        _difference(champ, label, getattr(found, champ), values[champ])
        for champ, label in CHAMPS_STRUCTURE.items()
        if champ in values and (getattr(found, champ) or None) != values[champ]
    ]
    before = set(found.domaines)
    if not domaines <= before:
        diffs.append(
            _difference(
                "domaines",
                "Domaines",
                _domaines_libelles(before),
                _domaines_libelles(before | domaines),
            )
        )
    return diffs


def _service_values(svc: di.Service) -> dict[str, Any]:
    return {
        "nom": svc.nom[:200],
        "description": svc.description,
        "type": svc.type.value if svc.type else None,
        "thematiques": sorted(t.value for t in svc.thematiques or []),
        "publics": sorted(p.value for p in svc.publics or []),
        "modes_accueil": sorted(m.value for m in svc.modes_accueil or []),
        "frais": svc.frais.value if svc.frais else None,
        "code_insee": svc.code_insee,
        "date_maj": svc.date_maj,
    }


def _service_texte(champ: str, value: Any) -> str | None:
    """A service's value in words: the schema's own labels for its vocabularies."""
    enum_type = _SERVICE_ENUMS.get(champ)
    if value is None or value == []:
        return None
    if enum_type is None:
        return str(value)
    values = value if isinstance(value, list) else [value]
    return ", ".join(str(enum_type(v).label) for v in values)


def _differences_service(existing: ServicePartenaire, svc: di.Service) -> list[dict[str, Any]]:
    values = _service_values(svc)
    return [
        _difference(
            champ,
            label,
            _service_texte(champ, getattr(existing, champ)),
            _service_texte(champ, values[champ]),
        )
        for champ, label in CHAMPS_SERVICE.items()
        if getattr(existing, champ) != values[champ]
    ]


def _domaines_importes(services: list[di.Service]) -> dict[str, set[str]]:
    """The domaines each structure gets from its services' thématiques (by data·inclusion id)."""
    thematiques: dict[str, list[str]] = {}
    for svc in services:
        thematiques.setdefault(svc.structure_id, []).extend(t.value for t in svc.thematiques or [])
    return {k: {d.value for d in domaines_of(v)} for k, v in thematiques.items()}


async def planifier(
    session: AsyncSession, structures: list[di.Structure], services: list[di.Service]
) -> dict[str, Any]:
    """What applying would do: creations, updates (with what changes), unchanged, rejects (no
    write)."""
    by_key, by_siret, by_service = await _existing(session, structures, services)
    domaines = _domaines_importes(services)
    noms = {s.id: s.nom for s in structures}
    creations: list[dict[str, Any]] = []
    mises_a_jour: list[dict[str, Any]] = []
    rejets: list[dict[str, Any]] = []
    inchangees = 0
    refused: set[str] = set()
    for s in structures:
        found = by_key.get((s.source, s.id)) or (by_siret.get(s.siret) if s.siret else None)
        entry: dict[str, Any] = {"type": "structure", "id": s.id, "nom": s.nom}
        if found is None:
            creations.append(entry)
        elif found.type != TypeStructure.partenaire:
            refused.add(s.id)
            rejets.append(
                {
                    **entry,
                    "raison": "Ce SIRET est celui d'une structure du programme qui n'est pas "
                    "un partenaire : elle n'est pas modifiée par l'import.",
                }
            )
        elif found.di_date_maj is None or s.date_maj > found.di_date_maj:
            siret_libre = bool(s.siret) and s.siret not in by_siret
            entry["differences"] = _differences_structure(
                found, s, domaines.get(s.id, set()), siret_libre
            )
            mises_a_jour.append(entry)
        else:
            inchangees += 1
    for svc in services:
        entry = {
            "type": "service",
            "id": svc.id,
            "nom": svc.nom,
            "structure": noms.get(svc.structure_id),
        }
        if svc.structure_id in refused:
            rejets.append({**entry, "raison": "Sa structure n'est pas importée."})
            continue
        existing = by_service.get((svc.source, svc.id))
        if existing is None:
            creations.append(entry)
        elif svc.date_maj > existing.date_maj:
            entry["differences"] = _differences_service(existing, svc)
            mises_a_jour.append(entry)
        else:
            inchangees += 1
    return {
        "creations": creations,
        "mises_a_jour": mises_a_jour,
        "inchangees": inchangees,
        "rejets": rejets,
    }


async def preparer_import(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    territoire_id: uuid.UUID,
    structures: list[Any],
    services: list[Any],
    departements: list[str],
    codes_insee: list[str],
) -> ImportDataInclusion:
    """The dry run: filter, validate, plan; stored for review, nothing else written."""
    await _territoire(session, actor, territoire_id)
    kept, kept_services, rejets, hors = filtrer_et_valider(
        structures, services, departements, codes_insee
    )
    plan = await planifier(session, kept, kept_services)
    plan["rejets"] = rejets + plan["rejets"]
    plan["hors_perimetre"] = hors
    batch = ImportDataInclusion(
        territoire_id=territoire_id,
        auteur_id=actor.id,
        contenu={
            "structures": [s.model_dump(mode="json") for s in kept],
            "services": [s.model_dump(mode="json") for s in kept_services],
        },
        rapport=plan,
    )
    session.add(batch)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="import_data_inclusion",
        object_id=batch.id,
        details={
            "creations": len(plan["creations"]),
            "mises_a_jour": len(plan["mises_a_jour"]),
            "rejets": len(plan["rejets"]),
        },
    )
    return batch


async def get_import(
    session: AsyncSession, actor: Actor, import_id: uuid.UUID
) -> ImportDataInclusion:
    batch = await session.get(ImportDataInclusion, import_id)
    if batch is None:
        raise ImportIntrouvable()
    try:
        await _territoire(session, actor, batch.territoire_id)
    except NotFound:
        raise ImportIntrouvable() from None
    return batch


def _structure_values(s: di.Structure) -> dict[str, Any]:
    adresse = ", ".join(p for p in (s.adresse, s.complement_adresse) if p) or None
    return {
        "nom": s.nom[:200],
        "adresse": adresse[:250] if adresse else None,
        "code_postal": s.code_postal,
        "commune": s.commune[:120] if s.commune else None,
        "courriel": str(s.courriel) if s.courriel else None,
        "telephone": s.telephone[:20] if s.telephone else None,
        "site_web": str(s.site_web)[:250] if s.site_web else None,
        "di_source": s.source,
        "di_id": s.id,
        "di_date_maj": s.date_maj,
    }


async def confirmer_import(
    session: AsyncSession, actor: Actor, context: AuditContext, import_id: uuid.UUID
) -> ImportDataInclusion:
    """Apply: upsert by (source, id), then SIRET; engagement, conventions, contacts, type and
    the domaines set by hand are kept (imported domaines are added)."""
    batch = await get_import(session, actor, import_id)
    if batch.statut != StatutImport.a_confirmer:
        raise ImportDejaApplique()
    territoire = await session.get(Territoire, batch.territoire_id)
    assert territoire is not None
    structures = [di.Structure.model_validate(r) for r in batch.contenu["structures"]]
    services = [di.Service.model_validate(r) for r in batch.contenu["services"]]
    plan = await planifier(session, structures, services)
    by_key, by_siret, by_service = await _existing(session, structures, services)
    to_write = {(e["type"], e["id"]) for e in plan["creations"] + plan["mises_a_jour"]}
    domaines_importes = _domaines_importes(services)
    by_di_id: dict[str, Structure] = {}
    for s in structures:
        found = by_key.get((s.source, s.id)) or (by_siret.get(s.siret) if s.siret else None)
        if found is not None:
            by_di_id[s.id] = found
        if ("structure", s.id) not in to_write:
            continue
        values = _structure_values(s)
        domaines = domaines_importes.get(s.id, set())
        if found is None:
            found = Structure(
                type=TypeStructure.partenaire,
                siret=s.siret,
                territoire_id=territoire.id,
                type_partenaire=TypePartenaire.autre,
                engagement=Engagement.contact,
                activites_support=[],
                contacts=[],
                territoires_servis=[territoire],
                **values,
            )
            found.domaines = sorted(domaines)
            session.add(found)
            await session.flush()
            action = "create"
        else:
            for key, value in values.items():
                setattr(found, key, value)
            if found.siret is None and s.siret and s.siret not in by_siret:
                found.siret = s.siret
            found.domaines = sorted(set(found.domaines) | domaines)
            found.updated_at = utcnow()
            found.version += 1
            action = "update"
        by_di_id[s.id] = found
        await audit.record(
            session,
            context,
            action,
            object_type="structure",
            object_id=found.id,
            details={"source": "data_inclusion", "di_id": s.id},
        )
    for svc in services:
        if ("service", svc.id) not in to_write or svc.structure_id not in by_di_id:
            continue
        values_svc = {"structure_id": by_di_id[svc.structure_id].id, **_service_values(svc)}
        existing = by_service.get((svc.source, svc.id))
        if existing is None:
            session.add(ServicePartenaire(source=svc.source, source_id=svc.id, **values_svc))
        else:
            for key, value in values_svc.items():
                setattr(existing, key, value)
            existing.updated_at = utcnow()
            existing.version += 1
    batch.statut = StatutImport.applique
    batch.applique_le = utcnow()
    batch.rapport = {**batch.rapport, "applique": {**plan}}
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="import_data_inclusion",
        object_id=batch.id,
        details={
            "transition": "application",
            "creations": len(plan["creations"]),
            "mises_a_jour": len(plan["mises_a_jour"]),
        },
    )
    return batch


# --- export -----------------------------------------------------------------------------------


def _url(value: str | None) -> str | None:
    if value and value.startswith(("http://", "https://")):
        return value
    return None


async def exporter(session: AsyncSession) -> dict[str, list[dict[str, Any]]]:
    """Our network as a data·inclusion source: chantiers and partners we enter ourselves (rows
    imported from another source are theirs to publish), structure-level contact only."""
    rows = (
        await session.scalars(
            select(Structure)
            .options(selectinload(Structure.domaine_rows))
            .where(
                Structure.type.in_([TypeStructure.chantier, TypeStructure.partenaire]),
                Structure.di_source.is_(None),
            )
            .order_by(Structure.nom, Structure.id)
        )
    ).all()
    structures: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    for s in rows:
        sid = f"{SOURCE}--{s.id}"
        maj = min(s.updated_at.date(), date.today())
        structures.append(
            {
                "source": SOURCE,
                "id": sid,
                "nom": s.nom if len(s.nom) >= 3 else f"{s.nom} (Convergence)",
                "date_maj": maj.isoformat(),
                "siret": s.siret,
                "commune": s.commune,
                "code_postal": s.code_postal,
                "adresse": s.adresse,
                "courriel": s.courriel,
                "telephone": s.telephone,
                "site_web": _url(s.site_web),
                "description": None,
            }
        )
        if s.type == TypeStructure.chantier:
            services.append(
                {
                    "source": SOURCE,
                    "structure_id": sid,
                    "id": f"{SOURCE}--{s.id}--emploi",
                    "nom": "Emploi salarié en chantier d'insertion Convergence",
                    "description": (
                        "Contrat à durée déterminée d'insertion (CDDI) dans un chantier du "
                        "programme Convergence, pour des personnes en grande précarité, avec un "
                        "accompagnement global (logement, santé, droits, emploi)."
                    ),
                    "date_maj": maj.isoformat(),
                    "type": "accompagnement",
                    "thematiques": CHANTIER_THEMATIQUES,
                    "publics": ["personnes-en-situation-durgence"],
                    "modes_accueil": ["en-presentiel"],
                    "frais": "gratuit",
                }
            )
    return {"structures": structures, "services": services}
