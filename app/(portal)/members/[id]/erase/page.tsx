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
import { requirePermission } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { loadErasureSubject } from "@/lib/members/erasure/queries";
import { EraseForm } from "./erase-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("memberPrivacy.erase");
  return { title: t("title") };
}

async function subjectOrNotFound(...args: Parameters<typeof loadErasureSubject>) {
  try {
    return await loadErasureSubject(...args);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

/** PIPL erasure of one member: what will happen, then a typed confirmation. Manager only. */
export default async function EraseMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePermission("members.erase");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const [subject, t, format, locale] = await Promise.all([
    subjectOrNotFound(getDb(), me, id),
    getTranslations("memberPrivacy.erase"),
    getFormatter(),
    getLocale(),
  ]);
  const tShared = await getTranslations("memberPrivacy");

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href={`/members/${subject.id}`} className={buttonClasses("secondary")}>
            {t("backToMember")}
          </Link>
        }
      />
      <div className="max-w-3xl space-y-5">
        <Card title={t("memberTitle")}>
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-stone-500">{t("name")}</dt>
              <dd className="font-medium text-stone-900">{subject.maskedName}</dd>
            </div>
            <div>
              <dt className="text-stone-500">{t("phone")}</dt>
              <dd className="font-mono">{subject.maskedPhone}</dd>
            </div>
            <div>
              <dt className="text-stone-500">{t("store")}</dt>
              <dd className="font-mono">{subject.storeCode ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-stone-500">{t("registeredAt")}</dt>
              <dd>{format.dateTime(subject.registeredAt, { dateStyle: "medium" })}</dd>
            </div>
          </dl>
        </Card>

        {subject.erasedAt ? (
          <Alert tone="info">
            {t("alreadyErased", { at: format.dateTime(subject.erasedAt, { dateStyle: "medium", timeStyle: "short" }) })}
          </Alert>
        ) : (
          <>
            <Card title={t("effectTitle")}>
              <p className="mb-3 text-sm text-stone-600">{t("effectIntro")}</p>
              <ul className="divide-y divide-stone-100 text-sm">
                <li className="flex items-center justify-between gap-3 py-2">
                  <span>{t("identityFields")}</span>
                  <Badge tone="danger">{t("effect.replace")}</Badge>
                </li>
                {subject.tables.map((table) => (
                  <li key={table.name} className="flex items-center justify-between gap-3 py-2">
                    <span>
                      {tShared.has(`tables.${table.name}`) ? tShared(`tables.${table.name}`) : table.name}
                      <span className="ml-2 text-xs text-stone-500 tabular-nums">
                        {t("rows", { count: table.rows })}
                      </span>
                    </span>
                    <Badge tone={table.effect === "keep" ? "neutral" : "danger"}>{t(`effect.${table.effect}`)}</Badge>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-xs text-stone-500">{t("historyKept")}</p>
            </Card>
            <Alert tone="error">{t("irreversible")}</Alert>
            <EraseForm memberId={subject.id} confirmationWord={locale === "en" ? "ERASE" : "注销"} />
          </>
        )}
      </div>
    </>
  );
}
