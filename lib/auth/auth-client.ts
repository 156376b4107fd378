"use client";

import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

// Same origin as the page: no baseURL, so the demo works on any host and port.
export const authClient = createAuthClient({ plugins: [organizationClient()] });
