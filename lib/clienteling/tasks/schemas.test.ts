import { describe, expect, it } from "vitest";
import { logContactSchema, showsLostReason } from "../contacts/schemas";
import { assignTaskSchema, completeTaskSchema, skipTaskSchema } from "./schemas";

const taskId = "0b9f5a52-3c4e-4f7a-9a51-2f3f0e0c9d11";

describe("task and contact schemas", () => {
  it("a completion needs a channel and an outcome; blanks become an empty note and no lost reason", () => {
    const missing = completeTaskSchema.safeParse({ taskId, note: "hi" });
    expect(missing.success).toBe(false);
    expect(missing.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["channel", "required"],
      ["outcome", "required"],
    ]);
    expect(completeTaskSchema.parse({ taskId, channel: "phone", outcome: "reached", lostReason: "   " })).toEqual({
      taskId,
      channel: "phone",
      outcome: "reached",
      note: "",
      lostReason: null,
    });
    expect(
      completeTaskSchema.safeParse({ taskId, channel: "phone", outcome: "reached", note: "x".repeat(1001) }).success,
    ).toBe(false);
  });

  it("a skip needs a reason that is not only spaces", () => {
    expect(skipTaskSchema.safeParse({ taskId, reason: "   " }).error!.issues[0]!.message).toBe("required");
    expect(skipTaskSchema.parse({ taskId, reason: " 已到店 " }).reason).toBe("已到店");
  });

  it("assigning to nobody is null, however the form sends it", () => {
    for (const assigneeId of ["", null, undefined]) {
      expect(assignTaskSchema.parse({ taskId, assigneeId }).assigneeId).toBeNull();
    }
    expect(assignTaskSchema.safeParse({ taskId, assigneeId: "someone" }).success).toBe(false);
  });

  it("a contact on the 360° view names its member", () => {
    expect(logContactSchema.safeParse({ channel: "wechat", outcome: "reached" }).success).toBe(false);
  });

  it("offers the lost reason when the client declined or is dormant or lost", () => {
    expect(showsLostReason("declined", "regular")).toBe(true);
    expect(showsLostReason("reached", "dormant")).toBe(true);
    expect(showsLostReason(undefined, "lost")).toBe(true);
    expect(showsLostReason("reached", "regular")).toBe(false);
    expect(showsLostReason("no_answer", null)).toBe(false);
  });
});
