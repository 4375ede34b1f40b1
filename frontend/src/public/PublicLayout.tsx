import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';

import { ErrorBoundary } from '../app/ErrorBoundary';
import { useProgramme } from './api';
import { FINANCEURS_NATIONAUX } from './contenu';

const NAVIGATION = [
  { to: '/', label: 'Le programme' },
  { to: '/territoires-du-programme', label: 'Territoires' },
  { to: '/resultats', label: 'Résultats' },
  { to: '/etre-partenaire', label: 'Être partenaire' },
];

/**
 * The frame of every public page (and of the application forms): the programme's name, the
 * site menu with "Se connecter", the page, the contacts. No session is read here: the login
 * page sends a signed-in person on to their home.
 */
export function PublicLayout() {
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // A new page starts at its top, and keyboard and screen reader users start on it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus();
  }, [pathname]);

  return (
    <div className="pub-body">
      <a className="pub-skip" href="#contenu">
        Aller au contenu
      </a>
      <header className="pub-header">
        <div className="pub-container">
          <Link to="/" className="pub-brand">
            <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="6" fill="#1864ab" />
              <path d="M9 16a7 7 0 0 1 12-5M23 16a7 7 0 0 1-12 5" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" />
            </svg>
            Convergence
          </Link>
          <nav className="pub-nav" aria-label="Navigation du site">
            <ul>
              {NAVIGATION.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/'}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
              <li>
                <Link to="/connexion" className="pub-nav-login">
                  Se connecter
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="contenu" className="pub-main" tabIndex={-1} ref={main}>
        <div className="pub-container">
          <ErrorBoundary
            resetKey={pathname}
            fallback={() => (
              <div role="alert">
                <h1>Une erreur est survenue</h1>
                <p>Cette page n'a pas pu s'afficher. Rechargez la page ou revenez à l'accueil.</p>
                <Link to="/" className="pub-button">
                  Revenir à l'accueil
                </Link>
              </div>
            )}
          >
            <Outlet />
          </ErrorBoundary>
        </div>
      </main>
      <PublicFooter />
    </div>
  );
}

function PublicFooter() {
  const { data } = useProgramme();
  return (
    <footer className="pub-footer">
      <div className="pub-container">
        <section aria-labelledby="pied-contacts">
          <h2 id="pied-contacts">Contacts Convergence France</h2>
          <ul>
            {data?.contacts.map((contact) => (
              <li key={contact.email}>
                {contact.nom} : <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </li>
            ))}
            {data?.email != null && (
              <li>
                <a href={`mailto:${data.email}`}>{data.email}</a>
              </li>
            )}
            {data?.site != null && (
              <li>
                <a href={data.site}>{data.site.replace(/^https?:\/\//, '').replace(/\/$/, '')}</a>
              </li>
            )}
          </ul>
        </section>
        <section aria-labelledby="pied-financeurs">
          <h2 id="pied-financeurs">Financeurs nationaux</h2>
          <ul>
            {FINANCEURS_NATIONAUX.map((nom) => (
              <li key={nom}>{nom}</li>
            ))}
          </ul>
        </section>
      </div>
    </footer>
  );
}
