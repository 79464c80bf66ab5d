import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getGift } from "@/lib/loyalty/gifts/queries";
import { EditGiftForm } from "../gift-form";
import { GiftStatusActions, RestockForm } from "./gift-stock-actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("loyaltyGifts");
  return { title: t("edit") };
}

export default async function GiftDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const me = await requirePermission("loyalty.gifts.manage");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const [gift, t, format] = await Promise.all([
    getGift(getDb(), storeScopeOf(me), id.data),
    getTranslations("loyaltyGifts"),
    getFormatter(),
  ]);
  if (!gift) notFound();
  const { saved } = await searchParams;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {gift.nameZh} <span className="font-mono text-base text-stone-500">{gift.code}</span>
            {gift.active ? <Badge tone="success">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
          </span>
        }
        description={gift.nameEn}
        actions={
          <>
            <Link href="/loyalty/gifts" className={buttonClasses("secondary")}>
              {t("backToList")}
            </Link>
            {can(me, "audit.read") ? (
              <Link href={`/admin/audit?entityType=gift&entityId=${gift.id}`} className={buttonClasses("secondary")}>
                {t("viewAudit")}
              </Link>
            ) : null}
          </>
        }
      />
      {saved ? (
        <Alert tone="success" className="mb-4">
          {t("created")}
        </Alert>
      ) : null}
      {!gift.active ? (
        <Alert tone="warning" className="mb-4">
          {t("inactiveNotice")}
        </Alert>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card title={t("details")}>
            <EditGiftForm
              giftId={gift.id}
              defaults={{ nameZh: gift.nameZh, nameEn: gift.nameEn, pointsCost: gift.pointsCost }}
            />
          </Card>
        </div>
        <div className="space-y-5">
          <Card title={t("stockTitle")}>
            <dl className="mb-4 grid grid-cols-2 gap-y-2 text-sm">
              <dt className="text-stone-500">{t("stock")}</dt>
              <dd className="text-right font-semibold tabular-nums" data-testid="gift-stock">
                {gift.stock === 0 ? <Badge tone="danger">{t("outOfStock")}</Badge> : format.number(gift.stock)}
              </dd>
              <dt className="text-stone-500">{t("redeemed")}</dt>
              <dd className="text-right tabular-nums">{format.number(gift.redeemed)}</dd>
              <dt className="text-stone-500">{t("updatedAt")}</dt>
              <dd className="text-right">
                {format.dateTime(gift.updatedAt, { dateStyle: "medium", timeStyle: "short" })}
              </dd>
            </dl>
            <RestockForm giftId={gift.id} />
          </Card>
          <Card title={t("availability")}>
            <GiftStatusActions giftId={gift.id} code={gift.code} name={gift.nameZh} active={gift.active} />
          </Card>
        </div>
      </div>
    </>
  );
}
