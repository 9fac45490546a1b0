import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ReportTask, reportTaskSchema } from '../../domain/report-tasks.ts';
import { TASK_INDEX, taskSk, trustPk } from './keys.ts';
import type { OnSkipped, Table } from './table.ts';

/** Report tasks, in their trust's partition and on the sparse tasks index by status. */
export class TasksRepository {
  constructor(private readonly table: Table) {}

  /** Raises a report task once: true if this call created it, false if it already existed. */
  async raise(task: ReportTask): Promise<boolean> {
    return this.table.conditionalWrite(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          PK: trustPk(task.trustId),
          SK: taskSk(task.inspectionId),
          type: 'task',
          ...task,
          GSI2PK: `TASK#${task.status}`,
          GSI2SK: `${task.dueBy}#${task.trustId}#${task.inspectionId}`,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /** Closes an open task: true if this call closed it. */
  async close(task: Pick<ReportTask, 'trustId' | 'inspectionId'>, closedOn: string): Promise<boolean> {
    return this.table.conditionalWrite(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { PK: trustPk(task.trustId), SK: taskSk(task.inspectionId) },
        UpdateExpression: 'SET #status = :closed, closedOn = :on, GSI2PK = :pk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':closed': 'closed',
          ':open': 'open',
          ':on': closedOn,
          ':pk': 'TASK#closed',
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  /**
   * Report tasks by status, from the tasks index, soonest due first. A stored task that does not
   * parse is passed over and named to `onSkipped`, so one bad row never fails the list.
   */
  async list(status: 'open' | 'closed', onSkipped?: OnSkipped): Promise<ReportTask[]> {
    return this.table.listParsed(TASK_INDEX, `TASK#${status}`, reportTaskSchema, onSkipped);
  }
}
