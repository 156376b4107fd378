import type { ReactNode } from "react";

export type ChartTable = { caption: string; columns: string[]; rows: Array<{ key: string; cells: ReactNode[] }> };

/**
 * A chart with its text alternative: a one-sentence summary always shown, and the same figures as a
 * table on demand. The drawing itself is hidden from assistive technology, which reads the table.
 */
export function ChartCard({
  id,
  title,
  summary,
  table,
  children,
}: {
  id: string;
  title: string;
  summary: ReactNode;
  table: ChartTable;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-chart={id}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{summary}</p>
      <div aria-hidden="true" className="mt-4 h-60 w-full">
        {children}
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-indigo-700 hover:underline">Show the figures as a table</summary>
        <div className="mt-2 max-h-80 overflow-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{table.caption}</caption>
            <thead className="sticky top-0 bg-white text-xs text-slate-600">
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col" className="px-2 py-1.5 font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key} className="border-t border-slate-100">
                  {row.cells.map((cell, i) =>
                    i === 0 ? (
                      <th key={table.columns[i]} scope="row" className="px-2 py-1.5 font-normal text-slate-700">
                        {cell}
                      </th>
                    ) : (
                      <td key={table.columns[i]} className="px-2 py-1.5 tabular-nums text-slate-900">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
