import NextAuth, { CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit/service";
import { authConfig } from "./config";
import { endSession } from "./ended-sessions";
import { clientIp } from "./request-ip";
import { credentialsSchema } from "./schemas";
import { checkCredentials } from "./sign-in";

class AccountLockedError extends CredentialsSignin {
  code = "locked";
}

class AddressLockedError extends CredentialsSignin {
  code = "address_locked";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await checkCredentials(getDb(), { ...parsed.data, ip: clientIp(request.headers) });
        if (result.ok) return { id: result.staffId, name: result.username, authVersion: result.authVersion };
        if (result.reason === "locked") throw new AccountLockedError();
        if (result.reason === "address_locked") throw new AddressLockedError();
        return null;
      },
    }),
  ],
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      const staffId = typeof token?.staffId === "string" ? token.staffId : null;
      if (!staffId) return;
      if (typeof token?.signedInAt === "number") await endSession(getDb(), { staffId, signedInAt: token.signedInAt });
      await recordAudit(getDb(), {
        action: "auth.sign_out",
        actorStaffId: staffId,
        actorLabel: typeof token?.name === "string" ? token.name : null,
        ip: clientIp(await headers()),
      });
    },
  },
});
