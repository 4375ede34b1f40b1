/**
 * The information notice handed to the person at their accueil. The same text is in
 * docs/rgpd.md, section 4 (notice.test.ts checks they agree): change both together.
 */

export const NOTICE_TITRE = 'Vos informations personnelles dans le programme Convergence';

export interface NoticeSection {
  titre: string;
  paragraphes: string[];
}

export const NOTICE: readonly NoticeSection[] = [
  {
    titre: 'Qui s’occupe de vos informations ?',
    paragraphes: [
      'Le chantier d’insertion qui vous emploie et Convergence France utilisent un outil commun, Convergence, pour organiser votre accompagnement. Ils sont responsables de vos informations.',
    ],
  },
  {
    titre: 'Pourquoi ?',
    paragraphes: [
      'Pour vous accompagner vers l’emploi et le logement, et vous aider pour votre santé et vos droits. Pour gérer votre contrat de travail. Pour mesurer les résultats du programme, sans votre nom.',
    ],
  },
  {
    titre: 'Quelles informations ?',
    paragraphes: [
      'Votre identité et vos coordonnées, votre contrat, votre situation (logement, santé, droits, emploi, argent, famille, justice, mobilité, langue, numérique), les démarches faites avec vous et les notes de la personne qui vous accompagne. Nous notons seulement ce qui est utile à votre accompagnement.',
    ],
  },
  {
    titre: 'Qui peut les voir ?',
    paragraphes: [
      'La personne qui vous accompagne, la direction de votre chantier et la coordination de votre territoire. Les informations sur votre santé sont vues seulement par les personnes qui vous accompagnent. L’encadrant technique voit seulement votre nom et votre contrat. Chaque consultation de votre dossier est enregistrée.',
    ],
  },
  {
    titre: 'Les partenaires',
    paragraphes: [
      'Un partenaire (par exemple le SIAO, un centre de santé, France Travail) reçoit des informations sur vous seulement si vous êtes d’accord. Vous choisissez avec la personne qui vous accompagne ce qui est transmis. Vous pouvez changer d’avis à tout moment : le partage s’arrête et le partenaire est prévenu.',
    ],
  },
  {
    titre: 'L’évaluation du programme',
    paragraphes: [
      'Si vous êtes d’accord, des informations sans votre nom servent à évaluer le programme. Vous pouvez refuser ou changer d’avis : cela ne change rien à votre accompagnement.',
    ],
  },
  {
    titre: 'Combien de temps ?',
    paragraphes: [
      'Vos informations sont gardées pendant votre parcours, puis 2 ans après notre dernier contact avec vous. Ensuite elles sont effacées : il reste seulement une fiche pour les statistiques, sans votre nom ni votre date de naissance. Les dates et les heures de vos contrats sont gardées 5 ans sans votre nom, parce que la loi le demande.',
    ],
  },
  {
    titre: 'Vos droits',
    paragraphes: [
      'Vous pouvez demander à voir toutes vos informations : on vous remet un document avec tout ce qui est enregistré et la liste des personnes qui ont consulté votre dossier. Vous pouvez faire corriger une information fausse, retirer votre accord, refuser un partage ou demander l’effacement de vos informations.',
      'Pour cela, adressez-vous à la personne qui vous accompagne ou à la coordination de votre territoire. Vous pouvez aussi écrire au délégué à la protection des données de Convergence France. Si vous n’êtes pas satisfait de la réponse, vous pouvez vous plaindre auprès de la CNIL (www.cnil.fr).',
    ],
  },
  {
    titre: 'Vos informations sont protégées',
    paragraphes: [
      'Elles sont gardées dans l’Union européenne, chez un hébergeur agréé pour les données de santé. Seules les personnes qui en ont besoin y ont accès, avec un code personnel.',
    ],
  },
];
