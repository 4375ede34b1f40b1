import { useEffect } from 'react';

/** Sets the document title, so each page is named for screen readers and tabs. */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Convergence` : 'Convergence';
  }, [title]);
}
