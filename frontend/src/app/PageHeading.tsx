import { Title, type TitleProps } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** The location whose heading already took the focus (StrictMode mounts twice). */
let focusedForLocation: string | null = null;
/**
 * The location of the first page shown since the app loaded. Not "default":
 * a reload, or a page.goto() to the current address, keeps the history
 * entry's key, and an auth redirect gives the first page a new one.
 */
let firstShownLocation: string | null = null;

/**
 * The h1 of a page. After an in-app navigation it takes the focus when it
 * appears (once the page's data is there), so screen-reader and keyboard
 * users start at the new page. Not on the first load of the app.
 */
export function PageHeading(props: Omit<TitleProps, 'order'>) {
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();

  useEffect(() => {
    if (firstShownLocation === null) firstShownLocation = location.key;
    if (location.key === firstShownLocation || focusedForLocation === location.key) return;
    focusedForLocation = location.key;
    ref.current?.focus();
    // Only on mount: a heading that stays while filters change keeps quiet.
  }, []);

  return <Title order={1} ref={ref} tabIndex={-1} {...props} />;
}
