import { describe, expect, it } from "vitest";
import type { Role, StaffPrincipal } from "@/lib/auth/policy";
import { homeSectionsFor } from "./sections";

const staffWith = (roles: Role[]): StaffPrincipal => ({
  id: "00000000-0000-4000-8000-000000000001",
  username: "someone",
  displayName: "Someone",
  roles,
  storeIds: [],
  allStores: false,
});

describe("home sections", () => {
  it("gives each role its own sections", () => {
    expect([...homeSectionsFor(staffWith(["advisor"]))]).toEqual([
      "advisorAppointments",
      "importantDates",
      "advisorTasks",
      "dormantClients",
    ]);
    expect([...homeSectionsFor(staffWith(["after_sales"]))]).toEqual([
      "ticketQueue",
      "overdueTickets",
      "followUpCalls",
    ]);
    expect([...homeSectionsFor(staffWith(["service"]))]).toEqual(["myComplaints", "atRiskComplaints"]);
    expect([...homeSectionsFor(staffWith(["manager"]))]).toEqual(["storeSummary"]);
    expect([...homeSectionsFor(staffWith(["admin"]))]).toEqual(["storeSummary"]);
  });

  it("gives a staff member with several roles the sections of each, once, in the page's order", () => {
    expect([...homeSectionsFor(staffWith(["service", "advisor", "manager"]))]).toEqual([
      "advisorAppointments",
      "importantDates",
      "advisorTasks",
      "dormantClients",
      "myComplaints",
      "atRiskComplaints",
      "storeSummary",
    ]);
  });

  it("gives nothing to a staff member without a role", () => {
    expect(homeSectionsFor(staffWith([])).size).toBe(0);
  });
});
