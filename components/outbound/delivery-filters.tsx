"use client";

import { useState } from "react";
import { IdSearch } from "@/components/ui/id-search";
import { FilterSelect } from "@/components/ui/list-states";
import { outboundEventTypes } from "@/lib/outbound/schemas";

export type OutboundDeliveryFilters = { status?: string; eventType?: string; q?: string };

const outcomes: Array<[string, string]> = [
  ["failed", "failed"],
  ["succeeded", "succeeded"],
  ["pending", "pending"],
];
const events: Array<[string, string]> = outboundEventTypes.map((type) => [type, type]);

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
      <FilterSelect
        id={`${idPrefix}-status`}
        label="Outcome"
        value={value.status ?? ""}
        options={outcomes}
        allLabel="Any outcome"
        onChange={(status) => onChange({ ...value, status: status || undefined })}
      />
      <FilterSelect
        id={`${idPrefix}-event`}
        label="Event"
        value={value.eventType ?? ""}
        options={events}
        allLabel="Any event"
        onChange={(eventType) => onChange({ ...value, eventType: eventType || undefined })}
      />
      <IdSearch
        id={`${idPrefix}-search`}
        formLabel="Find a delivery"
        placeholder="dlv_… or evt_…"
        value={search}
        onValue={setSearch}
        onSearch={(q) => onChange({ ...value, q })}
        className="flex min-w-56 flex-col gap-1"
      />
    </div>
  );
}
