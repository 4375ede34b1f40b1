import { queryKeys } from '../../api/queryKeys';
import { Alert, Anchor, Breadcrumbs, Button, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';

import { client, unwrap } from '../../api/client';
import { ApiError, isNotFound } from '../../api/problem';
import type { Utilisateur } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { TERRITORIAL_ROLES } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { invitationActionLabels, invitationStatutLabels, roleLabels, structureTypeLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { type Affectation, AffectationFields } from './AffectationFields';
import { modificationErrorMessage } from './format';
import { type UtilisateurVersion, useModifierUtilisateur, useStructure, useTousTerritoires, useUtilisateur } from './useIdentity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function CompteIntrouvable() {
  usePageTitle('Compte introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Compte introuvable</PageHeading>
      <Text>Ce compte n'existe pas ou n'appartient pas à votre périmètre.</Text>
      <div>
        <Button component={Link} to="/administration/utilisateurs">
          Voir tous les comptes
        </Button>
      </div>
    </Stack>
  );
}

export function UtilisateurPage() {
  const { utilisateurId = '' } = useParams();
  if (!UUID.test(utilisateurId)) return <CompteIntrouvable />;
  return <UtilisateurDetails utilisateurId={utilisateurId} />;
}

function UtilisateurDetails({ utilisateurId }: { utilisateurId: string }) {
  const query = useUtilisateur(utilisateurId);
  const utilisateur = query.data?.utilisateur;
  usePageTitle(utilisateur === undefined ? 'Compte' : `${utilisateur.prenom} ${utilisateur.nom}`);

  if (query.isPending) return <LoadingState label="Chargement du compte…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <CompteIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Compte</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  return <UtilisateurFiche version={query.data} onReload={() => void query.refetch()} />;
}

function UtilisateurFiche({ version, onReload }: { version: UtilisateurVersion; onReload: () => void }) {
  const { utilisateur, etag } = version;
  const moi = useMoi();
  const modifier = useModifierUtilisateur(utilisateur.id);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const soiMeme = moi.id === utilisateur.id;

  const changeActif = (actif: boolean) => {
    setError(null);
    modifier.mutate(
      { changes: { actif }, etag },
      {
        onSuccess: () => {
          setConfirming(false);
          notifications.show({
            color: 'green',
            title: actif ? 'Compte réactivé' : 'Compte désactivé',
            message: actif ? 'La personne peut de nouveau se connecter.' : 'Ses sessions ont été fermées.',
          });
        },
        onError: (failure) => {
          setConfirming(false);
          setError(failure);
        },
      },
    );
  };

  return (
    <Stack gap="lg" maw={800}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/administration/utilisateurs">
            Utilisateurs
          </Anchor>
          <Text span aria-current="page">
            {utilisateur.prenom} {utilisateur.nom}
          </Text>
        </Breadcrumbs>
      </nav>
      <Group gap="md" align="center">
        <PageHeading>
          {utilisateur.prenom} {utilisateur.nom}
        </PageHeading>
        <StatutBadge famille="compte" statut={utilisateur.actif ? 'actif' : 'desactive'} />
      </Group>

      {error !== null && (
        <Alert color="red" variant="light" role="alert" title="La modification n'a pas été enregistrée">
          <Stack gap="sm" align="flex-start">
            <Text>{modificationErrorMessage(error)}</Text>
            {error instanceof ApiError && error.status === 412 && (
              <Button
                variant="outline"
                color="red.9"
                onClick={() => {
                  setError(null);
                  onReload();
                }}
              >
                Recharger
              </Button>
            )}
          </Stack>
        </Alert>
      )}

      <UtilisateurDonnees utilisateur={utilisateur} />

      {!soiMeme && (
        <Stack gap="sm" component="section" aria-labelledby="acces-titre">
          <Title order={2} id="acces-titre">
            Accès
          </Title>
          {utilisateur.actif ? (
            <>
              <Text>Désactiver le compte ferme ses sessions ; la personne ne peut plus se connecter jusqu'à sa réactivation.</Text>
              <div>
                <Button color="red.9" variant="outline" onClick={() => setConfirming(true)}>
                  Désactiver le compte
                </Button>
              </div>
            </>
          ) : (
            <>
              <Text>Ce compte est désactivé : la personne ne peut pas se connecter.</Text>
              <div>
                <Button onClick={() => changeActif(true)} loading={modifier.isPending}>
                  Réactiver le compte
                </Button>
              </div>
            </>
          )}
        </Stack>
      )}

      {!soiMeme && <ChangementRole key={`${utilisateur.id}-${utilisateur.version}`} version={version} onError={setError} />}

      <ConfirmDialog
        opened={confirming}
        title="Désactiver ce compte ?"
        confirmLabel="Désactiver"
        onConfirm={() => changeActif(false)}
        onCancel={() => setConfirming(false)}
        loading={modifier.isPending}
      >
        {`${utilisateur.prenom} ${utilisateur.nom} (${utilisateur.email}) sera déconnecté·e de toutes ses sessions et ne pourra plus se connecter. Vous pourrez réactiver le compte plus tard.`}
      </ConfirmDialog>
    </Stack>
  );
}

function UtilisateurDonnees({ utilisateur }: { utilisateur: Utilisateur }) {
  const structure = useStructure(utilisateur.structure_id);
  const territoires = useTousTerritoires({ enabled: utilisateur.territoire_ids.length > 0 });
  const nomsTerritoires = utilisateur.territoire_ids
    .map((id) => territoires.data?.find((territoire) => territoire.id === id)?.nom ?? null)
    .filter((nom): nom is string => nom !== null);
  return (
    <DataList labelWidth="200px">
      <DataList.Item>
        <DataList.ItemLabel>Adresse e-mail</DataList.ItemLabel>
        <DataList.ItemValue>{utilisateur.email}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Rôle</DataList.ItemLabel>
        <DataList.ItemValue>{roleLabels[utilisateur.role]}</DataList.ItemValue>
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
      {utilisateur.territoire_ids.length > 0 && (
        <DataList.Item>
          <DataList.ItemLabel>Territoires</DataList.ItemLabel>
          <DataList.ItemValue>{nomsTerritoires.length > 0 ? nomsTerritoires.join(', ') : messages.loading}</DataList.ItemValue>
        </DataList.Item>
      )}
      <DataList.Item>
        <DataList.ItemLabel>Invitation</DataList.ItemLabel>
        <DataList.ItemValue>
          <InvitationEtat utilisateurId={utilisateur.id} invitation={utilisateur.invitation} />
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Double authentification</DataList.ItemLabel>
        <DataList.ItemValue>{utilisateur.totp_active ? 'Activée' : 'Non activée'}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Dernière connexion</DataList.ItemLabel>
        <DataList.ItemValue>
          {utilisateur.last_login_at === null ? 'Jamais' : <time dateTime={utilisateur.last_login_at}>{formatDateTime(utilisateur.last_login_at)}</time>}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Compte créé le</DataList.ItemLabel>
        <DataList.ItemValue>
          <time dateTime={utilisateur.created_at}>{formatDateTime(utilisateur.created_at)}</time>
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function ChangementRole({ version, onError }: { version: UtilisateurVersion; onError: (error: unknown) => void }) {
  const { utilisateur, etag } = version;
  const modifier = useModifierUtilisateur(utilisateur.id);
  const [affectation, setAffectation] = useState<Affectation>({
    role: utilisateur.role,
    structure_id: utilisateur.structure_id,
    territoire_ids: utilisateur.territoire_ids,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (affectation.role === '' || affectation.structure_id === '') {
      setErrors({
        ...(affectation.role === '' ? { role: 'Choisissez un rôle.' } : {}),
        ...(affectation.structure_id === '' ? { structure_id: 'Choisissez une structure.' } : {}),
      });
      return;
    }
    setErrors({});
    onError(null);
    modifier.mutate(
      {
        changes: {
          role: affectation.role,
          structure_id: affectation.structure_id,
          ...(TERRITORIAL_ROLES.includes(affectation.role) ? { territoire_ids: affectation.territoire_ids } : {}),
        },
        etag,
      },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Rôle enregistré', message: 'Le rôle du compte a été modifié.' }),
        onError: (failure) => {
          if (failure instanceof ApiError && Object.keys(failure.fieldErrors).length > 0) setErrors(failure.fieldErrors);
          else onError(failure);
        },
      },
    );
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="role-titre">
      <Title order={2} id="role-titre">
        Rôle et rattachement
      </Title>
      <form onSubmit={submit} aria-label="Modifier le rôle et le rattachement">
        <Stack gap="md" maw={520}>
          <AffectationFields value={affectation} onChange={setAffectation} errors={errors} />
          <div>
            <Button type="submit" loading={modifier.isPending}>
              Enregistrer le rôle
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}

/** The invitation's state and the verbs the API offers on it (`actions`). */
function InvitationEtat({ utilisateurId, invitation }: { utilisateurId: string; invitation: Utilisateur['invitation'] }) {
  const queryClient = useQueryClient();
  const renvoyer = useMutation({
    mutationFn: async () =>
      unwrap(
        await client.POST('/api/v1/utilisateurs/{utilisateur_id}/invitation', {
          params: { path: { utilisateur_id: utilisateurId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.utilisateurs.all }),
  });
  const revoquer = useMutation({
    mutationFn: async () =>
      unwrap(
        await client.POST('/api/v1/utilisateurs/{utilisateur_id}/invitation/revocation', {
          params: { path: { utilisateur_id: utilisateurId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.utilisateurs.all }),
  });
  return (
    <Group gap="xs">
      <Text span>
        {invitationStatutLabels[invitation.statut]}
        {invitation.expire_le !== null && invitation.expire_le !== undefined && invitation.statut === 'en_attente'
          ? ` (jusqu’au ${formatDateTime(invitation.expire_le)})`
          : ''}
      </Text>
      {invitation.actions.includes('renvoyer') && (
        <Button size="xs" variant="light" onClick={() => renvoyer.mutate()} loading={renvoyer.isPending}>
          {invitationActionLabels.renvoyer}
        </Button>
      )}
      {invitation.actions.includes('revoquer') && (
        <Button size="xs" variant="subtle" color="red" onClick={() => revoquer.mutate()} loading={revoquer.isPending}>
          {invitationActionLabels.revoquer}
        </Button>
      )}
    </Group>
  );
}
