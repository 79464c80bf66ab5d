import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { storeDisplayName } from "@/lib/stores/display";
import { openingStatus, WEEKDAYS } from "@/lib/stores/hours";
import { getStoreInScope } from "@/lib/stores/queries";
import { StoreForm } from "../store-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("stores");
  return { title: t("edit") };
}

export default async function StoreDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const me = await requirePermission("stores.read");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const [store, t, tDays, locale] = await Promise.all([
    getStoreInScope(getDb(), storeScopeOf(me), id.data),
    getTranslations("stores"),
    getTranslations("weekdays"),
    getLocale(),
  ]);
  // A store outside the staff member's scope does not exist for them.
  if (!store) notFound();
  const canManage = can(me, "stores.manage", { storeId: store.id });
  const status = openingStatus(store.businessHours, store.timeZone);
  const { saved } = await searchParams;

  const links = [
    can(me, "staff.read") ? { href: `/admin/staff?store=${store.id}`, label: t("viewStaff") } : null,
    can(me, "audit.read")
      ? { href: `/admin/audit?entityType=store&entityId=${store.id}`, label: t("viewAudit") }
      : null,
  ].filter((link) => link !== null);

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {storeDisplayName(store, locale)} <span className="font-mono text-base text-stone-500">{store.code}</span>
            {store.active ? <Badge tone="success">{t("active")}</Badge> : <Badge tone="danger">{t("inactive")}</Badge>}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            {t("localNow", { timeZone: store.timeZone, day: tDays(status.weekday), time: status.time })}
            {store.active ? (
              <Badge tone={status.open ? "success" : "neutral"}>{status.open ? t("openNow") : t("closedNow")}</Badge>
            ) : null}
          </span>
        }
        actions={links.map((link) => (
          <Link key={link.href} href={link.href} className={buttonClasses("secondary")}>
            {link.label}
          </Link>
        ))}
      />
      {saved ? (
        <Alert tone="success" className="mb-4">
          {t("saved")}
        </Alert>
      ) : null}
      {canManage ? (
        <StoreForm
          storeId={store.id}
          defaults={{
            code: store.code,
            name: store.name,
            nameEn: store.nameEn ?? "",
            timeZone: store.timeZone,
            businessHours: store.businessHours,
            active: store.active,
          }}
        />
      ) : (
        <div className="grid gap-5 lg:grid-cols-2">
          <Card title={t("details")}>
            <dl className="grid grid-cols-3 gap-y-2 text-sm">
              <dt className="text-stone-500">{t("code")}</dt>
              <dd className="col-span-2 font-mono">{store.code}</dd>
              <dt className="text-stone-500">{t("name")}</dt>
              <dd className="col-span-2">{store.name}</dd>
              <dt className="text-stone-500">{t("nameEn")}</dt>
              <dd className="col-span-2">{store.nameEn || "—"}</dd>
              <dt className="text-stone-500">{t("timeZone")}</dt>
              <dd className="col-span-2 font-mono">{store.timeZone}</dd>
              <dt className="text-stone-500">{t("status")}</dt>
              <dd className="col-span-2">{store.active ? t("active") : t("inactive")}</dd>
            </dl>
          </Card>
          <Card title={t("businessHours")}>
            <table className="w-full text-sm">
              <caption className="sr-only">{t("businessHours")}</caption>
              <tbody className="divide-y divide-stone-100">
                {WEEKDAYS.map((day) => {
                  const ranges = store.businessHours[day] ?? [];
                  const isToday = day === status.weekday;
                  return (
                    <tr key={day} className={cn(isToday && "bg-amber-50")} aria-current={isToday ? "date" : undefined}>
                      <th scope="row" className="w-28 px-2 py-2 text-left font-medium text-stone-700">
                        {tDays(day)}
                        {isToday ? (
                          <span className="ml-1 text-xs font-normal text-amber-800">({t("today")})</span>
                        ) : null}
                      </th>
                      <td className="px-2 py-2 text-stone-800">
                        {ranges.length ? (
                          ranges.map((r) => `${r.open}–${r.close}`).join(", ")
                        ) : (
                          <span className="text-stone-500">{t("closed")}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Card>
        </div>
      )}
    </>
  );
}
