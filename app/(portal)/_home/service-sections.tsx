import { useTranslations } from "next-intl";
import type { ComplaintListRow } from "@/lib/complaints/cases/queries";
import type { HomeList } from "@/lib/home/queries";
import type { HomeSection as HomeSectionId } from "@/lib/home/sections";
import { SeverityBadge, SlaBadge } from "../complaints/_components/complaint-badges";
import { HomeRow, HomeSection } from "./home-section";

/**
 * Customer service's sections: their open complaints and the store's complaints at risk, each with
 * the SLA badge of the complaint queue (business time left, or over, on the clock that matters now).
 */
export function ComplaintsSection({
  id,
  list,
  href,
}: {
  id: Extract<HomeSectionId, "myComplaints" | "atRiskComplaints">;
  list: HomeList<ComplaintListRow>;
  href: string;
}) {
  const t = useTranslations("home");
  const tComplaints = useTranslations("complaints");
  return (
    <HomeSection
      id={id}
      total={list.total}
      shown={list.rows.length}
      attention={id === "atRiskComplaints" || list.rows.some((row) => row.sla?.breached || row.sla?.warning)}
      seeAllHref={href}
    >
      {list.rows.map((row) => (
        <HomeRow
          key={row.id}
          href={`/complaints/${row.id}`}
          primary={`${row.reference} · ${row.customerName}`}
          secondary={`${tComplaints(`categories.${row.category}`)} · ${tComplaints(`statuses.${row.status}`)}${
            id === "atRiskComplaints" ? ` · ${row.assigneeName ?? t("unassigned")}` : ""
          }`}
          aside={
            <>
              <SeverityBadge severity={row.severity} />
              <SlaBadge sla={row.sla} />
            </>
          }
        />
      ))}
    </HomeSection>
  );
}
