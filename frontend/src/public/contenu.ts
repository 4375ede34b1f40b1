/**
 * The programme's own words (its brochure, « Être partenaire de Convergence »): the texts of
 * the public pages that are not data. Territoires and figures come from the API.
 */

export const ACCROCHE = "Le retour à l'emploi, un levier pour lutter contre la grande exclusion";

export const MODALITES =
  "Pour placer des personnes en situation de grande précarité dans une dynamique d'insertion " +
  "globale, Convergence s'appuie sur la remise en activité en chantier d'insertion. L'objectif est " +
  "de prendre en charge, par un dispositif d'accompagnement renforcé et concerté, l'ensemble des " +
  'freins : logement, santé, accès aux droits…';

export const PRINCIPES: { titre: string; texte: string }[] = [
  {
    titre: 'Accompagnement global et concerté',
    texte: 'Avec tous les référents sociaux du salarié.',
  },
  {
    titre: 'Partenariats mutualisés',
    texte:
      'Des chargés de partenariat pour développer, animer et mobiliser un réseau de partenaires (emploi, logement, santé…).',
  },
  {
    titre: "Renforcement des moyens d'accompagnement",
    texte: "Spécifiques pour chaque chantier d'insertion mettant en œuvre Convergence.",
  },
  {
    titre: 'Durée de parcours adaptée',
    texte: "Une durée d'accompagnement adaptée à chaque salarié, pouvant aller jusqu'à 5 ans.",
  },
  {
    titre: 'Accompagnement prolongé après la sortie',
    texte: "Un accompagnement qui peut se poursuivre un an après l'accès à l'emploi et/ou au logement durable.",
  },
];

export const PUBLIC_ACCOMPAGNE = [
  "Des personnes en situation de grande précarité, dont trois sur quatre ont connu la rue, salariées d'un chantier d'insertion en CDD d'insertion.",
  "Tous leurs freins sont traités ensemble : logement, santé, accès aux droits, emploi, avec chaque travailleur social qui les suit déjà.",
  "Le parcours peut durer jusqu'à cinq ans et se poursuit un an après la sortie vers un emploi ou un logement durable.",
];

/** The brochure's « Historique »; the territoires' openings are added from the API. */
export const HISTORIQUE: { annee: number; texte: string }[] = [
  { annee: 2012, texte: "Création d'Emmaüs Défi et première expérimentation Convergence, portée par Emmaüs Défi." },
  { annee: 2015, texte: 'Première évaluation.' },
  { annee: 2016, texte: 'Deuxième expérimentation et déploiement sur le territoire parisien.' },
  { annee: 2018, texte: 'Deuxième évaluation.' },
  { annee: 2018, texte: 'Stratégie Pauvreté : essaimage de Convergence sur sept nouveaux territoires.' },
  {
    annee: 2019,
    texte:
      "Création de Convergence France par Emmaüs Défi, Emmaüs France et la Fédération des acteurs de la solidarité, et signature d'une convention avec la DGEFP.",
  },
  { annee: 2021, texte: 'Lancement de la troisième évaluation.' },
];

export const ORGANISATION =
  "Sur chaque territoire, Convergence France signe une convention de coordination avec le chantier d'insertion porteur " +
  'de la coordination et avec la FAS locale, et une convention de mise en œuvre avec chacun des chantiers ' +
  "d'insertion et le porteur de la coordination.";

export const FINANCEURS_NATIONAUX = [
  'Ministère du Travail',
  'Délégation interministérielle à la prévention et à la lutte contre la pauvreté',
  'Ministère des Solidarités et de la Santé',
];

/** « Être partenaire » : the three ways to act, each with its application form. */
export const PARCOURS_PARTENAIRE: { titre: string; texte: string; lien: string; action: string }[] = [
  {
    titre: 'Devenir chantier porteur',
    texte:
      "Votre atelier et chantier d'insertion met en œuvre Convergence sur son territoire, ou porte son ouverture sur un nouveau territoire.",
    lien: '/etre-partenaire/chantier',
    action: 'Candidater comme chantier',
  },
  {
    titre: 'Rejoindre le réseau de partenaires',
    texte:
      'Partenaire emploi, santé, logement, accès aux droits… vous vous engagez à vous mobiliser pour apporter des réponses adaptées aux besoins des salariés accompagnés dans les chantiers. Le réseau est animé par des chargés de partenariat, mutualisés entre les chantiers porteurs.',
    lien: '/etre-partenaire/partenaire',
    action: 'Candidater comme partenaire',
  },
  {
    titre: 'Aider au financement',
    texte: 'Contribuez au financement et à la pérennisation du dispositif, au niveau national ou sur un territoire.',
    lien: '/etre-partenaire/financeur',
    action: 'Proposer un financement',
  },
];
