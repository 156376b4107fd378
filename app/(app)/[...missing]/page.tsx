import { notFound } from "next/navigation";

// Any other path of the app is answered inside the shell (not-found.tsx beside it), not by a bare page.
export default function Missing() {
  notFound();
}
