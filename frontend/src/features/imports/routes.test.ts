import { describe, expect, it } from 'vitest';

import { navigationFor } from '../../app/navigation';
import { can } from '../../app/permissions';
import { moiDe, TOUS_LES_ROLES } from '../../test/moi';

describe('import navigation', () => {
  it('shows "Importer l\'historique" exactly when /moi grants the import', () => {
    for (const role of TOUS_LES_ROLES) {
      const moi = moiDe(role);
      const entrees = navigationFor(moi).map((item) => item.label);
      expect(entrees.includes("Importer l'historique")).toBe(can(moi, 'imports:historique'));
    }
  });

  it('opens to the coordinateurs and the national team, not to the field staff', () => {
    expect(navigationFor(moiDe('coordinateur')).map((item) => item.label)).toContain("Importer l'historique");
    expect(navigationFor(moiDe('admin_national')).map((item) => item.label)).toContain("Importer l'historique");
    expect(navigationFor(moiDe('accompagnateur')).map((item) => item.label)).not.toContain("Importer l'historique");
  });
});
