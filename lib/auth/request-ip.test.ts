import { describe, expect, it } from "vitest";
import { clientIp } from "./request-ip";

const forwardedFor = (value: string, extra: Record<string, string> = {}) =>
  new Headers({ "x-forwarded-for": value, ...extra });

describe("clientIp", () => {
  describe("with no trusted proxy (0 hops)", () => {
    it("uses the socket address that Next's server wrote when the client sent no X-Forwarded-For", () => {
      expect(clientIp(forwardedFor("198.51.100.7"), 0)).toBe("198.51.100.7");
    });

    it("never takes the client's own left-most entry", () => {
      expect(clientIp(forwardedFor("203.0.113.9, 198.51.100.7"), 0)).toBe("198.51.100.7");
    });
  });

  describe("behind trusted proxies that append the address they saw", () => {
    it("takes the entry the outermost trusted proxy appended (1 hop: the right-most)", () => {
      expect(clientIp(forwardedFor("203.0.113.9, 198.51.100.7"), 1)).toBe("198.51.100.7");
    });

    it("walks one entry further left for each further hop", () => {
      expect(clientIp(forwardedFor("203.0.113.9, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
      expect(clientIp(forwardedFor("203.0.113.9,198.51.100.7 , 10.0.0.3,10.0.0.2"), 3)).toBe("198.51.100.7");
    });

    it("stops at the left-most entry when there are fewer entries than hops", () => {
      expect(clientIp(forwardedFor("198.51.100.7"), 2)).toBe("198.51.100.7");
    });
  });

  it("ignores X-Real-IP, which any client can send", () => {
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.9" }), 0)).toBe("unknown");
    expect(clientIp(forwardedFor("198.51.100.7", { "x-real-ip": "203.0.113.9" }), 0)).toBe("198.51.100.7");
  });

  it("says unknown when there is no address at all", () => {
    expect(clientIp(new Headers(), 0)).toBe("unknown");
    expect(clientIp(forwardedFor(" , "), 0)).toBe("unknown");
  });
});
