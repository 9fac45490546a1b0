import { type UserChange, userChangeSchema } from '../../domain/user-changes.ts';
import { ChangeLog } from './change-log.ts';
import { ACTIONS_PREFIX } from './keys.ts';
import type { Table } from './table.ts';

/** The changes admins made to who may sign in: put only, in the action records' family (never rewritten). */
const USERS_PK = `${ACTIONS_PREFIX}~users`;

export class UserChangesRepository {
  private readonly log: ChangeLog<UserChange>;

  constructor(table: Table) {
    this.log = new ChangeLog(table, '#USER#v', 'user-change', userChangeSchema);
  }

  /** Every change, oldest first, and the versions of any that do not read. */
  list(): Promise<{ changes: UserChange[]; unreadable: number[] }> {
    return this.log.list(USERS_PK);
  }

  /** Keeps the change's record; a 409 when another took its version first. */
  record(change: UserChange): Promise<void> {
    return this.log.put(
      USERS_PK,
      change,
      'Another admin changed the users just now: look again, then change',
    );
  }
}
