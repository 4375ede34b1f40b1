import './public/public.css';

import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, useRoutes } from 'react-router';

import { ErrorBoundary } from './app/ErrorBoundary';
import { publicRoutes } from './public/routes';

/**
 * The entry: the public pages, and for every other path the staff application, a chunk of
 * its own with Mantine (app/App.tsx). A visitor of the public pages downloads React, the
 * router and these pages only (tests/test_spa.py measures it in the build).
 */
const StaffApp = lazy(() => import('./app/App'));

const VISUELLEMENT_CACHE = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function Chargement() {
  return (
    <main className="pub-body" style={{ padding: '1rem' }}>
      {/* A page has a title even while its code arrives (screen readers, axe). */}
      <h1 style={VISUELLEMENT_CACHE}>Convergence</h1>
      <p className="pub-status" role="status">
        Chargement…
      </p>
    </main>
  );
}

function Indisponible() {
  return (
    <main className="pub-body" style={{ padding: '1rem' }} role="alert">
      <h1>Convergence est momentanément indisponible</h1>
      <p>La page n'a pas pu se charger. Vérifiez votre connexion, puis rechargez la page.</p>
      <button type="button" className="pub-button" onClick={() => window.location.reload()}>
        Recharger la page
      </button>
    </main>
  );
}

const routes = [
  ...publicRoutes,
  {
    path: '*',
    element: (
      <ErrorBoundary fallback={() => <Indisponible />}>
        <Suspense fallback={<Chargement />}>
          <StaffApp />
        </Suspense>
      </ErrorBoundary>
    ),
  },
];

function Routes() {
  return useRoutes(routes);
}

const container = document.getElementById('root');
if (container === null) {
  throw new Error('Élément #root introuvable dans index.html');
}

createRoot(container).render(
  <StrictMode>
    <BrowserRouter>
      <Routes />
    </BrowserRouter>
  </StrictMode>,
);
