"""The import template: its columns, allowed values, example rows, and reading a file.

One row per parcours. Values use the référentiel's codes (the same as the API's); the
template's "Valeurs autorisées" sheet lists them with their French labels. The documented
copies in docs/ (`docs/import-gabarit.xlsx`, `docs/import-exemple.csv`) are written by
`convergence import-gabarit` from the starting référentiel and kept in step by a test.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from api.referentiel import (
    GroupeLogement,
    MotifSortie,
    Prescripteur,
    ResultatSuivi,
    Sexe,
    SituationLogement,
)
from api.referentiel.libelles import libelle

DOMAINES_DIAGNOSTIC = ("logement", "sante", "droits", "emploi")
ETAPES = ("entree", "sortie")
ECHEANCES = (6, 12)
SEPARATEUR_SITUATIONS = "|"
MAX_LIGNES = 20_000
MAX_OCTETS = 10 * 1024 * 1024


@dataclass(frozen=True)
class Colonne:
    nom: str
    description: str
    obligatoire: bool = False
    valeurs: str | None = None  # the name of a list of the "Valeurs autorisées" sheet


def _diagnostic_columns() -> list[Colonne]:
    out: list[Colonne] = []
    for etape in ETAPES:
        moment = "à l'entrée" if etape == "entree" else "à la sortie"
        for domaine in DOMAINES_DIAGNOSTIC:
            out.append(
                Colonne(
                    f"niveau_{domaine}_{etape}",
                    f"Niveau de frein {domaine} {moment}, de 0 (aucun) à 3 (bloquant). "
                    "Vide : domaine non évalué.",
                    valeurs="niveau",
                )
            )
            if domaine != "logement":  # housing: the situation columns of the parcours
                out.append(
                    Colonne(
                        f"situations_{domaine}_{etape}",
                        f"Situations {domaine} {moment}, codes du référentiel séparés par "
                        f"« {SEPARATEUR_SITUATIONS} » (le niveau est alors obligatoire).",
                        valeurs=f"situations_{domaine}",
                    )
                )
    return out


COLONNES: tuple[Colonne, ...] = (
    Colonne(
        "reference_externe",
        "Identifiant du parcours dans votre fichier d'origine (unique par territoire) : un "
        "second import de la même référence met à jour le parcours au lieu d'en créer un.",
        obligatoire=True,
    ),
    Colonne("nom", "Nom de naissance.", obligatoire=True),
    Colonne("prenoms", "Prénoms.", obligatoire=True),
    Colonne("nom_usage", "Nom d'usage, s'il diffère."),
    Colonne("date_naissance", "Date de naissance (AAAA-MM-JJ ou JJ/MM/AAAA).", obligatoire=True),
    Colonne("sexe", "Sexe.", valeurs="sexe"),
    Colonne(
        "chantier",
        "Le chantier, par son nom exact dans Convergence ou son SIRET (14 chiffres).",
        obligatoire=True,
    ),
    Colonne("date_entree", "Date d'entrée dans le parcours.", obligatoire=True),
    Colonne(
        "prescripteur",
        "Qui a orienté la personne. Vide : « autre » avec la mention « non renseigné ».",
        valeurs="prescripteur",
    ),
    Colonne("parcours_de_rue", "A connu la rue avant l'entrée : oui ou non.", valeurs="oui_non"),
    Colonne("duree_rue_mois", "Durée du parcours de rue, en mois."),
    Colonne(
        "logement_entree",
        "Situation de logement à l'entrée.",
        obligatoire=True,
        valeurs="situation_logement",
    ),
    *_diagnostic_columns(),
    Colonne("date_sortie", "Date de sortie du chantier. Vide : parcours en cours (non sorti)."),
    Colonne(
        "motif_sortie",
        "Motif de sortie (la catégorie officielle en découle). Obligatoire avec une sortie.",
        valeurs="motif_sortie",
    ),
    Colonne(
        "logement_sortie",
        "Situation de logement à la sortie. Obligatoire avec une sortie.",
        valeurs="situation_logement",
    ),
    Colonne("employeur_sortie", "Employeur à la sortie (facultatif pour une sortie historique)."),
    Colonne(
        "justification_duree",
        "Justification écrite d'un parcours de plus de 24 mois (obligatoire au-delà).",
    ),
    *[
        c
        for n in ECHEANCES
        for c in (
            Colonne(
                f"suivi{n}_resultat",
                f"Suivi à {n} mois d'une sortie historique, s'il est connu : personne jointe "
                "ou non. Vide : non suivi (données historiques), compté comme inconnu.",
                valeurs="resultat_suivi",
            ),
            Colonne(
                f"suivi{n}_en_emploi",
                f"Suivi à {n} mois : en emploi (oui ou non), si la personne a été jointe.",
                valeurs="oui_non",
            ),
            Colonne(
                f"suivi{n}_logement",
                f"Suivi à {n} mois : groupe de logement, si la personne a été jointe.",
                valeurs="groupe_logement",
            ),
        )
    ],
    Colonne(
        "consentement_evaluation",
        "La personne a consenti à l'usage pseudonymisé de ses données pour l'évaluation "
        "(oui ou non) ; recueilli à la date d'entrée.",
        valeurs="oui_non",
    ),
)
NOMS = tuple(c.nom for c in COLONNES)
PAR_NOM = {c.nom: c for c in COLONNES}


def valeurs_autorisees(
    situations: dict[str, list[tuple[str, str]]],
) -> dict[str, list[tuple[str, str]]]:
    """Every list of allowed values, as (code, French label)."""
    return {
        "oui_non": [("oui", "Oui"), ("non", "Non")],
        "niveau": [("0", "Pas de frein"), ("1", "Léger"), ("2", "Important"), ("3", "Bloquant")],
        "sexe": [(s.value, libelle(s)) for s in Sexe],
        "prescripteur": [(p.value, libelle(p)) for p in Prescripteur],
        "situation_logement": list(situations.get("logement", []))
        or [(s.value, libelle(s)) for s in SituationLogement],
        "motif_sortie": [(m.value, libelle(m)) for m in MotifSortie],
        "resultat_suivi": [(r.value, libelle(r)) for r in ResultatSuivi],
        "groupe_logement": [(g.value, libelle(g)) for g in GroupeLogement],
        **{
            f"situations_{d}": list(situations.get(d, []))
            for d in DOMAINES_DIAGNOSTIC
            if d != "logement"
        },
    }


EXEMPLE: tuple[dict[str, str], ...] = (
    {
        "reference_externe": "EVAL2017-001",
        "nom": "Exemple",
        "prenoms": "Camille",
        "date_naissance": "1975-04-12",
        "sexe": "femme",
        "chantier": "Ressourcerie du Canal",
        "date_entree": "2015-03-02",
        "prescripteur": "maraude",
        "parcours_de_rue": "oui",
        "duree_rue_mois": "36",
        "logement_entree": "sans_abri",
        "niveau_logement_entree": "3",
        "niveau_sante_entree": "3",
        "situations_sante_entree": "sans_couverture",
        "niveau_droits_entree": "3",
        "situations_droits_entree": "domiciliation",
        "niveau_emploi_entree": "3",
        "niveau_logement_sortie": "1",
        "niveau_sante_sortie": "1",
        "situations_sante_sortie": "complementaire|medecin_traitant",
        "niveau_droits_sortie": "1",
        "situations_droits_sortie": "domiciliation|piece_identite|css",
        "niveau_emploi_sortie": "1",
        "date_sortie": "2017-05-15",
        "motif_sortie": "cdi",
        "logement_sortie": "residence_sociale",
        "justification_duree": "Durée adaptée Convergence : accès au logement en cours.",
        "suivi6_resultat": "joint",
        "suivi6_en_emploi": "oui",
        "suivi6_logement": "logement_adapte",
        "consentement_evaluation": "oui",
    },
    {
        "reference_externe": "EVAL2017-002",
        "nom": "Modèle",
        "prenoms": "Dominique",
        "date_naissance": "12/09/1968",
        "sexe": "homme",
        "chantier": "Ressourcerie du Canal",
        "date_entree": "2016-01-11",
        "parcours_de_rue": "oui",
        "duree_rue_mois": "120",
        "logement_entree": "urgence_115",
        "niveau_sante_entree": "2",
        "situations_sante_entree": "couverture_base",
        "niveau_sante_sortie": "2",
        "situations_sante_sortie": "couverture_base|medecin_traitant",
        "niveau_droits_entree": "2",
        "situations_droits_entree": "piece_identite",
        "niveau_droits_sortie": "2",
        "situations_droits_sortie": "piece_identite",
        "date_sortie": "2017-09-29",
        "motif_sortie": "formation_qualifiante",
        "logement_sortie": "chrs",
        "consentement_evaluation": "oui",
    },
    {
        "reference_externe": "EVAL2017-003",
        "nom": "Essai",
        "prenoms": "Alix",
        "date_naissance": "1990-13-01",
        "chantier": "Chantier inconnu",
        "date_entree": "2016-06-01",
        "logement_entree": "tente",
        "date_sortie": "2017-02-01",
        "motif_sortie": "chomage",
        "logement_sortie": "heberge_chez_un_tiers",
        "niveau_sante_sortie": "5",
    },
)


# --- writing -------------------------------------------------------------------------------


def csv_text(rows: Sequence[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(NOMS)
    for row in rows:
        writer.writerow([row.get(n, "") for n in NOMS])
    return "\ufeff" + buffer.getvalue()


def xlsx_bytes(situations: dict[str, list[tuple[str, str]]]) -> bytes:
    """Three sheets: the rows (with the example), the columns, the allowed values."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Parcours"
    sheet.append(list(NOMS))
    for row in EXEMPLE:
        sheet.append([row.get(n, "") for n in NOMS])
    columns = book.create_sheet("Colonnes")
    columns.append(["Colonne", "Obligatoire", "Valeurs", "Description"])
    for c in COLONNES:
        columns.append([c.nom, "oui" if c.obligatoire else "non", c.valeurs or "", c.description])
    values = book.create_sheet("Valeurs autorisées")
    values.append(["Liste", "Code", "Libellé"])
    for name, items in valeurs_autorisees(situations).items():
        for code, label in items:
            values.append([name, code, label])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading -------------------------------------------------------------------------------


