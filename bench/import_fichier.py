"""A generated import file of historical parcours, valid, invalid and duplicate rows mixed.

Used by tests/imports/ (exact dry-run report) and bench/import.py (time and memory).
Every 20 rows: 17 new people, one invalid row (a reason per cell), one row repeating the
reference of the row above (rejected), one second parcours of a person of the file
(matched by the duplicate rules). All exits are historical (2015-2020).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

MOTIFS = (
    "cdi",
    "cdd_interim_6_mois_ou_plus",
    "cdd_interim_moins_6_mois",
    "formation_qualifiante",
    "chomage",
    "sans_nouvelle",
    "embauche_autre_siae",
    "transfert_employeur",
)
LOGEMENT_ENTREE = ("sans_abri", "urgence_115", "chrs", "heberge_chez_un_tiers", "squat")
LOGEMENT_SORTIE = ("residence_sociale", "locataire_parc_social", "chrs", "sans_abri", "chu")
INVALID = (
    ("date_entree", "2016-02-30"),
    ("motif_sortie", "licenciement"),
    ("nom", ""),
    ("niveau_sante_entree", "7"),
)


def _months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


def _row(i: int, prefix: str, chantier: str) -> dict[str, str]:
    entree = date(2014 + i % 4, 1 + i % 12, 1 + i % 28)
    sortie = _months(entree, 12 + i % 10)
    improved = i % 4 != 3
    row = {
        "reference_externe": f"{prefix}-{i:05d}",
        "nom": f"Historique{i}",
        "prenoms": "Essai",
        "date_naissance": (date(1950, 1, 1) + timedelta(days=i)).isoformat(),
        "sexe": ("femme", "homme")[i % 2],
        "chantier": chantier,
        "date_entree": entree.isoformat(),
        "parcours_de_rue": "oui" if i % 4 else "non",
        "logement_entree": LOGEMENT_ENTREE[i % len(LOGEMENT_ENTREE)],
        "niveau_logement_entree": "3",
        "niveau_sante_entree": "2",
        "situations_sante_entree": "couverture_base",
        "niveau_droits_entree": "2",
        "situations_droits_entree": "domiciliation",
        "niveau_emploi_entree": "3",
        "niveau_logement_sortie": "1",
        # Every other improvement is of the level only (the situations don't change).
        "niveau_sante_sortie": "1" if improved else "2",
        "situations_sante_sortie": (
            "complementaire|medecin_traitant" if improved and i % 2 else "couverture_base"
        ),
        "niveau_droits_sortie": "1",
        "situations_droits_sortie": "domiciliation|piece_identite" if i % 3 else "domiciliation",
        "niveau_emploi_sortie": "1",
        "date_sortie": sortie.isoformat(),
        "motif_sortie": MOTIFS[i % len(MOTIFS)],
        "logement_sortie": LOGEMENT_SORTIE[i % len(LOGEMENT_SORTIE)],
        "consentement_evaluation": "oui" if i % 2 == 0 else "non",
    }
    if i % 3 == 0:
        row |= {
            "suivi6_resultat": "joint",
            "suivi6_en_emploi": "oui",
            "suivi6_logement": "logement_adapte",
        }
    elif i % 3 == 1:
        row |= {"suivi12_resultat": "non_joint"}
    return row


def generate(
    n: int, chantier: str, prefix: str = "HIST"
) -> tuple[list[dict[str, str]], Counter[str]]:
    """n rows and the dry-run report they must give on a database without them."""
    rows: list[dict[str, str]] = []
    expected: Counter[str] = Counter()
    for i in range(n):
        kind = i % 20
        if kind == 7:
            row = _row(i, prefix, chantier)
            column, value = INVALID[(i // 20) % len(INVALID)]
            row[column] = value
            expected["rejeter"] += 1
        elif kind == 13:
            row = _row(i, prefix, chantier) | {"reference_externe": rows[-1]["reference_externe"]}
            expected["rejeter"] += 1
        elif kind == 17:
            first = rows[-5]
            again = _row(i, prefix, chantier)
            entree = _months(date.fromisoformat(first["date_sortie"]), 2)
            row = again | {
                "nom": first["nom"],
                "prenoms": first["prenoms"],
                "date_naissance": first["date_naissance"],
                "date_entree": entree.isoformat(),
                "date_sortie": _months(entree, 12).isoformat(),
            }
            expected["rapprocher"] += 1
        else:
            row = _row(i, prefix, chantier)
            expected["creer"] += 1
        rows.append(row)
    return rows, expected


def corrected(rows: list[dict[str, str]], k: int) -> tuple[list[dict[str, str]], list[str]]:
    """The same file with the exit motif of k created rows corrected to `cdi`."""
    out = [dict(r) for r in rows]
    changed: list[str] = []
    for i, row in enumerate(out):
        if len(changed) == k:
            break
        if i % 20 in (7, 13, 17) or row["motif_sortie"] == "cdi":
            continue
        row["motif_sortie"] = "cdi"
        changed.append(row["reference_externe"])
    return out, changed
