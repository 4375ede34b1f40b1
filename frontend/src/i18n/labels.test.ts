import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import {
  auditActionLabels,
  densiteLabels,
  enumLabels,
  isEnumValue,
  labelOf,
  roleLabels,
  structureTypeLabels,
  territoireStatutLabels,
} from './labels';

interface OpenApi {
  components: { schemas: Record<string, { enum?: unknown[] }> };
}

const contract = parse(readFileSync(fileURLToPath(new URL('../../../openapi.yaml', import.meta.url)), 'utf8')) as OpenApi;
const contractEnums = Object.entries(contract.components.schemas).filter(
  (entry): entry is [string, { enum: unknown[] }] => Array.isArray(entry[1].enum),
);

describe('i18n labels', () => {
  it('label every enum of openapi.yaml', () => {
    expect(contractEnums.length).toBeGreaterThan(0);
    expect(Object.keys(enumLabels).sort()).toEqual(contractEnums.map(([name]) => name).sort());
  });

  it.each(contractEnums)('label exactly the values of %s', (name, schema) => {
    const labels = enumLabels[name as keyof typeof enumLabels];
    expect(Object.keys(labels).sort()).toEqual([...schema.enum].map(String).sort());
  });

  it.each(Object.entries(enumLabels))('give %s distinct, French labels (never the raw value)', (_name, labels) => {
    const entries = Object.entries(labels);
    for (const [value, label] of entries) {
      expect(label.trim()).not.toBe('');
      expect(label).not.toBe(value);
    }
    expect(new Set(entries.map(([, label]) => label)).size).toBe(entries.length);
  });

  it('use the agreed wording', () => {
    expect(territoireStatutLabels).toEqual({
      preparation: 'En préparation',
      operationnel: 'Opérationnel',
      suspendu: 'Suspendu',
    });
    expect(densiteLabels).toEqual({ dense: 'Territoire dense', peu_dense: 'Territoire peu dense' });
    expect(structureTypeLabels.fas).toBe('FAS (Fédération des acteurs de la solidarité)');
    expect(structureTypeLabels.chantier).toBe("Chantier d'insertion");
    expect(structureTypeLabels.evaluateur).toBe('Évaluateur');
  });

  it('name the roles as agreed', () => {
    expect(roleLabels).toEqual({
      admin_national: 'Administration nationale',
      coordinateur: 'Coordinateur·rice de territoire',
      charge_partenariat: 'Chargé·e de partenariat',
      direction_chantier: 'Direction de chantier',
      accompagnateur: 'Accompagnateur·rice (CIP)',
      encadrant_technique: 'Encadrant·e technique',
      partenaire: 'Partenaire',
      fas: 'FAS régionale',
      evaluateur: 'Évaluateur',
      financeur: 'Financeur',
    });
  });

  it('label every action of the audit trail, and show an unknown one as it is', () => {
    // The list itself is the référentiel's (generated; tests/referentiel/test_libelles_audit.py
    // checks the API labels every action it records): here, every one reads as French words.
    const actions = Object.entries(auditActionLabels);
    expect(actions.length).toBeGreaterThan(20);
    for (const [code, label] of actions) expect(label, code).toMatch(/^[A-ZÉ][^_]*$/);
    expect(labelOf(auditActionLabels, 'login')).toBe('Connexion');
    expect(labelOf(auditActionLabels, 'nouvelle_action')).toBe('nouvelle_action');
    expect(labelOf(auditActionLabels, null)).toBeNull();
  });

  it('recognise enum values from an untrusted string', () => {
    expect(isEnumValue(territoireStatutLabels, 'operationnel')).toBe(true);
    expect(isEnumValue(territoireStatutLabels, 'Opérationnel')).toBe(false);
    expect(isEnumValue(territoireStatutLabels, 'toString')).toBe(false);
    expect(isEnumValue(territoireStatutLabels, null)).toBe(false);
  });
});
