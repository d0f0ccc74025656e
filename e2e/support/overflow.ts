import type { Page } from 'playwright-core';

/**
 * Why the page scrolls sideways, or `[]` when it does not: a page may scroll down, never across.
 * Names the elements that stick out past the screen and that no scroll box of their own clips (a wide
 * table inside its `.table-scroll` is fine and not named), so a failure points at the culprit.
 */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const clippedByItsOwnBox = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((element) => !clippedByItsOwnBox(element))
      .slice(0, 5)
      .map((element) => {
        const name = [element.tagName.toLowerCase(), ...element.classList].join('.');
        const right = Math.round(element.getBoundingClientRect().right);
        return `${name} → ${right} px: ${(element.textContent ?? '').trim().slice(0, 60)}`;
      });
    const by = `the page scrolls ${root.scrollWidth - root.clientWidth} px sideways`;
    return culprits.length > 0 ? culprits : [by];
  });
}
