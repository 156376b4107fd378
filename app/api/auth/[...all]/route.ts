import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

// better-auth's own endpoints: sign-in/out, sessions, organizations, API keys.
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler((request: Request) => getAuth().handler(request));
