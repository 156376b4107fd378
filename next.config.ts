import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // server.ts owns the HTTP server; these must be the same module instances in both graphs.
  serverExternalPackages: ["mongoose", "mongodb", "pino", "socket.io"],
  poweredByHeader: false,
  devIndicators: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
