import { diffRows } from "@/lib/activity/client/diff-rows";

function show(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Before → after, one row per field: what a reviewer of a change needs, never a secret (the log holds none). */
export function ActivityDiff({ before, after }: { before: unknown; after: unknown }) {
  const rows = diffRows(before, after);
  return (
    <table className="w-full table-fixed text-left text-sm">
      <thead>
        <tr className="text-xs font-medium uppercase tracking-wide text-slate-500">
          <th scope="col" className="w-2/5 pb-1 font-medium">
            Field
          </th>
          <th scope="col" className="pb-1 font-medium">
            Before
          </th>
          <th scope="col" className="pb-1 font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} className="align-top">
            <th scope="row" className="break-all py-1 pr-2 font-mono text-xs font-normal leading-5 text-slate-600">
              {row.field}
            </th>
            <td className="break-all py-1 pr-2">
              {row.before === null || row.before === undefined ? (
                <span className="text-slate-500">—</span>
              ) : (
                <span className="rounded bg-red-50 px-1 font-mono text-xs text-red-800">{show(row.before)}</span>
              )}
            </td>
            <td className="break-all py-1">
              {row.after === null || row.after === undefined ? (
                <span className="text-slate-500">—</span>
              ) : (
                <span className="rounded bg-emerald-50 px-1 font-mono text-xs text-emerald-800">{show(row.after)}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
