// Which storage adapter a server runs (`STORAGE`, chosen at start): the suite runs once per adapter
// (.ci/run), and the few assertions about how an adapter keeps its data check only that adapter's.
export async function storageKind(baseUrl: string): Promise<"mongodb" | "embedded"> {
  const health = (await (await fetch(`${baseUrl}/api/webhooks/health`)).json()) as { storage?: string };
  if (health.storage !== "mongodb" && health.storage !== "embedded")
    throw new Error(`no storage in health: ${JSON.stringify(health)}`);
  return health.storage;
}
