import { Alert, Anchor, Breadcrumbs, Button, DataList, Group, List, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError, errorMessage, isNotFound } from '../../api/problem';
import type { CandidatureDetail } from '../../api/types';
import { actionsDe, libelleAction, type Verbe } from '../../app/actions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { typeSoutienLabels, voieCandidatureLabels } from '../../i18n/candidatures';
import { densiteLabels, domaineLabels, enumValues, structureTypeLabels, typePartenaireLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/DataTable';
import { formatDateTime, formatSiret } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { uuidOrUndefined } from '../network/useUrlFilters';
import { type CommandeCandidature, useCandidature, useCommandeCandidature, useTelechargerDocumentCandidature } from './useCandidatures';

function Introuvable() {
  usePageTitle('Candidature introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Candidature introuvable</PageHeading>
      <Text>Cette candidature n'existe pas ou vous n'y avez pas accès.</Text>
      <div>
        <Button component={Link} to="/candidatures">
          Voir les candidatures
        </Button>
      </div>
    </Stack>
  );
}

export function CandidaturePage() {
  const { candidatureId = '' } = useParams();
  if (uuidOrUndefined(candidatureId) === undefined) return <Introuvable />;
  return <CandidatureDetails candidatureId={candidatureId} />;
}

function CandidatureDetails({ candidatureId }: { candidatureId: string }) {
  const query = useCandidature(candidatureId);
  usePageTitle(query.data?.nom ?? 'Candidature');
  if (query.isPending) return <LoadingState label="Chargement de la candidature…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <Introuvable />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const candidature = query.data;
  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/candidatures">
            Candidatures
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            {candidature.nom}
          </Text>
        </Breadcrumbs>
      </nav>
      <Group gap="md" align="center">
        <PageHeading>{candidature.nom ?? 'Candidature'}</PageHeading>
        <StatutBadge famille="candidature" statut={candidature.statut} />
      </Group>
      <Decisions key={candidature.version} candidature={candidature} />
      <Creations candidature={candidature} />
      <Fiche candidature={candidature} />
      <Contacts candidature={candidature} />
      <Documents candidature={candidature} />
      <Commentaires candidature={candidature} />
    </Stack>
  );
}

function Valeur({ value }: { value: string | number | null | undefined }) {
  return <>{value === null || value === undefined || value === '' ? messages.notAvailable : value}</>;
}

