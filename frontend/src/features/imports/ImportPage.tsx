/**
 * "Importer l'historique": the template and its allowed values, the upload, the dry run's
 * report row by row, the confirmation, the progress of the batches, the final report
 * (docs/import.md). The import being followed lives in the address (?import=…), so a
 * reload or the back button finds it again.
 */
import { Accordion, Alert, Button, Group, Input, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';

import { errorMessage } from '../../api/problem';
import type { ActionLigne, ColonneGabarit, GabaritImport, ImportHistorique, LigneImport } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { actionLigneLabels, statutImportLabels } from '../../i18n/parcours';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { formatNumber } from '../../ui/formatters';
import { Telechargements } from '../indicateurs/Telechargements';
import { useConfirmerImport, useDeposerImport, useGabarit, useImport, useLignesImport } from './useImports';

/** The actions in the order a report reads them. */
const ACTIONS: readonly ActionLigne[] = ['creer', 'rapprocher', 'mettre_a_jour', 'inchange', 'rejeter'];
const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function compte(valeurs: Record<string, number>, action: ActionLigne): number {
  return valeurs[action] ?? 0;
}

function etapeDe(fichier: ImportHistorique | undefined): number {
  if (fichier === undefined) return 0;
  if (fichier.statut === 'analyse' || fichier.statut === 'analyse_terminee') return 1;
  if (fichier.statut === 'application') return 2;
  return 3;
}

export function ImportPage() {
  usePageTitle("Importer l'historique");
  const [params, setParams] = useSearchParams();
  const importId = params.get('import');
  const fichier = useImport(importId);
  const active = importId === null ? 0 : etapeDe(fichier.data);

  const suivre = (id: string | null) =>
    setParams(
      (courants) => {
        const suivants = new URLSearchParams(courants);
        suivants.delete('action');
        if (id === null) suivants.delete('import');
        else suivants.set('import', id);
        return suivants;
      },
      { replace: false },
    );

  return (
    <Stack gap="lg" maw={1000}>
      <Stack gap="xs">
        <PageHeading>Importer l'historique</PageHeading>
        <Text>
          Faites entrer les parcours des évaluations passées depuis un tableur, par les mêmes règles que la saisie. Rien n'est écrit avant
          votre confirmation : l'analyse montre d'abord, ligne par ligne, ce qui sera créé, rapproché ou rejeté.
        </Text>
      </Stack>
      <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label="Étapes de l'import">
        <Stepper.Step label="Fichier" description="Gabarit et dépôt" />
        <Stepper.Step label="Analyse" description="Essai à blanc" />
        <Stepper.Step label="Application" description="Écriture par lots" />
        <Stepper.Step label="Rapport" description="Ce qui a été fait" />
      </Stepper>

      {importId === null ? (
        <EtapeFichier onDepose={(id) => suivre(id)} />
      ) : fichier.isPending ? (
        <LoadingState label="Lecture de l'import…" />
      ) : fichier.isError ? (
        <ErrorState error={fichier.error} onRetry={() => void fichier.refetch()} />
      ) : (
        <Suivi fichier={fichier.data} onNouveau={() => suivre(null)} />
      )}
    </Stack>
  );
}

// --- step 1: the template and the upload --------------------------------------------------------

function EtapeFichier({ onDepose }: { onDepose: (id: string) => void }) {
  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section" aria-labelledby="gabarit-titre">
        <Title order={2} id="gabarit-titre">
          1. Préparer le fichier
        </Title>
        <Text>
          Une ligne par parcours. Partez du gabarit Excel (il contient l'exemple, la description des colonnes et les valeurs autorisées) ou
          du fichier d'exemple au format CSV (séparateur point-virgule).
        </Text>
        <Telechargements
          titreErreur="Le gabarit n'a pas pu être téléchargé"
          exports={[
            {
              cle: 'gabarit.xlsx',
              libelle: 'Gabarit Excel',
              adresse: '/api/v1/imports/gabarit.xlsx',
              nomParDefaut: 'convergence-import-gabarit.xlsx',
              format: 'xlsx',
            },
            {
              cle: 'exemple.csv',
              libelle: "Fichier d'exemple (CSV)",
              adresse: '/api/v1/imports/gabarit.csv',
              nomParDefaut: 'convergence-import-exemple.csv',
              format: 'csv',
            },
          ]}
        />
        <Colonnes />
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="depot-titre">
        <Title order={2} id="depot-titre">
          2. Déposer le fichier
        </Title>
        <Depot onDepose={onDepose} />
      </Stack>
    </Stack>
  );
}

function Colonnes() {
  const gabarit = useGabarit();
  if (gabarit.isPending) return <LoadingState label="Lecture des colonnes du gabarit…" />;
  if (gabarit.isError) return <ErrorState error={gabarit.error} onRetry={() => void gabarit.refetch()} />;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Les colonnes et leurs valeurs autorisées
      </Title>
      <Accordion variant="contained" chevronPosition="left">
        {gabarit.data.colonnes.map((colonne) => (
          <Accordion.Item key={colonne.nom} value={colonne.nom}>
            <Accordion.Control>
              <Text component="span" fw={600} style={{ overflowWrap: 'anywhere' }} data-code-fichier>
                {colonne.nom}
              </Text>
              {colonne.obligatoire && (
                <Text component="span" c="dimmed" size="sm">
                  {' '}
                  (obligatoire)
                </Text>
              )}
            </Accordion.Control>
            <Accordion.Panel>
              <DetailColonne colonne={colonne} gabarit={gabarit.data} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

function DetailColonne({ colonne, gabarit }: { colonne: ColonneGabarit; gabarit: GabaritImport }) {
  const valeurs = colonne.valeurs === null ? [] : (gabarit.valeurs[colonne.valeurs] ?? []);
  return (
    <Stack gap="xs">
      <Text size="sm">{colonne.description}</Text>
      {valeurs.length > 0 && (
        <DataTable caption={`Valeurs autorisées de la colonne ${colonne.nom}`} minWidth={280}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">À écrire dans le fichier</Table.Th>
              <Table.Th scope="col">Signification</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {valeurs.map((valeur) => (
              <Table.Tr key={valeur.code}>
                <Table.Td style={{ overflowWrap: 'anywhere' }} data-code-fichier>
                  {valeur.code}
                </Table.Td>
                <Table.Td>{valeur.libelle}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}

function Depot({ onDepose }: { onDepose: (id: string) => void }) {
  const deposer = useDeposerImport();
  const [fichier, setFichier] = useState<File | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const inputId = useId();

  const envoyer = (event: FormEvent) => {
    event.preventDefault();
    if (fichier === null) {
      setErreur('Choisissez un fichier CSV ou Excel.');
      return;
    }
    setErreur(null);
    deposer.mutate(fichier, { onSuccess: (cree) => onDepose(cree.id), onError: (failure) => setErreur(errorMessage(failure)) });
  };

  return (
    <form onSubmit={envoyer} aria-label="Dépôt du fichier à importer" noValidate>
      <Stack gap="sm" maw={560}>
        <Input.Wrapper
          label="Fichier à importer"
          description="CSV (UTF-8, séparateur point-virgule ou virgule) ou classeur Excel, 10 Mo au plus."
          error={erreur}
          id={inputId}
          labelProps={{ htmlFor: inputId }}
        >
          <input
            id={inputId}
            type="file"
            accept={ACCEPT}
            aria-invalid={erreur !== null}
            aria-describedby={`${inputId}-description${erreur !== null ? ` ${inputId}-error` : ''}`}
            onChange={(event) => {
              setErreur(null);
              setFichier(event.currentTarget.files?.[0] ?? null);
            }}
            style={{ display: 'block', minHeight: 44, width: '100%', paddingBlock: 8 }}
          />
        </Input.Wrapper>
        <Group>
          <Button type="submit" loading={deposer.isPending}>
            Analyser le fichier
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          L'analyse est un essai à blanc : rien n'est écrit tant que vous n'avez pas confirmé.
        </Text>
      </Stack>
    </form>
  );
}

// --- steps 2 to 4: dry run, application, report -------------------------------------------------

function Suivi({ fichier, onNouveau }: { fichier: ImportHistorique; onNouveau: () => void }) {
  const [confirmation, setConfirmation] = useState(false);
  const confirmer = useConfirmerImport(fichier.id);
  const termine = fichier.statut === 'terminee' || fichier.statut === 'echouee';
  const comptes = termine ? fichier.resultat : fichier.analyse;
  const aEcrire = ACTIONS.filter((a) => a !== 'rejeter' && a !== 'inchange').reduce((n, a) => n + compte(fichier.analyse, a), 0);

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        <Stack gap={4}>
          <Text>
            Fichier <strong style={{ overflowWrap: 'anywhere' }}>{fichier.nom_fichier}</strong> : {formatNumber(fichier.total)}{' '}
            {fichier.total > 1 ? 'lignes' : 'ligne'}
          </Text>
          <Text size="sm" role="status" aria-live="polite">
            {statutImportLabels[fichier.statut]}
          </Text>
        </Stack>
      </Paper>

      {fichier.statut === 'analyse' && (
        <Stack gap={4}>
          <Text size="sm">Analyse ligne par ligne… (rien n'est écrit)</Text>
          <Progress value={100} animated striped size="lg" aria-label="Analyse en cours" />
        </Stack>
      )}

      {fichier.statut === 'application' && (
        <Stack gap={4}>
          <Text size="sm">
            {formatNumber(fichier.traitees)} lignes appliquées sur {formatNumber(fichier.total)}
          </Text>
          <Progress
            value={fichier.total === 0 ? 100 : (fichier.traitees / fichier.total) * 100}
            size="lg"
            aria-label="Progression de l'import"
          />
        </Stack>
      )}

      {fichier.statut === 'echouee' && (
        <Alert color="red" variant="light" title="L'import s'est interrompu" role="alert">
          Les lignes déjà appliquées sont conservées ; confirmer de nouveau reprend l'import là où il s'est arrêté.
        </Alert>
      )}

      {(fichier.statut === 'analyse_terminee' || termine) && (
        <Stack gap="sm" component="section" aria-labelledby="comptes-titre">
          <Title order={2} id="comptes-titre">
            {termine ? 'Rapport de l’import' : 'Résultat de l’essai à blanc'}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            {ACTIONS.map((action) => (
              <Paper key={action} withBorder p="sm" radius="md">
                <Text size="xl" fw={700}>
                  {formatNumber(compte(comptes, action))}
                </Text>
                <Text size="sm">{actionLigneLabels[action]}</Text>
              </Paper>
            ))}
          </SimpleGrid>
        </Stack>
      )}

      {fichier.statut === 'analyse_terminee' && (
        <Group gap="sm">
          <Button onClick={() => setConfirmation(true)} disabled={aEcrire === 0}>
            Confirmer l'import
          </Button>
          <Button variant="default" onClick={onNouveau}>
            Déposer un autre fichier
          </Button>
        </Group>
      )}
      {fichier.statut === 'analyse_terminee' && aEcrire === 0 && <Text size="sm">Aucune ligne à écrire : corrigez le fichier puis déposez-le de nouveau.</Text>}
      {confirmer.isError && (
        <Alert color="red" variant="light" title="La confirmation n'a pas abouti" role="alert">
          {errorMessage(confirmer.error)}
        </Alert>
      )}

      {(fichier.statut === 'analyse_terminee' || termine) && <Lignes fichier={fichier} />}

      {termine && (
        <Group>
          <Button variant="default" onClick={onNouveau}>
            Importer un autre fichier
          </Button>
        </Group>
      )}

      <ConfirmDialog
        opened={confirmation}
        title="Confirmer l'import"
        confirmLabel="Importer"
        danger={false}
        loading={confirmer.isPending}
        onCancel={() => setConfirmation(false)}
        onConfirm={() => confirmer.mutate(undefined, { onSettled: () => setConfirmation(false) })}
      >
        <Stack gap="xs">
          <Text>Seront écrits dans Convergence, par lots :</Text>
          <ul style={{ margin: 0 }}>
            {ACTIONS.filter((a) => a !== 'rejeter' && a !== 'inchange' && compte(fichier.analyse, a) > 0).map((action) => (
              <li key={action}>
                {actionLigneLabels[action]} : {formatNumber(compte(fichier.analyse, action))}
              </li>
            ))}
          </ul>
          {compte(fichier.analyse, 'rejeter') > 0 && (
            <Text>
              {formatNumber(compte(fichier.analyse, 'rejeter'))} {compte(fichier.analyse, 'rejeter') > 1 ? 'lignes rejetées ne seront pas importées' : 'ligne rejetée ne sera pas importée'}.
            </Text>
          )}
          <Text size="sm">
            Les sorties de plus de 12 mois sont enregistrées en mode historique : ni alerte, ni suivi à planifier. L'import compte pour un seul
            événement du journal d'audit.
          </Text>
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}

function Lignes({ fichier }: { fichier: ImportHistorique }) {
  const [params, setParams] = useSearchParams();
  const brut = params.get('action');
  const action = ACTIONS.includes(brut as ActionLigne) ? (brut as ActionLigne) : null;
  const termine = fichier.statut === 'terminee' || fichier.statut === 'echouee';
  const lignes = useLignesImport(fichier.id, action, true);
  const items: LigneImport[] = lignes.data?.pages.flatMap((page) => page.items) ?? [];

  const choisir = (valeur: string) =>
    setParams(
      (courants) => {
        const suivants = new URLSearchParams(courants);
        if (valeur === 'toutes') suivants.delete('action');
        else suivants.set('action', valeur);
        return suivants;
      },
      { replace: true },
    );

  return (
    <Stack gap="sm" component="section" aria-labelledby="lignes-titre">
      <Title order={2} id="lignes-titre">
        Les lignes
      </Title>
      <Stack gap={4}>
        <Text id="filtre-action-libelle" size="sm" fw={500}>
          Afficher
        </Text>
        <SegmentedControl
          aria-labelledby="filtre-action-libelle"
          value={action ?? 'toutes'}
          onChange={choisir}
          orientation="vertical"
          fullWidth
          maw={420}
          data={[{ value: 'toutes', label: 'Toutes les lignes' }, ...ACTIONS.map((a) => ({ value: a, label: actionLigneLabels[a] }))]}
        />
      </Stack>
      {lignes.isPending ? (
        <LoadingState label="Lecture des lignes…" />
      ) : lignes.isError ? (
        <ErrorState error={lignes.error} onRetry={() => void lignes.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="Aucune ligne de ce type" description="Choisissez un autre filtre pour voir les autres lignes." />
      ) : (
        <DataTable caption={termine ? 'Lignes du fichier et ce que l’import en a fait' : 'Lignes du fichier et ce que l’import en fera'} minWidth={320}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Ligne</Table.Th>
              <Table.Th scope="col">Référence</Table.Th>
              <Table.Th scope="col">{termine ? 'Fait' : 'Prévu'}</Table.Th>
              <Table.Th scope="col">Raisons du rejet</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((ligne) => {
              const fait = termine ? (ligne.appliquee ?? ligne.action) : ligne.action;
              return (
                <Table.Tr key={ligne.numero}>
                  <Table.Th scope="row">{formatNumber(ligne.numero)}</Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{ligne.reference_externe ?? '—'}</Table.Td>
                  <Table.Td>{fait === null ? '—' : actionLigneLabels[fait]}</Table.Td>
                  <Table.Td>
                    {ligne.erreurs.length === 0 ? (
                      '—'
                    ) : (
                      <ul style={{ margin: 0, paddingInlineStart: '1.1em' }}>
                        {ligne.erreurs.map((erreur) => (
                          <li key={`${erreur.colonne}-${erreur.message}`}>
                            <Text span size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                              {erreur.colonne}
                            </Text>{' '}
                            : {erreur.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </DataTable>
      )}
      {lignes.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void lignes.fetchNextPage()} loading={lignes.isFetchingNextPage}>
            Lignes suivantes
          </Button>
        </Group>
      )}
    </Stack>
  );
}
