/**
 * Prints what a test measured, as one `[measured] <name> {...}` line. Times are figures to report (docs/), never
 * pass/fail bounds: a busy CI machine would make such a bound a flake.
 */
export function reportMeasured(name: string, measurements: Record<string, unknown>): void {
  console.log(`[measured] ${name} ${JSON.stringify(measurements)}`);
}
