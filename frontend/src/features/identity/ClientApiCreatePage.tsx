import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import type { ClientApiSecret, Scope } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { scopeLabels } from '../../i18n/labels';
import { scopesForStructureType } from './clientScopes';
import { SecretReveal } from './SecretReveal';
import { useCreerClientApi, useStructuresParType, useTousTerritoires } from './useIdentity';

export function ClientApiCreatePage() {
  usePageTitle("Créer un client d'API");
  const navigate = useNavigate();
  const creer = useCreerClientApi();
  const partenaires = useStructuresParType('partenaire');
  const fas = useStructuresParType('fas');
  const [nom, setNom] = useState('');
  const [structureId, setStructureId] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [territoireIds, setTerritoireIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<ClientApiSecret | null>(null);

  const structure = [...(partenaires.data ?? []), ...(fas.data ?? [])].find((item) => item.id === structureId) ?? null;
  const allowedScopes = scopesForStructureType(structure?.type);
  const isFas = structure?.type === 'fas';
  const territoires = useTousTerritoires({ enabled: isFas });

  const structureOptions = [
    { value: '', label: partenaires.isPending || fas.isPending ? 'Chargement des structures…' : 'Choisir une structure' },
    { group: 'Partenaires', items: (partenaires.data ?? []).map((item) => ({ value: item.id, label: item.nom })) },
    { group: 'FAS', items: (fas.data ?? []).map((item) => ({ value: item.id, label: item.nom })) },
  ];

  const chooseStructure = (id: string) => {
    setStructureId(id);
    const chosen = [...(partenaires.data ?? []), ...(fas.data ?? [])].find((item) => item.id === id);
    // Every scope the structure may hold is proposed ticked: untick what the partner does not need.
    setScopes([...scopesForStructureType(chosen?.type)]);
    setTerritoireIds([]);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const missing: Record<string, string> = {};
    if (structureId === '') missing.structure_id = 'Choisissez une structure.';
    if (structureId !== '' && scopes.length === 0) missing.scopes = 'Cochez au moins une portée.';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setErrors({});
    creer.mutate(
      { nom: nom.trim(), structure_id: structureId, scopes, ...(territoireIds.length > 0 ? { territoire_ids: territoireIds } : {}) },
      {
        onSuccess: (result) => setCreated(result),
        onError: (error) => {
          setErrors(error instanceof ApiError ? error.fieldErrors : {});
          setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Stack gap="lg" maw={720}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/administration/clients-api">
            Clients d'API
          </Anchor>
          <Text span aria-current="page">
            Créer un client d'API
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Créer un client d'API</PageHeading>

      {created !== null ? (
        <SecretReveal
          clientId={created.client.client_id}
          secret={created.client_secret}
          onDone={() => void navigate(`/administration/clients-api/${created.client.id}`, { replace: true })}
        />
      ) : (
        <>
          {formError !== null && (
            <Alert color="red" variant="light" role="alert" title="Le client d'API n'a pas été créé">
              {formError}
            </Alert>
          )}
          <form onSubmit={submit} aria-label="Créer un client d'API">
            <Stack gap="md">
              <TextInput
                label="Nom"
                description="Pour le reconnaître, par exemple « Logiciel du SIAO de Paris »."
                required
                value={nom}
                error={errors.nom}
                onChange={(event) => setNom(event.currentTarget.value)}
              />
              <NativeSelect
                label="Structure"
                required
                data={structureOptions}
                value={structureId}
                error={errors.structure_id}
                onChange={(event: ChangeEvent<HTMLSelectElement>) => chooseStructure(event.currentTarget.value)}
              />
              {allowedScopes.length > 0 && (
                <Checkbox.Group
                  label="Portées"
                  description="Ce que le système du client pourra faire."
                  withAsterisk
                  value={scopes}
                  error={errors.scopes}
                  onChange={(values) => setScopes(values as Scope[])}
                >
                  <Stack gap={4} mt="xs">
                    {allowedScopes.map((scope) => (
                      <Checkbox key={scope} value={scope} label={scopeLabels[scope]} className="touch-checkbox" />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
              {isFas && (
                <Checkbox.Group
                  label="Territoires"
                  description="Par défaut, le territoire de la FAS. Cochez-en d'autres si ses scripts couvrent plusieurs territoires."
                  value={territoireIds}
                  error={errors.territoire_ids}
                  onChange={setTerritoireIds}
                >
                  <Stack gap={4} mt="xs">
                    {(territoires.data ?? []).map((territoire) => (
                      <Checkbox key={territoire.id} value={territoire.id} label={territoire.nom} className="touch-checkbox" />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
              <Group gap="sm">
                <Button type="submit" loading={creer.isPending}>
                  Créer le client
                </Button>
                <Button variant="subtle" component={Link} to="/administration/clients-api">
                  Annuler
                </Button>
              </Group>
            </Stack>
          </form>
        </>
      )}
    </Stack>
  );
}
