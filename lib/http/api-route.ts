import type { z } from "zod";
import { hasPermission, type MemberAdmin, type Permission } from "@/lib/auth/permissions";
import { type Caller, findCaller, requireCaller, resolveTenant, type TenantContext } from "@/lib/auth/resolve-caller";
import { AppError, forbidden } from "@/lib/errors";
import { clientAddressFrom } from "@/lib/http/client-address";
import { guardFetchRequest } from "@/lib/http/guard-request";
import { jsonError, readJson } from "@/lib/http/json-response";
import { type LimitedAction, limitByAddress } from "@/lib/http/limit-by-address";

/**
 * Who may call a route: `public` (no identity looked up), `visitor` (the caller if any),
 * `signedIn`, or a permission inside the tenant the request acts on (lib/auth/permissions.ts).
 */
export type Access = "public" | "visitor" | "signedIn" | Permission;

type Identity<A extends Access> = A extends "public"
  ? Record<never, never>
  : A extends "visitor"
    ? { caller: Caller | null }
    : A extends "signedIn"
      ? { caller: Caller }
      : A extends "userAdmin"
        ? MemberAdmin
        : TenantContext;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteConfig<A extends Access, B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  access: A;
  /** Completes "Only owners and admins can …" when the permission is missing. */
  action?: string;
  /** The JSON body's schema; without it the route takes no body. */
  body?: B;
  /** An empty body counts as `{}` (bodies of optional settings). */
  bodyOptional?: boolean;
  /** The query string's schema, given its parameters as an object. */
  query?: Q;
  /** Rate limited per client address before anything else is done. */
  rateLimit?: LimitedAction;
};

export type RouteInput<A extends Access, B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = Identity<A> & {
  request: Request;
  params: Record<string, string>;
  body: Parsed<B>;
  query: Parsed<Q>;
  clientAddress: string;
};

async function identify(request: Request, access: Access, action: string | undefined): Promise<object> {
  if (access === "public") return {};
  if (access === "visitor") return { caller: await findCaller(request.headers) };
  const caller = await requireCaller(request.headers);
  if (access === "signedIn") return { caller };
  const context = await resolveTenant(caller, request.headers.get("x-tenant-id"));
  if (!hasPermission(context, access)) {
    throw forbidden(`Only owners and admins can ${action ?? "do that"}`);
  }
  return context;
}

async function readBody(request: Request, optional: boolean): Promise<unknown> {
  if (!optional) return readJson(request);
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON");
  }
}

/**
 * Every API route handler is built with this, so none can skip a step: the origin + media-type
 * guard, the address rate limit, caller and tenant resolution, the permission, then the body and
 * query parsed with the route's zod schemas. The handler is parse → call → reply; whatever it
 * throws becomes the error table's JSON answer.
 */
export function apiRoute<
  A extends Access,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(config: RouteConfig<A, B, Q>, handler: (input: RouteInput<A, B, Q>) => Promise<Response>) {
  return async (request: Request, segment?: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      guardFetchRequest(request);
      const clientAddress = clientAddressFrom(request.headers);
      if (config.rateLimit) await limitByAddress(config.rateLimit, clientAddress);
      const identity = await identify(request, config.access, config.action);
      const query = config.query?.parse(Object.fromEntries(new URL(request.url).searchParams));
      const body = config.body?.parse(await readBody(request, config.bodyOptional ?? false));
      const params = segment ? await segment.params : {};
      return await handler({ ...identity, request, params, body, query, clientAddress } as RouteInput<A, B, Q>);
    } catch (error) {
      return jsonError(error);
    }
  };
}
