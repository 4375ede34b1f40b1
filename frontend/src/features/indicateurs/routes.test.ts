import { describe, expect, it } from 'vitest';

import { navigationFor } from '../../app/navigation';
import { can } from '../../app/permissions';
import { moiDe, TOUS_LES_ROLES } from '../../test/moi';

describe('indicators navigation', () => {
  it('puts "Indicateurs" and "Évaluation" in the menu exactly when /moi grants their permission', () => {
    for (const role of TOUS_LES_ROLES) {
      const moi = moiDe(role);
      const entrees = navigationFor(moi).map((item) => item.label);
      expect(entrees.includes('Indicateurs')).toBe(can(moi, 'indicateurs:read'));
      expect(entrees.includes('Évaluation')).toBe(can(moi, 'exports:evaluation'));
    }
  });

  it('gives the evaluators their dataset, the funders their indicators', () => {
    expect(navigationFor(moiDe('evaluateur')).map((item) => item.label)).toContain('Évaluation');
    expect(navigationFor(moiDe('financeur')).map((item) => item.label)).toContain('Indicateurs');
    expect(navigationFor(moiDe('accompagnateur')).map((item) => item.label)).not.toContain('Indicateurs');
  });
});
