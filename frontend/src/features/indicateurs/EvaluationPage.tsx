import { List, Stack, Table, Text, Title } from '@mantine/core';

import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { SEUILS } from '../../i18n/referentiel.generated';
import { DataTable } from '../../ui/DataTable';
import { Telechargements } from './Telechargements';

/** The columns of evaluation.csv (api/exports/service.py, EVALUATION_HEADER), in words. */
const CHAMPS: readonly { nom: string; description: string }[] = [
  { nom: 'pseudonyme', description: 'Code stable d’un export à l’autre, calculé par le serveur avec une clé secrète : il ne permet pas de retrouver la personne.' },
  { nom: 'tranche_age_entree', description: 'Âge à l’entrée, par tranches de 5 ans (par exemple 35-39).' },
  { nom: 'sexe', description: 'Tel que déclaré.' },
  { nom: 'territoire', description: 'Le code du territoire Convergence.' },
  { nom: 'chantier', description: `Le nom du chantier, ou « autres » pour les chantiers de moins de ${SEUILS.secret} personnes du fichier (regroupés).` },
  { nom: 'annee_entree', description: 'L’année d’entrée dans le parcours.' },
  { nom: 'parcours_de_rue, duree_rue_mois', description: 'Parcours de rue déclaré à l’entrée (oui ou non) et sa durée en mois.' },
  {
    nom: 'niveau_entree_…, niveau_sortie_…',
    description: 'Le niveau de frein de chaque domaine (logement, santé, droits, emploi, mobilité…) au diagnostic d’entrée et à celui de sortie, de 0 (pas de frein) à 3 (bloquant).',
  },
  { nom: 'groupe_logement_entree, groupe_logement_sortie', description: 'Le groupe de situation de logement (rue, urgence, insertion… logement autonome).' },
  { nom: 'annee_sortie, mois_sortie', description: 'L’année et le mois de sortie : « les sorties de 2017 », comme le programme publie ses résultats.' },
  { nom: 'motif_sortie, categorie_sortie', description: 'Le motif de sortie et la catégorie officielle qui en découle (emploi durable, emploi de transition, sortie positive, autre sortie ou retrait) ; vides pour un parcours en cours.' },
  { nom: 'sortie_comptee, sortie_dynamique', description: 'Sortie comptée (hors retraits) ; sortie dynamique (les trois premières catégories).' },
  {
    nom: 'en_logement_sortie, logement_ameliore, sante_amelioree, droits_accrus',
    description: 'Les verdicts mêmes des indicateurs, calculés une seule fois pour les indicateurs et pour ce fichier : ils ne se déduisent pas des niveaux 0 à 3.',
  },
  { nom: 'duree_mois', description: 'La durée du parcours, en mois.' },
  { nom: 'suivi6_…, suivi12_…', description: 'Suivis après la sortie à 6 et 12 mois : mois prévu, tenu, en emploi, en logement (oui ou non) ; vide quand le résultat est inconnu (par exemple « non suivi — données historiques »).' },
];

/** The evaluator's home: what the pseudonymised dataset holds, and its download. */
export function EvaluationPage() {
  usePageTitle('Évaluation');
  return (
    <Stack gap="xl" maw={900}>
      <Stack gap="sm">
        <PageHeading>Évaluation</PageHeading>
        <Text>
          Le jeu de données d’évaluation compte une ligne par parcours des personnes qui ont consenti à l’usage de leurs données pour
          l’évaluation du programme. Il est pseudonymisé : ni nom, ni date de naissance, ni texte libre.
        </Text>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="telechargement-titre">
        <Title order={2} id="telechargement-titre">
          Télécharger le jeu de données
        </Title>
        <Text>Un fichier CSV (séparateur point-virgule, encodage UTF-8, lisible par Excel), à jour au moment du téléchargement.</Text>
        <Telechargements
          exports={[
            {
              cle: 'evaluation.csv',
              libelle: 'Jeu de données d’évaluation (CSV)',
              adresse: '/api/v1/exports/evaluation.csv',
              nomParDefaut: 'evaluation.csv',
              format: 'csv',
            },
          ]}
        />
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="regles-titre">
        <Title order={2} id="regles-titre">
          Qui figure dans le fichier
        </Title>
        <List spacing="xs">
          <List.Item>
            Seuls les parcours des personnes ayant donné leur consentement « usage pour l’évaluation », non retiré au moment de
            l’export : un consentement retiré fait sortir la personne des exports suivants.
          </List.Item>
          <List.Item>Les chantiers de moins de {SEUILS.secret} personnes sont regroupés sous « autres », pour qu’aucune personne ne soit reconnaissable.</List.Item>
          <List.Item>Le pseudonyme reste le même d’un export à l’autre : il permet de suivre un parcours dans le temps, jamais d’identifier la personne.</List.Item>
          <List.Item>Ni nom, ni date de naissance, ni texte libre, ni détail de santé au-delà des niveaux par domaine.</List.Item>
          <List.Item>Chaque téléchargement est enregistré dans le journal d’audit.</List.Item>
        </List>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="champs-titre">
        <Title order={2} id="champs-titre">
          Les colonnes
        </Title>
        <DataTable caption="Colonnes du jeu de données d’évaluation" minWidth={320}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Colonne</Table.Th>
              <Table.Th scope="col">Contenu</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {CHAMPS.map((champ) => (
              <Table.Tr key={champ.nom}>
                <Table.Th scope="row">{champ.nom}</Table.Th>
                <Table.Td>{champ.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
        <Text size="sm">
          Les définitions des indicateurs (sorties dynamiques, logement, santé, droits) sont celles des indicateurs du programme : voir le
          document de définitions joint à l’export Excel des indicateurs.
        </Text>
      </Stack>
    </Stack>
  );
}
