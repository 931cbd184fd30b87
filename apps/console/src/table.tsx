/** The console's one table: columns say how a row fills each cell; rows are the API's values. */
import type { ComponentChildren } from "preact";

export interface Column<R> {
  head: ComponentChildren;
  /** The cell's content. CP values go in as text children, which Preact escapes. */
  cell: (row: R) => ComponentChildren;
  /** Class of the column's cells (e.g. "url" for long monospace values). */
  class?: string;
}

/** `data-*` attributes of a row, for tests and styles to find it by its id. */
export type RowData = Record<`data-${string}`, string>;

export function Table<R>({
  columns,
  rows,
  rowKey,
  rowData,
  class: className,
}: {
  /** `false` leaves a column out (columns shown for one kind of row only). */
  columns: (Column<R> | false)[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string | number;
  rowData?: (row: R) => RowData;
  class?: string;
}) {
  const shown = columns.filter((c): c is Column<R> => c !== false);
  return (
    <table class={className}>
      <thead>
        <tr>
          {shown.map((c, i) => (
            <th key={i}>{c.head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={rowKey(r, i)} {...rowData?.(r)}>
            {shown.map((c, j) => (
              <td key={j} class={c.class}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
