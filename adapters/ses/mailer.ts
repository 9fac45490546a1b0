import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Email, type Mailer, PermanentMailError, TransientMailError } from '../../use-cases/ports.ts';

const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

/** Sorts an SES error into permanent or transient, by its name and HTTP status. */
export function classifyMailError(err: unknown): PermanentMailError | TransientMailError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const name = e.name ?? 'Error';
  const message = `${name}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? ''}`.trim();
  if (
    PERMANENT.has(name) ||
    (status >= 400 && status < 500 && status !== 429 && !/Throttl|TooManyRequests|LimitExceeded/.test(name))
  ) {
    return new PermanentMailError(message);
  }
  return new TransientMailError(message);
}

/** SES v2 SendEmail. Throttling and 5xx are retried with backoff by the SDK (`maxAttempts`). */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  async send(email: Email): Promise<{ messageId: string }> {
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [email.to] },
          ConfigurationSetName: this.configurationSet,
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: email.text, Charset: 'UTF-8' },
                Html: { Data: email.html, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? 'unknown' };
    } catch (err) {
      throw classifyMailError(err);
    }
  }
}
