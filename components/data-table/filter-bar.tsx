"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useUrlParams } from "./use-url-params";

export type FilterDefinition =
  | { type: "search"; name: string; label: string; placeholder?: string }
  | { type: "select"; name: string; label: string; options: { value: string; label: string }[] }
  | { type: "date"; name: string; label: string };

/** Filters written to the URL: selects and dates apply at once, the search box on Enter or after a pause. */
export function FilterBar({ filters }: { filters: FilterDefinition[] }) {
  const t = useTranslations("table");
  const { searchParams, setParams } = useUrlParams();
  const searchFilter = filters.find((f) => f.type === "search");
  const [search, setSearch] = useState(searchFilter ? (searchParams.get(searchFilter.name) ?? "") : "");

  useEffect(() => {
    if (!searchFilter) return;
    const current = searchParams.get(searchFilter.name) ?? "";
    if (search === current) return;
    const timer = setTimeout(() => setParams({ [searchFilter.name]: search.trim() }), 400);
    return () => clearTimeout(timer);
  }, [search, searchFilter, searchParams, setParams]);

  const hasAny = filters.some((f) => searchParams.get(f.name));

  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (searchFilter) setParams({ [searchFilter.name]: search.trim() });
      }}
    >
      {filters.map((filter) => (
        <label key={filter.name} className="flex min-w-40 flex-col gap-1 text-xs font-medium text-stone-600">
          {filter.label}
          {filter.type === "search" ? (
            <Input
              type="search"
              name={filter.name}
              value={search}
              placeholder={filter.placeholder}
              onChange={(e) => setSearch(e.target.value)}
              className="w-64"
            />
          ) : filter.type === "select" ? (
            <Select
              name={filter.name}
              value={searchParams.get(filter.name) ?? ""}
              onChange={(e) => setParams({ [filter.name]: e.target.value })}
            >
              <option value="">{t("all")}</option>
              {filter.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          ) : (
            <Input
              type="date"
              name={filter.name}
              value={searchParams.get(filter.name) ?? ""}
              onChange={(e) => setParams({ [filter.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      {hasAny ? (
        <Button
          variant="ghost"
          onClick={() => {
            setSearch("");
            setParams(Object.fromEntries(filters.map((f) => [f.name, null])));
          }}
        >
          {t("clearFilters")}
        </Button>
      ) : null}
    </form>
  );
}
