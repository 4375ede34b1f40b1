import { List, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';

import type { SelectionEvaluation } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { SEUILS } from '../../i18n/referentiel.generated';
import { DataTable } from '../../ui/DataTable';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { anneeParDefaut, anneesProposees, libellePeriode } from './filtres';
import { CODES_BROCHURE, formatFraction, formatNumerateur, formatTaux } from './format';
import { Telechargements } from './Telechargements';
import { adresseExport } from './telechargement';
import { useSyntheseEvaluation } from './useIndicateurs';

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

type Mode = 'sortie' | 'cohorte';

/** The selection in the address: `?cohorte_entree=2016`, or `?annee_sortie=2017` (the default, last year). */
function lireSelection(params: URLSearchParams): { mode: Mode; annee: number } {
  const cohorte = Number(params.get('cohorte_entree'));
  if (Number.isInteger(cohorte) && cohorte > 0) return { mode: 'cohorte', annee: cohorte };
  const sortie = Number(params.get('annee_sortie'));
  return { mode: 'sortie', annee: Number.isInteger(sortie) && sortie > 0 ? sortie : anneeParDefaut(undefined) };
}

/** The five headline figures of the selection, computed by the API on the dataset's rows. */
function Chiffres({ selection }: { selection: SelectionEvaluation }) {
  const synthese = useSyntheseEvaluation(selection);
  if (synthese.isPending) return <LoadingState label="Calcul des chiffres…" />;
  if (synthese.isError) return <ErrorState error={synthese.error} onRetry={() => void synthese.refetch()} />;
  const parCode = new Map(synthese.data.indicateurs.map((indicateur) => [indicateur.code, indicateur]));
  const effectif = parCode.get('effectif');
  const sorties = parCode.get('sorties');
  return (
    <Stack gap="sm">
      <Text>
        {effectif === undefined ? '' : `${formatNumerateur(effectif)} parcours dans le fichier`}
        {sorties === undefined ? '' : `, dont ${formatNumerateur(sorties)} sorties comptées.`}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        {CODES_BROCHURE.map((code) => {
          const indicateur = parCode.get(code);
          if (indicateur === undefined) return null;
          return (
            <Paper key={code} withBorder p="sm" radius="md" component="figure" m={0} aria-label={indicateur.libelle}>
              <Text size="xl" fw={700}>
                {formatTaux(indicateur)}
              </Text>
              <Text size="sm" component="figcaption">
                {indicateur.libelle}
                <Text span size="sm" c="dimmed">
                  {' '}
                  ({formatFraction(indicateur)})
                </Text>
              </Text>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

/** The evaluator's home: choose a year of exits or an entry cohort, read its figures, download its rows. */
export function EvaluationPage() {
  usePageTitle('Évaluation');
  const [params, setParams] = useSearchParams();
  const { mode, annee } = lireSelection(params);
  const selection: SelectionEvaluation = mode === 'cohorte' ? { cohorte_entree: annee } : { annee_sortie: annee };
  const annees = anneesProposees(undefined, new Date(), annee);
  const changer = (suivant: { mode: Mode; annee: number }) =>
    setParams(suivant.mode === 'cohorte' ? { cohorte_entree: String(suivant.annee) } : { annee_sortie: String(suivant.annee) }, { replace: true });
  const periode = libellePeriode(mode, annee);
  return (
    <Stack gap="xl" maw={900}>
      <Stack gap="sm">
        <PageHeading>Évaluation</PageHeading>
        <Text>
          Le jeu de données d’évaluation compte une ligne par parcours des personnes qui ont consenti à l’usage de leurs données pour
          l’évaluation du programme. Il est pseudonymisé : ni nom, ni date de naissance, ni texte libre.
        </Text>
      </Stack>

      <form role="search" aria-label="Choisir les parcours évalués" onSubmit={(event) => event.preventDefault()}>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={560}>
          <NativeSelect
            label="Parcours"
            data={[
              { value: 'sortie', label: 'Les sorties d’une année' },
              { value: 'cohorte', label: 'Une cohorte d’entrée' },
            ]}
            value={mode}
            onChange={(event) => changer({ mode: event.currentTarget.value === 'cohorte' ? 'cohorte' : 'sortie', annee })}
          />
          <NativeSelect
            label={mode === 'cohorte' ? "Année d'entrée" : 'Année de sortie'}
            data={annees.map((year) => String(year))}
            value={String(annee)}
            onChange={(event) => changer({ mode, annee: Number(event.currentTarget.value) })}
          />
        </SimpleGrid>
      </form>

      <Stack gap="sm" component="section" aria-labelledby="chiffres-titre">
        <Title order={2} id="chiffres-titre">
          {periode} : les chiffres du programme
        </Title>
        <Text size="sm">
          Calculés par le serveur sur les lignes mêmes du fichier ci-dessous (personnes consentantes), avec les définitions des indicateurs.
        </Text>
        <Chiffres selection={selection} />
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="telechargement-titre">
        <Title order={2} id="telechargement-titre">
          Télécharger le jeu de données
        </Title>
        <Text>
          {periode} : un fichier CSV (séparateur point-virgule, encodage UTF-8, lisible par Excel), à jour au moment du téléchargement.
        </Text>
        <Telechargements
          exports={[
            {
              cle: 'evaluation.csv',
              libelle: 'Jeu de données d’évaluation (CSV)',
              adresse: adresseExport('/api/v1/exports/evaluation.csv', selection),
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
