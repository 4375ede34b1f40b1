import { describe, expect, it } from 'vitest';

import type { Role } from '../../api/types';
import { navigationFor } from '../../app/navigation';
import { can } from '../../app/permissions';
import { moiDe, TOUS_LES_ROLES } from '../../test/moi';
import { networkNavigation } from './routes';

describe('network navigation', () => {
  const labels = (role: Role) => navigationFor(moiDe(role), networkNavigation).map((item) => item.label);

  it('shows "Annuaire" to those who read the reference data, "Conventions" to their readers', () => {
    expect(labels('accompagnateur')).toContain('Annuaire');
    expect(labels('accompagnateur')).not.toContain('Conventions');
    expect(labels('partenaire')).not.toContain('Annuaire');
    for (const role of TOUS_LES_ROLES) expect(labels(role).includes('Conventions')).toBe(can(moiDe(role), 'conventions:read'));
  });
});
