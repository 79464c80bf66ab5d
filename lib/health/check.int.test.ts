import net from "node:net";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { setupTestDatabase } from "@/tests/helpers/test-db";
import { checkHealth } from "./check";

const database = setupTestDatabase();

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("checkHealth", () => {
  it("answers 200 ok when the database answers", async () => {
    expect(await checkHealth(database.db)).toEqual({ status: 200, body: { status: "ok", db: "ok" } });
  });

  it("answers 503 when the database does not", async () => {
    const port = await closedPort();
    const down = openDatabase({ url: `postgres://nobody@127.0.0.1:${port}/none`, poolMax: 1 });
    try {
      expect(await checkHealth(down.db, 2000)).toEqual({ status: 503, body: { status: "error", db: "unavailable" } });
    } finally {
      await down.close().catch(() => {});
    }
  });
});