function Fiche({ candidature }: { candidature: CandidatureDetail }) {
  const s = candidature.saisie;
  const territoire = candidature.nouveau_territoire
    ? `Nouveau territoire : ${candidature.nouveau_territoire}`
    : candidature.territoires.map((t) => t.nom).join(', ');
  return (
    <section aria-labelledby="fiche-titre">
      <Title order={2} size="h3" id="fiche-titre" mb="sm">
        La candidature
      </Title>
      <DataList labelWidth="220px">
        <DataList.Item>
          <DataList.ItemLabel>Voie</DataList.ItemLabel>
          <DataList.ItemValue>{voieCandidatureLabels[candidature.voie]}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>SIRET</DataList.ItemLabel>
          <DataList.ItemValue>{s.siret ? formatSiret(s.siret) : messages.notAvailable}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Adresse</DataList.ItemLabel>
          <DataList.ItemValue>
            <Valeur value={[s.adresse, [s.code_postal, s.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ')} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Territoire</DataList.ItemLabel>
          <DataList.ItemValue>
            <Valeur value={territoire} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>E-mail de la demande</DataList.ItemLabel>
          <DataList.ItemValue>{candidature.courriel}</DataList.ItemValue>
        </DataList.Item>
        {candidature.voie === 'chantier_porteur' && (
          <>
            <DataList.Item>
              <DataList.ItemLabel>Capacité (postes)</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={s.nombre_postes} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Salariés en insertion aujourd'hui</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={s.salaries_insertion} />
              </DataList.ItemValue>
            </DataList.Item>
          </>
        )}
        {candidature.voie === 'partenaire' && (
          <>
            <DataList.Item>
              <DataList.ItemLabel>Type</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={s.type_partenaire ? typePartenaireLabels[s.type_partenaire] : null} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Domaines</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={(s.domaines ?? []).map((d) => domaineLabels[d]).join(', ')} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Services proposés</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={(s.services ?? []).map((svc) => svc.nom).join(', ')} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Délai de réponse promis</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={s.delai_reponse_jours == null ? null : `${s.delai_reponse_jours} jours`} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Répond aux orientations</DataList.ItemLabel>
              <DataList.ItemValue>
                <Valeur value={s.referent} />
              </DataList.ItemValue>
            </DataList.Item>
          </>
        )}
        {candidature.voie === 'financeur' && (
          <DataList.Item>
            <DataList.ItemLabel>Soutien</DataList.ItemLabel>
            <DataList.ItemValue>
              <Valeur value={s.type_soutien ? typeSoutienLabels[s.type_soutien] : null} />
            </DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel>Présentation</DataList.ItemLabel>
          <DataList.ItemValue style={{ whiteSpace: 'pre-wrap' }}>
            <Valeur value={s.presentation} />
          </DataList.ItemValue>
        </DataList.Item>
        {candidature.message_decision && (
          <DataList.Item>
            <DataList.ItemLabel>Message de la décision</DataList.ItemLabel>
            <DataList.ItemValue>{candidature.message_decision}</DataList.ItemValue>
          </DataList.Item>
        )}
      </DataList>
    </section>
  );
}

function Contacts({ candidature }: { candidature: CandidatureDetail }) {
  const contacts = candidature.saisie.contacts ?? [];
  return (
    <section aria-labelledby="contacts-titre">
      <Title order={2} size="h3" id="contacts-titre" mb="sm">
        Personnes à contacter
      </Title>
      {contacts.length === 0 ? (
        <Text>Aucune personne indiquée.</Text>
      ) : (
        <DataTable caption="Liste des personnes à contacter" minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Nom</Table.Th>
              <Table.Th scope="col">Fonction</Table.Th>
              <Table.Th scope="col">E-mail</Table.Th>
              <Table.Th scope="col">Demande un accès</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.map((c) => (
              <Table.Tr key={c.courriel}>
                <Table.Th scope="row">
                  {c.prenom} {c.nom}
                </Table.Th>
                <Table.Td>
                  <Valeur value={c.fonction} />
                </Table.Td>
                <Table.Td>{c.courriel}</Table.Td>
                <Table.Td>{c.compte === false ? 'Non' : 'Oui'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </section>
  );
}

function Creations({ candidature }: { candidature: CandidatureDetail }) {
  const c = candidature.creations;
  if (candidature.statut !== 'acceptee') return null;
  return (
    <Alert variant="default" title="Ce que l'acceptation a créé">
      <List>
        {c.structure_id && (
          <List.Item>
            <Anchor component={Link} to={`/structures/${c.structure_id}`}>
              La structure dans l'annuaire
            </Anchor>
          </List.Item>
        )}
        {c.convention_id && (
          <List.Item>
            <Anchor component={Link} to={`/conventions/${c.convention_id}`}>
              La convention en brouillon
            </Anchor>
          </List.Item>
        )}
        {c.territoire_id && (
          <List.Item>
            <Anchor component={Link} to={`/territoires/${c.territoire_id}`}>
              Le territoire en préparation
            </Anchor>
          </List.Item>
        )}
        <List.Item>
          {c.comptes_invites === 0 ? 'Aucune invitation envoyée' : `${c.comptes_invites} invitation${c.comptes_invites > 1 ? 's' : ''} envoyée${c.comptes_invites > 1 ? 's' : ''}`}
        </List.Item>
      </List>
    </Alert>
  );
}

type Decision = Extract<Verbe<'StatutCandidature'>, 'instruction' | 'acceptation' | 'refus' | 'classement'>;

const EXPLICATIONS: Record<Decision, string> = {
  instruction: "La candidature passe « en instruction » ; la personne qui l'a envoyée en est prévenue par e-mail.",
  acceptation:
    "Crée la structure (ou met à jour celle de même SIRET), la convention en brouillon ou le territoire en préparation, et invite les personnes qui ont demandé un accès. La personne qui a candidaté reçoit votre message par e-mail.",
  refus: 'La personne qui a candidaté reçoit le motif par e-mail. Le refus est définitif.',
  classement: 'La candidature est classée sans suite ; la personne en est prévenue par e-mail.',
};

function Decisions({ candidature }: { candidature: CandidatureDetail }) {
  const commande = useCommandeCandidature(candidature.id);
  const [dialogue, setDialogue] = useState<Decision | null>(null);
  const [message, setMessage] = useState('');
  const [densite, setDensite] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const verbes = actionsDe('StatutCandidature', candidature).filter((v): v is Decision => v !== 'commentaire');
  const existante = candidature.structure_existante;

  const open = (verbe: Decision) => {
    setErrors({});
    setFailure(null);
    setMessage('');
    setDialogue(verbe);
  };
  const confirm = () => {
    if (dialogue === null) return;
    let body: CommandeCandidature;
    if (dialogue === 'refus') {
      if (message.trim() === '') return setErrors({ motif: 'Le motif du refus est obligatoire : il est envoyé à la personne.' });
      body = { verbe: 'refus', motif: message };
    } else if (dialogue === 'acceptation') {
      body = {
        verbe: 'acceptation',
        ...(message.trim() ? { message } : {}),
        ...(existante && existante.differences.length > 0 ? { confirmer_mise_a_jour: true } : {}),
        ...(densite === 'dense' || densite === 'peu_dense' ? { densite } : {}),
      };
    } else if (dialogue === 'classement') {
      body = { verbe: 'classement', ...(message.trim() ? { message } : {}) };
    } else {
      body = { verbe: 'instruction' };
    }
    commande.mutate(body, {
      onSuccess: () => {
        setDialogue(null);
        notifications.show({ color: 'green', title: 'Candidature mise à jour', message: libelleAction('StatutCandidature', dialogue) });
      },
      onError: (error) => {
        if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
        else setFailure(errorMessage(error));
      },
    });
  };

  return (
    <Stack gap="sm">
      {existante && candidature.statut !== 'acceptee' && (
        <Alert variant="default" title="Une structure de l'annuaire a déjà ce SIRET">
          <Text mb="xs">
            <Anchor component={Link} to={`/structures/${existante.id}`}>
              {existante.nom}
            </Anchor>{' '}
            ({structureTypeLabels[existante.type]}) : l'acceptation la met à jour au lieu d'en créer une autre.
          </Text>
          {existante.differences.length === 0 ? (
            <Text>Ses informations sont identiques à celles de la candidature.</Text>
          ) : (
            <DataTable caption="Différences entre l'annuaire et la candidature" minWidth={480}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Champ</Table.Th>
                  <Table.Th scope="col">Dans l'annuaire</Table.Th>
                  <Table.Th scope="col">Dans la candidature</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {existante.differences.map((d) => (
                  <Table.Tr key={d.champ}>
                    <Table.Th scope="row">{d.libelle}</Table.Th>
                    <Table.Td>
                      <Valeur value={d.actuel} />
                    </Table.Td>
                    <Table.Td>
                      <Valeur value={d.propose} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </Alert>
      )}
      {candidature.acceptation_impossible && candidature.statut === 'en_instruction' && <Alert variant="default">{candidature.acceptation_impossible}</Alert>}
      {verbes.length > 0 && (
        <Group gap="sm">
          {verbes.map((verbe) => (
            <Button key={verbe} color={verbe === 'refus' ? 'red' : undefined} variant={verbe === 'acceptation' || verbe === 'instruction' ? 'filled' : 'outline'} onClick={() => open(verbe)}>
              {libelleAction('StatutCandidature', verbe)}
            </Button>
          ))}
        </Group>
      )}
      <ConfirmDialog
        opened={dialogue !== null}
        title={dialogue === null ? '' : `${libelleAction('StatutCandidature', dialogue)} ?`}
        confirmLabel={dialogue === null ? '' : libelleAction('StatutCandidature', dialogue)}
        onConfirm={confirm}
        onCancel={() => setDialogue(null)}
        loading={commande.isPending}
        danger={dialogue === 'refus'}
      >
        {dialogue !== null && <Text>{EXPLICATIONS[dialogue]}</Text>}
        {dialogue === 'acceptation' && candidature.nouveau_territoire && (
          <NativeSelect
            label={`Densité du nouveau territoire « ${candidature.nouveau_territoire} »`}
            required
            data={[{ value: '', label: 'Choisir…' }, ...enumValues(densiteLabels).map((value) => ({ value, label: densiteLabels[value] }))]}
            value={densite}
            error={errors.densite}
            onChange={(event) => setDensite(event.currentTarget.value)}
          />
        )}
        {dialogue !== null && dialogue !== 'instruction' && (
          <Textarea
            label={dialogue === 'refus' ? 'Motif du refus (envoyé à la personne)' : 'Message à la personne (facultatif)'}
            required={dialogue === 'refus'}
            autosize
            minRows={3}
            maxLength={2000}
            value={message}
            error={errors.motif ?? errors.message}
            onChange={(event) => setMessage(event.currentTarget.value)}
          />
        )}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
      </ConfirmDialog>
    </Stack>
  );
}

function Commentaires({ candidature }: { candidature: CandidatureDetail }) {
  const commande = useCommandeCandidature(candidature.id);
  const [texte, setTexte] = useState('');
  const [error, setError] = useState<string | undefined>();
  const peutCommenter = actionsDe('StatutCandidature', candidature).includes('commentaire');
  const envoyer = () => {
    if (texte.trim() === '') return setError('Écrivez votre commentaire.');
    commande.mutate(
      { verbe: 'commentaire', texte },
      {
        onSuccess: () => {
          setTexte('');
          setError(undefined);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <section aria-labelledby="commentaires-titre">
      <Title order={2} size="h3" id="commentaires-titre" mb="sm">
        Commentaires entre instructeurs
      </Title>
      {candidature.commentaires.length === 0 ? (
        <Text mb="sm">Aucun commentaire. La personne qui a candidaté ne les voit pas.</Text>
      ) : (
        <ol className="candidature-commentaires">
          {candidature.commentaires.map((c) => (
            <li key={c.id}>
              <Text size="sm" c="dimmed">
                {c.auteur}, <time dateTime={c.created_at}>{formatDateTime(c.created_at)}</time>
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.texte}</Text>
            </li>
          ))}
        </ol>
      )}
      {peutCommenter && (
        <Stack gap="xs" maw={640}>
          <Textarea label="Nouveau commentaire" autosize minRows={2} maxLength={2000} value={texte} error={error} onChange={(e) => setTexte(e.currentTarget.value)} />
          <div>
            <Button variant="outline" loading={commande.isPending} onClick={envoyer}>
              Commenter
            </Button>
          </div>
        </Stack>
      )}
    </section>
  );
}

function Documents({ candidature }: { candidature: CandidatureDetail }) {
  const telecharger = useTelechargerDocumentCandidature(candidature.id);
  if (candidature.documents.length === 0) return null;
  return (
    <section aria-labelledby="documents-titre">
      <Title order={2} size="h3" id="documents-titre" mb="sm">
        Documents joints
      </Title>
      <List>
        {candidature.documents.map((d) => (
          <List.Item key={d.id}>
            <Button variant="subtle" loading={telecharger.isPending && telecharger.variables?.id === d.id} onClick={() => telecharger.mutate(d)}>
              Télécharger {d.nom_fichier}
            </Button>
          </List.Item>
        ))}
      </List>
      {telecharger.isError && (
        <Alert color="red" role="alert">
          {errorMessage(telecharger.error)}
        </Alert>
      )}
    </section>
  );
}
