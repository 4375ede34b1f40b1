import { Navigate, type RouteObject } from 'react-router';

import { AuditPage } from '../features/audit/AuditPage';
import { connecteursRoutes } from '../features/connecteurs/routes';
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
import { HomeRedirect, RequireAuth, RequireRole } from './auth/guards';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { ADMIN_ROLES, TERRITOIRES_ROLES } from './roles';
import { PageErrorPage, RouteErrorPage } from './RouteErrorPage';

export const routes: RouteObject[] = [
  { path: 'connexion', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  { path: 'invitation', element: <InvitationPage />, errorElement: <RouteErrorPage /> },
  { path: 'mot-de-passe-oublie', element: <MotDePasseOubliePage />, errorElement: <RouteErrorPage /> },
  { path: 'mot-de-passe/nouveau', element: <NouveauMotDePassePage />, errorElement: <RouteErrorPage /> },
  { path: 'boite-demo', element: <BoiteDemoPage />, errorElement: <RouteErrorPage /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <Layout />,
        children: [
          {
            // A page that throws shows its error inside the layout: the menu stays (per page,
            // cleared by the next navigation).
            errorElement: <PageErrorPage />,
            children: [
              // The home page depends on the role (UI.md).
              { index: true, element: <HomeRedirect /> },
              {
                element: <RequireRole roles={TERRITOIRES_ROLES} />,
                children: [
                  { path: 'territoires', element: <TerritoiresPage /> },
                  { path: 'territoires/:territoireId', element: <TerritoirePage /> },
                ],
              },
              ...parcoursRoutes,
              ...connecteursRoutes,
              ...networkRoutes,
              ...orientationsRoutes,
              ...indicateursRoutes,
              ...rgpdRoutes,
              { path: 'mon-compte', element: <MonComptePage /> },
              {
                path: 'administration',
                element: <RequireRole roles={ADMIN_ROLES} />,
                children: [
                  { index: true, element: <Navigate to="utilisateurs" replace /> },
                  { path: 'utilisateurs', element: <UtilisateursPage /> },
                  { path: 'utilisateurs/nouveau', element: <UtilisateurCreatePage /> },
                  { path: 'utilisateurs/:utilisateurId', element: <UtilisateurPage /> },
                  { path: 'clients-api', element: <ClientsApiPage /> },
                  { path: 'clients-api/nouveau', element: <ClientApiCreatePage /> },
                  { path: 'clients-api/:clientApiId', element: <ClientApiPage /> },
                  { path: 'audit', element: <AuditPage /> },
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
