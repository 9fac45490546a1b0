/**
 * The single table's key design. One definition, used to create the table locally and checked
 * against the CDK table in the infrastructure tests.
 *
 * | record           | PK                | SK                               | GSI1 (due date)                     | GSI2 (tasks)                    |
 * | trust profile    | TRUST#<trustId>   | PROFILE                          |                                     |                                 |
 * | core service     | TRUST#<trustId>   | CS#<locationId>#<service>        |                                     |                                 |
 * | well-led         | TRUST#<trustId>   | WL#<inspectionId>                |                                     |                                 |
 * | PIR              | TRUST#<trustId>   | PIR#<requestId>                  |                                     |                                 |
 * | use of resources | TRUST#<trustId>   | UOR#<assessmentId>               |                                     |                                 |
 * | history          | TRUST#<trustId>   | HISTORY#<date>#<instant>         |                                     |                                 |
 * | due item         | TRUST#<trustId>   | ITEM#<itemId>                    | DUE#<yyyy-mm of dueBy> / <dueBy>#<itemId> |                          |
 * | report task      | TRUST#<trustId>   | TASK#<inspectionId>              |                                     | TASK#<open|closed> / <dueBy>#<trustId>#<inspectionId> |
 * | trust to check   | TRUST#<trustId>   | TO-CHECK                         |                                     | TO-CHECK / <trustId>            |
 * | closed item      | TRUST#<trustId>   | CLOSED#<itemId>                  |                                     |                                 |
 * | action record    | ACTIONS#<trustId> | <itemId>#v<version, 6 digits>    |                                     |                                 |
 * | acted-on trust   | ACTIONS#<trustId> | #ACTED                           |                                     | ACTED-TRUSTS / <trustId>        |
 * | trust change     | ACTIONS#<trustId> | #TRUST#v<000001>                 |                                     |                                 |
 * | revoked session  | REVOKED#<jti>     | REVOKED                          |                                     |                                 |
 * | due months index | META              | DUE-MONTHS                       |                                     |                                 |
 * | latest run       | META              | LATEST-RUN                       |                                     |                                 |
 * | run record       | RUN               | <runId>                          |                                     |                                 |
 * | digest ledger    | DIGEST#<runId>    | <recipient email>#<part>         |                                     |                                 |
 * | digest outcomes  | DIGEST#<runId>    | #SUMMARY                         |                                     |                                 |
 * | sync state       | SYNC              | STATE                            |                                     |                                 |
 * | sync run record  | SYNC              | RUN#<startedAt>#<runId>          |                                     |                                 |
 */

export const DUE_INDEX = 'due-date';
export const TASK_INDEX = 'tasks';

