import { VisuallyHidden } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';

import type { Permission } from '../../api/types';
import { messages } from '../../i18n/messages';
import { LoadingState } from '../../ui/QueryState';
import { ForbiddenPage } from '../ForbiddenPage';
import { can } from '../permissions';
import { homePathFor, loginPathFor } from '../home';
import { useAuth, useMoi } from './AuthProvider';

/** The whole app but the login page: signed-in people only. */
export function RequireAuth() {
  const { status, moi } = useAuth();
  const location = useLocation();

  if (status === 'inconnu') {
    return (
      <main>
        {/* A page has a title even while the session is restored (screen readers, axe). */}
        <VisuallyHidden>
          <h1>Convergence</h1>
        </VisuallyHidden>
        <LoadingState label={messages.sessionLoading} />
      </main>
    );
  }
  if (status === 'anonyme' || moi === null) {
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  // The API refuses everything else (403 totp_enrolement_requis) until TOTP is on.
  if (moi.totp_requis === true && location.pathname !== '/mon-compte') {
    return <Navigate to="/mon-compte" replace />;
  }
  return <Outlet />;
}

/** Pages behind a permission show "Accès refusé" to those `/moi` does not grant it. */
export function RequirePermission({ permission }: { permission: Permission }) {
  const moi = useMoi();
  return can(moi, permission) ? <Outlet /> : <ForbiddenPage />;
}

/** "/" leads each role to its first page. */
export function HomeRedirect() {
  const moi = useMoi();
  return <Navigate to={homePathFor(moi)} replace />;
}
