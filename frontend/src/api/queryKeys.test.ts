import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { queryKeys } from './queryKeys';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const features = files.filter((file) => file.path !== join('api', 'queryKeys.ts'));

/** Every factory of queryKeys, called with one sample argument per parameter. */
function keysOf(): Array<{ name: string; key: string }> {
  const result: Array<{ name: string; key: string }> = [];
  for (const [resource, factories] of Object.entries(queryKeys)) {
    for (const [name, factory] of Object.entries(factories as Record<string, unknown>)) {
      const key = typeof factory === 'function' ? (factory as (...args: unknown[]) => unknown)(...Array(factory.length).fill('x')) : factory;
      result.push({ name: `${resource}.${name}`, key: JSON.stringify(key) });
    }
  }
  return result;
}

/** `queryKeys.a.b` used as the key of a reading hook (useQuery, useInfiniteQuery...), per file. */
function readers(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /use(?:Suspense)?(?:Infinite)?Query\(\{\s*queryKey:\s*(queryKeys\.\w+\.\w+)/g;
  for (const file of features) {
    for (const match of file.text.matchAll(pattern)) {
      const name = match[1] ?? '';
      found.set(name, [...(found.get(name) ?? []), file.path]);
    }
  }
  return found;
}

describe('query keys', () => {
  it('two factories never produce the same key', () => {
    const byKey = new Map<string, string[]>();
    for (const { name, key } of keysOf()) byKey.set(key, [...(byKey.get(key) ?? []), name]);
    const shared = [...byKey.entries()].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([]);
  });

  it('no feature writes a query key by hand', () => {
    const literal = features.filter((file) => /queryKey:\s*\[/.test(file.text) || /(setQueryData|getQueryData)\(\s*\[/.test(file.text));
    expect(literal.map((file) => file.path)).toEqual([]);
    const ownFactories = features.filter((file) => /export const \w+Keys\s*=/.test(file.text));
    expect(ownFactories.map((file) => file.path)).toEqual([]);
  });

  it('one key is read by one hook, so one shape is cached under it', () => {
    const hooks = readers();
    expect(hooks.size).toBeGreaterThan(20);
    const twice = [...hooks.entries()].filter(([, where]) => where.length > 1);
    expect(twice).toEqual([]);
  });

  it('a key is written only next to the hook that reads it', () => {
    const hooks = readers();
    const misplaced: string[] = [];
    for (const file of features) {
      for (const match of file.text.matchAll(/setQueryData\(\s*(queryKeys\.\w+\.\w+)/g)) {
        const name = match[1] ?? '';
        if (!(hooks.get(name) ?? []).includes(file.path)) misplaced.push(`${file.path}: ${name}`);
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('the parcours and the person keep one shape for the person page and the orientation', () => {
    // The crash of "Orienter vers un partenaire": the orientations feature cached the bare
    // parcours where the person page expects `{ parcours, etag }`. Both now read one hook.
    const hooks = readers();
    expect(hooks.get('queryKeys.parcours.detail')).toEqual([join('features', 'parcours', 'useParcours.ts')]);
    expect(hooks.get('queryKeys.salaries.detail')).toEqual([join('features', 'parcours', 'useParcours.ts')]);
  });
});
