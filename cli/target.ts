import { connect } from 'node:net';
import { type LocalWiringOptions, wireLocal } from '../local/wiring.ts';
import { ConnectionError, UsageError } from './errors.ts';

/** Where a command's table and SES are: the local stack by default, AWS with `--table`. */
export interface Target {
  dynamoDbEndpoint: string | undefined;
  sesEndpoint: string | undefined;
  tableName: string;
  region: string;
  local: boolean;
}

export const LOCAL_DEFAULTS = {
  dynamoPort: 8000,
  sesPort: 8005,
  apiPort: 3000,
  cqcApiPort: 8010,
  cognitoPort: 9229,
  tableName: 'trust-scheduler',
};

function port(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`${name}: ${JSON.stringify(raw)} is not a port number`);
  return n;
}

export function localPorts(env: Record<string, string | undefined> = process.env) {
  return {
    dynamoPort: port(env, 'DYNAMODB_PORT', LOCAL_DEFAULTS.dynamoPort),
    sesPort: port(env, 'SES_PORT', LOCAL_DEFAULTS.sesPort),
    apiPort: port(env, 'API_PORT', LOCAL_DEFAULTS.apiPort),
    cqcApiPort: port(env, 'CQC_API_PORT', LOCAL_DEFAULTS.cqcApiPort),
    cognitoPort: port(env, 'COGNITO_PORT', LOCAL_DEFAULTS.cognitoPort),
  };
}

/**
 * `--table NAME` with no DYNAMODB_ENDPOINT means the deployed table in AWS (credentials from the
 * usual chain); otherwise the local stack that `npm start` runs, or wherever the variables say.
 */
export function resolveTarget(
  tableFlag: string | undefined,
  env: Record<string, string | undefined> = process.env,
): Target {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-2';
  const ports = localPorts(env);
  if (tableFlag && !env.DYNAMODB_ENDPOINT) {
    return {
      dynamoDbEndpoint: undefined,
      sesEndpoint: env.SES_ENDPOINT,
      tableName: tableFlag,
      region,
      local: false,
    };
  }
  return {
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${ports.dynamoPort}`,
    sesEndpoint: env.SES_ENDPOINT ?? `http://127.0.0.1:${ports.sesPort}`,
    tableName: tableFlag ?? env.TABLE_NAME ?? LOCAL_DEFAULTS.tableName,
    region,
    local: true,
  };
}

function unreachable(target: Target): ConnectionError {
  return new ConnectionError(
    `cannot reach DynamoDB at ${target.dynamoDbEndpoint}: start the local stack with \`npm start\` in another terminal, or set DYNAMODB_PORT to the port it printed (DYNAMODB_ENDPOINT for another host)`,
  );
}

/**
 * Fails at once when nothing listens at a DynamoDB endpoint, rather than after the SDK's seven
 * retries (about 2.5 seconds of backoff spent on a refused connection). AWS itself is not probed.
 */
export async function ensureReachable(target: Target, timeoutMs = 2000): Promise<void> {
  if (!target.dynamoDbEndpoint) return;
  const url = new URL(target.dynamoDbEndpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(unreachable(target));
    });
    socket.once('error', () => reject(unreachable(target)));
  });
}

/** Turns "connection refused" into advice. */
export function explainConnectionError(err: unknown, target: Target): Error {
  const code =
    (err as { code?: string; cause?: { code?: string } }).code ??
    (err as { cause?: { code?: string } }).cause?.code;
  const name = (err as { name?: string }).name;
  if (code === 'ECONNREFUSED' || name === 'TimeoutError') return unreachable(target);
  if (name === 'ResourceNotFoundException') {
    return new UsageError(
      `table ${target.tableName} does not exist at ${target.dynamoDbEndpoint ?? 'AWS'}: check TABLE_NAME / --table`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * The table a command works on (`--table`, or the local stack), checked to answer, and the
 * handlers wired to it. No SES unless `extra` gives one.
 */
export async function wireTarget(
  tableFlag: string | undefined,
  extra: Omit<Partial<LocalWiringOptions>, 'dynamoDbEndpoint' | 'tableName' | 'region'> = {},
) {
  const target = resolveTarget(tableFlag);
  await ensureReachable(target);
  const wiring = wireLocal({
    dynamoDbEndpoint: target.dynamoDbEndpoint,
    sesEndpoint: undefined,
    tableName: target.tableName,
    region: target.region,
    ...extra,
  });
  return { target, wiring };
}
