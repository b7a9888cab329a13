import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideLogging,
  type ConsentAnswer,
  type HostFacts,
  type SupporterFacts,
} from '../../../../src-shared/consent/decision';

const answers: ConsentAnswer[] = ['pending', 'allowed', 'denied', 'timeout', 'withdrawn'];

function* supporters(): Generator<SupporterFacts> {
  for (const companyId of [null, 'A'])
    for (const aiActivated of [false, true])
      for (const enabled of [false, true])
        for (const scope of ['all_company_users', 'quicksupport_modules'] as const)
          for (const userLogging of [false, true])
            yield { companyId, aiActivated, outgoing: { enabled, scope }, userLogging };
}

function* hosts(): Generator<HostFacts> {
  const policies: HostFacts['policy'][] = [null];
  for (const sessionInsights of [false, true])
    for (const enforced of [false, true])
      for (const userDisabled of [false, true]) policies.push({ sessionInsights, enforced, userDisabled, version: 3 });
  const modules: HostFacts['quickSupportModule'][] = [
    null,
    { companyId: 'A', insightsEnabled: true },
    { companyId: 'A', insightsEnabled: false },
    { companyId: 'B', insightsEnabled: true },
  ];
  for (const companyId of [null, 'A', 'B'])
    for (const aiActivated of [false, true])
      for (const enabled of [false, true])
        for (const scope of ['all_company_devices', 'managed_devices_with_policy'] as const)
          for (const deviceOfCompany of [false, true])
            for (const managed of [false, true])
              for (const policy of policies)
                for (const quickSupportModule of modules)
                  for (const accessControl of ['allowed', 'denied', 'after_confirmation'] as const)
                    yield {
                      companyId,
                      aiActivated,
                      incoming: { enabled, scope },
                      deviceOfCompany,
                      managed,
                      policy,
                      quickSupportModule,
                      accessControl,
                    };
}

/** The lawful bases, written out independently of the implementation. */
function incomingBasis(host: HostFacts): boolean {
  if (!host.companyId || !host.aiActivated || !host.incoming.enabled) return false;
  if (host.incoming.scope === 'all_company_devices') return host.deviceOfCompany;
  const p = host.policy;
  return host.managed && !!p && p.sessionInsights && (p.enforced || !p.userDisabled);
}

function outgoingBasis(s: SupporterFacts, host: HostFacts): boolean {
  if (!s.companyId || !s.aiActivated || !s.outgoing.enabled || !s.userLogging) return false;
  if (s.outgoing.scope === 'all_company_users') return true;
  const m = host.quickSupportModule;
  return !!m && m.companyId === s.companyId && m.insightsEnabled;
}

