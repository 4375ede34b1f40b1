import { Alert, Anchor, Breadcrumbs, Button, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { errorMessage, isNotFound } from '../../api/problem';
import type { ClientApi, ClientApiSecret } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { roleLabels, structureTypeLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { scopeLabel } from './format';
import { SecretReveal } from './SecretReveal';
import { useClientApi, useClientRevocation, useRenouvelerSecret, useStructure } from './useIdentity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ClientIntrouvable() {
  usePageTitle("Client d'API introuvable");
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Client d'API introuvable</PageHeading>
      <Text>Ce client d'API n'existe pas ou n'appartient pas à votre périmètre.</Text>
      <div>
        <Button component={Link} to="/administration/clients-api">
          Voir tous les clients d'API
        </Button>
      </div>
    </Stack>
  );
}

export function ClientApiPage() {
  const { clientApiId = '' } = useParams();
  if (!UUID.test(clientApiId)) return <ClientIntrouvable />;
  return <ClientApiDetails clientApiId={clientApiId} />;
}

function ClientApiDetails({ clientApiId }: { clientApiId: string }) {
  const query = useClientApi(clientApiId);
  usePageTitle(query.data?.nom ?? "Client d'API");
  if (query.isPending) return <LoadingState label="Chargement du client d'API…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <ClientIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Client d'API</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  return <ClientApiFiche clientApi={query.data} />;
}

function ClientApiFiche({ clientApi }: { clientApi: ClientApi }) {
  const structure = useStructure(clientApi.structure_id);
  const rotation = useRenouvelerSecret(clientApi.id);
  const revocation = useClientRevocation(clientApi.id);
  const [secret, setSecret] = useState<ClientApiSecret | null>(null);
  const [confirming, setConfirming] = useState(false);
  const revoque = clientApi.revoked_at !== null || !clientApi.actif;

  return (
    <Stack gap="lg" maw={800}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/administration/clients-api">
            Clients d'API
          </Anchor>
          <Text span aria-current="page">
            {clientApi.nom}
          </Text>
        </Breadcrumbs>
      </nav>
      <Group gap="md" align="center">
        <PageHeading>{clientApi.nom}</PageHeading>
        <StatutBadge famille="clientApi" statut={revoque ? 'revoque' : 'actif'} />
      </Group>

      {secret !== null && (
        <SecretReveal
          clientId={secret.client.client_id}
          secret={secret.client_secret}
          ancienValideJusquA={secret.ancien_secret_valide_jusqu_a ?? null}
          onDone={() => setSecret(null)}
        />
      )}

      <DataList labelWidth="200px">
        <DataList.Item>
          <DataList.ItemLabel>Identifiant (client_id)</DataList.ItemLabel>
          <DataList.ItemValue style={{ wordBreak: 'break-all' }}>{clientApi.client_id}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Structure</DataList.ItemLabel>
          <DataList.ItemValue>
            {structure.data === undefined
              ? structure.isPending
                ? messages.loading
                : messages.notAvailable
              : `${structure.data.nom} (${structureTypeLabels[structure.data.type]})`}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Rôle</DataList.ItemLabel>
          <DataList.ItemValue>{roleLabels[clientApi.role]}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Portées</DataList.ItemLabel>
          <DataList.ItemValue>{clientApi.scopes.map(scopeLabel).join(', ')}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Créé le</DataList.ItemLabel>
          <DataList.ItemValue>
            <time dateTime={clientApi.created_at}>{formatDateTime(clientApi.created_at)}</time>
          </DataList.ItemValue>
        </DataList.Item>
        {clientApi.revoked_at !== null && (
          <DataList.Item>
            <DataList.ItemLabel>Révoqué le</DataList.ItemLabel>
            <DataList.ItemValue>
              <time dateTime={clientApi.revoked_at}>{formatDateTime(clientApi.revoked_at)}</time>
            </DataList.ItemValue>
          </DataList.Item>
        )}
      </DataList>

      {!revoque && (
        <Stack gap="md" component="section" aria-labelledby="secret-actions-titre">
          <Title order={2} id="secret-actions-titre">
            Secret et accès
          </Title>
          {(rotation.isError || revocation.isError) && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(rotation.error ?? revocation.error)}
            </Alert>
          )}
          <Text>
            Renouveler le secret en donne un nouveau ; l'ancien reste valide quelques heures, le temps de mettre à jour le
            système du partenaire.
          </Text>
          <div>
            <Button onClick={() => rotation.mutate(undefined, { onSuccess: setSecret })} loading={rotation.isPending}>
              Renouveler le secret
            </Button>
          </div>
          <Text>Révoquer le client coupe définitivement son accès à l'API.</Text>
          <div>
            <Button color="red.9" variant="outline" onClick={() => setConfirming(true)}>
              Révoquer le client
            </Button>
          </div>
        </Stack>
      )}

      <ConfirmDialog
        opened={confirming}
        title="Révoquer ce client d'API ?"
        confirmLabel="Révoquer définitivement"
        onConfirm={() =>
          revocation.mutate(undefined, {
            onSettled: () => setConfirming(false),
            onSuccess: () => setSecret(null),
          })
        }
        onCancel={() => setConfirming(false)}
        loading={revocation.isPending}
      >
        {`Le système de « ${clientApi.nom} » ne pourra plus se connecter, avec aucun de ses secrets. Cette action est irréversible : il faudra créer un nouveau client.`}
      </ConfirmDialog>
    </Stack>
  );
}
