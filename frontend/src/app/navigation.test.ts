import { describe, expect, it } from 'vitest';

import type { Role } from '../api/types';
import { moiDe } from '../test/moi';
import { candidaturesNavigation } from '../features/candidatures/routes';
import { connecteursNavigation } from '../features/connecteurs/routes';
import { importsNavigation } from '../features/imports/routes';
import { indicateursNavigation } from '../features/indicateurs/routes';
import { networkNavigation } from '../features/network/routes';
import { orientationsNavigation } from '../features/orientations/routes';
import { parcoursNavigation } from '../features/parcours/routes';
import { conservationNavigation, noticeNavigation } from '../features/rgpd/routes';
import { type NavItem, activeEntry, groupNavigation, navigation, navigationFor } from './navigation';

/** Entries the features add (they test their own): left out of the checks below. */
const featureEntries = new Set(
  [...parcoursNavigation, ...connecteursNavigation, ...networkNavigation, ...candidaturesNavigation, ...orientationsNavigation, ...indicateursNavigation, ...importsNavigation, conservationNavigation, noticeNavigation].map((item) => item.to),
);

const items: NavItem[] = [
  { to: '/territoires', label: 'Territoires' },
  { to: '/utilisateurs', label: 'Utilisateurs', permission: 'utilisateurs:admin' },
  { to: '/emplois', label: 'Les emplois', permission: 'parcours:write', chantier: true },
];

function entries(role: Role): string[] {
  return navigationFor(moiDe(role))
    .filter((item) => !featureEntries.has(item.to))
    .map((item) => item.label);
}

describe('navigationFor', () => {
  it('shows entries without a permission to everyone', () => {
    expect(navigationFor(null, items).map((item) => item.to)).toEqual(['/territoires']);
  });

  it('shows an entry exactly when /moi lists its permission', () => {
    const moi = moiDe('accompagnateur');
    expect(navigationFor(moi, items).map((item) => item.to)).toEqual(['/territoires', '/emplois']);
    expect(navigationFor({ ...moi, permissions: [...moi.permissions, 'utilisateurs:admin'] }, items).map((item) => item.to)).toEqual([
      '/territoires',
      '/utilisateurs',
      '/emplois',
    ]);
    expect(navigationFor({ ...moi, permissions: [] }, items).map((item) => item.to)).toEqual(['/territoires']);
  });

  it("keeps a chantier's own pages for the people of one chantier", () => {
    expect(navigationFor(moiDe('admin_national'), items).map((item) => item.to)).toEqual(['/territoires', '/utilisateurs']);
  });

  it('gives the administration to the national team and the coordinateurs only', () => {
    const admin = ['Territoires', 'Utilisateurs', "Clients d'API", "Journal d'audit", 'Mon compte'];
    expect(entries('admin_national')).toEqual(admin);
    expect(entries('coordinateur')).toEqual(admin);
    for (const role of ['charge_partenariat', 'direction_chantier', 'accompagnateur', 'encadrant_technique', 'fas', 'financeur', 'evaluateur'] as const) {
      expect(entries(role)).toEqual(['Territoires', 'Mon compte']);
    }
  });

  it('hides the territoires from partners', () => {
    expect(entries('partenaire')).toEqual(['Mon compte']);
  });
});

describe('groupNavigation', () => {
  it('groups consecutive entries of one section', () => {
    const groups = groupNavigation(navigation);
    expect(groups.map((group) => [group.section, group.items.length])).toEqual([
      [null, parcoursNavigation.length + connecteursNavigation.length + orientationsNavigation.length + indicateursNavigation.length + 1 + networkNavigation.length + candidaturesNavigation.length],
      ['Administration', 4 + importsNavigation.length],
      [null, 2],
    ]);
  });
});

describe('active menu entry', () => {
  it('highlights one entry: the most specific the page is in', () => {
    const entries: NavItem[] = [
      { to: '/orientations', label: 'Orientations' },
      { to: '/orientations/partenaires', label: 'Partenaires' },
    ];
    expect(activeEntry('/orientations/partenaires', entries)).toBe('/orientations/partenaires');
    expect(activeEntry('/orientations/3f0c', entries)).toBe('/orientations');
    expect(activeEntry('/orientations', entries)).toBe('/orientations');
    expect(activeEntry('/orientationsX', entries)).toBeNull();
  });
});
