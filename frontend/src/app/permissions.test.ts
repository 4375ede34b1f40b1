import { describe, expect, it } from 'vitest';

import { moiDe } from '../test/moi';
import { can, conventionTypesFor, inChantier, rolesAttribuables, structureTypesFor, TERRITORIAL_ROLES } from './permissions';

describe('can', () => {
  it('answers from the permissions /moi lists, nothing else', () => {
    const moi = moiDe('accompagnateur');
    expect(can(moi, 'parcours:write')).toBe(true);
    expect(can(moi, 'utilisateurs:admin')).toBe(false);
    expect(can({ ...moi, permissions: ['utilisateurs:admin'] }, 'utilisateurs:admin')).toBe(true);
    expect(can({ ...moi, permissions: [] }, 'parcours:write')).toBe(false);
    expect(can(null, 'compte')).toBe(false);
  });
});

describe('perimeters', () => {
  it('read the generated table', () => {
    expect(inChantier('accompagnateur')).toBe(true);
    expect(inChantier('coordinateur')).toBe(false);
    expect(inChantier(null)).toBe(false);
    expect(TERRITORIAL_ROLES).toContain('fas');
    expect(TERRITORIAL_ROLES).not.toContain('admin_national');
  });
});

describe('what the caller manages', () => {
  it('structures: by the generated table of the role', () => {
    expect(structureTypesFor(moiDe('admin_national'))).toContain('fas');
    expect(structureTypesFor(moiDe('coordinateur'))).toEqual(['chantier', 'partenaire']);
    expect(structureTypesFor(moiDe('charge_partenariat'))).toEqual(['partenaire']);
    expect(structureTypesFor(moiDe('direction_chantier'))).toEqual([]);
    expect(structureTypesFor(null)).toEqual([]);
  });

  it('conventions: by the permissions /moi lists', () => {
    expect(conventionTypesFor(moiDe('charge_partenariat'))).toEqual(['partenariat']);
    expect(conventionTypesFor(moiDe('coordinateur'))).toContain('coordination');
    expect(conventionTypesFor(moiDe('financeur'))).toEqual([]);
    expect(conventionTypesFor({ permissions: ['conventions:partenariat'] })).toEqual(['partenariat']);
  });
});

describe('rolesAttribuables', () => {
  it('gives the national team every role, a territoire the roles the API lets it hand out', () => {
    expect(rolesAttribuables(moiDe('admin_national', { perimetre: { national: true, territoire_ids: [], chantier_ids: [] } }))).toContain('admin_national');
    const territoire = rolesAttribuables(moiDe('coordinateur', { perimetre: { national: false, territoire_ids: ['t'], chantier_ids: [] } }));
    expect(territoire).toContain('accompagnateur');
    expect(territoire).not.toContain('admin_national');
    expect(territoire).not.toContain('coordinateur');
  });
});
