import { londonDateOf } from '../domain/calendar.ts';
import { DEFAULT_MAX_TRUST_SHARE, NHS_CATEGORY_CODES } from '../domain/sources/cqc-sync.ts';
import { isKeyRefusal, type SyncProgress } from './ports.ts';
import { ProviderSync, type SyncCounts } from './sync-provider.ts';
import type { SyncDeps, SyncMode, SyncOptions, SyncRun } from './sync-run.ts';

export type { SyncDeps, SyncMode, SyncOptions, SyncRun } from './sync-run.ts';

const LEASE_MINUTES = 16; // longer than a Lambda can run

/** Syncs trust records from the CQC API: see docs/SYNC.md. */
export async function syncTrusts(deps: SyncDeps, options: SyncOptions): Promise<SyncRun> {
  const clock = deps.now ?? (() => new Date());
  const started = clock();
  const runId = `sync:${started.toISOString()}`;
  const asOf = options.asOf ?? londonDateOf(started);
  const counts: SyncCounts = {
    providersChecked: 0,
    documentsFetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    retired: [],
    retireHeld: 0,
    problems: [],
    toCheck: [],
  };
  const mode: SyncMode = options.providers?.length ? 'providers' : options.mode;
  const run = (): SyncRun => ({
    runId,
    mode,
    status: 'running',
    asOf,
    startedAt: started.toISOString(),
    finishedAt: null,
    window: null,
    ...counts,
    retired: counts.retired.slice(0, 100),
    retiredCount: counts.retired.length,
    problems: counts.problems.slice(0, 100),
    problemCount: counts.problems.length,
    requests: deps.api.usage.requests,
    retries: deps.api.usage.retries,
    throttled: deps.api.usage.throttled,
    watermark: null,
    retry: [],
    failure: null,
  });
  const until = new Date(started.getTime() + LEASE_MINUTES * 60_000).toISOString();
  if (!(await deps.state.acquire(runId, started.toISOString(), until)))
    return { ...run(), status: 'busy', finishedAt: clock().toISOString() };

  const progress = await deps.state.read();
  const result: Partial<SyncRun> = { watermark: progress.watermark, retry: progress.retry };
  // The deadline stops a request, a wait or a retry in flight, not only the loop between providers.
  const deadline = new AbortController();
  const known = await deps.trusts.locations().catch(async (err) => {
    await deps.state.release(runId);
    throw err;
  });
  const msLeft = options.deadline === undefined ? null : Math.max(0, options.deadline - clock().getTime());
  const timer = msLeft === null ? undefined : setTimeout(() => deadline.abort(new Error('deadline')), msLeft);
  const storedTrusts = known.size;
  const sync = new ProviderSync(
    deps,
    {
      asOf,
      policy: options.policy,
      now: started,
      fallbackRecipient: options.fallbackRecipient,
      concurrency: options.concurrency ?? 4,
      signal: deadline.signal,
      allowMassRetire: options.allowMassRetire,
      maxTrustShare: options.maxTrustShare ?? DEFAULT_MAX_TRUST_SHARE,
    },
    counts,
    known,
  );
  /** A listing cut short (a runaway or failed paging): what it did list goes ahead, the watermark waits. */
  const listed = async (name: string, ids: AsyncIterable<string>, into: Set<string>) => {
    try {
      for await (const id of ids) into.add(id);
      return true;
    } catch (err) {
      if (isKeyRefusal(err) || deadline.signal.aborted) throw err;
      const e = err as Error & { path?: string };
      counts.problems.push({
        document: e.path ?? name,
        reason: `${name} not read whole (${e.message}): the watermark waits`,
        transient: true,
      });
      return false;
    }
  };
  /**
   * Runs one step of the sync; true when it met no problem. A provider whose documents met one
   * (a failed request, an incomplete or invalid document, a held retirement) goes on the retry
   * list and is read first next run, so a change behind it is not lost when the watermark moves.
   */
  const clean = async (step: () => Promise<unknown>) => {
    const before = counts.problems.length;
    await step();
    return counts.problems.length === before;
  };
  const retry = new Set(progress.retry);
  /** Syncs one provider whole: off the retry list when it met no problem, on it otherwise. */
  const readProvider = async (id: string) => {
    if (await clean(() => sync.provider(id))) retry.delete(id);
    else retry.add(id);
  };
  let interrupted = false;
  try {
    /** Whether the time is up: the run then stops between two providers, its progress saved. */
    const timeIsUp = () => {
      interrupted ||= options.deadline !== undefined && clock().getTime() >= options.deadline;
      return interrupted;
    };
    const say = options.onProgress ?? (() => {});

    if (mode === 'providers') {
      for (const id of options.providers ?? []) {
        if (timeIsUp()) break;
        await sync.provider(id);
      }
      await sync.retirements.retireTrustsGone(storedTrusts);
    } else if (mode === 'full' || !progress.watermark || progress.full) {
      // A full reconcile, or the rest of one an earlier run left unfinished.
      result.mode = 'full';
      const full = progress.full ?? { startedAt: started.toISOString(), after: null };
      const ids = new Set(known.keys());
      let listedWhole = true;
      for (const code of NHS_CATEGORY_CODES) {
        const inCategory = new Set<string>();
        listedWhole =
          (await listed(
            `the providers of category ${code}`,
            deps.api.providersInCategory(code, deadline.signal),
            inCategory,
          )) && listedWhole;
        if (inCategory.size > (options.maxListed ?? 5000))
          throw new Error(
            `the CQC API listed over ${options.maxListed ?? 5000} providers in category ${code}: it seems to ignore the filter, so the full reconcile stops rather than fetch them all`,
          );
        for (const id of inCategory) ids.add(id);
      }
      const todo = [...ids].sort().filter((id) => full.after === null || id > full.after);
      say(
        `full reconcile: ${todo.length} providers to check${full.after ? ` (resuming after ${full.after})` : ''}`,
      );
      for (const [n, id] of todo.entries()) {
        if (timeIsUp()) break;
        await readProvider(id);
        full.after = id;
        await deps.state.save({ watermark: progress.watermark, full, retry: [...retry].sort() });
        if ((n + 1) % 20 === 0 || n + 1 === todo.length) say(`checked ${n + 1}/${todo.length} providers`);
      }
      for (const id of await sync.retirements.retireTrustsGone(storedTrusts)) retry.add(id);
      result.retry = [...retry].sort();
      if (!interrupted) {
        // Everything changed before the reconcile began is in, but for the providers it could not
        // read (kept to be read first next run), and unless a listing was cut (the watermark waits).
        const next: SyncProgress = {
          watermark: listedWhole ? full.startedAt : progress.watermark,
          full: null,
          retry: result.retry,
        };
        await deps.state.save(next);
        result.watermark = next.watermark;
      }
    } else {
      const since = new Date(
        Date.parse(progress.watermark) - (options.overlapMinutes ?? 60) * 60_000,
      ).toISOString();
      const window = { since, until: started.toISOString() };
      result.window = window;
      // Providers a full reconcile could not read come first: their changes may predate the window.
      const providers = new Set<string>(progress.retry);
      await listed(
        'the provider changes',
        deps.api.changes('provider', window.since, window.until, deadline.signal),
        providers,
      );
      const locations = new Set<string>();
      await listed(
        'the location changes',
        deps.api.changes('location', window.since, window.until, deadline.signal),
        locations,
      );
      say(`changes since ${window.since}: ${providers.size} providers, ${locations.size} locations`);
      const synced = new Set<string>();
      for (const id of providers) {
        if (timeIsUp()) break;
        // A provider not stored is mostly some other sector's; an NHS one is new to the scheduler.
        await readProvider(id);
        synced.add(id);
      }
      const ownerOf = new Map(
        [...known].flatMap(([trustId, locs]) => [...locs].map((l) => [l, trustId] as const)),
      );
      for (const id of locations) {
        if (timeIsUp()) break;
        const owner = ownerOf.get(id);
        if (synced.has(owner ?? '')) continue;
        let newProvider: string | null = null;
        // A stored location that met a problem: its provider is read whole next run.
        if (!(await clean(async () => (newProvider = await sync.location(id)))) && owner) retry.add(owner);
        if (newProvider && !synced.has(newProvider)) {
          await readProvider(newProvider);
          synced.add(newProvider);
        }
      }
      for (const id of await sync.retirements.retireTrustsGone(storedTrusts)) retry.add(id);
      if (!interrupted) {
        // The retry list is kept whatever happens; the watermark moves only when nothing transient held it.
        const moves = !counts.problems.some((p) => p.transient);
        result.retry = [...retry].sort();
        result.watermark = moves ? window.until : progress.watermark;
        await deps.state.save({ watermark: result.watermark, full: null, retry: result.retry });
      }
    }
    const status = interrupted
      ? 'interrupted'
      : counts.problems.length > 0
        ? 'completed-with-problems'
        : 'succeeded';
    return await finish({ ...run(), ...result, status });
  } catch (err) {
    // What the run read whole still counts (its retirements rest on complete documents); what
    // it did not read moves no watermark.
    if (isKeyRefusal(err) || deadline.signal.aborted) {
      await sync.retirements.retireTrustsGone(storedTrusts);
      const refused = isKeyRefusal(err);
      return await finish({
        ...run(),
        ...result,
        status: refused ? 'refused' : 'interrupted',
        failure: refused ? (err as Error).message : null,
      });
    }
    await finish({ ...run(), ...result, status: 'failed', failure: (err as Error).message });
    throw err;
  } finally {
    clearTimeout(timer);
    await deps.state.release(runId);
  }

  async function finish(record: SyncRun): Promise<SyncRun> {
    const done = { ...record, finishedAt: clock().toISOString() };
    await deps.state.putRun(done, Math.floor(clock().getTime() / 1000));
    deps.logger?.info('sync finished', {
      runId,
      mode: done.mode,
      status: done.status,
      documentsFetched: done.documentsFetched,
      retired: done.retiredCount,
      retireHeld: done.retireHeld,
      problems: done.problemCount,
    });
    return done;
  }
}
