import { AppError, notFound } from "@/lib/errors";
import { localBaseUrl } from "@/lib/server/listen-address";
import { loadSourceConfig } from "@/lib/sources/load-source-config";
import { mappedTopics, sourceSampleFor } from "@/lib/sources/samples";
import { signSourceDelivery } from "@/lib/sources/sign-source-delivery";

const TIMEOUT_MS = 10_000;

export type SourceSampleReport = {
  /** The platform's topic the sample was sent as. */
  topic: string;
  /** What the source's URL answered, exactly as the platform would see it. */
  status: number;
  response: Record<string, unknown>;
};

/**
 * "Send sample": a delivery in the platform's own shape, signed with the source's current secret
 * as the platform would, posted over loopback to the source's URL, so it crosses every check a
 * real delivery does (a disabled source answers 403, as it would to the platform).
 */
export async function sendSourceSample(
  tenantId: string,
  sourceId: string,
  topic?: string,
  /** Where the server is (the CLI: BASE_URL); by default this server, over loopback. */
  baseUrl = localBaseUrl(),
): Promise<SourceSampleReport> {
  if (!baseUrl) throw new AppError("unavailable", "The server is still starting; try again in a moment");
  const source = await loadSourceConfig(tenantId, sourceId, { fresh: true });
  if (!source) throw notFound("Source not found");
  const sample = sourceSampleFor(source.type, { topic: topic ?? mappedTopics[source.type][0] });
  const signature = signSourceDelivery(
    source.type,
    source.options as never,
    source.secrets[0] ?? "",
    sample.body,
    sample.headers,
  );
  const answer = await fetch(`${baseUrl}/api/webhooks/${tenantId}/sources/${sourceId.toLowerCase()}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...sample.headers, ...signature },
    body: sample.body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const response = (await answer.json().catch(() => ({}))) as Record<string, unknown>;
  return { topic: sample.topic, status: answer.status, response };
}
