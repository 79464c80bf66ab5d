import { describe, expect, it } from "vitest";
import nextConfig from "./next.config";

describe("response headers", () => {
  it("every response carries HSTS for two years, subdomains included (browsers ignore it over plain HTTP)", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const everyPath = rules.find((rule) => rule.source === "/:path*");
    expect(everyPath?.headers).toContainEqual({
      key: "Strict-Transport-Security",
      value: "max-age=63072000; includeSubDomains",
    });
  });
});
