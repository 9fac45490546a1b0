import { readFileSync } from 'node:fs';
import { App, type AppProps } from 'aws-cdk-lib';
import { AppStack } from './app-stack.ts';
import { CONTEXT_KEY, parseDeploymentConfig } from './config.ts';
import { addNagChecks } from './nag.ts';
import { StatefulStack } from './stateful-stack.ts';

/**
 * Builds the whole app: the stateful stack (the table) and the application stack, checked by
 * cdk-nag's AwsSolutions and Serverless packs. Used by `infra/app.ts` and by the tests.
 */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  // cdk.json's settings are the defaults a `-c trustScheduler=…` overrides key by key.
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8'));
  const config = parseDeploymentConfig(app.node.tryGetContext(CONTEXT_KEY), cdkJson.context?.[CONTEXT_KEY]);
  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: config.region,
  };
  const prefix = `TrustScheduler-${config.environmentName}`;
  const stateful = new StatefulStack(app, `${prefix}-Data`, {
    env,
    description: 'Trust scheduler: the table (retained)',
  });
  const application = new AppStack(app, `${prefix}-App`, {
    env,
    config,
    table: stateful.table,
    userPool: stateful.userPool,
    description: 'Trust scheduler: functions, schedule, bus, planner API, SES, alarms',
  });
  application.addStackDependency(stateful);
  addNagChecks(app, application);
  return { app, config, stateful, application };
}
