import { Alert, Anchor, Breadcrumbs, Button, DataList, Group, List, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { ApiError, errorMessage, isNotFound } from '../../api/problem';
import type { Convention } from '../../api/types';
import { actionsDe, libelleAction, peut, type Verbe } from '../../app/actions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { structureTypeLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { cibleObjectif, renouvellementMessages, rolePartieLabels, typeConventionLabels } from '../../i18n/network';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/DataTable';
import { formatDate, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { daysBetween, echeanceRelative, RENOUVELLEMENT_JOURS, todayIso } from './dates';
import { DocumentsConvention } from './DocumentsConvention';
import { type ConventionAction, useConventionVersion, useCycleConvention, useRenouvelerConvention } from './useNetwork';
import { uuidOrUndefined } from './useUrlFilters';

function ConventionIntrouvable() {
  usePageTitle('Convention introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Convention introuvable</PageHeading>
      <Text>Cette convention n'existe pas ou vous n'y avez pas accès.</Text>
      <div>
        <Button component={Link} to="/conventions">
          Voir les conventions
        </Button>
      </div>
    </Stack>
  );
}

export function ConventionPage() {
  const { conventionId = '' } = useParams();
  if (uuidOrUndefined(conventionId) === undefined) return <ConventionIntrouvable />;
  return <ConventionDetails conventionId={conventionId} />;
}

function ConventionDetails({ conventionId }: { conventionId: string }) {
  const query = useConventionVersion(conventionId);
  usePageTitle(query.data?.convention.titre ?? 'Convention');

  if (query.isPending) return <LoadingState label="Chargement de la convention…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <ConventionIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Convention</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const { convention } = query.data;
  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/conventions">
            Conventions
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            {convention.titre}
          </Text>
        </Breadcrumbs>
      </nav>
      <Group gap="md" align="center">
        <PageHeading>{convention.titre}</PageHeading>
        <StatutBadge famille="convention" statut={convention.statut} />
      </Group>
      <ConventionFiche convention={convention} />
      <Renouvellement convention={convention} />
      <CycleDeVie key={convention.version} convention={convention} />
      <Chaine convention={convention} />
      <Parties convention={convention} />
      <Objectifs convention={convention} />
      <DocumentsConvention convention={convention} peutAjouter={peut('StatutConvention', convention, 'document')} />
    </Stack>
  );
}

function DateValue({ value }: { value: string | null | undefined }) {
  return value == null ? <>{messages.notAvailable}</> : <time dateTime={value}>{formatDate(value)}</time>;
}

function ConventionFiche({ convention }: { convention: Convention }) {
  const territoires = useTousTerritoires({ enabled: convention.territoire_id != null });
  const territoire = territoires.data?.find((item) => item.id === convention.territoire_id);
  const jours = convention.date_echeance == null ? null : daysBetween(todayIso(), convention.date_echeance);
  return (
    <DataList labelWidth="200px">
      <DataList.Item>
        <DataList.ItemLabel>Type</DataList.ItemLabel>
        <DataList.ItemValue>{typeConventionLabels[convention.type]}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Territoire</DataList.ItemLabel>
        <DataList.ItemValue>
          {convention.territoire_id == null ? (
            'National'
          ) : (
            <Anchor component={Link} to={`/territoires/${convention.territoire_id}`}>
              {territoire?.nom ?? messages.loading}
            </Anchor>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Date de signature</DataList.ItemLabel>
        <DataList.ItemValue>
          <DateValue value={convention.date_signature} />
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Date d'effet</DataList.ItemLabel>
        <DataList.ItemValue>
          <DateValue value={convention.date_effet} />
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Échéance</DataList.ItemLabel>
        <DataList.ItemValue>
          <DateValue value={convention.date_echeance} />
          {convention.statut === 'active' && jours !== null && jours <= RENOUVELLEMENT_JOURS && ` (${echeanceRelative(jours)} : à renouveler)`}
        </DataList.ItemValue>
      </DataList.Item>
      {convention.statut === 'resiliee' && (
        <>
          <DataList.Item>
            <DataList.ItemLabel>Date de résiliation</DataList.ItemLabel>
            <DataList.ItemValue>
              <DateValue value={convention.date_resiliation} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Motif de résiliation</DataList.ItemLabel>
            <DataList.ItemValue>{convention.motif_resiliation ?? messages.notAvailable}</DataList.ItemValue>
          </DataList.Item>
        </>
      )}
    </DataList>
  );
}

type Dialogue = 'envoi' | 'signature' | 'resiliation' | null;

/** The lifecycle verbs shown as the next step, and what each explains (UI copy; the label is the API's). */
type EtapeCycle = Extract<Verbe<'StatutConvention'>, 'envoi_signature' | 'signature' | 'resiliation'>;
const ETAPES: Record<EtapeCycle, { explication: string; next: Exclude<Dialogue, null>; danger?: boolean }> = {
  envoi_signature: { explication: 'Le brouillon est prêt : envoyez-le aux parties pour signature.', next: 'envoi' },
  signature: { explication: 'Les parties ont signé ? Enregistrez la date de signature pour activer la convention.', next: 'signature' },
  resiliation: { explication: "Mettre fin à la convention avant son échéance, avec la date et le motif.", next: 'resiliation', danger: true },
};

/** The lifecycle buttons: each irreversible step confirms and says what will happen. */
function CycleDeVie({ convention }: { convention: Convention }) {
  const cycle = useCycleConvention(convention.id);
  const [dialogue, setDialogue] = useState<Dialogue>(null);
  const [date, setDate] = useState(todayIso());
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const partenariat = convention.type === 'partenariat';

  const open = (next: Dialogue) => {
    setErrors({});
    setFailure(null);
    setDate(todayIso());
    setMotif('');
    setDialogue(next);
  };
  const close = () => setDialogue(null);

  const run = (command: ConventionAction, done: string) => {
    setErrors({});
    setFailure(null);
    cycle.mutate(command, {
      onSuccess: () => {
        setDialogue(null);
        notifications.show({ color: 'green', title: 'Convention mise à jour', message: done });
      },
      onError: (error) => {
        if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
        else setFailure(errorMessage(error));
      },
    });
  };

  const confirm = () => {
    if (dialogue === 'envoi') {
      run({ action: 'envoi-signature' }, 'La convention est en signature.');
    } else if (dialogue === 'signature') {
      if (date === '') return setErrors({ date_signature: 'Indiquez la date de signature.' });
      run({ action: 'signature', date_signature: date }, 'La signature est enregistrée : la convention est active.');
    } else if (dialogue === 'resiliation') {
      const local: Record<string, string> = {};
      if (date === '') local.date_resiliation = 'Indiquez la date de résiliation.';
      if (motif.trim() === '') local.motif = 'Indiquez le motif de la résiliation.';
      if (Object.keys(local).length > 0) return setErrors(local);
      run({ action: 'resiliation', date_resiliation: date, motif: motif.trim() }, 'La convention est résiliée.');
    }
  };

  const failureAlert =
    failure === null ? null : (
      <Alert color="red" variant="light" role="alert" title="L'action n'a pas abouti">
        {failure}
      </Alert>
    );

  // The next step is the lifecycle verb the API lets this caller apply now (one at a time).
  const verbe = actionsDe('StatutConvention', convention).find((candidat): candidat is EtapeCycle => candidat in ETAPES);
  const action = verbe === undefined ? null : { label: libelleAction('StatutConvention', verbe), ...ETAPES[verbe] };
  if (action === null) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="cycle-titre">
      <Title order={2} id="cycle-titre">
        Étape suivante
      </Title>
      <Text>{action.explication}</Text>
      <div>
        <Button color={action.danger === true ? 'red.9' : undefined} variant={action.danger === true ? 'outline' : 'filled'} onClick={() => open(action.next)}>
          {action.label}
        </Button>
      </div>

      <ConfirmDialog
        opened={dialogue === 'envoi'}
        title="Envoyer la convention en signature ?"
        confirmLabel="Envoyer en signature"
        danger={false}
        loading={cycle.isPending}
        onConfirm={confirm}
        onCancel={close}
      >
        <Stack gap="sm">
          <Text>
            La convention passera au statut « En signature » et ne pourra plus revenir à l'état de brouillon. Ses parties, objectifs et dates
            resteront modifiables jusqu'à la signature.
          </Text>
          {failureAlert}
        </Stack>
      </ConfirmDialog>

      <ConfirmDialog
        opened={dialogue === 'signature'}
        title="Enregistrer la signature ?"
        confirmLabel="Enregistrer la signature"
        danger={false}
        loading={cycle.isPending}
        onConfirm={confirm}
        onCancel={close}
      >
        <Stack gap="sm">
          <Text>
            La convention deviendra active. Ses parties, objectifs et dates ne seront plus modifiables (sauf l'échéance) ; seule une résiliation
            pourra y mettre fin avant son échéance.
            {partenariat && ' Le partenaire deviendra « Engagé » dans le réseau.'}
          </Text>
          <TextInput
            type="date"
            label="Date de signature"
            withAsterisk
            value={date}
            error={errors.date_signature}
            onChange={(event) => setDate(event.currentTarget.value)}
          />
          {failureAlert}
        </Stack>
      </ConfirmDialog>

      <ConfirmDialog
        opened={dialogue === 'resiliation'}
        title="Résilier la convention ?"
        confirmLabel="Résilier la convention"
        loading={cycle.isPending}
        onConfirm={confirm}
        onCancel={close}
      >
        <Stack gap="sm">
          <Text>
            La convention prendra fin à la date indiquée. Cette action est définitive : pour reprendre, il faudra une nouvelle convention.
            {partenariat && " Le partenaire ne sera plus « Engagé » dans le réseau s'il n'a pas d'autre partenariat actif."}
          </Text>
          <TextInput
            type="date"
            label="Date de résiliation"
            withAsterisk
            value={date}
            error={errors.date_resiliation}
            onChange={(event) => setDate(event.currentTarget.value)}
          />
          <Textarea
            label="Motif"
            withAsterisk
            autosize
            minRows={2}
            value={motif}
            error={errors.motif}
            onChange={(event) => setMotif(event.currentTarget.value)}
          />
          {failureAlert}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}

function Parties({ convention }: { convention: Convention }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="parties-titre">
      <Title order={2} id="parties-titre">
        Parties
      </Title>
      <DataTable caption="Parties de la convention" minWidth={480}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Structure</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Rôle</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {convention.parties.map((partie) => (
            <Table.Tr key={`${partie.structure_id}-${partie.role}`}>
              <Table.Th scope="row">
                <Anchor component={Link} className="cell-link" to={`/structures/${partie.structure_id}`}>
                  {partie.nom}
                </Anchor>
              </Table.Th>
              <Table.Td>{structureTypeLabels[partie.type]}</Table.Td>
              <Table.Td>{rolePartieLabels[partie.role]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Stack>
  );
}

function Objectifs({ convention }: { convention: Convention }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="objectifs-titre">
      <Title order={2} id="objectifs-titre">
        Objectifs
      </Title>
      {convention.objectifs.length === 0 ? (
        <Text>Aucun objectif chiffré.</Text>
      ) : (
        <List spacing="xs">
          {convention.objectifs.map((objectif, index) => (
            <List.Item key={`${objectif.libelle}-${index}`}>
              {objectif.libelle}
              {objectif.cible != null && (
                <Text span fw={600}>
                  {cibleObjectif(formatNumber(objectif.cible))}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** "Préparer le renouvellement", or the link to the renewal already made. */
function Renouvellement({ convention }: { convention: Convention }) {
  const navigate = useNavigate();
  const renouveler = useRenouvelerConvention(convention.id);
  const [ouvert, setOuvert] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (convention.suivante_id != null) {
    return (
      <Stack gap="xs" component="section" aria-labelledby="renouvellement-titre">
        <Title order={2} id="renouvellement-titre">
          {renouvellementMessages.titre}
        </Title>
        <Text>{renouvellementMessages.enPreparation}</Text>
        <div>
          <Button component={Link} to={`/conventions/${convention.suivante_id}`} variant="outline">
            {renouvellementMessages.voir}
          </Button>
        </div>
      </Stack>
    );
  }
  if (!peut('StatutConvention', convention, 'renouvellement')) return null;
  const confirmer = () => {
    setFailure(null);
    renouveler.mutate(undefined, {
      onSuccess: (version) => {
        setOuvert(false);
        notifications.show({ color: 'green', title: renouvellementMessages.titre, message: renouvellementMessages.cree });
        void navigate(`/conventions/${version.convention.id}`);
      },
      onError: (error) => setFailure(errorMessage(error)),
    });
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="renouvellement-titre">
      <Title order={2} id="renouvellement-titre">
        {renouvellementMessages.titre}
      </Title>
      <Text>{renouvellementMessages.explication}</Text>
      <div>
        <Button
          onClick={() => {
            setFailure(null);
            setOuvert(true);
          }}
        >
          {renouvellementMessages.preparer}
        </Button>
      </div>
      <ConfirmDialog
        opened={ouvert}
        title={renouvellementMessages.confirmerTitre}
        confirmLabel={renouvellementMessages.confirmer}
        danger={false}
        loading={renouveler.isPending}
        onConfirm={confirmer}
        onCancel={() => setOuvert(false)}
      >
        <Stack gap="sm">
          <Text>{renouvellementMessages.confirmerTexte}</Text>
          {failure !== null && (
            <Alert color="red" variant="light" role="alert" title="L'action n'a pas abouti">
              {failure}
            </Alert>
          )}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}

/** The renewal chain, oldest first, as the API gives it (empty when there is none). */
function Chaine({ convention }: { convention: Convention }) {
  const chaine = convention.chaine ?? [];
  if (chaine.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="chaine-titre">
      <Title order={2} id="chaine-titre">
        {renouvellementMessages.chaineTitre}
      </Title>
      <List spacing="xs" listStyleType="none" ml={0} pl={0} aria-label={renouvellementMessages.chaineCaption} component="ol">
        {chaine.map((lien) => (
          <List.Item key={lien.id}>
            <Group gap="xs" wrap="wrap">
              {lien.id === convention.id ? (
                <Text span fw={600} aria-current="page">
                  {lien.titre} {renouvellementMessages.cetteConvention}
                </Text>
              ) : (
                <Anchor component={Link} to={`/conventions/${lien.id}`} className="cell-link">
                  {lien.titre}
                </Anchor>
              )}
              <StatutBadge famille="convention" statut={lien.statut} />
              <Text span size="sm">
                <DateValue value={lien.date_effet} /> → <DateValue value={lien.date_echeance} />
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
