import { Duration } from 'aws-cdk-lib';
import { type CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DUE_INDEX, TASK_INDEX } from '../../adapters/dynamodb/keys.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import { LambdaFunction } from './lambda-function.ts';

/** The planner HTTP API: IAM on every route, access logs, throttling; its function only reads. */
export class PlannerApi extends Construct {
  readonly handler: LambdaFunction;
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: { table: ITableV2; environment: Record<string, string> }) {
    super(scope, id);
    const { table } = props;
    this.handler = new LambdaFunction(this, 'Handler', {
      entry: FUNCTION_ENTRIES.plannerApi,
      description: 'Planner HTTP API: due work, tasks, trusts, forecast (read only)',
      memorySize: 512,
      timeout: Duration.seconds(20),
      environment: props.environment,
      // Served at GET /openapi.json, read from beside the bundle.
      copyFiles: ['docs/openapi.json'],
      // The CSV and iCalendar writers, loaded on the first format=csv|ics request (api/load-formats.ts).
      sideBundles: [{ entry: 'api/formats.ts', outfile: 'formats.mjs' }],
    });
    // Read only, and never a Scan.
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [
          table.tableArn,
          `${table.tableArn}/index/${DUE_INDEX}`,
          `${table.tableArn}/index/${TASK_INDEX}`,
        ],
      }),
    );

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Planner API: due work (JSON, CSV, iCalendar), tasks, trusts, forecast',
      defaultAuthorizer: new HttpIamAuthorizer(),
      defaultIntegration: new HttpLambdaIntegration('Integration', this.handler.fn),
      createDefaultStage: true,
    });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        caller: '$context.identity.caller',
        user: '$context.identity.userArn',
        requestTime: '$context.requestTime',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    stage.defaultRouteSettings = {
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      detailedMetricsEnabled: true,
    };
  }
}
