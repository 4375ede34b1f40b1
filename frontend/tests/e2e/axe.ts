import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/**
 * Runs axe-core on the page as it is now (call it once the content is shown)
 * and fails with a readable list of violations. All rules run, WCAG 2.x A/AA
 * and axe's best practices. Also checks that nothing overflows the screen
 * sideways (the phone project is 360 px wide).
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // A page at rest: dialogs and notifications fade in, and half-transparent text fails
  // the contrast check while it does. Wait for running finite animations and transitions.
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .every((animation) => animation.playState !== 'running'),
    undefined,
    { timeout: 10_000 },
  );
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n'),
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);

  // Usable at 360 px (UI.md): nothing pushes the page sideways; wide tables scroll in their own region.
  // clientWidth, not innerWidth: a mobile browser widens its layout viewport to fit what overflows.
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The innermost elements that stick out name the culprit in the failure message.
    const culprits = Array.from(document.body.querySelectorAll<HTMLElement>('*'))
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      // The header and the menu are fixed to the (widened) viewport: they follow, never cause.
      .filter((element) => element.closest('header, nav, .mantine-AppShell-navbar') === null)
      .filter((element) => !Array.from(element.children).some((child) => child.getBoundingClientRect().right > width + 0.5))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} « ${(element.textContent ?? '').trim().slice(0, 40)} »`);
    return { by: document.documentElement.scrollWidth - width, culprits };
  });
  expect(overflow.by, `horizontal overflow on ${page.url()}: ${overflow.culprits.join(' ; ')}`).toBeLessThanOrEqual(0);
}
