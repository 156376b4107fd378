"use client";

import { Search } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { outboundEventTypes } from "@/lib/outbound/schemas";

export type OutboundDeliveryFilters = { status?: string; eventType?: string; q?: string };

const selectClass =
  "rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

/** An endpoint's deliveries narrowed by outcome and event type, or found by a delivery or event id (on Enter or Search). */
export function DeliveryFilters({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: OutboundDeliveryFilters;
  onChange: (value: OutboundDeliveryFilters) => void;
}) {
  const [search, setSearch] = useState(value.q ?? "");
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-status`} className="text-xs font-medium text-slate-600">
          Outcome
        </label>
        <select
          id={`${idPrefix}-status`}
          value={value.status ?? ""}
          onChange={(event) => onChange({ ...value, status: event.target.value || undefined })}
          className={selectClass}
        >
          <option value="">Any outcome</option>
          <option value="failed">failed</option>
          <option value="succeeded">succeeded</option>
          <option value="pending">pending</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-event`} className="text-xs font-medium text-slate-600">
          Event
        </label>
        <select
          id={`${idPrefix}-event`}
          value={value.eventType ?? ""}
          onChange={(event) => onChange({ ...value, eventType: event.target.value || undefined })}
          className={selectClass}
        >
          <option value="">Any event</option>
          {outboundEventTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <form
        aria-label="Find a delivery"
        className="flex flex-col gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ ...value, q: search.trim() || undefined });
        }}
      >
        <label htmlFor={`${idPrefix}-search`} className="text-xs font-medium text-slate-600">
          Delivery or event id
        </label>
        <div className="flex gap-2">
          <input
            id={`${idPrefix}-search`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="dlv_… or evt_…"
            className="w-56 rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
          />
          <Button type="submit" variant="secondary" className="px-2">
            <Search aria-hidden className="size-4" />
            Search
          </Button>
        </div>
      </form>
    </div>
  );
}
