import type { GeneralSettings } from "@/lib/general-settings/schemas";
import { callApi } from "@/lib/http/call-api";

export const saveGeneralSettings = (tenantId: string, settings: Partial<GeneralSettings>) =>
  callApi<{ settings: GeneralSettings }>(tenantId, "/api/settings/general", {
    method: "PATCH",
    body: JSON.stringify(settings),
  });
