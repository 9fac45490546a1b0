import type { Endpoint } from '../clients.ts';
import { ActionsRepository } from './actions.ts';
import { DeliveriesRepository } from './deliveries.ts';
import { DueItemsRepository } from './due-items.ts';
import { FeedsRepository } from './feeds.ts';
import { RevocationsRepository } from './revocations.ts';
import { RunsRepository } from './runs.ts';
import { SyncStateRepository } from './sync-state.ts';
import { makeTable, type Table } from './table.ts';
import { TasksRepository } from './tasks.ts';
import { TrustChangesRepository } from './trust-changes.ts';
import { TrustRecordsRepository } from './trust-records.ts';
import { UserChangesRepository } from './user-changes.ts';

/** One repository per record family, all on the same table. */
export function makeRepositories(table: Table) {
  return {
    table,
    trustRecords: new TrustRecordsRepository(table),
    dueItems: new DueItemsRepository(table),
    tasks: new TasksRepository(table),
    runs: new RunsRepository(table),
    deliveries: new DeliveriesRepository(table),
    syncState: new SyncStateRepository(table),
    feeds: new FeedsRepository(table),
    actions: new ActionsRepository(table),
    revocations: new RevocationsRepository(table),
    trustChanges: new TrustChangesRepository(table),
    userChanges: new UserChangesRepository(table),
  };
}
export type Repositories = ReturnType<typeof makeRepositories>;

/** The repositories on a table in AWS, or on a local stand-in when `endpoint` is given. */
export function openTable(where: Endpoint & { tableName: string }): Repositories {
  return makeRepositories(makeTable(where));
}

/*
 * What each function needs of the table, and only that: a Lambda bundle carries the repositories
 * it builds and no others (load time follows bytes). `local/` opens them all (openTable).
 */

/** The table-side ports of the nightly run. */
export function nightlyRunPorts(table: Table) {
  return {
    trusts: new TrustRecordsRepository(table),
    dueItems: new DueItemsRepository(table),
    actions: new ActionsRepository(table),
    tasks: new TasksRepository(table),
    runs: new RunsRepository(table),
    meter: table,
  };
}

/** The table-side ports of the sync. */
export function syncPorts(table: Table) {
  return {
    trusts: new TrustRecordsRepository(table),
    dueItems: new DueItemsRepository(table),
    runs: new RunsRepository(table),
    state: new SyncStateRepository(table),
  };
}

/** What the planner API reads. */
export function plannerRepositories(table: Table) {
  return {
    trustRecords: new TrustRecordsRepository(table),
    dueItems: new DueItemsRepository(table),
    tasks: new TasksRepository(table),
    runs: new RunsRepository(table),
    actions: new ActionsRepository(table),
    revocations: new RevocationsRepository(table),
    trustChanges: new TrustChangesRepository(table),
    userChanges: new UserChangesRepository(table),
  };
}
