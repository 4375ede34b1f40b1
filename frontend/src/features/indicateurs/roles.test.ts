import { describe, expect, it } from 'vitest';

import { navigationFor } from '../../app/navigation';
import { ALL_ROLES } from '../../app/roles';
import { estMasque, EVALUATION_ROLES, INDICATEURS_ROLES } from './roles';

function entrees(role: (typeof ALL_ROLES)[number]): string[] {
  return navigationFor(role).map((item) => item.label);
}

describe('indicators roles', () => {
  it('show the indicators to the roles the API serves, masked for three of them', () => {
    expect([...INDICATEURS_ROLES].sort()).toEqual(['admin_national', 'charge_partenariat', 'coordinateur', 'direction_chantier', 'fas', 'financeur']);
    expect(ALL_ROLES.filter(estMasque).sort()).toEqual(['charge_partenariat', 'fas', 'financeur']);
  });

  it('put "Indicateurs" in the navigation of those roles only, "Évaluation" for evaluators', () => {
    for (const role of ALL_ROLES) {
      expect(entrees(role).includes('Indicateurs')).toBe(INDICATEURS_ROLES.includes(role));
      expect(entrees(role).includes('Évaluation')).toBe(EVALUATION_ROLES.includes(role));
    }
  });
});
