import { type CoreService, formatPath, type TrustRecord, trustRecordSchema } from '../records.ts';
import { parseCanonical } from './canonical.ts';
import { looksLikeCqcLocation, parseCqcLocation } from './cqc-api.ts';
import { looksLikeCqcProvider, parseCqcProvider } from './cqc-provider.ts';
import { InputError, type Problem, splitPath } from './errors.ts';
import { looksLikeRatingsCsv, parseRatingsCsv } from './ratings-csv.ts';
import { emptyInput, type ParsedInput } from './types.ts';

export { InputError, type Problem } from './errors.ts';
export { applyHolders, parseHolders } from './holders.ts';
export { emptyInput, type ParsedInput, type Skipped } from './types.ts';

/**
 * Parses one input document of any supported kind, recognised by its content: canonical JSON
 * (`formatVersion`), a CQC API location (`locationId` and `providerId`), or a ratings CSV.
 */
export function parseDocument(text: string, source: string): ParsedInput {
  return checkTrusts(parseByKind(text, source), source);
}

/**
 * Holds every trust a parser produced to the one record schema (ids, lengths, years), whatever
 * the format: the same validation `import`, `due` and the nightly job apply. Every problem is
 * listed, each naming the file, the trust and the field.
 */
function checkTrusts(input: ParsedInput, source: string): ParsedInput {
  const problems: Problem[] = [];
  const trusts = input.trusts.map((trust) => {
    const result = trustRecordSchema.safeParse(trust);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const { where, field } = splitPath(formatPath(issue.path));
      problems.push({
        source,
        where: `trust ${JSON.stringify(trust.trustId)} ${where}`,
        field,
        message: issue.message,
      });
    }
    return trust;
  });
  if (problems.length > 0) throw new InputError(problems);
  return { ...input, trusts, source };
}

/** A CQC API document already read as JSON (what the sync fetches), checked like a file's. */
export function parseCqcDocument(doc: unknown, source: string): ParsedInput {
  if (looksLikeCqcLocation(doc)) return checkTrusts(parseCqcLocation(doc, source), source);
  if (looksLikeCqcProvider(doc)) return checkTrusts(parseCqcProvider(doc, source), source);
  throw InputError.one(source, '(top level)', null, 'not a CQC API provider or location document');
}

function parseByKind(text: string, source: string): ParsedInput {
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
    if (looksLikeCqcProvider(doc)) return parseCqcProvider(doc, source);
    throw InputError.one(
      source,
      '(top level)',
      null,
      'not a trust records file: expected canonical JSON ("formatVersion": 1), a CQC API location ("locationId", "providerId") or a CQC API provider ("providerId")',
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
 * provider, say) become one record. A core service listed twice in the same words is kept once;
 * listed twice with different ratings or dates, it is an error naming both places.
 */
export function mergeInputs(inputs: readonly ParsedInput[]): ParsedInput {
  const out = emptyInput();
  const trusts = new Map<string, TrustRecord>();
  const seenServices = new Map<string, { cs: CoreService; source: string }>();
  const conflicts: Problem[] = [];
  const sources = new WeakMap<object, string>();
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
          wellLedInspections: [],
          providerInformationRequests: [],
          ...(t.useOfResources ? { useOfResources: [] } : {}),
        };
        trusts.set(t.trustId, merged);
      } else {
        merged.name ??= t.name;
        merged.sector ??= t.sector;
        merged.region ??= t.region;
        merged.relationshipHolder ??= t.relationshipHolder;
        // The provider document says whether there is anything to check; a location is silent.
        if (t.toCheck !== undefined && !merged.toCheck) merged.toCheck = t.toCheck;
      }
      const source = input.source ?? '(input)';
      const where = `trust ${JSON.stringify(t.trustId)}`;
      for (const wl of t.wellLedInspections)
        once(merged.wellLedInspections, wl, (x) => x.inspectionId, {
          source,
          where,
          field: 'wellLedInspections',
        });
      for (const uor of t.useOfResources ?? []) {
        merged.useOfResources ??= [];
        once(merged.useOfResources, uor, (x) => x.assessmentId, { source, where, field: 'useOfResources' });
      }
      for (const pir of t.providerInformationRequests)
        once(merged.providerInformationRequests, pir, (x) => x.requestId, {
          source,
          where,
          field: 'providerInformationRequests',
        });
      for (const cs of t.coreServices) {
        const key = `${t.trustId}\u0000${cs.locationId}\u0000${cs.service}`;
        const first = seenServices.get(key);
        if (!first) {
          seenServices.set(key, { cs, source });
          merged.coreServices.push(cs);
        } else if (first.cs.rating !== cs.rating || first.cs.reportPublishedOn !== cs.reportPublishedOn) {
          conflicts.push({
            source,
            where: `trust ${JSON.stringify(t.trustId)} location ${cs.locationId}`,
            field: cs.service,
            message: `rated ${cs.rating} (report ${cs.reportPublishedOn ?? 'none'}) here but ${first.cs.rating} (report ${first.cs.reportPublishedOn ?? 'none'}) in ${first.source}: which is right?`,
          });
        }
      }
    }
  }
  if (conflicts.length > 0) throw new InputError(conflicts);

  /** Adds `entry` unless listed already: the same again is kept once, a different one is a conflict. */
  function once<T>(list: T[], entry: T, idOf: (x: T) => string, at: Omit<Problem, 'message'>): void {
    const sourceOf = (x: T) => sources.get(x as object) ?? '(input)';
    const earlier = list.find((x) => idOf(x) === idOf(entry));
    if (!earlier) {
      list.push(entry);
      sources.set(entry as object, at.source);
    } else if (JSON.stringify(earlier) !== JSON.stringify(entry))
      conflicts.push({
        ...at,
        message: `${idOf(entry)} differs from the one in ${sourceOf(earlier)}: which is right?`,
      });
  }
  // A combined trust rated both ways: a service rated at one of its locations is not rated
  // again at provider level (provider-level services sit at the trust's own id).
  for (const t of trusts.values()) {
    const atLocations = new Set(
      t.coreServices.filter((c) => c.locationId !== t.trustId).map((c) => c.service),
    );
    t.coreServices = t.coreServices.filter((c) => c.locationId !== t.trustId || !atLocations.has(c.service));
  }
  // Locations whose services the provider document rates are not unrated.
  const providerRated = new Set(
    [...trusts.values()]
      .filter((t) => t.coreServices.some((c) => c.locationId === t.trustId))
      .map((t) => t.trustId),
  );
  out.unratedLocations = out.unratedLocations.filter((u) => !providerRated.has(u.trustId));
  out.trusts = [...trusts.values()];
  return out;
}
