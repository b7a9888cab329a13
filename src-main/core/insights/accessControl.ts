import type { PolicySettings } from '../../../src-shared/domain/accounts';
import type { ManagedConfig } from '../../../src-shared/domain/managedConfig';
import type { Settings } from '../../../src-shared/domain/settings';
import { resolveManaged } from '../managed/managedConfig';

/**
 * SI-5 with DP-2: the access control that applies — the company's enforced policy, then IT's
 * enforced configuration on this computer, then the user's choice, then the defaults.
 */
export function insightsAccessControl(
  policy: PolicySettings | null,
  managed: ManagedConfig,
  userChoice: Settings['insightsLogging'] | undefined,
) {
  const fromPolicy = policy?.insightsLogging;
  if (fromPolicy?.enforced) return { value: fromPolicy.value, lockedByPolicy: true, lockedByManaged: false };
  const local = resolveManaged('insightsLogging', managed, userChoice, fromPolicy?.value ?? 'after_confirmation');
  return { value: local.value, lockedByPolicy: false, lockedByManaged: local.locked };
}
