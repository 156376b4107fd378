import type { SourceType } from "@/lib/sources/schemas";

/** A source's request as received: lower-case header names, the raw body bytes. */
export type SourceRequest = { headers: Record<string, string | undefined>; body: Buffer; nowMs: number };

/** The source's secrets, newest first: during a rotation both verify. */
export type SourceSecrets = string[];

export type VerifyFailure = "missing_signature" | "malformed_signature" | "stale_timestamp" | "signature_mismatch";

export type Verified =
  | {
      ok: true;
      type: SourceType;
      /** Which of the secrets verified it (0: the current one). */
      secretIndex: number;
      /** The platform's own id of this delivery, from a header, when it sends one (the body's id is read by the mapping). */
      deliveryId: string | null;
      /** The platform's topic or event type, when it is in a header. */
      topic: string | null;
    }
  | { ok: false; type: SourceType; reason: VerifyFailure; message: string }
  /** Unsigned traffic the platform sends on purpose and that must get a 200 (WooCommerce's creation ping). */
  | { ok: false; type: SourceType; reason: "ping"; message: string };
