"use client";

import { RefreshCw, Search, X } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { DateInput } from "@/components/ui/list-states";

export type LogFilterValues = { q?: string; from?: string; to?: string };

/**
 * The filter bar both deliveries logs share: a search by delivery or event id (applied on Enter or
 * Search), the list's own menus (`children`), a day range and Refresh; Clear resets the filters.
 * Below it, what went wrong with the last load, if anything.
 */
export function LogFilters({
  idPrefix,
  label,
  values,
  onChange,
  onClear,
  searchHint,
  active,
  log,
  children,
}: {
  idPrefix: string;
  label: string;
  values: LogFilterValues;
  onChange: (values: LogFilterValues) => void;
  onClear: () => void;
  searchHint: string;
  /** Whether any filter is set (Clear is offered then). */
  active: boolean;
  log: { loading: boolean; error: string | null; reload: () => Promise<void> };
  children: ReactNode;
}) {
  const [search, setSearch] = useState(values.q ?? "");
  return (
    <>
      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="sr-only">{label}</legend>
        <form
          aria-label={`Search ${label.toLowerCase()}`}
          className="flex min-w-56 flex-[2] flex-col gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ ...values, q: search.trim() || undefined });
          }}
        >
          <label htmlFor={`${idPrefix}-search`} className="text-xs font-medium text-slate-600">
            Delivery or event id
          </label>
          <div className="flex gap-2">
            <div className="relative flex-1">
              <Search aria-hidden className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" />
              <input
                id={`${idPrefix}-search`}
                type="search"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                placeholder={searchHint}
                className="w-full rounded-md border-0 bg-white py-1.5 pr-2.5 pl-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
              />
            </div>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </div>
        </form>
        {children}
        <DateInput
          id={`${idPrefix}-from`}
          label="Since"
          value={values.from}
          max={values.to}
          onChange={(from) => onChange({ ...values, from })}
        />
        <DateInput
          id={`${idPrefix}-to`}
          label="Until"
          value={values.to}
          min={values.from}
          onChange={(to) => onChange({ ...values, to })}
        />
        {active ? (
          <Button
            variant="ghost"
            className="shadow-none"
            onClick={() => {
              setSearch("");
              onClear();
            }}
          >
            <X aria-hidden className="size-4" />
            Clear
          </Button>
        ) : null}
        <Button variant="secondary" onClick={() => void log.reload()} disabled={log.loading}>
          <RefreshCw aria-hidden className={`size-4 ${log.loading ? "animate-spin" : ""}`} />
          Refresh
        </Button>
      </fieldset>
      {log.error ? (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {log.error}
        </p>
      ) : null}
    </>
  );
}
