import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { giftListParamsSchema, listGifts } from "@/lib/loyalty/gifts/queries";
import { GiftsTable } from "./gifts-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyGifts");
  return { title: t("title") };
}

export default async function GiftListPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("loyalty.gifts.manage");
  const params = giftListParamsSchema.parse(await searchParams);
  const [{ rows, total }, t] = await Promise.all([
    listGifts(getDb(), storeScopeOf(me), params),
    getTranslations("loyaltyGifts"),
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/loyalty/gifts/new" className={buttonClasses("primary")}>
            {t("create")}
          </Link>
        }
      />
      <GiftsTable rows={rows} total={total} params={params} />
    </>
  );
}
