import { Alert, Anchor, Button, Group, Input, NativeSelect, Stack, Stepper, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { ImportDataInclusion, LigneRapportImport } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { engagementLabels } from '../../i18n/network';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/DataTable';
import { formatDateTime, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { FormAlert, useFormFeedback } from '../parcours/forms';
import { useTousTerritoires } from '../territoires/useTerritoires';
import exempleUrl from './exemple-data-inclusion.json?url';
import { useConfirmerImport, useImportAnnuaire, usePreparerImport } from './useConnecteurs';

/** Dark text on the light alert (AA contrast; the alert's green title is not). */
const LISIBLE = { title: { color: 'var(--mantine-color-dark-9)' }, message: { color: 'var(--mantine-color-dark-9)' } } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "1 structure", "3 services": a count and its noun. */
function compte(count: number, singulier: string, pluriel: string): string {
  return `${formatNumber(count)} ${count > 1 ? pluriel : singulier}`;
}

function parType(lignes: readonly LigneRapportImport[]) {
  const structures = lignes.filter((ligne) => ligne.type === 'structure').length;
  return { structures, services: lignes.length - structures };
}

/** "1 structure et 3 services", or what there is of them. */
function structuresEtServices(lignes: readonly LigneRapportImport[]): string {
  const { structures, services } = parType(lignes);
  const parts = [
    ...(structures > 0 ? [compte(structures, 'structure', 'structures')] : []),
    ...(services > 0 ? [compte(services, 'service', 'services')] : []),
  ];
  return parts.length === 0 ? 'aucune ligne' : parts.join(' et ');
}

function quoi(ligne: LigneRapportImport): string {
  return ligne.type === 'structure' ? 'Structure' : `Service de ${ligne.structure ?? 'la structure'}`;
}

/**
 * The partner directory imported from data·inclusion: a file and the territoire's
 * départements, a dry run whose report the chargé·e de partenariat reviews, then the
 * confirmation. The import's id lives in the address: a reload keeps the report.
 */
export function AnnuaireImportPage() {
  usePageTitle('Importer depuis data·inclusion');
  const [searchParams, setSearchParams] = useSearchParams();
  const param = searchParams.get('import');
  const importId = param !== null && UUID.test(param) ? param : null;
  const query = useImportAnnuaire(importId);
  const etape = importId === null ? 0 : query.data?.statut === 'applique' ? 2 : 1;

  const ouvrir = (id: string | null) =>
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (id === null) next.delete('import');
      else next.set('import', id);
      return next;
    });

  return (
    <Stack gap="lg" maw={960}>
      <PageHeading>Importer depuis data·inclusion</PageHeading>
      <Text>
        Reprenez les structures et services de votre territoire publiés dans data·inclusion, l’annuaire partagé de l’inclusion. Un
        essai montre d’abord ce qui sera créé, mis à jour ou rejeté : rien n’est écrit avant votre confirmation. L’engagement, les
        conventions et les contacts de vos partenaires sont conservés.
      </Text>
      <Stepper active={etape} size="sm" allowNextStepsSelect={false} aria-label="Étapes de l’import">
        <Stepper.Step label="Fichier" description="Source et territoire" />
        <Stepper.Step label="Vérification" description="Ce que l’import fera" />
        <Stepper.Step label="Résultat" description="L’annuaire à jour" />
      </Stepper>
      {importId === null ? (
        <FormulaireImport onPrepared={(id) => ouvrir(id)} />
      ) : query.isPending ? (
        <LoadingState label="Chargement du rapport…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.statut === 'applique' ? (
        <Resultat batch={query.data} onNouveau={() => ouvrir(null)} />
      ) : (
        <Rapport batch={query.data} onAutreFichier={() => ouvrir(null)} />
      )}
    </Stack>
  );
}

