import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listExportFilterOptions } from "@/lib/members/export/queries";
import { EXPORT_COLUMNS, exportParamsSchema, type ExportFormInput } from "@/lib/members/export/schemas";
import { storeDisplayName } from "@/lib/stores/display";
import { ExportForm } from "./export-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("memberPrivacy.export");
  return { title: t("title") };
}

/** Default columns when the page is opened without a choice: enough to reach the member, nothing more. */
const DEFAULT_COLUMNS = ["name", "phone", "tier", "homeStore"] as const;

export default async function MemberExportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("members.export");
  const raw = await searchParams;
  // The member list links here with its filters; anything invalid is simply dropped.
  const parsed = exportParamsSchema.safeParse({ ...raw, columns: raw.columns ?? DEFAULT_COLUMNS.join(",") });
  const initial = parsed.success ? parsed.data : exportParamsSchema.parse({ columns: DEFAULT_COLUMNS.join(",") });
  const defaults: ExportFormInput = {
    columns: initial.columns,
    q: initial.q ?? "",
    tier: initial.tier ?? "",
    store: initial.store ?? "",
    stage: initial.stage ?? "",
    advisor: initial.advisor ?? "",
    tag: initial.tag ?? "",
  };
  const [options, t, locale] = await Promise.all([
    listExportFilterOptions(getDb(), me),
    getTranslations("memberPrivacy.export"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ExportForm
        defaults={defaults}
        columns={[...EXPORT_COLUMNS]}
        options={{
          stores: options.stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` })),
          advisors: options.advisors,
          tags: initial.tag && !options.tags.includes(initial.tag) ? [initial.tag, ...options.tags] : options.tags,
        }}
      />
    </>
  );
}