class FichierIllisible(ValueError):
    """The file can't be read as the template (the message is French, for the user)."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()[:10]  # a date cell of a spreadsheet
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_of(header: list[str], rows: Iterator[list[str]]) -> Iterator[dict[str, str]]:
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c.nom for c in COLONNES if c.obligatoire and c.nom not in names]
    if missing:
        raise FichierIllisible("Colonnes obligatoires absentes : " + ", ".join(missing) + ".")
    unknown = [n for n in names if n and n not in PAR_NOM]
    if unknown:
        raise FichierIllisible("Colonnes inconnues : " + ", ".join(unknown) + ".")
    for values in rows:
        if not any(v.strip() for v in values):
            continue
        yield {n: v.strip() for n, v in zip(names, values, strict=False) if n}


def read(content: bytes, filename: str) -> Iterator[dict[str, str]]:
    """The rows of a CSV (`;` or `,`, UTF-8) or XLSX file, as {column: text}."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise FichierIllisible("Classeur Excel illisible.") from exc
        sheet = book["Parcours"] if "Parcours" in book.sheetnames else book.worksheets[0]
        it = (list(map(_cell, r)) for r in sheet.iter_rows(values_only=True))
        header = next(it, None)
        if header is None:
            raise FichierIllisible("Le fichier est vide.")
        yield from _rows_of(header, it)
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FichierIllisible("Le fichier CSV doit être encodé en UTF-8.") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise FichierIllisible("Le fichier est vide.")
    yield from _rows_of(header, reader)
