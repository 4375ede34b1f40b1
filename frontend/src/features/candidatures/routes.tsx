import './candidatures.css';

import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { CandidaturePage } from './CandidaturePage';
import { CandidaturesPage } from './CandidaturesPage';

/** The instruction of applications (staff): wired in app/routes.tsx. */
export const candidaturesRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="candidatures:instruire" />,
    children: [
      { path: 'candidatures', element: <CandidaturesPage /> },
      { path: 'candidatures/:candidatureId', element: <CandidaturePage /> },
    ],
  },
];

export const candidaturesNavigation: NavItem[] = [{ to: '/candidatures', label: 'Candidatures', permission: 'candidatures:instruire' }];
