import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/**
 * Theme tuned for WCAG AA: primary shade 8 (5:1 on white) for links and
 * filled buttons, a darker "dimmed" grey than Mantine's default (which is
 * 3.3:1), comfortable sizes for touch (44 px targets, see global.css).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    Button: { defaultProps: { size: 'md' } },
    NativeSelect: { defaultProps: { size: 'md' } },
    TextInput: { defaultProps: { size: 'md' } },
    Select: { defaultProps: { size: 'md' } },
    PasswordInput: { defaultProps: { size: 'md' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Fermer la notification' } } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error texts and borders of fields: Mantine's red 6 is 3.3:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
