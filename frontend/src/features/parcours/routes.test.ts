import { describe, expect, it } from 'vitest';

import type { Role } from '../../api/types';
import { navigationFor } from '../../app/navigation';
import { moiDe } from '../../test/moi';
import { parcoursNavigation } from './routes';

describe('parcours navigation', () => {
  const labels = (role: Role) => navigationFor(moiDe(role), parcoursNavigation).map((item) => item.label);

  it('shows "Salariés" to those who read people, "À faire" to those who have a to-do list', () => {
    expect(labels('accompagnateur')).toEqual(['À faire', 'Salariés']);
    expect(labels('encadrant_technique')).toEqual(['Salariés']);
    expect(labels('partenaire')).toEqual([]);
    expect(labels('financeur')).toEqual([]);
  });

  it('follows the permissions /moi lists, not the role', () => {
    const moi = moiDe('encadrant_technique');
    expect(navigationFor({ ...moi, permissions: [...moi.permissions, 'a_faire:read'] }, parcoursNavigation).map((item) => item.label)).toEqual([
      'À faire',
      'Salariés',
    ]);
  });
});
