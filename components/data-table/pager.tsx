"use client";

import { useTranslations } from "next-intl";
import { Select } from "@/components/ui/input";
import { PAGE_SIZES } from "@/lib/list-params";
import { useUrlParams } from "./use-url-params";

/**
 * The line under a server-paged list: which rows are shown, previous and next (written to the URL),
 * and, when `pageSizes` is set, how many rows per page. Used by DataTable and by the lists that
 * render their rows as cards.
 */
export function Pager({
  page,
  pageSize,
  total,
  pageSizes = false,
}: {
  page: number;
  pageSize: number;
  total: number;
  pageSizes?: boolean;
}) {
  const t = useTranslations("table");
  const { setParams } = useUrlParams();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const button = "min-h-10 rounded-md px-3 py-2 ring-1 ring-stone-300 disabled:opacity-40";
  return (
    <nav
      className="flex flex-wrap items-center justify-between gap-3 text-sm text-stone-600"
      aria-label={t("pagination")}
    >
      <p>{t("showing", { first, last, total })}</p>
      {pageSizes || pageCount > 1 ? (
        <div className="flex items-center gap-2">
          {pageSizes ? (
            <label className="flex items-center gap-1.5 whitespace-nowrap">
              <span>{t("perPage")}</span>
              <Select className="w-20" value={pageSize} onChange={(e) => setParams({ pageSize: e.target.value })}>
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </label>
          ) : null}
          <button
            type="button"
            className={button}
            disabled={page <= 1}
            onClick={() => setParams({ page: page - 1 }, { resetPage: false })}
          >
            {t("previous")}
          </button>
          <span>{t("pageOf", { page, pageCount })}</span>
          <button
            type="button"
            className={button}
            disabled={page >= pageCount}
            onClick={() => setParams({ page: page + 1 }, { resetPage: false })}
          >
            {t("next")}
          </button>
        </div>
      ) : null}
    </nav>
  );
}
