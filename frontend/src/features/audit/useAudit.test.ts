import { describe, expect, it } from 'vitest';

import { auditFiltersFrom, exportFileName } from './useAudit';

describe('auditFiltersFrom', () => {
  it('reads the known filters of the URL', () => {
    expect(auditFiltersFrom(new URLSearchParams('action=login&debut=2026-01-01&fin=2026-01-31'))).toEqual({
      action: 'login',
      debut: '2026-01-01',
      fin: '2026-01-31',
    });
  });

  it('ignores unknown actions and malformed dates', () => {
    expect(auditFiltersFrom(new URLSearchParams('action=toString&debut=hier&fin=2026-1-3'))).toEqual({});
  });
});

describe('exportFileName', () => {
  it('names the file after the day', () => {
    expect(exportFileName(new Date('2026-03-12T10:00:00Z'))).toBe('journal-audit-2026-03-12.csv');
  });
});
