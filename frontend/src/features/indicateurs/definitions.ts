/**
 * Short French definitions shown under the figures (the full rules are in
 * docs/indicateurs.md and in the definitions sheet of the Excel export).
 */
import type { CodeIndicateur } from '../../api/types';
import { LIBELLES, SEUILS } from '../../i18n/referentiel.generated';

export const DEFINITIONS_COURTES: readonly { code: CodeIndicateur; texte: string }[] = [
  { code: 'public_rue', texte: 'Parcours dont la personne a déclaré un parcours de rue à l’entrée, parmi les parcours du périmètre.' },
  {
    code: 'sorties_dynamiques',
    texte:
      'Sorties en emploi durable, en emploi de transition ou positives (formation, autre SIAE), parmi les sorties comptées (hors retraits : transfert, sortie automatique, durée minimale non atteinte).',
  },
  {
    code: 'en_logement',
    texte: 'Situation à la sortie en logement adapté (pension de famille, résidence sociale, intermédiation locative) ou autonome (locataire, propriétaire).',
  },
  {
    code: 'sante_amelioree',
    texte: 'Le score santé (couverture maladie et complémentaire, médecin traitant, suivi spécialisé) augmente entre le diagnostic d’entrée et celui de sortie.',
  },
  {
    code: 'droits_accrus',
    texte: 'Le diagnostic de sortie compte plus de droits ouverts que celui d’entrée (pièce d’identité, domiciliation, compte bancaire, RSA ou prime d’activité, CSS, AAH…).',
  },
];

/** The threshold and the small-count label come from the API (generated), never written here. */
export const TEXTE_SECRET = `Un effectif de 1 à ${SEUILS.secret - 1} est remplacé par « ${LIBELLES.Masquage.petit_effectif} », et d’autres cases sont masquées en complément pour qu’aucune ne puisse être recalculée par différence. Un taux qui dépend d’une case masquée est remplacé par « — ».`;
