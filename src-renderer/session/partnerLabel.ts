import { formatDeviceId } from '../../src-shared/domain/device';
import type { SessionView } from '../../src-shared/domain/session';

/**
 * How either side names the other person everywhere (title, chat, prompts, banner, the ended
 * card): "Name (Company)", the name alone, or — a supporter knows only the ID they typed — the
 * partner's ID as it was read out.
 */
export function partnerLabel(partner: SessionView['partner']): string {
  if (!partner.name) return formatDeviceId(partner.deviceId);
  return partner.company ? `${partner.name} (${partner.company})` : partner.name;
}
