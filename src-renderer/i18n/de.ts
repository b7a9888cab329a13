import { shellDe } from '../shell/i18n.de';
import { hostDe } from '../host/i18n.de';
import { sessionDe } from '../session/i18n.de';
import { insightsDe } from '../insights/i18n.de';
import { settingsDe } from '../settings/i18n.de';
import { adminDe } from '../admin/i18n.de';
import type { Catalog } from './en';

/** The German catalogue: the features' `i18n.de.ts` files, listed as in `en.ts`. */
export const de: Catalog = {
  ...shellDe,
  ...hostDe,
  ...sessionDe,
  ...insightsDe,
  ...settingsDe,
  ...adminDe,
  errors: {
    generic: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    invalid_request: 'Tandem konnte diese Anfrage nicht verarbeiten. Bitte prüfen Sie Ihre Eingabe.',
    transport_closed: 'Die Verbindung zum Tandem-Kern ist abgebrochen.',
    timeout: 'Der Tandem-Kern hat zu lange nicht geantwortet. Bitte versuchen Sie es erneut.',
    unauthorized: 'Dieses Fenster darf nicht mit dem Tandem-Kern sprechen. Öffnen Sie es erneut aus Tandem.',
    forbidden: 'Ihre Rolle erlaubt das nicht. Bitten Sie den Administrator Ihres Unternehmens um die Berechtigung.',
    not_found: 'Das gibt es nicht mehr; vielleicht wurde es auf einem anderen Gerät gelöscht.',
    signed_out: 'Melden Sie sich zuerst mit Ihrem Unternehmenskonto an (Einstellungen).',
    cloud_unreachable:
      'Der Cloud-Endpunkt Ihres Unternehmens ist nicht erreichbar. Prüfen Sie das Netzwerk und versuchen Sie es erneut.',
    enrollment_token_unknown:
      'Der Cloud-Endpunkt kennt dieses Registrierungstoken nicht. Bitten Sie Ihre IT-Abteilung zu prüfen, ob es vollständig kopiert wurde.',
    enrollment_token_expired: 'Das Registrierungstoken ist abgelaufen. Bitten Sie Ihre IT-Abteilung um ein neues.',
    enrollment_token_revoked:
      'Ihr Unternehmen hat dieses Registrierungstoken widerrufen. Bitten Sie Ihre IT-Abteilung um ein aktuelles.',
    enrollment_token_used_up:
      'Das Registrierungstoken wurde bereits von so vielen Geräten verwendet, wie es erlaubt. Bitten Sie Ihre IT-Abteilung um ein weiteres.',
    device_of_another_company:
      'Dieser Computer gehört zu einem anderen Unternehmen. Er kommt erst hinzu, wenn jenes ihn entfernt (oder er austritt, falls nicht verwaltet).',
    managed_device:
      'Ihre IT-Abteilung hat diesen Computer registriert: Nur die Administratoren Ihres Unternehmens können ihn entfernen.',
    no_company: 'Dieser Computer gehört zu keinem Unternehmen.',
    permission_not_held:
      'Sie können keine Berechtigung vergeben, die Ihre eigene Rolle nicht hat. Wählen Sie weniger Berechtigungen, oder bitten Sie eine Administratorin oder einen Administrator, die sie hat.',
    user_outranks_you:
      'Dieser Benutzer hat Berechtigungen, die Ihre Rolle nicht hat. Nur wer diese Berechtigungen hat, kann dieses Konto ändern.',
    role_outranks_you:
      'Diese Rolle hat Berechtigungen, die Ihre Rolle nicht hat. Nur wer diese Berechtigungen hat, kann sie ändern.',
    last_administrator:
      'Damit hätte Ihr Unternehmen keinen aktiven Benutzer mehr, der Benutzer verwalten kann. Geben Sie diese Berechtigung zuerst einem anderen Benutzer.',
    cannot_change_yourself:
      'Sie können Ihr eigenes Konto nicht deaktivieren oder entfernen. Bitten Sie eine andere Administratorin oder einen anderen Administrator.',
    email_taken: 'Ihr Unternehmen hat bereits einen Benutzer mit dieser E-Mail-Adresse.',
    role_name_taken: 'Ihr Unternehmen hat bereits eine Rolle mit diesem Namen. Wählen Sie einen anderen Namen.',
    session_required: 'Dafür muss eine Person mit ihrem Passwort angemeldet sein; ein API-Token kann das nicht.',
    rate_limited:
      'Zu viele Versuche von diesem Computer oder Netzwerk. Warten Sie eine Minute und versuchen Sie es dann erneut.',
    codes_exhausted:
      'Der Cloud-Endpunkt Ihres Unternehmens kann gerade keine weiteren Sitzungscodes vergeben. Versuchen Sie es in einigen Minuten erneut oder verbinden Sie sich per ID und Passwort.',
  },
};
