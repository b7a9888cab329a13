import type { ErrorTexts } from './errors.en';

/** German text for every error code; the same keys and `{{wait}}` placeholders as `errors.en.ts`. */
export const errorsDe: ErrorTexts = {
  generic: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  // IPC und Bridge
  invalid_request: 'Tandem konnte diese Anfrage nicht verarbeiten. Bitte prüfen Sie Ihre Eingabe.',
  invalid_response:
    'Tandem hat eine Antwort erhalten, die es nicht lesen kann. Aktualisieren Sie Tandem oder fragen Sie Ihre IT-Abteilung.',
  invalid_frame: 'Der Tandem-Kern hat eine fehlerhafte Nachricht erhalten. Laden Sie dieses Fenster neu.',
  unknown_channel:
    'Dieses Fenster hat den Tandem-Kern um etwas gebeten, das er nicht anbietet. Aktualisieren Sie Tandem und laden Sie neu.',
  desktop_only: 'Die Webkonsole zeigt dies nur an. Ändern, löschen oder exportieren Sie es in der Tandem-Desktop-App.',
  forbidden_sender: 'Nur Tandems eigenes Fenster darf mit dem Tandem-Kern sprechen. Öffnen Sie es erneut aus Tandem.',
  unauthorized: 'Dieses Fenster darf nicht mit dem Tandem-Kern sprechen. Öffnen Sie es erneut aus Tandem.',
  transport_closed: 'Die Verbindung zum Tandem-Kern ist abgebrochen.',
  timeout: 'Der Tandem-Kern hat zu lange nicht geantwortet. Bitte versuchen Sie es erneut.',
  database_too_new: 'Tandems Daten stammen von einer neueren Tandem-Version. Installieren Sie diese Version wieder.',
  consent_required: 'Dafür muss die Person am Computer zuerst zustimmen.',
  internal:
    'In Tandem oder seinem Cloud-Endpunkt ist etwas fehlgeschlagen; die Einzelheiten stehen im Protokoll. Bitte versuchen Sie es erneut.',
  // Den Cloud-Endpunkt erreichen
  cloud_unreachable:
    'Der Cloud-Endpunkt Ihres Unternehmens ist nicht erreichbar. Prüfen Sie das Netzwerk und versuchen Sie es erneut.',
  not_an_endpoint:
    'Unter dieser Adresse antwortet etwas, aber kein Tandem-Cloud-Endpunkt. Prüfen Sie die Adresse mit Ihrer IT-Abteilung.',
  not_ready:
    'Der Cloud-Endpunkt Ihres Unternehmens erreicht seinen eigenen Speicher gerade nicht. Versuchen Sie es in einigen Minuten erneut.',
  endpoint_fixed:
    'Ihre IT-Abteilung hat den Cloud-Endpunkt des Unternehmens auf diesem Computer festgelegt; er lässt sich hier nicht ändern.',
  signed_out: 'Melden Sie sich zuerst mit Ihrem Unternehmenskonto an (Einstellungen).',
  forbidden: 'Ihre Rolle erlaubt das nicht. Bitten Sie den Administrator Ihres Unternehmens um die Berechtigung.',
  not_found: 'Das gibt es nicht mehr; vielleicht wurde es auf einem anderen Gerät gelöscht.',
  rate_limited:
    'Zu viele Versuche von diesem Computer oder Netzwerk. Warten Sie {{wait}} und versuchen Sie es dann erneut.',
  // Konten und Anmeldung
  wrong_credentials: 'E-Mail-Adresse oder Passwort stimmen nicht. Prüfen Sie beides und versuchen Sie es erneut.',
  totp_required:
    'Dieses Konto nutzt einen zweiten Faktor: Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.',
  wrong_totp: 'Der Authenticator-Code stimmt nicht oder ist abgelaufen. Geben Sie den aktuellen Code ein.',
  account_disabled: 'Ihr Konto ist deaktiviert. Bitten Sie den Administrator Ihres Unternehmens, es zu aktivieren.',
  choose_company:
    'Mit dieser E-Mail-Adresse und diesem Passwort melden Sie sich bei mehr als einem Unternehmen an. Wählen Sie das Unternehmen und melden Sie sich erneut an.',
  sign_in_ceiling:
    'Bei diesem Konto gab es zu viele fehlgeschlagene Anmeldungen. Melden Sie sich mit Passwort und Authenticator-Code an, oder warten Sie {{wait}}.',
  reauthentication_failed:
    'Ihr aktuelles Passwort (oder Ihr Authenticator-Code) stimmt nicht. Geben Sie es erneut ein.',
  already_set_up: 'Dieser Cloud-Endpunkt hat bereits ein Unternehmen. Melden Sie sich stattdessen mit dessen Konto an.',
  invalid_setup_token:
    'Das Einrichtungstoken stimmt nicht oder wurde bereits verwendet. Das aktuelle finden Sie im Datenordner des Endpunkts.',
  session_required: 'Dafür muss eine Person mit ihrem Passwort angemeldet sein; ein API-Token kann das nicht.',
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
  role_in_use:
    'Benutzer haben diese Rolle noch, daher kann sie nicht entfernt werden. Geben Sie ihnen zuerst unter Benutzer eine andere Rolle und entfernen Sie sie dann.',
  // Geräte und Unternehmen
  id_taken: 'Diese Geräte-ID gehört einem anderen Gerät. Starten Sie Tandem neu, damit es eine andere ID wählt.',
  replayed_request:
    'Der Cloud-Endpunkt hat diese Anfrage doppelt erhalten und die Kopie abgelehnt. Bitte versuchen Sie es erneut.',
  device_clock_skew:
    'Die Uhr dieses Computers geht stark falsch. Stellen Sie Datum und Uhrzeit richtig ein und versuchen Sie es erneut.',
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
  audit_gap:
    'Dem Cloud-Endpunkt fehlen frühere Einträge des Audit-Protokolls dieses Computers. Tandem sendet sie erneut.',
  audit_broken:
    'Das Audit-Protokoll dieses Computers passt nicht zu dem, was der Cloud-Endpunkt hat. Wenden Sie sich an Ihre IT-Abteilung.',
  // Insights, Guthaben, Integrationen, Updates
  no_credits:
    'Ihr Unternehmen hat diesen Monat keine KI-Guthaben mehr. Fragen Sie Ihren Administrator oder nutzen Sie die eingebaute Zusammenfassung.',
  summary_exists:
    'Die Zusammenfassung dieser Sitzung wurde bereits abgegeben; ihr Guthaben ist verbraucht und wird nicht erstattet.',
  connector_secret_required:
    'Die Adresse der Instanz hat sich geändert: Geben Sie Passwort oder Zugriffstoken für die neue Adresse erneut ein.',
  updates_not_configured:
    'Der Cloud-Endpunkt Ihres Unternehmens bietet keine Updates an. Wenden Sie sich an Ihre IT-Abteilung.',
  feed_invalid:
    'Das auf dem Cloud-Endpunkt Ihres Unternehmens veröffentlichte Update ist ungültig. Wenden Sie sich an Ihre IT-Abteilung.',
  // Der Signalisierungs-Hub
  invalid_message: 'Der Cloud-Endpunkt hat eine Nachricht dieses Computers nicht verstanden. Aktualisieren Sie Tandem.',
  unauthenticated:
    'Dieser Computer ist noch nicht beim Cloud-Endpunkt angemeldet. Warten Sie einen Moment und versuchen Sie es erneut.',
  partner_offline: 'Dieser Partner ist nicht online. Prüfen Sie die ID und ob Tandem dort läuft.',
  unknown_request: 'Diese Verbindungsanfrage gibt es nicht mehr. Starten Sie eine neue.',
  code_unknown: 'Keine Sitzung nutzt diesen Code. Prüfen Sie die Ziffern.',
  code_expired: 'Dieser Sitzungscode ist abgelaufen. Bitten Sie um einen neuen.',
  busy: 'Der Computer Ihres Partners ist bereits in einer Sitzung.',
  codes_exhausted:
    'Der Cloud-Endpunkt Ihres Unternehmens kann gerade keine weiteren Sitzungscodes vergeben. Versuchen Sie es in einigen Minuten erneut oder verbinden Sie sich per ID und Passwort.',
  payload_too_large: 'Diese Nachricht ist zu groß für den Cloud-Endpunkt. Senden Sie weniger auf einmal.',
  // Live View
  help_code_unknown:
    'Mit dieser ID bittet in Ihrem Unternehmen gerade niemand um Hilfe. Prüfen Sie die Ziffern oder fragen Sie nach der aktuell angezeigten ID: Sie ändert sich, wenn eine Hilfeanfrage endet oder abläuft.',
  help_session_ended:
    'Ihre Hilfeanfrage ist beendet. Klicken Sie erneut auf „Hilfe anfordern“, wenn Sie noch Hilfe brauchen.',
  liveview_ticket_invalid:
    'Die Live-Ansicht konnte auf diesem Computer nicht geöffnet werden. Melden Sie sich erneut an; wenn es wieder passiert, starten Sie Tandem neu.',
  liveview_ticket_expired:
    'Die Live-Ansicht wird nicht mehr aktualisiert. Sie verbindet sich von selbst neu; wenn nicht, öffnen Sie sie erneut.',
  // Der Verbindungsversuch einer Supporterin oder eines Supporters
  wrong_password: 'Das Passwort stimmt nicht. Prüfen Sie es mit Ihrem Partner und versuchen Sie es erneut.',
  locked: 'Zu viele Fehlversuche. Der Computer Ihres Partners nimmt in {{wait}} wieder Versuche an.',
  permanent_locked:
    'Falls Sie das dauerhafte Passwort für unbeaufsichtigten Zugriff verwendet haben: Es hatte zu viele Versuche und gilt in {{wait}} wieder. Bis dahin verwenden Sie das Einmalpasswort, das Ihr Partner sieht.',
  denied: 'Ihr Partner hat die Verbindung abgelehnt.',
  verification_failed:
    'Der Computer des Partners konnte nicht beweisen, dass er das Passwort kennt. Die Verbindung wurde zu Ihrer Sicherheit beendet.',
  no_password: 'Der Computer Ihres Partners hat für diese Art der Verbindung kein Passwort.',
  remembered_password_refused:
    'Dieser Computer akzeptiert das gemerkte Passwort nicht mehr — geben Sie das Passwort erneut ein.',
  // Eine laufende Sitzung
  screen_unknown:
    'Der Computer Ihres Partners teilt diesen Bildschirm nicht (mehr). Wählen Sie einen im Menü „Bildschirm“.',
  screen_needs_control:
    'Um den Bildschirm zu wechseln, brauchen Sie die Steuerung des Computers Ihres Partners; diese Sitzung ist gerade nur zum Ansehen.',
  // Mit einer Hilfeanfrage verbinden
  help_grant_invalid:
    'Dieser Computer kann diese Hilfeverbindung nicht verwenden. Suchen Sie die Hilfeanfrage erneut und verbinden Sie sich.',
  help_grant_expired: 'Das Verbinden hat zu lange gedauert. Suchen Sie die Hilfeanfrage erneut und verbinden Sie sich.',
  help_session_gone:
    'Diese Hilfeanfrage ist nicht mehr offen: Die Person hat die Anfrage beendet, oder sie ist abgelaufen. Fragen Sie nach der jetzt angezeigten ID.',
  help_request_denied: 'Die Person, die um Hilfe gebeten hat, hat Ihre Verbindung abgelehnt.',
  help_request_unanswered:
    'Die Person, die um Hilfe gebeten hat, hat nicht rechtzeitig geantwortet. Versuchen Sie es erneut, oder rufen Sie sie an.',
  // Videositzungen
  video_code_unknown:
    'Dieser Gerätecode ist nicht bekannt. Vergleichen Sie ihn mit dem Etikett oder der Nachricht, die Sie erhalten haben, oder fragen Sie den Dienstleister nach dem aktuellen Code.',
  // Hilfe anfordern
  help_needs_company:
    'Um Hilfe anzufordern, muss dieser Computer zu Ihrem Unternehmen gehören. Bitten Sie Ihre IT-Abteilung, ihn zu registrieren, oder melden Sie sich mit Ihrem Unternehmenskonto an und fügen Sie ihn unter Einstellungen → Unternehmenskonto hinzu.',
  // Videositzungen: Code-Nutzer und Tickets
  video_code_user_revoked:
    'Ihr Zugang zu diesem Gerät ist beendet: Das Gerät wurde deaktiviert oder sein Code ersetzt. Geben Sie den aktuellen Code ein, um fortzufahren, oder fragen Sie den Dienstleister danach.',
  video_ticket_closed:
    'Dieses Ticket ist geschlossen, daher können keine Nachrichten mehr hinzugefügt werden. Eröffnen Sie ein neues Ticket, oder bitten Sie den Dienstleister, dieses wieder zu öffnen.',
  // Videositzungen: Anfragen, Status, der Anruf
  video_transition_forbidden:
    'Diese Sitzung hat sich inzwischen geändert, dieser Schritt ist nicht mehr möglich. Laden Sie sie neu, um ihren aktuellen Status zu sehen.',
  video_not_assigned:
    'Das dürfen nur die dieser Videositzung zugewiesenen Mitarbeitenden. Bitten Sie jemanden, der Videositzungen verwaltet, Sie zuzuweisen.',
  video_requests_not_allowed:
    'Der Dienstleister nimmt für dieses Gerät keine Anfragen nach Videositzungen an. Schreiben Sie stattdessen in ein Ticket oder wenden Sie sich direkt an ihn.',
  video_assignee_invalid:
    'Alle Zugewiesenen müssen aktive Mitarbeitende Ihres Unternehmens sein, die Videositzungen durchführen dürfen. Prüfen Sie die Auswahl.',
  video_call_not_ready:
    'Der Anruf kann noch nicht beginnen: Die Sitzung muss zuerst bestätigt werden. Wurde sie gerade bestätigt, versuchen Sie es erneut.',
  video_call_busy:
    'Sie sind bereits in einem anderen Fenster oder auf einem anderen Gerät in diesem Anruf. Schließen Sie ihn dort und treten Sie hier bei.',
  video_screenshot_too_large:
    'Der Screenshot oder die Zeichnungen darauf sind zu groß zum Speichern. Nehmen Sie den Screenshot erneut auf oder zeichnen Sie weniger darauf.',
  video_screenshot_invalid:
    'Der Screenshot konnte nicht gelesen werden: Er ist kein PNG- oder JPEG-Bild, oder seine Zeichnungen sind beschädigt.',
  video_recording_not_ready:
    'Diese Aufzeichnung ist noch nicht hochgeladen. Die Tandem-App des Mitarbeiters lädt sie nach dem Anruf hoch; versuchen Sie es erneut, sobald sie als bereit angezeigt wird.',
  video_recording_no_consent:
    'Diese Aufzeichnung kann nicht hochgeladen werden: Nicht alle im Anruf haben zugestimmt, oder Sie haben sie nicht aufgezeichnet.',
  video_recording_checksum:
    'Die hochgeladene Aufzeichnung stimmt nicht mit der aufgezeichneten Datei überein (ihr SHA-256 weicht ab). Tandem lädt sie erneut von vorn hoch.',
};
