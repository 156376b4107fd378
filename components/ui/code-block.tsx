import type { ReactNode } from "react";

/**
 * Preformatted text that may scroll sideways or down (payloads, headers, snippets): focusable, so
 * that a keyboard user can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function CodeBlock({ className, children }: { className: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard.
    <pre tabIndex={0} className={`${className} focus-visible:outline-2 focus-visible:outline-indigo-600`}>
      {children}
    </pre>
  );
}
