import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../../adapters/config.ts';
import { classifyMailError, SesMailer } from '../../adapters/ses/mailer.ts';
import { type DigestDetail, digestDetailSchema } from '../../domain/digest.ts';
import { renderDigest } from '../../domain/digest-email.ts';
import { redactEmails } from '../../domain/redact.ts';
import { RunInputError, runKeyOf } from '../../use-cases/nightly-run.ts';
import { PermanentMailError, TransientMailError } from '../../use-cases/ports.ts';

const item = (over: Partial<DigestDetail['items'][number]>): DigestDetail['items'][number] => ({
  itemId: 'reinspection#T#L#Surgery',
  kind: 'reinspection',
  trustId: 'T',
  trustName: 'Trust <T> & Co',
  locationId: 'L',
  locationName: 'L Hospital',
  service: 'Surgery',
  rating: 'Good',
  reference: null,
  dueBy: '2026-12-01',
  daysRemaining: 8,
  stage: 'urgent',
  handedOver: false,
  ...over,
});

const detail: DigestDetail = {
  runId: '2026-11-23T02:30:00.000Z',
  asOf: '2026-11-23',
  recipient: { name: 'Sam Example', email: 'sam@example.org', fallback: false },
  part: 1,
  parts: 1,
  items: [
    item({}),
    item({ itemId: 'a', stage: 'overdue', daysRemaining: -3, dueBy: '2026-11-20' }),
    item({ itemId: 'b', stage: 'overdue', daysRemaining: -1, dueBy: '2026-11-22', service: 'Maternity' }),
    item({
      itemId: 'c',
      kind: 'report',
      stage: 'due-soon',
      daysRemaining: 20,
      service: null,
      locationId: null,
      locationName: null,
      rating: null,
      reference: 'WL-1',
    }),
  ],
};

describe('digest email', () => {
  it('has a subject with counts, most pressing first', () => {
    expect(renderDigest(detail).subject).toBe('Due work 2026-11-23: 2 overdue, 1 urgent, 1 due soon');
    expect(renderDigest({ ...detail, part: 2, parts: 3 }).subject).toContain('(part 2 of 3)');
  });

  it('groups the plain text by stage, each line with trust, location, service, rating, due by and days remaining', () => {
    const { text } = renderDigest(detail);
    expect(text).toContain('Dear Sam Example,');
    const overdue = text.indexOf('Overdue (2)');
    const urgent = text.indexOf('Urgent (1)');
    const soon = text.indexOf('Due soon (1)');
    expect(overdue).toBeGreaterThan(0);
    expect(urgent).toBeGreaterThan(overdue);
    expect(soon).toBeGreaterThan(urgent);
    expect(text).toContain(
      '- Trust <T> & Co (T) · L Hospital, Surgery · Re-inspection · rated Good · due by 2026-11-20 (3 days overdue)',
    );
    expect(text).toContain('due by 2026-11-22 (1 day overdue)');
    expect(text).toContain(
      '- Trust <T> & Co (T) · WL-1 · Report publication WL-1 · due by 2026-12-01 (20 days left)',
    );
  });

  it('escapes HTML', () => {
    const { html } = renderDigest(detail);
    expect(html).toContain('Trust &#60;T&#62; &#38; Co (T)');
    expect(html).not.toContain('<T>');
    expect(html).toContain('<h2>Overdue (2)</h2>');
  });

  it('tells a fallback recipient why the items came to them', () => {
    const { text } = renderDigest({
      ...detail,
      recipient: { name: null, email: 'f@example.org', fallback: true },
    });
    expect(text.startsWith('Hello,')).toBe(true);
    expect(text).toContain('no relationship holder assigned');
  });

  it('rejects a malformed event detail', () => {
    expect(digestDetailSchema.safeParse({ ...detail, items: [] }).success).toBe(false);
    expect(
      digestDetailSchema.safeParse({ ...detail, recipient: { ...detail.recipient, email: 'nope' } }).success,
    ).toBe(false);
  });
});

