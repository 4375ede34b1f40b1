import type { RouteObject } from 'react-router';

import { candidaturesPublicRoutes } from '../features/candidatures/publicRoutes';
import { EtrePartenairePage } from './EtrePartenairePage';
import { ProgrammePage } from './ProgrammePage';
import { PublicLayout } from './PublicLayout';
import { ResultatsPage } from './ResultatsPage';
import { TerritoiresPublicsPage } from './TerritoiresPublicsPage';

/**
 * The pages anyone may read, without Mantine nor the staff application (main.tsx loads that
 * for every other path). The applications' forms join them under the same layout.
 */
export const publicRoutes: RouteObject[] = [
  {
    element: <PublicLayout />,
    children: [
      { index: true, element: <ProgrammePage /> },
      { path: 'territoires-du-programme', element: <TerritoiresPublicsPage /> },
      { path: 'resultats', element: <ResultatsPage /> },
      { path: 'etre-partenaire', element: <EtrePartenairePage /> },
      ...candidaturesPublicRoutes,
    ],
  },
];