describe('the Session Insights decision', () => {
  it('holds its rules for every combination of inputs', () => {
    let combinations = 0;
    const violations: string[] = [];
    const check = (ok: boolean, rule: string, inputs: unknown) => {
      if (!ok && violations.length < 5) violations.push(`${rule}: ${JSON.stringify(inputs)}`);
    };
    for (const supporter of supporters())
      for (const host of hosts())
        for (const answer of answers) {
          combinations++;
          const d = decideLogging(supporter, host, answer);
          const incoming = incomingBasis(host);
          const outgoing = outgoingBasis(supporter, host);
          const inputs = { supporter, host, answer, d };
          // No log without a lawful basis; an outgoing one needs Allowed or the end user's yes.
          if (d.log) {
            check(
              incoming || (outgoing && (host.accessControl === 'allowed' || answer === 'allowed')),
              'lawful basis',
              inputs,
            );
            check(incoming || answer !== 'withdrawn', 'withdrawal stops logging', inputs);
          }
          if (incoming) {
            // The company manages the device: logged, no opt-out, no question, owned by the host's company.
            check(
              d.log && !d.prompt && !d.optOut && d.basis === 'incoming' && d.ownerCompanyId === host.companyId,
              'incoming',
              inputs,
            );
            continue;
          }
          check(d.optOut, 'opt-out without an incoming basis', inputs);
          if (!outgoing) {
            check(!d.log && !d.prompt && d.basis === null, 'no basis', inputs);
            continue;
          }
          check(d.ownerCompanyId === supporter.companyId, 'owner', inputs);
          if (host.accessControl === 'denied') check(!d.log && !d.prompt, 'Denied', inputs);
          if (host.accessControl === 'allowed' && answer !== 'withdrawn') check(d.log && !d.prompt, 'Allowed', inputs);
          if (host.accessControl === 'after_confirmation') {
            check(d.prompt === (answer === 'pending'), 'After confirmation asks', inputs);
            check(d.log === (answer === 'allowed'), 'After confirmation logs only on yes', inputs);
          }
        }
    expect(violations).toEqual([]);
    expect(combinations).toBe(32 * 10_368 * 5);
  });

  const supporter: SupporterFacts = {
    companyId: 'helpdesk',
    aiActivated: true,
    outgoing: { enabled: true, scope: 'all_company_users' },
    userLogging: true,
  };
  const home: HostFacts = {
    companyId: null,
    aiActivated: false,
    incoming: { enabled: false, scope: 'all_company_devices' },
    deviceOfCompany: false,
    managed: false,
    policy: null,
    quickSupportModule: null,
    accessControl: 'after_confirmation',
  };
  const office: HostFacts = {
    ...home,
    companyId: 'acme',
    aiActivated: true,
    incoming: { enabled: true, scope: 'managed_devices_with_policy' },
    deviceOfCompany: true,
    managed: true,
    policy: { sessionInsights: true, enforced: true, userDisabled: true, version: 7 },
  };

  it.each([
    [
      'a helpdesk connects to a home PC: the end user is asked',
      supporter,
      home,
      'pending',
      { log: false, prompt: true, reason: 'outgoing_awaiting_confirmation' },
    ],
    [
      '… and clicks Allow access',
      supporter,
      home,
      'allowed',
      { log: true, prompt: false, reason: 'outgoing_confirmed' },
    ],
    [
      '… or Deny: the session goes on, unlogged',
      supporter,
      home,
      'denied',
      { log: false, prompt: false, reason: 'outgoing_declined' },
    ],
    ['… or lets the countdown run out', supporter, home, 'timeout', { log: false, reason: 'outgoing_declined' }],
    ['… or withdraws mid-session', supporter, home, 'withdrawn', { log: false, reason: 'outgoing_withdrawn' }],
    [
      'access control Allowed: no pop-up, logged',
      supporter,
      { ...home, accessControl: 'allowed' },
      'pending',
      { log: true, prompt: false, reason: 'outgoing_allowed_by_access_control' },
    ],
    [
      'access control Denied: no pop-up, never logged',
      supporter,
      { ...home, accessControl: 'denied' },
      'allowed',
      { log: false, prompt: false, reason: 'outgoing_denied_by_access_control' },
    ],
    [
      'the supporter switched off Log sessions for connection reporting',
      { ...supporter, userLogging: false },
      home,
      'allowed',
      { log: false, reason: 'supporter_logging_off' },
    ],
    [
      'module scope, plain connection',
      { ...supporter, outgoing: { enabled: true, scope: 'quicksupport_modules' } },
      home,
      'allowed',
      { log: false, reason: 'module_not_enabled' },
    ],
    [
      'module scope, the company’s module with Session Insights',
      { ...supporter, outgoing: { enabled: true, scope: 'quicksupport_modules' } },
      { ...home, quickSupportModule: { companyId: 'helpdesk', insightsEnabled: true } },
      'allowed',
      { log: true },
    ],
    [
      'AI features not activated',
      { ...supporter, aiActivated: false },
      home,
      'allowed',
      { log: false, reason: 'no_basis' },
    ],
    [
      'an enforced policy on a managed device: logged, no opt-out, even against Denied',
      supporter,
      { ...office, accessControl: 'denied' },
      'withdrawn',
      { log: true, optOut: false, prompt: false, ownerCompanyId: 'acme', reason: 'incoming_policy' },
    ],
    [
      'the policy not enforced and switched off by the end user',
      supporter,
      { ...office, policy: { sessionInsights: true, enforced: false, userDisabled: true, version: 7 } },
      'pending',
      { basis: 'outgoing', prompt: true },
    ],
    [
      'all company devices, the full client signed in',
      supporter,
      { ...office, managed: false, policy: null, incoming: { enabled: true, scope: 'all_company_devices' } },
      'pending',
      { log: true, reason: 'incoming_company_device' },
    ],
  ] as const)('%s', (_name, s, h, answer, expected) => {
    expect(decideLogging(s as SupporterFacts, h as HostFacts, answer)).toMatchObject(expected);
  });

  const supporterArb = fc.record({
    companyId: fc.option(fc.constantFrom('A', 'B'), { nil: null }),
    aiActivated: fc.boolean(),
    outgoing: fc.record({
      enabled: fc.boolean(),
      scope: fc.constantFrom('all_company_users' as const, 'quicksupport_modules' as const),
    }),
    userLogging: fc.boolean(),
  });
  const hostArb = fc.record({
    companyId: fc.option(fc.constantFrom('A', 'B'), { nil: null }),
    aiActivated: fc.boolean(),
    incoming: fc.record({
      enabled: fc.boolean(),
      scope: fc.constantFrom('all_company_devices' as const, 'managed_devices_with_policy' as const),
    }),
    deviceOfCompany: fc.boolean(),
    managed: fc.boolean(),
    policy: fc.option(
      fc.record({
        sessionInsights: fc.boolean(),
        enforced: fc.boolean(),
        userDisabled: fc.boolean(),
        version: fc.nat(),
      }),
      { nil: null },
    ),
    quickSupportModule: fc.option(fc.record({ companyId: fc.constantFrom('A', 'B'), insightsEnabled: fc.boolean() }), {
      nil: null,
    }),
    accessControl: fc.constantFrom('allowed' as const, 'denied' as const, 'after_confirmation' as const),
  });
  const answerArb = fc.constantFrom(...answers);

  it('never logs without a lawful basis (property)', () => {
    fc.assert(
      fc.property(supporterArb, hostArb, answerArb, (s, h, a) => {
        const d = decideLogging(s, h, a);
        if (d.log)
          expect(incomingBasis(h) || (outgoingBasis(s, h) && (h.accessControl === 'allowed' || a === 'allowed'))).toBe(
            true,
          );
      }),
      { numRuns: 5000 },
    );
  });

  it('Denied never prompts and never logs where the end user may opt out (property)', () => {
    fc.assert(
      fc.property(supporterArb, hostArb, answerArb, (s, h, a) => {
        const d = decideLogging(s, { ...h, accessControl: 'denied' }, a);
        if (d.optOut) expect(d).toMatchObject({ log: false, prompt: false });
      }),
      { numRuns: 5000 },
    );
  });

  it('After confirmation always asks before logging an outgoing session (property)', () => {
    fc.assert(
      fc.property(supporterArb, hostArb, (s, h) => {
        const d = decideLogging(s, { ...h, accessControl: 'after_confirmation' }, 'pending');
        if (d.basis === 'outgoing') expect(d).toMatchObject({ prompt: true, log: false });
      }),
      { numRuns: 5000 },
    );
  });

  it('an enforced incoming policy on a managed device never offers an opt-out and always tells (property)', () => {
    fc.assert(
      fc.property(supporterArb, hostArb, answerArb, fc.boolean(), (s, h, a, userDisabled) => {
        const host: HostFacts = {
          ...h,
          companyId: 'A',
          aiActivated: true,
          incoming: { enabled: true, scope: 'managed_devices_with_policy' },
          managed: true,
          policy: { sessionInsights: true, enforced: true, userDisabled, version: 1 },
        };
        expect(decideLogging(s, host, a)).toMatchObject({ log: true, optOut: false, prompt: false, basis: 'incoming' });
      }),
      { numRuns: 3000 },
    );
  });
});
