// Which tab shows toasts. Every tab receives every notification; only the holder of one Web Lock
// toasts, so two open tabs never toast the same thing twice. The tab the user is looking at
// steals the lock; the others wait in line, so when the leader closes the next one takes over.

export type ToastLeader = { isLeader: () => boolean; stop: () => void };

const LOCK = "toast-leader";

export function createToastLeader(): ToastLeader {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  // No Web Locks (an old browser, or a page served over plain http from a LAN address, which
  // is not a secure context): the focused tab toasts, which may rarely mean none or two.
  if (!locks) return { isLeader: () => document.hasFocus(), stop: () => {} };

  let leader = false;
  let stopped = false;
  let release: (() => void) | null = null;
  let waiting: AbortController | null = null;

  const held = () =>
    new Promise<void>((resolve) => {
      leader = true;
      release = resolve;
    }).finally(() => {
      leader = false;
    });

  const request = (steal: boolean) => {
    const controller = new AbortController();
    const options: LockOptions = steal ? { steal: true } : { signal: controller.signal };
    locks.request(LOCK, options, held).catch(() => {
      // Withdrawn on purpose (stop, or about to steal) — or stolen by another tab: wait in line again.
      if (controller.signal.aborted || stopped) return;
      leader = false;
      release = null;
      if (!waiting) waiting = request(false);
    });
    return controller;
  };

  const claim = () => {
    if (stopped || leader || document.visibilityState !== "visible") return;
    waiting?.abort();
    waiting = null;
    request(true);
  };

  const onVisibility = () => {
    if (document.visibilityState === "visible" && document.hasFocus()) claim();
  };
  window.addEventListener("focus", claim);
  document.addEventListener("visibilitychange", onVisibility);
  if (document.visibilityState === "visible" && document.hasFocus()) claim();
  else waiting = request(false);

  return {
    isLeader: () => leader,
    stop: () => {
      stopped = true;
      window.removeEventListener("focus", claim);
      document.removeEventListener("visibilitychange", onVisibility);
      waiting?.abort();
      release?.();
    },
  };
}
