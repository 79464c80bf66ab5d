import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { cardListParamsSchema, listCards } from "@/lib/loyalty/stored-value/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { CardsTable } from "./cards-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("storedValue");
  return { title: t("title") };
}

export default async function StoredValueCardsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("loyalty.cards.manage");
  const params = cardListParamsSchema.parse(await searchParams);
  const scope = storeScopeOf(me);
  const db = getDb();
  const [{ rows, total }, stores, t, locale] = await Promise.all([
    listCards(db, scope, params),
    listStoresInScope(db, scope),
    getTranslations("storedValue"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            {can(me, "loyalty.rules.manage") ? (
              <Link href="/loyalty/cards/bonus-rule" className={buttonClasses("secondary")}>
                {t("bonusRuleLink")}
              </Link>
            ) : null}
            <Link
              href={params.member ? `/loyalty/cards/new?member=${params.member}` : "/loyalty/cards/new"}
              className={buttonClasses("primary")}
            >
              {t("issue")}
            </Link>
          </>
        }
      />
      {params.member ? (
        <p className="mb-3 flex flex-wrap items-center gap-2 text-sm text-stone-600">
          {t("memberFilterNotice")}
          <Link href="/loyalty/cards" className="text-amber-800 hover:underline">
            {t("showAll")}
          </Link>
        </p>
      ) : null}
      <CardsTable
        rows={rows}
        total={total}
        params={params}
        stores={stores.map((s) => ({ id: s.id, label: `${s.code} ${storeDisplayName(s, locale)}` }))}
      />
    </>
  );
}
