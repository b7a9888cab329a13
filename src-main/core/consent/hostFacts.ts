import type { HostFacts } from '../../../src-shared/consent/decision';
import type { QuickSupportModule } from '../../../src-shared/domain/accounts';
import type { DeviceFacts } from '../cloud/deviceFacts';
import type { CoreServices } from '../coreServices';
import { insightsAccessControl } from '../insights/accessControl';

/**
 * What the host brings to a consent decision: the cloud's view of this device, the user's opt-out
 * of the company policy, the QuickSupport module and the access control that applies. Without an
 * answer from the endpoint the host decides as a device without a company.
 */
export function hostFactsSource(
  options: Pick<CoreServices, 'facts' | 'settings' | 'managed'> & {
    quickSupportModule: () => QuickSupportModule | null;
  },
) {
  return async (): Promise<{ facts: HostFacts; language: 'en' | 'de' }> => {
    const facts = await options.facts();
    const local = options.settings.get();
    const loaded = options.quickSupportModule();
    const module = loaded ? { companyId: loaded.companyId, insightsEnabled: loaded.insightsEnabled } : null;
    const accessControl = (policySettings: DeviceFacts['policySettings']) =>
      insightsAccessControl(policySettings, options.managed, local.insightsLogging).value;
    if (!facts) {
      return {
        facts: {
          companyId: null,
          aiActivated: false,
          incoming: { enabled: false, scope: 'all_company_devices' },
          deviceOfCompany: false,
          managed: false,
          policy: null,
          quickSupportModule: module,
          accessControl: accessControl(null),
        },
        language: 'en',
      };
    }
    const { policySettings, summaryLanguage, ...rest } = facts;
    return {
      facts: {
        ...rest,
        policy: rest.policy ? { ...rest.policy, userDisabled: local.insightsPolicyOptOut === true } : null,
        quickSupportModule: module,
        accessControl: accessControl(policySettings),
      },
      language: summaryLanguage,
    };
  };
}
