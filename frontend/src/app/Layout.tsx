import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { useAFaire } from '../features/parcours/useParcours';
import { roleLabels } from '../i18n/labels';
import { aFaireMessages } from '../i18n/parcours';
import { toneColors } from '../ui/statut';
import { messages } from '../i18n/messages';
import { useAuth, useMoi } from './auth/AuthProvider';
import { SessionExpiry } from './auth/SessionExpiry';
import { dismissNotificationsOfPreviousPage } from './notificationsOnNavigation';
import { activeEntry, groupNavigation, navigationFor } from './navigation';

function displayName(moi: { prenom?: string | null; nom?: string | null; email?: string | null }): string {
  const name = [moi.prenom, moi.nom].filter((part) => part != null && part !== '').join(' ');
  return name !== '' ? name : (moi.email ?? '');
}

const A_FAIRE = '/a-faire';

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const { session } = useAuth();
  const moi = useMoi();
  const [leaving, setLeaving] = useState(false);

  // A new page closes the mobile menu (its heading then takes the focus, see PageHeading).
  useEffect(() => {
    close();
  }, [location.pathname, close]);

  // A new page dismisses the notifications of the previous one.
  useEffect(() => {
    dismissNotificationsOfPreviousPage();
  }, [location.pathname]);

  const entries = navigationFor(moi);
  const groups = groupNavigation(entries);
  const active = activeEntry(location.pathname, entries);
  // The inbox's count of news, next to its menu entry (same query as the page: one request).
  const hasInbox = groups.some((group) => group.items.some((item) => item.to === A_FAIRE));
  const inbox = useAFaire({ enabled: hasInbox });
  const news = inbox.data?.nouveaux ?? 0;
  const label = (item: { to: string; label: string }) =>
    item.to === A_FAIRE && news > 0 ? (
      <Group gap={6} wrap="nowrap" component="span">
        <span>{item.label}</span>
        <Badge color={toneColors.info} autoContrast={false} variant="filled" size="sm" circle={news < 10} component="span">
          {news}
          <VisuallyHidden> {aFaireMessages.nouveauxTitre(news).replace(/^\d+ /, '')}</VisuallyHidden>
        </Badge>
      </Group>
    ) : (
      item.label
    );
  const name = displayName(moi);
  const role = roleLabels[moi.role];

  const logout = async () => {
    setLeaving(true);
    const { redirection } = await session.logout();
    if (redirection !== null) {
      // A ProConnect session: the provider ends its own, then comes back to /connexion.
      window.location.assign(redirection);
      return;
    }
    void navigate('/connexion', { replace: true, state: { info: messages.loggedOut } });
  };

  return (
    <>
      <SessionExpiry />
      <a className="skip-link" href="#contenu">
        {messages.skipToContent}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px={{ base: 'xs', xs: 'md' }} gap="sm" wrap="nowrap" justify="space-between">
            <Group gap="xs" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? messages.closeMenu : messages.openMenu}
                aria-expanded={opened}
                aria-controls="navigation-principale"
              />
              <Text component={Link} to="/espace" className="brand-link" fw={700} fz={{ base: 'lg', xs: 'xl' }} c="inherit" td="none">
                Convergence
              </Text>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Stack gap={0} visibleFrom="sm" align="flex-end" data-testid="identite">
                <Text fw={600} size="sm">
                  {name}
                </Text>
                <Text size="xs" c="dimmed">
                  {role}
                </Text>
              </Stack>
              <Button variant="outline" size="sm" px="sm" className="logout-button" onClick={() => void logout()} loading={leaving}>
                {messages.logout}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar
          p="sm"
          id="navigation-principale"
          aria-label={messages.mainNavigation}
          className="main-navbar"
          data-mobile-collapsed={opened ? undefined : true}
        >
          <Stack gap={2} hiddenFrom="sm" mb="sm" px="sm">
            <Text fw={600} size="sm">
              {name}
            </Text>
            <Text size="xs" c="dimmed">
              {role}
            </Text>
          </Stack>
          {groups.map((group) =>
            group.section === null ? (
              group.items.map((item) => (
                <NavLink
                  key={item.to}
                  component={RouterNavLink}
                  to={item.to}
                  label={label(item)}
                  active={item.to === active}
                  onClick={close}
                />
              ))
            ) : (
              <div key={group.section} role="group" aria-labelledby={`nav-${group.section}`} className="nav-section">
                <Text id={`nav-${group.section}`} size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="md" pb={4}>
                  {group.section}
                </Text>
                {group.items.map((item) => (
                  <NavLink
                    key={item.to}
                    component={RouterNavLink}
                    to={item.to}
                    label={label(item)}
                    active={item.to === active}
                    onClick={close}
                  />
                ))}
              </div>
            ),
          )}
        </AppShell.Navbar>

        <AppShell.Main id="contenu" tabIndex={-1}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}
