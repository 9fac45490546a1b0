import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { AppStack } from './app-stack.ts';

/**
 * cdk-nag's AwsSolutions and Serverless packs over the whole app. Synth fails on any finding
 * that is neither fixed nor acknowledged here, on the narrowest construct, with a reason a
 * security reviewer can check.
 */
export function addNagChecks(app: App, application: AppStack): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

  for (const fn of Object.values(application.functions)) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords, added by active tracing: X-Ray does not support resource-level permissions for them.',
    });
    Validations.of(fn.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${application.getLogicalId(fn.logGroup.node.defaultChild as never)}.Arn>:*]`,
      reason:
        "Only logs:CreateLogStream and logs:PutLogEvents on the log streams of this function's own log group, whose stream names the Lambda service generates.",
    });
  }
  Validations.of(application.functions.plannerApi).acknowledge({
    id: 'Serverless-LambdaDLQ',
    reason:
      'Invoked synchronously by API Gateway: a failure is answered to the caller, there is no event to keep.',
  });
  for (const queue of Object.values(application.deadLetterQueues)) {
    Validations.of(queue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself a dead-letter queue; an alarm fires on its first message.',
    });
  }
  Validations.of(application.deadLetterQueues.notificationDlq).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is the dead-letter queue of the SNS email subscriptions (RedrivePolicy on the subscriptions), which the rule does not detect.',
  });
  // The roles EventBridge Scheduler assumes to invoke the nightly and sync functions (created by the targets).
  const schedulerRoles = application.node
    .findAll()
    .filter((c) => c.node.id.startsWith('SchedulerRoleForTarget'));
  if (schedulerRoles.length === 0) throw new Error('the scheduler target roles were not found');
  for (const role of schedulerRoles)
    for (const target of [application.functions.nightlyRun, application.functions.cqcSync])
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${application.getLogicalId(target.node.defaultChild as never)}.Arn>:*]`,
        reason:
          'The schedules may invoke only the nightly-run and cqc-sync functions (the :* covers their versions and aliases, as the Scheduler target grant writes it).',
      });
  for (const route of application.plannerApi.publicRoutes)
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'A web page, sign-in, the stylesheet, the API description or a calendar feed (PUBLIC_ROUTES): the pages carry their session in a cookie the JWT authorizer cannot read, so the function verifies it (aws-jwt-verify, the same checks) and sends anyone unsigned to sign in; a feed is authorized by its revocable secret. Every data route is the $default route, behind the JWT authorizer.',
    });
  Validations.of(application.sync.apiKey).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The secret holds a subscription key CQC issues through its developer portal: it cannot be rotated from AWS. An admin replaces it when CQC issues a new one (README, "Deploy to AWS").',
  });
}
