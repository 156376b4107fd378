import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // server.ts owns the HTTP server; these must be the same module instances in both graphs.
  serverExternalPackages: ["mongoose", "mongodb", "pino", "socket.io"],
  poweredByHeader: false,
  devIndicators: false,
  // `npm run lint` type-checks the whole project (tsc --noEmit; CI runs it beside this build): the
  // build's own pass checked the same files again, half a minute of both cores in CI's set-up.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Next 16.4 keeps a build cache in .next by default; writing it took 10 s of every build here, and a
    // clean clone (CI) or a deploy's single build never reads it back.
    turbopackFileSystemCacheForBuild: false,
    // A page's modules load on its first request (0.1–0.15 s once per page and process) instead of
    // all of them at every start: 0.4 s of CPU (a sixth of a start) and their memory, for pages a
    // process may never serve. The hot paths (webhooks, the bell's read) are server.ts's own.
    preloadEntriesOnStart: false,
  },
  // Settings became pages of their own (components/shell/settings-pages.ts); old links still land.
  async redirects() {
    return [
      { source: "/settings", destination: "/settings/general", permanent: false },
      { source: "/settings/webhooks", destination: "/settings/inbound", permanent: false },
    ];
  },
};

export default nextConfig;
