import type { RouteObject } from 'react-router';

/**
 * The applications' public pages (forms under /etre-partenaire/…, follow-up at /candidature),
 * spliced under the public layout by src/public/routes.tsx. Built without Mantine: they use the
 * classes of src/public/public.css.
 */
export const candidaturesPublicRoutes: RouteObject[] = [];
