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
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { getStaffInScope } from "@/lib/staff/queries";
import { storeDisplayName } from "@/lib/stores/display";
import { listStoresInScope } from "@/lib/stores/queries";
import { StaffAccountActions } from "./staff-account-actions";
import { StaffForm } from "../staff-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("staff");
  return { title: t("edit") };
}

export default async function StaffDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const me = await requirePermission("staff.read");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const db = getDb();
  const scope = storeScopeOf(me);
  const [member, stores, t, format, locale] = await Promise.all([
    getStaffInScope(db, scope, id.data),
    listStoresInScope(db, scope),
    getTranslations("staff"),
    getFormatter(),
    getLocale(),
  ]);
  if (!member) notFound();
  const canManage = can(me, "staff.manage");
  const { saved } = await searchParams;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {member.displayName} <span className="font-mono text-base text-stone-500">@{member.username}</span>
            {member.active ? <Badge tone="success">{t("active")}</Badge> : <Badge tone="danger">{t("inactive")}</Badge>}
          </span>
        }
        actions={
          can(me, "audit.read") ? (
            <Link href={`/admin/audit?entityType=staff&entityId=${member.id}`} className={buttonClasses("secondary")}>
              {t("viewAudit")}
            </Link>
          ) : null
        }
        description={t("lastSignInLine", {
          when: member.lastSignInAt
            ? format.dateTime(member.lastSignInAt, { dateStyle: "medium", timeStyle: "short" })
            : t("never"),
        })}
      />
      {saved ? (
        <Alert tone="success" className="mb-4">
          {t("saved")}
        </Alert>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {canManage ? (
            <StaffForm
              staffId={member.id}
              stores={stores.map((s) => ({ id: s.id, code: s.code, name: storeDisplayName(s, locale) }))}
              defaults={{
                username: member.username,
                displayName: member.displayName,
                email: member.email ?? "",
                mobile: member.mobileE164 ?? "",
                roles: member.roles,
                storeIds: member.storeIds,
                allStores: member.allStores,
              }}
            />
          ) : (
            <Card title={t("identity")}>
              <p className="text-sm">{member.displayName}</p>
            </Card>
          )}
        </div>
        {canManage ? (
          <Card title={t("accountActions")}>
            <StaffAccountActions
              staffId={member.id}
              username={member.username}
              active={member.active}
              isSelf={member.id === me.id}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
