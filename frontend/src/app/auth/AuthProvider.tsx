import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';

import { ApiError } from '../../api/problem';
import type { Moi } from '../../api/types';
import { authSession } from './instance';
import type { AuthSession, AuthState } from './session';

interface AuthContextValue extends AuthState {
  session: AuthSession;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Restores the session on load and keeps the server-state cache to one person. */
export function AuthProvider({ children, session = authSession }: { children: ReactNode; session?: AuthSession }) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const queryClient = useQueryClient();
  const personId = useRef<string | null>(null);

  useEffect(() => {
    void session.restore();
  }, [session]);

  // Data read by someone else never shows to the next person on this device.
  useEffect(() => {
    const id = state.moi?.id ?? null;
    if (id !== personId.current) {
      if (personId.current !== null) queryClient.clear();
      personId.current = id;
    }
  }, [state.moi?.id, queryClient]);

  // The API may start asking for TOTP enrolment (403 totp_enrolement_requis):
  // read /moi again, and the guards lead to "Mon compte".
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return;
        const error = event.action.error;
        if (error instanceof ApiError && error.problem.code === 'totp_enrolement_requis') void session.reloadMoi();
      }),
    [queryClient, session],
  );

  return <AuthContext.Provider value={{ ...state, session }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (value === null) throw new Error('useAuth doit être utilisé dans <AuthProvider>');
  return value;
}

/** The signed-in person (only inside the protected routes). */
export function useMoi(): Moi {
  const { moi } = useAuth();
  if (moi === null) throw new Error('useMoi appelé sans session');
  return moi;
}
