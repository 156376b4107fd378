import { z } from "zod";

// better-auth's api-key plugin refuses names over 32 characters; the form says so first.
export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Give the key a name").max(32, "Use at most 32 characters"),
});
