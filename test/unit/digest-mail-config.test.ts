import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../../adapters/config.ts';
import { classifyMailError, SesMailer } from '../../adapters/ses/mailer.ts';
import { type DigestDetail, digestDetailSchema, planDigests } from '../../domain/digest.ts';
import { renderDigest } from '../../domain/digest-email.ts';
import type { DueItem } from '../../domain/due-item.ts';
import { redactEmails } from '../../domain/redact.ts';
import { RunInputError, runKeyOf } from '../../use-cases/nightly-run.ts';
import { PermanentMailError, TransientMailError } from '../../use-cases/ports.ts';

const dueItem: DueItem = {
  kind: 'reinspection',
  trustId: 'T',
  trustName: 'Trust T',
  region: null,
  locationId: 'L',
  locationName: 'L Hospital',
  service: 'Surgery',
  rating: 'Good',
  reference: null,
  basisDate: '2023-06-01',
  dueBy: '2026-12-01',
  daysRemaining: 8,
  stage: 'due-soon',
  relationshipHolder: null,
};

const item = (over: Partial<DigestDetail['items'][number]>): DigestDetail['items'][number] =>
  ({
    toldAgain: null,
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
    basisDate: '2023-06-01',
    daysRemaining: 8,
    stage: 'urgent',
    handedOver: false,
    ...over,
  }) as DigestDetail['items'][number];

