import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pulseboard", template: "%s · Pulseboard" },
  description: "Live webhooks, notifications and dashboards for your store.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        {/* Mounted once for the whole app; pages call toast() from sonner. */}
        {/* Below the app header, so a toast that stays (urgent) never hides the bell or sign-out. */}
        <Toaster position="top-right" theme="system" richColors closeButton offset={{ top: 100 }} mobileOffset={{ top: 100 }} />
      </body>
    </html>
  );
}
