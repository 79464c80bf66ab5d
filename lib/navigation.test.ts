import { describe, expect, it } from "vitest";
import { NAV_ITEMS, NAV_SECTIONS, navigationFor, navigationSectionsFor } from "./navigation";

const staffWith = (...roles: ("admin" | "manager" | "advisor" | "after_sales" | "service")[]) =>
  ({ id: "s", username: "u", roles, storeIds: [], allStores: false }) as unknown as Parameters<typeof navigationFor>[0];

describe("navigationSectionsFor", () => {
  it("holds exactly the entries navigationFor allows, grouped by section in the sidebar's order", () => {
    for (const roles of [
      ["admin"],
      ["manager"],
      ["advisor"],
      ["after_sales"],
      ["service"],
      ["advisor", "service"],
    ] as const) {
      const staff = staffWith(...roles);
      const sections = navigationSectionsFor(staff);
      expect(
        sections
          .flatMap((s) => s.items)
          .map((i) => i.href)
          .sort(),
      ).toEqual(
        navigationFor(staff)
          .map((i) => i.href)
          .sort(),
      );
      const order = sections.map((s) => NAV_SECTIONS.indexOf(s.section));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const { section, items } of sections) {
        expect(items.length).toBeGreaterThan(0);
        expect(items.every((i) => i.section === section)).toBe(true);
      }
    }
  });

  it("is worked out once per set of roles, in whatever order the roles come", () => {
    expect(navigationSectionsFor(staffWith("advisor", "service"))).toBe(
      navigationSectionsFor(staffWith("service", "advisor")),
    );
    expect(navigationSectionsFor(staffWith("advisor"))).not.toBe(navigationSectionsFor(staffWith("admin")));
  });

  it("gives an admin every section", () => {
    expect(navigationSectionsFor(staffWith("admin")).map((s) => s.section)).toEqual(
      NAV_SECTIONS.filter((section) => NAV_ITEMS.some((i) => i.section === section)),
    );
  });
});
