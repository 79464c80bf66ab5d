import type { NextAuthConfig } from "next-auth";
import { env } from "@/lib/env";

/** A shift: a session ends 8 hours after sign-in, however active it was. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

declare module "next-auth" {
  interface User {
    authVersion?: number;
  }
  interface Session {
    staffId?: string;
    authVersion?: number;
    signedInAt?: number;
  }
}

/**
 * The part of the next-auth configuration that needs no database, shared by the proxy (session
 * refresh) and the full configuration in ./index.ts (which adds the credentials provider).
 */
export const authConfig = {
  trustHost: true,
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [],
  logger: {
    // A wrong password or a lockout is an expected outcome, already in the audit log; log real faults only.
    error(error) {
      const name = (error as { type?: string }).type ?? error.name;
      if (name === "CredentialsSignin") return;
      console.error(`[auth] ${name}: ${error.message}`);
    },
    warn() {},
  },
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.staffId = user.id;
        token.authVersion = user.authVersion;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      session.staffId = typeof token.staffId === "string" ? token.staffId : undefined;
      session.authVersion = typeof token.authVersion === "number" ? token.authVersion : undefined;
      session.signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
