"""What "improved" means, per domaine: the comparisons the indicators aggregate."""

from __future__ import annotations

from api.referentiel import EN_LOGEMENT, GroupeLogement, SituationLogement, groupe

# Housing groups from the street to one's own home; inconnu has no rank.
RANG_LOGEMENT: dict[GroupeLogement, int] = {
    GroupeLogement.rue: 0,
    GroupeLogement.urgence: 1,
    GroupeLogement.institution: 1,
    GroupeLogement.insertion: 2,
    GroupeLogement.temporaire: 2,
    GroupeLogement.logement_adapte: 3,
    GroupeLogement.logement_autonome: 4,
}
COUVERTURE = {"sans_couverture": 0, "couverture_base": 1, "complementaire": 2}
SOINS = {"medecin_traitant", "suivi_specialise"}
DROITS = {
    "piece_identite",
    "titre_sejour",
    "domiciliation",
    "compte_bancaire",
    "rsa_prime_activite",
    "css",
    "aah",
    "avis_imposition",
}


# The indicator that counts a domaine's verdict at exit (api/statistiques/service._record).
INDICATEUR: dict[str, str] = {"sante": "sante_amelioree", "droits": "droits_accrus"}


def groupe_logement(situations: list[str]) -> GroupeLogement | None:
    for code in situations:
        if code in SituationLogement.__members__:
            return groupe(SituationLogement(code))
    return None


def en_logement(situations: list[str]) -> bool | None:
    found = groupe_logement(situations)
    return None if found is None or found == GroupeLogement.inconnu else found in EN_LOGEMENT


def logement_ameliore(avant: list[str], apres: list[str]) -> bool | None:
    a, b = groupe_logement(avant), groupe_logement(apres)
    if a is None or b is None or a not in RANG_LOGEMENT or b not in RANG_LOGEMENT:
        return None
    return RANG_LOGEMENT[b] > RANG_LOGEMENT[a]


def score_sante(situations: list[str]) -> int:
    """Coverage (none, base, base + complémentaire) plus the care engaged."""
    coverage = max((COUVERTURE[s] for s in situations if s in COUVERTURE), default=0)
    return coverage + len(SOINS & set(situations))


def sante_amelioree(avant: list[str], apres: list[str]) -> bool:
    return score_sante(apres) > score_sante(avant)


def droits_accrus(avant: list[str], apres: list[str]) -> bool:
    return len(DROITS & set(apres)) > len(DROITS & set(avant))


def ameliore(
    domaine: str, avant: tuple[int, list[str]], apres: tuple[int, list[str]]
) -> bool | None:
    if domaine == "logement":
        return logement_ameliore(avant[1], apres[1])
    if domaine == "sante":
        return sante_amelioree(avant[1], apres[1])
    if domaine == "droits":
        return droits_accrus(avant[1], apres[1])
    return apres[0] < avant[0]
