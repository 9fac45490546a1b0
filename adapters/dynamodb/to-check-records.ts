import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { assessmentOf, type ToCheck, toCheckSchema } from '../../domain/to-check.ts';
import { TASK_INDEX, TO_CHECK_GSI2PK, TO_CHECK_SK, trustPk } from './keys.ts';
import { type OnSkipped, setEach, type Table } from './table.ts';

/**
 * The trusts to check by hand, whose ratings give no due date: one record beside each such
 * trust's profile, listed on the tasks index. Part of the due-work records (DueItemsRepository).
 */
export class ToCheckRecords {
  constructor(protected readonly table: Table) {}

  /**
   * Records a trust to check: its fields and the assessment it is about, listed on the tasks
   * index. What its recipients were told is only initialised, never overwritten.
   */
  async saveToCheck(toCheck: ToCheck): Promise<void> {
    const fields: Record<string, unknown> = {
      type: 'to-check',
      ...toCheck,
      assessment: assessmentOf(toCheck),
      GSI2PK: TO_CHECK_GSI2PK,
      GSI2SK: toCheck.trustId,
    };
    const { sets, names, values } = setEach(fields);
    values[':empty'] = {};
    const out = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(toCheck.trustId), SK: TO_CHECK_SK },
        UpdateExpression: `SET ${sets.join(', ')}, told = if_not_exists(told, :empty)`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.table.count(out.ConsumedCapacity, 'write');
    this.table.usage.dataWrites++;
  }

  /** The trust's ratings give due dates again: nothing is left to check. */
  async closeToCheck(trustId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: { PK: trustPk(trustId), SK: TO_CHECK_SK } }),
    );
  }

  /** Every trust to check, in trust order (one Query of the tasks index); rows that do not parse go to `onSkipped`. */
  listToCheck(onSkipped?: OnSkipped): Promise<ToCheck[]> {
    // The nightly job rewrites one that does not parse; until then it is left out.
    return this.table.listParsed(TASK_INDEX, TO_CHECK_GSI2PK, toCheckSchema, onSkipped);
  }
}
