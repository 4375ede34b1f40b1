import { describe, expect, it } from 'vitest';

import { navigationFor } from '../../app/navigation';
import { moiDe } from '../../test/moi';
import { candidaturesNavigation } from './routes';

describe('candidatures navigation', () => {
  it('shows the instruction to the instructors only', () => {
    const has = (role: Parameters<typeof moiDe>[0]) => navigationFor(moiDe(role), candidaturesNavigation).length === 1;
    expect(has('admin_national')).toBe(true);
    expect(has('coordinateur')).toBe(true);
    expect(has('charge_partenariat')).toBe(true);
    for (const role of ['direction_chantier', 'accompagnateur', 'partenaire', 'fas', 'financeur', 'evaluateur'] as const) {
      expect(has(role)).toBe(false);
    }
  });
});