export const tableDefinition = {
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
    { AttributeName: 'GSI1PK', AttributeType: 'S' },
    { AttributeName: 'GSI1SK', AttributeType: 'S' },
    { AttributeName: 'GSI2PK', AttributeType: 'S' },
    { AttributeName: 'GSI2SK', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: DUE_INDEX,
      KeySchema: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: TASK_INDEX,
      KeySchema: [
        { AttributeName: 'GSI2PK', KeyType: 'HASH' },
        { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST',
} as const;

export const TRUST_PREFIX = 'TRUST#';
export const trustPk = (trustId: string) => `${TRUST_PREFIX}${trustId}`;
export const PROFILE_SK = 'PROFILE';
export const coreServiceSk = (locationId: string, service: string) => `CS#${locationId}#${service}`;
export const wellLedSk = (inspectionId: string) => `WL#${inspectionId}`;
export const pirSk = (requestId: string) => `PIR#${requestId}`;
export const useOfResourcesSk = (assessmentId: string) => `UOR#${assessmentId}`;
/** What was retired from a trust, when and why: kept after the records and items are gone. */
export const HISTORY_PREFIX = 'HISTORY#';
export const historySk = (on: string, at: string) => `${HISTORY_PREFIX}${on}#${at}`;
export const ITEM_PREFIX = 'ITEM#';
export const itemSk = (itemId: string) => `${ITEM_PREFIX}${itemId}`;
export const taskSk = (inspectionId: string) => `TASK#${inspectionId}`;
/**
 * A trust to check by hand (rated only under the single assessment framework), as the nightly job
 * and imports derive it from the profile, with who was told. Kept apart from the profile, which
 * an import rewrites whole, so what was told is never lost. Listed on the tasks index under
 * TO_CHECK_GSI2PK: the other work for a person.
 */
export const TO_CHECK_SK = 'TO-CHECK';
export const TO_CHECK_GSI2PK = 'TO-CHECK';
/** The due-date index is sharded by the month of the due date, so a window is a few Queries. */
export const dueMonthPk = (dueBy: string) => `DUE#${dueBy.slice(0, 7)}`;
export const RUN_PK = 'RUN';
export const META_PK = 'META';
export const DUE_MONTHS_SK = 'DUE-MONTHS';
/** A copy of the run that started last: `GET /runs/latest` (run ids do not sort by time). */
export const LATEST_RUN_SK = 'LATEST-RUN';
/** The CQC API sync: its watermark, full-reconcile progress and lease, and its run records. */
export const SYNC_PK = 'SYNC';
export const SYNC_STATE_SK = 'STATE';
export const syncRunSk = (startedAt: string, runId: string) => `RUN#${startedAt}#${runId}`;
export const DIGEST_PREFIX = 'DIGEST#';
export const digestPk = (runId: string) => `${DIGEST_PREFIX}${runId}`;
export const digestSk = (email: string, part: number) => `${email.toLowerCase()}#${part}`;
/** Per run: how its digests ended (sent, rejected, …), counted by send-digest, shown with the run. */
export const DIGEST_SUMMARY_SK = '#SUMMARY';

/**
 * Calendar feeds: a feed's record (whose secret it checks, by hash) and, per user, which feed is
 * theirs. Only the feed a user's record names is live, so replacing or revoking one is one write.
 */
export const FEED_PREFIX = 'FEED#';
export const feedPk = (feedId: string) => `${FEED_PREFIX}${feedId}`;
export const USER_PREFIX = 'USER#';
export const userPk = (email: string) => `${USER_PREFIX}${email.toLowerCase()}`;
export const FEED_SK = 'FEED';

/**
 * What people did with items (issues 19 and 24): one record per action, in the trust's own
 * actions partition, apart from its records, so no retirement or rewrite of the trust touches
 * it, and a trust's whole history is one Query (an item's, one Query on its prefix). The sort key
 * ends in the version the action made: writing it is the lock (only one action makes version n).
 */
export const ACTIONS_PREFIX = 'ACTIONS#';
export const actionsPk = (trustId: string) => `${ACTIONS_PREFIX}${trustId}`;
/** `<itemId>#v000001`: an item's records sort together, by version. */
export const actionSk = (itemId: string, version: number) => `${itemId}#v${String(version).padStart(6, '0')}`;
/**
 * The first record of a trust's actions partition, written before its first action: listed on
 * the tasks index under ACTED_TRUSTS_GSI2PK, so the night reads the action records of only the
 * trusts people have acted on (one index Query a night, not a Query per trust).
 */
export const ACTED_SK = '#ACTED';
export const ACTED_TRUSTS_GSI2PK = 'ACTED-TRUSTS';

/** The item id and version an action record's sort key names, or null for another key. */
export function actionKeyOf(sk: string): { itemId: string; version: number } | null {
  const m = /^([^#].*)#v(\d{6})$/.exec(sk);
  return m ? { itemId: m[1]!, version: Number(m[2]) } : null;
}

/** What admins changed of the trust (its holder, a check), beside its items' actions: `#TRUST#v000001`. */
export const TRUST_CHANGE_PREFIX = '#TRUST#v';

/**
 * What an item was when it closed (the nightly job found it no longer due, or its records were
 * retired), when and why: kept in the trust's partition, so a closed item keeps its page.
 */
export const CLOSED_PREFIX = 'CLOSED#';
export const closedSk = (itemId: string) => `${CLOSED_PREFIX}${itemId}`;

/**
 * Signed-out sessions: the access token's id (`jti`), kept until the token would have expired
 * (DynamoDB TTL), so a token is refused from sign-out on, wherever it is presented.
 */
export const REVOKED_PREFIX = 'REVOKED#';
export const revokedPk = (tokenId: string) => `${REVOKED_PREFIX}${tokenId}`;
export const REVOKED_SK = 'REVOKED';

/** How long run records and the digest ledger are kept (DynamoDB TTL on `expiresAt`). */
export const RETENTION_DAYS = 400;
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The attributes of a due item (or a trust to check) that send-digest may touch: its keys, its
 * delivery state, and the stage (or assessment) its claims are checked against. Its IAM role is
 * held to these (dynamodb:Attributes).
 */
export const DELIVERY_ATTRIBUTES = ['PK', 'SK', 'told', 'stage', 'assessment'] as const;
