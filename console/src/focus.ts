/** Moving focus where a keyboard or screen reader user needs it next. */

/** After a refused submit: focus the first field the service named, or the message at the top. */
export function focusFirstError(form: HTMLElement | null): void {
  // After the render that shows the messages.
  requestAnimationFrame(() => {
    if (!form || !form.isConnected) return;
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('.problem');
    if (target) {
      if (!target.hasAttribute('tabindex') && target.classList.contains('problem')) target.tabIndex = -1;
      target.focus();
    }
  });
}

/** After a new page: focus its title, so the page change is announced and Tab starts there. */
export function focusPageTitle(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-page-title]')?.focus({ preventScroll: true }));
}
