/**
 * When sockets receive notifications, by title: `arrival(title)` is taken before the webhook is
 * sent and resolves with the moment (performance.now()) the first socket handed to
 * `onNotification` has it. Titles are unique per sample, so one instance serves several sockets.
 */
export function notificationArrivals(timeoutMs = 10_000) {
  const waiting = new Map<string, (at: number) => void>();
  return {
    onNotification: (payload: { title: string }) => waiting.get(payload.title)?.(performance.now()),
    arrival: (title: string) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(title);
          reject(new Error(`no new-notification for ${title} within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        waiting.set(title, (at) => {
          clearTimeout(timer);
          waiting.delete(title);
          resolve(at);
        });
      }),
  };
}
