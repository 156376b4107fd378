import { CodeBlock } from "@/components/ui/code-block";

/** A delivery's headers and body as they were received, folded away until asked for. */
export function DeliveryPayload({
  headers,
  body,
  bodyBytes,
}: {
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
}) {
  const cut = bodyBytes > new TextEncoder().encode(body).length;
  return (
    <details className="mt-1 text-sm">
      <summary className="cursor-pointer text-indigo-700">Headers and body</summary>
      <CodeBlock className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs text-slate-800">
        {Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join("\n")}
      </CodeBlock>
      <CodeBlock className="mt-2 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs text-slate-800">
        {body || "(empty body)"}
      </CodeBlock>
      {cut ? <p className="mt-1 text-xs text-slate-500">First 4 KB of {bodyBytes.toLocaleString()} bytes.</p> : null}
    </details>
  );
}
