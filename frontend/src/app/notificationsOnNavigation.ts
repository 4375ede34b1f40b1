/**
 * Notifications belong to the page they were shown on: a navigation dismisses those shown
 * earlier on the previous page. The one raised by the action that leads to the new page
 * ("Orientation envoyée", then the orientation's page) is shown just before the navigation
 * and stays, so the person still reads the outcome of what they did.
 */
import { notifications, notificationsStore } from '@mantine/notifications';

/** Notifications shown less than this before a navigation came with it. */
const WITH_NAVIGATION_MS = 1500;

const shownAt = new Map<string, number>();

notificationsStore.subscribe((state) => {
  const now = Date.now();
  const ids = new Set<string>();
  for (const item of [...state.notifications, ...state.queue]) {
    if (item.id === undefined) continue;
    ids.add(item.id);
    if (!shownAt.has(item.id)) shownAt.set(item.id, now);
  }
  for (const id of [...shownAt.keys()]) if (!ids.has(id)) shownAt.delete(id);
});

/** Called when the page changes: hides what the previous page had shown. */
export function dismissNotificationsOfPreviousPage(now: number = Date.now()): void {
  const { notifications: shown, queue } = notificationsStore.getState();
  for (const item of [...shown, ...queue]) {
    if (item.id === undefined) continue;
    const at = shownAt.get(item.id) ?? 0;
    if (now - at > WITH_NAVIGATION_MS) notifications.hide(item.id);
  }
}
