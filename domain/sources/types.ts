import type { UnratedService } from '../evaluate.ts';
import type { AwaitingReport, TrustRecord } from '../records.ts';

/** An input, or part of one, that was passed over, and why. */
export interface Skipped {
  source: string;
  reason: string;
}

/** What every parser produces, whatever the input format. */
export interface ParsedInput {
  trusts: TrustRecord[];
  /** Locations with no rated core service at all (service is null). */
  unratedLocations: UnratedService[];
  awaitingReport: AwaitingReport[];
  skipped: Skipped[];
  /** The file it came from, where there is one: conflicts between files name both. */
  source?: string;
}

export function emptyInput(): ParsedInput {
  return { trusts: [], unratedLocations: [], awaitingReport: [], skipped: [] };
}
