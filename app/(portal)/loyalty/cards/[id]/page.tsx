import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can, storeScopeOf } from "@/lib/auth/policy";
import { requirePermission } from "@/lib/auth/session";
import { cardBonusRequests } from "@/lib/loyalty/stored-value/bonus-requests";
import { getCardDetail, ledgerParamsSchema, topUpBonusRuleAt } from "@/lib/loyalty/stored-value/queries";
import { formatFen } from "@/lib/money";
import { storeDisplayName } from "@/lib/stores/display";
import { CardStatusBadge } from "../card-status-badge";
import { BonusRequests } from "./bonus-requests";
import { CardActions } from "./card-actions";
import { LedgerTable } from "./ledger-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("storedValue");
  return { title: t("detailTitle") };
}

const NOTICES = ["issued", "issuedBonusPending", "reissued"] as const;

export default async function StoredValueCardPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission("loyalty.cards.manage");
  const { id } = await params;
  const query = await searchParams;
  const ledgerParams = ledgerParamsSchema.parse(query);
  const [card, bonusRule, t, format, locale] = await Promise.all([
    getCardDetail(getDb(), storeScopeOf(me), id, ledgerParams),
    topUpBonusRuleAt(getDb()),
    getTranslations("storedValue"),
    getFormatter(),
    getLocale(),
  ]);
  if (!card) notFound();
  // Only for a card found in the staff member's stores (getCardDetail's scope).
  const bonusRequests = await cardBonusRequests(getDb(), card.id);
  const done = NOTICES.find((notice) => notice === query.done);
  const storeName = storeDisplayName(card.store, locale);
  const at = (date: Date) =>
    format.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone: card.store.timeZone });

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono" data-testid="card-no">
              {card.cardNo}
            </span>
            <CardStatusBadge status={card.status} label={t(`statuses.${card.status}`)} />
          </span>
        }
        description={t("issuedLine", { date: at(card.issuedAt), store: `${card.store.code} ${storeName}` })}
        actions={
          <>
            <Link href="/loyalty/cards" className={buttonClasses("ghost")}>
              {t("backToList")}
            </Link>
            {can(me, "audit.read") ? (
              <Link
                href={`/admin/audit?entityType=stored_value_card&entityId=${card.id}`}
                className={buttonClasses("secondary")}
              >
                {t("viewAudit")}
              </Link>
            ) : null}
          </>
        }
      />
      {done ? (
        <Alert tone="success" className="mb-4">
          {t(`done.${done}`)}
        </Alert>
      ) : null}
      {card.replacedBy ? (
        <Alert tone="info" className="mb-4">
          {t.rich("replacedNotice", {
            card: () => (
              <Link href={`/loyalty/cards/${card.replacedBy!.id}`} className="font-mono font-medium underline">
                {card.replacedBy!.cardNo}
              </Link>
            ),
          })}
        </Alert>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <Card title={t("balance")}>
          <p className="text-3xl font-semibold text-stone-900 tabular-nums" data-testid="card-balance">
            {formatFen(card.balanceFen, locale)}
          </p>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-stone-500">{t("principal")}</dt>
            <dd className="tabular-nums" data-testid="card-principal">
              {formatFen(card.principalFen, locale)}
            </dd>
            <dt className="text-stone-500">{t("bonus")}</dt>
            <dd className="tabular-nums" data-testid="card-bonus">
              {formatFen(card.bonusFen, locale)}
            </dd>
          </dl>
          <p className="mt-3 text-xs text-stone-500">{t("balanceRule")}</p>
        </Card>

        <Card title={t("cardInfo")}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-stone-500">{t("member")}</dt>
            <dd>
              {card.member ? (
                <Link href={`/members/${card.member.id}`} className="text-amber-800 hover:underline">
                  {card.member.maskedName} <span className="text-stone-500">{card.member.maskedPhone}</span>
                </Link>
              ) : (
                <span className="text-stone-500">{t("noMember")}</span>
              )}
            </dd>
            <dt className="text-stone-500">{t("store")}</dt>
            <dd>
              <span className="font-mono text-xs">{card.store.code}</span> {storeName}
            </dd>
            <dt className="text-stone-500">{t("issuedBy")}</dt>
            <dd>{card.issuedByName ?? "—"}</dd>
            <dt className="text-stone-500">{t("statusSince")}</dt>
            <dd>{at(card.statusChangedAt)}</dd>
            {card.replaces.length ? (
              <>
                <dt className="text-stone-500">{t("replaces")}</dt>
                <dd className="flex flex-wrap gap-2">
                  {card.replaces.map((old) => (
                    <Link
                      key={old.id}
                      href={`/loyalty/cards/${old.id}`}
                      className="font-mono text-xs text-amber-800 hover:underline"
                    >
                      {old.cardNo}
                    </Link>
                  ))}
                </dd>
              </>
            ) : null}
          </dl>
        </Card>

        <Card title={t("actions")} className="md:col-span-2 xl:col-span-1">
          <CardActions
            cardId={card.id}
            cardNo={card.cardNo}
            status={card.status}
            principalFen={card.principalFen}
            bonusFen={card.bonusFen}
            bonusRule={bonusRule}
            canRefund={can(me, "loyalty.cards.refund", { storeId: card.store.id })}
          />
        </Card>
      </div>

      {bonusRequests.length ? <BonusRequests requests={bonusRequests} timeZone={card.store.timeZone} /> : null}

      <section className="mt-6 space-y-3">
        <h2 className="text-base font-semibold text-stone-900">{t("ledger")}</h2>
        <LedgerTable
          rows={card.ledger.rows}
          total={card.ledger.total}
          params={ledgerParams}
          timeZone={card.store.timeZone}
        />
      </section>
    </>
  );
}
