import { notFound } from "@/lib/errors";
import { jsonError } from "@/lib/http/json-response";

export const dynamic = "force-dynamic";

// An API path that does not exist answers like every API error, in JSON, never with the app's
// HTML page (a script reading the answer would choke on it).
const answer = () => jsonError(notFound("No such API endpoint"));

export const GET = answer;
export const POST = answer;
export const PUT = answer;
export const PATCH = answer;
export const DELETE = answer;
