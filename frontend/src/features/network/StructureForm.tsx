import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

import type { Domaine, Engagement, StructureType, TypePartenaire } from '../../api/types';
import { domaineLabels, enumValues, structureTypeLabels, typePartenaireLabels } from '../../i18n/labels';
import { engagementLabels } from '../../i18n/network';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { type ContactValues, type StructureFormValues, emptyContact } from './forms';

interface StructureFormProps {
  values: StructureFormValues;
  onChange: (values: StructureFormValues) => void;
  onSubmit: () => void;
  errors: Record<string, string>;
  /** The failure to show above the form (French), when any. */
  failure: ReactNode;
  submitting: boolean;
  submitLabel: string;
  cancel: ReactNode;
  /** The types this person may create; the type is fixed when editing. */
  typesPermis: readonly StructureType[];
  edition: boolean;
  /** The engagement read from the API (edit only): `engage` cannot be chosen by hand. */
  engagementActuel?: Engagement | null;
}

/** Fields of a structure, by type: chantiers have posts, partners domaines and territoires served. */
export function StructureForm({
  values,
  onChange,
  onSubmit,
  errors,
  failure,
  submitting,
  submitLabel,
  cancel,
  typesPermis,
  edition,
  engagementActuel,
}: StructureFormProps) {
  const territoires = useTousTerritoires();
  const set = <K extends keyof StructureFormValues>(name: K, value: StructureFormValues[K]) => onChange({ ...values, [name]: value });
  const setContact = (index: number, changes: Partial<ContactValues>) =>
    set(
      'contacts',
      values.contacts.map((contact, i) => (i === index ? { ...contact, ...changes } : contact)),
    );
  const territoireOptions = (territoires.data ?? []).map((territoire) => ({ value: territoire.id, label: territoire.nom }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };

  const engagementOptions: Engagement[] =
    engagementActuel === 'engage' ? ['engage', 'contact', 'inactif'] : ['contact', 'inactif'];

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Stack gap="lg" maw={760}>
        {failure}
        <Fieldset legend="Identité">
          <Stack gap="md">
            {edition ? (
              <Text>
                <Text span fw={600}>
                  Type :{' '}
                </Text>
                {values.type === '' ? '' : structureTypeLabels[values.type]}
              </Text>
            ) : (
              <NativeSelect
                label="Type de structure"
                withAsterisk
                data={[
                  { value: '', label: 'Choisir un type' },
                  ...typesPermis.map((type) => ({ value: type, label: structureTypeLabels[type] })),
                ]}
                value={values.type}
                error={errors.type}
                onChange={(event) => set('type', event.currentTarget.value as StructureType | '')}
              />
            )}
            <TextInput label="Nom" withAsterisk value={values.nom} error={errors.nom} maxLength={200} onChange={(event) => set('nom', event.currentTarget.value)} />
            <TextInput
              label="SIRET"
              description="14 chiffres, espaces permis"
              inputMode="numeric"
              autoComplete="off"
              value={values.siret}
              error={errors.siret}
              onChange={(event) => set('siret', event.currentTarget.value)}
            />
            <NativeSelect
              label="Territoire"
              description="Le territoire où la structure est implantée"
              data={[{ value: '', label: 'Aucun (structure nationale)' }, ...territoireOptions]}
              value={values.territoire_id}
              error={errors.territoire_id}
              onChange={(event) => set('territoire_id', event.currentTarget.value)}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Coordonnées">
          <Stack gap="md">
            <TextInput label="Adresse" value={values.adresse} error={errors.adresse} maxLength={250} onChange={(event) => set('adresse', event.currentTarget.value)} />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label="Code postal"
                inputMode="numeric"
                autoComplete="postal-code"
                value={values.code_postal}
                error={errors.code_postal}
                onChange={(event) => set('code_postal', event.currentTarget.value)}
              />
              <TextInput label="Commune" value={values.commune} error={errors.commune} maxLength={120} onChange={(event) => set('commune', event.currentTarget.value)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput label="Courriel" type="email" value={values.courriel} error={errors.courriel} onChange={(event) => set('courriel', event.currentTarget.value)} />
              <TextInput label="Téléphone" type="tel" value={values.telephone} error={errors.telephone} onChange={(event) => set('telephone', event.currentTarget.value)} />
            </SimpleGrid>
            <TextInput
              label="Site web"
              description="Commence par https://"
              type="url"
              value={values.site_web}
              error={errors.site_web}
              onChange={(event) => set('site_web', event.currentTarget.value)}
            />
          </Stack>
        </Fieldset>

        {values.type === 'chantier' && (
          <Fieldset legend="Chantier d'insertion">
            <Stack gap="md">
              <TextInput
                label="Nombre de postes Convergence"
                inputMode="numeric"
                value={values.nombre_postes}
                error={errors.nombre_postes}
                onChange={(event) => set('nombre_postes', event.currentTarget.value)}
              />
              <TextInput
                label="Activités support"
                description="Séparées par des virgules, par exemple : maraîchage, menuiserie"
                value={values.activites_support}
                error={errors.activites_support}
                onChange={(event) => set('activites_support', event.currentTarget.value)}
              />
              <Checkbox
                className="touch-checkbox"
                label="Porteur de la coordination du territoire"
                checked={values.porteur_coordination}
                error={errors.porteur_coordination}
                onChange={(event) => set('porteur_coordination', event.currentTarget.checked)}
              />
            </Stack>
          </Fieldset>
        )}

        {values.type === 'partenaire' && (
          <Fieldset legend="Partenaire">
            <Stack gap="md">
              <NativeSelect
                label="Type de partenaire"
                data={[{ value: '', label: 'Choisir un type' }, ...enumValues(typePartenaireLabels).map((value) => ({ value, label: typePartenaireLabels[value] }))]}
                value={values.type_partenaire}
                error={errors.type_partenaire}
                onChange={(event) => set('type_partenaire', event.currentTarget.value as TypePartenaire | '')}
              />
              <Checkbox.Group
                label="Domaines"
                description="Les freins pour lesquels ce partenaire reçoit des orientations."
                value={values.domaines}
                error={errors.domaines}
                onChange={(domaines) => set('domaines', domaines as Domaine[])}
              >
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={0} mt="xs">
                  {enumValues(domaineLabels).map((domaine) => (
                    <Checkbox key={domaine} value={domaine} label={domaineLabels[domaine]} className="touch-checkbox" />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              <Checkbox.Group
                label="Territoires desservis"
                description="Sans choix, le territoire de la structure."
                value={values.territoire_ids_servis}
                error={errors.territoire_ids_servis}
                onChange={(ids) => set('territoire_ids_servis', ids)}
              >
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={0} mt="xs">
                  {territoireOptions.map((territoire) => (
                    <Checkbox key={territoire.value} value={territoire.value} label={territoire.label} className="touch-checkbox" />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              {edition && values.engagement !== null && (
                <NativeSelect
                  label="Engagement dans le réseau"
                  description="« Engagé » découle d'une convention de partenariat active ; vous pouvez marquer un partenaire « Inactif » ou le remettre « En contact »."
                  data={engagementOptions.map((value) => ({ value, label: engagementLabels[value] }))}
                  value={values.engagement}
                  error={errors.engagement}
                  onChange={(event) => set('engagement', event.currentTarget.value as Engagement)}
                />
              )}
            </Stack>
          </Fieldset>
        )}

        <Fieldset legend="Contacts">
          <Stack gap="md">
            {values.contacts.length === 0 && <Text>Aucun contact pour le moment.</Text>}
            {values.contacts.map((contact, index) => (
              <Fieldset key={index} legend={`Contact ${index + 1}`} variant="filled">
                <Stack gap="sm">
                  <SimpleGrid cols={{ base: 1, xs: 2 }}>
                    <TextInput
                      label="Nom"
                      withAsterisk
                      value={contact.nom}
                      error={errors[`contacts.${index}.nom`]}
                      onChange={(event) => setContact(index, { nom: event.currentTarget.value })}
                    />
                    <TextInput
                      label="Fonction"
                      value={contact.fonction}
                      error={errors[`contacts.${index}.fonction`]}
                      onChange={(event) => setContact(index, { fonction: event.currentTarget.value })}
                    />
                    <TextInput
                      label="Courriel"
                      type="email"
                      value={contact.courriel}
                      error={errors[`contacts.${index}.courriel`]}
                      onChange={(event) => setContact(index, { courriel: event.currentTarget.value })}
                    />
                    <TextInput
                      label="Téléphone"
                      type="tel"
                      value={contact.telephone}
                      error={errors[`contacts.${index}.telephone`]}
                      onChange={(event) => setContact(index, { telephone: event.currentTarget.value })}
                    />
                  </SimpleGrid>
                  <div>
                    <Button
                      variant="outline"
                      color="red.9"
                      onClick={() => set('contacts', values.contacts.filter((_, i) => i !== index))}
                    >
                      {`Retirer le contact ${index + 1}`}
                    </Button>
                  </div>
                </Stack>
              </Fieldset>
            ))}
            <div>
              <Button variant="outline" onClick={() => set('contacts', [...values.contacts, { ...emptyContact }])}>
                Ajouter un contact
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
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
          {cancel}
        </Group>
      </Stack>
    </form>
  );
}
