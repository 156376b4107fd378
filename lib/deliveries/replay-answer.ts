import { AppError } from "@/lib/errors";
import { Rejection } from "@/lib/webhooks/ingest/rejection";

/** What a replay answers: what the platform would have been answered, with its status. */
export type ReplayAnswer = { status: number; body: Record<string, unknown> };

/**
 * A replay the pipeline still refuses is a 409 naming why (the reason the deliveries log shows, and
 * the field issues of a body that does not validate), not the refusal's own status: the admin's
 * request was fine, the delivery is not.
 */
export async function replayAnswer(run: () => Promise<{ status: number; body: unknown }>): Promise<ReplayAnswer> {
  try {
    const answer = await run();
    return { status: answer.status, body: (answer.body ?? {}) as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    throw new AppError("conflict", `Still refused: ${error.message}`, {
      reason: error.reason,
      ...(error.details ? { issues: error.details } : {}),
    });
  }
}
