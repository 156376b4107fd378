// The tenant id used in the original system's examples (SPEC §3), so they work verbatim in the demo.
export const DEMO_TENANT_ID = "507f1f77bcf86cd799439011";
export const DEMO_TENANT_NAME = "Demo Store";
export const DEMO_ADMIN_EMAIL = "admin@demo.pulseboard.dev";
export const DEMO_ADMIN_PASSWORD = "pulseboard-demo";