function FormulaireImport({ onPrepared }: { onPrepared: (id: string) => void }) {
  const moi = useMoi();
  const territoires = useTousTerritoires();
  const preparer = usePreparerImport();
  const feedback = useFormFeedback();
  const choix = (territoires.data ?? []).filter(
    (territoire) => moi.perimetre.national || moi.perimetre.territoire_ids.includes(territoire.id),
  );
  const [territoireId, setTerritoireId] = useState<string>('');
  const [structures, setStructures] = useState<File | null>(null);
  const [services, setServices] = useState<File | null>(null);
  const [departements, setDepartements] = useState('');
  const [codesInsee, setCodesInsee] = useState('');
  const territoire = territoireId !== '' ? territoireId : choix.length === 1 ? (choix[0]?.id ?? '') : '';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    const missing: Record<string, string> = {};
    if (territoire === '') missing['path.territoire_id'] = 'Choisissez le territoire.';
    if (structures === null) missing['body.structures'] = 'Choisissez le fichier data·inclusion.';
    if (departements.trim() === '' && codesInsee.trim() === '') missing['body.departements'] = 'Indiquez les départements ou les communes.';
    if (Object.keys(missing).length > 0 || structures === null) {
      feedback.setErrors(missing);
      return;
    }
    preparer.mutate(
      { territoireId: territoire, structures, services, departements, codesInsee },
      { onSuccess: (batch) => onPrepared(batch.id), onError: (error) => feedback.fromError(error) },
    );
  };

  if (territoires.isPending) return <LoadingState label="Chargement des territoires…" />;
  if (territoires.isError) return <ErrorState error={territoires.error} onRetry={() => void territoires.refetch()} />;

  return (
    <form onSubmit={submit} aria-label="Fichier data·inclusion à importer" noValidate>
      <Stack gap="md" maw={560}>
        <FormAlert title="Le fichier n’a pas pu être analysé" message={feedback.formError} />
        {choix.length > 1 ? (
          <NativeSelect
            label="Territoire"
            required
            data={[{ value: '', label: 'Choisir un territoire' }, ...choix.map((t) => ({ value: t.id, label: t.nom }))]}
            value={territoire}
            onChange={(event) => setTerritoireId(event.currentTarget.value)}
            error={feedback.errors['path.territoire_id']}
          />
        ) : (
          <Text>
            Territoire : <strong>{choix[0]?.nom ?? 'aucun'}</strong>
          </Text>
        )}
        <FichierJson
          label="Fichier data·inclusion"
          description="Le fichier des structures publié par data·inclusion (structures.json), ou un seul fichier contenant structures et services. 1 Mo au plus : extrayez d’abord votre département d’un fichier national."
          required
          error={feedback.errors['body.structures'] ?? null}
          onChange={setStructures}
        />
        <FichierJson
          label="Fichier des services (facultatif)"
          description="services.json, si les services sont publiés dans un fichier à part."
          error={feedback.errors['body.services'] ?? null}
          onChange={setServices}
        />
        <TextInput
          label="Départements du territoire"
          description="Seules les structures de ces départements sont reprises. Codes séparés par des virgules, par exemple 75 ou 92, 93."
          value={departements}
          maxLength={200}
          onChange={(event) => setDepartements(event.currentTarget.value)}
          error={feedback.errors['body.departements']}
        />
        <TextInput
          label="Ou communes (codes INSEE, facultatif)"
          description="Pour un territoire plus petit qu’un département : codes INSEE séparés par des virgules, par exemple 69266."
          value={codesInsee}
          maxLength={3000}
          onChange={(event) => setCodesInsee(event.currentTarget.value)}
          error={feedback.errors['body.codes_insee']}
        />
        <Group>
          <Button type="submit" loading={preparer.isPending}>
            Analyser le fichier
          </Button>
        </Group>
        <Text size="sm">
          Pour essayer :{' '}
          <Anchor href={exempleUrl} download="exemple-data-inclusion.json">
            télécharger le fichier d’exemple
          </Anchor>{' '}
          (structures fictives de démonstration, à Paris et à Villeurbanne).
        </Text>
      </Stack>
    </form>
  );
}

