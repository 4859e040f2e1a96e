/** Driving a page with the keyboard alone, and asking it where focus is. */
import type { Page } from 'playwright-core';

/**
 * The accessible name of the focused element as a person would read it: its `aria-label`,
 * its label's text, or its own text; `<tag>` when it has none.
 */
export async function focusedName(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText) || el.innerText || el.value || '';
    return label.trim() || '<' + el.tagName.toLowerCase() + '>';
  })()`)) as string;
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails after `max` presses. */
export async function tabTo(page: Page, name: string | RegExp, options: { max?: number; backwards?: boolean } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const focused = await focusedName(page);
    seen.push(focused);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached "${String(name)}"; it went through: ${seen.join(' | ')}`);
}

/** Whether the focused element is inside the element matched by `selector`. */
export async function focusIsInside(page: Page, selector: string): Promise<boolean> {
  return (await page.evaluate(`!!document.activeElement && !!document.activeElement.closest(${JSON.stringify(selector)})`)) as boolean;
}
