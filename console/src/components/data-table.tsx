/**
 * A table of records: a caption for screen readers, a heading a column, `aria-busy` while the
 * rows load, and the rows (each cell labelled by its column with `data-label`, for narrow
 * screens). A last column of buttons has a heading only screen readers read.
 */

import type { ComponentChildren, VNode } from 'preact';

export interface DataTableProps {
  caption: string;
  columns: readonly string[];
  /** Whether each row ends in a cell of buttons. */
  actions?: boolean;
  /** Whether the rows are loading. */
  busy: boolean;
  /** Rows of placeholders shown instead of the rows while the first ones load, so that their arrival moves nothing below. */
  placeholderRows?: number;
  /** Classes beside `table`. */
  class?: string;
  /** The `<tr>`s. */
  children: ComponentChildren;
}

export function DataTable({ caption, columns, actions = false, busy, placeholderRows = 0, class: className, children }: DataTableProps) {
  return (
    <div class="table-wrap">
      <table class={className ? `table ${className}` : 'table'} aria-busy={busy}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{placeholderRows > 0 ? placeholders(placeholderRows, columns.length + (actions ? 1 : 0)) : children}</tbody>
      </table>
    </div>
  );
}

function placeholders(rows: number, cells: number): VNode[] {
  return Array.from({ length: rows }, (_, index) => (
    <tr key={index} class="skeleton-row" aria-hidden="true">
      {Array.from({ length: cells }, (__, cell) => (
        <td key={cell}>
          <span class="skeleton" />
        </td>
      ))}
    </tr>
  ));
}
