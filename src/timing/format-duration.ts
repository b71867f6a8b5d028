/** `60000` → `1 min`, `1000` → `1 s`, `1500` → `1500 ms`: a duration as people say it, for messages. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1_000 === 0) return `${ms / 1_000} s`;
  return `${ms} ms`;
}
