import { describe, expect, it } from 'vitest';

import type { Role } from '../../api/types';
import { navigationFor } from '../../app/navigation';
import { moiDe } from '../../test/moi';

function labels(role: Role): string[] {
  return navigationFor(moiDe(role)).map((item) => item.label);
}

describe('personal-data screens in the navigation', () => {
  it('give the retention status to the national team and the coordinateurs only', () => {
    expect(labels('admin_national')).toContain('Conservation des données');
    expect(labels('coordinateur')).toContain('Conservation des données');
    for (const role of ['accompagnateur', 'direction_chantier', 'partenaire', 'financeur'] as const) {
      expect(labels(role)).not.toContain('Conservation des données');
    }
  });

  it('let every caseworker print the information notice, not partners or funders', () => {
    for (const role of ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur', 'encadrant_technique'] as const) {
      expect(labels(role)).toContain("Notice d'information");
    }
    for (const role of ['partenaire', 'financeur', 'fas', 'evaluateur', 'charge_partenariat'] as const) {
      expect(labels(role)).not.toContain("Notice d'information");
    }
  });
});
