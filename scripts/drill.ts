import { parseArgs } from "node:util";
import { drillDb } from "./drill/db";
import { drillKill } from "./drill/kill";
import { drillRedis } from "./drill/redis";
import { cleanUp, type DrillArgs, type Figures, say } from "./drill/stack";
import { drillTerm } from "./drill/term";

// `npm run drill -- <kill|db|redis|term> [--short] [--seed N] [--kills N] [--rate R] [--cycles N] [--storage embedded|mongodb]`
// Fault drills (docs/reliability.md). Each prints its figures as JSON on stdout and exits 1 when
// anything answered was lost (or a property it checks does not hold), 2 when it could not run.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    short: { type: "boolean", default: false },
    seed: { type: "string" },
    kills: { type: "string" },
    rate: { type: "string" },
    cycles: { type: "string" },
    storage: { type: "string" },
  },
});

const drills: Record<string, (args: DrillArgs) => Promise<Figures>> = {
  kill: drillKill,
  db: drillDb,
  redis: drillRedis,
  term: drillTerm,
};
const name = positionals[0];
const drill = name ? drills[name] : undefined;
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
if (!drill || (values.storage !== undefined && values.storage !== "embedded" && values.storage !== "mongodb")) {
  console.error(
    `Usage: npm run drill -- <${Object.keys(drills).join("|")}> [--short] [--seed N] [--kills N] [--rate R] [--cycles N] [--storage embedded|mongodb]`,
  );
  process.exit(2);
}

const args: DrillArgs = {
  short: values.short ?? false,
  seed: number(values.seed) ?? Math.floor(Math.random() * 2 ** 31),
  storage: values.storage as DrillArgs["storage"],
  kills: number(values.kills),
  rate: number(values.rate),
  cycles: number(values.cycles),
};
const started = new Date();
let code = 2;
// A drill that hangs is a failure to report, not a CI job stuck until its own timeout.
const watchdogMs = (args.short ? 10 : 40) * 60_000;
const watchdog = setTimeout(() => {
  console.log(
    JSON.stringify({ drill: name, passed: false, error: `the drill did not finish within ${watchdogMs / 60_000} min` }),
  );
  say(`${name}: timed out; cleaning up`);
  void cleanUp().finally(() => process.exit(2));
}, watchdogMs);
watchdog.unref();
try {
  const figures = await drill(args);
  const result = {
    ...figures,
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 100) / 10,
    command: `npm run drill -- ${process.argv.slice(2).join(" ")}`.trim(),
  };
  console.log(JSON.stringify(result, null, 2));
  say(figures.passed ? `${name}: PASSED` : `${name}: FAILED (see the figures)`);
  code = figures.passed ? 0 : 1;
} catch (error) {
  console.log(JSON.stringify({ drill: name, passed: false, error: error instanceof Error ? error.message : String(error) }));
  say(`${name}: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  code = 2;
} finally {
  await cleanUp();
}
process.exit(code);
