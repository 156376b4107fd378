// A new workspace's signing secret goes from the sign-up answer to the settings page's first visit
// in the same tab, and nowhere else: kept in this tab's sessionStorage until that visit takes it.
const key = (tenantId: string) => `pulseboard:first-secret:${tenantId}`;

export function keepFirstSecret(tenantId: string, secret: string): void {
  try {
    sessionStorage.setItem(key(tenantId), secret);
  } catch {
    // Storage refused (private mode): the owner can still reveal it with their password.
  }
}

/** The secret kept at sign-up, once: reading it removes it. */
export function takeFirstSecret(tenantId: string): string | null {
  try {
    const secret = sessionStorage.getItem(key(tenantId));
    sessionStorage.removeItem(key(tenantId));
    return secret;
  } catch {
    return null;
  }
}
