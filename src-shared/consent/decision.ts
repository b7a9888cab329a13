import { z } from 'zod';

/**
 * Whether a session may be logged for Session Insights — decided here and nowhere else
 * (SI-1 … SI-6). A pure function of facts from both sides:
 *
 *  - the host's company (incoming basis): AI features activated, *Summaries for incoming
 *    connections* and its scope, whether the device is the company's (managed, or its full client
 *    signed in), and the device's policy setting *Connection reporting and Session Insight (AI)*;
 *  - the supporter's company (outgoing basis): AI features activated, *Summaries for outgoing
 *    connections* and its scope, the QuickSupport module in use, the supporter's own setting *Log
 *    sessions for connection reporting*;
 *  - the host's access control *Session Insights logging* and the end user's answer.
 *
 * An incoming basis leaves the end user no opt-out (the company manages the device) but they are
 * always told. An outgoing basis needs the end user's consent unless their access control says
 * Allowed; Denied never logs and never asks.
 */

export const accessControlSchema = z.enum(['allowed', 'denied', 'after_confirmation']);
export type AccessControl = z.infer<typeof accessControlSchema>;

export const outgoingScopeSchema = z.enum(['all_company_users', 'quicksupport_modules']);
export const incomingScopeSchema = z.enum(['all_company_devices', 'managed_devices_with_policy']);

export const answerSchema = z.enum(['pending', 'allowed', 'denied', 'timeout', 'withdrawn']);
export type ConsentAnswer = z.infer<typeof answerSchema>;

/** What the supporter's side contributes. `companyId: null` = no company account. */
export const supporterFactsSchema = z.object({
  companyId: z.string().nullable(),
  aiActivated: z.boolean(),
  outgoing: z.object({ enabled: z.boolean(), scope: outgoingScopeSchema }),
  /** SI-6: *Log sessions for connection reporting* of the connecting user. */
  userLogging: z.boolean(),
});
export type SupporterFacts = z.infer<typeof supporterFactsSchema>;

/** What the host's side contributes. */
export const hostFactsSchema = z.object({
  companyId: z.string().nullable(),
  aiActivated: z.boolean(),
  incoming: z.object({ enabled: z.boolean(), scope: incomingScopeSchema }),
  /** Managed by its company, or running the full client signed in with a company account. */
  deviceOfCompany: z.boolean(),
  managed: z.boolean(),
  /** The policy setting *Connection reporting and Session Insight (AI)*, if a policy assigns it. */
  policy: z
    .object({
      sessionInsights: z.boolean(),
      enforced: z.boolean(),
      /** The end user switched the setting off on this device (honoured only when not enforced). */
      userDisabled: z.boolean(),
      version: z.number().int().nonnegative(),
    })
    .nullable(),
  /** The custom QuickSupport module the end user runs, if any, and whose it is. */
  quickSupportModule: z.object({ companyId: z.string(), insightsEnabled: z.boolean() }).nullable(),
  accessControl: accessControlSchema,
});
export type HostFacts = z.infer<typeof hostFactsSchema>;

export const decisionReasonSchema = z.enum([
  'incoming_company_device',
  'incoming_policy',
  'outgoing_allowed_by_access_control',
  'outgoing_confirmed',
  'outgoing_awaiting_confirmation',
  'outgoing_denied_by_access_control',
  'outgoing_declined',
  'outgoing_withdrawn',
  'supporter_logging_off',
  'module_not_enabled',
  'no_basis',
]);
export type DecisionReason = z.infer<typeof decisionReasonSchema>;

export const consentDecisionSchema = z.object({
  log: z.boolean(),
  /** Ask the end user now (a pop-up with Allow access / Deny). */
  prompt: z.boolean(),
  /** Whether the end user may refuse or withdraw (false: the company manages this device). */
  optOut: z.boolean(),
  basis: z.enum(['incoming', 'outgoing']).nullable(),
  /** Whose Session Insights the summary belongs to. */
  ownerCompanyId: z.string().nullable(),
  reason: decisionReasonSchema,
});
export type ConsentDecision = z.infer<typeof consentDecisionSchema>;

/** Nobody's company has turned anything on: the default for every session. */
export const NO_COMPANY_SUPPORTER: SupporterFacts = {
  companyId: null,
  aiActivated: false,
  outgoing: { enabled: false, scope: 'all_company_users' },
  userLogging: true,
};

function incomingBasis(host: HostFacts): 'incoming_company_device' | 'incoming_policy' | null {
  if (!host.companyId || !host.aiActivated || !host.incoming.enabled) return null;
  if (host.incoming.scope === 'all_company_devices') return host.deviceOfCompany ? 'incoming_company_device' : null;
  const policy = host.policy;
  const effective = policy !== null && policy.sessionInsights && (policy.enforced || !policy.userDisabled);
  return host.managed && effective ? 'incoming_policy' : null;
}

export function decideLogging(supporter: SupporterFacts, host: HostFacts, answer: ConsentAnswer): ConsentDecision {
  const incoming = incomingBasis(host);
  if (incoming) {
    return {
      log: true,
      prompt: false,
      optOut: false,
      basis: 'incoming',
      ownerCompanyId: host.companyId,
      reason: incoming,
    };
  }
  const none = (reason: DecisionReason): ConsentDecision => ({
    log: false,
    prompt: false,
    optOut: true,
    basis: null,
    ownerCompanyId: null,
    reason,
  });
  if (!supporter.companyId || !supporter.aiActivated || !supporter.outgoing.enabled) return none('no_basis');
  if (supporter.outgoing.scope === 'quicksupport_modules') {
    const module = host.quickSupportModule;
    if (!module || module.companyId !== supporter.companyId || !module.insightsEnabled)
      return none('module_not_enabled');
  }
  if (!supporter.userLogging) return none('supporter_logging_off');

  const outgoing = (log: boolean, prompt: boolean, reason: DecisionReason): ConsentDecision => ({
    log,
    prompt,
    optOut: true,
    basis: 'outgoing',
    ownerCompanyId: supporter.companyId,
    reason,
  });
  if (host.accessControl === 'denied') return outgoing(false, false, 'outgoing_denied_by_access_control');
  if (answer === 'withdrawn') return outgoing(false, false, 'outgoing_withdrawn');
  if (host.accessControl === 'allowed') return outgoing(true, false, 'outgoing_allowed_by_access_control');
  switch (answer) {
    case 'allowed':
      return outgoing(true, false, 'outgoing_confirmed');
    case 'pending':
      return outgoing(false, true, 'outgoing_awaiting_confirmation');
    case 'denied':
    case 'timeout':
      return outgoing(false, false, 'outgoing_declined');
  }
}
