import { queryKeys } from '../../api/queryKeys';
import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { client, unwrap, unwrapEmpty } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';

/** The token of an e-mailed link: in the fragment, so it never reaches a server log. */
function linkToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('jeton') ?? '';
}

function PublicFrame({ title, children }: { title: string; children: React.ReactNode }) {
  usePageTitle(title);
  return (
    <main>
      <Paper maw={480} mx="auto" mt="xl" p="lg" withBorder>
        <Stack gap="md">
          <PageHeading>{title}</PageHeading>
          {children}
        </Stack>
      </Paper>
    </main>
  );
}

function NewPasswordForm({
  submitLabel,
  onSubmit,
}: {
  submitLabel: string;
  onSubmit: (password: string) => Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(password);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={submitLabel}>
      <Stack gap="md">
        {error !== null && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <PasswordInput
          label="Nouveau mot de passe"
          description="Au moins 12 caractères ; une phrase de passe est idéale."
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le mot de passe' }}
        />
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

export function InvitationPage() {
  const navigate = useNavigate();
  const [jeton] = useState(linkToken);
  const invitation = useQuery({
    queryKey: queryKeys.comptes.invitation(jeton),
    queryFn: async () =>
      unwrap(await client.POST('/api/v1/auth/invitation/lecture', { body: { jeton } })),
    retry: false,
  });
  return (
    <PublicFrame title="Activer mon compte">
      {invitation.isError && (
        <Alert color="red" role="alert">
          {errorMessage(invitation.error)}
        </Alert>
      )}
      {invitation.data && (
        <>
          <Text>
            Bienvenue {invitation.data.prenom} : votre compte <strong>{invitation.data.email}</strong> (
            {invitation.data.structure_nom}) vous attend. Choisissez votre mot de passe.
          </Text>
          {invitation.data.totp_requis && (
            <Text size="sm">
              Votre rôle exige la double authentification : vous l'activerez à votre première connexion.
            </Text>
          )}
          <NewPasswordForm
            submitLabel="Activer mon compte"
            onSubmit={async (mot_de_passe) => {
              unwrapEmpty(
                await client.POST('/api/v1/auth/invitation/acceptation', { body: { jeton, mot_de_passe } }),
              );
              await navigate('/connexion', {
                state: { info: 'Votre compte est activé : connectez-vous avec votre adresse et ce mot de passe.' },
              });
            }}
          />
        </>
      )}
      <Anchor component={Link} to="/connexion">
        Aller à la page de connexion
      </Anchor>
    </PublicFrame>
  );
}

export function MotDePasseOubliePage() {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const answer = unwrap(await client.POST('/api/v1/auth/mot-de-passe-oublie', { body: { email } }));
      setDone(answer.detail);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <PublicFrame title="Mot de passe oublié">
      {done !== null ? (
        <Alert color="green" role="status">
          {done}
        </Alert>
      ) : (
        <form onSubmit={submit} aria-label="Demander un nouveau mot de passe">
          <Stack gap="md">
            {error !== null && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <Button type="submit">Recevoir un lien</Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/connexion">
        Revenir à la connexion
      </Anchor>
    </PublicFrame>
  );
}

export function NouveauMotDePassePage() {
  const navigate = useNavigate();
  const [jeton] = useState(linkToken);
  return (
    <PublicFrame title="Choisir un nouveau mot de passe">
      <Text>Toutes vos sessions ouvertes seront fermées.</Text>
      <NewPasswordForm
        submitLabel="Enregistrer le mot de passe"
        onSubmit={async (mot_de_passe) => {
          unwrapEmpty(await client.POST('/api/v1/auth/reinitialisation', { body: { jeton, mot_de_passe } }));
          await navigate('/connexion', {
            state: { info: 'Mot de passe changé : connectez-vous avec le nouveau.' },
          });
        }}
      />
    </PublicFrame>
  );
}

export function BoiteDemoPage() {
  const courriels = useQuery({
    queryKey: queryKeys.comptes.courrielsDemo,
    queryFn: async () => unwrap(await client.GET('/api/v1/demo/courriels')),
  });
  return (
    <PublicFrame title="Boîte de démonstration">
      <Text size="sm">
        En démonstration, les e-mails ne partent pas : les voici. Suivez un lien comme la personne destinataire le
        ferait.
      </Text>
      {courriels.isError && (
        <Alert color="red" role="alert">
          {errorMessage(courriels.error)}
        </Alert>
      )}
      {courriels.data?.length === 0 && <Text>Aucun message pour l'instant.</Text>}
      {courriels.data?.map((message) => (
        <Paper key={message.id} withBorder p="sm" component="article">
          <Title order={2} size="h4">
            {message.sujet}
          </Title>
          <Text size="sm">À : {message.destinataire}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {message.texte}
          </Text>
          {message.liens.map((lien) => (
            <Anchor key={lien} href={lien} display="block">
              Ouvrir le lien : {message.sujet}
            </Anchor>
          ))}
        </Paper>
      ))}
    </PublicFrame>
  );
}
