/**
 * How many chart draws are queued or running on the page: a dashboard is
 * settled (every view painted) only when none is, which the benchmark and
 * the browser tests wait for.
 */
let inFlight = 0;

export function drawStarted(): void {
  inFlight++;
}

export function drawEnded(): void {
  inFlight = Math.max(0, inFlight - 1);
}

export function drawsInFlight(): number {
  return inFlight;
}
