/**
 * Where a dashboard figure leads: the list behind it, filtered as far as that list can be (a list
 * takes one store, so the store is passed only when the dashboard shows exactly one).
 */
export type DashboardLinks = ReturnType<typeof dashboardLinks>;

export function dashboardLinks(filter: { from: string; to: string; storeIds: string[] }) {
  const store = filter.storeIds.length === 1 ? filter.storeIds[0] : undefined;
  const href = (path: string, query: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    return `${path}?${params.toString()}`;
  };
  return {
    membersOfTier: (tier: string) => href("/members", { tier, store }),
    membersInStage: (stage: "dormant" | "lost") => href("/members", { stage, store }),
    /** The period's visits: those booked (every status but cancelled), or those of one status. */
    appointments: (status: "booked" | "completed" | "no_show" = "booked") =>
      href("/appointments/list", {
        from: filter.from,
        to: filter.to,
        status: status === "booked" ? "requested,confirmed,checked_in,completed,no_show" : status,
        store,
      }),
  };
}
