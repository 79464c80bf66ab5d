"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { mergeDuplicatesAction } from "@/lib/members/duplicates/actions";
import type { DuplicateGroup } from "@/lib/members/duplicates/queries";

/** Messages for a failed merge, by error code (the action reports the code, details stay on the server). */
const FAILURE_KEYS: Record<string, string> = {
  conflict: "failures.conflict",
  not_found: "failures.notFound",
  forbidden: "failures.forbidden",
  validation: "failures.validation",
};

/** One group of likely duplicates: pick the surviving member and the ones to fold into it, confirm, merge. */
export function MergeGroup({ group }: { group: DuplicateGroup }) {
  const t = useTranslations("memberPrivacy.duplicates");
  const tCommon = useTranslations("common");
  const tShared = useTranslations("memberPrivacy");
  const format = useFormatter();
  const { setParams } = useUrlParams();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [merged, setMerged] = useState<number>();
  // The oldest registration is the usual survivor (the list comes oldest first).
  const [survivorId, setSurvivorId] = useState(group.members[0]!.id);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(group.members.slice(1).map((m) => m.id)));

  const mergedIds = group.members.filter((m) => m.id !== survivorId && selected.has(m.id)).map((m) => m.id);
  const survivor = group.members.find((m) => m.id === survivorId)!;
  const rowsToMove = group.members.filter((m) => mergedIds.includes(m.id)).reduce((sum, m) => sum + m.relatedTotal, 0);

  const merge = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await mergeDuplicatesAction({ survivorId, mergedIds });
      if (!result.ok) {
        const key = FAILURE_KEYS[result.code];
        setError(key ? t(key) : result.message);
        return;
      }
      setMerged(mergedIds.length);
      // The group is gone after the refresh; the page says what happened.
      setParams({ merged: mergedIds.length }, { resetPage: false });
    });

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <Badge tone="warning">{t(`rules.${group.rule}`)}</Badge>
          <span>{t("groupSize", { count: group.members.length })}</span>
        </span>
      }
    >
      <div className="space-y-3">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {merged !== undefined ? <Alert tone="success">{t("merged", { count: merged })}</Alert> : null}
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <thead className="bg-stone-50 text-left text-xs font-semibold text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("survivor")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("mergeIt")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("member")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("phone")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("email")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("birthday")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("cards")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("store")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("registeredAt")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("related")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {group.members.map((member) => {
                const isSurvivor = member.id === survivorId;
                return (
                  <tr key={member.id} className={isSurvivor ? "bg-amber-50/60" : undefined}>
                    <td className="px-3 py-2">
                      <input
                        type="radio"
                        name={`survivor-${group.rule}-${group.members[0]!.id}`}
                        className="size-4 accent-amber-700"
                        aria-label={t("chooseSurvivor", { name: member.maskedName })}
                        checked={isSurvivor}
                        onChange={() => setSurvivorId(member.id)}
                      />
                    </td>
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        className="size-4 accent-amber-700"
                        aria-label={t("chooseMerged", { name: member.maskedName })}
                        disabled={isSurvivor}
                        checked={!isSurvivor && selected.has(member.id)}
                        onChange={(e) =>
                          setSelected((current) => {
                            const next = new Set(current);
                            if (e.target.checked) next.add(member.id);
                            else next.delete(member.id);
                            return next;
                          })
                        }
                      />
                    </td>
                    <td className="px-3 py-2">
                      <Link href={`/members/${member.id}`} className="font-medium text-amber-800 hover:underline">
                        {member.maskedName}
                      </Link>
                      <p className="text-xs text-stone-500">
                        {tShared.has(`tiers.${member.tier}`) ? tShared(`tiers.${member.tier}`) : member.tier}
                      </p>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{member.maskedPhone}</td>
                    <td className="px-3 py-2 font-mono text-xs">{member.maskedEmail}</td>
                    <td className="px-3 py-2 tabular-nums">{member.birthday ?? "—"}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      {member.cardNos.length ? member.cardNos.join(", ") : "—"}
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{member.storeCode ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {format.dateTime(new Date(member.registeredAt), { dateStyle: "medium" })}
                    </td>
                    <td
                      className="px-3 py-2 tabular-nums"
                      title={Object.entries(member.related)
                        .map(
                          ([table, n]) =>
                            `${tShared.has(`tables.${table}`) ? tShared(`tables.${table}`) : table}: ${n}`,
                        )
                        .join("\n")}
                    >
                      {member.relatedTotal}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-xs text-stone-500">{t("mergeHint")}</p>
          {mergedIds.length > 0 && merged === undefined ? (
            <ConfirmDialog
              trigger={t("mergeButton", { count: mergedIds.length })}
              triggerVariant="primary"
              title={t("confirmTitle")}
              body={
                <div className="space-y-2">
                  <p>
                    {t("confirmBody", { count: mergedIds.length, survivor: survivor.maskedName, rows: rowsToMove })}
                  </p>
                  <p className="font-medium text-red-800">{t("confirmIrreversible")}</p>
                </div>
              }
              confirmLabel={t("confirmButton")}
              cancelLabel={tCommon("cancel")}
              confirmVariant="danger"
              pending={pending}
              onConfirm={merge}
            />
          ) : null}
        </div>
      </div>
    </Card>
  );
}
