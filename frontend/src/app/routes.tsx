import { Navigate, type RouteObject } from 'react-router';

import { AuditPage } from '../features/audit/AuditPage';
import { candidaturesRoutes } from '../features/candidatures/routes';
import { connecteursRoutes } from '../features/connecteurs/routes';
import { importsRoutes } from '../features/imports/routes';
import { ClientApiCreatePage } from '../features/identity/ClientApiCreatePage';
import { ClientApiPage } from '../features/identity/ClientApiPage';
import { ClientsApiPage } from '../features/identity/ClientsApiPage';
import {
  BoiteDemoPage,
  InvitationPage,
  MotDePasseOubliePage,
  NouveauMotDePassePage,
} from '../features/identity/ComptesPages';
import { LoginPage } from '../features/identity/LoginPage';
import { MonComptePage } from '../features/identity/MonComptePage';
import { UtilisateurCreatePage } from '../features/identity/UtilisateurCreatePage';
import { UtilisateurPage } from '../features/identity/UtilisateurPage';
import { UtilisateursPage } from '../features/identity/UtilisateursPage';
import { indicateursRoutes } from '../features/indicateurs/routes';
import { networkRoutes } from '../features/network/routes';
import { orientationsRoutes } from '../features/orientations/routes';
import { parcoursRoutes } from '../features/parcours/routes';
import { rgpdRoutes } from '../features/rgpd/routes';
import { TerritoirePage } from '../features/territoires/TerritoirePage';
import { TerritoiresPage } from '../features/territoires/TerritoiresPage';
import { HomeRedirect, RequireAuth, RequirePermission } from './auth/guards';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { PageErrorBoundary } from './RouteErrorPage';

/**
 * The staff application's pages, under the public ones (main.tsx): every path the public
 * routes do not take. Loaded after the public pages, with Mantine (App.tsx).
 */
export const staffRoutes: RouteObject[] = [
  { path: 'connexion', element: <LoginPage /> },
  { path: 'invitation', element: <InvitationPage /> },
  { path: 'mot-de-passe-oublie', element: <MotDePasseOubliePage /> },
  { path: 'mot-de-passe/nouveau', element: <NouveauMotDePassePage /> },
  { path: 'boite-demo', element: <BoiteDemoPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          {
            // A page that throws shows its error inside the layout: the menu stays (per page,
            // cleared by the next navigation).
            element: <PageErrorBoundary />,
            children: [
              // The home page depends on the role (UI.md); "/" is the programme's public page.
              { path: 'espace', element: <HomeRedirect /> },
              {
                element: <RequirePermission permission="reference:read" />,
                children: [
                  { path: 'territoires', element: <TerritoiresPage /> },
                  { path: 'territoires/:territoireId', element: <TerritoirePage /> },
                ],
              },
              ...parcoursRoutes,
              ...connecteursRoutes,
              ...networkRoutes,
              ...candidaturesRoutes,
              ...orientationsRoutes,
              ...indicateursRoutes,
              ...rgpdRoutes,
              ...importsRoutes,
              { path: 'mon-compte', element: <MonComptePage /> },
              {
                path: 'administration',
                children: [
                  { index: true, element: <Navigate to="utilisateurs" replace /> },
                  {
                    element: <RequirePermission permission="utilisateurs:admin" />,
                    children: [
                      { path: 'utilisateurs', element: <UtilisateursPage /> },
                      { path: 'utilisateurs/nouveau', element: <UtilisateurCreatePage /> },
                      { path: 'utilisateurs/:utilisateurId', element: <UtilisateurPage /> },
                    ],
                  },
                  {
                    element: <RequirePermission permission="clients:admin" />,
                    children: [
                      { path: 'clients-api', element: <ClientsApiPage /> },
                      { path: 'clients-api/nouveau', element: <ClientApiCreatePage /> },
                      { path: 'clients-api/:clientApiId', element: <ClientApiPage /> },
                    ],
                  },
                  {
                    element: <RequirePermission permission="audit:read" />,
                    children: [{ path: 'audit', element: <AuditPage /> }],
                  },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