describe('SES errors', () => {
  it.each([
    [{ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }, PermanentMailError],
    [{ name: 'MailFromDomainNotVerifiedException', $metadata: { httpStatusCode: 400 } }, PermanentMailError],
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, TransientMailError],
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, TransientMailError],
    [{ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }, TransientMailError],
    [{ name: 'TimeoutError' }, TransientMailError],
  ])('%j is %o', (err, kind) => {
    expect(classifyMailError(err)).toBeInstanceOf(kind);
  });

  it('the SES mailer sends text and HTML from the sender with the configuration set, and classifies failures', async () => {
    const ses = mockClient(SESv2Client);
    onTestFinished(() => ses.restore());
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'm-1' })
      .rejects(
        Object.assign(new Error('not verified'), {
          name: 'MessageRejected',
          $metadata: { httpStatusCode: 400 },
        }),
      );
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-2' }), 'scheduler-config-set');
    const email = {
      from: 'scheduler@example.org',
      to: 'sam@example.org',
      subject: 'S',
      text: 'T',
      html: '<p>H</p>',
    };
    expect(await mailer.send(email)).toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'scheduler@example.org',
      Destination: { ToAddresses: ['sam@example.org'] },
      ConfigurationSetName: 'scheduler-config-set',
    });
    expect(input.Content?.Simple?.Body).toMatchObject({ Text: { Data: 'T' }, Html: { Data: '<p>H</p>' } });
    await expect(mailer.send(email)).rejects.toThrow(PermanentMailError);
  });

  it('redacts email addresses from text that goes to logs', () => {
    expect(redactEmails('Email address is not verified: sam.example@example.org, b@x.co.uk')).toBe(
      'Email address is not verified: [email], [email]',
    );
  });
});

describe('configuration', () => {
  it('names every bad variable at once', () => {
    expect(() => loadConfig({ SENDER_ADDRESS: 'alsobad', SCAN_SEGMENTS: 'abc' })).toThrow(
      /TABLE_NAME.*; environment variable SENDER_ADDRESS.*; environment variable SCAN_SEGMENTS/,
    );
  });

  it('reads the environment with defaults', () => {
    const config = loadConfig({
      TABLE_NAME: 'trust-scheduler',
      SCAN_SEGMENTS: '8',
      POLICY_JSON: '{"windows":{"report":{"dueSoonDays":35}}}',
    });
    expect(config).toMatchObject({ tableName: 'trust-scheduler', scanSegments: 8, region: 'eu-west-2' });
    expect(config.policy.windows.report.dueSoonDays).toBe(35);
  });

  it.each([
    [{}, 'environment variable TABLE_NAME'],
    [{ TABLE_NAME: 'tbl', SCAN_SEGMENTS: '0' }, 'environment variable SCAN_SEGMENTS'],
    [{ TABLE_NAME: 'tbl', FALLBACK_RECIPIENT: 'nobody' }, 'environment variable FALLBACK_RECIPIENT'],
    [
      { TABLE_NAME: 'tbl', POLICY_JSON: '{"reportDeadlineMonths":0}' },
      'POLICY_JSON: policy.reportDeadlineMonths',
    ],
    [{ TABLE_NAME: 'tbl', SENDER_ADDRESS: 'alsobad' }, 'environment variable SENDER_ADDRESS'],
    [{ TABLE_NAME: 'tbl', SCAN_SEGMENTS: 'abc' }, 'environment variable SCAN_SEGMENTS'],
  ])('fails with the variable named (%j)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('run key', () => {
  it('is the scheduled time, and as-of is its date in England', () => {
    expect(runKeyOf({ scheduledTime: '2026-11-23T02:30:00Z' })).toEqual({
      runId: '2026-11-23T02:30:00.000Z',
      asOf: '2026-11-23',
    });
    // 23:30 UTC in summer is 00:30 the next day in London.
    expect(runKeyOf({ scheduledTime: '2026-07-14T23:30:00Z' }).asOf).toBe('2026-07-15');
    expect(runKeyOf({ asOf: '2026-11-23' })).toEqual({ runId: 'manual:2026-11-23', asOf: '2026-11-23' });
  });

  it.each([[{}], [{ scheduledTime: 'yesterday' }], [{ asOf: '2026-02-30' }]])('rejects %j', (input) => {
    expect(() => runKeyOf(input)).toThrow(RunInputError);
  });
});
