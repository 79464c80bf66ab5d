import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { ClientelingProfile } from "@/lib/members/clienteling/schemas";
import { formatFen } from "@/lib/money";
import { PreferencesDialog } from "./member-dialogs";

function Chips({ values }: { values: string[] }) {
  return (
    <div className="flex flex-wrap gap-1">
      {values.map((v) => (
        <Badge key={v}>{v}</Badge>
      ))}
    </div>
  );
}

/**
 * Preferences (the clienteling profile), rendered on the server; staff who may write edit them in a
 * dialog whose form and words load when it opens (preferences-form.tsx).
 */
export async function ProfileSection({
  memberId,
  profile,
  canWrite,
}: {
  memberId: string;
  profile: ClientelingProfile;
  canWrite: boolean;
}) {
  const [t, locale] = await Promise.all([getTranslations("members"), getLocale()]);
  const rows: [string, ReactNode][] = [];
  if (profile.materials?.length)
    rows.push([t("materials"), <Chips key="m" values={profile.materials.map((m) => t(`materialOptions.${m}`))} />]);
  if (profile.styles?.length)
    rows.push([t("styles"), <Chips key="s" values={profile.styles.map((s) => t(`styleOptions.${s}`))} />]);
  if (profile.purpose) rows.push([t("purpose"), t(`purposeOptions.${profile.purpose}`)]);
  if (profile.budgetMinFen !== undefined || profile.budgetMaxFen !== undefined) {
    rows.push([
      t("budget"),
      `${profile.budgetMinFen !== undefined ? formatFen(profile.budgetMinFen, locale) : "—"} – ${profile.budgetMaxFen !== undefined ? formatFen(profile.budgetMaxFen, locale) : "—"}`,
    ]);
  }
  if (profile.ringSize) rows.push([t("ringSize"), profile.ringSize]);
  if (profile.brands?.length) rows.push([t("brands"), <Chips key="b" values={profile.brands} />]);
  if (profile.mallCategories?.length)
    rows.push([
      t("mallCategories"),
      <Chips key="c" values={profile.mallCategories.map((c) => t(`mallCategoryOptions.${c}`))} />,
    ]);
  return (
    <div className="space-y-3" data-testid="member-preferences">
      {rows.length === 0 ? (
        <p className="py-2 text-sm text-stone-500">{t("preferencesEmpty")}</p>
      ) : (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-stone-500">{label}</dt>
              <dd className="text-stone-900">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {canWrite ? (
        <PreferencesDialog
          memberId={memberId}
          profile={profile}
          trigger={t("editPreferences")}
          title={t("editPreferences")}
        />
      ) : null}
    </div>
  );
}
