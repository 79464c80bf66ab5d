"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { EmptyState } from "@/components/layout/empty-state";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { DryRunResult } from "@/lib/members/import/use-cases";
import { ProgressBar } from "./progress-bar";

type CommitProgress = {
  rowsDone: number;
  rowsTotal: number;
  done: boolean;
  result: { membersCreated: number; membersMatched: number; cardsAdded: number; conflictRows: number };
};

export function ImportReportView({
  result,
  rejectedHref,
  onCommit,
  committing,
  commit,
}: {
  result: DryRunResult;
  rejectedHref: string;
  onCommit: () => void;
  committing: boolean;
  commit: CommitProgress | null;
}) {
  const t = useTranslations("memberImport");
  const format = useFormatter();
  const { report } = result;
  const lines = useMemo(
    () =>
      [
        ...report.invalid.map((r) => ({ row: r.row, kind: "rejected" as const, why: r.why })),
        // A phone held outside the importer's stores: the row only, never that member's data.
        ...report.conflicts.map((r) => ({ row: r.row, kind: "conflict" as const, why: r.why })),
        ...report.warnings.map((r) => ({ row: r.row, kind: "warning" as const, why: r.why })),
      ].sort((a, b) => a.row - b.row || (a.kind === "warning" ? 1 : b.kind === "warning" ? -1 : 0)),
    [report],
  );
  const truncated =
    report.invalid_rows > report.invalid.length ||
    report.conflict_rows > report.conflicts.length ||
    report.warnings.length >= result.shownLines;
  const skippedRows = report.invalid_rows + report.conflict_rows;
  const membersToImport = report.new_members + report.existing_members_matched;
  const stats = [
    ["rows", report.rows],
    ["distinctMembers", report.distinct_valid_members],
    ["newMembers", report.new_members],
    ["existingMatched", report.existing_members_matched],
    ["duplicateRows", report.duplicate_rows],
    ["invalidRows", report.invalid_rows],
    ["conflictRows", report.conflict_rows],
    ["birthdayWarnings", report.birthday_warnings],
  ] as const;

  return (
    <div className="space-y-5">
      <Card
        title={t("step3")}
        actions={
          skippedRows > 0 ? (
            <a href={rejectedHref} download className={buttonClasses("secondary", "sm")}>
              {t("downloadRejected")}
            </a>
          ) : null
        }
      >
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
          {stats.map(([key, value]) => (
            <div key={key} className="rounded-md bg-stone-50 px-3 py-2 ring-1 ring-stone-200">
              <dt className="text-xs text-stone-600">{t(`stats.${key}`)}</dt>
              <dd className="text-lg font-semibold text-stone-900 tabular-nums">{format.number(value)}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm text-stone-600">{t("dryRunExplained")}</p>

        <h3 className="mt-5 mb-2 text-sm font-semibold text-stone-900">{t("rowReport")}</h3>
        {lines.length === 0 ? (
          <EmptyState title={t("noProblems")} />
        ) : (
          <>
            {truncated ? (
              <p className="mb-2 text-xs text-stone-500">{t("reportTruncated", { shown: result.shownLines })}</p>
            ) : null}
            <div className="max-h-96 overflow-auto rounded-md ring-1 ring-stone-200">
              <table className="min-w-full divide-y divide-stone-200 text-sm">
                <thead className="sticky top-0 bg-stone-50">
                  <tr>
                    <th scope="col" className="px-3 py-2 text-left text-xs font-semibold text-stone-600">
                      {t("line")}
                    </th>
                    <th scope="col" className="px-3 py-2 text-left text-xs font-semibold text-stone-600">
                      {t("outcome")}
                    </th>
                    <th scope="col" className="px-3 py-2 text-left text-xs font-semibold text-stone-600">
                      {t("reason")}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {lines.map((line) => (
                    <tr key={`${line.row}-${line.kind}-${line.why}`}>
                      <td className="px-3 py-1.5 text-stone-700 tabular-nums">{line.row}</td>
                      <td className="px-3 py-1.5">
                        <Badge tone={line.kind === "warning" ? "warning" : "danger"}>
                          {t(`outcomes.${line.kind}`)}
                        </Badge>
                      </td>
                      <td className="px-3 py-1.5 text-stone-800">{t(`reasons.${line.why}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Card>

      <Card title={t("step4")}>
        {commit?.done ? (
          <div className="space-y-3">
            <Alert tone="success">
              {t("committed", {
                created: commit.result.membersCreated,
                matched: commit.result.membersMatched,
                cards: commit.result.cardsAdded,
              })}
            </Alert>
            {commit.result.conflictRows > 0 ? (
              <Alert tone="warning">{t("committedConflicts", { rows: commit.result.conflictRows })}</Alert>
            ) : null}
            <Link href="/members" className={buttonClasses("secondary")}>
              {t("toMembers")}
            </Link>
          </div>
        ) : (
          <div className="space-y-3">
            <p className="text-sm text-stone-600">
              {t("commitExplained", { members: membersToImport, invalid: skippedRows })}
            </p>
            {commit || committing ? (
              <ProgressBar
                label={t("importing")}
                done={commit?.rowsDone ?? 0}
                total={commit?.rowsTotal ?? report.rows}
              />
            ) : null}
            <Button onClick={onCommit} pending={committing} disabled={membersToImport === 0}>
              {commit ? t("resume") : t("import")}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
