import { writeFileSync } from "node:fs";
import path from "node:path";
import { eventCatalogMarkdown } from "@/lib/outbound/event-catalog";

// `npm run docs:events`: rewrites docs/events.md from the catalog the endpoint form shows.
const target = path.join(import.meta.dirname, "..", "docs", "events.md");
writeFileSync(target, eventCatalogMarkdown());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
