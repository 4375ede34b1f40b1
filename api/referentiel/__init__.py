"""The shared vocabulary of the programme, importing nothing of the project.

Every enum value the API exposes, the tables derived from them (exit motif → category,
housing situation → group), the thresholds of the rules, and one French label per value
(`libelles.py`). Features import their vocabulary from here; `make openapi` generates the
SPA's labels and tables from here (`frontend/src/i18n/referentiel.generated.ts`).
"""

from __future__ import annotations

from api.referentiel.candidatures import StatutCandidature, TypeSoutien, VoieCandidature
from api.referentiel.domaines import DOMAINES_SENSIBLES, Domaine
from api.referentiel.freins import (
    EtapeDiagnostic,
    KindReferentiel,
    StatutAction,
    StatutDiagnostic,
    StatutFrein,
)
from api.referentiel.indicateurs import BaseCalcul, CodeIndicateur, GroupePar, Masquage, TypeCellule
from api.referentiel.libelles import LIBELLES, LIBELLES_LIBRES, libelle
from api.referentiel.logement import (
    EN_LOGEMENT,
    GROUPE_DE_SITUATION,
    GroupeLogement,
    SituationLogement,
    groupe,
)
from api.referentiel.orientations import (
    ElementPartage,
    MotifRefus,
    StatutLivraison,
    StatutOrientation,
    Urgence,
)
from api.referentiel.parcours import (
    Confidentialite,
    EtatSuivi,
    ResultatSuivi,
    StatutParcours,
    TypeContrat,
    TypeJournal,
)
from api.referentiel.personnes import FonctionReferent, Prescripteur, Sexe, TypeConsentement
from api.referentiel.reseau import (
    Densite,
    Engagement,
    RolePartie,
    StatutConvention,
    StatutTerritoire,
    TypeConvention,
    TypePartenaire,
    TypeStructure,
)
from api.referentiel.rgpd import ElementRestant, FormatDonnees, MotifEffacement
from api.referentiel.roles import Role, Scope
from api.referentiel.seuils import DUREE_MAX_MOIS, DUREE_NORME_MOIS, SEUIL_SECRET, SUIVIS_MOIS
from api.referentiel.sorties import (
    CATEGORIE_DU_MOTIF,
    EMPLOI,
    SORTIES_DYNAMIQUES,
    TITRES_ENTRETIEN,
    CategorieSortie,
    MotifSortie,
    TypeEntretien,
    categorie,
)

__all__ = [
    "CATEGORIE_DU_MOTIF",
    "DOMAINES_SENSIBLES",
    "DUREE_MAX_MOIS",
    "DUREE_NORME_MOIS",
    "EMPLOI",
    "EN_LOGEMENT",
    "GROUPE_DE_SITUATION",
    "LIBELLES",
    "LIBELLES_LIBRES",
    "SEUIL_SECRET",
    "SORTIES_DYNAMIQUES",
    "SUIVIS_MOIS",
    "TITRES_ENTRETIEN",
    "BaseCalcul",
    "CategorieSortie",
    "CodeIndicateur",
    "Confidentialite",
    "Densite",
    "Domaine",
    "ElementPartage",
    "ElementRestant",
    "Engagement",
    "EtapeDiagnostic",
    "EtatSuivi",
    "FonctionReferent",
    "FormatDonnees",
    "GroupeLogement",
    "GroupePar",
    "KindReferentiel",
    "Masquage",
    "MotifEffacement",
    "MotifRefus",
    "MotifSortie",
    "Prescripteur",
    "ResultatSuivi",
    "Role",
    "RolePartie",
    "Scope",
    "Sexe",
    "SituationLogement",
    "StatutAction",
    "StatutCandidature",
    "StatutConvention",
    "StatutDiagnostic",
    "StatutFrein",
    "StatutLivraison",
    "StatutOrientation",
    "StatutParcours",
    "StatutTerritoire",
    "TypeCellule",
    "TypeConsentement",
    "TypeContrat",
    "TypeConvention",
    "TypeEntretien",
    "TypeJournal",
    "TypePartenaire",
    "TypeSoutien",
    "TypeStructure",
    "Urgence",
    "VoieCandidature",
    "categorie",
    "groupe",
    "libelle",
]
