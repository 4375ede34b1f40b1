import { describe, expect, it } from 'vitest';

import { WARNING_MS, sessionEnd, sessionPhase } from './SessionExpiry';
import { DRAFT_PREFIX, clearDrafts } from './drafts';

const MIN = 60_000;

describe('the end of a session', () => {
  const times = { absoluteEnd: 12 * 60 * MIN, idleSeconds: 30 * 60, lastActivity: 0 };

  it('ends a minute before the idle limit counted from the last request (the server notes activity to the minute)', () => {
    expect(sessionEnd(times)).toBe(29 * MIN);
  });

  it('warns a minute before the end, then ends', () => {
    expect(sessionPhase(times, 27 * MIN)).toBe('active');
    expect(sessionPhase(times, 29 * MIN - WARNING_MS)).toBe('avertissement');
    expect(sessionPhase(times, 29 * MIN)).toBe('terminee');
  });

  it('a request moves the idle end, never the absolute one', () => {
    const busy = { ...times, lastActivity: 11 * 60 * MIN + 50 * MIN };
    expect(sessionEnd(busy)).toBe(12 * 60 * MIN);
    expect(sessionPhase(busy, 12 * 60 * MIN - 30_000)).toBe('avertissement');
  });

  it('without known limits, never ends', () => {
    expect(sessionEnd({ absoluteEnd: null, idleSeconds: null, lastActivity: 0 })).toBe(Infinity);
  });
});

class MemoryStorage {
  private items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe('clearDrafts', () => {
  it('removes every draft and nothing else, in both storages', () => {
    const sessionStorage = new MemoryStorage();
    const localStorage = new MemoryStorage();
    sessionStorage.setItem(`${DRAFT_PREFIX}diagnostic:p1:nouveau-entree`, '{}');
    localStorage.setItem(`${DRAFT_PREFIX}enrolement:x`, '{}');
    sessionStorage.setItem('autre-cle', 'garde');
    clearDrafts([sessionStorage, localStorage]);
    expect(sessionStorage.getItem(`${DRAFT_PREFIX}diagnostic:p1:nouveau-entree`)).toBeNull();
    expect(localStorage.getItem(`${DRAFT_PREFIX}enrolement:x`)).toBeNull();
    expect(sessionStorage.getItem('autre-cle')).toBe('garde');
  });
});
