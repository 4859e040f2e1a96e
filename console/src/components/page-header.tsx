/** A page's title, with its main actions at the top right. */

import type { ComponentChildren } from 'preact';

export function PageHeader({ title, children, description }: { title: string; children?: ComponentChildren; description?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1 tabIndex={-1} data-page-title>
          {title}
        </h1>
        {description && <p class="muted">{description}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}
