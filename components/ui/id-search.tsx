"use client";

import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * A search of a log by a delivery or event id: typed freely, applied on Enter or Search (the
 * caller keeps the text, so its Clear can empty it).
 */
export function IdSearch({
  id,
  formLabel,
  placeholder,
  value,
  onValue,
  onSearch,
  className = "flex min-w-56 flex-[2] flex-col gap-1",
}: {
  id: string;
  formLabel: string;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
  onSearch: (term: string | undefined) => void;
  className?: string;
}) {
  return (
    <form
      aria-label={formLabel}
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(value.trim() || undefined);
      }}
    >
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        Delivery or event id
      </label>
      <div className="flex gap-2">
        <div className="relative flex-1">
          <Search aria-hidden className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" />
          <input
            id={id}
            type="search"
            value={value}
            onChange={(event) => onValue(event.target.value)}
            placeholder={placeholder}
            className="w-full rounded-md border-0 bg-white py-1.5 pr-2.5 pl-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </div>
    </form>
  );
}
