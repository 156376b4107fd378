import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { guardFetchRequest } from "@/lib/http/guard-request";
import { jsonError } from "@/lib/http/json-response";

// better-auth's own endpoints: sign-in/out, sessions, organizations, API keys. They pass the same
// origin + media-type guard as ours (better-auth would take a form-encoded sign-in from any page).
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(async (request: Request) => {
  try {
    guardFetchRequest(request);
  } catch (error) {
    return jsonError(error);
  }
  return getAuth().handler(request);
});
