import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/*
 * The back office's one theme (issue 10): dense for people who spend their day in queues (small
 * controls, compact tables), and colours that meet WCAG AA. Mantine's default palettes are light
 * (its green 6 on white is 2.4:1), so the shades a component draws with (7: filled and outline
 * text; 9 on 0–1: light badges and alerts) are replaced by darker ones, each checked:
 *   shade 7 on white ≥ 5.5:1, shade 9 on shade 1 ≥ 7.8:1.
 */
const brand: MantineColorsTuple = ['#e8f0fb', '#d0dff5', '#a3c0ea', '#729fdd', '#4a82d1', '#2f6dc2', '#2560ad', '#1d4f91', '#173f75', '#122f58'];
const red: MantineColorsTuple = ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#fa5252', '#b42318', '#8f1d1d', '#7a1a1a'];
const green: MantineColorsTuple = ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#40c057', '#1e7234', '#17602b', '#14532d'];
const orange: MantineColorsTuple = ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#fd7e14', '#b4460a', '#9a3c09', '#7c2d12'];
const yellow: MantineColorsTuple = ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#fab005', '#8a5a00', '#765000', '#5f4100'];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 7,
  colors: { brand, red, green, orange, yellow },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
  defaultRadius: 'sm',
  // Focus is always visible for keyboard users (WCAG 2.4.7), never only on :focus-visible guesses.
  focusRing: 'auto',
  headings: { sizes: { h1: { fontSize: '1.5rem', lineHeight: '1.25' }, h2: { fontSize: '1.2rem', lineHeight: '1.3' }, h3: { fontSize: '1rem', lineHeight: '1.35' } } },
  // Agents work in dense screens: controls default to `sm` (32 px high, still above the 24 px of
  // WCAG 2.5.8), tables to compact rows.
  components: {
    Button: { defaultProps: { size: 'sm' } },
    ActionIcon: { defaultProps: { size: 'md' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm' } },
    NativeSelect: { defaultProps: { size: 'sm' } },
    MultiSelect: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm', autosize: true, minRows: 4 } },
    Checkbox: { defaultProps: { size: 'sm' } },
    Radio: { defaultProps: { size: 'sm' } },
    Switch: { defaultProps: { size: 'sm' } },
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm', striped: false, highlightOnHover: true } },
    Badge: { defaultProps: { size: 'md', radius: 'sm', variant: 'light' } },
    Loader: { defaultProps: { size: 'sm' } },
    // Menus open and close at once: a fading dropdown is text at partial opacity, below AA
    // contrast while it lasts (axe sees it), and agents gain nothing from the animation.
    Menu: { defaultProps: { transitionProps: { duration: 0 } } },
  },
});

/**
 * Mantine's default "dimmed" and error texts are grey 6 and red 6, 3.3:1 and 3.5:1 on white:
 * below AA for body text, so they take the theme's darker shades.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#4a5361',
    '--mantine-color-error': 'var(--mantine-color-red-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-brand-7)',
  },
  dark: {},
});