function FichierJson({
  label,
  description,
  required = false,
  error,
  onChange,
}: {
  label: string;
  description: string;
  required?: boolean;
  error: string | null;
  onChange: (file: File | null) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <Input.Wrapper label={label} description={description} required={required} error={error} id={id} labelProps={{ htmlFor: id }}>
      <input
        ref={input}
        id={id}
        type="file"
        accept="application/json,.json"
        required={required}
        aria-invalid={error !== null}
        aria-describedby={`${id}-description${error !== null ? ` ${id}-error` : ''}`}
        onChange={(event) => onChange(event.currentTarget.files?.[0] ?? null)}
        style={{ display: 'block', minHeight: 44, width: '100%', paddingBlock: 8 }}
      />
    </Input.Wrapper>
  );
}

function Rapport({ batch, onAutreFichier }: { batch: ImportDataInclusion; onAutreFichier: () => void }) {
  const confirmer = useConfirmerImport();
  const feedback = useFormFeedback();
  const [confirmation, setConfirmation] = useState(false);
  const { creations, mises_a_jour: misesAJour, rejets, inchangees, hors_perimetre: hors } = batch.rapport;
  const aEcrire = creations.length + misesAJour.length > 0;

  const appliquer = () => {
    feedback.reset();
    confirmer.mutate(batch.id, {
      onSuccess: () => setConfirmation(false),
      onError: (error) => {
        setConfirmation(false);
        feedback.fromError(error);
      },
    });
  };

  return (
    <Stack gap="lg">
      <Stack gap={4} role="status">
        <Title order={2}>Ce que l’import fera</Title>
        <Text>
          Analysé le {formatDateTime(batch.created_at)} : {compte(creations.length, 'création', 'créations')},{' '}
          {compte(misesAJour.length, 'mise à jour', 'mises à jour')}, {compte(rejets.length, 'ligne rejetée', 'lignes rejetées')},{' '}
          {compte(inchangees, 'ligne inchangée', 'lignes inchangées')} et {compte(hors, 'ligne hors territoire', 'lignes hors territoire')}.
        </Text>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="creations-titre">
        <Title order={3} id="creations-titre">
          Créations ({formatNumber(creations.length)})
        </Title>
        {creations.length === 0 ? (
          <Text>Aucune structure ni aucun service nouveau.</Text>
        ) : (
          <DataTable caption="Structures et services créés" minWidth={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Nom</Table.Th>
                <Table.Th scope="col">Nature</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {creations.map((ligne) => (
                <Table.Tr key={`${ligne.type}-${ligne.id}`}>
                  <Table.Th scope="row">{ligne.nom}</Table.Th>
                  <Table.Td>{quoi(ligne)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="maj-titre">
        <Title order={3} id="maj-titre">
          Mises à jour ({formatNumber(misesAJour.length)})
        </Title>
        {misesAJour.length === 0 ? (
          <Text>Aucune structure ni aucun service déjà connu ne change.</Text>
        ) : (
          misesAJour.map((ligne) => <MiseAJour key={`${ligne.type}-${ligne.id}`} ligne={ligne} />)
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="rejets-titre">
        <Title order={3} id="rejets-titre">
          Lignes rejetées ({formatNumber(rejets.length)})
        </Title>
        {rejets.length === 0 ? (
          <Text>Toutes les lignes du territoire respectent le schéma data·inclusion.</Text>
        ) : (
          <>
            <Text size="sm">Ces lignes ne seront pas importées. Signalez-les à la structure ou à la plateforme qui les publie.</Text>
            <DataTable caption="Lignes rejetées et leur raison" minWidth={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Ligne</Table.Th>
                  <Table.Th scope="col">Raison</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rejets.map((ligne, index) => (
                  <Table.Tr key={`${ligne.type}-${ligne.id}-${index}`}>
                    <Table.Th scope="row">
                      {ligne.nom ?? 'Sans nom'}
                      <Text size="sm" c="dimmed">
                        {ligne.type === 'structure' ? 'Structure' : 'Service'}
                        {ligne.rang != null ? ` n° ${formatNumber(ligne.rang)} du fichier` : ''}
                      </Text>
                    </Table.Th>
                    <Table.Td>{ligne.raison}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          </>
        )}
      </Stack>

      <FormAlert title="L’import n’a pas été appliqué" message={feedback.formError} />
      {aEcrire ? (
        <Group>
          <Button onClick={() => setConfirmation(true)}>Confirmer l’import</Button>
          <Button variant="default" onClick={onAutreFichier}>
            Choisir un autre fichier
          </Button>
        </Group>
      ) : (
        <Group>
          <Text>Rien à importer : l’annuaire est déjà à jour pour ce fichier.</Text>
          <Button variant="default" onClick={onAutreFichier}>
            Choisir un autre fichier
          </Button>
        </Group>
      )}
      <ConfirmDialog
        opened={confirmation}
        title="Confirmer l’import"
        confirmLabel="Confirmer l’import"
        danger={false}
        loading={confirmer.isPending}
        onConfirm={appliquer}
        onCancel={() => setConfirmation(false)}
      >
        <Stack gap="xs">
          <Text>L’annuaire du territoire va être modifié :</Text>
          <ul>
            {creations.length > 0 && <li>créer {structuresEtServices(creations)} ;</li>}
            {misesAJour.length > 0 && <li>mettre à jour {structuresEtServices(misesAJour)} ;</li>}
            <li>les nouvelles structures deviennent des partenaires (engagement : « {engagementLabels.contact} ») ; l’engagement, les conventions et les contacts des partenaires connus ne changent pas.</li>
          </ul>
          {rejets.length > 0 && <Text>Les {compte(rejets.length, 'ligne rejetée', 'lignes rejetées')} ne seront pas importées.</Text>}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}

/** One update: what it is, and each field that changes (now, after the import). */
function MiseAJour({ ligne }: { ligne: LigneRapportImport }) {
  const differences = ligne.differences ?? [];
  return (
    <Stack gap={4}>
      <Text fw={700}>
        {ligne.nom}{' '}
        <Text span c="dimmed" fw={400}>
          ({ligne.type === 'structure' ? 'structure' : `service de ${ligne.structure ?? 'la structure'}`})
        </Text>
      </Text>
      {differences.length === 0 ? (
        <Text size="sm">Date de mise à jour plus récente, sans changement des champs repris.</Text>
      ) : (
        <DataTable caption={`Changements pour ${ligne.nom ?? ''}`} minWidth={480}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Champ</Table.Th>
              <Table.Th scope="col">Actuellement</Table.Th>
              <Table.Th scope="col">Après l’import</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {differences.map((difference) => (
              <Table.Tr key={difference.champ}>
                <Table.Th scope="row">{difference.libelle}</Table.Th>
                <Table.Td>{difference.avant ?? 'Non renseigné'}</Table.Td>
                <Table.Td>{difference.apres ?? 'Non renseigné'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Stack>
  );
}

function Resultat({ batch, onNouveau }: { batch: ImportDataInclusion; onNouveau: () => void }) {
  const { creations, mises_a_jour: misesAJour } = batch.rapport;
  const nouvelles = creations.filter((ligne) => ligne.type === 'structure' && ligne.nom != null);
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" role="status" title="Import appliqué" styles={LISIBLE}>
        <Text>
          {batch.applique_le != null ? `Le ${formatDateTime(batch.applique_le)} : ` : ''}
          {creations.length > 0 ? `${structuresEtServices(creations)} créé(s)` : 'aucune création'},{' '}
          {misesAJour.length > 0 ? `${structuresEtServices(misesAJour)} mis à jour` : 'aucune mise à jour'}.
        </Text>
      </Alert>
      {nouvelles.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="nouvelles-titre">
          <Title order={2} id="nouvelles-titre">
            Nouveaux partenaires
          </Title>
          <Text size="sm">Complétez leur fiche (type de partenaire, contacts) dans l’annuaire.</Text>
          <ul>
            {nouvelles.map((ligne) => (
              <li key={ligne.id}>
                <Anchor component={Link} to={`/structures?q=${encodeURIComponent(ligne.nom ?? '')}`} className="cell-link">
                  {ligne.nom}
                </Anchor>
              </li>
            ))}
          </ul>
        </Stack>
      )}
      <Group>
        <Button component={Link} to="/structures">
          Voir l’annuaire
        </Button>
        <Button variant="default" onClick={onNouveau}>
          Importer un autre fichier
        </Button>
      </Group>
    </Stack>
  );
}
