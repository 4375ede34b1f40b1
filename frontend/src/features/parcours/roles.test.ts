import { describe, expect, it } from 'vitest';

import { navigationFor } from '../../app/navigation';
import { canWriteParcours } from './roles';
import { parcoursNavigation } from './routes';

describe('parcours roles', () => {
  it('lets the encadrant technique read but not write', () => {
    expect(canWriteParcours('accompagnateur')).toBe(true);
    expect(canWriteParcours('encadrant_technique')).toBe(false);
    expect(canWriteParcours('fas')).toBe(false);
  });

  it('shows "Salariés" to the chantier and coordination roles only', () => {
    const labels = (role: Parameters<typeof navigationFor>[0]) => navigationFor(role, parcoursNavigation).map((item) => item.label);
    expect(labels('accompagnateur')).toEqual(['À faire', 'Salariés']);
    expect(labels('encadrant_technique')).toEqual(['Salariés']);
    expect(labels('admin_national')).toEqual(['Salariés']);
    expect(labels('partenaire')).toEqual([]);
    expect(labels('financeur')).toEqual([]);
  });
});
