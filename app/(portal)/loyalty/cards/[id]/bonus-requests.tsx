import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { SimpleTable } from "@/components/ui/simple-table";
import type { BonusRequestView } from "@/lib/loyalty/stored-value/bonus-requests";
import { formatFen } from "@/lib/money";

const STATUS_TONE = { pending: "warning", approved: "success", rejected: "danger" } as const;

/**
 * The card's extra bonus requests (beyond the top-up bonus rule): pending ones first, credited only
 * when another manager approves them on the approvals page; then the latest decisions with their note.
 */
export async function BonusRequests({ requests, timeZone }: { requests: BonusRequestView[]; timeZone: string }) {
  const [t, format, locale] = await Promise.all([
    getTranslations("storedValue.bonusRequests"),
    getFormatter(),
    getLocale(),
  ]);
  const at = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <section className="mt-6 space-y-3" data-testid="bonus-requests">
      <div>
        <h2 className="text-base font-semibold text-stone-900">{t("title")}</h2>
        <p className="text-sm text-stone-600">{t("hint")}</p>
      </div>
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-stone-200">
        <SimpleTable labels={[t("amount"), t("reason"), t("requested"), t("status"), t("decided")]}>
          {requests.map((request) => (
            <tr key={request.id}>
              <td className="px-3 py-2 align-top whitespace-nowrap">
                <div className="font-medium text-emerald-700 tabular-nums">+{formatFen(request.amountFen, locale)}</div>
                {request.topUpFen !== null ? (
                  <div className="text-xs text-stone-500">
                    {t("topUp")} {formatFen(request.topUpFen, locale)}
                  </div>
                ) : null}
              </td>
              <td className="px-3 py-2 align-top">
                <p className="max-w-xs break-words whitespace-pre-line">{request.reason}</p>
              </td>
              <td className="px-3 py-2 align-top">
                <div>{request.requestedByName}</div>
                <div className="text-xs whitespace-nowrap text-stone-500">{at(request.requestedAt)}</div>
              </td>
              <td className="px-3 py-2 align-top">
                <Badge tone={STATUS_TONE[request.status]}>{t(`statuses.${request.status}`)}</Badge>
              </td>
              <td className="px-3 py-2 align-top">
                {request.decidedAt ? (
                  <>
                    <div>{request.decidedByName}</div>
                    <div className="text-xs whitespace-nowrap text-stone-500">{at(request.decidedAt)}</div>
                    {request.decisionNote ? (
                      <p className="max-w-xs text-xs break-words whitespace-pre-line text-stone-600">
                        {request.decisionNote}
                      </p>
                    ) : null}
                  </>
                ) : (
                  <span className="text-stone-400">—</span>
                )}
              </td>
            </tr>
          ))}
        </SimpleTable>
      </div>
    </section>
  );
}
