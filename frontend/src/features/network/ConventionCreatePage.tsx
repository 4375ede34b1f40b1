import { Alert, Anchor, Breadcrumbs, Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import type { RolePartie, Structure, TypeConvention } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { conventionTypesFor } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { enumValues, structureTypeLabels } from '../../i18n/labels';
import { rolePartieLabels, typeConventionLabels } from '../../i18n/network';
import { DataTable } from '../../ui/DataTable';
import { useTousTerritoires } from '../territoires/useTerritoires';
import {
  type ConventionFormValues,
  type ObjectifValues,
  type PartieValues,
  conventionCreateBody,
  conventionFormErrors,
  emptyConventionForm,
} from './forms';
import { useCreerConvention, useRechercheStructures } from './useNetwork';

/** The role a structure usually holds in a convention. */
export function roleParDefaut(structure: Pick<Structure, 'type' | 'porteur_coordination'>): RolePartie {
  if (structure.type === 'partenaire') return 'partenaire';
  if (structure.type === 'financeur') return 'financeur';
  if (structure.type === 'chantier' && structure.porteur_coordination) return 'porteur';
  return 'signataire';
}

export function ConventionCreatePage() {
  usePageTitle('Nouvelle convention');
  const moi = useMoi();
  const navigate = useNavigate();
  const types = conventionTypesFor(moi);
  const territoires = useTousTerritoires();
  const [values, setValues] = useState<ConventionFormValues>(() => ({
    ...emptyConventionForm(moi.perimetre.territoire_ids[0] ?? ''),
    type: types.length === 1 ? (types[0] ?? '') : '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const creer = useCreerConvention();
  const set = <K extends keyof ConventionFormValues>(name: K, value: ConventionFormValues[K]) => setValues({ ...values, [name]: value });

  const submit = () => {
    const local = conventionFormErrors(values);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFailure(null);
      return;
    }
    setErrors({});
    setFailure(null);
    creer.mutate(conventionCreateBody(values), {
      onSuccess: (convention) => {
        notifications.show({ color: 'green', title: 'Convention créée', message: 'Le brouillon est enregistré.' });
        void navigate(`/conventions/${convention.id}`);
      },
      onError: (error) => {
        if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
        else setFailure(errorMessage(error));
      },
    });
  };

  const setObjectif = (index: number, changes: Partial<ObjectifValues>) =>
    set(
      'objectifs',
      values.objectifs.map((objectif, i) => (i === index ? { ...objectif, ...changes } : objectif)),
    );

  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/conventions">
            Conventions
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            Nouvelle convention
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Nouvelle convention</PageHeading>
      <form
        noValidate
        aria-label="Créer la convention"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="lg" maw={760}>
          {failure !== null && (
            <Alert color="red" variant="light" role="alert" title="La convention n'a pas été créée">
              {failure}
            </Alert>
          )}
          <Fieldset legend="La convention">
            <Stack gap="md">
              <NativeSelect
                label="Type de convention"
                withAsterisk
                data={[{ value: '', label: 'Choisir un type' }, ...types.map((type) => ({ value: type, label: typeConventionLabels[type] }))]}
                value={values.type}
                error={errors.type}
                onChange={(event) => set('type', event.currentTarget.value as TypeConvention | '')}
              />
              <TextInput label="Titre" withAsterisk maxLength={200} value={values.titre} error={errors.titre} onChange={(event) => set('titre', event.currentTarget.value)} />
              <NativeSelect
                label="Territoire"
                data={[{ value: '', label: 'Aucun (convention nationale)' }, ...(territoires.data ?? []).map((territoire) => ({ value: territoire.id, label: territoire.nom }))]}
                value={values.territoire_id}
                error={errors.territoire_id}
                onChange={(event) => set('territoire_id', event.currentTarget.value)}
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }}>
                <TextInput type="date" label="Date d'effet" value={values.date_effet} error={errors.date_effet} onChange={(event) => set('date_effet', event.currentTarget.value)} />
                <TextInput
                  type="date"
                  label="Date d'échéance"
                  value={values.date_echeance}
                  error={errors.date_echeance}
                  onChange={(event) => set('date_echeance', event.currentTarget.value)}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>

          <PartiesPicker
            parties={values.parties}
            territoireId={values.territoire_id}
            error={errors.parties}
            errors={errors}
            onChange={(parties) => set('parties', parties)}
          />

          <Fieldset legend="Objectifs">
            <Stack gap="md">
              {values.objectifs.length === 0 && <Text>Aucun objectif pour le moment (par exemple : nombre de personnes accompagnées par an).</Text>}
              {values.objectifs.map((objectif, index) => (
                <Group key={index} align="flex-start" gap="sm" wrap="wrap">
                  <TextInput
                    label={`Objectif ${index + 1}`}
                    withAsterisk
                    value={objectif.libelle}
                    error={errors[`objectifs.${index}.libelle`]}
                    onChange={(event) => setObjectif(index, { libelle: event.currentTarget.value })}
                    style={{ flex: '1 1 240px' }}
                  />
                  <TextInput
                    label={`Cible de l'objectif ${index + 1}`}
                    inputMode="numeric"
                    value={objectif.cible}
                    error={errors[`objectifs.${index}.cible`]}
                    onChange={(event) => setObjectif(index, { cible: event.currentTarget.value })}
                    w={{ base: '100%', xs: 180 }}
                  />
                  <Button variant="outline" color="red.9" mt={{ base: 0, xs: 25 }} onClick={() => set('objectifs', values.objectifs.filter((_, i) => i !== index))}>
                    {`Retirer l'objectif ${index + 1}`}
                  </Button>
                </Group>
              ))}
              <div>
                <Button variant="outline" onClick={() => set('objectifs', [...values.objectifs, { libelle: '', cible: '' }])}>
                  Ajouter un objectif
                </Button>
              </div>
            </Stack>
          </Fieldset>

          {Object.keys(errors).length > 0 && (
            <Alert color="red" variant="light" role="alert" title="Le formulaire contient des erreurs">
              Corrigez les champs signalés puis enregistrez de nouveau.
            </Alert>
          )}
          <Group gap="sm">
            <Button type="submit" loading={creer.isPending}>
              Créer la convention
            </Button>
            <Button variant="subtle" component={Link} to="/conventions">
              Annuler
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

interface PartiesPickerProps {
  parties: PartieValues[];
  territoireId: string;
  error: string | undefined;
  errors: Record<string, string>;
  onChange: (parties: PartieValues[]) => void;
}

/** Parties from the directory: search by name (within the territoire), pick, give a role. */
function PartiesPicker({ parties, territoireId, error, errors, onChange }: PartiesPickerProps) {
  const errorId = useId();
  const [recherche, setRecherche] = useState('');
  const [q, setQ] = useState('');
  const [choix, setChoix] = useState('');
  const [role, setRole] = useState<RolePartie | ''>('');
  const [localError, setLocalError] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQ(recherche.trim()), 300);
    return () => clearTimeout(timer);
  }, [recherche]);
  const resultats = useRechercheStructures({ ...(q === '' ? {} : { q }), ...(territoireId === '' ? {} : { territoire_id: territoireId }) });
  const disponibles = (resultats.data ?? []).filter((structure) => !parties.some((partie) => partie.structure_id === structure.id));
  const choisie = disponibles.find((structure) => structure.id === choix);

  const ajouter = () => {
    if (choisie === undefined) {
      setLocalError('Choisissez une structure dans la liste.');
      return;
    }
    setLocalError(null);
    onChange([...parties, { structure_id: choisie.id, nom: choisie.nom, role: role === '' ? roleParDefaut(choisie) : role }]);
    setChoix('');
    setRole('');
  };

  return (
    <Fieldset legend="Parties" aria-describedby={error === undefined ? undefined : errorId}>
      <Stack gap="md">
        {error !== undefined && (
          <Text c="red.9" size="sm" id={errorId} fw={500}>
            {error}
          </Text>
        )}
        {parties.length === 0 ? (
          <Text>Aucune partie pour le moment : ajoutez au moins deux structures.</Text>
        ) : (
          <DataTable caption="Parties choisies" minWidth={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Structure</Table.Th>
                <Table.Th scope="col">Rôle</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {parties.map((partie, index) => (
                <Table.Tr key={partie.structure_id}>
                  <Table.Th scope="row">{partie.nom}</Table.Th>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Rôle de ${partie.nom}`}
                      data={enumValues(rolePartieLabels).map((value) => ({ value, label: rolePartieLabels[value] }))}
                      value={partie.role}
                      error={errors[`parties.${index}.role`] ?? errors[`parties.${index}.structure_id`]}
                      onChange={(event) =>
                        onChange(parties.map((item, i) => (i === index ? { ...item, role: event.currentTarget.value as RolePartie } : item)))
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button variant="outline" color="red.9" aria-label={`Retirer ${partie.nom}`} onClick={() => onChange(parties.filter((_, i) => i !== index))}>
                      Retirer
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
        <Stack gap="sm">
          <TextInput
            type="search"
            label="Rechercher une structure dans l'annuaire"
            description={territoireId === '' ? 'Par son nom' : 'Par son nom, parmi les structures du territoire choisi'}
            value={recherche}
            onChange={(event) => setRecherche(event.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NativeSelect
              label="Structure"
              data={[
                { value: '', label: resultats.isPending ? 'Chargement…' : disponibles.length === 0 ? 'Aucune structure trouvée' : 'Choisir une structure' },
                ...disponibles.map((structure) => ({ value: structure.id, label: `${structure.nom} (${structureTypeLabels[structure.type]})` })),
              ]}
              value={choix}
              error={localError ?? undefined}
              onChange={(event) => {
                setLocalError(null);
                setChoix(event.currentTarget.value);
              }}
            />
            <NativeSelect
              label="Rôle dans la convention"
              data={[
                { value: '', label: choisie === undefined ? 'Selon la structure' : `Selon la structure (${rolePartieLabels[roleParDefaut(choisie)]})` },
                ...enumValues(rolePartieLabels).map((value) => ({ value, label: rolePartieLabels[value] })),
              ]}
              value={role}
              onChange={(event) => setRole(event.currentTarget.value as RolePartie | '')}
            />
          </SimpleGrid>
          <div>
            <Button variant="outline" onClick={ajouter}>
              Ajouter la partie
            </Button>
          </div>
        </Stack>
      </Stack>
    </Fieldset>
  );
}
