import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

// server.ts and the CLI, bundled into plain JavaScript (dependencies stay in node_modules): a start
// then loads one file instead of transpiling some 300 TypeScript modules through tsx, which took
// about half of a server's time to listen (2.8 s → 1.5 s here) and of a CLI call's.
// `npm run build` writes it for `npm start`; the tests' app starter rebuilds it whenever one of
// its inputs is newer, so a test never runs yesterday's server.

const root = path.resolve(import.meta.dirname, "..");
export const bundleDir = path.join(root, ".next", "pulseboard");
// Output name → entry point. The outbound HTTP thread is an entry of its own: a worker thread
// loads it by path (lib/outbound/start-http-threads.ts).
const entries = {
  server: "server.ts",
  cli: "scripts/cli.ts",
  "http-thread-entry": "lib/outbound/http-thread-entry.ts",
} as const;
const inputsFile = path.join(bundleDir, "inputs.json");

export function bundlePath(name: keyof typeof entries): string {
  return path.join(bundleDir, `${name}.mjs`);
}

/** True when every output exists and none of the files it was built from changed since. */
export function serverBundleIsFresh(): boolean {
  try {
    const builtAt = Math.min(...Object.keys(entries).map((name) => statSync(bundlePath(name as keyof typeof entries)).mtimeMs));
    const inputs = JSON.parse(readFileSync(inputsFile, "utf8")) as string[];
    return inputs.every((input) => statSync(path.join(root, input)).mtimeMs <= builtAt);
  } catch {
    return false; // something is missing: an input was removed, or it was never built
  }
}

// The CLI also carries its dependencies: a call loads one file instead of some 1,700 modules of
// mongoose, the driver, better-auth and BullMQ, which took most of its time before it did anything
// (`--help`: 1.1 s → 0.6 s, half the CPU; tests and the demo make over a hundred calls). The
// server keeps its packages in node_modules: Next's bundle, in the same process, must share them.
// Left out: optional native or cloud add-ons of the driver and msgpackr that it loads only if
// present, and Next and React, which the CLI never renders.
const cliExternal = [
  "next",
  "next/*",
  "react",
  "react-dom",
  "msgpackr-extract",
  "kerberos",
  "@mongodb-js/zstd",
  "snappy",
  "socks",
  "aws4",
  "mongodb-client-encryption",
  "gcp-metadata",
  "@aws-sdk/credential-providers",
];

export function buildServerBundle(): void {
  const common = {
    absWorkingDir: root,
    outdir: bundleDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    metafile: true,
    write: false,
    logLevel: "warning",
  } as const;
  const { cli, ...withPackagesExternal } = entries;
  const results = [
    buildSync({ ...common, entryPoints: withPackagesExternal, packages: "external" }),
    buildSync({
      ...common,
      entryPoints: { cli },
      external: cliExternal,
      // The bundled CommonJS packages call require() and name __dirname (on paths the CLI never
      // takes: worker files of pino and BullMQ); an ES module has none of these of its own.
      banner: {
        js: [
          "import { createRequire as __pbRequire } from 'node:module';",
          "import { fileURLToPath as __pbPath } from 'node:url';",
          "const require = __pbRequire(import.meta.url);",
          "const __filename = __pbPath(import.meta.url);",
          "const __dirname = __pbPath(new URL('.', import.meta.url));",
        ].join(" "),
      },
    }),
  ];
  mkdirSync(bundleDir, { recursive: true });
  // Two test lanes may build at once: each file appears whole, by rename, and both write the same.
  const replace = (file: string, contents: Uint8Array | string) => {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, file);
  };
  for (const output of results.flatMap((result) => result.outputFiles)) replace(output.path, output.contents);
  // Only the project's own files decide freshness: a dependency changes with the lock, and a new
  // install is followed by `npm run build`.
  const inputs = results
    .flatMap((result) => Object.keys(result.metafile.inputs))
    .filter((input) => !input.startsWith("node_modules/"));
  replace(inputsFile, JSON.stringify([...new Set(inputs)]));
}

/** Builds the bundle unless it is fresh; for the test and benchmark starters. */
export function ensureServerBundle(): void {
  if (!serverBundleIsFresh()) buildServerBundle();
  if (!existsSync(bundlePath("server"))) throw new Error(`the server bundle was not written to ${bundleDir}`);
}
