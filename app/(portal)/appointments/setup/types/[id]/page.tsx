import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getAppointmentType, listTierCodes } from "@/lib/appointments/setup/queries";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { minutesText } from "../../minutes-text";
import { SetupTabs } from "../../setup-tabs";
import { EditAppointmentTypeForm } from "../type-form";
import { TypeStatusActions } from "./type-status-actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("appointmentSetup.types");
  return { title: t("edit") };
}

export default async function AppointmentTypePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const me = await requirePermission("appointments.setup");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const db = getDb();
  const [type, tiers, t, tSetup, tTiers, format, locale] = await Promise.all([
    getAppointmentType(db, id.data),
    listTierCodes(db),
    getTranslations("appointmentSetup.types"),
    getTranslations("appointmentSetup"),
    getTranslations("loyaltyTiers"),
    getFormatter(),
    getLocale(),
  ]);
  if (!type) notFound();
  const canManage = storeScopeOf(me).kind === "all";
  const { saved } = await searchParams;
  const name = locale === "en" ? type.nameEn : type.nameZh;
  const tierName = (code: string | null) =>
    code === null ? t("tierAll") : tTiers.has(`tiers.${code}`) ? tTiers(`tiers.${code}`) : code;

  const facts: [string, string][] = [
    [t("duration"), minutesText(type.durationMin, tSetup)],
    [t("buffer"), minutesText(type.bufferMin, tSetup)],
    [t("notice"), minutesText(type.noticeMin, tSetup)],
    [t("minTier"), type.minTier ? t("tierAndAbove", { tier: tierName(type.minTier) }) : tierName(null)],
    [t("needsRoom"), type.needsRoom ? t("yes") : t("no")],
    [t("dailyCap"), type.dailyCap === null ? t("noCap") : format.number(type.dailyCap)],
    [t("sortOrder"), format.number(type.sortOrder)],
    [t("updatedAt"), format.dateTime(type.updatedAt, { dateStyle: "medium", timeStyle: "short" })],
  ];

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {name} <span className="font-mono text-base text-stone-500">{type.code}</span>
            {type.active ? <Badge tone="success">{t("active")}</Badge> : <Badge>{t("inactive")}</Badge>}
          </span>
        }
        description={locale === "en" ? type.nameZh : type.nameEn}
        actions={
          <>
            <Link href="/appointments/setup/types" className={buttonClasses("secondary")}>
              {t("backToList")}
            </Link>
            {can(me, "audit.read") ? (
              <Link
                href={`/admin/audit?entityType=appointment_type&entityId=${type.id}`}
                className={buttonClasses("secondary")}
              >
                {t("viewAudit")}
              </Link>
            ) : null}
          </>
        }
      />
      <SetupTabs current="types" />
      {saved ? (
        <Alert tone="success" className="mb-4">
          {t("created")}
        </Alert>
      ) : null}
      {!type.active ? (
        <Alert tone="warning" className="mb-4">
          {t("inactiveNotice")}
        </Alert>
      ) : null}
      {canManage ? (
        <div className="grid gap-5 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <Card title={t("details")}>
              <EditAppointmentTypeForm
                typeId={type.id}
                tiers={tiers.slice(1)}
                defaults={{
                  nameZh: type.nameZh,
                  nameEn: type.nameEn,
                  durationMin: type.durationMin,
                  bufferMin: type.bufferMin,
                  noticeMin: type.noticeMin,
                  minTier: type.minTier,
                  needsRoom: type.needsRoom,
                  dailyCap: type.dailyCap,
                  sortOrder: type.sortOrder,
                }}
              />
            </Card>
          </div>
          <Card title={t("availability")}>
            <TypeStatusActions typeId={type.id} code={type.code} name={name} active={type.active} />
          </Card>
        </div>
      ) : (
        <Card title={t("details")}>
          <p className="mb-3 text-sm text-stone-600">{t("readOnlyNotice")}</p>
          <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-stone-500">{label}</dt>
                <dd className="text-stone-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </>
  );
}
