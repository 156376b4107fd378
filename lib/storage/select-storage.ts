import type { Db } from "mongodb";
import type { StorageKind } from "@/lib/storage/ports";

export type StorageSetting = "auto" | StorageKind;

export type StorageChoice = { kind: StorageKind; engine: "ferretdb" | "mongodb"; engineVersion: string; reason: string };

/**
 * `auto` takes the embedded adapter on FerretDB (whose reads scan except an exact `_id` look-up)
 * and the mongodb adapter on MongoDB; an explicit setting wins, so the mongodb adapter can be run
 * on FerretDB for correctness (its queries work there, only without index support).
 */
export async function selectStorage(setting: StorageSetting, db: Db): Promise<StorageChoice> {
  const info = (await db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const engine = info.ferretdbVersion ? "ferretdb" : "mongodb";
  const engineVersion = info.ferretdbVersion ?? info.version ?? "unknown";
  if (setting !== "auto") return { kind: setting, engine, engineVersion, reason: `STORAGE=${setting}` };
  const kind = engine === "ferretdb" ? "embedded" : "mongodb";
  return {
    kind,
    engine,
    engineVersion,
    reason: `STORAGE=auto on ${engine === "ferretdb" ? "FerretDB" : "MongoDB"} ${engineVersion}`,
  };
}
