import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-shared/domain/session';
import { partnerLabel } from '../session/partnerLabel';

type Partner = SessionView['partner'];

/**
 * AC-1: the supporter as the host names them everywhere (prompt, consent pop-up, banner) — one
 * source, the session's partner: the name and company their endpoint vouches for when verified,
 * otherwise what they claim.
 */
export function supporterLabel(partner: Partner): string {
  return partnerLabel(partner);
}

/** Verified by the endpoint, or the warning that the name is only what the supporter typed. */
export function VerifiedMark({ partner }: { partner: Pick<Partner, 'verified'> }): React.JSX.Element {
  const { t } = useTranslation();
  return partner.verified ? (
    <p className="verified-mark">{t('prompt.verified')}</p>
  ) : (
    <p className="warning">{t('prompt.unverified')}</p>
  );
}
