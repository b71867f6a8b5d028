/** Options of `withDeadline`. */
export interface DeadlineOptions {
  /** Let the process exit while the timer is pending (default false: the timer holds it). */
  readonly unref?: boolean;
}

/**
 * Settles like `promise`, unless it has not settled within `ms`: then like `onTimeout()`, with
 * the value it returns or the error it throws. The timer is cleared as soon as either settles,
 * and a `promise` that loses and rejects later is never reported as unhandled.
 */
export function withDeadline<T, U = T>(promise: Promise<T>, ms: number, onTimeout: () => U, options: DeadlineOptions = {}): Promise<T | U> {
  // Promise.race observes `promise`: if it loses and rejects later, nothing is "unhandled".
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<U>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- onTimeout's own error, passed on as it is
        reject(error);
      }
    }, ms);
    if (options.unref) timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
