import { Duration, Stack } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  type IUserPool,
  ManagedLoginVersion,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ACTIONS_PREFIX,
  DUE_INDEX,
  FEED_PREFIX,
  REVOKED_PREFIX,
  TASK_INDEX,
  TRUST_PREFIX,
  USER_PREFIX,
} from '../../adapters/dynamodb/keys.ts';
import { LOGIN_PORT, loginCallbackUrl } from '../../domain/sign-in.ts';
import { FUNCTION_ENTRIES } from '../bundling.ts';
import { LambdaFunction } from './lambda-function.ts';

/**
 * The routes API Gateway lets through without a token, each for a reason: the web pages (their
 * session is a cookie, which the JWT authorizer cannot read, so the function checks it with the
 * same verifier and sends anyone without one to sign in), signing in and out, the stylesheet,
 * the API's own description, and calendar feeds (a calendar cannot send a header: the feed's
 * secret in its path is its credential). Everything else (every data route, and any added
 * later) is the `$default` route, behind the JWT authorizer.
 */
export const PUBLIC_ROUTES: readonly { path: string; methods: HttpMethod[] }[] = [
  { path: '/', methods: [HttpMethod.GET] },
  { path: '/web/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/sign-in', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/auth/callback', methods: [HttpMethod.GET] },
  // Where `trust-scheduler login` learns this API's managed login and app client.
  { path: '/auth/cli', methods: [HttpMethod.GET] },
  { path: '/sign-out', methods: [HttpMethod.POST] },
  { path: '/signed-out', methods: [HttpMethod.GET] },
  { path: '/assets/{proxy+}', methods: [HttpMethod.GET] },
  { path: '/openapi.json', methods: [HttpMethod.GET] },
  { path: '/feeds/{proxy+}', methods: [HttpMethod.GET] },
];

export interface PlannerApiProps {
  table: ITableV2;
  environment: Record<string, string>;
  userPool: IUserPool;
  signInDomainPrefix: string;
  /** Where people open the pages (a custom domain); the API's URL when absent. */
  webBaseUrl: string | undefined;
}

/**
 * The planner HTTP API and web pages: Cognito sign-in (managed login, authorization code with
 * PKCE, a public app client), a JWT authorizer on every data route, access logs, throttling; its
 * function only reads.
 */
export class PlannerApi extends Construct {
  readonly handler: LambdaFunction;
  readonly api: HttpApi;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** Where the pages are: the digest's links start here. */
  readonly webBaseUrl: string;
  /** The routes without the JWT authorizer (PUBLIC_ROUTES). */
  readonly publicRoutes: HttpRoute[];

  constructor(scope: Construct, id: string, props: PlannerApiProps) {
    super(scope, id);
    const { table, userPool } = props;
    this.handler = new LambdaFunction(this, 'Handler', {
      entry: FUNCTION_ENTRIES.plannerApi,
      description: 'Planner HTTP API and pages: due work, actions, trusts, forecast, plan',
      // A national plan holds about 500 MB while HiGHS solves (bench/results/plan.json); the
      // solver stops at the planning settings' time limit (20 s), inside API Gateway's 30 s.
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: props.environment,
      // Served at GET /openapi.json and /assets/app.css, read from beside the bundle.
      // HiGHS's WebAssembly beside planner.mjs, which loads it from there.
      copyFiles: [
        'docs/openapi.json',
        'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css',
        'node_modules/highs/build/highs.wasm',
      ],
      // The CSV and iCalendar writers, loaded on the first format=csv|ics request (api/load-formats.ts).
      // The web app (sign-in, feeds) and its pages likewise, on the first request for one: the
      // JSON API never loads them.
      sideBundles: [
        { entry: 'api/formats.ts', outfile: 'formats.mjs' },
        { entry: 'api/web.ts', outfile: 'web.mjs' },
        { entry: 'api/pages/index.tsx', outfile: 'pages.mjs' },
        // The planner and HiGHS, on the first plan asked for.
        { entry: 'api/planner.ts', outfile: 'planner.mjs' },
        // The Cognito client: who a user is now, calendar feeds, sign-out everywhere.
        { entry: 'adapters/cognito/pool-client.ts', outfile: 'users.mjs' },
      ],
    });
    // What it writes: calendar feeds (each user's feed record and the feeds themselves), the
    // records of what people did with items (put only: the app's Deny forbids the rest), and
    // signed-out sessions (a token's id, kept until it expires).
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              `${FEED_PREFIX}*`,
              `${USER_PREFIX}*`,
              `${ACTIONS_PREFIX}*`,
              `${REVOKED_PREFIX}*`,
            ],
          },
        },
      }),
    );
    // ...and an item's state after an action, and what an admin changes of a trust (its holder,
    // on its profile and its due items; a check with a hand-set due date): those attributes only.
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TRUST_PREFIX}*`] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': ['PK', 'SK', 'itemState', 'relationshipHolder', 'checked'],
          },
        },
      }),
    );
    // Who a user is now (a change asks at that moment, a read within five minutes, a feed is
    // served by its owner's role now), sign-out ending every session of the user, and the users
    // page (admins, each change recorded): invite, change a role, remove.
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminListGroupsForUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:ListUsers',
          'cognito-idp:ListUsersInGroup',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminDeleteUser',
        ],
        resources: [userPool.userPoolArn],
      }),
    );
    // Otherwise read only, and never a Scan.
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
      description: 'Planner API and web pages: due work (JSON, CSV, iCalendar), tasks, trusts, forecast',
      createDefaultStage: true,
    });
    this.webBaseUrl = props.webBaseUrl ?? this.api.apiEndpoint;

    // Sign-in: Cognito's managed login on the pool's domain, for a public client (no secret to
    // keep) using the authorization code with PKCE; the page keeps the session in a cookie.
    this.domain = new UserPoolDomain(this, 'SignInDomain', {
      userPool,
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    this.client = new UserPoolClient(this, 'WebClient', {
      userPool,
      userPoolClientName: 'trust-scheduler-web',
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        // The pages' callback, and `trust-scheduler login`'s loopback one (RFC 8252: the user's
        // own machine; the code is useless without the verifier the command holds).
        callbackUrls: [`${this.webBaseUrl}/auth/callback`, loginCallbackUrl(LOGIN_PORT)],
        logoutUrls: [`${this.webBaseUrl}/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.handler.fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.handler.fn.addEnvironment('USER_POOL_CLIENT_ID', this.client.userPoolClientId);
    this.handler.fn.addEnvironment('SIGN_IN_DOMAIN_URL', this.domain.baseUrl());
    this.handler.fn.addEnvironment('WEB_BASE_URL', this.webBaseUrl);

    const integration = new HttpLambdaIntegration('Integration', this.handler.fn);
    // Every route but the public ones: a Cognito access token of this app client (API Gateway's
    // JWT authorizer), checked again, with the role, by the function.
    new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration,
      authorizer: new HttpUserPoolAuthorizer('CognitoAccessToken', userPool, {
        userPoolClients: [this.client],
        userPoolRegion: Stack.of(this).region,
      }),
    });
    this.publicRoutes = PUBLIC_ROUTES.flatMap((route) => this.api.addRoutes({ ...route, integration }));
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        // Who, by the token's subject (a UUID), never the email or the token.
        user: '$context.authorizer.claims.sub',
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
