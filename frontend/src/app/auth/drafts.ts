/**
 * Drafts kept in the browser (a half-written diagnostic holds health data): every
 * key starts with one prefix, and one function clears them all, at logout and at
 * the end of the session (a shared tablet on a worksite keeps nothing).
 */
export const DRAFT_PREFIX = 'convergence:brouillon:';

type KeyedStorage = Pick<Storage, 'length' | 'key' | 'removeItem'>;

function browserStorages(): KeyedStorage[] {
  const storages: KeyedStorage[] = [];
  try {
    if (typeof sessionStorage !== 'undefined') storages.push(sessionStorage);
    if (typeof localStorage !== 'undefined') storages.push(localStorage);
  } catch {
    // Storage disabled: nothing was kept.
  }
  return storages;
}

/** Removes every draft (`convergence:brouillon:…`) from sessionStorage and localStorage. */
export function clearDrafts(storages: KeyedStorage[] = browserStorages()): void {
  for (const storage of storages) {
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key?.startsWith(DRAFT_PREFIX)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  }
}
