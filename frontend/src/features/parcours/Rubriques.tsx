/**
 * The sections of a person's page. On a desktop, one row of tabs (related sections grouped,
 * the group's sections in a second row of pills); on a phone, one menu of every section.
 * The section is in the address (`?onglet=`), so links and the back button reach it.
 */
import { NativeSelect, Tabs } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

import type { Moi } from '../../api/types';
import { can } from '../../app/permissions';

export type Rubrique =
  | 'synthese'
  | 'journal'
  | 'freins'
  | 'diagnostics'
  | 'evolution'
  | 'contrats'
  | 'suivis'
  | 'identite'
  | 'consentements'
  | 'referents'
  | 'donnees';

export interface Groupe {
  value: string;
  label: string;
  rubriques: { value: Rubrique; label: string }[];
}

/** The groups this caller sees; the evolution only once there is something to compare. */
export function groupesDe(moi: Pick<Moi, 'permissions'>, evolution: boolean): Groupe[] {
  const seul = (value: Rubrique, label: string): Groupe => ({ value, label, rubriques: [{ value, label }] });
  if (!can(moi, 'parcours:write')) return [seul('synthese', 'Synthèse'), seul('contrats', 'Contrats'), seul('identite', 'Identité')];
  return [
    seul('synthese', 'Synthèse'),
    seul('journal', 'Journal'),
    {
      value: 'accompagnement',
      label: 'Freins et diagnostics',
      rubriques: [
        { value: 'freins', label: 'Freins' },
        { value: 'diagnostics', label: 'Diagnostics' },
        ...(evolution ? [{ value: 'evolution' as const, label: 'Évolution' }] : []),
      ],
    },
    {
      value: 'emploi',
      label: 'Contrats et sortie',
      rubriques: [
        { value: 'contrats', label: 'Contrats' },
        { value: 'suivis', label: 'Suivis après sortie' },
      ],
    },
    {
      value: 'dossier',
      label: 'Dossier',
      rubriques: [
        { value: 'identite', label: 'Identité' },
        { value: 'consentements', label: 'Consentements' },
        { value: 'referents', label: 'Référents externes' },
        ...(can(moi, 'rgpd:donnees') ? [{ value: 'donnees' as const, label: 'Données personnelles' }] : []),
      ],
    },
  ];
}

export function Rubriques({ groupes, children }: { groupes: Groupe[]; children: (rubrique: Rubrique) => ReactNode }) {
  const telephone = useMediaQuery('(max-width: 48em)') ?? false;
  const [searchParams, setSearchParams] = useSearchParams();
  const toutes = groupes.flatMap((groupe) => groupe.rubriques);
  const demandee = searchParams.get('onglet');
  const rubrique = toutes.find((item) => item.value === demandee)?.value ?? 'synthese';
  const groupe = groupes.find((item) => item.rubriques.some((r) => r.value === rubrique)) ?? groupes[0];
  const choisir = (value: string | null) => {
    if (value === null) return;
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('onglet', value);
        return next;
      },
      { replace: true },
    );
  };

  if (telephone) {
    return (
      <>
        <NativeSelect
          label="Rubrique"
          value={rubrique}
          onChange={(event) => choisir(event.currentTarget.value)}
          data={groupes.map((g) => (g.rubriques.length === 1 ? (g.rubriques[0] ?? { value: g.value, label: g.label }) : { group: g.label, items: g.rubriques }))}
        />
        <div>{children(rubrique)}</div>
      </>
    );
  }
  return (
    <Tabs value={groupe?.value ?? null} onChange={(value) => choisir(groupes.find((g) => g.value === value)?.rubriques[0]?.value ?? null)} keepMounted={false}>
      <Tabs.List aria-label="Rubriques du parcours">
        {groupes.map((item) => (
          <Tabs.Tab key={item.value} value={item.value}>
            {item.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {groupes.map((item) => (
        <Tabs.Panel key={item.value} value={item.value} pt="md">
          {item.rubriques.length === 1 ? (
            children(rubrique)
          ) : (
            <Tabs variant="pills" value={rubrique} onChange={choisir} keepMounted={false}>
              <Tabs.List aria-label={item.label}>
                {item.rubriques.map((sub) => (
                  <Tabs.Tab key={sub.value} value={sub.value} className="rubrique-pill">
                    {sub.label}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {item.rubriques.map((sub) => (
                <Tabs.Panel key={sub.value} value={sub.value} pt="md">
                  {children(sub.value)}
                </Tabs.Panel>
              ))}
            </Tabs>
          )}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
