/** How long the logs (refused and accepted deliveries, outbound attempts…) are kept for paging back. */
export const LOG_RETENTION_DAYS = 30;
