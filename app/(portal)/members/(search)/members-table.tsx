"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import type { MemberListParams, MemberListRow, MemberSearchResult } from "@/lib/members/search/queries";
import { LIFECYCLE_STAGES, MEMBER_TIERS } from "@/lib/members/schemas";
import { TierBadge } from "../member-badges";
import { storeDisplayName } from "@/lib/stores/display";

type Option = { id: string; label: string };

/** The search box: focused on arrival, applied on Enter or after a short pause, kept in the URL. */
function MemberSearchBox({ label, placeholder }: { label: string; placeholder: string }) {
  const { searchParams, setParams } = useUrlParams();
  const current = searchParams.get("q") ?? "";
  const [text, setText] = useState(current);
  const lastSent = useRef(current);

  useEffect(() => {
    if (text.trim() === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = text.trim();
      setParams({ q: text.trim() });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, setParams]);

  return (
    <form
      role="search"
      className="w-full"
      onSubmit={(e) => {
        e.preventDefault();
        lastSent.current = text.trim();
        setParams({ q: text.trim() });
      }}
    >
      <label className="flex flex-col gap-1 text-xs font-medium text-stone-600">
        {label}
        <Input
          type="search"
          name="q"
          // The page exists to look someone up: the cursor is in the box on arrival.
          autoFocus
          autoComplete="off"
          enterKeyHint="search"
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          className="min-h-12 text-base sm:max-w-xl"
          data-testid="member-search"
        />
      </label>
    </form>
  );
}

export function MembersTable({
  result,
  params,
  stores,
  advisors,
  tags,
}: {
  result: MemberSearchResult;
  params: MemberListParams;
  stores: Option[];
  advisors: Option[];
  tags: string[];
}) {
  const t = useTranslations("members");
  const format = useFormatter();
  const locale = useLocale();

  const columns = useMemo<ColumnDef<MemberListRow, unknown>[]>(
    () => [
      {
        id: "name",
        header: t("name"),
        cell: ({ row }) => (
          <Link
            href={`/members/${row.original.id}`}
            className="font-medium text-amber-800 hover:underline"
            data-testid="member-link"
          >
            {row.original.name}
          </Link>
        ),
      },
      {
        id: "phone",
        header: t("phone"),
        cell: ({ row }) => (
          <span className="font-mono whitespace-nowrap">
            {row.original.phone}
            {row.original.ownClient ? (
              <span className="ml-2">
                <Badge tone="info">{t("ownClient")}</Badge>
              </span>
            ) : null}
          </span>
        ),
      },
      {
        id: "tier",
        header: t("tier"),
        cell: ({ row }) => (
          <TierBadge
            tier={row.original.tier}
            label={t.has(`tiers.${row.original.tier}`) ? t(`tiers.${row.original.tier}`) : row.original.tier}
          />
        ),
      },
      { id: "stage", header: t("lifecycleStage"), cell: ({ row }) => t(`stages.${row.original.lifecycleStage}`) },
      {
        id: "store",
        header: t("homeStore"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {row.original.storeName === null
              ? "—"
              : storeDisplayName({ name: row.original.storeName, nameEn: row.original.storeNameEn }, locale)}
          </span>
        ),
      },
      { id: "advisor", header: t("advisor"), cell: ({ row }) => row.original.advisorName ?? "—" },
      {
        id: "registeredAt",
        header: t("registeredAt"),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {format.dateTime(new Date(row.original.registeredAt), { dateStyle: "medium" })}
          </span>
        ),
      },
    ],
    [t, format, locale],
  );

  return (
    <div className="space-y-3">
      <MemberSearchBox label={t("searchLabel")} placeholder={t("searchPlaceholder")} />
      {result.capped ? <Alert tone="info">{t("tooManyResults", { count: result.total })}</Alert> : null}
      <DataTable
        columns={columns}
        data={result.rows}
        total={result.total}
        params={params}
        sortable={["name", "registeredAt", "tier"]}
        getRowId={(row) => row.id}
        empty={
          result.searched
            ? { title: t("noMatchTitle"), body: t("noMatchBody") }
            : { title: t("typeToSearchTitle"), body: t("typeToSearchBody") }
        }
        toolbar={
          <FilterBar
            filters={[
              {
                type: "select",
                name: "tier",
                label: t("tier"),
                options: MEMBER_TIERS.map((tier) => ({ value: tier, label: t(`tiers.${tier}`) })),
              },
              {
                type: "select",
                name: "store",
                label: t("homeStore"),
                options: stores.map((s) => ({ value: s.id, label: s.label })),
              },
              {
                type: "select",
                name: "stage",
                label: t("lifecycleStage"),
                options: LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: t(`stages.${stage}`) })),
              },
              {
                type: "select",
                name: "advisor",
                label: t("advisor"),
                options: advisors.map((a) => ({ value: a.id, label: a.label })),
              },
              {
                type: "select",
                name: "tag",
                label: t("tags"),
                options: tags.map((tag) => ({ value: tag, label: tag })),
              },
            ]}
          />
        }
      />
    </div>
  );
}
