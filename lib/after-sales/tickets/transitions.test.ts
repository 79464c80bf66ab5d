import { describe, expect, it } from "vitest";
import { SERVICE_TICKET_STATUSES, nextStatuses, transitionAllowed } from "./transitions";

describe("service ticket transitions", () => {
  it("walks the whole workflow forward", () => {
    const path = [
      "received",
      "at_workshop",
      "in_repair",
      "quality_check",
      "ready_for_pickup",
      "picked_up",
      "closed",
    ] as const;
    for (let i = 0; i + 1 < path.length; i++) expect(transitionAllowed(path[i]!, path[i + 1]!)).toBe(true);
  });

  it("cancels from every open state and from no other", () => {
    for (const from of SERVICE_TICKET_STATUSES) {
      const open = !["picked_up", "closed", "cancelled"].includes(from);
      expect(transitionAllowed(from, "cancelled")).toBe(open);
    }
  });

  it("refuses skipping pickup, going back from pickup, and leaving a final state", () => {
    expect(transitionAllowed("received", "ready_for_pickup")).toBe(false);
    expect(transitionAllowed("in_repair", "picked_up")).toBe(false);
    expect(transitionAllowed("picked_up", "ready_for_pickup")).toBe(false);
    expect(nextStatuses("closed")).toEqual([]);
    expect(nextStatuses("cancelled")).toEqual([]);
    expect(transitionAllowed("received", "received")).toBe(false);
  });
});