const detail: DigestDetail = {
  runId: '2026-11-23T02:30:00.000Z',
  asOf: '2026-11-23',
  recipient: { name: 'Sam Example', email: 'sam@example.org', fallback: false },
  part: 1,
  parts: 1,
  toCheck: [],
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
  it('has a subject that says what needs action and where, most pressing first', () => {
    expect(renderDigest(detail).subject).toBe('2 overdue, 1 urgent, 1 due soon — Trust <T> & Co');
    expect(renderDigest({ ...detail, part: 2, parts: 3 }).subject).toContain('(part 2 of 3)');
    const trusts = ['Riverside NHS Foundation Trust', 'Northfield NHS Trust', 'A', 'B'].map((trustName, n) =>
      item({
        itemId: `i${n}`,
        trustId: `T${n}`,
        trustName,
        stage: n === 0 ? 'urgent' : 'overdue',
        daysRemaining: n === 0 ? 5 : -1,
      }),
    );
    expect(renderDigest({ ...detail, items: trusts }).subject).toBe(
      '3 overdue, 1 urgent — Northfield, A, B and 1 more',
    );
  });

  it('says per item what is due, what it follows from, by when, and what to do next, grouped by stage', () => {
    const { text } = renderDigest(detail);
    expect(text).toContain('Dear Sam Example,');
    expect(text).not.toContain('since your last digest');
    const overdue = text.indexOf('Overdue (2)');
    const urgent = text.indexOf('Urgent (1)');
    const soon = text.indexOf('Due soon (1)');
    expect(overdue).toBeGreaterThan(0);
    expect(urgent).toBeGreaterThan(overdue);
    expect(soon).toBeGreaterThan(urgent);
    expect(text).toContain(
      [
        'Re-inspect Surgery at L Hospital',
        '  Trust <T> & Co (T) · Rated Good in the report published 1 June 2023',
        '  Due by 20 November 2026, 3 days overdue',
        '  Next: Schedule the re-inspection now: it is past the longest interval its rating allows.',
        '  Ref: a',
      ].join('\n'),
    );
    expect(text).toContain('Due by 22 November 2026, 1 day overdue');
    expect(text).toContain(
      'Publish the report of well-led inspection WL-1\n  Trust <T> & Co (T) · Inspection WL-1 started 1 June 2023',
    );
    // Each reference once; no run id anywhere.
    expect(text.match(/WL-1/g)).toHaveLength(2);
    expect(text).not.toContain(detail.runId);
    expect(text).toContain(
      'Sent by the CQC inspection scheduler to sam@example.org, because you are the relationship holder for Trust <T> & Co (T). Due dates as of 23 November 2026.',
    );
  });

  it('names the last well-led inspection as what the next one follows from', () => {
    const { text } = renderDigest({
      ...detail,
      items: [
        item({
          kind: 'well-led',
          service: null,
          locationId: null,
          locationName: null,
          rating: null,
          reference: 'WL-2025',
        }),
      ],
    });
    expect(text).toContain(
      'Next well-led inspection of the trust\n  Trust <T> & Co (T) · The last well-led inspection, WL-2025, started 1 June 2023',
    );
  });

  it('marks an item handed over from another recipient', () => {
    const { text, html } = renderDigest({ ...detail, items: [item({ handedOver: true })] });
    expect(text).toContain('Handed over to you');
    expect(html).toContain('Handed over to you');
  });

  it('links each item to its page and the footer to the due work filtered to the recipient, with no token in any link', () => {
    const web = 'https://scheduler.example.org';
    const { text, html } = renderDigest(detail, { webBaseUrl: web });
    expect(text).toContain(`Open this item: ${web}/web/items/reinspection%23T%23L%23Surgery`);
    expect(html).toContain(`<a href="${web}/web/items/reinspection%23T%23L%23Surgery" target="_blank"`);
    expect(text).toContain(`All your due work: ${web}/?holder=me`);
    const fallback = renderDigest(
      { ...detail, recipient: { name: null, email: 'planning@example.org', fallback: true } },
      { webBaseUrl: web },
    );
    expect(fallback.text).toContain(`All due work of trusts with no holder: ${web}/?holder=none`);
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBe(detail.items.length + 1);
    for (const link of links) expect(link).not.toMatch(/token|code=|@/);
    // Each opens in a new tab: webmail and the SES page frame the mail, and the pages refuse framing.
    const anchors = [...html.matchAll(/<a [^>]*>/g)].map((m) => m[0]);
    expect(anchors).toHaveLength(links.length);
    for (const a of anchors) expect(a).toContain('target="_blank" rel="noopener"');
    // Without a web address, no links at all.
    expect(renderDigest(detail).html).not.toContain('href=');
  });

  it('escapes HTML, and declares its language', () => {
    const { html } = renderDigest(detail);
    expect(html).toContain('Trust &#60;T&#62; &#38; Co (T)');
    expect(html).not.toContain('<T>');
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('>Overdue (2)</h2>');
  });

  it('tells a fallback recipient why the items came to them, names the trusts in full, and how to assign a holder', () => {
    const { text } = renderDigest({
      ...detail,
      recipient: { name: null, email: 'f@example.org', fallback: true },
      items: [item({ trustId: 'RM3', trustName: null })],
    });
    expect(text.startsWith('Hello,')).toBe(true);
    expect(text).toContain(
      'trusts with no relationship holder, so it comes to you as the fallback recipient: Trust RM3 (name not on record).',
    );
    expect(text).toContain('on the trust\'s page, "Change the relationship holder"');
    expect(text).toContain('--holders <holders.csv>');
    expect(text).toContain('because you receive the due work of trusts that have no relationship holder');
  });

  it('tells the fallback recipient of trusts to check; a digest of only those reads on its own and is planned for them alone', () => {
    const toCheck = {
      trustId: 'RZZ',
      trustName: 'Exampleshire Mental Health NHS Foundation Trust',
      source: '/providers/RZZ',
      assessmentDate: '2026-06-01',
      reason: 'rated under the single assessment framework only: no due date is guessed',
    };
    const context = { runId: 'r', asOf: '2026-11-23', fallbackRecipient: 'Team@Example.org' };
    // A holder's item, and a trust to check: the holder is not told of it; the fallback is.
    const digests = planDigests(
      [
        {
          itemId: 'reinspection#T#L#Surgery',
          item: { ...dueItem, relationshipHolder: { name: 'Sam', email: 'sam@example.org' } },
          handedOver: false,
        },
      ],
      context,
      [toCheck],
    );
    expect(digests.map((d) => [d.recipient.email, d.items.length, d.toCheck.length])).toEqual([
      ['sam@example.org', 1, 0],
      ['team@example.org', 0, 1],
    ]);
    const only = digests[1]!;
    expect(digestDetailSchema.safeParse(only).success).toBe(true);
    const { subject, text } = renderDigest(only);
    expect(subject).toBe('1 to check — Exampleshire Mental Health');
    expect(text).toContain("One trust is rated only under CQC's single assessment framework");
    expect(text).not.toContain('items of inspection work');
    expect(text).toContain('To check by hand (1)');
    expect(text).toContain(
      'Check Exampleshire Mental Health NHS Foundation Trust (RZZ)\n  Assessed 1 June 2026',
    );
    expect(text).toContain('Source: /providers/RZZ');
  });

  it('splits a large digest into parts under the event size, trusts to check in the first part and counted in its size', () => {
    const toCheck = Array.from({ length: 220 }, (_, n) => ({
      trustId: `R${n}`,
      trustName: `Trust number ${n} with a long enough name to weigh NHS Foundation Trust`,
      source: `/providers/R${n}`,
      assessmentDate: '2026-06-01',
      reason: 'rated under the single assessment framework only: no due date is guessed',
    }));
    const news = Array.from({ length: 900 }, (_, n) => ({
      itemId: `reinspection#T${n}#L#Surgery`,
      item: { ...dueItem, trustId: `T${n}`, locationName: `${'Hospital '.repeat(30)}${n}` },
      handedOver: false,
    }));
    const digests = planDigests(
      news,
      { runId: 'r', asOf: '2026-11-23', fallbackRecipient: 'f@example.org' },
      toCheck,
    );
    expect(digests.length).toBeGreaterThan(2);
    expect(digests.every((d) => d.parts === digests.length)).toBe(true);
    expect(digests.map((d) => d.toCheck.length)).toEqual([220, ...digests.slice(1).map(() => 0)]);
    expect(digests.flatMap((d) => d.items.map((i) => i.itemId))).toEqual(news.map((n) => n.itemId));
    // EventBridge takes 256 KB an event: each part's detail stays well inside it.
    for (const d of digests)
      expect(new TextEncoder().encode(JSON.stringify(d)).length).toBeLessThan(230 * 1024);
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
