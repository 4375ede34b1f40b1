import { useSearchParams } from 'react-router';

/**
 * Filters kept in the address (shareable, the back button undoes them):
 * each name reads its parameter; setting "" removes it.
 */
export function useUrlFilters<N extends string>(names: readonly N[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const values = Object.fromEntries(names.map((name) => [name, searchParams.get(name) ?? ''])) as Record<N, string>;

  const setFilter = (name: N, value: string, options: { replace?: boolean } = {}) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === '') next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: options.replace ?? false },
    );
  };
  const resetFilters = () => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const name of names) next.delete(name);
      return next;
    });
  };
  const hasFilters = names.some((name) => values[name] !== '');
  return { values, setFilter, resetFilters, hasFilters };
}

/** An untrusted parameter that must be a UUID, or undefined. */
export function uuidOrUndefined(value: string): string | undefined {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
}
