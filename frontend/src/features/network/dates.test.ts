import { describe, expect, it } from 'vitest';

import { addDays, daysBetween, echeanceRelative, echeanceRenouvellement, todayIso } from './dates';

describe('network dates', () => {
  it('give today as a local calendar date', () => {
    expect(todayIso(new Date(2026, 10, 29, 23, 30))).toBe('2026-11-29');
    expect(todayIso(new Date(2027, 0, 5, 0, 10))).toBe('2027-01-05');
  });

  it('add days across months, years and leap days', () => {
    expect(addDays('2026-11-29', 90)).toBe('2027-02-27');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-02-30', 1)).toBeNull();
    expect(addDays('demain', 1)).toBeNull();
  });

  it('put the renewal window 90 days ahead', () => {
    expect(echeanceRenouvellement(new Date(2026, 10, 29, 12))).toBe('2027-02-27');
  });

  it('count whole days between two dates', () => {
    expect(daysBetween('2026-11-29', '2027-01-13')).toBe(45);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-29', '2026-11-26')).toBe(-3);
    expect(daysBetween('x', '2026-11-26')).toBeNull();
  });

  it('say an échéance in French', () => {
    expect(echeanceRelative(0)).toBe("aujourd'hui");
    expect(echeanceRelative(1)).toBe('demain');
    expect(echeanceRelative(45)).toBe('dans 45 jours');
    expect(echeanceRelative(-1)).toBe('dépassée depuis 1 jour');
    expect(echeanceRelative(-4)).toBe('dépassée depuis 4 jours');
  });
});
