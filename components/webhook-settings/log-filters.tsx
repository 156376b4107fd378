"use client";

import { RefreshCw, X } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { IdSearch } from "@/components/ui/id-search";
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
        <IdSearch
          id={`${idPrefix}-search`}
          formLabel={`Search ${label.toLowerCase()}`}
          placeholder={searchHint}
          value={search}
          onValue={setSearch}
          onSearch={(q) => onChange({ ...values, q })}
        />
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
