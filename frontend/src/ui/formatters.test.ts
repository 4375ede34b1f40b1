import { describe, expect, it } from 'vitest';

import { formatDate, formatDateTime, formatNumber, formatPercent, formatSiret } from './formatters';

const NNBSP = '\u202f'; // narrow no-break space: French thousands separator
const NBSP = '\u00a0'; // no-break space: before "%"

describe('formatDate', () => {
  it('writes a business date the French way', () => {
    expect(formatDate('2025-03-12')).toBe('12 mars 2025');
    expect(formatDate('2024-02-01')).toBe('1 février 2024');
    expect(formatDate('2023-12-31')).toBe('31 décembre 2023');
  });

  it('never shifts a calendar date by the time zone', () => {
    expect(formatDate('2025-01-01')).toBe('1 janvier 2025');
  });

  it('leaves a value that is not a date unchanged', () => {
    expect(formatDate('')).toBe('');
    expect(formatDate('12/03/2025')).toBe('12/03/2025');
    expect(formatDate('2025-02-30')).toBe('2025-02-30');
  });
});

describe('formatDateTime', () => {
  it('shows a UTC timestamp in French metropolitan time', () => {
    // 13:05 UTC is 14:05 in Paris in winter (UTC+1).
    expect(formatDateTime('2025-03-12T13:05:00Z')).toBe('12 mars 2025 à 14:05');
    // 13:05 UTC is 15:05 in Paris in summer (UTC+2).
    expect(formatDateTime('2025-07-01T13:05:00+00:00')).toBe('1 juillet 2025 à 15:05');
  });

  it('leaves an invalid timestamp unchanged', () => {
    expect(formatDateTime('pas une date')).toBe('pas une date');
  });
});

describe('formatNumber', () => {
  it('groups thousands with a narrow no-break space', () => {
    expect(formatNumber(1234)).toBe(`1${NNBSP}234`);
    expect(formatNumber(1234567)).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(0)).toBe('0');
  });

  it('uses a decimal comma and at most two decimals', () => {
    expect(formatNumber(3.5)).toBe('3,5');
    expect(formatNumber(2.345)).toBe('2,35');
  });
});

describe('formatPercent', () => {
  it('turns a ratio into a French percentage', () => {
    expect(formatPercent(0.47)).toBe(`47${NBSP}%`);
    expect(formatPercent(1)).toBe(`100${NBSP}%`);
    expect(formatPercent(0)).toBe(`0${NBSP}%`);
    expect(formatPercent(0.476)).toBe(`48${NBSP}%`);
  });
});

describe('formatSiret', () => {
  it('groups a SIRET as SIREN in threes then NIC', () => {
    expect(formatSiret('12345678900012')).toBe('123 456 789 00012');
  });

  it('leaves anything that is not 14 digits unchanged', () => {
    expect(formatSiret('1234')).toBe('1234');
    expect(formatSiret('1234567890001A')).toBe('1234567890001A');
  });
});
