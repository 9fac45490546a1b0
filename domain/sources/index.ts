import type { TrustRecord } from '../records.ts';
import { parseCanonical } from './canonical.ts';
import { looksLikeCqcLocation, parseCqcLocation } from './cqc-api.ts';
import { InputError } from './errors.ts';
import { looksLikeRatingsCsv, parseRatingsCsv } from './ratings-csv.ts';
import { emptyInput, type ParsedInput } from './types.ts';

export { InputError, type Problem } from './errors.ts';
export { applyHolders, parseHolders } from './holders.ts';
export type { ParsedInput, Skipped } from './types.ts';

/**
 * Parses one input document of any supported kind, recognised by its content: canonical JSON
 * (`formatVersion`), a CQC API location (`locationId` and `providerId`), or a ratings CSV.
 */
export function parseDocument(text: string, source: string): ParsedInput {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (err) {
      throw InputError.one(source, 'JSON', null, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof doc === 'object' && doc !== null && 'formatVersion' in doc) return parseCanonical(doc, source);
    if (looksLikeCqcLocation(doc)) return parseCqcLocation(doc, source);
    throw InputError.one(
      source,
      '(top level)',
      null,
      'not a trust records file: expected canonical JSON ("formatVersion": 1) or a CQC API location ("locationId", "providerId")',
    );
  }
  if (looksLikeRatingsCsv(text)) return parseRatingsCsv(text, source);
  throw InputError.one(
    source,
    '(top level)',
    null,
    'not a trust records file: expected JSON, or a CQC ratings CSV with a "Location ID" header',
  );
}

/**
 * Combines parsed inputs into one: trusts with the same id (several CQC location files of one
 * provider, say) become one record. A core service listed twice keeps its first entry.
 */
export function mergeInputs(inputs: readonly ParsedInput[]): ParsedInput {
  const out = emptyInput();
  const trusts = new Map<string, TrustRecord>();
  const seenServices = new Set<string>();
  for (const input of inputs) {
    out.unratedLocations.push(...input.unratedLocations);
    out.awaitingReport.push(...input.awaitingReport);
    out.skipped.push(...input.skipped);
    for (const t of input.trusts) {
      let merged = trusts.get(t.trustId);
      if (!merged) {
        merged = {
          ...t,
          coreServices: [],
          wellLedInspections: [...t.wellLedInspections],
          providerInformationRequests: [...t.providerInformationRequests],
        };
        trusts.set(t.trustId, merged);
      } else {
        merged.name ??= t.name;
        merged.sector ??= t.sector;
        merged.region ??= t.region;
        merged.relationshipHolder ??= t.relationshipHolder;
        merged.wellLedInspections.push(...t.wellLedInspections);
        merged.providerInformationRequests.push(...t.providerInformationRequests);
      }
      for (const cs of t.coreServices) {
        const key = `${t.trustId}\u0000${cs.locationId}\u0000${cs.service}`;
        if (seenServices.has(key)) continue;
        seenServices.add(key);
        merged.coreServices.push(cs);
      }
    }
  }
  out.trusts = [...trusts.values()];
  return out;
}
