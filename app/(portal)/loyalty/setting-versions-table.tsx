import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { SimpleTable } from "@/components/ui/simple-table";
import type { SettingVersionStatus } from "@/lib/settings/versioned";

const STATUS_TONE: Record<SettingVersionStatus, "success" | "info" | "neutral"> = {
  in_force: "success",
  scheduled: "info",
  superseded: "neutral",
};

type Labels = { effectiveFrom: string; status: string; setBy: string; system: string } & Record<
  SettingVersionStatus,
  string
>;

/** The table's labels from a namespace that holds effectiveFrom, status, setBy, system and statuses.*. */
export function versionTableLabels(t: (key: string) => string): Labels {
  return {
    effectiveFrom: t("effectiveFrom"),
    status: t("status"),
    setBy: t("setBy"),
    system: t("system"),
    in_force: t("statuses.in_force"),
    scheduled: t("statuses.scheduled"),
    superseded: t("statuses.superseded"),
  };
}

type Version = {
  id: string;
  effectiveFrom: Date;
  setAt: Date;
  setBy: { displayName: string } | null;
  status: SettingVersionStatus;
};

/**
 * The saved versions of a versioned setting (earn rules, the top-up bonus rule): when each takes
 * effect, its status, the setting's own columns, and who saved it when.
 */
export function SettingVersionsTable<V extends Version>({
  versions,
  valueLabels,
  values,
  labels,
  when,
}: {
  versions: V[];
  /** Titles of the setting's own columns, in the order `values` returns them. */
  valueLabels: string[];
  values: (version: V) => ReactNode[];
  labels: Labels;
  when: (at: Date) => string;
}) {
  return (
    <SimpleTable labels={[labels.effectiveFrom, labels.status, ...valueLabels, labels.setBy]}>
      {versions.map((version) => (
        <tr key={version.id} className={version.status === "in_force" ? "bg-emerald-50/40" : undefined}>
          <td className="px-3 py-2 whitespace-nowrap">{when(version.effectiveFrom)}</td>
          <td className="px-3 py-2">
            <Badge tone={STATUS_TONE[version.status]}>{labels[version.status]}</Badge>
          </td>
          {values(version).map((cell, i) => (
            <td key={i} className="px-3 py-2 tabular-nums">
              {cell}
            </td>
          ))}
          <td className="px-3 py-2 whitespace-nowrap">
            <p>{version.setBy ? version.setBy.displayName : labels.system}</p>
            <p className="text-xs text-stone-500">{when(version.setAt)}</p>
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}
