"""The shape of a fiche salarié as the employee records API serialises it, checked on arrival.

Field names and quirks from `itou/api/employee_record_api/serializers.py`: `nomUsage` and
`prenom` are upper case without diacritics, `nomNaissance` is always null, dates are
`dd/mm/yyyy`, `salarieBenefRSA` is `OUI-M` / `OUI-NM` / `NON` while the other allowances are
booleans, `salarieBenefATA` is always false (ATA is no longer collected).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from api.core.errors import validation_errors


def _date_fr(value: Any) -> Any:
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("date attendue au format JJ/MM/AAAA")
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError("date attendue au format JJ/MM/AAAA") from None


DateFr = Annotated[date, BeforeValidator(_date_fr)]
Texte = Annotated[str, StringConstraints(strip_whitespace=True, max_length=250)]


class _Ouvert(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PersonnePhysique(_Ouvert):
    passIae: Annotated[str, StringConstraints(pattern=r"^\d{12}$")] | None = None
    idItou: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    civilite: Literal["M", "MME"] | None = None
    nomUsage: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    nomNaissance: Annotated[str, StringConstraints(max_length=100)] | None = None
    prenom: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    dateNaissance: DateFr
    passDateDeb: Annotated[date | None, BeforeValidator(_date_fr)] = None
    passDateFin: Annotated[date | None, BeforeValidator(_date_fr)] = None


class Adresse(_Ouvert):
    adrTelephone: Annotated[str, StringConstraints(max_length=20)] | None = None
    adrMail: Annotated[str, StringConstraints(max_length=254)] | None = None
    adrNumeroVoie: Texte | None = None
    codeextensionvoie: Texte | None = None
    codetypevoie: Texte | None = None
    adrLibelleVoie: Texte | None = None
    adrCpltDistribution: Texte | None = None
    codeinseecom: Texte | None = None
    codepostalcedex: Texte | None = None


class SituationSalarie(_Ouvert):
    salarieEnEmploi: bool | None = None
    salarieSansRessource: bool | None = None
    inscritPoleEmploi: bool | None = None
    inscritPoleEmploiDepuis: str | None = None
    salarieRQTH: bool | None = None
    salarieOETH: bool | None = None
    salarieAideSociale: bool | None = None
    salarieBenefRSA: Literal["OUI-M", "OUI-NM", "NON"] | None = None
    salarieBenefASS: bool | None = None
    salarieBenefAAH: bool | None = None
    salarieBenefATA: bool | None = None


class FicheSalarie(_Ouvert):
    siret: Annotated[str, StringConstraints(pattern=r"^\d{14}$")]
    mesure: str | None = None
    personnePhysique: PersonnePhysique
    adresse: Adresse = Field(default_factory=Adresse)
    situationSalarie: SituationSalarie = Field(default_factory=SituationSalarie)


# What the eligibility situation says, in our words (stored on the arrival, shown to the
# caseworker, and pre-filling the draft entry diagnostic).
SITUATION_LIBELLES = {
    "rsa": "Bénéficiaire du RSA",
    "ass": "Bénéficiaire de l'ASS",
    "aah": "Bénéficiaire de l'AAH",
    "ata": "Bénéficiaire de l'ATA",
    "sans_ressource": "Sans ressource",
    "rqth": "Reconnaissance de travailleur handicapé (RQTH)",
    "oeth": "Obligation d'emploi des travailleurs handicapés (OETH)",
    "aide_sociale": "Bénéficiaire de l'aide sociale",
    "inscrit_france_travail": "Inscrit·e à France Travail",
    "en_emploi": "En emploi à l'embauche",
}


def situation(fiche: FicheSalarie) -> dict[str, bool]:
    s = fiche.situationSalarie
    return {
        "rsa": s.salarieBenefRSA in ("OUI-M", "OUI-NM"),
        "ass": bool(s.salarieBenefASS),
        "aah": bool(s.salarieBenefAAH),
        "ata": bool(s.salarieBenefATA),
        "sans_ressource": bool(s.salarieSansRessource),
        "rqth": bool(s.salarieRQTH),
        "oeth": bool(s.salarieOETH),
        "aide_sociale": bool(s.salarieAideSociale),
        "inscrit_france_travail": bool(s.inscritPoleEmploi),
        "en_emploi": bool(s.salarieEnEmploi),
    }


def adresse(fiche: FicheSalarie) -> str | None:
    a = fiche.adresse
    rue = " ".join(
        p for p in (a.adrNumeroVoie, a.codeextensionvoie, a.codetypevoie, a.adrLibelleVoie) if p
    )
    parts = [p for p in (rue, a.adrCpltDistribution, a.codepostalcedex) if p]
    return ", ".join(parts)[:250] or None


def raison(exc: ValidationError) -> str:
    """Why a record was skipped: field paths and messages, never the values (personal data)."""
    raw = exc.errors(include_input=False, include_url=False)[:3]
    return "; ".join(f"{e.field} : {e.message}" for e in validation_errors(raw))[:300]
