import { describe, expect, it } from 'vitest';

import type { Role } from '../../api/types';
import { networkNavigation } from './routes';
import { CONVENTIONS_ROLES, canWriteConvention, canWriteStructure, conventionTypesFor, structureTypesFor } from './roles';

describe('network roles', () => {
  it('let each writer create only the structures of its perimeter', () => {
    expect(structureTypesFor('admin_national')).toContain('fas');
    expect(structureTypesFor('coordinateur')).toEqual(['chantier', 'partenaire']);
    expect(structureTypesFor('charge_partenariat')).toEqual(['partenaire']);
    expect(structureTypesFor('direction_chantier')).toEqual([]);
    expect(canWriteStructure('charge_partenariat', 'chantier')).toBe(false);
    expect(canWriteStructure('coordinateur', 'partenaire')).toBe(true);
  });

  it('keep the chargé·e de partenariat to partnership conventions', () => {
    expect(conventionTypesFor('charge_partenariat')).toEqual(['partenariat']);
    expect(canWriteConvention('charge_partenariat', 'coordination')).toBe(false);
    expect(canWriteConvention('coordinateur', 'coordination')).toBe(true);
    expect(canWriteConvention('fas', 'coordination')).toBe(false);
    expect(conventionTypesFor('financeur')).toEqual([]);
  });

  it('show "Annuaire" to every role that reads territoires, "Conventions" to their readers', () => {
    const labels = (role: Role) => networkNavigation.filter((item) => item.roles?.includes(role) ?? true).map((item) => item.label);
    expect(labels('accompagnateur')).toContain('Annuaire');
    expect(labels('accompagnateur')).not.toContain('Conventions');
    expect(labels('partenaire')).not.toContain('Annuaire');
    for (const role of CONVENTIONS_ROLES) expect(labels(role)).toContain('Conventions');
  });
});
