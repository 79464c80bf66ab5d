import { z } from "zod";

/** What the sign-in form posts and the credentials provider checks (one schema for both). */
export const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type CredentialsInput = z.input<typeof credentialsSchema>;
