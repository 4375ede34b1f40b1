"""The regions of France, to place a territoire on the public map.

A territoire's region is the one of its structures' postal codes (the département is the
postal code's first two digits, three overseas). Positions are a point inside each region
(longitude, latitude in degrees), enough for a schematic map, not a cartography.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    nom: str
    longitude: float
    latitude: float


REGIONS: dict[str, Region] = {
    "ara": Region("Auvergne-Rhône-Alpes", 4.8, 45.6),
    "bfc": Region("Bourgogne-Franche-Comté", 4.8, 47.2),
    "bre": Region("Bretagne", -2.9, 48.2),
    "cvl": Region("Centre-Val de Loire", 1.7, 47.5),
    "cor": Region("Corse", 9.1, 42.2),
    "ges": Region("Grand Est", 6.2, 48.6),
    "hdf": Region("Hauts-de-France", 2.9, 50.1),
    "idf": Region("Île-de-France", 2.4, 48.8),
    "nor": Region("Normandie", 0.6, 49.3),
    "naq": Region("Nouvelle-Aquitaine", 0.3, 45.4),
    "occ": Region("Occitanie", 2.2, 43.7),
    "pdl": Region("Pays de la Loire", -1.2, 47.4),
    "pac": Region("Provence-Alpes-Côte d'Azur", 5.9, 43.7),
    "gua": Region("Guadeloupe", -61.6, 16.2),
    "mtq": Region("Martinique", -61.0, 14.6),
    "guf": Region("Guyane", -53.1, 4.0),
    "reu": Region("La Réunion", 55.5, -21.1),
    "myt": Region("Mayotte", 45.1, -12.8),
}

_DEPARTEMENTS: dict[str, tuple[str, ...]] = {
    "ara": ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    "bfc": ("21", "25", "39", "58", "70", "71", "89", "90"),
    "bre": ("22", "29", "35", "56"),
    "cvl": ("18", "28", "36", "37", "41", "45"),
    "cor": ("20",),
    "ges": ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
    "hdf": ("02", "59", "60", "62", "80"),
    "idf": ("75", "77", "78", "91", "92", "93", "94", "95"),
    "nor": ("14", "27", "50", "61", "76"),
    "naq": ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    "occ": ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    "pdl": ("44", "49", "53", "72", "85"),
    "pac": ("04", "05", "06", "13", "83", "84"),
    "gua": ("971",),
    "mtq": ("972",),
    "guf": ("973",),
    "reu": ("974",),
    "myt": ("976",),
}
REGION_DU_DEPARTEMENT: dict[str, str] = {
    departement: region for region, numeros in _DEPARTEMENTS.items() for departement in numeros
}


def region_du_code_postal(code_postal: str | None) -> str | None:
    """The region code of a French postal code, None when it names none."""
    if code_postal is None or len(code_postal) != 5 or not code_postal.isdigit():
        return None
    if code_postal.startswith("97"):
        return REGION_DU_DEPARTEMENT.get(code_postal[:3])
    return REGION_DU_DEPARTEMENT.get(code_postal[:2])
