import { Alert, Anchor, Breadcrumbs, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import { PageHeading } from '../../app/PageHeading';
import { TERRITORIAL_ROLES } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { type Affectation, AffectationFields } from './AffectationFields';
import { useCreerUtilisateur } from './useIdentity';

export function UtilisateurCreatePage() {
  usePageTitle('Créer un compte');
  const navigate = useNavigate();
  const creer = useCreerUtilisateur();
  const [email, setEmail] = useState('');
  const [nom, setNom] = useState('');
  const [prenom, setPrenom] = useState('');
  const [affectation, setAffectation] = useState<Affectation>({ role: '', structure_id: '', territoire_ids: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const missing: Record<string, string> = {};
    if (affectation.role === '') missing.role = 'Choisissez un rôle.';
    if (affectation.structure_id === '') missing.structure_id = 'Choisissez une structure.';
    if (Object.keys(missing).length > 0 || affectation.role === '') {
      setErrors(missing);
      return;
    }
    setErrors({});
    creer.mutate(
      {
        email: email.trim(),
        nom: nom.trim(),
        prenom: prenom.trim(),
        role: affectation.role,
        structure_id: affectation.structure_id,
        ...(TERRITORIAL_ROLES.includes(affectation.role) ? { territoire_ids: affectation.territoire_ids } : {}),
      },
      {
        onSuccess: (utilisateur) => {
          notifications.show({ color: 'green', title: 'Compte créé', message: `Le compte de ${utilisateur.prenom} ${utilisateur.nom} est prêt.` });
          void navigate(`/administration/utilisateurs/${utilisateur.id}`);
        },
        onError: (error) => {
          const fields = error instanceof ApiError ? error.fieldErrors : {};
          setErrors(fields);
          setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Stack gap="lg" maw={640}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/administration/utilisateurs">
            Utilisateurs
          </Anchor>
          <Text span aria-current="page">
            Créer un compte
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Créer un compte</PageHeading>
      {formError !== null && (
        <Alert color="red" variant="light" role="alert" title="Le compte n'a pas été créé">
          {formError}
        </Alert>
      )}
      <form onSubmit={submit} aria-label="Créer un compte">
        <Stack gap="md">
          <TextInput
            label="Adresse e-mail"
            type="email"
            required
            autoComplete="off"
            value={email}
            error={errors.email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <TextInput label="Nom" required value={nom} error={errors.nom} onChange={(event) => setNom(event.currentTarget.value)} />
          <TextInput
            label="Prénom"
            required
            value={prenom}
            error={errors.prenom}
            onChange={(event) => setPrenom(event.currentTarget.value)}
          />
          <AffectationFields value={affectation} onChange={setAffectation} errors={errors} />
          <Text size="sm" c="dimmed">
            La personne recevra par e-mail un lien valable 72 heures pour choisir son mot de passe.
          </Text>
          <Group gap="sm">
            <Button type="submit" loading={creer.isPending}>
              Créer le compte et inviter
            </Button>
            <Button variant="subtle" component={Link} to="/administration/utilisateurs">
              Annuler
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
