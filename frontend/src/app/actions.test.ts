import { describe, expect, it } from 'vitest';

import { actionsDe, libelleAction, peut } from './actions';

describe('actions', () => {
  it("keep the API's verbs and order, leaving out verbs the machine does not know", () => {
    expect(actionsDe('StatutParcours', { actions: ['demarrage', 'sortie', 'inconnu'] })).toEqual(['demarrage', 'sortie']);
    expect(actionsDe('StatutParcours', { actions: [] })).toEqual([]);
    expect(actionsDe('StatutParcours', {})).toEqual([]);
    expect(actionsDe('StatutParcours', null)).toEqual([]);
  });

  it('offer the exit of a parcours in accueil exactly when the API lists it', () => {
    expect(peut('StatutParcours', { actions: ['demarrage', 'sortie'] }, 'sortie')).toBe(true);
    expect(peut('StatutParcours', { actions: ['demarrage'] }, 'sortie')).toBe(false);
  });

  it('label each verb from the generated machine', () => {
    expect(libelleAction('StatutParcours', 'sortie')).toBe('Sortie du chantier');
    expect(libelleAction('StatutConvention', 'envoi_signature')).toBe('Envoi en signature');
  });
});
